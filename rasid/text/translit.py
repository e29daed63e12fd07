"""Keys under which the spellings of one foreign name meet.

Arabic outlets transliterate the same name differently: a foreign g is ج, غ, ق or ك (بيونغ يانغ,
بيونج يانج), spaces come and go (بيونغيانغ), long vowels are written or not (ترامب, ترمب). On top of
`normalize.fold`:

- `name_key`  merges the g letters and drops spaces: the strict key, safe to match on alone;
- `loose_key` also takes emphatic letters for plain ones and drops the long vowels: for matching names
  of the same type only;
- `spelling_key` is `loose_key` of one word with a Turkish ç (تش) as ج and no closing ة: the key under
  which a rare word's spellings meet (سروج, سوروج, سوروتش);
- `skeleton`  reduces Arabic *and* Latin script to one consonant skeleton, so "Choe Son Hui" meets
  تشوي سون هوي and "Lavrov" meets لافروف.
"""
from __future__ import annotations

import re

from rasid.text.normalize import fold

_G = str.maketrans({"غ": "ج", "ق": "ج", "ك": "ج", "گ": "ج"})
_EMPHATIC = str.maketrans({"ض": "د", "ص": "س", "ط": "ت", "ظ": "ز"})
_NON_WORD = re.compile(r"[^\w]+")
_VOWELS = re.compile("[اوي]")

_AR = {
    "ب": "b", "پ": "b", "ت": "t", "ث": "s", "ج": "g", "ح": "h", "خ": "k", "د": "d", "ذ": "z", "ر": "r", "ز": "z",
    "ژ": "z", "س": "s", "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "g", "ف": "f", "ڤ": "f", "ق": "k",
    "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "", "ع": "", "ء": "", "ا": "", "و": "", "ي": "",
}
_LATIN_DIGRAPHS = [("tch", "C"), ("ch", "C"), ("sh", "S"), ("kh", "k"), ("th", "s"), ("ph", "f"), ("gh", "g"),
                   ("dj", "g"), ("ck", "k"), ("ts", "s"), ("zh", "z")]
_LATIN = {"j": "g", "q": "k", "c": "k", "v": "f", "p": "b", "x": "ks", "w": "", "y": "", "a": "", "e": "", "i": "",
          "o": "", "u": ""}


def name_key(name: str) -> str:
    """Strict key: folded, foreign-g letters merged, no spaces or punctuation."""
    return _NON_WORD.sub("", fold(name).translate(_G))


def loose_key(name: str) -> str:
    """Looser key: `name_key` with emphatic letters as their plain pairs (فيضان, فيدان; طوكيو, توكيو) and
    without the long vowels ا و ي after its first letter, but for a closing ي: a relative name's ending
    is no spelling variant (المنفي is not المنيف)."""
    s = name_key(name).translate(_EMPHATIC)
    end = "ي" if len(s) > 1 and s.endswith("ي") else ""
    return s[:1] + _VOWELS.sub("", s[1:len(s) - len(end)]) + end


def spelling_key(word: str) -> str:
    """`loose_key` of one word, a Turkish ç written تش taken for ج and a closing ة (folded ه) dropped."""
    s = name_key(fold(word).replace("تش", "ج")).translate(_EMPHATIC)
    s = s[:1] + _VOWELS.sub("", s[1:])  # every long vowel: the key under which a rare word's spellings meet
    return s[:-1] if len(s) > 3 and s.endswith("ه") else s


def skeleton(name: str) -> str:
    """The consonant skeleton of a name in Arabic or Latin script (see the module docstring)."""
    s = fold(name)
    if re.search("[\u0621-\u064a]", s):
        s = "".join("C" if c == "C" else _AR.get(c, "") for c in s.replace("تش", "C"))
    else:
        s = re.sub(r"[^a-z]", "", s)
        for a, b in _LATIN_DIGRAPHS:
            s = s.replace(a, b)
        s = "".join(_LATIN.get(c, c) for c in s)
    return re.sub(r"(.)\1+", r"\1", s)
