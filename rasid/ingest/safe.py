"""Nothing a reader yields may carry what UTF-8 cannot encode (see `rasid.text.safe`)."""
from __future__ import annotations

from dataclasses import astuple
from typing import TypeVar

from rasid.model import Problem, RawPage
from rasid.text.safe import printable, printable_name

__all__ = ["printable", "printable_name", "repaired"]

Item = TypeVar("Item", bound=RawPage | Problem)


def repaired(item: Item) -> Item:
    """`item` with every string field printable; the same object when there was nothing to repair."""
    values = astuple(item)
    fixed = tuple(printable(v) if isinstance(v, str) else v for v in values)
    return item if all(a is b for a, b in zip(values, fixed, strict=True)) else type(item)(*fixed)
