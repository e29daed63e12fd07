"""NER figures: ANERcorp CAMeL test split and AQMAR test, through `rasid ner --conll FILE --eval`.

    python bench/ner_eval.py [--shared ../shared]

Writes the ANERcorp test split (lines 125,306-150,313 of the corpus file, as they are) to a temporary
file and runs the evaluation command on it and on AQMAR's test file; prints what the command prints
(per-type P/R/F1, the micro line, tokens/s of tagging on one core). Record the figures in RESULTS.md.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

FIRST, LAST = 125_306, 150_313


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    args = ap.parse_args()
    ner = Path(args.shared) / "data" / "ner"
    with tempfile.TemporaryDirectory() as tmp:
        test = Path(tmp) / "anercorp_camel_test.txt"
        with open(ner / "anercorp" / "ANERCorp", encoding="utf-8") as f:
            lines = f.readlines()[FIRST - 1:LAST]
        test.write_text("".join(lines), encoding="utf-8")
        for name, path in (("ANERcorp CAMeL test", test), ("AQMAR test", ner / "aqmar_liu2019" / "test.txt")):
            print(f"== {name}: rasid ner --conll {path.name} --eval", flush=True)
            subprocess.run([sys.executable, "-m", "rasid.cli", "ner", "--conll", str(path), "--eval"], check=True,
                           env={"COLUMNS": "120", **__import__("os").environ})


if __name__ == "__main__":
    main()
