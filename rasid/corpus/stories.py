"""Stories: the articles that report one happening, across outlets, grouped as they arrive.

A new article is compared with the articles already placed whose events are within WINDOW_DAYS of its
own — not with a story's average — by the same-event model (`same_event.py`): what the two texts say
(embedding, heaviest words, headline), whom they name (weighted by rarity), the figures and dates they
give, how many days apart they are. Candidates are the placed articles closest by embedding, and any that
share a rare name, a specific figure or several of its rarest words. A story's fit is the mean
probability of its TOP best-fitting members, so one loose resemblance does not pull an article in, and a
short first report that matches two or three reports of its event does join it; a follow-up told in other
words (arrests, condemnations) fits a story most of whose reports tell of the happening its own event words
tell of (تفجير سترة) at EVENT_FLOOR already. The article joins the
best-fitting story at or above the model's threshold, or starts its own; when it fits a second story as
well as that (its best member at MERGE or more), the two are one event told twice and merge. A story
spans at most MAX_SPAN_DAYS; what goes on longer is a thread of stories: a new story joins the thread of
the earlier story it most likely continues, by a model learned from labelled story pairs
(`training/threads.py`) over their centroids, the names they share (the rarest above all) and the days
between them.

A recurring report (a market session, a weather bulletin, a daily health update) is known by its
outlet's twin of another day (`twins`: the same template, or much alike with other figures, on SERIES
days): it joins only reports of its own day, and so does every article of a story that holds one; a story
found to hold one after reports of two days joined it is split by day (`Split`). The report of a phone
call (`terms.report_kind`) is a happening of its own: it joins only reports of that call (or one text told
twice), never the story of what its two parties discussed, and calls told of two days are two calls.

The event day is the date an article's lead gives (أمس, الجمعة, 12 يوليو) within the week before its
publication, else its publication day. A near-copy of an article joins that article's story.

Everything here decides; nothing writes. `place` returns where each article goes and which stories merge;
the pipeline writes it. Nothing depends on the corpus's statistics at the time of placing (word and name
rarity come from fixed tables), so the same articles make the same stories whether they arrive day by day
or all at once.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np

from rasid.corpus.dedup import Copy
from rasid.corpus.same_event import COPY, NAMES, RARE, Model, Profile, pair_features, recurring
from rasid.extract.embedding import DIM
from rasid.model import Article, StoryProfile

WINDOW_DAYS = 3
MAX_SPAN_DAYS = 6
LEAD_CHARS = 400  # where the date of an article's event is read
CANDIDATES = 40  # placed articles closest by embedding that the model compares (besides shared names)
TOP = 3
HINT = 0.25  # an article fitting another story this well besides its own makes the two worth comparing
TOP_LINKS = 5
SAMPLE = 12  # members of each story compared when two stories are
MERGE_FILE = Path(__file__).resolve().parent.parent / "data" / "stories" / "story_merge.json"
LINK_NAMES = ("link", "best", "mean", "share_linked", "centroid", "names", "day_gap", "smaller", "larger")
UNDATED_MARGIN = 0.15  # an article with no date must fit this much better: time says nothing for it
KEY_TERMS = 12  # an article's heaviest words that find candidates sharing them
TWIN_EMBEDDING = 0.8  # embedding cosine under which an outlet's two texts are never one template
EVENT_FLOOR, EVENT_STORY, EVENT_SHARE = 0.2, 3, 0.5  # a fit, a story size, a share of its reports told of one happening
_TEXT = NAMES.index("text")
CALL = "call"  # the kind of a phone call's report (`terms.report_kind`)
OTHER_KIND_TEXT = 0.5  # word cosine from which reports of two kinds (a call's and another) are one text told twice
SERIES = 2  # other days on which an outlet files a report's twin that make it a recurring report


def day(iso: str | None) -> int | None:
    """The day number of an ISO date or datetime; None when unknown or unreadable."""
    try:
        return date.fromisoformat(iso[:10]).toordinal() if iso else None
    except ValueError:
        return None


def event_days(articles: Sequence[Article], lead_dates: dict[str, list[str]]) -> dict[str, int | None]:
    """The day each article's event happened: the day its lead tells (`told_days`), else its publication
    (or fetch) day."""
    told = told_days(articles, lead_dates)
    return {a.id: told[a.id] if told[a.id] is not None else day(a.published or a.fetched) for a in articles}


def told_days(articles: Sequence[Article], lead_dates: dict[str, list[str]]) -> dict[str, int | None]:
    """The day an article's lead says its event happened: the first full date it gives that falls in the
    week before publication ("وصل لافروف الجمعة", "أعلنت الوزارة أمس"); None when it gives none. A daily
    report tells that day's session; the lead says which."""
    out: dict[str, int | None] = {}
    for a in articles:
        published = day(a.published or a.fetched)
        out[a.id] = next((d for value in lead_dates.get(a.id, ()) if len(value) == 10 and (d := day(value)) is not None
                          and (published is None or published - 7 <= d <= published)), None)
    return out


@dataclass
class StoryState:
    """What the corpus step keeps of a story while placing: its event days, the sum of its members'
    embeddings (for its label and threads) and how many of them name each entity."""

    id: str
    start: int | None
    end: int | None
    size: int
    centroid: np.ndarray
    entities: Counter = field(default_factory=Counter)
    topic: str | None = None
    new: bool = False

    @classmethod
    def from_profile(cls, p: StoryProfile) -> StoryState:
        centroid = p.centroid if p.centroid is not None else np.zeros(DIM, dtype=np.float32)
        return cls(id=p.id, start=day(p.start), end=day(p.end), size=p.size, centroid=centroid,
                   entities=Counter(p.entities), topic=p.topic)

    def profile(self) -> StoryProfile:
        start, end = self.dates()
        return StoryProfile(id=self.id, start=start, end=end, size=self.size, centroid=self.centroid,
                            entities=Counter(self.entities), topic=self.topic)

    def dates(self) -> tuple[str | None, str | None]:
        """First and last event day, ISO."""
        def iso(d: int | None) -> str | None:
            return None if d is None else date.fromordinal(d).isoformat()

        return iso(self.start), iso(self.end)

    def take(self, p: Profile) -> None:
        """Count an article in."""
        self.size += 1
        self.centroid = self.centroid + p.features.embedding
        self.entities.update(dict.fromkeys(p.entities, 1))
        if p.day is not None:
            self.start = p.day if self.start is None else min(self.start, p.day)
            self.end = p.day if self.end is None else max(self.end, p.day)

    def give_up(self, members: Sequence[Profile], rest: Sequence[Profile], whole: bool) -> None:
        """Count `members` out (they leave for a story of their own); `rest` are the members that stay,
        `whole` whether they are all of them (else the days outside stay as they were)."""
        self.size -= len(members)
        for p in members:
            self.centroid = self.centroid - p.features.embedding
            self.entities.subtract(dict.fromkeys(p.entities, 1))
        self.entities = +self.entities
        days = [p.day for p in rest if p.day is not None]
        if whole:
            self.start, self.end = (min(days), max(days)) if days else (None, None)

    def absorb(self, other: StoryState) -> None:
        """Count another story's articles in (the two were one event)."""
        self.size += other.size
        self.centroid = self.centroid + other.centroid
        self.entities.update(other.entities)
        days = [d for d in (self.start, self.end, other.start, other.end) if d is not None]
        self.start, self.end = (min(days), max(days)) if days else (None, None)

    def spans_with(self, d: int | None) -> bool:
        """Whether the story would still span at most MAX_SPAN_DAYS with an event on day `d`."""
        if d is None or self.start is None or self.end is None:
            return True
        return max(self.end, d) - min(self.start, d) <= MAX_SPAN_DAYS


@dataclass(frozen=True)
class Placement:
    """Where an article goes: its story, and how well it fit (1.0 for a story's first article)."""

    article: str
    story: str
    score: float


@dataclass(frozen=True)
class Merge:
    """Two stories found to be one event: `absorbed`'s articles join `into`."""

    absorbed: str
    into: str


@dataclass(frozen=True)
class Split:
    """A story found to hold a recurring report of several days: `articles` leave `story` for `into`."""

    story: str
    into: str
    articles: tuple[str, ...]


class EventIndex:
    """The placed articles new ones are compared with, held in memory while a batch is placed."""

    def __init__(self, model: Model, placed: Sequence[tuple[Profile, str]], states: dict[str, StoryState]):
        self.model = model
        self.states = states
        self.profiles: list[Profile] = []
        self.story: list[str] = []
        self._members: dict[str, list[int]] = defaultdict(list)  # story → its members' positions, in order
        self._between: tuple[object, tuple[np.ndarray, np.ndarray]] = (None, (np.zeros((0, len(NAMES))), np.zeros(0, bool)))
        self.position: dict[str, int] = {}
        self._emb = np.zeros((max(64, len(placed)), DIM), dtype=np.float32)
        self._days = np.zeros(len(self._emb), dtype=np.int64)
        self._by_key: dict[object, list[int]] = defaultdict(list)  # rare name, figure or key word → members
        self._by_outlet: dict[str, list[int]] = defaultdict(list)
        self._twin_days: dict[int, dict[int, int]] = defaultdict(dict)  # member → {day of a twin: how alike}
        self.daily: set[str] = set()  # stories holding a recurring report (`_is_series`)
        self.splits: list[Split] = []
        self._unsplit: set[str] = set()  # stories found daily, not yet split by day
        for p, s in placed:
            self.add(p, s)
        self._unsplit.clear()  # what earlier batches left is as they left it

    def add(self, p: Profile, story: str, twins: list[tuple[int, int]] | None = None) -> None:
        """Hold a placed article; `twins` (its outlet's reports of other days, `twins`) if already known."""
        twins = self.twins(p) if twins is None else twins
        i = len(self.profiles)
        if i == len(self._emb):
            self._emb = np.vstack([self._emb, np.zeros_like(self._emb)])
            self._days = np.concatenate([self._days, np.zeros_like(self._days)])
        self.profiles.append(p)
        self.story.append(story)
        self._members[story].append(i)
        self.position[p.id] = i
        self._emb[i] = p.features.embedding
        self._days[i] = p.day if p.day is not None else -(1 << 40)
        for k, _ in _keys(p):
            self._by_key[k].append(i)
        if p.outlet:
            self._by_outlet[p.outlet].append(i)
        for j, strength in twins:
            for k, other in ((i, j), (j, i)):
                self._twin_days[k][int(self._days[other])] = max(strength, self._twin_days[k].get(int(self._days[other]), 0))
                if _is_series(self._twin_days[k]) and self.story[k] not in self.daily:
                    self.daily.add(self.story[k])
                    self._unsplit.add(self.story[k])

    def split_by_day(self) -> None:
        """Split each story newly found to hold a recurring report into one story per event day: the
        reports of two days joined before either was known for one (the largest day keeps the story)."""
        for story in sorted(self._unsplit):
            if story not in self.states:
                continue
            by_day: dict[int | None, list[int]] = defaultdict(list)
            for i in self.members(story):
                by_day[self.profiles[i].day].append(i)
            if len(by_day) < 2:
                continue
            keep = max(by_day, key=lambda d: (len(by_day[d]), -(d or 0)))
            leaving = sorted((d for d in by_day if d != keep), key=lambda d: d or 0)
            state = self.states[story]
            state.give_up([self.profiles[i] for d in leaving for i in by_day[d]],
                          [self.profiles[i] for i in by_day[keep]], whole=state.size == len(self.members(story)))
            for d in leaving:
                rows = by_day[d]
                into = next((n for i in rows if (n := "s" + self.profiles[i].id[:15]) not in self.states),
                            f"s{self.profiles[rows[0]].id[:11]}{len(self.splits):04d}")
                new = StoryState(id=into, start=None, end=None, size=0, centroid=np.zeros(DIM, dtype=np.float32),
                                 new=True)
                for i in rows:
                    new.take(self.profiles[i])
                    self.story[i] = into
                self._members[into] = sorted(rows)
                self._members[story] = [i for i in self._members[story] if self.story[i] == story]
                self.states[into] = new
                self.daily.add(into)
                self.splits.append(Split(story, into, tuple(self.profiles[i].id for i in rows)))
        self._unsplit.clear()

    def twins(self, p: Profile) -> list[tuple[int, int]]:
        """The members that are `p`'s own outlet's report of another told day, with how alike (`recurring`):
        what makes a recurring report (`_is_series`)."""
        same_outlet = self._by_outlet.get(p.outlet or "")
        if not (p.told and p.day is not None and same_outlet):
            return []
        at = np.array(same_outlet)
        at = at[(self._days[at] != p.day) & (np.abs(self._days[at] - p.day) <= MAX_SPAN_DAYS)]
        near = at[self._emb[at] @ p.features.embedding >= TWIN_EMBEDDING]
        rows = [int(j) for j in near if self.profiles[j].told]
        if not rows:
            return []
        alike = recurring(np.array([pair_features(p, self.profiles[j]) for j in rows]))
        return [(j, int(r)) for j, r in zip(rows, alike, strict=True) if r]

    def story_now(self, article: str) -> str | None:
        """The story a held article is in now (splits and merges follow it), None if it is not held."""
        i = self.position.get(article)
        return self.story[i] if i is not None else None

    def profile_of(self, article: str) -> Profile | None:
        i = self.position.get(article)
        return self.profiles[i] if i is not None else None

    def merge(self, absorbed: str, into: str) -> None:
        moved = self._members.pop(absorbed, [])
        for i in moved:
            self.story[i] = into
        self._members[into] = sorted(self._members[into] + moved)
        if absorbed in self.daily:
            self.daily.add(into)
        self.states[into].absorb(self.states.pop(absorbed))

    def members(self, story: str) -> list[int]:
        """The positions of a story's held members, in the order they were placed."""
        return list(self._members.get(story, ()))

    def between(self, a: str, b: str) -> tuple[np.ndarray, np.ndarray]:
        """The pair features of (up to SAMPLE of) the members of two stories, every one of `a` with every one
        of `b`, and which pairs one outlet wrote; the last asked is kept (the merge rule asks twice)."""
        ma, mb = self.members(a)[:SAMPLE], self.members(b)[:SAMPLE]
        key = (tuple(ma), tuple(mb))
        if self._between[0] != key:
            x = np.array([pair_features(self.profiles[i], self.profiles[j]) for i in ma for j in mb]).reshape(-1, len(NAMES))
            own = np.array([bool(self.profiles[i].outlet) and self.profiles[i].outlet == self.profiles[j].outlet
                            for i in ma for j in mb], dtype=bool)
            self._between = (key, (x, own))
        return self._between[1]

    def cross(self, a: str, b: str) -> np.ndarray:
        """P(same event) between (up to SAMPLE of) the members of two stories, highest first."""
        x, _ = self.between(a, b)
        return np.sort(self.model.probability(x))[::-1] if len(x) else np.zeros(0)

    def recurring_between(self, a: str, b: str) -> bool:
        """Whether two stories hold one outlet's own report of two different days, almost word for word
        (`recurring`: a bulletin, a session report): two days' reports, never one event to merge."""
        x, own = self.between(a, b)
        return bool(own.any()) and bool((recurring(x[own]) >= 2).any())

    def candidates(self, p: Profile) -> list[int]:
        """Members worth asking the model about: the closest by embedding within the window of days, and
        any sharing a rare name, a figure or key words with `p`."""
        n = len(self.profiles)
        if not n:
            return []
        cos = self._emb[:n] @ p.features.embedding  # all of them: cheaper than gathering the window's rows
        if p.day is not None:
            cos[np.abs(self._days[:n] - p.day) > WINDOW_DAYS] = -np.inf
        found = set(_top(cos, CANDIDATES).tolist())
        hits: Counter = Counter()
        for k, weight in _keys(p):
            for i in self._by_key.get(k, ()):
                hits[i] += weight
        found |= {i for i, h in hits.items() if h >= 2}
        if p.day is not None:
            found = {i for i in found if abs(int(self._days[i]) - p.day) <= WINDOW_DAYS}
        return sorted(found)

    def fits(self, p: Profile, twins: Sequence[tuple[int, int]] = ()) -> dict[str, tuple[float, float]]:
        """story → (fit: mean of its TOP best members' probabilities, its best member's probability).
        `twins`: `p`'s own reports of other days (`twins`)."""
        cands = self.candidates(p)
        if not cands:
            return {}
        x = np.array([pair_features(p, self.profiles[i]) for i in cands])
        probs = self.model.probability(x)
        if p.told and p.day is not None:
            # a recurring report (its outlet's twins on SERIES days, or a story known to hold one) joins
            # only reports of its own day, however alike the others are
            days: dict[int, int] = {}
            for j, strength in twins:
                days[int(self._days[j])] = max(strength, days.get(int(self._days[j]), 0))
            own = _is_series(days)
            # and a call is a moment: calls told of two days are two calls, however alike their template
            call = p.features.report == CALL
            other_day = np.array([self.profiles[i].day != p.day and (own or self.story[i] in self.daily or (
                call and self.profiles[i].features.report == CALL and self.profiles[i].told)) for i in cands])
            probs = np.where(other_day, 0.0, probs)
        # a phone call is a happening of its own (`terms.report_kind`): a report of what its parties
        # discussed (a truce) is not of it, unless the two are one text told twice
        other_kind = np.array([self.profiles[i].features.report != p.features.report for i in cands])
        probs = np.where(other_kind & (x[:, _TEXT] < OTHER_KIND_TEXT), 0.0, probs)
        by_story: dict[str, list[float]] = defaultdict(list)
        for i, pr in zip(cands, probs, strict=True):
            by_story[self.story[i]].append(float(pr))
        told_of = Counter(self.story[i] for i in {i for k in p.features.events for i in self._by_key.get(("event", k), ())})
        out = {}
        for s, ps in by_story.items():
            ps.sort(reverse=True)
            fit = sum(ps[:TOP]) / min(TOP, len(ps))
            size = self.states[s].size if s in self.states else 0
            if fit >= EVENT_FLOOR and size >= EVENT_STORY and told_of[s] >= EVENT_SHARE * size:
                # most of a story's reports tell of the happening the article's event words tell of
                # (تفجير سترة): a follow-up in other words (arrests, condemnations) is one of them
                fit = max(fit, self.model.threshold)
            out[s] = (fit, ps[0])
        return out


def _kind(index: EventIndex, story: str) -> str:
    """The kind of report (`terms.report_kind`) most of a story's members are."""
    kinds = Counter(index.profiles[i].features.report for i in index.members(story))
    return kinds.most_common(1)[0][0] if kinds else ""


def _is_series(twin_days: dict[int, int]) -> bool:
    """Whether an article's twins ({day: how alike}, `recurring`) make it a recurring report: one almost
    word for word, or much alike on SERIES days."""
    return bool(twin_days) and (max(twin_days.values()) >= 2 or len(twin_days) >= SERIES)


def _keys(p: Profile) -> list[tuple[object, int]]:
    """What finds candidates besides the embedding, with its weight: a rare name, a specific figure or what
    an event word is told of is enough (2), a key word needs another (1)."""
    keys: list[tuple[object, int]] = [(e, 2) for e, r in p.entities.items() if r >= RARE]
    keys += [(("figure", f), 2) for f in p.features.figures]
    keys += [(("event", k), 2) for k in p.features.events]
    heaviest = np.argsort(-p.features.terms[1], kind="stable")[:KEY_TERMS]
    keys += [(("word", int(p.features.terms[0][j])), 1) for j in heaviest]
    return keys


def place(batch: Sequence[Article], profiles: dict[str, Profile], index: EventIndex, copies: dict[str, Copy],
          story_of: dict[str, str]) -> tuple[list[Placement], list[Merge]]:
    """The story of each article of a batch, in order, and the stories it showed to be one; `index`
    (and its story states) are updated as articles join. `copies` says which earlier article each
    copies, `story_of` the story of those copied articles already placed."""
    threshold = index.model.threshold
    placed: list[Placement] = []
    merges: list[Merge] = []
    hints: set[tuple[str, str]] = set()
    for a in batch:
        p = profiles.get(a.id)
        if p is None:
            continue  # analysed before features existed; `analyze --redo` gives it some
        story, score = None, 1.0
        twins = index.twins(p)
        copy = copies.get(a.id)
        if copy and (original := index.story_now(copy.of) or story_of.get(copy.of)):
            if original in index.states and index.states[original].spans_with(p.day) \
                    and not _another_day(p, index.profile_of(copy.of)):
                story, score = original, copy.similarity
        if story is None:
            need = threshold + (UNDATED_MARGIN if p.day is None else 0.0)
            fits = [(fit, best, s) for s, (fit, best) in index.fits(p, twins).items()
                    if fit >= need and s in index.states and index.states[s].spans_with(p.day)]
            fits.sort(key=lambda x: (-x[0], -x[1], x[2]))
            if fits:
                score, _, story = fits[0]
                hints.update((story, other) for fit, _, other in fits[1:] if fit >= HINT)
        if story is None:
            story = "s" + a.id[:15]
            index.states[story] = StoryState(id=story, start=None, end=None, size=0,
                                             centroid=np.zeros(DIM, dtype=np.float32), new=True)
        index.states[story].take(p)
        index.add(p, story, twins)
        index.split_by_day()
        placed.append(Placement(a.id, story, score))
    merger = merge_model()
    if merger is not None:
        def likely(a: str, b: str) -> float:
            return float(merger.probability(link_features(index, a, b))) if _may_merge(index, a, b) else 0.0

        # stories an article bridged: one event told twice? The likeliest pair merges first (so which pair
        # is asked first does not decide), and a pair whose story has grown since is asked again as it is now
        pairs = {tuple(sorted(h)) for h in hints}  # one question per pair, whichever story bridged
        queue = sorted(((likely(a, b), a, b) for a, b in pairs if a in index.states and b in index.states),
                       key=lambda x: (-x[0], x[1], x[2]))
        grown: set[str] = set()  # stories that have absorbed another since the queue was made
        for prob, first, second in queue:
            if prob < merger.threshold:
                break
            s1, s2 = after_merges(first, merges), after_merges(second, merges)
            if s1 != s2 and (not {s1, s2} & grown or likely(s1, s2) >= merger.threshold):
                grown.add(_merge(index, s1, s2, merges))
    # where each article ended: a split or a merge since it was placed may have moved it
    return [Placement(x.article, index.story[index.position[x.article]], x.score) for x in placed], merges


MERGE_MODEL: Model | None | bool = True  # True: load MERGE_FILE when first needed; None: never merge


def merge_model() -> Model | None:
    """The story-merge model (`training/story_merge.py`), or None when merging is turned off."""
    global MERGE_MODEL
    if MERGE_MODEL is True:
        MERGE_MODEL = _load_merge_model()
    return MERGE_MODEL or None


@cache
def _load_merge_model() -> Model:
    import json

    return Model.from_json(json.loads(MERGE_FILE.read_text(encoding="utf-8")), LINK_NAMES)


def link_features(index: EventIndex, a: str, b: str) -> np.ndarray:
    """What says whether two stories are one event (in the order of LINK_NAMES): the probabilities between
    their members (the mean of the TOP_LINKS best, the best, the mean, the share at the threshold), the
    cosine of their centroids, the rarity-weighted share of their names, the days between them, their sizes."""
    probs = index.cross(a, b)
    sa, sb = index.states[a], index.states[b]
    cos = float(sa.centroid @ sb.centroid) / ((float(np.linalg.norm(sa.centroid)) * float(np.linalg.norm(sb.centroid)))
                                             or 1.0)
    rarity: dict[str, float] = {}
    for i in index.members(a)[:SAMPLE] + index.members(b)[:SAMPLE]:
        rarity.update(index.profiles[i].entities)
    gap = 0.0
    if None not in (sa.start, sa.end, sb.start, sb.end):
        gap = float(max(0, max(sa.start, sb.start) - min(sa.end, sb.end)))  # type: ignore[type-var, operator]
    sizes = sorted((sa.size, sb.size))
    return np.array([float(probs[:TOP_LINKS].mean()) if len(probs) else 0.0, float(probs[0]) if len(probs) else 0.0,
                     float(probs.mean()) if len(probs) else 0.0,
                     float((probs >= index.model.threshold).mean()) if len(probs) else 0.0,
                     cos, _shared_names(sa.entities, sb.entities, rarity), gap, math.log1p(sizes[0]),
                     math.log1p(sizes[1])])


def _may_merge(index: EventIndex, a: str, b: str) -> bool:
    """Whether two stories together would still span at most MAX_SPAN_DAYS, and are not two days of a
    recurring report (one outlet's own, or a story known to be one), nor a call and another happening."""
    sa, sb = index.states[a], index.states[b]
    if (a in index.daily or b in index.daily) and (sa.start, sa.end) != (sb.start, sb.end):
        return False
    if not (sa.spans_with(sb.start) and sa.spans_with(sb.end)):
        return False
    kinds = {_kind(index, a), _kind(index, b)}
    if len(kinds) > 1 or (kinds == {CALL} and (sa.start, sa.end) != (sb.start, sb.end)):
        return False
    return not index.recurring_between(a, b)


def _merge(index: EventIndex, a: str, b: str, merges: list[Merge]) -> str:
    """Merge the smaller of two stories into the larger; the story that remains."""
    into, absorbed = sorted((a, b), key=lambda s: (-index.states[s].size, s))
    index.merge(absorbed, into)
    merges.append(Merge(absorbed, into))
    return into


def _another_day(p: Profile, original: Profile | None) -> bool:
    """Whether a near-copy tells of another day than its original (both leads say which): the same
    bulletin or market report of another day, not the same news told again."""
    if original is None or not (p.told and original.told) or p.day is None or original.day is None:
        return False
    return p.day != original.day and float(np.mean(p.features.signature == original.features.signature)) < COPY


def after_merges(story: str, merges: Sequence[Merge]) -> str:
    """The story a story ended up in after `merges` (in the order they happened)."""
    for m in merges:
        if m.absorbed == story:
            story = m.into
    return story


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the `k` highest finite scores, ties to the lower index (a stable sort's first `k`,
    without sorting them all)."""
    live = int(np.count_nonzero(scores > -np.inf))
    k = min(k, live)
    if not k:
        return np.zeros(0, dtype=np.int64)
    kth = -np.partition(-scores, k - 1)[k - 1]
    above = np.flatnonzero(scores > kth)
    return np.concatenate([above, np.flatnonzero(scores == kth)[: k - len(above)]])


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


THREAD_NAMES = ("centroid", "names", "core", "rarest_shared", "rare_shared", "gap")
THREAD_FILE = Path(__file__).resolve().parent.parent / "data" / "stories" / "thread.json"
THREAD_FLOOR = 0.35  # centroid cosine below which two stories are never one affair (the labels' lowest band)
THREAD_CANDIDATES = 12  # earlier stories closest by centroid that the thread model compares
THREAD_DAYS = 60  # days between two stories within which one may continue the other's affair (threads chain on)
CORE = 0.5  # an entity named by this share of a story's articles is what the story is about


def thread_features(a: StoryState, b: StoryState, rarity: dict[str, float]) -> np.ndarray:
    """What says two stories are one affair told over days or weeks (in the order of THREAD_NAMES): the
    cosine of their centroids, the rarity-weighted share of their names and of their core names (those most
    of their articles give), the rarest name they share, how many rare names they share, the days between."""
    def core(st: StoryState) -> Counter:
        return Counter({e: n for e, n in st.entities.items() if n >= CORE * max(st.size, 1)})

    shared = [rarity.get(e, RARE) for e in a.entities.keys() & b.entities.keys()]
    gap = 0.0
    if None not in (a.start, a.end, b.start, b.end):
        gap = float(max(0, max(a.start, b.start) - min(a.end, b.end)))  # type: ignore[type-var, operator]
    return np.array([float(_unit(a.centroid) @ _unit(b.centroid)), _shared_names(a.entities, b.entities, rarity),
                     _shared_names(core(a), core(b), rarity), max(shared, default=0.0) / 10,
                     float(min(sum(r >= RARE for r in shared), 5)), math.log1p(gap)])


@cache
def thread_model() -> Model | None:
    """The thread model (`training/threads.py`), or None where none was trained."""
    import json

    if not THREAD_FILE.exists():
        return None
    return Model.from_json(json.loads(THREAD_FILE.read_text(encoding="utf-8")), THREAD_NAMES)


def threads(stories_: list[StoryState], others: list[tuple[str, str | None, np.ndarray, int | None, int | None]],
            states_of: Callable[[list[str]], dict[str, StoryState]], rarity: dict[str, float]) -> dict[str, str]:
    """The thread of each story of `stories_` (new ones): that of the earlier story it most likely
    continues (the thread model at its threshold, among the THREAD_CANDIDATES closest by centroid of those
    within THREAD_DAYS of it), or its own. `others` are (story, thread, centroid sum, first day, last day) of
    the stories already known (not those of `stories_`); `states_of(ids)` loads some of them."""
    model = thread_model()
    if model is None:
        return {s.id: s.id for s in stories_}

    ids = [o[0] for o in others] + [s.id for s in stories_]
    topics = [o[1] or o[0] for o in others] + [s.id for s in stories_]
    mine = np.array([_unit(s.centroid) for s in stories_], dtype=np.float32).reshape(-1, DIM)
    known = np.array([_unit(o[2]) for o in others], dtype=np.float32).reshape(-1, DIM)
    cos = np.hstack([mine @ known.T, mine @ mine.T])  # mine × (known + mine)
    starts, ends = (np.array([np.nan if d is None else d for d in days], dtype=np.float64) for days in (
        [o[3] for o in others] + [s.start for s in stories_], [o[4] for o in others] + [s.end for s in stories_]))
    for k in range(len(stories_)):
        cos[k, len(others) + k:] = -1  # only stories placed before this one
        me = len(others) + k
        with np.errstate(invalid="ignore"):  # an undated story is near every story
            apart = np.maximum(starts, starts[me]) - np.minimum(ends, ends[me])
        cos[k, apart > THREAD_DAYS] = -1  # nor one too far from it in time to be one affair
    candidates = [[int(i) for i in np.argsort(-row, kind="stable")[:THREAD_CANDIDATES] if row[i] >= THREAD_FLOOR]
                  for row in cos]
    states = {s.id: s for s in stories_} | states_of(sorted({ids[i] for c in candidates for i in c
                                                             if i < len(others)}))
    out = {}
    for k, s in enumerate(stories_):
        best, thread = model.threshold, s.id
        for i in candidates[k]:
            p = float(model.probability(thread_features(s, states[ids[i]], rarity)))
            if p >= best:
                best, thread = p, topics[i]
        topics[len(others) + k] = thread
        out[s.id] = thread
    return out


def _unit(v: np.ndarray) -> np.ndarray:
    return v / (float(np.linalg.norm(v)) or 1.0)


def _shared_names(a: Counter, b: Counter, rarity: dict[str, float]) -> float:
    """The rarity-weighted share of two stories' names that they have in common (weighted Jaccard)."""
    union = a.keys() | b.keys()
    total = math.fsum(rarity.get(e, RARE) for e in union)
    return math.fsum(rarity.get(e, RARE) for e in a.keys() & b.keys()) / total if total else 0.0
