"""Stories: the articles about one event, across outlets, grouped as they arrive.

A new article joins the story it fits best, or starts one. Fit combines two views, because neither is
enough alone: the cosine of its headline-and-lead embedding to the story's centroid (the same event
told in other words, or in another language), and the cosine of the entities it names to the story's
entities, weighted by rarity (naming the same minister matters, naming Saudi Arabia does not). Only
stories whose event days come within WINDOW_DAYS of the article's, and would still span at most
MAX_SPAN_DAYS with it, are candidates: two visits by the same minister two years apart share every name
but are two stories, and yesterday's market report is not today's. The event day is the date the
article's lead gives (أمس, الجمعة, 12 يوليو), else its publication day. An article with no date joins
only on a much stronger fit, and a near-copy of an article joins that article's story.

Related stories (close centroids and entities, at any date) form a topic for browsing.

Everything here decides; nothing writes. `place` takes a batch of articles with what the store knows of
them and returns where each goes; the pipeline writes it.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from rasid.corpus.dedup import Copy
from rasid.extract.embedding import DIM
from rasid.model import Article, StoryProfile

WINDOW_DAYS = 2
MAX_SPAN_DAYS = 4  # a story's events span four days at most; what goes on longer is a topic of several stories
LEAD_CHARS = 400  # where the date of an article's event is read
JOIN = 0.45  # combined fit needed to join a story
UNDATED_JOIN = 0.75  # the same for an article whose date is unknown
EMBEDDING_WEIGHT = 0.5
EVIDENCE = 0.9  # share of a unique name's rarity the shared entities must add up to, to count in full
CANDIDATES = 30  # stories, closest by embedding, whose entities are compared
TOPIC = 0.6  # centroid cosine for two stories to share a topic
TOPIC_ENTITIES = 0.3  # and the cosine of their entities


def day(iso: str | None) -> int | None:
    """The day number of an ISO date or datetime; None when unknown or unreadable."""
    try:
        return date.fromisoformat(iso[:10]).toordinal() if iso else None
    except ValueError:
        return None


def event_days(articles: Sequence[Article], lead_dates: dict[str, list[str]]) -> dict[str, int | None]:
    """The day each article's event happened: the first full date its lead gives that falls in the week
    before publication ("وصل لافروف الجمعة", "أعلنت الوزارة أمس"), else its publication (or fetch) day.
    A daily report tells that day's session; the lead says which."""
    out = {}
    for a in articles:
        published = day(a.published or a.fetched)
        out[a.id] = published
        for value in lead_dates.get(a.id, ()):
            d = day(value) if len(value) == 10 else None
            if d is not None and (published is None or published - 7 <= d <= published):
                out[a.id] = d
                break
    return out


@dataclass
class StoryState:
    """What placing needs to know of a story: its dates, centroid and entities."""

    id: str
    start: int | None
    end: int | None
    size: int
    centroid: np.ndarray  # sum of member embeddings
    entities: Counter = field(default_factory=Counter)  # entity -> number of member articles naming it
    topic: str | None = None
    new: bool = False

    @classmethod
    def from_profile(cls, p: StoryProfile) -> StoryState:
        """From what the store keeps of a story."""
        centroid = p.centroid if p.centroid is not None else np.zeros(DIM, dtype=np.float32)
        return cls(id=p.id, start=day(p.start), end=day(p.end), size=p.size, centroid=centroid,
                   entities=Counter(p.entities), topic=p.topic)

    def profile(self) -> StoryProfile:
        """What the store keeps of it."""
        start, end = self.dates()
        return StoryProfile(id=self.id, start=start, end=end, size=self.size, centroid=self.centroid,
                            entities=Counter(self.entities), topic=self.topic)

    def vector(self, idf: dict[str, float]) -> dict[str, float]:
        """Its entities weighted by rarity and by the share of its articles that name them."""
        return {e: idf.get(e, 1.0) * n / max(self.size, 1) for e, n in self.entities.items()}

    def dates(self) -> tuple[str | None, str | None]:
        """First and last event day, ISO."""
        def iso(d: int | None) -> str | None:
            return None if d is None else date.fromordinal(d).isoformat()

        return iso(self.start), iso(self.end)


def entity_vector(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    """An article's entities weighted by rarity and (sub-linearly) by how often it names them."""
    return {e: idf.get(e, 1.0) * (1 + math.log(c)) for e, c in counts.items() if c > 0}


def entity_fit(a: dict[str, float], b: dict[str, float], idf: dict[str, float], rarest: float) -> float:
    """The cosine of two entity vectors, discounted until the entities they share are rare enough to
    be evidence (their rarity adding up to EVIDENCE of `rarest`, a name seen once): two columns that
    both name only Islam are not one story."""
    shared = math.fsum(idf.get(e, 1.0) for e in a.keys() & b.keys())  # exact: the same whatever the set order
    return _cosine(a, b) * min(1.0, shared / (EVIDENCE * rarest))


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(w * b[k] for k, w in a.items() if k in b)
    return dot / (math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values())))


class StoryIndex:
    """The stories new articles may join, held in memory while a batch is placed."""

    def __init__(self, stories: list[StoryState], idf: dict[str, float]):
        self.idf = idf
        self.rarest = max(idf.values(), default=1.0)
        self.stories: list[StoryState] = []
        self.by_id: dict[str, int] = {}
        self._matrix = np.zeros((max(64, len(stories)), DIM), dtype=np.float32)
        self._starts = np.zeros(len(self._matrix), dtype=np.int64)
        self._ends = np.zeros(len(self._matrix), dtype=np.int64)
        for s in stories:
            self._append(s)

    def _append(self, s: StoryState) -> int:
        i = len(self.stories)
        if i == len(self._matrix):
            grow = len(self._matrix)
            self._matrix = np.vstack([self._matrix, np.zeros((grow, DIM), dtype=np.float32)])
            self._starts = np.concatenate([self._starts, np.zeros(grow, dtype=np.int64)])
            self._ends = np.concatenate([self._ends, np.zeros(grow, dtype=np.int64)])
        self.stories.append(s)
        self.by_id[s.id] = i
        self._sync(i)
        return i

    def _sync(self, i: int) -> None:
        s = self.stories[i]
        norm = float(np.linalg.norm(s.centroid)) or 1.0
        self._matrix[i] = s.centroid / norm
        # an undated story is never near in time; it is found only through the stronger undated fit
        self._starts[i] = s.start if s.start is not None else 1 << 40
        self._ends[i] = s.end if s.end is not None else -(1 << 40)

    def fit(self, i: int, emb: np.ndarray, entities: dict[str, float]) -> float:
        cos_emb = float(self._matrix[i] @ emb)
        entities_fit = entity_fit(entities, self.stories[i].vector(self.idf), self.idf, self.rarest)
        return EMBEDDING_WEIGHT * cos_emb + (1 - EMBEDDING_WEIGHT) * entities_fit

    def best(self, when: int | None, emb: np.ndarray, entities: dict[str, float]) -> tuple[str | None, float]:
        """The story that fits an article best and the fit, if it is good enough to join."""
        n = len(self.stories)
        if not n:
            return None, 0.0
        if when is None:
            candidates = np.arange(n)
        else:
            candidates = np.flatnonzero((self._starts[:n] - WINDOW_DAYS <= when) & (when <= self._ends[:n] + WINDOW_DAYS)
                                        & (np.maximum(self._ends[:n], when) - np.minimum(self._starts[:n], when)
                                           <= MAX_SPAN_DAYS))
        if not len(candidates):
            return None, 0.0
        cos = self._matrix[candidates] @ emb
        top = candidates[np.argsort(-cos)[:CANDIDATES]]
        fits = [(self.fit(int(i), emb, entities), int(i)) for i in top]
        fit, i = max(fits)
        if fit >= (UNDATED_JOIN if when is None else JOIN):
            return self.stories[i].id, fit
        return None, fit

    def add(self, story: str | None, article: str, when: int | None, emb: np.ndarray,
            entity_counts: Counter) -> str:
        """Put an article into `story`, or into a new story when None; the story's id."""
        if story is None:
            state = StoryState(id="s" + article[:15], start=when, end=when, size=0,
                               centroid=np.zeros(DIM, dtype=np.float32), new=True)
            i = self._append(state)
        else:
            i = self.by_id[story]
            state = self.stories[i]
        state.size += 1
        state.centroid = state.centroid + emb
        state.entities.update({e: 1 for e in entity_counts})
        if when is not None:
            state.start = when if state.start is None else min(state.start, when)
            state.end = when if state.end is None else max(state.end, when)
        self._sync(i)
        return state.id

    def ensure(self, profile: StoryProfile) -> None:
        """Hold a stored story that was outside the batch's dates (a copy's story, say)."""
        if profile.id not in self.by_id:
            self._append(StoryState.from_profile(profile))

    def near(self, story: str, when: int | None) -> bool:
        """Whether a date falls within WINDOW_DAYS of a story's dates (an unknown date always does)."""
        s = self.get(story)
        return when is None or s.start is None or (s.start - WINDOW_DAYS <= when <= s.end + WINDOW_DAYS
                                                   and max(s.end, when) - min(s.start, when) <= MAX_SPAN_DAYS)

    def has(self, story: str) -> bool:
        return story in self.by_id

    def get(self, story: str) -> StoryState:
        return self.stories[self.by_id[story]]


def assign_topics(new: list[StoryState], others: list[tuple[str, str | None, np.ndarray]],
                  state_of: Callable[[str], StoryState], idf: dict[str, float]) -> dict[str, str]:
    """A topic for each new story: that of the closest story at any date (centroid cosine TOPIC or more,
    entity cosine TOPIC_ENTITIES or more), or its own. `others` are (story, topic, centroid sum) of the
    stories already known; `state_of(story)` loads one of them."""
    def unit(v):
        return v / (float(np.linalg.norm(v)) or 1.0)

    rarest = max(idf.values(), default=1.0)
    ids = [o[0] for o in others] + [s.id for s in new]
    topics = [o[1] or o[0] for o in others] + [s.id for s in new]
    states = {s.id: s for s in new}
    mine = np.array([unit(s.centroid) for s in new], dtype=np.float32).reshape(-1, DIM)
    known = np.array([unit(o[2]) for o in others], dtype=np.float32).reshape(-1, DIM)
    cos = np.hstack([mine @ known.T, mine @ mine.T])  # new × (known + new)
    out = {}
    for k, s in enumerate(new):
        row = cos[k].copy()
        row[len(others) + k:] = -1  # only stories placed before this one
        vector = s.vector(idf)
        for i in np.argsort(-row)[:CANDIDATES]:
            if row[i] < TOPIC:
                break
            other = states.get(ids[i]) or state_of(ids[i])
            if entity_fit(vector, other.vector(idf), idf, rarest) >= TOPIC_ENTITIES:
                topics[len(others) + k] = topics[i]
                break
        out[s.id] = topics[len(others) + k]
    return out


@dataclass(frozen=True)
class Placement:
    """Where an article goes: its story, and how well it fit (1.0 for a story's first article)."""

    article: str
    story: str
    score: float


def place(batch: Sequence[Article], features: dict[str, tuple[np.ndarray, np.ndarray]],
          counts: dict[str, Counter], days: dict[str, int | None], index: StoryIndex,
          copies: dict[str, Copy], story_of: dict[str, str]) -> list[Placement]:
    """The story of each article of a batch, in order, updating `index` as they join. `copies` says
    which earlier article each copies, `story_of` the story of those copied articles already placed
    (their stories held in `index`). A copy joins its original's story, unless it comes too long after
    it (an anniversary re-post tells another event); everything else joins the story it fits best."""
    placed: list[Placement] = []
    placed_in: dict[str, str] = {}
    for a in batch:
        if a.id not in features:
            continue  # analysed before features existed; `analyze --redo` gives it some
        _, emb = features[a.id]
        story, score = None, 1.0
        copy = copies.get(a.id)
        if copy and (story := story_of.get(copy.of) or placed_in.get(copy.of)):
            score = copy.similarity
            if not index.near(story, days[a.id]):
                story = None
        if story is None:
            story, score = index.best(days[a.id], emb, entity_vector(counts[a.id], index.idf))
        ident = index.add(story, a.id, days[a.id], emb, counts[a.id])
        placed_in[a.id] = ident
        placed.append(Placement(a.id, ident, score if story else 1.0))
    return placed


def label(members: Sequence[Article], embeddings: dict[str, np.ndarray], centroid: np.ndarray | None) -> str:
    """A story's label: the headline of its member closest to its centroid (else its first headline, or
    the opening of its first text)."""
    if not members:
        return ""
    first = members[0].title or members[0].text[:80]
    titled = [m for m in members if m.title and m.id in embeddings]
    if centroid is None or not titled:
        return first
    return max(titled, key=lambda m: float(embeddings[m.id] @ centroid)).title or first
