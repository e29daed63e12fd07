"""A fuzzing campaign over what reads untrusted text: cleaning (text and HTML pages), the per-article
analysis (dates, quantities, entities, claims), folding, and every route of the web app.

    python bench/fuzz.py [--inputs N] [--seed S]

Inputs are the demo corpus's texts mutated at random (characters of every Unicode block inserted,
lone surrogates, NULs and controls, presentation forms, runs of ©/@/digits/punctuation repeated
thousands of times, spans cut and doubled) and strings drawn from a hostile alphabet. A failure is
an exception, an offset that does not point at its text, text that cannot be stored as UTF-8, or a
call slower than --slow seconds. The web routes get every parameter set to hostile values (huge and
negative numbers, invisible characters, FTS syntax, surrogates) and must never answer 5xx.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

HOSTILE = ("\ud800", "\udfff", "\x00", "\x07", "\u200f", "\ufeff", "\u0640", "ﻻ", "ﷺ", "ﬁ", "²", "٣,٦", "©", "@",
           "(@x)", "pic.twitter.com/", "[ad_1]", "اقرأ أيضا:", "المصدر:", "\r\n", "\t", "&#x202e;", "<script>", "]]>",
           "٪", "%", "-", "—", "...", "؟", "\u202e", "١٢", "12/07/2025", "نحو", "ألف", "مليون", "قتيل")


def seeds() -> list[str]:
    folder = resources.files("rasid") / "data" / "demo"
    out = []
    for p in folder.iterdir():
        if p.name.endswith((".txt", ".html", ".json", ".jsonl", ".xml")):
            raw = p.read_bytes()
            for enc in ("utf-8", "utf-16", "cp1256"):
                try:
                    out.append(raw.decode(enc))
                    break
                except UnicodeDecodeError:
                    continue
    return out


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(text) + 1)
        kind = rng.random()
        if kind < 0.3:
            text = text[:i] + rng.choice(HOSTILE) + text[i:]
        elif kind < 0.5:
            text = text[:i] + chr(rng.randrange(0x20, 0x30000)) * rng.randint(1, 3) + text[i:]
        elif kind < 0.65:
            text = text[:i] + rng.choice(HOSTILE) * rng.randint(100, 5000) + text[i:]
        elif kind < 0.8:
            j = rng.randrange(i, len(text) + 1)
            text = text[:i] + text[i:j] * rng.randint(2, 4) + text[j:]
        else:
            j = rng.randrange(i, len(text) + 1)
            text = text[:i] + text[j:]
    return text[:200_000]


def drawn(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 60)):
        r = rng.random()
        if r < 0.4:
            parts.append(rng.choice(HOSTILE))
        elif r < 0.7:
            parts.append("".join(chr(rng.randrange(0x0600, 0x0700)) for _ in range(rng.randint(1, 9))))
        else:
            parts.append(chr(rng.randrange(0, 0x110000)))
        parts.append(rng.choice(" \n،."))
    return "".join(parts)


def check_spans(text: str, found: dict) -> None:
    for kind in ("dates", "quantities", "entities"):
        for r in found[kind]:
            assert text[r["start"]:r["end"]] == r["text"], (kind, r)
    for c in found["claims"]:
        q = c["quantity"]
        assert text[q["start"]:q["end"]] == q["text"], c


def targets():
    from rasid.extract import extract
    from rasid.model import RawPage
    from rasid.text.clean import clean_page
    from rasid.text.normalize import fold, fold_map
    from rasid.text.safe import printable_in_place

    def clean_text(s: str) -> None:
        for a in clean_page(RawPage(source="x", text=s)):
            a.text.encode("utf-8")
            (a.title or "").encode("utf-8")

    def clean_html(s: str) -> None:
        for a in clean_page(RawPage(source="x", html=f"<html><body><p>{s}</p></body></html>")):
            a.text.encode("utf-8")

    def analyse(s: str) -> None:
        text = printable_in_place(s[:20_000])  # what extract reads: a lone surrogate is one U+FFFD
        check_spans(text, extract(text, "2025-03-14"))

    def folding(s: str) -> None:
        folded, where = fold_map(s)
        assert folded == fold(s) and len(where) == len(folded)
        assert all(0 <= w < len(s) for w in where) and where == sorted(where)

    return {"clean text": clean_text, "clean HTML": clean_html, "analysis": analyse, "fold/fold_map": folding}


def fuzz_web(rng: random.Random, rounds: int) -> tuple[int, list[str]]:
    import shutil
    import tempfile

    from conftest import ingest_demo
    from fastapi.testclient import TestClient

    from rasid.web import create_app

    values = ["9223372036854775808", "-1", "0", "1e9", "NaN", "\u200f", "\ufeff", "\u0640", '"""*NEAR(', "a" * 5000,
              "%ED%A0%80", "yesterday", "2025-13-45", "PERSON", "<script>", "' OR 1=1 --", "../../etc/passwd", ""]
    failures, n = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        db = ingest_demo(Path(tmp))
        client = TestClient(create_app(db, token="t"))
        spec = client.get("/openapi.json").json()
        gets = [(p, [x["name"] for x in op.get("parameters", [])]) for p, ops in spec["paths"].items()
                for m, op in ops.items() if m == "get"]
        gets += [(p, ["q", "since", "until", "offset", "min_articles", "type", "entity", "unit", "lang"])
                 for p in ("/", "/entities", "/claims", "/search", "/stories/x", "/entities/x", "/articles/x")]
        for _ in range(rounds):
            path, params = rng.choice(gets)
            url = path.replace("{ident}", rng.choice(values + ["s1"]))
            query = {p: rng.choice(values) for p in params if rng.random() < 0.7}
            r = client.get(url, params=query)
            n += 1
            if r.status_code >= 500 or "Traceback" in r.text:
                failures.append(f"GET {url} {query} -> {r.status_code}")
        shutil.rmtree(tmp, ignore_errors=True)
    return n, failures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", type=int, default=2000, help="inputs per target")
    ap.add_argument("--web", type=int, default=3000, help="web requests")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--slow", type=float, default=10.0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    base = seeds()
    print("| target | inputs | failures | slowest call (s) | median call (ms) |")
    print("| --- | --- | --- | --- | --- |")
    for name, fn in targets().items():
        failures: Counter = Counter()
        times = []
        for i in range(args.inputs):
            s = mutate(rng.choice(base), rng) if i % 2 else drawn(rng)
            t0 = time.perf_counter()
            try:
                fn(s)
            except Exception as e:  # a failure to count, with its kind
                failures[f"{type(e).__name__}: {str(e)[:80]}"] += 1
            times.append(time.perf_counter() - t0)
            if times[-1] > args.slow:
                failures[f"slower than {args.slow} s"] += 1
        times.sort()
        print(f"| {name} | {args.inputs:,} | {sum(failures.values())} | {times[-1]:.2f} | "
              f"{1000 * times[len(times) // 2]:.1f} |", flush=True)
        for f, k in failures.most_common(5):
            print(f"|   ↳ {f} | | {k} | | |")
    n, failures = fuzz_web(rng, args.web)
    print(f"| web routes (GET, hostile parameters) | {n:,} | {len(failures)} | | |")
    for f in failures[:5]:
        print(f"|   ↳ {f} | | | | |")


if __name__ == "__main__":
    main()
