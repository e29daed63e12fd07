"""Entities across articles: every group of mentions from one article joins the entity it names.

Incremental: a new article's groups are looked up under their keys (see `entities.article_keys`) in
what the store already knows, and join an entity or start one; nothing is recomputed. In order:

1. a group the knowledge base knows joins the KB entity (its id is the KB id);
2. a group whose strict key (folded, foreign g merged, spaces dropped) or, for names of several
   words, loose key (long vowels dropped too) was seen before with the same type joins that entity;
3. a Latin-script group joins the entity whose consonant skeleton it shares;
4. a one-word name joins the only entity of its type whose full name ends or starts with it
   (لافروف in an article that never writes سيرجي لافروف);
5. anything else starts a new entity, findable from then on under all its keys.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rasid.extract.entities import Group, article_keys
from rasid.model import Entity
from rasid.store import Store
from rasid.text.translit import name_key


def entity_id(g: Group) -> str:
    if g.kb:
        return g.kb.id
    return f"{g.type.lower()}:{hashlib.sha1(name_key(g.name).encode()).hexdigest()[:12]}"


def link(groups: Iterable[Group], store: Store) -> list[tuple[Group, str]]:
    """The entity id of every group, creating entities and registering keys in `store` as needed."""
    out = []
    for g in groups:
        keys = article_keys(g)
        ident = g.kb.id if g.kb else _known(g, keys, store)
        if ident is None:
            ident = entity_id(g)
        store.upsert_entity(Entity(ident, g.type, g.name, g.kb.name_en if g.kb else _latin_name(g)),
                            kb=g.kb.id if g.kb else None)
        store.add_entity_keys(ident, g.type, keys | _part_keys(g))
        out.append((g, ident))
    return out


def _known(g: Group, keys: set[tuple[str, str]], store: Store) -> str | None:
    for kind in ("strict", "loose", "skeleton"):
        ids = store.entities_by_key([k for k in keys if k[0] == kind], g.type)
        if len(ids) == 1:
            return ids[0]
    words = {n for n in g.names if len(n.split()) == 1}
    if words and all(len(n.split()) == 1 for n in g.names):
        ids = store.entities_by_key([("part", name_key(n)) for n in words], g.type)
        if len(ids) == 1:
            return ids[0]
    return None


def _part_keys(g: Group) -> set[tuple[str, str]]:
    """First and last words of a person's full name, for a later article that uses one of them alone."""
    if g.type != "PER":
        return set()
    out = set()
    for n in g.names:
        words = n.split()
        if len(words) > 1 and not n.isascii():
            out |= {("part", name_key(words[0])), ("part", name_key(words[-1]))}
    return out


def _latin_name(g: Group) -> str | None:
    latin = [n for n in g.names if n.isascii()]
    return max(latin, key=len) if latin else None


def lookup(store: Store, name: str) -> list[dict]:
    """Entities a user's name for them points to, most mentioned first: an id, any spelling seen,
    an English name, or a name the knowledge base knows."""
    found = store.find_entities(name)
    if not found:
        from rasid.kb import default_kb
        from rasid.text.translit import skeleton

        ent = default_kb().match(name)
        found = store.find_entities(ent.id) if ent else []
        if not found and name.isascii():
            ids = store.entities_by_key([("skeleton", skeleton(name))], "PER")
            found = [e for i in ids for e in store.find_entities(i)]
    return found
