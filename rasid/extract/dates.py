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
_ORDINAL_DAYS = {w: i for i, w in enumerate(
    "الاول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر".split(), start=1)}
_HIJRI = {fold(k): v for k, v in {
    "محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الاول": 3, "ربيع الآخر": 4, "ربيع الثاني": 4, "جمادى الأولى": 5,
    "جمادى الاولى": 5, "جمادى الآخرة": 6, "جمادى الثانية": 6, "جمادى الاخرة": 6, "رجب": 7, "شعبان": 8,
    "رمضان": 9, "شوال": 10, "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12, "ذي الحجة": 12}.items()}
HMON = "|".join(sorted(map(re.escape, _HIJRI), key=len, reverse=True))
_SEASONS = {"الربيع": (3, 5), "الصيف": (6, 8), "الخريف": (9, 11), "الشتاء": (12, 14)}


def _month(s: str) -> int:
    s = re.split(r"\s*[/(]", s.strip(), maxsplit=1)[0].strip()
    return MONTHS[s] if s in MONTHS else MONTHS[s.split(" ")[0]]


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


@R.add(rf"(?:(?:ما\s)?بين\s)?(?:يومي\s|يوم\s)?(?P<d1>{DAY})\s(?:و|الي\s|الى\s|حتي\s|حتى\s|-\s?)\s?(?P<d2>{DAY})\s(?:من\s)?(?P<m>{MON})(?:\s(?:من\s)?(?:عام\s|العام\s)?(?P<y>{YEAR}))?(?:\s(?P<rel>{REL}))?", _M)
def _day_range(m, pub):
    mon = _month(m["m"])
    y = int(m["y"]) if m["y"] else _month_year(mon, m["rel"], pub, _day(m["d1"]))
    a, b = (_iso(y, mon, _day(m["d1"])), _iso(y, mon, _day(m["d2"]))) if y else (None, None)
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


@R.add(rf"(?P<d>{DAY}),?\s(?:من\s)?(?:شهر\s)?(?P<m>{MON}),?\s(?:من\s)?(?:عام\s|العام\s|سنه\s)?(?P<y>{YEAR})", _M)
def _day_month_year(m, pub):
    return _iso(int(m["y"]), _month(m["m"]), _day(m["d"]))


@R.add(rf"(?P<m>{MON})\.?\s(?P<d>{DAY}),?\s(?P<y>{YEAR})", _M)
def _month_day_year(m, pub):  # English order: June 19, 2024
    return _iso(int(m["y"]), _month(m["m"]), _day(m["d"]))


@R.add(rf"(?P<d>[0-3]?\d)\s?[/.-]\s?(?P<m>[01]?\d)\s?[/.-]\s?(?P<y>{YEAR})(?!\s?ه)", r"\d\s?[/.-]\s?\d")
def _numeric(m, pub):
    return _iso(int(m["y"]), int(m["m"]), int(m["d"]))


@R.add(rf"(?P<d>{DAY}|{'|'.join(_ORDINAL_DAYS)})\s(?:من\s)?(?:شهر\s)?(?P<m>{MON})(?:\s(?P<rel>{REL}))?", _M)
def _day_month(m, pub):
    mon = _month(m["m"])
    d = _ORDINAL_DAYS.get(m["d"]) or _day(m["d"])
    y = _month_year(mon, m["rel"], pub, d)
    return _iso(y, mon, d) if y else None


@R.add(rf"(?:شهر\s)?(?P<m>{MON})\s(?:من\s)?(?:عام\s|العام\s|سنه\s)?(?P<y>{YEAR})", _M)
def _month_year_abs(m, pub):
    return _iso(int(m["y"]), _month(m["m"]))


@R.add(rf"(?P<m>{MON})\s(?:من\s)?(?P<rel>العام الماضي|العام المقبل|العام القادم|العام الحالي|العام الجاري|هذا العام)", _M)
def _month_rel_year(m, pub):
    if pub is None:
        return None
    k = {"الماضي": -1, "المقبل": 1, "القادم": 1}.get(m["rel"].split()[-1], 0)
    return _iso(pub.year + k, _month(m["m"]))


@R.add(rf"(?:[وف]?(?P<cue>{_CUE})\s)?(?:شهر\s)?(?P<m>{MON})(?:\s(?P<rel>{REL}))?", _M)
def _month_alone(m, pub):
    if not (m["cue"] or m["rel"]):
        return None  # مارس is also a verb: a month alone needs a cue
    mon = _month(m["m"])
    y = _month_year(mon, m["rel"], pub)
    return _iso(y, mon) if y else None


@R.add(rf"(?:[وف]?(?:في|منذ|خلال|حتي|حتى|قبل|بعد|بحلول|مطلع|نهايه|بدايه)\s)?(?:[وف]?(?:عام|العام|عامي|سنه|السنه)\s)(?P<y>{YEAR})(?:\s?م)?", YEAR)
def _year_cued(m, pub):
    return m["y"]


@R.add(rf"[وف]?(?:في|منذ|بحلول)\s(?P<y>{YEAR})(?!\s?[\d%])", YEAR)
def _year_after_preposition(m, pub):
    return m["y"]


@R.add(rf"(?P<d>[0-3]?\d)\s(?:من\s)?(?:شهر\s)?(?P<m>{HMON})(?:\s(?P<y>1[34]\d\d)\s?(?:هـ|ه)?)?(?:\s(?P<rel>{REL}))?", HMON)
def _hijri_day(m, pub):
    from hijridate import Gregorian, Hijri

    month, day = _HIJRI[m["m"]], int(m["d"])
    if m["y"]:
        year = int(m["y"])
    elif pub is not None:
        here = Gregorian(pub.year, pub.month, pub.day).to_hijri()
        year = here.year if (month, day) <= (here.month, here.day + 31) or m["rel"] else here.year - 1
    else:
        return None
    return Hijri(year, month, day).to_gregorian().isoformat()


@R.add(r"(?P<d>[0-3]?\d)\s?/\s?(?P<m>[01]?\d)\s?/\s?(?P<y>1[34]\d\d)\s?(?:هـ|ه)(?!\w)", r"1[34]\d\d\s?ه")
def _hijri_numeric(m, pub):
    from hijridate import Hijri

    return Hijri(int(m["y"]), int(m["m"]), int(m["d"])).to_gregorian().isoformat()


@R.add(r"(?:(?:عام|العام|سنه)\s)?(?P<y>1[34]\d\d)\s?(?:هـ|ه)(?!\w)", r"1[34]\d\d\s?ه")
def _hijri_year(m, pub):
    from hijridate import Hijri

    y = int(m["y"])
    return f"{Hijri(y, 1, 1).to_gregorian().isoformat()}/{(Hijri(y + 1, 1, 1).to_gregorian() - timedelta(days=1)).isoformat()}"


@R.add(r"(?P<d>[0-3]?\d)\s(?:من\s)?(?P<rel>الشهر الجاري|الشهر الحالي|الشهر الماضي|الشهر المقبل|الشهر القادم)", r"الشهر")
def _day_of_relative_month(m, pub):
    if pub is None:
        return None
    k = {"الجاري": 0, "الحالي": 0, "الماضي": -1, "المقبل": 1, "القادم": 1}[m["rel"].split()[-1]]
    return _iso(*_add_months(pub.year, pub.month, k), int(m["d"]))


@R.add(rf"(?P<d>{DAY})\s(?:من\s)?(?P<m>{MON})\s(?:من\s)?(?P<rel>العام الماضي|العام المقبل|العام القادم|العام الحالي|العام الجاري|هذا العام)", _M)
def _day_month_rel_year(m, pub):
    if pub is None:
        return None
    k = {"الماضي": -1, "المقبل": 1, "القادم": 1}.get(m["rel"].split()[-1], 0)
    return _iso(pub.year + k, _month(m["m"]), _day(m["d"]))


@R.add(rf"(?P<a>{YEAR})\s?[-/–]\s?(?P<b>{YEAR})(?:\s?م)?", YEAR)
def _year_range(m, pub):
    a, b = int(m["a"]), int(m["b"])
    return f"{a}/{b}" if 0 < b - a <= 5 else None


@R.add(r"(?:[وف]?(?:صباح|مساء|ليله|ليل|فجر|ظهر|بعد ظهر|عصر|يوم|اليوم)\s)?(?:(?:يوم|اليوم)\s)?(?P<w>الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|الاحد)(?:\s(?P<rel>الماضي|المقبل|القادم))?", r"الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|الاحد")
def _weekday(m, pub):
    text = m.group()
    if m["w"] in ("الاثنين", "الاحد") and text == m["w"]:
        return None  # "the two", "anyone": only with a cue such as يوم
    if pub is None:
        return None
    target = _WEEKDAYS[m["w"]]
    if m["rel"] in ("المقبل", "القادم"):
        return (pub + timedelta(days=(target - pub.weekday() - 1) % 7 + 1)).isoformat()
    back = (pub.weekday() - target) % 7
    if m["rel"] == "الماضي" and back == 0:
        back = 7
    return (pub - timedelta(days=back)).isoformat()


@R.add(r"(?:[وف]?(?:منذ|خلال|في)\s)?(?:(?P<this>هذا|هذه)\s)?(?P<unit>العام|السنه|الشهر|الاسبوع|الاشهر|الشهور|الايام|الاسابيع|الاعوام|السنوات|الربيع|الصيف|الخريف|الشتاء)(?:\s(?P<rel>الماضي|الماضيه|المنصرم|المقبل|المقبله|القادم|القادمه|الحالي|الجاري))?", r"العام|السنه|الشهر|الاسبوع|الاشهر|الشهور|الايام|الاسابيع|الاعوام|السنوات|الربيع|الصيف|الخريف|الشتاء")
def _relative(m, pub):
    if pub is None or not (m["this"] or m["rel"]):
        return None
    unit, rel = m["unit"], m["rel"] or "الحالي"
    k = -1 if rel.startswith(("الماضي", "المنصرم")) else (1 if rel.startswith(("المقبل", "القادم")) else 0)
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
        first, last = _SEASONS[unit]
        y = pub.year + k
        return f"{_iso(*_add_months(y, first, 0))}/{_iso(*_add_months(y, last, 0))}"
    return None


@R.add(r"(?P<w>اول من امس|اول امس|امس الاول|امس|البارحه|غدا|اليوم)", r"امس|البارحه|غدا|اليوم")
def _day_word(m, pub):
    if pub is None:
        return None
    shift = {"اول من امس": -2, "اول امس": -2, "امس الاول": -2, "امس": -1, "البارحه": -1, "غدا": 1,
             "اليوم": 0}[m["w"]]
    return (pub + timedelta(days=shift)).isoformat()


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
    for s, e, v in _merge(sorted(kept), folded):
        start, end = where[s], where[e - 1] + 1
        out.append(TimeExpr(text[start:end], start, end, v))
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
                out[-1] = (ps, e + (1 if folded[e:e + 1] == ")" and "(" in gap else 0), best)
                continue
        out.append((s, e, v))
    return out


def _absolute(expr: str) -> bool:
    return bool(re.search(r"\d", expr))


# what makes اليوم the name of a paper or a channel (عين اليوم – جدة, صحيفة «اليوم», روسيا اليوم, اليوم السابع)
_NAMED_BEFORE = re.compile(r"(?:روسيا|عين|صحيفه|جريده|لصحيفه|لجريده|بصحيفه|بجريده|موقع|مجله)\s?[«\"“]?\s?$")
_NAMED_AFTER = re.compile(r"^\s?السابع\b")


def _not_a_name(folded: str, m: re.Match) -> bool:
    """اليوم as the name of a paper or channel is not today: عين اليوم in a byline, «اليوم», اليوم السابع."""
    if m.group() != "اليوم":
        return True
    before, after = folded[max(0, m.start() - 12):m.start()], folded[m.end():m.end() + 8]
    quoted = bool(re.search(r"[«\"“]\s?$", before)) and bool(re.match(r"^\s?[»\"”]", after))
    return not (_NAMED_BEFORE.search(before) or _NAMED_AFTER.match(after) or quoted)


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
