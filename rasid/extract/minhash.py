"""MinHash signatures of an article's text: what near-duplicate detection compares, computed per article.

A signature is a MinHash (rensa, in Rust) of the word 4-grams of the folded text, so spelling variants
of one text (أ/ا, ى/ي, Eastern digits) do not hide a copy. `rasid.corpus.dedup` bands and compares them.
"""
from __future__ import annotations

import re

import numpy as np

from rasid.text.normalize import fold

NUM_PERM = 64
SHINGLE = 4
SEED = 1405
_WORD = re.compile(r"\w+")


def shingles(text: str) -> list[str]:
    """The word SHINGLE-grams of the folded text (the whole text when it is shorter)."""
    words = _WORD.findall(fold(text))
    if len(words) <= SHINGLE:
        return [" ".join(words)] if words else []
    return list(map(" ".join, zip(*(words[i:] for i in range(SHINGLE)), strict=False)))


def signatures(texts: list[str]) -> np.ndarray:
    """MinHash signatures (len(texts) × NUM_PERM, uint32) of many texts at once."""
    from rensa import RMinHash

    if not texts:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    return np.asarray(RMinHash.digests_from_token_sets([shingles(t) for t in texts], NUM_PERM, SEED), dtype=np.uint32)
