"""Timelines: the dated events of a story or of an entity, from the dates resolved in the text.

Each event is a date expression that was resolved to a value, with the sentence it sits in and the
article and outlet it was read in. An entity's timeline keeps the sentences that name the entity. The
same sentence dated the same way in two articles (a copy) is one event; events are ordered by date.
"""
from __future__ import annotations

from bisect import bisect_right

from rasid.model import TimelineEvent
from rasid.text.normalize import fold
from rasid.text.sentences import sentences


def timeline(store, articles: list[str], mentions: dict[str, list[tuple[int, int]]] | None = None,
             limit: int | None = None) -> list[TimelineEvent]:
    """Dated events in `articles`; with `mentions` ({article: [(start, end)]}), only those in a sentence
    holding one of the spans."""
    events, seen, spans_of = [], set(), {}
    for d in store.dates_in(articles):
        text = d["article_text"]
        if d["article"] not in spans_of:
            spans_of[d["article"]] = sentences(text)
        spans = spans_of[d["article"]]
        i = bisect_right([s for s, _ in spans], d["start"]) - 1
        if i < 0:
            continue
        s, e = spans[i]
        if mentions is not None and not any(s <= a < e for a, _ in mentions.get(d["article"], ())):
            continue
        sentence = text[s:e]
        key = (d["value"], fold(sentence))
        if key in seen:
            continue
        seen.add(key)
        events.append(TimelineEvent(value=d["value"], text=d["text"], sentence=sentence, article=d["article"],
                                    outlet=d["outlet"], published=d["published"], start=d["start"], end=d["end"]))
    events.sort(key=lambda ev: (ev.value.split("/")[0], ev.published or "", ev.article, ev.start))
    return events[:limit] if limit else events


def story_timeline(store, story: str, limit: int | None = None) -> list[TimelineEvent]:
    return timeline(store, [a["id"] for a in store.story_articles(story)], limit=limit)


def entity_timeline(store, entity: str, limit: int | None = None) -> list[TimelineEvent]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for m in store.mentions_of(entity):
        spans.setdefault(m["article"], []).append((m["start"], m["end"]))
    return timeline(store, list(spans), spans, limit=limit)
