"""Rows to model types and back: the only place that knows how a type is laid out in columns."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from typing import Any

import numpy as np

from rasid.model import Article, Claim, Entity, Quantity, RankedEntity, Removed, Source, SourcedClaim
from rasid.store.search import Match

ARTICLE_COLUMNS = ("id, title, text, url, outlet, published, language, source, source_file, part, fetched, removed,"
                   " published_estimated")
ENTITY_COLUMNS = "e.id, e.type, e.name, e.name_en, e.kb"  # entities as `e`, the columns `entity` reads
CLAIM_COLUMNS = ('id, article, start, "end", text, q_text, q_start, q_end, low, high, approx, unit, actor, actor_text,'
                 ' actor_start, actor_end, attribution, time')


class Tables:
    """What every part of the store shares: one connection whose rows read by name and position (as
    sqlite3.Row), and the few things each database says its own way (`rasid.store.base`)."""

    db: Any  # sqlite3.Connection, or the PostgreSQL connection that speaks like one
    NO_LIMIT: int | None  # the LIMIT argument that means "every row"
    FTS_HITS: str  # SQL of (r: article rowid, rank: lower is better) for one `_match` argument
    FTS_ROWS: str  # the same rows without their rank, for counting and filtering (ranking reads every match)

    def _match(self, match: Match) -> str:
        """The full-text query language's form of `match`."""
        raise NotImplementedError

    def _index_text(self, rowid: int, article: Article) -> None:
        """Add an article's folded title and text to the full-text index."""
        raise NotImplementedError


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def article(row: sqlite3.Row) -> Article:
    removed = tuple(Removed(k, t) for k, t in json.loads(row["removed"] or "[]"))
    return Article(id=row["id"], text=row["text"], title=row["title"], url=row["url"], outlet=row["outlet"],
                   published=row["published"], language=row["language"], source=row["source"],
                   source_file=row["source_file"], part=row["part"], fetched=row["fetched"], removed=removed,
                   published_estimated=bool(row["published_estimated"]))


def article_values(a: Article, ingested: str) -> tuple:
    return (a.id, a.title, a.text, a.url, a.outlet, a.published, a.language, a.source, a.source_file, a.part,
            a.fetched, json.dumps([[r.kind, r.text] for r in a.removed], ensure_ascii=False), int(a.published_estimated),
            ingested)


def entity(row: sqlite3.Row) -> Entity:
    return Entity(id=row["id"], type=row["type"], name=row["name"], name_en=row["name_en"], kb=row["kb"])


def ranked_entity(row: sqlite3.Row) -> RankedEntity:
    """An entity row with its `mentions` and `articles` counts."""
    return RankedEntity(id=row["id"], type=row["type"], name=row["name"], name_en=row["name_en"], kb=row["kb"],
                        mentions=row["mentions"], articles=row["articles"])


def claim_values(c: Claim) -> tuple:
    q, actor = c.quantity, c.actor
    chain = [{"text": a.text, "start": a.start, "end": a.end, "entity": a.entity} for a in c.attribution]
    return (c.id, c.article, c.start, c.end, c.text, q.text, q.start, q.end, q.low, q.high, int(q.approx), q.unit,
            actor.entity if actor else None, actor.text if actor else None, actor.start if actor else None,
            actor.end if actor else None, json.dumps(chain, ensure_ascii=False), c.time)


def claim(row: sqlite3.Row) -> SourcedClaim:
    """A stored claim, with its article's outlet and dates when the query joined them."""
    keys = row.keys()
    actor = (Source(row["actor_text"], row["actor_start"], row["actor_end"], row["actor"])
             if row["actor_text"] is not None else None)
    chain = tuple(Source(a["text"], a.get("start", -1), a.get("end", -1), a.get("entity"))
                  for a in json.loads(row["attribution"]))
    return SourcedClaim(
        id=row["id"], article=row["article"], text=row["text"], start=row["start"], end=row["end"],
        quantity=Quantity(row["q_text"], row["q_start"], row["q_end"], row["low"], row["high"], bool(row["approx"]),
                          row["unit"]),
        actor=actor, attribution=chain, time=row["time"],
        outlet=row["outlet"] if "outlet" in keys else None,
        published=row["published"] if "published" in keys else None,
        fetched=row["fetched"] if "fetched" in keys else None)


def vector(blob: bytes) -> np.ndarray:
    """An embedding as stored (float16, half the size; cosines move by < 0.001)."""
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)


def chunks(items: Iterable[Any], size: int = 500) -> Iterator[list]:
    """Lists of at most `size` items: SQLite takes a bounded number of parameters per statement."""
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def marks(items: list) -> str:
    return ",".join("?" * len(items))


def article_filters(since: str | None, until: str | None, outlet: str | None, prefix: str) -> tuple[str, list]:
    """SQL conditions (and their arguments) on an article's date (published, else fetched) and outlet."""
    when = f"coalesce({prefix}published, {prefix}fetched)"
    where, args = [], []
    for cond, value in ((f"{when} >= ?", since), (f"substr({when}, 1, 10) <= ?", until), (f"{prefix}outlet = ?", outlet)):
        if value:
            where.append(cond)
            args.append(value)
    return " AND ".join(where), args


def terms_blob(t: tuple[np.ndarray, np.ndarray]) -> bytes:
    """A term vector as stored: its keys (uint32), then its weights (float16)."""
    return t[0].astype("<u4").tobytes() + t[1].astype("<f2").tobytes()


def terms_of(blob: bytes | None) -> tuple[np.ndarray, np.ndarray]:
    if not blob:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.float32)
    n = len(blob) // 6
    return np.frombuffer(blob[:4 * n], dtype="<u4"), np.frombuffer(blob[4 * n:], dtype="<f2").astype(np.float32)


def ints_of(blob: bytes | None, dtype: str) -> tuple[int, ...]:
    return tuple(int(x) for x in np.frombuffer(blob, dtype=dtype)) if blob else ()
