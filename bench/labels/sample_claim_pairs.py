"""Pairs of figures to label "one measure" or not, drawn from the claim groups Rasid builds on SaudiNewsNet.

    python bench/labels/sample_claim_pairs.py --db snn.db [--differ 200] [--agree 100] [--seed 2043] \
        [--first 1] > bench/labels/claim_pairs.jsonl
    python bench/labels/sample_claim_pairs.py --db snn.db --disputes 80 --differ 60 --seed 2047 --first 280 \
        >> bench/labels/claim_pairs.jsonl      # a second round: figures two sources dispute (`disputes_of`), and more

The store must hold all of SaudiNewsNet analysed and related (`rasid ingest ../shared/data/news/saudinewsnet/*.zip`).
Two figures of one story are compared today when they count one thing (unit and facet), about one actor and
subject, within a factor of five (`corpus/compare.py`). What is hard is whether they give one measure (the same
quantity of the same thing, in the same happening, time and place), so the pairs come from the groups: from
`differ` groups, two claims of different articles giving different figures; from `agree` groups of two
outlets or more, two claims of different articles giving the same figure. No article of
`../shared/gold/stories.dev.json` is in any pair. A claim is named by its article's URL, the character offset
of its figure in the stored text and the figure as written, never its sentence: `show_claim_pairs.py` prints
the sentences from the store for whoever labels.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))
from sample_pairs import gold_urls  # noqa: E402

from rasid.store import Store  # noqa: E402


def pairs_of(store: Store, kind: str, n: int, rng: random.Random, banned: set[str]) -> list[dict]:
    """One pair per group, from `n` random groups of `kind` none of whose articles is banned."""
    groups = [g for g in store.claim_groups() if g.kind == kind]
    rng.shuffle(groups)
    out: list[dict] = []
    for g in groups:
        if len(out) >= n:
            break
        claims = {c.id: c for c in store.story_claims(g.story)}
        members = [(claims[cid], fig) for cid, fig in g.claims if cid in claims]
        urls = {c.article: (store.urls(c.article) or [""])[0] for c, _ in members}
        if any(u in banned for u in urls.values()):
            continue
        cands = [(a, fa, b, fb) for i, (a, fa) in enumerate(members) for b, fb in members[i + 1:]
                 if a.article != b.article and (fa != fb) == (kind == "differ")]
        if not cands:
            continue
        a, _, b, _ = rng.choice(cands)
        out.append({"a": {"url": urls[a.article], "at": a.quantity.start, "figure": a.quantity.text},
                    "b": {"url": urls[b.article], "at": b.quantity.start, "figure": b.quantity.text},
                    "unit": g.unit, "facet": g.facet, "drawn_from": kind})
    return out


def disputes_of(store: Store, db: str, n: int, rng: random.Random, banned: set[str], taken: set[tuple]) -> list[dict]:
    """`n` random pairs of figures that disagree, each attributed to another source, of two outlets whose
    articles likely tell one happening (same-event probability 0.5 or more): the officials' toll and the
    claimant's, or two sources on two things. Not a pair already drawn (`taken`: (url, offset) pairs)."""
    sys.path.insert(0, str(HERE.parents[1] / "training"))
    from logistic import profiles_by_url

    from rasid.corpus.measure import _sources_apart
    from rasid.corpus.same_event import default_model, pair_features

    found = []
    for g in (g for g in store.claim_groups() if g.kind == "differ"):
        claims = {c.id: c for c in store.story_claims(g.story)}
        members = [(claims[cid], fig) for cid, fig in g.claims if cid in claims]
        urls = {c.article: (store.urls(c.article) or [""])[0] for c, _ in members}
        if any(u in banned for u in urls.values()):
            continue
        for i, (a, fa) in enumerate(members):
            for b, fb in members[i + 1:]:
                key = _pair_key((urls[a.article], a.quantity.start), (urls[b.article], b.quantity.start))
                if fa != fb and a.outlet != b.outlet and _sources_apart(a, b) and key not in taken:
                    found.append((g, a, b, urls))
    profile = profiles_by_url(Path(db), {u for _, _, _, urls in found for u in urls.values()})
    model = default_model()
    rng.shuffle(found)
    out: list[dict] = []
    seen_groups: set[str] = set()
    for g, a, b, urls in found:
        if len(out) >= n:
            break
        ua, ub = urls[a.article], urls[b.article]
        if g.id in seen_groups or ua not in profile or ub not in profile:
            continue
        if float(model.probability(pair_features(profile[ua], profile[ub])[None])[0]) < 0.5:
            continue
        seen_groups.add(g.id)
        out.append({"a": {"url": ua, "at": a.quantity.start, "figure": a.quantity.text},
                    "b": {"url": ub, "at": b.quantity.start, "figure": b.quantity.text},
                    "unit": g.unit, "facet": g.facet, "drawn_from": "dispute"})
    return out


def _pair_key(a: tuple[str, int], b: tuple[str, int]) -> tuple:
    """Two claims (url, offset) as one key, whichever comes first."""
    return tuple(sorted([a, b]))


def _drawn_key(p: dict) -> tuple:
    return _pair_key((p["a"]["url"], p["a"]["at"]), (p["b"]["url"], p["b"]["at"]))


def dev_stories_urls(store: Store, banned: set[str]) -> set[str]:
    """The urls of every article in a story that holds a dev-set article: its event's other reports too."""
    ids = {a for a, us in store.all_urls().items() if set(us) & banned}
    stories = {store.story_of(a) for a in ids} - {None}
    return {u for s in stories for m in store.story_members(s) for u in store.urls(m.id)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--differ", type=int, default=200)
    ap.add_argument("--agree", type=int, default=100)
    ap.add_argument("--seed", type=int, default=2043)
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--disputes", type=int, default=0,
                    help="draw this many disputes (`disputes_of`) and --differ other disagreeing figures, none of the"
                         " pairs in claim_pairs.jsonl nor of a story holding a dev-set article")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    banned = gold_urls()
    with Store(args.db, create=False) as store:
        if args.disputes:
            taken = {_drawn_key(p) for p in map(json.loads, (HERE / "claim_pairs.jsonl").read_text("utf-8").splitlines())}
            banned |= dev_stories_urls(store, banned)
            drawn = disputes_of(store, args.db, args.disputes, rng, banned, taken)
            taken |= {_drawn_key(p) for p in drawn}
            more = pairs_of(store, "differ", 2 * args.differ, rng, banned)  # and other disagreeing figures
            drawn += [p for p in more if _drawn_key(p) not in taken][:args.differ]
        else:
            drawn = pairs_of(store, "differ", args.differ, rng, banned) + pairs_of(store, "agree", args.agree, rng, banned)
    rng.shuffle(drawn)  # the labeller does not see which kind of group a pair came from
    for k, p in enumerate(drawn, start=args.first):
        print(json.dumps({"pair": f"c{k:04d}", **p}, ensure_ascii=False))


if __name__ == "__main__":
    main()
