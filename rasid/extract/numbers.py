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
_HUNDREDS: dict[str, float] = {"مئه": 100, "مائه": 100, "ميه": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200, "مئتا": 200, "مئتي": 200, "مائتا": 200, "مائتي": 200,
             "مئات": 100}
for _w, _v in list(_UNITS.items()):
    if 3 <= _v <= 9:
        for _h in ("مئه", "مائه"):
            _HUNDREDS[_w.rstrip("ه") + _h] = _v * 100
_SCALES: dict[str, float] = {"الف": 1e3, "الفا": 1e3, "الفين": 2e3, "الفان": 2e3, "الفي": 2e3, "الاف": 1e3, "مليون": 1e6, "مليونا": 1e6,
           "مليونين": 2e6, "مليونان": 2e6, "مليوني": 2e6, "مليارى": 2e9, "ملايين": 1e6, "مليار": 1e9, "مليارا": 1e9, "مليارين": 2e9,
           "ملياران": 2e9, "مليارات": 1e9, "بليون": 1e9, "بلايين": 1e9, "ترليون": 1e12, "تريليون": 1e12}
_DUALS = {"الفين", "الفان", "الفي", "مليونين", "مليونان", "مليوني", "مليارين", "ملياران", "مليارى"}
_UNITS, _TENS, _HUNDREDS, _SCALES = ({fold(k): v for k, v in d.items()} for d in (_UNITS, _TENS, _HUNDREDS, _SCALES))
_HUNDRED_WORDS = {fold(w) for w in ("مئه", "مائه")}  # a hundred as a word of its own (٧ مئة, أربع مائة)
_HUNDRED = "|".join(sorted(_HUNDRED_WORDS))
_DUALS = {fold(w) for w in _DUALS}
_WORDS = {**_UNITS, **_TENS, **_HUNDREDS}
_W = "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True))
_S = "|".join(sorted(map(re.escape, _SCALES), key=len, reverse=True))
NUMBER_WORDS = _W  # the number words below a thousand, folded, longest first (a pattern)

# 3.750 طفل; before a scale or a percent it is a decimal (1.250 مليار, 1.200 ألف متر مربع)
_ONE_GROUP = rf"(?!0)\d{{1,3}}\.\d{{3}}(?![\d.,،٫])(?!\s?(?:{_S}|%|٪|في الم|بالم))"
_GROUPED = (r"\d{1,3}(?:(?:\.\d{3}){2,}|\.000|(?: \d{3})+)(?![\d.,،٫])|" + _ONE_GROUP)  # 2.500.000, 2 500 000: thousands
DIGITS = (_GROUPED + r"|\d\s?(?:" + _HUNDRED + r")(?!\w)|"
          r"\d{1,3}(?:[,،٬]\d{3})+(?:[.٫]\d+)?|\d+[,،]\d{1,2}(?![\d,،])|\d+(?:[.٫ر]\d+)?")
# a number: digits or words, optionally followed by a scale word
NUM = (rf"(?:(?:{DIGITS})(?:\s?(?:{_S}))?|(?:(?:{_W})(?:\s(?:و\s?)?(?:{_W}|{_S}))*)(?:\s(?:{_S}))?|(?:{_S}))")
_APPROX = r"(?:ما يقرب من|يقرب من|نحو|حوالي|قرابه|زهاء|ما يقدر\sب(?:نحو\s)?|ما يقارب|يقارب|قاربت|ما يناهز|يناهز|ناهز|ناهزت|اكثر قليلا من)"
_LOWER = r"(?:ما لا يقل عن|لا تقل عن|لم يقل عن|لم تقل عن|لا يقل عن|لا اقل من|ليس اقل من|اكبر من|يتجاوز|تتجاوز|يتخطي|تتخطي|يفوق|تفوق|فاق|فاقت|تجاوز|تجاوزت|تخطي|تخطت|اكثر من|ما يزيد عن|ما يزيد علي|يزيد عن|يزيد علي|ازيد من|ما يربو علي|يربو علي|فوق|اكثر قليلا من)"
_UPPER = r"(?:دون سن|ما دون|دون|تحت|تقل عن|يقل عن|لم يتجاوز|لم تتجاوز|لم يزد عن|لم يزد علي|لم تزد عن|لم تزد علي|لا تزيد عن|لا تزيد علي|لا اكثر من|ليس اكثر من|لا يتجاوز|لا تتجاوز|ما يصل الي|يصل الي|تصل الي|حتي|اقل من|لا يزيد عن|لا يزيد علي|ما لا يزيد عن|اقصاها|اقصاه|اقصي)"
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
    # units written short: 320 ألف م2 is 320 ألف متر مربع (never م alone: 2015م is a year)
    "م2": "متر مربع", "م²": "متر مربع", "كم2": "كيلومتر مربع", "كم²": "كيلومتر مربع", "م3": "متر مكعب",
    "م³": "متر مكعب", "سم": "سنتيمتر", "كلم": "كيلومتر", "كلم2": "كيلومتر مربع",
}
# nouns whose آ folds to an article's ال (ثلاث آليات, خمس آلات): after folding the ال must stay
_LEMMAS.update({"آليات": "آلية", "الآليات": "آلية", "آلات": "آلة", "الآلات": "آلة"})
_LEMMAS = {fold(k): fold(v) for k, v in _LEMMAS.items()}
_COMPOUNDS: tuple[str, ...] = ("بدون طيار", "دون طيار", "باليستي", "باليستيه", "مسيره", "مسيرة", "كروز", "عسكري", "عسكريه",
              "بناء عسكري", "مكعب", "مربع", "مكعبا", "مربعا", "مكعبه", "مربعه")
_COMPOUND_FORMS = {"مكعبا": "مكعب", "مربعا": "مربع", "مكعبه": "مكعب", "مربعه": "مربع"}  # مترا مربعا, أمتار مربعة
_CONTAINERS = {"جوله", "قطعه", "وحده", "دفعه", "شحنه"}  # "12 مليون جولة من القذائف": the shells
_COMPOUNDS = tuple(fold(c) for c in _COMPOUNDS)
_CLOCK = {"مساء", "صباحا", "صباح", "ظهرا", "عصرا", "فجرا", "ليلا", "بتوقيت", "توقيت", "gmt", "ظهر", "عصر"}
TIME_UNITS = {"ساعه", "يوم", "اسبوع", "شهر", "سنه", "عام", "عقد", "دقيقه", "ثانيه", "قرن"}
_VAGUE = {fold(w) for w in ("الاف", "ملايين", "مئات", "مليارات", "بلايين", "عشرات")}  # "thousands of …": no number
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
    rf"(?:\s?(?P<join>-|–|و\s?(?:لا\s)?{_UPPER}\s|و|الي|حتي|او)\s?(?P<b>{NUM}))?"
    rf"(?:\s?(?P<pct>{_PERCENT}))?(?![\w])")


def value_of(text: str, compound: bool = False) -> float | None:
    """The value of one number as written (digits, words, or both): 30،000, خمسة وعشرون, 9 ملايين."""
    s = text.strip()
    apart = re.match(rf"^(\d)\s?(?:{_HUNDRED})$", s)  # ٧ مئة
    if apart:
        return float(apart.group(1)) * 100
    grouped = re.match(rf"^({_GROUPED})\s?({_S})?$", s)
    if grouped:  # 2.500.000, 250.000, 2 500 000: thousands separated by dots or spaces
        v = float(re.sub(r"[. ]", "", grouped.group(1)))
        return v * _SCALES[grouped.group(2)] if grouped.group(2) else v
    comma = re.match(rf"^(\d+)[,،](\d{{1,2}})\s?({_S})?$", s)  # 3,8 مليون, 1,5%: a decimal comma
    if comma:
        v = float(f"{comma.group(1)}.{comma.group(2)}")
        return v * _SCALES[comma.group(3)] if comma.group(3) else v
    m = re.match(rf"^({DIGITS})\s?({_S})?$", s)
    if m:
        # the wire style's decimal ر is typed fraction first (5ر6 مليون is 6.5 million: in SaudiNewsNet's
        # stories, a figure so written meets its fraction-last twin 107 times, its other reading once)
        digits = re.sub(r"^(\d+)ر(\d+)$", r"\2.\1", re.sub(r"[,،٬]", "", m.group(1))).replace("٫", ".")
        v = float(digits)
        return v * _SCALES[m.group(2)] if m.group(2) else v
    if not compound and _two_numbers(s) is not None:
        return None  # ستة وثمانية: two numbers (`compound`: read as one whatever it joins)
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


_RESTATED = re.compile(rf"\s?\(\s?(?:\d[\d,،.]*|(?:{_W}|{_S})(?:\s(?:و\s?)?(?:{_W}|{_S}))*)\s?\)")
_PAREN_SCALE = re.compile(rf"\s?\)\s?(?P<scale>{_S})(?!\w)")


def _two_numbers(words: str) -> tuple[float, float] | None:
    """Two number words joined by و that make no compound (ستة وثمانية, عشرة وخمسة عشر: units, tens or teens
    on both sides, where a compound joins a unit to a ten: خمسة وعشرون): the two, else None."""
    parts = re.split(r"\s+و\s?", words, maxsplit=1)
    if len(parts) != 2:
        return None
    a, b = value_of(parts[0], compound=True), value_of(parts[1], compound=True)
    return (a, b) if a is not None and b is not None and a < 20 and b < 20 and a < b else None


def _unit_scale(number: str) -> float:
    """The scale word a number ends with (ألفاً → 1,000, مليون → 1,000,000, ٧ مئة → 100); 1 for none."""
    m = re.search(rf"({_S}|{_HUNDRED})$", number)
    return (_SCALES.get(m.group(1), 100.0)) if m else 1.0


# fractions (folded): one part, and the plural that counts parts (ثلاثة أرباع, سبعة أثمان)
_PART = {"نصف": 1 / 2, "ثلث": 1 / 3, "ربع": 1 / 4, "سدس": 1 / 6, "ثلثا": 2 / 3, "ثلثي": 2 / 3}
_PARTS = {"ارباع": 4, "اثلاث": 3, "اخماس": 5, "اسداس": 6, "اسباع": 7, "اثمان": 8, "اتساع": 9, "اعشار": 10}
_UNIT_WORDS = "|".join(sorted((w for w in _UNITS if _UNITS[w] >= 2), key=len, reverse=True))
_FRACTION = re.compile(
    rf"(?<![\w.,،٫٬])(?:(?<=و)|(?<=و\s)|{_CLITIC})(?:"
    rf"(?P<n>{_UNIT_WORDS}|\d)\s(?P<parts>{'|'.join(_PARTS)})|"
    rf"(?P<part>{'|'.join(sorted(_PART, key=len, reverse=True))}))(?:\s(?:ال)?(?P<scale>{_S}))?(?![\w])"
    r"(?!\s(?:ال)?نهايي)")  # ربع نهائي, نصف النهائي (folded): rounds of a cup
# vague quantities: so many tens, hundreds, thousands (عشرات الآلاف), a few (بضعة, عدة), with honest bounds
_VAGUE_BOUNDS = {fold(k): v for k, v in {"عشرات": (20, 99), "مئات": (200, 999), "الاف": (2000, 9999),
                                         "ملايين": (2e6, 9999999), "مليارات": (2e9, 9999999999), "بضعه": (3, 9),
                                         "بضع": (3, 9)}.items()}  # (عدة, "several", counts aspects and steps)
_OF_SCALE = {fold(k): v for k, v in {"الالاف": 1e3, "الاف": 1e3, "الملايين": 1e6, "ملايين": 1e6, "المليارات": 1e9}.items()}
_VAGUE_Q = re.compile(rf"(?<![\w])[وفبل]?(?P<v>{'|'.join(_VAGUE_BOUNDS)})(?:\s(?P<of>{'|'.join(_OF_SCALE)}))?(?=\s\w)")


def is_vague(written: str) -> bool:
    """Whether a quantity as written is a vague one (عشرات القتلى, آلاف الزوار): bounds, not a figure claimed."""
    m = _VAGUE_Q.match(fold(written))
    return m is not None and m.start("v") <= 1


_WHOLE_BEFORE = re.compile(rf"(?<![\w.,،٫٬])(?:{NUM})\s?و\s?$")  # مليون ونصف: the whole a fraction is added to
# ثلاث سنوات ونصف, ساعتين وربع: a half (a quarter, a third) of what was just counted
_COUNTED_BEFORE_PART = re.compile(rf"(?<![\w.,،٫٬])(?:(?P<w>{NUM})\s(?P<noun>\w{{3,}})|(?P<dual>\w{{3,}}(?:ين|تين)))\s?و\s?$")


def _fraction_value(m: re.Match, whole_text: str | None) -> float | None:
    scale = _SCALES[m["scale"]] if m["scale"] else 1.0
    if m["parts"]:
        n = float(m["n"]) if m["n"].isdigit() else _UNITS[m["n"]]
        part = n / _PARTS[m["parts"]] * scale
    else:
        part = _PART[m["part"]] * scale
    if whole_text is None:
        return part
    whole = value_of(whole_text)
    if whole is None:
        return None
    unit = _unit_scale(whole_text)  # مليون ونصف: half of the million; خمسة وسبعة أثمان: 5 and 7/8
    if re.search(rf"(?:{'|'.join(_DUALS)})$", whole_text):
        unit /= 2  # مليونان ونصف: and half of one million
    return whole + (part * unit if not m["scale"] else part)


_DUAL_TIME = {fold(k): fold(v) for k, v in {"يومين": "يوم", "اسبوعين": "اسبوع", "شهرين": "شهر", "عامين": "عام",
                                            "سنتين": "سنه", "ساعتين": "ساعه", "دقيقتين": "دقيقه", "ليلتين": "ليله",
                                            "عقدين": "عقد", "قرنين": "قرن"}.items()}
# a counted noun, then its number: قطعة واحدة (one), الدورات الخمس (the five), and a time unit's dual (شهرين)
_AFTER_NOUN = re.compile(
    rf"(?<![\w])(?:(?P<approx>{_APPROX})\s)?(?:(?P<noun>(?!ال)\w{{2,}})\s(?P<one>واحده|واحد|واحدا)|"
    rf"(?P<dnoun>ال\w{{2,}})(?:\s(?P<dnoun2>ال\w{{2,}}))?\s(?P<dnum>ال(?:{'|'.join(w for w in _UNITS if 3 <= _UNITS[w] <= 9)}|عشر|عشره))(?P<teen>\sعشر|\sعشره)?|"
    rf"(?P<one_of>واحد|واحده)(?=\sمن\s)|"
    rf"(?P<dual>{'|'.join(_DUAL_TIME)}))(?!\w)")


_AS_ONE = {fold(w) for w in "وقت آن ان صوت صف نفس كلمة قلب يدا كل ولا لا دفعة جانب طرف".split()}
# في وقت واحد, بصوت واحد: "together"; من جانب واحد, من طرف واحد: "unilaterally"


_CUE_BEFORE = re.compile(rf"{_CLITIC}(?:(?P<lower>{_LOWER})|(?P<upper>{_UPPER})|(?P<approx>{_APPROX}))\s?$")
_VOWELLED_PART = re.compile(r"(?<![\w\u064b-\u065f])[وفبل]?([خعث])\u064f[مش]\u0652?[سرن][\u064b-\u065f]*(?=\s)")
# خُمس a fifth, عُشر a tenth, ثُمن an eighth: told from خمس (five), عشر (ten), ثمن (a price) by their vowel
_VOWELLED_PARTS = {"خ": 1 / 5, "ع": 1 / 10, "ث": 1 / 8}


def _special(folded: str, vowelled: Sequence[tuple[int, float]] = ()) -> list[tuple[int, int, float, float, bool, str | None]]:
    """Fractions (ثلاثة أرباع, ثلثا, مليون ونصف, نصف مليون), vague quantities (عشرات, مئات الآلاف, بضعة) and
    numbers after what they count (قطعة واحدة, الدورات الخمس, شهرين), as (start, end, low, high, approx, unit)
    in the folded text (unit None: the noun after it); the main grammar reads what is left."""
    out: list[tuple[int, int, float, float, bool, str | None]] = []
    for i, v in vowelled:  # خُمس السكان
        if (m := re.compile(r"\w+").match(folded, i)) is not None:
            out.append((m.start(), m.end(), v, v, False, None))
    for m in _AFTER_NOUN.finditer(folded):
        if m["one"] and (m["noun"] in _NOT_NOUN or m["noun"] in _WORDS or m["noun"] in _SCALES or m["noun"] in _AS_ONE):
            continue
        start = m.start("approx") if m["approx"] else m.start("noun") if m["noun"] else m.start("dnoun") \
            if m["dnoun"] else m.start("one_of") if m["one_of"] else m.start("dual")
        if m["one_of"]:  # واحد من الركاب: one of them, the noun after من counted
            out.append((start, m.end(), 1.0, 1.0, False, None))
            continue
        if m["dual"]:
            v, unit = 2.0, _DUAL_TIME[m["dual"]]
        elif m["one"]:
            v, unit = 1.0, _lemma(m["noun"])
        else:
            noun = m["dnoun2"] if m["dnoun2"] and _PLURAL_END.fullmatch(m["dnoun2"]) and not \
                _PLURAL_END.fullmatch(m["dnoun"]) else m["dnoun"]  # المدرب اللاعبين الخمسة, الأرقام السرية الثلاثة
            v, unit = _UNITS.get(m["dnum"][2:], 10.0) + (10 if m["teen"] else 0), _lemma(noun)
            if m["dnoun"][2:] in _CURRENCIES or unit in _CURRENCIES:
                continue  # منطقة اليورو التسعة عشر: its members, not a sum of money
        out.append((start, m.end(), v, v, bool(m["approx"]), unit))
    for m in _FRACTION.finditer(folded):
        begin = m.start("n") if m["n"] else m.start("part")  # after a clitic: بنصف مليون
        window = max(0, begin - 40)  # a bounded look back: linear however long a line of number words
        before = _WHOLE_BEFORE.search(folded, window, begin) if folded[max(0, begin - 2):begin].strip() == "و" else None
        whole = before.group().rstrip()[:-1].rstrip() if before else None
        part: float | None = None
        counted_unit: str | None = None
        if before is None and m["part"] and not m["scale"] and folded[max(0, begin - 2):begin].strip() == "و" \
                and not folded.startswith(" ال", m.end()) \
                and (counted := _COUNTED_BEFORE_PART.search(folded, window, begin)) is not None:
            if counted["dual"] and counted["dual"] in _DUAL_TIME:
                part, counted_unit = 2 + _PART[m["part"]], _DUAL_TIME[counted["dual"]]
            elif counted["w"] and (part := _fraction_value(m, counted["w"])) is not None:
                counted_unit = _lemma(counted["noun"])  # مليون ريال ونصف: half of the million, 1.5 million riyals
            if counted_unit is not None:
                begin = counted.start()
                out = [o for o in out if not begin <= o[0] < m.end()]  # يومين ونصف: the dual read alone is now whole
        if counted_unit is None:
            if m["part"] and not (whole or m["scale"]) and not re.match(r"\s(?:ال)?\w", folded[m.end():m.end() + 3]):
                continue
            part = _fraction_value(m, whole)
            if before is not None:
                begin = before.start()
        if part is not None and not any(a < m.end() and begin < b for a, b, *_ in out):
            out.append((begin, m.end(), part, part, False, counted_unit))
    for m in _VAGUE_Q.finditer(folded):
        if re.search(rf"(?:\d\)?|(?<!\w)(?:ال)?(?:{_W}))\s?$", folded[max(0, m.start() - 12):m.start()]):
            continue  # 10 ملايين, ثلاثة آلاف: a scale, not a vague number
        low, high = _VAGUE_BOUNDS[m["v"]]
        k = _OF_SCALE.get(m["of"] or "", 1.0)
        if m["v"] in ("ملايين", "مليارات", "الاف") and m["of"]:
            continue
        if not any(a < m.end() and m.start() < b for a, b, *_ in out):
            out.append((m.start("v"), m.end(), low * k, (high + 1) * k - 1, True, None))
    return out


def find_quantities(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    """Every quantity in `text`, in order; spans listed in `skip` (dates, say; not overlapping each
    other) are not numbers here."""
    folded, where = fold_map(text)
    out: list[Quantity] = []
    spans = sorted(skip)
    special = []
    vowelled = []
    if marked := list(_VOWELLED_PART.finditer(text)):  # rare: the folded offset of each only then
        at = {w: i for i, w in enumerate(where)}
        vowelled = [(at[m.start()], _VOWELLED_PARTS[m.group(1)]) for m in marked if m.start() in at]
    for s, e, low_value, high_value, approx_, unit_ in _special(folded, vowelled):
        low_: float | None = low_value
        high_: float | None = high_value
        start, end_ = where[s], where[e - 1] + 1
        if any(a < end_ and start < b for a, b in spans):
            continue
        unit_, unit_end_ = (unit_, e) if unit_ else _unit(folded, e)
        if (cue := _CUE_BEFORE.search(folded, max(0, s - 24), s)) is not None and low_ == high_:
            # أكثر من نصف السكان, أقل من نصف الأعضاء, نحو نصف السكان
            s = cue.start()
            start = where[s]
            low_, high_, approx_ = (low_, None, approx_) if cue["lower"] else (None, high_, approx_) if cue["upper"] \
                else (low_, high_, True)
        end_ = past_marks(text, where[max(e, unit_end_) - 1] + 1)
        out.append(Quantity(text[start:end_], start, end_, low_, high_, approx_, unit_))
        special.append((start, end_))
    spans = sorted(spans + special)
    starts = [a for a, _ in spans]
    taken = 0  # where the last quantity ended (a number restated in words is not a second one)
    for m in _Q.finditer(folded):
        s, e = m.start(), m.end()
        i = bisect_left(starts, where[e - 1] + 1) - 1  # the last skipped span starting inside or before it
        if (i >= 0 and where[s] < spans[i][1]) or where[s] < taken:
            continue
        a = value_of(m["a"])
        pair = _two_numbers(m["a"]) if a is None and m["between"] and not m["b"] else None
        if pair is not None:
            a = pair[0]  # بين ستة وثمانية أشخاص: two numbers, not one (ستة وثمانية is no compound)
        if a is None or _NOT_A_NUMBER.match(folded, s) or _NOT_A_COUNT_BEFORE.search(folded, max(0, s - 16), s) \
                or _NOT_A_COUNT_AFTER.match(folded, e):
            continue  # الـ 39 (an ordinal), 20:59 (a time), 5+1 (a name)
        if re.fullmatch(r"0\d{6,}|\d{6,}(?<!000)", m["a"]):
            continue  # 0591234567, 8001247: a phone number or a code (a sum that long ends in zeros: 1500000)
        if (mirrored := _MIRRORED.search(text, where[s], where[m.end("a") - 1] + 1)) is not None:
            a = float(f"{mirrored.group(2)}.{mirrored.group(1)}")  # 88.‏52 is 52.88 laid out right to left
        b = value_of(m["b"]) if m["b"] else None
        if m["b"] and b is None:
            continue
        if pair is not None:
            b = pair[1]
        if (paren := _PAREN_SCALE.match(folded, e)) is not None and not re.search(rf"({_S})$", m["a"]):
            a, b = a * _SCALES[paren["scale"]], (None if b is None else b * _SCALES[paren["scale"]])  # (250) ألف
        joined = m.group(0)[m.end("a") - s:m.start("b") - s].strip() if m["b"] else ""
        if b is not None and joined == "و" and b < _unit_scale(m["a"]) > 1:
            a, b = a + b, None  # 35 ألفاً و928: one number, 35,928 (a range would read من … إلى)
        if b is not None and m["b"]:
            # a scale after the second number applies to the first: 25 إلى 30 ألف
            scale_b = re.search(rf"\s?({_S})$", m["b"])
            if scale_b and not re.search(rf"({_S})$", m["a"]) and a < b / _SCALES[scale_b.group(1)] * 10:
                a *= _SCALES[scale_b.group(1)]
            if m.group(0)[m.end("a") - s:m.start("b") - s].strip() in ("او",) or b < a:
                b = None if b < a else b
        low: float | None = a
        high: float | None = b if b is not None else a
        if m["lower"] and m["b"] and b is not None and len(m["join"].strip()) > 1 and m["join"].startswith("و"):
            pass  # فوق 10 وتحت 20, لا تقل عن 500 ولا تزيد على 2000: both bounds
        elif m["lower"]:
            low, high = a, None
        elif m["upper"]:
            low, high = None, (b or a)
        gov = None if m["lower"] or m["upper"] or m["approx"] or m["between"] or m["b"] else \
            _GOVERNING.search(folded, max(0, s - 60), s)
        governed = gov is not None
        if gov is not None:
            exceed = bool(gov["verb"]) or _BY_PREPOSITION[gov["prep_verb"]]
            if gov["neg"]:
                exceed = not exceed  # لم يتجاوز: at most; لم يقل عن: at least
            low, high = (a, None) if exceed else (None, a)
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
        if unit is None and m["b"] and joined in ("-", "–") and not (m["approx"] or m["lower"] or m["upper"]
                                                                     or m["between"]):
            continue  # 4 - 2, 73-133 with nothing counted: a score, a tally
        if unit is None and not (m["approx"] or m["lower"] or m["upper"] or m["b"] or governed):
            if not re.match(r"\d", m["a"]) or len(m["a"]) == 4 or (m["a"].isdigit() and int(m["a"]) < 10):
                continue  # a bare number with nothing counted: a year, a page, a score
        if (below := _BELOW_ZERO.match(folded, max(e, unit_end))) is not None and low is not None and low > 0:
            low, high, unit_end = -(high or low), -low, below.end()  # خمس درجات تحت الصفر
        more = more or _OR_MORE.match(folded, max(e, unit_end))
        if more and low is not None and high == low:
            high, unit_end = None, more.end()  # 500 جندي أو أكثر, 20 فأكثر, ستة أشخاص على الأقل: at least
        elif (most := _AT_MOST.match(folded, max(e, unit_end))) and low is not None and high == low:
            low, unit_end = None, most.end()  # عشرة أيام على الأكثر: at most
        approx = bool(m["approx"])
        if (about := _ABOUT.match(folded, max(e, unit_end))) is not None:
            approx, unit_end = True, about.end()  # 16 عاما تقريبا
        if s and folded[s - 1] == "(" and ")" in folded[e:unit_end]:
            s -= 1  # (30) منشأة: the parentheses are part of how it is written
        start, end = where[s], past_marks(text, where[max(e, unit_end) - 1] + 1)
        out.append(Quantity(text[start:end], start, end, low, high, approx, unit))
        taken = end
    for m in _AGE_ORDINAL.finditer(folded):  # في التاسعة والخمسين من العمر
        start, end = where[m.start("n")], where[m.end() - 1] + 1
        if any(q.start < end and start < q.end for q in out) or any(a < end and start < b for a, b in spans):
            continue
        age = _ORDINALS.get(m["unit"] or "", 0) + _TENS.get(m["tens"] or m["tens_only"] or "", 0)
        out.append(Quantity(text[start:end], start, end, age, age, False, AGE))
    return sorted(out, key=lambda q: q.start)


AGE = "عمر"  # the unit of an age
_MINUS = re.compile(r"(?:(?:^|[\s(])[-−–]|سالب\s|ناقص\s)$")  # a minus sign standing before a number, not a range's dash
# a verb of exceeding or falling short whose subject stands between it and the number (تخطى عدد الإصابات 2000)
_EXCEED = {"يتجاوز", "تتجاوز", "تجاوز", "تجاوزت", "يفوق", "تفوق", "فاق", "فاقت", "تخطي", "تخطت", "يتخطي", "تتخطي", "يتعدي", "تتعدي", "تعدي", "تعدت"}
_BY_PREPOSITION = {"يربو": True, "تربو": True, "يزيد": True, "تزيد": True, "زاد": True, "زادت": True, "يزد": True, "تزد": True, "يقل": False,
                   "تقل": False, "قل": False, "قلت": False}  # these take على/عن before the number: True, more than it
_SUBJECT = r"(?:\s(?!(?:في|من|الي|علي|عن|و)\s\d)[^\s\d.,،؟!]+){1,5}"  # the words between: the subject
_GOVERNING = re.compile(
    rf"(?<!\w)[وف]?(?P<neg>(?:لم|لا|لن|الا|ان لا)\s)?(?:(?P<verb>{'|'.join(sorted(_EXCEED, key=len, reverse=True))}){_SUBJECT}\s|"
    rf"(?P<prep_verb>{'|'.join(sorted(_BY_PREPOSITION, key=len, reverse=True))}){_SUBJECT}\s(?:علي|عن)\s)$")
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:(?<!\w)ال\s?ـ?\s?|\d\s?:\s?|(?<!\w)(?:ال)?(?:رقم|ماده|مادتين|بند|فقره|صفحه|المرسوم|القرار|القانون|القميص|الطريق|المركز|المرتبه|المرتبة|الجوله|الدوره|مواليد|مواليد عام|الدقيقه|الفرقه|الكتيبه|الفيلق)\s?|"
    r"[a-z\w]-|(?<!\w)ال(?:حادي|حاديه|ثاني|ثانيه|ثالث|ثالثه|رابع|رابعه|خامس|خامسه|سادس|سادسه|سابع|سابعه|ثامن|ثامنه|"
    r"تاسع|تاسعه)\s)$")
_NOT_A_COUNT_AFTER = re.compile(r"\s?(?::\s?\d|\+\s?\d)")
_OR_MORE = re.compile(r"\s?(?:او\s(?:اكثر|يزيد)|فاكثر|فما فوق|وما فوق|علي الاقل|كحد ادني|بحد ادني)(?!\w)")
_BELOW_ZERO = re.compile(r"\s?تحت الصفر(?!\w)")
_AT_MOST = re.compile(r"\s?(?:علي الاكثر|كحد اقصي|بحد اقصي|علي اقصي تقدير|او اقل|فاقل|فما دون)(?!\w)")
_ABOUT = re.compile(r"\s?(?:تقريبا|او نحو ذلك)(?!\w)")
# a decimal whose two parts a direction mark after the point swapped as it was laid out (88.‏52 for 52.88)
_MIRRORED = re.compile("(\\d+)[.٫][\u200e\u200f](\\d+)(?![\\d.,])")
# words that read as numbers and are not: لست (I am not), ألف مبروك / شكر / سلامة (a thousand thanks)
_NOT_A_NUMBER = re.compile(r"(?:لست(?!\w)|[وف]?الف (?:مبروك|شكر|سلامه|تحيه|مرحبا|رحمه|ليله)(?!\w))")
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


def past_marks(text: str, end: int) -> int:
    """An end offset moved past the diacritics that close the last word (متراً)."""
    m = _MARKS.match(text, end)
    return m.end() if m else end


def _unit(folded: str, end: int) -> tuple[str | None, int]:
    """The counted noun right after a number, as a lemma, and where it ends in the folded text. A number
    in parentheses counts the noun after them ((30) منشأة), and a digit restated in words counts the noun
    after the words ((7) سبعة من رجال …); a number followed by من and a noun counts that noun, less the word
    for its members (اثنان من رجال الشرطة: the police)."""
    closing = re.match(rf"\s?\)(?:\s?(?:{_W}|{_S})(?:\s(?:و\s?)?(?:{_W}|{_S}))*(?!\w))?", folded[end:end + 40]) \
        if end < len(folded) else None
    if closing:
        end += closing.end()
    elif (restated := _RESTATED.match(folded, end)) is not None:
        end = restated.end()  # 5000 (خمسة آلاف) ريال, اثني عشر (12) شهراً: the number again, then what it counts
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
            lemma, stop = f"{lemma} {_COMPOUND_FORMS.get(c, c).removeprefix('ال')}", stop + len(c) + 1
            break
    return lemma, stop


def unit_lemma(noun: str) -> str:
    """The lemma a counted noun is stored under: جنود → جندي, قذائف → قذيفه; "" for a noun that folds to
    nothing (a tatweel, a direction mark), which names no unit."""
    words = fold(noun).split()
    if words and words[0] in _CURRENCIES:
        return " ".join([_CURRENCIES[words[0]], *words[1:]])  # دراهم, الدراهم are the درهم a figure counts
    return " ".join([_lemma(words[0]), *(_COMPOUND_FORMS.get(w, w) for w in words[1:])]) if words else ""


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


# ranks: الخامس، الحادية عشرة، الحادي والعشرون، خامس أكبر، ثالثاً، الـ 39، المركز 3 (a rank, never a count)
_RANK_UNITS = _ORDINALS | {"اول": 1, "اولي": 1}
_RANK_UNIT = "|".join(sorted(_RANK_UNITS, key=len, reverse=True))
_RANK_TENS = "|".join(t for t in _TENS if t not in ("عشر", "عشره"))  # العشرون … التسعين (عشر makes a teen)
_RANK = re.compile(
    rf"(?<!\w)(?:[وف]?(?:ب|ل|لل)?ال(?P<unit>{_RANK_UNIT})(?:\s(?P<teen>عشر|عشره)|\s?و\s?ال(?P<tens>{_RANK_TENS}))?"
    rf"|[وف]?(?:ب|ل|لل)?ال(?P<tens_only>{_RANK_TENS})"
    rf"|(?P<bare>(?:{_RANK_UNIT})(?<!ثانيه)(?<!اولي))(?P<adverb>ا)?"
    r"|(?:[وف]?(?:ب|ل|لل)?ال\s?ـ*\s?|(?P<place>المركز|المرتبه|المرتبة)\s(?:رقم\s)?)(?P<digits>\d{1,3}))(?!\w)")
_RANK_NOUNS = re.compile(r"(?:ذكري|ذكرى|الذكري|القرن|الدوره|الجوله|النسخه|المرتبه|المركز|الطبعه|الحلقه|المؤتمر|"
                         r"الموسم|الاسبوع|اليوم|العام|الشهر|الدورة|الجلسه|القمه|المنتدى|المنتدي|المهرجان)\s$")
_COUNTED_BEFORE = re.compile(r"(?:\w{2,}ات|\w*(?:اعوام|ايام|اشهر|شهور|سنين|اسابيع|دول|اعضاء))\s$")
_SCALE_AFTER = re.compile(r"\s(?:الف|الاف|مليون|ملايين|مليار|مليارات)(?!\w)")
# الأول / الثاني naming a month (كانون الأول، ربيع الثاني، جمادى الأولى), or an hour after الساعة
_NOT_A_RANK = re.compile(r"(?:كانون|تشرين|ربيع|جمادي|جمادى|الساعه|ساعه)\s$")


def find_ordinals(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    """Ranks in `text` (`ordinal` set; low = high = the rank): ordinal words with or without the article, the
    adverb (حلّ ثالثاً), «الـ 39» and «المركز 3». A tens word alone (العشرين) is a rank only after a noun that
    is ranked (الذكرى العشرين، القرن العشرين). Spans in `skip` (dates, quantities) are something else."""
    folded, where = fold_map(text)
    covered = bytearray(len(text) + 1)  # display offsets the skipped spans hold
    for s, e in skip:
        covered[s:e] = b"\x01" * (e - s)
    out = []
    for m in _RANK.finditer(folded):
        if any(covered[where[m.start()]:where[m.end() - 1] + 1]) or _NOT_A_RANK.search(folded, max(0, m.start() - 8),
                                                                                      m.start()):
            continue
        if m["tens_only"] and not _RANK_NOUNS.search(folded, max(0, m.start() - 12), m.start()):
            continue
        if (m["digits"] or m["tens_only"]) and not m["place"] and (
                _COUNTED_BEFORE.search(folded, max(0, m.start() - 14), m.start()) or _SCALE_AFTER.match(folded, m.end())):
            continue  # للأعوام الـ 30، مبلغ ال37 مليون: the definite number of a count
        if m["digits"]:
            rank = int(m["digits"])
        elif m["tens_only"]:
            rank = int(_TENS[m["tens_only"]])
        else:
            rank = _RANK_UNITS[m["unit"] or m["bare"]] + (10 if m["teen"] else 0) + int(_TENS.get(m["tens"] or "", 0))
        s = m.start("digits") if m["digits"] and m["place"] else m.start()
        start, end = where[s], past_marks(text, where[m.end() - 1] + 1)  # ثالثاً keeps its tanween
        out.append(Quantity(text[start:end], start, end, rank, rank, ordinal=True))
    return out
