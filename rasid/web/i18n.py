"""The interface's words in Arabic (the default, right to left) and English. Article text is never
translated or reordered: it keeps its own direction in either interface."""

STRINGS = {
    "ar": {
        "app": "راصد", "stories": "القصص", "entities": "الكيانات", "claims": "الأرقام", "search": "بحث",
        "search_placeholder": "ابحث بأي تهجئة…", "from": "من", "to": "إلى", "filter": "تصفية", "articles": "مقالات",
        "outlets": "مصادر", "newer": "الأحدث", "older": "الأقدم", "what_happened": "ماذا حدث",
        "timeline": "الخط الزمني", "figures": "الأرقام", "sources": "المصادر", "agree": "تتفق", "differ": "تختلف",
        "single": "مصدر واحد", "independent": "مصادر مستقلة", "origin": "الأصل", "no_attribution": "دون نسبة",
        "variants": "التهجئات", "named_with": "يُذكر مع", "claims_about": "أرقام عنه", "type": "النوع",
        "published": "تاريخ النشر", "fetched": "تاريخ الجمع", "unknown_date": "تاريخ غير معروف", "original": "الرابط الأصلي",
        "story": "القصة", "full_text": "نتائج النص", "semantic": "مقالات قريبة في المعنى", "no_results": "لا نتائج",
        "not_found": "غير موجود", "same_origin": "تعود إلى أصل واحد", "mentions": "إشارات", "lang_other": "English",
        "quantity": "الرقم", "counted": "المعدود", "about": "عن", "who_says": "المصدر", "outlet": "الناشر",
        "copy": "نسخة", "topic": "قصص ذات صلة", "all": "الكل",
        "facet_planned": "مخطط", "facet_casualties": "قتلى وجرحى", "facet_killed": "قتلى", "facet_wounded": "جرحى",
    },
    "en": {
        "app": "Rasid", "stories": "Stories", "entities": "Entities", "claims": "Figures", "search": "Search",
        "search_placeholder": "Search, any spelling…", "from": "From", "to": "To", "filter": "Filter",
        "articles": "articles", "outlets": "outlets", "newer": "Newer", "older": "Older",
        "what_happened": "What happened", "timeline": "Timeline", "figures": "Figures", "sources": "Sources",
        "agree": "agree", "differ": "differ", "single": "single source", "independent": "independent sources",
        "origin": "origin", "no_attribution": "unattributed", "variants": "Spellings", "named_with": "Named with",
        "claims_about": "Figures about it", "type": "Type", "published": "Published", "fetched": "Fetched", "unknown_date": "date unknown",
        "original": "Original link", "story": "Story", "full_text": "Full-text results",
        "semantic": "Close in meaning", "no_results": "No results", "not_found": "Not found",
        "same_origin": "trace back to one origin", "mentions": "mentions", "lang_other": "العربية",
        "quantity": "Figure", "counted": "Counted", "about": "About", "who_says": "Who says so", "outlet": "Outlet",
        "copy": "copy", "topic": "Related stories", "all": "All",
        "facet_planned": "planned", "facet_casualties": "killed or wounded", "facet_killed": "killed",
        "facet_wounded": "wounded",
    },
}
LANGS = tuple(STRINGS)
