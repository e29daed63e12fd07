"""Entities across articles: every group of mentions from one article joins the entity it names.

Incremental: a new article's groups are looked up under their keys (see `entities.article_keys`) in
what the store already knows, and join an entity or start one; nothing is recomputed. In order:

1. a group the knowledge base knows joins the KB entity (its id is the KB id);
2. a group whose strict key (folded, foreign g merged, spaces dropped) or, for names of several
   words, loose key (long vowels dropped too) was seen before with the same type joins that entity;
3. a Latin-script group joins the entity whose consonant skeleton it shares;
4. anything else starts a new entity, findable from then on under all its keys.

A one-word name alone in an article (لافروف, كيم) joins a full name only through the knowledge base:
across a corpus, first names and common surnames name too many people to be guessed.
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
        store.add_entity_keys(ident, g.type, keys)
        out.append((g, ident))
    return out


def _known(g: Group, keys: set[tuple[str, str]], store: Store) -> str | None:
    for kind in ("strict", "loose", "skeleton"):
        ids = store.entities_by_key([k for k in keys if k[0] == kind], g.type)
        if len(ids) == 1:
            return ids[0]
    return None


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
