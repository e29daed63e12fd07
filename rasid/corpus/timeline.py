"""Timelines: the dated events of a story or of an entity, from the dates resolved in the text.

Each event is a date expression that was resolved to a value, with the sentence it sits in and the
article and outlet it was read in. An entity's timeline keeps the sentences that name the entity. The
same sentence dated the same way in two articles (a copy) is one event; events are ordered by date.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from rasid.model import Article, TimeExpr, TimelineEvent
from rasid.text.normalize import fold
from rasid.text.sentences import sentences


def timeline(articles: dict[str, Article], dates: Iterable[TimeExpr],
             mentions: dict[str, list[tuple[int, int]]] | None = None, limit: int | None = None) -> list[TimelineEvent]:
    """Dated events among `dates` (of `articles`); with `mentions` ({article: [(start, end)]}), only
    those in a sentence holding one of the spans."""
    events, seen = [], set()
    spans_of: dict[str, list[tuple[int, int]]] = {}
    for d in dates:
        a = articles.get(d.article or "")
        if a is None:
            continue
        if a.id not in spans_of:
            spans_of[a.id] = sentences(a.text)
        spans = spans_of[a.id]
        i = bisect_right([s for s, _ in spans], d.start) - 1
        if i < 0:
            continue
        s, e = spans[i]
        if mentions is not None and not any(s <= x < e for x, _ in mentions.get(a.id, ())):
            continue
        sentence = a.text[s:e]
        key = (d.value, fold(sentence))
        if key in seen:
            continue
        seen.add(key)
        events.append(TimelineEvent(value=d.value, text=d.text, sentence=sentence, article=a.id, outlet=a.outlet,
                                    published=a.published, start=d.start, end=d.end, clock=d.clock))
    events.sort(key=lambda ev: (ev.value.split("/")[0], ev.clock or "", ev.published or "", ev.article, ev.start))
    return events[:limit] if limit else events
