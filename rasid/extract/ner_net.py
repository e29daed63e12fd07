"""The neural NER tagger, run in numpy: word vectors + character CNN + name-list features → BiLSTM → CRF.

Trained by `training/ner.py` (PyTorch, training only) and shipped as `rasid/data/ner/net.npz`.
Inference needs nothing but numpy: sentences are batched by length, the LSTM runs one time step per
batch, and the CRF's best path is found by Viterbi.

What a token brings: its pretrained word vector (frozen; word2vec from unlabeled Arabic text, looked
up as written, then without proclitics, then without ال), a character CNN over its folded letters,
and 24 indicators: script/shape, proclitic and article, and whether it is part of, opens or closes a
name in the gazetteer, per type.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from rasid.extract.features import MODEL_DIR, TYPES, Resources, bare, gazetteer_tags, strip_clitics, word_key

TAGS = ["O"] + [f"{b}-{t}" for t in TYPES for b in "BI"]
SHAPES = ("ar", "Lu", "lat", "num", "punct", "sym")
N_FEATURES = len(SHAPES) + 2 + 8 + 8
MAX_CHARS = 20
CACHE_WORDS = 30_000  # input vectors kept (about 0.9 kB each): a long-running watcher stays near 27 MB of them


def shape(tok: str) -> str:
    if any("\u0621" <= c <= "\u064a" for c in tok):
        return "ar"
    if any(c.isascii() and c.isalpha() for c in tok):
        return "Lu" if tok[:1].isupper() else "lat"
    if tok[:1].isdigit():
        return "num"
    return "punct" if len(tok) == 1 else "sym"


class Vocab:
    """Word and character indexes, in the order the model's matrices use them."""

    def __init__(self, words: Sequence[str], chars: Sequence[str]):
        self.words = {w: i for i, w in enumerate(words)}  # 0 = unknown
        self.chars = {c: i for i, c in enumerate(chars)}  # 0 = padding, 1 = unknown

    def word_id(self, tok: str) -> int:
        k = word_key(tok)
        for c in (k, strip_clitics(k), bare(k)):
            i = self.words.get(c)
            if i is not None:
                return i
        return 0

    def char_ids(self, tok: str) -> list[int]:
        k = word_key(tok)[:MAX_CHARS]
        return [self.chars.get(c, 1) for c in k] or [1]


_SHAPE = {name: i for i, name in enumerate(SHAPES)}
_TYPE = {t: i for i, t in enumerate(TYPES)}


def featurize(tokens: Sequence[str], vocab: Vocab, res: Resources) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """What each word brings, independent of its sentence: word ids [N], char ids [N, MAX_CHARS],
    indicators [N, N_FEATURES] (the gazetteer-span ones left at 0) and the stems names are matched on."""
    n = len(tokens)
    wids = np.zeros(n, dtype=np.int64)
    chars = np.zeros((n, MAX_CHARS), dtype=np.int64)
    feats = np.zeros((n, N_FEATURES), dtype=np.float32)
    stems = []
    words, char_ids = vocab.words, vocab.chars
    for i, tok in enumerate(tokens):
        k = word_key(tok)
        nc = strip_clitics(k)
        b = bare(k)
        stems.append(b)
        feats[i, _SHAPE[shape(tok)]] = 1
        feats[i, 6] = k != nc
        feats[i, 7] = nc.startswith("ال")
        for t in res.first.get(b, ()):
            feats[i, 16 + _TYPE[t]] = 1
        for t in res.last.get(b, ()):
            feats[i, 20 + _TYPE[t]] = 1
        wid = words.get(k)
        if wid is None:
            wid = words.get(nc)
            if wid is None:
                wid = words.get(b, 0)
        wids[i] = wid
        cids = [char_ids.get(c, 1) for c in k[:MAX_CHARS]] or [1]
        chars[i, : len(cids)] = cids
    return wids, chars, feats, stems


def encode(sent: Sequence[str], vocab: Vocab, res: Resources) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(word ids [T], char ids [T, MAX_CHARS], indicator features [T, N_FEATURES]) for one sentence."""
    wids, chars, feats, stems = featurize(sent, vocab, res)
    for i, tags in enumerate(gazetteer_tags(stems, res.names)):
        for tag in tags:
            bio, typ = tag.split("-", 1)
            feats[i, 8 + 2 * _TYPE[typ] + (bio == "I")] = 1
    return wids, chars, feats


def _logsumexp(a: np.ndarray, axis: int) -> np.ndarray:
    m = a.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(a - m).sum(axis=axis, keepdims=True))).squeeze(axis)


# BIO: I-X only after B-X or I-X, never first
_ALLOWED = np.array([[0.0 if not y.startswith("I-") or (x != "O" and x[2:] == y[2:]) else -1e9 for y in TAGS]
                     for x in TAGS])
_FIRST = np.array([-1e9 if y.startswith("I-") else 0.0 for y in TAGS])


def constrained_viterbi(logp: np.ndarray) -> list[int]:
    """Best valid BIO path through per-token log-probabilities [T, len(TAGS)]."""
    score = _FIRST + logp[0]
    back = []
    for t in range(1, len(logp)):
        s = score[:, None] + _ALLOWED
        back.append(s.argmax(axis=0))
        score = s.max(axis=0) + logp[t]
    best = [int(score.argmax())]
    for bp in reversed(back):
        best.append(int(bp[best[-1]]))
    return best[::-1]


class NetTagger:
    """The exported network; `tag_batch` tags many sentences at once."""

    def __init__(self, folder: Path = MODEL_DIR, resources: Resources | None = None):
        data = np.load(folder / "net.npz", allow_pickle=False)
        self.p = {k: data[k].astype(np.float32) for k in data.files if k not in ("words", "chars", "emb_words_q")}
        if "emb_words_q" in data.files:  # int8 word vectors with a scale per word
            self.p["emb_words"] = data["emb_words_q"].astype(np.float32) * self.p.pop("emb_words_scale")
        self.vocab = Vocab(list(data["words"]), list(data["chars"]))
        self.res = resources or Resources.load(folder)
        self.hidden = self.p["lstm_f_whh"].shape[1]
        self._gaz = self.p["emb_words"].shape[1] + self.p["char_conv_b"].shape[0] + len(SHAPES) + 2
        self._x_dim = self._gaz - len(SHAPES) - 2 + N_FEATURES
        self._cache: dict = {}

    def tag(self, sent: Sequence[str]) -> list[str]:
        return self.tag_batch([sent])[0]

    def tag_batch(self, sents: Sequence[Sequence[str]], batch: int = 128) -> list[list[str]]:
        out: list[list[str] | None] = [None] * len(sents)
        order = sorted(range(len(sents)), key=lambda i: len(sents[i]))
        for s in range(0, len(order), batch):
            idx = [i for i in order[s:s + batch] if len(sents[i])]
            for i in order[s:s + batch]:
                if not len(sents[i]):
                    out[i] = []
            if idx:
                for i, tags in zip(idx, self._tag([sents[i] for i in idx]), strict=True):
                    out[i] = tags
        return out  # type: ignore[return-value]

    def marginals(self, sents: Sequence[Sequence[str]], batch: int = 64) -> list[np.ndarray]:
        """P(tag) per token under the network's CRF (forward-backward), [T, len(TAGS)] per sentence."""
        out: list[np.ndarray | None] = [None] * len(sents)
        order = sorted(range(len(sents)), key=lambda i: len(sents[i]))
        for s in range(0, len(order), batch):
            idx = [i for i in order[s:s + batch] if len(sents[i])]
            for i in order[s:s + batch]:
                out[i] = np.zeros((0, len(TAGS)), dtype=np.float32)
            if idx:
                for i, e in zip(idx, self._scores([sents[i] for i in idx]), strict=True):
                    out[i] = self._forward_backward(e)
        return out  # type: ignore[return-value]

    def _forward_backward(self, e: np.ndarray) -> np.ndarray:
        trans, start, end = self.p["crf_trans"], self.p["crf_start"], self.p["crf_end"]
        n, k = e.shape
        alpha = np.empty((n, k), dtype=np.float64)
        beta = np.empty((n, k), dtype=np.float64)
        alpha[0] = start + e[0]
        for t in range(1, n):
            alpha[t] = _logsumexp(alpha[t - 1][:, None] + trans, axis=0) + e[t]
        beta[-1] = end
        for t in range(n - 2, -1, -1):
            beta[t] = _logsumexp(trans + (e[t + 1] + beta[t + 1])[None, :], axis=1)
        z = _logsumexp(alpha[-1] + end, axis=0)
        return np.exp(alpha + beta - z)

    def _tag(self, sents: Sequence[Sequence[str]]) -> list[list[str]]:
        return [[TAGS[k] for k in path] for path in self._viterbi(self._scores(sents))]

    def _scores(self, sents: Sequence[Sequence[str]]) -> list[np.ndarray]:
        p = self.p
        lens = [len(s) for s in sents]
        T, B = max(lens), len(sents)
        x = np.zeros((B, T, self._x_dim), dtype=np.float32)
        self._fill(sents)
        for b, sent in enumerate(sents):
            n = lens[b]
            toks = [self._cache[t] for t in sent]
            x[b, :n] = np.stack([t[0] for t in toks])
            for i, tags in enumerate(gazetteer_tags([t[1] for t in toks], self.res.names)):
                for tag in tags:
                    bio, typ = tag.split("-", 1)
                    x[b, i, self._gaz + 2 * TYPES.index(typ) + (bio == "I")] = 1
        rev = np.zeros_like(x)
        for b, n in enumerate(lens):
            rev[b, :n] = x[b, :n][::-1]
        fwd, bwd_rev = self._bilstm(x, rev)
        bwd = np.zeros_like(bwd_rev)
        for b, n in enumerate(lens):
            bwd[b, :n] = bwd_rev[b, :n][::-1]
        h = np.concatenate([fwd, bwd], axis=2)
        scores = h @ p["out_w"].T + p["out_b"]
        return [scores[b, : lens[b]] for b in range(B)]

    def _fill(self, sents: Sequence[Sequence[str]]) -> None:
        """Cache the input vector (word vector, character CNN, indicators) of every new word, the
        character CNN run once for all of them."""
        new = list(dict.fromkeys(t for s in sents for t in s if t not in self._cache))
        if not new:
            return
        if len(self._cache) + len(new) > CACHE_WORDS:  # start afresh, with every word these sentences need
            self._cache.clear()
            new = list(dict.fromkeys(t for s in sents for t in s))
        wids, chars, feats, stems = featurize(new, self.vocab, self.res)
        x = np.concatenate([self.p["emb_words"][wids], self._chars(chars), feats], axis=1)
        self._cache.update(zip(new, zip(x, stems, strict=True), strict=True))

    def _chars(self, chars: np.ndarray) -> np.ndarray:
        """Character CNN: [N, MAX_CHARS] ids → [N, filters], max over positions of tanh(conv)."""
        p = self.p
        e = p["emb_chars"][chars]  # [N, L, C]
        n, length, dim = e.shape
        pad = np.zeros((n, length + 2, dim), dtype=np.float32)
        pad[:, 1:-1] = e
        windows = np.concatenate([pad[:, k:k + length] for k in range(3)], axis=2)  # [N, L, 3C]
        w2 = np.transpose(p["char_conv_w"], (2, 1, 0)).reshape(3 * dim, -1)  # PyTorch's [F, C, 3] → [3C, F]
        conv = np.tanh(windows @ w2 + p["char_conv_b"])
        conv[chars == 0] = -1.0  # padding never wins the max
        return conv.max(axis=1)

    def _bilstm(self, fwd_in: np.ndarray, rev_in: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Both LSTM directions at once, one batched matrix product per time step. Sequences are
        left-aligned (the backward direction gets them reversed): steps past a sequence's end compute
        values nobody reads, so no masking is needed."""
        wih, whh, bias = self._lstm_weights
        H = self.hidden
        B, T, _ = fwd_in.shape
        xp = np.stack([fwd_in @ wih[0] + bias[0], rev_in @ wih[1] + bias[1]])  # [2, B, T, 4H]: i, f, o, g
        h = np.zeros((2, B, H), dtype=np.float32)
        c = np.zeros((2, B, H), dtype=np.float32)
        out = np.empty((2, B, T, H), dtype=np.float32)
        for t in range(T):
            g = xp[:, :, t] + np.matmul(h, whh)
            gates = g[..., : 3 * H]
            np.multiply(gates, 0.5, out=gates)
            np.tanh(gates, out=gates)
            gates *= 0.5
            gates += 0.5  # sigmoid(x) = (tanh(x / 2) + 1) / 2 for i, f, o
            cand = np.tanh(g[..., 3 * H:])
            c *= gates[..., H:2 * H]
            c += gates[..., :H] * cand
            h = gates[..., 2 * H:] * np.tanh(c)
            out[:, :, t] = h
        return out[0], out[1]

    @property
    def _lstm_weights(self):
        """Input and recurrent weights of both directions, transposed, gates reordered from
        PyTorch's i, f, g, o to i, f, o, g so the three sigmoid gates are contiguous."""
        if not hasattr(self, "_lstm_cache"):
            H = self.hidden
            order = np.r_[0:2 * H, 3 * H:4 * H, 2 * H:3 * H]
            p = self.p
            wih = np.stack([p[f"lstm_{d}_wih"][order].T for d in "fb"])
            whh = np.stack([p[f"lstm_{d}_whh"][order].T for d in "fb"])
            bias = np.stack([(p[f"lstm_{d}_bih"] + p[f"lstm_{d}_bhh"])[order] for d in "fb"])
            self._lstm_cache = (np.ascontiguousarray(wih), np.ascontiguousarray(whh), bias)
        return self._lstm_cache

    def _viterbi(self, scores: list[np.ndarray]) -> list[list[int]]:
        """Best tag paths of a batch of sentences at once (shorter ones stop scoring at their end)."""
        trans, start, end = self.p["crf_trans"], self.p["crf_start"], self.p["crf_end"]
        lens = [len(e) for e in scores]
        T, B, K = max(lens), len(scores), len(TAGS)
        e = np.zeros((B, T, K), dtype=np.float32)
        for b, s in enumerate(scores):
            e[b, : lens[b]] = s
        score = start + e[:, 0]
        back = np.zeros((B, T, K), dtype=np.int64)
        last = np.array(lens) - 1
        final = np.where((last == 0)[:, None], score + end, 0)
        for t in range(1, T):
            s = score[:, :, None] + trans  # [B, from, to]
            back[:, t] = s.argmax(axis=1)
            score = s.max(axis=1) + e[:, t]
            ends = last == t
            final[ends] = score[ends] + end
        paths = []
        for b in range(B):
            k = int(final[b].argmax())
            path = [k]
            for t in range(lens[b] - 1, 0, -1):
                k = int(back[b, t, k])
                path.append(k)
            paths.append(path[::-1])
        return paths
