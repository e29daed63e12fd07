"""Readers: every input format to RawPage. See `files.py` for how a format is recognised."""
from collections.abc import Iterator

from rasid.ingest.files import ManifestError, Options, expand, load_manifest, read_input
from rasid.model import Problem, RawPage

__all__ = ["ManifestError", "Options", "expand", "load_manifest", "read", "read_input"]


def read(sources: list[str], opts: Options | None = None) -> Iterator[RawPage | Problem]:
    """Every page in the named files, folders and URLs, and a Problem for everything unreadable."""
    opts = opts or Options()
    for src in expand(sources):
        if isinstance(src, Problem):
            yield src
        else:
            yield from read_input(src, opts)
