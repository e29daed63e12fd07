"""Arabic folding for matching: keys, hashes and search. Never for display.

`fold` maps the spellings a reader treats as one word to one form: alef and hamza seats (أ إ آ ٱ → ا,
ؤ → و, ئ → ي), ى/ی → ي, ة → ه, Persian ک → ك, diacritics and tatweel removed, Eastern Arabic and
Persian digits to ASCII, presentation forms to base letters, Latin lowercased, whitespace collapsed.
`fold_map` does the same and says where each folded character came from, so a match in folded
text can be shown in the original.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DIACRITICS = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + [chr(c) for c in range(0x06D6, 0x06EE)]
)
_LETTERS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ئ": "ي", "ؤ": "و",
    "ة": "ه", "ۀ": "ه", "ھ": "ه", "ە": "ه",
    "ک": "ك", "ڪ": "ك",
    "“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "‘": "'", "’": "'",
    "\u200c": "", "\u200d": "", "\u200e": "", "\u200f": "", "\ufeff": "", "\u00ad": "",
}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_TABLE = str.maketrans({**{d: None for d in _DIACRITICS}, **_LETTERS, **_DIGITS})
_DIACRITIC_RUN = re.compile("[" + "".join(_DIACRITICS) + "]+")
_REPLACEMENTS = tuple({**_LETTERS, **_DIGITS}.items())
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")


def fold(text: str) -> str:
    """The matching form of `text` (see the module docstring)."""
    if not text:
        return ""
    if _PRESENTATION.search(text):
        text = unicodedata.normalize("NFKC", text)
    if len(text) < 64:  # a word: one translate beats forty scans
        return " ".join(text.translate(_TABLE).lower().split())
    text = _DIACRITIC_RUN.sub("", text)
    for a, b in _REPLACEMENTS:  # on long texts str.replace per letter is several times faster than translate
        if a in text:
            text = text.replace(a, b)
    return " ".join(text.lower().split())


_DELETED = "".join(_DIACRITICS) + "".join(k for k, v in _LETTERS.items() if v == "")
_ONE_TO_ONE = str.maketrans({k: v for k, v in {**_LETTERS, **_DIGITS}.items() if v})
# whitespace other than one plain space, and characters folding deletes, in maximal runs
_IRREGULAR = re.compile(rf"[\s{re.escape(_DELETED)}]*(?:[{re.escape(_DELETED)}]|[^\S ]|  )[\s{re.escape(_DELETED)}]*")


@lru_cache(maxsize=16)
def fold_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each of its characters, the index in `text` it came from.

    Cached: the extractors of one article all read the same map (do not modify the list)."""
    if _PRESENTATION.search(text):
        return _fold_map_slow(text)
    low = text.translate(_ONE_TO_ONE).lower()
    if len(low) != len(text):  # a letter whose lower case is longer
        return _fold_map_slow(text)
    out: list[str] = []
    where: list[int] = []
    pos = 0
    for m in _IRREGULAR.finditer(low):  # only the odd places need care; the rest maps one to one
        s, e = m.span()
        if s > pos:
            out.append(low[pos:s])
            where.extend(range(pos, s))
        ws = next((i for i in range(s, e) if low[i].isspace()), None)
        if ws is not None:
            out.append(" ")
            where.append(ws)
        pos = e
    out.append(low[pos:])
    where.extend(range(pos, len(low)))
    folded = "".join(out)
    if folded.startswith(" "):
        folded, where = folded[1:], where[1:]
    if folded.endswith(" "):
        folded, where = folded[:-1], where[:-1]
    return folded, where


def _fold_map_slow(text: str) -> tuple[str, list[int]]:
    """`fold_map` one character at a time, for texts with presentation forms."""
    out: list[str] = []
    where: list[int] = []
    space = True  # drop leading space, collapse runs
    for i, ch in enumerate(text):
        piece = unicodedata.normalize("NFKC", ch) if _PRESENTATION.match(ch) else ch
        for c in piece.translate(_TABLE).lower():
            if c.isspace():
                if space:
                    continue
                c, space = " ", True
            else:
                space = False
            out.append(c)
            where.append(i)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


_PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك")


def clitic_forms(word: str) -> set[str]:
    """A folded word and the forms it takes with Arabic proclitics attached (و ف ب ل ك, with ال)."""
    word = fold(word)
    if not word or not _ARABIC_LETTER.match(word):
        return {word} if word else set()
    forms = {word} | {p + word for p in _PROCLITICS}
    if word.startswith("ال") and len(word) > 3:
        stem = word[2:]
        forms |= {p + word for p in ("و", "ف", "ب", "ك", "وب", "فب", "وك")}
        forms |= {"لل" + stem, "ولل" + stem, "فلل" + stem}
    return forms
