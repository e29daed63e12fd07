"""Entity mentions in an article, and which of them name the same thing within it.

Two sources of mentions are merged: the NER tagger (`ner.py`) and the knowledge base, matched on
folded words so any spelling counts. A proclitic glued to a name (و ف ب ل ك) is left out of the
mention's offsets when what follows is a known word; a nationality adjective (الكورية الشمالية) is
never taken for a place. Within the article, a bare surname or first name joins the full name it
abbreviates (لافروف → سيرجي لافروف, كيم → كيم جونغ أون) and a Latin-script name joins the Arabic one
it transliterates (Choe Son Hui → تشوي سون هوي).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from rasid.extract.bodies import HEADS, MINISTRY_SHORT, SON_OF, body_spans, short_names
from rasid.extract.features import Resources, bare, strip_clitics, word_key
from rasid.extract.ner import Tagger, chunks, default_tagger
from rasid.extract.numbers import CURRENCY_WORDS
from rasid.kb import KBEntity, KnowledgeBase, default_kb
from rasid.model import Article, Mention, MentionGroup
from rasid.text.normalize import PROCLITICS, fold
from rasid.text.sentences import sentences
from rasid.text.tokens import tokenize
from rasid.text.translit import loose_key, name_key, skeleton

COMMON_RANK = 3000  # a one-word KB name among the most frequent words needs the tagger's agreement
KNOWN_WORD_RANK = 50_000  # a word this frequent is a word of the language, whatever else it names
MIN_SKELETON = 3  # consonants a Latin-script name needs to be linked across articles by its skeleton alone


@dataclass
class _Group:
    """Mentions in one article that name one thing, while they are being grouped."""

    type: str
    name: str  # the fullest Arabic (or only) name used
    kb: KBEntity | None = None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(clean_name(m.text) for m in self.mentions))


def names_of(g: MentionGroup) -> list[str]:
    """The distinct names a group's mentions use, without proclitics, in text order."""
    return list(dict.fromkeys(clean_name(m.text) for m in g.mentions))


def kb_lookup(name: str, typ: str | None, kb: KnowledgeBase) -> KBEntity | None:
    """The KB entity a mention names: its own spelling first, then without a leading proclitic
    (لأوكرانيا → أوكرانيا), strictly before loosely, of its tagged type before any type."""
    bare_name = name[1:] if name[:1] in "وفبلك" and len(name.split()[0]) > 3 else None
    for loose in (False, True):
        for t in (typ, None):
            for n in (name, bare_name):
                if n and (ent := kb.match(n, t, loose=loose)):
                    return ent
    return None


def clean_name(text: str) -> str:
    """A mention's text without a leading proclitic: ولافروف → لافروف, للأمم المتحدة → الأمم المتحدة."""
    first, _, rest = text.partition(" ")
    key = fold(first)
    stripped = strip_clitics(key)
    if stripped != key and stripped.startswith("ال") and not key.startswith("ال"):
        first = "ال" + first[len(first) - len(stripped) + 2:]
    return f"{first} {rest}".strip() if rest else first


class _KBIndex:
    """Knowledge-base names as tuples of word stems, for longest-match lookup in tokens."""

    def __init__(self, kb: KnowledgeBase):
        by_key: dict[tuple[str, ...], dict[str, KBEntity]] = {}
        as_written: dict[tuple[str, ...], set[str]] = {}  # the types of the names that are the key unstripped
        self.definite: dict[tuple[str, ...], set[bool]] = {}  # whether the name opens with ال, per key
        for e in kb:
            for n in e.all_names():
                toks = [w for w, _, _ in tokenize(n)]
                key = tuple(bare(word_key(w)) for w in toks)
                if key and all(key):
                    by_key.setdefault(key, {})[e.id] = e
                    self.definite.setdefault(key, set()).add(_definite(toks[0]))
                    if key == tuple(word_key(w) for w in toks):
                        as_written.setdefault(key, set()).add(e.type)
        # a name two entities share is still a name when they agree on its type, or when those that
        # write it so agree (باريس is Paris; ألباريس, a minister's surname, only shares its stem)
        self.types = {}
        for k, v in by_key.items():
            for types in ({e.type for e in v.values()}, as_written.get(k, set())):
                if len(types) == 1:
                    self.types[k] = next(iter(types))
                    break
        self.longest: dict[str, int] = {}  # first word → words in the longest name it opens
        for k in self.types:
            self.longest[k[0]] = max(self.longest.get(k[0], 0), len(k))


_INDEXES: dict[int, tuple[KnowledgeBase, _KBIndex]] = {}


def _index(kb: KnowledgeBase) -> _KBIndex:
    if id(kb) not in _INDEXES:
        _INDEXES[id(kb)] = (kb, _KBIndex(kb))
    return _INDEXES[id(kb)][1]


MAX_TOKENS = 60  # a longer run without sentence punctuation is tagged in pieces of this size


def find_mentions(article: Article, tagger: Tagger | None = None, kb: KnowledgeBase | None = None) -> list[Mention]:
    """Every entity mention in the article's text, in order, with its type."""
    return find_mentions_batch([article], tagger, kb)[0]


def _pieces(text: str) -> list[list[tuple[str, int, int]]]:
    """The article's sentences as tokens with offsets, long ones cut after a comma or at MAX_TOKENS."""
    out = []
    for s, e in sentences(text):
        toks = [(t, s + a, s + b) for t, a, b in tokenize(text[s:e])]
        while len(toks) > MAX_TOKENS:
            cut = max((i + 1 for i in range(MAX_TOKENS // 2, MAX_TOKENS) if toks[i][0] in "،,؛;:"), default=MAX_TOKENS)
            out.append(toks[:cut])
            toks = toks[cut:]
        if toks:
            out.append(toks)
    return out


def find_mentions_batch(articles: Sequence[Article], tagger: Tagger | None = None,
                        kb: KnowledgeBase | None = None) -> list[list[Mention]]:
    """Mentions of many articles, their sentences tagged together (the network is fastest in batches)."""
    tagger = tagger or default_tagger()
    pieces = [_pieces(a.text) for a in articles]
    arabic = [[sum(t.isascii() and t.isalpha() for t, _, _ in toks) <= len(toks) / 2 for toks in ps]
              for ps in pieces]
    tags = iter(tagger.tag_batch([[t for t, _, _ in toks] for ps, ars in zip(pieces, arabic, strict=True)
                                  for toks, ar in zip(ps, ars, strict=True) if ar]))
    return [_article_mentions(a, ps, ars, tags, tagger, kb or default_kb()) for a, ps, ars in zip(articles, pieces, arabic, strict=True)]


def _article_mentions(article: Article, spans: list, arabic: list[bool], tags, tagger: Tagger,
                      kb: KnowledgeBase) -> list[Mention]:
    """Merge tagger, Latin-script and KB spans of one article, then a second pass finds the names
    the first found somewhere but missed elsewhere: a surname or first name of a person named in
    full, a one-word name seen tagged."""
    index = _index(kb)
    ranks = tagger.resources.ranks
    text = article.text
    nisbas: dict[str, bool] = {}

    def nisba(key: str) -> bool:  # a nationality adjective (الروسية): asked of many words, so kept per article
        if key not in nisbas:
            nisbas[key] = bool(kb.adjective_of(key) or is_nisba(key, kb))
        return nisbas[key]

    sents = []
    mastheads: list[dict[tuple[int, int], str]] = []  # per sentence: spans that are an outlet's title → its id
    for toks, ar in zip(spans, arabic, strict=True):
        words = [t for t, _, _ in toks]
        stems = [bare(word_key(w)) for w in words]
        latin = _latin_spans(words)
        tagged = {}  # a sentence in English: the Arabic tagger has nothing to say about it
        if ar:
            tagged = {(i, j): typ for i, j, typ in chunks(next(tags)) if not all(w.isascii() for w in words[i:j])}
        kb_found = _kb_spans(stems, index, words)
        tagged = {(i, j): typ for (i, j), typ in tagged.items()
                  if not (j - i == 1 and _common_word(words[i], stems[i], typ, index, tagger.resources))}
        found = {**latin, **tagged}
        for (i, j), typ in kb_found.items():
            if j - i == 1 and not words[i].isascii() and (i, j) not in tagged and \
                    ranks.get(word_key(words[i]), COMMON_RANK) < COMMON_RANK:
                continue  # a common word that is also a name: only when the tagger agrees
            found[(i, j)] = typ
        found = _split_joined(_refine(found, kb_found, index, stems, words, tagger.resources, nisba), kb_found, words)
        found = _join_cut(_for_sport(found, words), kb_found, words)
        bodies = body_spans(words, found, nisba)
        found.update(bodies)
        outlets = _outlet_spans(words, kb)
        for span in outlets:  # «الرياض», لـ"الوطن": the newspaper, not the place
            for other in [sp for sp in found if sp[0] < span[1] and span[0] < sp[1]]:
                del found[other]
            found[span] = "ORG"
        sents.append((toks, stems, found, {**kb_found, **bodies, **outlets}))
        mastheads.append(outlets)
    # a word of the language the tagger took for a name in under half of its uses here is the word
    # (ضحايا السيول، مجاري السيول): unless the knowledge base knows it, none of its uses is a name
    uses = Counter(k for _, stems, _, _ in sents for k in stems)
    named = Counter(stems[i] for _, stems, found, _ in sents for (i, j) in found if j - i == 1)
    doubtful = {k for k, n in named.items() if 2 * n < uses[k] and (k,) not in index.types
                and ranks.get(k, KNOWN_WORD_RANK) < KNOWN_WORD_RANK}
    for _, stems, found, vouched in sents:  # (the knowledge base's and the head nouns' spans stand)
        for span in [sp for sp in found if sp[1] - sp[0] == 1 and stems[sp[0]] in doubtful and sp not in vouched]:
            del found[span]
    # names found once, for the second pass: one-word names, and the ends of persons' full names
    known: dict[str, Counter] = {}
    for (toks, stems, found, _), outlets in zip(sents, mastheads, strict=True):
        for (i, j), typ in found.items():
            if (i, j) in outlets:
                continue
            ends = [stems[i]] if j - i == 1 else ([stems[i], stems[j - 1]] if typ == "PER" else [])
            for k in ends:
                if len(k) >= 3 and not toks[i][0].isascii():
                    known.setdefault(k, Counter())[typ] += 1
    out: list[Mention] = []
    for (toks, stems, found, _), outlets in zip(sents, mastheads, strict=True):
        covered = {k for i, j in found for k in range(i, j)}
        for i, k in enumerate(stems):
            if i not in covered and k in known and ranks.get(word_key(toks[i][0]), COMMON_RANK) >= COMMON_RANK // 3:
                found[(i, i + 1)] = known[k].most_common(1)[0][0]
        for i, j, typ in _resolve_overlaps(found):
            if typ == "PER" and j - i >= 3 and _untitled(text[toks[i][1]:toks[j - 1][2]], text[toks[i + 1][1]:toks[j - 1][2]], kb):
                i += 1  # اللواء منصور التركي → منصور التركي
            if typ != "PER" and j - i >= 2 and fold(toks[i][0]) in _SQUAD:
                i, typ = i + 1, "ORG"  # فريق برشلونة → برشلونة, the club
            elif typ == "LOC" and i > 0 and fold(toks[i - 1][0]) in _CLUB_CONTEXT:
                typ = "ORG"  # لاعب روما، مدرب باريس سان جرمان: the club named after its city
            start = toks[i][1] + _clitic_length(text[toks[i][1]:toks[j - 1][2]], tagger.resources, kb, typ)
            end = toks[j - 1][2] - (2 if toks[j - 1][0].endswith(("’s", "'s")) else 0)
            m = Mention(article.id, text[start:end], start, end, typ, outlets.get((i, j)))
            if _keep(m, kb):
                out.append(m)
    return out


# what a city's name after it is the club of (folded, without the article): فريق برشلونة، لاعب روما
# (indefinite: الفريق is also a general's rank)
_SQUAD = {p + fold(w) for p in ("", *PROCLITICS) for w in "فريق فريقا فريقي نادي ناديا".split()}
_PLAYERS = {p + fold(w) for p in ("", *PROCLITICS) for w in "لاعب لاعبا لاعبو لاعبي مدرب مدربا مهاجم حارس مرمى "
            "جماهير جمهور قميص صفوف".split()}
_CLUB_CONTEXT = _SQUAD | _PLAYERS

_FUNCTION_WORDS = set("the a an in on at for and but of to with by from as it its this that these those he she they "
                      "we i you his her their our after before when while if gmt utc am pm monday tuesday wednesday "
                      "thursday friday saturday sunday january february march april may june july august september "
                      "october november december jan feb mar apr jun jul aug sep sept oct nov dec "
                      "next previous prev home share tweet print email read more menu search login".split())  # page furniture


_OPEN_QUOTES, _CLOSE_QUOTES = set('«"“'), set('»"”')


def _outlet_spans(words: Sequence[str], kb: KnowledgeBase) -> dict[tuple[int, int], str]:
    """Quoted titles of known outlets (وقال لـ«الرياض»، وعلمت "الوطن"): span → the outlet's KB id. Arabic
    papers quote a paper's title, never a place's name, so the quotes tell الرياض the paper from the city."""
    out = {}
    for i in range(1, len(words) - 1):
        if words[i - 1] in _OPEN_QUOTES:
            j = next((j for j in range(i + 1, min(i + 4, len(words))) if words[j] in _CLOSE_QUOTES), None)
            if j and (outlet := kb.outlet_titled(" ".join(words[i:j]))):
                out[(i, j)] = outlet.id
    return out


def _latin_spans(words: Sequence[str]) -> dict[tuple[int, int], str]:
    """Runs of capitalised Latin-script words (Choe Son Hui, CNN, RT Arabic): names in any sentence.

    Their type here is a placeholder; the knowledge base or the Arabic name they transliterate
    gives the real one when the mentions are grouped.
    """
    spans, i = {}, 0
    while i < len(words):
        j = i
        while j < len(words) and words[j][:1].isupper() and words[j].replace("’", "'").isascii() \
                and words[j][:1].isalpha() and words[j].lower() not in _FUNCTION_WORDS:
            j += 1
        if j > i:
            spans[(i, j)] = "ORG" if j - i == 1 and words[i].isupper() and len(words[i]) > 1 else "MISC"
            i = j
        else:
            i += 1
    return spans


def _kb_spans(stems: Sequence[str], index: _KBIndex, words: Sequence[str]) -> dict[tuple[int, int], str]:
    """Longest knowledge-base names in the sentence; a name's first word may carry a proclitic the
    stem keeps (لوزارة الخارجية الروسية)."""
    spans, i = {}, 0
    while i < len(stems):
        first = [stems[i]]
        if words[i][:1] in "وفبلك" and len(words[i]) > 4:
            first.append(bare(word_key(words[i][1:])))
        longest = max((index.longest.get(f, 0) for f in first), default=0)
        for n in range(min(longest, len(stems) - i), 0, -1):
            rest = tuple(stems[i + 1:i + n])
            typ = next((t for f in first if (t := index.types.get((f, *rest))) is not None
                        and _definite(words[i]) in index.definite[(f, *rest)]), None)
            if typ is not None:
                spans[(i, i + n)] = typ
                i += n - 1
                break
        i += 1
    return spans


def _definite(word: str) -> bool:
    """Whether a word carries the article (الرياض، والرياض، بالرياض): سيول (Seoul) is not السيول (the floods)."""
    return strip_clitics(word_key(word)).startswith("ال")


# words that introduce a name without being part of it: منطقة كورسك, وكالة الأنباء يونهاب
_INTRODUCERS = {bare(word_key(w)) for w in "منطقة مدينة محافظة إقليم ولاية مقاطعة بلدة قرية العاصمة وكالة الأنباء أنباء "
          "صحيفة جريدة قناة شبكة موقع".split()}


def _refine(found: dict[tuple[int, int], str], kb_found: dict[tuple[int, int], str], index: _KBIndex,
            stems: Sequence[str], words: Sequence[str], res: Resources,
            nisba: Callable[[str], bool]) -> dict[tuple[int, int], str]:
    """Fix span edges the tagger gets wrong: a known name followed by words no name list knows ends
    where the name ends (لافروف ستزور → لافروف), unless the tagger read a person whose name starts
    with a known place's (سول كامبل) and the words after it are no common words; head words plus a known name become the name
    (منطقة كورسك → كورسك); two names joined by و are two (كيم وبوتين → كيم, بوتين)."""
    out = dict(found)
    for (i, j), typ in found.items():
        known = max(((a, b) for (a, b) in kb_found if a <= i < b < j), key=lambda s: s[1], default=None)
        if known and typ == "PER" != kb_found[known] and not any(
                res.ranks.get(word_key(words[k]), COMMON_RANK) < COMMON_RANK for k in range(known[1], j)):
            continue  # سول كامبل: a man whose first name is a city's, as the tagger read it, not Seoul
        if known and not any(_known_name_word(stems[k], res) and not nisba(fold(words[k])) and
                             fold(words[k]) not in _DESCRIPTORS for k in range(known[1], j)):
            del out[(i, j)]  # a known name is not lengthened by unknown words or descriptions: لافروف ستزور،
            # (وكالة) إنترفاكس الروسية للأنباء
            out[known] = kb_found[known]
            continue
        joined = next(((k, b) for (k, b) in kb_found if i < k < j and words[k][:1] == "و"), None)
        if joined:
            del out[(i, j)]
            out[(i, joined[0])] = typ
            out[joined] = kb_found[joined]
            continue
        for a in range(i + 1, j):
            if stems[a - 1] not in _INTRODUCERS:
                break
            kb_typ = index.types.get(tuple(stems[a:j]))
            if kb_typ:
                del out[(i, j)]
                out[(a, j)] = kb_typ
                break
    return out


def _common_word(word: str, stem: str, typ: str, index: _KBIndex, res: Resources) -> bool:
    """A word of the language the tagger took for a place, person or thing on its own: a name only when
    the knowledge base knows it, or, for a person, when the name lists know it as a first name. Such a
    word is among the most frequent of the language (بالقرب، الولايات، إس), or, for a person, one the
    tagger seldom names in unlabeled news (a title, a trade: الأمير، المخرج: `training/name_rates.py`),
    unless the name lists know it as a first name. Clubs and parties are often
    frequent words (الهلال، النصر): an organisation's name is only refused as frequent when it is a
    letter or two."""
    if word.isascii() or (stem,) in index.types or (typ == "PER" and "PER" in res.first.get(stem, ())):
        return False
    if typ == "PER" and stem in res.rarely_named:  # (places and bodies: the news it is counted on is not Saudi)
        return True
    if res.ranks.get(word_key(word), COMMON_RANK) >= COMMON_RANK:
        return False
    return typ != "ORG" or len(stem) <= 2


def _split_joined(found: dict[tuple[int, int], str], kb_found: dict[tuple[int, int], str],
                  words: Sequence[str]) -> dict[tuple[int, int], str]:
    """Two names the tagger ran together over و are two: بوتين وكيم → بوتين, كيم. A person's or
    place's name the knowledge base does not know as a whole never holds a word opening with و."""
    out = dict(found)
    for (i, j), typ in found.items():
        if typ not in ("PER", "LOC") or (i, j) in kb_found:
            continue
        cut = next((k for k in range(i + 1, j) if words[k][:1] == "و" and len(words[k]) > 3), None)
        if cut is not None:
            del out[(i, j)]
            out[(i, cut)] = typ
            out[(cut, j)] = typ
    return out


_DESCRIPTORS = {fold(w) for w in "للأنباء الإخبارية الإخباري الرسمية الرسمي".split()}

# the sport a federation or club is of ends its name: الاتحاد الأوروبي لكرة القدم (UEFA, not the EU)
_BALL = {fold(w) for w in "لكرة لكره".split()}
_SPORTS = {fold(w) for w in "لألعاب للسباحة للتنس للفروسية للسيارات للدراجات للجودو للكاراتيه للملاكمة للمصارعة "
           "للرماية للجولف للهوكي للرجبي للبولينج للشطرنج".split()}


def _for_sport(found: dict[tuple[int, int], str], words: Sequence[str]) -> dict[tuple[int, int], str]:
    """An organisation named with the sport it is of (الاتحاد الأوروبي لكرة القدم، الاتحاد الدولي
    لألعاب القوى) is that federation: the sport is part of its name, not a word after the EU's."""
    out = dict(found)
    for (i, j), typ in found.items():
        if typ != "ORG" or j >= len(words):
            continue
        key = fold(words[j])
        if key in _BALL and j + 1 < len(words) and fold(words[j + 1]).startswith("ال"):
            end = j + 2
        elif key in _SPORTS:
            end = j + 2 if key == fold("لألعاب") and j + 1 < len(words) else j + 1
        else:
            continue
        del out[(i, j)]
        out[(i, end)] = "ORG"
    return out


_PREPOSED = ("و", "بال", "لل", "كال", "فال")


def _join_cut(found: dict[tuple[int, int], str], kb_found: dict[tuple[int, int], str],
              words: Sequence[str]) -> dict[tuple[int, int], str]:
    """Two places the tagger read side by side, neither known on its own, are one place cut in two
    (خميس مشيط، رأس تنورة): Arabic joins two places with و or punctuation, never by putting them together."""
    out = dict(found)
    starts = {i: (j, t) for (i, j), t in found.items()}
    for (i, j), typ in sorted(found.items()):
        nxt = starts.get(j)
        if typ != "LOC" or nxt is None or nxt[1] != "LOC" or (i, j) not in out or (j, nxt[0]) not in out:
            continue
        if (i, j) in kb_found or (j, nxt[0]) in kb_found or fold(words[j]).startswith(_PREPOSED):
            continue  # بالرياض: a place after a preposition is another place
        del out[(i, j)], out[(j, nxt[0])]
        out[(i, nxt[0])] = "LOC"
    return out


def _resolve_overlaps(found: dict[tuple[int, int], str]) -> list[tuple[int, int, str]]:
    """Keep the longest of overlapping spans; at equal length the first found."""
    taken: set[int] = set()
    kept = []
    for (i, j), typ in sorted(found.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0][0])):
        if taken.isdisjoint(range(i, j)):
            kept.append((i, j, typ))
            taken.update(range(i, j))
    return sorted(kept)


def _clitic_length(span: str, res: Resources, kb: KnowledgeBase, typ: str = "PER") -> int:
    """How many leading letters of a mention are a proclitic (و ف ب ل ك): none when the mention is a
    known name as written (لافروف, وونسان); the clitic when the rest is (لروسيا, وبيونغ يانغ); و or ف
    when the rest of the first word is a clearly more frequent word than the whole (وكيم), or the only
    one of the two ever seen (وتريم), and so ب or ل before a place's or a body's name (بحريملاء; a
    person's is left whole: بسمة is a name, not ب + سمة); any of them before a body's head noun
    (بمطار الملك فهد)."""
    key = word_key(span)
    if key.startswith("ال") or kb.match(span, loose=False):
        return 0
    first = key.split(" ", 1)[0]
    if " " in key and first in HEADS:
        return 0  # بلدية، لجنة، كلية، وزارة: a body's head noun as written, not ب + لدية
    cuts = [p for p in sorted(PROCLITICS, key=len) if first.startswith(p) and span.startswith(p)
            and len(first) - len(p) >= 3]
    for p in cuts:
        if kb.match(span[len(p):], loose=False) or (" " in key and first[len(p):] in HEADS):
            return len(p)  # لروسيا; بمطار الملك فهد، لحزب …: a body's head noun
    whole = res.ranks.get(first)
    for p in cuts:
        rest = res.ranks.get(first[len(p):])
        if (p in ("و", "ف") or (p in ("ب", "ل") and typ != "PER")) and rest is not None \
                and (whole is None or 2 * rest < whole):
            return len(p)  # a word never seen whole whose rest is a word: وتريم
    return 0


_TITLES = {fold(w) for w in "الملك الأمير الأميرة الشيخ الشيخة الرئيس اللواء العميد العقيد الفريق المقدم الرائد "
           "النقيب المشير الدكتور الدكتورة المهندس الأستاذ السيد السيدة الإمام السفير الوزير الجنرال "
           "الرقيب العريف الجندي".split()}


def _untitled(span: str, rest: str, kb: KnowledgeBase) -> bool:
    """Whether a person's mention that opens with a title (اللواء، الأمير، الدكتور…) leaves it out: the
    name is what links across articles, however each outlet titles the man. The title stays when it is
    what the knowledge base knows him by (الملك سلمان بن عبدالعزيز آل سعود) and the rest is not."""
    if clean_name(fold(span)).split()[0] not in _TITLES:
        return False
    return not (kb.match(span, "PER", loose=False) and not kb.match(rest, "PER", loose=False))


def _known_name_word(stem: str, res: Resources) -> bool:
    """Whether a word stem is a name, or opens one, in the gazetteer."""
    return (stem,) in res.names or stem in res.first


# God in pious formulae (رحمه الله، ولله الحمد، بإذن الله، سبحانه وتعالى): not a news entity
_FORMULA_WORDS = {fold(w) for w in "الله لله بالله والله رحمه رحمها رحمهم الحمد بإذن شاء سبحانه تعالى وتعالى عز وجل".split()}


def _keep(m: Mention, kb: KnowledgeBase) -> bool:
    name = clean_name(m.text)
    if len(name_key(name)) < 2 and not name.isascii():
        return False
    if m.type in ("LOC", "MISC", "PER") and (kb.adjective_of(name) or is_nisba(name, kb)):
        return False  # الكورية الشمالية, الروسية, كوري: about a country, not a place or a person
    if clean_name(fold(name)) in CURRENCY_WORDS:
        return False  # دولار, ريال: what a figure is counted in, not an entity
    words = fold(name).split()
    if any(w in ("الله", "لله") for w in words) and all(w in _FORMULA_WORDS for w in words):
        return False
    return any(c.isalpha() for c in name)


def is_nisba(name: str, kb: KnowledgeBase) -> bool:
    """A one-word adjective of relation to a known place: الروسية (روسيا), الأمريكي (أمريكا), كوري."""
    key = fold(name)
    if " " in key or kb.match(name, loose=False):
        return False
    stem = key[2:] if key.startswith("ال") else key
    for ending in ("يه", "يين", "يون", "ي"):
        if stem.endswith(ending) and len(stem) - len(ending) >= 3:
            base = stem[: -len(ending)]
            return any(kb.match(c, "LOC", loose=False) for c in (base + "يا", base + "ا", base, "ال" + base))
    return False


def group_mentions(mentions: Sequence[Mention], kb: KnowledgeBase | None = None) -> list[MentionGroup]:
    """Mentions of one article grouped by what they name (see the module docstring).

    Spellings that share a strict key are one group whatever type the tagger gave each; the group's
    type is the knowledge base's, else the one most of its mentions got. A group's key is its KB id, or
    `~N` (its place among the article's groups) until linking gives it an entity id.
    """
    kb = kb or default_kb()
    names = [clean_name(m.text) for m in mentions]
    seen = {name_key(n) for n in names}

    def key(n: str) -> str:  # a proclitic the offsets kept joins the name written without it elsewhere
        k = name_key(n)
        return k[1:] if k[:1] in "وفبلك" and len(k) > 4 and k[1:] in seen else k

    groups: dict[str, _Group] = {}
    found = [(m.entity and kb.get(m.entity)) or _not_the_city(m, kb_lookup(n, m.type, kb))  # (an outlet its
             for m, n in zip(mentions, names, strict=True)]                                # quotes named)
    country = _article_country(found, kb)
    if country:  # وزارة الداخلية، الداخلية: the ministry of the country the article is about
        found = [ent or (_ministry(n, country, kb) if m.type == "ORG" else None)
                 for m, n, ent in zip(mentions, names, found, strict=True)]
    for m, name, ent in zip(mentions, names, found, strict=True):  # names the KB knows, first: they anchor the rest
        if ent:
            g = groups.setdefault(ent.id, _Group(ent.type, ent.name, ent))
            groups.setdefault(key(name), g)
            g.mentions.append(m)
    pending: list[tuple[Mention, str]] = []
    fuller = {**_fuller([n for m, n in zip(mentions, names, strict=True) if m.type == "ORG"], bodies=True),
              **_fuller([n for m, n in zip(mentions, names, strict=True) if m.type == "PER"], bodies=False)}
    for m, name, ent in zip(mentions, names, found, strict=True):  # then names of more than one word
        if ent:
            continue
        if len(name.split()) > 1 and not name.isascii():
            name = fuller.get(name, name)  # وزارة الخارجية beside the article's وزارة الخارجية الروسية
            groups.setdefault(key(name), _Group(m.type, name)).mentions.append(m)
        else:
            pending.append((m, name))
    anchors = _Anchors(list({id(g): g for g in groups.values()}.values()))
    for m, name in pending:  # one-word and Latin names: the same spelling, or the full name they shorten
        target = groups.get(key(name)) or anchors.abbreviated(name, m.type)
        if target is None:
            target = groups.setdefault(key(name), _Group(m.type, name))
        target.mentions.append(m)
    distinct = list({id(g): g for g in groups.values()}.values())
    out = []
    for n, g in enumerate(distinct):
        if g.kb is None:
            arabic = [x for x in g.names if not x.isascii()] or g.names
            counts = Counter(clean_name(m.text) for m in g.mentions)
            g.name = max(arabic, key=lambda x: (len(x.split()), key(x) == name_key(x), counts[x]))
            g.type = Counter(m.type for m in g.mentions).most_common(1)[0][0]
        ident = g.kb.id if g.kb else f"~{n}"
        latin = [x for x in g.names if x.isascii()]
        out.append(MentionGroup(key=ident, type=g.type, name=g.name,
                                mentions=tuple(replace(m, type=g.type, entity=ident) for m in g.mentions),
                                kb=g.kb.id if g.kb else None,
                                name_en=g.kb.name_en if g.kb else (max(latin, key=len) if latin else None)))
    return out


def _not_the_city(m: Mention, ent: KBEntity | None) -> KBEntity | None:
    """The KB entity a mention names, unless it is a city named for a body: a club (فريق برشلونة) is
    not the city it is named after."""
    return None if ent and m.type == "ORG" and ent.kind in ("city", "capital") else ent


def _article_country(found: Sequence[KBEntity | None], kb: KnowledgeBase) -> str | None:
    """The country an article is about: the one its known places, people and bodies belong to, when it
    has at least twice the mentions of any other (an article on a Saudi-Egyptian meeting has none:
    better a bare «مجلس الوزراء» unlinked than linked to the wrong cabinet)."""
    counts = Counter(e.country for e in found if e and e.country)
    top = counts.most_common(2)
    return top[0][0] if top and (len(top) == 1 or top[0][1] >= 2 * top[1][1]) else None


def _ministry(name: str, country: str, kb: KnowledgeBase) -> KBEntity | None:
    """The country's ministry or body a bare «وزارة الداخلية», «الداخلية» or «مجلس الوزراء» names."""
    words = fold(name).split()
    if len(words) == 2 and words[0] == fold("وزارة"):
        return kb.ministry(country, words[1])
    if len(words) == 1 and words[0] not in MINISTRY_SHORT:
        return None
    return kb.ministry(country, " ".join(words))


def _fuller(names: Sequence[str], bodies: bool) -> dict[str, str]:
    """A name of several words → the one longer name of the article it shortens by its last words: a
    body without its adjective (وزارة الخارجية → وزارة الخارجية الروسية), a person by a shorter chain
    (سعود بن نايف → سعود بن نايف بن عبدالعزيز). None when two longer names fit (the Russian and the
    Korean ministry; two brothers)."""
    longer_names = {name_key(n): n for n in names if len(n.split()) > 1 and (short_names(n) or not bodies)}
    out = {}
    for n in names:
        k, words = name_key(n), n.split()
        if len(words) < 2:
            continue
        longer = {b for b in longer_names.values() if len(b.split()) > len(words) and (
                  name_key(" ".join(b.split()[:len(words)])) == k
                  or (not bodies and (short := first_and_family(b)) is not None and name_key(short) == k))}
        if len(longer) == 1:
            out[n] = longer.pop()
    return out


class _Anchors:
    """The article's full names, indexed for the short and Latin-script names that abbreviate them."""

    def __init__(self, groups: list[_Group]):
        self.groups = groups
        self.words: list[set[str]] = []  # word keys of each group's Arabic names of several words
        self.skeletons: list[list[list[str]]] = []  # word skeletons of each group's Arabic names
        self.shorts: list[set[str]] = []  # keys of a body's name without its head: الداخلية for وزارة الداخلية
        self.tails: list[set[str]] = []  # words after the first of a place's name: يانغ of بيونغ يانغ
        for g in groups:
            arabic = [n for n in g.names if not n.isascii()]
            self.words.append({name_key(w) for n in arabic if len(n.split()) > 1 for w in n.split()})
            self.shorts.append({name_key(x) for n in arabic for x in short_names(n)} if g.type == "ORG" else set())
            self.tails.append({name_key(w) for n in arabic if g.type == "LOC" and not short_names(n)  # (a hospital's
                               for w in n.split()[1:]})  # town is not the hospital)
            self.skeletons.append([[skeleton(w) for w in n.split()] for n in arabic])

    def abbreviated(self, name: str, typ: str) -> _Group | None:
        """The full name a short or Latin-script name stands for in this article, if exactly one fits."""
        fits = []
        if name.isascii():
            sk = [skeleton(w) for w in name.split()]
            for g, names in zip(self.groups, self.skeletons, strict=True):
                if any(len(sk) <= len(nk) and nk[: len(sk)] == sk and (len(sk) > 1 or len(nk) == 1) for nk in names):
                    fits.append(g)
        else:
            key = name_key(name)
            for g, words, shorts, tails in zip(self.groups, self.words, self.shorts, self.tails, strict=True):
                if key in words and g.type == "PER":  # a person's surname or first name, not a word of an institution's name
                    fits.append(g)
                elif (key in shorts and typ == "ORG") or (key in tails and typ == "LOC"):
                    fits.append(g)  # الداخلية for the article's وزارة الداخلية; يانغ cut from بيونغ يانغ
        fits = list({id(g): g for g in fits}.values())
        if len(fits) > 1:  # several full names contain it: the one the knowledge base knows, if only one
            fits = [g for g in fits if g.kb] or fits
        return fits[0] if len(fits) == 1 else None


def article_keys(g: MentionGroup) -> set[tuple[str, str]]:
    """The (kind, key) pairs under which this group's entity can be found across articles."""
    keys = set()
    names = names_of(g)
    word_sets = [set(fold(n).split()) for n in names]
    for n, words in zip(names, word_sets, strict=True):
        if any(words < other for other in word_sets):
            continue  # a short form (لافروف beside سيرجي لافروف) names too many things across articles
        if n.isascii():
            if len(skeleton(n)) >= MIN_SKELETON:  # SA, IOS, RAM: too short to be one thing across articles
                keys.add(("skeleton", skeleton(n)))
            continue
        keys.add(("strict", name_key(n)))
        if len(n.split()) > 1 and len(loose_key(n)) >= 6:
            keys.add(("loose", loose_key(n)))
        if g.type == "PER":
            keys |= {("chain", name_key(c)) for c in shorter_chains(n)}
            if short := first_and_family(n):
                keys.add(("chain", name_key(short)))
    return keys


# what opens a compound first name (عبد الرحمن، أبو بكر) or closes one (نور الدين، عبد الله): not a family name
_COMPOUND_OPEN = {fold(w) for w in "عبد أبو ابو أم".split()}
_COMPOUND_CLOSE = {fold(w) for w in "الله الدين الإسلام الرحمن الرحيم العزيز".split()}


def family_name(name: str) -> bool:
    """Whether a person's two names are a first name and a family name (سامي الحربي، يوسف الثويني), the
    way Arabic news names a man after his full chain, and not a compound first name (عبد المحسن)."""
    words = [fold(w) for w in name.split()]
    return len(words) == 2 and words[0] not in _COMPOUND_OPEN | SON_OF and _is_family(words[1])


def _is_family(word: str) -> bool:
    return word.startswith("ال") and len(word) >= 5 and word not in _COMPOUND_CLOSE


def first_and_family(name: str) -> str | None:
    """A person's chain by its first name and family name alone (سامي معوض عوض الله الحربي → سامي الحربي,
    يوسف بن محمد الثويني → يوسف الثويني): a two-name mention in another article joins the one entity whose
    chain it shortens so (`corpus.link`). None where the chain has no family name at its end (آل سعود, بن
    عبدالله) or opens with a compound first name."""
    words = name.split()
    if len(words) < 3 or fold(words[-2]) in _COMPOUND_OPEN | SON_OF:
        return None
    short = f"{words[0]} {words[-1]}"
    return short if family_name(short) else None


def shorter_chains(name: str) -> list[str]:
    """The shorter chains a person's chain of names is also written as, each ending before a بن or آل
    (سعود بن نايف بن عبدالعزيز آل سعود → سعود بن نايف, سعود بن نايف بن عبدالعزيز): a shorter chain
    in another article joins the one entity it is the start of (`corpus.link`)."""
    words = name.split()
    if len(words) < 5 or fold(words[1]) not in SON_OF:
        return []
    return [" ".join(words[:k]) for k in range(3, len(words)) if fold(words[k]) in SON_OF]
