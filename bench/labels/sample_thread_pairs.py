"""Pairs of stories to label "one developing affair or not", for the thread model.

    python bench/labels/sample_thread_pairs.py --db STORE [--pairs 400] [--seed 2033] > bench/labels/thread_pairs.jsonl

STORE is SaudiNewsNet ingested and related by this Rasid. A thread links the stories of one affair told
over days or weeks (an attack, the investigation, the arrests; a transfer sought, agreed, signed), so pairs
are stories whose events begin two days apart or more: for a random seed story, one other story per band
of centroid cosine (0.35-0.5, 0.5-0.6, 0.6-0.7, 0.7-0.8, 0.8-1), and a fifth of the pairs where the two
share a rare name whatever their cosine. Stories holding an article of `../shared/gold/stories.dev.json`
are never drawn. Only URLs are written (up to six members per story); `show_thread_pairs.py` prints them.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))
from sample_pairs import gold_urls  # noqa: E402

BANDS = [(0.35, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 1.01)]
MIN_GAP = 2


def main() -> None:
    from rasid.corpus import stories as st
    from rasid.corpus.same_event import RARE, entity_rarity
    from rasid.store import Store

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--pairs", type=int, default=400)
    ap.add_argument("--seed", type=int, default=2033)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    excluded = gold_urls()
    with Store(args.db, create=False) as s:
        urls = s.all_urls()
        members: dict[str, list[str]] = {}
        for a, story, _ in s.placed_between("0000", "9999"):
            members.setdefault(story, []).append(a)
        profiles = [p for p in s.story_profiles() if p.start and p.centroid is not None
                    and not any(set(urls[a]) & excluded for a in members.get(p.id, ()))]
        names = {e.id: e.name for e in s.entities_by_id({e for p in profiles for e in p.entities}).values()}
    rarity = entity_rarity(names)
    unit = np.array([p.centroid / (np.linalg.norm(p.centroid) or 1.0) for p in profiles], dtype=np.float32)
    start = np.array([st.day(p.start) for p in profiles])
    rare = [{e for e in p.entities if rarity.get(e, RARE) >= RARE} for p in profiles]
    seeds = [k for k, p in enumerate(profiles) if p.size >= 2]
    rng.shuffle(seeds)
    wanted = {band: args.pairs * 4 // 5 // len(BANDS) for band in range(len(BANDS))} | {"rare": args.pairs // 5}
    out, seen = [], set()
    for k in seeds:
        if not any(wanted.values()):
            break
        far = np.flatnonzero(np.abs(start - start[k]) >= MIN_GAP)
        cos = unit[far] @ unit[k]
        for band, (lo, hi) in enumerate(BANDS):
            pool = far[(cos >= lo) & (cos < hi)]
            if wanted[band] and len(pool):
                j = int(rng.choice(list(pool)))
                if (min(j, k), max(j, k)) not in seen:
                    seen.add((min(j, k), max(j, k)))
                    wanted[band] -= 1
                    out.append((k, j, f"cosine {lo}-{hi}"))
        if wanted["rare"]:
            pool = [int(j) for j in far if rare[k] & rare[int(j)]]
            if pool:
                j = rng.choice(pool)
                if (min(j, k), max(j, k)) not in seen:
                    seen.add((min(j, k), max(j, k)))
                    wanted["rare"] -= 1
                    out.append((k, j, "rare name"))
    rng.shuffle(out)
    for n, (k, j, kind) in enumerate(out, start=1):
        def side(i: int) -> list[str]:
            return [urls[a][0] for a in members[profiles[i].id][:6]]

        print(json.dumps({"pair": f"t{n:04d}", "a": side(k), "b": side(j), "kind": kind}, ensure_ascii=False))
    print(f"{len(out)} thread pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
