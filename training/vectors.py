"""Word vectors and word clusters for the NER model, from unlabeled Arabic text.

    python training/vectors.py [--out rasid/data/ner] [--sample N]

Trains skip-gram vectors (gensim) on every unlabeled text in ../shared/data (news corpora, books,
SaudiNewsNet, and the training text of the NER corpora, never ANERcorp's test split), then groups the
vocabulary into 1,024 k-means clusters and those clusters into 256 and 64, and writes
`clusters.tsv.gz` (word, c64, c256, c1024). Clusters let the tagger treat an unseen name like the
names it has seen in similar contexts.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import logging
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import unlabeled_texts  # noqa: E402

from rasid.extract.features import word_key  # noqa: E402
from rasid.text.tokens import words  # noqa: E402


class Sentences:
    """Re-iterable token lists, one per line of text, keyed as the tagger keys words."""

    def __init__(self, limit: int | None):
        self.limit = limit

    def __iter__(self):
        texts = unlabeled_texts()
        if self.limit:
            texts = itertools.islice(texts, self.limit)
        for text in texts:
            for line in text.split("\n"):
                toks = [word_key(w) for w in words(line)]
                if len(toks) > 2:
                    yield toks


def kmeans(x: np.ndarray, k: int, iters: int = 25, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Spherical k-means (cosine), in matrix products: (labels, centroids)."""
    rng = np.random.default_rng(seed)
    x = x / np.linalg.norm(x, axis=1, keepdims=True).clip(1e-9)
    c = x[rng.choice(len(x), k, replace=False)].copy()
    labels = np.zeros(len(x), dtype=np.int32)
    for _ in range(iters):
        for i in range(0, len(x), 65536):
            labels[i:i + 65536] = np.argmax(x[i:i + 65536] @ c.T, axis=1)
        for j in range(k):
            members = x[labels == j]
            if len(members):
                v = members.sum(axis=0)
                c[j] = v / max(np.linalg.norm(v), 1e-9)
            else:
                c[j] = x[rng.integers(len(x))]
    return labels, c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="rasid/data/ner")
    ap.add_argument("--sample", type=int, default=None, help="only the first N texts (a smoke run)")
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--save-vectors", default=None, help="also keep the gensim vectors here")
    args = ap.parse_args()
    from gensim.models import Word2Vec

    logging.basicConfig(format="%(asctime)s %(message)s", level=logging.INFO)
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:  # tokenize once; gensim then reads the file in C
        corpus = Path(tmp) / "corpus.txt"
        with corpus.open("w", encoding="utf-8") as f:
            for toks in Sentences(args.sample):
                f.write(" ".join(toks) + "\n")
        print(f"corpus tokenized in {time.time() - t0:.0f} s", flush=True)
        model = Word2Vec(corpus_file=str(corpus), vector_size=args.dim, window=5, min_count=args.min_count, sg=1,
                         negative=5, sample=1e-4, epochs=args.epochs, workers=2, seed=1)
    kv = model.wv
    if args.save_vectors:
        kv.save(args.save_vectors)
    vocab = list(kv.index_to_key)
    k = min(1024, max(8, len(vocab) // 20))
    fine, centroids = kmeans(kv.vectors.astype(np.float32), k)
    mid_labels, mid = kmeans(centroids, max(4, k // 4))
    coarse_labels, _ = kmeans(mid, max(2, k // 16))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with gzip.open(out / "clusters.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(f"# word clusters: {len(vocab)} words, k={k}; built by training/vectors.py\n")
        for w, c in zip(vocab, fine, strict=True):
            m = mid_labels[c]
            f.write(f"{w}\t{coarse_labels[m]}\t{m}\t{c}\n")
    print(f"{len(vocab)} words, {k} clusters, {time.time() - t0:.0f} s → {out / 'clusters.tsv.gz'}")


if __name__ == "__main__":
    main()
