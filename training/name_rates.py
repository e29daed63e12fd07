"""Words the tagger rarely takes for part of a name in unlabeled news: rasid/data/ner/rarely_named.txt.

    python training/name_rates.py                  # 6M words of the ANT and Arabic Newspapers corpora

The shipped tagger is run over news it never trained on (the ANT and Arabic Newspapers corpora; not
SaudiNewsNet, which the reviews sample) and every word is counted: how often it occurs, how often the
tagger puts it inside a name. A word seen often and named in under `--rate` of its uses is a word of
the language (a title, a trade: الأمير، المخرج، مستشار); where the tagger still names it alone as a person
in an article, it takes the knowledge base, the first-name list or a second word of the name to make
it one (`entities._common_word`). Only persons: the places and bodies of Saudi news are rare in these corpora.
"""
from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import _NEWS, _texts  # noqa: E402

from rasid.extract.features import MODEL_DIR, bare, word_key  # noqa: E402

OUT = MODEL_DIR / "rarely_named.txt"


def _count(texts: list[str]) -> tuple[Counter, Counter]:
    from rasid.extract.entities import _pieces
    from rasid.extract.ner import default_tagger

    tagger = default_tagger()
    sents = [[t for t, _, _ in toks] for text in texts for toks in _pieces(text)]
    uses, named = Counter(), Counter()
    for words, tags in zip(sents, tagger.tag_batch(sents), strict=True):
        for w, tag in zip(words, tags, strict=True):
            if w[:1].isalpha() and not w.isascii():
                k = bare(word_key(w))
                if not k:
                    continue
                uses[k] += 1
                if tag != "O":
                    named[k] += 1
    return uses, named


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-words", type=int, default=6_000_000)
    ap.add_argument("--min-uses", type=int, default=30)
    ap.add_argument("--rate", type=float, default=0.05)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    t0 = time.time()

    def batches():
        words = 0
        it = iter(_texts(_NEWS))
        while words < args.max_words and (chunk := list(itertools.islice(it, 200))):
            words += sum(len(t.split()) for t in chunk)
            yield chunk

    uses, named = Counter(), Counter()
    with ProcessPoolExecutor(args.workers) as pool:
        for n, (u, m) in enumerate(pool.map(_count, batches()), start=1):
            uses.update(u)
            named.update(m)
            if n % 20 == 0:
                print(f"{sum(uses.values()):,} words, {time.time() - t0:.0f} s", file=sys.stderr)
    rare = sorted(k for k, n in uses.items() if n >= args.min_uses and named[k] < args.rate * n)
    Path(args.out).write_text("".join(f"{k}\n" for k in rare), encoding="utf-8")
    print(f"{sum(uses.values()):,} words tagged, {len(uses):,} distinct; {len(rare):,} rarely named "
          f"(≥ {args.min_uses} uses, named in < {args.rate:.0%}) → {args.out} ({time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
