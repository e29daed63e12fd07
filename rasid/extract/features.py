"""What every NER component shares: how words are keyed for lookup (folded, digits as 0, without
proclitics), the model's resources (word ranks, name lists) and the gazetteer lookup. The network
(`ner_net.py`), the tagger (`ner.py`) and training all read words through these."""
from __future__ import annotations

import gzip
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rasid.text.normalize import WORD_CACHE, fold

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "ner"
TYPES = ("PER", "LOC", "ORG", "MISC")
_DIGIT = re.compile(r"\d")
_ARABIC = re.compile("[\u0621-\u064a]")
_LATIN = re.compile("[A-Za-z]")


@lru_cache(maxsize=WORD_CACHE)
def word_key(token: str) -> str:
    """The form a word is looked up by: folded, digits as 0."""
    return _DIGIT.sub("0", fold(token))


def strip_clitics(key: str) -> str:
    """A folded word without its proclitics: و/ف, then ب/ل/ك before ال (لل → ال)."""
    s = key
    if len(s) > 3 and s[0] in "وف" and _ARABIC.match(s[1]):
        s = s[1:]
    if len(s) > 4 and s.startswith("لل"):
        s = "ال" + s[2:]
    elif len(s) > 4 and s[0] in "بلك" and s[1:3] == "ال":
        s = s[1:]
    return s


@lru_cache(maxsize=WORD_CACHE)
def bare(key: str) -> str:
    """Without proclitics and without the article ال: the stem names are matched on."""
    s = strip_clitics(key)
    return s[2:] if len(s) > 4 and s.startswith("ال") else s


@dataclass
class Resources:
    """What the features look words up in: clusters and the gazetteer."""

    clusters: dict[str, tuple[str, str, str]]
    ranks: dict[str, int]  # word → frequency rank in the unlabeled corpus (0 = most frequent)
    names: dict[tuple[str, ...], frozenset[str]]  # bare-key tuple → types
    first: dict[str, frozenset[str]]  # bare key → types of names it opens
    last: dict[str, frozenset[str]]  # bare key → types of names it closes
    cache: dict = field(default_factory=dict)  # word → its features, filled as words are seen
    rarely_named: frozenset[str] = frozenset()  # bare keys the tagger seldom names in unlabeled news

    @classmethod
    def load(cls, folder: Path = MODEL_DIR, clusters: bool = False) -> Resources:
        """The word ranks and gazetteer (and, for the CRF baseline, the word clusters) of a model."""
        by_word: dict[str, tuple[str, str, str]] = {}
        ranks: dict[str, int] = {}
        path = folder / "clusters.tsv.gz"
        if path.exists():  # written most frequent word first
            with gzip.open(path, "rt", encoding="utf-8") as f:
                next(f)
                if clusters:
                    for line in f:
                        w, a, b, c = line.rstrip("\n").split("\t")
                        by_word[w] = (a, b, c)
                    ranks = {w: i for i, w in enumerate(by_word)}
                else:
                    ranks = {line[: line.index("\t")]: i for i, line in enumerate(f)}
        names: dict[tuple[str, ...], set[str]] = {}
        path = folder / "gazetteer.tsv.gz"
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8") as f:
                for line in f:
                    if not line.startswith("#"):
                        typ, name = line.rstrip("\n").split("\t")
                        names.setdefault(tuple(name.split(" ")), set()).add(typ)
        first: dict[str, set[str]] = {}
        last: dict[str, set[str]] = {}
        for key, types in names.items():
            if len(key) > 1:
                first.setdefault(key[0], set()).update(types)
                last.setdefault(key[-1], set()).update(types)
        freeze = lambda d: {k: frozenset(v) for k, v in d.items()}  # noqa: E731
        path = folder / "rarely_named.txt"  # training/name_rates.py
        rarely = frozenset(path.read_text(encoding="utf-8").split()) if path.exists() else frozenset()
        return cls(by_word, ranks, freeze(names), freeze(first), freeze(last), rarely_named=rarely)


def gazetteer_tags(bares: Sequence[str], names: dict[tuple[str, ...], frozenset[str]]) -> list[list[str]]:
    """For each token, B-/I-TYPE for every known name of that type the token is part of (longest first)."""
    longest = _longest_from(id(names), names)
    out: list[list[str]] = [[] for _ in bares]
    for i, b in enumerate(bares):
        for n in range(min(longest.get(b, 0), len(bares) - i), 0, -1):
            types = names.get(tuple(bares[i:i + n]))
            if types:
                for t in types:
                    out[i].append("B-" + t)
                    for j in range(i + 1, i + n):
                        out[j].append("I-" + t)
                break
    return out


_LONGEST: dict[int, dict[str, int]] = {}


def _longest_from(key: int, names: dict[tuple[str, ...], frozenset[str]]) -> dict[str, int]:
    """First word of a name → the length of the longest name it opens (computed once per name list)."""
    if key not in _LONGEST:
        longest: dict[str, int] = {}
        for name in names:
            longest[name[0]] = max(longest.get(name[0], 0), len(name))
        _LONGEST[key] = longest
    return _LONGEST[key]


