"""Rasid's Arabic named-entity tagger, and what every NER component shares.

Tokens are tagged BIO with PER, LOC, ORG and MISC by a BiLSTM-CRF (`ner_net.py`, run in numpy) over
word vectors learned from unlabeled Arabic text, a character CNN and gazetteer features; within a
document a name tagged once keeps its type where the network missed it (`propagate`). The model files
live in `rasid/data/ner/` and are rebuilt by `training/` (vectors.py → clusters and word ranks,
gazetteer.py → name lists, ner.py → the network). Nothing is downloaded at run time.

Also here: how words are keyed for lookup (folded, without proclitics), the gazetteer lookup, and
CoNLL reading and entity-level scoring with conlleval's rules.
"""
from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from rasid.text.normalize import fold

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "ner"
TYPES = ("PER", "LOC", "ORG", "MISC")
_DIGIT = re.compile(r"\d")
_ARABIC = re.compile("[\u0621-\u064a]")
_LATIN = re.compile("[A-Za-z]")


@lru_cache(maxsize=1 << 18)
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


@lru_cache(maxsize=1 << 18)
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
        return cls(by_word, ranks, freeze(names), freeze(first), freeze(last))


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


class Tagger:
    """Rasid's tagger: the neural network of `ner_net.py` and, per document, `propagate`."""

    def __init__(self, folder: Path = MODEL_DIR):
        from rasid.extract.ner_net import NetTagger

        if not (folder / "net.npz").exists():
            raise FileNotFoundError(f"no NER model in {folder}; build it with `python training/ner.py`")
        self.resources = Resources.load(folder)
        self._net = NetTagger(folder, self.resources)

    def tag(self, tokens: Sequence[str]) -> list[str]:
        return self.tag_batch([tokens])[0]

    def tag_batch(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for each sentence, tagged independently (batched for speed)."""
        return self._net.tag_batch(sentences)

    def tag_document(self, sentences: Sequence[Sequence[str]], window: int = 10) -> list[list[str]]:
        """Tags for consecutive sentences of one text, with document-level consistency."""
        return self.tag_documents([sentences], window)[0]

    def tag_documents(self, documents: Sequence[Sequence[Sequence[str]]], window: int = 10) -> list[list[list[str]]]:
        """`tag_document` for several texts, their sentences batched together (faster than one by one)."""
        tags = iter(self.tag_batch([s for doc in documents for s in doc]))
        return [propagate(doc, [next(tags) for _ in doc], self.resources, window=window) for doc in documents]


@cache
def default_tagger() -> Tagger:
    return Tagger()


# --- CoNLL files and evaluation (seqeval/conlleval rules) -------------------------------------


def read_conll(lines: Iterable[str]) -> list[list[list[str]]]:
    """Sentences of token rows (fields split on whitespace); blank lines separate sentences.

    A file without blank lines (ANERcorp) is split after each run of periods.
    """
    sents, cur = [], []
    for line in lines:
        line = line.rstrip("\r\n").replace("\u200e", "").replace("\u200f", "").lstrip("\ufeff")
        if not line.strip():
            if cur:
                sents.append(cur)
            cur = []
            continue
        fields = line.split()
        if fields:
            cur.append(fields)
    if cur:
        sents.append(cur)
    if len(sents) == 1 and len(sents[0]) > 500:
        rows, sents, cur = sents[0], [], []
        for i, row in enumerate(rows):
            cur.append(row)
            if row[0] == "." and (i + 1 == len(rows) or rows[i + 1][0] != "."):
                sents.append(cur)
                cur = []
        if cur:
            sents.append(cur)
    return sents


def normalize_tag(tag: str) -> str:
    """PERS → PER, MIS → MISC, anything unknown → O."""
    if tag == "O" or "-" not in tag:
        return "O"
    bio, typ = tag.split("-", 1)
    typ = {"PERS": "PER", "PERSON": "PER", "MIS": "MISC", "GPE": "LOC"}.get(typ, typ)
    return f"{bio}-{typ}" if bio in ("B", "I") and typ in TYPES else "O"


def chunks(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """Entity spans (start, end, type), conlleval rules: an I- after O or another type opens a span."""
    out, start, typ = set(), None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        bio, t = (tag.split("-", 1) + [None])[:2] if tag != "O" else ("O", None)
        if start is not None and (bio in ("O", "B") or t != typ):
            out.add((start, i, typ))
            start = None
        if bio == "B" or (bio == "I" and start is None):
            start, typ = i, t
    return out


def evaluate(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, dict[str, float]]:
    """Entity-level precision, recall and F1 per type and micro-averaged (exact span and type)."""
    tp, np_, ng = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        gs, ps = chunks(g), chunks(p)
        for s in gs:
            ng[s[2]] += 1
        for s in ps:
            np_[s[2]] += 1
            tp[s[2]] += s in gs
    result = {}
    for t in sorted(set(ng) | set(np_)) + ["micro"]:
        a, b, c = (sum(x.values()) for x in (tp, np_, ng)) if t == "micro" else (tp[t], np_[t], ng[t])
        p = a / b if b else 0.0
        r = a / c if c else 0.0
        result[t] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "support": c}
    return result


def propagate(sentences: Sequence[Sequence[str]], tags: list[list[str]], res: Resources, window: int = 10,
              common_rank: int = 3000) -> list[list[str]]:
    """Document-level consistency: a name tagged once keeps its type where the tagger missed it later.

    For each sentence, the names found in the `window` sentences before it (whole spans; for persons
    also their first and last words) are looked up among its untagged words, longest first. The 3,000
    most frequent words are never names by this route. Window and rank were chosen on the held-out
    end of ANERcorp's training range (+0.7 F1 there).
    """
    from collections import deque

    out = [list(t) for t in tags]
    recent: deque = deque()
    seen: Counter = Counter()  # (stem tuple, type) → count within the window
    for words, tg in zip(sentences, out):
        stems = [bare(word_key(w)) for w in words]
        names: dict[tuple[str, ...], str] = {}
        for (key, typ), _ in seen.most_common():
            names.setdefault(key, typ)
        longest = max((len(k) for k in names), default=0)
        i = 0
        while i < len(words):
            for n in range(min(longest, len(words) - i), 0, -1):
                key = tuple(stems[i:i + n])
                typ = names.get(key)
                if typ and all(t == "O" for t in tg[i:i + n]) and \
                        (n > 1 or (len(key[0]) >= 3 and res.ranks.get(word_key(words[i]), common_rank) >= common_rank)):
                    tg[i:i + n] = [f"B-{typ}"] + [f"I-{typ}"] * (n - 1)
                    i += n - 1
                    break
            i += 1
        found = Counter()
        for a, b, typ in chunks(tg):
            key = tuple(stems[a:b])
            if all(key):
                found[(key, typ)] += 1
                if typ == "PER" and b - a > 1:
                    found[((key[0],), typ)] += 1
                    found[((key[-1],), typ)] += 1
        recent.append(found)
        seen.update(found)
        if len(recent) > window:
            seen.subtract(recent.popleft())
            seen = +seen
    return out
