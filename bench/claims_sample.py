"""Random claim groups of one kind from an analysed and related store, written for judging by hand.

    python bench/claims_sample.py --db snn.db --kind differ --n 50 --seed 41 > bench/review/claims_differ.md

Each group is printed with its story's label, what it compares (counted noun, facet, actor), its number of
independent sources, and every claim: outlet, publication date, the figure as written, its figure number
(claims with one number agree) and the sentence around it. A reader judges whether the group compares one
measure and whether its kind (agree, differ, revised) is right.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasid.store import Store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--kind", default="differ", choices=("differ", "agree", "revised"))
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--seed", type=int, default=41)
    args = ap.parse_args()
    with Store(args.db, create=False) as store:
        groups = [g for g in store.claim_groups() if g.kind == args.kind]
        picked = sorted(random.Random(args.seed).sample(groups, min(args.n, len(groups))), key=lambda g: g.id)
        print(f"# {len(picked)} random `{args.kind}` claim groups of {len(groups)} (seed {args.seed})\n")
        for k, g in enumerate(picked, start=1):
            story = store.story(g.story)
            claims = {c.id: c for c in store.story_claims(g.story)}
            print(f"## G{k} {g.id} · {g.unit} · {g.facet} · actor {g.actor} · {g.sources} independent sources")
            print(f"story: {story.label if story else g.story}")
            for cid, figure in g.claims:
                c = claims.get(cid)
                if c is None:
                    continue
                q = c.quantity
                at = q.start - c.start
                around = c.text[max(0, at - 90):at + len(q.text) + 60].replace("\n", " ")
                print(f"- [{figure}] {c.outlet} · {(c.published or c.fetched or '')[:10]} · «{q.text}» · …{around}…")
            print()


if __name__ == "__main__":
    main()
