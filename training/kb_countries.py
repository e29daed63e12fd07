"""Build rasid/data/kb/countries.jsonl: every country with its Arabic and English names.

    python training/kb_countries.py

Names come from CLDR (babel) and countrystatecity-translations, plus the long and alternative names
and nationality adjectives curated in training/kb/countries_extra.jsonl (DPRK, جمهورية كوريا الشعبية
الديمقراطية, الكوري الشمالي …). Run it again after editing that file.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTRA = ROOT / "training" / "kb" / "countries_extra.jsonl"
OUT = ROOT / "rasid" / "data" / "kb" / "countries.jsonl"


def main() -> None:
    import countrystatecity_translations as cst
    from babel import Locale

    ar, en = Locale("ar").territories, Locale("en").territories
    names: dict[str, list[str]] = {}
    latin: dict[str, list[str]] = {}
    for t in cst.get_translations_by_language("ar"):
        code = t.countryCode
        names[code] = [n for n in (ar.get(code), t.translation) if n]
        latin[code] = [n for n in (en.get(code), t.countryName) if n]
    adjectives: dict[str, list[str]] = {}
    if EXTRA.exists():
        for line in EXTRA.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                code = rec["country"]
                names.setdefault(code, []).extend(rec.get("names", []))
                latin.setdefault(code, []).extend(rec.get("latin", []))
                adjectives[code] = rec.get("adjectives", [])
    with OUT.open("w", encoding="utf-8") as f:
        for code in sorted(names):
            ns, ls = list(dict.fromkeys(names[code])), list(dict.fromkeys(latin.get(code, [])))
            if not ns:
                continue
            rec = {"id": f"loc:country-{code.lower()}", "type": "LOC", "kind": "country", "name": ns[0],
                   "name_en": ls[0] if ls else None, "names": ns, "latin": ls, "country": code}
            if adjectives.get(code):
                rec["adjectives"] = adjectives[code]
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(names)} countries → {OUT}")


if __name__ == "__main__":
    main()
