"""Article-to-story pairs to label "does this article report this story's event", for the joining rule.

    python bench/labels/sample_article_story.py --db STORE [--pairs 600] [--seed 2035] > bench/labels/article_story.jsonl

STORE is SaudiNewsNet ingested and related by this Rasid. For random articles (never one of
`../shared/gold/stories.dev.json`), two stories are drawn in turn: the article's own story without it (the
story it was placed in), and the other story it fits best by the same-event model (the mean of its three
best members' probabilities, 0.05 or more), so the labels cover both the joins made and those missed. Only
URLs are written: the article, up to six members of the story (the best-fitting first), the story's size.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))
from sample_pairs import gold_urls  # noqa: E402


def main() -> None:
    from rasid.corpus import stories as st
    from rasid.corpus.same_event import default_model, pair_features
    from rasid.pipeline import _profiles
    from rasid.store import Store

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--pairs", type=int, default=600)
    ap.add_argument("--seed", type=int, default=2035)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    excluded = gold_urls()
    model = default_model()
    with Store(args.db, create=False) as s:
        urls = s.all_urls()
        placed = s.placed_between("0000", "9999")
        profiles = _profiles(s, {a: (st.day(d), None, None) for a, _, d in placed}, {})
        states = {p.id: st.StoryState.from_profile(p) for p in s.story_profiles()}
    index = st.EventIndex(model, [(profiles[a], story) for a, story, _ in placed if a in profiles], states)
    sizes = defaultdict(int)
    for story in index.story:
        sizes[story] += 1
    order = [a for a, _, _ in placed if a in profiles and not set(urls[a]) & excluded]
    rng.shuffle(order)
    out, n = [], 0
    for a in order:
        if len(out) >= args.pairs:
            break
        p, me = profiles[a], index.position[a]
        cands = [i for i in index.candidates(p) if i != me]
        if not cands:
            continue
        probs = model.probability(np.array([pair_features(p, index.profiles[i]) for i in cands]))
        by_story: dict[str, list[tuple[float, int]]] = defaultdict(list)
        for i, pr in zip(cands, probs, strict=True):
            by_story[index.story[i]].append((float(pr), i))
        fit = {story: float(np.mean(sorted(v, reverse=True)[:3], axis=0)[0]) for story, v in by_story.items()}
        own = index.story[me]
        others = sorted(((f, story) for story, f in fit.items() if story != own and f >= 0.05), reverse=True)
        want = "own" if n % 2 == 0 else "other"
        story = own if want == "own" else (others[0][1] if others else None)
        if story is None or (story == own and sizes[own] < 2) or story not in by_story:
            continue
        members = [index.profiles[i].id for _, i in sorted(by_story[story], reverse=True)]
        members += [index.profiles[i].id for i in index.members(story) if index.profiles[i].id not in members
                    and i != me]
        if any(set(urls[m]) & excluded for m in members):
            continue
        n += 1
        out.append({"article": urls[a][0], "story": [urls[m][0] for m in members[:6]],
                    "size": sizes[story] - (story == own), "kind": want})
    for k, rec in enumerate(out, start=1):
        print(json.dumps({"pair": f"j{k:04d}"} | rec, ensure_ascii=False))
    print(f"{len(out)} article-story pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
