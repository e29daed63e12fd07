"""What an article is about, as weighted words: its folded words weighted by how rare they are in news.

A word's weight is (1 + log of its count in the text) × its inverse document frequency, counted once over
some 58,000 news articles (`training/idf.py` → `rasid/data/stories/idf.tsv.gz`), so it is the same for every
corpus and every order of ingestion. An article keeps its TOP_TERMS heaviest words, hashed to 32 bits,
as a unit vector; two articles' cosine is then a sum over the words they share. Words the table has not
seen count as the rarest (a name, a place, a figure's noun in a new spelling).
"""
from __future__ import annotations

import gzip
import hashlib
import math
import re
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np

from rasid.text.normalize import fold
from rasid.text.translit import spelling_key

IDF_FILE = Path(__file__).resolve().parent.parent / "data" / "stories" / "idf.tsv.gz"
TOP_TERMS = 96
TOP_TITLE_TERMS = 16
_WORD = re.compile(r"[^\W\d_]{2,}")
# the article with what attaches before it; a bare و or ب is left alone, since it starts as many words as it joins
_ARTICLE = re.compile(r"^(?:وال|فال|بال|كال|وبال|ال|لل|ولل)(?=[^\W\d_]{2,})")


def words(text: str) -> list[str]:
    """The folded words of a text, without the article and what attaches before it (الوزير، والوزير،
    للوزير → وزير)."""
    return [_ARTICLE.sub("", w) for w in _WORD.findall(fold(text))]


@cache
def _table() -> tuple[dict[str, float], float]:
    """word → idf, and the idf of a word the table has not seen."""
    with gzip.open(IDF_FILE, "rt", encoding="utf-8") as f:
        docs = int(f.readline().split()[-1])
        idf = {w: math.log(docs / int(df)) for w, df in (line.rstrip("\n").split("\t") for line in f)}
    return idf, math.log(docs)


def idf(word: str) -> float:
    table, unseen = _table()
    return table.get(word, unseen)


def rarity(name: str) -> float:
    """How rare a name is: the idf of its rarest word (السعودية is common, a village is rare)."""
    return max((idf(w) for w in words(name)), default=0.0)


RARE_WORD = 6.0  # idf of a word in about one news article in 150 or fewer


# one letter of و ب ل ف ك written onto a word (بسترة, وسروج): taken off when what remains is a rare word
_CLITIC = re.compile(r"^[وبلفك](?=[^\W\d_]{3,})")


def rare_keys(text: str) -> tuple[int, ...]:
    """The keys of the rare words of a text, sorted: what two reports of one happening share by name. A
    word (without a clitic letter: `_unclitic`) keys as itself (even) and, from its
    `translit.spelling_key`, as any spelling of it (odd), so سروج meets سوروتش and بسترة meets سترة."""
    out: set[int] = set()
    for w in map(_unclitic, words(text)):
        if idf(w) >= RARE_WORD:
            out.add(key(w) & ~1)
            if len(spelling := spelling_key(w)) >= 3:
                out.add(key("~" + spelling) | 1)
    return tuple(sorted(out))


def _unclitic(word: str) -> str:
    """The word without a clitic letter written onto it, when without it the word is known and commoner
    (بسترة → سترة, بتفجير → تفجير; وزير and بريطانيا stay)."""
    bare = _CLITIC.sub("", word)
    if bare == word:
        return word
    table, unseen = _table()
    return bare if bare in table and table[bare] < table.get(word, unseen) else word


def is_spelling(k: int) -> bool:
    """Whether a key of `rare_keys` is that of a spelling (else of a word)."""
    return bool(k & 1)


def key(word: str) -> int:
    """A word as a stable 32-bit number (the same in every process and run)."""
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")


def vector(text: str, top: int = TOP_TERMS) -> tuple[np.ndarray, np.ndarray]:
    """(word keys sorted, unit weights) of the `top` heaviest words of a text."""
    counts = Counter(words(text))
    weighted = sorted(((1 + math.log(n)) * idf(w), w) for w, n in counts.items())[-top:]
    if not weighted:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.float32)
    keys = np.array([key(w) for _, w in weighted], dtype=np.uint32)
    weights = np.array([x for x, _ in weighted], dtype=np.float32)
    order = np.argsort(keys, kind="stable")
    keys, weights = keys[order], weights[order]
    return keys, weights / float(np.linalg.norm(weights))


def cosine(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> float:
    """The cosine of two term vectors (their weights over the keys they share)."""
    if not len(a[0]) or not len(b[0]):
        return 0.0
    at = np.minimum(b[0].searchsorted(a[0]), len(b[0]) - 1)  # keys are sorted: a binary search
    shared = b[0][at] == a[0]
    return float(a[1][shared] @ b[1][at[shared]])


# words that name a happening (folded, without the article): what follows them says which one
EVENT_WORDS = frozenset(
    "تفجير تفجيرات انفجار انفجارات هجوم هجمات هجومين اعتداء اعتداءات حادث حادثه حوادث قصف غاره غارات كمين"
    " اشتباك اشتباكات معارك معركه مجزره اغتيال مقتل استشهاد انتحاري انتحاريه عمليه زلزال حريق حرائق غرق تحطم"
    " انهيار فيضان فيضانات سيول اعصار عاصفه مباراه".split())
# what stands between an event word and what it is told of (تفجير انتحاري في مدينة سوروتش)
_EVENT_FILLER = frozenset(
    "في على قرب داخل امام عند شمال جنوب شرق غرب مدينه بلده بلدات قريه منطقه محافظه ولايه اقليم حي مسجد مركز"
    " سوق ارهابي ارهابيه دامي داميه مزدوج جديد ثاني اخر الذي التي وقع استهدف استهدفت".split())
EVENT_REACH = 4  # words after an event word searched for what it is told of


def event_keys(text: str) -> tuple[int, ...]:
    """The keys of what a text's event words are told of: the first rare word within EVENT_REACH words of
    an event word (تفجير «سترة», الحادث الإرهابي بسترة, الهجوم الانتحاري في سوروتش), under its
    `translit.spelling_key` so every spelling meets. Two reports sharing one are likely of one happening
    (on the labelled pairs, 88% of those that share one are); two of one kind of news elsewhere do not."""

    ws = [_unclitic(w) for w in words(text)]
    out = set()
    for i, w in enumerate(ws):
        if w not in EVENT_WORDS:
            continue
        for x in ws[i + 1:i + 1 + EVENT_REACH]:
            if x in EVENT_WORDS or x in _EVENT_FILLER:
                continue
            if idf(x) >= RARE_WORD and len(spelling := spelling_key(x)) >= 3:
                out.add(key("@" + spelling))
                break
    return tuple(sorted(out))


# a phone call between two parties as news reports it (تلقى … اتصالاً هاتفياً من …, بحثا هاتفياً):
# its own happening, whatever the two discussed (`report_kind`)
_PHONE = frozenset("هاتفي هاتفيا هاتفيه".split())
_CALL = frozenset("اتصال اتصالا مكالمه".split())
_SPOKE = frozenset("تحدث تحدثا تحدثت بحث بحثا بحثت تباحث تباحثا".split())
_CALLED = frozenset("تلقي تلقت اجري اجرت جري خلال عبر في".split())  # what a call in the lead follows
# the headline of a call's report tells of talks (or says "call"), not of what they were about
_TALKS = frozenset(
    "اتصال اتصالا اتصالات هاتفي هاتفيا هاتفيه بحث يبحث يبحثان بحثا تبحث تباحث يتباحث يتباحثان يستعرض يستعرضان"
    " استعرض يناقش يناقشان ناقش يتلقي تلقي يجري اجري يهني يهنئ تهنيه يعزي تعزيه يواسي".split())
CALL_LEAD = 400  # characters of the text whose first sentence is read for a call
SPOKE_REACH = 3  # words a verb of talking may stand before هاتفياً (بحث الرئيسان هاتفياً)
LEAD_WORDS = 8  # words of the first paragraph that is not a caption or a byline


def report_kind(title: str, text: str) -> str:
    """'call' for the report of a phone call (its headline tells of talks, its lead's first sentence of
    the call: ولي العهد يبحث مع … / تلقى … اتصالاً هاتفياً من …), else ''. A call is one happening of
    its two parties and its day: another report that only mentions what they discussed is not of it."""
    if not _TALKS & set(words(title)):
        return ""
    # the first paragraph of a sentence's length (not a caption or a byline), to its first full stop
    lead = next((p for p in text[:CALL_LEAD].split("\n") if len(words(p)) >= LEAD_WORDS), "")
    ws = words(re.split(r"[.!؟]", lead, maxsplit=1)[0])
    for j in range(1, len(ws)):
        if ws[j] in _PHONE and (_SPOKE & set(ws[max(0, j - SPOKE_REACH):j])
                                or (ws[j - 1] in _CALL and _CALLED & set(ws[:j - 1]))):
            return "call"
    return ""
