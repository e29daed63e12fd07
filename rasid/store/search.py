"""Full-text search over the folded text: what a user's words ask of the index, and the snippet shown.

Words are folded (alef/hamza, ya, ta marbuta, diacritics…) and match with or without attached
proclitics (و ف ب ل ك); a query in double quotes is a phrase. A query that names an entity also finds
every article whose mentions are linked to it, whatever their spelling (the store's `search`).
"""
from __future__ import annotations

import re
from functools import lru_cache

from rasid.model import Article
from rasid.text.normalize import clitic_forms, fold, fold_map

_WORD = re.compile(r"\w+")


Match = list[list[str]]  # every group must match, each as any of its phrases (words joined by spaces)


def fts_query(query: str) -> tuple[Match, list[str]]:
    """What a user's query asks of the full-text index, and the folded forms it looks for; each
    backend writes it in its own query language (`Store._match`)."""
    phrase = query.strip().startswith('"') and query.strip().endswith('"')
    words = _WORD.findall(fold(query))
    if not words:
        return [], []
    if phrase:
        rest = " ".join(words[1:])
        forms = [f"{f} {rest}".strip() for f in sorted(clitic_forms(words[0]))]
        return [forms], forms
    groups = [sorted(clitic_forms(w)) for w in words]
    return groups, [v for g in groups for v in g]


@lru_cache(maxsize=256)
def _forms_pattern(forms: tuple[str, ...]) -> re.Pattern:
    """One regex for every form a query looks for, longest first, as whole words."""
    alternatives = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def snippet(article: Article, forms: list[str], width: int = 80) -> str:
    """The passage of the display text around the first match, the match between « »."""
    pattern = _forms_pattern(tuple(forms))
    for field_text in (article.text, article.title or ""):
        first = pattern.search(fold(field_text))  # cheap: is it here, and roughly where?
        if not first:
            continue
        # map offsets only as far as the match (folding only shortens text, so it lies within this prefix)
        cut = min(len(field_text), int(first.end() * 1.3) + 64)
        folded, where = fold_map(field_text[:cut])
        m = pattern.search(folded)
        if not m or (cut < len(field_text) and m.end() + 1 >= len(folded)):
            folded, where = fold_map(field_text)
            m = pattern.search(folded)
        if m:
            return passage(field_text, where[m.start()], where[m.end() - 1] + 1, width)
    return (article.text[: 2 * width] + "…").replace("\n", " ")


def passage(text: str, start: int, end: int, width: int = 80) -> str:
    """`width` characters either side of text[start:end], which is marked between « »."""
    left, right = text[max(0, start - width):start], text[end:end + width]
    return (("…" if start > width else "") + left + "«" + text[start:end] + "»" + right
            + ("…" if end + width < len(text) else "")).replace("\n", " ")
