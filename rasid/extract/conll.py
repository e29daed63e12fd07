"""CoNLL files (a token per line, the tag in the last field) and entity-level scoring with conlleval's
rules: exact span and type, precision, recall and F1 per type and micro-averaged."""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rasid.extract.features import TYPES
from rasid.extract.ner import chunks, default_tagger


def read_conll(lines: Iterable[str]) -> list[list[list[str]]]:
    """Sentences of token rows (fields split on whitespace); blank lines separate sentences.

    A file without blank lines (ANERcorp) is split after each run of periods.
    """
    sents: list[list[list[str]]] = []
    cur: list[list[str]] = []
    for line in lines:
        line = line.rstrip("\r\n").replace("\u200e", "").replace("\u200f", "").lstrip("\ufeff")
        if not line.strip():
            if cur:
                sents.append(cur)
            cur = []
            continue
        fields = line.split()
        if fields:
            cur.append(fields)
    if cur:
        sents.append(cur)
    if len(sents) == 1 and len(sents[0]) > 500:
        rows, sents, cur = sents[0], [], []
        for i, row in enumerate(rows):
            cur.append(row)
            if row[0] == "." and (i + 1 == len(rows) or rows[i + 1][0] != "."):
                sents.append(cur)
                cur = []
        if cur:
            sents.append(cur)
    return sents


def normalize_tag(tag: str) -> str:
    """PERS → PER, MIS → MISC, anything unknown → O."""
    if tag == "O" or "-" not in tag:
        return "O"
    bio, typ = tag.split("-", 1)
    typ = {"PERS": "PER", "PERSON": "PER", "MIS": "MISC", "GPE": "LOC"}.get(typ, typ)
    return f"{bio}-{typ}" if bio in ("B", "I") and typ in TYPES else "O"


def evaluate(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, dict[str, float]]:
    """Entity-level precision, recall and F1 per type and micro-averaged (exact span and type)."""
    tp: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    gold_n: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(chunks(g)), chunks(p)
        for span in gs:
            gold_n[span[2]] += 1
        for span in ps:
            predicted[span[2]] += 1
            tp[span[2]] += span in gs
    result: dict[str, dict[str, float]] = {}
    for t in sorted(set(gold_n) | set(predicted)) + ["micro"]:
        if t == "micro":
            a, b, c = sum(tp.values()), sum(predicted.values()), sum(gold_n.values())
        else:
            a, b, c = tp[t], predicted[t], gold_n[t]
        precision = a / b if b else 0.0
        recall = a / c if c else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[t] = {"precision": precision, "recall": recall, "f1": f1, "support": c}
    return result


@dataclass(frozen=True)
class NerReport:
    """What tagging a CoNLL file gives: its sentences, the predicted tags, and the scores when the file
    carries gold tags."""

    sentences: list[list[list[str]]]
    predicted: list[list[str]]
    seconds: float
    scores: dict[str, dict[str, float]] | None

    @property
    def tokens(self) -> int:
        return sum(len(s) for s in self.sentences)


def tag_file(path: str | Path, score: bool = False) -> NerReport:
    """Tag a CoNLL file as one text (a name tagged in a sentence keeps its type in the next ten); with
    `score`, the last field of each row is the gold tag and the report carries P/R/F1."""
    with Path(path).open(encoding="utf-8-sig") as f:
        sents = read_conll(f)
    t0 = time.perf_counter()
    pred = default_tagger().tag_document([[row[0] for row in s] for s in sents])
    seconds = time.perf_counter() - t0
    scores = None
    if score:
        gold = [[normalize_tag(row[-1]) if len(row) > 1 else "O" for row in s] for s in sents]
        scores = evaluate(gold, pred)
    return NerReport(sents, pred, seconds, scores)
