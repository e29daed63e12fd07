"""Shared origin: translations and re-reports of one source, found even when no sentence is shared (a
translation of a CNN report and an Arabic outlet's retelling of it).

Two articles of one story trace back to one source when
- one names the other's outlet as where it read the news ("بحسب ما نقلته صحيفة الرصيف اليومي") and they
  share a figure, or name it right after a citing word; the origin is that outlet; or
- they repeat the same specific figures (the same count of the same thing): two, if both name the same
  news organisation, three whoever they name. The origin is the source both attribute those figures to,
  else the news organisation both name, preferring one a claim is attributed to ("اطلعت عليه شبكة CNN").

An article can carry several sources (one outlet's 27 dead, another's 31), so it can belong to several
same-origin groups.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rasid.kb import KnowledgeBase, default_kb
from rasid.model import Article, Claim
from rasid.text.normalize import fold

MEDIA_KINDS = ("agency", "outlet")
MIN_SHARED = 2  # figures shared, with a news organisation named by both
MANY_SHARED = 3  # figures shared, whoever is named
_CITING = re.compile(r"(?:نقلا عن|نقلته|نقلت|بحسب|حسب|وفقا ل|وفق|ذكرت|ذكره|ذكرته|اوردت|اورده|اوردته|افادت|نشرت|نشرته)\W*"
                     r"(?:\w+\W+){0,2}$")


@dataclass
class Evidence:
    """What an article carries that a copy, translation or retelling of its source carries too."""

    figures: dict[tuple, set[str]] = field(default_factory=dict)  # (unit, low, high) -> who it is attributed to
    media: set[str] = field(default_factory=set)  # news organisations it names (entity ids)
    cited: set[str] = field(default_factory=set)  # entities its claims are attributed to
    outlet: str | None = None  # its outlet, as named
    outlet_entity: str | None = None  # the same, when the knowledge base knows it
    text: str = ""  # folded


def evidence(claims: list[Claim], entities: set[str], outlet: str | None = None, text: str = "",
             kb: KnowledgeBase | None = None) -> Evidence:
    """Evidence from an article's claims, the ids of the entities it names, its outlet and text."""
    kb = kb or default_kb()
    ev = Evidence(outlet=outlet, text=fold(text))
    for c in claims:
        q = c.quantity
        first = c.attribution[0] if c.attribution else None
        if _specific(q.low) or _specific(q.high):
            who = ev.figures.setdefault((q.unit, q.low, q.high), set())
            if first:
                who.add(first.entity or fold(first.text))
        ev.cited.update(a.entity for a in c.attribution if a.entity)
    ev.media = {e for e in entities if (k := kb.get(e)) and k.kind in MEDIA_KINDS}
    if outlet and (k := kb.match(outlet, "ORG")) and k.kind in MEDIA_KINDS:
        ev.outlet_entity = k.id
    return ev


def _specific(x: float | None) -> bool:
    """A figure unlikely to be repeated by chance: not a small count."""
    return x is not None and x >= 20


def _reads_from(a: Evidence, b: Evidence, shared: int) -> bool:
    """Whether `a` names `b`'s outlet as a source: with a shared figure, or right after a citing word."""
    if not b.outlet or b.outlet == a.outlet:
        return False
    if b.outlet_entity and b.outlet_entity in a.media and shared:
        return True
    name = fold(b.outlet)
    if len(name) < 4:
        return False
    for m in re.finditer(re.escape(name), a.text):
        if shared or _CITING.search(a.text[max(0, m.start() - 40):m.start()]):
            return True
    return False


def shared_origin(a: Evidence, b: Evidence) -> tuple[bool, str | None]:
    """Whether two articles trace back to one source, and the source (an entity id or a name) when named."""
    shared = a.figures.keys() & b.figures.keys()
    for x, y in ((a, b), (b, a)):
        if _reads_from(x, y, len(shared)):
            return True, y.outlet_entity or y.outlet
    named = a.media & b.media
    if len(shared) >= MANY_SHARED or (len(shared) >= MIN_SHARED and named):
        common = set().union(*(a.figures[f] for f in shared)) & set().union(*(b.figures[f] for f in shared))
        pick = common or (named & (a.cited | b.cited)) or named
        return True, min(pick, key=lambda p: (":" not in p, p)) if pick else None
    return False, None


def links(members: list[Article], claims: dict[str, list[Claim]], entities: dict[str, set[str]],
          new: set[str]) -> list[tuple[str, str, str | None]]:
    """(article, earlier article, origin) for every pair of a story's members, one of them `new`, that
    traces back to one source. `members` are in story order; `claims` and `entities` are per member."""
    ev = {m.id: evidence(claims.get(m.id, []), entities.get(m.id, set()), m.outlet, m.text) for m in members}
    out = []
    for i, a in enumerate(members):
        for b in members[:i]:
            if a.id in new or b.id in new:
                same, origin = shared_origin(ev[a.id], ev[b.id])
                if same:
                    out.append((a.id, b.id, origin))
    return out
