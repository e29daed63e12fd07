"""Whether two figures of a story give one measure: a logistic model over their sentences.

Two figures that count one thing (the same noun, the same facet, the same actor) are still often two
measures: the dead of two districts in one landslide, a total and its part (28 killed, 15 of them in one
district), the students a programme plans for and those at its later meeting, two sessions' volumes. What
tells them apart is around the figures: the words next to each (the district, the session, the stage), whether
each is the article's lead figure, how far apart the values are, a word that makes one a total or a part
(إجمالي، حصيلة، منها، بينهم، من أصل), the names beside each, and whether the two articles tell one happening at
all. The weights are learned from figure pairs labelled one measure or not (`training/claim_measure.py`, from
`bench/labels/claim_pairs.*`; never from the dev set) and shipped as `rasid/data/claims/measure.json`. Figures
that disagree are shown as differing only when the model finds one measure between two sources.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from rasid.corpus.same_event import Model
from rasid.extract import terms
from rasid.model import Claim
from rasid.text.normalize import fold

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "claims" / "measure.json"
NAMES = ("same_event", "context", "near", "lead", "ratio", "whole_or_part", "whole_or_part_both", "subjects",
         "subjects_clash", "day_gap", "same_outlet", "many", "toll", "places", "places_clash", "sources_apart")
CONTEXT_REACH = 10  # words either side of a figure that say what it measures
NEAR_REACH = 4  # the phrase the figure stands in
LEAD_CHARS = 300  # a figure this near the start of its article is the article's own figure
_WORD = re.compile(r"[^\W\d_]{2,}")
# words that make a figure a total or a part of one (folded, without the article)
_WHOLE = {"اجمالي", "اجمالا", "مجموع", "مجمل", "حصيله", "ليرتفع", "لترتفع", "ليصل", "لتصل", "ليبلغ", "لتبلغ"}
_PART = {"منها", "منهم", "منهن", "بينهم", "بينها", "بينهن", "اصل", "ضمنهم"}


def _words_around(c: Claim, reach: int) -> tuple[list[str], list[str]]:
    """The words before and after a claim's figure in its sentence, within `reach`, folded without the article."""
    at, end = c.quantity.start - c.start, c.quantity.end - c.start
    before = [_strip(w) for w in _WORD.findall(fold(c.text[:at]))][-reach:]
    after = [_strip(w) for w in _WORD.findall(fold(c.text[end:]))][:reach]
    return before, after


def _strip(word: str) -> str:
    return terms.words(word)[0] if terms.words(word) else word


def _cosine(a: Sequence[str], b: Sequence[str]) -> float:
    """Cosine of two bags of words weighted by rarity (a town's name counts, في does not)."""
    wa = {w: terms.idf(w) for w in a}
    wb = {w: terms.idf(w) for w in b}
    dot = math.fsum(wa[w] * wb[w] for w in wa.keys() & wb.keys())
    na, nb = math.sqrt(math.fsum(v * v for v in wa.values())), math.sqrt(math.fsum(v * v for v in wb.values()))
    return dot / (na * nb) if na and nb else 0.0


def _marked(c: Claim) -> bool:
    before, after = _words_around(c, 3)
    return bool((_WHOLE | _PART) & {*before, *after})


def _size(c: Claim) -> float:
    q = c.quantity
    return abs((q.high if q.low is None else q.low) or 0.0)


def features(a: Claim, b: Claim, *, same_event: float, subjects: tuple[frozenset[str], frozenset[str]],
             places: tuple[frozenset[str], frozenset[str]], days: float, same_outlet: bool, counts: tuple[int, int],
             toll: bool) -> np.ndarray:
    """What says whether two figures give one measure, in the order of NAMES. `same_event`: the probability that
    their articles tell one happening; `subjects`: the names beside each (`compare._subject`), `places` the
    places and bodies anywhere in each sentence (two towns: two incidents); `days` between
    their publications; `counts`: how many figures of this thing each article gives."""
    ba, aa = _words_around(a, CONTEXT_REACH)
    bb, ab = _words_around(b, CONTEXT_REACH)
    near = _cosine(ba[-NEAR_REACH:] + aa[:NEAR_REACH], bb[-NEAR_REACH:] + ab[:NEAR_REACH])
    sa, sb = _size(a), _size(b)
    ratio = min(abs(math.log(sa / sb)), 3.0) if sa > 0 and sb > 0 else 3.0
    ma, mb = _marked(a), _marked(b)
    na, nb = subjects
    shared = _overlap(na, nb)
    return np.array([same_event, _cosine(ba + aa, bb + ab), near,
                     float(a.quantity.start < LEAD_CHARS) + float(b.quantity.start < LEAD_CHARS), ratio,
                     float(ma != mb), float(ma and mb), shared, float(bool(na and nb and not na & nb)),
                     min(days, 7.0), float(same_outlet), math.log1p(max(counts)), float(toll),
                     _overlap(*places), float(bool(places[0] and places[1] and not places[0] & places[1])),
                     float(_sources_apart(a, b))], dtype=np.float64)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _sources_apart(a: Claim, b: Claim) -> bool:
    """Both figures are someone's word and not the same someone's (officials say 2, the party claims 8): where
    outlets differ on one measure, they often quote two sides."""
    said = [{fold(s.text) for s in c.attribution} for c in (a, b)]
    return bool(said[0] and said[1] and not said[0] & said[1])


@cache
def default_model() -> Model | None:
    """The shipped model, or None where it has not been trained (figures then compare as before it)."""
    if not MODEL_FILE.exists():
        return None
    return Model.from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")), NAMES)
