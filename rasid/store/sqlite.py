"""The one place that talks SQL: an SQLite file in WAL mode, migrated on open."""
from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from rasid.model import Article, Entity, Mention, Problem, Removed
from rasid.store.schema import MIGRATIONS
from rasid.text.normalize import clitic_forms, fold, fold_map

DEFAULT_DB = "rasid.db"
_COLUMNS = "id, title, text, url, outlet, published, language, source, source_file, part, fetched, removed"


def default_path() -> str:
    return os.environ.get("RASID_DB") or DEFAULT_DB


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """Articles, where they were seen, and what could not be read, in one SQLite file."""

    def __init__(self, path: str | Path | None = None):
        self.path = str(path or default_path())
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise RuntimeError(f"{self.path} has schema version {version}; this Rasid knows {len(MIGRATIONS)}")
        for n, sql in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction():
                for statement in sql.split(";\n"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {n}")

    @contextmanager
    def transaction(self):
        """All or nothing: an interrupted batch leaves no half-written articles."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # --- writing ---------------------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> tuple[int, int]:
        """Store articles not seen before and record every sighting; (new, already known)."""
        new = known = 0
        now = _now()
        for a in articles:
            cur = self.db.execute(
                f"INSERT OR IGNORE INTO articles ({_COLUMNS}, ingested) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (a.id, a.title, a.text, a.url, a.outlet, a.published, a.language, a.source, a.source_file,
                 a.part, a.fetched, json.dumps([[r.kind, r.text] for r in a.removed], ensure_ascii=False), now))
            if cur.rowcount:
                new += 1
                self.db.execute("INSERT INTO article_search (rowid, title, text) VALUES (?, ?, ?)",
                                (cur.lastrowid, fold(a.title or ""), fold(a.text)))
            else:
                known += 1
            if a.source:
                self.db.execute(
                    "INSERT OR REPLACE INTO sightings (source, part, article, url, outlet, published, ingested)"
                    " VALUES (?,?,?,?,?,?,?)", (a.source, a.part, a.id, a.url, a.outlet, a.published, now))
        return new, known

    def add_problems(self, problems: Iterable[Problem]) -> None:
        now = _now()
        self.db.executemany("INSERT OR REPLACE INTO problems (source, reason, seen) VALUES (?, ?, ?)",
                            [(p.source, p.reason, now) for p in problems])

    # --- analysis: mentions and entities ------------------------------------------------------

    def pending_analysis(self, version: int, limit: int | None = None) -> list[Article]:
        """Articles not yet analysed by this version of the analysis, in storage order."""
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM articles WHERE analyzed < ? ORDER BY rowid LIMIT ?",
                               (version, -1 if limit is None else limit))
        return [_article(r) for r in rows]

    def reset_analysis(self) -> None:
        """Forget every analysis result, so that the next analysis redoes all articles."""
        for table in ("mentions", "dates", "claims", "entity_keys", "entities"):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("UPDATE articles SET analyzed = 0")

    def has_stale_analysis(self, version: int) -> bool:
        """Whether some article was analysed by an older version of the analysis."""
        return self.db.execute("SELECT 1 FROM articles WHERE analyzed BETWEEN 1 AND ? LIMIT 1",
                               (version - 1,)).fetchone() is not None

    def count_pending(self, version: int) -> int:
        return self.db.execute("SELECT count(*) FROM articles WHERE analyzed < ?", (version,)).fetchone()[0]

    def save_analysis(self, article_id: str, mentions: Iterable[Mention], dates: Iterable, claims: Iterable,
                      version: int) -> None:
        """Replace an article's mentions (with their entity ids), dates and claims; mark it analysed."""
        for table in ("mentions", "dates", "claims"):
            self.db.execute(f"DELETE FROM {table} WHERE article = ?", (article_id,))
        self.db.executemany("INSERT OR REPLACE INTO mentions (article, start, end, text, type, entity)"
                            " VALUES (?,?,?,?,?,?)",
                            [(article_id, m.start, m.end, m.text, m.type, m.entity) for m in mentions])
        self.db.executemany("INSERT OR REPLACE INTO dates (article, start, end, text, value) VALUES (?,?,?,?,?)",
                            [(article_id, d.start, d.end, d.text, d.value) for d in dates])
        self.db.executemany(
            "INSERT OR REPLACE INTO claims (id, article, start, end, text, q_text, q_start, q_end, low, high, approx,"
            " unit, actor, actor_text, attribution, time) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(c.id, article_id, c.start, c.end, c.text, c.quantity.text, c.quantity.start, c.quantity.end,
              c.quantity.low, c.quantity.high, int(c.quantity.approx), c.quantity.unit,
              c.actor.entity if c.actor else None, c.actor.text if c.actor else None,
              json.dumps([{"text": a.text, "entity": a.entity} for a in c.attribution], ensure_ascii=False), c.time)
             for c in claims])
        self.db.execute("UPDATE articles SET analyzed = ? WHERE id = ?", (version, article_id))

    def upsert_entity(self, e: Entity, kb: str | None = None) -> None:
        """Create the entity, or give it a fuller name (more words) than it had."""
        self.db.execute(
            "INSERT INTO entities (id, type, name, name_en, kb) VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
            " name = CASE WHEN kb IS NULL AND length(excluded.name) - length(replace(excluded.name, ' ', ''))"
            " > length(name) - length(replace(name, ' ', '')) THEN excluded.name ELSE name END,"
            " name_en = coalesce(name_en, excluded.name_en)", (e.id, e.type, e.name, e.name_en, kb))

    def add_entity_keys(self, entity: str, type: str, keys: Iterable[tuple[str, str]]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO entity_keys (kind, key, type, entity) VALUES (?,?,?,?)",
                            [(kind, key, type, entity) for kind, key in keys if key])

    def entities_by_key(self, keys: Iterable[tuple[str, str]], type: str) -> list[str]:
        """Distinct entities of `type` registered under any of `keys`."""
        keys = list(keys)
        if not keys:
            return []
        where = " OR ".join("(kind = ? AND key = ?)" for _ in keys)
        rows = self.db.execute(f"SELECT DISTINCT entity FROM entity_keys WHERE type = ? AND ({where})",
                               (type, *[x for k in keys for x in k]))
        return sorted(r[0] for r in rows)

    def entity(self, ident: str) -> dict | None:
        row = self.db.execute("SELECT id, type, name, name_en, kb FROM entities WHERE id = ?", (ident,)).fetchone()
        return dict(row) if row else None

    def find_entities(self, name: str) -> list[dict]:
        """Entities whose name, English name or any mention spells `name` (folded), most mentioned first."""
        from rasid.text.translit import name_key

        key = name_key(name)
        rows = self.db.execute(
            "SELECT e.id, e.type, e.name, e.name_en, e.kb, count(m.article) AS mentions FROM entities e"
            " LEFT JOIN mentions m ON m.entity = e.id WHERE e.id = ? OR e.id IN"
            " (SELECT entity FROM entity_keys WHERE key = ? AND kind IN ('strict', 'loose', 'part'))"
            " OR lower(e.name_en) = lower(?) GROUP BY e.id ORDER BY mentions DESC", (name, key, name))
        return [dict(r) for r in rows]

    def top_entities(self, limit: int | None = 50, type: str | None = None) -> list[dict]:
        """Entities with their mention and article counts, most mentioned first."""
        rows = self.db.execute(
            "SELECT e.id, e.type, e.name, e.name_en, e.kb, count(*) AS mentions, count(DISTINCT m.article) AS articles"
            " FROM mentions m JOIN entities e ON e.id = m.entity WHERE ? IS NULL OR e.type = ?"
            " GROUP BY e.id ORDER BY mentions DESC, articles DESC, e.name LIMIT ?",
            (type, type, -1 if limit is None else limit))
        return [dict(r) for r in rows]

    def mentions_of(self, entity: str) -> list[dict]:
        rows = self.db.execute("SELECT article, start, end, text, type FROM mentions WHERE entity = ?"
                               " ORDER BY article, start", (entity,))
        return [dict(r) for r in rows]

    def co_occurring(self, entity: str, limit: int = 15) -> list[dict]:
        """Entities named in the same articles, by the number of articles shared."""
        rows = self.db.execute(
            "SELECT e.id, e.type, e.name, count(DISTINCT m2.article) AS articles FROM mentions m1"
            " JOIN mentions m2 ON m2.article = m1.article AND m2.entity != m1.entity"
            " JOIN entities e ON e.id = m2.entity WHERE m1.entity = ?"
            " GROUP BY e.id ORDER BY articles DESC, e.name LIMIT ?", (entity, limit))
        return [dict(r) for r in rows]

    def all_mentions(self) -> Iterator[dict]:
        """Every mention, grouped by entity (for export)."""
        yield from (dict(r) for r in self.db.execute(
            "SELECT m.entity, m.article, m.start, m.end, m.text, m.type FROM mentions m JOIN articles a"
            " ON a.id = m.article ORDER BY m.entity, a.rowid, m.start"))

    def all_dates(self) -> Iterator[dict]:
        yield from (dict(r) for r in self.db.execute(
            "SELECT d.article, d.text, d.start, d.end, d.value FROM dates d JOIN articles a ON a.id = d.article"
            " ORDER BY a.rowid, d.start"))

    def claims(self, entity: str | None = None, unit: str | None = None, limit: int | None = None) -> list[dict]:
        """Claims, in article order; about an entity (as actor) and/or counting a unit, if given."""
        rows = self.db.execute(
            "SELECT c.*, a.outlet, a.published FROM claims c JOIN articles a ON a.id = c.article"
            " WHERE (? IS NULL OR c.actor = ?) AND (? IS NULL OR c.unit = ?) ORDER BY a.rowid, c.q_start LIMIT ?",
            (entity, entity, unit, unit, -1 if limit is None else limit))
        out = []
        for r in rows:
            d = dict(r)
            d["attribution"] = json.loads(d["attribution"])
            out.append(d)
        return out

    def all_entities(self) -> dict[str, dict]:
        return {r["id"]: dict(r) for r in self.db.execute("SELECT id, type, name, name_en, kb FROM entities")}

    # --- reading ---------------------------------------------------------------------------

    def count(self, table: str = "articles") -> int:
        if table not in ("articles", "sightings", "problems"):
            raise ValueError(table)
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def articles(self, limit: int | None = None, offset: int = 0, outlet: str | None = None,
                 since: str | None = None, until: str | None = None) -> Iterator[Article]:
        """Articles, newest publication first (unknown dates last), optionally filtered."""
        where, args = [], []
        if outlet:
            where.append("outlet = ?")
            args.append(outlet)
        if since:
            where.append("published >= ?")
            args.append(since)
        if until:
            where.append("substr(published, 1, 10) <= ?")
            args.append(until)
        sql = (f"SELECT {_COLUMNS} FROM articles {'WHERE ' + ' AND '.join(where) if where else ''}"
               " ORDER BY published IS NULL, published DESC, rowid LIMIT ? OFFSET ?")
        for row in self.db.execute(sql, (*args, -1 if limit is None else limit, offset)):
            yield _article(row)

    def all_articles(self) -> Iterator[Article]:
        """Every article in the order it was stored: the order of its input."""
        for row in self.db.execute(f"SELECT {_COLUMNS} FROM articles ORDER BY rowid"):
            yield _article(row)

    def get(self, ident: str) -> Article | None:
        """The article with this id, or the only one whose id starts with it."""
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                               (ident, ident + "\uffff")).fetchall()
        exact = [r for r in rows if r["id"] == ident]
        return _article(exact[0] if exact else rows[0]) if len(exact) == 1 or len(rows) == 1 else None

    def sightings(self, article_id: str) -> list[dict]:
        rows = self.db.execute("SELECT source, part, url, outlet, published, ingested FROM sightings"
                               " WHERE article = ? ORDER BY ingested, source", (article_id,))
        return [dict(r) for r in rows]

    def problems(self, limit: int | None = None) -> list[Problem]:
        rows = self.db.execute("SELECT source, reason FROM problems ORDER BY seen DESC, source LIMIT ?",
                               (-1 if limit is None else limit,))
        return [Problem(r["source"], r["reason"]) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[tuple[Article, str]]:
        """Articles matching every word of `query` whatever its spelling, best first, with a snippet.

        Words are folded (alef/hamza, ya, ta marbuta, diacritics…) and match with or without attached
        proclitics (و ف ب ل ك); a query in double quotes is a phrase.
        """
        match, forms = fts_query(query)
        if not match:
            return []
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM articles JOIN (SELECT rowid AS r, rank FROM article_search"
            " WHERE article_search MATCH ? ORDER BY rank LIMIT ?) ON articles.rowid = r ORDER BY rank",
            (match, limit)).fetchall()
        return [(a, snippet(a, forms)) for a in map(_article, rows)]


def _article(row: sqlite3.Row) -> Article:
    removed = tuple(Removed(k, t) for k, t in json.loads(row["removed"] or "[]"))
    return Article(id=row["id"], text=row["text"], title=row["title"], url=row["url"], outlet=row["outlet"],
                   published=row["published"], language=row["language"], source=row["source"],
                   source_file=row["source_file"], part=row["part"], fetched=row["fetched"], removed=removed)


_WORD = re.compile(r"\w+")


def fts_query(query: str) -> tuple[str, list[str]]:
    """An FTS5 MATCH expression for a user's query, and the folded forms it looks for."""
    phrase = query.strip().startswith('"') and query.strip().endswith('"')
    words = _WORD.findall(fold(query))
    if not words:
        return "", []
    if phrase:
        firsts = sorted(clitic_forms(words[0]))
        rest = " ".join(words[1:])
        forms = [f"{f} {rest}".strip() for f in firsts]
        return " OR ".join(f'"{f}"' for f in forms), forms
    groups, forms = [], []
    for w in words:
        variants = sorted(clitic_forms(w))
        forms += variants
        groups.append("(" + " OR ".join(f'"{v}"' for v in variants) + ")")
    return " AND ".join(groups), forms


def snippet(article: Article, forms: list[str], width: int = 80) -> str:
    """The passage of the display text around the first match, the match between « »."""
    for field_text in (article.text, article.title or ""):
        folded, where = fold_map(field_text)
        best = None
        for f in forms:
            for m in re.finditer(rf"(?<!\w){re.escape(f)}(?!\w)", folded):
                if best is None or m.start() < best[0]:
                    best = (m.start(), m.end())
                break
        if best:
            s, e = where[best[0]], where[best[1] - 1] + 1
            left = field_text[max(0, s - width):s]
            right = field_text[e:e + width]
            return (("…" if s > width else "") + left + "«" + field_text[s:e] + "»" + right
                    + ("…" if e + width < len(field_text) else "")).replace("\n", " ")
    return (article.text[: 2 * width] + "…").replace("\n", " ")
