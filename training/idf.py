"""Word rarity for the story decision: document frequencies of folded words over unlabeled news.

    python training/idf.py        # → rasid/data/stories/idf.tsv.gz

Documents: the ANT corpus (v2.1 and v1.1), the Arabic Newspapers Corpus and SaudiNewsNet (unlabeled),
one document per article. Words are folded and lose the article and attached proclitics exactly as
`rasid.extract.terms.words` does. Words seen in fewer than MIN_DF documents are left out (they count as
unseen, the rarest); the first line says how many documents were counted.
"""
from __future__ import annotations

import argparse
import gzip
import io
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from corpora import news_documents  # noqa: E402

from rasid.extract.terms import IDF_FILE, words  # noqa: E402

MIN_DF = 3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=IDF_FILE, help="where to write the table")
    out = ap.parse_args().out
    t0 = time.time()
    df: Counter = Counter()
    docs = 0
    for text in news_documents():
        docs += 1
        df.update(set(words(text)))
    kept = sorted((w, n) for w, n in df.items() if n >= MIN_DF)
    out.parent.mkdir(parents=True, exist_ok=True)
    # no name and mtime 0 in the gzip header: the same bytes every run, wherever it is written
    with out.open("wb") as sink, gzip.GzipFile(filename="", fileobj=sink, mode="wb", compresslevel=9, mtime=0) as raw:
        with io.TextIOWrapper(raw, encoding="utf-8") as f:
            f.write(f"# documents {docs}\n")
            f.writelines(f"{w}\t{n}\n" for w, n in kept)
    print(f"{docs:,} documents, {len(df):,} words, {len(kept):,} kept (df >= {MIN_DF}) → {out}"
          f" ({out.stat().st_size / 2**20:.1f} MB) in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
