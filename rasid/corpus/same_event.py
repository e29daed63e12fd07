"""Whether two articles report the same happening: a logistic model over what they share.

Neither meaning nor names alone tell it. Two reports of one bombing may share few words but a toll, a
town and a day; two daily weather bulletins share almost every word and differ in the day. So the model
reads, for a pair: the cosine of their headline-and-lead embeddings, of their heaviest words (whole text,
and headline), how much of their entities they share weighted by rarity (a village's name, not Saudi
Arabia), the specific figures they share, whether the full dates they name agree or clash, how many days
apart their events are, whether one outlet wrote both, and how near a copy one is of the other, plus
the products that let "very alike, but another day" count against — and what tells one kind of news of two
actors or two days apart: figures both give, few of them in common (two sessions, two tolls), and the
share of each headline the other article never says (another agency, another town, another team); and the
rare words they share only in two spellings (سروج, سوروتش: one town transliterated twice), and whether
their event words are told of one rare name (تفجير سترة, الحادث الإرهابي بسترة: the same bombing).

The weights are learned from article pairs labelled same-event or not (`training/same_event.py`, from
`bench/labels/`; never from the dev set's events) and shipped as `rasid/data/stories/same_event.json`.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from rasid.extract import terms
from rasid.model import Features

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "stories" / "same_event.json"
RARE = 5.0  # a name this rare (idf of its rarest word) is evidence of its own
OWN_TEMPLATE = 0.8  # word cosine above which an outlet's own texts of two days are one template: its daily report
OWN_SERIES = 0.5  # word cosine above which an outlet's own texts of two days, their figures all but unshared, are two sessions
SERIES_CLASH = 0.75  # the unshared share of the shorter figure list that makes them so
COPY = 0.9  # MinHash similarity above which one text is a copy of the other
REPUBLISHED = 0.7  # MinHash similarity above which an outlet's text of another day is that text run again, not a new report
NAMES = ("embedding", "text", "title", "entities", "rare_entities", "rare_words", "title_in_other", "figures",
         "dates_shared", "event_day_named", "dates_clash", "day_gap", "undated", "same_outlet", "copy", "text_other_day",
         "text_told_other_day", "title_told_other_day", "figures_clash", "title_distinct", "rare_spellings",
         "event_place")


@dataclass(frozen=True)
class Profile:
    """An article as the same-event model reads it."""

    id: str
    day: int | None  # the day of its event
    outlet: str | None
    features: Features
    entities: dict[str, float]  # entity id → rarity
    told: bool = False  # the day was read from its lead, not from when it was published

    @cached_property
    def weight(self) -> float:
        """The rarity of all the names it gives, summed once (asked of every pair it is in)."""
        return math.fsum(self.entities.values())

    @cached_property
    def rare_set(self) -> frozenset[int]:
        return frozenset(self.features.rare)


def profile(ident: str, day: int | None, outlet: str | None, features: Features, entities: Iterable[str],
            rarity: dict[str, float], told: bool = False) -> Profile:
    return Profile(ident, day, outlet, features, {e: rarity.get(e, RARE) for e in entities}, told)


def entity_rarity(names: dict[str, str]) -> dict[str, float]:
    """entity id → rarity of its name (from the fixed word table, so the same in any corpus)."""
    return {ident: terms.rarity(name) for ident, name in names.items()}


def pair_features(a: Profile, b: Profile) -> np.ndarray:
    """What two articles share, as the model's inputs (in the order of NAMES)."""
    fa, fb = a.features, b.features
    emb = float(fa.embedding @ fb.embedding)
    text = terms.cosine(fa.terms, fb.terms)
    title = terms.cosine(fa.title_terms, fb.title_terms)
    shared = [a.entities[e] for e in a.entities.keys() & b.entities.keys()]  # one rarity per entity, either side
    both_names = math.fsum(shared)
    entities = both_names / ((a.weight + b.weight - both_names) or 1.0)
    rare = min(math.fsum(w for w in shared if w >= RARE), 20.0) / 10
    shared_rare = a.rare_set & b.rare_set
    spellings = sum(map(terms.is_spelling, shared_rare))
    rare_words = min(len(shared_rare) - spellings, 4)
    # rare words met only in another spelling (سروج, سوروتش): a name two outlets transliterate apart
    rare_spellings = min(max(spellings - (len(shared_rare) - spellings), 0), 3)
    title_in_other = max(_covered(fa.title_terms[0], fb.terms[0]), _covered(fb.title_terms[0], fa.terms[0]))
    figures = min(len(set(fa.figures) & set(fb.figures)), 3)
    days_a, days_b = set(fa.days), set(fb.days)
    dates_shared = float(bool(days_a & days_b))
    named = float((a.day is not None and a.day in days_b) or (b.day is not None and b.day in days_a))
    clash = float(bool(days_a and days_b and not days_a & days_b))
    undated = a.day is None or b.day is None
    # no day on one side: time says nothing, so it counts as the same day (placing asks more of such a pair)
    gap = 0.0 if undated else float(min(abs(a.day - b.day), 7))  # type: ignore[operator]
    other_day = float(gap > 0)
    told_other_day = other_day * float(a.told and b.told)  # both leads say which day, and the days differ
    same = len(fa.signature) == len(fb.signature) and len(fa.signature)
    copy = np.count_nonzero(fa.signature == fb.signature) / len(fa.signature) if same else 0.0
    # both give figures and few of them in common: two sessions, two tolls, two budgets (the share unshared
    # of the shorter list, not a count, which long reports of one event would reach too)
    both = len(fa.figures) >= 2 and len(fb.figures) >= 2
    figures_clash = (1 - len(set(fa.figures) & set(fb.figures)) / min(len(fa.figures), len(fb.figures))) if both else 0.0
    # each headline names what the other article never does (another agency, another country, another team)
    distinct = min(_uncovered(fa.title_terms, fb.terms[0]), _uncovered(fb.title_terms, fa.terms[0]))
    return np.array([emb, text, title, entities, rare, rare_words, title_in_other, figures, dates_shared, named,
                     clash, gap, float(undated), float(bool(a.outlet) and a.outlet == b.outlet), copy, text * other_day,
                     text * told_other_day, title * told_other_day, figures_clash, distinct, rare_spellings,
                     float(bool(fa.events and fb.events and set(fa.events) & set(fb.events)))],
                    dtype=np.float64)


def _covered(title: np.ndarray, text: np.ndarray) -> float:
    """The share of a headline's words found among another article's heaviest words."""
    return np.count_nonzero(_member(title, text)) / len(title) if len(title) else 0.0


def _uncovered(title: tuple[np.ndarray, np.ndarray], text: np.ndarray) -> float:
    """The weighted share of a headline's words that another article's heaviest words lack."""
    keys, weights = title
    total = float(weights.sum())
    return float(weights[~_member(keys, text)].sum()) / total if total else 0.0


def _member(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Which of `keys` are among `sorted_keys` (word keys are kept sorted: a binary search, not a set)."""
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(sorted_keys.searchsorted(keys), len(sorted_keys) - 1)
    return sorted_keys[at] == keys


_TOLD_OTHER_DAY, _COPY, _SAME_OUTLET, _CLASH = (NAMES.index(n) for n in ("text_told_other_day", "copy", "same_outlet",
                                                                           "figures_clash"))


def recurring(x: np.ndarray) -> np.ndarray:
    """How pairs show an outlet's recurring report, its own text of another day: 2 when almost word for
    word (cosine OWN_TEMPLATE or more, not a copy: a bulletin's template), 1 when much alike with other
    figures (a market session, a day's tally: also what a follow-up can look like, so it takes twins of
    two days), else 0."""
    told = x[..., _TOLD_OTHER_DAY]
    own = (x[..., _SAME_OUTLET] > 0) & (x[..., _COPY] < REPUBLISHED)
    series = (told >= OWN_SERIES) & (x[..., _CLASH] >= SERIES_CLASH)
    return np.where(own & (told >= OWN_TEMPLATE), 2, np.where(own & series, 1, 0))


@dataclass(frozen=True)
class Model:
    """Standardised logistic regression: p = σ(w · (x − mean) / scale + b); `threshold` is where a pair
    counts as one event (chosen on held-out folds of the labels)."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    threshold: float

    def probability(self, x: np.ndarray) -> np.ndarray:
        """The model's probability for one pair's features (a vector) or for many (rows)."""
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict:
        return {"features": list(NAMES), "weights": self.weights.tolist(), "bias": self.bias,
                "mean": self.mean.tolist(), "scale": self.scale.tolist(), "threshold": self.threshold}

    @classmethod
    def from_json(cls, data: dict, names: tuple[str, ...] = NAMES) -> Model:
        if data["features"] != list(names):
            raise ValueError("a model file was trained on other features than this Rasid reads; run its"
                             " training script again (training/same_event.py, training/story_merge.py, training/threads.py)")
        return cls(np.array(data["weights"]), float(data["bias"]), np.array(data["mean"]), np.array(data["scale"]),
                   float(data["threshold"]))


@cache
def default_model() -> Model:
    return Model.from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
