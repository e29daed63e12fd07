"""Hangs and crashes on hostile input: every pattern on long adversarial lines, and the cleaner and the
extractors on any text at all.

An adversarial line repeats a fragment of what a rule looks for and ends with a character that makes
the rule fail, which is where backtracking turns exponential or quadratic. `deadline` fails a call
that runs longer than DEADLINE seconds: a hang detector, not a speed target (those live in bench/).
"""
from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rasid.extract import claims, dates, extract, numbers
from rasid.extract.dates import find_dates
from rasid.extract.numbers import find_quantities, unit_lemma
from rasid.model import RawPage
from rasid.text import calendar, clean, sentences, tokens, translit
from rasid.text.clean import clean_page
from rasid.text.normalize import fold, fold_map

DEADLINE = 10.0  # seconds; a pattern gone exponential takes minutes, one gone quadratic tens of seconds
LONG = 50_000  # a pattern's line; the cleaner's and the extractors' lines are shorter, they do more per character
TAILS = ("x", "ب", "!")


@contextmanager
def deadline(what: str, seconds: float = DEADLINE) -> Iterator[None]:
    """Fail with TimeoutError when the block runs longer than `seconds` (SIGALRM interrupts a regex)."""
    def expired(signum, frame):
        raise TimeoutError(f"{what} still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def adversarial(fragment: str, tail: str, length: int = LONG) -> str:
    return (fragment * (length // len(fragment) + 1))[:length] + tail


def _search(pattern) -> Callable[[str], object]:
    return lambda line: list(pattern.finditer(line))


# the extractors' patterns read folded text: these fragments are folded already
_DATE_FRAGMENTS = ["12 ", "12 و", "12 يوليو ", "12 يوليو 2025 ", "بين 12 و", "يوليو/", "يوليو (", "يوم ", "يوم السبت ",
                   "امس ", "في ", "عام 2025 ", "2025-", "12/", "12/3/", "1446 ه", "الشهر ", "هذا ", "شهري يناير و"]
_NUMBER_FRAGMENTS = ["5 ", "5", "5,", "5,000,", "5.5.", "ثلاث ", "ثلاث و", "و", "واحد ", "نحو ", "اكثر من ",
                     "ما بين 5 و", "5 الي ", "5%", "5 في المئه ", "الف ", "5 ملايين ", "ل", "خمسه وعشرون "]
_CLAIM_FRAGMENTS = ["قال ", "وفقا ل", "بحسب ما ذكر ", "نقلا عن ", "تقرير ", "مسوول ", "ان ", "، ", "وفق ما "]

# rule name → (what runs it on a line, fragments of what it looks for)
RULES: dict[str, tuple[Callable[[str], object], list[str]]] = {
    **{f"line rule {kind} {i}": (_search(rule), ["[ad_1", "اعلان ", "فتح ", "شارك ", "share this ", "وسوم ",
                                                 "الكلمات الدلاليه ", ". ", ".", "تفاصيل ", " "])
       for i, (kind, rule) in enumerate(clean._LINE_RULES)},
    "source line": (_search(clean._SOURCE_LINE), ["المصدر ", "المصدر: ", ": "]),
    "read also": (_search(clean._RELATED), ["اقرا ايضا ", ": ", " "]),
    "published line": (_search(clean._PUBLISHED_LINE), ["تاريخ النشر ", ": ", "published on "]),
    "glued headline": (_search(clean._GLUED_HEADLINE), ["عنوان طويل - موقع ", " - ", "موقع 24", "CNN "]),
    "headline with source": (_search(clean._HEADLINE_WITH_SOURCE), ["عنوان طويل - موقع ", " - ", "موقع 24"]),
    **{f"inline {kind} {trigger}": (find, [trigger, trigger + " ", trigger + "1", "- (@a) ", "— Name (@handle) ",
                                           "(@h) May 3, ", "- x (@a) 12 ", "© abcdefg ", "©", "©a", "© ", "https://"])
       for kind, trigger, find in clean._INLINE_RULES},
    "repair": (clean.repair, ["ط§", "ط§ ", "ÇáÚÑÈíÉ ", "Â ", "€ ", "Â€", "â € ", "Â", "&a", "&#", "Ø", "\u00a0Â"]),
    "html block ends": (_search(clean._BLOCK_END), ["<br ", "<br", "</p", "</"]),
    "html tags by pattern": (clean._strip_tags, ["<", "<a ", "<<>", "<p"]),
    "sentences": (sentences.sentences, [".", "!", "؟", "…", "1.", ". ", '"', ".”", "1. ", "5!"]),
    "tokens": (tokens.tokenize, ["1", "1,", "1.1", "a-", "a'", "ب-", "-"]),
    "metadata dates": (calendar.parse_date, ["12 ", "12 march ", " gmt", "2025-", "12/", "12th, "]),
    "transliteration keys": (lambda line: (translit.skeleton(line), translit.loose_key(line)), ["تش", "ch", "ا", "بب"]),
    "fold": (lambda line: (fold(line), fold_map(line)), ["\u064e", " \u200f ", "ﻻ", "İ", "  ", "ﹰ"]),
    **{f"date rule {resolve.__name__}": (_search(pattern), _DATE_FRAGMENTS) for _, pattern, resolve in dates.R.rules},
    "quantity pattern": (_search(numbers._Q), _NUMBER_FRAGMENTS),
    **{f"claim pattern {name}": (_search(getattr(claims, name)), _CLAIM_FRAGMENTS)
       for name in ("_CUES", "_REPORT", "_STOP", "_CARRY", "_OBJECT")},
}


@pytest.mark.parametrize("name", RULES)
def test_no_rule_backtracks_on_long_adversarial_lines(name):
    run, fragments = RULES[name]
    for fragment in fragments:
        for tail in TAILS:
            with deadline(f"{name} on {fragment!r}×{LONG // len(fragment)} + {tail!r}"):
                run(adversarial(fragment, tail))


def test_a_photo_credit_line_of_sixteen_words_does_not_hang():
    line = "©" + " abcdefg" * 16  # took over a minute with the old credit pattern and froze a web server
    with deadline("clean_page on a 16-word © line"):
        (a,) = clean_page(RawPage(source="x", text=line))
    assert a.text == line
    with deadline("clean_page on a 50,000-character © line"):
        clean_page(RawPage(source="x", text=adversarial("© abcdefg ", "x", 50_000)))


_PAGE_FRAGMENTS = sorted({f for _, fragments in RULES.values() for f in fragments})


@pytest.mark.parametrize("fragment", _PAGE_FRAGMENTS)
def test_cleaning_and_extraction_finish_on_long_adversarial_lines(fragment):
    line = adversarial(fragment, "x", 20_000)
    with deadline(f"clean_page on {fragment!r}"):
        clean_page(RawPage(source="x", text=line))
    with deadline(f"find_dates on {fragment!r}"):
        find_dates(line, "2025-07-12")
    with deadline(f"find_quantities on {fragment!r}"):
        find_quantities(line)


@pytest.fixture(scope="module")
def models_loaded() -> None:
    """The tagger and knowledge base loaded once, outside any deadline."""
    extract("قال الوزير إن 5 جنود وصلوا أمس")


# (not "." or "&a": the tagger's cost per token is high, and 5,000 one-character tokens say nothing more)
@pytest.mark.parametrize("fragment", ["قال 5 جنود ", "12 يوليو ", "© abcdefg ", "Â ", "نحو 5 الاف جندي. ", "أمس "])
def test_extract_finishes_on_long_adversarial_lines(fragment, models_loaded):
    with deadline(f"extract on {fragment!r}"):
        extract(adversarial(fragment, "x", 5_000), "2025-07-12")


# --- properties over a wide alphabet -----------------------------------------------------------

_PIECES = [
    *"ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآىةؤئ", *"٠١٢٣٤٥٦٧٨٩۰۱۲۳0123456789", *".,،؛:!?؟…-–—()«»\"'%٪/",
    "©", "@", "\n", "\n\n", " ", "\t", "\u00a0", "\u200f", "\ufeff", "\u0640", "\u064e", "\u0651", "ﻻ", "İ", "²",
    "\x00", "\x07", "\x85", "\r", "\ud800", "\udc80", "\ud83d\ude00",
    "<p>", "</p>", "<br>", "<br/", "<html><body>", "</body></html>", "<script>x()</script>", "&amp;", "&#1;", "<", ">",
    "يوليو ", "2025 ", "أمس ", "يوم السبت ", "ألف ", "جندي ", "نحو ", "أكثر من ", "قال ", "وفقا لـ", "تقرير ",
    "المصدر: ", "اقرأ أيضا: ", "[ad_1]", "pic.twitter.com/x ", "(@h) ", "Â ", "ط§",
]
WIDE = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=200),  # all of Unicode, surrogates included
    st.lists(st.sampled_from(_PIECES), max_size=60).map("".join),
)


def _displayable(value: str | None) -> None:
    if value is not None:
        value.encode("utf-8")  # raises on a lone surrogate
        assert "\x00" not in value


@settings(max_examples=200, deadline=None)
@given(WIDE, st.one_of(st.none(), WIDE))
def test_clean_page_takes_any_text(text, title):
    for a in clean_page(RawPage(source="x", text=text, title=title)):
        for value in (a.text, a.title, a.outlet, a.url, *(r.text for r in a.removed)):
            _displayable(value)


@settings(max_examples=100, deadline=None)
@given(WIDE)
@example("<script>x()</script>&#1;")  # a reference to a control after a dropped element (lxml refused it)
@example("<p>نص&#x1f;آخر</p>&#0;")
def test_clean_page_takes_any_html(html):
    for a in clean_page(RawPage(source="x.html", html=html)):
        for value in (a.text, a.title, a.outlet, a.url, *(r.text for r in a.removed)):
            _displayable(value)


@settings(max_examples=200, deadline=None)
@given(WIDE)
def test_dates_and_quantities_point_into_any_text(text):
    for d in find_dates(text, "2025-07-12"):
        assert text[d.start:d.end] == d.text
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text


@settings(max_examples=60, deadline=None)
@given(text=WIDE)
def test_extract_takes_any_text_and_its_offsets_point_into_it(models_loaded, text):
    found = extract(text, "2025-07-12")
    for kind in ("dates", "quantities", "entities"):
        for record in found[kind]:
            assert text[record["start"]:record["end"]] == record["text"], (kind, record)
    for claim in found["claims"]:
        q = claim["quantity"]
        assert text[q["start"]:q["end"]] == q["text"]


def test_a_unit_that_folds_to_nothing_has_an_empty_lemma():
    for unit in ("\u200f", "\ufeff", "ـ", " ", "\u064e", ""):
        assert unit_lemma(unit) == ""
    assert unit_lemma("جنود") == "جندي" and unit_lemma("صواريخ باليستية") == "صاروخ باليستيه"


@settings(max_examples=300, deadline=None)
@given(WIDE)
def test_unit_lemma_takes_any_noun(noun):
    lemma = unit_lemma(noun)
    assert (lemma == "") == (not fold(noun).split())
