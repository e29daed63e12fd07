"""Rasid (راصد): Arabic news intelligence.

    import rasid
    report = rasid.ingest(["pages/"], db="rasid.db")
    with rasid.Store("rasid.db") as store:
        for story in rasid.stories(store, min_articles=2).stories:
            brief = rasid.story(store, story.id)
        hits = rasid.search(store, "لافروف").hits

Everything the `rasid` command does is here: `ingest`, `analyze`, `relate` (writing), the read API
(`articles`, `article`, `search`, `stories`, `story`, `entities`, `entity`, `claims`, `timeline`,
`duplicates`, `problems`: `rasid.api`); exports are `rasid.export.export_file`, the per-article
analysis of any text `rasid.extract.extract`. Importing rasid loads nothing heavy and changes
nothing in the caller's process.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

from rasid.version import __version__

_WHERE = {
    "ingest": "rasid.pipeline", "analyze": "rasid.pipeline", "relate": "rasid.pipeline",
    "Store": "rasid.store", "StoreError": "rasid.store",
    **{name: "rasid.api" for name in ("articles", "article", "search", "stories", "story", "entities", "entity",
                                      "claims", "timeline", "duplicates", "problems", "to_json", "BadRequest")},
}
__all__ = ["__version__", *_WHERE]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'rasid' has no attribute {name!r}")
