"""Deterministic candidate sentences for the SaudiNewsNet dates/quantities development set.

    python bench/devsets/select_candidates.py [--shared ../shared] [--per-zip 26] [--show]

Prints one JSON line per candidate: zip, record, start, end, the category it was drawn for, its
outlet and reference date (with --show, the sentence text too, for the annotator's eyes only: the
text is never written into the repository). How the sample is drawn:

- each of the 8 daily zips separately; the records of a zip are shuffled with
  `random.Random(f"1436:{zip name}")`;
- `content` is split into sentences at . ! ? ؟ followed by white space (a point inside a number is
  not a boundary) and at newlines; a sentence is stripped of surrounding white space and kept if it
  is 40-320 characters long;
- the categories below are drawn in turn (CATEGORY_CYCLE); for each, the outlets are visited in
  turn (alphabetical rotation, continued across categories), and the next unused record of that
  outlet (in shuffled order) whose first matching sentence is taken: one sentence per record at most,
  each record inspected at most once per category;
- "none" = a sentence with no digit, no number word, no month, weekday or relative time word.

The annotator then went through the candidates in order and dropped those that were garbled,
truncated, duplicated or not running text (lists, captions), until the set reached its size.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zipfile
from pathlib import Path

SEED = 1436
MIN_LEN, MAX_LEN = 40, 320

MONTHS_EG = "يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر"
MONTHS_LEV = "كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول"
MONTHS_MAG = "جانفي|فيفري|أفريل|ماي|جوان|جويلية|أوت|سبتمبر|أكتوبر|نوفمبر|ديسمبر"
HIJRI_MONTHS = "محرم|صفر|ربيع الأول|ربيع الآخر|ربيع الثاني|جمادى الأولى|جمادى الآخرة|جمادى الثانية|رجب|شعبان|رمضان|شوال|ذو القعدة|ذي القعدة|ذو الحجة|ذي الحجة"
WEEKDAYS = "السبت|الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة"
RELATIVE = "أمس|امس|البارحة|اليوم|غدا|غداً|الماضي|الماضية|المقبل|المقبلة|القادم|القادمة|الحالي|الحالية|الجاري|الجارية"
NUMBER_WORDS = ("واحد|اثنان|اثنين|اثنتين|ثلاث|أربع|اربع|خمس|ست|سبع|ثمان|تسع|عشر|عشرة|عشرين|عشرون|ثلاثين|أربعين|خمسين|"
                "مئة|مائة|مئات|ألف|الف|آلاف|ألفين|مليون|ملايين|مليار|مليارات")

B = r"(?<![\w])"
E = r"(?![\w])"


CATEGORIES: dict[str, re.Pattern] = {
    "month_egyptian": re.compile(rf"{B}(?:{MONTHS_EG}){E}"),
    "weekday": re.compile(rf"{B}[وب]?(?:{WEEKDAYS}){E}"),
    "relative": re.compile(rf"{B}[وب]?(?:{RELATIVE}){E}"),
    "number_word": re.compile(rf"{B}[وب]?(?:{NUMBER_WORDS})(?:ة|ا|ين|ون|ات)?{E}"),
    "digit": re.compile(r"[0-9]"),
    "hijri": re.compile(rf"(?:14[0-9][0-9]|١٤[٠-٩][٠-٩])\s*(?:هـ|ه\b|هجري)|(?:{HIJRI_MONTHS})\s+(?:الجاري|الماضي|المقبل|14)"),
    "percent": re.compile(r"%|٪|(?:في|بال)\s?(?:المئة|المائة)"),
    "month_levantine": re.compile(rf"{B}(?:{MONTHS_LEV}){E}"),
    "eastern_digit": re.compile(r"[٠-٩]"),
    "month_maghrebi": re.compile(rf"{B}(?:جانفي|فيفري|أفريل|جوان|جويلية|أوت){E}"),
}
NONE_BLOCKERS = [re.compile(r"[0-9٠-٩]"), CATEGORIES["month_egyptian"], CATEGORIES["weekday"],
                 CATEGORIES["relative"], CATEGORIES["number_word"], CATEGORIES["month_levantine"],
                 re.compile(rf"{B}(?:{HIJRI_MONTHS}|سنة|عام|شهر|أسبوع|يوم|أيام|ساعة|دقيقة|مرة|مرتين|نصف|ربع|ثلث){E}"),
                 re.compile(r"%|٪")]

CATEGORY_CYCLE = ["digit", "month_egyptian", "relative", "weekday", "number_word", "hijri", "percent",
                  "month_levantine", "none", "digit", "relative", "eastern_digit", "number_word", "month_maghrebi", "none"]

_BOUNDARY = re.compile(r"(?<=[.!?؟])(?=\s)|\n")


def sentences(content: str):
    """(start, end) of each sentence of `content`, stripped, within the length limits."""
    pos = 0
    for m in list(_BOUNDARY.finditer(content)) + [None]:
        cut = len(content) if m is None else m.end()
        chunk = content[pos:cut]
        lead = len(chunk) - len(chunk.lstrip())
        s, e = pos + lead, pos + len(chunk.rstrip())
        if MIN_LEN <= e - s <= MAX_LEN:
            yield s, e
        pos = cut


def matches(category: str, text: str) -> bool:
    if category == "none":
        return not any(p.search(text) for p in NONE_BLOCKERS)
    return bool(CATEGORIES[category].search(text))


def load(path: Path) -> list[dict]:
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if n.endswith(".json")]
        return json.loads(z.read(names[0]))


def candidates(zip_path: Path, per_zip: int):
    records = load(zip_path)
    order = list(range(len(records)))
    random.Random(f"{SEED}:{zip_path.name}").shuffle(order)
    by_outlet: dict[str, list[int]] = {}
    for i in order:
        by_outlet.setdefault(str(records[i].get("source") or "?"), []).append(i)
    outlets = sorted(by_outlet)
    used: set[int] = set()
    turn = 0
    for k in range(per_zip):
        category = CATEGORY_CYCLE[k % len(CATEGORY_CYCLE)]
        found = None
        for _ in range(len(outlets)):
            outlet = outlets[turn % len(outlets)]
            turn += 1
            for i in by_outlet[outlet]:
                if i in used:
                    continue
                content = records[i].get("content") or ""
                for s, e in sentences(content):
                    if matches(category, content[s:e]):
                        found = (i, s, e)
                        break
                if found:
                    break
            if found:
                break
        if not found:
            continue
        i, s, e = found
        used.add(i)
        r = records[i]
        yield {"zip": zip_path.name, "record": i, "start": s, "end": e, "category": category,
               "source": r.get("source"), "reference": str(r.get("date_extracted") or "")[:10]}, r["content"][s:e]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2].parent / "shared"))
    ap.add_argument("--per-zip", type=int, default=26)
    ap.add_argument("--show", action="store_true", help="print the sentence text too (never commit it)")
    args = ap.parse_args()
    zips = sorted((Path(args.shared) / "data" / "news" / "saudinewsnet").glob("*.zip"))
    if not zips:
        sys.exit(f"no SaudiNewsNet zips under {args.shared}")
    for z in zips:
        for cand, text in candidates(z, args.per_zip):
            if args.show:
                cand["text"] = text
            print(json.dumps(cand, ensure_ascii=False))


if __name__ == "__main__":
    main()
