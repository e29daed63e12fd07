"""Organisations and facilities named by their head noun: وزارة الداخلية، هيئة الهلال الأحمر، مستشفى
القطيف المركزي، قاعدة فوستوشني الفضائية.

Arabic names most public bodies by a head noun in construct with what it is about (وزارة + الداخلية),
then adjectives (الروسية، المركزي، العامة). A statistical tagger trained on ANERcorp, which never tags
ministries, misses them; these spans are read from the words themselves. Two shapes:

- an indefinite head (وزارة، مستشفى…) + a definite word or a name + its definite adjectives;
- the complement alone, after a feminine verb of saying (ذكرت الداخلية، أعلنت الصحة), for the
  ministries whose short name is that common (`MINISTRY_SHORT`).

Forces and armies by their country (القوات الروسية، الجيش الكوري) are descriptions, not names: left out.

Facilities (airports, ports, hospitals, bases, mosques, prisons, stadiums) are places (LOC), the way
ANERcorp and the ACE guidelines place them; the rest are organisations.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from rasid.text.normalize import PROCLITICS, fold

# heads whose complement is what the body is about; words with a common other sense (حركة المرور،
# غرفة النوم، صندوق الاقتراع، قصر النظر، إدارة الرئيس…) are left to the tagger
_ORG_HEADS = ("وزارة هيئة مجلس محكمة جمعية نادي شركة جامعة لجنة منظمة مؤسسة بنك مصرف اتحاد رابطة "
              "مديرية بلدية أمانة ديوان رئاسة نقابة كلية أكاديمية مفوضية مجمع معهد سفارة قنصلية وكالة شرطة")
_FACILITY_HEADS = "مستشفى مستوصف مطار ميناء قاعدة جامع مسجد سجن ملعب استاد مصفاة محطة قلعة فندق"
_EVENT_HEADS = "مهرجان بطولة كأس دوري مؤتمر منتدى معرض جائزة"  # مهرجان أبها للتسوق، كأس الملك، جائزة نوبل
HEADS = ({fold(w): "ORG" for w in _ORG_HEADS.split()} | {fold(w): "LOC" for w in _FACILITY_HEADS.split()}
         | {fold(w): "MISC" for w in _EVENT_HEADS.split()})

# ministries known by their complement alone (ذكرت الداخلية): the name a newsroom shortens
MINISTRY_SHORT = {fold(w) for w in "الداخلية الخارجية الدفاع الصحة المالية العدل التعليم الإعلام الاقتصاد "
                  "الطاقة العمل الزراعة النقل الإسكان التجارة الثقافة الأوقاف السياحة البيئة".split()}
_SAYING = {fold(w) for w in "قالت ذكرت أعلنت أكدت أوضحت نفت دعت أفادت كشفت أشارت حذرت طالبت بينت "
           "وقالت وذكرت وأعلنت وأكدت وأوضحت ونفت ودعت وأفادت وكشفت وأشارت وحذرت وطالبت وبينت".split()}

# definite words that are never the complement of a name
_NOT_COMPLEMENT = {fold(w) for w in "الذي التي الذين اللذين اللتين اللواتي اللاتي الآن اليوم أمس الأمس "
                   "الماضي الماضية المقبل المقبلة الحالي الحالية الجاري الجارية الأول الأولى الثاني الثانية "
                   "الأخير الأخيرة الكثير العديد البعض الكل الرسمية الرسمي الحكومية الحكومي".split()}
# a body of an area: the area's noun stands between the head and its name (شرطة منطقة مكة المكرمة)
_AREAS = {fold(w) for w in "منطقة محافظة مدينة مديرية إمارة ولاية مقاطعة".split()}
_GENERIC = {fold(w) for w in "وكالة".split()}  # وكالة الأنباء alone is any agency: a name needs its adjective
# definite adjectives that go on a name without being nationality adjectives
_ADJECTIVES = {fold(w) for w in "العامة العام العليا الأعلى الوطنية الوطني الدولي الدولية المركزي المركزية "
               "الأهلي الأهلية التخصصي التخصصية الجامعي الكبير الكبرى العالمي العالمية الاتحادي الاتحادية "
               "الملكي الملكية الأحمر الخيرية الخيري الشعبي الشعبية المتحدة الموحد الموحدة".split()}
_JOINED = {fold(w) for w in "وزارة هيئة جمعية".split()}  # وزارة الشؤون الإسلامية والأوقاف، هيئة الأمر بالمعروف…
# what follows a body after و as other bodies, not as its second complement (وزارة الداخلية والجهات المعنية)
_OTHERS = {fold(w) for w in "الجهات الجهة المؤسسات الهيئات الأجهزة الإدارات القطاعات الوزارات الدوائر الشركات "
           "المنظمات الجمعيات الأندية".split()}
_ROYAL = {fold(w) for w in "الملك الأمير الإمام الشيخ السلطان".split()}  # a body named after a man so titled
SON_OF = {fold(w) for w in "بن ابن بنت آل".split()}  # what links a chain of names: محمد بن سعود
_NOT_NAMES = {fold(w) for w in "في من على إلى عن مع أن إن لم لن قد بعد قبل عند حفظه رحمه يرحمه".split()}
MAX_WORDS = 7


def _head(word: str) -> tuple[str, str] | None:
    """(type, the head as written without its proclitic) when the word is a head noun (وبمستشفى → مستشفى)."""
    return _HEAD_FORMS.get(fold(word))


_HEAD_FORMS = {p + h: (t, h) for p in reversed(("", *PROCLITICS)) for h, t in HEADS.items()}  # the first reading wins


def _definite(key: str) -> bool:
    return key.startswith("ال") and len(key) > 3 and key not in _NOT_COMPLEMENT


def _adjective(key: str, nisba: Callable[[str], bool]) -> bool:
    """A definite adjective a body's name can end in: a relative adjective (الروسية، الفضائية، المركزي)
    or one of `_ADJECTIVES` (العامة، الأحمر)."""
    if not key.startswith("ال") or key in _NOT_COMPLEMENT:
        return False
    return key in _ADJECTIVES or (len(key) >= 6 and key.endswith(("ي", "يه"))) or nisba(key)


def body_spans(words: Sequence[str], named: dict[tuple[int, int], str],
               nisba: Callable[[str], bool]) -> dict[tuple[int, int], str]:
    """Spans (i, j) → type of the bodies named in one sentence's words. `named` holds the names already
    found in it: a body may contain a person or a place (جامعة الملك سعود، مستشفى القطيف), while a head
    before an organisation's own name only introduces it (نادي الهلال stays الهلال). `nisba` tells a
    nationality adjective of a known country."""
    keys = [fold(w) for w in words]
    name_end = {i: (j, t) for (i, j), t in named.items()}
    out: dict[tuple[int, int], str] = {}
    i = 0
    while i < len(words):
        head = _head(words[i])
        j = i + 1
        if head and j + 1 < len(words) and keys[j] in _AREAS and (j + 1 in name_end or _definite(keys[j + 1])):
            j += 1  # أمانة منطقة عسير، بلدية محافظة الخبر، مستشفى مدينة الملك عبدالعزيز الطبية: the area is in the name
        if head and not keys[i].startswith("ال") and j < len(words):
            if j in name_end:
                j, typ = name_end[j]
                if typ == "ORG":
                    i = j
                    continue
            elif _definite(keys[j]):
                j += 1
                if j in name_end and name_end[j][1] != "ORG":  # مسجد الإمام علي بن أبي طالب، فندق الريتز كارلتون
                    j = name_end[j][0]
                elif keys[j - 1] in _ROYAL and j < len(words) and words[j].isalpha() and keys[j] not in _NOT_NAMES \
                        and not keys[j].startswith(("ال", "و")):
                    j += 1  # جامعة الملك سعود, the king's name whether or not the tagger saw it
                    while j + 1 < len(words) and keys[j] in SON_OF and words[j + 1].isalpha():
                        j += 2  # جامعة الإمام محمد بن سعود
            else:
                i += 1
                continue
            if j in name_end and name_end[j][1] == "ORG":  # وكالة الأنباء يونهاب: the head introduces a name
                i = j
                continue
            start = j
            while j < len(words) and j - i < MAX_WORDS:  # its adjectives, and a second complement after و
                if _adjective(keys[j], nisba):
                    j += 1
                elif keys[j].startswith("وال") and head[1] in _JOINED and _definite(keys[j][1:]) \
                        and not _adjective(keys[j][1:], nisba) and keys[j][1:] not in _OTHERS:
                    j += 1
                elif keys[j].startswith("وال") and j > start and _adjective(keys[j - 1], nisba) \
                        and _adjective(keys[j][1:], nisba):
                    j += 1  # a second adjective after و: وزارة الشؤون البلدية والقروية
                elif head[0] == "MISC" and keys[j].startswith("لل") and len(keys[j]) > 4:
                    j += 1  # what the event is for ends its name: معرض الرياض الدولي للكتاب
                    break
                else:
                    break
            if head[1] not in _GENERIC or j > start:
                out[(i, j)] = head[0]
            i = j
            continue
        if keys[i] in MINISTRY_SHORT and i > 0 and keys[i - 1] in _SAYING:
            out[(i, i + 1)] = "ORG"
        i += 1
    return out


def short_names(name: str) -> list[str]:
    """What a body's name is shortened to in the same text: وزارة الداخلية السعودية → الداخلية
    السعودية, الداخلية."""
    words = name.split()
    if len(words) < 2 or not _head(words[0]):
        return []
    return list(dict.fromkeys([" ".join(words[1:]), words[1]]))
