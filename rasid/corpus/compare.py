"""Claim comparison: figures about the same thing, side by side, across the articles of a story.

Claims are about the same thing when they share the actor (a place standing for its country), the
counted thing (its lemma), and what happened to it (the facet: troops sent, troops to be sent, troops
killed or wounded are three things), and their figures are within a factor of five (2.4 km of bridge
and 1,200 km of railway are two things). Within a story the period is the story's. Figures agree when
their ranges meet (an approximate figure is taken within 5 %); a group whose figures do not all meet
differs. Each group counts its independent
sources: two outlets repeating one CNN report, or claims attributed to the same source, are one.
"""
from __future__ import annotations

import re
from collections import defaultdict

from rasid.kb import KnowledgeBase, default_kb
from rasid.model import Claim, ClaimGroup, Quantity, SourcedClaim
from rasid.text.normalize import fold

APPROX = 0.05
_WORD = re.compile(r"\w+")
# what happened to what is counted, from the cue nearest the figure in its sentence
_KILLED = {"قتل", "قتلي", "مقتل", "قتيل", "قتلوا", "حتفهم", "حتفه", "مصرع", "استشهد", "استشهاد", "شهداء", "شهيد",
           "وفاه", "وفيات", "توفي", "موتي", "غرق", "غرقا"}
_WOUNDED = {"جرح", "جرحي", "جريح", "جرحوا", "اصيب", "اصيبوا", "اصابه", "اصابات", "مصاب", "مصابين", "مصابا"}
_CASUALTIES = {"ضحايا", "خسائر", "ضحيه"}  # killed or wounded
_PLANNED = {"لنشر", "لارسال", "سيرسل", "سترسل", "سينشر", "ستنشر", "سوف", "تستعد", "يستعد", "تعتزم", "يعتزم",
            "تخطط", "يخطط", "امكانيه", "بامكانيه", "المتوقع", "يتوقع", "المقبله", "القادمه", "مستقبلا", "المزمع",
            "المرتقب", "سيتم", "ستصل", "سيصل", "المرجح", "تنوي", "ينوي"}
_DONE = {"ارسل", "ارسلت", "ارسلوا", "تم", "وصل", "وصلت", "وصلوا", "سلم", "سلمت", "نشرت", "قدم", "قدمت",
         "بعث", "بعثت", "ارسلها", "ارسلهم", "ارسالهم"}
# counted nouns that say what happened: 31 قتيلا is 31 people killed
_PEOPLE = {"قتيل": "killed", "ضحيه": "casualties", "جريح": "wounded", "مصاب": "wounded", "شهيد": "killed"}
PERSON = "شخص"
CASUALTY_REACH = 6  # words either side of the figure
MODALITY_REACH = 25
AFTER_REACH = 3
SAME_THING = 5.0  # figures further apart than this factor count different things (2.4 km of bridge, 1200 km of rail)


def facet(sentence: str, start: int, end: int) -> str:
    """What the sentence says happened to the counted things at [start, end): killed, wounded,
    casualties (either), planned or done."""
    before = _WORD.findall(fold(sentence[:start]))[::-1]
    after = _WORD.findall(fold(sentence[end:]))
    # casualty words as written: "وأصيب العشرات" after "27 killed" is another count, not this one's
    near = set(before[:CASUALTY_REACH]) | set(after[:CASUALTY_REACH])
    killed, wounded = bool(near & _KILLED), bool(near & _WOUNDED)
    if (killed and wounded) or near & _CASUALTIES:
        return "casualties"
    if killed or wounded:
        return "killed" if killed else "wounded"
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


def _bare(word: str) -> str:
    """Without a leading و or ف (وتعتزم → تعتزم), so cue words are found with their conjunction."""
    return word[1:] if len(word) > 4 and word[0] in "وف" and word[1:2] != "ي" else word


def thing(claim: Claim) -> tuple[str | None, str]:
    """(unit, facet) of a claim: people counted as killed or wounded become people with that facet."""
    q = claim.quantity
    unit = q.unit
    f = facet(claim.text, q.start - claim.start, q.end - claim.start)
    if unit in _PEOPLE:
        return PERSON, f if f in ("killed", "wounded", "casualties") else _PEOPLE[unit]
    return unit, f


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
    """Whether two figures can both be right: their ranges meet (approximate ones within APPROX)."""
    def bounds(q: Quantity) -> tuple[float | None, float | None]:
        low, high = q.low, q.high
        slack = APPROX if q.approx else 0.0
        return (None if low is None else low * (1 - slack)), (None if high is None else high * (1 + slack))

    (al, ah), (bl, bh) = bounds(a), bounds(b)
    return not ((ah is not None and bl is not None and ah < bl) or (bh is not None and al is not None and bh < al))


def _sources(members: list[SourcedClaim], origins: dict[str, list[str]], figure: list[int]) -> list[int]:
    """An independent-source number per claim. Claims share a source when their articles share an
    origin group and give the same figure (an article can carry several sources), when they are
    attributed first to the same source, or when they come from one article with no attribution."""
    parent = list(range(len(members)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, c in enumerate(members):
        keys = [f"origin:{g}:{figure[i]}" for g in origins.get(c.article, ())]
        if c.attribution:
            a = c.attribution[0]
            keys.append(a.entity or fold(a.text))
        else:
            keys.append("article:" + c.article)
        for k in keys:
            if k in first:
                parent[find(i)] = find(first[k])
            else:
                first[k] = i
    roots: dict[int, int] = {}
    return [roots.setdefault(find(i), len(roots)) for i in range(len(members))]


def compare(story: str, claims: list[SourcedClaim], origins: dict[str, list[str]],
            origin_names: dict[str, str | None], kb: KnowledgeBase | None = None) -> list[ClaimGroup]:
    """The claim groups of a story, from its claims (with their articles' publication dates); `origins`
    maps an article to its same-origin groups and `origin_names` a group to the source it names."""
    kb = kb or default_kb()
    by_thing: dict[tuple, list[SourcedClaim]] = defaultdict(list)
    for c in claims:
        if c.quantity.low is not None or c.quantity.high is not None:
            by_thing[thing(c)].append(c)
    by_key: dict[tuple, list[SourcedClaim]] = {}
    for (unit, f), members in by_thing.items():
        for actor, same in _by_actor(members, kb).items():
            for part in _by_magnitude(same):
                by_key[(actor, unit, f, len(by_key))] = part
    groups = []
    for (actor, unit, f, _), members in sorted(by_key.items(), key=lambda kv: (-len(kv[1]), str(kv[0]))):
        members.sort(key=lambda c: (c.published or c.fetched or "", c.article, c.quantity.start))
        figure = _figures(members)
        articles = {c.article for c in members}
        sources = _sources(members, origins, figure)
        kind = "single" if len(articles) == 1 else ("agree" if len(set(figure)) == 1 else "differ")
        origin = _origin(members, origins, origin_names) if len(set(sources)) == 1 else None
        groups.append(ClaimGroup(id=f"{story}:{len(groups) + 1}", story=story, kind=kind, actor=actor, unit=unit,
                                 facet=f, claims=tuple((c.id, figure[i]) for i, c in enumerate(members)),
                                 sources=len(set(sources)), origin=origin))
    return groups


def _by_actor(members: list[SourcedClaim], kb: KnowledgeBase) -> dict[str | None, list[SourcedClaim]]:
    """Claims split by whom they are about; claims about nobody known go with the only actor there is."""
    by: dict[str | None, list[SourcedClaim]] = defaultdict(list)
    for c in members:
        by[actor_key(c, kb)].append(c)
    known = [a for a in by if a is not None]
    if len(known) == 1 and None in by:
        by[known[0]] += by.pop(None)
    return dict(by)


def _by_magnitude(members: list[SourcedClaim]) -> list[list[SourcedClaim]]:
    """Claims split where sorted figures jump by more than SAME_THING: those count different things."""
    def size(c: SourcedClaim) -> float:
        q = c.quantity
        return (q.high if q.low is None else q.low) or 0.0

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
