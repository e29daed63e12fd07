"""Exports of the store: JSON (the contract in DESIGN.md), JSON Lines and CSV, streamed.

JSON is the whole analysis in one object. JSON Lines and CSV write one table: the articles as the
contract names their fields, or any table of the store as it is (`table=`). CSV starts with a byte-order
mark, so that a spreadsheet reads the Arabic as UTF-8. `export_file` writes beside the target and
renames, so a failed export never leaves half a file.
"""
from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from rasid.api import display_name
from rasid.corpus.compare import relations
from rasid.model import Article, ClaimGroup, Entity, Mention
from rasid.store import Store

FORMATS = ("json", "jsonl", "csv")
_ARTICLE_FIELDS = ("id", "title", "published", "published_estimated", "outlet", "url", "urls", "language",
                   "source_file", "part", "source", "fetched", "text")


def article_record(a: Article, urls: list[str] | None = None) -> dict[str, Any]:
    """An article as the export contract names its fields."""
    return {"id": a.id, "source_file": a.source_file, "url": a.url, "urls": urls if urls is not None else
            ([a.url] if a.url else []), "part": a.part, "title": a.title, "text": a.text, "published": a.published,
            "published_estimated": a.published_estimated, "outlet": a.outlet, "language": a.language,
            "source": a.source, "fetched": a.fetched}


def export(store: Store, fmt: str, out: TextIO, table: str | None = None) -> int:
    """Write the store in `fmt` to `out`: JSON, everything; JSON Lines and CSV, the articles or the
    named table. The number of rows (articles for JSON) written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "json":
        if table:
            raise ValueError("a JSON export holds every table; --table goes with jsonl or csv")
        return _json(store, out)
    if table:
        columns, rows = store.table_rows(table)
        records = ({c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows)
    else:
        urls = store.all_urls()
        columns = list(_ARTICLE_FIELDS)
        records = (article_record(a, urls.get(a.id, [])) for a in store.all_articles())
    return (_jsonl if fmt == "jsonl" else _csv)(records, columns, out)


def export_file(store: Store, fmt: str, path: str | Path, table: str | None = None) -> int:
    """`export` into a file, atomically: written beside it, then renamed over it."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            n = export(store, fmt, f, table)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _plain(value: Any) -> Any:
    """A cell as text can carry it: blobs (signatures, embeddings) as hexadecimal."""
    return value.hex() if isinstance(value, bytes | memoryview) else value


def _entities(store: Store) -> Iterator[dict]:
    """Entities per the contract, each with its mentions (article, text, start, end)."""
    known = store.all_entities()
    current: str | None = None
    mentions: list[Mention] = []
    for m in store.all_mentions():
        if m.entity != current and current is not None:
            yield _entity_record(known[current], mentions)
            mentions = []
        current = m.entity
        mentions.append(m)
    if current is not None:
        yield _entity_record(known[current], mentions)


def _entity_record(e: Entity, mentions: list[Mention]) -> dict:
    return {"id": e.id, "type": e.type, "name": e.name, "name_en": e.name_en, "kb": e.kb,
            "mentions": [{"article": m.article, "text": m.text, "start": m.start, "end": m.end} for m in mentions]}


def claim_group_record(g: ClaimGroup) -> dict:
    return {"id": g.id, "story": g.story, "kind": g.kind, "claims": [c for c, _ in g.claims],
            "figures": [f for _, f in g.claims], "actor": g.actor, "unit": g.unit, "facet": g.facet,
            "sources": g.sources, "origin": g.origin}


def _json(store: Store, out: TextIO) -> int:
    urls = store.all_urls()
    n = _array(out, "articles", (article_record(a, urls.get(a.id, [])) for a in store.all_articles()), first=True)
    _array(out, "entities", _entities(store))
    _array(out, "dates", (asdict(d) for d in store.all_dates()))
    claims = store.claims()
    _array(out, "claims", ({k: v for k, v in asdict(c).items() if k not in ("outlet", "published", "fetched")}
                           for c in claims))
    groups = store.claim_groups()
    article_of = {c.id: c.article for c in claims}
    _array(out, "claim_relations", ({"kind": k, "claims": [a, b], "group": g.id}
                                    for g in groups for k, a, b in relations(g, article_of)))
    _array(out, "claim_groups", map(claim_group_record, groups))
    members = store.story_member_ids()
    _array(out, "stories", ({"id": s.id, "label": s.label, "articles": members.get(s.id, []), "start": s.start,
                             "end": s.end, "topic": s.topic, "outlets": s.outlets} for s in store.stories(limit=None)))
    _array(out, "duplicates", ({"articles": a} for a in store.groups("duplicates").values()))
    origin_of = store.group_origins()
    _array(out, "same_origin", ({"articles": a, "origin": display_name(store, origin_of.get(g)),
                                 "origin_entity": origin_of.get(g) if store.entity(origin_of.get(g) or "") else None}
                                for g, a in store.groups("origins").items()))
    out.write("\n}\n")
    return n


def _array(out: TextIO, key: str, records: Iterable[dict], first: bool = False) -> int:
    """One member of the export object, a JSON array written record by record; the records written."""
    out.write(("{" if first else ",") + f'\n"{key}": [')
    n = 0
    for n, rec in enumerate(records, start=1):
        out.write(("\n" if n == 1 else ",\n") + json.dumps(rec, ensure_ascii=False))
    out.write("\n]")
    return n


def _jsonl(records: Iterable[dict], columns: list[str], out: TextIO) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def _csv(records: Iterable[dict], columns: list[str], out: TextIO) -> int:
    out.write("\ufeff")  # a spreadsheet takes the file for UTF-8 only with the mark
    w = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    w.writeheader()
    n = 0
    for rec in records:
        w.writerow({k: " ".join(v) if isinstance(v, list) else v for k, v in rec.items()})
        n += 1
    return n
