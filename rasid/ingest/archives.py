"""Inputs archives come in, read as a stream (a WARC file of crawled pages is often gigabytes):

- WARC (`.warc`, `.warc.gz`, as Heritrix, wget --warc-file and Common Crawl write them), through
  fastwarc: every `response` record of a successful fetch of an HTML page (or feed, or JSON) is a page
  fetched from its WARC-Target-URI at its WARC-Date; images, scripts, redirects and errors are skipped,
  as a crawl holds many of them and none is an article;
- Parquet, through pyarrow: every row a record, read as JSON records are (`rasid.ingest.records`).

Each record is limited by `--max-size`, not the whole file. Both need the `archive` extra.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import PurePosixPath
from typing import BinaryIO
from urllib.parse import urlsplit

from rasid.ingest.files import Options, _too_big, read_bytes
from rasid.ingest.records import read_records
from rasid.model import Problem, RawPage

WARC_SUFFIXES = (".warc", ".warc.gz")
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "application/rss+xml", "application/atom+xml",
               "application/xml", "text/xml", "application/json", "text/plain")


def is_warc(head: bytes, name: str) -> bool:
    return head.startswith(b"WARC/") or (head.startswith(b"\x1f\x8b") and name.lower().endswith(WARC_SUFFIXES))


def is_parquet(head: bytes) -> bool:
    return head.startswith(b"PAR1")


def read_warc(stream: BinaryIO, source: str, opts: Options) -> Iterator[RawPage | Problem]:
    """The pages of a WARC file's successful HTML responses; `source!URI` names each."""
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        yield Problem(source, "a WARC file needs fastwarc: pip install 'rasid[archive]'")
        return
    records = ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True)
    for n, record in enumerate(records):
        uri = record.headers.get("WARC-Target-URI") or ""
        where = f"{source}!{uri or n}"
        status = record.http_headers.status_code if record.http_headers is not None else None
        kind = (record.http_content_type or "").lower()
        if status != 200 or not kind.startswith(_PAGE_TYPES):
            continue
        if record.content_length > opts.max_bytes:
            yield Problem(where, _too_big(opts, record.content_length, "(one WARC record)"))
            continue
        fetched = record.record_date.isoformat() if record.record_date else None
        name = PurePosixPath(urlsplit(uri).path).name or "index.html"
        for page in read_bytes(record.reader.read(), where, name, opts, url=uri or None, charset=record.http_charset):
            if isinstance(page, RawPage):
                page = replace(page, url=page.url or uri or None, fetched=page.fetched or fetched)
            yield page


def read_parquet(stream: BinaryIO, source: str, opts: Options, batch_rows: int = 1024) -> Iterator[RawPage | Problem]:
    """The records of a Parquet file, a batch of rows at a time; `source#N` names row N."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield Problem(source, "a Parquet file needs pyarrow: pip install 'rasid[archive]'")
        return
    try:
        table = pq.ParquetFile(stream)
    except Exception as e:  # pyarrow raises its own kinds for each way a file can be broken
        yield Problem(source, f"broken Parquet file ({type(e).__name__}: {e})")
        return
    done = 0
    for batch in table.iter_batches(batch_size=batch_rows):
        for page in read_records(batch.to_pylist(), source, opts.fields):
            if done:  # read_records numbers from 0 in each batch; the row number is the file's
                head, _, i = page.source.rpartition("#")
                page = replace(page, source=f"{head}#{int(i) + done}")
            yield page
        done += batch.num_rows
