"""Train Rasid's neural NER tagger (BiLSTM-CRF over frozen word vectors, a character CNN and
gazetteer features) with PyTorch, and export it for numpy inference: rasid/data/ner/net.npz.

    python training/ner.py                 # the shipped model
    python training/ner.py --smoke         # a tiny model in seconds, to check the pipeline

Needs training/vectors.py's vectors (training/build/vectors.kv) and the gazetteer. Training text is
all the gold-labelled Arabic NER there is here (`--train-on`): ANERcorp lines 1-125,305 (news), AQMAR's
train split and WikiFANE gold (Wikipedia; its clitics rejoined to their words as news writes them, its
fine types mapped as `corpora._FANE` says), of which each epoch takes a fresh random `--fane-share` so
news keeps its weight. The epoch is chosen on a dev set that mixes news and Wikipedia: the last 600
sentences of ANERcorp's training range and AQMAR's dev split. ANERcorp's test split (lines
125,306-150,313) and AQMAR's test split are never read here.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import anercorp, aqmar, rejoin_clitics, wikifane  # noqa: E402

from rasid.extract.conll import evaluate, normalize_tag  # noqa: E402
from rasid.extract.features import MODEL_DIR, Resources, bare, strip_clitics, word_key  # noqa: E402
from rasid.extract.ner_net import MAX_CHARS, N_FEATURES, TAGS, NetTagger, Vocab, encode  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def build_vocab(kv, sentences, top: int) -> tuple[list[str], np.ndarray, list[str]]:
    """Words: the `top` most frequent of the vectors plus every training word they cover."""
    keep = list(kv.index_to_key[:top])
    have = set(keep)
    for s in sentences:
        for tok, _ in s:
            k = word_key(tok)
            for c in (k, strip_clitics(k), bare(k)):
                if c in kv.key_to_index and c not in have:
                    keep.append(c)
                    have.add(c)
    words = ["<unk>"] + keep
    vectors = np.zeros((len(words), kv.vector_size), dtype=np.float32)
    vectors[1:] = kv[keep]
    chars = sorted({c for s in sentences for tok, _ in s for c in word_key(tok)})
    return words, vectors, ["<pad>", "<unk>"] + chars


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(MODEL_DIR))
    ap.add_argument("--vectors", default=str(ROOT / "training" / "build" / "vectors.kv"))
    ap.add_argument("--dev", type=int, default=600)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--patience", type=int, default=6)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--top-words", type=int, default=100_000)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--finetune", action="store_true", help="also train the word vectors")
    ap.add_argument("--ema", type=float, default=0.0, help="export an exponential moving average of the weights "
                    "(decay per step, e.g. 0.999); 0 = the weights as trained")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--train-on", default="anercorp,aqmar,wikifane", help="comma list of gold training sets")
    ap.add_argument("--fane-share", type=float, default=0.35, help="share of WikiFANE's sentences in each epoch")
    ap.add_argument("--init", default=None, help="start from this exported net.npz (same vocabulary): a second, "
                    "in-domain stage after training on everything")
    ap.add_argument("--smoke", action="store_true")
    args = ap.parse_args()
    import torch
    from gensim.models import KeyedVectors

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    res = Resources.load(out if (out / "gazetteer.tsv.gz").exists() else MODEL_DIR)
    corpora = set(args.train_on.split(","))
    sents = anercorp("train")
    dev, train = sents[-args.dev:] + aqmar("dev"), (sents[: -args.dev] if "anercorp" in corpora else [])
    train += aqmar("train") if "aqmar" in corpora else []
    fane = [rejoin_clitics(s) for s in wikifane()] if "wikifane" in corpora else []
    if args.smoke:
        train, dev, fane, args.epochs, args.top_words = train[:200], dev[:50], fane[:100], 2, 2000
    kv = KeyedVectors.load(args.vectors)
    words, vectors, chars = build_vocab(kv, train + fane + dev, args.top_words)
    vocab = Vocab(words, chars)

    def chunks_of(s, n=100):
        return [s[i:i + n] for i in range(0, len(s), n)]

    def encoded(sentences):
        out = []
        for piece in (c for s in sentences for c in chunks_of(s)):
            w, c, f = encode([t for t, _ in piece], vocab, res)
            out.append((w, c, f, np.array([TAGS.index(normalize_tag(g)) for _, g in piece])))
        return out

    always, fane_data = encoded(train), encoded(fane)
    print(f"training on {len(always)} news and AQMAR sentences, {len(fane_data)} WikiFANE ones "
          f"({args.fane_share:.0%} per epoch); dev {len(dev)} sentences", flush=True)
    model = Net(vectors, len(chars), args.hidden, args.finetune)
    if args.init:
        load(model, words, chars, Path(args.init))
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    best, best_epoch, stale = -1.0, 0, 0
    ema = {k: v.detach().clone() for k, v in model.state_dict().items()} if args.ema else None
    t0 = time.time()
    for epoch in range(1, args.epochs + 1):
        model.train()
        data = always + random.sample(fane_data, round(args.fane_share * len(fane_data)))
        random.shuffle(data)
        total = 0.0
        for i in range(0, len(data), 16):
            loss = model.loss(*_batch(data[i:i + 16], torch))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += loss.item()
            if ema is not None:
                with torch.no_grad():
                    for k, v in model.state_dict().items():
                        if v.dtype.is_floating_point:
                            ema[k].mul_(args.ema).add_(v, alpha=1 - args.ema)
        if ema is not None:
            trained = {k: v.detach().clone() for k, v in model.state_dict().items()}
            model.load_state_dict(ema)
        export(model, words, chars, out / "net.npz")
        if ema is not None:
            model.load_state_dict(trained)
        tagger = NetTagger(out, res)
        pred = tagger.tag_batch([[t for t, _ in s] for s in dev])
        f1 = evaluate([[normalize_tag(g) for _, g in s] for s in dev], pred)["micro"]["f1"]
        print(f"epoch {epoch}: loss {total / len(data):.3f}, dev micro F1 {f1:.4f}, {time.time() - t0:.0f} s", flush=True)
        if f1 > best:
            best, best_epoch, stale = f1, epoch, 0
            (out / "net.npz").replace(out / "net.best.npz")
        else:
            stale += 1
            if stale >= args.patience:
                break
    (out / "net.best.npz").replace(out / "net.npz")  # the epoch that did best on the held-out sentences
    print(f"best dev micro F1 {best:.4f} at epoch {best_epoch}; {time.time() - t0:.0f} s → {out / 'net.npz'}")


def _batch(items, torch):
    n = max(len(w) for w, _, _, _ in items)
    B = len(items)
    W = torch.zeros((B, n), dtype=torch.long)
    C = torch.zeros((B, n, MAX_CHARS), dtype=torch.long)
    F = torch.zeros((B, n, N_FEATURES))
    Y = torch.zeros((B, n), dtype=torch.long)
    M = torch.zeros((B, n), dtype=torch.bool)
    for b, (w, c, f, y) in enumerate(items):
        k = len(w)
        W[b, :k], C[b, :k], F[b, :k], Y[b, :k], M[b, :k] = (torch.from_numpy(w), torch.from_numpy(c),
                                                          torch.from_numpy(f), torch.from_numpy(y), True)
    return W, C, F, Y, M


def Net(vectors, n_chars, hidden, finetune=False):  # noqa: N802 - a factory keeps torch out of module import
    import torch
    from torch import nn

    class _Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb_words = nn.Embedding.from_pretrained(torch.from_numpy(vectors), freeze=not finetune)
            self.emb_chars = nn.Embedding(n_chars, 30, padding_idx=0)
            self.char_conv = nn.Conv1d(30, 50, kernel_size=3, padding=1)
            self.drop = nn.Dropout(0.5)
            self.lstm = nn.LSTM(vectors.shape[1] + 50 + N_FEATURES, hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * hidden, len(TAGS))
            self.trans = nn.Parameter(torch.zeros(len(TAGS), len(TAGS)))
            self.start = nn.Parameter(torch.zeros(len(TAGS)))
            self.end = nn.Parameter(torch.zeros(len(TAGS)))

        def emissions(self, W, C, F, M):
            B, T, L = C.shape
            e = self.emb_chars(C.view(B * T, L)).transpose(1, 2)  # [BT, 30, L]
            conv = torch.tanh(self.char_conv(e)).masked_fill((C.view(B * T, L) == 0).unsqueeze(1), -1.0)
            chars = conv.max(dim=2).values.view(B, T, -1)
            x = self.drop(torch.cat([self.emb_words(W), chars, F], dim=2))
            lengths = M.sum(1)
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=T)
            return self.out(self.drop(h))

        def loss(self, W, C, F, Y, M):
            e = self.emissions(W, C, F, M)
            B, T, K = e.shape
            mf = M.float()
            gold = self.start[Y[:, 0]] + e[:, 0].gather(1, Y[:, :1]).squeeze(1)
            for t in range(1, T):
                step = self.trans[Y[:, t - 1], Y[:, t]] + e[:, t].gather(1, Y[:, t:t + 1]).squeeze(1)
                gold = gold + step * mf[:, t]
            last = Y.gather(1, (M.sum(1) - 1).unsqueeze(1)).squeeze(1)
            gold = gold + self.end[last]
            alpha = self.start + e[:, 0]
            for t in range(1, T):
                nxt = torch.logsumexp(alpha.unsqueeze(2) + self.trans + e[:, t].unsqueeze(1), dim=1)
                alpha = torch.where(M[:, t:t + 1], nxt, alpha)
            log_z = torch.logsumexp(alpha + self.end, dim=1)
            return (log_z - gold).mean()

    return _Net()


def quantize(m: np.ndarray) -> dict[str, np.ndarray]:
    """Word vectors as int8 with a scale per word: a quarter of the size, the same tags."""
    scale = np.abs(m).max(axis=1, keepdims=True) / 127.0
    scale[scale == 0] = 1.0
    return {"emb_words_q": np.round(m / scale).astype(np.int8), "emb_words_scale": scale.astype(np.float32)}


def _lstm_names():
    """(name in net.npz, name in the PyTorch state dict) of each LSTM weight, both directions."""
    for d, suffix in (("f", ""), ("b", "_reverse")):
        for name in ("wih", "whh", "bih", "bhh"):
            kind = "weight" if name[0] == "w" else "bias"
            yield f"lstm_{d}_{name}", f"lstm.{kind}_{name[1:]}_l0{suffix}"


def load(model, words, chars, path: Path) -> None:
    """The weights of an exported net.npz back into the PyTorch model (the inverse of `export`); the
    word vectors stay the model's own (exported ones are int8)."""
    import torch

    data = np.load(path, allow_pickle=False)
    if list(data["words"]) != list(words) or list(data["chars"]) != list(chars):
        raise SystemExit(f"{path} was trained over another vocabulary: train both stages with the same data options")
    sd = model.state_dict()
    arrays = {"emb_chars.weight": data["emb_chars"], "char_conv.weight": data["char_conv_w"],
              "char_conv.bias": data["char_conv_b"], "out.weight": data["out_w"], "out.bias": data["out_b"],
              "trans": data["crf_trans"], "start": data["crf_start"], "end": data["crf_end"]}
    for exported, torch_name in _lstm_names():
        arrays[torch_name] = data[exported]
    for k, v in arrays.items():
        sd[k] = torch.from_numpy(np.asarray(v, dtype=np.float32))
    model.load_state_dict(sd)


def export(model, words, chars, path: Path) -> None:
    sd = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
    arrays = {
        "words": np.array(words), "chars": np.array(chars),
        **quantize(sd["emb_words.weight"]), "emb_chars": sd["emb_chars.weight"],
        "char_conv_w": sd["char_conv.weight"], "char_conv_b": sd["char_conv.bias"],
        "out_w": sd["out.weight"], "out_b": sd["out.bias"],
        "crf_trans": sd["trans"], "crf_start": sd["start"], "crf_end": sd["end"],
    }
    for exported, torch_name in _lstm_names():
        arrays[exported] = sd[torch_name]
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(path)


if __name__ == "__main__":
    main()
