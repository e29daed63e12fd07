"""An archive analysed on many cores, then loaded into the store: `rasid batch SHARDS… --out DIR`.

Analysing an article (entities, dates, figures, claims, signature and embedding) is nearly all of
what ingest costs and needs nothing of the store, so it runs apart, on as many cores as there are:

1. **Analyse.** Each shard is read as `rasid ingest` reads it (JSON Lines, JSON, Parquet, WARC, zip,
   HTML…), its pages cleaned and split into articles, and each article analysed. The `local` engine
   runs a shard per process on this machine; the `ray` engine spreads the articles of every shard over
   a Ray cluster with Ray Data (`flat_map` reads and cleans the shards into chunks of 16 articles,
   `map_batches` analyses each chunk), so a few large shards still keep every core busy; both engines
   analyse the same chunks, so they give the same analyses. The shards must be readable
   at the same path on every node. Either writes Parquet files into DIR, one row per article or
   unreadable input: `shard`, `seq` (the order within the shard), `source`, `id`, `title`, `outlet`,
   `published`, `problem`, and `article` and `analysis`, the model objects pickled by this version of
   Rasid (DIR is a job's own output: never load one from someone you do not trust).
2. **Load.** Shard by shard in input order, the articles are stored as ingest stores them, their
   analyses linked to the entities of the whole corpus in storage order, and the corpus step places
   them, as `rasid ingest` of the same shards does. Its store differs from ingest's only where the
   analysis of an article moves with the other articles it was analysed with (ingest groups the
   whole batch by 16, not each shard): float sums that round differently, rarely a mention's edge.
"""
from __future__ import annotations

import json
import os
import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasid.ingest import Options, expand, read_input
from rasid.model import Analysis, Article, Problem
from rasid.pipeline import ANALYSIS_VERSION, MAX_ARTICLE_CHARS, Progress, _batches, _link, page_articles, relate
from rasid.store import Store, StoreError

CHUNK = 16  # articles analysed together, as `rasid analyze` does
COLUMNS = ("shard", "seq", "source", "id", "title", "outlet", "published", "problem", "article", "analysis", "version")


@dataclass
class BatchReport:
    shards: int = 0
    rows: int = 0
    new: int = 0
    known: int = 0
    analyzed: int = 0
    placed: int = 0
    problems: list[Problem] = field(default_factory=list)


# --- 1. analyse -----------------------------------------------------------------------------------

def shard_rows(shard: int, path: str, opts: Options, max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[dict]:
    """The rows of one shard's articles (not yet analysed) and unreadable inputs, in input order."""
    seq = 0
    for page in read_input(path, opts):
        found = page if isinstance(page, Problem) else page_articles(page, max_chars)
        for item in [found] if isinstance(found, Problem) else found:
            yield _row(shard, seq, item)
            seq += 1


def shard_chunks(shard: int, path: str, opts: Options, max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[list[dict]]:
    """A shard's rows in the groups of `CHUNK` that are analysed together: the groups, not how an
    engine happens to batch, decide the analysis (the tagger's and encoder's sums round a little
    differently in another group), so every engine gives the same analyses."""
    return _batches(shard_rows(shard, path, opts, max_chars), CHUNK)


def _row(shard: int, seq: int, item: Article | Problem) -> dict:
    if isinstance(item, Problem):
        return {"shard": shard, "seq": seq, "source": item.source, "id": "", "title": "", "outlet": "",
                "published": "", "problem": item.reason, "article": b"", "analysis": b"", "version": ANALYSIS_VERSION}
    return {"shard": shard, "seq": seq, "source": item.source or "", "id": item.id, "title": item.title or "",
            "outlet": item.outlet or "", "published": item.published or item.fetched or "", "problem": "",
            "article": pickle.dumps(item), "analysis": b"", "version": ANALYSIS_VERSION}


def analyse_rows(rows: list[dict], max_chars: int = MAX_ARTICLE_CHARS) -> list[dict]:
    """The rows with the analysis of their articles (too long ones stay unanalysed, as in ingest)."""
    from rasid.extract.analyze import analyze_articles

    articles = [pickle.loads(r["article"]) for r in rows if r["article"]]
    done = {x.article: x for x in analyze_articles([a for a in articles if len(a.text) <= max_chars])}
    for r in rows:
        if r["article"] and r["id"] in done:
            r["analysis"] = pickle.dumps(done[r["id"]])
    return rows


def _table(rows: list[dict]) -> Any:
    import pyarrow as pa

    return pa.table({c: [r[c] for r in rows] for c in COLUMNS}, schema=SCHEMA())


def SCHEMA() -> Any:  # noqa: N802 - a constant that needs pyarrow, built when first asked for
    import pyarrow as pa

    kinds = {"shard": pa.int64(), "seq": pa.int64(), "version": pa.int64(), "article": pa.binary(),
             "analysis": pa.binary()}
    return pa.schema([(c, kinds.get(c, pa.string())) for c in COLUMNS])


def _analyse_shard(job: tuple[int, str, Options, Path, int]) -> int:
    """Local engine: one shard read, analysed and written to DIR/part-SHARD.parquet (atomically)."""
    import pyarrow.parquet as pq
    from threadpoolctl import threadpool_limits

    shard, path, opts, out, max_chars = job
    target = out / f"part-{shard:06d}.parquet"
    if target.exists():
        return -1  # done by an earlier run
    rows: list[dict] = []
    with threadpool_limits(1):
        for chunk in shard_chunks(shard, path, opts, max_chars):
            rows += analyse_rows(chunk, max_chars)
    partial = target.with_suffix(".partial")
    pq.write_table(_table(rows), partial)
    os.replace(partial, target)
    return len(rows)


def analyse(sources: list[str], out: str | Path, *, engine: str = "local", workers: int = 0,
            address: str | None = None, opts: Options | None = None, max_chars: int = MAX_ARTICLE_CHARS,
            progress: Progress | None = None) -> list[Problem]:
    """Stage 1: every shard under `sources` analysed into Parquet in `out`; inputs that are not files
    (a missing path, a FIFO) come back as problems."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    opts = opts or Options()
    found = list(expand(sources))
    problems = [p for p in found if isinstance(p, Problem)]
    paths = [os.path.abspath(p) for p in found if not isinstance(p, Problem)]
    workers = workers or os.cpu_count() or 1
    _claim(out, paths, engine)
    if engine == "ray":
        _analyse_on_ray(paths, out, opts, workers, address, max_chars)
    elif engine == "local":
        from concurrent.futures import ProcessPoolExecutor

        from rasid.pipeline import _init_worker

        jobs = [(i, p, opts, out, max_chars) for i, p in enumerate(paths)]
        with ProcessPoolExecutor(min(workers, max(1, len(jobs))), initializer=_init_worker) as pool:
            for n, _ in enumerate(pool.map(_analyse_shard, jobs), start=1):
                if progress:
                    progress("analysing shards", n, len(jobs), os.path.basename(paths[n - 1]))
    else:
        raise ValueError(f"no engine {engine!r}: local or ray")
    return problems


def _claim(out: Path, paths: list[str], engine: str) -> None:
    """DIR belongs to one list of shards (DIR/shards.json), which a later run may extend: the local
    engine resumes it; analyses of other shards, or a second Ray run over the first one's files, would
    be loaded mixed together."""
    manifest = out / "shards.json"
    if manifest.exists():
        before = json.loads(manifest.read_text(encoding="utf-8"))
        if before != paths[:len(before)]:  # more shards after the same first ones: resumed and extended
            raise StoreError(f"{out} holds the analyses of other shards: write these into an empty folder")
        manifest.write_text(json.dumps(paths, ensure_ascii=False, indent=0), encoding="utf-8")
        if engine == "ray":
            raise StoreError(f"{out} holds these shards' analyses already: load them with --no-analyse,"
                             " or analyse into an empty folder")
    elif any(out.glob("*.parquet")):
        raise StoreError(f"{out} holds Parquet files Rasid did not write: analyse into an empty folder")
    else:
        manifest.write_text(json.dumps(paths, ensure_ascii=False, indent=0), encoding="utf-8")


def _analyse_on_ray(paths: list[str], out: Path, opts: Options, workers: int, address: str | None,
                    max_chars: int) -> None:
    try:
        import ray
    except ImportError:
        raise StoreError("the ray engine needs Ray: pip install 'rasid[ray]'") from None
    import logging

    logging.getLogger("ray.data").setLevel(logging.WARNING)  # the command's own progress says enough
    started = not ray.is_initialized()
    if started:  # a local cluster of `workers` CPUs, or the cluster at `address` (ray://… or auto)
        ray.init(address=address, num_cpus=None if address else workers, include_dashboard=False,
                 log_to_driver=False, configure_logging=False)
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True  # deterministic files; loading sorts anyway
        ctx.enable_progress_bars = False
        shards = ray.data.from_items([{"shard": i, "path": p} for i, p in enumerate(paths)],
                                     override_num_blocks=max(1, len(paths)))
        chunks = shards.flat_map(lambda r: [{"rows": pickle.dumps(c)} for c in
                                            shard_chunks(r["shard"], r["path"], opts, max_chars)])
        analysed = chunks.map_batches(lambda b: _analyse_batch(b, max_chars), batch_size=1, batch_format="pyarrow")
        analysed.write_parquet(str(out))
    finally:
        if started:
            ray.shutdown()


def _analyse_batch(batch: Any, max_chars: int) -> Any:
    """Ray's `map_batches` step: a batch of chunks in, the rows of their articles, analysed, out."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return _table([r for c in batch.column("rows").to_pylist() for r in analyse_rows(pickle.loads(c), max_chars)])


# --- 2. load ----------------------------------------------------------------------------------------

def load(out: str | Path, db: str | Path | Store | None = None, *, progress: Progress | None = None,
         batch_size: int = 500) -> BatchReport:
    """Stage 2: the Parquet of `analyse` into the store, then the corpus step; what it did."""
    import pyarrow.compute as pc
    import pyarrow.dataset as pads

    files = sorted(str(p) for p in Path(out).rglob("*.parquet"))
    if not files:
        raise StoreError(f"no analyses in {out} (write them with rasid batch --out {out})")
    data = pads.dataset(files, format="parquet", schema=SCHEMA())
    versions = set(data.to_table(columns=["version"]).column("version").to_pylist())
    if versions - {ANALYSIS_VERSION}:
        raise StoreError(f"{out} was analysed by another version of Rasid's analysis ({sorted(versions)}, this one is"
                         f" {ANALYSIS_VERSION}): analyse the shards again into an empty folder")
    shards = sorted(set(data.to_table(columns=["shard"]).column("shard").to_pylist()))
    store = db if isinstance(db, Store) else Store(db)
    report = BatchReport(shards=len(shards))
    try:
        for n, shard in enumerate(shards, start=1):
            rows = sorted(data.to_table(filter=pc.field("shard") == shard).to_pylist(), key=lambda r: r["seq"])
            report.rows += len(rows)
            for chunk in _batches(rows, batch_size):
                _load_chunk(store, chunk, report)
            if progress:
                progress("loading", n, len(shards), rows[-1]["source"] if rows else "")
        report.placed = relate(store, progress=progress)
    finally:
        if not isinstance(db, Store):
            store.close()
    return report


def _load_chunk(store: Store, rows: list[dict], report: BatchReport) -> None:
    """Store a chunk's articles and problems, then link and save the analyses still due, in one
    transaction each, as `ingest` and `analyze` do."""
    problems = [Problem(r["source"], r["problem"]) for r in rows if r["problem"]]
    articles = [pickle.loads(r["article"]) for r in rows if r["article"]]
    analyses: dict[str, Analysis] = {r["id"]: pickle.loads(r["analysis"]) for r in rows if r["analysis"]}
    with store.transaction():
        new, known, _ = store.add_articles(articles)
        store.add_problems(problems)
    report.new, report.known, report.problems = report.new + new, report.known + known, report.problems + problems
    with store.transaction():
        due = store.still_pending([a.id for a in articles], ANALYSIS_VERSION)
        for a in articles:
            if a.id in due:
                due.discard(a.id)  # an article twice in the chunk is analysed once
                store.save_analysis(_link(analyses[a.id], store) if a.id in analyses else Analysis(a.id),
                                    ANALYSIS_VERSION)
                report.analyzed += 1
