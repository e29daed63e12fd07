"""Per-article extractors: entities, dates, quantities and claims. `extract` runs them on any text."""
from __future__ import annotations

from dataclasses import asdict


def extract(text: str, published: str | None = None) -> dict[str, list[dict]]:
    """Dates, quantities, ranks (ordinals), entity mentions and claims in `text`, as the per-article analysis finds them,
    as plain records (the shapes of `rasid.model`'s TimeExpr, Quantity, Mention and Claim; for scripting).

    Without a corpus there is no cross-article linking: a mention's (and a claim actor's) entity is its
    knowledge-base id when the knowledge base knows it, else None. A lone surrogate (which no UTF-8 can
    hold) is read as U+FFFD, one character for one, so offsets stay those of `text`.
    """
    from rasid.extract.analyze import analyze_articles, relabel
    from rasid.extract.numbers import find_ordinals
    from rasid.model import Article
    from rasid.text.calendar import parse_date
    from rasid.text.safe import printable_in_place

    article = Article(id="text", text=printable_in_place(text), published=parse_date(published) if published else None)
    found = relabel(analyze_articles([article])[0], {})
    ranks = find_ordinals(article.text, skip=[(d.start, d.end) for d in found.dates]
                          + [(q.start, q.end) for q in found.quantities])
    return {"dates": [asdict(d) for d in found.dates], "quantities": [asdict(q) for q in found.quantities],
            "ordinals": [asdict(o) for o in ranks],
            "entities": [asdict(m) for m in found.mentions], "claims": [asdict(c) for c in found.claims]}
