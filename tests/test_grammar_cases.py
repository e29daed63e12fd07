"""The project's own case suite of Arabic numbers and dates (`tests/cases/`, read by `bench/grammar_cases.py`):
every category must be read right in at least 95% of its cases."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import grammar_cases  # noqa: E402

FLOOR = 0.95
RESULTS = grammar_cases.by_category(grammar_cases.run())


def test_the_suite_is_large_and_every_category_has_its_cases():
    assert sum(map(len, RESULTS.values())) >= 800
    assert all(len(cases) >= 15 for cases in RESULTS.values()), {k: len(v) for k, v in RESULTS.items() if len(v) < 15}


@pytest.mark.parametrize("kind, category", sorted(RESULTS))
def test_each_category_is_read_right(kind, category):
    cases = RESULTS[(kind, category)]
    wrong = [f"«{r.sentence}»: expected {r.expected}, found {r.found}" for r in cases if not r.passed]
    assert 1 - len(wrong) / len(cases) >= FLOOR, "\n".join(wrong)


def test_a_case_whose_span_is_not_in_its_sentence_is_an_error_not_a_pass():
    with pytest.raises(ValueError, match="is not in"):
        grammar_cases.date_case({"category": "x", "sentence": "وصل الوفد أمس", "published": "2020-01-01",
                                 "span": "غدا", "expected": "2020-01-02"})
