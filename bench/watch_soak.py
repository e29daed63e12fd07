"""Soak test of `rasid watch`: 20 loopback feeds publishing for ten minutes, some failing on the way.

    python bench/watch_soak.py [--minutes 10] [--feeds 20] [--every 5] [--days-per-minute 0] [--out FILE.json]

A loopback site (`tests/feedsite.py`) serves 20 RSS feeds. Each gains one article every `--every`
seconds on average (SaudiNewsNet articles, read from ../shared at run time, each published once), polled
every 5 s by one `rasid watch` process. On the way: two feeds answer 500 from minute 2 to minute 4, one
hangs (past the 5 s fetch timeout) from minute 5 to minute 6, one redirects from minute 7 (those times
scale with --minutes). With --days-per-minute N the feeds date their entries N days a minute apart, ending
now, so the stories' window of days slides as on a real week of news; by default every entry is dated now. The watcher's resident
memory is read from /proc each minute and at the end (VmRSS, and VmHWM: the peak), with its children's (the analysing process it replaces every 2,000 articles).

After the run a last `rasid watch --once` takes what was published in the final seconds; then every
published page must be stored exactly once: one article and one sighting per link, no page fetched
twice, and the failing feeds' articles taken after they recovered. Prints the figures as JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
SHARED = Path(os.environ.get("RASID_SHARED", ROOT.parent / "shared"))

from feedsite import NewsSite  # noqa: E402

from rasid.store import Store  # noqa: E402
from rasid.text.clean import content_id  # noqa: E402


def corpus(n: int) -> list[tuple[str, list[str]]]:
    """`n` SaudiNewsNet articles of distinct text, as (title, paragraphs)."""
    found, seen = [], set()
    for z in sorted((SHARED / "data" / "news" / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for rec in json.loads(zf.read(name)):
                    paragraphs = [p.strip() for p in (rec.get("content") or "").split("\n") if len(p.strip()) > 30]
                    key = content_id(rec.get("title"), "\n\n".join(paragraphs))
                    if rec.get("title") and len(paragraphs) >= 2 and key not in seen:
                        seen.add(key)
                        found.append((rec["title"], paragraphs))
    random.Random(7).shuffle(found)
    return found[:n]


def _status(pid: int | str) -> dict[str, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    return {k: int(line.split()[1]) for line in status.splitlines() for k in ("VmRSS", "VmHWM", "PPid")
            if line.startswith(k + ":")}


def rss_kb(pid: int) -> dict[str, int]:
    """The watcher's memory, its analysing process's (a child it replaces now and then), and the two together."""
    own = _status(pid)
    children = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                st = _status(d.name)
            except OSError:
                continue
            if st.get("PPid") == pid and "VmRSS" in st:
                children.append(st)
    child = sum(c["VmRSS"] for c in children)
    return {"VmRSS": own["VmRSS"], "VmHWM": own["VmHWM"], "children VmRSS": child, "total VmRSS": own["VmRSS"] + child}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--feeds", type=int, default=20)
    ap.add_argument("--every", type=float, default=5.0, help="mean seconds between two articles of one feed")
    ap.add_argument("--days-per-minute", type=float, default=0.0,
                    help="publication dates advance this many days a minute, ending now (0: all published now)")
    ap.add_argument("--out")
    args = ap.parse_args()
    seconds = args.minutes * 60
    articles = corpus(int(args.feeds * seconds / args.every * 1.3) + 100)
    site = NewsSite(hang=20.0)
    feeds = [f"/rss/{i:02d}.xml" for i in range(args.feeds)]
    for i, f in enumerate(feeds):
        site.feed(f, f"مصدر {i:02d}")
    work = Path(tempfile.mkdtemp(prefix="rasid-soak-"))
    db = work / "soak.db"
    toml = work / "sources.toml"
    toml.write_text("per_host = 0\ntimeout = 5\nmax_backoff = 40\n" + "".join(
        f'[[source]]\nname = "f{i:02d}"\nurl = "{site.url}{f}"\ninterval = 5\n' for i, f in enumerate(feeds)),
        encoding="utf-8")
    published: list[str] = []
    during_failure: list[str] = []
    stop = threading.Event()
    start = time.time()

    def publisher() -> None:
        rng, k = random.Random(11), 0
        while not stop.is_set() and k < len(articles):
            stop.wait(rng.expovariate(args.feeds / args.every))
            f = rng.choice(feeds)
            lag = (seconds - (time.time() - start)) / 60 * args.days_per_minute * 86400
            url = site.publish(f, *articles[k], published=time.time() - max(0.0, lag) if lag else None)
            k += 1
            published.append(url)
            if site.modes.get(f, "ok") != "ok":
                during_failure.append(url)

    def saboteur() -> None:
        for at, feed, mode in [(120, feeds[0], "500"), (120, feeds[1], "500"), (240, feeds[0], "ok"),
                               (240, feeds[1], "ok"), (300, feeds[2], "hang"), (360, feeds[2], "ok"),
                               (420, feeds[3], "redirect")]:
            at *= args.minutes / 10
            if stop.wait(max(0.0, start + at - time.time())):
                return
            site.modes[feed] = mode

    # the first articles are there before the watcher starts, as on a real first run
    for _ in range(args.feeds):
        published.append(site.publish(feeds[len(published) % len(feeds)], *articles[len(published)]))
    articles = articles[len(published):]
    threads = [threading.Thread(target=publisher, daemon=True), threading.Thread(target=saboteur, daemon=True)]
    for t in threads:
        t.start()
    log = open(work / "watch.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "rasid", "watch", str(toml), "--db", str(db), "--for",
                             str(seconds)], stdout=log, stderr=log)
    memory = {}  # resident memory at each minute, and near the end
    while proc.poll() is None:
        elapsed = time.time() - start
        minute = f"minute {int(elapsed // 60)}"
        if elapsed >= 60 and minute not in memory:
            memory[minute] = rss_kb(proc.pid)
        if elapsed >= seconds - 5 and "end" not in memory:
            memory["end"] = rss_kb(proc.pid)
        time.sleep(1)
    stop.set()
    wall = time.time() - start
    final = subprocess.run([sys.executable, "-m", "rasid", "watch", str(toml), "--db", str(db), "--once"],
                           capture_output=True, text=True)
    with Store(str(db)) as s:
        taken = dict(s.db.execute("SELECT url, article FROM seen_urls").fetchall())
        sightings = dict(s.db.execute("SELECT source, count(*) FROM sightings GROUP BY source").fetchall())
        states = {x.name: x for x in s.feed_sources()}
        figures = {
            "minutes": args.minutes, "feeds": args.feeds, "days per minute": args.days_per_minute, "published": len(published),
            "stored articles": s.count(), "sightings": s.count("sightings"),
            "published pages stored": sum(1 for u in published if taken.get(u)),
            "pages seen twice": sum(1 for u in published if sightings.get(u, 0) > 1),
            "pages fetched twice": sum(1 for p, n in site.requests.items() if p.startswith("/news/") and n > 1),
            "published during a failure": len(during_failure),
            "of those stored after recovery": sum(1 for u in during_failure if taken.get(u)),
            "304 answers": site.not_modified,
            "feed requests of the failing feeds": {f: site.requests[f] for f in feeds[:4]},
            "failures in a row at the end": {n: x.failures for n, x in states.items() if x.failures},
            "polls": sum(x.polls for x in states.values()),
            "memory kB": memory, "watch exit": proc.returncode, "final pass exit": final.returncode,
            "wall s": round(wall, 1),
        }
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    site.close()


if __name__ == "__main__":
    main()
