"""Temporal expressions in Arabic (and English) news, resolved against the publication date.

A small grammar over the folded text (`normalize.fold_map` keeps the way back to the displayed
offsets). Each rule finds a construction and says how to resolve it; where rules overlap the longest
match wins. Values are ISO strings with their granularity: `2025-07-12`, `2025-07`, `2025`, or an
interval `A/B`. What cannot be resolved (a weekday with no publication date) is not reported.

Constructions: day month year (١٢ سبتمبر ٢٠٢٣, 12th, September 2023, June 19, 2024, 11/3/2025);
day month with or without a relative word (13 يوليو الحاري); month year; a month alone after a cue
(في يونيو, منذ أكتوبر, نوفمبر الماضي); years after a cue (عام 2022); mixed month forms
(يوليو/تموز, يناير (كانون الثاني)); ranges (بين يومي 14 و15 يوليو, ما بين 7 سبتمبر و1 أكتوبر, شهري يناير
وفبراير الماضيين); weekdays (يوم السبت, بعد ظهر الأحد, الأربعاء المقبل), the nearest such day on or before
publication unless the words point forward; and relative expressions (أمس, اليوم, العام الماضي,
الشهر المقبل, هذا الأسبوع, الأشهر المقبلة, هذا الصيف).
"""
from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from datetime import date, timedelta

from rasid.extract.clock import PERIOD, clock_value, clocks, period_of, zone_after
from rasid.extract.numbers import NUMBER_WORDS, past_marks, value_of
from rasid.model import TimeExpr
from rasid.text.calendar import MONTHS
from rasid.text.normalize import fold, fold_map

_M = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
# a month, possibly followed by its other regional name: يوليو/تموز, يناير (كانون الثاني)
MON = rf"(?:{_M})(?:\s*[/(]\s*(?:{_M})\s*\)?|\s(?:{_M})(?!\w))?"
DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?:1[89]\d\d|20\d\d)"
REL = r"(?:الماضي|الماضيه|المنصرم|الفايت|المقبل|القادم|الحالي|الحاري|الجاري)"
_WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6}
_CUE = r"(?:في|منذ|خلال|حتي|حتى|قبل|بعد|مطلع|اوايل|اواخر|منتصف|بدايه|نهايه|شهر|شهري|بحلول|الي|الى|من)"
_ORDINAL_UNITS = "الحادي الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع".split()
_ORDINAL_DAYS = {w: i for i, w in enumerate(
    "الاول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر".split(), start=1)}
_ORDINAL_DAYS |= {f"{w} عشر": 11 + i for i, w in enumerate(_ORDINAL_UNITS)} | {"العشرين": 20, "الثلاثين": 30}
_ORDINAL_DAYS |= {f"{w} والعشرين": 21 + i for i, w in enumerate(_ORDINAL_UNITS)} | {"الحادي والثلاثين": 31}
_ORD = "|".join(sorted(_ORDINAL_DAYS, key=len, reverse=True))
# a year written in words: ألفين وتسعة عشر, ألف وتسعمائة وتسعين
SPELLED_YEAR = rf"(?:الفين(?!\s?و)|(?:الفين|الفان|الف)(?:\s?و\s?(?:{NUMBER_WORDS})(?!\w)(?:\s(?:{NUMBER_WORDS})(?!\w))?)+)"
ANY_YEAR = rf"(?:{YEAR}|{SPELLED_YEAR})"
_HIJRI = {fold(k): v for k, v in {
    "محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الاول": 3, "ربيع الآخر": 4, "ربيع الثاني": 4, "جمادى الأولى": 5,
    "جمادى الاولى": 5, "جمادى الآخرة": 6, "جمادى الثانية": 6, "جمادى الاخرة": 6, "رجب": 7, "شعبان": 8,
    "رمضان": 9, "شوال": 10, "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12, "ذي الحجة": 12}.items()}
HMON = "|".join(sorted(map(re.escape, _HIJRI), key=len, reverse=True))
_SEASONS = {"الربيع": (3, 5), "الصيف": (6, 8), "الخريف": (9, 11), "الشتاء": (12, 14)}


def _month(s: str) -> int:
    s = re.split(r"\s*[/(]", s.strip(), maxsplit=1)[0].strip()
    return MONTHS[s] if s in MONTHS else MONTHS[s.split(" ")[0]]


def _year(s: str) -> int:
    """A year written in digits or in words (ألفين وتسعة عشر → 2019)."""
    if s.isdigit():
        return int(s)
    v = value_of(re.sub(r"\s?و\s?", " و", s))
    if v is None or not 1800 <= v <= 2100 or v != int(v):
        raise ValueError(s)
    return int(v)


def _day(s: str) -> int:
    m = re.match(r"\d+", s)
    if m is None:
        raise ValueError(s)
    return int(m.group())


def _iso(y: int, m: int, d: int | None = None) -> str | None:
    if not 1 <= m <= 12 or (d is not None and not 1 <= d <= monthrange(y, m)[1]):
        return None
    return f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d else "")


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _month_year(m: int, rel: str | None, pub: date | None, day: int | None = None) -> int | None:
    """The year of a month written without one, from its relative word and the publication date."""
    if pub is None:
        return None
    if rel in ("المقبل", "القادم"):
        return pub.year if (m, day or 1) > (pub.month, pub.day if day else 1) else pub.year + 1
    if rel in ("الماضي", "الماضيه", "المنصرم", "الفايت"):
        return pub.year if m < pub.month else pub.year - 1
    if rel in ("الحالي", "الحاري", "الجاري"):
        return pub.year
    # no relative word: the most recent such month, a few weeks of look-ahead allowed
    candidate = date(pub.year, m, min(day or 1, monthrange(pub.year, m)[1]))
    return pub.year if candidate <= pub + timedelta(days=31) else pub.year - 1


class _Rules:
    """(trigger, pattern, resolver) triples; a resolver gets the match and the publication date. The
    trigger, a cheap pattern every match must contain, lets a rule skip texts it cannot match."""

    def __init__(self):
        self.rules: list[tuple[re.Pattern, re.Pattern, Callable]] = []

    def add(self, pattern: str, trigger: str):
        def register(fn):
            self.rules.append((re.compile(trigger), re.compile(rf"(?<![\w]){pattern}(?![\w])"), fn))
            return fn
        return register


R = _Rules()


@R.add(rf"(?:(?:ما\s)?بين\s)?(?:يومي\s|يوم\s)?(?P<d1>{DAY}|{_ORD})\s(?:و|الي\s|الى\s|حتي\s|حتى\s|-\s?)\s?(?P<d2>{DAY}|{_ORD})\s(?:من\s)?(?P<m>{MON})(?:[,،]?\s(?:من\s)?(?:عام\s|العام\s)?(?P<y>{ANY_YEAR}))?(?:\s(?P<rel>{REL}))?", _M)
def _day_range(m, pub):
    if f"{m['d1']} و{m['d2']}" in _ORDINAL_DAYS:
        return None  # الثالث والعشرين: one day, the 23rd
    mon = _month(m["m"])
    d1, d2 = (_ORDINAL_DAYS.get(m[k]) or _day(m[k]) for k in ("d1", "d2"))
    y = _year(m["y"]) if m["y"] else _month_year(mon, m["rel"], pub, d1)
    a, b = (_iso(y, mon, d1), _iso(y, mon, d2)) if y else (None, None)
    return f"{a}/{b}" if a and b else None


@R.add(rf"(?:(?:ما\s)?بين\s)?(?P<d1>{DAY})\s(?:من\s)?(?P<m1>{MON})(?:\s(?P<y1>{YEAR}))?\s(?:و|الي\s|الى\s|حتي\s|حتى\s)\s?(?P<d2>{DAY})\s(?:من\s)?(?P<m2>{MON})(?:\s(?P<y2>{YEAR}))?", _M)
def _date_range(m, pub):
    m1, m2 = _month(m["m1"]), _month(m["m2"])
    y2 = int(m["y2"]) if m["y2"] else (int(m["y1"]) if m["y1"] else _month_year(m2, None, pub, _day(m["d2"])))
    if not y2:
        return None
    y1 = int(m["y1"]) if m["y1"] else (y2 if m1 <= m2 else y2 - 1)
    a, b = _iso(y1, m1, _day(m["d1"])), _iso(y2, m2, _day(m["d2"]))
    return f"{a}/{b}" if a and b else None


@R.add(rf"(?:شهري\s)?(?P<m1>{MON})\s(?:و|الي\s|الى\s|حتي\s|حتى\s)\s?(?P<m2>{MON})(?:\s(?:من\s)?(?:عام\s|العام\s)?(?P<y>{YEAR}))?(?:\s(?P<rel>الماضيين|المقبلين|الحاليين|{REL}))?", _M)
def _month_range(m, pub):
    m1, m2 = _month(m["m1"]), _month(m["m2"])
    rel = {"الماضيين": "الماضي", "المقبلين": "المقبل", "الحاليين": "الحالي"}.get(m["rel"], m["rel"])
    y2: int | None
    if m["y"]:
        y2 = int(m["y"])
    elif m["rel"] or m.group().startswith("شهري"):
        y2 = _month_year(m2, rel, pub)
    else:
        return None  # "يناير وفبراير" with no cue: too often not a date range
    if not y2:
        return None
    y1 = y2 if m1 <= m2 else y2 - 1
    return f"{_iso(y1, m1)}/{_iso(y2, m2)}"


@R.add(rf"(?P<d>{DAY}|{_ORD}),?\s(?:من\s)?(?:شهر\s)?(?P<m>{MON})[,،]?\s(?:من\s)?(?:عام\s|العام\s|سنه\s)?(?P<y>{ANY_YEAR})", _M)
def _day_month_year(m, pub):
    return _iso(_year(m["y"]), _month(m["m"]), _ORDINAL_DAYS.get(m["d"]) or _day(m["d"]))


@R.add(rf"(?P<m>{MON})\.?\s(?P<d>{DAY}),?\s(?P<y>{YEAR})", _M)
def _month_day_year(m, pub):  # English order: June 19, 2024
    return _iso(int(m["y"]), _month(m["m"]), _day(m["d"]))


@R.add(rf"(?P<d>[0-3]?\d)\s?[/.-]\s?(?P<m>[01]?\d)\s?[/.-]\s?(?P<y>{YEAR})(?!\s?ه)", r"\d\s?[/.-]\s?\d")
def _numeric(m, pub):
    return _iso(int(m["y"]), int(m["m"]), int(m["d"]))


@R.add(rf"(?P<y>{YEAR})\s?(?P<sep>[/.-])\s?(?P<m>[01]?\d)\s?(?P=sep)\s?(?P<d>[0-3]?\d)(?![\d/-]|\.\d)", r"\d\s?[/.-]\s?\d")
def _numeric_year_first(m, pub):  # 2019/03/17, 2019-03-17
    return _iso(int(m["y"]), int(m["m"]), int(m["d"]))


@R.add(r"(?:[وف]?(?P<cue>في|بتاريخ|تاريخ|يوم|الموافق|حتي|منذ|من|الي|بين|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|الاحد)\s)(?P<d>[0-3]?\d)\s?/\s?(?P<m>[01]?\d)(?!\s?(?:[\d/%٪-]|\.\d)|\s?(?:ه|هـ)(?!\w))",
       r"\d\s?/\s?\d")
def _numeric_day_month(m, pub):
    """في 17/3, بتاريخ 05/11: the Arabic press's day-first date with no year, the year from the publication
    (the most recent such day, a few weeks of look-ahead allowed, as for a month named without a year)."""
    mon, d = int(m["m"]), int(m["d"])
    if not 1 <= mon <= 12:
        return None
    y = _month_year(mon, None, pub, d)
    return _iso(y, mon, d) if y else None


_QUARTERS = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الاخير": 4}
_HALVES = {"الاول": 1, "الثاني": 2, "الاخير": 2, "الاولي": 1, "الاخيره": 2}
_YEAR_OF = (rf"(?:\s(?:من\s|في\s|ل)?(?:(?:عام|العام|سنه|لعام|للعام)\s?)?(?:(?P<y>{YEAR})|(?P<rel>الماضي|الحالي|الجاري|المقبل|القادم|المنصرم)))?")


def _year_said(m, pub) -> int | None:
    """The year a part of a year belongs to: written, or relative to publication, or the publication's."""
    if m["y"]:
        return int(m["y"])
    if pub is None:
        return None
    return pub.year + {"الماضي": -1, "المنصرم": -1, "المقبل": 1, "القادم": 1}.get(m["rel"] or "", 0)


@R.add(rf"(?:ال)?(?:ربع|ثلاثي)\s(?P<q>{'|'.join(_QUARTERS)}){_YEAR_OF}", r"ربع|ثلاثي")
def _quarter(m, pub):
    """الربع الأول من عام 2019: January to March (months); الربع الأخير من العام الماضي."""
    y, q = _year_said(m, pub), _QUARTERS[m["q"]]
    if y is None:
        return None
    return f"{_iso(y, 3 * q - 2)}/{_iso(y, 3 * q)}"


@R.add(rf"(?:(?:ال)?نصف|(?:ال)?سداسي|الاشهر السته|الشهور السته)\s(?P<h>{'|'.join(_HALVES)}|الاولي|الاخيره){_YEAR_OF}", r"نصف|السته|سداسي")
def _half(m, pub):
    """النصف الأول من 2019: January to June."""
    y, h = _year_said(m, pub), _HALVES[m["h"]]
    if y is None:
        return None
    return f"{y}-01/{y}-06" if h == 1 else f"{y}-07/{y}-12"


_DECADES = {"عشرين": 2, "ثلاثين": 3, "اربعين": 4, "خمسين": 5, "ستين": 6, "سبعين": 7, "ثمانين": 8, "تسعين": 9}


@R.add(r"(?:عقد\s)?(?P<d>(?:ال)?(?:عشرين|ثلاثين|اربعين|خمسين|ستين|سبعين|ثمانين|تسعين))(?:يات|ات)"
       r"(?:\s(?:من\s)?(?P<c>القرن\s(?:الماضي|العشرين|المنصرم|الحالي|الحادي والعشرين)))?(?!\s(?:من\s)?(?:عمره|عمرها|العمر))",
       r"ينيات|ينات")
def _decade(m, pub):
    """التسعينيات, ثمانينيات القرن الماضي: the ten years of a decade (of the last century unless the century
    said is this one)."""
    century = 2000 if m["c"] and m["c"].endswith(("الحالي", "الحادي والعشرين")) else 1900
    first = century + 10 * _DECADES[m["d"].removeprefix("ال")]
    return f"{first}/{first + 9}"


@R.add(rf"(?:[وف]?(?:خلال\s)?(?:الفتره\s)?(?P<cue>من|بين|منذ)\s)(?:(?:عام|العام|عامي|سنه|سنتي)\s)?(?P<a>{YEAR})\s?(?:و?الي|و?حتي|و|-|–)\s?(?:(?:عام|العام|سنه)\s)?(?P<b>{YEAR})",
       YEAR)
def _year_range_cued(m, pub):
    """من 2011 إلى 2015, بين عامي 2011 و2015: the years from one to the other."""
    a, b = int(m["a"]), int(m["b"])
    return f"{a}/{b}" if a < b else None


@R.add(rf"(?P<d>{DAY}|{_ORD})\s(?:من\s)?(?:شهر\s)?(?P<m>{MON})(?:\s(?P<rel>{REL}))?", _M)
def _day_month(m, pub):
    mon = _month(m["m"])
    d = _ORDINAL_DAYS.get(m["d"]) or _day(m["d"])
    y = _month_year(mon, m["rel"], pub, d)
    return _iso(y, mon, d) if y else None


@R.add(rf"(?:شهر\s)?(?P<m>{MON})[,،]?\s(?:من\s)?(?:عام\s|العام\s|سنه\s)?(?P<y>{ANY_YEAR})", _M)
def _month_year_abs(m, pub):
    return _iso(_year(m["y"]), _month(m["m"]))


@R.add(rf"(?P<m>{MON})\s(?:من\s)?(?P<rel>العام الماضي|العام المقبل|العام القادم|العام الحالي|العام الجاري|هذا العام)", _M)
def _month_rel_year(m, pub):
    if pub is None:
        return None
    k = {"الماضي": -1, "المقبل": 1, "القادم": 1}.get(m["rel"].split()[-1], 0)
    return _iso(pub.year + k, _month(m["m"]))


@R.add(rf"(?:[وف]?(?P<cue>{_CUE})\s)?(?:شهر\s)?(?P<m>{MON})(?:\s(?P<rel>{REL}))?", _M)
def _month_alone(m, pub):
    if not (m["cue"] or m["rel"] or len(re.findall(_M, m["m"])) > 1):
        return None  # مارس is also a verb: a month alone needs a cue (or its other name: يونيو (حزيران))
    mon = _month(m["m"])
    if m["rel"] is None and m["cue"] not in ("منذ", "قبل") and pub is not None and _ahead(m.string, m.start()):
        return _iso(pub.year + (mon < pub.month), mon)  # سيعقد المؤتمر في سبتمبر: the coming one
    y = _month_year(mon, m["rel"], pub)
    return _iso(y, mon) if y else None


@R.add(rf"(?:[وف]?(?:في|منذ|خلال|حتي|حتى|قبل|بعد|بحلول|مطلع|نهايه|بدايه)\s)?(?:[وف]?(?:عام|العام|عامي|سنه|السنه)\s)(?P<y>{ANY_YEAR})(?:\s?م)?", rf"{YEAR}|الف")
def _year_cued(m, pub):
    return str(_year(m["y"]))


@R.add(rf"[وف]?(?:في|منذ|بحلول)\s(?P<y>{YEAR})(?!\s?[\d%])", YEAR)
def _year_after_preposition(m, pub):
    return m["y"]


@R.add(rf"(?:(?P<d1>[0-3]?\d)\s?(?:-|–|الي|حتي|و)\s?)?(?:\(\s?(?=\d{{1,2}}\s?\)))?(?P<d>[0-3]?\d|{_ORD})\)?\s(?:من\s)?(?:شهر\s)?(?P<m>{HMON})"
       rf"(?:\s(?:(?:من\s)?(?:عام|العام|سنه)\s)?(?P<y>1[34]\d\d)\s?(?:هـ|ه)?)?(?:\s(?P<rel>{REL}))?", HMON)
def _hijri_day(m, pub):
    """4 شوال 1436هـ, التاسع من شهر شوال عام 1436 هـ, 16 إلى 30 شوال الجاري: Umm al-Qura days, in Gregorian."""
    from hijridate import Gregorian, Hijri

    month, day = _HIJRI[m["m"]], _ORDINAL_DAYS.get(m["d"]) or int(m["d"])
    if m["y"]:
        year = int(m["y"])
    elif pub is not None:
        here = Gregorian(pub.year, pub.month, pub.day).to_hijri()
        year = here.year if (month, day) <= (here.month, here.day + 31) or m["rel"] else here.year - 1
    else:
        return None
    last = Hijri(year, month, day).to_gregorian().isoformat()
    if m["d1"] and int(m["d1"]) < day:
        return f"{Hijri(year, month, int(m['d1'])).to_gregorian().isoformat()}/{last}"
    return last


@R.add(rf"(?:شهر\s)?(?P<m>{HMON})\s(?:من\s)?(?:(?:عام|العام|سنه)\s)?(?P<y>1[34]\d\d)\s?(?:هـ|ه)", HMON)
def _hijri_month_year(m, pub):
    """ربيع الأول 1435هـ: the Gregorian days of that month."""
    return _hijri_month_days(int(m["y"]), _HIJRI[m["m"]])


@R.add(rf"(?:شهر\s)?(?P<m>{HMON})\s(?P<rel>الماضي|المنصرم|المقبل|القادم|الحالي|الجاري|المبارك|(?:من\s|ل)?هذا العام)", HMON)
def _hijri_month(m, pub):
    """رمضان المقبل, شهر رمضان لهذا العام: the Gregorian days of that Hijri month, before, at or after
    publication."""
    from hijridate import Gregorian

    if pub is None:
        return None
    here, month = Gregorian(pub.year, pub.month, pub.day).to_hijri(), _HIJRI[m["m"]]
    rel = m["rel"]
    year = here.year
    if rel in ("الماضي", "المنصرم"):
        year -= month >= here.month
    elif rel in ("المقبل", "القادم"):
        year += month <= here.month
    return _hijri_month_days(year, month)


def _hijri_month_days(year: int, month: int) -> str:
    """The Gregorian days of a Hijri month (Umm al-Qura), as an interval."""
    from hijridate import Hijri

    last = Hijri(year + (month == 12), month % 12 + 1, 1).to_gregorian() - timedelta(days=1)
    return f"{Hijri(year, month, 1).to_gregorian().isoformat()}/{last.isoformat()}"


_CENTURIES = {"السابع عشر": 17, "الثامن عشر": 18, "التاسع عشر": 19, "العشرين": 20, "الماضي": 20, "المنصرم": 20,
              "الحادي والعشرين": 21, "الحالي": 21, "الخامس عشر": 15, "السادس عشر": 16}


@R.add(rf"القرن\s(?P<c>{'|'.join(sorted(_CENTURIES, key=len, reverse=True))})", r"القرن")
def _century(m, pub):
    """القرن السابع عشر: 1601 to 1700; القرن الماضي, from a paper of this century."""
    c = _CENTURIES[m["c"]]
    return f"{100 * c - 99}/{100 * c}"


@R.add(r"(?P<d>[0-3]?\d)\s?/\s?(?P<m>[01]?\d)\s?/\s?(?P<y>1[34]\d\d)\s?(?:هـ|ه)(?!\w)", r"1[34]\d\d\s?ه")
def _hijri_numeric(m, pub):
    from hijridate import Hijri

    return Hijri(int(m["y"]), int(m["m"]), int(m["d"])).to_gregorian().isoformat()


@R.add(r"(?:(?:عام|العام|سنه)\s)?(?P<y>1[34]\d\d)\s?(?:هـ|ه)(?!\w)", r"1[34]\d\d\s?ه")
def _hijri_year(m, pub):
    from hijridate import Hijri

    y = int(m["y"])
    return f"{Hijri(y, 1, 1).to_gregorian().isoformat()}/{(Hijri(y + 1, 1, 1).to_gregorian() - timedelta(days=1)).isoformat()}"


@R.add(rf"(?:(?P<d1>[0-3]?\d|{_ORD})\s(?:الي|حتي|و|-)\s?)?(?P<d>[0-3]?\d|{_ORD})\s(?:من\s)?(?P<rel>الشهر الجاري|الشهر الحالي|الشهر الماضي|الشهر المقبل|الشهر القادم)", r"الشهر")
def _day_of_relative_month(m, pub):
    """28 الشهر الجاري, الخامس من الشهر المقبل, من 16 إلى 19 من الشهر الجاري."""
    if pub is None:
        return None
    k = {"الجاري": 0, "الحالي": 0, "الماضي": -1, "المقبل": 1, "القادم": 1}[m["rel"].split()[-1]]
    y, mon = _add_months(pub.year, pub.month, k)
    last = _iso(y, mon, _ORDINAL_DAYS.get(m["d"]) or int(m["d"]))
    first = _iso(y, mon, _ORDINAL_DAYS.get(m["d1"]) or int(m["d1"])) if m["d1"] else None
    return f"{first}/{last}" if first and last and first < last else last


@R.add(rf"(?P<d>{DAY})\s(?:من\s)?(?P<m>{MON})\s(?:من\s)?(?P<rel>العام الماضي|العام المقبل|العام القادم|العام الحالي|العام الجاري|هذا العام)", _M)
def _day_month_rel_year(m, pub):
    if pub is None:
        return None
    k = {"الماضي": -1, "المقبل": 1, "القادم": 1}.get(m["rel"].split()[-1], 0)
    return _iso(pub.year + k, _month(m["m"]), _day(m["d"]))


@R.add(rf"(?P<a>{YEAR})\s?[-/–]\s?(?P<b>{YEAR})(?:\s?م)?", YEAR)
def _year_range(m, pub):
    a, b = int(m["a"]), int(m["b"])
    return f"{a}/{b}" if 0 < b - a <= 50 else None


@R.add(r"(?:[وف]?(?:صباح|مساء|ليله|ليل|فجر|ظهر|بعد ظهر|عصر|يوم|اليوم)\s)?(?:(?:يوم|اليوم)\s)?(?P<w>الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|الاحد)(?:\s(?P<rel>الماضي|المقبل|القادم))?", r"الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|الاحد")
def _weekday(m, pub):
    text = m.group()
    if m["w"] == "الاثنين" and text == m["w"] and not _DAY_CUE.search(m.string, 0, m.start()) \
            and not _NEXT_WEEK_AFTER.match(m.string[m.end():m.end() + 24]) and not _ahead(m.string, m.start()):
        return None  # "the two": only with a cue (يوم, اليوم (الاثنين), سيتوجه الوفد الاثنين, من الأسبوع المقبل)
    if pub is None:
        return None
    target = _WEEKDAYS[m["w"]]
    before, after = m.string[max(0, m.start() - 24):m.start()], m.string[m.end():m.end() + 24]
    if _NEXT_WEEK_BEFORE.search(before) or _NEXT_WEEK_AFTER.match(after):
        # الأسبوع المقبل يوم الثلاثاء: that day of the week after this one (weeks start on Sunday)
        sunday = pub - timedelta(days=(pub.weekday() + 1) % 7) + timedelta(weeks=1)
        return (sunday + timedelta(days=(target + 1) % 7)).isoformat()
    if m["rel"] in ("المقبل", "القادم"):
        return (pub + timedelta(days=(target - pub.weekday() - 1) % 7 + 1)).isoformat()
    if re.search(r"(?:^|\s)اليوم\s", text):  # اليوم الأربعاء: the paper's dateline (on or before publication)
        return (pub - timedelta(days=(pub.weekday() - target) % 7)).isoformat()
    if m["rel"] is None and _ahead(m.string, m.start()):
        return (pub + timedelta(days=(target - pub.weekday()) % 7)).isoformat()  # يستأنف الفريق تدريباته الأحد
    back = (pub.weekday() - target) % 7
    if m["rel"] == "الماضي" and back == 0:
        back = 7
    return (pub - timedelta(days=back)).isoformat()


_DAY_CUE = re.compile(r"(?:\(|(?<!\w)(?:اليوم|امس|غدا))\s?$")
_NEXT_WEEK_BEFORE = re.compile(r"(?:الاسبوع|الاسبوع)\s(?:المقبل|القادم)\s(?:في\s)?(?:يوم\s)?$")
_NEXT_WEEK_AFTER = re.compile(r"^\s(?:من\s)?(?:الاسبوع|الاسبوع)\s(?:المقبل|القادم)")
# a clause that tells of what is to come: a future particle or word, or a verb in the imperfect opening it
_WILL = re.compile(r"(?<!\w)(?:[وف]?(?:سوف|المقرر|المزمع|المرتقب|المنتظر|المتوقع|المفترض|يعتزم|تعتزم|ينتظر|يتوقع|اعتبارا|ابتداء|بدءا)|[وف]?س[يتن](?!"
                   r"(?:ار|اس|اد|طر|ول|ناري|ناء|نما|ده|دات|وات)\w*)\w{3,})(?!\w)")
_IMPERFECT_OPENING = re.compile(r"^[وف]?ي\w{2,}(?!\w)")  # (ت opens past verbs too: تراجع، تحدث، تلقى)
_NOT_AHEAD = frozenset("يذكر يشار يشير تشير ياتي تاتي يقول تقول يبدو تبدو يعد تعد يعتبر تعتبر تحت تلك يوم تم يتم فيما فيه"
                       " فيها يلي يوما يونيو يوليو يناير".split())


def _ahead(folded: str, at: int) -> bool:
    """Whether the clause a weekday stands in tells of the future (سيلتقي الوزير نظيره الخميس, من المقرر أن
    تنطلق الثلاثاء, يستأنف الفريق تدريباته يوم الأحد): a future word in the words before it, or an imperfect
    verb opening its sentence."""
    start = max(folded.rfind(c, 0, at) for c in ".!؟?\n") + 1
    words = folded[start:at].split()
    if _WILL.search(" ".join(words[-8:])):
        return True
    first = words[0] if words and len(words) <= 8 else ""
    return bool(_IMPERFECT_OPENING.match(first)) and first.lstrip("وف") not in _NOT_AHEAD and first not in _NOT_AHEAD


@R.add(r"(?:[وف]?(?:منذ|خلال|في)\s)?(?:(?P<this>هذا|هذه)\s)?(?:[وف]?ب)?(?P<unit>العام|السنه|الشهر|الاسبوع|الاشهر|الشهور|الايام|الاسابيع|الاعوام|السنوات|الربيع|الصيف|الخريف|الشتاء)(?:\s(?P<rel>قبل الماضي|قبل الماضيه|الماضي|الماضيه|المنصرم|المنصرمه|السابق|السابقه|المقبل|المقبله|القادم|القادمه|الحالي|الجاري))?", r"العام|السنه|الشهر|الاسبوع|الاشهر|الشهور|الايام|الاسابيع|الاعوام|السنوات|الربيع|الصيف|الخريف|الشتاء")
def _relative(m, pub):
    if pub is None or not (m["this"] or m["rel"]):
        return None
    unit, rel = m["unit"], m["rel"] or "الحالي"
    k = -2 if rel.startswith("قبل") else -1 if rel.startswith(("الماضي", "المنصرم", "السابق")) else (
        1 if rel.startswith(("المقبل", "القادم")) else 0)
    if unit in ("العام", "السنه"):
        return str(pub.year + k)
    if unit == "الشهر":
        return _iso(*_add_months(pub.year, pub.month, k))
    if unit == "الاسبوع":
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=k)
        return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"
    if unit in ("الاشهر", "الشهور") and k:
        a, b = (_add_months(pub.year, pub.month, 1), _add_months(pub.year, pub.month, 3)) if k > 0 else \
            (_add_months(pub.year, pub.month, -3), _add_months(pub.year, pub.month, -1))
        return f"{_iso(*a)}/{_iso(*b)}"
    if unit in _SEASONS:
        return _season(unit.removeprefix("ال"), _season_start(unit.removeprefix("ال"), k, pub))
    return None


def _season(name: str, y: int) -> str:
    """A season as its months, the one starting in year `y` (a winter runs from December into the next year)."""
    first, last = _SEASONS["ال" + name]
    return f"{_iso(*_add_months(y, first, 0))}/{_iso(*_add_months(y, last, 0))}"


def _season_start(name: str, k: int, pub: date) -> int:
    """The year a season said relative to publication starts in: the one holding it or nearest (k = 0), the last
    to have ended before it (k = -1, -2 before that) or the first to start after it (k = 1)."""
    first, last = _SEASONS["ال" + name]
    now = pub.year * 12 + pub.month - 1
    spans = [(y, y * 12 + first - 1, y * 12 + last - 1) for y in range(pub.year - 3, pub.year + 2)]
    if k < 0:
        return [y for y, _, b in spans if b < now][k]
    if k > 0:
        return next(y for y, a, _ in spans if a > now)
    return min(spans, key=lambda s: (max(s[1] - now, now - s[2], 0), -s[0]))[0]


@R.add(rf"(?:[وف]?(?:ب|ل)?فصل\s|[وف]?(?:ب|ل))?(?P<s>ربيع|صيف|خريف|شتاء)\s(?:(?:عام|العام|سنه|لعام)\s?)?(?:(?P<y>{YEAR})|(?P<rel>الماضي|المنصرم|"
       r"الحالي|الجاري|المقبل|القادم)|(?P<this>هذا العام))", r"ربيع|صيف|خريف|شتاء")
def _season_of_year(m, pub):
    """صيف 2019, شتاء العام الماضي, خريف عام 2016: the season of a year said; a winter is named by the year of its
    January (شتاء 2019 = December 2018 to February 2019)."""
    y = _year_said(m, pub)
    if y is None:
        return None
    return _season(m["s"], y - 1 if m["s"] == "شتاء" else y)


_DAY_WORDS = {"يوم غد": 1, "صباح غد": 1, "مساء غد": 1, "ظهر غد": 1, "يوم الغد": 1, "صباح الغد": 1, "مساء الغد": 1,
              "ظهر الغد": 1, "اول من امس": -2, "اول امس": -2, "امس الاول": -2, "قبل يوم امس": -2, "قبل امس": -2, "امس": -1,
              "البارحه": -1, "بعد غد": 2, "بعد الغد": 2, "غدا": 1, "اليوم": 0}


@R.add(rf"(?P<w>{'|'.join(sorted(_DAY_WORDS, key=len, reverse=True))})", r"امس|البارحه|غد|اليوم")
def _day_word(m, pub):
    if pub is None:
        return None
    return (pub + timedelta(days=_DAY_WORDS[m["w"]])).isoformat()


_COUNTS = {"يوم": ("d", 1), "يوما": ("d", 1), "يومين": ("d", 2), "ايام": ("d", 1), "اسبوع": ("w", 1), "اسبوعا": ("w", 1),
           "اسبوعين": ("w", 2), "اسابيع": ("w", 1), "شهر": ("m", 1), "شهرا": ("m", 1), "شهرين": ("m", 2), "اشهر": ("m", 1),
           "شهور": ("m", 1), "عام": ("y", 1), "عاما": ("y", 1), "عامين": ("y", 2), "اعوام": ("y", 1), "سنه": ("y", 1),
           "سنتين": ("y", 2), "سنوات": ("y", 1), "سنين": ("y", 1)}
_COUNT = "|".join(sorted(_COUNTS, key=len, reverse=True))


@R.add(rf"(?P<dir>قبل|منذ|بعد)\s(?:(?P<n>\d{{1,2}}|(?:{NUMBER_WORDS})(?:\s(?:و\s?)?(?:{NUMBER_WORDS}))?)\s)?(?P<unit>{_COUNT})"
       r"(?!\s(?:من|علي|عن|فقط|فحسب|امس))", r"قبل|منذ|بعد")
def _counted(m, pub):
    """قبل يومين, منذ أسبوعين, بعد ثلاثة أيام, قبل شهر, قبل عامين: so long before or after publication (a day, a
    month or a year, as precise as the unit). A plural needs its number (قبل أيام is vague)."""
    if re.search(r"(?<!\w)(?:يوما|يوم|عاما|عام|سنه|شهرا|شهر|اسبوعا|اسبوع)\s$", m.string[max(0, m.start() - 8):m.start()]):
        return None  # يوما بعد يوم: day after day
    kind, n = _COUNTS[m["unit"]]
    if m["n"]:
        if n == 2 or m["unit"] in ("يوم", "اسبوع", "شهر", "عام", "سنه"):
            return None  # قبل ثلاثة يوم: not Arabic; a dual has no number before it
        value = value_of(m["n"])
        if value is None or value != int(value) or not 1 <= value <= 99:
            return None
        n = int(value)
    elif m["unit"] in ("ايام", "اسابيع", "اشهر", "شهور", "اعوام", "سنوات", "سنين"):
        return None
    if pub is None:
        return None
    k = n if m["dir"] == "بعد" else -n
    if kind == "d":
        return (pub + timedelta(days=k)).isoformat()
    if kind == "w":
        return (pub + timedelta(weeks=k)).isoformat()
    if kind == "m":
        return _iso(*_add_months(pub.year, pub.month, k))
    return str(pub.year + k)


def find_dates(text: str, published: str | None = None) -> list[TimeExpr]:
    """Every temporal expression in `text` with a resolved value, in order, offsets into `text`."""
    folded, where = fold_map(text)
    pub = _pub_date(published)
    found: list[tuple[int, int, str]] = []
    for trigger, pattern, resolve in R.rules:
        if not trigger.search(folded):
            continue
        for m in pattern.finditer(folded):
            if m.group().strip() and _not_a_name(folded, m):
                try:
                    value = resolve(m, pub)
                except (ValueError, KeyError, OverflowError):
                    value = None
                if value:
                    found.append((m.start(), m.end(), value))
    kept: list[tuple[int, int, str]] = []
    taken = bytearray(len(folded) + 1)  # positions a kept expression covers: linear, however many matches
    for s, e, v in sorted(found, key=lambda x: (x[0] - x[1], x[0])):  # longest first
        if not any(taken[s:e]):
            kept.append((s, e, v))
            taken[s:e] = b"\x01" * (e - s)
    out: list[TimeExpr] = []
    for s, e, v, at in _with_clocks(_merge(sorted(kept), folded), folded):
        start, end = where[s], past_marks(text, where[e - 1] + 1)  # the tanween of غداً، مساءً belongs to the word
        out.append(TimeExpr(text[start:end], start, end, v, clock=at))
    return out


_HAS_CLOCK = re.compile(r"الساعه|صباح|مساء|ظهر|عصر|فجر|ليل|صبيحه|توقيت|تغ|ت\s?\.?\s?غ|gmt|utc|\d\s?:\s?\d|\d\s[صم](?!\w)")
# what may stand between a time of day and the day it is on: الساعة العاشرة من صباح يوم الخميس, أمس، عند الساعة…
_BEFORE_DAY = re.compile(rf"[\s,،]*(?:(?:من|يوم|هذا|في|{PERIOD})\s+)*")
_CLAUSE_END = re.compile(r"[.!؟?\n:؛;«»\"“”]|(?<!\w)(?:و|ثم)?(?:امس|اليوم|غدا)(?!\w)")
_AFTER_DAY = re.compile(r"[\s,،(]*(?:(?:عند|في|وذلك|حوالي|حوالى|نحو|قرابه|تمام|منذ|حتي|حتى|بعد|قبل|من|اعتبارا|ابتداء|"
                        r"وفي|وعند|بدءا)\s+)*")


def _with_clocks(spans: list[tuple[int, int, str]], folded: str) -> list[tuple[int, int, str, str | None]]:
    """Each day expression with the time of day the text gives on it, its span grown over that time:
    «الساعة 14:38 بتوقيت غرينتش أمس», «صباح أمس عند الساعة التاسعة» (the day's period says which half)."""
    out: list[tuple[int, int, str, str | None]] = [(s, e, v, None) for s, e, v in spans]
    if not _HAS_CLOCK.search(folded):
        return out
    taken: set[int] = set()
    for c in clocks(folded):
        best: tuple[int, int] | None = None  # (gap, index)
        for i, (s, e, v, _) in enumerate(out):
            if len(v) != 10 or i in taken:
                continue
            if c.end <= s:
                gap = s - c.end if _BEFORE_DAY.fullmatch(folded[c.end:s]) and s - c.end <= 24 else None
            elif e <= c.start:
                gap = c.start - e if _AFTER_DAY.fullmatch(folded[e:c.start]) and c.start - e <= 25 else None
            else:
                gap = 0  # overlapping: «الساعة التاسعة صباح الخميس», the period in both
            if gap is None and e <= c.start and c.start - e <= 60 and not _CLAUSE_END.search(folded, e, c.start):
                gap = 100 + c.start - e  # the day its clause opens with: «أمس السبت، إخماد الحريق عند الحادية عشرة ليلاً»
            if gap is not None and (best is None or gap < best[0]):
                best = (gap, i)
        if best is None:
            continue
        s, e, v, _ = out[best[1]]
        s, period = period_of(folded, s, e)
        zone = zone_after(folded, max(e, c.end)) if c.zone is None else None
        value = clock_value(c, v, period, zone[1] if zone else None)
        taken.add(best[1])
        if best[0] < 100 or value is not None:  # an hour of unknown half still belongs to the expression
            out[best[1]] = (min(s, c.start), max(e, c.end, zone[0] if zone else 0), v, value)
    return out


def _merge(spans: list[tuple[int, int, str]], folded: str) -> list[tuple[int, int, str]]:
    """Two expressions of one day side by side are one: أمس الخميس, السبت 25 يوليو, اليوم (الجمعة).
    The value is the more precise of the two, and the written date over the weekday's guess."""
    out: list[tuple[int, int, str]] = []
    for s, e, v in spans:
        if out:
            ps, pe, pv = out[-1]
            gap = folded[pe:s]
            if re.fullmatch(r"[\s(),،-]*", gap) and len(gap) <= 3 and (len(pv) == 10 or len(v) == 10):
                best = v if len(v) == 10 and (len(pv) != 10 or _absolute(folded[s:e])) else pv
                named = [_WEEKDAYS[w] for w in (folded[ps:pe], folded[s:e]) if w in _WEEKDAYS]
                if named and len(pv) == len(v) == 10 and _DAY_WORD.fullmatch(folded[ps:pe] if folded[s:e] in _WEEKDAYS
                                                                              else folded[s:e]):
                    # اليوم (الأحد) printed a day late, أمس الخميس: the weekday named, on or before the day the word says
                    said = date.fromisoformat(pv if folded[s:e] in _WEEKDAYS else v)
                    best = (said - timedelta(days=(said.weekday() - named[0]) % 7)).isoformat()
                out[-1] = (ps, e + (1 if folded[e:e + 1] == ")" and "(" in gap else 0), best)
                continue
        out.append((s, e, v))
    return out


_DAY_WORD = re.compile(r"(?:[وف]?(?:صباح|مساء|فجر|ظهر|عصر|ليله)\s)?(?:اليوم|امس|غدا|غد|الغد)")


def _absolute(expr: str) -> bool:
    return bool(re.search(r"\d", expr))


# what makes اليوم the name of a paper or a channel (عين اليوم – جدة, صحيفة «اليوم», روسيا اليوم, اليوم السابع)
_NAMED_BEFORE = re.compile(r"(?:روسيا|عين|صحيفه|جريده|لصحيفه|لجريده|بصحيفه|بجريده|موقع|مجله)\s?[«\"“]?\s?$")
_NAMED_AFTER = re.compile(r"^\s?السابع\b")
# اليوم with what makes it another day: the day after, the first day, the same day, a national or world day
_ANOTHER_DAY = re.compile(r"^\s?(?:التالي|السابق|الاول|الثاني|الثالث|الرابع|الخامس|الاخير|الذي|نفسه|ذاته|عينه|"
                          r"العالمي|الوطني|الدولي|المفتوح|الموعود|المشهود)(?!\w)")
_THAT_DAY = re.compile(r"(?:ذلك|تلك|ذات)\s$")


def _not_a_name(folded: str, m: re.Match) -> bool:
    """اليوم as the name of a paper or channel is not today (عين اليوم in a byline, «اليوم», اليوم السابع), nor is
    another day it names (اليوم التالي, ذلك اليوم, اليوم الوطني)."""
    if m.group() != "اليوم":
        return True
    before, after = folded[max(0, m.start() - 12):m.start()], folded[m.end():m.end() + 8]
    quoted = bool(re.search(r"[«\"“]\s?$", before)) and bool(re.match(r"^\s?[»\"”]", after))
    return not (_NAMED_BEFORE.search(before) or _NAMED_AFTER.match(after) or quoted or _ANOTHER_DAY.match(after)
                or _THAT_DAY.search(before))


def _pub_date(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


_FUTURE = re.compile(r"(?<!\w)(?:سوف|غدا|المقبل|المقبله|القادم|القادمه|المقرر|المزمع|المرتقب|يعتزم|تعتزم|سيعقد|ستعقد|"
                     r"سيتم|ستبدا|سيبدا|ستنطلق|سينطلق)(?!\w)")


def estimate_published(text: str, title: str | None = None) -> str | None:
    """A publication date for a page that gives none: the latest date it speaks of in the past (a full
    date; a month counts as its last day), since a report comes after what it tells. Dates in a sentence
    that points forward (سوف، المقبل، المقرر…) do not count; None when the text names no such date."""
    from rasid.text.sentences import sentences

    full = f"{title}\n{text}" if title else text
    spans = sentences(full)
    latest: date | None = None
    for d in find_dates(full, None):
        sentence = next((full[s:e] for s, e in spans if s <= d.start < e), "")
        if _FUTURE.search(fold(sentence)):
            continue
        value = d.value.split("/")[-1]
        try:
            if len(value) == 10:
                when = date.fromisoformat(value)
            elif len(value) == 7:
                y, m = int(value[:4]), int(value[5:])
                when = date(y, m, monthrange(y, m)[1])
            else:
                continue
        except ValueError:
            continue
        latest = when if latest is None else max(latest, when)
    return latest.isoformat() if latest else None
