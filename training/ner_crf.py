"""The CRF baseline for Rasid's NER (python-crfsuite over rich token features), kept to measure the
shipped network against; it does not ship.

    python training/ner_crf.py --dev 600 --out training/build/crf      # report on the held-out sentences
    python training/ner_crf.py --out training/build/crf --test         # and on the ANERcorp test split

Features of a token: its folded form, the form without proclitics (و ف ب ل ك ال), prefixes and
suffixes, script and shape, its word cluster at three granularities, whether it begins, continues,
opens or closes a known name of each type, and the same for its neighbours. Training text: ANERcorp
lines 1-125,305 (never the test split) and, with `--extra`, AQMAR's train split or WikiFANE.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import anercorp, aqmar, wikifane  # noqa: E402

from rasid.extract.conll import evaluate, normalize_tag  # noqa: E402
from rasid.extract.features import MODEL_DIR, Resources, bare, gazetteer_tags, strip_clitics, word_key  # noqa: E402
from rasid.extract.ner_net import shape  # noqa: E402


def _word_features(tok: str, res: Resources) -> tuple[str, list[str], dict[int, list[str]]]:
    """What a word contributes to its own features and to its neighbours', computed once per word."""
    k = word_key(tok)
    nc = strip_clitics(k)
    b = bare(k)
    cl = res.clusters.get(k) or res.clusters.get(nc) or res.clusters.get(b) or ("-", "-", "-")
    sh = shape(tok)
    gf = "|".join(sorted(res.first.get(b, ()))) or "-"
    gl = "|".join(sorted(res.last.get(b, ()))) or "-"
    al = "1" if nc.startswith("ال") else "0"
    own = ["bias", f"w={k}", f"nc={nc}", f"b={b}", f"sh={sh}", f"p2={b[:2]}", f"p3={b[:3]}", f"s2={k[-2:]}",
           f"s3={k[-3:]}", f"cl={'/'.join(cl)}", f"c1={cl[0]}", f"c2={cl[1]}", f"c3={cl[2]}", f"al={al}",
           f"cj={'1' if k != nc else '0'}", f"gf={gf}", f"gl={gl}", f"n={min(len(b), 8)}"]
    near = {}
    for d in (-2, -1, 1, 2):
        near[d] = [f"{d}w={k}", f"{d}b={b}", f"{d}c2={cl[1]}", f"{d}sh={sh}"]
        if abs(d) == 1:
            near[d] += [f"{d}c3={cl[2]}", f"{d}gf={gf}", f"{d}gl={gl}", f"{d}al={al}"]
    return k, own, near


def features(tokens: Sequence[str], res: Resources) -> list[list[str]]:
    """CRF features for every token of a sentence."""
    cache = res.cache
    words = []
    for t in tokens:
        w = cache.get(t)
        if w is None:
            w = cache[t] = _word_features(t, res)
            if len(cache) > 300_000:
                cache.clear()
        words.append(w)
    gaz = ["|".join(sorted(g)) or "-" for g in gazetteer_tags([bare(w[0]) for w in words], res.names)]
    out = []
    n = len(tokens)
    for i, (k, own, _) in enumerate(words):
        feats = own + [f"g={gaz[i]}"]
        if gaz[i] != "-":
            feats += ["gz=" + g for g in gaz[i].split("|")]
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                feats += words[j][2][d]
                if abs(d) == 1:
                    feats.append(f"{d}g={gaz[j]}")
            else:
                feats.append(f"{d}w=<edge>")
        if i > 0:
            feats.append(f"-1w|w={words[i - 1][0]}|{k}")
        if i + 1 < n:
            feats.append(f"w|+1w={k}|{words[i + 1][0]}")
        out.append(feats)
    return out



class CRFTagger:
    def __init__(self, folder: Path):
        import pycrfsuite

        self.resources = Resources.load(folder, clusters=True)
        self._crf = pycrfsuite.Tagger()
        self._crf.open(str(folder / "ner.crfsuite"))

    def tag(self, tokens):
        return list(self._crf.tag(features(tokens, self.resources))) if tokens else []



def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="training/build/crf", help="folder for ner.crfsuite (resources are copied there)")
    ap.add_argument("--test", action="store_true", help="also score the ANERcorp test split")
    ap.add_argument("--dev", type=int, default=0, help="hold out the last N ANERcorp train sentences and report on them")
    ap.add_argument("--extra", default="", help="comma list of extra training sets: aqmar, wikifane")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--smoke", action="store_true", help="train on 300 sentences for 10 iterations")
    args = ap.parse_args()
    import pycrfsuite

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("clusters.tsv.gz", "gazetteer.tsv.gz"):  # resources built elsewhere: the shipped ones
        if not (out / name).exists() and (MODEL_DIR / name).exists():
            shutil.copy(MODEL_DIR / name, out / name)
    res = Resources.load(out, clusters=True)
    sents = anercorp("train")
    dev = sents[-args.dev:] if args.dev else []
    train = sents[: len(sents) - args.dev] if args.dev else sents
    for name in filter(None, args.extra.split(",")):
        train += {"aqmar": lambda: aqmar("train"), "wikifane": wikifane}[name]()
    if args.smoke:
        train, dev, args.iterations = train[:300], dev[:50], 10
    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in train:
        trainer.append(features([t for t, _ in s], res), [normalize_tag(g) for _, g in s])
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True})
    trainer.train(str(out / "ner.crfsuite"))
    took = time.time() - t0
    n_tokens = sum(len(s) for s in train)
    print(f"trained on {len(train)} sentences ({n_tokens} tokens) in {took:.0f} s → {out / 'ner.crfsuite'}")
    tagger = CRFTagger(out)
    if args.test:
        test = anercorp("test")
        scores = evaluate([[normalize_tag(g) for _, g in s] for s in test], [tagger.tag([t for t, _ in s]) for s in test])
        print(f"test micro P {scores['micro']['precision']:.3f} R {scores['micro']['recall']:.3f} "
              f"F1 {scores['micro']['f1']:.3f}")
    if dev:
        t1 = time.time()
        pred = [tagger.tag([t for t, _ in s]) for s in dev]
        speed = sum(len(s) for s in dev) / (time.time() - t1)
        scores = evaluate([[normalize_tag(g) for _, g in s] for s in dev], pred)
        for typ, m in scores.items():
            print(f"dev {typ:6s} P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} ({m['support']})")
        print(f"dev tagging speed {speed:.0f} tokens/s")


if __name__ == "__main__":
    main()
