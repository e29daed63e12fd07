"""The thread model: are two stories, begun days apart, one affair told over days or weeks?

    python training/threads.py [--db snn.db]     # → rasid/data/stories/thread.json

Story pairs labelled in `bench/labels/thread_pairs.part*.jsonl` (drawn by `sample_thread_pairs.py`, no
dev-set story among them) name up to six member URLs a side. Each side is rebuilt from its members in a
store holding SaudiNewsNet analysed by this Rasid (`--db`): the sum of their embeddings, the entities they
name, their event days; the pair's features are `rasid.corpus.stories.thread_features`. A standardised
logistic regression; five folds grouped by the first story choose the regularisation, and the threshold is
the one of best F0.5 on the held-out predictions (a wrong link misleads more than a missing one).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from logistic import fit  # noqa: E402

from rasid.corpus import stories  # noqa: E402
from rasid.corpus.same_event import entity_rarity  # noqa: E402
from rasid.extract.embedding import DIM  # noqa: E402

LABELS = ROOT / "bench" / "labels"


def labelled() -> list[tuple[list[str], list[str], int]]:
    pairs = {p["pair"]: p for p in map(json.loads, (LABELS / "thread_pairs.jsonl").read_text("utf-8").splitlines())}
    return [(pairs[r["pair"]]["a"], pairs[r["pair"]]["b"], int(r["label"]))
            for part in sorted(LABELS.glob("thread_pairs.part*.jsonl"))
            for r in map(json.loads, part.read_text("utf-8").splitlines())]


def features(db: Path, pairs: list[tuple[list[str], list[str], int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from rasid.store import Store

    with Store(db, create=False) as store:
        by_url = {u: ident for ident, urls in store.all_urls().items() for u in urls}
        ids = sorted({by_url[u] for a, b, _ in pairs for u in a + b if u in by_url})
        articles = store.get_many(ids)
        days = stories.event_days(list(articles.values()), store.lead_dates(ids, stories.LEAD_CHARS))
        feats, counts = store.features(ids), store.entity_counts(ids)
        names = {e.id: e.name for e in store.entities_by_id({e for c in counts.values() for e in c}).values()}
    rarity = entity_rarity(names)

    def state(urls: list[str]) -> stories.StoryState:
        st = stories.StoryState("", None, None, 0, np.zeros(DIM, dtype=np.float32), Counter())
        for a in (by_url[u] for u in urls if u in by_url):
            if a in feats:
                st.size += 1
                st.centroid = st.centroid + feats[a].embedding
                st.entities.update(dict.fromkeys(counts[a], 1))
                if (d := days[a]) is not None:
                    st.start, st.end = min(st.start or d, d), max(st.end or d, d)
        return st

    x, y, groups = [], [], []
    for a, b, label in pairs:
        sa, sb = state(a), state(b)
        if sa.size and sb.size:
            x.append(stories.thread_features(sa, sb, rarity))
            y.append(label)
            groups.append(a[0])
    return np.array(x), np.array(y), np.array(groups)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=ROOT / "training" / "build" / "snn.db")
    args = ap.parse_args()
    pairs = labelled()
    x, y, groups = features(args.db, pairs)
    print(f"{len(pairs)} labelled story pairs, {len(y)} found in the store: {int(y.sum())} one affair,"
          f" {int((y == 0).sum())} not")
    fit(x, y, groups, stories.THREAD_NAMES, stories.THREAD_FILE, beta=0.5)


if __name__ == "__main__":
    main()
