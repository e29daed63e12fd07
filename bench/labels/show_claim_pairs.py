"""Print figure pairs for labelling: for each side, outlet, date, headline and the sentence of the figure.

    python bench/labels/show_claim_pairs.py --db snn.db c0001 c0050

Reads `claim_pairs.jsonl` beside this script and the texts from the store (never copied here). The figure is
marked ⟦ ⟧ in its sentence; the sentence before it is shown too, since it often says what is counted. The
kind of group a pair was drawn from is not shown.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from rasid.store import Store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("first")
    ap.add_argument("last")
    ap.add_argument("--file", default=str(HERE / "claim_pairs.jsonl"))
    args = ap.parse_args()
    with Store(args.db, create=False) as store:
        ids = {u: i for i, us in store.all_urls().items() for u in us}
        for line in Path(args.file).read_text(encoding="utf-8").splitlines():
            p = json.loads(line)
            if not args.first <= p["pair"] <= args.last:
                continue
            print(f"=== {p['pair']} · counted: {p['unit']} · {p['facet']}")
            for side in ("a", "b"):
                s = p[side]
                art = store.get_many([ids[s["url"]]])[ids[s["url"]]]
                text = art.text
                at, end = s["at"], s["at"] + len(s["figure"])
                lo = max(text.rfind(".", 0, max(0, text.rfind(".", 0, at))) + 1, at - 500, 0)
                hi = min(len(text), at + 300)
                stop = text.find(".", end)
                hi = min(hi, stop + 1) if stop >= 0 else hi
                around = " ".join((text[lo:at] + "⟦" + text[at:end] + "⟧" + text[end:hi]).split())
                day = (art.published or art.fetched or "")[:10]
                print(f"[{side.upper()}] {art.outlet} · {day} · {art.title}")
                print(f"    …{around}…")
            print()


if __name__ == "__main__":
    main()
