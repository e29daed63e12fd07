"""Composes the stages and writes what they decide: read → clean → language → store, then the
per-article analysis → linking, then the corpus step (near-duplicates, stories, origins, claim groups).

Entry points: `ingest` (everything), `ingest_pages` (pages a program holds), `analyze` (articles the
current analysis has not seen) and `relate` (the corpus step for articles not yet placed).

Per-page cleaning and per-article analysis are pure functions, mapped over a process pool when there is
enough work. Everything is committed in batches under the store's write lock: a kill or Ctrl-C loses at
most the batch in flight, running the same command again completes the work with no duplicates (an
article's id is the hash of its content), and the result is the same as an uninterrupted run's —
nothing depends on batch boundaries, timing or the interpreter's hash seed. Several writers may run
at once: each waits for the lock, re-reads what is still due inside it, and skips what another did.
"""
from __future__ import annotations

import itertools
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rasid.ingest import Options, expand, load_manifest, read_input
from rasid.ingest.files import MB, resolved
from rasid.model import Analysis, Article, Problem, RawPage
from rasid.store import Store
from rasid.text.calendar import parse_date
from rasid.text.clean import clean_page
from rasid.text.language import detect_language
from rasid.text.safe import printable_name

if TYPE_CHECKING:
    import numpy as np

    from rasid.corpus.dedup import Copy
    from rasid.corpus.same_event import Profile

Progress = Callable[[str, int, int, str], None]  # (stage, done, total, what is being done)

ANALYSIS_VERSION = 18  # raise when analysis changes, so that `analyze` redoes stored articles
MAX_ARTICLE_CHARS = 1_000_000  # a longer "article" is a dump, not news: it would stall analysis for minutes
CHUNK = 16  # articles a worker analyses per task: small enough to spread, large enough to batch the models


@dataclass
class IngestReport:
    """What one ingest did: inputs read, pages found, articles new and already known, problems."""

    inputs: int = 0
    pages: int = 0
    new: int = 0
    known: int = 0
    analyzed: int = 0
    created: bool = False  # the store did not exist before
    undated: int = 0  # new articles no input gave a date
    estimated: int = 0  # of those, the ones whose date was read from their text
    problems: list[Problem] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # the articles found, new or known, in input order

    @property
    def articles(self) -> int:
        return self.new + self.known


def page_articles(page: RawPage, max_chars: int = MAX_ARTICLE_CHARS) -> list[Article] | Problem:
    """The cleaned articles on one page, with their language; a Problem when nothing usable is left."""
    size = len(page.html or page.text or "")
    if size > 20 * max_chars:  # not even worth cleaning
        return Problem(page.source, _too_long(size, max_chars, "page"))
    try:
        articles = clean_page(page)
    except Exception as e:  # a page that breaks the cleaner must not break the batch
        return Problem(page.source, f"could not clean the page ({type(e).__name__}: {e})")
    if not articles:
        return Problem(page.source, "no article text found")
    longest = max(len(a.text) for a in articles)
    if longest > max_chars:
        return Problem(page.source, _too_long(longest, max_chars, "article"))
    return [_dated(replace(a, language=detect_language(a.text or a.title or ""))) for a in articles]


def _dated(a: Article) -> Article:
    """An article no input gave a date, with the date its text suggests, marked as estimated (see
    `dates.estimate_published`); time is what keeps two visits years apart two stories."""
    if a.published or a.fetched:
        return a
    from rasid.extract.dates import estimate_published

    estimate = estimate_published(a.text, a.title)
    return replace(a, published=estimate, published_estimated=True) if estimate else a


def _too_long(size: int, limit: int, what: str) -> str:
    return (f"{what} of {size:,} characters, over the {limit:,}-character limit for one article"
            " (raise it with --max-article-chars)")


def ingest(sources: Iterable[str], db: str | Path | Store | None = None, *, meta: str | Path | None = None,
           outlet: str | None = None, published: str | None = None, fields: dict[str, str] | None = None,
           max_size_mb: float = 100, max_article_chars: int = MAX_ARTICLE_CHARS, timeout: float = 30,
           allow_private: bool = True, workers: int | None = None, batch_size: int = 500, analyze: bool = True,
           backlog: bool = True, progress: Progress | None = None) -> IngestReport:
    """Read, clean and store every article in the named files, folders and URLs, then analyze them.

    `meta` is a CSV manifest of per-file metadata; `outlet` and `published` apply to the whole batch;
    `fields` names the record fields of JSON inputs; `timeout` bounds each URL fetch in seconds;
    `allow_private=False` refuses URLs on loopback, private and link-local addresses; `workers` is the
    number of processes that clean pages (default: one per CPU, used only when a batch is large enough
    to pay for them); `analyze=False` stores articles without analysing them (run `analyze` later);
    `backlog=False` analyses and places only this batch's articles, not those earlier runs left waiting.
    Raises ValueError for unusable options before reading anything; every unreadable input is
    reported in the result and in the store's problems.
    """
    if published is not None:
        iso = parse_date(published)
        if iso is None:
            raise ValueError(f"cannot read the date {published!r}")
        published = iso
    opts = Options(manifest=load_manifest(meta) if meta else {}, outlet=outlet, published=published,
                   fields=fields, max_bytes=int(max_size_mb * MB), timeout=timeout, allow_private=allow_private)
    store = db if isinstance(db, Store) else Store(db)
    report = IngestReport(created=store.created)
    # neither the manifest nor the store itself is an article, when they sit in the folder being read
    skip = {p + suffix for p in (resolved(store.path),) if p for suffix in ("", "-wal", "-shm", "-journal")}
    if meta and (m := resolved(str(meta))):
        skip.add(m)
    inputs = [s for s in expand(list(sources)) if isinstance(s, Problem) or resolved(s) not in skip]
    try:
        _store_pages(_pages(inputs, opts, report, progress), store, report, workers, batch_size, max_article_chars)
        if analyze:  # this batch first: writers running at once then each analyse their own articles
            report.analyzed = analyze_store(store, workers=workers, progress=progress, ids=report.ids)
            if backlog:
                report.analyzed += analyze_store(store, workers=workers, progress=progress)
    finally:
        if not isinstance(db, Store):
            store.close()
    return report


def ingest_pages(pages: Iterable[RawPage], db: str | Path | Store | None = None, *, analyze: bool = True,
                 max_article_chars: int = MAX_ARTICLE_CHARS, pool: Executor | None = None) -> IngestReport:
    """Clean, store and analyze pages a program already holds (a web form, a crawler's queue): the
    same path as `ingest` without the reading. Only these pages' articles are analysed and placed,
    whatever else the store has waiting. With `pool` (`analysis_pool`) the pages are cleaned and the
    articles analysed there, else in this process."""
    store = db if isinstance(db, Store) else Store(db)
    report = IngestReport(created=store.created)
    try:
        pages = list(pages)
        report.pages = len(pages)
        _store_pages(iter(pages), store, report, 1, 500, max_article_chars, pool)
        if analyze:
            report.analyzed = analyze_store(store, workers=1, ids=report.ids, pool=pool)
    finally:
        if not isinstance(db, Store):
            store.close()
    return report


def _store_pages(pages: Iterator[RawPage | Problem], store: Store, report: IngestReport, workers: int | None,
                 batch_size: int, max_article_chars: int, pool: Executor | None = None) -> None:
    """Clean pages (in `pool`, or in one of our own when there are many) and store their articles, a
    transaction per batch."""
    cleaned = (pool.map(_clean, ((p, max_article_chars) for p in pages), chunksize=16) if pool
               else _map(pages, workers, max_article_chars))
    for chunk in _batches(cleaned, batch_size):
        problems = [r for r in chunk if isinstance(r, Problem)]
        articles = [a for r in chunk if not isinstance(r, Problem) for a in r]
        with store.transaction():
            new, known, added = store.add_articles(articles)
            store.add_problems(problems)
        report.undated += sum(1 for a in added if a.published_estimated or not (a.published or a.fetched))
        report.estimated += sum(a.published_estimated for a in added)
        report.ids += [a.id for a in articles]
        report.new += new
        report.known += known
        report.problems += problems


# --- the per-article analysis ----------------------------------------------------------------------


def analyze(db: str | Path | Store | None = None, *, redo: bool = False, workers: int | None = None,
            batch_size: int = 200, corpus: bool = True, ids: Iterable[str] | None = None,
            max_article_chars: int = MAX_ARTICLE_CHARS, progress: Progress | None = None,
            pool: Executor | None = None) -> int:
    """Analyze every stored article the current analysis has not seen (of `ids`, if given), link its
    entities across the corpus, and relate it to the others (`relate`, unless `corpus` is False); with
    `redo`, every article. The number analysed.

    Each batch is analysed outside any transaction (in a process pool when there is more than one batch
    of work), then linked and saved in one transaction, so an interrupted run resumes where it stopped
    and a concurrent writer is held up only while a batch is saved. The workers analyse the next batch
    while this process links and saves the last one. A `pool` given is used for every batch and left open.
    """
    store = db if isinstance(db, Store) else Store(db)
    wanted = list(ids) if ids is not None else None
    own = pool is None
    try:
        if redo or store.has_stale_analysis(ANALYSIS_VERSION):
            with store.transaction():  # entities built by an older analysis would mislead the linker
                store.reset_analysis()
        total, done = (len(wanted) if wanted is not None else store.count_pending(ANALYSIS_VERSION)), 0
        workers = workers or os.cpu_count() or 1
        if own and workers > 1 and total > batch_size:
            pool = ProcessPoolExecutor(workers, initializer=_init_worker)
        running: tuple[list[Article], list[Future]] | None = None  # a batch the workers analyse, its futures
        while True:
            # the workers take the next batch before this process links and saves the last one
            batch = store.pending_analysis(ANALYSIS_VERSION, batch_size, wanted,
                                           skip={a.id for a in running[0]} if running else ())
            chunks = list(_batches([a for a in batch if len(a.text) <= max_article_chars], CHUNK))
            submitted = (batch, [(pool.submit if pool else _now)(_analyze_chunk, c) for c in chunks])
            if running:
                done += _save_batch(store, *running, max_article_chars)
                if progress:
                    progress("analysing", done, total, running[0][-1].title or running[0][-1].id)
            if not batch:
                break
            running = submitted
        if corpus:
            relate(store, ids=wanted, progress=progress)
    finally:
        if pool and own:
            pool.shutdown(cancel_futures=True)
        if not isinstance(db, Store):
            store.close()
    return done


def analysis_pool() -> ProcessPoolExecutor:
    """One analysing process, started fresh (spawned: the caller runs threads, which a fork would copy
    mid-lock). A program that runs for days (`rasid watch`) replaces it now and then, so its memory stays
    flat whatever the models' caches and the C heap's fragments grow to. Not `max_tasks_per_child`: with
    work queued it deadlocks on Python 3.11 to 3.13 (CPython issue 115634)."""
    import multiprocessing

    return ProcessPoolExecutor(1, multiprocessing.get_context("spawn"), initializer=_init_worker)


analyze_store = analyze  # for `ingest`, whose parameter `analyze` hides this function


def _now(fn: Callable, *args) -> Future:
    """`fn(*args)` run in this process, as a finished future: without a pool the loop is the same."""
    from threadpoolctl import threadpool_limits

    done: Future = Future()
    with threadpool_limits(1):  # small matrices: BLAS threads would only fight each other
        done.set_result(fn(*args))
    return done


def _save_batch(store: Store, batch: list[Article], work: list[Future], max_article_chars: int) -> int:
    """Link and save a batch's analyses (`work`: the futures of its chunks) in one transaction, skipping
    what another writer did meanwhile; the batch's size."""
    found = {r.article: r for w in work for r in w.result()}
    with store.transaction():
        due = store.still_pending([a.id for a in batch], ANALYSIS_VERSION)  # another writer may have
        for a in batch:
            if a.id not in due:
                continue
            if a.id in found:
                store.save_analysis(_link(found[a.id], store), ANALYSIS_VERSION)
            else:
                store.add_problems([Problem(a.source or a.id, "not analysed: " + _too_long(
                    len(a.text), max_article_chars, "article"))])
                store.save_analysis(Analysis(a.id), ANALYSIS_VERSION)
    return len(batch)


def _analyze_chunk(articles: list[Article]) -> list[Analysis]:
    from rasid.extract.analyze import analyze_articles

    return analyze_articles(articles)


def _link(analysis: Analysis, store: Store) -> Analysis:
    """The analysis with its mention groups linked to entities across the corpus, each decision stored
    before the next group is linked (two articles of a batch naming a new person meet)."""
    from rasid.corpus.link import relabel, resolve

    ids = {}
    for g in analysis.groups:
        decision = resolve(g, store.entities_by_key)
        store.save_entity(decision.entity, decision.keys)
        ids[g.key] = decision.entity.id
    return relabel(analysis, ids)


# --- the corpus step -------------------------------------------------------------------------------


def relate(db: str | Path | Store | None = None, *, redo: bool = False, batch_size: int = 1000,
           ids: Iterable[str] | None = None, progress: Progress | None = None) -> int:
    """The corpus step for every analysed article not yet placed (of `ids`, if given): near-duplicates,
    stories and topics, shared origins, claim groups. Incremental: articles join what earlier runs
    built; `redo` forgets it all and places every article again. The number placed.

    Articles are placed oldest first, a batch per transaction; the batch is read under the write lock,
    so two writers never place the same article. Then the watches are matched against them (alerts).
    """
    store = db if isinstance(db, Store) else Store(db)
    wanted = list(ids) if ids is not None else None
    try:
        if redo:
            with store.transaction():
                store.reset_corpus()
        total, done = (len(wanted) if wanted is not None else store.count_pending_relation()), 0
        rarity: dict[str, float] = {}
        while True:
            with store.transaction():
                batch = store.pending_relation(batch_size, wanted)
                if not batch:
                    break
                touched = _place(store, batch, rarity)
                for story, new_articles in touched.items():
                    _relate_story(store, story, new_articles)
                store.mark_related(a.id for a in batch)
            done += len(batch)
            if progress:
                progress("relating", done, total, batch[-1].title or batch[-1].id)
        if done:
            from rasid.corpus.alerts import check

            check(store)  # the watches see what was placed
    finally:
        if not isinstance(db, Store):
            store.close()
    return done


def place_duplicate(store: Store, article: str, sig: np.ndarray) -> Copy | None:
    """Record an article's signature in the LSH index and join it to the duplicate group of the article
    it copies; the `dedup.Copy`, or None when it copies nothing."""
    from rasid.corpus.dedup import best_copy, buckets, is_empty

    if is_empty(sig):
        return None
    keys = buckets(sig)
    copy = best_copy(sig, store.lsh_candidates(keys, exclude=article))
    store.add_lsh(article, keys)
    if copy:
        store.join_duplicates(article, copy.of, copy.similarity, list(copy.matches))
    return copy


def _place(store: Store, batch: list[Article], rarity: dict[str, float]) -> dict[str, list[str]]:
    """Duplicates and stories for a batch of articles, written; {story: its articles new to it}."""
    from rasid.corpus import stories
    from rasid.corpus.same_event import default_model
    from rasid.corpus.stories import LEAD_CHARS, THREAD_DAYS, WINDOW_DAYS, EventIndex, StoryState

    ids = [a.id for a in batch]
    leads = store.lead_dates(ids, LEAD_CHARS)
    days, told = stories.event_days(batch, leads), stories.told_days(batch, leads)
    known = [d for d in days.values() if d is not None]
    since = date.fromordinal(min(known) - WINDOW_DAYS).isoformat() if known else None
    until = date.fromordinal(max(known) + WINDOW_DAYS).isoformat() if known else None
    earlier = {a: (s, d) for a, s, d in store.placed_between(since, until)}
    profiles = _profiles(store, {a.id: (days[a.id], a.outlet, told[a.id] is not None) for a in batch} | {
        a: (stories.day(d), None, None) for a, (_, d) in earlier.items()}, rarity)
    states = {p.id: StoryState.from_profile(p) for p in store.story_profiles(ids=sorted({s for s, _ in earlier.values()}))}
    index = EventIndex(default_model(), [(profiles[a], s) for a, (s, _) in earlier.items()
                                         if a in profiles and s in states], states)
    copies, story_of = {}, {}
    for a in batch:
        if a.id in profiles and (copy := place_duplicate(store, a.id, profiles[a.id].features.signature)):
            copies[a.id] = copy
            if (s := store.story_of(copy.of)) is not None:
                story_of[copy.of] = s
                if s not in states:
                    states[s] = StoryState.from_profile(store.story_profiles(ids=[s])[0])
    placements, merges = stories.place(batch, profiles, index, copies, story_of)
    touched: dict[str, list[str]] = {s: [] for s in dict.fromkeys(p.story for p in placements)}
    for split in index.splits:  # a story split off in this batch may be merged on in it: its articles go
        touched.setdefault(split.story, [])  # straight to where it ended, which must be saved first
        touched.setdefault(stories.after_merges(split.into, merges), [])
    for m in merges:
        touched.setdefault(stories.after_merges(m.into, merges), [])
    for story in touched:  # first the stories, then what points at them
        if story in index.states:
            store.save_story(index.states[story].profile())
    for split in index.splits:  # a recurring report's days apart: its stored articles move, its links are redone
        into = stories.after_merges(split.into, merges)
        touched[into].extend(store.split_story(split.story, into, split.articles))
        touched[split.story].extend(a.id for a in store.story_members(split.story))
    for k, m in enumerate(merges):  # straight to where the merged story ended (it may be new, and merged on)
        into = stories.after_merges(m.into, merges[k:])
        touched.setdefault(into, []).extend(store.merge_stories(m.absorbed, into))
    for p in placements:
        touched[p.story].append(p.article)
        store.add_to_story(p.article, p.story, p.score, date.fromordinal(d).isoformat()
                           if (d := days.get(p.article)) is not None else None)
    touched = {s: articles for s, articles in touched.items() if s in index.states}
    new = [index.states[s] for s in touched if index.states[s].new]
    if new:
        fresh = {s.id for s in new}
        spans = [(date.fromordinal(s.start - THREAD_DAYS).isoformat(), date.fromordinal(s.end + THREAD_DAYS + 1).isoformat())
                 for s in new if s.start is not None and s.end is not None]
        others = [(i, topic, centroid, stories.day(start), stories.day(end)) for i, topic, centroid, start, end
                  in store.centroids_near(spans if len(spans) == len(new) else None) if i not in fresh]

        def states_of(ids: list[str]) -> dict[str, StoryState]:
            return {p.id: StoryState.from_profile(p) for p in store.story_profiles(ids=ids)}

        for story, thread in stories.threads(new, others, states_of, rarity).items():
            store.set_topic(story, thread)
    return touched


def _profiles(store: Store, known: dict[str, tuple[int | None, str | None, bool | None]],
              rarity: dict[str, float]) -> dict[str, Profile]:
    """The same-event model's view of articles: id → (event day, outlet, whether the lead told the day),
    where None means "look it up"; `rarity` caches entity rarity across batches."""
    from rasid.corpus.same_event import entity_rarity, profile
    from rasid.corpus.stories import LEAD_CHARS, told_days

    ids = list(known)
    features, counts = store.features(ids), store.entity_counts(ids)
    unseen = {e for c in counts.values() for e in c if e not in rarity}
    if unseen:
        rarity.update(entity_rarity({e.id: e.name for e in store.entities_by_id(unseen).values()}))
    outlets = store.outlets([i for i, (_, o, _) in known.items() if o is None])
    ask = [i for i, (_, _, t) in known.items() if t is None]
    told = {i: d is not None for i, d in told_days(list(store.get_many(ask).values()),
                                                   store.lead_dates(ask, LEAD_CHARS)).items()} if ask else {}
    return {i: profile(i, d, o if o is not None else outlets.get(i), features[i], counts[i], rarity,
                       t if t is not None else told.get(i, False))
            for i, (d, o, t) in known.items() if i in features}


def _one_happening(store: Store, ids: list[str]) -> Callable[[str, str], bool]:
    """Whether two of these articles tell one happening, as the same-event model decides (their profiles
    read on the first question: most stories' figures never need it)."""
    from rasid.corpus.same_event import default_model, pair_features
    from rasid.corpus.stories import LEAD_CHARS, event_days

    model = default_model()
    profiles: dict[str, Profile] = {}
    read: list[bool] = []

    def together(a: str, b: str) -> bool:
        if not read:
            read.append(True)
            days = event_days(list(store.get_many(ids).values()), store.lead_dates(ids, LEAD_CHARS))
            profiles.update(_profiles(store, {i: (days[i], None, None) for i in ids}, {}))
        if a not in profiles or b not in profiles:
            return False
        return bool(model.probability(pair_features(profiles[a], profiles[b])[None])[0] >= model.threshold)
    return together


def _relate_story(store: Store, story: str, new_articles: list[str]) -> None:
    """Shared origins between a story's new articles and its others, its claim groups afresh, its label."""
    from rasid.corpus.compare import compare
    from rasid.corpus.origin import links
    from rasid.corpus.stories import label

    claims = store.story_claims(story)
    members = store.story_members(story)
    ids = [m.id for m in members]
    counts = store.entity_counts(ids)
    by_article: dict[str, list] = {}
    for c in claims:
        by_article.setdefault(c.article, []).append(c)
    for a, b, origin in links(members, by_article, {i: set(counts[i]) for i in ids}, set(new_articles)):
        store.join_origin(story, a, b, origin)
    origins = store.origin_groups(ids)
    names = store.origin_names(g for gs in origins.values() for g in gs)
    named = {a: store.mentions_in(a) for a in by_article}
    store.save_claim_groups(story, compare(story, claims, origins, names, mentions=named,
                                           together=_one_happening(store, list(by_article))))
    profile = store.story_profiles(ids=[story])[0]
    store.set_story_label(story, label(members, store.embeddings(ids), profile.centroid))


# --- reading, in parallel ------------------------------------------------------------------------


def _pages(inputs: list, opts: Options, report: IngestReport, progress: Progress | None) -> Iterator[RawPage | Problem]:
    for n, src in enumerate(inputs, start=1):
        if isinstance(src, Problem):
            yield src
        else:
            report.inputs += 1
            for page in read_input(src, opts):
                report.pages += isinstance(page, RawPage)
                yield page
        if progress:
            progress("reading", n, len(inputs), src.source if isinstance(src, Problem) else printable_name(src))


def _clean(item: tuple[RawPage | Problem, int]) -> list[Article] | Problem:
    page, max_chars = item
    return page if isinstance(page, Problem) else page_articles(page, max_chars)


def _map(pages: Iterator[RawPage | Problem], workers: int | None, max_chars: int) -> Iterator[list[Article] | Problem]:
    """Clean pages in this process, or in a pool once there are enough of them to pay for one."""
    workers = workers or os.cpu_count() or 1
    items = ((p, max_chars) for p in pages)
    chunks = _batches(items, 256)  # bounded look-ahead keeps memory flat on huge inputs
    first = next(chunks, [])
    if workers <= 1 or len(first) < 256:
        yield from map(_clean, itertools.chain(first, itertools.chain.from_iterable(chunks)))
        return
    with ProcessPoolExecutor(workers, initializer=_init_worker) as pool:
        for chunk in itertools.chain([first], chunks):
            yield from pool.map(_clean, chunk, chunksize=16)


_LIMITS: list = []


def _init_worker() -> None:
    """Ctrl-C reaches the whole process group; only the main process should act on it. A worker
    multiplies small matrices: one BLAS thread each keeps the cores busy without fighting."""
    from threadpoolctl import threadpool_limits

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _LIMITS.append(threadpool_limits(1))


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk
