"""Build rasid/data/kb/ministries.jsonl: the ministries, cabinet and central bank of every Arab League state.

    python training/kb_ministries.py

Arab news names a ministry by its portfolio and its country's adjective (وزارة الداخلية الكويتية),
by the portfolio alone when the country is plain (وزارة الداخلية، ذكرت الداخلية), or by the
portfolio in construct with the country (وزارة داخلية الكويت). Each entry carries those names, the
English name and the country code, so `entities.group_mentions` can link a bare «وزارة الداخلية» to
the ministry of the country the article is about. Ids follow the hand-curated ones in
organisations.jsonl (org:mfa-sa): an existing entry is extended, not duplicated. The countries, their
names and adjectives come from countries.jsonl (`training/kb_countries.py`).
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ROOT / "rasid" / "data" / "kb" / "countries.jsonl"
OUT = ROOT / "rasid" / "data" / "kb" / "ministries.jsonl"

ARAB_LEAGUE = "SA AE QA KW BH OM YE IQ SY LB JO PS EG SD LY TN DZ MA MR SO DJ KM".split()
# the feminine adjective a ministry takes where countries.jsonl lists none in that form
ADJECTIVE = {"SA": "السعودية", "KM": "القمرية"}
# id prefix, portfolio as the definite complement (and its bare construct form), English name
PORTFOLIOS = [
    ("moi", "الداخلية", "داخلية", "Ministry of Interior"),
    ("mfa", "الخارجية", "خارجية", "Ministry of Foreign Affairs"),
    ("mod", "الدفاع", "دفاع", "Ministry of Defence"),
    ("moh", "الصحة", "صحة", "Ministry of Health"),
    ("mof", "المالية", "مالية", "Ministry of Finance"),
    ("moj", "العدل", "عدل", "Ministry of Justice"),
    ("moe", "التعليم", "تعليم", "Ministry of Education"),
    ("moinfo", "الإعلام", "إعلام", "Ministry of Information"),
    ("moecon", "الاقتصاد", "اقتصاد", "Ministry of Economy"),
    ("moenergy", "الطاقة", "طاقة", "Ministry of Energy"),
    ("molab", "العمل", "عمل", "Ministry of Labour"),
    ("moag", "الزراعة", "زراعة", "Ministry of Agriculture"),
    ("motr", "النقل", "نقل", "Ministry of Transport"),
    ("mohous", "الإسكان", "إسكان", "Ministry of Housing"),
    ("motrade", "التجارة", "تجارة", "Ministry of Commerce"),
    ("mocult", "الثقافة", "ثقافة", "Ministry of Culture"),
    ("moawqaf", "الأوقاف", "أوقاف", "Ministry of Religious Endowments"),
    ("motour", "السياحة", "سياحة", "Ministry of Tourism"),
    ("moenv", "البيئة", "بيئة", "Ministry of Environment"),
]
# bodies named with the country's masculine adjective (مجلس الوزراء السعودي): id prefix, name, English
BODIES = [("cabinet", "مجلس الوزراء", "Council of Ministers"), ("cbank", "البنك المركزي", "Central Bank")]


# portfolios newsrooms name without «وزارة» (الداخلية السعودية); «الثقافة السعودية» is Saudi culture
SHORT = {"moi", "mfa", "moh"}


def adjective(country: dict) -> str | None:
    """The definite feminine adjective of a country (الكويتية), as a ministry takes it."""
    code = country["country"]
    if code in ADJECTIVE:
        return ADJECTIVE[code]
    return next((a for a in country.get("adjectives", []) if a.startswith("ال") and a.endswith("ية")), None)


def main() -> None:
    countries = {}
    for line in COUNTRIES.open(encoding="utf-8"):
        rec = json.loads(line)
        if rec.get("country") in ARAB_LEAGUE:
            countries[rec["country"]] = rec
    rows = []
    for code in ARAB_LEAGUE:
        c = countries[code]
        adj = adjective(c)
        short = min(c["names"], key=len)  # the name a construct uses: وزارة داخلية الكويت
        for prefix, portfolio, bare, english in PORTFOLIOS:
            names = [f"وزارة {portfolio} {adj}", f"وزارة {bare} {short}"] if adj else [f"وزارة {bare} {short}"]
            if adj and prefix in SHORT:
                names.insert(1, f"{portfolio} {adj}")
            rows.append({"id": f"org:{prefix}-{code.lower()}", "type": "ORG", "kind": "ministry", "name": names[0],
                         "name_en": f"{english} ({c['name_en']})", "names": names,
                         "latin": [f"{english} of {c['name_en']}"], "country": code, "role": portfolio})
        masculine = adj[:-1] if adj and adj.endswith("ة") else adj  # السعودية → السعودي
        for prefix, body, english in BODIES:
            if masculine:
                rows.append({"id": f"org:{prefix}-{code.lower()}", "type": "ORG", "kind": "ministry",
                             "name": f"{body} {masculine}", "name_en": f"{english} ({c['name_en']})",
                             "names": [f"{body} {masculine}"], "latin": [f"{english} of {c['name_en']}"],
                             "country": code, "role": body})
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# built by training/kb_ministries.py from countries.jsonl: do not edit by hand\n")
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} ministries and bodies of {len(ARAB_LEAGUE)} states → {OUT}")


if __name__ == "__main__":
    main()
