"""Following the news: the sources `rasid watch` polls, the links it took, what users watch, their alerts.

New articles are matched against watches by `articles.rowid`: each watch remembers the rowid up to which
it has looked (`checked`), and only articles the corpus step has placed are looked at, so an article is
matched once, with its story and claim groups already known.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from rasid.model import Alert, FeedSource, Watch
from rasid.store import rows
from rasid.store.rows import Tables, marks
from rasid.store.search import fts_query

SOURCE_COLUMNS = ("name, url, outlet, interval, etag, modified, polls, failures, last_poll, last_ok, last_error,"
                  " next_poll, articles, last_new")
WATCH_COLUMNS = "id, kind, target, label, relation, webhook, created"
ALERT_COLUMNS = ("al.watch, al.article, al.at, al.why, a.title, a.outlet, a.published, sa.story, al.delivered")
ALERT_FROM = ("alerts al JOIN articles a ON a.id = al.article LEFT JOIN story_articles sa ON sa.article = al.article")
MAX_TRIES = 3  # a link whose page and summary both failed is tried again at this many polls, then left


class MonitorTables(Tables):
    # --- sources ---------------------------------------------------------------------------

    def sync_sources(self, sources: Iterable[FeedSource]) -> None:
        """Make the stored sources those of the configuration, keeping each one's polling state (a
        source whose URL changed starts afresh: its validators were the old URL's)."""
        for s in sources:
            self.db.execute(
                "INSERT INTO sources (name, url, outlet, interval) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE"
                " SET outlet = excluded.outlet, interval = excluded.interval,"
                " etag = CASE WHEN sources.url = excluded.url THEN sources.etag END,"
                " modified = CASE WHEN sources.url = excluded.url THEN sources.modified END,"
                " failures = CASE WHEN sources.url = excluded.url THEN sources.failures ELSE 0 END,"
                " url = excluded.url", (s.name, s.url, s.outlet, s.interval))

    def feed_sources(self, names: Sequence[str] | None = None) -> list[FeedSource]:
        if names is None:
            found = self.db.execute(f"SELECT {SOURCE_COLUMNS} FROM sources ORDER BY name").fetchall()
        else:
            found = self.db.execute(f"SELECT {SOURCE_COLUMNS} FROM sources WHERE name IN ({marks(list(names))})"
                                    " ORDER BY name", list(names)).fetchall() if names else []
        return [FeedSource(*r) for r in found]

    def record_poll(self, name: str, *, at: str, next_poll: str, error: str | None = None, new: int = 0,
                    etag: str | None = None, modified: str | None = None) -> None:
        """What one poll of a source came to: an error (one more failure in a row), or success with its
        new articles and validators."""
        if error is not None:
            self.db.execute("UPDATE sources SET polls = polls + 1, failures = failures + 1, last_poll = ?,"
                            " last_error = ?, next_poll = ? WHERE name = ?", (at, error, next_poll, name))
        else:
            self.db.execute("UPDATE sources SET polls = polls + 1, failures = 0, last_poll = ?, last_ok = ?,"
                            " last_error = NULL, next_poll = ?, etag = ?, modified = ?, articles = articles + ?,"
                            " last_new = ? WHERE name = ?", (at, at, next_poll, etag, modified, new, new, name))

    # --- links taken -----------------------------------------------------------------------

    def taken(self, urls: Sequence[str]) -> set[str]:
        """Those of `urls` that need no fetching again: read before, or failed MAX_TRIES times."""
        found: set[str] = set()
        for chunk in rows.chunks(list(dict.fromkeys(urls))):
            found.update(r[0] for r in self.db.execute(
                f"SELECT url FROM seen_urls WHERE url IN ({marks(chunk)}) AND (how <> 'failed' OR tries >= ?)",
                (*chunk, MAX_TRIES)))
        return found

    def take(self, url: str, source: str, article: str | None, how: str) -> None:
        """Remember a link: the article read from it (`how`: page or summary), or one more failed try."""
        self.db.execute("INSERT INTO seen_urls (url, source, seen, article, how) VALUES (?, ?, ?, ?, ?)"
                        " ON CONFLICT(url) DO UPDATE SET seen = excluded.seen, article = excluded.article,"
                        " how = excluded.how, tries = seen_urls.tries + 1", (url, source, rows.now(), article, how))

    def sighted(self, source: str) -> str | None:
        """The article an input (a link) was read as, its first part when a page held several."""
        r = self.db.execute("SELECT article FROM sightings WHERE source = ? ORDER BY part LIMIT 1", (source,)).fetchone()
        return r[0] if r else None

    def count_taken(self) -> int:
        return self.db.execute("SELECT count(*) FROM seen_urls WHERE article IS NOT NULL").fetchone()[0]

    # --- watches ---------------------------------------------------------------------------

    def add_watch(self, w: Watch) -> None:
        """A new watch, looking only at articles placed from now on."""
        start = self.db.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
        self.db.execute(f"INSERT INTO watches ({WATCH_COLUMNS}, checked) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (w.id, w.kind, w.target, w.label, w.relation, w.webhook, w.created, start))

    def watches(self) -> list[Watch]:
        return [Watch(*r) for r in self.db.execute(f"SELECT {WATCH_COLUMNS} FROM watches ORDER BY created, id")]

    def watch(self, ident: str) -> Watch | None:
        r = self.db.execute(f"SELECT {WATCH_COLUMNS} FROM watches WHERE id = ?", (ident,)).fetchone()
        return Watch(*r) if r else None

    def remove_watch(self, ident: str) -> bool:
        self.db.execute("DELETE FROM alerts WHERE watch = ?", (ident,))
        return self.db.execute("DELETE FROM watches WHERE id = ? RETURNING id", (ident,)).fetchone() is not None

    def checked(self, ident: str) -> int:
        return self.db.execute("SELECT checked FROM watches WHERE id = ?", (ident,)).fetchone()[0]

    def set_checked(self, ident: str, rowid: int) -> None:
        self.db.execute("UPDATE watches SET checked = ? WHERE id = ?", (rowid, ident))

    def placed_upto(self) -> int:
        """The highest rowid below which every article has been placed: what watches may look at."""
        waiting = self.db.execute("SELECT min(rowid) FROM articles WHERE related = 0").fetchone()[0]
        if waiting is not None:
            return waiting - 1
        return self.db.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]

    # --- what new articles match -----------------------------------------------------------

    def entity_matches(self, entity: str, after: int, upto: int) -> list[tuple[str, str]]:
        """(article, the first mention's text) of articles in (after, upto] naming `entity`."""
        found = self.db.execute(
            "SELECT m.article, m.text, m.start FROM mentions m JOIN articles a ON a.id = m.article"
            " WHERE m.entity = ? AND a.rowid > ? AND a.rowid <= ? ORDER BY a.rowid, m.start", (entity, after, upto))
        first: dict[str, tuple[str, str]] = {}
        for r in found:
            first.setdefault(r[0], (r[0], r[1]))
        return list(first.values())

    def query_matches(self, query: str, after: int, upto: int) -> list[str]:
        """Articles in (after, upto] the full-text query matches, in storage order."""
        groups, _ = fts_query(query)
        if not groups:
            return []
        found = self.db.execute(f"SELECT a.id FROM articles a JOIN ({self.FTS_ROWS}) h ON a.rowid = h.r"
                                " WHERE a.rowid > ? AND a.rowid <= ? ORDER BY a.rowid", (self._match(groups), after, upto))
        return [r[0] for r in found]

    def story_matches(self, story: str, after: int, upto: int) -> list[str]:
        found = self.db.execute("SELECT a.id FROM story_articles sa JOIN articles a ON a.id = sa.article"
                                " WHERE sa.story = ? AND a.rowid > ? AND a.rowid <= ? ORDER BY a.rowid",
                                (story, after, upto))
        return [r[0] for r in found]

    def figure_matches(self, entity: str, relation: str | None, after: int, upto: int) -> list[tuple[str, str]]:
        """(article, its figure as written with what it counts) of articles in (after, upto] with a figure
        about `entity` (its actor, or named in its sentence) in a claim group of kind `relation` (any
        comparison across articles when None)."""
        kinds = [relation] if relation else ["agree", "differ", "revised"]
        found = self.db.execute(
            "SELECT DISTINCT a.rowid, c.article, c.q_start, c.q_text, c.unit, g.kind"
            " FROM claims c JOIN articles a ON a.id = c.article"
            " JOIN claim_group_members gm ON gm.claim = c.id JOIN claim_groups g ON g.id = gm.grp"
            f" WHERE a.rowid > ? AND a.rowid <= ? AND g.kind IN ({marks(kinds)}) AND (c.actor = ? OR EXISTS"
            ' (SELECT 1 FROM mentions m WHERE m.article = c.article AND m.entity = ? AND m.start >= c.start'
            ' AND m."end" <= c."end")) ORDER BY a.rowid, c.q_start', (after, upto, *kinds, entity, entity))
        first: dict[str, tuple[str, str]] = {}
        for r in found:
            first.setdefault(r[1], (r[1], f"{r[3]} ({r[5]})"))
        return list(first.values())

    # --- alerts ----------------------------------------------------------------------------

    def add_alerts(self, watch: str, found: Iterable[tuple[str, str]]) -> int:
        """Alerts for (article, why) pairs; an article already alerted for the watch is not alerted again."""
        now, added = rows.now(), 0
        for article, why in found:
            added += self.db.execute("INSERT INTO alerts (watch, article, at, why) VALUES (?, ?, ?, ?)"
                                     " ON CONFLICT(watch, article) DO NOTHING RETURNING watch",
                                     (watch, article, now, why)).fetchone() is not None
        return added

    def alerts(self, watch: str | None = None, limit: int = 50, offset: int = 0) -> list[Alert]:
        where, args = ("WHERE al.watch = ?", [watch]) if watch else ("", [])
        found = self.db.execute(f"SELECT {ALERT_COLUMNS} FROM {ALERT_FROM} {where} ORDER BY al.at DESC, a.rowid DESC"
                                " LIMIT ? OFFSET ?", (*args, limit, offset))
        return [_alert(r) for r in found]

    def count_alerts(self, watch: str | None = None) -> int:
        if watch:
            return self.db.execute("SELECT count(*) FROM alerts WHERE watch = ?", (watch,)).fetchone()[0]
        return self.db.execute("SELECT count(*) FROM alerts").fetchone()[0]

    def undelivered(self, watch: str, max_tries: int) -> list[Alert]:
        found = self.db.execute(f"SELECT {ALERT_COLUMNS} FROM {ALERT_FROM} WHERE al.watch = ? AND al.delivered = 0"
                                " AND al.tries < ? ORDER BY a.rowid", (watch, max_tries))
        return [_alert(r) for r in found]

    def delivered(self, watch: str, article: str, ok: bool) -> None:
        self.db.execute("UPDATE alerts SET tries = tries + 1, delivered = ? WHERE watch = ? AND article = ?",
                        (int(ok), watch, article))


def _alert(r) -> Alert:
    return Alert(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]))
