"""The SQLite schema, as an ordered list of migrations; `PRAGMA user_version` says how many ran.

Plain tables a person can open in sqlite3 or Datasette: `articles` (one row per distinct article),
`sightings` (every time an input carried one: the same text from two outlets is one article seen
twice), `problems` (inputs that could not be used, and why) and `article_search`, an FTS5 index over
the folded title and text. To change the schema, append a migration; never edit a shipped one.
"""

MIGRATIONS = [
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
]
