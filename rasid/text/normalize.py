"""Arabic folding for matching: keys, hashes and search. Never for display.

`fold` maps the spellings a reader treats as one word to one form: alef and hamza seats (أ إ آ ٱ → ا,
ؤ → و, ئ → ي), ى/ی → ي, ة → ه, Persian ک → ك, diacritics and tatweel removed, Eastern Arabic and
Persian digits to ASCII, compatibility characters to their plain form, Latin lowercased, whitespace
collapsed. `fold_map` does the same and says where each folded character came from, so a match in
folded text can be shown in the original.

Both follow one rule, character by character: a character becomes its compatibility form (`_plain`:
NFKC of the character alone, so ﻻ → لا, ﬁ → fi, Ｃ → C, … → ...; but 10² and ½ keep their value),
then the table below applies, then lower case (final ς as σ), then runs of whitespace become one
space. NFKC is applied to each character alone, never across characters, so that every folded
character comes from one original character.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain

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
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
# NFKC would change what these say: 10² is not 102, ½ is not 1⁄2
_KEEP_COMPAT = ("<super>", "<sub>", "<fraction>")
_is_normalized = unicodedata.is_normalized  # a local name: fold is on the hot path
# what news text is mostly made of, where NFKC changes nothing: `_compat_pieces` need not look at it
_COMMON_STABLE = "".join(c for c in map(chr, chain(range(0x20, 0x250), range(0x600, 0x700), range(0x2000, 0x2070)))
                         if unicodedata.normalize("NFKC", c) == c)
_UNCOMMON = re.compile(f"[^\t\n{re.escape(_COMMON_STABLE)}]")


@lru_cache(maxsize=None)
def _plain(ch: str) -> str:
    """The compatibility form of one character (NFKC of it alone), except where that changes the text's
    meaning: super- and subscripts and fractions stay, and a spacing accent (´, the isolated harakat
    ﹰ) loses the space NFKC puts before its mark, so that it never splits a word."""
    form = unicodedata.normalize("NFKC", ch)
    if form == ch or unicodedata.decomposition(ch).startswith(_KEEP_COMPAT):
        return ch
    return form[1:] if len(form) > 1 and form[0] == " " else form


def _compat_pieces(text: str) -> dict[str, str]:
    """`_plain` of the characters of `text` it changes. A text that is NFKC has none: callers test
    that first (`is_normalized` is fast), since most text is."""
    return {c: p for c in set(_UNCOMMON.findall(text)) if (p := _plain(c)) != c}


def _replace_all(text: str, pieces: dict[str, str]) -> str:
    for c, p in pieces.items():  # a few str.replace are much faster than translate with a dict
        text = text.replace(c, p)  # (no piece holds a character that is itself replaced)
    return text


def _sources(text: str, widths: dict[str, int]) -> list[int]:
    """For each character of `text` once every key of `widths` is written as that many characters, the
    index in `text` it comes from."""
    source: list[int] = []
    pos = 0
    for m in re.finditer("[" + re.escape("".join(widths)) + "]", text):
        at = m.start()
        source.extend(range(pos, at))
        source.extend([at] * widths[m.group()])
        pos = at + 1
    source.extend(range(pos, len(text)))
    return source


def fold(text: str) -> str:
    """The matching form of `text` (see the module docstring)."""
    if not text:
        return ""
    return _fold_word(text) if len(text) < 32 else _fold(text)


# words remembered by each per-word cache: the commonest words are most of any text, so a small cache
# answers as fast as a large one (1,500 articles analysed in 58 s against 60 s with 1 << 18), and a process
# that runs for days (`rasid watch`) stops growing once it is full
WORD_CACHE = 1 << 15


@lru_cache(maxsize=WORD_CACHE)
def _fold_word(text: str) -> str:
    """A word's or short name's matching form, remembered: the same words are folded again and again."""
    return _fold(text)


def forget_words() -> None:
    """Empty the cache of folded words. A process that runs for days (`rasid watch`) calls it now and then:
    the cache is bounded, but new names keep filling it for weeks before it is full."""
    _fold_word.cache_clear()


def _fold(text: str) -> str:
    if not text.isascii() and not _is_normalized("NFKC", text):
        text = _replace_all(text, _compat_pieces(text))
    if len(text) < 64:  # a word: one translate beats forty scans
        text = text.translate(_TABLE).lower()
    else:
        text = _DIACRITIC_RUN.sub("", text)
        for a, b in _REPLACEMENTS:  # on long texts str.replace per letter is several times faster than translate
            if a in text:
                text = text.replace(a, b)
        text = text.lower()
    if "ς" in text:  # lower() writes a final sigma; one σ matches however it is written
        text = text.replace("ς", "σ")
    return " ".join(text.split())


_DELETED = "".join(_DIACRITICS) + "".join(k for k, v in _LETTERS.items() if v == "")
_ONE_TO_ONE = str.maketrans({k: v for k, v in {**_LETTERS, **_DIGITS}.items() if v})
# whitespace other than one plain space, and characters folding deletes, in maximal runs
_IRREGULAR = re.compile(rf"[\s{re.escape(_DELETED)}]*(?:[{re.escape(_DELETED)}]|[^\S ]|  )[\s{re.escape(_DELETED)}]*")


@lru_cache(maxsize=16)
def fold_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each of its characters, the index in `text` it came from.

    Cached: the extractors of one article all read the same map (do not modify the list)."""
    plain, source = text, None
    if not text.isascii() and not _is_normalized("NFKC", text) and (pieces := _compat_pieces(text)):
        plain = _replace_all(text, pieces)
        if len(plain) != len(text):  # … is ..., ﻻ is لا: each piece points back to its character
            source = _sources(text, {c: len(p) for c, p in pieces.items() if len(p) > 1})
    low = plain.translate(_ONE_TO_ONE).lower()
    if len(low) != len(plain):  # a letter whose lower case is longer
        return _fold_map_slow(text)
    if "ς" in low:
        low = low.replace("ς", "σ")
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
    return folded, (where if source is None else [source[w] for w in where])


def _fold_map_slow(text: str) -> tuple[str, list[int]]:
    """`fold_map` one character at a time, for the rare text with a letter whose lower case is longer (İ)."""
    out: list[str] = []
    where: list[int] = []
    space = True  # drop leading space, collapse runs
    for i, ch in enumerate(text):
        for c in _plain(ch).translate(_TABLE).lower().replace("ς", "σ"):
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


PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك")  # و ف ب ل ك alone or paired


def clitic_forms(word: str) -> set[str]:
    """A folded word and the forms it takes with Arabic proclitics attached (و ف ب ل ك, with ال)."""
    word = fold(word)
    if not word or not _ARABIC_LETTER.match(word):
        return {word} if word else set()
    forms = {word} | {p + word for p in PROCLITICS}
    if word.startswith("ال") and len(word) > 3:
        stem = word[2:]
        forms |= {p + word for p in ("و", "ف", "ب", "ك", "وب", "فب", "وك")}
        forms |= {"لل" + stem, "ولل" + stem, "فلل" + stem}
    return forms
