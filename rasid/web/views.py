"""What each page shows, as plain data: the HTML page and its JSON twin are made from the same call.

Thin on purpose: every function here is a few store queries and corpus calls put side by side.
"""
from __future__ import annotations

import threading
from collections import Counter
from functools import lru_cache

import numpy as np

from rasid.corpus import brief
from rasid.corpus.link import lookup
from rasid.corpus.timeline import entity_timeline
from rasid.export import article_record, claim_record
from rasid.store import Store

PAGE = 20


def stories(store: Store, *, q: str | None = None, since: str | None = None, until: str | None = None,
            outlet: str | None = None, entity: str | None = None, min_articles: int = 1, limit: int = PAGE,
            offset: int = 0) -> dict:
    """Stories, newest first, with their outlets."""
    ident = _entity_id(store, entity) if entity else None
    rows = store.stories(limit, offset, since=since, until=until, query=q, outlet=outlet, entity=ident,
                         min_articles=min_articles)
    outlets = store.story_outlets([r["id"] for r in rows])
    for r in rows:
        r["outlet_names"] = outlets.get(r["id"], [])
    return {"stories": rows, "limit": limit, "offset": offset, "next": offset + limit if len(rows) == limit else None,
            "filters": {"q": q, "since": since, "until": until, "outlet": outlet, "entity": entity,
                        "min_articles": min_articles}}


def story(store: Store, ident: str) -> dict | None:
    """A story's brief (summary, timeline, figures, entities, sources), cached until the story changes."""
    s = store.story(ident)
    if s is None:
        return None
    return _brief(store.path, s["id"], s["articles"], store.version())


@lru_cache(maxsize=512)
def _brief(path: str, ident: str, size: int, version: int) -> dict:
    with Store(path) as store:
        return brief.build(store, ident)


def entities(store: Store, *, q: str | None = None, type: str | None = None, since: str | None = None,
             until: str | None = None, outlet: str | None = None, limit: int = PAGE, offset: int = 0) -> dict:
    """Entities most mentioned (in articles of a period or an outlet, if given), or those a name points to."""
    if q:
        rows = lookup(store, q)[offset:offset + limit]
    else:
        rows = store.top_entities(limit, type=type, offset=offset, since=since, until=until, outlet=outlet)
    return {"entities": rows, "limit": limit, "offset": offset,
            "next": offset + limit if len(rows) == limit else None,
            "filters": {"q": q, "type": type, "since": since, "until": until, "outlet": outlet}}


def entity(store: Store, ident: str, *, limit: int = PAGE) -> dict | None:
    """An entity: its spellings, type, timeline, who else is named with it, claims about it, stories."""
    e = store.entity(ident)
    if e is None:
        found = lookup(store, ident)
        if not found:
            return None
        e = store.entity(found[0]["id"])
    mentions = store.mentions_of(e["id"])
    variants = Counter(m["text"] for m in mentions).most_common()
    return {"entity": e, "variants": variants, "mentions": len(mentions),
            "articles": len({m["article"] for m in mentions}),
            "timeline": [_event(ev) for ev in entity_timeline(store, e["id"], limit=60)],
            "co_occurring": store.co_occurring(e["id"]),
            "claims": [claim_record(c) | {"outlet": c["outlet"], "published": c["published"]}
                       for c in store.claims(e["id"], limit=limit)],
            "stories": store.stories(limit, entity=e["id"])}


def claims(store: Store, *, entity: str | None = None, unit: str | None = None, since: str | None = None,
           until: str | None = None, outlet: str | None = None, limit: int = PAGE, offset: int = 0) -> dict:
    from rasid.extract.numbers import unit_lemma

    ident = _entity_id(store, entity) if entity else None
    rows = store.claims(ident, unit_lemma(unit) if unit else None, limit, offset=offset, since=since, until=until,
                        outlet=outlet)
    return {"claims": [claim_record(c) | {"outlet": c["outlet"], "published": c["published"]} for c in rows],
            "limit": limit, "offset": offset, "next": offset + limit if len(rows) == limit else None}


def article(store: Store, ident: str) -> dict | None:
    """An article with what was found in it (offsets into its text) and the story it belongs to."""
    a = store.get(ident)
    if a is None:
        return None
    spans = store.article_spans(a.id)
    sid = store.story_of(a.id)
    return {"article": article_record(a), "mentions": spans["mentions"], "dates": spans["dates"],
            "claims": [claim_record(c) for c in spans["claims"]], "story": store.story(sid) if sid else None,
            "sightings": store.sightings(a.id)}


def search(store: Store, q: str, *, limit: int = PAGE, offset: int = 0, since: str | None = None,
           until: str | None = None, outlet: str | None = None, semantic: bool = True) -> dict:
    """Full-text hits (every spelling) and, where articles have embeddings, the semantically closest
    (unfiltered, first page only)."""
    hits = [{"article": _summary(a), "snippet": snip} for a, snip in
            store.search(q, limit=limit, offset=offset, since=since, until=until, outlet=outlet)] if q.strip() else []
    close = []
    if semantic and q.strip() and not offset:
        ids, matrix = _embeddings(store.path, store.version())
        if len(ids):
            from rasid.extract.embedding import embed

            scores = matrix @ embed([q])[0]
            seen = {h["article"]["id"] for h in hits}
            for i in np.argsort(-scores)[: limit * 2]:
                if ids[i] not in seen and len(close) < limit and (a := store.get(ids[i])):
                    close.append({"article": _summary(a), "score": round(float(scores[i]), 3)})
    return {"q": q, "hits": hits, "semantic": close, "limit": limit, "offset": offset,
            "next": offset + limit if len(hits) == limit else None}


_LOCK = threading.Lock()


def _embeddings(path: str, version: int) -> tuple[list[str], np.ndarray]:
    with _LOCK:  # one load per version, however many requests ask at once
        return _load_embeddings(path, version)


@lru_cache(maxsize=2)
def _load_embeddings(path: str, version: int) -> tuple[list[str], np.ndarray]:
    with Store(path) as store:
        return store.all_embeddings()


def warm(path: str, stories: int = 200) -> None:
    """Load what first requests would wait for: the sentence encoder, the article embeddings, and the
    briefs of the newest stories (the front page's)."""
    from rasid.extract.embedding import embed

    with _LOCK:
        embed(["تهيئة"])
    with Store(path) as store:
        _embeddings(path, store.version())
        for s in store.stories(stories, min_articles=2):
            story(store, s["id"])


def _summary(a) -> dict:
    return {"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published or a.fetched,
            "text": a.text[:240]}


def _event(ev) -> dict:
    return {"value": ev.value, "text": ev.text, "sentence": ev.sentence, "article": ev.article,
            "outlet": ev.outlet, "published": ev.published}


def _entity_id(store: Store, name: str) -> str | None:
    found = store.entity(name) or next(iter(lookup(store, name)), None)
    return found["id"] if found else "-"
