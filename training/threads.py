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
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from logistic import fit, labelled, profiles_by_url  # noqa: E402

from rasid.corpus import stories  # noqa: E402
from rasid.extract.embedding import DIM  # noqa: E402

LABELS = ROOT / "bench" / "labels"


def features(db: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """X (thread features), y (labels) and groups (first story's first article) of the labelled pairs."""
    pairs, labels = labelled("thread_pairs")
    profile = profiles_by_url(db, {u for r in labels for side in "ab" for u in pairs[r["pair"]][side]})
    rarity = {e: r for p in profile.values() for e, r in p.entities.items()}

    def state(urls: list[str]) -> stories.StoryState:
        st = stories.StoryState("", None, None, 0, np.zeros(DIM, dtype=np.float32))
        for u in urls:
            if u in profile:
                st.take(profile[u])
        return st

    x, y, groups = [], [], []
    for r in labels:
        a, b = pairs[r["pair"]]["a"], pairs[r["pair"]]["b"]
        sa, sb = state(a), state(b)
        if sa.size and sb.size:
            x.append(stories.thread_features(sa, sb, rarity))
            y.append(int(r["label"]))
            groups.append(a[0])
    return np.array(x), np.array(y), np.array(groups)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=ROOT / "training" / "build" / "snn.db")
    args = ap.parse_args()
    x, y, groups = features(args.db)
    print(f"{len(y)} labelled story pairs with their articles in the store: {int(y.sum())} one affair,"
          f" {int((y == 0).sum())} not")
    fit(x, y, groups, stories.THREAD_NAMES, stories.THREAD_FILE, beta=0.5)


if __name__ == "__main__":
    main()
