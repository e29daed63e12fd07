"""Random entity mentions and entities of an analysed store, written for judging by hand.

    python bench/entities_sample.py --db snn.db --mentions 200 --entities 50 --seed 61 > /tmp/entities.md

The output quotes the corpus, so it is kept out of the repository; the judgments go to bench/review/.
Mentions are drawn uniformly from every mention in the store; each is printed with its type, the entity
it is linked to and the sentence around it, the mention between « ». A reader judges whether the span
is a whole name (no clitic, preposition or conjunction inside, nothing cut off) and whether the type is
right. Entities are drawn uniformly from those with at least one mention; each is printed with its
type, knowledge-base id, and every distinct name its mentions use (with counts) and three contexts. A
reader judges whether all its mentions name one real-world referent.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasid.store import Store  # noqa: E402


def context(text: str, start: int, end: int, width: int = 70) -> str:
    return (text[max(0, start - width):start] + "«" + text[start:end] + "»" + text[end:end + width]).replace("\n", " ")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--mentions", type=int, default=200)
    ap.add_argument("--entities", type=int, default=50)
    ap.add_argument("--seed", type=int, default=61)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with Store(args.db, create=False) as store:
        db = store.db
        rows = db.execute("SELECT article, start, end, type, entity FROM mentions ORDER BY article, start").fetchall()
        picked = sorted(rng.sample(range(len(rows)), min(args.mentions, len(rows))))
        texts = {a.id: a.text for a in store.get_many(list({rows[i][0] for i in picked})).values()}
        print(f"# {len(picked)} random mentions of {len(rows)} (seed {args.seed})\n")
        for k, i in enumerate(picked, start=1):
            article, start, end, typ, entity = rows[i]
            print(f"M{k} · {typ} · {entity} · …{context(texts[article], start, end)}…")
        ents = [r[0] for r in db.execute("SELECT DISTINCT entity FROM mentions WHERE entity IS NOT NULL ORDER BY entity")]
        chosen = sorted(rng.sample(ents, min(args.entities, len(ents))))
        print(f"\n# {len(chosen)} random entities of {len(ents)} (seed {args.seed})\n")
        for k, ident in enumerate(chosen, start=1):
            e = store.entity(ident)
            ms = db.execute("SELECT article, start, end, text FROM mentions WHERE entity = ? ORDER BY article, start",
                            (ident,)).fetchall()
            names = Counter(m[3] for m in ms)
            articles = len({m[0] for m in ms})
            print(f"## E{k} {ident} · {e.type if e else '?'} · {e.name if e else ''}"
                  f"{' (' + e.name_en + ')' if e and e.name_en else ''} · {len(ms)} mentions in {articles} articles")
            print("names: " + "، ".join(f"{n} ×{c}" for n, c in names.most_common(12)))
            shown = rng.sample(ms, min(3, len(ms)))
            got = store.get_many(list({m[0] for m in shown}))
            for a, s, t, _ in shown:
                print(f"- …{context(got[a].text, s, t)}…")
            print()


if __name__ == "__main__":
    main()
