"""Times of day in Arabic news (الساعة العاشرة والنصف صباحاً بتوقيت مكة، 14:30 ت غ، الساعة 0709 بتوقيت جرينتش),
read over the folded text and attached by `dates.find_dates` to the day they fall on.

A clock is `HH:MM`, with the zone's offset on that day when the text names one (`+03:00`; Greenwich
is `+00:00`; a zone keeping summer time gets the offset of the date it is attached to). An hour is
given only when the text says which half of the day it is in: a period word (صباحاً، مساءً، ظهراً، فجراً،
ليلاً، ص، م), the day's own period (الساعة التاسعة صباح أمس), or a 24-hour figure (14:38, 0709 بتوقيت
جرينتش). «الساعة الثامنة» alone could be 08:00 or 20:00 and gives nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rasid.text.normalize import fold

_HOURS = {fold(w): i for i, w in enumerate(
    "الواحدة الثانية الثالثة الرابعة الخامسة السادسة السابعة الثامنة التاسعة العاشرة".split(), start=1)}
_HOURS |= {fold("الحادية عشرة"): 11, fold("الحادية عشر"): 11, fold("الثانية عشرة"): 12, fold("الثانية عشر"): 12}
_HOUR_WORD = "|".join(sorted(_HOURS, key=len, reverse=True))
_MINUTE_WORDS = {"النصف": 30, "نصف": 30, "الربع": 15, "ربع": 15, "ربعا": 15, "الثلث": 20, "ثلث": 20, "ثلثا": 20,
                 "خمس دقايق": 5, "خمس دقائق": 5, "عشر دقايق": 10, "عشر دقائق": 10, "خمسه دقايق": 5,
                 "خمس وعشرين دقيقه": 25, "خمسا وعشرين دقيقه": 25, "خمس وعشرون دقيقه": 25, "دقيقه": 1, "دقيقه واحده": 1}
_MINUTE = "|".join(sorted(map(re.escape, _MINUTE_WORDS), key=len, reverse=True))
# the half of the day a period word puts an hour in: 'am', 'pm', 'noon' (11 ظهراً is 11:00, 2 ظهراً 14:00), 'night'
_PERIODS = {"صباحا": "am", "صباح": "am", "صبيحه": "am", "ص": "am", "فجرا": "am", "فجر": "am", "الفجر": "am",
            "ظهرا": "noon", "ظهر": "noon", "الظهر": "noon", "بعد الظهر": "pm", "بعد الظهيره": "pm", "عصرا": "pm",
            "عصر": "pm", "العصر": "pm", "مساء": "pm", "المساء": "pm", "م": "pm", "ليلا": "night", "ليل": "night",
            "الليل": "night", "ليله": "night", "بعد منتصف الليل": "am"}
PERIOD = "|".join(sorted(map(re.escape, _PERIODS), key=len, reverse=True))
_GREENWICH = r"(?:ت\s?\.?\s?غ\.?|تغ|gmt|utc|غرينتش|جرينتش|غرينيتش|جرينيتش|غرينيش)"

# where a zone is named: a city, a country or its adjective → the IANA zone (its offset on the day comes from tzdata)
_ZONES = {fold(k): v for names, v in [
    ("مكة المكرمة، مكة، الرياض، جدة، السعودية، المملكة، المملكة العربية السعودية، السعودي", "Asia/Riyadh"),
    ("غرينتش، جرينتش، غرينيتش، جرينيتش، غرينيش، العالمي، العالمي الموحد", "UTC"),
    ("القاهرة، مصر، المصري", "Africa/Cairo"), ("القدس، فلسطين، الفلسطيني", "Asia/Jerusalem"), ("غزة", "Asia/Gaza"),
    ("بيروت، لبنان، اللبناني", "Asia/Beirut"), ("دمشق، سوريا، سورية، السوري", "Asia/Damascus"),
    ("بغداد، العراق، العراقي", "Asia/Baghdad"), ("الأردن، الاردني", "Asia/Amman"),
    ("الكويت، الكويتي", "Asia/Kuwait"), ("الدوحة، قطر، القطري", "Asia/Qatar"),
    ("أبوظبي، أبو ظبي، دبي، الإمارات، الاماراتي", "Asia/Dubai"), ("المنامة، البحرين، البحريني", "Asia/Bahrain"),
    ("مسقط، سلطنة عمان، العماني", "Asia/Muscat"), ("صنعاء، عدن، اليمن، اليمني", "Asia/Aden"),
    ("الخرطوم، السودان، السوداني", "Africa/Khartoum"), ("ليبيا، الليبي", "Africa/Tripoli"),
    ("تونس، التونسي", "Africa/Tunis"), ("الجزائر، الجزائري", "Africa/Algiers"),
    ("الرباط، المغرب، المغربي", "Africa/Casablanca"), ("نواكشوط، موريتانيا", "Africa/Nouakchott"),
    ("أنقرة، إسطنبول، اسطنبول، تركيا، التركي", "Europe/Istanbul"), ("طهران، إيران، الإيراني", "Asia/Tehran"),
    ("موسكو، روسيا", "Europe/Moscow"), ("لندن، بريطانيا", "Europe/London"), ("باريس، فرنسا", "Europe/Paris"),
    ("جنيف، سويسرا", "Europe/Zurich"), ("برلين، ألمانيا", "Europe/Berlin"),
    ("واشنطن، نيويورك", "America/New_York"), ("بكين، الصين", "Asia/Shanghai"), ("طوكيو، اليابان", "Asia/Tokyo"),
    ("إسلام آباد، باكستان", "Asia/Karachi"), ("نيودلهي، الهند", "Asia/Kolkata"), ("كابل، أفغانستان", "Asia/Kabul")]
    for k in names.split("، ")}
_ZONE_NAME = "|".join(sorted(map(re.escape, _ZONES), key=len, reverse=True))
_ZONE = rf"(?:\(?(?:بالتوقيت|بتوقيت|توقيت)\s(?P<zone>{_ZONE_NAME})|(?P<gmt>{_GREENWICH}))"

_AT = re.compile(r"(?<!\w)(?:في|عند|حتي|حتى|منذ)\s$")
_DIGITS = r"(?P<h>[01]?\d|2[0-4])(?:\s?[:.,٫]\s?(?P<mi>[0-5]\d))?"
_CLOCK = re.compile(
    rf"(?<!\w)(?:(?P<cue>الساعه|ساعه)\s)?(?:(?P<four>[0-2]\d[0-5]\d)|{_DIGITS}|(?P<hw>{_HOUR_WORD}))"
    rf"(?:\s?(?:و\s?(?P<plus>{_MINUTE}|\d{{1,2}}\s(?:دقيقه|دقايق|دقائق))|الا\s(?P<minus>{_MINUTE}|\d{{1,2}}\s(?:دقيقه|دقايق|دقائق))))?"
    rf"(?:\s(?:من\s)?(?P<period>{PERIOD}))?(?:\s?{_ZONE})?(?!\w)")


@dataclass(frozen=True, slots=True)
class Clock:
    """A time of day found at `start:end` of the folded text: hour and minute, the half of the day the text
    puts it in (None when it says nothing), whether it is a 24-hour figure, and its zone."""

    start: int
    end: int
    hour: int
    minute: int
    period: str | None
    zone: str | None
    full_day: bool  # a 24-hour figure: 14:38, 0709, or any figure with a zone of its own


def clocks(folded: str) -> list[Clock]:
    """Every time of day in the folded text: an hour after الساعة, or followed by a period word or a zone."""
    out = []
    for m in _CLOCK.finditer(folded):
        if not (m["cue"] or m["period"] or m["zone"] or m["gmt"] or (m["mi"] and m["h"] and int(m["h"]) >= 13)
                or (m["hw"] and (m["plus"] or m["minus"] or _AT.search(folded, max(0, m.start() - 6), m.start())))):
            continue  # «في الرابعة» is a time only on a day that says its period (فجر أمس في الرابعة)
        if m["four"] and not (m["cue"] and (m["zone"] or m["gmt"])):
            continue  # 0709 is a time only as «الساعة 0709 بتوقيت جرينتش»
        if m["four"]:
            hour, minute = int(m["four"][:2]), int(m["four"][2:])
        elif m["hw"]:
            hour, minute = _HOURS[m["hw"]], 0
        else:
            hour, minute = int(m["h"]), int(m["mi"] or 0)
        if m["plus"] or m["minus"]:
            words = m["plus"] or m["minus"]
            n = _MINUTE_WORDS.get(words)
            n = int(words.split()[0]) if n is None else n
            if m["minus"]:
                hour, minute = (hour - 1) % 24, 60 - n
            else:
                minute += n
        if not (0 <= hour <= 24 and 0 <= minute <= 59):
            continue
        zone = "UTC" if m["gmt"] else _ZONES.get(m["zone"] or "")
        # a 24-hour figure: 14:38, 0709, 09:00 with its leading zero, 9:00 ت غ (wire times in Greenwich are)
        full_day = bool(m["four"]) or hour >= 13 or (m["mi"] is not None and (
            m["h"].startswith("0") or zone == "UTC"))
        out.append(Clock(m.start(), m.end(), hour % 24, minute, _PERIODS.get(m["period"] or ""), zone, full_day))
    return out


_PERIOD_OPENING = re.compile(rf"[وف]?(?:ب|من\s)?({PERIOD})\s")
_PERIOD_BEFORE = re.compile(rf"(?<!\w)[وف]?(?:ب|من\s)?({PERIOD})\s$")
_ZONE_AFTER = re.compile(rf"\s?{_ZONE}(?!\w)")


def period_of(folded: str, start: int, end: int) -> tuple[int, str | None]:
    """The half of the day a day expression at `start:end` names, and where the expression then starts: its own
    opening (صباح أمس → am) or the word just before it (مساء اليوم, where the day is only اليوم → pm)."""
    if m := _PERIOD_OPENING.match(folded, start, end):
        return start, _PERIODS[m.group(1)]
    if m := _PERIOD_BEFORE.search(folded, max(0, start - 16), start):
        return m.start(), _PERIODS[m.group(1)]
    return start, None


def zone_after(folded: str, at: int) -> tuple[int, str] | None:
    """A zone named right after a day that a time is on: «الساعة 18:05 أمس بالتوقيت الأردني» → (end, zone)."""
    m = _ZONE_AFTER.match(folded, at)
    if m is None:
        return None
    return m.end(), "UTC" if m["gmt"] else _ZONES[m["zone"]]


def clock_value(c: Clock, day: str, period: str | None = None, zone: str | None = None) -> str | None:
    """`HH:MM`, with the zone's offset on `day` (ISO), for a clock attached to that day; None when the
    text does not say which half of the day the hour is in. `period` and `zone` are the day's, when the
    time gives none of its own."""
    hour, period, zone = c.hour, c.period or period, c.zone or zone
    if not c.full_day or (period and c.hour <= 12):
        if period is None:
            return None
        if period == "pm" and hour < 12:
            hour += 12
        elif period == "noon" and 1 <= hour <= 6:
            hour += 12
        elif period == "night":
            hour = 0 if hour == 12 else hour + 12 if 6 <= hour <= 11 else hour
        elif period == "am" and hour == 12:
            hour = 0
    value = f"{hour:02d}:{c.minute:02d}"
    if zone is None:
        return value
    try:
        offset = datetime.fromisoformat(f"{day}T{value}").replace(tzinfo=ZoneInfo(zone)).utcoffset()
    except (ValueError, ZoneInfoNotFoundError):
        return value
    if offset is None:
        return value
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{value}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
