"""Claim comparison: figures about the same thing, side by side, across the articles of a story.

Claims are about the same thing when they share the actor (a place standing for its country), the
counted thing (its lemma), and what happened to it (the facet, from the casualty word nearest the figure:
troops sent, troops to be sent, troops killed or wounded are three things), and their figures are within a
factor of five (2.4 km of bridge and 1,200 km of railway are two things); a size says what it measures (the
bridge's length, the quays' length), and they name no two different subjects (the places, bodies and
people of their sentences: the beds of two hospitals, the contracts of two players). "And seven others"
counts people, and a story's toll (people killed or wounded) is one count whoever its sentences name first
and wherever. Within a story the period is the story's; an outlet that gives two figures of one measure
(its round-ups of two sessions) gives two measures, not a contradiction. Figures agree when their ranges meet (an approximate figure is taken within 5 %,
one written to a coarser step within half of it: 71 points is 71.08 rounded); a group whose figures do not
all meet differs, or is `revised` when it is a toll that only rises as the days pass. Figures that disagree
differ only when two articles that tell one happening (`together`: the same-event model's decision on the two
articles) give different figures: a story of many days or incidents holds the tolls of several attacks and the
figures of several sessions, and those do not contradict each other. Each group counts its independent sources: two outlets
repeating one CNN report, or claims attributed to the same source, are one.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date

import numpy as np

from rasid.corpus import measure
from rasid.extract.numbers import unit_lemma, value_of
from rasid.kb import KnowledgeBase, default_kb
from rasid.model import Claim, ClaimGroup, Mention, Quantity, SourcedClaim
from rasid.text.normalize import fold

APPROX = 0.05
_WORD = re.compile(r"\w+")
# what happened to what is counted, from the cue nearest the figure in its sentence
_KILLED = {"قتل", "قتلي", "مقتل", "قتيل", "قتلوا", "حتفهم", "حتفه", "حتفها", "مصرع", "مصرعهم", "مصرعه", "مصرعها", "استشهد", "استشهاد", "شهداء", "شهيد",
           "وفاه", "وفيات", "توفي", "موتي", "غرق", "غرقا"}
_WOUNDED = {"جرح", "جرحي", "جريح", "جرحوا", "جرحت", "اصيب", "اصيبوا", "اصيبت", "اصاب", "اصابت", "اصابوا", "اصابه", "اصابات",
            "اصابتهم", "مصاب", "مصابين", "مصابا"}
_CASUALTIES = {"ضحايا", "خسائر", "ضحيه"}  # killed or wounded
_CASUALTY_NOUNS = {"قتلي", "قتيل", "شهداء", "شهيد", "جرحي", "جريح", "مصابين", "مصاب"}
_PLANNED = {"لنشر", "لارسال", "سيرسل", "سترسل", "سينشر", "ستنشر", "سوف", "تستعد", "يستعد", "تعتزم", "يعتزم",
            "تخطط", "يخطط", "امكانيه", "بامكانيه", "المتوقع", "يتوقع", "المقبله", "القادمه", "مستقبلا", "المزمع",
            "المرتقب", "سيتم", "ستصل", "سيصل", "المرجح", "تنوي", "ينوي"}
_DONE = {"ارسل", "ارسلت", "ارسلوا", "تم", "وصل", "وصلت", "وصلوا", "سلم", "سلمت", "نشرت", "قدم", "قدمت",
         "بعث", "بعثت", "ارسلها", "ارسلهم", "ارسالهم"}
# counted nouns that say what happened: 31 قتيلا is 31 people killed
_PEOPLE = {"قتيل": "killed", "ضحيه": "casualties", "جريح": "wounded", "مصاب": "wounded", "شهيد": "killed"}
PERSON = "شخص"
_OTHERS = {"اخرين", "اخرون", "غيرهم", "اخريات"}  # "and seven others": people, counted as the figure before them
_PERSONS = {"مدني", "مواطن", "فرد", "نسمه", "شخص"}  # people, whoever they are, when a toll counts them
_SAME_NOUN = {"عسكري": "جندي"}  # two words for one kind of people counted (8 جنود, عسكريين اثنين: soldiers)
TOLLS = ("killed", "wounded", "casualties")
CASUALTY_REACH = 6  # words either side of the figure
MODALITY_REACH = 25
AFTER_REACH = 3
SAME_THING = 5.0  # figures further apart than this factor count different things (2.4 km of bridge, 1200 km of rail)


def facet(sentence: str, start: int, end: int) -> str:
    """What the sentence says happened to the counted things at [start, end): killed, wounded,
    casualties (either), planned or done."""
    before = _WORD.findall(fold(sentence[:start]))[::-1]
    after = _WORD.findall(fold(sentence[end:]))
    # the casualty word nearest the figure says what befell it ("مقتل 12 وإصابة سبعة": 12 killed, 7
    # wounded), one before it nearer than one after; both kinds right before it ("قتل أو جرح 40") or
    # right after it ("40 قتلى وجرحى") say either
    sides = (before, after)
    cues = sorted((d + (0.5 if side else 0.0), d, side, kind) for side, words in enumerate(sides)
                  for d, w in enumerate(words[:CASUALTY_REACH]) if (kind := _casualty(w)))
    if cues:
        _, d, side, kind = cues[0]
        words = sides[side]
        # the next word, or the one after an أو, is a casualty word of the other kind: "قتل أو جرح 40"
        # before the figure; after it, one after an أو ("40 لقوا حتفهم أو أصيبوا") or a noun joined to a
        # noun ("40 بين قتيل وجريح"), not a verb with و, which starts another count ("حتفهم وأصيب العشرات")
        nxt = [w for w in words[d + 1:d + 3] if w not in ("او", "و")][:1]
        either = words[d + 1:d + 2] == ["او"]  # "لقوا حتفهم أو أصيبوا", "قتل أو جرح 40": one or the other
        joined = either or (not side and d <= 2) or (d <= 1 and {_bare(w) for w in (words[d], *nxt)} <= _CASUALTY_NOUNS)
        paired = _casualty(nxt[0]) if nxt and joined else None
        return "casualties" if kind == "casualties" or (paired not in (None, kind)) else kind
    nearest, distance = "done", MODALITY_REACH + 1
    # the verb usually comes before what it counts (أرسل ... 13000 جندي); one after it only right after
    for words in ([_bare(w) for w in before[:MODALITY_REACH]], [_bare(w) for w in after[:AFTER_REACH]]):
        for d, w in enumerate(words):
            if d >= distance:
                break
            if w in _PLANNED or w in _DONE:
                nearest, distance = ("planned" if w in _PLANNED else "done"), d
                break
    return nearest


def _casualty(word: str) -> str | None:
    """What a casualty word says befell those counted (وجرح, with its conjunction, too, and القتلى with
    its article: عدد القتلى 31); None for others."""
    for w in (word, word[1:] if word[:1] in "وف" else "", re.sub(r"^[وف]?(?:ال|لل)", "", word)):
        for kind, cue in (("killed", _KILLED), ("wounded", _WOUNDED), ("casualties", _CASUALTIES)):
            if w in cue:
                return kind
    return None


def _bare(word: str) -> str:
    """Without a leading و or ف (وتعتزم → تعتزم), so cue words are found with their conjunction."""
    return word[1:] if len(word) > 4 and word[0] in "وف" and word[1:2] != "ي" else word


def thing(claim: Claim) -> tuple[str | None, str]:
    """(unit, facet) of a claim: people counted as killed or wounded become people with that facet."""
    q = claim.quantity
    unit = _SAME_NOUN.get(q.unit, q.unit) if q.unit else q.unit
    f = facet(claim.text, q.start - claim.start, q.end - claim.start)
    if unit in _PEOPLE:  # 31 قتيلا are 31 people killed, whatever the words around say
        return PERSON, _PEOPLE[unit]
    if unit in _OTHERS or (unit in _PERSONS and f in TOLLS):
        return PERSON, f  # وإصابة سبعة آخرين: seven more people; 43 مدنيا قتلوا: 43 people killed
    if unit in _MEASURES:
        unit = _measured(claim.text[:q.start - claim.start], unit)
    return unit, f


# units of size, and the words that say which size of what (جسر بطول 2400 متر: the bridge's length)
_MEASURES = {"متر", "كيلومتر", "متر مربع", "كيلومتر مربع", "متر مكعب", "ميل", "قدم", "هكتار", "سنتيمتر"}
_DIMENSIONS = ("طول", "عرض", "عمق", "ارتفاع", "مساحه", "قطر", "سعه", "مسافه")
_NOUNLESS = {"من", "في", "الي", "علي", "عن", "مع", "و", "او", "ان", "الذي", "التي", "يبلغ", "تبلغ", "بلغ", "يصل",
             "تصل", "اجمالي", "نحو", "حوالي"}
DIMENSION_REACH = 4  # words between the dimension word and the figure (بطول إجمالي يبلغ ١٧٥٠ متراً)


def _measured(before: str, unit: str) -> str:
    """A size's unit with what it measures: the dimension word before the figure (بطول, وعرض, مساحتها) and
    the noun that has it (طول الجسر; أرصفة بطول …, جسراً جديداً بطول …: the noun first, its adjective after), so the
    berths' 1,750 m and the bridge's 2,400 m are two measures."""
    words = _WORD.findall(fold(before))[::-1]
    for d, w in enumerate(words[:DIMENSION_REACH]):
        bare = re.sub(r"^[وف]?ب?(?:ال)?", "", w)
        # the word itself or with a possessive (طوله, مساحتها): at most three letters more than its stem
        dimension = next((k for k in _DIMENSIONS if bare.startswith(k.rstrip("ه")) and len(bare) <= len(k) + 3), None)
        if dimension is None:
            continue
        nouns = [x for x in words[d + 1:d + 3] if x not in _NOUNLESS and value_of(x) is None]
        owner = words[d - 1] if d and words[d - 1].startswith("ال") and words[d - 1] not in _NOUNLESS else ""
        head = owner or (nouns[-1] if nouns else "")  # طول الجسر, else the noun before: جسراً جديداً بطول
        return " ".join(x for x in (unit, dimension, unit_lemma(head) if head else "") if x)
    return unit


def actor_key(claim: Claim, kb: KnowledgeBase) -> str | None:
    """Whom a claim is about, at the level figures are compared: a place stands for its country (Faw
    and Basra are Iraq), anything else for itself; None when unknown."""
    if claim.actor is None:
        return None
    ident = claim.actor.entity
    if ident is None:
        return fold(claim.actor.text) or None
    e = kb.get(ident)
    if e is not None and e.type == "LOC" and e.country:
        return "country:" + e.country
    return None if ident.startswith("loc:") and e is None else ident


def compatible(a: Quantity, b: Quantity) -> bool:
    """Whether two figures can both be right: their ranges meet (approximate ones within APPROX, and the
    one written to a coarser step within half of it: 71 نقطة is 71.08 rounded, 30 and 31 are two)."""
    step_a, step_b = _written_precision(a), _written_precision(b)

    def bounds(q: Quantity, half: float) -> tuple[float | None, float | None]:
        low, high = q.low, q.high
        slack = APPROX if q.approx else 0.0
        return ((None if low is None else low * (1 - slack) - half),
                (None if high is None else high * (1 + slack) + half))

    (al, ah) = bounds(a, step_a / 2 if step_a > step_b else 0.0)
    (bl, bh) = bounds(b, step_b / 2 if step_b > step_a else 0.0)
    return not ((ah is not None and bl is not None and ah < bl) or (bh is not None and al is not None and bh < al))


_DIGITS = re.compile(r"(\d[\d,،٬]*)(?:([.٫ر])(\d+))?")


def _written_precision(q: Quantity) -> float:
    """The step of the last digit a figure was written to (1 for 71, 0.01 for 71.08, a billion for
    5 مليارات); 0 when it was written in words or is a range."""
    m = _DIGITS.search(fold(q.text))
    value = q.low if q.low is not None else q.high
    if m is None or value is None or (q.low is not None and q.high is not None and q.low != q.high):
        return 0.0
    whole, point, fraction = re.sub(r"[,،٬]", "", m.group(1)), m.group(2), m.group(3) or ""
    if point == "ر":  # the wire's decimal, fraction typed first: 5ر6 is 6.5
        whole, fraction = fraction, whole
    written = float(whole + ("." + fraction if fraction else ""))
    step = 10.0 ** -len(fraction)
    return step * (value / written) if written else 0.0


def _sources(members: list[SourcedClaim], origins: dict[str, list[str]], figure: list[int]) -> list[int]:
    """An independent-source number per claim. Claims share a source when their articles share an
    origin group and give the same figure (an article can carry several sources), when they are
    attributed first to the same source, or when they come from one article with no attribution."""
    keys = []
    for i, c in enumerate(members):
        own = [f"origin:{g}:{figure[i]}" for g in origins.get(c.article, ())]
        own.append((c.attribution[0].entity or fold(c.attribution[0].text)) if c.attribution else "article:" + c.article)
        keys.append(own)
    return _linked(keys)


def _linked(keys: Sequence[Iterable[str]]) -> list[int]:
    """A component number per item: items sharing any key, directly or through others, are one."""
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, own in enumerate(keys):
        for k in own:
            if k in first:
                parent[find(i)] = find(first[k])
            else:
                first[k] = i
    roots: dict[int, int] = {}
    return [roots.setdefault(find(i), len(roots)) for i in range(len(keys))]


def compare(story: str, claims: list[SourcedClaim], origins: dict[str, list[str]],
            origin_names: dict[str, str | None], kb: KnowledgeBase | None = None,
            mentions: dict[str, list[Mention]] | None = None,
            together: Callable[[str, str], bool] | None = None,
            same_event: Callable[[str, str], float] | None = None) -> list[ClaimGroup]:
    """The claim groups of a story, from its claims (with their articles' publication dates); `origins`
    maps an article to its same-origin groups, `origin_names` a group to the source it names,
    `mentions` an article to the names in it (what its figures are about: `_subject`), and `together`
    says whether two articles tell one happening (figures that disagree are compared only then), and
    `same_event` how likely they are to: with it, figures that disagree differ only where the one-measure
    model (`measure.py`) finds two of them give one measure."""
    kb = kb or default_kb()
    mentions = mentions or {}
    counts = Counter((c.article, thing(c)) for c in claims)
    model = measure.default_model() if same_event is not None else None

    def one_measure(a: SourcedClaim, b: SourcedClaim) -> bool:
        x = measure_features(a, b, same_event(a.article, b.article), mentions, kb, counts)  # type: ignore[misc]
        return bool(model.probability(x) >= model.threshold)  # type: ignore[union-attr]

    by_thing: dict[tuple, list[SourcedClaim]] = defaultdict(list)
    for c in claims:
        if c.quantity.low is not None or c.quantity.high is not None:
            by_thing[thing(c)].append(c)
    by_key: dict[tuple, list[SourcedClaim]] = {}
    for (unit, f), members in by_thing.items():
        # a story's toll is one count whoever the sentence names first (the bomber's group, the town)
        by_actor = {None: members} if unit == PERSON and f in TOLLS else _by_actor(members, kb)
        for actor, same in by_actor.items():
            for part in _by_magnitude(same):
                # a toll is the story's, whatever place each report names it at (the province, its towns)
                subjects = [frozenset() if f in TOLLS else _subject(c, mentions.get(c.article, ()), kb) for c in part]
                for about in _by_subject(part, subjects):
                    by_key[(actor, unit, f, len(by_key))] = about
    groups: list[ClaimGroup] = []
    for (actor, unit, f, _), same in sorted(by_key.items(), key=lambda kv: (-len(kv[1]), str(kv[0]))):
        same.sort(key=lambda c: (c.published or c.fetched or "", c.article, c.quantity.start))
        # a toll an article gives twice is told as it rose (27, then 31 killed); anything else, two measures
        measures = [same] if unit == PERSON and f in TOLLS else _measures(same)
        for members in (part for m in measures for part in _happenings(m, together, one_measure if model else None)):
            figure = _figures(members)
            articles = {c.article for c in members}
            sources = _sources(members, origins, figure)
            kind = "single" if len(articles) == 1 else ("agree" if len(set(figure)) == 1 else
                                                        "revised" if f in TOLLS and _rising(members) else "differ")
            origin = _origin(members, origins, origin_names) if len(set(sources)) == 1 else None
            groups.append(ClaimGroup(id=f"{story}:{len(groups) + 1}", story=story, kind=kind, actor=actor,
                                     unit=unit, facet=f, claims=tuple((c.id, figure[i]) for i, c in enumerate(members)),
                                     sources=len(set(sources)), origin=origin))
    return groups


def measure_features(a: SourcedClaim, b: SourcedClaim, same_event: float, mentions: dict[str, list[Mention]],
                     kb: KnowledgeBase, counts: dict[tuple[str, tuple], int]) -> np.ndarray:
    """The inputs of the one-measure model (`measure.features`) for two claims of one counted thing;
    `counts`: (article, thing) → how many claims of that thing the article gives."""
    unit, f = thing(a)
    day_a, day_b = (date.fromisoformat((c.published or c.fetched or "1970-01-01")[:10]) for c in (a, b))
    return measure.features(a, b, same_event=same_event,
                            subjects=(_subject(a, mentions.get(a.article, ()), kb), _subject(b, mentions.get(b.article, ()), kb)),
                            places=(_places(a, mentions.get(a.article, ()), kb), _places(b, mentions.get(b.article, ()), kb)),
                            days=float(abs((day_a - day_b).days)), same_outlet=bool(a.outlet) and a.outlet == b.outlet,
                            counts=(counts.get((a.article, (unit, f)), 1), counts.get((b.article, (unit, f)), 1)),
                            toll=unit == PERSON and f in TOLLS)


def _happenings(members: list[SourcedClaim], together: Callable[[str, str], bool] | None,
                one_measure: Callable[[SourcedClaim, SourcedClaim], bool] | None = None) -> list[list[SourcedClaim]]:
    """Claims of one counted thing whose figures disagree stay one group (they differ) only when two of
    them, of two outlets, give one measure (`one_measure`, the model of `measure.py`), or without it when
    two articles that tell one happening (`together`) give different figures; else each figure is its own
    group (a story of several incidents or days holds several tolls and sessions that do not contradict each
    other). Figures that agree, a toll that only rises, or claims with nothing to ask stay as they are."""
    figure = _figures(members)
    if (together is None and one_measure is None) or len(set(figure)) == 1 or _rising(members):
        return [members]
    if one_measure is not None:
        pairs = [(a, b) for i, (a, fa) in enumerate(zip(members, figure, strict=True))
                 for b, fb in zip(members[i + 1:], figure[i + 1:], strict=True)
                 if fa != fb and a.article != b.article and (a.outlet or a.article) != (b.outlet or b.article)]
        if any(one_measure(a, b) for a, b in pairs):
            return [members]
    else:
        figures_of: dict[str, set[int]] = defaultdict(set)
        for c, n in zip(members, figure, strict=True):
            figures_of[c.article].add(n)
        articles = sorted(figures_of)
        if any(figures_of[a] != figures_of[b] and together(a, b)  # type: ignore[misc]
               for i, a in enumerate(articles) for b in articles[i + 1:]):
            return [members]
    by_figure: dict[int, list[SourcedClaim]] = defaultdict(list)
    for c, n in zip(members, figure, strict=True):
        by_figure[n].append(c)
    return [by_figure[n] for n in sorted(by_figure)]


def _measures(members: list[SourcedClaim]) -> list[list[SourcedClaim]]:
    """Claims of one counted thing split into the measures they give. An outlet does not contradict itself:
    when one outlet gives two figures of the group that cannot both be right (revenue and profit, length
    and width, a total and its part, one index's close on two days of its round-ups), the group holds
    several measures, and each figure is compared only with the claims that give it. An article that
    attributes each of its figures to another source is reporting that they disagree, and stays one
    measure."""
    figure = _figures(members)
    said: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))  # outlet → figure → who says so
    for c, n in zip(members, figure, strict=True):
        said[c.outlet or c.article][n].add((c.attribution[0].entity or fold(c.attribution[0].text)) if c.attribution else "")
    # one outlet giving two figures from two sources relays a disagreement (the company's 1.2 billion,
    # "platforms" 1.5 billion); from one source, or none, it gives two measures
    if all(len(by) == 1 or _apart(by) for by in said.values()):
        return [members]
    by_figure: dict[int, list[SourcedClaim]] = defaultdict(list)
    for c, n in zip(members, figure, strict=True):
        by_figure[n].append(c)
    return [by_figure[n] for n in sorted(by_figure)]


def _apart(by_figure: dict[int, set[str]]) -> bool:
    """Whether each figure an article gives comes from a named source no other of its figures does."""
    named = [who - {""} for who in by_figure.values()]
    return all(who and not any(who & other for other in named if other is not who) for who in named)


def _rising(members: list[SourcedClaim]) -> bool:
    """Whether a toll's figures, in the order they were published, only ever rise (27, then 30, 31, 32
    killed): a count updated as it grew, not outlets contradicting each other."""
    days = [(c.published or c.fetched or "")[:10] for c in members]
    if not all(days) or len(set(days)) < 2:
        return False
    by_day: dict[str, list[float]] = defaultdict(list)
    for d, c in zip(days, members, strict=True):
        by_day[d].append(_size(c.quantity))
    spans = [(min(v), max(v)) for _, v in sorted(by_day.items())]
    return all(hi_a <= lo_b for (_, hi_a), (lo_b, _) in zip(spans, spans[1:], strict=False)) and spans[0][1] < spans[-1][0]


def _size(q: Quantity) -> float:
    return (q.high if q.low is None else q.low) or 0.0


def _by_actor(members: list[SourcedClaim], kb: KnowledgeBase) -> dict[str | None, list[SourcedClaim]]:
    """Claims split by whom they are about; claims about nobody known go with the only actor there is."""
    by: dict[str | None, list[SourcedClaim]] = defaultdict(list)
    for c in members:
        by[actor_key(c, kb)].append(c)
    known = [a for a in by if a is not None]
    if len(known) == 1 and None in by:
        by[known[0]] += by.pop(None)
    return dict(by)


SUBJECT_REACH = 8  # words either side of a figure whose names say what it counts


def _subject(c: Claim, mentions: Sequence[Mention], kb: KnowledgeBase) -> frozenset[str]:
    """The names next to a figure (within SUBJECT_REACH words, the claim's sources left out): the
    hospital, the company, the club, the player, the town. A country is too wide to tell two subjects
    apart, so it is not one."""
    q = c.quantity
    before = list(_WORD.finditer(c.text[:q.start - c.start]))[-SUBJECT_REACH:]
    after = list(_WORD.finditer(c.text, q.end - c.start))[:SUBJECT_REACH]
    lo = c.start + (before[0].start() if before else q.start - c.start)
    hi = c.start + (after[-1].end() if after else q.end - c.start)
    return _names(c, mentions, kb, lo, hi, ("LOC", "ORG", "PER"))


def _places(c: Claim, mentions: Sequence[Mention], kb: KnowledgeBase) -> frozenset[str]:
    """The places and bodies named anywhere in a claim's sentence, its sources and countries left out."""
    return _names(c, mentions, kb, c.start, c.end, ("LOC", "ORG"))


def _names(c: Claim, mentions: Sequence[Mention], kb: KnowledgeBase, lo: int, hi: int,
           types: tuple[str, ...]) -> frozenset[str]:
    """The entities (or folded names) of `types` mentioned within [lo, hi), not inside the claim's sources and
    not countries."""
    said_by = [(s.start, s.end) for s in c.attribution]
    out = set()
    for m in mentions:
        if m.type not in types or not (lo <= m.start and m.end <= hi) or any(a <= m.start < b for a, b in said_by):
            continue
        e = kb.get(m.entity) if m.entity else None
        if e is None or e.kind != "country":
            out.add(m.entity or fold(m.text))
    return frozenset(out)


def _by_subject(members: list[SourcedClaim], subjects: list[frozenset[str]]) -> list[list[SourcedClaim]]:
    """Claims split by what their figures are about (`_subject`): those naming a place or body in common
    are about one thing; two whose names never meet count two things (the wounded of two crashes, the
    beds of two hospitals). Claims naming none go with the only subject there is, else stand apart."""
    component = _linked(subjects)
    parts: dict[int | None, list[SourcedClaim]] = defaultdict(list)
    for i, c in enumerate(members):
        parts[component[i] if subjects[i] else None].append(c)
    named = [k for k in parts if k is not None]
    if len(named) == 1 and None in parts:
        parts[named[0]] += parts.pop(None)
    return list(parts.values())


def _by_magnitude(members: list[SourcedClaim]) -> list[list[SourcedClaim]]:
    """Claims split where sorted figures jump by more than SAME_THING: those count different things."""
    def size(c: SourcedClaim) -> float:
        return _size(c.quantity)

    ordered = sorted(members, key=size)
    parts = [[ordered[0]]]
    for c in ordered[1:]:
        prev = size(parts[-1][-1])
        if prev > 0 and size(c) / prev > SAME_THING:
            parts.append([c])
        else:
            parts[-1].append(c)
    return parts


def _origin(members: list[SourcedClaim], origins: dict[str, list[str]],
            origin_names: dict[str, str | None]) -> str | None:
    """The source every claim of a one-source group traces back to, where it is named: the origin of a
    group all their articles share, else the first source they are all attributed to."""
    shared = set.intersection(*(set(origins.get(c.article, ())) for c in members))
    named = sorted(n for g in shared if (n := origin_names.get(g)))
    if named:
        return named[0]
    firsts = {(c.attribution[0].entity or c.attribution[0].text) if c.attribution else None for c in members}
    return firsts.pop() if len(firsts) == 1 else None


def _figures(members: list[SourcedClaim]) -> list[int]:
    """A figure number per claim: a claim takes the first figure all of whose claims it is compatible
    with (complete linkage, so an open bound such as "up to 30,000" does not bridge 4,000 and 25,000)."""
    figures: list[list[SourcedClaim]] = []
    out = []
    for c in members:
        for n, fig in enumerate(figures, start=1):
            if all(compatible(c.quantity, other.quantity) for other in fig):
                fig.append(c)
                out.append(n)
                break
        else:
            figures.append([c])
            out.append(len(figures))
    return out


def relations(group: ClaimGroup, article_of: dict[str, str]) -> list[tuple[str, str, str]]:
    """(kind, claim, claim) for every pair of a group's claims from different articles."""
    out = []
    for i, (a, fa) in enumerate(group.claims):
        for b, fb in group.claims[i + 1:]:
            if article_of[a] != article_of[b]:
                out.append(("agree" if fa == fb else "differ", a, b))
    return out
