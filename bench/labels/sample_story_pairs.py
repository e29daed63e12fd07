"""Pairs of stories to label "one event or two", for the rule that merges stories an article bridges.

    python bench/labels/sample_story_pairs.py --db snn.db [--pairs 800] [--seed 2029] > bench/labels/story_pairs.jsonl
    python bench/labels/sample_story_pairs.py --db snn.db --seed 2041 --first 277 --pairs 300 >> bench/labels/story_pairs.jsonl

`--db` is a store of SaudiNewsNet analysed by this Rasid; a copy of it is related with the merging of
bridged stories turned off, so the stories are the fragments that merging would join. Story pairs whose
events are within three days and whose centroids are close (cosine ≥ 0.5) are scored by the link the
merge rule reads (the mean of the best probabilities between their members), and drawn evenly from bands of it. No story holding an article of
`../shared/gold/stories.dev.json` is drawn. Only URLs are written (up to eight per story, in order). A later round
numbers its pairs from `--first` and skips any pair of stories whose first members a drawn pair already has.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))
from sample_pairs import gold_urls  # noqa: E402

BANDS = [(0.2, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 1.01)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--pairs", type=int, default=600)
    ap.add_argument("--seed", type=int, default=2029)
    ap.add_argument("--first", type=int, default=1, help="number of the first pair drawn (q0277 after 276)")
    args = ap.parse_args()
    drawn = HERE / "story_pairs.jsonl"
    known = {frozenset((p["a"][0], p["b"][0])) for p in map(json.loads, drawn.read_text("utf-8").splitlines())} \
        if args.first > 1 and drawn.exists() else set()
    from rasid.corpus import stories
    from rasid.corpus.same_event import default_model
    from rasid.pipeline import _profiles, relate
    from rasid.store import Store

    stories.MERGE_MODEL = None  # no merging of bridged stories: the fragments are what is sampled
    excluded = gold_urls()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "s.db"
        shutil.copy(args.db, db)
        relate(db, redo=True)
        with Store(db) as store:
            urls = store.all_urls()
            members = {s.id: [a.id for a in store.story_members(s.id)] for s in store.stories(limit=None)}
            placed = {a: (s, d) for a, s, d in store.placed_between("0000", "9999")}
            profiles = _profiles(store, {a: (stories.day(d), None, None) for a, (s, d) in placed.items()}, {})
            states = {p.id: stories.StoryState.from_profile(p) for p in store.story_profiles()}
    index = stories.EventIndex(default_model(), [(profiles[a], s) for a, (s, _) in placed.items() if a in profiles],
                               states)
    clean = [s for s, ms in members.items() if not any(u in excluded for m in ms for u in urls.get(m, []))]
    ids = sorted(clean)
    cent = np.array([states[s].centroid / (np.linalg.norm(states[s].centroid) or 1) for s in ids], dtype=np.float32)
    rng = random.Random(args.seed)
    order = list(range(len(ids)))
    rng.shuffle(order)
    per_band = args.pairs // len(BANDS)
    counts = [0] * len(BANDS)
    seen: set[tuple[str, str]] = set()
    n = args.first - 1
    for k in order:
        if min(counts) >= per_band:
            break
        a = ids[k]
        sa = states[a]
        cos = cent @ cent[k]
        near = [j for j in np.argsort(-cos, kind="stable")[:40] if cos[j] >= 0.5]
        for j in near[:20]:
            b = ids[j]
            if b == a or (min(a, b), max(a, b)) in seen:
                continue
            sb = states[b]
            if sa.start is None or sb.start is None or abs(sa.start - sb.start) > stories.WINDOW_DAYS:
                continue
            link = float(stories.link_features(index, a, b)[0])
            band = next((i for i, (lo, hi) in enumerate(BANDS) if lo <= link < hi), None)
            if band is None or counts[band] >= per_band:
                continue
            def first_urls(s: str) -> list[str]:
                return [urls[m][0] for m in members[s] if urls.get(m)][:8]

            if frozenset((first_urls(a)[0], first_urls(b)[0])) in known:
                continue
            seen.add((min(a, b), max(a, b)))
            counts[band] += 1
            n += 1

            print(json.dumps({"pair": f"q{n:04d}", "a": first_urls(a), "b": first_urls(b), "link": round(link, 3),
                              "sizes": [len(members[a]), len(members[b])]}, ensure_ascii=False), flush=True)
    print(f"{n - args.first + 1} story pairs by band: {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
