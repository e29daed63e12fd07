"""The project's own case suite of Arabic numbers and dates: accuracy per category.

    python bench/grammar_cases.py [--failures]

`tests/cases/numbers.tsv` (category, sentence, span, low, high, unit, approx) and `tests/cases/dates.tsv`
(category, sentence, published, span, expected) hold sentences written for the project, each with the
expression a careful reader finds in it and what it means (the format: `tests/cases/README.md`). A case
passes when what Rasid finds over the span (dates and quantities as the analysis finds them: a quantity
never inside a date) has the expected value; a `-` case passes when nothing is found over it.
`make test` runs the suite (`tests/test_grammar_cases.py`); this prints the table for `bench/RESULTS.md`.
"""
from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CASES = ROOT / "tests" / "cases"

from rasid.extract.dates import find_dates  # noqa: E402
from rasid.extract.numbers import AGE, find_ordinals, find_quantities, unit_lemma  # noqa: E402


@dataclass(frozen=True)
class Result:
    kind: str  # numbers or dates
    category: str
    sentence: str
    expected: str
    found: str

    @property
    def passed(self) -> bool:
        return self.expected == self.found


def rows(name: str) -> list[dict[str, str]]:
    with open(CASES / name, encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _span(sentence: str, span: str) -> tuple[int, int]:
    at = sentence.find(span)
    if at < 0:
        raise ValueError(f"span «{span}» is not in «{sentence}»")
    return at, at + len(span)


def _number(x: str) -> float | None:
    return None if x.strip() == "" else float(x)


def _same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9))


def _show(low: float | None, high: float | None, unit: str | None = None, approx: bool = False) -> str:
    def num(v: float | None) -> str:
        return "" if v is None else f"{v:g}"

    return f"{num(low)}..{num(high)}" + (f" [{unit}]" if unit else "") + ("~" if approx else "")


def number_case(row: dict[str, str]) -> Result:
    sentence = row["sentence"]
    start, end = _span(sentence, row["span"])
    dates = find_dates(sentence, "2020-01-15")
    quantities = [q for q in find_quantities(sentence, skip=[(d.start, d.end) for d in dates])
                  if q.start < end and start < q.end]
    if row["category"] == "ordinals":  # a rank: no count over it, and the rank read
        counted = _show(quantities[0].low, quantities[0].high) if quantities else None
        rank = int(row["low"])
        ranks = [o for o in find_ordinals(sentence, skip=[(d.start, d.end) for d in dates])
                 if o.start < end and start < o.end]
        found = counted or (f"rank {ranks[0].low:g}" if ranks else "nothing")
        return Result("numbers", row["category"], sentence, f"rank {rank}",
                      f"rank {rank}" if not counted and any(o.low == rank for o in ranks) else found)
    if row["low"].strip() == "-":
        return Result("numbers", row["category"], sentence, "nothing",
                      "nothing" if not quantities else _show(quantities[0].low, quantities[0].high))
    low, high = _number(row["low"]), _number(row["high"])
    unit = unit_lemma(row["unit"]) if row.get("unit", "").strip() and row["unit"].strip() != "%" else row.get("unit", "").strip()
    approx = row.get("approx", "").strip() == "1"
    expected = _show(low, high, unit or None, approx)
    for q in quantities:
        same_unit = not unit or q.unit == unit or (q.unit == AGE and unit in ("عام", "سنه"))  # an age is in years
        if _same(q.low, low) and _same(q.high, high) and same_unit and q.approx == approx:
            return Result("numbers", row["category"], sentence, expected, expected)
    q = quantities[0] if quantities else None
    return Result("numbers", row["category"], sentence, expected,
                  _show(q.low, q.high, q.unit if unit else None, q.approx) if q else "nothing")


def date_case(row: dict[str, str]) -> Result:
    sentence = row["sentence"]
    start, end = _span(sentence, row["span"])
    over = [f"{d.value}T{d.clock}" if d.clock else d.value
            for d in find_dates(sentence, row["published"]) if d.start < end and start < d.end]
    expected = "nothing" if row["expected"].strip() == "-" else row["expected"].strip()
    if expected == "nothing":
        return Result("dates", row["category"], sentence, expected, "nothing" if not over else over[0])
    found = next((v for v in over if v == expected), over[0] if over else "nothing")
    return Result("dates", row["category"], sentence, expected, found)


def run() -> list[Result]:
    return [number_case(r) for r in rows("numbers.tsv")] + [date_case(r) for r in rows("dates.tsv")]


def by_category(results: list[Result]) -> dict[tuple[str, str], list[Result]]:
    out: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for r in results:
        out[(r.kind, r.category)].append(r)
    return dict(sorted(out.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--failures", action="store_true", help="list every failing case")
    args = ap.parse_args()
    results = run()
    print("| suite | category | cases | passed | accuracy |\n|---|---|---|---|---|")
    for (kind, category), rs in by_category(results).items():
        ok = sum(r.passed for r in rs)
        print(f"| {kind} | {category} | {len(rs)} | {ok} | {ok / len(rs):.3f} |")
    ok = sum(r.passed for r in results)
    print(f"| all | | {len(results)} | {ok} | {ok / len(results):.3f} |")
    if args.failures:
        for r in results:
            if not r.passed:
                print(f"{r.kind}/{r.category}: «{r.sentence}» expected {r.expected}, found {r.found}")


if __name__ == "__main__":
    main()
