"""Month names in every form Arabic news uses, and parsing of dates given as metadata.

`MONTHS` maps a folded month name to its number: Egyptian/Gulf (يوليو), Levantine/Iraqi (تموز,
كانون الثاني), Algerian/Tunisian (جويلية), Moroccan (يوليوز) and English names and abbreviations.
`parse_date` reads the absolute dates that metadata carries (ISO, RFC 822, "12th, September 2023",
"15 مارس 2025", "15/03/2025") and returns an ISO string, or None when it cannot be sure. `url_date`
reads the publication day many outlets write into their article addresses (/2015/07/20/, /20150721/).
"""
from __future__ import annotations

import email.utils
import re
from datetime import date, datetime

from rasid.text.normalize import fold

_NAMES = {
    1: "يناير كانون الثاني جانفي january jan",
    2: "فبراير شباط فيفري february feb",
    3: "مارس آذار march mar",
    4: "أبريل ابريل إبريل نيسان أفريل افريل april apr",
    5: "مايو أيار ايار ماي may",
    6: "يونيو يونيه حزيران جوان june jun",
    7: "يوليو يوليه تموز جويلية يوليوز july jul",
    8: "أغسطس اغسطس آب أوت اوت غشت august aug",
    9: "سبتمبر أيلول ايلول شتنبر september sep sept",
    10: "أكتوبر اكتوبر تشرين الأول october oct",
    11: "نوفمبر تشرين الثاني نونبر november nov",
    12: "ديسمبر كانون الأول دجنبر december dec",
}
# two-word Levantine names are listed whole; the single words above them are not month names alone
_TWO_WORD = {"كانون الثاني": 1, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12}
MONTHS: dict[str, int] = {}
for _n, _words in _NAMES.items():
    for _w in _words.split():
        if _w not in {"كانون", "الثاني", "تشرين", "الأول"}:
            MONTHS[fold(_w)] = _n
MONTHS |= {fold(k): v for k, v in _TWO_WORD.items()}

_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[t ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(z|[+-]\d{2}:?\d{2})?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_D_MONTH_Y = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?:of\s+)?({_MONTH_ALT}),?\s+(\d{{4}})\b")
_MONTH_D_Y = re.compile(rf"^({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")


_URL_DAY = (re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?=/|$|[^\d])"),  # /2015/07/20/
            re.compile(r"(?<![\d])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![\d])"),  # /2015-07-20-title
            re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)(?=/|\.|$)"))  # a segment /20150721/ or /20150721.html


def url_date(url: str | None) -> str | None:
    """The day an article's address says it was published (its path, never its host), else None."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url, flags=re.I).split("?")[0].split("#")[0]
    for pattern in _URL_DAY:
        if m := pattern.search(path):
            day = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if day:
                return day
    return None


def _iso(y: int, m: int, d: int | None = None) -> str | None:
    try:
        return date(y, m, d or 1).isoformat()[: 10 if d else 7]
    except ValueError:
        return None


def parse_date(value: str | None) -> str | None:
    """An ISO date (or datetime, when the value has a time) for a metadata date string, else None."""
    if not value:
        return None
    s = fold(str(value)).strip().rstrip(".")
    s = re.sub(r"\s+(gmt|utc)$", "", s)
    if m := _ISO.match(s):
        y, mo, d, hh, mi, ss, tz = m.groups()
        day = _iso(int(y), int(mo), int(d) if d else None)
        if day is None or hh is None:
            return day
        tz = "+00:00" if tz == "z" else (tz[:3] + ":" + tz[-2:] if tz else "")
        return f"{day}T{hh}:{mi}:{ss or '00'}{tz}"
    if m := _DMY.match(s):
        return _iso(int(m[3]), int(m[2]), int(m[1]))
    if m := _D_MONTH_Y.match(s):
        return _iso(int(m[3]), MONTHS[m[2]], int(m[1]))
    if m := _MONTH_D_Y.match(s):
        return _iso(int(m[3]), MONTHS[m[1]], int(m[2]))
    try:  # RFC 822, as feeds and mail headers write it
        parsed = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.isoformat() if isinstance(parsed, datetime) else None
