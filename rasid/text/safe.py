"""Strings fit to store and print, whatever the input put in them.

A Python string can hold what UTF-8 cannot encode: lone surrogates, from a JSON `\\ud800` escape, from
broken UTF-16, or from a file name whose bytes the file system's encoding could not decode (os.walk and
sys.argv hand those over as surrogate escapes). SQLite and every UTF-8 output refuse them, so no text
Rasid keeps may carry one.
"""
from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # how surrogateescape carries an undecodable byte 0x80-0xff


def printable(text: str) -> str:
    """`text` as UTF-8 can hold it: a surrogate pair becomes the character it encodes, a lone surrogate
    U+FFFD, the mark for a character that was lost."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def printable_in_place(text: str) -> str:
    """`printable` one character for one (every surrogate, paired or not, becomes U+FFFD), so that
    offsets into `text` stay offsets into the result."""
    return _SURROGATE.sub("\ufffd", text)


def printable_name(path: str) -> str:
    """A file name or path as text: each byte the file system could not decode shown as `\\xe9`, so the
    name stays recognisable (and findable with a shell) instead of turning into U+FFFD."""
    return printable(_ESCAPED_BYTE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", path))
