"""Several writers on one store, and the web app reading while they write.

    python bench/concurrent_writers.py [--tries 10] [--writers 4] [--per-writer 150] [--read-seconds 0]

Part 1: `--tries` times, `--writers` `rasid ingest` processes start at once on a NEW store, each with its
own slice of SaudiNewsNet records (each slice shares a third of its records with the next). Counted:
processes that failed, articles lost or stored twice, articles left unanalysed or unplaced, and the
store's integrity check.

Part 2 (`--read-seconds N`): `rasid serve` on a store of two SaudiNewsNet days while two `rasid ingest`
add two more days each; four clients read story lists, story pages and searches the whole time
(each URL new, so the page cache does not answer). Latencies of those reads.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RASID_SHARED", ROOT.parent / "shared"))
ZIPS = sorted((SHARED / "data" / "news" / "saudinewsnet").glob("*.zip"))


def records(zip_path: Path) -> list[dict]:
    with zipfile.ZipFile(zip_path) as zf:
        return [r for name in sorted(zf.namelist()) for r in json.loads(zf.read(name))
                if (r.get("content") or "").strip()]


def rasid(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "rasid", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def part1(tries: int, writers: int, per: int) -> None:
    pool = records(ZIPS[0])
    from rasid.ingest.records import read_records
    from rasid.model import RawPage
    from rasid.pipeline import page_articles

    print("| try | writers | failed | stored | lost | stored or placed twice | unanalysed or unplaced | integrity | seconds |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    totals = {"failed": 0, "lost": 0, "twice": 0, "pending": 0}
    for t in range(tries):
        with tempfile.TemporaryDirectory() as tmp:
            files, wanted = [], set()
            step = per * 2 // 3
            for k in range(writers):
                part = pool[(t * 97 + k * step) % (len(pool) - per):][:per]
                for page in read_records(part, f"w{k}"):  # the ids a lone writer would store
                    found = page_articles(page) if isinstance(page, RawPage) else []
                    wanted |= {a.id for a in found} if isinstance(found, list) else set()
                files.append(Path(tmp) / f"w{k}.json")
                files[-1].write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
            db = Path(tmp) / "new.db"
            t0 = time.monotonic()
            procs = [rasid("ingest", str(f), "--db", str(db), "--workers", "1") for f in files]
            outs = [p.communicate(timeout=1800) for p in procs]
            seconds = time.monotonic() - t0
            failed = sum(p.returncode not in (0, 1) or "Traceback" in err for p, (_, err) in zip(procs, outs, strict=True))
            con = sqlite3.connect(db)
            ids = [r[0] for r in con.execute("SELECT id FROM articles")]
            stored, lost = len(ids), len(wanted - set(ids))
            twice = stored - len(set(ids))
            pending = con.execute("SELECT count(*) FROM articles WHERE analyzed = 0 OR related = 0").fetchone()[0]
            placed_twice = con.execute("SELECT count(*) - count(DISTINCT article) FROM story_articles").fetchone()[0]
            integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
            con.close()
            totals["failed"] += failed
            totals["lost"] += lost
            totals["twice"] += twice + placed_twice
            totals["pending"] += pending
            print(f"| {t + 1} | {writers} | {failed} | {stored} | {lost} | {twice + placed_twice} | {pending} |"
                  f" {integrity} | {seconds:.0f} |", flush=True)
    print(f"\ntotal over {tries} tries of {writers} writers: {totals['failed']} failed processes, {totals['lost']} articles"
          f" lost, {totals['twice']} stored or placed twice, {totals['pending']} left unanalysed or unplaced")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def part2(seconds: float) -> None:
    import httpx

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "read.db"
        subprocess.run([sys.executable, "-m", "rasid", "ingest", str(ZIPS[0]), str(ZIPS[1]), "--db", str(db)],
                       check=False, capture_output=True)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "rasid", "serve", "--db", str(db), "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                httpx.get(base + "/api/stories", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        stories = [s["id"] for s in httpx.get(base + "/api/stories", params={"limit": 200}, timeout=30).json()["stories"]]
        words = ["الرياض", "وزير", "المملكة", "اليمن", "الهلال", "الصحة", "أمير", "مجلس", "النفط", "الأمن"]
        writers = [rasid("ingest", str(ZIPS[2 + 2 * k]), str(ZIPS[3 + 2 * k]), "--db", str(db), "--workers", "1")
                   for k in range(2)]
        latencies: list[float] = []
        stop = time.monotonic() + seconds
        lock = threading.Lock()

        def reader(k: int) -> None:
            rng = random.Random(k)
            with httpx.Client(base_url=base, timeout=60) as c:
                n = 0
                while time.monotonic() < stop and any(w.poll() is None for w in writers):
                    n += 1
                    kind = n % 3
                    url = (f"/?offset={rng.randrange(0, 2000)}&k={k}-{n}" if kind == 0 else
                           f"/stories/{rng.choice(stories)}?k={k}-{n}" if kind == 1 else
                           f"/search?q={rng.choice(words)}&k={k}-{n}")
                    t0 = time.monotonic()
                    c.get(url)
                    with lock:
                        latencies.append(time.monotonic() - t0)

        threads = [threading.Thread(target=reader, args=(k,)) for k in range(4)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        for w in writers:
            w.wait()
        server.terminate()
        server.wait(30)
        failed = sum(w.returncode not in (0, 1) for w in writers)
        latencies.sort()
        q = statistics.quantiles(latencies, n=100)
        print(f"\nreads while two writers wrote: {len(latencies)} requests, p50 {1000 * q[49]:.0f} ms, "
              f"p95 {1000 * q[94]:.0f} ms, max {1000 * latencies[-1]:.0f} ms; writers failed: {failed}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tries", type=int, default=10)
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--per-writer", type=int, default=150)
    ap.add_argument("--read-seconds", type=float, default=0)
    args = ap.parse_args()
    if args.tries:
        part1(args.tries, args.writers, args.per_writer)
    if args.read_seconds:
        part2(args.read_seconds)


if __name__ == "__main__":
    main()
