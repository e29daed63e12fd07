"""How well articles join stories, on labelled article-story pairs; and whether a learned rule does better.

    python bench/stories_join.py [--db snn.db]

Article-story pairs labelled in `bench/labels/article_story.part*.jsonl` (drawn by `sample_article_story.py`:
an article with its own story, or with the other story it fits best; no dev-set article among them) list
the article, up to six members of the story (the best-fitting first) and the story's size. The story is
rebuilt from those members as analysed in `--db` (SaudiNewsNet, analysed by this Rasid), the article's
same-event probabilities with them computed by the shipped same-event model, and the pair's features are
below (its size the story's own). Prints the figures of the joining rule Rasid uses (the mean of the
story's three best members' probabilities at the same-event threshold, or at EVENT_FLOOR when most of the
members' event words tell of the article's happening), and those of a logistic regression
over story-level evidence too (the centroid, the names the story gives, its core names, how many members
are near, the days outside its span, its size), five folds grouped by article; nothing is written.
"""
from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))  # the fitting routine of the shipped models

from logistic import fit, labelled, profiles_by_url  # noqa: E402

from rasid.corpus import stories  # noqa: E402
from rasid.corpus.same_event import Profile, default_model, pair_features  # noqa: E402
from rasid.extract.embedding import DIM  # noqa: E402

LABELS = ROOT / "bench" / "labels"
JOIN_NAMES = ("best", "top", "near", "near_count", "centroid", "names_in_story", "core_named", "day_out", "size",
              "event_share")
NEAR = 0.2  # a member this probable is near the article


def join_features(p: Profile, probs: list[float], state: stories.StoryState, size: int,
                  members: list[Profile]) -> np.ndarray:
    """The best-fitting members' probabilities (highest first: the best, the mean of the three best, the share
    and number of them NEAR), the cosine with the story's centroid, the rarity-weighted share of the article's
    names the story gives, the share of the story's core names it gives, days outside the span, the size, the
    share of the members whose event words tell of the happening the article's do."""
    near = sum(q >= NEAR for q in probs)
    total = sum(p.entities.values())
    named = sum(r for e, r in p.entities.items() if e in state.entities) / total if total else 0.0
    core = [e for e, n in state.entities.items() if n >= stories.CORE * max(state.size, 1)]
    core_named = sum(e in p.entities for e in core) / len(core) if core else 0.0
    out = 0.0
    if p.day is not None and state.start is not None and state.end is not None:
        out = float(max(0, state.start - p.day, p.day - state.end))
    centroid = float(p.features.embedding @ state.centroid) / (float(np.linalg.norm(state.centroid)) or 1.0)
    return np.array([probs[0], sum(probs[:3]) / min(3, len(probs)), near / len(probs), math.log1p(near), centroid,
                     named, core_named, out, math.log1p(size),
                     sum(bool(set(p.features.events) & set(m.features.events)) for m in members) / len(members)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=ROOT / "training" / "build" / "snn.db")
    args = ap.parse_args()
    pairs, labels = labelled("article_story")
    profile = profiles_by_url(args.db, {u for rec in labels for u in [pairs[rec["pair"]]["article"],
                                                                       *pairs[rec["pair"]]["story"]]})
    model = default_model()
    x, y, groups = [], [], []
    for rec in labels:
        p = pairs[rec["pair"]]
        article = profile.get(p["article"])
        members = [profile[u] for u in p["story"] if u in profile]
        if article is None or not members:
            continue
        state = stories.StoryState("s", None, None, 0, np.zeros(DIM, dtype=np.float32))
        for m in members:
            state.take(m)
        probs = sorted(float(model.probability(pair_features(article, m))) for m in members)[::-1]
        x.append(join_features(article, probs, state, p["size"], members))
        y.append(int(rec["label"]))
        groups.append(p["article"])
    xa, ya = np.array(x), np.array(y)
    print(f"{len(labels)} labelled article-story pairs, {len(ya)} found in the store: {int(ya.sum())} join,"
          f" {int((ya == 0).sum())} not")
    from sklearn.metrics import roc_auc_score

    top = xa[:, JOIN_NAMES.index("top")]
    told_of = (top >= stories.EVENT_FLOOR) & (xa[:, JOIN_NAMES.index("event_share")] >= stories.EVENT_SHARE) \
        & (np.expm1(xa[:, JOIN_NAMES.index("size")]).round() >= stories.EVENT_STORY)
    for name, joins in (("the mean of the story's three best members' probabilities at the same-event threshold",
                         top >= model.threshold),
                        ("that, or most members told of the article's happening (the rule Rasid uses)",
                         (top >= model.threshold) | told_of)):
        print(f"{name}: precision {ya[joins].mean():.3f}, recall {joins[ya == 1].mean():.3f}")
    print(f"AUC of the mean of the three best: {roc_auc_score(ya, top):.3f}")
    print("a learned rule over story-level evidence too:")
    fit(xa, ya, np.array(groups), JOIN_NAMES, None, choose_by="f", grouped="article")


if __name__ == "__main__":
    main()
