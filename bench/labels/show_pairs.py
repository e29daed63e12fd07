"""Print article pairs for labelling: outlet, crawl date, headline and the opening of each text.

    python bench/labels/show_pairs.py p0001 p0050 [--chars 700]

Reads `pairs.jsonl` beside this script and the texts from `../shared` (never copied here).
"""
from __future__ import annotations

import argparse
import json
import os
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("RASID_SHARED", HERE.parents[2] / "shared"))


def by_url() -> dict[str, dict]:
    out = {}
    for z in sorted((SHARED / "data" / "news" / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for r in json.loads(zf.read(name)):
                    out.setdefault(r["url"], r)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("first")
    ap.add_argument("last")
    ap.add_argument("--chars", type=int, default=700)
    args = ap.parse_args()
    texts = by_url()
    for line in (HERE / "pairs.jsonl").read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        if not args.first <= p["pair"] <= args.last:
            continue
        print(f"=== {p['pair']}" + (f" (cosine {p['cosine']})" if "cosine" in p else ""))  # a model's score is not shown
        for side in ("a", "b"):
            r = texts[p[side]]
            body = " ".join(r["content"].split())[: args.chars]
            print(f"[{side.upper()}] {r['source']} · crawled {r['date_extracted'][:10]} · {r['title']}")
            print(f"    {body}")
        print()


if __name__ == "__main__":
    main()
