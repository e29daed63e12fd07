"""RSS and Atom feeds (feedparser) and sitemaps: every entry a link to an article, with what the feed says
of it. `read_feed` turns a feed file into pages (its entries' text); `rasid watch` fetches each entry's
page instead, and keeps the feed's text only when the page cannot be had."""
from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from rasid.model import Problem, RawPage
from rasid.text.calendar import parse_date

_SITEMAP = re.compile(r"<(?:\w+:)?(urlset|sitemapindex)\b", re.I)


@dataclass(frozen=True)
class Entry:
    """One item of a feed or sitemap: the article's link, and its headline, summary and date if given."""

    url: str | None
    title: str | None = None
    summary: str | None = None  # HTML or plain text, as the feed carries it
    published: str | None = None
    sitemap: bool = False  # a link to a further sitemap (of a sitemap index), not to an article


@dataclass(frozen=True)
class Listing:
    """What a feed or sitemap lists: its title (a feed's; a sitemap has none) and its entries, in order."""

    title: str | None
    entries: list[Entry]


def entries(data: bytes | str, source: str) -> Listing | Problem:
    """The entries of a feed or sitemap, read once; a Problem when it holds none or cannot be read."""
    head = (data[:2048].decode("utf-8", "replace") if isinstance(data, bytes) else data[:2048])
    if _SITEMAP.search(head):
        return _sitemap(data, source)
    import feedparser

    feed = feedparser.parse(data)
    found = []
    for e in feed.entries:
        content = e.get("content") or []
        body = (content[0].get("value") if content else None) or e.get("summary") or None
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        entry = Entry(url=e.get("link") or None, title=(e.get("title") or "").strip() or None, summary=body,
                      published=time.strftime("%Y-%m-%dT%H:%M:%S+00:00", stamp) if stamp else None)
        if entry.url or entry.title or (body or "").strip():
            found.append(entry)
    if not found:  # a feed cut short parses as entries with nothing in them
        why = f": {feed.bozo_exception}" if feed.get("bozo") else ""
        return Problem(source, f"feed has no entries{why}")
    return Listing(feed.feed.get("title") or None, found)


def read_feed(data: bytes | str, source: str) -> Iterator[RawPage | Problem]:
    listing = entries(data, source)
    if isinstance(listing, Problem):
        yield listing
        return
    outlet = listing.title
    for i, e in enumerate(listing.entries):
        body = e.summary or ""
        if not body.strip() and not e.title:
            yield Problem(f"{source}#{i}", "feed entry has neither title nor text (only a link)")
            continue
        yield RawPage(source=f"{source}#{i}", html=body if "<" in body else None,
                      text=None if "<" in body else body, url=e.url, outlet=outlet, title=e.title,
                      published=e.published)


def _sitemap(data: bytes | str, source: str) -> Listing | Problem:
    """A sitemap's article links (with a news sitemap's title and publication date), or an index's
    sitemaps. Entity declarations are refused: a sitemap has no use for them, a bomb does."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if b"<!ENTITY" in raw[:65536].upper():
        return Problem(source, "sitemap declares XML entities, which are not read")
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as e:
        return Problem(source, f"sitemap is not well-formed XML ({e})")
    found = []
    index = _local(root.tag) == "sitemapindex"
    for item in root:
        if _local(item.tag) not in ("url", "sitemap"):
            continue
        fields: dict[str, str] = {}
        for child in item.iter():
            name = _local(child.tag)
            if child.text and child.text.strip() and name not in fields:
                fields[name] = child.text.strip()
        if not fields.get("loc"):
            continue
        stamp = fields.get("publication_date") or fields.get("lastmod")
        found.append(Entry(url=fields["loc"], title=fields.get("title"), sitemap=index,
                           published=parse_date(stamp) if stamp else None))
    return Listing(None, found) if found else Problem(source, "sitemap lists no URLs")


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower()
