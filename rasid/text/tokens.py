"""Words and punctuation with their character offsets, the unit NER tags.

Numbers keep their separators (25,000 · 30،000 · ١٢٫٥); words keep their diacritics and attached
clitics (the tagger and the linker decide what is a clitic); every other symbol is a token of its own,
as in the NER corpora Rasid learns from.
"""
from __future__ import annotations

import re

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
TOKEN = re.compile(rf"\d+(?:[.,،٫٬]\d+)+|[\w{_MARKS}]+(?:['’-][\w{_MARKS}]+)*|[^\w\s{_MARKS}]")


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) for every token of `text`."""
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def words(text: str) -> list[str]:
    return TOKEN.findall(text)
