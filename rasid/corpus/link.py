"""Entities across articles: every group of mentions from one article joins the entity it names.

Incremental: a new article's groups are looked up under their keys (see `entities.article_keys`) in
what the store already knows, and join an entity or start one; nothing is recomputed. In order:

1. a group the knowledge base knows joins the KB entity (its id is the KB id);
2. a group whose strict key (folded, foreign g merged, spaces dropped) or, for names of several
   words, loose key (long vowels dropped too) was seen before with the same type joins that entity;
3. a Latin-script group joins the entity whose consonant skeleton it shares;
4. a person's shorter chain of names (فيصل بن خالد) joins the one entity whose longer chain starts with
   it (فيصل بن خالد بن عبدالعزيز); none when two do (two brothers' sons); so does a first and family name
   rare enough to name one man (FAMILY_RARE: بندر المزيني, not محمد الحربي) the one chain that opens and ends
   with them (بندر بن حمود المزيني), and a chain the one entity of its first and family name seen before it,
   when no other chain of them is known;
5. anything else starts a new entity, findable from then on under all its keys.

A one-word name alone in an article (لافروف, كيم) joins a full name only through the knowledge base:
across a corpus, first names and common surnames name too many people to be guessed.

`resolve` decides; the caller stores what it decided (`Store.save_entity`) before resolving the next
group, so two articles of one batch naming a new person meet, then `relabel`s the analysis with the ids.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rasid.extract.analyze import relabel
from rasid.extract.entities import article_keys, family_name, first_and_family
from rasid.extract.terms import rarity
from rasid.model import Entity, MentionGroup
from rasid.text.translit import name_key

# how rare (`terms.rarity`) a first and family name must be to name one man across articles: of 40 joins judged,
# those of rarer names were all right, of commoner ones 12 of 21 (أحمد السالم a minister and a writer; the
# tribes' names: الغامدي، المطيري): bench/review/person_chains_judged.md
FAMILY_RARE = 7.0

# (keys, type) -> ids of the entities of that type known under any of the keys, sorted
KnownUnder = Callable[[Iterable[tuple[str, str]], str], list[str]]


@dataclass(frozen=True)
class Decision:
    """The entity a group names, and the keys to find it under from now on."""

    entity: Entity
    keys: frozenset[tuple[str, str]]


def new_id(g: MentionGroup) -> str:
    """The id of a new entity: its KB id, else its type and a hash of its name's key."""
    if g.kb:
        return g.kb
    return f"{g.type.lower()}:{hashlib.sha1(name_key(g.name).encode()).hexdigest()[:12]}"


def resolve(g: MentionGroup, known_under: KnownUnder) -> Decision:
    """Which entity a group of mentions names (an existing one, or a new one)."""
    keys = article_keys(g)
    ident = g.kb or _known(g, keys, known_under) or new_id(g)
    return Decision(Entity(ident, g.type, g.name, g.name_en, kb=g.kb), frozenset(keys))


def _known(g: MentionGroup, keys: set[tuple[str, str]], known_under: KnownUnder) -> str | None:
    for kind in ("strict", "loose", "skeleton"):
        ids = known_under(sorted(k for k in keys if k[0] == kind), g.type)
        if len(ids) == 1:
            return ids[0]
    if g.type == "PER" and (len(g.name.split()) >= 3 or (family_name(g.name) and rarity(g.name) >= FAMILY_RARE)):
        # فيصل بن خالد: the one longer chain it starts; بندر المزيني: the one chain of that first and family name
        ids = known_under(sorted(("chain", k) for kind, k in keys if kind == "strict"), g.type)
        if len(ids) == 1:
            return ids[0]
    if g.type == "PER" and (short := first_and_family(g.name)) and rarity(short) >= FAMILY_RARE:
        # and the other way: a full chain after its first and family name alone was seen (and no other chain of them)
        ids = known_under([("strict", name_key(short))], g.type)
        if len(ids) == 1 and not known_under([("chain", name_key(short))], g.type):
            return ids[0]
    return None


__all__ = ["Decision", "new_id", "relabel", "resolve"]
