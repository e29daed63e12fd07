"""The SQLite store: one file in WAL mode, migrated on open, safe with several writers at once.

Writers take the write lock with `BEGIN IMMEDIATE` and wait for it (up to `RASID_LOCK_WAIT` seconds,
default 600) instead of failing; the schema is migrated inside one such transaction, after reading its
version under the lock, so two processes opening a new store at once cannot both create it.
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from rasid.model import Article
from rasid.store.base import Store, StoreError, default_path, lock_wait
from rasid.store.schema import MIGRATIONS, SHADOW
from rasid.store.search import Match
from rasid.text.normalize import fold


class SQLiteStore(Store):
    """Everything Rasid knows, in one SQLite file anyone can open (sqlite3, Datasette, sqlite-utils)."""

    NO_LIMIT = -1  # SQLite's LIMIT for "all rows" (it refuses NULL)
    FTS_HITS = "SELECT rowid AS r, rank FROM articles_fts WHERE articles_fts MATCH ?"
    FTS_ROWS = "SELECT rowid AS r FROM articles_fts WHERE articles_fts MATCH ?"

    def __init__(self, path: str | Path | None = None, *, create: bool = True, check_same_thread: bool = True):
        self.path = str(path or default_path())
        target = Path(self.path)
        self.created = not target.exists()
        if self.created and not create:
            raise StoreError(f"no store at {self.path} (give an existing one with --db, or make one with rasid ingest)")
        if self.created and not target.parent.is_dir():
            raise StoreError(f"cannot create the store {self.path}: the folder {target.parent} does not exist")
        if target.is_dir():
            raise StoreError(f"{self.path} is a folder, not a store")
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=lock_wait(),
                                      check_same_thread=check_same_thread)
            self.db.row_factory = sqlite3.Row
            self._set_wal()
            for pragma in ("synchronous=NORMAL", "cache_size=-131072", "temp_store=MEMORY", "foreign_keys=ON"):
                self.db.execute(f"PRAGMA {pragma}")  # 128 MB of cache: the LSH and FTS indexes stay hot
            self._migrate()
        except sqlite3.DatabaseError as e:
            if "not a database" in str(e) or "malformed" in str(e):
                raise StoreError(f"{self.path} is not a Rasid store (an SQLite database): {e}") from None
            raise

    def limit_cache(self, mb: int) -> None:
        self.db.execute(f"PRAGMA cache_size = -{int(mb) * 1024}")
        self.db.execute("PRAGMA shrink_memory")

    def _set_wal(self) -> None:
        """WAL lets readers read while one writer writes; switching needs a moment alone with the file."""
        deadline = time.monotonic() + lock_wait()
        while self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _schema_version(self) -> int:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"{self.path} has schema version {version}; this Rasid knows {len(MIGRATIONS)}:"
                             " upgrade Rasid to open it")
        return version

    def _migrate(self) -> None:
        if self._schema_version() == len(MIGRATIONS):
            return
        with self.transaction():
            migrate(self.db, self._schema_version())  # the version again, under the lock: another process may have migrated

    def _begin(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise self._locked() from None
            raise

    # --- what only SQLite says this way -----------------------------------------------------------

    def _match(self, match: Match) -> str:
        """An FTS5 MATCH expression: every group, each as any of its phrases."""
        return " AND ".join("(" + " OR ".join(f'"{phrase}"' for phrase in group) + ")" for group in match)

    def _index_text(self, rowid: int, article: Article) -> None:
        self.db.execute("INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
                        (rowid, fold(article.title or ""), fold(article.text)))

    def tables(self) -> list[str]:
        names = [r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                               " AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
        return [n for n in names if not n.startswith(SHADOW)]

    def columns(self, table: str) -> list[str]:
        return [r["name"] for r in self.db.execute(f'PRAGMA table_info("{table}")')]

    def _storage_order(self, table: str) -> str:
        without_rowid = self.db.execute("SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE name = ?",
                                        (table,)).fetchone()[0]
        if not without_rowid:
            return "rowid"
        keys = sorted((r["pk"], r["name"]) for r in self.db.execute(f'PRAGMA table_info("{table}")') if r["pk"])
        return ", ".join(f'"{name}"' for _, name in keys)


def migrate(db: sqlite3.Connection, version: int) -> None:
    """Run the migrations after `version` on an SQLite connection, inside the caller's transaction."""
    db.create_function("rasid_fold", 1, lambda s: fold(s or ""), deterministic=True)
    for n, step in enumerate(MIGRATIONS[version:], start=version + 1):
        if callable(step):
            step(db)
        else:
            for statement in step.split(";\n"):
                if statement.strip():
                    db.execute(statement)
        db.execute(f"PRAGMA user_version = {n}")
