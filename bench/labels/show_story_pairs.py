"""Print story pairs for labelling: for each story, the outlet, crawl date, headline and opening of its articles.

    python bench/labels/show_story_pairs.py q0001 q0020 [--chars 220] [--file thread_pairs.jsonl]

Reads `story_pairs.jsonl` (or `--file`) beside this script and the texts from `../shared` (never copied here).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from show_pairs import by_url

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("first")
    ap.add_argument("last")
    ap.add_argument("--chars", type=int, default=220)
    ap.add_argument("--file", default="story_pairs.jsonl")
    args = ap.parse_args()
    texts = by_url()
    for line in (HERE / args.file).read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        if not args.first <= p["pair"] <= args.last:
            continue
        print(f"=== {p['pair']}" + (f" (stories of {p['sizes'][0]} and {p['sizes'][1]} articles)" if "sizes" in p else ""))
        for side in ("a", "b"):
            print(f"[{side.upper()}]")
            for url in p[side]:
                r = texts[url]
                body = " ".join(r["content"].split())[: args.chars]
                print(f"  - {r['source']} · {r['date_extracted'][:10]} · {r['title']}\n      {body}")
        print()


if __name__ == "__main__":
    main()
