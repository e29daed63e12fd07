"""Near-duplicate detection at scale: 1,000,000 documents made from SaudiNewsNet, with planted copies.

    python bench/lsh_scale.py [--docs 1000000] [--copies 0.1] [--workers N] [--shared ../shared]

Documents are made as they are needed, so memory stays flat: each original is eight sentences drawn
at random from the sentences of the 15,042 SaudiNewsNet articles (so originals do not copy each
other), and a share `--copies` of the documents are planted near-copies of a recent original (about
2 % of the words replaced, as a re-post's light edits; half also lose their last sentence).
Signatures are computed in a process pool, as the per-article analysis does; then every document goes
through the store's incremental path (`pipeline.place_duplicate`: LSH buckets in SQLite, candidates verified on
their signatures), in batches of 10,000 per transaction. Prints one JSON line: documents, seconds to
make and sign them and to place them, documents/s, peak RSS of this process (the sentence pool is
most of it) and of the signature workers, store size, the recall of planted copies, and how many
documents were grouped that no copy was planted for.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
import zipfile
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from rasid.corpus import dedup
from rasid.pipeline import place_duplicate
from rasid.store import Store
from rasid.text.sentences import sentences

BATCH = 10_000
KEEP = 20_000  # originals a copy may be made of


def load_sentences(shared: Path) -> list[str]:
    pool = []
    for z in sorted((shared / "data" / "news" / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for rec in json.loads(zf.read(name)):
                    text = rec.get("content") or ""
                    pool += [text[s:e] for s, e in sentences(text) if e - s > 40]
    return pool


def make_docs(pool: list[str], n: int, copies: float, seed: int = 1):
    """Yield (index, text, index of the document it copies or None) for n documents. Copies are made of
    one of the last KEEP originals, so memory stays flat however many documents are made."""
    rng = random.Random(seed)
    recent: list[tuple[int, str]] = []
    for i in range(n):
        if len(recent) > 100 and rng.random() < copies:
            j, source = recent[rng.randrange(len(recent))]
            words = source.split()
            for _ in range(max(1, len(words) // 50)):  # about 2 % of the words replaced
                words[rng.randrange(len(words))] = rng.choice(words)
            text = " ".join(words)
            if rng.random() < 0.5:  # and half of them lose their last sentence
                parts = sentences(text)
                if len(parts) > 2:
                    text = text[: parts[-2][1]]
            yield i, text, j
        else:
            text = " ".join(rng.choice(pool) for _ in range(8))
            recent.append((i, text))
            if len(recent) > KEEP:
                recent.pop(rng.randrange(len(recent)))
            yield i, text, None


def _signatures(chunk: list[str]) -> bytes:
    return dedup.signatures(chunk).astype("<u4").tobytes()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--copies", type=float, default=0.1)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    pool = load_sentences(Path(args.shared))
    if not pool:
        sys.exit(f"no SaudiNewsNet zips under {args.shared}")
    planted: dict[int, int] = {}
    sigs = np.empty((args.docs, dedup.NUM_PERM), dtype="<u4")

    def chunks():
        chunk = []
        for i, text, source in make_docs(pool, args.docs, args.copies):
            if source is not None:
                planted[i] = source
            chunk.append(text)
            if len(chunk) == 2000:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    t0 = time.perf_counter()
    done = 0
    with ProcessPoolExecutor(args.workers) as ex:
        pending: deque = deque()
        for chunk in chunks():  # a few chunks in flight at a time, in order
            pending.append(ex.submit(_signatures, chunk))
            while len(pending) > 2 * args.workers or (pending and pending[0].done()):
                part = np.frombuffer(pending.popleft().result(), dtype="<u4").reshape(-1, dedup.NUM_PERM)
                sigs[done:done + len(part)] = part
                done += len(part)
        for f in pending:
            part = np.frombuffer(f.result(), dtype="<u4").reshape(-1, dedup.NUM_PERM)
            sigs[done:done + len(part)] = part
            done += len(part)
    signing = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "lsh.db")
        store.db.execute("PRAGMA foreign_keys=OFF")  # documents here are signatures only, not stored articles
        t0 = time.perf_counter()
        for start in range(0, len(sigs), BATCH):
            with store.transaction():
                rows = [(f"d{i}", sigs[i].tobytes(), b"") for i in range(start, min(start + BATCH, len(sigs)))]
                store.db.executemany("INSERT INTO features (article, minhash, embedding) VALUES (?, ?, ?)", rows)
                for i in range(start, min(start + BATCH, len(sigs))):
                    place_duplicate(store, f"d{i}", sigs[i])
        placing = time.perf_counter() - t0
        group = dict(store.db.execute("SELECT article, grp FROM duplicates").fetchall())
        found = sum(1 for c, o in planted.items() if f"d{c}" in group and group[f"d{c}"] == group.get(f"d{o}"))
        in_groups = {int(a[1:]) for a in group}
        unplanted = len(in_groups - set(planted) - set(planted.values()))
        db_mb = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 2**20
        store.close()
    print(json.dumps({
        "bench": "lsh_scale", "documents": len(sigs), "planted_copies": len(planted),
        "make_and_sign_s": round(signing), "place_s": round(placing),
        "docs_per_s": round(len(sigs) / (signing + placing)), "total_s": round(signing + placing),
        "planted_recall": round(found / max(len(planted), 1), 4), "unplanted_docs_grouped": unplanted,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "store_mb": round(db_mb), "num_perm": dedup.NUM_PERM, "bands": dedup.BANDS, "threshold": dedup.THRESHOLD,
        "workers": args.workers,
    }))


if __name__ == "__main__":
    main()
