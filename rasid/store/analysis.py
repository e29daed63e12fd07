"""What the per-article analysis found (mentions, dates, claims, features) and the entities linking made."""
from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator

import numpy as np

from rasid.model import Analysis, Article, Entity, Features, Mention, RankedEntity, SourcedClaim, TimeExpr
from rasid.store import rows
from rasid.store.rows import ARTICLE_COLUMNS, CLAIM_COLUMNS, ENTITY_COLUMNS, Tables, article_filters, marks

_RANKED = (f"SELECT {ENTITY_COLUMNS}, count(*) AS mentions, count(DISTINCT m.article) AS articles"
           " FROM mentions m JOIN entities e ON e.id = m.entity")


class AnalysisTables(Tables):
    # --- what is due ------------------------------------------------------------------------

    def pending_analysis(self, version: int, limit: int | None = None, ids: Iterable[str] | None = None,
                         skip: Collection[str] = ()) -> list[Article]:
        """Articles not yet analysed by this version of the analysis (of `ids`, if given), in storage
        order, leaving out `skip` (the ones being analysed while an earlier batch is saved)."""
        if ids is None:
            found = self.db.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE analyzed < ? ORDER BY rowid LIMIT ?",
                (version, self.NO_LIMIT if limit is None else limit + len(skip))).fetchall()
        else:
            found = sorted((r for chunk in rows.chunks(ids) for r in self.db.execute(
                f"SELECT rowid, {ARTICLE_COLUMNS} FROM articles WHERE analyzed < ? AND id IN ({marks(chunk)})",
                (version, *chunk))), key=lambda r: r["rowid"])
        return [rows.article(r) for r in found if r["id"] not in skip][:limit]

    def still_pending(self, ids: Iterable[str], version: int) -> set[str]:
        """Which of `ids` still need this version of the analysis (another writer may have done some)."""
        out: set[str] = set()
        for chunk in rows.chunks(ids):
            out.update(r[0] for r in self.db.execute(
                f"SELECT id FROM articles WHERE analyzed < ? AND id IN ({marks(chunk)})", (version, *chunk)))
        return out

    def count_pending(self, version: int) -> int:
        return self.db.execute("SELECT count(*) FROM articles WHERE analyzed < ?", (version,)).fetchone()[0]

    def has_stale_analysis(self, version: int) -> bool:
        """Whether some article was analysed by an older version of the analysis."""
        return self.db.execute("SELECT 1 FROM articles WHERE analyzed BETWEEN 1 AND ? LIMIT 1",
                               (version - 1,)).fetchone() is not None

    # --- writing ---------------------------------------------------------------------------

    def save_analysis(self, analysis: Analysis, version: int) -> None:
        """Replace an article's mentions (linked to their entities), dates, claims and features; mark it
        analysed, and due for the corpus step."""
        ident = analysis.article
        for table in ("mentions", "dates", "claims"):
            self.db.execute(f"DELETE FROM {table} WHERE article = ?", (ident,))
        self.db.executemany("INSERT INTO mentions (article, start, \"end\", text, type, entity) VALUES (?,?,?,?,?,?)"
                            " ON CONFLICT(article, start) DO NOTHING",
                            [(ident, m.start, m.end, m.text, m.type, m.entity) for m in analysis.mentions])
        self.db.executemany("INSERT INTO dates (article, start, \"end\", text, value, clock) VALUES (?,?,?,?,?,?)"
                            " ON CONFLICT(article, start) DO NOTHING",
                            [(ident, d.start, d.end, d.text, d.value, d.clock) for d in analysis.dates])
        self.db.executemany(f"INSERT INTO claims ({CLAIM_COLUMNS}) VALUES ({marks([0] * 18)})"
                            " ON CONFLICT(id) DO NOTHING", [rows.claim_values(c) for c in analysis.claims])
        if (f := analysis.features) is not None:
            self.db.execute(
                "INSERT INTO features (article, minhash, embedding, terms, title_terms, figures, days, rare, events,"
                " report) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(article) DO UPDATE SET minhash = excluded.minhash,"
                " embedding = excluded.embedding, terms = excluded.terms, title_terms = excluded.title_terms,"
                " figures = excluded.figures, days = excluded.days, rare = excluded.rare, events = excluded.events,"
                " report = excluded.report",
                (ident, f.signature.astype("<u4").tobytes(), f.embedding.astype(np.float16).tobytes(),
                 rows.terms_blob(f.terms), rows.terms_blob(f.title_terms), np.asarray(f.figures, dtype="<u4").tobytes(),
                 np.asarray(f.days, dtype="<i4").tobytes(), np.asarray(f.rare, dtype="<u4").tobytes(),
                 np.asarray(f.events, dtype="<u4").tobytes(), f.report))
        self.db.execute("UPDATE articles SET analyzed = ?, related = 0 WHERE id = ?", (version, ident))

    def save_entity(self, e: Entity, keys: Iterable[tuple[str, str]]) -> None:
        """Create the entity, or give it a fuller name (more words) than it had; register the keys the
        linker finds it under."""
        self.db.execute(
            "INSERT INTO entities (id, type, name, name_en, kb) VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
            " name = CASE WHEN entities.kb IS NULL AND length(excluded.name) - length(replace(excluded.name, ' ', ''))"
            " > length(entities.name) - length(replace(entities.name, ' ', '')) THEN excluded.name"
            " ELSE entities.name END, name_en = coalesce(entities.name_en, excluded.name_en)",
            (e.id, e.type, e.name, e.name_en, e.kb))
        self.db.executemany("INSERT INTO entity_keys (kind, key, type, entity) VALUES (?,?,?,?) ON CONFLICT DO NOTHING",
                            [(kind, key, e.type, e.id) for kind, key in sorted(keys) if key])

    # --- entities ----------------------------------------------------------------------------

    def entities_by_key(self, keys: Iterable[tuple[str, str]], type: str) -> list[str]:
        """Distinct entities of `type` registered under any of `keys`."""
        keys = list(keys)
        if not keys:
            return []
        where = " OR ".join("(kind = ? AND key = ?)" for _ in keys)
        found = self.db.execute(f"SELECT DISTINCT entity FROM entity_keys WHERE type = ? AND ({where})",
                                (type, *[x for k in keys for x in k]))
        return sorted(r[0] for r in found)

    def entity(self, ident: str) -> Entity | None:
        row = self.db.execute(f"SELECT {ENTITY_COLUMNS} FROM entities e WHERE id = ?", (ident,)).fetchone()
        return rows.entity(row) if row else None

    def entities_by_id(self, ids: Iterable[str]) -> dict[str, Entity]:
        out = {}
        for chunk in rows.chunks(ids):
            out.update({r["id"]: rows.entity(r) for r in self.db.execute(
                f"SELECT {ENTITY_COLUMNS} FROM entities e WHERE id IN ({marks(chunk)})", chunk)})
        return out

    def all_entities(self) -> dict[str, Entity]:
        return {r["id"]: rows.entity(r) for r in self.db.execute(f"SELECT {ENTITY_COLUMNS} FROM entities e")}

    def find_entities(self, key: str, name: str) -> list[RankedEntity]:
        """Entities with the id `name`, the English name `name`, or registered under the name key `key`
        (any spelling seen), most mentioned first."""
        found = self.db.execute(
            f"SELECT {ENTITY_COLUMNS}, count(m.article) AS mentions,"
            " count(DISTINCT m.article) AS articles FROM entities e LEFT JOIN mentions m ON m.entity = e.id"
            " WHERE e.id IN (SELECT ? UNION SELECT entity FROM entity_keys WHERE key = ? AND kind IN"
            " ('strict', 'loose', 'part') UNION SELECT id FROM entities WHERE lower(name_en) = lower(?))"
            " GROUP BY e.id ORDER BY mentions DESC, e.id",  # one IN of a union: each part by its index, not a scan
            (name, key, name))
        return [rows.ranked_entity(r) for r in found]

    def top_entities(self, limit: int | None = 50, type: str | None = None, offset: int = 0,
                     since: str | None = None, until: str | None = None,
                     outlet: str | None = None) -> list[RankedEntity]:
        """Entities with their mention and article counts, most mentioned first; counting only articles
        published in [since, until] or by an outlet, if given."""
        where, args = self._entity_filters(type, since, until, outlet)
        found = self.db.execute(
            f"{_RANKED}{self._join(since, until, outlet)} {where} GROUP BY e.id"
            " ORDER BY mentions DESC, articles DESC, e.name, e.id LIMIT ? OFFSET ?",
            (*args, self.NO_LIMIT if limit is None else limit, offset))
        return [rows.ranked_entity(r) for r in found]

    def count_entities(self, type: str | None = None, since: str | None = None, until: str | None = None,
                       outlet: str | None = None) -> int:
        """How many entities `top_entities` would list without a limit."""
        where, args = self._entity_filters(type, since, until, outlet)
        return self.db.execute(f"SELECT count(DISTINCT m.entity) FROM mentions m JOIN entities e ON e.id = m.entity"
                               f"{self._join(since, until, outlet)} {where}", args).fetchone()[0]

    @staticmethod
    def _join(since, until, outlet) -> str:
        return " JOIN articles a ON a.id = m.article" if since or until or outlet else ""

    @staticmethod
    def _entity_filters(type, since, until, outlet) -> tuple[str, list]:
        where, args = article_filters(since, until, outlet, prefix="a.")
        if type:
            where = " AND ".join(x for x in (where, "e.type = ?") if x)
            args.append(type)
        return ("WHERE " + where if where else ""), args

    def mentions_of(self, entity: str) -> list[Mention]:
        """The mentions of an entity, by article and place."""
        return self._mentions("entity", entity)

    def mentions_in(self, article: str) -> list[Mention]:
        """The mentions in an article, in text order."""
        return self._mentions("article", article)

    def _mentions(self, column: str, value: str) -> list[Mention]:
        found = self.db.execute(f"SELECT article, text, start, \"end\", type, entity FROM mentions WHERE {column} = ?"
                                " ORDER BY article, start", (value,))
        return [Mention(**dict(r)) for r in found]

    def co_occurring(self, entity: str, limit: int = 15) -> list[RankedEntity]:
        """Entities named in the same articles, by the number of articles shared (`mentions` counts
        their mentions in those articles)."""
        found = self.db.execute(
            f"SELECT {ENTITY_COLUMNS}, count(*) AS mentions, count(DISTINCT m2.article) AS articles"
            " FROM (SELECT DISTINCT article FROM mentions WHERE entity = ?) m1"
            " JOIN mentions m2 ON m2.article = m1.article AND m2.entity != ?"
            " JOIN entities e ON e.id = m2.entity GROUP BY e.id ORDER BY articles DESC, e.name, e.id LIMIT ?",
            (entity, entity, limit))
        return [rows.ranked_entity(r) for r in found]

    def all_mentions(self) -> Iterator[Mention]:
        """Every mention, grouped by entity, in storage order within it (for export)."""
        for r in self.db.execute("SELECT m.article, m.text, m.start, m.\"end\", m.type, m.entity FROM mentions m"
                                 " JOIN articles a ON a.id = m.article ORDER BY m.entity NULLS FIRST, a.rowid, m.start"):
            yield Mention(**dict(r))

    def entity_idf(self) -> dict[str, float]:
        """log(1 + N / articles naming it) per entity, N the articles analysed: rare names weigh more."""
        n = self.db.execute("SELECT count(*) FROM articles WHERE analyzed > 0").fetchone()[0] or 1
        found = self.db.execute("SELECT entity, count(DISTINCT article) FROM mentions WHERE entity IS NOT NULL"
                                " GROUP BY entity")
        return {e: float(np.log1p(n / df)) for e, df in found}

    def entity_counts(self, ids: Iterable[str]) -> dict[str, Counter]:
        """How often each of the articles `ids` names each entity."""
        ids = list(ids)
        out: dict[str, Counter] = {i: Counter() for i in ids}
        for chunk in rows.chunks(ids):
            for a, e, n in self.db.execute(
                    f"SELECT article, entity, count(*) FROM mentions WHERE entity IS NOT NULL AND article IN"
                    f" ({marks(chunk)}) GROUP BY article, entity ORDER BY article, entity", chunk):
                out[a][e] = n
        return out

    # --- dates and claims -------------------------------------------------------------------

    def all_dates(self) -> Iterator[TimeExpr]:
        for r in self.db.execute("SELECT d.article, d.text, d.start, d.\"end\", d.value, d.clock FROM dates d JOIN articles a"
                                 " ON a.id = d.article ORDER BY a.rowid, d.start"):
            yield TimeExpr(**dict(r))

    def dates_in(self, articles: Iterable[str]) -> list[TimeExpr]:
        """The resolved dates of some articles, in storage order."""
        out = []
        for chunk in rows.chunks(articles):
            out += [TimeExpr(**dict(r)) for r in self.db.execute(
                "SELECT d.article, d.text, d.start, d.\"end\", d.value, d.clock FROM dates d JOIN articles a ON a.id = d.article"
                f" WHERE d.article IN ({marks(chunk)}) ORDER BY a.rowid, d.start", chunk)]
        return out

    def lead_dates(self, articles: Iterable[str], chars: int) -> dict[str, list[str]]:
        """The resolved values of the dates in the first `chars` characters of each article, in order."""
        out: dict[str, list[str]] = {}
        for chunk in rows.chunks(articles):
            for a, v in self.db.execute(f"SELECT article, value FROM dates WHERE start < ? AND article IN"
                                        f" ({marks(chunk)}) ORDER BY article, start", (chars, *chunk)):
                out.setdefault(a, []).append(v)
        return out

    def claims(self, entity: str | None = None, unit: str | None = None, limit: int | None = None, *,
               offset: int = 0, since: str | None = None, until: str | None = None,
               outlet: str | None = None, kind: str | None = None) -> list[SourcedClaim]:
        """Claims, in article order; about an entity (as actor), counting a unit, in articles published
        in [since, until] or by an outlet, in a claim group of a kind (differ, revised, agree), if given."""
        where, args = self._claim_filters(entity, unit, since, until, outlet, kind)
        found = self.db.execute(
            f"SELECT c.*, a.outlet, a.published, a.fetched FROM claims c JOIN articles a ON a.id = c.article"
            f" {where} ORDER BY a.rowid, c.q_start LIMIT ? OFFSET ?", (*args, self.NO_LIMIT if limit is None else limit, offset))
        return [rows.claim(r) for r in found]

    def count_claims(self, entity: str | None = None, unit: str | None = None, since: str | None = None,
                     until: str | None = None, outlet: str | None = None, kind: str | None = None) -> int:
        where, args = self._claim_filters(entity, unit, since, until, outlet, kind)
        return self.db.execute(f"SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article {where}",
                               args).fetchone()[0]

    @staticmethod
    def _claim_filters(entity, unit, since, until, outlet, kind=None) -> tuple[str, list]:
        where, args = article_filters(since, until, outlet, prefix="a.")
        in_kind = ("c.id IN (SELECT m.claim FROM claim_group_members m JOIN claim_groups g ON g.id = m.grp"
                   " WHERE g.kind = ?)")
        for cond, value in (("c.actor = ?", entity), ("c.unit = ?", unit), (in_kind, kind)):
            if value is not None:
                where = " AND ".join(x for x in (where, cond) if x)
                args.append(value)
        return ("WHERE " + where if where else ""), args

    def article_claims(self, article: str) -> list[SourcedClaim]:
        found = self.db.execute("SELECT c.*, a.outlet, a.published, a.fetched FROM claims c JOIN articles a"
                                " ON a.id = c.article WHERE c.article = ? ORDER BY c.q_start", (article,))
        return [rows.claim(r) for r in found]

    # --- features ----------------------------------------------------------------------------

    def features(self, ids: Iterable[str]) -> dict[str, Features]:
        """What the corpus step compares articles by, for each of the articles `ids` that has it."""
        out = {}
        for chunk in rows.chunks(ids):
            found = self.db.execute("SELECT article, minhash, embedding, terms, title_terms, figures, days, rare,"
                                    f" events, report FROM features WHERE article IN ({marks(chunk)})", chunk)
            out.update({r[0]: Features(np.frombuffer(r[1], dtype="<u4"), rows.vector(r[2]), rows.terms_of(r[3]),
                                       rows.terms_of(r[4]), rows.ints_of(r[5], "<u4"), rows.ints_of(r[6], "<i4"),
                                       rows.ints_of(r[7], "<u4"), rows.ints_of(r[8], "<u4"), r[9]) for r in found})
        return out

    def embeddings(self, ids: Iterable[str]) -> dict[str, np.ndarray]:
        return {k: v.embedding for k, v in self.features(ids).items()}

    def all_embeddings(self) -> tuple[list[str], np.ndarray]:
        """Every article's id and embedding (for semantic search)."""
        ids, vecs = [], []
        for a, blob in self.db.execute("SELECT f.article, f.embedding FROM features f JOIN articles a"
                                       " ON a.id = f.article ORDER BY a.rowid"):
            if blob:
                ids.append(a)
                vecs.append(np.frombuffer(blob, dtype=np.float16))
        return ids, (np.vstack(vecs).astype(np.float32) if vecs else np.zeros((0, 512), dtype=np.float32))
