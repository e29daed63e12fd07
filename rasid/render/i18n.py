"""The interface's words in Arabic (the default, right to left) and English, and counted nouns in their
plural forms. Article text is never translated or reordered: it keeps
its own direction in either interface."""
from __future__ import annotations

from rasid.text.display import shorten

__all__ = ["LANGS", "STRINGS", "counted", "shorten"]

STRINGS = {
    "ar": {
        "app": "راصد", "stories": "القصص", "entities": "الكيانات", "claims": "الأرقام", "search": "بحث",
        "search_placeholder": "ابحث بأي تهجئة…", "from": "من", "to": "إلى", "filter": "تصفية", "articles": "مقالات",
        "outlets": "مصادر", "newer": "الأحدث", "older": "الأقدم", "what_happened": "ماذا حدث",
        "timeline": "الخط الزمني", "figures": "الأرقام", "sources": "المصادر", "agree": "تتفق", "differ": "تختلف", "revised": "تُحدَّث",
        "single": "مصدر واحد", "independent": "مصادر مستقلة", "origin": "الأصل", "no_attribution": "دون نسبة",
        "variants": "التهجئات", "named_with": "يُذكر مع", "claims_about": "أرقام عنه", "type": "النوع",
        "published": "تاريخ النشر", "fetched": "تاريخ الجمع", "unknown_date": "تاريخ غير معروف", "original": "الرابط الأصلي",
        "story": "القصة", "full_text": "نتائج النص", "naming": "ومعها كل مقال يذكر", "semantic": "مقالات قريبة في المعنى", "no_results": "لا نتائج",
        "not_found": "غير موجود", "same_origin": "تعود إلى أصل واحد", "mentions": "إشارات", "lang_other": "English",
        "quantity": "الرقم", "counted": "المعدود", "about": "عن", "who_says": "المصدر", "outlet": "الناشر",
        "copy": "نسخة", "thread": "قصص من الخيط نفسه", "all": "الكل",
        "facet_planned": "مخطط", "facet_casualties": "قتلى وجرحى", "facet_killed": "قتلى", "facet_wounded": "جرحى",
        "no_text": "لا نص", "entities_of": "كيانات", "stories_of": "قصص", "figures_of": "أرقام", "of": "من",
        "copy_of": "نسخة", "the_articles": "المقالات", "trace": "تعود إلى أصل واحد", "verdict": "الحكم",
        "bad_request": "طلب غير صالح", "estimated": "تقديري",
        "followed_sources": "المصادر المتابَعة", "alerts": "التنبيهات", "outlets_title": "الناشرون",
        "last_poll": "آخر جلب", "last_error": "آخر خطأ", "new_articles": "مقالات جديدة", "failures": "إخفاقات متتالية",
        "next_poll": "الجلب التالي", "interval": "الفاصل (ثوانٍ)", "watches": "المتابَعات", "atom": "تغذية Atom",
        "why": "السبب", "first_alone": "سبق إليها وحده", "first_tied": "سبق إليها مع غيره في اليوم نفسه",
        "shared_stories": "قصص نشرتها مصادر أخرى أيضًا", "copies_from": "ينشر نصوصًا سبقه إليها",
        "copied_by": "ينشر نصوصَه لاحقًا", "shares_with": "ينشر النصوص نفسها (في اليوم نفسه أو بترتيب لا تحسمه التواريخ)", "named_sources": "مصادر مسمّاة يعود إليها",
        "figures_compared": "أرقام قورنت بأرقام مصادر أخرى", "figures_differ": "منها اختلفت", "differs_with": "يختلف مع",
        "no_sources": "لا مصادر متابَعة بعد: rasid watch SOURCES.toml", "ok": "سليم", "followed": "يتابع",
    },
    "en": {
        "app": "Rasid", "stories": "Stories", "entities": "Entities", "claims": "Figures", "search": "Search",
        "search_placeholder": "Search, any spelling…", "from": "From", "to": "To", "filter": "Filter",
        "articles": "articles", "outlets": "outlets", "newer": "Newer", "older": "Older",
        "what_happened": "What happened", "timeline": "Timeline", "figures": "Figures", "sources": "Sources",
        "agree": "agree", "differ": "differ", "revised": "revised", "single": "single source", "independent": "independent sources",
        "origin": "origin", "no_attribution": "unattributed", "variants": "Spellings", "named_with": "Named with",
        "claims_about": "Figures about it", "type": "Type", "published": "Published", "fetched": "Fetched", "unknown_date": "date unknown",
        "original": "Original link", "story": "Story", "full_text": "Full-text results", "naming": "and every article naming",
        "semantic": "Close in meaning", "no_results": "No results", "not_found": "Not found",
        "same_origin": "trace back to one origin", "mentions": "mentions", "lang_other": "العربية",
        "quantity": "Figure", "counted": "Counted", "about": "About", "who_says": "Who says so", "outlet": "Outlet",
        "copy": "copy", "thread": "The same affair, other stories", "all": "All",
        "facet_planned": "planned", "facet_casualties": "killed or wounded", "facet_killed": "killed",
        "facet_wounded": "wounded",
        "no_text": "no text", "entities_of": "entities", "stories_of": "stories", "figures_of": "figures", "of": "of",
        "copy_of": "copy", "the_articles": "Articles", "trace": "trace back to one origin", "verdict": "Verdict",
        "bad_request": "Bad request", "estimated": "estimated",
        "followed_sources": "Followed sources", "alerts": "Alerts", "outlets_title": "Outlets",
        "last_poll": "Last poll", "last_error": "Last error", "new_articles": "New articles", "failures": "Failures in a row",
        "next_poll": "Next poll", "interval": "Interval (s)", "watches": "Watches", "atom": "Atom feed",
        "why": "Why", "first_alone": "First to carry it, alone", "first_tied": "First, tied on the day",
        "shared_stories": "Stories other outlets carried too", "copies_from": "Carries texts first published by",
        "copied_by": "Its texts carried later by", "shares_with": "Carries the same texts as (the same day, or an order the dates cannot tell)",
        "named_sources": "Named sources it traces back to", "figures_compared": "Figures compared with other outlets'",
        "figures_differ": "of which differ", "differs_with": "Differs with",
        "no_sources": "No sources followed yet: rasid watch SOURCES.toml", "ok": "ok", "followed": "follows",
    },
}
LANGS = tuple(STRINGS)

# Arabic counts a noun in six forms (CLDR: zero, one, two, few 3-10, many 11-99, other 100+):
# مقال واحد، مقالان، ٣ مقالات، ١١ مقالًا، ١٠٠ مقال. A form with "{n}" carries the number.
_NOUNS: dict[str, dict[str, tuple[str, ...]]] = {
    "ar": {
        "articles": ("{n} مقالات", "مقال واحد", "مقالان", "{n} مقالات", "{n} مقالًا", "{n} مقال"),
        "outlets": ("{n} مصادر", "مصدر واحد", "مصدران", "{n} مصادر", "{n} مصدرًا", "{n} مصدر"),
        "stories": ("{n} قصص", "قصة واحدة", "قصتان", "{n} قصص", "{n} قصة", "{n} قصة"),
        "entities": ("{n} كيانات", "كيان واحد", "كيانان", "{n} كيانات", "{n} كيانًا", "{n} كيان"),
        "mentions": ("{n} إشارات", "إشارة واحدة", "إشارتان", "{n} إشارات", "{n} إشارة", "{n} إشارة"),
        "claims": ("{n} أرقام", "رقم واحد", "رقمان", "{n} أرقام", "{n} رقمًا", "{n} رقم"),
        "sources": ("{n} مصادر مستقلة", "مصدر مستقل واحد", "مصدران مستقلان", "{n} مصادر مستقلة",
                    "{n} مصدرًا مستقلًا", "{n} مصدر مستقل"),
    },
    "en": {
        "articles": ("article", "articles"), "outlets": ("outlet", "outlets"), "stories": ("story", "stories"),
        "entities": ("entity", "entities"), "mentions": ("mention", "mentions"), "claims": ("figure", "figures"),
        "sources": ("independent source", "independent sources"),
    },
}


def _arabic_form(n: int) -> int:
    if n == 0:
        return 0
    if n in (1, 2):
        return n
    return 3 if 3 <= n % 100 <= 10 else 4 if 11 <= n % 100 <= 99 else 5


def counted(n: int, noun: str, lang: str = "ar") -> str:
    """A number with its noun in the right form: مقال واحد، مقالان، 3 مقالات، 11 مقالًا · 1 article, 2 articles."""
    forms = _NOUNS.get(lang, _NOUNS["en"])[noun]
    if lang == "ar":
        return forms[_arabic_form(n)].format(n=f"{n:,}")
    return f"{n:,} {forms[0] if n == 1 else forms[1]}"
