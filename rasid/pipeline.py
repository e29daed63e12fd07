"""Composes the stages: read → clean → language → store, then analyze → link. Entry points
`ingest` (everything) and `analyze` (the per-article analysis and the corpus step for articles that
have not had the current version of it).

Per-page work (`page_articles`) is a pure function of one RawPage, so it maps over a process pool
when there are many pages. Articles are committed in batches: a kill or Ctrl-C loses at most the batch
in flight, and running the same command again completes the work with no duplicates, because an
article's id is the hash of its content.
"""
from __future__ import annotations

import itertools
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from rasid.ingest import Options, expand, load_manifest, read_input
from rasid.ingest.files import MB
from rasid.model import Article, Problem, RawPage
from rasid.store import Store
from rasid.text.calendar import parse_date
from rasid.text.clean import clean_page
from rasid.text.language import detect_language


@dataclass
class IngestReport:
    """What one ingest did: inputs read, pages found, articles new and already known, problems."""

    inputs: int = 0
    pages: int = 0
    new: int = 0
    known: int = 0
    analyzed: int = 0
    problems: list[Problem] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # the articles found, new or known, in input order

    @property
    def articles(self) -> int:
        return self.new + self.known


def page_articles(page: RawPage) -> list[Article] | Problem:
    """The cleaned articles on one page, with their language; a Problem when nothing is left."""
    try:
        articles = clean_page(page)
    except Exception as e:  # a page that breaks the cleaner must not break the batch
        return Problem(page.source, f"could not clean the page ({type(e).__name__}: {e})")
    if not articles:
        return Problem(page.source, "no article text found")
    return [replace(a, language=detect_language(a.text or a.title or "")) for a in articles]


def ingest(sources: Iterable[str], db: str | Path | Store | None = None, *, meta: str | Path | None = None,
           outlet: str | None = None, published: str | None = None, fields: dict[str, str] | None = None,
           max_size_mb: float = 100, timeout: float = 30, workers: int | None = None, batch_size: int = 500,
           analyze: bool = True, progress: Callable[[str, int, int, str], None] | None = None) -> IngestReport:
    """Read, clean and store every article in the named files, folders and URLs, then analyze them.

    `meta` is a CSV manifest of per-file metadata; `outlet` and `published` apply to the whole batch;
    `fields` names the record fields of JSON inputs; `timeout` bounds each URL fetch in seconds;
    `workers` is the number of processes that clean pages (default: one per CPU, used only when a
    batch is large enough to pay for them); `analyze=False` stores articles without analysing them
    (run `analyze` later). Raises ValueError for unusable options before
    reading anything; every unreadable input is reported in the result and in the store's problems.
    """
    if published is not None:
        iso = parse_date(published)
        if iso is None:
            raise ValueError(f"cannot read the date {published!r}")
        published = iso
    opts = Options(manifest=load_manifest(meta) if meta else {}, outlet=outlet, published=published,
                   fields=fields, max_bytes=int(max_size_mb * MB), timeout=timeout)
    store = db if isinstance(db, Store) else Store(db)
    report = IngestReport()
    # neither the manifest nor the store itself is an article, when they sit in the folder being read
    skip = {Path(store.path).resolve().as_posix() + suffix for suffix in ("", "-wal", "-shm", "-journal")}
    if meta:
        skip.add(Path(meta).resolve().as_posix())
    inputs = [s for s in expand(list(sources)) if isinstance(s, Problem) or Path(s).resolve().as_posix() not in skip]
    try:
        _store_pages(_pages(inputs, opts, report, progress), store, report, workers, batch_size)
        if analyze:
            report.analyzed = run_analysis(store, workers=workers, progress=progress)
    finally:
        if not isinstance(db, Store):
            store.close()
    return report


def ingest_pages(pages: Iterable[RawPage], db: str | Path | Store | None = None, *,
                 analyze: bool = True) -> IngestReport:
    """Clean, store and analyze pages a program already holds (a web form, a crawler's queue): the
    same path as `ingest` without the reading."""
    store = db if isinstance(db, Store) else Store(db)
    report = IngestReport()
    try:
        pages = list(pages)
        report.pages = len(pages)
        _store_pages(iter(pages), store, report, 1, 500)
        if analyze:
            report.analyzed = run_analysis(store, workers=1)
    finally:
        if not isinstance(db, Store):
            store.close()
    return report


def _store_pages(pages: Iterator[RawPage | Problem], store: Store, report: IngestReport, workers: int | None,
                 batch_size: int) -> None:
    """Clean pages (in a pool when there are many) and store their articles, a transaction per batch."""
    for chunk in _batches(_map(pages, workers), batch_size):
        with store.transaction():
            problems = [r for r in chunk if isinstance(r, Problem)]
            articles = [a for r in chunk if not isinstance(r, Problem) for a in r]
            new, known = store.add_articles(articles)
            store.add_problems(problems)
        report.ids += [a.id for a in articles]
        report.new += new
        report.known += known
        report.problems += problems


ANALYSIS_VERSION = 3  # raise when analysis changes, so `analyze` redoes stored articles


@dataclass
class Analysis:
    """What the per-article analysis finds: mentions grouped by what they name, dates, quantities, and
    the features the corpus step relates articles by (MinHash signature, headline-and-lead embedding)."""

    groups: list
    dates: list
    quantities: list
    signature: object = None
    embedding: object = None


def analyze_articles(articles: list[Article]) -> list[Analysis]:
    """The per-article analysis of a few articles at once (the tagger is fastest in batches). Pure;
    runs in workers. Claims are made after linking, since they name linked entities. Relative dates
    are resolved against the publication date, else the date the page was fetched (a crawler's
    date), never the date of the run."""
    from rasid.corpus.dedup import signatures
    from rasid.extract.dates import find_dates
    from rasid.extract.embedding import embed_articles
    from rasid.extract.entities import find_mentions_batch, group_mentions
    from rasid.extract.numbers import find_quantities

    out = []
    sigs, embs = signatures([a.text for a in articles]), embed_articles(articles)
    for article, mentions, sig, emb in zip(articles, find_mentions_batch(articles), sigs, embs):
        dates = find_dates(article.text, article.published or article.fetched)
        quantities = find_quantities(article.text, skip=[(d.start, d.end) for d in dates])
        out.append(Analysis(group_mentions(mentions), dates, quantities, sig, emb))
    return out


def analyze(db: str | Path | Store | None = None, *, redo: bool = False, workers: int | None = None,
            batch_size: int = 200, corpus: bool = True,
            progress: Callable[[str, int, int, str], None] | None = None) -> int:
    """Analyze every stored article the current analysis has not seen, link its entities across the
    corpus, and relate it to the others (`relate`, unless `corpus` is False); with `redo`, every
    article. The number analysed.

    Each batch is analysed (in a process pool when there is more than one batch of work) and then
    linked and saved in one transaction, so an interrupted run resumes where it stopped.
    """
    from rasid.corpus.link import link
    from rasid.extract.claims import find_claims

    store = db if isinstance(db, Store) else Store(db)
    pool = None
    try:
        if redo or store.has_stale_analysis(ANALYSIS_VERSION):
            with store.transaction():  # entities built by an older analysis would mislead the linker
                store.reset_analysis()
        total, done = store.count_pending(ANALYSIS_VERSION), 0
        workers = workers or os.cpu_count() or 1
        if workers > 1 and total > batch_size:
            pool = ProcessPoolExecutor(workers, initializer=_ignore_interrupts)
        while batch := store.pending_analysis(ANALYSIS_VERSION, batch_size):
            chunks = list(_batches(batch, 16))
            results = [r for rs in (pool.map(analyze_articles, chunks) if pool else map(analyze_articles, chunks))
                       for r in rs]
            with store.transaction():
                for article, found in zip(batch, results):
                    mentions = sorted((replace(m, entity=ident) for g, ident in link(found.groups, store)
                                       for m in g.mentions), key=lambda m: m.start)
                    claims = find_claims(article.id, article.text, found.quantities, found.dates, mentions,
                                         article.published or article.fetched)
                    store.save_analysis(article.id, mentions, found.dates, claims, ANALYSIS_VERSION,
                                        found.signature, found.embedding)
            done += len(batch)
            if progress:
                progress("analysing", done, total, batch[-1].title or batch[-1].id)
        if corpus:
            relate(store, progress=progress)
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
        if not isinstance(db, Store):
            store.close()
    return done


run_analysis = analyze  # for `ingest`, whose parameter `analyze` hides this function


def relate(db: str | Path | Store | None = None, *, batch_size: int = 1000,
           progress: Callable[[str, int, int, str], None] | None = None) -> int:
    """The corpus step for every analysed article not yet placed: near-duplicates, stories and topics,
    shared origins, claim groups. Incremental: articles join what earlier runs built. The number placed.

    Articles are placed oldest first, a batch per transaction, so an interrupted run resumes cleanly.
    """
    store = db if isinstance(db, Store) else Store(db)
    try:
        total, done = store.count_pending_relation(), 0
        idf = store.entity_idf() if total else {}
        while batch := store.pending_relation(batch_size):
            with store.transaction():
                touched = _place(store, batch, idf)
                for story, new_articles in touched.items():
                    _relate_story(store, story, new_articles)
                    store.refresh_story(story)
                store.mark_related(a.id for a in batch)
            done += len(batch)
            if progress:
                progress("relating", done, total, batch[-1].title or batch[-1].id)
    finally:
        if not isinstance(db, Store):
            store.close()
    return done


def _place(store: Store, batch: list[Article], idf: dict[str, float]) -> dict[str, list[str]]:
    """Duplicates and stories for a batch of articles; {story: its articles from this batch}."""
    from datetime import date

    from rasid.corpus import dedup
    from rasid.corpus.stories import LEAD_CHARS, WINDOW_DAYS, StoryIndex, StoryState, assign_topics, entity_vector, \
        event_days

    ids = [a.id for a in batch]
    features, counts = store.features(ids), store.entity_counts(ids)
    days = event_days(batch, store.lead_dates(ids, LEAD_CHARS))
    known = [d for d in days.values() if d is not None]
    rows = store.story_rows(since=date.fromordinal(min(known) - WINDOW_DAYS).isoformat(),
                            until=date.fromordinal(max(known) + WINDOW_DAYS).isoformat()) if known else []
    index = StoryIndex([StoryState.from_row(r) for r in rows], idf)
    touched: dict[str, list[str]] = {}
    placed = []
    for a in batch:
        if a.id not in features:
            continue  # analysed before features existed; `analyze --redo` gives it some
        sig, emb = features[a.id]
        story, score = None, 1.0
        copy = dedup.place(store, a.id, sig)
        if copy and (story := store.story_of(copy[0]) or _placed_in(copy[0], touched)):
            if not index.has(story):
                index.ensure(store.story_rows(ids=[story])[0])
            score = copy[1]
            if not index.near(story, days[a.id]):
                story = None  # the same text years later (an anniversary re-post) tells another event
        if story is None:
            story, score = index.best(days[a.id], emb, entity_vector(counts[a.id], idf))
        placed.append((a.id, index.add(story, a.id, days[a.id], emb, counts[a.id]), score if story else 1.0))
        story = placed[-1][1]
        touched.setdefault(story, []).append(a.id)
    new = [index.get(s) for s in touched if index.get(s).new]
    for s in touched:
        state = index.get(s)
        store.save_story(s, state.centroid, *state.dates(), state.entities)
    for article, story, score in placed:
        store.add_to_story(article, story, score)
    if new:
        others = [o for o in store.all_centroids() if o[0] not in {s.id for s in new}]
        def state_of(story: str) -> StoryState:
            return StoryState.from_row(store.story_rows(ids=[story])[0])

        for story, topic in assign_topics(new, others, state_of, idf).items():
            store.set_topic(story, topic)
    return touched


def _placed_in(article: str, touched: dict[str, list[str]]) -> str | None:
    return next((s for s, members in touched.items() if article in members), None)


def _relate_story(store: Store, story: str, new_articles: list[str]) -> None:
    """Shared origins between a story's new articles and its others, then its claim groups afresh."""
    from rasid.corpus.compare import compare
    from rasid.corpus.origin import evidence, shared_origin

    claims = store.story_claims(story)
    articles = store.story_articles(story)
    members = [m["id"] for m in articles]
    counts = store.entity_counts(members)
    by_article: dict[str, list[dict]] = {m: [] for m in members}
    for c in claims:
        by_article[c["article"]].append(c)
    ev = {m["id"]: evidence(by_article[m["id"]], set(counts[m["id"]]), m["outlet"], m["text"]) for m in articles}
    new = set(new_articles)
    for i, a in enumerate(members):
        for b in members[:i]:
            if a in new or b in new:
                same, origin = shared_origin(ev[a], ev[b])
                if same:
                    store.join_origin(story, a, b, origin)
    origins = store.origin_groups(members)
    names = store.origin_names(g for gs in origins.values() for g in gs)
    store.save_claim_groups(story, compare(story, claims, origins, names))


def _pages(inputs: list, opts: Options, report: IngestReport,
           progress: Callable[[str, int, int, str], None] | None) -> Iterator[RawPage | Problem]:
    for n, src in enumerate(inputs, start=1):
        if isinstance(src, Problem):
            yield src
        else:
            report.inputs += 1
            for page in read_input(src, opts):
                report.pages += isinstance(page, RawPage)
                yield page
        if progress:
            progress("reading", n, len(inputs), src.source if isinstance(src, Problem) else src)


def _analyze(item: RawPage | Problem) -> list[Article] | Problem:
    return item if isinstance(item, Problem) else page_articles(item)


def _map(pages: Iterator[RawPage | Problem], workers: int | None) -> Iterator[list[Article] | Problem]:
    """Analyze pages in this process, or in a pool once there are enough of them to pay for one."""
    workers = workers or os.cpu_count() or 1
    chunks = _batches(pages, 256)  # bounded look-ahead keeps memory flat on huge inputs
    first = next(chunks, [])
    if workers <= 1 or len(first) < 256:
        yield from map(_analyze, itertools.chain(first, itertools.chain.from_iterable(chunks)))
        return
    with ProcessPoolExecutor(workers, initializer=_ignore_interrupts) as pool:
        for chunk in itertools.chain([first], chunks):
            yield from pool.map(_analyze, chunk, chunksize=16)


def _ignore_interrupts() -> None:
    """Ctrl-C reaches the whole process group; only the main process should act on it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk
