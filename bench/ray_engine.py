"""The archive engines' throughput: `rasid batch` analysis of SaudiNewsNet articles on Ray Data with
1 and 2 workers, and on the local engine, and the time to load the analyses into a store.

    python bench/ray_engine.py [--articles 4000] [--shards 8]

Writes the first `--articles` articles of SaudiNewsNet as `--shards` JSON Lines shards, then times
the analyse stage (`rasid.batch.analyse`: read, clean, analyse, write Parquet) per engine and worker
count, in a fresh process each (models load inside the timing, as in a real job), and the load stage
(`rasid.batch.load`: store, link, corpus step) once. Prints one JSON line.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RASID_SHARED", ROOT.parent / "shared"))
ZIPS = sorted((SHARED / "data" / "news" / "saudinewsnet").glob("*.zip"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=4000)
    ap.add_argument("--shards", type=int, default=8)
    args = ap.parse_args()
    records: list[dict] = []
    for z in ZIPS:
        with zipfile.ZipFile(z) as zf:
            records += [r for name in sorted(zf.namelist()) for r in json.loads(zf.read(name))
                        if (r.get("content") or "").strip()]
        if len(records) >= args.articles:
            break
    records = records[:args.articles]
    result: dict = {"bench": "ray_engine", "articles": len(records), "shards": args.shards, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        shards = []
        for k in range(args.shards):
            shards.append(Path(tmp) / f"part{k}.jsonl")
            with shards[-1].open("w", encoding="utf-8") as f:
                for r in records[k::args.shards]:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
        for engine, workers in (("ray", 1), ("ray", 2), ("local", 1), ("local", 2)):
            out = Path(tmp) / f"{engine}{workers}"
            t0 = time.monotonic()
            done = subprocess.run([sys.executable, "-m", "rasid", "batch", *map(str, shards), "--out", str(out),
                                   "--engine", engine, "--workers", str(workers), "--no-load"],
                                  capture_output=True, text=True)
            seconds = time.monotonic() - t0
            assert done.returncode == 0, done.stderr[-2000:]
            result[f"{engine}_{workers}"] = {"seconds": round(seconds, 1),
                                             "articles_per_s": round(len(records) / seconds, 1)}
            print(json.dumps({engine: workers, **result[f"{engine}_{workers}"]}), file=sys.stderr, flush=True)
        result["ray_speedup_2_over_1"] = round(result["ray_1"]["seconds"] / result["ray_2"]["seconds"], 2)
        t0 = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "rasid", "batch", "--out", str(Path(tmp) / "ray2"),
                               "--no-analyse", "--db", str(Path(tmp) / "s.db")], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
        result["load"] = {"seconds": round(time.monotonic() - t0, 1)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
