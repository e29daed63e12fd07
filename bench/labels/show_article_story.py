"""Print article-to-story pairs for labelling: the article, then up to six members of the story.

    python bench/labels/show_article_story.py j0001 j0010 [--chars 500]

Reads `article_story.jsonl` beside this script and the texts from `../shared` (never copied here).
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
    ap.add_argument("--chars", type=int, default=500)
    args = ap.parse_args()
    texts = by_url()
    for line in (HERE / "article_story.jsonl").read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        if not args.first <= p["pair"] <= args.last:
            continue
        r = texts[p["article"]]
        print(f"=== {p['pair']} · story of {p['size']} articles")
        print(f"[ARTICLE] {r['source']} · {r['date_extracted'][:10]} · {r['title']}\n    "
              + " ".join(r["content"].split())[: args.chars])
        print("[STORY]")
        for url in p["story"]:
            m = texts[url]
            print(f"  - {m['source']} · {m['date_extracted'][:10]} · {m['title']}\n      "
                  + " ".join(m["content"].split())[:200])
        print()


if __name__ == "__main__":
    main()
