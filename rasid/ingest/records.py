"""JSON and JSON Lines records: one article per record, fields found by name.

A file may hold a list of records, an object with such a list (`{"articles": [...]}`), one record, or
one record per line. Which field is the title, the text, the URL… is looked up in `FIELDS` (first
name present wins) and can be set per run, e.g. `{"text": "body"}`.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from rasid.model import Problem, RawPage
from rasid.text.calendar import parse_date

FIELDS = {
    "title": ["title", "headline", "name"],
    "text": ["content", "text", "body", "article", "article_body", "articleBody", "full_text", "description", "summary"],
    "url": ["url", "link", "canonical_url", "permalink"],
    "outlet": ["source", "outlet", "site", "publisher", "source_name", "sitename", "site_name", "domain"],
    "published": ["published", "date", "pubDate", "published_at", "date_published", "datePublished",
                  "publish_date", "publication_date", "created_at"],
    "fetched": ["date_extracted", "fetched", "fetched_at", "crawled_at", "scraped_at", "retrieved"],
}
_LIST_KEYS = ("articles", "items", "records", "data", "results", "entries", "docs", "documents")


def parse_records(text: str) -> list | None:
    """The records in a JSON or JSON Lines text, or None when it is neither."""
    try:
        data = json.loads(text)
    except ValueError:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        try:
            return [json.loads(ln) for ln in lines] if len(lines) > 1 else None
        except ValueError:
            return None
    if isinstance(data, dict):
        inner = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
        return inner if inner is not None else [data]
    return data if isinstance(data, list) else None


def read_records(records: list, source: str, fields: dict[str, str] | None = None) -> Iterator[RawPage | Problem]:
    """A RawPage for every record that carries a title or text; a Problem for every one that does not."""
    names = {k: ([fields[k]] if fields and k in fields else v) for k, v in FIELDS.items()}
    for i, rec in enumerate(records):
        where = f"{source}#{i}"
        if not isinstance(rec, dict):
            yield Problem(where, f"record is a JSON {type(rec).__name__}, not an object")
            continue
        got = {k: _field(rec, ns) for k, ns in names.items()}
        body = got["text"] or ""
        if not body.strip() and not (got["title"] or "").strip():
            yield Problem(where, f"record has no text (looked for {', '.join(names['text'])})")
            continue
        html = body if _looks_like_html(body) else None
        yield RawPage(source=where, html=html, text=None if html is not None else body,
                      url=got["url"], outlet=got["outlet"], title=(got["title"] or "").strip() or None,
                      published=parse_date(got["published"]), fetched=parse_date(got["fetched"]))


def _field(rec: dict, names: list[str]) -> str | None:
    for n in names:
        v = rec.get(n)
        if isinstance(v, dict):  # {"source": {"name": "..."}}
            v = v.get("name") or v.get("title") or v.get("url")
        if isinstance(v, list):
            v = " ".join(str(x) for x in v if isinstance(x, str))
        if v not in (None, ""):
            return str(v)
    return None


def _looks_like_html(text: str) -> bool:
    head = text[:3000].lower()
    return any(tag in head for tag in ("<p>", "<p ", "<div", "<br", "<html", "<article"))
