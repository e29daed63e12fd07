"""Paths, folders, archives and URLs to RawPages, each format recognised by its content.

`expand` turns what the user named into a list of inputs (files found recursively, URLs as given);
`read_input` reads one of them. Format is decided from the bytes first and the name second: a zip is
a zip whatever it is called, a page that starts with `<rss` is a feed, a `.txt` holding HTML is HTML.
Every failure becomes a `Problem` naming the input and the reason; nothing raises out of here.
"""
from __future__ import annotations

import csv
import gzip
import io
import os
import re
import socket
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from rasid import __version__
from rasid.ingest.decode import Undecodable, decode
from rasid.ingest.feeds import read_feed
from rasid.ingest.records import parse_records, read_records
from rasid.model import Problem, RawPage
from rasid.text.calendar import parse_date

MB = 1 << 20
_MANIFEST_FIELDS = ("outlet", "url", "published", "title")


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


def expand(sources: list[str]) -> Iterator[str | Problem]:
    """Every file under the named paths (recursively, in name order, hidden files skipped) and the URLs."""
    for src in sources:
        if is_url(src):
            yield src
            continue
        p = Path(src)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith("."):
                        yield str(Path(root) / f)
        elif p.is_file():
            yield str(p)
        elif p.exists():
            yield Problem(src, "not a regular file")
        else:
            yield Problem(src, "no such file or directory")


def read_input(src: str, opts: Options) -> Iterator[RawPage | Problem]:
    """The pages in one file or URL, with the manifest and batch metadata applied."""
    if is_url(src):
        pages = _read_url(src, opts)
        row = {}
    else:
        pages = _read_file(Path(src), opts)
        absolute = Path(src).resolve().as_posix()
        row = opts.manifest.get(absolute) or opts.manifest.get(Path(src).name) or {}
    yield from _with_metadata(pages, row, opts)


def _with_metadata(pages: Iterator[RawPage | Problem], row: dict, opts: Options) -> Iterator[RawPage | Problem]:
    """The manifest row beats the batch options, which beat what the page itself says."""
    for page in pages:
        if isinstance(page, RawPage):
            changes = {k: v for k in ("outlet", "published") if (v := row.get(k) or getattr(opts, k))}
            if page.source_file is not None:  # a single page: url and title are its own
                changes |= {k: row[k] for k in ("url", "title") if row.get(k)}
            page = replace(page, **changes) if changes else page
        yield page


def _read_file(path: Path, opts: Options) -> Iterator[RawPage | Problem]:
    source = str(path.resolve())
    try:
        size = path.stat().st_size
        if size > opts.max_bytes:
            yield Problem(source, _too_big(size, opts))
            return
        with path.open("rb") as f:
            head = f.read(4)
        if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
            with zipfile.ZipFile(path) as zf:
                yield from _read_zip(zf, source, opts)
            return
        data = path.read_bytes()
    except zipfile.BadZipFile as e:
        yield Problem(source, f"broken zip archive ({e})")
        return
    except OSError as e:
        yield Problem(source, f"cannot read ({e.strerror or e})")
        return
    yield from read_bytes(data, source, path.name, opts)


def read_bytes(data: bytes, source: str, name: str, opts: Options, url: str | None = None,
               depth: int = 0) -> Iterator[RawPage | Problem]:
    """The pages in one file's bytes; `name` gives the suffix hint and the pages' source_file.

    `url` is set when the bytes were fetched; such pages carry it as `source`, and their own URL is
    the canonical one the page names, else the address it was fetched from.
    """
    if not data.strip():
        yield Problem(source, "empty file")
        return
    if data.startswith(b"\x1f\x8b"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                inner = gz.read(opts.max_bytes + 1)
        except (OSError, EOFError, zlib.error) as e:
            yield Problem(source, f"broken gzip file ({e})")
            return
        if len(inner) > opts.max_bytes:
            yield Problem(source, _too_big(len(inner), opts, "uncompressed"))
            return
        yield from read_bytes(inner, source, re.sub(r"\.gz$", "", name), opts, url, depth + 1)
        return
    if data.startswith(b"PK\x03\x04") and depth < 3:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                yield from _read_zip(zf, source, opts, depth + 1)
        except zipfile.BadZipFile as e:
            yield Problem(source, f"broken zip archive ({e})")
        return
    declared = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", data[:4096], re.I)
    try:
        text = decode(data, declared and declared.group(1).decode("ascii"))
    except Undecodable as e:
        yield Problem(source, str(e))
        return
    kind = _kind(text, name)
    if kind == "feed":
        yield from read_feed(text, source)
    elif kind == "html":
        yield RawPage(source=source, source_file=PurePosixPath(name).name if not url else None, html=text)
    elif kind == "json":
        records = parse_records(text)
        if records is not None:
            yield from read_records(records, source, opts.fields)
        elif name.lower().endswith((".json", ".jsonl", ".ndjson")):
            yield Problem(source, "not valid JSON or JSON Lines")
        else:
            yield RawPage(source=source, source_file=PurePosixPath(name).name, text=text)
    elif kind == "xml":
        yield Problem(source, "XML that is neither a feed nor a web page")
    else:
        yield RawPage(source=source, source_file=PurePosixPath(name).name if not url else None, text=text)


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


def _read_zip(zf: zipfile.ZipFile, source: str, opts: Options, depth: int = 0) -> Iterator[RawPage | Problem]:
    for info in sorted(zf.infolist(), key=lambda i: i.filename):
        name = info.filename
        base = PurePosixPath(name).name
        if info.is_dir() or base.startswith(".") or name.startswith("__MACOSX/"):
            continue
        where = f"{source}!{name}"
        if info.file_size > opts.max_bytes:
            yield Problem(where, _too_big(info.file_size, opts, "uncompressed"))
            continue
        try:
            data = zf.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as e:
            yield Problem(where, f"unreadable archive member ({e})")
            continue
        yield from read_bytes(data, where, name, opts, depth=depth)


def _read_url(url: str, opts: Options) -> Iterator[RawPage | Problem]:
    req = urllib.request.Request(url, headers={"User-Agent": f"rasid/{__version__} (+news ingest)"})
    try:
        with urllib.request.urlopen(req, timeout=opts.timeout) as resp:
            data = resp.read(opts.max_bytes + 1)
            final = resp.geturl()
    except urllib.error.HTTPError as e:
        yield Problem(url, f"could not fetch: HTTP {e.code} {e.reason}")
        return
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as e:
        yield Problem(url, f"could not fetch: {getattr(e, 'reason', None) or e}")
        return
    if len(data) > opts.max_bytes:
        yield Problem(url, _too_big(len(data), opts))
        return
    yield from read_bytes(data, url, PurePosixPath(final.split("?")[0]).name or "index.html", opts, url=final)


def _too_big(size: int, opts: Options, what: str = "") -> str:
    what = f"{what} " if what else ""
    return (f"file is {size / MB:.1f} MB {what}, over the {opts.max_bytes / MB:.0f} MB limit "
            f"(raise it with --max-size)").replace(" ,", ",").replace("  ", " ")
