"""Readers for ../shared/data, used by the training scripts only (never at run time).

ANERcorp's CAMeL Lab test split is lines 125,306-150,313 of the file: `anercorp("train")` stops
before it, `anercorp("test")` is exactly it, and nothing here lets test text into training.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(os.environ.get("RASID_SHARED", Path(__file__).resolve().parents[2] / "shared"))
DATA = SHARED / "data"
ANER_TEST_FIRST_LINE = 125_306  # 1-based, inclusive
Sentence = list[tuple[str, str]]  # (token, tag)


def _segment(pairs: list[tuple[str, str]]) -> list[Sentence]:
    """Split a run of tokens into sentences after each run of periods (CAMeL Lab's rule)."""
    out, cur = [], []
    for i, (tok, tag) in enumerate(pairs):
        cur.append((tok, tag))
        if tok == "." and (i + 1 == len(pairs) or pairs[i + 1][0] != "."):
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def anercorp(part: str) -> list[Sentence]:
    """ANERcorp sentences: part is "train" (lines before the test split) or "test" (the CAMeL test split)."""
    pairs = []
    with open(DATA / "ner" / "anercorp" / "ANERCorp", encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if (part == "train") != (n < ANER_TEST_FIRST_LINE):
                continue
            line = line.rstrip("\n")
            tok, _, tag = line.rpartition(" ")
            tok = tok.strip().replace("\u200f", "")
            if not tok:
                continue
            pairs.append((tok, tag.replace("PERS", "PER")))
    return _segment(pairs)


def conll(path: Path, sep: str | None = None) -> list[Sentence]:
    """A token-per-line file with blank lines between sentences; the tag is the last field."""
    out, cur = [], []
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            line = line.rstrip("\r\n").replace("\u200e", "").replace("\u200f", "")
            if not line.strip():
                if cur:
                    out.append(cur)
                cur = []
                continue
            tok, _, tag = line.rpartition(sep or " ") if sep else line.rpartition(" ")
            if sep is None and "\t" in line:
                tok, _, tag = line.rpartition("\t")
            tok = tok.strip()
            if tok:
                cur.append((tok, tag.strip()))
    if cur:
        out.append(cur)
    return out


def aqmar(split: str) -> list[Sentence]:
    """AQMAR (Liu et al. 2019 split); MIS becomes MISC."""
    return [[(t, g.replace("MIS", "MISC") if g.endswith("MIS") else g) for t, g in s]
            for s in conll(DATA / "ner" / "aqmar_liu2019" / f"{split}.txt")]


def wikiann(split: str = "train") -> list[Sentence]:
    return conll(DATA / "ner" / "wikiann_ar" / f"{split}-ar.tsv", sep="\t")


# WikiFANE's fine types, grouped as ACE groups them, mapped to Rasid's four classes the way ANERcorp
# tags the same kinds of names: nations, cities, regions, seas and facilities (buildings, airports,
# roads, plants) are places; governments, companies, schools, media, clubs and charities are
# organisations; named works, programs, vehicles and weapons (القرآن، سوخوي، كلاشنيكوف) are MISC.
# Peoples (Group: العرب، المسلمين), heavenly bodies (الأرض، الشمس), foods and drugs stay O: ANERcorp
# does not tag them, and in news they are common words.
_FANE = {
    "PER": {"Politician", "Athlete", "Artist", "Scientist", "Businessperson", "Police", "Lawyer", "Engineer",
            "Religious_PER", "Other_PER"},
    "LOC": {"Nation", "Population-Center", "State-or-Province", "Continent", "County-or-District",
            "GPE-Cluster", "Water-Body", "Land-Region-Natural", "Address", "Boundary",
            "Building-Grounds", "Airport", "Path", "Plant", "Subarea-Facility"},
    "ORG": {"Government", "Commercial", "Educational", "Media", "Non-Governmental", "Sports", "Religious_ORG",
            "Medical-Science", "Entertainment"},
    "MISC": {"Book", "Movie", "Sound", "Software", "Hardware", "Air", "Land", "Water", "Shooting", "Projectile",
             "Nuclear", "Exploding", "Chemical"},
}


def fane_type(fine: str) -> str | None:
    for coarse, fines in _FANE.items():
        if fine in fines:
            return coarse
    return None


def wikifane() -> list[Sentence]:
    """WikiFANE gold with its fine types mapped to PER/LOC/ORG/MISC (`_FANE`), tokens as the file has them."""
    out = []
    for s in conll(DATA / "ner" / "wikifane_gold" / "WikiFANE_Gold_2014_500K.txt", sep="\t"):
        sent = []
        for tok, tag in s:
            if tag == "O" or "-" not in tag:
                sent.append((tok, "O"))
                continue
            bio, fine = tag.split("-", 1)
            coarse = fane_type(fine)
            sent.append((tok, f"{bio}-{coarse}" if coarse else "O"))
        out.append(sent)
    return out


_PROCLITICS = frozenset("وفبلك")
_ENCLITICS = frozenset({"ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "كن", "نا", "ي", "ني"})
_LETTERS = re.compile("^[\u0621-\u064a]+$")


def rejoin_clitics(sent: Sentence) -> Sentence:
    """WikiFANE writes و، ف، ب، ل، ك and the pronoun endings as tokens of their own («و ظهرت»،
    «مدن ها»); news text and ANERcorp write them on the word («وظهرت»، «مدنها»). A proclitic joins the
    word after it and takes its tag (ل + الـ → لل); an ending joins the Arabic word before it and keeps
    that word's tag."""
    out: Sentence = []
    pending = ""
    for tok, tag in sent:
        if tok in _PROCLITICS and tag == "O":
            pending += tok
            continue
        if pending:
            word = tok[1:] if pending.endswith("ل") and tok.startswith("ال") and len(tok) > 3 else tok
            tok, pending = (pending + word if _LETTERS.match(tok) else pending), ""
            if not _LETTERS.match(word):
                out.append((tok, "O"))
                tok = word
        if tok in _ENCLITICS and tag == "O" and out and _LETTERS.match(out[-1][0]) and out[-1][0] not in _PROCLITICS:
            out[-1] = (out[-1][0] + tok, out[-1][1])
            continue
        out.append((tok, tag))
    if pending:
        out.append((pending, "O"))
    return out


_NEWS = ("ant/ant_v2.1_multisource.jsonl.gz", "ant/ant_v1.1_jawharafm.jsonl.gz", "arabic_newspapers_corpus/anc_docs.jsonl.gz")


def _texts(names: tuple[str, ...]) -> Iterator[str]:
    """Title, abstract and text of every record of the named gzip'd JSONL files under data/text."""
    for name in names:
        path = DATA / "text" / name
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                yield "\n".join(x for x in (rec.get("title"), rec.get("abstract"), rec.get("text")) if x)


def _saudinewsnet() -> Iterator[str]:
    for z in sorted((DATA / "news" / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for m in zf.namelist():
                for rec in json.loads(zf.read(m)):
                    yield f"{rec.get('title', '')}\n{rec.get('content', '')}"


def unlabeled_texts() -> Iterator[str]:
    """Every unlabeled Arabic text available for word vectors: news corpora, books, SaudiNewsNet,
    and the training text of the NER corpora (never ANERcorp's or AQMAR's test split)."""
    yield from _texts((*_NEWS, "hindawi_books/hindawi_pd.jsonl.gz"))
    yield from _saudinewsnet()
    for sents in (anercorp("train"), aqmar("train"), aqmar("dev"), wikiann("train"), wikiann("dev"),
                  [rejoin_clitics(s) for s in wikifane()]):
        for s in sents:
            yield " ".join(t for t, _ in s)


def news_documents() -> Iterator[str]:
    """One text per news article (title and body): the ANT and Arabic Newspapers corpora and SaudiNewsNet,
    unlabeled; what word rarity is counted over."""
    yield from _texts(_NEWS)
    yield from _saudinewsnet()
