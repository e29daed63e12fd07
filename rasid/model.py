"""The one data model every stage speaks, into and out of the store.

Frozen dataclasses, no behaviour beyond small conveniences. Offsets (`start`, `end`) are character
offsets into `Article.text`, the text a reader sees; normalized forms are never stored in their place.
Dates are ISO strings: `2025-07-12`, `2025-07`, `2025`, or an interval `A/B`.

The flow: readers make `RawPage`s; cleaning makes `Article`s; the per-article analysis makes an
`Analysis` (mention groups, dates, quantities, claims, features); the corpus step makes `Entity`s,
duplicate and same-origin groups, `Story`s and `ClaimGroup`s. Reads return the same types, some with
counts or citations added (`RankedEntity`, `SourcedClaim`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy arrays travel in a few types; the model itself needs no numpy
    import numpy as np


@dataclass(frozen=True, slots=True)
class RawPage:
    """One input item as a reader found it, before cleaning.

    `source` names where it came from precisely enough to find it again (a path, `archive.zip!member`,
    `file.json#12`, a URL); `source_file` is the input file's name, None for records of JSON files and feeds.
    Exactly one of `html` and `text` is set.
    """

    source: str
    source_file: str | None = None
    html: str | None = None
    text: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    fetched: str | None = None


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of page text that cleaning cut, kept so that nothing is lost without trace."""

    kind: str  # ad, paywall, share, source, tags, credit, tweet, link, junk, marker, related, control
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    """One article: cleaned display text plus where it came from.

    `id` is a hash of the normalized title and text, so the same article ingested twice is one row.
    `part` numbers the articles split out of one page, from 1. When nothing gave a publication date,
    `published` may be an estimate from the text, and `published_estimated` says so.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    source: str | None = None
    source_file: str | None = None
    part: int = 1
    fetched: str | None = None
    removed: tuple[Removed, ...] = ()
    published_estimated: bool = False  # no input gave a date: `published` was read from the text

    @property
    def when(self) -> str | None:
        """The date the article is placed at: its publication date, else the day a crawler fetched it."""
        return self.published or self.fetched


@dataclass(frozen=True, slots=True)
class Sighting:
    """One time an input carried an article: the same text from two outlets is one article seen twice."""

    source: str
    part: int
    article: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    ingested: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that could not be used, and why; reported, never silently dropped."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An article a full-text query found, with the passage around the first match."""

    article: Article
    snippet: str


# --- what the per-article analysis finds ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of an article's text that names an entity (clitics outside `text`, inside [start, end))."""

    article: str
    text: str
    start: int
    end: int
    type: str
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class MentionGroup:
    """Mentions in one article that name one thing. `key` identifies the group within its article (the
    knowledge-base id when the KB knows it) until linking gives it an entity id across the corpus; each
    mention's `entity` is that key until then."""

    key: str
    type: str
    name: str  # the fullest Arabic (or only) name used
    mentions: tuple[Mention, ...]
    kb: str | None = None
    name_en: str | None = None


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A temporal expression resolved against the article's publication date; `clock` is the time of day on
    that day when the text gives one (`14:30`, with the zone's offset when it names a zone: `10:00+03:00`)."""

    text: str
    start: int
    end: int
    value: str
    article: str | None = None
    clock: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as written and what it means: `low`/`high` are None when a bound is open; an `ordinal` is a
    rank (الجولة الخامسة), never a count."""

    text: str
    start: int
    end: int
    low: float | None
    high: float | None
    approx: bool = False
    unit: str | None = None
    ordinal: bool = False


@dataclass(frozen=True, slots=True)
class Source:
    """A span of text that names someone: a claim's actor, or a link of its attribution chain."""

    text: str
    start: int
    end: int
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A quantity in its sentence (`text`, `start`, `end`), about an actor, attributed to a chain of
    sources (the original source first), referring to a time."""

    id: str
    article: str
    text: str
    start: int
    end: int
    quantity: Quantity
    actor: Source | None = None
    attribution: tuple[Source, ...] = ()
    time: str | None = None


@dataclass(frozen=True, slots=True)
class SourcedClaim(Claim):
    """A claim with where it was read: its article's outlet and dates."""

    outlet: str | None = None
    published: str | None = None
    fetched: str | None = None


@dataclass(frozen=True, slots=True)
class Features:
    """What the corpus step compares articles by: the MinHash signature of the text (near-copies), the
    embedding of the headline and lead (meaning, across languages), the heaviest words of the text and
    of the headline (keys and unit weights), the specific figures it gives and the days it names
    (hashed `unit|low|high` and day ordinals: the same toll, the day of an attack), the rare words of
    its headline and lead (keys: the name of a town no list knows), and the rare words its event words are
    told of (keys of `terms.event_keys`: the town of تفجير سترة, whichever way it is spelt), and what kind
    of report it is (`terms.report_kind`: 'call', the report of a phone call, is a happening of its own)."""

    signature: np.ndarray
    embedding: np.ndarray
    terms: tuple[np.ndarray, np.ndarray]
    title_terms: tuple[np.ndarray, np.ndarray]
    figures: tuple[int, ...] = ()
    days: tuple[int, ...] = ()
    rare: tuple[int, ...] = ()
    events: tuple[int, ...] = ()
    report: str = ""


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the per-article analysis finds in one article: its mentions grouped by what they name, dates,
    quantities, claims, and the features the corpus step relates articles by."""

    article: str
    groups: tuple[MentionGroup, ...] = ()
    dates: tuple[TimeExpr, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    claims: tuple[Claim, ...] = ()
    features: Features | None = None

    @property
    def mentions(self) -> list[Mention]:
        """Every mention, in text order."""
        return sorted((m for g in self.groups for m in g.mentions), key=lambda m: m.start)


# --- what the corpus step builds ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical person, place or organisation behind every spelling of it; `kb` is its
    knowledge-base id when the knowledge base knows it."""

    id: str
    type: str
    name: str
    name_en: str | None = None
    kb: str | None = None


@dataclass(frozen=True, slots=True)
class RankedEntity(Entity):
    """An entity with how often it is named: mentions, and articles naming it (in the set counted)."""

    mentions: int = 0
    articles: int = 0


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one event, across outlets: `articles` and `outlets` count them; `topic` is the
    story that started its group of related stories; `outlet_names` lists outlets, most articles first,
    where a read asked for them."""

    id: str
    label: str
    start: str | None = None
    end: str | None = None
    topic: str | None = None
    articles: int = 0
    outlets: int = 0
    outlet_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryProfile:
    """What placing articles needs to know of a story: its event days, the sum of its members'
    embeddings, and how many of its articles name each entity."""

    id: str
    start: str | None
    end: str | None
    size: int
    centroid: np.ndarray | None
    entities: Counter = field(default_factory=Counter)
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Claims about the same thing in one story: what is counted (`unit`), about whom (`actor`), what
    happened to it (`facet`). `claims` are (claim id, figure number): claims with the same figure agree.
    `kind` is agree, differ, revised (a toll rising over days) or single (one article); `sources` counts
    independent origins, and `origin`
    names the one they all trace back to, when there is one."""

    id: str
    story: str
    kind: str
    claims: tuple[tuple[str, int], ...]
    actor: str | None = None
    unit: str | None = None
    facet: str | None = None
    sources: int = 1
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """A dated event: a resolved date in an article's text, with its sentence and where it was read."""

    value: str
    text: str
    sentence: str
    article: str
    outlet: str | None = None
    published: str | None = None
    start: int = 0
    end: int = 0
    clock: str | None = None


@dataclass(frozen=True, slots=True)
class FeedSource:
    """A feed or sitemap `rasid watch` polls (from SOURCES.toml), and how its polling has gone: `failures`
    in a row (each doubles the wait, up to a cap), the validators of its last answer for a conditional
    GET, and how many new articles it brought, in all and at its last poll."""

    name: str
    url: str
    outlet: str | None = None
    interval: float = 600.0
    etag: str | None = None
    modified: str | None = None
    polls: int = 0
    failures: int = 0
    last_poll: str | None = None
    last_ok: str | None = None
    last_error: str | None = None
    next_poll: str | None = None
    articles: int = 0
    last_new: int = 0


@dataclass(frozen=True, slots=True)
class Watch:
    """What a user follows: an entity (`target` its id), a search query, a story, or the figures about an
    entity that outlets compare as `relation` (differ, revised, agree; or any of them). New articles that
    match become alerts; `webhook`, if set, is POSTed each one."""

    id: str
    kind: str  # entity | query | story | figures
    target: str
    label: str
    relation: str | None = None
    webhook: str | None = None
    created: str | None = None


@dataclass(frozen=True, slots=True)
class Alert:
    """A new article that matched a watch, and why (the mention, words or figure that matched)."""

    watch: str
    article: str
    at: str
    why: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    story: str | None = None
    delivered: bool = False
