"""One store copied into another, whichever their databases: `rasid migrate --from rasid.db --to
postgresql://…` moves an analyst's file to the newsroom's server (and back). Every row of every table,
in schema order (so what a row refers to is there before it), in one transaction of the target: a copy
cut short leaves the target as it was. The full-text index is rebuilt in the target's own form."""
from __future__ import annotations

from collections.abc import Callable
from itertools import islice

from rasid.store import rows
from rasid.store.base import Store, StoreError, shown

BATCH = 2000


def copy_store(source: Store, target: Store, progress: Callable[[str, int, int, str], None] | None = None) -> dict[str, int]:
    """Copy `source` into the empty store `target`; the rows copied per table."""
    if target.count():
        raise StoreError(f"{shown(target.path)} already holds {target.count()} articles: copy into an empty store")
    missing = [t for t in source.tables() if t not in target.tables()]
    if missing:
        raise StoreError(f"{shown(target.path)} has no table {', '.join(missing)}: upgrade Rasid where it is written")
    copied: dict[str, int] = {}
    tables = source.tables()
    with target.transaction():
        for i, table in enumerate(tables):
            names, found = source.table_rows(table)
            keep = [n for n in names if n in set(target.columns(table))]
            at = [names.index(n) for n in keep]
            listed = ", ".join(f'"{n}"' for n in keep)
            insert = f'INSERT INTO "{table}" ({listed}) VALUES ({rows.marks(keep)})'
            n = 0
            while batch := list(islice(found, BATCH)):
                target.db.executemany(insert, [tuple(r[j] for j in at) for r in batch])
                n += len(batch)
                if progress:
                    progress(f"copying {table}", i, len(tables), f"{n} rows")
            copied[table] = n
        for a in source.all_articles():
            target._index_text(target.db.execute("SELECT rowid FROM articles WHERE id = ?", (a.id,)).fetchone()[0], a)
        target._after_copy()
    return copied
