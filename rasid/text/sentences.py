"""Sentences with their character offsets: split at . ! ? ؟ and line breaks, not inside numbers."""
from __future__ import annotations

import re

# A run of end marks is taken whole (possessive) and only from its start (the second lookbehind; or its
# second mark, after a digit): tried from every mark of a long run "....x", the pattern was quadratic.
# A point after a letter standing alone abbreviates a title (د. أحمد, م. خالد): the sentence goes on.
_END = re.compile(r"(?<!\d)(?<!(?<!\d)[.!?؟…])(?!(?<=(?<!\w)[^\W\d_])\.)[.!?؟…]++[\"”»')]*+(?=\s|$)|(?<=\d)[.!?؟]++(?=\s+\D|$)|\n+")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of `text`, surrounding whitespace excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end() if m.group()[0] != "\n" else m.start()
        _add(text, start, end, spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
