"""NER tagging throughput on real news, one core: `python bench/ner_speed.py [--articles N]`.

Tokenizes the first N SaudiNewsNet articles (title and text) into sentences and tags them 16 articles
at a time with `Tagger.tag_documents` (network + document-level consistency) in one process with one
BLAS thread, the way `rasid analyze` does in each worker. Reports tokens/s from a cold start (model loaded, no word
seen yet) over the whole run, so the per-word cache warms up as it would on any corpus.
"""
from __future__ import annotations

import argparse
import json
import time
import zipfile
from pathlib import Path

from rasid.extract.entities import _pieces
from rasid.extract.ner import Tagger


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--articles", type=int, default=2000)
    args = ap.parse_args()
    docs = []
    for z in sorted((Path(args.shared) / "data" / "news" / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                docs += [f"{r['title']}\n{r['content']}" for r in json.loads(zf.read(name))]
        if len(docs) >= args.articles:
            break
    docs = [[[t for t, _, _ in toks] for toks in _pieces(d)] for d in docs[: args.articles]]
    n = sum(len(s) for d in docs for s in d)
    t0 = time.perf_counter()
    tagger = Tagger()
    loaded = time.perf_counter() - t0
    t1 = time.perf_counter()
    for i in range(0, len(docs), 16):  # as `rasid analyze` does: 16 articles per batch
        tagger.tag_documents(docs[i:i + 16])
    seconds = time.perf_counter() - t1
    print(json.dumps({"bench": "ner_speed", "articles": len(docs), "tokens": n, "seconds": round(seconds, 1),
                      "tokens_per_s": round(n / seconds), "model_load_s": round(loaded, 2)}))


if __name__ == "__main__":
    main()
