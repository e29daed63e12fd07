"""The read API: what every interface shows, as typed results of a few store reads each.

The `rasid` command, the web pages, their JSON twins (`to_json` of the same result) and `import rasid`
all call these functions, so a page and its JSON can never disagree, and nothing is reachable from one
interface only. Arguments a user typed (dates, types, names) are checked here: a bad one raises
`BadRequest` with a message meant for the user.
"""
from __future__ import annotations

import dataclasses
import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from rasid.model import (
    Alert,
    Article,
    Entity,
    FeedSource,
    Mention,
    Problem,
    RankedEntity,
    Sighting,
    SourcedClaim,
    Story,
    TimeExpr,
    TimelineEvent,
    Watch,
)
from rasid.store import Store

if TYPE_CHECKING:
    from rasid.kb import KBEntity

PAGE = 20
TYPES = ("PER", "LOC", "ORG", "MISC")
SNIPPET = 240  # characters of an article's text in a list


class BadRequest(ValueError):
    """An argument a user gave cannot be used; the message says which and why."""


def to_json(result: Any) -> Any:
    """A result as plain JSON data (the JSON twin of every page)."""
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.asdict(result)
    if isinstance(result, list | tuple):
        return [to_json(x) for x in result]
    return result


# --- checking what a user typed --------------------------------------------------------------------


def check_date(value: str | None, name: str) -> str | None:
    """An ISO date from what a user wrote (2025-07-12, 12/7/2025, 12 يوليو 2025…); BadRequest if unreadable."""
    from rasid.text.calendar import parse_date

    if value is None or not value.strip():
        return None
    iso = parse_date(value.strip())
    if iso is None:
        raise BadRequest(f"{name}: {value!r} is not a date (write it as YYYY-MM-DD)")
    return iso[:10]


def check_type(value: str | None) -> str | None:
    if not value:
        return None
    if value.upper() not in TYPES:
        raise BadRequest(f"type: {value!r} is not one of {', '.join(TYPES)}")
    return value.upper()


def _next(offset: int, limit: int, shown: int, total: int) -> int | None:
    return offset + limit if shown == limit and offset + limit < total else None


# --- articles ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleSummary:
    """An article in a list: enough to show and cite it, and the opening of its text."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    fetched: str | None
    url: str | None
    source_file: str | None
    text: str
    published_estimated: bool = False

    @classmethod
    def of(cls, a: Article) -> ArticleSummary:
        return cls(a.id, a.title, a.outlet, a.published, a.fetched, a.url, a.source_file,
                   a.text[:SNIPPET] + ("…" if len(a.text) > SNIPPET else ""), a.published_estimated)


@dataclass(frozen=True)
class ArticleList:
    articles: list[Article]
    total: int
    limit: int
    offset: int
    next: int | None


def articles(store: Store, *, outlet: str | None = None, since: str | None = None, until: str | None = None,
             limit: int = PAGE, offset: int = 0) -> ArticleList:
    """Stored articles, newest first (publication date, else fetch date)."""
    since, until = check_date(since, "since"), check_date(until, "until")
    rows = store.articles(limit=limit, offset=offset, outlet=outlet, since=since, until=until)
    total = store.count_articles(outlet=outlet, since=since, until=until)
    return ArticleList(rows, total, limit, offset, _next(offset, limit, len(rows), total))


@dataclass(frozen=True)
class ArticleView:
    """An article with what was found in it (offsets into its text), its story and where it was seen."""

    article: Article
    mentions: list[Mention]
    dates: list[TimeExpr]
    claims: list[SourcedClaim]
    story: Story | None
    sightings: list[Sighting]
    urls: list[str]


def article(store: Store, ident: str) -> ArticleView | None:
    """An article by id or unique id prefix."""
    a = store.get(ident)
    if a is None:
        return None
    sid = store.story_of(a.id)
    return ArticleView(a, store.mentions_in(a.id), store.dates_in([a.id]), store.article_claims(a.id),
                       store.story(sid) if sid else None, store.sightings(a.id), store.urls(a.id))


@dataclass(frozen=True)
class Hit:
    article: ArticleSummary
    snippet: str


@dataclass(frozen=True)
class Neighbour:
    article: ArticleSummary
    score: float


@dataclass(frozen=True)
class SearchResult:
    q: str
    hits: list[Hit]
    entities: list[RankedEntity]  # the entities the query names: their articles match in any spelling
    semantic: list[Neighbour]
    total: int
    limit: int
    offset: int
    next: int | None


def search(store: Store, q: str, *, limit: int = PAGE, offset: int = 0, since: str | None = None,
           until: str | None = None, outlet: str | None = None, semantic: bool = True) -> SearchResult:
    """Full-text hits (every spelling; filtered by dates and outlet) and, on the first page, the
    articles closest in meaning by embedding (unfiltered)."""
    since, until = check_date(since, "since"), check_date(until, "until")
    words = q.strip()
    named = named_entities(store, words) if words else []
    ids = [e.id for e in named]
    found = store.search(words, limit=limit, offset=offset, since=since, until=until, outlet=outlet,
                         entities=ids) if words else []
    hits = [Hit(ArticleSummary.of(h.article), h.snippet) for h in found]
    total = (store.count_matches(words, ids) if not (since or until or outlet) else offset + len(hits)) if words else 0
    close: list[Neighbour] = []
    if semantic and words and not offset:
        ids, matrix = _embeddings(store.path, store.version())
        if len(ids):
            from rasid.extract.embedding import embed

            scores = matrix @ embed([words])[0]
            seen = {h.article.id for h in hits}
            best = [ids[i] for i in np.argsort(-scores, kind="stable")[: limit * 2] if ids[i] not in seen][:limit]
            by_id = store.get_many(best)
            position = {ident: i for i, ident in enumerate(ids)}
            close = [Neighbour(ArticleSummary.of(by_id[i]), round(float(scores[position[i]]), 3))
                     for i in best if i in by_id]
    return SearchResult(q, hits, named, close, total, limit, offset, _next(offset, limit, len(hits), max(total, len(hits))))


_LOCK = threading.Lock()


def _embeddings(path: str, version: int) -> tuple[list[str], np.ndarray]:
    with _LOCK:  # one load per version, however many requests ask at once
        return _load_embeddings(path, version)


@lru_cache(maxsize=2)
def _load_embeddings(path: str, version: int) -> tuple[list[str], np.ndarray]:
    with Store(path, create=False) as store:
        return store.all_embeddings()


@dataclass(frozen=True)
class ProblemList:
    problems: list[Problem]
    total: int


def problems(store: Store, *, limit: int = 50) -> ProblemList:
    """Inputs that could not be used, and why, most recent first."""
    return ProblemList(store.problems(limit), store.count("problems"))


@dataclass(frozen=True)
class DuplicateGroup:
    articles: list[ArticleSummary]


def duplicates(store: Store, *, limit: int = 30) -> list[DuplicateGroup]:
    """Near-copies of one text, largest groups first."""
    groups = sorted(store.groups("duplicates").values(), key=lambda g: (-len(g), g[0]))[:limit]
    found = store.get_many(a for g in groups for a in g)
    return [DuplicateGroup([ArticleSummary.of(found[a]) for a in g if a in found]) for g in groups]


# --- entities -------------------------------------------------------------------------------------


def find_entities(store: Store, name: str) -> list[RankedEntity]:
    """Entities a user's name for them points to, most mentioned first: an id, any spelling seen, an
    English name, or a name the knowledge base knows."""
    from rasid.kb import default_kb
    from rasid.text.translit import name_key, skeleton

    if not name.strip():
        return []
    found = store.find_entities(name_key(name), name)
    if not found:
        ent = default_kb().match(name)
        found = store.find_entities(name_key(ent.id), ent.id) if ent else []
        if not found and name.isascii():
            ids = store.entities_by_key([("skeleton", skeleton(name))], "PER")
            found = [e for i in ids for e in store.find_entities(name_key(i), i)]
    return found


def named_entities(store: Store, q: str) -> list[RankedEntity]:
    """The entities a search query names as a whole, in any spelling or in English (بيونغيانغ,
    Pyongyang), or by the first word of a name only one known entity's name starts with (بيونغ)."""
    from rasid.kb import default_kb
    from rasid.text.translit import name_key

    if q.startswith('"') or len(q.split()) > 4:
        return []
    found = find_entities(store, q)
    if not found and len(q.split()) == 1 and (ent := default_kb().opened_by(q)):
        found = store.find_entities(name_key(ent.id), ent.id)
    return found


def entity_id(store: Store, name: str | None) -> str | None:
    """The id of the entity a name points to; BadRequest when it points to none."""
    if not name:
        return None
    if store.entity(name):
        return name
    found = find_entities(store, name)
    if not found:
        raise BadRequest(f"no entity named {name!r}")
    return found[0].id


@dataclass(frozen=True)
class EntityList:
    entities: list[RankedEntity]
    total: int
    limit: int
    offset: int
    next: int | None
    filters: dict[str, Any]


def entities(store: Store, *, q: str | None = None, type: str | None = None, since: str | None = None,
             until: str | None = None, outlet: str | None = None, limit: int = PAGE, offset: int = 0) -> EntityList:
    """Entities most mentioned (in articles of a period or an outlet, if given), or those a name points to."""
    type, since, until = check_type(type), check_date(since, "since"), check_date(until, "until")
    filters = {"q": q, "type": type, "since": since, "until": until, "outlet": outlet}
    if q:
        every = [e for e in find_entities(store, q) if not type or e.type == type]
        rows, total = every[offset:offset + limit], len(every)
    else:
        rows = store.top_entities(limit, type=type, offset=offset, since=since, until=until, outlet=outlet)
        total = store.count_entities(type, since, until, outlet)
    return EntityList(rows, total, limit, offset, _next(offset, limit, len(rows), total), filters)


@dataclass(frozen=True)
class EntityView:
    """An entity: its spellings, timeline, who else is named with it, claims about it, stories."""

    entity: Entity
    variants: list[tuple[str, int]]
    mentions: int
    articles: int
    timeline: list[TimelineEvent]
    co_occurring: list[RankedEntity]
    claims: list[SourcedClaim]
    stories: list[Story]
    others: list[RankedEntity]  # other entities the same name points to


def entity(store: Store, ident: str, *, limit: int = PAGE) -> EntityView | None:
    """An entity by id, or by any name for it."""
    e = store.entity(ident)
    others: list[RankedEntity] = []
    if e is None:
        found = find_entities(store, ident)
        if not found:
            return None
        e, others = store.entity(found[0].id), found[1:]
        if e is None:
            return None
    mentions = store.mentions_of(e.id)
    return EntityView(e, Counter(m.text for m in mentions).most_common(), len(mentions),
                      len({m.article for m in mentions}), entity_timeline(store, e.id, limit=60),
                      store.co_occurring(e.id), store.claims(e.id, limit=limit), store.stories(limit, entity=e.id),
                      others)


def entity_timeline(store: Store, ident: str, limit: int | None = None) -> list[TimelineEvent]:
    """The dated events in the sentences that name an entity."""
    from rasid.corpus.timeline import timeline

    spans: dict[str, list[tuple[int, int]]] = {}
    for m in store.mentions_of(ident):
        spans.setdefault(m.article, []).append((m.start, m.end))
    return timeline(store.get_many(spans), store.dates_in(spans), spans, limit=limit)


def story_timeline(store: Store, ident: str, limit: int | None = None) -> list[TimelineEvent]:
    """The dated events of a story's articles."""
    from rasid.corpus.timeline import timeline

    members = {a.id: a for a in store.story_members(ident)}
    return timeline(members, store.dates_in(members), limit=limit)


def timeline(store: Store, *, story: str | None = None, entity: str | None = None,
             limit: int = 100) -> list[TimelineEvent]:
    """The dated events of a story (id or prefix) or an entity (any name); BadRequest for neither or both,
    or for one that is not there."""
    if bool(story) == bool(entity):
        raise BadRequest("give a story or an entity")
    if story:
        s = store.story(story)
        if s is None:
            raise BadRequest(f"no story {story!r}")
        return story_timeline(store, s.id, limit)
    return entity_timeline(store, entity_id(store, entity) or "", limit)


# --- claims ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimList:
    claims: list[SourcedClaim]
    total: int
    limit: int
    offset: int
    next: int | None


CLAIM_KINDS = ("differ", "revised", "agree", "single")


def claims(store: Store, *, entity: str | None = None, unit: str | None = None, since: str | None = None,
           until: str | None = None, outlet: str | None = None, kind: str | None = None, limit: int = PAGE,
           offset: int = 0) -> ClaimList:
    """Figures claimed: about an entity (any name), counting a unit (any form of the noun), in articles
    of a period or an outlet, compared across outlets as a kind (`CLAIM_KINDS`: those outlets differ on,
    a toll revised, those they agree on)."""
    from rasid.extract.numbers import unit_lemma

    since, until = check_date(since, "since"), check_date(until, "until")
    ident = entity_id(store, entity)
    lemma = unit_lemma(unit) if unit else None
    if unit and not lemma:
        raise BadRequest(f"unit: {unit!r} holds no word")
    if kind is not None and kind not in CLAIM_KINDS:
        raise BadRequest(f"kind: use one of {', '.join(CLAIM_KINDS)}")
    rows = store.claims(ident, lemma, limit, offset=offset, since=since, until=until, outlet=outlet, kind=kind)
    total = store.count_claims(ident, lemma, since, until, outlet, kind)
    return ClaimList(rows, total, limit, offset, _next(offset, limit, len(rows), total))


# --- stories --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryList:
    stories: list[Story]
    total: int
    limit: int
    offset: int
    next: int | None
    filters: dict[str, Any]


def stories(store: Store, *, q: str | None = None, since: str | None = None, until: str | None = None,
            outlet: str | None = None, entity: str | None = None, min_articles: int = 1, limit: int = PAGE,
            offset: int = 0) -> StoryList:
    """Stories, newest first, with their outlets: filtered by words, dates, outlet, entity, size."""
    since, until = check_date(since, "since"), check_date(until, "until")
    filters = {"q": q, "since": since, "until": until, "outlet": outlet, "entity": entity, "min_articles": min_articles}
    ident = entity_id(store, entity)
    rows = store.stories(limit, offset, since=since, until=until, query=q, outlet=outlet, entity=ident,
                         min_articles=min_articles)
    total = store.count_stories(since, until, q, outlet, ident, min_articles)
    outlets = store.story_outlets([r.id for r in rows])
    rows = [dataclasses.replace(r, outlet_names=tuple(outlets.get(r.id, ()))) for r in rows]
    return StoryList(rows, total, limit, offset, _next(offset, limit, len(rows), total), filters)


@dataclass(frozen=True)
class CitedSentence:
    """A sentence of the summary, and the number of the source it comes from."""

    text: str
    article: str
    start: int
    end: int
    cite: int


@dataclass(frozen=True)
class CitedEvent:
    value: str
    text: str
    sentence: str
    article: str
    outlet: str | None
    cite: int | None


@dataclass(frozen=True)
class FigureClaim:
    """One claim of a figure group, as a brief shows it."""

    claim: str
    figure: int
    quantity: str
    low: float | None
    high: float | None
    approx: bool
    sentence: str
    article: str
    cite: int | None
    outlet: str | None
    attribution: list[str]


@dataclass(frozen=True)
class Figure:
    """Claims about one thing in a story: agree, differ or single, with the names of actor and origin."""

    id: str
    kind: str
    unit: str | None  # as an article wrote it
    unit_lemma: str | None
    facet: str | None
    sources: int
    actor: str | None
    origin: str | None
    claims: list[FigureClaim]


@dataclass(frozen=True)
class BriefSource:
    """A story's article as its brief lists it, numbered for citation."""

    n: int
    id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    fetched: str | None
    source_file: str | None
    copy: bool  # a near-copy of an earlier source
    heading: str  # its title, else the opening words of its text
    published_estimated: bool = False


@dataclass(frozen=True)
class OriginGroup:
    articles: list[str]
    cites: list[int]
    origin: str | None


@dataclass(frozen=True)
class Brief:
    """Everything a brief says about a story: what happened (every sentence cited), when, the figures
    and whether sources agree, who is in it, who reported it."""

    story: Story
    summary: list[CitedSentence]
    timeline: list[CitedEvent]
    figures: list[Figure]
    entities: list[RankedEntity]
    sources: list[BriefSource]
    same_origin: list[OriginGroup]
    thread: list[Story]  # the other stories of its thread (one affair over weeks), newest first


def story(store: Store, ident: str) -> Brief | None:
    """A story's brief, by id or unique prefix (kept in memory until the store changes)."""
    s = store.story(ident)
    if s is None:
        return None
    return _brief(store.path, s.id, store.version())


@lru_cache(maxsize=512)
def _brief(path: str, ident: str, version: int) -> Brief | None:
    with Store(path, create=False) as store:
        return build_brief(store, ident)


_ORDER = {"differ": 0, "revised": 1, "agree": 2, "single": 3}


def build_brief(store: Store, ident: str) -> Brief | None:
    """A story's brief, read afresh."""
    from rasid.corpus.brief import summarize, written_unit
    from rasid.text.display import shorten

    s = store.story(ident)
    if s is None:
        return None
    members = store.story_members(s.id)
    copy_groups = store.duplicate_groups([a.id for a in members])
    seen: set[str] = set()
    copies: set[str] = set()
    for a in members:  # oldest first: later members of a duplicate group are copies
        if (dup := copy_groups.get(a.id)) is not None:
            (copies.add(a.id) if dup in seen else seen.add(dup))
    sources = [BriefSource(n, a.id, a.title, a.outlet, a.url, a.published, a.fetched, a.source_file, a.id in copies,
                           a.title or shorten(a.text, 90), a.published_estimated) for n, a in enumerate(members, start=1)]
    cite = {src.id: src.n for src in sources}
    summary = [CitedSentence(x.text, x.article, x.start, x.end, cite[x.article])
               for x in summarize([a for a in members if a.id not in copies])]
    claims = {c.id: c for c in store.story_claims(s.id)}
    claim_groups = store.claim_groups(s.id)
    origins = store.origin_groups([a.id for a in members])
    named = store.origin_names(grp for gs in origins.values() for grp in gs)
    wanted = {x for cg in claim_groups for x in (cg.actor, cg.origin)} | set(named.values())
    names = store.entities_by_id({_entity_of(x) for x in wanted if x})
    figures = []
    for g in claim_groups:
        rows = [FigureClaim(cid, figure, c.quantity.text, c.quantity.low, c.quantity.high, c.quantity.approx, c.text,
                            c.article, cite.get(c.article), c.outlet, [a.text for a in c.attribution])
                for cid, figure in g.claims if (c := claims.get(cid)) is not None]
        figures.append(Figure(g.id, g.kind, written_unit(g.unit, [r.quantity for r in rows]), g.unit, g.facet,
                              g.sources, _name(names, g.actor), _name(names, g.origin), rows))
    figures.sort(key=lambda f: (_ORDER[f.kind], -len(f.claims)))
    events = [CitedEvent(ev.value, ev.text, ev.sentence, ev.article, ev.outlet, cite.get(ev.article))
              for ev in story_timeline(store, s.id, limit=40)]
    by_group: dict[str, list[str]] = {}
    for article_id, gs in origins.items():
        for grp in gs:
            by_group.setdefault(grp, []).append(article_id)
    same_origin = [OriginGroup(sorted(v, key=cite.__getitem__), sorted(cite[x] for x in v), _name(names, named.get(grp)))
                   for grp, v in sorted(by_group.items()) if len(v) > 1]
    return Brief(s, summary, events, figures, store.story_entities(s.id), sources, same_origin,
                 store.thread_stories(s.id))


def _entity_of(ident: str) -> str:
    """A claim group's actor `country:IQ` (a place standing for its country) is the entity loc:country-iq."""
    return "loc:country-" + ident[8:].lower() if ident.startswith("country:") else ident


def _name(names: dict[str, Entity], ident: str | None) -> str | None:
    e = names.get(_entity_of(ident)) if ident else None
    return (e.name + (f" ({e.name_en})" if e.name_en else "")) if e else ident


def display_name(store: Store, ident: str | None) -> str | None:
    """An entity's English name, else its Arabic one; text that is not an entity id as it is."""
    e = store.entity(ident) if ident else None
    return (e.name_en or e.name) if e else ident


def warm(path: str, newest: int = 200) -> None:
    """Load what first requests would wait for: the sentence encoder, the article embeddings, and the
    briefs of the newest stories (the front page's)."""
    from rasid.extract.embedding import embed

    with _LOCK:
        embed(["تهيئة"])
    with Store(path, create=False) as store:
        _embeddings(path, store.version())
        for s in store.stories(newest, min_articles=2):
            story(store, s.id)


# --- following: sources, watches, alerts ------------------------------------------------------------


def sources(store: Store) -> list[FeedSource]:
    """The sources `rasid watch` polls, with how their polling has gone."""
    return store.feed_sources()


@dataclass(frozen=True)
class AlertList:
    alerts: list[Alert]
    total: int
    limit: int
    offset: int
    next: int | None
    watch: Watch | None
    watches: list[Watch]


def watches(store: Store) -> list[Watch]:
    return store.watches()


def add_watch(store: Store, kind: str, target: str, *, relation: str | None = None,
              webhook: str | None = None) -> Watch:
    """Follow an entity (any spelling), a search query, a story (id or prefix), or the figures about an
    entity that outlets compare (`relation`: differ, revised, agree). The same watch twice is one."""
    from rasid.corpus.alerts import new_watch

    label, target = target.strip(), target.strip()
    if kind in ("entity", "figures"):
        from rasid.kb import default_kb

        found = find_entities(store, target)  # an entity the store knows, else one the knowledge base does
        kb = None if found or store.entity(target) else (default_kb().get(target) or default_kb().match(target)
                                                         or default_kb().opened_by(target))
        e: Entity | KBEntity | None = store.entity(target) or (found[0] if found else kb)
        if e is None:
            raise BadRequest(f"no entity is known as {target!r}")
        label, target = e.name + (f" ({e.name_en})" if e.name_en else ""), e.id
        if kind == "figures":
            label = f"{label}: {relation or 'compared'} figures"
    elif kind == "story":
        s = store.story(target)
        if s is None:
            raise BadRequest(f"no story {target!r}")
        label, target = s.label, s.id
    elif kind == "query":
        from rasid.store.search import fts_query

        if not fts_query(target)[0]:
            raise BadRequest("the query has no word to search for")
    if webhook and not webhook.lower().startswith(("http://", "https://")):
        raise BadRequest("the webhook must be an http or https URL")
    try:
        w = new_watch(kind, target, label, relation=relation, webhook=webhook)
    except ValueError as e:
        raise BadRequest(str(e)) from None
    with store.transaction():
        if store.watch(w.id) is None:
            store.add_watch(w)
    return store.watch(w.id) or w


def remove_watch(store: Store, ident: str) -> bool:
    with store.transaction():
        return store.remove_watch(ident)


def alerts(store: Store, *, watch: str | None = None, limit: int = PAGE, offset: int = 0) -> AlertList:
    """New articles that matched the watches (of one, if given), newest first."""
    w = store.watch(watch) if watch else None
    if watch and w is None:
        raise BadRequest(f"no watch {watch!r}")
    rows = store.alerts(watch, limit, offset)
    total = store.count_alerts(watch)
    return AlertList(rows, total, limit, offset, _next(offset, limit, len(rows), total), w, store.watches())


# --- outlets --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutletSummary:
    name: str
    articles: int
    first: str | None
    last: str | None


@dataclass(frozen=True)
class OutletCount:
    """Another outlet (or a named source) and how many articles or figures the relation holds for."""

    name: str
    count: int


@dataclass(frozen=True)
class OutletProfile:
    """What an outlet covers, how often it is first, whose text it carries, and how its figures compare.

    `first`: of its stories that other outlets carried too, how many it carried before all of them
    (`first_tied`: on the same day as the first other); `copies_from` / `copied_by`: texts it published
    on a later day than another outlet (near-duplicates or the same text), and the reverse (see
    `TextPair`); `shares_with`: texts it and another carried on the same day or in an order the dates
    cannot tell (an agency's release, mostly);
    `sources`: named sources its same-origin groups trace back to; `figures_compared`: its figures
    other outlets gave a figure on too, `figures_differ`: of them, where its figure was not theirs,
    with whom (`differs_with`)."""

    name: str
    articles: int
    first_day: str | None
    last_day: str | None
    entities: list[RankedEntity]
    stories: list[Story]
    shared_stories: int
    first: int
    first_tied: int
    copies_from: list[OutletCount]
    copied_by: list[OutletCount]
    shares_with: list[OutletCount]
    sources: list[OutletCount]
    figures_compared: int
    figures_differ: int
    differs_with: list[OutletCount]


def outlets(store: Store) -> list[OutletSummary]:
    return [OutletSummary(*r) for r in store.outlet_list()]


def outlet(store: Store, name: str, *, limit: int = 10) -> OutletProfile | None:
    """An outlet's profile (see OutletProfile); None when no article was seen under the name."""
    listed = {r[0]: r for r in store.outlet_list()}
    if name not in listed:
        return None
    _, count, first_day, last_day = listed[name]
    stories_of = store.outlet_stories(name, limit)
    shown = {s.id: s for s in (store.story(i) for i, _ in stories_of) if s}
    arrivals: dict[str, dict[str, str]] = {}
    for story, who, when in store.story_arrivals(name):
        arrivals.setdefault(story, {})[who] = when or ""
    shared = first = tied = 0
    for by in arrivals.values():
        others = [w for o, w in by.items() if o != name and w]  # an outlet with no known day cannot be first
        if not others or not by.get(name):
            continue
        shared += 1
        mine, best = by[name][:10], min(others)[:10]
        first += bool(mine) and by[name] < min(others) and mine < best
        tied += bool(mine) and mine == best
    copies_from: Counter[str] = Counter()
    copied_by: Counter[str] = Counter()
    shares: Counter[str] = Counter()
    for pair in text_pairs(store):
        if name not in (pair.first_outlet, pair.other_outlet):
            continue
        if pair.relation == "copies":
            (copies_from if pair.other_outlet == name else copied_by)[
                pair.first_outlet if pair.other_outlet == name else pair.other_outlet] += 1
        else:
            shares[pair.first_outlet if pair.other_outlet == name else pair.other_outlet] += 1
    compared, differ, differs_with = 0, 0, Counter[str]()
    figures: dict[str, list[tuple[int, str]]] = {}
    for grp, _, figure, who in store.outlet_figures(name):
        figures.setdefault(grp, []).append((figure, who))
    for given in figures.values():
        ours = {f for f, o in given if o == name}
        theirs = {o: {f for f, x in given if x == o} for o in {o for _, o in given if o != name}}
        if not ours or not theirs:
            continue
        compared += 1
        apart = [o for o, fs in theirs.items() if not ours & fs]
        differ += bool(apart)
        differs_with.update(apart)
    return OutletProfile(
        name, count, first_day, last_day, store.top_entities(limit, outlet=name),
        [shown[i] for i, _ in stories_of if i in shown], shared, first, tied, _counts(copies_from),
        _counts(copied_by), _counts(shares),
        [OutletCount(display_name(store, o) or o, n) for o, n in store.outlet_origins(name)],
        compared, differ, _counts(differs_with))


@dataclass(frozen=True)
class TextPair:
    """One text two outlets carried: `first` (its earliest carrier) and `other`. `relation` is "copies" when
    both give a publication date (the input's, or the day the address names: /2015/07/20/, /20150721/)
    and `other`'s is a later day (it republished `first`'s text), else "shares": the same day, or an
    order that fetch times alone cannot tell (a late crawl is not a copy)."""

    first: str
    other: str
    first_outlet: str
    other_outlet: str
    first_when: str | None
    other_when: str | None
    relation: str


def text_pairs(store: Store) -> list[TextPair]:
    """Every pair of outlets that carried one text (the same article, or near-duplicates): each later
    carrier paired with the first."""
    from rasid.text.calendar import url_date

    groups: dict[str, list[tuple[str, str, str | None, int]]] = {}
    for grp, article, who, when, dated, url in store.shared_texts():
        if not dated and (day := url_date(url)):
            when, dated = day, 1  # the day its address names (/2015/07/20/)
        members = groups.setdefault(grp, [])
        if who not in [m[1] for m in members]:  # an outlet counts once in a group, at its first carrying
            members.append((article, who, when, dated))
    for members in groups.values():
        members.sort(key=lambda m: (m[2] is None, m[2] or ""))
    found = []
    for (a, who, when, dated), *rest in groups.values():
        for b, other, then, other_dated in rest:
            later = dated and other_dated and (then or "")[:10] > (when or "")[:10]
            found.append(TextPair(a, b, who, other, when, then, "copies" if later else "shares"))
    return found


def _counts(c: Counter[str]) -> list[OutletCount]:
    return [OutletCount(k, n) for k, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]
