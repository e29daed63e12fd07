"""The same-event model: logistic regression over article pairs labelled in `bench/labels/`.

    python training/same_event.py [--db snn.db]     # → rasid/data/stories/same_event.json

The pairs (`bench/labels/pairs.jsonl`, no dev-set article among them) are read with their labels
(`same_event.part*.jsonl`); each article is looked up by URL in a store holding SaudiNewsNet analysed by
this Rasid (`--db`; made from the eight zips, analysed, when not given), and the pair's features are
computed exactly as the corpus step computes them (`rasid.corpus.same_event`). Five folds grouped by
the pair's first article (so no article's pairs are split between training and testing) choose the
regularisation and the threshold (best F1 of the held-out predictions); the model is then fitted on all
pairs. Prints the held-out figures and the weights.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))
from corpora import DATA  # noqa: E402
from logistic import fit  # noqa: E402

from rasid.corpus import same_event  # noqa: E402
from rasid.corpus.stories import LEAD_CHARS, event_days, told_days  # noqa: E402
from rasid.store import Store  # noqa: E402

LABELS = ROOT / "bench" / "labels"


def labelled() -> list[tuple[str, str, int]]:
    pairs = {p["pair"]: p for p in map(json.loads, (LABELS / "pairs.jsonl").read_text("utf-8").splitlines())}
    out = []
    for part in sorted(LABELS.glob("same_event.part*.jsonl")):
        for line in part.read_text("utf-8").splitlines():
            rec = json.loads(line)
            p = pairs[rec["pair"]]
            out.append((p["a"], p["b"], int(rec["label"])))
    return out


def features(db: Path, pairs: list[tuple[str, str, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """X (pair features), y (labels) and groups (first article) of the pairs whose articles the store has."""
    with Store(db, create=False) as store:
        by_url = {u: ident for ident, urls in store.all_urls().items() for u in urls}
        ids = sorted({by_url[u] for a, b, _ in pairs for u in (a, b) if u in by_url})
        articles = store.get_many(ids)
        feats = store.features(ids)
        counts = store.entity_counts(ids)
        names = {e.id: e.name for e in store.entities_by_id({e for c in counts.values() for e in c}).values()}
        leads = store.lead_dates(ids, LEAD_CHARS)
        days, told = event_days(list(articles.values()), leads), told_days(list(articles.values()), leads)
    rarity = same_event.entity_rarity(names)
    profiles = {i: same_event.profile(i, days[i], articles[i].outlet, feats[i], counts[i], rarity,
                                      told[i] is not None) for i in ids if i in feats}
    x, y, groups = [], [], []
    for a, b, label in pairs:
        ia, ib = by_url.get(a), by_url.get(b)
        if ia in profiles and ib in profiles and ia != ib:
            x.append(same_event.pair_features(profiles[ia], profiles[ib]))
            y.append(label)
            groups.append(ia)
    return np.array(x), np.array(y), np.array(groups)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="a store with SaudiNewsNet analysed (default: build one)")
    args = ap.parse_args()
    db = args.db
    if db is None:  # analysed, not related: the corpus step is what this model is for
        from rasid.pipeline import analyze, ingest

        db = ROOT / "training" / "build" / "snn.db"
        db.parent.mkdir(parents=True, exist_ok=True)
        ingest(sorted(str(z) for z in (DATA / "news" / "saudinewsnet").glob("*.zip")), db, analyze=False)
        analyze(db, corpus=False)
    pairs = labelled()
    x, y, groups = features(db, pairs)
    print(f"{len(pairs)} labelled pairs, {len(y)} with both articles in the store: {int(y.sum())} same event,"
          f" {int((y == 0).sum())} not")
    fit(x, y, groups, same_event.NAMES, same_event.MODEL_FILE, cs=(0.03, 0.1, 0.3, 1.0, 3.0), choose_by="f",
        grouped="article")


if __name__ == "__main__":
    main()
