"""A throwaway PostgreSQL cluster for the tests and benchmarks: `initdb` into a temporary folder,
`pg_ctl` on a private Unix socket (no TCP), stopped and deleted on exit. PostgreSQL refuses to run as
root, so as root the cluster belongs to the `postgres` user (Debian's package creates it)."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def cluster() -> Iterator[str]:
    """A running cluster; yields the URL of its `postgres` database (user `rasid`, no password)."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (no initdb): make test installs Debian's postgresql")
    as_root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if as_root else []
    folder = Path(tempfile.mkdtemp(prefix="rasid-pg-"))
    data, port = folder / "data", _free_port()
    try:
        data.mkdir()
        if as_root:
            shutil.chown(folder, "postgres")
            shutil.chown(data, "postgres")

        def run(*args: str) -> None:
            done = subprocess.run([*run_as, *args], capture_output=True, text=True)
            if done.returncode:
                raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stderr.strip() or done.stdout.strip()}")

        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "rasid", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync")
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-o",
            f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off -c max_connections=200", "start")
        try:
            yield f"postgresql://rasid@/postgres?host={folder}&port={port}"
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def with_schema(url: str, schema: str) -> str:
    """The URL of a store in its own schema of the database (created by the caller)."""
    return f"{url}&options=-csearch_path%3D{schema}"
