"""The story-merge model: when an article bridges two stories, are they one event told twice?

    python training/story_merge.py [--db snn.db]     # → rasid/data/stories/story_merge.json

Story pairs labelled in `bench/labels/story_pairs.part*.jsonl` (drawn by `sample_story_pairs.py`, no dev-set
story among them) list up to eight members a side and the sizes of the two stories. Each side is rebuilt
from its members, analysed in `--db` (SaudiNewsNet, analysed by this Rasid), so the labels stay usable
whatever stories a later same-event model makes. Each pair's features (`rasid.corpus.stories.link_features`) feed a standardised logistic
regression; five folds grouped by story choose the regularisation, and the threshold is the one of best F1
on the held-out predictions (the threshold of best F0.5, 0.39, left more events in pieces on the dev set and
kept fewer labelled same-event pairs together: bench/RESULTS.md).
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
from rasid.corpus.same_event import default_model  # noqa: E402
from rasid.extract.embedding import DIM  # noqa: E402

LABELS = ROOT / "bench" / "labels"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=ROOT / "training" / "build" / "snn.db")
    args = ap.parse_args()
    pairs, labels = labelled("story_pairs")
    profile = profiles_by_url(args.db, {u for rec in labels for side in "ab" for u in pairs[rec["pair"]][side]})
    x, y, groups = [], [], []
    for rec in labels:  # each side rebuilt from its listed members, as placing would hold it
        p = pairs[rec["pair"]]
        sides = [[profile[u] for u in p[side] if u in profile] for side in "ab"]
        if not all(sides):
            continue
        states = {}
        for name, members, size in zip(("a", "b"), sides, p["sizes"], strict=True):
            st = stories.StoryState(name, None, None, 0, np.zeros(DIM, dtype=np.float32))
            for m in members:
                st.take(m)
            st.size = size  # the story's own size, not only the members listed
            states[name] = st
        index = stories.EventIndex(default_model(), [(m, name) for name, members in zip("ab", sides, strict=True)
                                                     for m in members], states)
        x.append(stories.link_features(index, "a", "b"))
        y.append(rec["label"])
        groups.append(p["a"][0])
    xa, ya, ga = np.array(x), np.array(y), np.array(groups)
    print(f"{len(labels)} labelled story pairs, {len(ya)} with their articles in the store: {int(ya.sum())} one event,"
          f" {int((ya == 0).sum())} two")
    fit(xa, ya, ga, stories.LINK_NAMES, stories.MERGE_FILE, cs=(0.03, 0.1, 0.3, 1.0))


if __name__ == "__main__":
    main()
