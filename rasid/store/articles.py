"""Articles, where they were seen, what could not be read, and full-text search over them."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from rasid.model import Article, Problem, SearchHit, Sighting
from rasid.store import rows
from rasid.store.rows import ARTICLE_COLUMNS, Tables, article_filters, marks
from rasid.store.search import fts_query, passage, snippet


class ArticleTables(Tables):
    # --- writing ---------------------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> tuple[int, int, list[Article]]:
        """Store articles not seen before and record every sighting; (new, already known, the new ones)."""
        known = 0
        added = []
        now = rows.now()
        for a in articles:
            new = self.db.execute(f"INSERT INTO articles ({ARTICLE_COLUMNS}, ingested) VALUES"
                                  " (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING RETURNING rowid",
                                  rows.article_values(a, now)).fetchone()
            if new:
                added.append(a)
                self._index_text(new[0], a)
            else:
                known += 1
            if a.source:
                self.db.execute(
                    "INSERT INTO sightings (source, part, article, url, outlet, published, ingested)"
                    " VALUES (?,?,?,?,?,?,?) ON CONFLICT(source, part) DO UPDATE SET article = excluded.article,"
                    " url = excluded.url, outlet = excluded.outlet, published = excluded.published,"
                    " ingested = excluded.ingested", (a.source, a.part, a.id, a.url, a.outlet, a.published, now))
        return len(added), known, added

    def add_problems(self, problems: Iterable[Problem]) -> None:
        now = rows.now()
        self.db.executemany("INSERT INTO problems (source, reason, seen) VALUES (?, ?, ?)"
                            " ON CONFLICT(source, reason) DO UPDATE SET seen = excluded.seen",
                            [(p.source, p.reason, now) for p in problems])

    # --- reading ---------------------------------------------------------------------------

    def count(self, table: str = "articles") -> int:
        if table not in ("articles", "sightings", "problems"):
            raise ValueError(table)
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def count_articles(self, outlet: str | None = None, since: str | None = None, until: str | None = None) -> int:
        where, args = article_filters(since, until, outlet, prefix="")
        return self.db.execute(f"SELECT count(*) FROM articles {'WHERE ' + where if where else ''}", args).fetchone()[0]

    def articles(self, limit: int | None = None, offset: int = 0, outlet: str | None = None,
                 since: str | None = None, until: str | None = None) -> list[Article]:
        """Articles, newest first (by publication date, else fetch date; undated last), optionally filtered."""
        where, args = article_filters(since, until, outlet, prefix="")
        sql = (f"SELECT {ARTICLE_COLUMNS} FROM articles {'WHERE ' + where if where else ''}"
               " ORDER BY coalesce(published, fetched) IS NULL, coalesce(published, fetched) DESC, rowid"
               " LIMIT ? OFFSET ?")
        return [rows.article(r) for r in self.db.execute(sql, (*args, self.NO_LIMIT if limit is None else limit, offset))]

    def all_articles(self) -> Iterator[Article]:
        """Every article in the order it was stored: the order of its input."""
        for row in self.db.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY rowid"):
            yield rows.article(row)

    def get(self, ident: str) -> Article | None:
        """The article with this id, or the only one whose id starts with it."""
        found = self.db.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                                (ident, ident + "\uffff")).fetchall()
        exact = [r for r in found if r["id"] == ident]
        return rows.article(exact[0] if exact else found[0]) if len(exact) == 1 or len(found) == 1 else None

    def get_many(self, ids: Iterable[str]) -> dict[str, Article]:
        """The articles with these ids (those that exist)."""
        out = {}
        for chunk in rows.chunks(ids):
            out.update({r["id"]: rows.article(r) for r in self.db.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id IN ({rows.marks(chunk)})", chunk)})
        return out

    def outlets(self, ids: Iterable[str]) -> dict[str, str | None]:
        """The outlet of each of the articles `ids`."""
        out: dict[str, str | None] = {}
        for chunk in rows.chunks(ids):
            out.update(self.db.execute(f"SELECT id, outlet FROM articles WHERE id IN ({rows.marks(chunk)})",
                                       chunk).fetchall())
        return out

    def sightings(self, article_id: str) -> list[Sighting]:
        found = self.db.execute("SELECT source, part, article, url, outlet, published, ingested FROM sightings"
                                " WHERE article = ? ORDER BY ingested, source", (article_id,))
        return [Sighting(**dict(r)) for r in found]

    def urls(self, article_id: str) -> list[str]:
        """Every URL the article was seen under, its own first."""
        found = self.db.execute("SELECT url, 0 AS k, '' AS t FROM articles WHERE id = ? AND url IS NOT NULL UNION ALL"
                                " SELECT url, 1, ingested FROM sightings WHERE article = ? AND url IS NOT NULL"
                                " ORDER BY k, t", (article_id, article_id))
        return list(dict.fromkeys(r[0] for r in found))

    def all_urls(self) -> dict[str, list[str]]:
        """Every article's URLs (its own first, then those of its sightings), for articles that have any."""
        out: dict[str, list[str]] = {}
        for a, url, _, _ in self.db.execute("SELECT id, url, 0 AS k, '' AS t FROM articles WHERE url IS NOT NULL"
                                            " UNION ALL SELECT article, url, 1, ingested FROM sightings"
                                            " WHERE url IS NOT NULL ORDER BY k, t"):
            urls = out.setdefault(a, [])
            if url not in urls:
                urls.append(url)
        return out

    def problems(self, limit: int | None = None) -> list[Problem]:
        found = self.db.execute("SELECT source, reason FROM problems ORDER BY seen DESC, source LIMIT ?",
                                (self.NO_LIMIT if limit is None else limit,))
        return [Problem(r["source"], r["reason"]) for r in found]

    def search(self, query: str, limit: int = 20, offset: int = 0, since: str | None = None,
               until: str | None = None, outlet: str | None = None, entities: Sequence[str] = ()) -> list[SearchHit]:
        """Articles matching every word of `query` whatever its spelling, best first, with a snippet;
        published in [since, until] or by an outlet, if given (see `rasid.store.search`). Articles that
        mention one of `entities` (the entities the query names) match too, after the text matches,
        their snippet marking the spelling they use."""
        groups, forms = fts_query(query)
        match = self._match(groups) if groups else ""
        if not match and not entities:
            return []
        where, args = article_filters(since, until, outlet, prefix="")
        if entities:
            hits, hit_args = self._hits(match, entities, None if where else offset + limit)
            sql = (f"SELECT {ARTICLE_COLUMNS} FROM articles JOIN ({hits}) h ON articles.rowid = h.r"
                   f"{' WHERE ' + where if where else ''} ORDER BY rank, articles.rowid LIMIT ? OFFSET ?")
            found = self.db.execute(sql, (*hit_args, *args, limit, offset)).fetchall()
        elif where:  # filtered: rank every match, keep those that pass
            sql = (f"SELECT {ARTICLE_COLUMNS} FROM articles JOIN ({self.FTS_HITS}) h ON articles.rowid = h.r"
                   f" WHERE {where} ORDER BY rank, h.r LIMIT ? OFFSET ?")
            found = self.db.execute(sql, (match, *args, limit, offset)).fetchall()
        else:
            sql = (f"SELECT {ARTICLE_COLUMNS} FROM articles JOIN ({self.FTS_HITS} ORDER BY rank, r LIMIT ? OFFSET ?) h"
                   " ON articles.rowid = h.r ORDER BY rank, h.r")
            found = self.db.execute(sql, (match, limit, offset)).fetchall()
        articles = [rows.article(r) for r in found]
        named = self._first_mentions([a.id for a in articles], entities) if entities else {}
        return [SearchHit(a, passage(a.text, *named[a.id]) if a.id in named else snippet(a, forms)) for a in articles]

    def _hits(self, match: str, entities: Sequence[str], best: int | None = None) -> tuple[str, list]:
        """SQL of (r = article rowid, rank) for the text matches and the articles naming `entities`
        (ranked after every text match); with `best`, only the best text matches are kept (a page of hits
        needs no more, and ranking is what costs: every match's index entry is read)."""
        parts, args = [], []
        if match:
            ranked = f"{self.FTS_HITS} ORDER BY rank, r LIMIT {int(best)}" if best is not None else self.FTS_HITS
            parts.append(f"SELECT r, rank FROM ({ranked}) t")
            args.append(match)
        parts.append("SELECT a.rowid AS r, 0.0 AS rank FROM mentions m JOIN articles a ON a.id = m.article"
                     f" WHERE m.entity IN ({marks(list(entities))})")
        args += list(entities)
        return f"SELECT r, min(rank) AS rank FROM ({' UNION ALL '.join(parts)}) u GROUP BY r", args

    def _first_mentions(self, articles: Sequence[str], entities: Sequence[str]) -> dict[str, tuple[int, int]]:
        """(start, end) of each article's first mention of one of `entities`."""
        if not articles:
            return {}
        found = self.db.execute(
            f'SELECT article, start, "end" FROM mentions WHERE article IN ({marks(list(articles))})'
            f" AND entity IN ({marks(list(entities))}) ORDER BY article, start DESC", (*articles, *entities))
        return {r["article"]: (r["start"], r["end"]) for r in found}  # the last row of an article is its first

    def count_matches(self, query: str, entities: Sequence[str] = ()) -> int:
        """How many articles a full-text query matches (or name one of `entities`)."""
        groups, _ = fts_query(query)
        match = self._match(groups) if groups else ""
        if entities:
            named = ("SELECT a.rowid AS r FROM mentions m JOIN articles a ON a.id = m.article"
                     f" WHERE m.entity IN ({marks(list(entities))})")
            rows_ = f"{self.FTS_ROWS} UNION {named}" if match else named
            return self.db.execute(f"SELECT count(*) FROM ({rows_}) h", [match] * bool(match) + list(entities)).fetchone()[0]
        if not match:
            return 0
        return self.db.execute(f"SELECT count(*) FROM ({self.FTS_ROWS}) h", (match,)).fetchone()[0]
