"""Near-duplicates: the same text seen again (syndication, re-posts, light edits), found with MinHash LSH.

An article's signature is a MinHash (rensa, in Rust) of the word 4-grams of its folded text, so
spelling variants of one text (أ/ا, ى/ي, Eastern digits) do not hide a copy. The signature is cut into
bands; articles sharing a band's bucket are candidates, and a candidate whose estimated Jaccard
similarity reaches THRESHOLD is a duplicate. Buckets live in the store, so a new article is checked
against everything seen before without recomputing anything, and groups merge when an article bridges
two of them.
"""
from __future__ import annotations

import hashlib
import re

import numpy as np

from rasid.text.normalize import fold

NUM_PERM = 64
BANDS, ROWS = 16, 4  # candidates at Jaccard 0.5 with probability 0.64, at 0.7 with 0.998
SHINGLE = 4
THRESHOLD = 0.7  # estimated Jaccard of word 4-grams: a copy with a changed line or two stays above it
SEED = 1405
_WORD = re.compile(r"\w+")


def shingles(text: str) -> list[str]:
    """The word SHINGLE-grams of the folded text (the whole text when it is shorter)."""
    words = _WORD.findall(fold(text))
    if len(words) <= SHINGLE:
        return [" ".join(words)] if words else []
    return list(map(" ".join, zip(*(words[i:] for i in range(SHINGLE)))))


def signatures(texts: list[str]) -> np.ndarray:
    """MinHash signatures (len(texts) × NUM_PERM, uint32) of many texts at once."""
    from rensa import RMinHash

    if not texts:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    return np.asarray(RMinHash.digests_from_token_sets([shingles(t) for t in texts], NUM_PERM, SEED), dtype=np.uint32)


def buckets(sig: np.ndarray) -> list[int]:
    """One signed 64-bit bucket per band: a hash of the band number and its rows."""
    raw = sig.astype("<u4").tobytes()
    step = ROWS * 4
    return [int.from_bytes(hashlib.blake2b(bytes([b]) + raw[b * step:(b + 1) * step], digest_size=8).digest(),
                           "little", signed=True) for b in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.mean(a == b))


def is_empty(sig: np.ndarray) -> bool:
    """A text with no words: its signature says nothing (every slot is the maximum)."""
    return bool(np.all(sig == np.iinfo(np.uint32).max))


def place(store, article: str, sig: np.ndarray) -> tuple[str, float] | None:
    """Record `article` in the LSH index and join it to the duplicate group of the most similar
    article already there; (that article, similarity), or None when it copies nothing."""
    if is_empty(sig):
        return None
    keys = buckets(sig)
    best, best_sim = None, THRESHOLD
    matches = []
    for other, other_sig in store.lsh_candidates(keys, exclude=article):
        sim = similarity(sig, other_sig)
        if sim >= THRESHOLD:
            matches.append(other)
            if sim >= best_sim:
                best, best_sim = other, sim
    store.add_lsh(article, keys)
    if best is None:
        return None
    store.join_duplicates(article, best, best_sim, matches)
    return best, best_sim
