"""Claims: a quantity in its sentence, what it counts, whom it is about, when, and who says so.

The attribution chain lists who says so and through whom, the original source first: "an
intelligence assessment by Ukrainian officials, seen by CNN" is two links, as is "a South Korean
military intelligence report cited by Yonhap". Cues: وفقًا لـ، وفق، بحسب، نقلاً عن، قال، ذكرت، أفاد، أكد،
أعلن، أوضح، كشف، توقع، استشهدت به، اطلعت عليه، and reports, assessments and statements (تقرير، تقييم،
بيان). A sentence that opens with وأضاف/وتابع carries on the previous sentence's attribution.
The actor is the country a nationality adjective after the counted noun names (جندي كوري شمالي), else
the first entity of the sentence that is neither a source nor a preposition's object, else the
previous claim's actor. The time is the nearest resolved date
in the sentence, else the publication date.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from rasid.extract.numbers import TIME_UNITS, is_vague
from rasid.kb import KnowledgeBase, default_kb
from rasid.model import Claim, Mention, Quantity, Source, TimeExpr
from rasid.text.normalize import fold, fold_map
from rasid.text.sentences import sentences

_SAY = ("قال|قالت|ذكر|ذكرت|افاد|افادت|اكد|اكدت|اعلن|اعلنت|اوضح|اوضحت|صرح|صرحت|كشف|كشفت|توقع|توقعت|اشار|اشارت|"
        "زعم|زعمت|ابلغ|ابلغت|اورد|اوردت|نقل|نقلت|قدر|قدرت|رجح|رجحت")
# where a source's name starts; the name runs to the next boundary
_CUES = re.compile(
    rf"(?<!\w)(?:"
    rf"(?:[وف]?(?:وفقا|طبقا|استنادا)\s?(?:ل(?!ل)|الي\s)?(?:ما\s(?:ذكره|ذكرته|اورده|اوردته|نقله|نقلته)\s)?)"
    rf"|(?:[وف]?وفق\s(?:ما\s(?:ذكر|ذكرت|اورد|اوردت|نقل|نقلت|افاد|افادت)\s)?)"
    rf"|(?:[وف]?(?:ب|و)?حسب\s(?:ما\s(?:ذكر|ذكرت|اورد|اوردت|نقل|نقلت|افاد|افادت|اعلن|اعلنت)\s)?)"
    rf"|(?:[وف]?نقلا\sعن\s)"
    rf"|(?:[وف]?(?:استشهد|استشهدت)\s(?:به|بها)\s)"
    rf"|(?:[وف]?(?:اطلع|اطلعت)\s(?:عليه|عليها)\s)"
    rf"|(?:[وف]?(?:{_SAY})\s)"
    rf")")
_REPORT = re.compile(r"(?<!\w)[وفل]?(?:ال)?(?:تقرير|تقييم|بيان|دراسه|احصاءات|احصائيات|تقديرات|ارقام|مصادر|مسوول|مسوولون|مسوولين)(?!\w)")
# what a source's name stops before: a clause, a date, punctuation, or what the source says happened
# (أعلنت الوزارة مقتل 27 شخصا: the ministry, then the deaths it announced)
_HAPPENED = ("مقتل|اصابه|اصابات|جرح|وفاه|سقوط|مصرع|استشهاد|اعتقال|توقيف|القبض|ضبط|تسجيل|ارتفاع|انخفاض|تراجع|"
             "نجاه|انقاذ|اخلاء|ارسال|وصول|تخصيص|اطلاق|تدمير|اسقاط|مقتلهم|بدء|هدنه|عن مقتل|عن اصابه|عن سقوط")
_THAT = "ان|انه|انها|انهم|بان(?!\\sكي)|بانه|بانها|بانهم"  # what opens the clause a source said (بان كي مون is a man)
_STOP = re.compile(r"\s(?:" + _THAT + r"|فان|فانه|فانها|فقد|حيث|"
                   r"لوكاله|لصحيفه|لجريده|لقناه|لموقع|لشبكه|ايضا|كذلك|الي|إن|أن|الذي|التي|الذين|يوم|امس|اليوم|قوله|قولها|في تقرير|هذا|هذه|حول|بشان|من جديد|"
                   + _HAPPENED + "|" + _SAY + r")(?!\w)|[،,.؛:؟!\"«»“”()\-–—]")  # a verb of saying: the sayer named before it
_RELAYED = re.compile(r"\s*عن\s")  # نقلت الوكالة عن الوزارة: whom the relay quotes
_CLAUSE = re.compile(r"(?:" + _THAT + r")(?!\w)")
_CARRY = re.compile(r"^[وف](?:اضاف|اضافت|تابع|تابعت|اشار|اشارت|اوضح|اوضحت|اكمل|اكملت)(?!\w)")
# "…, مؤكدا أنه قتل 8 جنود": a participle says the sentence's subject asserts what follows
_ASSERTING = re.compile(r"[،,]\s?[وف]?(?:" + "|".join(fold(w) + e for w in (
    "مؤكد", "مشير", "موضح", "معلن", "مضيف", "قائل", "متحدث", "معتبر", "لافت", "زاعم", "مدعي") for e in ("ا", "ه", "ين")) + r")(?!\w)")
_OPENING_VERB = re.compile(r"^[وف]?(?:(?:قد|لقد|كان|كانت)\s)?(?!ال)(?!(?:في|من|على|علي|الى|الي|عن|ان|إن|أن|انه|كما|لكن|بعد|قبل|"
                           r"مع|منذ|خلال|حيث|اذ|لا|لم|لن|ما|هذا|هذه|ذلك|تلك|هو|هي)\s)\w{2,}\s(?=ال)(?!الي\s|الذي|التي)")
_SUBJECT_ENDS = re.compile(r"\s(?:في|من|على|علي|الى|الي|عن|مع|ضد|عبر|امس|اليوم)(?!\w)")
_LEAD = re.compile(r"(?:الي|به|بها|له|لها|عنه|عنها|عنهم|فيه|فيها|لنا|لي|لهم|عليه|عليها|ايضا|كذلك|مازحا)(?:\s|$)")
MAX_SOURCE_WORDS = 9
SOURCE_REACH = 240  # characters after a cue where the source's name must end


def find_claims(article_id: str, text: str, quantities: Sequence[Quantity], dates: Sequence[TimeExpr],
                mentions: Sequence[Mention], published: str | None, kb: KnowledgeBase | None = None) -> list[Claim]:
    """The claims among an article's quantities (those that count something other than time)."""
    kb = kb or default_kb()
    out: list[Claim] = []
    spans = sentences(text)
    chains: dict[int, tuple[Source, ...]] = {}

    def chain_of(i: int) -> tuple[Source, ...]:  # computed only for sentences that need it
        if i not in chains:
            s, e = spans[i]
            chain = _attribution(text, s, e, dates, quantities, mentions)
            if not chain and i > 0 and _CARRY.match(fold(text[s:s + 20])):
                chain = chain_of(i - 1)  # وأضاف: the previous sentence's speaker goes on
            chains[i] = chain
        return chains[i]

    for i, (s, e) in enumerate(spans):
        qs = [q for q in quantities if s <= q.start < e and q.unit and not is_vague(q.text)
              and (q.unit not in TIME_UNITS or _lasts(text, q))]
        if not qs:
            continue
        sentence = text[s:e]
        chain = chain_of(i)
        source_spans = [(src.start, src.end) for src in chain]
        for q in qs:
            if any(a <= q.start < b for a, b in source_spans):
                continue  # "a report by 11 member states": part of who says so, not a claim
            actor = _actor(text, q, s, mentions, source_spans, kb, out[-1].actor if out else None)
            out.append(Claim(
                id=f"{article_id}:{q.start}", article=article_id, text=sentence, start=s, end=e, quantity=q, actor=actor,
                attribution=_said_of(text, chain, q), time=_time(q, [d for d in dates if s <= d.start < e], published)))
    return out


_RELAY_WORDS = re.compile(r"(?<!\w)[وف]?(?:عن|نقلا|اطلع|اطلعت|عليه|عليها|استشهد|استشهدت|به|بها)(?!\w)")
RELAY_GAP = 30  # characters between a relay and whom it quotes (نقلت الوكالة عن …، واطلعت عليه شبكة …)


def _said_of(text: str, chain: tuple[Source, ...], q: Quantity) -> tuple[Source, ...]:
    """Of a sentence's sources, those that give this figure: the speaker nearest before it, with the relays
    it comes through (نقلت الوكالة عن المسؤول), else the first after it (… 20 قتيلا، قال المرصد). A sentence
    of two speakers (قال المرصد إن 20 قتلوا، فيما قال الجيش إن 5 …) gives each figure its own."""
    if len(chain) <= 1:
        return chain
    before = [c for c in chain if c.end <= q.start]
    nearest = max(before, key=lambda c: c.start) if before else min(chain, key=lambda c: c.start)
    ordered = sorted(chain, key=lambda c: c.start)
    k = ordered.index(nearest)
    keep = {k}
    for step in (-1, 1):  # the relays next to it, one after another
        j = k
        while 0 <= j + step < len(ordered):
            a, b = sorted((ordered[j], ordered[j + step]), key=lambda c: c.start)
            gap = text[a.end:b.start]
            if len(gap) > RELAY_GAP or not _RELAY_WORDS.search(fold(gap)):
                break
            j += step
            keep.add(j)
    mine = {id(ordered[j]) for j in keep}
    return tuple(c for c in chain if id(c) in mine)


_LASTING = re.compile(r"(?:لمده|مدته|مدتها|تستمر|يستمر|تمتد|يمتد|طيله|طوال|تدوم|يدوم)\s?\(?$")


def _lasts(text: str, q: Quantity) -> bool:
    """Whether a count of days, months or years is how long something lasts (هدنة لمدة خمسة أيام): a
    figure outlets can give apart, unlike a date or the time since something happened."""
    return bool(_LASTING.search(fold(text[max(0, q.start - 16):q.start]).rstrip()))


def _sentence_map(text: str, s: int, e: int) -> tuple[str, list[int]]:
    """The folded sentence and its way back to offsets relative to `s`, cut from the article's map."""
    folded, where = fold_map(text)
    a, b = bisect_left(where, s), bisect_left(where, e)
    part = folded[a:b]
    lead = len(part) - len(part.lstrip(" "))
    return part[lead:].rstrip(" "), [w - s for w in where[a + lead:a + lead + len(part[lead:].rstrip(" "))]]


def _attribution(text: str, s: int, e: int, dates, quantities, mentions) -> tuple[Source, ...]:
    folded, where = _sentence_map(text, s, e)
    blocks = sorted((d.start - s, d.end - s) for d in dates if s <= d.start < e)
    links: list[tuple[int, Source]] = []
    for m in _CUES.finditer(folded):
        # "نقلت X عن Y": X relays, Y said it first
        relay = m.group().strip().lstrip("وف").startswith("نقل")
        src = _source(text, s, folded, where, m.end(), blocks, mentions, relay=relay)
        if src and not _only_pronoun(src.text):
            links.append((src.start if not relay else 10 ** 9 + src.start, src))
            after = _RELAYED.match(folded, bisect_left(where, src.end - s))
            if relay and after and (first := _source(text, s, folded, where, after.end(), blocks, mentions)) \
                    and not _only_pronoun(first.text):
                links.append((first.start, first))
    for m in _REPORT.finditer(folded):  # a report or officials named without a verb: "تقرير صادر عن …"
        if not any(src.start - s <= where[m.start()] < src.end - s for _, src in links):
            src = _source(text, s, folded, where, m.start() + (1 if folded[m.start()] in "وفل" else 0), blocks,
                          mentions)
            if src:
                links.append((src.start, src))
    # no speaker named, or only a bare "statement" (في بيان): a participle of saying names the subject
    if all(len(src.text.split()) == 1 and _REPORT.fullmatch(fold(src.text)) for _, src in links) \
            and (saying := _ASSERTING.search(folded)) and (v := _OPENING_VERB.match(folded)) and v.end() < saying.start():
        if (src := _subject(text, s, folded, where, v.end(), saying.start(), blocks, mentions)) is not None:
            links = [(src.start, src)]
    seen: set[str] = set()
    chain: list[Source] = []
    for _, src in sorted(links, key=lambda x: x[0]):
        if not any(a.start <= src.start < a.end or src.start <= a.start < src.end for a in chain) and src.text not in seen:
            seen.add(src.text)
            chain.append(src)
    return tuple(chain)


def _source(text, s, folded, where, at, blocks, mentions, relay: bool = False) -> Source | None:
    """The noun phrase naming a source, from `at` in the folded sentence to the next boundary (for one
    who relays, also عن: نقلت الوكالة عن الوزارة)."""
    while at < len(folded) and folded[at] == " ":
        at += 1
    while (lead := _LEAD.match(folded, at)) is not None:  # أشار إلى، أفاد به، قال لنا أيضا: the verb's, not the sayer
        at = lead.end()
    if at >= len(folded) or _CLAUSE.match(folded, at):  # أفاد بأن …: what was said, its sayer named before
        return None
    window = at + SOURCE_REACH  # a source's name is a few words: never scan the rest of a long sentence
    stop = _STOP.search(folded, at, window)
    end = stop.start() if stop else min(window, len(folded))
    if relay and (whom := _RELAYED.search(folded, at, end)):
        end = whom.start()
    for a, _ in blocks:
        if at <= a < end:
            end = a
    words = folded[at:end].split()
    if not words:
        return None
    limit = s + where[min(end, len(where)) - 1] + 1  # where the phrase would end without the cap on words
    capped, words = len(words) > MAX_SOURCE_WORDS, words[:MAX_SOURCE_WORDS]
    if len(words) > 1 and words[-1] == "ل":  # لـ«المدينة»: to whom it was said, not who said it
        words.pop()
    end = at + len(" ".join(words))
    start_o, end_o = s + where[at], s + where[end - 1] + 1
    if capped:  # a long title (المتحدث الرسمي لمديرية الدفاع المدني بمنطقة جازان الرائد …) ends with its man's name
        end_o = next((m.end for m in mentions if m.type == "PER" and start_o <= m.start <= end_o + 1 < m.end <= limit),
                     end_o)
    ent = next((m.entity for m in mentions if start_o <= m.start < end_o and m.entity), None)
    return Source(text[start_o:end_o].strip(), start_o, end_o, ent)


def _subject(text, s, folded, where, at, before, blocks, mentions) -> Source | None:
    """The subject after a sentence's opening verb (وتبنى الجناح العسكري …): up to a name the tagger found
    in its first three words, else its first two words, never past a preposition."""
    stop = _SUBJECT_ENDS.search(folded, at, before)
    words = folded[at:stop.start() if stop else before].split()
    start_o, near = s + where[at], s + where[min(at + len(" ".join(words[:3])), len(where) - 1)]
    named = next((m for m in mentions if start_o <= m.start < near and m.entity), None)
    if named is not None:  # الرئيس الأمريكي باراك أوباما: up to the name
        return Source(text[start_o:named.end], start_o, named.end, named.entity)
    # a noun and its adjective; what follows may be the verb's object (تبنت الجماعة المسلحة الهجوم, رفع المشتكون طعنا)
    words = words[:2] if len(words) > 1 and (not words[0].startswith("ال") or words[1].startswith("ال")) else words[:1]
    src = _source(text, s, folded[:at + len(" ".join(words))], where, at, blocks, mentions) if words else None
    return src if src and not _only_pronoun(src.text) else None


def _only_pronoun(t: str) -> bool:
    words = fold(t).split()
    return not words or words[0] in {"انه", "انها", "ان", "هو", "هي", "انهم"} or fold(t) in {"مصدر", "المصدر"}


_OBJECT = re.compile(r"(?:^|\s)(?:[وف]?(?:علي|الي|في|ضد|نحو|داخل|عبر|من|عن|مع))\s*$")


def _actor(text: str, q: Quantity, s: int, mentions, source_spans, kb: KnowledgeBase,
           previous: Source | None) -> Source | None:
    """Whom a quantity is about (see `_find_actor`), else whom the claim before it was about; a
    capital stands for its country (Pyongyang sent troops: North Korea did)."""
    src = _find_actor(text, q, s, mentions, source_spans, kb) or previous
    ent = kb.get(src.entity) if src and src.entity else None
    if src and ent and ent.kind == "capital" and ent.country and kb.get(f"loc:country-{ent.country.lower()}"):
        return Source(src.text, src.start, src.end, f"loc:country-{ent.country.lower()}")
    return src


def _find_actor(text: str, q: Quantity, s: int, mentions, source_spans, kb: KnowledgeBase) -> Source | None:
    """A nationality adjective or "من X" after the counted noun; else the first entity of the sentence
    before the quantity that is neither a source nor the object of a preposition (على أوكرانيا, في
    الأمم المتحدة)."""
    after = text[q.end:q.end + 40]
    m = re.match(r"\s*([^\s،,.]+(?:\s[^\s،,.]+)?)", after)
    if m:
        for cand in (m.group(1), m.group(1).split(" ")[0]):
            country = kb.adjective_of(cand) or kb.adjective_of("ال" + cand)
            if country:
                start = q.end + m.start(1)
                return Source(cand, start, start + len(cand), country.id)
    of = next((x for x in mentions if x.entity and x.type in ("LOC", "ORG") and q.end <= x.start <= q.end + 12
               and fold(text[q.end:x.start]).strip() in ("من", "")), None)
    if of:
        return Source(of.text, of.start, of.end, of.entity)
    candidates = [x for x in mentions if s <= x.start < q.start and x.entity and x.type in ("LOC", "ORG")
                  and not any(a <= x.start < b for a, b in source_spans)
                  and not _OBJECT.search(fold(text[max(s, x.start - 12):x.start]))]
    if candidates:
        x = candidates[0]
        return Source(x.text, x.start, x.end, x.entity)
    return None


def _time(q: Quantity, dates: Sequence[TimeExpr], published: str | None) -> str | None:
    if dates:
        return min(dates, key=lambda d: abs(d.start - q.start)).value
    return published[:10] if published else None
