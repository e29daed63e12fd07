"""Article pairs to label same-event or not, drawn from SaudiNewsNet where the decision is hard.

    python bench/labels/sample_pairs.py [--pairs 2000] [--seed 2027] > bench/labels/pairs.jsonl
    python bench/labels/sample_pairs.py --second-round --pairs 1000 --seed 2028 --first 2001 >> bench/labels/pairs.jsonl
    python bench/labels/sample_pairs.py --event-round --pairs 400 --seed 2037 --first 3801 >> bench/labels/pairs.jsonl

The articles of `../shared/gold/stories.dev.json` (its events and hard negatives) are left out, so the
labels never see the dev set. For random seed articles, the other articles crawled within two days are
ranked by the cosine of their folded words (tf-idf); one neighbour is drawn per band of cosine
(0.10-0.25, 0.25-0.40, 0.40-0.55, 0.55-0.75, 0.75-1), so the pairs cover the whole range from "same
topic, other event" to "same event told again". Only URLs go into the output: the texts stay in
`../shared` and `show_pairs.py` prints them for whoever labels.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import zipfile
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("RASID_SHARED", ROOT.parent / "shared"))
BANDS = [(0.10, 0.25), (0.25, 0.40), (0.40, 0.55), (0.55, 0.75), (0.75, 1.01)]
WINDOW = 2


def records() -> list[dict]:
    out = []
    for z in sorted((SHARED / "data" / "news" / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in sorted(zf.namelist()):
                out += [r for r in json.loads(zf.read(name)) if (r.get("content") or "").strip()]
    seen, unique = set(), []
    for r in out:  # one record per url
        if r["url"] not in seen:
            seen.add(r["url"])
            unique.append(r)
    return unique


def gold_urls() -> set[str]:
    gold = json.loads((SHARED / "gold" / "stories.dev.json").read_text(encoding="utf-8"))
    urls = {u for e in gold["events"] for u in e["articles"]}
    urls |= {u for h in gold["hard_negatives"] for g in h["groups"] for u in g}
    return urls


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=2027)
    ap.add_argument("--second-round", action="store_true")
    ap.add_argument("--event-round", action="store_true",
                    help="pairs that share what an event word is told of (تفجير سروج) but few words")
    ap.add_argument("--first", type=int, default=1, help="number of the first pair")
    args = ap.parse_args()
    from sklearn.feature_extraction.text import TfidfVectorizer

    sys.path.insert(0, str(ROOT))
    from rasid.text.normalize import fold

    excluded = gold_urls()
    recs = [r for r in records() if r["url"] not in excluded]
    days = np.array([date.fromisoformat(r["date_extracted"][:10]).toordinal() for r in recs])
    words = re.compile(r"[^\W\d_]{2,}")
    tfidf = TfidfVectorizer(analyzer=lambda t: words.findall(fold(t)), sublinear_tf=True, min_df=2, max_df=0.3)
    matrix = tfidf.fit_transform([(r["title"] or "") + "\n" + r["content"] for r in recs])
    rng = random.Random(args.seed)
    order = list(range(len(recs)))
    rng.shuffle(order)
    if args.second_round:
        return second_round(recs, days, matrix, order, rng, args)
    if args.event_round:
        return event_round(recs, days, matrix, order, rng, args)
    wanted = args.pairs // len(BANDS)
    counts = [0] * len(BANDS)
    seen: set[tuple[int, int]] = set()
    n = 0
    for i in order:
        if sum(counts) >= wanted * len(BANDS):
            break
        near = np.flatnonzero(np.abs(days - days[i]) <= WINDOW)
        near = near[near != i]
        cos = (matrix[near] @ matrix[i].T).toarray().ravel()
        for band, (lo, hi) in enumerate(BANDS):
            if counts[band] >= wanted:
                continue
            inside = near[(cos >= lo) & (cos < hi)]
            if not len(inside):
                continue
            j = int(rng.choice(list(inside)))
            key = (min(i, j), max(i, j))
            if key in seen or recs[i]["source"] == recs[j]["source"] and band == 0:
                continue
            seen.add(key)
            counts[band] += 1
            n += 1
            c = float(cos[list(near).index(j)])
            print(json.dumps({"pair": f"p{args.first + n - 1:04d}", "a": recs[i]["url"], "b": recs[j]["url"],
                              "cosine": round(c, 3)}, ensure_ascii=False))
    print(f"{n} pairs by band: {counts}", file=sys.stderr)


def second_round(recs, days, matrix, order, rng, args) -> None:
    from rasid.extract.terms import rare_keys

    rare = [set(rare_keys((r["title"] or "") + "\n" + r["content"][:400])) for r in recs]
    seen_urls = {json.loads(line)["a"] for line in (Path(__file__).parent / "pairs.jsonl").read_text("utf-8")
                 .splitlines()} if (Path(__file__).parent / "pairs.jsonl").exists() else set()
    quota = {"rare": int(args.pairs * 0.7), "other day": args.pairs - int(args.pairs * 0.7)}
    n = 0
    for i in order:
        if not any(quota.values()):
            break
        if recs[i]["url"] in seen_urls:
            continue  # a seed of the first round
        near = np.flatnonzero(np.abs(days - days[i]) <= WINDOW + 1)
        near = near[near != i]
        cos = (matrix[near] @ matrix[i].T).toarray().ravel()
        if quota["rare"]:
            pool = [int(j) for j, c in zip(near, cos, strict=True) if 0.05 <= c < 0.45 and rare[i] & rare[int(j)]]
            kind = "rare"
        else:
            pool = [int(j) for j, c in zip(near, cos, strict=True) if c >= 0.55 and 1 <= abs(days[int(j)] - days[i]) <= 3]
            kind = "other day"
        if not pool:
            continue
        j = rng.choice(pool)
        c = float(cos[list(near).index(j)])
        quota[kind] -= 1
        n += 1
        print(json.dumps({"pair": f"p{args.first + n - 1:04d}", "a": recs[i]["url"], "b": recs[j]["url"],
                          "cosine": round(c, 3), "round": 2, "kind": kind}, ensure_ascii=False))
    print(f"{n} second-round pairs", file=sys.stderr)


def event_round(recs, days, matrix, order, rng, args) -> None:
    """Fourth round: for random seed articles not yet in a pair, an article within three days whose event
    words are told of the same rare name (`terms.event_keys`) while their words are far apart (cosine
    under 0.3): a condemnation, a claim or an arrest after an attack, or another attack in the same
    town. Neither article may be in an earlier pair."""
    from rasid.extract.terms import event_keys

    keys = [set(event_keys((r["title"] or "") + "\n" + r["content"][:1000])) for r in recs]
    used = {u for line in (Path(__file__).parent / "pairs.jsonl").read_text("utf-8").splitlines()
            for u in (json.loads(line)["a"], json.loads(line)["b"])}
    n = 0
    for i in order:
        if n >= args.pairs:
            break
        if not keys[i] or recs[i]["url"] in used:
            continue
        near = np.flatnonzero((np.abs(days - days[i]) <= WINDOW + 1))
        near = near[near != i]
        cos = (matrix[near] @ matrix[i].T).toarray().ravel()
        pool = [int(j) for j, c in zip(near, cos, strict=True) if c < 0.3 and keys[i] & keys[int(j)]
                and recs[int(j)]["url"] not in used]
        if not pool:
            continue
        j = rng.choice(pool)
        used.update((recs[i]["url"], recs[j]["url"]))
        n += 1
        print(json.dumps({"pair": f"p{args.first + n - 1:04d}", "a": recs[i]["url"], "b": recs[j]["url"],
                          "cosine": round(float(cos[list(near).index(j)]), 3), "round": 4, "kind": "event"},
                         ensure_ascii=False))
    print(f"{n} event-round pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
