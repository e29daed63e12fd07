"""Shared fixtures. Tests that need ../shared skip when it is absent, and fail when
RASID_REQUIRE_SHARED=1 (as CI sets it), so a missing corpus can never pass silently."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasid.cli import app

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RASID_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip (fail under RASID_REQUIRE_SHARED=1) when it is missing."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        msg = f"needs {p} (the shared data folder next to the repository)"
        if os.environ.get("RASID_REQUIRE_SHARED") == "1":
            pytest.fail(msg + "; RASID_REQUIRE_SHARED=1 forbids skipping")
        pytest.skip(msg)
    return p


@pytest.fixture(scope="session")
def postgres():
    """The URL of a throwaway PostgreSQL cluster for this test session; skips when PostgreSQL is not
    installed, fails instead under RASID_REQUIRE_POSTGRES=1 (as CI sets it)."""
    from postgres_cluster import cluster

    try:
        with cluster() as url:
            yield url
    except RuntimeError as e:
        if os.environ.get("RASID_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{e}; RASID_REQUIRE_POSTGRES=1 forbids skipping")
        pytest.skip(str(e))


_schemas = iter(range(1, 1 << 30))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def new_store(request):
    """Makes new, empty stores: `new_store(folder, name)` is an SQLite file in `folder`, or (the same
    tests again) the URL of a PostgreSQL schema of its own. Every test that reads or writes a store
    through Rasid's interface takes it, so the suite runs on both backends."""
    if request.param == "sqlite":
        return lambda folder, name="store": str(Path(folder) / f"{name}.db")
    import psycopg
    from postgres_cluster import with_schema

    url = request.getfixturevalue("postgres")

    def make(folder: Path, name: str = "store") -> str:
        schema = f"{name.replace('-', '_')}_{next(_schemas)}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        return with_schema(url, schema)

    return make


def store_exists(target: str) -> bool:
    """Whether an SQLite file, or Rasid's tables in a PostgreSQL schema, exist at `target`."""
    if not target.startswith("postgresql://"):
        return Path(target).exists()
    import psycopg

    with psycopg.connect(target) as conn:
        return conn.execute("SELECT to_regclass('articles') IS NOT NULL").fetchone()[0]


@pytest.fixture
def db(new_store, tmp_path) -> str:
    """A new, empty store (SQLite, then PostgreSQL)."""
    return new_store(tmp_path, "test")


@pytest.fixture
def cli():
    """Run `rasid ARGS...` in-process; returns the click Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, env: dict | None = None, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], env=env, input=input, catch_exceptions=False)

    return run


def indexed(store) -> int:
    """How many articles the full-text index holds."""
    from rasid.store.sqlite import SQLiteStore

    table = "articles_fts_docsize" if isinstance(store, SQLiteStore) else "articles_fts"
    return store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def integrity(store) -> str:
    """SQLite's own check of the file ("ok"); PostgreSQL checks as it writes."""
    from rasid.store.sqlite import SQLiteStore

    return store.db.execute("PRAGMA integrity_check").fetchone()[0] if isinstance(store, SQLiteStore) else "ok"


def copy(source: str, target: str) -> None:
    """A copy of a store (`rasid migrate`), on either backend."""
    from rasid.store import Store
    from rasid.store.copy import copy_store

    with Store(source) as a, Store(target) as b:
        copy_store(a, b)


def ingest_demo(tmp: Path, db: str | Path | None = None) -> str | Path:
    """The bundled demo corpus copied to `tmp` and ingested (with its manifest) into `db` (default
    tmp/demo.db)."""
    import shutil
    from importlib import resources

    from rasid.pipeline import ingest

    with resources.as_file(resources.files("rasid") / "data" / "demo") as path:
        shutil.copytree(path, tmp / "demo")
    db = db or tmp / "demo.db"
    ingest([str(tmp / "demo")], db, meta=tmp / "demo" / "manifest.csv")
    return db


def ingest_samples(tmp: Path, db: str | Path | None = None):
    """The five sample pages ingested with their gold publication dates, as a scraper's manifest would
    give them, into `db` (default tmp/samples.db); the ingest report."""
    import csv
    import json

    from rasid.pipeline import ingest

    gold = json.loads(shared_path("gold", "samples.gold.json").read_text(encoding="utf-8"))
    with (tmp / "meta.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["file", "published"])
        for doc, info in gold["documents"].items():
            w.writerow([doc, info["published"]])
    return ingest([str(shared_path("samples"))], db or tmp / "samples.db", meta=tmp / "meta.csv")

