"""The corpus step (near-duplicates, stories, topics, shared origins, claim groups) on SaudiNewsNet.

    python bench/corpus_saudinewsnet.py [--db PATH] [--shared ../shared] [--sample N] [--seed S]

With `--db` naming a store where all 15,042 articles were ingested and analysed (`rasid ingest
../shared/data/news/saudinewsnet/*.zip --db PATH` or `rasid analyze`), the corpus step is forgotten and
redone; without it, the articles are ingested and analysed first into a temporary store (about 8
minutes). The corpus step runs in a fresh process so that its peak memory is its own. Prints one JSON
line: seconds, articles/s and peak RSS of the corpus step, and what it built. `--sample N` also writes
N random stories of two or more articles and N random duplicate groups, with headlines, outlets and
dates, to bench/review/ for judging by hand.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def relate_only(db: str) -> None:
    from rasid.pipeline import relate
    from rasid.store import Store

    with Store(db) as store:
        with store.transaction():
            store.reset_corpus()
        start = time.perf_counter()
        n = relate(store)
        seconds = time.perf_counter() - start
        q = store.db.execute
        sizes = [r[0] for r in q("SELECT articles FROM stories")]
        kinds = dict(q("SELECT kind, count(*) FROM claim_groups GROUP BY kind").fetchall())
        print(json.dumps({
            "bench": "corpus_saudinewsnet", "articles": n, "seconds": round(seconds, 1),
            "articles_per_s": round(n / seconds), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "stories": len(sizes), "stories_2plus": sum(s >= 2 for s in sizes), "largest_story": max(sizes, default=0),
            "articles_in_2plus": sum(s for s in sizes if s >= 2),
            "topics": q("SELECT count(DISTINCT topic) FROM stories").fetchone()[0],
            "duplicate_groups": q("SELECT count(DISTINCT grp) FROM duplicates").fetchone()[0],
            "articles_in_duplicate_groups": q("SELECT count(*) FROM duplicates").fetchone()[0],
            "same_origin_groups": q("SELECT count(DISTINCT grp) FROM origins").fetchone()[0],
            "claim_groups": kinds,
        }))


def sample(db: str, n: int, out: Path, seed: int = 7) -> None:
    """N random multi-article stories and N random duplicate groups, as text to judge."""
    from rasid.store import Store

    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    with Store(db) as store:
        stories = [s for s in store.stories(limit=None) if s.articles >= 2]
        lines = []
        for k, s in enumerate(rng.sample(stories, min(n, len(stories))), start=1):
            lines.append(f"## S{k} {s.id} · {s.articles} articles · {s.start} → {s.end}")
            lines.append(f"label: {s.label}")
            for a in store.story_members(s.id):
                lines.append(f"- {a.id} · {a.published or a.fetched or '?'} · {a.outlet or '?'} · {a.title or a.text[:80]}"
                             f" · {a.text[:160].replace(chr(10), ' ')}")
            lines.append("")
        (out / "stories.md").write_text("\n".join(lines), encoding="utf-8")
        groups = list(store.groups("duplicates").values())
        lines = []
        for k, g in enumerate(rng.sample(groups, min(n, len(groups))), start=1):
            lines.append(f"## D{k} · {len(g)} articles")
            for ident in g:
                a = store.get(ident)
                lines.append(f"- {a.id} · {a.published or a.fetched or '?'} · {a.outlet or '?'} · {a.title}")
                lines.append(f"  {a.text[:300].replace(chr(10), ' ')}")
            lines.append("")
        (out / "duplicates.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--db", help="a store with SaudiNewsNet ingested and analysed")
    ap.add_argument("--sample", type=int, default=0, help="write N stories and N duplicate groups to judge")
    ap.add_argument("--seed", type=int, default=7, help="of the random sample")
    ap.add_argument("--relate-only", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.relate_only:
        return relate_only(args.relate_only)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if not db:
            from rasid.pipeline import analyze, ingest

            zips = sorted((Path(args.shared) / "data" / "news" / "saudinewsnet").glob("*.zip"))
            if not zips:
                sys.exit(f"no SaudiNewsNet zips under {args.shared}")
            db = str(Path(tmp) / "bench.db")
            ingest([str(z) for z in zips], db, analyze=False)
            start = time.perf_counter()
            analyze(db, corpus=False)
            print(json.dumps({"bench": "analysis_saudinewsnet", "seconds": round(time.perf_counter() - start, 1)}))
        subprocess.run([sys.executable, __file__, "--relate-only", db], check=True)
        if args.sample:
            sample(db, args.sample, Path(__file__).resolve().parent / "review", args.seed)


if __name__ == "__main__":
    main()
