"""The one-measure model: do two figures of a story give the same quantity of the same thing?

    python training/claim_measure.py [--db snn.db]     # → rasid/data/claims/measure.json

Figure pairs labelled in `bench/labels/claim_pairs.part*.jsonl` (drawn by `sample_claim_pairs.py` from the claim
groups of all SaudiNewsNet; no dev-set article among them) name each claim by its article's URL and the offset
of its figure. Only the pairs of two different figures (those drawn from `differ` groups) are read: the model
is asked only whether two figures that disagree give one measure. Each claim is found again in `--db` (SaudiNewsNet, analysed by this Rasid), and the pair's
features (`rasid.corpus.compare.measure_features`: the same-event probability of the two articles, the words
around each figure, lead position, the ratio of the values, total and part words, the names beside each, the
days between them) feed a standardised logistic regression (a labelled pair restating the figures of a
relation of `../shared/gold/stories.dev.json`, from a broader report of that event, is left out); five folds grouped by the first article choose the
regularisation, and the threshold is the one of best F0.5 on the held-out predictions (a figure shown as
differing when it is not costs an analyst more than one left out).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "gold" / "stories.dev.json"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from logistic import fit, labelled, profiles_by_url  # noqa: E402

from rasid.corpus import measure  # noqa: E402
from rasid.corpus.compare import measure_features, thing  # noqa: E402
from rasid.corpus.same_event import default_model, pair_features  # noqa: E402
from rasid.kb import default_kb  # noqa: E402
from rasid.store import Store  # noqa: E402


def dev_relations(store: Store) -> list[tuple[set[float], set[str]]]:
    """Each figure relation of the dev set as (its values, the days of its articles)."""
    gold = json.loads(DEV.read_text(encoding="utf-8")) if DEV.exists() else {"figures": []}
    by_url = {u: a for a, us in store.all_urls().items() for u in us}
    articles = store.get_many(sorted({by_url[c["url"]] for f in gold["figures"] for c in f["claims"] if c["url"] in by_url}))
    return [({float(c["value"]) for c in f["claims"]},
             {(articles[by_url[c["url"]]].published or articles[by_url[c["url"]]].fetched or "")[:10]
              for c in f["claims"] if c["url"] in by_url}) for f in gold["figures"]]


def _value(c) -> float:
    return float(c.quantity.low if c.quantity.low is not None else c.quantity.high)


def rows(db: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pairs, labels = labelled("claim_pairs")
    urls = {pairs[r["pair"]][s]["url"] for r in labels for s in "ab"}
    profile = profiles_by_url(db, urls)
    model, kb = default_model(), default_kb()
    x, y, groups = [], [], []
    missing, dev = 0, 0
    with Store(db, create=False) as store:
        by_url = {u: a for a, us in store.all_urls().items() for u in us}
        relations = dev_relations(store)
        for rec in labels:
            p = pairs[rec["pair"]]
            if p["drawn_from"] == "agree":  # the model is asked only of two different figures
                continue
            arts = [by_url.get(p[s]["url"]) for s in "ab"]
            claims = [next((c for c in store.article_claims(a) if c.quantity.start == p[s]["at"]), None) if a else None
                      for a, s in zip(arts, "ab", strict=True)]
            if None in claims or not all(p[s]["url"] in profile for s in "ab"):
                missing += 1
                continue
            a, b = claims
            days = {(x.published or x.fetched or "")[:10] for x in store.get_many(arts).values()}  # type: ignore[arg-type]
            if any({_value(a), _value(b)} <= values and days & on for values, on in relations):
                dev += 1  # a broader report restating a dev-set relation's figures (the Diyarbakir toll): kept out
                continue
            counts = {(c.article, thing(c)): n for art in arts
                      for c, n in _counted(store.article_claims(art)).items()}  # type: ignore[arg-type]
            same = float(model.probability(pair_features(profile[p["a"]["url"]], profile[p["b"]["url"]])[None])[0])
            mentions = {art: store.mentions_in(art) for art in arts}  # type: ignore[misc]
            x.append(measure_features(a, b, same, mentions, kb, counts))  # type: ignore[arg-type]
            y.append(int(rec["label"]))
            groups.append(p["a"]["url"])
    print(f"{len(labels)} labelled figure pairs, {len(y)} of different figures found in the store ({missing} not,"
          f" {dev} restating a dev-set relation left out): {sum(y)} one measure, {len(y) - sum(y)} two")
    return np.array(x), np.array(y), np.array(groups)


def _counted(claims: list) -> dict:
    """claim → how many claims of its thing its article gives (one entry per thing is enough)."""
    by = Counter(thing(c) for c in claims)
    first: dict = {}
    for c in claims:
        first.setdefault(thing(c), c)
    return {c: by[t] for t, c in first.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=ROOT / "training" / "build" / "snn.db")
    ap.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    args = ap.parse_args()
    x, y, groups = rows(args.db)
    fit(x, y, groups, measure.NAMES, None if args.dry_run else measure.MODEL_FILE, cs=(0.03, 0.1, 0.3, 1.0),
        beta=0.5, grouped="article")


if __name__ == "__main__":
    main()
