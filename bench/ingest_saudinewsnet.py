"""Ingest + clean throughput and peak memory on all 15,042 SaudiNewsNet articles.

    python bench/ingest_saudinewsnet.py [--workers N] [--shared ../shared]

Reads the eight daily zips as they are, cleans, detects language and stores into a fresh SQLite file
(FTS index included), then prints one JSON line: records, articles, seconds, records/s and peak RSS of
this process and of its worker processes. Record the figures in bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from rasid.pipeline import ingest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--workers", type=int, default=0, help="0 = one per CPU (the default of `rasid ingest`)")
    args = ap.parse_args()
    zips = sorted((Path(args.shared) / "data" / "news" / "saudinewsnet").glob("*.zip"))
    if not zips:
        sys.exit(f"no SaudiNewsNet zips under {args.shared}")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        report = ingest([str(z) for z in zips], Path(tmp) / "bench.db", workers=args.workers or None, analyze=False)
        seconds = time.perf_counter() - start
        db_mb = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 2**20
    records = report.pages + len(report.problems)
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kb_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({
        "bench": "ingest_saudinewsnet", "records": records, "articles_new": report.new,
        "duplicates": report.known, "skipped": len(report.problems), "seconds": round(seconds, 1),
        "records_per_s": round(records / seconds), "peak_rss_mb": round(kb / 1024),
        "peak_rss_worker_mb": round(kb_children / 1024), "db_mb": round(db_mb), "workers": args.workers or os.cpu_count(),
        "cpus": os.cpu_count(), "python": platform.python_version(),
    }))


if __name__ == "__main__":
    main()
