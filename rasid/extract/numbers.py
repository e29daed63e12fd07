"""Quantities in Arabic news: the number as written, its value or bounds, and the thing counted.

A grammar over the folded text (offsets map back through `normalize.fold_map`):

- digits in Western and Eastern Arabic forms with any separator (25000, 30،000, 1,000, ١٢٣٬٤٥٦,
  ١٢٫٥, 1ر5), number words with their case endings and feminine forms (ثلاثة, ثلاث, خمسة وعشرون,
  مئة/مائة, ألف/ألفا/ألفين/آلاف, مليون/ملايين, مليار) and both mixed (9 ملايين, 3 آلاف);
- ranges and bounds (ما بين … إلى/و …, من … إلى …, لا يقل عن, أكثر من, ما يصل إلى) → `low`, `high`;
  a multiplier after the second number applies to both (25 إلى 30 ألف);
- approximations (نحو, حوالي, ما يقدر بـ, قرابة, زهاء) → `approx`;
- percentages (12.5%, ١٤٪, 12 في المئة), money with its currency, multiplicatives (ثلاثة أضعاف);
- the unit: the counted noun after the number (with the words that make it a compound: صاروخ
  باليستي, طائرة بدون طيار), reduced to a lemma so that جنود and جندي, قذائف and قذيفة meet.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from rasid.model import Quantity
from rasid.text.normalize import fold, fold_map

_UNITS: dict[str, float] = {
    "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتي": 2, "الاثني": 2, "الاثنتي": 2,
    "اثنتا": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7,
    "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9,
}
_TENS: dict[str, float] = {"عشر": 10, "عشره": 10, "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
         "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80,
         "تسعون": 90, "تسعين": 90}
_HUNDREDS: dict[str, float] = {"مئه": 100, "مائه": 100, "ميه": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200,
             "مئات": 100}
for _w, _v in list(_UNITS.items()):
    if 3 <= _v <= 9:
        for _h in ("مئه", "مائه"):
            _HUNDREDS[_w.rstrip("ه") + _h] = _v * 100
_SCALES: dict[str, float] = {"الف": 1e3, "الفا": 1e3, "الفين": 2e3, "الفان": 2e3, "الاف": 1e3, "مليون": 1e6, "مليونا": 1e6,
           "مليونين": 2e6, "مليونان": 2e6, "ملايين": 1e6, "مليار": 1e9, "مليارا": 1e9, "مليارين": 2e9,
           "ملياران": 2e9, "مليارات": 1e9, "بليون": 1e9, "بلايين": 1e9, "ترليون": 1e12, "تريليون": 1e12}
_DUALS = {"الفين", "الفان", "مليونين", "مليونان", "مليارين", "ملياران"}
_UNITS, _TENS, _HUNDREDS, _SCALES = ({fold(k): v for k, v in d.items()} for d in (_UNITS, _TENS, _HUNDREDS, _SCALES))
_HUNDRED_WORDS = {fold(w) for w in ("مئه", "مائه")}  # a hundred as a word of its own (٧ مئة, أربع مائة)
_HUNDRED = "|".join(sorted(_HUNDRED_WORDS))
_DUALS = {fold(w) for w in _DUALS}
_WORDS = {**_UNITS, **_TENS, **_HUNDREDS}
_W = "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True))
_S = "|".join(sorted(map(re.escape, _SCALES), key=len, reverse=True))

DIGITS = (r"\d{1,3}(?:(?:\.\d{3}){2,}|\.000|(?: \d{3}){2,})(?![\d.,،٫])|\d\s?(?:" + _HUNDRED + r")(?!\w)|"
          r"\d{1,3}(?:[,،٬]\d{3})+(?:[.٫]\d+)?|\d+[,،]\d{1,2}(?=\s?(?:ملي|الف|الاف|بلي|تري|%|٪))|\d+(?:[.٫ر]\d+)?")
# a number: digits or words, optionally followed by a scale word
NUM = (rf"(?:(?:{DIGITS})(?:\s?(?:{_S}))?|(?:(?:{_W})(?:\s(?:و\s?)?(?:{_W}|{_S}))*)(?:\s(?:{_S}))?|(?:{_S}))")
_APPROX = r"(?:نحو|حوالي|قرابه|زهاء|ما يقدر\sب(?:نحو\s)?|ما يقارب|يقارب|ما يناهز|يناهز|اكثر قليلا من)"
_LOWER = r"(?:ما لا يقل عن|لا يقل عن|لا تقل عن|لا اقل من|ليس اقل من|اكبر من|يتجاوز|تتجاوز|يتخطي|تتخطي|يفوق|تفوق|اكثر من|ما يزيد عن|ما يزيد علي|يزيد عن|يزيد علي|ازيد من|ما يربو علي|يربو علي|فوق|اكثر قليلا من)"
_UPPER = r"(?:لا اكثر من|ليس اكثر من|لا يتجاوز|لا تتجاوز|ما يصل الي|يصل الي|تصل الي|حتي|اقل من|لا يزيد عن|لا يزيد علي|ما لا يزيد عن|اقصاه|اقصي)"
_CURRENCIES = {"دولار": "دولار", "دولارا": "دولار", "دولارات": "دولار", "يورو": "يورو", "جنيه": "جنيه",
               "جنيها": "جنيه", "جنيهات": "جنيه", "ريال": "ريال", "ريالا": "ريال", "ريالات": "ريال", "درهم": "درهم",
               "درهما": "درهم", "دراهم": "درهم", "دينار": "دينار", "دينارا": "دينار", "دنانير": "دينار",
               "ليره": "ليرة", "ليرات": "ليرة", "روبل": "روبل", "يوان": "يوان", "ين": "ين", "استرليني": "استرليني",
               "$": "دولار", "€": "يورو", "usd": "دولار"}
CURRENCY_WORDS = {w for w in _CURRENCIES if w.isalpha()} | {"الدولار", "الريال", "اليورو", "الجنيه", "الدينار", "الدرهم"}
_PERCENT = r"(?:%|٪|في المئه|في المايه|بالمئه|بالمايه|في الميه|بالميه)"
_MULTIPLE = r"(?:اضعاف|ضعفا|ضعفين|ضعف)"
# broken and sound plurals of nouns news counts, to one lemma
_LEMMAS = {
    "جنود": "جندي", "جنديا": "جندي", "قذائف": "قذيفه", "صواريخ": "صاروخ", "صاروخا": "صاروخ", "طائرات": "طائره",
    "طايرات": "طائره", "حاويات": "حاويه", "اشخاص": "شخص", "شخصا": "شخص", "قتلي": "قتيل", "قتيلا": "قتيل",
    "جرحي": "جريح", "جريحا": "جريح", "مصابين": "مصاب", "مصابا": "مصاب", "لاجئين": "لاجي", "لاجيين": "لاجي",
    "مقاتلين": "مقاتل", "مقاتلا": "مقاتل", "عسكريين": "عسكري", "مدنيين": "مدني", "اطفال": "طفل", "طفلا": "طفل",
    "نساء": "امراه", "منازل": "منزل", "منزلا": "منزل", "سيارات": "سياره", "اسر": "اسره", "عائلات": "عائله",
    "عايلات": "عائله", "اطنان": "طن", "طنا": "طن", "امتار": "متر", "مترا": "متر", "كيلومترات": "كيلومتر",
    "كيلومترا": "كيلومتر", "كيلو": "كيلومتر", "كم": "كيلومتر", "مرات": "مره", "دبابات": "دبابه", "مسيرات": "مسيره",
    "عمال": "عامل", "عاملا": "عامل", "اسري": "اسير", "اسيرا": "اسير", "معتقلين": "معتقل", "معتقلا": "معتقل",
    "ضحايا": "ضحيه", "افراد": "فرد", "فردا": "فرد", "دول": "دوله", "مدن": "مدينه", "قري": "قريه", "بلدان": "بلد",
    "مواطنين": "مواطن", "مواطنا": "مواطن", "زوار": "زائر", "زائرا": "زائر", "حجاج": "حاج", "حاجا": "حاج",
    "طلاب": "طالب", "طالبا": "طالب", "موظفين": "موظف", "موظفا": "موظف", "برميلا": "برميل", "براميل": "برميل",
    "موانئ": "ميناء", "مشروعات": "مشروع", "معسكرات": "معسكر", "مباريات": "مباراة", "قنوات": "قناة",
    "ساعات": "ساعه", "ايام": "يوم", "يوما": "يوم", "اسابيع": "اسبوع", "اسبوعا": "اسبوع", "اشهر": "شهر",
    "شهور": "شهر", "شهرا": "شهر", "سنوات": "سنه", "اعوام": "عام", "عاما": "عام", "عقود": "عقد", "جولات": "جوله",
    "جولة": "جوله", "مشاريع": "مشروع", "مشروعا": "مشروع", "وحدات": "وحده", "قطع": "قطعه", "اطباء": "طبيب",
}
_LEMMAS = {fold(k): fold(v) for k, v in _LEMMAS.items()}
_COMPOUNDS: tuple[str, ...] = ("بدون طيار", "دون طيار", "باليستي", "باليستيه", "مسيره", "مسيرة", "كروز", "عسكري", "عسكريه",
              "بناء عسكري", "مكعب", "مربع")
_CONTAINERS = {"جوله", "قطعه", "وحده", "دفعه", "شحنه"}  # "12 مليون جولة من القذائف": the shells
_COMPOUNDS = tuple(fold(c) for c in _COMPOUNDS)
_CLOCK = {"مساء", "صباحا", "صباح", "ظهرا", "عصرا", "فجرا", "ليلا", "بتوقيت", "توقيت", "gmt", "ظهر", "عصر"}
TIME_UNITS = {"ساعه", "يوم", "اسبوع", "شهر", "سنه", "عام", "عقد", "دقيقه", "ثانيه", "قرن"}
_VAGUE = {"الاف", "ملايين", "مئات", "مليارات", "بلايين", "عشرات"}  # "thousands of …": no number
_ALONE = {"احد", "احدي", "واحد", "واحده"}  # "one of", "anyone": a number only with others
_NOT_NOUN = {"من", "في", "الي", "علي", "عن", "و", "او", "ان", "الذي", "التي", "الذين", "هذه", "هذا", "بين", "مع",
             "خلال", "منذ", "بعد", "قبل", "حتي", "كما", "ما", "لا", "قد", "لم", "لن", "كان", "كانت"}

# the word for the members of a body before its name (من رجال الشرطة, من منسوبي قوات الطوارئ): the body is counted
_MEMBERS = "رجال|عناصر|منسوبي|افراد|اعضاء|ابناء|موظفي|عمال|جنود|طلاب|طالبات|مواطني|سكان"
# what follows "N من" without being counted: a whole and its part (3 من 10), a time (5 من الشهر), a place
_NOT_COUNTED = ("اصل|بين|اجمالي|مجموع|الشهر|شهر|يوليو|يونيو|مايو|ابريل|مارس|فبراير|يناير|اغسطس|سبتمبر|اكتوبر|نوفمبر|"
                "ديسمبر|رمضان|شوال|محرم|صفر|رجب|شعبان|ذي|جمادي|ربيع|كل|اكثر|اقل|عمره|عمرها|العمر|حيث|اجل|خلال|قبل|"
                "بعد|هذه|هذا|تلك|ذلك|عام|العام|سنه|السنه|الساعه|ساعه|الدقيقه|دقيقه")

_CLITIC = r"(?:[وفبل]ـ?|لـ|وب|ول|فب)?"  # وأكثر من, لـ18439, بأربعة, وستة
_Q = re.compile(
    rf"(?<![\w.,،٫٬])(?:{_CLITIC}(?P<approx>{_APPROX})\s?)?(?:{_CLITIC}(?P<lower>{_LOWER})\s)?"
    rf"(?:{_CLITIC}(?P<upper>{_UPPER})\s)?(?:{_CLITIC}(?P<between>(?:ما\s)?بين|من)\s)?{_CLITIC}(?P<a>{NUM})"
    rf"(?:\s?(?:-|–|و|الي|حتي|او)\s?(?P<b>{NUM}))?"
    rf"(?:\s?(?P<pct>{_PERCENT}))?(?![\w])")


def value_of(text: str) -> float | None:
    """The value of one number as written (digits, words, or both): 30،000, خمسة وعشرون, 9 ملايين."""
    s = text.strip()
    apart = re.match(rf"^(\d)\s?(?:{_HUNDRED})$", s)  # ٧ مئة
    if apart:
        return float(apart.group(1)) * 100
    grouped = re.match(rf"^(\d{{1,3}}(?:(?:\.\d{{3}}){{2,}}|\.000|(?: \d{{3}}){{2,}}))\s?({_S})?$", s)
    if grouped:  # 2.500.000, 250.000, 2 500 000: thousands separated by dots or spaces
        v = float(re.sub(r"[. ]", "", grouped.group(1)))
        return v * _SCALES[grouped.group(2)] if grouped.group(2) else v
    comma = re.match(rf"^(\d+)[,،](\d{{1,2}})\s?({_S})?$", s)  # 3,8 مليون, 1,5%: a decimal comma
    if comma:
        v = float(f"{comma.group(1)}.{comma.group(2)}")
        return v * _SCALES[comma.group(3)] if comma.group(3) else v
    m = re.match(rf"^({DIGITS})\s?({_S})?$", s)
    if m:
        digits = re.sub(r"[,،٬]", "", m.group(1)).replace("٫", ".").replace("ر", ".")
        v = float(digits)
        return v * _SCALES[m.group(2)] if m.group(2) else v
    total, current = 0.0, 0.0
    words = [w for w in re.split(r"\s+|(?<=\s)و", s) if w and w != "و"]
    words = [w[1:] if w.startswith("و") and w[1:] in {**_WORDS, **_SCALES} else w for w in words]
    if not words or words[0] in _VAGUE or (len(words) == 1 and words[0] in _ALONE):
        return None
    for w in words:
        if w in _HUNDRED_WORDS and current and current < 10 and current == int(current):
            current *= 100  # أربع مائة, ٧ مئة: the hundreds written apart
        elif w in _WORDS:
            current += _WORDS[w]
        elif w in _SCALES:
            scale = _SCALES[w]
            if w in _DUALS:
                current = max(current, 1) * scale
            else:
                current = max(current, 1) * scale
            if scale >= 1e3:
                total += current
                current = 0.0
        else:
            return None
    return total + current


def _unit_scale(number: str) -> float:
    """The scale word a number ends with (ألفاً → 1,000, مليون → 1,000,000, ٧ مئة → 100); 1 for none."""
    m = re.search(rf"({_S}|{_HUNDRED})$", number)
    return (_SCALES.get(m.group(1), 100.0)) if m else 1.0


def find_quantities(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    """Every quantity in `text`, in order; spans listed in `skip` (dates, say; not overlapping each
    other) are not numbers here."""
    folded, where = fold_map(text)
    out: list[Quantity] = []
    spans = sorted(skip)
    starts = [a for a, _ in spans]
    taken = 0  # where the last quantity ended (a number restated in words is not a second one)
    for m in _Q.finditer(folded):
        s, e = m.start(), m.end()
        i = bisect_left(starts, where[e - 1] + 1) - 1  # the last skipped span starting inside or before it
        if (i >= 0 and where[s] < spans[i][1]) or where[s] < taken:
            continue
        a = value_of(m["a"])
        if a is None or _NOT_A_NUMBER.match(folded, s):
            continue
        if (mirrored := _MIRRORED.search(text, where[s], where[m.end("a") - 1] + 1)) is not None:
            a = float(f"{mirrored.group(2)}.{mirrored.group(1)}")  # 88.‏52 is 52.88 laid out right to left
        b = value_of(m["b"]) if m["b"] else None
        if m["b"] and b is None:
            continue
        joined = m.group(0)[m.end("a") - s:m.start("b") - s].strip() if b is not None else ""
        if b is not None and joined == "و" and b < _unit_scale(m["a"]) > 1:
            a, b = a + b, None  # 35 ألفاً و928: one number, 35,928 (a range would read من … إلى)
        if b is not None:
            # a scale after the second number applies to the first: 25 إلى 30 ألف
            scale_b = re.search(rf"\s?({_S})$", m["b"])
            if scale_b and not re.search(rf"({_S})$", m["a"]) and a < b / _SCALES[scale_b.group(1)] * 10:
                a *= _SCALES[scale_b.group(1)]
            if m.group(0)[m.end("a") - s:m.start("b") - s].strip() in ("او",) or b < a:
                b = None if b < a else b
        low: float | None = a
        high: float | None = b if b is not None else a
        if m["lower"]:
            low, high = a, None
        elif m["upper"]:
            low, high = None, (b or a)
        if _MINUS.search(folded, max(0, s - 6), s) and not m["b"]:
            low, high = (None if high is None else -high), (None if low is None else -low)  # -4.5, سالب 3
            s -= folded[s - 1] in "-−–"  # the sign is part of how it is written
        more = _OR_MORE.match(folded, e)
        unit, unit_end = (None, e) if more else _unit(folded, e)
        if unit in _CLOCK or folded[max(0, s - 7):s].endswith(("الساعه ", "ساعه ")):
            continue  # a time of day: 11 مساء, الساعة 5
        if m["pct"]:
            unit, unit_end = "%", e
        elif unit in ("عام", "سنه") and (_AGE_BEFORE.search(folded, max(0, s - 24), s)
                                         or folded[max(0, s - 1):s] == "("):
            unit = AGE  # عمره 58 عاما, المسلح (58 عاما): how old someone is, not how long
        noun = _noun_before(folded, s) if m["a"] in _POSTPOSED and not m["b"] else None
        if noun is not None:  # عسكريين تركيين اثنين: the number after what it counts
            unit, s, unit_end = _lemma(folded[noun:s].split()[0]), noun, e
        if unit is None and not (m["approx"] or m["lower"] or m["upper"] or m["b"]):
            if not re.match(r"\d", m["a"]) or len(m["a"]) == 4 or (m["a"].isdigit() and int(m["a"]) < 10):
                continue  # a bare number with nothing counted: a year, a page, a score
        more = more or _OR_MORE.match(folded, max(e, unit_end))
        if more and low is not None and high == low:
            high, unit_end = None, more.end()  # 500 جندي أو أكثر, 20 فأكثر: at least
        if s and folded[s - 1] == "(" and ")" in folded[e:unit_end]:
            s -= 1  # (30) منشأة: the parentheses are part of how it is written
        start, end = where[s], _past_marks(text, where[max(e, unit_end) - 1] + 1)
        out.append(Quantity(text[start:end], start, end, low, high, bool(m["approx"]), unit))
        taken = end
    for m in _AGE_ORDINAL.finditer(folded):  # في التاسعة والخمسين من العمر
        start, end = where[m.start("n")], where[m.end() - 1] + 1
        if any(q.start < end and start < q.end for q in out) or any(a < end and start < b for a, b in spans):
            continue
        age = _ORDINALS.get(m["unit"] or "", 0) + _TENS.get(m["tens"] or m["tens_only"] or "", 0)
        out.append(Quantity(text[start:end], start, end, age, age, False, AGE))
    return sorted(out, key=lambda q: q.start)


AGE = "عمر"  # the unit of an age
_MINUS = re.compile(r"(?:(?:^|[\s(])[-−–]|سالب\s)$")  # a minus sign standing before a number, not a range's dash
_OR_MORE = re.compile(r"\s?(?:او\s(?:اكثر|يزيد)|فاكثر|فما فوق)(?!\w)")
# a decimal whose two parts a direction mark after the point swapped as it was laid out (88.‏52 for 52.88)
_MIRRORED = re.compile("(\\d+)[.٫][\u200e\u200f](\\d+)(?![\\d.,])")
# words that read as numbers and are not: لست (I am not), ألف مبروك / شكر / سلامة (a thousand thanks)
_NOT_A_NUMBER = re.compile(r"(?:لست(?!\w)|[وف]?الف (?:مبروك|شكر|سلامه|تحيه|مرحبا|رحمه)(?!\w))")
_AGE_BEFORE = re.compile(r"(?:عمره|عمرها|عمرهم|عمر|العمر|البالغ|البالغه|يبلغ|تبلغ|يناهز|ناهز|سن)\s(?:من\s\w+\s)?$")
_ORDINALS = {fold(k): v for k, v in {"حادي": 1, "حاديه": 1, "ثاني": 2, "ثانيه": 2, "ثالث": 3, "ثالثه": 3, "رابع": 4,
                                      "رابعه": 4, "خامس": 5, "خامسه": 5, "سادس": 6, "سادسه": 6, "سابع": 7, "سابعه": 7,
                                      "ثامن": 8, "ثامنه": 8, "تاسع": 9, "تاسعه": 9, "عاشر": 10, "عاشره": 10}.items()}
_TENS_WORDS = "|".join(t for t in _TENS if t.endswith("ين"))
_AGE_ORDINAL = re.compile(
    r"(?<!\w)[وف]?(?:في|بلغ|يبلغ)\s(?P<n>ال(?:(?P<unit>" + "|".join(_ORDINALS) + r")(?:\s?و\s?ال(?P<tens>"
    + _TENS_WORDS + r"))?|(?P<tens_only>" + _TENS_WORDS + r")))\sمن\s(?:العمر|عمره|عمرها)(?!\w)")
# numbers that follow what they count (جنديين اثنين, عسكريين تركيين اثنين)
_POSTPOSED = {fold(w) for w in ("اثنان", "اثنين", "اثنتان", "اثنتين")}
_PLURAL_END = re.compile(r"\w{2,}(?:ين|ان|تين|تان)$")


def _noun_before(folded: str, at: int) -> int | None:
    """Where the noun a number follows begins: the first of the dual or plural words just before it (the
    noun and its adjectives: عسكريين تركيين), None when the word before is none."""
    words = list(re.finditer(r"\w+", folded[max(0, at - 60):at]))
    start = None
    for w in reversed(words[-3:]):
        if not _PLURAL_END.fullmatch(w.group()) or w.group() in _WORDS or w.group() in _NOT_NOUN:
            break
        start = max(0, at - 60) + w.start()
    return start


_WORD = re.compile(r"[\w$€]+")
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]*")


def _past_marks(text: str, end: int) -> int:
    """An end offset moved past the diacritics that close the last word (متراً)."""
    m = _MARKS.match(text, end)
    return m.end() if m else end


def _unit(folded: str, end: int) -> tuple[str | None, int]:
    """The counted noun right after a number, as a lemma, and where it ends in the folded text. A number
    in parentheses counts the noun after them ((30) منشأة), and a digit restated in words counts the noun
    after the words ((7) سبعة من رجال …); a number followed by من and a noun counts that noun, less the word
    for its members (اثنان من رجال الشرطة: the police)."""
    closing = re.match(r"\s?\)(?:\s?(?:" + _W + r")(?!\w))?", folded[end:end + 16]) if end < len(folded) else None
    if closing:
        end += closing.end()
    partitive = re.match(r" من (?:(?:" + _MEMBERS + r") )?((?:ال)?\w+)", folded[end:end + 48])
    if partitive and partitive.group(1) not in _NOT_NOUN and not partitive.group(1).isdigit() \
            and partitive.group(1) not in _WORDS and not re.fullmatch(r"(?:ال)?(?:" + _NOT_COUNTED + r")", partitive.group(1)):
        return _lemma(partitive.group(1)), end + partitive.end()
    m = _WORD.match(folded, end + 1) if end < len(folded) and folded[end:end + 1] == " " else None
    if m is None:
        m = _WORD.match(folded, end)
    if m is None:
        return None, end
    word = m.group()
    if word in _CURRENCIES:
        return _CURRENCIES[word], m.end()
    if word in _NOT_NOUN or word.isdigit() or len(word) < 2:
        return None, end
    if re.fullmatch(_MULTIPLE, word):
        return "ضعف", m.end()
    lemma, stop = _lemma(word), m.end()
    if lemma in _CONTAINERS and (of := re.match(r" من (\w+)", folded[stop:stop + 40])) and of.group(1) not in _NOT_NOUN:
        lemma, stop = _lemma(of.group(1)), stop + of.end()
    rest = folded[stop:stop + 30]
    for c in _COMPOUNDS:
        if rest.startswith(" " + c) and not rest[len(c) + 1:len(c) + 2].isalpha():
            lemma, stop = f"{lemma} {c.removeprefix('ال')}", stop + len(c) + 1
            break
    return lemma, stop


def unit_lemma(noun: str) -> str:
    """The lemma a counted noun is stored under: جنود → جندي, قذائف → قذيفه; "" for a noun that folds to
    nothing (a tatweel, a direction mark), which names no unit."""
    words = fold(noun).split()
    return " ".join([_lemma(words[0]), *words[1:]]) if words else ""


def _lemma(word: str) -> str:
    if word in _LEMMAS:
        return _LEMMAS[word]
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    if word in _LEMMAS:
        return _LEMMAS[word]
    if word.endswith("ات") and len(word) > 4:
        return word[:-2] + "ه"
    if word.endswith(("ين", "ون")) and len(word) > 5:
        return word[:-2]
    if word.endswith("ا") and len(word) > 3 and not word.endswith("يا"):
        return word[:-1]
    return word
