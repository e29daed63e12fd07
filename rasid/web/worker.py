"""One process that does the web app's writes, so that no request can stall the others.

Cleaning and analysing a posted article is CPU-bound Python that holds the interpreter while it runs;
in the server's own process one slow article would stop every other request. Here it runs in a
separate process (spawned, not forked from a threaded server), one job at a time, each within a
deadline: a job that overruns is killed with its process, the request gets an answer saying so, and the
next job starts a fresh process. SQLite's transactions keep the store consistent whenever it is killed.
"""
from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


class JobTimeout(Exception):
    """A job ran past its deadline and was stopped."""


def _serve(conn: Connection) -> None:
    while True:
        try:
            fn, args, kwargs = conn.recv()
        except EOFError:
            return
        try:
            conn.send((True, fn(*args, **kwargs)))
        except Exception as e:  # the job failed; the process lives on for the next one
            conn.send((False, e))


class Worker:
    def __init__(self, timeout: float = 120.0):
        self.timeout = timeout
        self._lock = threading.Lock()
        self._proc: Any = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        if self._proc is None or not self._proc.is_alive() or self._conn is None:
            ctx = multiprocessing.get_context("spawn")
            mine, theirs = ctx.Pipe()
            self._proc = ctx.Process(target=_serve, args=(theirs,), daemon=True, name="rasid-writer")
            self._proc.start()
            theirs.close()
            self._conn = mine
        return self._conn

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """`fn(*args, **kwargs)` in the worker process: its result, or its exception raised here;
        JobTimeout when it takes longer than the timeout."""
        with self._lock:
            conn = self._start()
            conn.send((fn, args, kwargs))
            if not conn.poll(self.timeout):
                self._stop()
                raise JobTimeout(f"the job took longer than {self.timeout:.0f} s and was stopped")
            try:
                ok, value = conn.recv()
            except EOFError:
                self._stop()
                raise JobTimeout("the worker process ended before it answered") from None
        if not ok:
            raise value
        return value

    def _stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def close(self) -> None:
        with self._lock:
            self._stop()


# --- the jobs ---------------------------------------------------------------------------------------


def add_page(db: str, page: Any) -> Any:
    """Clean, store, analyse and place one posted page (a `RawPage`); the ingest report."""
    from rasid.pipeline import ingest_pages

    return ingest_pages([page], db)


def add_feed(db: str, url: str, allow_private: bool, timeout: float) -> Any:
    """Fetch a feed (or page) and ingest every entry, analysing and placing only what it brought."""
    from rasid.pipeline import ingest

    return ingest([url], db, workers=1, allow_private=allow_private, timeout=timeout, backlog=False)
