"""Web app latency under load: the story list, story pages and searches at 20 concurrent clients.

    python bench/web_latency.py --db STORE [--clients 20] [--seconds 30] [--workers 2] [--stories 200]

STORE is a store with SaudiNewsNet ingested (`rasid ingest ../shared/data/news/saudinewsnet/*.zip`).
Starts `rasid serve` on a free loopback port. URLs of three kinds: the story list (pages 1-5, a date
filter, a size filter), story pages (the `--stories` newest stories of two or more articles) and
searches (30 words and names common in the corpus). After `--settle` seconds (the workers warm up:
encoder, embeddings, the newest stories' briefs), a first pass requests every URL once from
`--clients` threads (cold caches: every brief computed, the encoder loaded); then, for each kind in
turn, wrk (Debian's package) holds `--clients` keep-alive connections cycling through its URLs for
`--seconds`. Prints one JSON line: p50/p95/p99 in ms per kind, for the cold pass and under load, and
requests per second.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

QUERIES = ["الرياض", "ولي العهد", "اليمن", "عدن", "الحوثي", "إيران", "الاتفاق النووي", "النفط", "الأسهم", "داعش",
           "تركيا", "مصر", "السيسي", "الهلال", "النصر", "الأهلي", "وزارة الصحة", "كورونا", "الحج", "مكة المكرمة",
           "جدة", "الملك سلمان", "أوباما", "اليونان", "الدولار", "التعليم", "الإرهاب", "الطائف", "سوريا", "العراق"]


def percentiles(xs: list[float]) -> dict:
    xs = sorted(xs)
    if not xs:
        return {}

    def p(q):
        return round(xs[min(len(xs) - 1, int(q * len(xs)))] * 1000, 1)

    return {"n": len(xs), "p50_ms": p(0.50), "p95_ms": p(0.95), "p99_ms": p(0.99)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--stories", type=int, default=200)
    ap.add_argument("--settle", type=float, default=20, help="seconds to wait after the server answers")
    args = ap.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    rasid = Path(sys.executable).with_name("rasid")
    server = subprocess.Popen([str(rasid), "serve", "--db", args.db, "--port", str(port), "--workers",
                               str(args.workers)], stderr=subprocess.DEVNULL, env=os.environ | {"RASID_TOKEN": ""})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/api/stories?limit=1", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        time.sleep(args.settle)  # let the workers finish warming up (encoder, embeddings, newest briefs)
        stories = httpx.get(base + "/api/stories", params={"min_articles": 2, "limit": args.stories},
                            timeout=60).json()["stories"]
        urls = {"list": ["/", "/?offset=20", "/?offset=40", "/?offset=60", "/?offset=80",
                         "/?since=2015-07-25&until=2015-07-26", "/?min_articles=3"],
                "story": [f"/stories/{s['id']}" for s in stories],
                "search": [f"/search?q={q}" for q in QUERIES]}
        cold = {k: [] for k in urls}
        work = [(k, u) for k, us in urls.items() for u in us]
        lock = threading.Lock()

        def first_pass(chunk):
            with httpx.Client(base_url=base, timeout=120) as c:
                for k, u in chunk:
                    t = time.perf_counter()
                    c.get(u).raise_for_status()
                    with lock:
                        cold[k].append(time.perf_counter() - t)

        threads = [threading.Thread(target=first_pass, args=(work[i::args.clients],)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        warm = {k: _wrk(base, us, args.clients, args.seconds) for k, us in urls.items()}
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps({
        "bench": "web_latency", "clients": args.clients, "server_workers": args.workers, "seconds_per_kind": args.seconds,
        "stories_requested": len(urls["story"]),
        "cold_first_pass": {k: percentiles(v) for k, v in cold.items()}, "under_load_wrk": warm,
    }, ensure_ascii=False))


_LUA = """
paths = {%s}
i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%.1f %%.1f %%.1f %%d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def _wrk(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    """p50/p95/p99 (ms) and requests/s of `clients` keep-alive connections cycling through `paths` (wrk)."""
    from urllib.parse import quote

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(_LUA % ", ".join('"%s"' % quote(p, safe="/?=&") for p in paths))
    out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{int(seconds)}s", "--timeout", "10s", "-s", f.name,
                          base], capture_output=True, text=True, check=True).stdout
    n, micros, p50, p95, p99, errors = next(line for line in out.splitlines() if line.startswith("RESULT")).split()[1:]
    return {"requests": int(n), "requests_per_s": round(int(n) / (int(micros) / 1e6)), "p50_ms": float(p50),
            "p95_ms": float(p95), "p99_ms": float(p99), "errors": int(errors)}

if __name__ == "__main__":
    main()
