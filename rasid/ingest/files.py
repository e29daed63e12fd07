"""Paths, folders, archives and URLs to RawPages, each format recognised by its content.

`expand` turns what the user named into a list of inputs (files found recursively, URLs as given);
`read_input` reads one of them. Format is decided from the bytes first and the name second: a zip is
a zip whatever it is called, a page that starts with `<rss` is a feed, a `.txt` holding HTML is HTML.
Every failure becomes a `Problem` naming the input and the reason: nothing raises out of here, nothing
waits on a FIFO or a device, and no size limit is left to what a header says (archives are read with a cap).
"""
from __future__ import annotations

import csv
import errno
import gzip
import io
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from rasid.ingest.decode import Undecodable, decode
from rasid.ingest.feeds import read_feed
from rasid.ingest.fetch import Fetched, FetchError, fetch
from rasid.ingest.records import NotRecords, parse_records, read_records
from rasid.ingest.safe import printable_name, repaired
from rasid.model import Problem, RawPage
from rasid.text.calendar import parse_date

MB = 1 << 20
MAX_NESTING = 3  # archives inside archives: enough for a zip of .gz files, too few for a recursive bomb
_MANIFEST_FIELDS = ("outlet", "url", "published", "title")
_JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a first member, or the end record of an empty archive
_FILE_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


class ManifestError(ValueError):
    """The --meta file cannot be used; the message says which row and why."""


@dataclass(frozen=True)
class Options:
    """How to read a batch: per-file metadata, batch-wide defaults, record field names, limits."""

    manifest: dict[str, dict[str, str]] = field(default_factory=dict)
    outlet: str | None = None
    published: str | None = None
    fields: dict[str, str] | None = None
    max_bytes: int = 100 * MB
    timeout: float = 30.0
    allow_private: bool = True  # fetch URLs on loopback, private and link-local addresses (a web app says no)


def load_manifest(path: str | Path) -> dict[str, dict[str, str]]:
    """Rows of a CSV manifest (header `file,outlet,url,published,title`, any subset), keyed by file.

    Each row is findable by the file's path relative to the manifest and by its bare name.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise ManifestError(f"{path}: cannot read ({e})") from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "file" not in [f.strip() for f in reader.fieldnames]:
        raise ManifestError(f"{path}: the header must name a 'file' column (and any of {', '.join(_MANIFEST_FIELDS)})")
    rows: dict[str, dict[str, str]] = {}
    for n, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
        name = row.get("file")
        if not name:
            raise ManifestError(f"{path}, line {n}: no file named")
        meta = {k: row[k] for k in _MANIFEST_FIELDS if row.get(k)}
        if "published" in meta:
            iso = parse_date(meta["published"])
            if iso is None:
                raise ManifestError(f"{path}, line {n}: cannot read the date {meta['published']!r}")
            meta["published"] = iso
        rel = PurePosixPath(name.replace("\\", "/"))
        rows[(path.parent.resolve() / rel).as_posix()] = meta
        rows.setdefault(rel.name, meta)
    return rows


def is_url(s: str) -> bool:
    return bool(re.match(r"^https?://", s, re.I))


def resolved(path: str) -> str | None:
    """The absolute path with every symbolic link followed, as POSIX text; None when it cannot be
    resolved (a symbolic link loop, a NUL in the name), where Path.resolve would raise."""
    try:
        return Path(path).resolve().as_posix()
    except (OSError, RuntimeError, ValueError):
        return None


def expand(sources: list[str]) -> Iterator[str | Problem]:
    """Every regular file under the named paths (recursively, in name order, hidden files skipped) and
    the URLs. Anything else named or found is a Problem: a missing path, a symbolic link loop, and
    whatever is not a regular file (a FIFO, a socket, a device), which opening could block forever.
    Never raises."""
    for src in sources:
        if is_url(src):
            yield src
            continue
        st = _stat(src)
        if not isinstance(st, Problem) and stat.S_ISDIR(st.st_mode):
            yield from _walk(src)
        else:
            yield _regular(src, st)


def _walk(top: str) -> Iterator[str | Problem]:
    """The regular files under `top`, and a Problem for each entry that is not one or cannot be listed.
    Links to folders are not followed (the way into a loop); links to files are."""
    unlisted: list[OSError] = []
    for root, dirs, files in os.walk(top, onerror=unlisted.append):
        yield from _unlisted(unlisted)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(f for f in files if not f.startswith(".")):
            path = os.path.join(root, name)
            yield _regular(path, _stat(path))
    yield from _unlisted(unlisted)


def _regular(path: str, st: os.stat_result | Problem) -> str | Problem:
    """`path` when it is a regular file, else the Problem that says what it is."""
    if isinstance(st, Problem):
        return st
    return path if stat.S_ISREG(st.st_mode) else Problem(printable_name(path), _not_regular(st.st_mode))


def _unlisted(errors: list[OSError]) -> Iterator[Problem]:
    for e in errors:
        yield Problem(printable_name(str(e.filename)), f"cannot list the folder ({e.strerror or e})")
    errors.clear()


def _stat(path: str) -> os.stat_result | Problem:
    """What `path` is, links followed; a Problem when that cannot be told."""
    try:
        return os.stat(path)
    except OSError as e:
        if e.errno == errno.ENOENT and os.path.lexists(path):
            return Problem(printable_name(path), "broken symbolic link (its target does not exist)")
        return Problem(printable_name(path), _os_reason(e))
    except ValueError:
        return Problem(printable_name(path), "not a valid path (a NUL character in the name)")


def _os_reason(e: OSError) -> str:
    if e.errno == errno.ELOOP:
        return "symbolic link loop"
    if e.errno == errno.ENOENT:
        return "no such file or directory"
    return f"cannot read ({e.strerror or e})"


def _not_regular(mode: int) -> str:
    return f"not a regular file ({next((what for test, what in _FILE_KINDS if test(mode)), 'of unknown kind')})"


def read_input(src: str, opts: Options) -> Iterator[RawPage | Problem]:
    """The pages in one file or URL, with the manifest and batch metadata applied and every string
    printable. Never raises: an exception a parser meets on hostile bytes ends as a Problem too."""
    if is_url(src):
        where = printable_name(src)
        pages, row = _read_url(src, where, opts), {}
    else:
        real = resolved(src)
        where = printable_name(real or os.path.abspath(src))
        pages = _read_file(src, where, opts)
        row = (real and opts.manifest.get(real)) or opts.manifest.get(os.path.basename(src)) or {}
    try:
        for page in _with_metadata(pages, row, opts):
            yield repaired(page)
    except Exception as e:  # the reader of one input must not stop the batch, whatever it met
        yield repaired(Problem(where, f"could not read ({type(e).__name__}: {e})"))


def _with_metadata(pages: Iterator[RawPage | Problem], row: dict, opts: Options) -> Iterator[RawPage | Problem]:
    """The manifest row beats the batch options, which beat what the page itself says."""
    for page in pages:
        if isinstance(page, RawPage):
            changes = {k: v for k in ("outlet", "published") if (v := row.get(k) or getattr(opts, k))}
            if page.source_file is not None:  # a single page: url and title are its own
                changes |= {k: row[k] for k in ("url", "title") if row.get(k)}
            page = replace(page, **changes) if changes else page
        yield page


def _read_file(path: str, source: str, opts: Options) -> Iterator[RawPage | Problem]:
    """One file, opened without blocking and checked once open: a file swapped for a FIFO after `expand`
    looked at it cannot hang the batch either."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as e:
        yield Problem(source, _os_reason(e))
        return
    with os.fdopen(fd, "rb") as f:
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                yield Problem(source, _not_regular(st.st_mode))
                return
            os.set_blocking(fd, True)
            head = f.read(8)
            f.seek(0)
            from rasid.ingest import archives  # streamed, however large: each record has the size limit

            if archives.is_warc(head, path) or archives.is_parquet(head):
                read = archives.read_warc if archives.is_warc(head, path) else archives.read_parquet
                yield from read(f, source, opts)
                return
            if st.st_size > opts.max_bytes:
                yield Problem(source, _too_big(opts, st.st_size))
                return
            is_zip = f.read(4).startswith(_ZIP_MAGIC)
            f.seek(0)
            archive = zipfile.ZipFile(f) if is_zip else None
            data = f.read(opts.max_bytes + 1) if archive is None else b""  # it may have grown since fstat
        except (zipfile.BadZipFile, ValueError) as e:  # ValueError: a member name flagged UTF-8 that is not
            yield Problem(source, f"broken zip archive ({e})")
            return
        except OSError as e:
            yield Problem(source, _os_reason(e))
            return
        if archive is not None:
            with archive:
                yield from _read_zip(archive, source, opts, depth=1)
            return
    if len(data) > opts.max_bytes:
        yield Problem(source, _too_big(opts))
        return
    yield from read_bytes(data, source, printable_name(os.path.basename(path)), opts)


def read_bytes(data: bytes, source: str, name: str, opts: Options, url: str | None = None,
               depth: int = 0, charset: str | None = None) -> Iterator[RawPage | Problem]:
    """The pages in one file's bytes; `name` gives the suffix hint and the pages' source_file.

    `url` is set when the bytes were fetched; such pages carry it as `source`, and their own URL is
    the canonical one the page names, else the address it was fetched from. `depth` counts the archives
    the bytes came out of; `charset` is the encoding an HTTP header names.
    """
    if not data.strip():
        yield Problem(source, "empty file")
        return
    if data.startswith(b"\x1f\x8b") or data.startswith(_ZIP_MAGIC):
        if depth >= MAX_NESTING:
            yield Problem(source, f"archives nested more than {MAX_NESTING} deep")
        elif data.startswith(b"\x1f\x8b"):
            yield from _read_gzip(data, source, name, opts, url, depth)
        else:
            try:
                archive = zipfile.ZipFile(io.BytesIO(data))
            except (zipfile.BadZipFile, ValueError) as e:
                yield Problem(source, f"broken zip archive ({e})")
                return
            with archive:
                yield from _read_zip(archive, source, opts, depth + 1)
        return
    meta = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", data[:4096], re.I)
    try:
        text = decode(data, charset or (meta and meta.group(1).decode("ascii")))
    except Undecodable as e:
        yield Problem(source, str(e))
        return
    kind = _kind(text, name)
    is_json_name = name.lower().endswith(_JSON_SUFFIXES)
    if kind == "json" or is_json_name:
        try:
            records = parse_records(text)
        except NotRecords as e:
            yield Problem(source, str(e))
            return
        if records == []:
            yield Problem(source, "JSON holds no records")
            return
        if records is not None:
            yield from read_records(records, source, opts.fields)
            return
        if kind == "json" and is_json_name:
            yield Problem(source, "not valid JSON or JSON Lines")
            return
        kind = "text"  # not JSON after all: a text that starts with a bracket, or a .json file of plain text
    source_file = PurePosixPath(name).name if not url else None
    if kind == "feed":
        yield from read_feed(text, source)
    elif kind == "html":
        yield RawPage(source=source, source_file=source_file, html=text)
    elif kind == "xml":
        yield Problem(source, "XML that is neither a feed nor a web page")
    else:
        yield RawPage(source=source, source_file=source_file, text=text)


def _kind(text: str, name: str) -> str:
    head = text.lstrip("\ufeff \t\r\n")[:4096].lower()
    suffix = PurePosixPath(name).suffix.lower()
    if head.startswith("<"):
        if re.search(r"<rss\b|<feed\b|<rdf:rdf\b", head):
            return "feed"
        if re.search(r"<!doctype html|<html\b|<head\b|<body\b|<p\b|<div\b|<article\b|<meta\b", head):
            return "html"
        return "html" if suffix in (".html", ".htm", ".xhtml") else "xml"
    if head[:1] in "[{":
        return "json"
    if suffix in (".html", ".htm") and re.search(r"<(p|div|br|article|body)\b", head):
        return "html"
    return "text"


def _read_gzip(data: bytes, source: str, name: str, opts: Options, url: str | None,
               depth: int) -> Iterator[RawPage | Problem]:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            inner = gz.read(opts.max_bytes + 1)  # streamed: a bomb stops at the cap
    except (OSError, EOFError, zlib.error) as e:
        yield Problem(source, f"broken gzip file ({e})")
        return
    if len(inner) > opts.max_bytes:
        yield Problem(source, _too_big(opts, what="uncompressed"))
        return
    yield from read_bytes(inner, source, re.sub(r"\.gz$", "", name), opts, url, depth + 1)


def _read_zip(zf: zipfile.ZipFile, source: str, opts: Options, depth: int) -> Iterator[RawPage | Problem]:
    """Every member of an archive, each read with the cap: the sizes a header declares are not trusted."""
    members = [i for i in sorted(zf.infolist(), key=lambda i: i.filename) if not (
        i.is_dir() or PurePosixPath(i.filename).name.startswith(".") or i.filename.startswith("__MACOSX/"))]
    if not members:
        yield Problem(source, "zip archive holds no files")
    for info in members:
        where = f"{source}!{info.filename}"
        if info.file_size > opts.max_bytes:
            yield Problem(where, _too_big(opts, info.file_size, "uncompressed"))
            continue
        try:
            with zf.open(info) as member:
                data = member.read(opts.max_bytes + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError,
                ValueError) as e:
            yield Problem(where, f"unreadable archive member ({e})")
            continue
        if len(data) > opts.max_bytes:
            yield Problem(where, _too_big(opts, what="uncompressed"))
            continue
        yield from read_bytes(data, where, info.filename, opts, depth=depth)


def _read_url(url: str, source: str, opts: Options) -> Iterator[RawPage | Problem]:
    try:
        got = fetch(url, timeout=opts.timeout, max_bytes=opts.max_bytes, allow_private=opts.allow_private)
    except FetchError as e:
        yield Problem(source, e.reason)
        return
    yield from read_fetched(got, source, opts)


def read_fetched(got: Fetched, source: str, opts: Options) -> Iterator[RawPage | Problem]:
    """The pages of a fetched answer, read as the file it is (its charset from the Content-Type)."""
    if len(got.data) > opts.max_bytes:
        yield Problem(source, _too_big(opts))
        return
    charset = re.search(r"""charset=["']?([\w.:-]+)""", got.content_type or "", re.I)
    yield from read_bytes(got.data, source, PurePosixPath(urlsplit(got.final_url).path).name or "index.html",
                          opts, url=got.final_url, charset=charset and charset.group(1))


def _too_big(opts: Options, size: int | None = None, what: str = "") -> str:
    """Why an input over the size limit was skipped; `size` is None when reading stopped at the limit."""
    limit = f"over the {opts.max_bytes / MB:g} MB limit"
    if size is None:
        return f"{limit} ({what + '; ' if what else ''}raise it with --max-size)"
    return f"file is {size / MB:.1f} MB{' ' + what if what else ''}, {limit} (raise it with --max-size)"
