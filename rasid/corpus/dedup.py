"""Near-duplicates: the same text seen again (syndication, re-posts, light edits), found with MinHash LSH.

Each article's signature (`rasid.extract.minhash`) is cut into bands; articles sharing a band's bucket
are candidates, and a candidate whose estimated Jaccard similarity reaches THRESHOLD is a duplicate.
Buckets live in the store, so a new article is checked against everything seen before without
recomputing anything, and groups merge when an article bridges two of them.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from rasid.extract.minhash import NUM_PERM, signatures

__all__ = ["BANDS", "NUM_PERM", "THRESHOLD", "Copy", "best_copy", "buckets", "is_empty", "signatures", "similarity"]

BANDS, ROWS = 16, 4  # candidates at Jaccard 0.5 with probability 0.64, at 0.7 with 0.998
THRESHOLD = 0.7  # estimated Jaccard of word 4-grams: a copy with a changed line or two stays above it


@dataclass(frozen=True)
class Copy:
    """What an article copies: the closest earlier article, how closely, and every article it matches."""

    of: str
    similarity: float
    matches: tuple[str, ...]


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


def best_copy(sig: np.ndarray, candidates: list[tuple[str, np.ndarray]]) -> Copy | None:
    """The candidate (id, signature) a signature copies most closely, ties to the smallest id; None when
    it copies none of them (or says nothing)."""
    if is_empty(sig):
        return None
    scored = sorted(((similarity(sig, other), ident) for ident, other in candidates), key=lambda x: (-x[0], x[1]))
    matches = tuple(ident for sim, ident in scored if sim >= THRESHOLD)
    if not matches:
        return None
    return Copy(of=matches[0], similarity=scored[0][0], matches=matches)
