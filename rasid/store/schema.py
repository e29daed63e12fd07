"""The SQLite schema, as an ordered list of migrations; `PRAGMA user_version` says how many ran.

Plain tables a person can open in sqlite3 or Datasette: `articles` (one row per distinct article),
`sightings` (every time an input carried one: the same text from two outlets is one article seen
twice), `problems` (inputs that could not be used, and why) and `article_search`, an FTS5 index over
the folded title and text. Analysis adds `mentions` (entity mentions, offsets into articles.text),
`entities` (one row per person, place or organisation across articles) and `entity_keys` (the keys
under which the linker finds an entity again), `dates` and `claims`. The corpus step adds
`features` (MinHash and embedding per article), `lsh`, `duplicates`, `stories`, `story_vectors`, `story_articles`,
`story_entities`, `origins` (same-origin groups), `claim_groups` and `claim_group_members`.

Migration 5 replaced the contentless `article_search` by `articles_fts`, an FTS5 index whose content is
the `articles` table (so Datasette and `sqlite-utils search` find and use it) while what it indexes is
the folded title and text; and it keeps the offsets of a claim's actor and attribution. Migration 6
recomputes article ids after folding learned compatibility characters (… ﻻ ﬁ); migration 7 keeps the
words, figures and days stories compare articles by. To change the schema,
append a migration (SQL, or a function of the connection); never edit a shipped one. SQL may call
`rasid_fold(text)`.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

SHADOW = "articles_fts"  # the full-text index and its internal tables start with this name


def refold_ids(db: sqlite3.Connection) -> None:
    """An article's id hashes its folded title and text; when folding changes, so do some ids. Rename
    those articles (and their sightings); two that now fold alike become one, seen twice. What analysis
    and the corpus step built refers to the old ids, so it is forgotten: the next `rasid analyze` (or
    ingest) redoes it, as it does whenever analysis changes."""
    from rasid.text.clean import content_id

    db.execute("PRAGMA defer_foreign_keys = ON")  # ids and their references change within the transaction
    for rowid, old, title, text in db.execute("SELECT rowid, id, title, text FROM articles ORDER BY rowid").fetchall():
        new = content_id(title, text)
        if new == old:
            continue
        if db.execute("SELECT 1 FROM articles WHERE id = ?", (new,)).fetchone():
            db.execute("INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES"
                       " ('delete', ?, rasid_fold(?), rasid_fold(?))", (rowid, title, text))
            db.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))
        else:
            db.execute("UPDATE articles SET id = ? WHERE rowid = ?", (new, rowid))
        db.execute("UPDATE OR REPLACE sightings SET article = ? WHERE article = ?", (new, old))
    for table in ("claim_group_members", "claim_groups", "origins", "story_entities", "story_articles", "story_vectors",
                  "stories", "duplicates", "lsh", "features", "mentions", "dates", "claims", "entity_keys", "entities"):
        db.execute(f"DELETE FROM {table}")
    db.execute("UPDATE articles SET analyzed = 0, related = 0")


MIGRATIONS: list[str | Callable[[sqlite3.Connection], None]] = [
    # 1: articles, where they were seen, what failed, full-text search
    """
    CREATE TABLE articles (
        rowid       INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,      -- hash of folded title and text
        title       TEXT,
        text        TEXT NOT NULL,             -- cleaned display text; offsets point into it
        url         TEXT,
        outlet      TEXT,
        published   TEXT,                      -- ISO date or datetime; NULL when unknown
        language    TEXT,
        source      TEXT,                      -- first input it came from: path, archive!member, file#record, URL
        source_file TEXT,
        part        INTEGER NOT NULL DEFAULT 1,
        fetched     TEXT,
        removed     TEXT NOT NULL DEFAULT '[]', -- JSON [[kind, text], ...] cut by cleaning
        ingested    TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE TABLE sightings (
        source    TEXT NOT NULL,
        part      INTEGER NOT NULL,
        article   TEXT NOT NULL REFERENCES articles(id),
        url       TEXT,
        outlet    TEXT,
        published TEXT,
        ingested  TEXT NOT NULL,
        PRIMARY KEY (source, part)
    );
    CREATE INDEX sightings_article ON sightings(article);
    CREATE TABLE problems (
        source TEXT NOT NULL,
        reason TEXT NOT NULL,
        seen   TEXT NOT NULL,
        PRIMARY KEY (source, reason)
    );
    CREATE VIRTUAL TABLE article_search USING fts5(
        title, text, content='', tokenize='unicode61 remove_diacritics 2'
    );
    """,
    # 2: entities and their mentions; which analysis version each article has had
    """
    ALTER TABLE articles ADD COLUMN analyzed INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE entities (
        id      TEXT PRIMARY KEY,           -- a knowledge-base id (per:sergei-lavrov) or type:hash of the name
        type    TEXT NOT NULL,              -- PER, LOC, ORG, MISC
        name    TEXT NOT NULL,              -- Arabic canonical name
        name_en TEXT,
        kb      TEXT                        -- knowledge-base id when the KB knows it
    );
    CREATE TABLE entity_keys (
        kind   TEXT NOT NULL,               -- strict, loose, skeleton, part
        key    TEXT NOT NULL,
        type   TEXT NOT NULL,
        entity TEXT NOT NULL REFERENCES entities(id),
        PRIMARY KEY (kind, key, type, entity)
    );
    CREATE TABLE mentions (
        article TEXT NOT NULL REFERENCES articles(id),
        start   INTEGER NOT NULL,
        end     INTEGER NOT NULL,
        text    TEXT NOT NULL,
        type    TEXT NOT NULL,
        entity  TEXT REFERENCES entities(id),
        PRIMARY KEY (article, start)
    );
    CREATE INDEX mentions_entity ON mentions(entity);
    """,
    # 3: dates and claims found in articles
    """
    CREATE TABLE dates (
        article TEXT NOT NULL REFERENCES articles(id),
        start   INTEGER NOT NULL,
        end     INTEGER NOT NULL,
        text    TEXT NOT NULL,
        value   TEXT NOT NULL,              -- 2025-07-12 | 2025-07 | 2025 | A/B
        PRIMARY KEY (article, start)
    );
    CREATE TABLE claims (
        id          TEXT PRIMARY KEY,       -- article:offset of the quantity
        article     TEXT NOT NULL REFERENCES articles(id),
        start       INTEGER NOT NULL,       -- the sentence
        end         INTEGER NOT NULL,
        text        TEXT NOT NULL,
        q_text      TEXT NOT NULL,          -- the quantity as written
        q_start     INTEGER NOT NULL,
        q_end       INTEGER NOT NULL,
        low         REAL,                   -- NULL when open-ended
        high        REAL,
        approx      INTEGER NOT NULL DEFAULT 0,
        unit        TEXT,                   -- the counted noun, as a lemma
        actor       TEXT,                   -- entity id
        actor_text  TEXT,
        attribution TEXT NOT NULL DEFAULT '[]', -- JSON [{text, entity}], the original source first
        time        TEXT                    -- the date it refers to
    );
    CREATE INDEX claims_article ON claims(article);
    CREATE INDEX claims_unit ON claims(unit);
    CREATE INDEX claims_actor ON claims(actor);
    """,
    # 4: what relates articles: per-article features, near-duplicates, stories, shared origins, claim groups
    """
    -- related: 1 once the corpus step has placed the article (duplicates, story, origin)
    ALTER TABLE articles ADD COLUMN related INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE features (
        article   TEXT PRIMARY KEY REFERENCES articles(id),
        minhash   BLOB NOT NULL,            -- MinHash of the folded text's word shingles (uint32 x 64)
        embedding BLOB NOT NULL             -- headline and lead, multilingual USE (float16 x 512)
    );
    CREATE TABLE lsh (
        bucket  INTEGER NOT NULL,           -- hash of one band of the MinHash
        article TEXT NOT NULL REFERENCES articles(id),
        PRIMARY KEY (bucket, article)
    ) WITHOUT ROWID;
    CREATE TABLE duplicates (
        article    TEXT PRIMARY KEY REFERENCES articles(id),
        grp        TEXT NOT NULL,           -- the group's first article
        similarity REAL                     -- estimated Jaccard similarity to the closest member
    );
    CREATE INDEX duplicates_grp ON duplicates(grp);
    CREATE TABLE stories (
        id       TEXT PRIMARY KEY,
        label    TEXT NOT NULL,
        start    TEXT,                      -- first and last publication date of its articles
        end      TEXT,
        topic    TEXT,                      -- the id of the story that started its topic
        articles INTEGER NOT NULL DEFAULT 0,
        outlets  INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX stories_recent ON stories(end DESC, articles DESC, id);
    CREATE INDEX stories_start ON stories(start);
    CREATE INDEX stories_topic ON stories(topic);
    CREATE TABLE story_vectors (
        story    TEXT PRIMARY KEY REFERENCES stories(id),
        centroid BLOB NOT NULL              -- sum of its articles' embeddings (float32 x 512)
    );
    CREATE TABLE story_articles (
        article TEXT PRIMARY KEY REFERENCES articles(id),
        story   TEXT NOT NULL REFERENCES stories(id),
        score   REAL                        -- how well it matched when it joined (1 for a story's first)
    );
    CREATE INDEX story_articles_story ON story_articles(story);
    CREATE TABLE story_entities (
        story    TEXT NOT NULL REFERENCES stories(id),
        entity   TEXT NOT NULL REFERENCES entities(id),
        articles INTEGER NOT NULL,          -- how many of the story's articles name it
        PRIMARY KEY (story, entity)
    );
    CREATE INDEX story_entities_entity ON story_entities(entity);
    CREATE TABLE origins (
        article TEXT NOT NULL REFERENCES articles(id),
        grp     TEXT NOT NULL,              -- translations and re-reports of one source (an article may
        origin  TEXT,                       -- carry several); the source, when the text names it
        PRIMARY KEY (article, grp)
    );
    CREATE INDEX origins_grp ON origins(grp);
    CREATE TABLE claim_groups (
        id      TEXT PRIMARY KEY,
        story   TEXT NOT NULL REFERENCES stories(id),
        kind    TEXT NOT NULL,              -- agree | differ | single
        actor   TEXT,
        unit    TEXT,
        facet   TEXT,                       -- what happened to the counted things: done, planned, casualties
        sources INTEGER NOT NULL,           -- independent origins among its claims
        origin  TEXT                        -- when every claim traces back to one named source
    );
    CREATE INDEX claim_groups_story ON claim_groups(story);
    CREATE TABLE claim_group_members (
        grp     TEXT NOT NULL REFERENCES claim_groups(id),
        claim   TEXT NOT NULL REFERENCES claims(id),
        figure  INTEGER NOT NULL,           -- claims with the same figure number agree with each other
        PRIMARY KEY (grp, claim)
    );
    CREATE INDEX claim_group_members_claim ON claim_group_members(claim);
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value INTEGER NOT NULL              -- corpus_version: raised by every change the corpus step makes
    );
    """,
    # 5: an FTS index Datasette and sqlite-utils can use; offsets of a claim's actor and attribution
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content="articles", content_rowid="rowid", tokenize='unicode61 remove_diacritics 2'
    );
    INSERT INTO articles_fts (rowid, title, text) SELECT rowid, rasid_fold(title), rasid_fold(text) FROM articles;
    DROP TABLE article_search;
    ALTER TABLE claims ADD COLUMN actor_start INTEGER;
    ALTER TABLE claims ADD COLUMN actor_end INTEGER
    """,
    # 6: ids of the folded text as folding now reads it
    refold_ids,
    # 7: what stories compare articles by, besides signature and embedding: the heaviest words of title and
    # text and of the headline (keys uint32, then weights float16), hashed specific figures (unit|low|high,
    # uint32) and the day ordinals of the full dates the text names (int32)
    """
    ALTER TABLE features ADD COLUMN terms BLOB;
    ALTER TABLE features ADD COLUMN title_terms BLOB;
    ALTER TABLE features ADD COLUMN figures BLOB;
    ALTER TABLE features ADD COLUMN days BLOB
    """,
    # 8: the day of each placed article's event, so that placing reads only the articles of nearby days; the
    # keys of the rare words of headline and lead (uint32)
    """
    ALTER TABLE story_articles ADD COLUMN day TEXT;
    CREATE INDEX story_articles_day ON story_articles(day);
    ALTER TABLE features ADD COLUMN rare BLOB
    """,
    # 9: a publication date read from the text of a page that gave none is marked as estimated
    """
    ALTER TABLE articles ADD COLUMN published_estimated INTEGER NOT NULL DEFAULT 0
    """,
    # 10: the keys of what an article's event words are told of (تفجير سترة → the key of سترة; uint32)
    """
    ALTER TABLE features ADD COLUMN events BLOB
    """,
    # 11: what kind of report an article is ('call': a phone call between two parties; `terms.report_kind`)
    """
    ALTER TABLE features ADD COLUMN report TEXT NOT NULL DEFAULT ''
    """,
    # 12: the time of day a date expression gives on its day (14:30, 10:00+03:00)
    """
    ALTER TABLE dates ADD COLUMN clock TEXT
    """,
    # 13: following sources (`rasid watch`): each feed's polling state, every link already taken from one,
    # what users watch and the alerts new articles raised
    """
    CREATE TABLE sources (
        name       TEXT PRIMARY KEY,
        url        TEXT NOT NULL,
        outlet     TEXT,
        interval   REAL NOT NULL,           -- seconds between polls when all goes well
        etag       TEXT,                    -- validators of the last answer, for a conditional GET
        modified   TEXT,
        polls      INTEGER NOT NULL DEFAULT 0,
        failures   INTEGER NOT NULL DEFAULT 0, -- in a row; each doubles the wait
        last_poll  TEXT,
        last_ok    TEXT,
        last_error TEXT,
        next_poll  TEXT,
        articles   INTEGER NOT NULL DEFAULT 0, -- new articles it brought, in all
        last_new   INTEGER NOT NULL DEFAULT 0  -- and at its last successful poll
    );
    CREATE TABLE seen_urls (
        url     TEXT PRIMARY KEY,           -- an entry's link, taken once whatever source lists it again
        source  TEXT NOT NULL,
        seen    TEXT NOT NULL,
        article TEXT,                       -- the article read from it (NULL: nothing could be read)
        how     TEXT NOT NULL,              -- page | summary | failed
        tries   INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE watches (
        id       TEXT PRIMARY KEY,
        kind     TEXT NOT NULL,             -- entity | query | story | figures
        target   TEXT NOT NULL,
        label    TEXT NOT NULL,
        relation TEXT,                      -- figures: differ | revised | agree | NULL for any
        webhook  TEXT,
        created  TEXT NOT NULL,
        checked  INTEGER NOT NULL DEFAULT 0 -- articles.rowid up to which new articles were matched
    );
    CREATE TABLE alerts (
        watch     TEXT NOT NULL REFERENCES watches(id),
        article   TEXT NOT NULL REFERENCES articles(id),
        at        TEXT NOT NULL,
        why       TEXT NOT NULL,
        delivered INTEGER NOT NULL DEFAULT 0, -- 1 once its webhook took it
        tries     INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (watch, article)
    );
    CREATE INDEX alerts_at ON alerts(at);
    """,
]
