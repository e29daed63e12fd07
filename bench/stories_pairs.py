"""How well the stories agree with the labelled same-event pairs of `bench/labels/` (none from the dev set).

    python bench/stories_pairs.py EXPORT.json [--round 2]

For every labelled pair whose two articles are in the export: same story or not, against the label.
Prints precision, recall and F1 of "same story" over those pairs, by sampling round. This is how the
story step's own settings are chosen; the dev set (`score_stories.py`) only checks the result.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

LABELS = Path(__file__).resolve().parent / "labels"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("export", type=Path)
    args = ap.parse_args()
    data = json.loads(args.export.read_text(encoding="utf-8"))
    by_url = {u: a["id"] for a in data["articles"] for u in (a.get("urls") or [a.get("url")]) if u}
    story = {a: s["id"] for s in data["stories"] for a in s["articles"]}
    pairs = {p["pair"]: p for p in map(json.loads, (LABELS / "pairs.jsonl").read_text("utf-8").splitlines())}
    counts: dict[str, list[int]] = {}
    for part in sorted(LABELS.glob("same_event.part*.jsonl")):
        for line in part.read_text("utf-8").splitlines():
            rec = json.loads(line)
            p = pairs[rec["pair"]]
            a, b = by_url.get(p["a"]), by_url.get(p["b"])
            if a is None or b is None or a == b:
                continue
            together = story.get(a) == story.get(b)
            c = counts.setdefault(f"round {p.get('round', 1)}", [0, 0, 0])  # tp, fp, fn
            c[0] += together and rec["label"] == 1
            c[1] += together and rec["label"] == 0
            c[2] += not together and rec["label"] == 1
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    for name, (tp, fp, fn) in [*sorted(counts.items()), ("all", total)]:
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        print(f"{name:8s} precision {p:.3f}  recall {r:.3f}  F1 {2 * p * r / max(p + r, 1e-9):.3f}  ({tp + fn} same-event pairs)")


if __name__ == "__main__":
    main()
