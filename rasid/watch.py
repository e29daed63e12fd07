"""Following sources as they publish: `rasid watch SOURCES.toml` polls RSS/Atom feeds and sitemaps.

Each poll is a conditional GET (ETag, Last-Modified); every entry whose link was never taken has its page
fetched and read as HTML (the feed's own text is kept only when the page cannot be had), and the new
articles are analysed and placed into stories as any ingest does, then matched against the watches
(`rasid.corpus.alerts`). Fetching runs in a few threads, so one hanging source holds up no other;
requests to one host are spaced by `per_host` seconds; a failing source waits twice as long after each
failure in a row, up to `max_backoff`. SIGTERM or Ctrl-C stops it between pages: what was fetched is
stored, and the feed's validators are kept only when every new entry was taken, so a restart resumes
where it stopped and loses nothing. Pages are cleaned and articles analysed in one child process, which
is replaced every `ANALYSER_ARTICLES` (and at once when it dies), so what the models' caches and the C
heap grow to there is given back; the watcher keeps only the store's page cache and the linking.

SOURCES.toml:

    per_host = 1.0        # seconds between two requests to one host (optional)
    timeout = 30          # seconds for one fetch (optional)

    [[source]]
    name = "spa"
    url = "https://www.spa.gov.sa/rss.xml"
    outlet = "واس"        # optional: else the feed's title
    interval = 300        # seconds between polls (optional, default 600)
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import dataclasses
import functools
import hashlib
import signal
import threading
import time
import tomllib
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from rasid.ingest.feeds import Entry, entries
from rasid.ingest.fetch import Fetched, FetchError, fetch
from rasid.ingest.files import MB, Options, read_fetched
from rasid.model import FeedSource, Problem, RawPage
from rasid.store import Store
from rasid.text.normalize import forget_words

T = TypeVar("T")

ANALYSER_ARTICLES = 2000  # articles one analysing process takes before a fresh one replaces it (memory stays flat)
WATCH_CACHE_MB = 16  # the watcher's page cache: a poll stores a few articles, not an archive (batch ingest keeps 128)
MAX_NEW = 100  # pages fetched per poll of one source: a first poll of a long sitemap goes on at the next
MAX_SITEMAPS = 5  # sitemaps of a sitemap index read per poll (the first listed: indexes list newest first)
Log = Callable[[str], None]


class SourcesError(ValueError):
    """SOURCES.toml cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Config:
    sources: tuple[FeedSource, ...]
    per_host: float = 1.0
    timeout: float = 30.0
    max_feed_bytes: int = 20 * MB
    max_page_bytes: int = 10 * MB
    max_backoff: float = 3600.0


def load_sources(path: str | Path) -> Config:
    """The sources and settings of a SOURCES.toml; SourcesError naming the problem when it is unusable."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise SourcesError(f"{path}: cannot read ({e})") from None
    except tomllib.TOMLDecodeError as e:
        raise SourcesError(f"{path}: not valid TOML ({e})") from None
    listed = data.get("source")
    if not isinstance(listed, list) or not listed:
        raise SourcesError(f"{path}: no [[source]] tables")
    sources, names = [], set()
    for n, s in enumerate(listed, start=1):
        where = f"{path}: source {n}"
        if not isinstance(s, dict) or not isinstance(s.get("url"), str):
            raise SourcesError(f"{where} has no url")
        if urlsplit(s["url"]).scheme.lower() not in ("http", "https"):
            raise SourcesError(f"{where}: the url must be http or https")
        name = str(s.get("name") or urlsplit(s["url"]).netloc)
        if name in names:
            raise SourcesError(f"{where}: the name {name!r} is used twice")
        names.add(name)
        interval = _seconds(s.get("interval", 600), f"{where}: interval")
        sources.append(FeedSource(name, s["url"], s.get("outlet") or None, interval))
    return Config(tuple(sources), per_host=_seconds(data.get("per_host", 1.0), f"{path}: per_host", 0),
                  timeout=_seconds(data.get("timeout", 30), f"{path}: timeout"),
                  max_backoff=_seconds(data.get("max_backoff", 3600), f"{path}: max_backoff"))


def _seconds(value: object, what: str, least: float = 0.1) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < least:
        raise SourcesError(f"{what} must be a number of seconds, at least {least:g}")
    return float(value)


@dataclass
class Harvest:
    """What one poll of a source fetched: the pages of its new entries (with their links), the links
    nothing could be read from, and whether it took every new entry (only then are validators kept)."""

    source: FeedSource
    answer: Fetched | None = None
    error: str | None = None
    pages: list[tuple[str, RawPage, str]] = field(default_factory=list)  # (link, page, how: page | summary)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (link, reason)
    complete: bool = True


@dataclass
class PollReport:
    source: str
    new: int = 0
    error: str | None = None
    problems: list[Problem] = field(default_factory=list)


class Watcher:
    """Polls the configured sources into one store until stopped (see the module's docstring)."""

    def __init__(self, config: Config, db: str | Path | None = None, *, allow_private: bool = True,
                 threads: int = 4, log: Log | None = None, recycle: int | None = ANALYSER_ARTICLES):
        self.config, self.path, self.allow_private = config, str(db) if db else None, allow_private
        self.recycle = recycle  # articles per analysing process; None analyses in this one
        self.threads, self.log = threads, log or (lambda _: None)
        self.stop = threading.Event()
        self._host_lock = threading.Lock()
        self._host_next: dict[str, float] = {}
        self._hooks: ThreadPoolExecutor | None = None  # while running: POSTs alerts to webhooks
        self._hook: Future | None = None
        self._analyser: ProcessPoolExecutor | None = None  # while running: the process that analyses
        self._analysed = 0  # articles the current analyser took
        with Store(self.path) as store, store.transaction():
            store.sync_sources(config.sources)

    # --- the loop --------------------------------------------------------------------------

    def run(self, *, duration: float | None = None, once: bool = False) -> list[PollReport]:
        """Poll until stopped (SIGTERM, Ctrl-C, `stop.set()`), for `duration` seconds, or, with `once`,
        each source once. The reports of every poll, in the order they ended."""
        self.stop.clear()
        restore = _on_signals(self.stop.set) if threading.current_thread() is threading.main_thread() else {}
        end = time.time() + duration if duration else None
        reports: list[PollReport] = []
        with Store(self.path) as store:
            store.limit_cache(WATCH_CACHE_MB)
            due = {s.name: 0.0 if once else _due(s) for s in store.feed_sources([c.name for c in self.config.sources])}
            sources = {s.name: s for s in self.config.sources}
            polled: set[str] = set()
            running: dict[Future, str] = {}
            with ThreadPoolExecutor(self.threads, thread_name_prefix="rasid-watch") as pool, \
                    ThreadPoolExecutor(1, thread_name_prefix="rasid-hooks") as self._hooks:
                try:
                    while True:
                        now = time.time()
                        stopping = self.stop.is_set() or (end is not None and now >= end) or (
                            once and polled == set(sources) and not running)
                        if stopping and not running:
                            break
                        if not stopping:
                            for name in sorted(due, key=due.__getitem__):
                                busy = name in running.values() or (once and name in polled)
                                if due[name] <= now and not busy:
                                    state = store.feed_sources([name])[0]
                                    running[pool.submit(self.harvest, state)] = name
                                    polled.add(name)
                        waiting = [due[n] - now for n in due if n not in running.values() and not (once and n in polled)]
                        timeout = max(0.05, min([*waiting, 1.0] + ([end - now] if end else [])))
                        finished, _ = wait(list(running), timeout=timeout, return_when=FIRST_COMPLETED)
                        for f in finished:
                            name = running.pop(f)
                            report, wait_for = self._settle(store, sources[name], f)
                            due[name] = time.time() + wait_for
                            reports.append(report)
                            if report.new or report.error:
                                self.log(_said(report))
                finally:
                    self.stop.set()  # threads still fetching stop at their next page
                    for f in list(running):
                        reports.append(self._settle(store, sources[running[f]], f)[0])
                    for sig, handler in restore.items():
                        signal.signal(sig, handler)
                    self._retire_analyser()
        self._hooks = None
        return reports

    # --- one poll, in a thread: fetching only ----------------------------------------------

    def harvest(self, source: FeedSource) -> Harvest:
        """Fetch a source (conditionally) and the pages of its entries not taken before."""
        h = Harvest(source)
        headers = {k: v for k, v in (("If-None-Match", source.etag), ("If-Modified-Since", source.modified)) if v}
        try:
            h.answer = self._get(source.url, self.config.max_feed_bytes, headers)
            if h.answer.status == 304:
                return h
            listing = entries(h.answer.data, source.url)
            if isinstance(listing, Problem):
                raise FetchError(listing.reason)
            found = self._expand(listing.entries, h)
        except FetchError as failure:
            h.error = failure.reason
            return h
        outlet = source.outlet or listing.title
        with Store(self.path) as store:
            store.limit_cache(1)
            links = {_link(e, source.url): e for e in found}
            taken = store.taken(list(links))
        new = [(link, e) for link, e in links.items() if link not in taken]
        if len(new) > MAX_NEW:
            new, h.complete = new[:MAX_NEW], False
        for link, e in new:
            if self.stop.is_set():
                h.complete = False
                break
            page, how, why = self._page(link, e, outlet)
            if page is None:
                h.failed.append((link, why))
            else:
                h.pages.append((link, page, how))
        return h

    def _expand(self, found: list[Entry], h: Harvest) -> list[Entry]:
        """A sitemap index's sitemaps read in place of it (the first MAX_SITEMAPS)."""
        maps = [e for e in found if e.sitemap and e.url][:MAX_SITEMAPS]
        if not maps:
            return [e for e in found if not e.sitemap]
        listed: list[Entry] = []
        for m in maps:
            if self.stop.is_set():
                h.complete = False
                break
            try:
                got = entries(self._get(m.url or "", self.config.max_feed_bytes, {}).data, m.url or "")
            except FetchError:
                h.complete = False
                continue
            if not isinstance(got, Problem):
                listed += [e for e in got.entries if not e.sitemap]
        return listed

    def _page(self, link: str, e: Entry, outlet: str | None) -> tuple[RawPage | None, str, str]:
        """The entry's article: its page, else the feed's text of it; (None, '', why) when neither."""
        why = "no link"
        if e.url:
            try:
                got = self._get(e.url, self.config.max_page_bytes, {})
                pages = [p for p in read_fetched(got, link, Options(max_bytes=self.config.max_page_bytes))
                         if isinstance(p, RawPage)]
                if pages:
                    return dataclasses.replace(pages[0], source=link, outlet=outlet, url=pages[0].url or e.url,
                                               published=e.published or pages[0].published, fetched=_now()), "page", ""
                why = "the page holds nothing to read"
            except FetchError as err:
                why = err.reason
        body = (e.summary or "").strip()
        if not body:
            return None, "", why
        html = "<" in body
        return RawPage(source=link, html=body if html else None, text=None if html else body, url=e.url,
                       outlet=outlet, title=e.title, published=e.published, fetched=_now()), "summary", why

    def _get(self, url: str, max_bytes: int, headers: dict[str, str]) -> Fetched:
        self._polite(url)
        got = fetch(url, timeout=self.config.timeout, max_bytes=max_bytes, allow_private=self.allow_private,
                    headers=headers)
        if len(got.data) > max_bytes:
            raise FetchError(f"the answer is over the {max_bytes / MB:g} MB limit")
        return got

    def _polite(self, url: str) -> None:
        """Wait for this host's turn: requests to one host at least `per_host` seconds apart."""
        host = (urlsplit(url).hostname or "").lower()
        with self._host_lock:
            now = time.monotonic()
            slot = max(now, self._host_next.get(host, 0.0))
            self._host_next[host] = slot + self.config.per_host
        if slot > now:
            self.stop.wait(slot - now)

    # --- one poll, in the loop's thread: storing -------------------------------------------

    def _settle(self, store: Store, source: FeedSource, f: Future) -> tuple[PollReport, float]:
        """Store a finished poll. Whatever goes wrong in it is that source's error, not the watcher's end:
        its pages were not taken (the transaction rolled back), so the next poll tries them again."""
        try:
            return self.save(store, f.result())
        except Exception as e:  # a page that breaks analysis, a store that refuses: the others go on
            error = f"could not store this poll ({type(e).__name__}: {e})"
            wait_for = self._backoff(store.feed_sources([source.name])[0])
            with store.transaction():
                store.record_poll(source.name, at=_now(), next_poll=_now(wait_for), error=error)
            return PollReport(source.name, error=error), wait_for

    def _analysing(self) -> ProcessPoolExecutor | None:
        """The process analysing new articles, started at the first that needs it; None: this one."""
        from rasid.pipeline import analysis_pool

        if self._analyser is None and self.recycle:
            self._analyser, self._analysed = analysis_pool(), 0
        return self._analyser

    def _in_analyser(self, work: Callable[[ProcessPoolExecutor | None], T]) -> T:
        """`work` done with the analysing process; if that dies (killed, out of memory), a new one does it
        again (what the first finished is stored, so only the rest is done twice)."""
        try:
            return work(self._analysing())
        except BrokenProcessPool:
            self._retire_analyser()
            return work(self._analysing())

    def _retire_analyser(self) -> None:
        if self._analyser is not None:
            self._analyser.shutdown(cancel_futures=True)
        self._analyser = None

    def _deliver(self) -> None:
        """POST the new alerts to their webhooks, in a thread of its own: a slow receiver holds up no poll."""
        from rasid.corpus.alerts import deliver

        with Store(self.path) as store:
            store.limit_cache(1)
            sent, failed = deliver(store, allow_private=self.allow_private, timeout=min(self.config.timeout, 10.0))
        if sent or failed:
            self.log(f"webhooks: {sent} alerts sent" + (f", {failed} not" if failed else ""))

    def _backoff(self, s: FeedSource) -> float:
        """The wait after one more failure in a row: a minute (or the interval, if shorter), doubled for
        each failure before it, up to `max_backoff` (never under the interval)."""
        return min(min(s.interval, 60.0) * 2 ** s.failures, max(self.config.max_backoff, s.interval))

    def save(self, store: Store, h: Harvest) -> tuple[PollReport, float]:
        """Store a harvest: its pages analysed and placed, its links taken, the source's state; then the
        watches are matched. The report, and the seconds until the source is due again."""
        from rasid.corpus.alerts import check
        from rasid.pipeline import analyze, ingest_pages

        s, report = h.source, PollReport(h.source.name, error=h.error)
        if h.error is None and h.pages:
            pages = [p for _, p, _ in h.pages]
            result = self._in_analyser(lambda pool: ingest_pages(pages, store, analyze=False, pool=pool))
            self._in_analyser(lambda pool: analyze(store, workers=1, ids=result.ids, pool=pool))
            self._analysed += len(result.ids)
            if self.recycle and self._analysed >= self.recycle:
                self._retire_analyser()  # between two polls, nothing queued: the next poll starts a fresh one
                forget_words()  # and this process starts its words afresh with it
            report.new, report.problems = result.new, result.problems
        with store.transaction():
            for link, _, how in h.pages:
                store.take(link, s.name, store.sighted(link), how)
            for link, _ in h.failed:
                store.take(link, s.name, None, "failed")
            wait_for = s.interval if h.error is None else self._backoff(s)
            keep = h.answer is not None and h.complete
            store.record_poll(s.name, at=_now(), next_poll=_now(wait_for), error=h.error, new=report.new,
                              etag=(h.answer.etag if keep else s.etag) if h.answer else None,
                              modified=(h.answer.last_modified if keep else s.modified) if h.answer else None)
        queued = self._hook is not None and not self._hook.running() and not self._hook.done()
        raised = check(store) if h.error is None else 0  # ingest_pages matched its own articles already
        if (raised or report.new) and self._hooks and not queued:
            self._hook = self._hooks.submit(self._deliver)
        if report.new:
            _give_back_memory()
            if self._analyser is not None:  # and the analysing child, whose heap the batch went through
                with contextlib.suppress(BrokenProcessPool):  # a dead child is replaced by the next poll's work
                    self._analyser.submit(_give_back_memory).result()
        return report, wait_for


def _give_back_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc's malloc_trim). Analysing a batch allocates
    and frees hundreds of megabytes in pieces; without this a process that runs for days keeps them all."""
    try:
        _libc().malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: its allocator returns memory its own way
        pass


@functools.cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")


def _link(e: Entry, feed: str) -> str:
    """What an entry is known by: its link, else a key of its text (an entry without a link)."""
    if e.url:
        return e.url
    return f"{feed}#" + hashlib.sha1(f"{e.title}\x00{e.summary}".encode("utf-8", "replace")).hexdigest()[:16]


def _due(s: FeedSource) -> float:
    if not s.next_poll:
        return 0.0
    try:
        return datetime.fromisoformat(s.next_poll).timestamp()
    except ValueError:
        return 0.0


def _now(later: float = 0.0) -> str:
    return datetime.fromtimestamp(time.time() + later, timezone.utc).isoformat(timespec="seconds")


def _said(r: PollReport) -> str:
    if r.error:
        return f"{r.source}: {r.error}"
    return f"{r.source}: {r.new} new article{'s' if r.new != 1 else ''}"


def _on_signals(stop: Callable[[], None]) -> dict:
    """SIGTERM and SIGINT set the stop flag (the loop ends cleanly); the handlers they had, to restore."""
    previous = {}
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous[sig] = signal.signal(sig, lambda *_: stop())
    return previous
