"""Random figures with a source, as the store attributes them, written for judging by hand.

    python bench/attribution_sample.py --db STORE [--n 50] [--seed 81] > /tmp/attributions.md

Draws `n` claims uniformly from those of the store whose attribution chain is not empty, and prints each
one's sentence with the figure marked ⟦…⟧ and the chain (the first to say it first). A reader judges whether
the chain names who says so, whole: not cut mid-phrase, no leading preposition, nothing past the name (the
clause the source said, the verb of saying, whom it was told), a relay and whom it quotes both there.
The output quotes the corpus, so it is kept out of the repository; the judgments go to bench/review/.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasid.store import Store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--seed", type=int, default=81)
    args = ap.parse_args()
    with Store(args.db, create=False) as store:
        rows = store.db.execute("SELECT id, text, start, q_start, q_end, attribution FROM claims"
                                " WHERE attribution != '[]' ORDER BY id").fetchall()
        picked = random.Random(args.seed).sample(rows, min(args.n, len(rows)))
        print(f"# {len(picked)} random attributed figures of {len(rows)} (seed {args.seed})\n")
        for k, (ident, text, start, q_start, q_end, chain) in enumerate(picked, 1):
            at, end = q_start - start, q_end - start
            sentence = re.sub(r"\s+", " ", text[:at] + "⟦" + text[at:end] + "⟧" + text[end:]).strip()
            sources = " ← ".join(f"«{s['text']}»" for s in json.loads(chain))
            print(f"## A{k} ({ident})\n\n{sentence}\n\nsources: {sources}\n")


if __name__ == "__main__":
    main()
