"""Rendering for people: one Jinja environment for the web pages and the briefs `rasid story` writes,
so a story's brief reads the same (dates, counts, figures) in a browser, an HTML file and Markdown.

`brief_html` and `brief_markdown` render an `api.Brief`; the web app renders the same `brief.html`
inside its pages, with links into the app instead of to the articles' own pages.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from rasid.corpus.brief import written_unit
from rasid.render.html import figure, number, timeline_svg
from rasid.render.i18n import STRINGS, counted, shorten

TEMPLATES = Path(__file__).resolve().parent / "templates"


def span(start: str | None, end: str | None, t: dict[str, str]) -> str:
    """A date or a range of dates as a reader sees it: 2025-03-11 · 2025-03-11 → 2025-03-13 · date unknown."""
    a, b = (start or "")[:10], (end or "")[:10]
    if not a and not b:
        return t["unknown_date"]
    if not a or not b or a == b:
        return a or b
    return f"{a} → {b}"


def when(published: str | None, fetched: str | None, t: dict[str, str], estimated: bool = False) -> str:
    """When an article appeared: its publication date (said to be an estimate when it was read from the
    text), else the day it was fetched (said so)."""
    if published:
        return f"~{published[:10]} ({t['estimated']})" if estimated else published[:10]
    if fetched:
        return f"{t['fetched']}: {fetched[:10]}"
    return t["unknown_date"]


def environment(*folders: Path) -> Environment:
    """The Jinja environment over these template folders, then this package's own."""
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(f)) for f in (*folders, TEMPLATES)]),
                      autoescape=select_autoescape(["html"], default_for_string=False),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(timeline_svg=timeline_svg, counted=counted, span=span, when=when, number=number,
                       figure=figure, shorten=shorten, written_unit=written_unit)
    return env


_ENV = environment()


def _context(lang: str, **extra: Any) -> dict[str, Any]:
    lang = lang if lang in STRINGS else "ar"
    return {"t": STRINGS[lang], "lang": lang, "dir": "rtl" if lang == "ar" else "ltr", "app_links": False, **extra}


def brief_html(brief: Any, lang: str = "ar") -> str:
    """A story's brief as a standalone HTML page (right to left in Arabic); article text escaped."""
    return _ENV.get_template("brief_page.html").render(_context(lang, b=brief))


def brief_markdown(brief: Any, lang: str = "ar") -> str:
    """A story's brief as Markdown."""
    return _ENV.get_template("brief.md").render(_context(lang, b=brief))
