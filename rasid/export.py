"""Exports of the store: JSON (the contract in DESIGN.md), JSON Lines and CSV, streamed."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import TextIO

from rasid.corpus.compare import relations as _relations
from rasid.model import Article, ClaimGroup
from rasid.store import Store

FORMATS = ("json", "jsonl", "csv")
_CSV_COLUMNS = ("id", "title", "published", "outlet", "url", "language", "source_file", "part", "source", "text")


def article_record(a: Article) -> dict:
    """An article as the export contract names its fields."""
    return {"id": a.id, "source_file": a.source_file, "url": a.url, "part": a.part, "title": a.title,
            "text": a.text, "published": a.published, "outlet": a.outlet, "language": a.language,
            "source": a.source, "fetched": a.fetched}


def export(store: Store, fmt: str, out: TextIO) -> int:
    """Write every article in `fmt` to `out` (JSON also carries entities and, as later stages fill
    them, dates, claims and stories); the number of articles written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "json":
        return _json(store, store.all_articles(), out)
    return {"jsonl": _jsonl, "csv": _csv}[fmt](store.all_articles(), out)


def claim_record(c: dict) -> dict:
    """A stored claim as the export contract names its fields."""
    return {"id": c["id"], "article": c["article"], "text": c["text"], "start": c["start"], "end": c["end"],
            "quantity": {"text": c["q_text"], "start": c["q_start"], "end": c["q_end"], "low": c["low"],
                         "high": c["high"], "approx": bool(c["approx"]), "unit": c["unit"]},
            "actor": {"text": c["actor_text"], "entity": c["actor"]} if c["actor_text"] else None,
            "attribution": c["attribution"], "time": c["time"]}


def _entities(store: Store) -> Iterator[dict]:
    """Entities per the contract, each with its mentions (article, text, start, end)."""
    known = store.all_entities()
    current, mentions = None, []
    for m in store.all_mentions():
        if m["entity"] != current and current is not None:
            yield _entity_record(known[current], mentions)
            mentions = []
        current = m["entity"]
        mentions.append({"article": m["article"], "text": m["text"], "start": m["start"], "end": m["end"]})
    if current is not None:
        yield _entity_record(known[current], mentions)


def _entity_record(e: dict, mentions: list[dict]) -> dict:
    return {"id": e["id"], "type": e["type"], "name": e["name"], "name_en": e["name_en"], "kb": e["kb"],
            "mentions": mentions}


def _json(store: Store, articles: Iterator[Article], out: TextIO) -> int:
    out.write('{"articles": [')
    n = 0
    for n, a in enumerate(articles, start=1):
        out.write(("\n" if n == 1 else ",\n") + json.dumps(article_record(a), ensure_ascii=False))
    for key, records in (("entities", _entities(store)), ("dates", store.all_dates()),
                         ("claims", map(claim_record, store.claims()))):
        out.write(f"\n],\n\"{key}\": [")
        for i, rec in enumerate(records):
            out.write(("\n" if i == 0 else ",\n") + json.dumps(rec, ensure_ascii=False))
    out.write("\n]")
    for key, records in _corpus(store).items():
        out.write(f',\n"{key}": [')
        for i, rec in enumerate(records):
            out.write(("\n" if i == 0 else ",\n") + json.dumps(rec, ensure_ascii=False))
        out.write("\n]")
    out.write("\n}\n")
    return n


def story_record(s: dict, articles: list[str]) -> dict:
    return {"id": s["id"], "label": s["label"], "articles": articles, "start": s["start"], "end": s["end"],
            "topic": s["topic"], "outlets": s["outlets"]}


def claim_group_record(g: ClaimGroup) -> dict:
    return {"id": g.id, "story": g.story, "kind": g.kind, "claims": [c for c, _ in g.claims],
            "figures": [f for _, f in g.claims], "actor": g.actor, "unit": g.unit, "facet": g.facet,
            "sources": g.sources, "origin": g.origin}


def _corpus(store: Store) -> dict[str, list[dict]]:
    """What the corpus step relates: stories, duplicates, same origins, claim groups and relations."""
    stories = [story_record(s, [a["id"] for a in store.story_articles(s["id"])])
               for s in store.stories(limit=None)]
    groups = store.claim_groups()
    article_of = {c["id"]: c["article"] for c in store.claims()}
    relations = [{"kind": k, "claims": [a, b], "group": g.id} for g in groups for k, a, b in _relations(g, article_of)]
    origin_of = store.group_origins()
    return {"claim_relations": relations, "claim_groups": [claim_group_record(g) for g in groups],
            "stories": stories, "duplicates": [{"articles": a} for a in store.groups("duplicates").values()],
            "same_origin": [{"articles": a, "origin": display_name(store, origin_of.get(g)),
                             "origin_entity": origin_of.get(g) if store.entity(origin_of.get(g) or "") else None}
                            for g, a in store.groups("origins").items()]}


def display_name(store: Store, ident: str | None) -> str | None:
    """An entity's English name, else its Arabic one; text that is not an entity id as it is."""
    e = store.entity(ident) if ident else None
    return (e["name_en"] or e["name"]) if e else ident


def _jsonl(articles: Iterator[Article], out: TextIO) -> int:
    n = 0
    for n, a in enumerate(articles, start=1):
        out.write(json.dumps(article_record(a), ensure_ascii=False) + "\n")
    return n


def _csv(articles: Iterator[Article], out: TextIO) -> int:
    w = csv.DictWriter(out, fieldnames=_CSV_COLUMNS, extrasaction="ignore")
    w.writeheader()
    n = 0
    for n, a in enumerate(articles, start=1):
        w.writerow(article_record(a))
    return n
