"""Persons joined across articles by a first and family name (سامي الحربي → سامي معوض عوض الله الحربي), to judge.

    python bench/person_chains_sample.py --db STORE [--n 30] [--seed 71] > /tmp/person_chains.md

For `n` random entities of the store one of whose articles names the person by a first and family name alone
and another by a longer chain of them (`entities.first_and_family`), prints for each: the two articles'
outlet, day and headline, and the sentence of each mention, for a reader to say whether one man is meant.
The output quotes the corpus, so it is kept out of the repository; the judgments go to bench/review/.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasid.extract.entities import clean_name, family_name, first_and_family  # noqa: E402
from rasid.store import Store  # noqa: E402
from rasid.text.translit import name_key  # noqa: E402


def sentence(text: str, start: int, end: int) -> str:
    """The sentence around a span, the span marked ⟦…⟧."""
    left = max(text.rfind(c, 0, start) for c in ".؟!\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".؟!\n") if i >= 0]
    right = min(rights) if rights else len(text)
    return re.sub(r"\s+", " ", text[left:start] + "⟦" + text[start:end] + "⟧" + text[end:right]).strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=71)
    args = ap.parse_args()
    with Store(args.db, create=False) as store:
        rows = store.db.execute("SELECT m.article, m.start, m.end, m.text, m.entity FROM mentions m JOIN entities e"
                                " ON e.id = m.entity WHERE e.type = 'PER'").fetchall()
        by_entity: dict[str, dict[str, list]] = defaultdict(lambda: {"short": [], "long": []})
        for article, start, end, text, entity in rows:
            name = clean_name(text)
            if family_name(name):
                by_entity[entity]["short"].append((article, start, end, name))
            elif first_and_family(name):
                by_entity[entity]["long"].append((article, start, end, name))
        joined = []
        for entity, forms in sorted(by_entity.items()):
            pairs = [(s, lo) for s in forms["short"] for lo in forms["long"]
                     if s[0] != lo[0] and name_key(first_and_family(lo[3]) or "") == name_key(s[3])]
            if pairs:
                joined.append((entity, pairs))
        rng = random.Random(args.seed)
        picked = rng.sample(joined, min(args.n, len(joined)))
        print(f"# Persons joined across articles by a first and family name: {len(picked)} of {len(joined)}"
              f" (seed {args.seed})\n")
        for k, (entity, pairs) in enumerate(picked, 1):
            short, long_ = rng.choice(pairs)
            print(f"## P{k}: {long_[3]} ← {short[3]} ({entity})\n")
            for label, (article, start, end, _) in (("long", long_), ("short", short)):
                a = store.get(article)
                day = (a.published or a.fetched or "")[:10]
                print(f"- {label}: {a.outlet}, {day}, «{a.title}»\n  {sentence(a.text, start, end)}")
            print()


if __name__ == "__main__":
    main()
