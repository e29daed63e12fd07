"""RSS and Atom feeds (feedparser): every entry an article."""
from __future__ import annotations

import time
from collections.abc import Iterator

from rasid.model import Problem, RawPage


def read_feed(data: bytes | str, source: str) -> Iterator[RawPage | Problem]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        why = f": {feed.bozo_exception}" if feed.get("bozo") else ""
        yield Problem(source, f"feed has no entries{why}")
        return
    outlet = feed.feed.get("title") or None
    for i, e in enumerate(feed.entries):
        content = e.get("content") or []
        body = (content[0].get("value") if content else None) or e.get("summary") or ""
        title = (e.get("title") or "").strip() or None
        if not body.strip() and not title:
            yield Problem(f"{source}#{i}", "feed entry has neither title nor text")
            continue
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        yield RawPage(source=f"{source}#{i}", html=body if "<" in body else None,
                      text=None if "<" in body else body, url=e.get("link"), outlet=outlet, title=title,
                      published=time.strftime("%Y-%m-%dT%H:%M:%S+00:00", stamp) if stamp else None)
