"""What the corpus step builds over the articles: near-duplicate buckets and groups, stories and topics,
same-origin groups and claim groups, and the version number caches key on."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np

from rasid.model import Article, ClaimGroup, RankedEntity, SourcedClaim, Story, StoryProfile
from rasid.store import rows
from rasid.store.rows import ARTICLE_COLUMNS, ENTITY_COLUMNS, Tables, marks
from rasid.store.search import fts_query

_STORY = 'id, label, start, "end", topic, articles, outlets'


def _like_prefix(story: str) -> str:
    """A LIKE pattern for the ids of a story's same-origin groups (`story:…`)."""
    return story.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ":%"


def _story(row) -> Story:
    return Story(id=row["id"], label=row["label"], start=row["start"], end=row["end"], topic=row["topic"],
                 articles=row["articles"], outlets=row["outlets"])


class CorpusTables(Tables):
    # --- what is due, and the version ---------------------------------------------------------

    def pending_relation(self, limit: int, ids: Iterable[str] | None = None) -> list[Article]:
        """Analysed articles the corpus step has not placed (of `ids`, if given), oldest first (undated last)."""
        order = (" ORDER BY coalesce(published, fetched) IS NULL, substr(coalesce(published, fetched), 1, 10), rowid"
                 " LIMIT ?")
        if ids is None:
            found = self.db.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE analyzed > 0 AND related = 0"
                                    + order, (limit,)).fetchall()
        else:
            key = "coalesce(published, fetched) IS NULL AS undated, substr(coalesce(published, fetched), 1, 10) AS day"
            found = sorted((r for chunk in rows.chunks(ids) for r in self.db.execute(
                f"SELECT rowid, {key}, {ARTICLE_COLUMNS} FROM articles WHERE analyzed > 0 AND related = 0 AND id IN"
                f" ({marks(chunk)})", chunk)), key=lambda r: (r["undated"], r["day"] or "", r["rowid"]))[:limit]
        return [rows.article(r) for r in found]

    def count_pending_relation(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles WHERE analyzed > 0 AND related = 0").fetchone()[0]

    def mark_related(self, ids: Iterable[str]) -> None:
        self.db.executemany("UPDATE articles SET related = 1 WHERE id = ?", [(i,) for i in ids])
        self._bump()

    def _bump(self) -> None:
        self.db.execute("INSERT INTO meta (key, value) VALUES ('corpus_version', 1)"
                        " ON CONFLICT(key) DO UPDATE SET value = meta.value + 1")

    def version(self) -> int:
        """A number that changes whenever the corpus step changes the store (for caches)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'corpus_version'").fetchone()
        return row[0] if row else 0

    def reset_corpus(self) -> None:
        """Forget what the corpus step built (duplicates, stories, origins, claim groups), so that the
        next `relate` places every article again."""
        for table in ("claim_group_members", "claim_groups", "origins", "story_entities", "story_articles",
                      "story_vectors", "stories", "duplicates", "lsh"):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("UPDATE articles SET related = 0")
        self._bump()

    # --- near-duplicates ---------------------------------------------------------------------

    def lsh_candidates(self, buckets: list[int], exclude: str) -> list[tuple[str, np.ndarray]]:
        """Articles sharing a bucket with `buckets`, with their signatures, by id."""
        found = self.db.execute(
            f"SELECT f.article, f.minhash FROM features f WHERE f.article IN (SELECT article FROM lsh WHERE bucket IN"
            f" ({marks(buckets)})) AND f.article != ? ORDER BY f.article", (*buckets, exclude))
        return [(r[0], np.frombuffer(r[1], dtype="<u4")) for r in found]

    def add_lsh(self, article: str, buckets: list[int]) -> None:
        self.db.executemany("INSERT INTO lsh (bucket, article) VALUES (?, ?) ON CONFLICT DO NOTHING",
                            [(b, article) for b in buckets])

    def _group(self, table: str, article: str) -> str | None:
        row = self.db.execute(f"SELECT grp FROM {table} WHERE article = ?", (article,)).fetchone()
        return row[0] if row else None

    def _union(self, table: str, article: str, other: str, column: str, value: float | None) -> str:
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

    def duplicate_groups(self, articles: Iterable[str]) -> dict[str, str]:
        """The duplicate group of each of `articles` that has one."""
        out: dict[str, str] = {}
        for chunk in rows.chunks(articles):
            out.update(self.db.execute(f"SELECT article, grp FROM duplicates WHERE article IN ({marks(chunk)})",
                                       chunk).fetchall())
        return out

    def groups(self, table: str) -> dict[str, list[str]]:
        """The duplicate or same-origin groups: {group id: article ids, first stored first}."""
        if table not in ("duplicates", "origins"):
            raise ValueError(table)
        out: dict[str, list[str]] = {}
        for grp, article in self.db.execute(f"SELECT t.grp, t.article FROM {table} t JOIN articles a"
                                            " ON a.id = t.article ORDER BY a.rowid"):
            out.setdefault(grp, []).append(article)
        return {k: v for k, v in out.items() if len(v) > 1}

    # --- shared origins -----------------------------------------------------------------------

    def join_origin(self, story: str, article: str, other: str, origin: str | None) -> str:
        """Record that `article` and `other`, of `story`, trace back to one source: `origin` (an entity id
        or a name) when the text names it. Articles with a named origin form one group per origin; unnamed
        links join the story's unnamed group either article is in already."""
        if origin:
            group = f"{story}:{origin}"
        else:
            row = self.db.execute("SELECT grp FROM origins WHERE article IN (?, ?) AND origin IS NULL AND grp LIKE ?"
                                  " ORDER BY grp LIMIT 1", (article, other, story + ":%")).fetchone()
            group = row[0] if row else f"{story}:~{min(article, other)}"
        self.db.executemany("INSERT INTO origins (article, grp, origin) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                            [(article, group, origin), (other, group, origin)])
        return group

    def origin_groups(self, articles: Iterable[str]) -> dict[str, list[str]]:
        """The same-origin groups each of `articles` belongs to."""
        out: dict[str, list[str]] = {}
        for chunk in rows.chunks(articles):
            for a, g in self.db.execute(f"SELECT article, grp FROM origins WHERE article IN ({marks(chunk)})"
                                        " ORDER BY article, grp", chunk):
                out.setdefault(a, []).append(g)
        return out

    def origin_names(self, groups: Iterable[str]) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for chunk in rows.chunks(sorted(set(groups))):
            out.update(self.db.execute(f"SELECT grp, max(origin) FROM origins WHERE grp IN ({marks(chunk)})"
                                       " GROUP BY grp", chunk).fetchall())
        return out

    def group_origins(self) -> dict[str, str | None]:
        return dict(self.db.execute("SELECT grp, max(origin) FROM origins GROUP BY grp").fetchall())

    # --- stories: placing ----------------------------------------------------------------------

    def story_of(self, article: str) -> str | None:
        row = self.db.execute("SELECT story FROM story_articles WHERE article = ?", (article,)).fetchone()
        return row[0] if row else None

    def story_profiles(self, ids: Iterable[str] | None = None, since: str | None = None,
                       until: str | None = None) -> list[StoryProfile]:
        """Stories as placing sees them (centroid, entity counts), by id, or those whose dates come within
        [since, until]."""
        sql = "SELECT s.id, s.start, s.\"end\", s.articles, s.topic, v.centroid FROM stories s" \
              " LEFT JOIN story_vectors v ON v.story = s.id"
        if ids is not None:
            found = [r for chunk in rows.chunks(ids) for r in self.db.execute(
                f"{sql} WHERE s.id IN ({marks(chunk)}) ORDER BY s.id", chunk)]
        else:
            found = self.db.execute(f"{sql} WHERE (? IS NULL OR s.\"end\" >= ?) AND (? IS NULL OR s.start <= ?)"
                                    " ORDER BY s.id", (since, since, until, until)).fetchall()
        counts: dict[str, Counter] = {r["id"]: Counter() for r in found}
        for chunk in rows.chunks(counts):
            for story, entity, n in self.db.execute(
                    f"SELECT story, entity, articles FROM story_entities WHERE story IN ({marks(chunk)})"
                    " ORDER BY story, entity", chunk):
                counts[story][entity] = n
        return [StoryProfile(id=r["id"], start=r["start"], end=r["end"], size=r["articles"], topic=r["topic"],
                             centroid=np.frombuffer(r["centroid"], dtype=np.float32).copy() if r["centroid"] else None,
                             entities=counts[r["id"]]) for r in found]

    def centroids_near(self, spans: Iterable[tuple[str, str]] | None) -> list[tuple[str, str | None, np.ndarray, str | None, str | None]]:
        """(story, topic, centroid sum, start, end) of every story whose days meet one of the spans of ISO
        dates [since, until) (or that is undated), of every story when `spans` is None: what new stories'
        threads are looked for among, so a store of years is not loaded whole for each new story."""
        merged: list[list[str]] = []
        for since, until in sorted(spans or ()):
            if merged and since <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], until)
            else:
                merged.append([since, until])
        where = (" WHERE s.start IS NULL OR s.\"end\" IS NULL"
                 + "".join(' OR (s."end" >= ? AND s.start < ?)' for _ in merged)) if spans is not None else ""
        return [(r[0], r[1], np.frombuffer(r[2], dtype=np.float32), r[3], r[4]) for r in self.db.execute(
            "SELECT s.id, s.topic, v.centroid, s.start, s.\"end\" FROM stories s JOIN story_vectors v ON v.story = s.id"
            + where + " ORDER BY s.id", [d for span in merged for d in span])]

    def save_story(self, p: StoryProfile) -> None:
        """Create or update a story's centroid, dates and entity counts (its label: `set_story_label`)."""
        self.db.execute(
            "INSERT INTO stories (id, label, start, \"end\", topic) VALUES (?, '', ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET start = excluded.start, \"end\" = excluded.\"end\","
            " topic = coalesce(excluded.topic, stories.topic)", (p.id, p.start, p.end, p.topic or p.id))
        if p.centroid is not None:
            self.db.execute("INSERT INTO story_vectors (story, centroid) VALUES (?, ?) ON CONFLICT(story)"
                            " DO UPDATE SET centroid = excluded.centroid", (p.id, p.centroid.astype(np.float32).tobytes()))
        self.db.execute("DELETE FROM story_entities WHERE story = ?", (p.id,))
        self.db.executemany("INSERT INTO story_entities (story, entity, articles) VALUES (?, ?, ?)",
                            [(p.id, e, n) for e, n in sorted(p.entities.items())])

    def set_topic(self, story: str, topic: str) -> None:
        self.db.execute("UPDATE stories SET topic = ? WHERE id = ?", (topic, story))

    def add_to_story(self, article: str, story: str, score: float, day: str | None = None) -> None:
        self.db.execute("INSERT INTO story_articles (article, story, score, day) VALUES (?, ?, ?, ?)"
                        " ON CONFLICT(article) DO UPDATE SET story = excluded.story, score = excluded.score,"
                        " day = excluded.day", (article, story, score, day))

    def placed_between(self, since: str | None, until: str | None) -> list[tuple[str, str, str | None]]:
        """(article, story, event day) of the placed articles whose event falls in [since, until], and of
        every undated one, in storage order."""
        return [(r[0], r[1], r[2]) for r in self.db.execute(
            "SELECT s.article, s.story, s.day FROM story_articles s JOIN articles a ON a.id = s.article"
            " WHERE s.day IS NULL OR s.day BETWEEN ? AND ? ORDER BY a.rowid", (since or "", until or ""))]

    def merge_stories(self, absorbed: str, into: str) -> list[str]:
        """Move a story's articles into another (they were one event) and forget the emptied story and
        what was built on its membership (shared origins, claim groups); the articles moved. Whoever
        followed the absorbed story follows the merged one."""
        moved = [r[0] for r in self.db.execute("SELECT article FROM story_articles WHERE story = ?", (absorbed,))]
        self.db.execute("UPDATE story_articles SET story = ? WHERE story = ?", (into, absorbed))
        self.db.execute("UPDATE watches SET target = ? WHERE kind = 'story' AND target = ?", (into, absorbed))
        self.db.execute("DELETE FROM origins WHERE grp LIKE ? ESCAPE '\\'", (_like_prefix(absorbed),))
        self.save_claim_groups(absorbed, [])
        self.db.execute("UPDATE stories SET topic = ? WHERE topic = ?", (into, absorbed))
        for table, column in (("story_entities", "story"), ("story_vectors", "story"), ("stories", "id")):
            self.db.execute(f"DELETE FROM {table} WHERE {column} = ?", (absorbed,))
        return moved

    def split_story(self, story: str, into: str, articles: Iterable[str]) -> list[str]:
        """Move some of a story's stored articles to another story, and forget what was built on the
        first story's membership (shared origins, claim groups: they are made again); the articles moved."""
        wanted = list(articles)
        moved = [r[0] for r in self.db.execute(
            f"SELECT article FROM story_articles WHERE story = ? AND article IN ({','.join('?' * len(wanted))})",
            (story, *wanted))] if wanted else []
        self.db.executemany("UPDATE story_articles SET story = ? WHERE article = ?", [(into, a) for a in moved])
        self.db.execute("DELETE FROM origins WHERE grp LIKE ? ESCAPE '\\'", (_like_prefix(story),))
        self.save_claim_groups(story, [])
        return moved

    def set_story_label(self, ident: str, label: str) -> None:
        """A story's label, and its article and outlet counts from its members."""
        self.db.execute(
            "UPDATE stories SET label = ?, articles = (SELECT count(*) FROM story_articles WHERE story = ?),"
            " outlets = (SELECT count(DISTINCT coalesce(a.outlet, a.source_file, a.id)) FROM story_articles s"
            " JOIN articles a ON a.id = s.article WHERE s.story = ?) WHERE id = ?", (label, ident, ident, ident))

    # --- stories: reading ---------------------------------------------------------------------

    def story_members(self, ident: str) -> list[Article]:
        """A story's articles, oldest first."""
        found = self.db.execute(
            f"SELECT {', '.join('a.' + c for c in ARTICLE_COLUMNS.split(', '))} FROM story_articles s"
            " JOIN articles a ON a.id = s.article WHERE s.story = ?"
            " ORDER BY coalesce(a.published, a.fetched) IS NULL, coalesce(a.published, a.fetched), a.rowid", (ident,))
        return [rows.article(r) for r in found]

    def story_member_ids(self) -> dict[str, list[str]]:
        """Every story's article ids, in storage order (for export)."""
        out: dict[str, list[str]] = {}
        for story, article in self.db.execute("SELECT s.story, s.article FROM story_articles s JOIN articles a"
                                              " ON a.id = s.article ORDER BY a.rowid"):
            out.setdefault(story, []).append(article)
        return out

    def _story_filters(self, since, until, query, outlet, entity, min_articles) -> tuple[list[str], list] | None:
        where, args = ["articles >= ?"], [min_articles]
        if since:
            where.append('"end" >= ?')
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
            groups, _ = fts_query(query)
            if not groups:
                return None
            where.append("id IN (SELECT s.story FROM story_articles s JOIN articles a ON a.id = s.article"
                         f" WHERE a.rowid IN ({self.FTS_ROWS}))")
            args.append(self._match(groups))
        return where, args

    def stories(self, limit: int | None = 50, offset: int = 0, since: str | None = None, until: str | None = None,
                query: str | None = None, outlet: str | None = None, entity: str | None = None,
                min_articles: int = 1) -> list[Story]:
        """Stories, newest first, filtered by date, by a search over their articles, an outlet or an entity."""
        filters = self._story_filters(since, until, query, outlet, entity, min_articles)
        if filters is None:
            return []
        where, args = filters
        found = self.db.execute(
            f"SELECT {_STORY} FROM stories WHERE {' AND '.join(where)}"
            ' ORDER BY "end" DESC NULLS LAST, articles DESC, id LIMIT ? OFFSET ?',  # undated last
            (*args, self.NO_LIMIT if limit is None else limit, offset))
        return [_story(r) for r in found]

    def count_stories(self, since: str | None = None, until: str | None = None, query: str | None = None,
                      outlet: str | None = None, entity: str | None = None, min_articles: int = 1) -> int:
        filters = self._story_filters(since, until, query, outlet, entity, min_articles)
        if filters is None:
            return 0
        where, args = filters
        return self.db.execute(f"SELECT count(*) FROM stories WHERE {' AND '.join(where)}", args).fetchone()[0]

    def story(self, ident: str) -> Story | None:
        """A story by id or unique id prefix."""
        found = self.db.execute(f"SELECT {_STORY} FROM stories WHERE id >= ? AND id < ? LIMIT 2",
                                (ident, ident + "\uffff")).fetchall()
        exact = [r for r in found if r["id"] == ident]
        return _story(exact[0] if exact else found[0]) if len(exact) == 1 or len(found) == 1 else None

    def thread_stories(self, ident: str, limit: int = 10) -> list[Story]:
        """The other stories of a story's thread (one affair over weeks: `topic`), newest first."""
        found = self.db.execute(
            f"SELECT {', '.join('o.' + c for c in _STORY.split(', '))} FROM stories s JOIN stories o"
            " ON o.topic = s.topic WHERE s.id = ? AND o.id != s.id"
            ' ORDER BY o."end" DESC NULLS LAST, o.articles DESC, o.id LIMIT ?',
            (ident, limit))
        return [_story(r) for r in found]

    def story_outlets(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """The outlets of each story's articles, most articles first."""
        out: dict[str, list[str]] = {}
        outlet = "coalesce(a.outlet, a.source_file)"  # spelt out: not every SQL lets WHERE and GROUP BY use an alias
        for chunk in rows.chunks(ids):
            for story, name in self.db.execute(
                    f"SELECT s.story, {outlet} FROM story_articles s JOIN articles a ON a.id = s.article"
                    f" WHERE s.story IN ({marks(chunk)}) AND {outlet} IS NOT NULL"
                    f" GROUP BY s.story, {outlet} ORDER BY s.story, count(*) DESC, {outlet}", chunk):
                out.setdefault(story, []).append(name)
        return out

    def story_entities(self, story: str, limit: int = 20) -> list[RankedEntity]:
        """The entities a story's articles name, by how many of them name each."""
        found = self.db.execute(
            f"SELECT {ENTITY_COLUMNS}, se.articles, (SELECT count(*) FROM mentions m"
            " JOIN story_articles s ON s.article = m.article WHERE s.story = se.story AND m.entity = e.id) AS mentions"
            " FROM story_entities se JOIN entities e ON e.id = se.entity WHERE se.story = ?"
            " ORDER BY se.articles DESC, e.name, e.id LIMIT ?", (story, limit))
        return [rows.ranked_entity(r) for r in found]

    # --- claim groups ---------------------------------------------------------------------------

    def story_claims(self, ident: str) -> list[SourcedClaim]:
        """The claims of a story's articles, with each article's outlet and dates."""
        found = self.db.execute(
            "SELECT c.*, a.outlet, a.published, a.fetched FROM claims c JOIN story_articles s ON s.article = c.article"
            " JOIN articles a ON a.id = c.article WHERE s.story = ? ORDER BY a.rowid, c.q_start", (ident,))
        return [rows.claim(r) for r in found]

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
        found = self.db.execute(f"SELECT * FROM claim_groups {where} ORDER BY story, rowid", args).fetchall()
        members: dict[str, list[tuple[str, int]]] = {}
        for g, c, f in self.db.execute(
                "SELECT m.grp, m.claim, m.figure FROM claim_group_members m JOIN claim_groups g ON g.id = m.grp"
                f" {where.replace('story', 'g.story')} ORDER BY m.rowid", args):
            members.setdefault(g, []).append((c, f))
        return [ClaimGroup(id=g["id"], story=g["story"], kind=g["kind"], claims=tuple(members.get(g["id"], ())),
                           actor=g["actor"], unit=g["unit"], facet=g["facet"], sources=g["sources"],
                           origin=g["origin"]) for g in found]
