"""Language of an article, offline (py3langid's bundled model)."""
from __future__ import annotations


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, from its first 400 characters (enough; the cost grows with length); None if empty."""
    sample = text[:400].strip()
    if not sample:
        return None
    from py3langid import classify

    return classify(sample)[0]
