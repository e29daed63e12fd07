"""JSON and JSON Lines records: one article per record, fields found by name.

A file may hold a list of records, an object with such a list (`{"articles": [...]}`), one record, or
one record per line. Which field is the title, the text, the URL… is looked up in `FIELDS` (the first
name that holds text wins; only strings are text) and can be set per run, e.g. `{"text": "body"}`.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from rasid.model import Problem, RawPage
from rasid.text.calendar import parse_date

FIELDS = {
    "title": ["title", "headline", "name"],
    "text": ["content", "text", "body", "article", "article_body", "articleBody", "full_text", "description",
             "summary"],
    "url": ["url", "link", "canonical_url", "permalink"],
    "outlet": ["source", "outlet", "site", "publisher", "source_name", "sitename", "site_name", "domain"],
    "published": ["published", "date", "pubDate", "published_at", "date_published", "datePublished",
                  "publish_date", "publication_date", "created_at"],
    "fetched": ["date_extracted", "fetched", "fetched_at", "crawled_at", "scraped_at", "retrieved"],
}
_LIST_KEYS = ("articles", "items", "records", "data", "results", "entries", "docs", "documents")


class NotRecords(ValueError):
    """Text that is JSON, or too deeply nested to tell, but holds no records; the message says what it holds."""


def parse_records(text: str) -> list | None:
    """The records in a JSON or JSON Lines text, or None when it is neither. Raises NotRecords for a
    document that is a bare value (a string, a number…) and for nesting too deep to parse."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise NotRecords("JSON nested too deeply") from None
    except ValueError:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        try:
            return [json.loads(ln) for ln in lines] if len(lines) > 1 else None
        except RecursionError:
            raise NotRecords("JSON nested too deeply") from None
        except ValueError:
            return None
    if isinstance(data, dict):
        inner = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
        return inner if inner is not None else [data]
    if isinstance(data, list):
        return data
    raise NotRecords(f"JSON holds a {_json_type(data)}, not records")


def _json_type(value: object) -> str:
    """The JSON name of a parsed value's type, as a user who wrote the file would say it."""
    if isinstance(value, bool):  # before int: True is an int to Python
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "null"


def read_records(records: list, source: str, fields: dict[str, str] | None = None) -> Iterator[RawPage | Problem]:
    """A RawPage for every record that carries a title or text; a Problem for every one that does not.

    Only strings are text: a field holding a number, a boolean or null is passed over (True is no headline),
    and when that leaves a record with neither title nor text, the Problem says which field held what.
    """
    names = {k: ([fields[k]] if fields and k in fields else v) for k, v in FIELDS.items()}
    for i, rec in enumerate(records):
        where = f"{source}#{i}"
        if not isinstance(rec, dict):
            yield Problem(where, f"record is a JSON {_json_type(rec)}, not an object")
            continue
        got = {k: _field(rec, ns) for k, ns in names.items()}
        body, title = got["text"][0] or "", (got["title"][0] or "").strip()
        if not body.strip() and not title:
            held = got["text"][1] + got["title"][1]
            yield Problem(where, f"record has no text: {', '.join(held)}" if held else
                          f"record has no text (looked for {', '.join(names['text'])})")
            continue
        html = body if _looks_like_html(body) else None
        yield RawPage(source=where, html=html, text=None if html is not None else body,
                      url=got["url"][0], outlet=got["outlet"][0], title=title or None,
                      published=parse_date(got["published"][0]), fetched=parse_date(got["fetched"][0]))


def _field(rec: dict, names: list[str]) -> tuple[str | None, list[str]]:
    """The text of the first of `names` that holds some, and what each one before it held instead."""
    held: list[str] = []
    for n in names:
        if n not in rec:
            continue
        text = _text(rec[n])
        if text:
            return text, held
        if not isinstance(rec[n], str):
            held.append(f"'{n}' is {_what(rec[n])}")
    return None, held


def _text(value: object) -> str | None:
    """A field's text: a string, the name of an object (`{"source": {"name": …}}`), the strings of a list."""
    if isinstance(value, dict):
        value = next((v for k in ("name", "title", "url") if isinstance(v := value.get(k), str) and v), None)
    elif isinstance(value, list):
        value = " ".join(x for x in value if isinstance(x, str))
    return value if isinstance(value, str) and value else None


def _what(value: object) -> str:
    kind = f"a JSON {_json_type(value)}"
    if isinstance(value, list):
        return f"{kind} with no strings"
    return f"{kind} with no name" if isinstance(value, dict) else kind


def _looks_like_html(text: str) -> bool:
    head = text[:3000].lower()
    return any(tag in head for tag in ("<p>", "<p ", "<div", "<br", "<html", "<article"))
