"""Watches and their alerts: what a user follows, matched against every article the corpus step places.

`check` runs after each placing (any ingest, the web app's writes, `rasid watch`): each watch looks at the
articles placed since it last looked, so an article raises an alert once, with its story and figure
comparisons already made. `deliver` POSTs undelivered alerts to the watches' webhooks (`rasid watch` calls
it in a thread of its own after every poll that raised alerts, and once more when it stops); `atom` writes
a watch's alerts as an Atom feed any feed reader can subscribe to.
"""
from __future__ import annotations

import hashlib
import json
from xml.etree import ElementTree as ET

from rasid.model import Alert, Watch
from rasid.store import Store
from rasid.store.rows import now

KINDS = ("entity", "query", "story", "figures")
RELATIONS = ("differ", "revised", "agree")
MAX_TRIES = 5  # a webhook that keeps failing is not called again for that alert
ATOM = "http://www.w3.org/2005/Atom"


def new_watch(kind: str, target: str, label: str, *, relation: str | None = None, webhook: str | None = None) -> Watch:
    """A watch, its id a hash of what it follows (the same watch made twice is one)."""
    if kind not in KINDS:
        raise ValueError(f"a watch follows one of {', '.join(KINDS)}, not {kind!r}")
    if relation is not None and (kind != "figures" or relation not in RELATIONS):
        raise ValueError(f"only a figures watch has a relation, one of {', '.join(RELATIONS)}")
    if not target.strip():
        raise ValueError("a watch needs something to follow")
    ident = hashlib.sha1(f"{kind}\x00{target}\x00{relation or ''}".encode()).hexdigest()[:12]
    return Watch(ident, kind, target, label, relation, webhook or None, now())


def check(store: Store) -> int:
    """Match every watch against the articles placed since it last looked; the number of new alerts."""
    watches = store.watches()
    if not watches:
        return 0
    added = 0
    with store.transaction():
        upto = store.placed_upto()
        for w in watches:
            after = store.checked(w.id)
            if upto <= after:
                continue
            added += store.add_alerts(w.id, _matches(store, w, after, upto))
            store.set_checked(w.id, upto)
    return added


def _matches(store: Store, w: Watch, after: int, upto: int) -> list[tuple[str, str]]:
    if w.kind == "entity":
        return [(a, f"names {text}") for a, text in store.entity_matches(w.target, after, upto)]
    if w.kind == "query":
        return [(a, f"matches «{w.target}»") for a in store.query_matches(w.target, after, upto)]
    if w.kind == "story":
        return [(a, "joined the story") for a in store.story_matches(w.target, after, upto)]
    return [(a, f"figure {figure}") for a, figure in store.figure_matches(w.target, w.relation, after, upto)]


def deliver(store: Store, *, allow_private: bool = True, timeout: float = 10.0) -> tuple[int, int]:
    """POST each undelivered alert of a watch with a webhook, as JSON; (delivered, failed)."""
    from rasid.ingest.fetch import FetchError, fetch

    ok = failed = 0
    for w in store.watches():
        if not w.webhook:
            continue
        for alert in store.undelivered(w.id, MAX_TRIES):
            body = json.dumps({"watch": {"id": w.id, "kind": w.kind, "target": w.target, "label": w.label},
                               "alert": _plain(alert)}, ensure_ascii=False).encode()
            try:
                fetch(w.webhook, timeout=timeout, max_bytes=1 << 16, allow_private=allow_private, post=body)
                done = True
            except FetchError:
                done = False
            with store.transaction():
                store.delivered(w.id, alert.article, done)
            ok, failed = ok + done, failed + (not done)
    return ok, failed


def _plain(a: Alert) -> dict:
    return {"article": a.article, "at": a.at, "why": a.why, "title": a.title, "outlet": a.outlet,
            "published": a.published, "story": a.story}


def atom(w: Watch, alerts: list[Alert], base: str) -> bytes:
    """A watch's alerts as an Atom 1.0 feed; `base` is the site's address (links point to its pages)."""
    base = base.rstrip("/")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    add(feed, "id", f"urn:rasid:watch:{w.id}")
    add(feed, "title", f"Rasid: {w.label}")
    add(feed, "updated", alerts[0].at if alerts else (w.created or now()))
    add(feed, "link", rel="self", href=f"{base}/watches/{w.id}/feed.atom")
    add(feed, "link", rel="alternate", href=f"{base}/alerts?watch={w.id}")
    add(add(feed, "author"), "name", "Rasid")
    for a in alerts:
        entry = add(feed, "entry")
        add(entry, "id", f"urn:rasid:alert:{w.id}:{a.article}")
        add(entry, "title", a.title or a.article)
        add(entry, "updated", a.at)
        if a.published:
            add(entry, "published", a.published if "T" in a.published else f"{a.published}T00:00:00Z")
        add(entry, "link", rel="alternate", href=f"{base}/articles/{a.article}")
        add(entry, "summary", f"{a.outlet or ''} — {a.why}".strip(" —"))
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")).encode()
