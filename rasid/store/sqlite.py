"""The SQLite store: one file in WAL mode, migrated on open, safe with several writers at once.

Writers take the write lock with `BEGIN IMMEDIATE` and wait for it (up to `RASID_LOCK_WAIT` seconds,
default 600) instead of failing; the schema is migrated inside one such transaction, after reading its
version under the lock, so two processes opening a new store at once cannot both create it.
"""
from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rasid.store.analysis import AnalysisTables
from rasid.store.articles import ArticleTables
from rasid.store.corpus import CorpusTables
from rasid.store.schema import MIGRATIONS, SHADOW
from rasid.text.normalize import fold

DEFAULT_DB = "rasid.db"


class StoreError(Exception):
    """The store cannot be opened or used as asked; the message says why."""


def default_path() -> str:
    return os.environ.get("RASID_DB") or DEFAULT_DB


def lock_wait() -> float:
    """Seconds a writer waits for another writer's transaction before giving up."""
    try:
        return float(os.environ.get("RASID_LOCK_WAIT", "600"))
    except ValueError:
        return 600.0


class Store(ArticleTables, AnalysisTables, CorpusTables):
    """Everything Rasid knows, in one SQLite file anyone can open (sqlite3, Datasette, sqlite-utils).

    `create=False` refuses to make a new file: a mistyped path is an error, not an empty store.
    `created` tells whether this opening made the file.
    """

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

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

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
        self.db.create_function("rasid_fold", 1, lambda s: fold(s or ""), deterministic=True)
        with self.transaction():
            version = self._schema_version()  # again, under the lock: another process may have migrated
            for n, step in enumerate(MIGRATIONS[version:], start=version + 1):
                if callable(step):
                    step(self.db)
                else:
                    for statement in step.split(";\n"):
                        if statement.strip():
                            self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {n}")

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All or nothing, under the write lock: an interrupted batch leaves no half-written articles,
        and a second writer waits for the first instead of failing."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise StoreError(f"{self.path} stayed locked by another writer for over {lock_wait():.0f} s"
                                 " (RASID_LOCK_WAIT sets how long to wait)") from None
            raise
        try:
            yield self
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    def reset_analysis(self) -> None:
        """Forget every analysis result, and what the corpus step built on them, so that the next
        analysis redoes all articles."""
        self.reset_corpus()
        for table in ("features", "mentions", "dates", "claims", "entity_keys", "entities"):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("UPDATE articles SET analyzed = 0")

    # --- the file as a product: every table, as rows --------------------------------------------

    def tables(self) -> list[str]:
        """The store's tables a person would open, in schema order (not the full-text index's internals)."""
        names = [r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                               " AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
        return [n for n in names if not n.startswith(SHADOW)]

    def table_rows(self, table: str) -> tuple[list[str], Iterator[tuple]]:
        """A table's column names and its rows, in storage order."""
        if table not in self.tables():
            raise StoreError(f"no table {table!r}; the store has {', '.join(self.tables())}")
        cur = self.db.execute(f'SELECT * FROM "{table}"')
        return [d[0] for d in cur.description], (tuple(r) for r in cur)
