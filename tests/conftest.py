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


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "test.db")


@pytest.fixture
def cli():
    """Run `rasid ARGS...` in-process; returns the click Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, env: dict | None = None, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], env=env, input=input, catch_exceptions=False)

    return run


def ingest_demo(tmp: Path) -> Path:
    """The bundled demo corpus copied to `tmp` and ingested (with its manifest) into tmp/demo.db."""
    import shutil
    from importlib import resources

    from rasid.pipeline import ingest

    with resources.as_file(resources.files("rasid") / "data" / "demo") as path:
        shutil.copytree(path, tmp / "demo")
    db = tmp / "demo.db"
    ingest([str(tmp / "demo")], db, meta=tmp / "demo" / "manifest.csv")
    return db


def ingest_samples(tmp: Path):
    """The five sample pages ingested with their gold publication dates, as a scraper's manifest would
    give them, into tmp/samples.db; the ingest report."""
    import csv
    import json

    from rasid.pipeline import ingest

    gold = json.loads(shared_path("gold", "samples.gold.json").read_text(encoding="utf-8"))
    with (tmp / "meta.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["file", "published"])
        for doc, info in gold["documents"].items():
            w.writerow([doc, info["published"]])
    return ingest([str(shared_path("samples"))], tmp / "samples.db", meta=tmp / "meta.csv")

