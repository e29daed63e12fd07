"""The one place that talks SQL: an SQLite file in WAL mode, migrated on open."""
from __future__ import annotations

import json
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import numpy as np

from rasid.model import Article, ClaimGroup, Entity, Mention, Problem, Removed
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
        self.db.execute("PRAGMA cache_size=-131072")  # 128 MB of pages: the LSH and FTS indexes stay hot
        self.db.execute("PRAGMA temp_store=MEMORY")
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
        """Forget every analysis result, and what the corpus step built on them, so that the next
        analysis redoes all articles."""
        self.reset_corpus()
        for table in ("features", "mentions", "dates", "claims", "entity_keys", "entities"):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("UPDATE articles SET analyzed = 0")

    def reset_corpus(self) -> None:
        """Forget what the corpus step built (duplicates, stories, origins, claim groups), so that the
        next `relate` places every article again."""
        for table in ("claim_group_members", "claim_groups", "origins", "story_entities", "story_articles",
                      "story_vectors", "stories", "duplicates", "lsh"):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("UPDATE articles SET related = 0")
        self._bump()

    def has_stale_analysis(self, version: int) -> bool:
        """Whether some article was analysed by an older version of the analysis."""
        return self.db.execute("SELECT 1 FROM articles WHERE analyzed BETWEEN 1 AND ? LIMIT 1",
                               (version - 1,)).fetchone() is not None

    def count_pending(self, version: int) -> int:
        return self.db.execute("SELECT count(*) FROM articles WHERE analyzed < ?", (version,)).fetchone()[0]

    def save_analysis(self, article_id: str, mentions: Iterable[Mention], dates: Iterable, claims: Iterable,
                      version: int, signature=None, embedding=None) -> None:
        """Replace an article's mentions (with their entity ids), dates, claims and features; mark it
        analysed, and due for the corpus step."""
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
        if signature is not None and embedding is not None:
            self.db.execute("INSERT OR REPLACE INTO features (article, minhash, embedding) VALUES (?,?,?)",
                            (article_id, signature.astype("<u4").tobytes(), embedding.astype(np.float16).tobytes()))
        self.db.execute("UPDATE articles SET analyzed = ?, related = 0 WHERE id = ?", (version, article_id))

    # --- the corpus step: duplicates, stories, origins, claim groups --------------------------

    def pending_relation(self, limit: int) -> list[Article]:
        """Analysed articles the corpus step has not placed, oldest publication first (undated last)."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM articles WHERE analyzed > 0 AND related = 0"
            " ORDER BY coalesce(published, fetched) IS NULL, substr(coalesce(published, fetched), 1, 10), rowid"
            " LIMIT ?", (limit,))
        return [_article(r) for r in rows]

    def count_pending_relation(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles WHERE analyzed > 0 AND related = 0").fetchone()[0]

    def mark_related(self, ids: Iterable[str]) -> None:
        self.db.executemany("UPDATE articles SET related = 1 WHERE id = ?", [(i,) for i in ids])
        self._bump()

    def _bump(self) -> None:
        self.db.execute("INSERT INTO meta (key, value) VALUES ('corpus_version', 1)"
                        " ON CONFLICT(key) DO UPDATE SET value = value + 1")

    def version(self) -> int:
        """A number that changes whenever the corpus step changes the store (for caches)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'corpus_version'").fetchone()
        return row[0] if row else 0

    def story_outlets(self, ids: list[str]) -> dict[str, list[str]]:
        """The outlets of each story's articles, most articles first."""
        out: dict[str, list[str]] = {}
        for chunk in _chunks(ids):
            for story, outlet in self.db.execute(
                    "SELECT s.story, coalesce(a.outlet, a.source_file) AS o FROM story_articles s JOIN articles a"
                    f" ON a.id = s.article WHERE s.story IN ({','.join('?' * len(chunk))}) AND o IS NOT NULL"
                    " GROUP BY s.story, o ORDER BY s.story, count(*) DESC, o", chunk):
                out.setdefault(story, []).append(outlet)
        return out

    def all_embeddings(self) -> tuple[list[str], np.ndarray]:
        """Every article's id and embedding (for semantic search)."""
        ids, vecs = [], []
        for a, blob in self.db.execute("SELECT f.article, f.embedding FROM features f JOIN articles a"
                                       " ON a.id = f.article ORDER BY a.rowid"):
            if blob:
                ids.append(a)
                vecs.append(np.frombuffer(blob, dtype=np.float16))
        return ids, (np.vstack(vecs).astype(np.float32) if vecs else np.zeros((0, 512), dtype=np.float32))

    def article_spans(self, article: str) -> dict[str, list[dict]]:
        """What analysis found in an article: mentions (with their entity), dates and claims."""
        q = self.db.execute
        return {"mentions": [dict(r) for r in q("SELECT m.start, m.end, m.text, m.type, m.entity, e.name, e.name_en"
                                                 " FROM mentions m LEFT JOIN entities e ON e.id = m.entity"
                                                 " WHERE m.article = ? ORDER BY m.start", (article,))],
                "dates": [dict(r) for r in q("SELECT start, end, text, value FROM dates WHERE article = ?"
                                              " ORDER BY start", (article,))],
                "claims": [_claim(r) for r in q("SELECT * FROM claims WHERE article = ? ORDER BY q_start", (article,))]}

    def features(self, ids: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """(MinHash signature, embedding) of each of `ids` that has them."""
        out = {}
        for chunk in _chunks(ids):
            rows = self.db.execute(f"SELECT article, minhash, embedding FROM features WHERE article IN"
                                   f" ({','.join('?' * len(chunk))})", chunk)
            out.update({r[0]: (np.frombuffer(r[1], dtype="<u4"), _vector(r[2])) for r in rows})
        return out

    def embeddings(self, ids: list[str]) -> dict[str, np.ndarray]:
        return {k: v[1] for k, v in self.features(ids).items()}

    def lsh_candidates(self, buckets: list[int], exclude: str) -> list[tuple[str, np.ndarray]]:
        """Articles sharing a bucket with `buckets`, with their signatures."""
        rows = self.db.execute(
            f"SELECT f.article, f.minhash FROM features f WHERE f.article IN (SELECT article FROM lsh WHERE bucket IN"
            f" ({','.join('?' * len(buckets))})) AND f.article != ?", (*buckets, exclude))
        return [(r[0], np.frombuffer(r[1], dtype="<u4")) for r in rows]

    def add_lsh(self, article: str, buckets: list[int]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO lsh (bucket, article) VALUES (?, ?)",
                            [(b, article) for b in buckets])

    def _group(self, table: str, article: str) -> str | None:
        row = self.db.execute(f"SELECT grp FROM {table} WHERE article = ?", (article,)).fetchone()
        return row[0] if row else None

    def _union(self, table: str, article: str, other: str, column: str, value) -> str:
        """Put `article` in `other`'s group (merging its own group into it); the group."""
        target = self._group(table, other)
        if target is None:
            target = other
            self.db.execute(f"INSERT INTO {table} (article, grp) VALUES (?, ?)", (other, other))
        mine = self._group(table, article)
        if mine is None:
            self.db.execute(f"INSERT INTO {table} (article, grp, {column}) VALUES (?, ?, ?)", (article, target, value))
        elif mine != target:
            self.db.execute(f"UPDATE {table} SET grp = ? WHERE grp = ?", (target, mine))
        if value is not None:
            self.db.execute(f"UPDATE {table} SET {column} = coalesce({column}, ?) WHERE article = ?", (value, article))
        return target

    def join_duplicates(self, article: str, best: str, similarity: float, matches: list[str]) -> str:
        """Put `article` in the duplicate group of `best` (its closest copy) and merge in the groups of
        its other `matches`; the group id (its first article)."""
        group = self._union("duplicates", article, best, "similarity", similarity)
        for m in matches:
            if m != best:
                group = self._union("duplicates", m, article, "similarity", None)
        return group

    def join_origin(self, story: str, article: str, other: str, origin: str | None) -> str:
        """Record that `article` and `other`, of `story`, trace back to one source: `origin` (an entity id
        or a name) when the text names it. Articles with a named origin form one group per origin; unnamed
        links join the story's unnamed group either article is in already."""
        if origin:
            group = f"{story}:{origin}"
        else:
            row = self.db.execute("SELECT grp FROM origins WHERE article IN (?, ?) AND origin IS NULL AND grp LIKE ?"
                                  " LIMIT 1", (article, other, story + ":%")).fetchone()
            group = row[0] if row else f"{story}:~{min(article, other)}"
        self.db.executemany("INSERT OR IGNORE INTO origins (article, grp, origin) VALUES (?, ?, ?)",
                            [(article, group, origin), (other, group, origin)])
        return group

    def origin_groups(self, articles: list[str]) -> dict[str, list[str]]:
        """The same-origin groups each of `articles` belongs to."""
        out: dict[str, list[str]] = {}
        for chunk in _chunks(articles):
            for a, g in self.db.execute(f"SELECT article, grp FROM origins WHERE article IN"
                                        f" ({','.join('?' * len(chunk))})", chunk):
                out.setdefault(a, []).append(g)
        return out

    def duplicate_groups(self, articles: list[str]) -> dict[str, str]:
        """The duplicate group of each of `articles` that has one."""
        out = {}
        for chunk in _chunks(articles):
            out.update(self.db.execute(f"SELECT article, grp FROM duplicates WHERE article IN"
                                       f" ({','.join('?' * len(chunk))})", chunk).fetchall())
        return out

    def story_entities(self, story: str, limit: int = 20) -> list[dict]:
        """The entities a story's articles name, by how many of them name each."""
        rows = self.db.execute(
            "SELECT e.id, e.type, e.name, e.name_en, se.articles FROM story_entities se JOIN entities e"
            " ON e.id = se.entity WHERE se.story = ? ORDER BY se.articles DESC, e.name LIMIT ?", (story, limit))
        return [dict(r) for r in rows]

    def origin_names(self, groups: Iterable[str]) -> dict[str, str | None]:
        groups = list(set(groups))
        out = {}
        for chunk in _chunks(groups):
            out.update(self.db.execute(f"SELECT grp, max(origin) FROM origins WHERE grp IN"
                                       f" ({','.join('?' * len(chunk))}) GROUP BY grp", chunk).fetchall())
        return out

    def entity_idf(self) -> dict[str, float]:
        """log(1 + N / articles naming it) per entity, N the articles analysed: rare names weigh more."""
        n = self.db.execute("SELECT count(*) FROM articles WHERE analyzed > 0").fetchone()[0] or 1
        rows = self.db.execute("SELECT entity, count(DISTINCT article) FROM mentions WHERE entity IS NOT NULL"
                               " GROUP BY entity")
        return {e: float(np.log1p(n / df)) for e, df in rows}

    def entity_counts(self, ids: list[str]) -> dict[str, Counter]:
        """How often each of `ids` names each entity."""
        out: dict[str, Counter] = {i: Counter() for i in ids}
        for chunk in _chunks(ids):
            for a, e, n in self.db.execute(
                    f"SELECT article, entity, count(*) FROM mentions WHERE entity IS NOT NULL AND article IN"
                    f" ({','.join('?' * len(chunk))}) GROUP BY article, entity", chunk):
                out[a][e] = n
        return out

    def story_of(self, article: str) -> str | None:
        row = self.db.execute("SELECT story FROM story_articles WHERE article = ?", (article,)).fetchone()
        return row[0] if row else None

    def story_rows(self, ids: Iterable[str] | None = None, since: str | None = None,
                   until: str | None = None) -> list[dict]:
        """Stories (with their centroid and entity counts) by id, or those whose dates come within
        [since, until]."""
        if ids is not None:
            ids = list(ids)
            rows = [r for chunk in _chunks(ids) for r in self.db.execute(
                "SELECT s.*, v.centroid FROM stories s LEFT JOIN story_vectors v ON v.story = s.id"
                f" WHERE s.id IN ({','.join('?' * len(chunk))})", chunk)]
        else:
            rows = self.db.execute("SELECT s.*, v.centroid FROM stories s LEFT JOIN story_vectors v ON v.story = s.id"
                                   " WHERE (? IS NULL OR s.end >= ?) AND (? IS NULL OR s.start <= ?)",
                                   (since, since, until, until)).fetchall()
        out = [dict(r) for r in rows]
        by_id = {s["id"]: s for s in out}
        for s in out:
            s["centroid"] = np.frombuffer(s["centroid"], dtype=np.float32).copy() if s["centroid"] else None
            s["entity_counts"] = Counter()
        for chunk in _chunks(list(by_id)):
            for story, entity, n in self.db.execute(
                    f"SELECT story, entity, articles FROM story_entities WHERE story IN ({','.join('?' * len(chunk))})",
                    chunk):
                by_id[story]["entity_counts"][entity] = n
        return out

    def all_centroids(self) -> list[tuple[str, str | None, np.ndarray]]:
        """(story, topic, centroid sum) of every story."""
        return [(r[0], r[1], np.frombuffer(r[2], dtype=np.float32)) for r in
                self.db.execute("SELECT s.id, s.topic, v.centroid FROM stories s JOIN story_vectors v ON v.story = s.id")]

    def save_story(self, ident: str, centroid: np.ndarray, start: str | None, end: str | None,
                   entity_counts: Counter, topic: str | None = None) -> None:
        """Create or update a story's centroid, dates and entity counts (label and counts: `refresh_story`)."""
        self.db.execute(
            "INSERT INTO stories (id, label, start, end, topic) VALUES (?, '', ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET start = excluded.start, end = excluded.end,"
            " topic = coalesce(excluded.topic, topic)", (ident, start, end, topic or ident))
        self.db.execute("INSERT OR REPLACE INTO story_vectors (story, centroid) VALUES (?, ?)",
                        (ident, centroid.astype(np.float32).tobytes()))
        self.db.execute("DELETE FROM story_entities WHERE story = ?", (ident,))
        self.db.executemany("INSERT INTO story_entities (story, entity, articles) VALUES (?, ?, ?)",
                            [(ident, e, n) for e, n in entity_counts.items()])

    def set_topic(self, story: str, topic: str) -> None:
        self.db.execute("UPDATE stories SET topic = ? WHERE id = ?", (topic, story))

    def add_to_story(self, article: str, story: str, score: float) -> None:
        self.db.execute("INSERT OR REPLACE INTO story_articles (article, story, score) VALUES (?, ?, ?)",
                        (article, story, score))

    def refresh_story(self, ident: str) -> None:
        """A story's label (the headline of its article closest to its centroid) and counts, from its articles."""
        members = self.story_articles(ident)
        row = self.db.execute("SELECT centroid FROM story_vectors WHERE story = ?", (ident,)).fetchone()
        label = ""
        if members:
            label = members[0]["title"] or members[0]["text"][:80]
            if row and row[0]:
                centroid = np.frombuffer(row[0], dtype=np.float32)
                embs = self.embeddings([m["id"] for m in members])
                titled = [m for m in members if m["title"] and m["id"] in embs]
                if titled:
                    label = max(titled, key=lambda m: float(embs[m["id"]] @ centroid))["title"]
        self.db.execute(
            "UPDATE stories SET label = ?, articles = (SELECT count(*) FROM story_articles WHERE story = ?),"
            " outlets = (SELECT count(DISTINCT coalesce(a.outlet, a.source_file, a.id)) FROM story_articles s"
            " JOIN articles a ON a.id = s.article WHERE s.story = ?) WHERE id = ?", (label, ident, ident, ident))

    def story_articles(self, ident: str) -> list[dict]:
        """A story's articles, oldest first, with the story's score for each."""
        rows = self.db.execute(
            "SELECT a.id, a.title, a.text, a.outlet, a.url, a.published, a.fetched, a.source_file, a.part, s.score"
            " FROM story_articles s JOIN articles a ON a.id = s.article WHERE s.story = ?"
            " ORDER BY coalesce(a.published, a.fetched) IS NULL, coalesce(a.published, a.fetched), a.rowid", (ident,))
        return [dict(r) for r in rows]

    def stories(self, limit: int | None = 50, offset: int = 0, since: str | None = None, until: str | None = None,
                query: str | None = None, outlet: str | None = None, entity: str | None = None,
                min_articles: int = 1) -> list[dict]:
        """Stories, newest first, filtered by date, by a search over their articles, an outlet or an entity."""
        where, args = ["articles >= ?"], [min_articles]
        if since:
            where.append("end >= ?")
            args.append(since[:10])
        if until:
            where.append("start <= ?")
            args.append(until[:10])
        if outlet:
            where.append("id IN (SELECT s.story FROM story_articles s JOIN articles a ON a.id = s.article"
                         " WHERE a.outlet = ?)")
            args.append(outlet)
        if entity:
            where.append("id IN (SELECT story FROM story_entities WHERE entity = ?)")
            args.append(entity)
        if query:
            match, _ = fts_query(query)
            if not match:
                return []
            where.append("id IN (SELECT s.story FROM story_articles s JOIN articles a ON a.id = s.article"
                         " WHERE a.rowid IN (SELECT rowid FROM article_search WHERE article_search MATCH ?))")
            args.append(match)
        rows = self.db.execute(
            f"SELECT id, label, start, end, topic, articles, outlets FROM stories WHERE {' AND '.join(where)}"
            " ORDER BY end DESC, articles DESC, id LIMIT ? OFFSET ?",  # undated last: NULL sorts lowest
            (*args, -1 if limit is None else limit, offset))
        return [dict(r) for r in rows]

    def story(self, ident: str) -> dict | None:
        """A story by id or unique id prefix."""
        rows = self.db.execute("SELECT id, label, start, end, topic, articles, outlets FROM stories"
                               " WHERE id >= ? AND id < ? LIMIT 2", (ident, ident + "\uffff")).fetchall()
        exact = [r for r in rows if r["id"] == ident]
        return dict(exact[0] if exact else rows[0]) if len(exact) == 1 or len(rows) == 1 else None

    def related_stories(self, ident: str, limit: int = 10) -> list[dict]:
        """The other stories of a story's topic, newest first."""
        rows = self.db.execute(
            "SELECT o.id, o.label, o.start, o.end, o.articles FROM stories s JOIN stories o ON o.topic = s.topic"
            " WHERE s.id = ? AND o.id != s.id ORDER BY o.end DESC, o.articles DESC LIMIT ?", (ident, limit))
        return [dict(r) for r in rows]

    def story_claims(self, ident: str) -> list[dict]:
        """The claims of a story's articles, with each article's outlet and publication date."""
        rows = self.db.execute(
            "SELECT c.*, a.outlet, a.published, a.source_file FROM claims c JOIN story_articles s"
            " ON s.article = c.article JOIN articles a ON a.id = c.article WHERE s.story = ? ORDER BY a.rowid, c.q_start",
            (ident,))
        return [_claim(r) for r in rows]

    def save_claim_groups(self, story: str, groups: Iterable[ClaimGroup]) -> None:
        """Replace a story's claim groups."""
        self.db.execute("DELETE FROM claim_group_members WHERE grp IN (SELECT id FROM claim_groups WHERE story = ?)",
                        (story,))
        self.db.execute("DELETE FROM claim_groups WHERE story = ?", (story,))
        for g in groups:
            self.db.execute("INSERT INTO claim_groups (id, story, kind, actor, unit, facet, sources, origin)"
                            " VALUES (?,?,?,?,?,?,?,?)", (g.id, story, g.kind, g.actor, g.unit, g.facet, g.sources,
                                                          g.origin))
            self.db.executemany("INSERT INTO claim_group_members (grp, claim, figure) VALUES (?, ?, ?)",
                                [(g.id, c, f) for c, f in g.claims])

    def claim_groups(self, story: str | None = None) -> list[ClaimGroup]:
        """Claim groups (of one story, or all), largest first within a story."""
        where, args = ("WHERE story = ?", (story,)) if story else ("", ())
        groups = self.db.execute(f"SELECT * FROM claim_groups {where} ORDER BY story, rowid", args).fetchall()
        members: dict[str, list] = {}
        for g, c, f in self.db.execute(
                "SELECT m.grp, m.claim, m.figure FROM claim_group_members m JOIN claim_groups g ON g.id = m.grp"
                f" {where.replace('story', 'g.story')} ORDER BY m.rowid", args):
            members.setdefault(g, []).append((c, f))
        return [ClaimGroup(id=g["id"], story=g["story"], kind=g["kind"], claims=tuple(members.get(g["id"], ())),
                           actor=g["actor"], unit=g["unit"], facet=g["facet"], sources=g["sources"],
                           origin=g["origin"]) for g in groups]

    def groups(self, table: str) -> dict[str, list[str]]:
        """The duplicate or same-origin groups: {group id: article ids, first stored first}."""
        if table not in ("duplicates", "origins"):
            raise ValueError(table)
        out: dict[str, list[str]] = {}
        for grp, article in self.db.execute(f"SELECT t.grp, t.article FROM {table} t JOIN articles a ON a.id = t.article"
                                            " ORDER BY a.rowid"):
            out.setdefault(grp, []).append(article)
        return {k: v for k, v in out.items() if len(v) > 1}

    def group_origins(self) -> dict[str, str | None]:
        return dict(self.db.execute("SELECT grp, max(origin) FROM origins GROUP BY grp").fetchall())

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

    def top_entities(self, limit: int | None = 50, type: str | None = None, offset: int = 0,
                     since: str | None = None, until: str | None = None, outlet: str | None = None) -> list[dict]:
        """Entities with their mention and article counts, most mentioned first; counting only articles
        published in [since, until] or by an outlet, if given."""
        where, args = _article_filters(since, until, outlet, prefix="a.")
        if type:
            where = " AND ".join(x for x in (where, "e.type = ?") if x)
            args.append(type)
        join = " JOIN articles a ON a.id = m.article" if since or until or outlet else ""
        rows = self.db.execute(
            "SELECT e.id, e.type, e.name, e.name_en, e.kb, count(*) AS mentions, count(DISTINCT m.article) AS articles"
            f" FROM mentions m JOIN entities e ON e.id = m.entity{join} {'WHERE ' + where if where else ''}"
            " GROUP BY e.id ORDER BY mentions DESC, articles DESC, e.name LIMIT ? OFFSET ?",
            (*args, -1 if limit is None else limit, offset))
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

    def claims(self, entity: str | None = None, unit: str | None = None, limit: int | None = None, *,
               offset: int = 0, since: str | None = None, until: str | None = None,
               outlet: str | None = None) -> list[dict]:
        """Claims, in article order; about an entity (as actor), counting a unit, in articles published
        in [since, until] or by an outlet, if given."""
        where, args = _article_filters(since, until, outlet, prefix="a.")
        for cond, value in (("c.actor = ?", entity), ("c.unit = ?", unit)):
            if value is not None:
                where = " AND ".join(x for x in (where, cond) if x)
                args.append(value)
        rows = self.db.execute(
            "SELECT c.*, a.outlet, a.published FROM claims c JOIN articles a ON a.id = c.article"
            f" {'WHERE ' + where if where else ''} ORDER BY a.rowid, c.q_start LIMIT ? OFFSET ?",
            (*args, -1 if limit is None else limit, offset))
        return [_claim(r) for r in rows]

    def lead_dates(self, articles: list[str], chars: int) -> dict[str, list[str]]:
        """The resolved values of the dates in the first `chars` characters of each article, in order."""
        out: dict[str, list[str]] = {}
        for chunk in _chunks(articles):
            for a, v in self.db.execute(f"SELECT article, value FROM dates WHERE start < ? AND article IN"
                                        f" ({','.join('?' * len(chunk))}) ORDER BY article, start", (chars, *chunk)):
                out.setdefault(a, []).append(v)
        return out

    def dates_in(self, articles: list[str]) -> list[dict]:
        """The resolved dates of some articles, with each article's text, outlet and publication date."""
        out = []
        for chunk in _chunks(articles):
            out += [dict(r) for r in self.db.execute(
                "SELECT d.article, d.start, d.end, d.text, d.value, a.text AS article_text, a.outlet, a.published"
                f" FROM dates d JOIN articles a ON a.id = d.article WHERE d.article IN ({','.join('?' * len(chunk))})"
                " ORDER BY a.rowid, d.start", chunk)]
        return out

    def entities_by_id(self, ids: Iterable[str]) -> dict[str, dict]:
        ids = list(ids)
        out = {}
        for chunk in _chunks(ids):
            out.update({r["id"]: dict(r) for r in self.db.execute(
                f"SELECT id, type, name, name_en, kb FROM entities WHERE id IN ({','.join('?' * len(chunk))})", chunk)})
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

    def search(self, query: str, limit: int = 20, offset: int = 0, since: str | None = None,
               until: str | None = None, outlet: str | None = None) -> list[tuple[Article, str]]:
        """Articles matching every word of `query` whatever its spelling, best first, with a snippet;
        published in [since, until] or by an outlet, if given.

        Words are folded (alef/hamza, ya, ta marbuta, diacritics…) and match with or without attached
        proclitics (و ف ب ل ك); a query in double quotes is a phrase.
        """
        match, forms = fts_query(query)
        if not match:
            return []
        where, args = _article_filters(since, until, outlet, prefix="")
        if where:  # filtered: rank every match, keep those that pass
            sql = (f"SELECT {_COLUMNS} FROM articles JOIN (SELECT rowid AS r, rank FROM article_search"
                   f" WHERE article_search MATCH ?) ON articles.rowid = r WHERE {where} ORDER BY rank LIMIT ? OFFSET ?")
        else:
            sql = (f"SELECT {_COLUMNS} FROM articles JOIN (SELECT rowid AS r, rank FROM article_search"
                   " WHERE article_search MATCH ? ORDER BY rank LIMIT ? OFFSET ?) ON articles.rowid = r ORDER BY rank")
        rows = self.db.execute(sql, (match, *args, limit, offset)).fetchall()
        return [(a, snippet(a, forms)) for a in map(_article, rows)]


def _article_filters(since: str | None, until: str | None, outlet: str | None, prefix: str) -> tuple[str, list]:
    """SQL conditions (and their arguments) on an article's date (published, else fetched) and outlet."""
    when = f"coalesce({prefix}published, {prefix}fetched)"
    where, args = [], []
    for cond, value in ((f"{when} >= ?", since), (f"substr({when}, 1, 10) <= ?", until), (f"{prefix}outlet = ?", outlet)):
        if value:
            where.append(cond)
            args.append(value)
    return " AND ".join(where), args


def _claim(row: sqlite3.Row) -> dict:
    d = dict(row)
    d["attribution"] = json.loads(d["attribution"])
    return d


def _vector(blob: bytes) -> np.ndarray:
    """An embedding as stored (float16, half the size; cosines move by < 0.001)."""
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)


def _chunks(items: list, size: int = 500) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


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


@lru_cache(maxsize=256)
def _forms_pattern(forms: tuple[str, ...]) -> re.Pattern:
    """One regex for every form a query looks for, longest first, as whole words."""
    alternatives = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def snippet(article: Article, forms: list[str], width: int = 80) -> str:
    """The passage of the display text around the first match, the match between « »."""
    pattern = _forms_pattern(tuple(forms))
    for field_text in (article.text, article.title or ""):
        first = pattern.search(fold(field_text))  # cheap: is it here, and roughly where?
        if not first:
            continue
        # map offsets only as far as the match (folding only shortens text, so it lies within this prefix)
        cut = min(len(field_text), int(first.end() * 1.3) + 64)
        folded, where = fold_map(field_text[:cut])
        m = pattern.search(folded)
        if not m or (cut < len(field_text) and m.end() + 1 >= len(folded)):
            folded, where = fold_map(field_text)
            m = pattern.search(folded)
        if m:
            s, e = where[m.start()], where[m.end() - 1] + 1
            left = field_text[max(0, s - width):s]
            right = field_text[e:e + width]
            return (("…" if s > width else "") + left + "«" + field_text[s:e] + "»" + right
                    + ("…" if e + width < len(field_text) else "")).replace("\n", " ")
    return (article.text[: 2 * width] + "…").replace("\n", " ")
