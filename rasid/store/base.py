"""The store's one interface, whichever database holds it: `Store(target)` opens an SQLite file (the
default: one file anyone can open) or, for a `postgresql://` URL, a PostgreSQL database a team shares,
as `pathlib.Path` picks the path class for its system. Nothing above the store knows which it has.

What differs between the two lives in their classes: connecting, migrating, the write lock, and the
full-text index (`NO_LIMIT`, `FTS_HITS`, `_match`, `_index_text`); the SQL of the table mixins is the
part of SQL both read.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from rasid.store.analysis import AnalysisTables
from rasid.store.articles import ArticleTables
from rasid.store.corpus import CorpusTables
from rasid.store.monitor import MonitorTables
from rasid.store.outlets import OutletTables

DEFAULT_DB = "rasid.db"
URL_SCHEMES = ("postgresql://", "postgres://")


class StoreError(Exception):
    """The store cannot be opened or used as asked; the message says why."""


def default_path() -> str:
    return os.environ.get("RASID_DB") or DEFAULT_DB


def is_url(target: str | Path) -> bool:
    """Whether `target` names a PostgreSQL database rather than an SQLite file."""
    return str(target).startswith(URL_SCHEMES)


def shown(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def lock_wait() -> float:
    """Seconds a writer waits for another writer's transaction before giving up."""
    try:
        return float(os.environ.get("RASID_LOCK_WAIT", "600"))
    except ValueError:
        return 600.0


class Store(ArticleTables, AnalysisTables, CorpusTables, MonitorTables, OutletTables):
    """Everything Rasid knows. `create=False` refuses to make a new store: a mistyped path is an
    error, not an empty store; `created` tells whether this opening made it."""

    path: str
    created: bool

    def __new__(cls, path: str | Path | None = None, *args: Any, **kwargs: Any) -> Store:
        if cls is Store:
            if is_url(path or default_path()):
                from rasid.store.postgres import PostgresStore
                cls = PostgresStore
            else:
                from rasid.store.sqlite import SQLiteStore
                cls = SQLiteStore
        return super().__new__(cls)

    def close(self) -> None:
        self.db.close()

    def limit_cache(self, mb: int) -> None:
        """Hold at most `mb` of the database's pages in this process: a long-running writer of a few
        articles at a time needs little, and its memory stays flat. A server database caches on its side."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All or nothing, under the write lock: an interrupted batch leaves no half-written articles,
        and a second writer waits for the first instead of failing."""
        self._begin()
        try:
            yield self
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    def _begin(self) -> None:
        """Open a transaction holding the write lock, waiting up to `lock_wait()` for it (`_locked`)."""
        raise NotImplementedError

    def _locked(self) -> StoreError:
        return StoreError(f"{shown(self.path)} stayed locked by another writer for over {lock_wait():.0f} s"
                          " (RASID_LOCK_WAIT sets how long to wait)")

    def reset_analysis(self) -> None:
        """Forget every analysis result, and what the corpus step built on them, so that the next
        analysis redoes all articles."""
        self.reset_corpus()
        for table in ("features", "mentions", "dates", "claims", "entity_keys", "entities"):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("UPDATE articles SET analyzed = 0")

    # --- the store as a product: every table, as rows --------------------------------------------

    def tables(self) -> list[str]:
        """The store's tables a person would open, in schema order (not the full-text index's internals)."""
        raise NotImplementedError

    def columns(self, table: str) -> list[str]:
        """A table's columns, as `SELECT *` on the SQLite file gives them."""
        raise NotImplementedError

    def table_rows(self, table: str) -> tuple[list[str], Iterator[tuple]]:
        """A table's column names and its rows, in storage order."""
        if table not in self.tables():
            raise StoreError(f"no table {table!r}; the store has {', '.join(self.tables())}")
        names = self.columns(table)
        listed = ", ".join(f'"{n}"' for n in names)
        cur = self.db.execute(f'SELECT {listed} FROM "{table}" ORDER BY {self._storage_order(table)}')
        return names, (tuple(r) for r in cur)

    def _storage_order(self, table: str) -> str:
        raise NotImplementedError

    def _after_copy(self) -> None:
        """What the database needs after rows were copied in with their rowids (`rasid.store.copy`)."""
