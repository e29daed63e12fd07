"""The per-article analysis: one article in, one `Analysis` out, pure, so it maps over processes.

Like a spaCy pipeline over one document: mentions (tagger, knowledge base, Latin names) grouped by what
they name within the article, dates resolved against the publication date (else the date the page was
fetched, never the date of the run), quantities, claims (who says what figure about whom), and the
features the corpus step relates articles by. Entities across articles are the corpus step's work: a
group is known here by its KB id or its place in the article (`MentionGroup.key`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import numpy as np

from rasid.model import Analysis, Article, Claim, Features, Quantity, Source, TimeExpr

BATCH = 16  # articles tagged together: the network is fastest on batches of sentences
LEAD = 400  # characters of the text whose rare words say what the article is about
EVENT_CHARS = 1000  # characters of the text whose event words are read with what they are told of
SPECIFIC = 10  # a figure this large (with what it counts) is worth comparing between articles; 3 or 5 is not


def analyze_articles(articles: Sequence[Article]) -> list[Analysis]:
    """The analysis of a few articles at once (the tagger is fastest in batches)."""
    from rasid.extract.claims import find_claims
    from rasid.extract.dates import find_dates
    from rasid.extract.embedding import embed_articles
    from rasid.extract.entities import find_mentions_batch, group_mentions
    from rasid.extract.minhash import signatures
    from rasid.extract.numbers import find_quantities

    out = []
    sigs, embs = signatures([a.text for a in articles]), embed_articles(list(articles))
    for article, mentions, sig, emb in zip(articles, find_mentions_batch(articles), sigs, embs, strict=True):
        when = article.published or article.fetched
        groups = group_mentions(mentions)
        dates = find_dates(article.text, when)
        quantities = find_quantities(article.text, skip=[(d.start, d.end) for d in dates])
        keyed = sorted((m for g in groups for m in g.mentions), key=lambda m: m.start)
        claims = find_claims(article.id, article.text, quantities, dates, keyed, when)
        out.append(Analysis(article.id, tuple(groups), tuple(dates), tuple(quantities), tuple(claims),
                            features(article, sig, emb, quantities, dates)))
    return out


def features(article: Article, signature: np.ndarray, embedding: np.ndarray, quantities: Sequence[Quantity],
             dates: Sequence[TimeExpr]) -> Features:
    """What the corpus step compares an article by (see `model.Features`)."""
    from rasid.extract import terms
    from rasid.extract.numbers import TIME_UNITS

    figures = sorted({terms.key(f"{q.unit}|{q.low}|{q.high}") for q in quantities
                      if q.unit and q.unit not in TIME_UNITS and max(q.low or 0, q.high or 0) >= SPECIFIC})
    days = sorted({n for d in dates if len(d.value) == 10 and (n := _ordinal(d.value)) is not None})
    return Features(signature, embedding, terms.vector(f"{article.title or ''}\n{article.text}"),
                    terms.vector(article.title or "", terms.TOP_TITLE_TERMS), tuple(figures), tuple(days),
                    terms.rare_keys(f"{article.title or ''}\n{article.text[:LEAD]}"),
                    terms.event_keys(f"{article.title or ''}\n{article.text[:EVENT_CHARS]}"),
                    terms.report_kind(article.title or "", article.text))


def _ordinal(iso: str) -> int | None:
    try:
        return date.fromisoformat(iso).toordinal()
    except ValueError:
        return None


def relabel(analysis: Analysis, ids: dict[str, str]) -> Analysis:
    """The analysis with every group key (in mentions, claim actors and attributions) replaced by the
    entity id it was linked to. Keys are KB ids, which stay, or `~N`, which are the article's own."""
    def ident(key: str | None) -> str | None:
        if key is None:
            return None
        return ids.get(key, None if key.startswith("~") else key)

    def source(s: Source) -> Source:
        return replace(s, entity=ident(s.entity))

    def claim(c: Claim) -> Claim:
        return replace(c, actor=source(c.actor) if c.actor else None, attribution=tuple(map(source, c.attribution)))

    groups = tuple(replace(g, key=ident(g.key) or g.key,
                           mentions=tuple(replace(m, entity=ident(g.key)) for m in g.mentions))
                   for g in analysis.groups)
    return replace(analysis, groups=groups, claims=tuple(claim(c) for c in analysis.claims))
