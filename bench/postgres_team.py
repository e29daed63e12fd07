"""A newsroom's store: four `rasid ingest` processes at once into one PostgreSQL database, against a
single run into an SQLite file.

    python bench/postgres_team.py [--zips 8] [--writers 4] [--keep DIR]

Starts a throwaway PostgreSQL cluster (`tests/postgres_cluster.py`). The SQLite run ingests the
SaudiNewsNet zips in one process; the PostgreSQL run gives writer k the zips k, k+writers, … and
starts them together. Prints, for both, the rows of every table that counts (articles, sightings,
entities, mentions, claims, stories), what was stored twice (article ids, story placements, entities
of one type and name, duplicate keys of mentions) and what was left unanalysed or unplaced, and the
wall time. `--web` then measures the web app on the PostgreSQL store (`bench/web_latency.py`, 20
clients). `--keep DIR` leaves the SQLite file there and prints the PostgreSQL URL, the cluster then
left running for `bench/web_latency.py --db URL` until Enter is pressed.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
SHARED = Path(os.environ.get("RASID_SHARED", ROOT.parent / "shared"))
ZIPS = sorted((SHARED / "data" / "news" / "saudinewsnet").glob("*.zip"))

from postgres_cluster import cluster  # noqa: E402

from rasid.store import Store  # noqa: E402

CHECKS = {
    "articles": "SELECT count(*) FROM articles",
    "sightings": "SELECT count(*) FROM sightings",
    "entities": "SELECT count(*) FROM entities",
    "mentions": "SELECT count(*) FROM mentions",
    "linked mentions": "SELECT count(*) FROM mentions WHERE entity IS NOT NULL",
    "claims": "SELECT count(*) FROM claims",
    "stories": "SELECT count(*) FROM stories",
    "stories of 2+": "SELECT count(*) FROM stories WHERE articles >= 2",
    "duplicate groups": "SELECT count(DISTINCT grp) FROM duplicates",
    "claim groups": "SELECT count(*) FROM claim_groups",
    "article ids twice": "SELECT count(*) - count(DISTINCT id) FROM articles",
    "placed twice": "SELECT count(*) - count(DISTINCT article) FROM story_articles",
    "entities twice (type, name)": "SELECT count(*) FROM (SELECT type, name FROM entities GROUP BY type, name"
                                   " HAVING count(*) > 1) t",
    "unanalysed or unplaced": "SELECT count(*) FROM articles WHERE analyzed = 0 OR related = 0",
}


def counts(db: str) -> dict[str, int]:
    with Store(db, create=False) as s:
        return {name: s.db.execute(sql).fetchone()[0] for name, sql in CHECKS.items()}


def run(groups: list[list[Path]], db: str) -> tuple[float, list[str]]:
    """Start one `rasid ingest` per group at once; wall seconds and the errors of those that failed
    (exit status 1 is "done, some inputs skipped": SaudiNewsNet has records without text)."""
    t0 = time.monotonic()
    procs = [subprocess.Popen([sys.executable, "-m", "rasid", "ingest", *map(str, g), "--db", db,
                               "--workers", "1" if len(groups) > 1 else "0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for g in groups]
    outs = [(p, p.communicate()[1] or "") for p in procs]
    errors = [err[-3000:] for p, err in outs if p.returncode not in (0, 1) or "Traceback" in err]
    return time.monotonic() - t0, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--zips", type=int, default=8)
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--web", action="store_true", help="then bench/web_latency.py on the PostgreSQL store")
    args = ap.parse_args()
    zips = ZIPS[:args.zips]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="rasid-team-"))
    folder.mkdir(parents=True, exist_ok=True)
    lite = str(folder / "single.db")
    lite_seconds: float | None = None
    lite_errors: list[str] = []
    if not Path(lite).exists():
        lite_seconds, lite_errors = run([zips], lite)
    with cluster() as url:
        pg_seconds, pg_errors = run([zips[k::args.writers] for k in range(args.writers)], url)
        result = {"bench": "postgres_team", "zips": len(zips), "writers": args.writers,
                  "sqlite_single": {"seconds": lite_seconds and round(lite_seconds), "errors": lite_errors, **counts(lite)},
                  "postgresql_concurrent": {"seconds": round(pg_seconds), "errors": pg_errors, **counts(url)}}
        print(json.dumps(result, ensure_ascii=False, indent=1), flush=True)
        if args.web:
            subprocess.run([sys.executable, str(ROOT / "bench" / "web_latency.py"), "--db", url], check=False)
        if args.keep:
            print(f"PostgreSQL store: {url}  (Enter stops the cluster)", flush=True)
            input()


if __name__ == "__main__":
    main()
