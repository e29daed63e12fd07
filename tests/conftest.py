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

    def run(*args: str, env: dict | None = None):
        return runner.invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)

    return run
