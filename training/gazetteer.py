"""Name lists for the NER model's gazetteer features, from labelled text the network does not train on.

    python training/gazetteer.py [--out rasid/data/ner]

Every entity span of WikiANN (silver: names from Wikipedia links) plus every name in Rasid's knowledge
base, keyed as the tagger keys words (folded, without proclitics and ال). The gold corpora the network
trains on (ANERcorp, AQMAR, WikiFANE) are left out on purpose: names from the tagger's own training text
would match every name of its training sentences and teach it to trust the list blindly; AQMAR's and
ANERcorp's test splits are left out to keep their figures honest.
"""
from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import wikiann  # noqa: E402

from rasid.extract.conll import normalize_tag  # noqa: E402
from rasid.extract.features import bare, word_key  # noqa: E402
from rasid.extract.ner import chunks  # noqa: E402

_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


def spans(sentences):
    for s in sentences:
        toks = [t for t, _ in s]
        tags = [normalize_tag(g) for _, g in s]
        for start, end, typ in chunks(tags):
            words = [_EDGE.sub("", t) for t in toks[start:end]]
            key = tuple(bare(word_key(w)) for w in words if w)
            if key and all(key) and len("".join(key)) >= 2:
                yield typ, key


def kb_names():
    from rasid.kb import load_kb

    for e in load_kb():
        for name in [e.name, *e.names]:
            key = tuple(bare(word_key(w)) for w in name.split())
            if key and all(key):
                yield e.type, key


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="rasid/data/ner")
    ap.add_argument("--min-count", type=int, default=1)
    args = ap.parse_args()
    counts: Counter = Counter()
    sources = {"wikiann": wikiann("train") + wikiann("dev")}
    for name, sents in sources.items():
        n = 0
        for typ, key in spans(sents):
            counts[(typ, key)] += 1
            n += 1
        print(f"{name}: {n} names")
    for typ, key in kb_names():
        counts[(typ, key)] += args.min_count
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    kept = sorted((t, " ".join(k)) for (t, k), c in counts.items() if c >= args.min_count)
    with gzip.open(out / "gazetteer.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("# type\tname (folded, no proclitics); built by training/gazetteer.py\n")
        for t, k in kept:
            f.write(f"{t}\t{k}\n")
    print(f"{len(kept)} names → {out / 'gazetteer.tsv.gz'}")


if __name__ == "__main__":
    main()
