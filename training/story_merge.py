"""The story-merge model: when an article bridges two stories, are they one event told twice?

    python training/story_merge.py [--db snn.db]     # → rasid/data/stories/story_merge.json

Story pairs labelled in `bench/labels/story_pairs.part*.jsonl` (drawn by `sample_story_pairs.py`, no dev-set
story among them) are found again by relating a copy of `--db` (SaudiNewsNet, analysed by this Rasid) with
the merging of bridged stories turned off — the same fragments the sampler saw, since relating is
deterministic. Each pair's features (`rasid.corpus.stories.link_features`) feed a standardised logistic
regression; five folds grouped by story choose the regularisation, and the threshold is the one of best F0.5
on the held-out predictions (a wrong merge costs twice what a missed one does).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rasid.corpus import stories  # noqa: E402
from rasid.corpus.same_event import Model, default_model  # noqa: E402

LABELS = ROOT / "bench" / "labels"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=ROOT / "training" / "build" / "snn.db")
    args = ap.parse_args()
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    from rasid.pipeline import _profiles, relate
    from rasid.store import Store

    saved = stories.MERGE_MODEL
    stories.MERGE_MODEL = None  # no merging of bridged stories: the fragments the labels are about
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "s.db"
        shutil.copy(args.db, db)
        relate(db, redo=True)
        with Store(db) as store:
            by_url = {u: a for a, urls in store.all_urls().items() for u in urls}
            placed = {a: (s, d) for a, s, d in store.placed_between("0000", "9999")}
            profiles = _profiles(store, {a: (stories.day(d), None, None) for a, (s, d) in placed.items()}, {})
            states = {p.id: stories.StoryState.from_profile(p) for p in store.story_profiles()}
    stories.MERGE_MODEL = saved
    index = stories.EventIndex(default_model(), [(profiles[a], s) for a, (s, _) in placed.items() if a in profiles],
                               states)
    pairs = {p["pair"]: p for p in map(json.loads, (LABELS / "story_pairs.jsonl").read_text("utf-8").splitlines())}
    x, y, groups = [], [], []
    for part in sorted(LABELS.glob("story_pairs.part*.jsonl")):
        for line in part.read_text("utf-8").splitlines():
            rec = json.loads(line)
            p = pairs[rec["pair"]]
            sa = {placed[by_url[u]][0] for u in p["a"] if u in by_url}
            sb = {placed[by_url[u]][0] for u in p["b"] if u in by_url}
            if len(sa) != 1 or len(sb) != 1 or sa == sb:
                continue  # the fragments came out otherwise than when sampled
            a, b = sa.pop(), sb.pop()
            x.append(stories.link_features(index, a, b))
            y.append(rec["label"])
            groups.append(min(a, b))
    xa, ya, ga = np.array(x), np.array(y), np.array(groups)
    print(f"{len(pairs)} story pairs, {len(ya)} found again: {int(ya.sum())} one event, {int((ya == 0).sum())} two")
    mean, scale = xa.mean(axis=0), xa.std(axis=0) + 1e-9
    z = (xa - mean) / scale
    best = None
    for c in (0.03, 0.1, 0.3, 1.0):
        held = np.zeros(len(ya))
        for train, test in GroupKFold(n_splits=5).split(z, ya, ga):
            held[test] = LogisticRegression(C=c, max_iter=2000).fit(z[train], ya[train]).predict_proba(z[test])[:, 1]
        auc = roc_auc_score(ya, held)
        if best is None or auc > best[0]:
            best = (auc, c, held)
    auc, c, held = best
    threshold, prec, rec, score = 1.0, 0.0, 0.0, 0.0
    for t in np.linspace(0.05, 0.95, 91):  # the threshold of best F0.5: a wrong merge costs twice a missed one
        hit = held >= t
        tp = float((hit & (ya == 1)).sum())
        p, r = tp / max(hit.sum(), 1), tp / max((ya == 1).sum(), 1)
        f = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
        if f > score:
            threshold, prec, rec, score = float(t), p, r, f
    print(f"held-out (5 folds grouped by story), C={c}: AUC {auc:.3f}; merge at {threshold:.2f}: precision {prec:.3f},"
          f" recall {rec:.3f}, F0.5 {score:.3f}")
    lr = LogisticRegression(C=c, max_iter=2000).fit(z, ya)
    model = Model(lr.coef_[0], float(lr.intercept_[0]), mean, scale, threshold)
    out = model.to_json() | {"features": list(stories.LINK_NAMES)}
    stories.MERGE_FILE.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    for name, w in sorted(zip(stories.LINK_NAMES, lr.coef_[0], strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:16s} {w:+.3f}")
    print(f"→ {stories.MERGE_FILE}")


if __name__ == "__main__":
    main()
