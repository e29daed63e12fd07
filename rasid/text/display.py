"""Text as a list shows it: cut at a word, never mid-word, and said to be cut."""
from __future__ import annotations


def shorten(text: str, width: int = 80) -> str:
    """Text cut at a word boundary to at most `width` characters, with … when something was cut."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > width // 2 else cut).rstrip(" ،,.;:-") + "…"
