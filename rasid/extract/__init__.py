"""Per-article extractors: entities, dates, quantities and claims. `extract` runs them on any text."""
from __future__ import annotations

from dataclasses import asdict, replace


def extract(text: str, published: str | None = None) -> dict[str, list[dict]]:
    """Dates, quantities, entity mentions and claims in `text`, as plain records (for scripting).

    Without a corpus there is no cross-article linking: a mention's entity is its knowledge-base id
    when the knowledge base knows it.
    """
    from rasid.extract.claims import find_claims
    from rasid.extract.dates import find_dates
    from rasid.extract.entities import find_mentions, group_mentions
    from rasid.extract.numbers import find_quantities
    from rasid.model import Article
    from rasid.text.calendar import parse_date

    published = parse_date(published) if published else None
    article = Article(id="text", text=text, published=published)
    dates = find_dates(text, published)
    quantities = find_quantities(text, skip=[(d.start, d.end) for d in dates])
    mentions = sorted((replace(m, entity=g.kb.id if g.kb else None) for g in group_mentions(find_mentions(article))
                       for m in g.mentions), key=lambda m: m.start)
    claims = find_claims(article.id, text, quantities, dates, mentions, published)
    return {"dates": [asdict(d) for d in dates], "quantities": [asdict(q) for q in quantities],
            "entities": [asdict(m) for m in mentions], "claims": [asdict(c) for c in claims]}
