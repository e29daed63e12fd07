"""Pairs of figures to label "one measure" or not, drawn from the claim groups Rasid builds on SaudiNewsNet.

    python bench/labels/sample_claim_pairs.py --db snn.db [--differ 200] [--agree 100] [--seed 2043] \
        [--first 1] > bench/labels/claim_pairs.jsonl

The store must hold all of SaudiNewsNet analysed and related (`rasid ingest ../shared/data/news/saudinewsnet/*.zip`).
Two figures of one story are compared today when they count one thing (unit and facet), about one actor and
subject, within a factor of five (`corpus/compare.py`). What is hard is whether they give one measure (the same
quantity of the same thing, in the same happening, time and place), so the pairs come from the groups: from
`differ` groups, two claims of different articles giving different figures; from `agree` groups of two
outlets or more, two claims of different articles giving the same figure. No article of
`../shared/gold/stories.dev.json` is in any pair. A claim is named by its article's URL, the character offset
of its figure in the stored text and the figure as written, never its sentence: `show_claim_pairs.py` prints
the sentences from the store for whoever labels.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))
from sample_pairs import gold_urls  # noqa: E402

from rasid.store import Store  # noqa: E402


def pairs_of(store: Store, kind: str, n: int, rng: random.Random, banned: set[str]) -> list[dict]:
    """One pair per group, from `n` random groups of `kind` none of whose articles is banned."""
    groups = [g for g in store.claim_groups() if g.kind == kind]
    rng.shuffle(groups)
    out: list[dict] = []
    for g in groups:
        if len(out) >= n:
            break
        claims = {c.id: c for c in store.story_claims(g.story)}
        members = [(claims[cid], fig) for cid, fig in g.claims if cid in claims]
        urls = {c.article: (store.urls(c.article) or [""])[0] for c, _ in members}
        if any(u in banned for u in urls.values()):
            continue
        cands = [(a, fa, b, fb) for i, (a, fa) in enumerate(members) for b, fb in members[i + 1:]
                 if a.article != b.article and (fa != fb) == (kind == "differ")]
        if not cands:
            continue
        a, _, b, _ = rng.choice(cands)
        out.append({"a": {"url": urls[a.article], "at": a.quantity.start, "figure": a.quantity.text},
                    "b": {"url": urls[b.article], "at": b.quantity.start, "figure": b.quantity.text},
                    "unit": g.unit, "facet": g.facet, "drawn_from": kind})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--differ", type=int, default=200)
    ap.add_argument("--agree", type=int, default=100)
    ap.add_argument("--seed", type=int, default=2043)
    ap.add_argument("--first", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    banned = gold_urls()
    with Store(args.db, create=False) as store:
        drawn = pairs_of(store, "differ", args.differ, rng, banned) + pairs_of(store, "agree", args.agree, rng, banned)
    rng.shuffle(drawn)  # the labeller does not see which kind of group a pair came from
    for k, p in enumerate(drawn, start=args.first):
        print(json.dumps({"pair": f"c{k:04d}", **p}, ensure_ascii=False))


if __name__ == "__main__":
    main()
