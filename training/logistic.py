"""Fitting the standardised logistic models the corpus step reads (same event, story merge, thread): five
folds grouped so no article or story is on both sides choose the regularisation and the threshold, then the
model is fitted on everything and written where `rasid.corpus` loads it."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from rasid.corpus.same_event import Model  # noqa: E402


def best_threshold(y: np.ndarray, p: np.ndarray, beta: float = 1.0) -> tuple[float, float, float, float]:
    """(threshold, precision, recall, F-beta) at the threshold of best F-beta."""
    best = (0.5, 0.0, 0.0, 0.0)
    for t in np.linspace(0.05, 0.95, 91):
        hit = p >= t
        tp = float((hit & (y == 1)).sum())
        prec, rec = tp / max(hit.sum(), 1), tp / max((y == 1).sum(), 1)
        f = (1 + beta**2) * prec * rec / (beta**2 * prec + rec) if prec + rec else 0.0
        if f > best[3]:
            best = (float(t), prec, rec, f)
    return best


def fit(x: np.ndarray, y: np.ndarray, groups: np.ndarray, names: tuple[str, ...], path: Path | None, *,
        cs: tuple[float, ...] = (0.03, 0.1, 0.3, 1.0), choose_by: str = "auc", beta: float = 1.0,
        grouped: str = "story") -> Model:
    """Fit, write to `path` (unless None) and print the held-out figures and the weights. The regularisation C is the one
    of best held-out AUC (`choose_by="auc"`) or F-beta (`"f"`); the threshold the one of best F-beta."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / scale
    results = {}
    for c in cs:
        held = np.zeros(len(y))
        for train, test in GroupKFold(n_splits=5).split(z, y, groups):
            held[test] = LogisticRegression(C=c, max_iter=2000).fit(z[train], y[train]).predict_proba(z[test])[:, 1]
        results[c] = (roc_auc_score(y, held), best_threshold(y, held, beta))
    c = max(results, key=lambda k: results[k][0] if choose_by == "auc" else results[k][1][3])
    auc, (threshold, prec, rec, f) = results[c]
    print(f"held-out (5 folds grouped by {grouped}), C={c}: AUC {auc:.3f}; at threshold {threshold:.2f}"
          f" precision {prec:.3f}, recall {rec:.3f}, F{beta:g} {f:.3f}")
    lr = LogisticRegression(C=c, max_iter=2000).fit(z, y)
    model = Model(lr.coef_[0], float(lr.intercept_[0]), mean, scale, threshold)
    for name, w in sorted(zip(names, lr.coef_[0], strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:16s} {w:+.3f}")
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(model.to_json() | {"features": list(names)}, indent=1) + "\n", encoding="utf-8")
        print(f"→ {path}")
    return model


def labelled(name: str) -> tuple[dict[str, dict], list[dict]]:
    """The drawn pairs of `bench/labels/NAME.jsonl` by id, and their labels (`NAME.part*.jsonl`)."""
    labels_dir = Path(__file__).resolve().parent.parent / "bench" / "labels"
    pairs = {p["pair"]: p for p in map(json.loads, (labels_dir / f"{name}.jsonl").read_text("utf-8").splitlines())}
    return pairs, [json.loads(line) for part in sorted(labels_dir.glob(f"{name}.part*.jsonl"))
                   for line in part.read_text("utf-8").splitlines()]


def profiles_by_url(db: Path, urls: set[str]) -> dict:
    """url → the same-event model's view of that article (`rasid.corpus.same_event.Profile`, its event day
    read from its lead) as analysed in the store `db`, for the urls the store holds."""
    from rasid.corpus import stories
    from rasid.pipeline import _profiles
    from rasid.store import Store

    with Store(db, create=False) as store:
        by_url = {u: a for a, us in store.all_urls().items() for u in us}
        wanted = sorted({by_url[u] for u in urls if u in by_url})
        articles = store.get_many(wanted)
        days = stories.event_days(list(articles.values()), store.lead_dates(wanted, stories.LEAD_CHARS))
        profiles = _profiles(store, {a: (days[a], None, None) for a in wanted}, {})
    return {u: profiles[by_url[u]] for u in urls if by_url.get(u) in profiles}
