"""Rasid's Arabic named-entity tagger, and what every NER component shares.

Tokens are tagged BIO with PER, LOC, ORG and MISC by a BiLSTM-CRF (`ner_net.py`, run in numpy) over
word vectors learned from unlabeled Arabic text, a character CNN and gazetteer features; within a
document a name tagged once keeps its type where the network missed it (`propagate`). The model files
live in `rasid/data/ner/` and are rebuilt by `training/` (vectors.py → clusters and word ranks,
gazetteer.py → name lists, ner.py → the network). Nothing is downloaded at run time. How words are
keyed and looked up is in `features.py`; CoNLL files and scoring in `conll.py`.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from rasid.extract.features import MODEL_DIR, Resources, bare, word_key
from rasid.extract.ner_net import NetTagger


class Tagger:
    """Rasid's tagger: the neural network of `ner_net.py` and, per document, `propagate`."""

    def __init__(self, folder: Path = MODEL_DIR):
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


def chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans (start, end, type) in text order, conlleval rules: an I- after O or another type opens
    a span. A list, not a set: what is built on it must not depend on the interpreter's hash seed."""
    out: list[tuple[int, int, str]] = []
    start: int | None = None
    typ = ""
    for i, tag in enumerate([*tags, "O"]):
        bio, _, t = tag.partition("-") if tag != "O" else ("O", "", "")
        if start is not None and (bio in ("O", "B") or t != typ):
            out.append((start, i, typ))
            start = None
        if bio == "B" or (bio == "I" and start is None):
            start, typ = i, t
    return out


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
    for words, tg in zip(sentences, out, strict=True):
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
        found: Counter[tuple[tuple[str, ...], str]] = Counter()
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
