"""Bytes to text: the encodings Arabic news files come in, and a clear reason when none fits.

UTF-8 (with or without BOM), UTF-16 and UTF-32 with BOM, UTF-16 without BOM (either byte order, told
apart from binary by what it decodes to), and legacy Windows-1256, which is tried only when the bytes
are not UTF-8 and accepted only when what it yields reads as Arabic. A file that is mostly UTF-8 with
a broken byte run is refused with the offset of the run, not decoded into garbage.
"""
from __future__ import annotations

import codecs
import re

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
_MAGIC = [
    (b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"\x7fELF", "an executable"), (b"MZ", "a Windows executable"),
    (b"RIFF", "a RIFF media file"), (b"OggS", "an Ogg media file"), (b"ID3", "an MP3 file"),
    (b"\xd0\xcf\x11\xe0", "an Office document"), (b"SQLite format 3", "an SQLite database"),
    (b"7z\xbc\xaf", "a 7-Zip archive"), (b"Rar!", "a RAR archive"), (b"BZh", "a bzip2 file"),
    (b"\xfd7zXZ", "an xz file"), (b"\x28\xb5\x2f\xfd", "a zstd file"),
]
_UTF8_ARABIC = re.compile(rb"[\xd8-\xdb][\x80-\xbf]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
# what Arabic and English news is written in: Latin letters and signs, the Arabic blocks, punctuation
_NEWS_CHAR = re.compile("[\t\n\r\x0c -~\u00a0-\u024f\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"
                        "\u2000-\u206f\u20ac\ufb50-\ufdff\ufe70-\ufeff]")


class Undecodable(ValueError):
    """The bytes are not text Rasid can read; the message says why."""


def binary_kind(data: bytes) -> str | None:
    """What a binary file is, when its first bytes say so; None for anything that may be text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if not any(data.startswith(bom) for bom, _ in _BOMS) and b"\x00" in data[:8192]:
        return "NUL bytes"
    return None


def decode(data: bytes, declared: str | None = None) -> str:
    """The text in `data`; `declared` is an encoding the container names (an HTML meta charset, say)."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    what = None if encoding else binary_kind(data)
    if what == "NUL bytes" and (encoding := _bomless_utf16(data)):
        what = None
    if what:
        raise Undecodable(f"binary file ({what})")
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as e:
            raise Undecodable(f"invalid {encoding.upper()} at byte {e.start}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    if declared:
        try:
            return _readable(data.decode(codecs.lookup(declared).name), declared)
        except (LookupError, UnicodeDecodeError, Undecodable):
            pass
    if len(_UTF8_ARABIC.findall(data[:65536])) >= 20:
        raise Undecodable(f"invalid UTF-8 at byte {utf8_error.start} (a broken byte run in UTF-8 text)")
    return _readable(data.decode("cp1256"), "windows-1256")


def _bomless_utf16(data: bytes) -> str | None:
    """The codec (utf-16-le or utf-16-be) of UTF-16 text that carries no BOM, or None. Such text is full
    of NUL bytes (the other half of every ASCII character), so it is told from binary by what it decodes
    to: news characters (Arabic, Latin, punctuation) and no control characters, as random bytes never give."""
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        head = codecs.getincrementaldecoder(encoding)("replace").decode(data[:20000])
        if not _CONTROL.search(head) and len(_NEWS_CHAR.findall(head)) >= 0.95 * len(head) \
                and any(c.isalpha() for c in head):
            return encoding
    return None


def _readable(text: str, encoding: str) -> str:
    """Accept a legacy decoding only when it yields Arabic text and no control characters."""
    letters = [c for c in text[:20000] if c.isalpha()]
    arabic = sum("\u0600" <= c <= "\u06ff" for c in letters)
    if len(_CONTROL.findall(text[:20000])) > 2 or not letters or arabic < 0.5 * len(letters):
        raise Undecodable(f"not UTF-8, and not readable as {encoding} Arabic text")
    return text
