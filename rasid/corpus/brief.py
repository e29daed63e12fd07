"""What happened in a story, as an extractive multi-document summary (the brief's first part; the
brief itself is assembled by `rasid.api.story` and rendered by `rasid.render`).

It is an extractive multi-document summary: the lead sentences of the story's articles
(one copy of each duplicated text) scored by closeness to the story's word centroid (tf-idf over folded
words, so spelling variants count as one word), taken greedily while a sentence repeats no chosen one,
then put back in reading order. Every sentence cites the article it comes from.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rasid.model import Article
from rasid.text.normalize import fold
from rasid.text.sentences import sentences

SUMMARY_SENTENCES = 5
LEAD_SENTENCES = 8  # per article: news puts what happened first
REDUNDANT = 0.4  # word overlap (Jaccard) above which a sentence repeats one already chosen
_WORD = re.compile(r"\w+")
_STOP = set("""في من على الى عن ان انه انها كان كانت التي الذي الذين هذا هذه ذلك تلك مع بين او ثم قد لقد
لم لن ما لا الا كل بعد قبل عند حتي اذا و ف ب ل ك هو هي هم نحو خلال منذ ايضا حيث وقال وقالت قال قالت
واضاف واضافت اليوم امس يوم""".split())


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if w not in _STOP and not w.isdigit() and len(w) > 1]


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: its text and offsets."""

    text: str
    article: str
    start: int
    end: int


@dataclass
class _Candidate:
    sentence: Sentence
    words: list[str]
    pos: int  # its place in its article
    rank: int  # its article's place in the story
    score: float = 0.0


def summarize(articles: Sequence[Article], n: int = SUMMARY_SENTENCES) -> list[Sentence]:
    """Up to n sentences saying what happened, in reading order (the articles' order, then the text's)."""
    candidates = []
    for rank, a in enumerate(articles):
        for pos, (s, e) in enumerate(sentences(a.text)[:LEAD_SENTENCES]):
            words = _words(a.text[s:e])
            if 5 <= len(words) <= 60:
                candidates.append(_Candidate(Sentence(a.text[s:e], a.id, s, e), words, pos, rank))
    if not candidates:
        return []
    df = Counter(w for c in candidates for w in set(c.words))
    idf = {w: math.log(1 + len(candidates) / d) for w, d in df.items()}
    centroid: dict[str, float] = {}
    for c in candidates:
        for w, k in Counter(c.words).items():
            centroid[w] = centroid.get(w, 0.0) + k * idf[w]
    norm_c = math.sqrt(sum(v * v for v in centroid.values()))
    for c in candidates:
        vec = {w: k * idf[w] for w, k in Counter(c.words).items()}
        dot = sum(v * centroid.get(w, 0.0) for w, v in vec.items())
        c.score = dot / (math.sqrt(sum(v * v for v in vec.values())) * norm_c) + 0.15 / (1 + c.pos)
    chosen: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (-c.score, c.rank, c.pos)):
        mine = set(c.words)
        if all(len(mine & set(o.words)) / len(mine | set(o.words)) <= REDUNDANT for o in chosen):
            chosen.append(c)
        if len(chosen) == n:
            break
    chosen.sort(key=lambda c: (c.rank, c.pos))
    return [c.sentence for c in chosen]


def written_unit(lemma: str | None, quantities: list[str]) -> str | None:
    """The counted noun as an article wrote it (قذائف, طائرة بدون طيار), for display; the stored lemma
    is folded for matching (قذيفه)."""
    from rasid.extract.numbers import unit_lemma

    if not lemma:
        return lemma
    for n in dict.fromkeys((len(lemma.split()), 1)):  # «متر مربع» is written so, or short: م2
        for q in quantities:
            words = q.split()
            for i in range(len(words) - n, -1, -1):
                candidate = " ".join(words[i:i + n])
                if unit_lemma(candidate) == lemma:
                    return candidate
    return lemma
