"""Third-round article pairs: where the stories the current models build are most likely wrong.

    python bench/labels/sample_story_members.py --db STORE [--pairs 800] [--seed 2031] [--first 3001] \
        >> bench/labels/pairs.jsonl

STORE is SaudiNewsNet ingested and related by the current models. Two kinds of pair, half each:
"together" — two members of one story of three or more articles (drawn article by article, so big stories,
where merged templates and bridged topics hide, are drawn as often as they are large), not near-copies of
each other; "apart" — an article and the closest member of another story within two days, by the
same-event model, where that model's probability lies between 0.10 and its threshold (the follow-ups a
story failed to take). As in the first rounds, no article of `../shared/gold/stories.dev.json` is drawn,
and only URLs are written; `show_pairs.py` prints the texts for the labeller.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    from sample_pairs import gold_urls

    from rasid.corpus import same_event
    from rasid.corpus import stories as st
    from rasid.pipeline import _profiles
    from rasid.store import Store

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--pairs", type=int, default=800)
    ap.add_argument("--seed", type=int, default=2031)
    ap.add_argument("--first", type=int, default=3001)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    excluded = gold_urls()
    labelled = {frozenset((p["a"], p["b"])) for p in map(json.loads, (Path(__file__).parent / "pairs.jsonl")
                                                          .read_text("utf-8").splitlines())}
    model = same_event.default_model()
    with Store(args.db, create=False) as s:
        urls = s.all_urls()
        keep = {i for i, us in urls.items() if not set(us) & excluded}
        rows = [(a, story, day) for a, story, day in s.db.execute("SELECT article, story, day FROM story_articles")
                if a in keep]
        members: dict[str, list[str]] = {}
        for a, story, _ in rows:
            members.setdefault(story, []).append(a)
        story_of = {a: story for a, story, _ in rows}
        day_of = {a: st.day(d) for a, _, d in rows}
        profiles = _profiles(s, {a: (day_of[a], None, None) for a in story_of}, {})
        ids = [a for a in story_of if a in profiles]
        emb = np.array([profiles[a].features.embedding for a in ids])
        days = np.array([day_of[a] if day_of[a] is not None else -10**6 for a in ids])
        position = {a: k for k, a in enumerate(ids)}
        out: list[tuple[str, str, str, float]] = []
        seen = set(labelled)

        def add(a: str, b: str, kind: str, p: float) -> bool:
            pair = frozenset((urls[a][0], urls[b][0]))
            if pair in seen:
                return False
            seen.add(pair)
            out.append((urls[a][0], urls[b][0], kind, p))
            return True

        def prob(a: str, b: str) -> float:
            return float(model.probability(same_event.pair_features(profiles[a], profiles[b])))

        def copy(a: str, b: str) -> bool:
            return float(np.mean(profiles[a].features.signature == profiles[b].features.signature)) >= same_event.COPY

        big = [a for a in ids if len(members[story_of[a]]) >= 3]
        half = args.pairs // 2
        for _ in range(half * 20):
            if len(out) >= half:
                break
            a = rng.choice(big)
            b = rng.choice([m for m in members[story_of[a]] if m != a and m in position])
            if not copy(a, b):
                add(a, b, "together", prob(a, b))
        for _ in range(half * 20):
            if len(out) >= args.pairs:
                break
            a = rng.choice(ids)
            near = np.flatnonzero(np.abs(days - days[position[a]]) <= 2)
            near = near[np.argsort(-(emb[near] @ emb[position[a]]))[:40]]
            others = [ids[k] for k in near if story_of[ids[k]] != story_of[a]]
            scored = sorted(((prob(a, b), b) for b in others), reverse=True)
            best = next(((p, b) for p, b in scored if 0.10 <= p < model.threshold and not copy(a, b)), None)
            if best:
                add(a, best[1], "apart", best[0])
    rng.shuffle(out)
    for n, (a, b, kind, p) in enumerate(out):
        print(json.dumps({"pair": f"p{args.first + n:04d}", "a": a, "b": b, "model_p": round(p, 3), "round": 3,
                          "kind": kind}, ensure_ascii=False))
    print(f"{len(out)} third-round pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
