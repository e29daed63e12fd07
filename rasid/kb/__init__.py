"""The knowledge base: canonical entities with Arabic and English names and their known variants.

Shipped as JSON Lines in `rasid/data/kb/` (countries from CLDR, built by `training/kb_countries.py`;
places, organisations, media and people curated by hand). Add your own entries in files of the same
form and name them in the variable `RASID_KB` (paths to .jsonl files or folders, separated by `:`).
One entity per line:

    {"id": "per:sergei-lavrov", "type": "PER", "kind": "person", "name": "سيرغي لافروف",
     "name_en": "Sergei Lavrov", "names": ["سيرغي لافروف", "سيرجي لافروف", "لافروف"],
     "latin": ["Sergei Lavrov", "Lavrov"], "country": "RU", "role": "Foreign Minister of Russia (2004-)"}

`type` is PER, LOC or ORG; `names` are Arabic spellings, `latin` Latin-script names and acronyms. A
line whose `id` already exists adds its names to that entity, so a user file can teach Rasid a new
spelling of a known name. Countries may also list nationality `adjectives` (الكوري الشمالي…), which
are recognised as being about the country but never taken for a place.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rasid.text.normalize import fold
from rasid.text.translit import loose_key, name_key

KB_DIR = Path(__file__).resolve().parent.parent / "data" / "kb"
TYPES = ("PER", "LOC", "ORG", "MISC")


@dataclass
class KBEntity:
    id: str
    type: str
    name: str
    name_en: str | None = None
    kind: str | None = None
    names: list[str] = field(default_factory=list)
    latin: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    country: str | None = None
    role: str | None = None

    def all_names(self) -> list[str]:
        return list(dict.fromkeys([self.name, *self.names, *self.latin]))


_MEDIA_HEADS = {name_key(w) for w in "صحيفة جريدة مجلة قناة".split()}


def latin_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(name))


class KnowledgeBase:
    """Entities and the indexes that find them by any spelling."""

    def __init__(self, entities: Iterable[KBEntity] = ()):
        self._by_id: dict[str, KBEntity] = {}
        self._strict: dict[str, set[str]] = {}
        self._loose: dict[str, set[str]] = {}
        self._latin: dict[str, set[str]] = {}
        self._adjectives: dict[str, str] = {}
        self._openings: dict[str, set[str]] = {}  # first word of a name of several words → entities
        self._ministries: dict[tuple[str, str], str] = {}  # (country, portfolio key) → ministry
        self._mastheads: dict[str, set[str]] = {}  # an outlet's title without صحيفة، جريدة… → outlets
        for e in entities:
            self.add(e)

    def add(self, e: KBEntity) -> None:
        old = self._by_id.get(e.id)
        if old:  # a later line adds names to a known entity
            for attr in ("names", "latin", "adjectives"):
                getattr(old, attr).extend(x for x in getattr(e, attr) if x not in getattr(old, attr))
            e = old
        else:
            self._by_id[e.id] = e
        for n in [e.name, *e.names]:
            if n:
                self._strict.setdefault(name_key(n), set()).add(e.id)
                self._loose.setdefault(loose_key(n), set()).add(e.id)
                if " " in n.strip():
                    self._openings.setdefault(name_key(n.split()[0]), set()).add(e.id)
        for n in e.latin:
            self._latin.setdefault(latin_key(n), set()).add(e.id)
        for a in e.adjectives:
            self._adjectives[name_key(a)] = e.id
        if e.kind == "ministry" and e.country and e.role:
            self._ministries[(e.country, name_key(e.role))] = e.id
        if e.kind == "outlet":
            for n in [e.name, *e.names]:
                head, _, title = n.strip().partition(" ")
                if title and name_key(head) in _MEDIA_HEADS:
                    self._mastheads.setdefault(name_key(title), set()).add(e.id)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[KBEntity]:
        return iter(self._by_id.values())

    def get(self, ident: str) -> KBEntity | None:
        return self._by_id.get(ident)

    def match(self, name: str, type: str | None = None, loose: bool = True) -> KBEntity | None:
        """The entity `name` spells, if exactly one fits: strict key, then Latin key, then loose key."""
        indexes = [(self._strict, name_key(name)), (self._latin, latin_key(name))]
        if loose:
            indexes.append((self._loose, loose_key(name)))
        for index, key in indexes:
            ids = index.get(key)
            if not ids or not key:
                continue
            if index is self._loose and len(key) < (6 if len(name.split()) == 1 else 4):
                continue  # short loose keys collide: لأوكرانيا and لوكورنو
            fits = [self._by_id[i] for i in sorted(ids) if type is None or self._by_id[i].type == type]
            if len(fits) == 1:
                return fits[0]
            if len(fits) > 1:
                return None  # ambiguous: better unlinked than wrong
        return None

    def opened_by(self, word: str) -> KBEntity | None:
        """The one entity whose name of several words starts with `word` in some spelling (بيونج →
        بيونغ يانغ), if only one does: a searcher's first word of a name."""
        ids = self._openings.get(name_key(word), set())
        return self._by_id[next(iter(ids))] if len(ids) == 1 and not self._strict.get(name_key(word)) else None

    def ministry(self, country: str, portfolio: str) -> KBEntity | None:
        """A country's ministry by its portfolio (SA, الداخلية → وزارة الداخلية السعودية)."""
        ident = self._ministries.get((country, name_key(portfolio)))
        return self._by_id.get(ident) if ident else None

    def outlet_titled(self, title: str) -> KBEntity | None:
        """The one outlet whose title, without «صحيفة» or «جريدة», is `title` (الرياض، الشرق الأوسط): a
        place's name too, so only a quoted or introduced title is asked about."""
        ids = self._mastheads.get(name_key(title), set())
        return self._by_id[next(iter(ids))] if len(ids) == 1 else None

    def adjective_of(self, text: str) -> KBEntity | None:
        """The country a nationality adjective (الكورية الشمالية) is about, if `text` is one."""
        ident = self._adjectives.get(name_key(text))
        return self._by_id.get(ident) if ident else None


def read_entities(path: Path) -> Iterator[KBEntity]:
    """Entities of one JSON Lines file; a bad line raises ValueError naming file and line."""
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                rec = json.loads(line)
                yield KBEntity(id=rec["id"], type=rec["type"], name=rec.get("name") or (rec.get("names") or [""])[0],
                               name_en=rec.get("name_en"), kind=rec.get("kind"), names=list(rec.get("names", [])),
                               latin=list(rec.get("latin", [])), adjectives=list(rec.get("adjectives", [])),
                               country=rec.get("country"), role=rec.get("role"))
            except (ValueError, KeyError, TypeError) as e:
                raise ValueError(f"{path}, line {n}: not a knowledge-base entry ({e})") from None


def _files(paths: Iterable[Path]) -> list[Path]:
    out = []
    for p in paths:
        out += sorted(p.glob("*.jsonl")) if p.is_dir() else [p]
    return out


def load_kb(extra: Iterable[str | Path] = ()) -> KnowledgeBase:
    """The shipped knowledge base plus the files in `extra` and in the variable RASID_KB."""
    env = [Path(p) for p in os.environ.get("RASID_KB", "").split(os.pathsep) if p]
    kb = KnowledgeBase()
    for f in _files([*([KB_DIR] if KB_DIR.is_dir() else []), *map(Path, extra), *env]):
        for e in read_entities(f):
            kb.add(e)
    return kb


@cache
def default_kb() -> KnowledgeBase:
    return load_kb()
