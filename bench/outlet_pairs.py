"""Sample the "copies" and "shares" pairs behind the outlet profiles, to read them by hand.

    python bench/outlet_pairs.py [--db /tmp/review.db] [--seed 16] [--n 20]

Takes the pairs the profiles count (`rasid.api.text_pairs`): in each group of one text the earliest
carrier is the first; another outlet that published it on a later day (both dates publication dates)
"copies" it, else the two "share" it (the same day, or an order fetch times cannot tell). Lists every pair,
draws --n of them with --seed, half of each relation, preferring texts that read like an official Saudi
release (the King, ministries, royal decrees, statements: what the Saudi Press Agency puts out), and prints
for each: relation, outlets, timestamps, both titles and the first ~600 characters of both texts.
Open a copy of the store (opening may migrate it), never the only one.
"""
from __future__ import annotations

import argparse
import random
import re

from rasid.api import text_pairs
from rasid.store import Store

OFFICIAL = re.compile(r"واس|خادم الحرمين|الملك سلمان|ولي العهد|ولي ولي العهد|أمر ملكي|أوامر ملكية|الديوان الملكي"
                      r"|مجلس الوزراء|وزارة|وزير|بيان|سمو الأمير|أمير منطقة")


def pairs(store: Store) -> list[tuple[str, str, str, str, str, str | None, str | None]]:
    """(relation, first article, other article, their outlets, their dates) for every pair."""
    return [(p.relation, p.first, p.other, p.first_outlet, p.other_outlet, p.first_when, p.other_when)
            for p in text_pairs(store)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="/tmp/review.db")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--n", type=int, default=20)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with Store(args.db) as store:
        every = pairs(store)
        texts = store.get_many({x for p in every for x in p[1:3]})
        print(f"{len(every)} pairs: " + ", ".join(f"{r} {sum(p[0] == r for p in every)}" for r in ("copies", "shares")))
        sample = []
        for i, relation in enumerate(("copies", "shares")):
            want = args.n // 2 + (args.n % 2 if i else 0)
            pool = [p for p in every if p[0] == relation]
            official = [p for p in pool if OFFICIAL.search((texts[p[1]].title or "") + texts[p[1]].text[:600])]
            picked = rng.sample(official, min(want, len(official)))
            picked += rng.sample([p for p in pool if p not in picked], want - len(picked))
            sample += picked
        for n, (relation, a, b, who, other, when, then) in enumerate(sample, start=1):
            print(f"\n=== {n}. {relation}: {who} ({when}) -> {other} ({then})  [{a} / {b}]")
            for art in (texts[a], texts[b]):
                print(f"--- {art.title}\n{art.text[:600]}")


if __name__ == "__main__":
    main()
