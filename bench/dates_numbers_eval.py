"""Dates and quantities on real news: Rasid's extractors (and dateparser) against a hand-annotated dev set.

    python bench/dates_numbers_eval.py [--shared ../shared] [--json] [--errors]
    python bench/dates_numbers_eval.py --speed [--dp-budget 600]

The dev set, bench/devsets/saudinewsnet_dates_quantities.jsonl
---------------------------------------------------------------
200 sentences from the SaudiNewsNet corpus (../shared/data/news/saudinewsnet, CC BY-NC-SA 4.0), from all
eight daily zips and all twelve outlets, with 166 date expressions and 143 quantities; 37 sentences have
neither (many of them traps: يوليه the verb, جوان the name, آب in "آب ستور", المقبل qualifying a noun).
The text is NOT in the repository: each line holds a pointer (zip, record index in the zip's JSON list,
start/end character offsets into that record's `content`), a short SHA-1 of the sentence to detect a
changed corpus, the reference date and the annotations; this script re-reads the text at run time.

Sampling (bench/devsets/select_candidates.py, deterministic): each zip's records shuffled with
random.Random("1436:<zip>"); `content` split into sentences at . ! ? ؟ followed by white space and at
newlines, 40-320 characters kept; categories drawn in turn (digit, Egyptian month, relative word,
weekday, number word, Hijri date, percentage, Levantine month, none, Eastern digit, Maghrebi month ...)
with the outlets visited in rotation, one sentence per record; 26 candidates per zip. The annotator
dropped 5 of the 205 candidates (two cross-outlet duplicates, a sentence fragment, two garbled
sentences) and annotated the other 200 by hand. Maghrebi month names (جويلية ...) do not occur in this
Saudi corpus: the candidates drawn for them contain the personal name جوان and stay as traps.

Each line: {"zip", "record", "start", "end", "sha1", "reference", "dates": [{"start", "end", "value"}],
"quantities": [{"start", "end", "low", "high", "approx", "unit"}], "outlet", "drawn_for", "notes"?};
span offsets are relative to the sentence start (Python str indices).

Conventions
- reference = the date part of date_extracted, the publication date for relative expressions:
  أمس = reference - 1, أول من أمس / أمس الأول = reference - 2, الليلة الماضية = reference - 1; a weekday =
  the nearest such day on or before the reference (after it with المقبل/القادم; strictly before with
  الماضي); "اليوم الاثنين" takes the weekday's date when it differs from the reference; الشهر الماضي =
  previous month, العام الماضي = previous year, العام قبل الماضي = two years back, الأسبوع الماضي / هذا
  الأسبوع = a Monday-Sunday week as an interval; a month without a year = its most recent occurrence not
  more than a month after the reference, unless the sentence clearly points forward (one case, noted).
- values: "2015-07-19", "2015-07", "2015" or an interval "A/B" (ranges sharing one month phrase such as
  "16 إلى 30 شوال", seasons "2012 - 2013", fiscal years, "تسعينيات القرن الماضي" = 1990/1999, النصف الأول
  من العام = 2015-01/2015-06); a range whose two ends are full dates is two dates. Hijri dates are given
  in the Gregorian calendar under Umm al-Qura (computed with the `hijridate` package): a day as a day,
  a Hijri month or year as its Gregorian interval (رمضان 1436 = 2015-06-18/2015-07-16); Hijri academic
  years and year labels in event names are not annotated (noted).
- a date span covers the expression with its cue words (يوم الخميس, أمس الخميس 7 / 10 / 1436 ه, الشهر
  الماضي, عام 2014, منتصف يوليو (تموز)) but not a leading preposition (في, منذ, حتى). Not dates: times of
  day, durations, sports seasons without years (الموسم
  الماضي), vague periods (الأيام الماضية, الفترة المقبلة, السنوات الأخيرة), habitual dates, years in names
  (كأس العالم 2018, قوى 14 آذار, خط 1967). "Ago" phrases are dates, as precise as their unit (قبل سبعة أشهر =
  the month seven months back; issue 13 — until then they were annotated as quantities only).
- quantities: every number that counts or measures (money, %, people, durations, ages, distances, index
  points); not dates, years, ordinals (الثامن, الـ 39), times of day, codes, model names, match scores or
  vote tallies. Vague plurals are quantities with honest bounds, approx (آلاف الزوار = 2000..9999, عشرات = 20..99,
  بضعة = 3..9; issue 13 — until then they were not annotated; عدة is not counted). Duals are annotated only for time units
  (أسبوعين, شهرين). Bounds: أكثر من / فوق / تجاوز(ت) / على الأقل → low only; دون / ما يصل إلى / يصل إلى →
  high only; بين 2.0 و 2.5% → 2.0/2.5. approx for نحو, حوالي, قرابة, ما يقارب, قاربت, تقدر ب, تقريبا.
  unit = the counted noun as a singular lemma ("%" for percentages; compounds kept: "متر مربع", "جنيه
  استرليني"); null when the noun is elided (ثمانية آخرون).

Scoring
- a prediction and a gold span pair up when their character ranges overlap; pairs are one-to-one
  (a maximum matching, pairs with the right value first). "value" P/R/F1 counts pairs whose value is
  exactly the gold one (for quantities low and high, to 1e-6 relative); "span" P/R/F1 counts pairs
  regardless of value. For quantities the approx flag and the unit (compared after folding hamza, ta
  marbuta, alif maqsura and diacritics) are reported on the value-correct pairs, and "full" requires all.
- Rasid: find_dates(sentence, published=reference); find_quantities(sentence, skip=the date spans).
- dateparser: search_dates(sentence, languages=["ar", "en"], settings={"RELATIVE_BASE": reference,
  "PREFER_DATES_FROM": "past"}); each hit is located in the sentence left to right; its value is a day,
  correct when it falls inside the gold value (same day, inside the gold month, year or interval).

--speed: all 15,042 records (title + "\\n" + content, reference = date_extracted), one process: Rasid's
find_dates + find_quantities per article, then dateparser.search_dates on the same articles: the first
1,000 are timed, and the rest only when the projected total stays under --dp-budget seconds.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import json
import re
import sys
import time
import traceback
import zipfile
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEVSET = HERE / "devsets" / "saudinewsnet_dates_quantities.jsonl"
CORPUS = Path("data") / "news" / "saudinewsnet"
N_RECORDS = 15_042


class DevsetError(Exception):
    pass


# ---------------------------------------------------------------- loading

def load_zip(path: Path) -> list:
    """The list of records inside one SaudiNewsNet zip."""
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if n.endswith(".json")]
        if not names:
            raise DevsetError(f"{path.name}: no JSON file inside")
        data = json.loads(z.read(names[0]))
    if not isinstance(data, list):
        raise DevsetError(f"{path.name}: the JSON is not a list of records")
    return data


def load_devset(devset: Path, corpus: Path) -> list[dict]:
    """The annotated sentences with their text re-read from the zips; DevsetError on any inconsistency."""
    if not devset.is_file():
        raise DevsetError(f"dev set not found: {devset}")
    items = []
    with open(devset, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as e:
                raise DevsetError(f"{devset.name}:{lineno}: not JSON ({e})") from None
            missing = {"zip", "record", "start", "end", "reference", "dates", "quantities"} - set(item)
            if missing:
                raise DevsetError(f"{devset.name}:{lineno}: missing fields {sorted(missing)}")
            item["line"] = lineno
            items.append(item)
    by_zip = defaultdict(list)
    for item in items:
        by_zip[item["zip"]].append(item)
    for name, group in sorted(by_zip.items()):
        path = corpus / name
        if not path.is_file():
            raise DevsetError(f"corpus file not found: {path}")
        records = load_zip(path)
        for item in group:
            where = f"{devset.name}:{item['line']} ({name} record {item['record']})"
            i = item["record"]
            if not isinstance(i, int) or not 0 <= i < len(records):
                raise DevsetError(f"{where}: record index out of range (the zip has {len(records)})")
            content = records[i].get("content") if isinstance(records[i], dict) else None
            if not isinstance(content, str):
                raise DevsetError(f"{where}: the record has no text content")
            s, e = item["start"], item["end"]
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(content)):
                raise DevsetError(f"{where}: sentence span {s}-{e} outside the content (length {len(content)})")
            text = content[s:e]
            if text != text.strip():
                raise DevsetError(f"{where}: the sentence span starts or ends in white space")
            if "sha1" in item and hashlib.sha1(text.encode("utf-8")).hexdigest()[:len(item["sha1"])] != item["sha1"]:
                raise DevsetError(f"{where}: the sentence text changed (SHA-1 differs): the corpus is not the annotated one")
            try:
                datetime.strptime(item["reference"], "%Y-%m-%d")
            except (TypeError, ValueError):
                raise DevsetError(f"{where}: bad reference date {item['reference']!r}") from None
            for kind in ("dates", "quantities"):
                for a in item[kind]:
                    if not (isinstance(a.get("start"), int) and isinstance(a.get("end"), int)
                            and 0 <= a["start"] < a["end"] <= len(text)):
                        raise DevsetError(f"{where}: {kind} span {a.get('start')}-{a.get('end')} outside the sentence (length {len(text)})")
                    span = text[a["start"]:a["end"]]
                    if span != span.strip():
                        raise DevsetError(f"{where}: {kind} span {a['start']}-{a['end']} starts or ends in white space")
            for a in item["dates"]:
                try:
                    date_bounds(a["value"])
                except (KeyError, TypeError, ValueError):
                    raise DevsetError(f"{where}: bad date value {a.get('value')!r}") from None
            item["text"] = text
            item["outlet"] = item.get("outlet") or records[i].get("source")
        del records
        gc.collect()
    return items


# ---------------------------------------------------------------- values

def date_bounds(value: str) -> tuple[date, date]:
    """First and last day of an ISO value of any granularity, or of an interval A/B."""
    if "/" in value:
        a, b = value.split("/", 1)
        return date_bounds(a)[0], date_bounds(b)[1]
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        d = date(*parts)
        return d, d
    if len(parts) == 2:
        y, m = parts
        first = date(y, m, 1)
        return first, (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1))
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    raise ValueError(value)


def day_inside(day: str, gold: str) -> bool:
    try:
        d = date.fromisoformat(day)
        lo, hi = date_bounds(gold)
    except (TypeError, ValueError):
        return False
    return lo <= d <= hi


def same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})


def fold_unit(u) -> str | None:
    if u is None:
        return None
    u = _DIACRITICS.sub("", str(u)).translate(_FOLD)
    return re.sub(r"\s+", " ", u).strip()


# ---------------------------------------------------------------- systems

def rasid_extract(text: str, reference: str):
    from rasid.extract.dates import find_dates
    from rasid.extract.numbers import find_quantities
    dates = [{"start": d.start, "end": d.end, "value": d.value, "text": d.text} for d in find_dates(text, reference)]
    quantities = [{"start": q.start, "end": q.end, "low": q.low, "high": q.high, "approx": q.approx, "unit": q.unit,
                   "text": q.text} for q in find_quantities(text, skip=[(d["start"], d["end"]) for d in dates])]
    return dates, quantities


def _locate(text: str, hit: str, pos: int) -> tuple[int, int] | None:
    """Where a dateparser hit sits in the sentence, searching from `pos` first (hits come in order)."""
    i = text.find(hit, pos)
    if i < 0:
        i = text.find(hit)
    if i >= 0:
        return i, i + len(hit)
    # dateparser may hand back the hit with its white space changed
    chars = [c for c in hit if not c.isspace()]
    if not chars:
        return None
    pattern = re.compile(r"\s*".join(re.escape(c) for c in chars))
    m = pattern.search(text, pos) or pattern.search(text)
    return (m.start(), m.end()) if m else None


def dateparser_extract(text: str, reference: str, search_dates):
    base = datetime.strptime(reference, "%Y-%m-%d")
    found = search_dates(text, languages=["ar", "en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
    out, unlocated, pos = [], 0, 0
    for hit, dt in found or ():
        where = _locate(text, hit, pos)
        if where is None:
            unlocated += 1
            out.append({"start": -1, "end": -1, "value": dt.date().isoformat(), "text": hit})
            continue
        pos = where[1]
        out.append({"start": where[0], "end": where[1], "value": dt.date().isoformat(), "text": hit})
    return out, unlocated


# ---------------------------------------------------------------- scoring

def _overlap(a, b) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def _max_matching(gold: list, pred: list, allowed) -> dict[int, int]:
    """A maximum one-to-one matching gold index -> pred index over the allowed pairs (augmenting paths)."""
    adj = {g: [p for p in range(len(pred)) if allowed(gold[g], pred[p])] for g in range(len(gold))}
    owner: dict[int, int] = {}

    def augment(g, seen):
        for p in adj[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in range(len(gold)):
        augment(g, set())
    return {g: p for p, g in owner.items()}


def match(gold: list, pred: list, correct) -> list[tuple[int | None, int | None, bool]]:
    """Pairs (gold index, pred index, value correct): value-correct pairs first, then overlap-only pairs
    among what is left; unmatched gold and predictions appear with None on the other side."""
    good = _max_matching(gold, pred, lambda g, p: _overlap(g, p) and correct(g, p))
    rest_g = [i for i in range(len(gold)) if i not in good]
    used_p = set(good.values())
    rest_p = [j for j in range(len(pred)) if j not in used_p]
    more = _max_matching([gold[i] for i in rest_g], [pred[j] for j in rest_p], _overlap)
    pairs = [(g, p, True) for g, p in good.items()]
    pairs += [(rest_g[g], rest_p[p], False) for g, p in more.items()]
    matched_g = {g for g, _, _ in pairs}
    matched_p = {p for _, p, _ in pairs}
    pairs += [(g, None, False) for g in range(len(gold)) if g not in matched_g]
    pairs += [(None, p, False) for p in range(len(pred)) if p not in matched_p]
    return pairs


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "tp": tp}


class Tally:
    def __init__(self):
        self.gold = self.pred = self.span = self.value = 0
        self.approx_ok = self.unit_ok = self.unit_seen = self.full = 0
        self.errors: list[dict] = []

    def add(self, item, gold, pred, pairs, quantities=False):
        self.gold += len(gold)
        self.pred += len(pred)
        for g, p, ok in pairs:
            if g is not None and p is not None:
                self.span += 1
            if ok:
                self.value += 1
                if quantities:
                    a_ok = bool(gold[g].get("approx")) == bool(pred[p].get("approx"))
                    gu = fold_unit(gold[g].get("unit"))
                    u_ok = gu is None or gu == fold_unit(pred[p].get("unit"))
                    self.approx_ok += a_ok
                    if gu is not None:
                        self.unit_seen += 1
                        self.unit_ok += u_ok
                    self.full += a_ok and u_ok
                    if not (a_ok and u_ok):
                        self.errors.append(_error(item, gold[g], pred[p], "approx/unit"))
            elif g is not None or p is not None:
                kind = "wrong value" if g is not None and p is not None else ("missed" if p is None else "spurious")
                self.errors.append(_error(item, gold[g] if g is not None else None, pred[p] if p is not None else None, kind))

    def report(self, quantities=False) -> dict:
        out = {"gold": self.gold, "predicted": self.pred,
               "value": prf(self.value, self.pred, self.gold), "span": prf(self.span, self.pred, self.gold)}
        if quantities:
            out["full"] = prf(self.full, self.pred, self.gold)
            out["approx_agreement"] = round(self.approx_ok / self.value, 4) if self.value else None
            out["unit_agreement"] = round(self.unit_ok / self.unit_seen, 4) if self.unit_seen else None
        return out


def _error(item, gold, pred, kind) -> dict:
    def show(a):
        if a is None:
            return None
        d = {k: v for k, v in a.items() if k not in ("text",)}
        d["text"] = item["text"][a["start"]:a["end"]] if a["start"] >= 0 else a.get("text")
        return d
    return {"kind": kind, "where": f"{item['zip']}#{item['record']}@{item['start']}", "reference": item["reference"],
            "gold": show(gold), "pred": show(pred)}


# ---------------------------------------------------------------- the accuracy part

def evaluate(items: list[dict]) -> dict:
    try:
        from dateparser.search import search_dates
    except ImportError:
        search_dates = None
    rd, rq, dp = Tally(), Tally(), Tally()
    failures = Counter()
    unlocated = 0
    dp_seconds = rasid_seconds = 0.0
    for item in items:
        text, ref = item["text"], item["reference"]
        t0 = time.perf_counter()
        try:
            dates, quantities = rasid_extract(text, ref)
        except Exception:  # an extractor crash is a finding, not the end of the run
            failures["rasid"] += 1
            print(f"rasid failed on {item['zip']}#{item['record']}:\n{traceback.format_exc()}", file=sys.stderr)
            dates, quantities = [], []
        rasid_seconds += time.perf_counter() - t0
        rd.add(item, item["dates"], dates, match(item["dates"], dates, lambda g, p: g["value"] == p["value"]))
        rq.add(item, item["quantities"], quantities,
               match(item["quantities"], quantities,
                     lambda g, p: same_number(g["low"], p["low"]) and same_number(g["high"], p["high"])), quantities=True)
        if search_dates is not None:
            t0 = time.perf_counter()
            try:
                found, lost = dateparser_extract(text, ref, search_dates)
            except Exception:
                failures["dateparser"] += 1
                found, lost = [], 0
            dp_seconds += time.perf_counter() - t0
            unlocated += lost
            dp.add(item, item["dates"], found, match(item["dates"], found, lambda g, p: day_inside(p["value"], g["value"])))
    outlets = Counter(i["outlet"] for i in items)
    result = {
        "devset": {"sentences": len(items), "dates": sum(len(i["dates"]) for i in items),
                   "quantities": sum(len(i["quantities"]) for i in items),
                   "without_any": sum(1 for i in items if not i["dates"] and not i["quantities"]),
                   "zips": len({i["zip"] for i in items}), "outlets": dict(sorted(outlets.items()))},
        "rasid_dates": rd.report(), "rasid_quantities": rq.report(quantities=True),
        "dateparser_dates": dp.report() if search_dates is not None else None,
        "dateparser_unlocated_hits": unlocated if search_dates is not None else None,
        "failures": dict(failures),
        "seconds": {"rasid": round(rasid_seconds, 3), "dateparser": round(dp_seconds, 3)},
    }
    try:
        import dateparser
        result["dateparser_version"] = dateparser.__version__
    except Exception:
        result["dateparser_version"] = None
    result["_errors"] = {"rasid_dates": rd.errors, "rasid_quantities": rq.errors, "dateparser_dates": dp.errors}
    return result


def print_table(r: dict) -> None:
    d = r["devset"]
    print(f"dev set: {d['sentences']} sentences from {d['zips']} zips, {d['dates']} dates, {d['quantities']} quantities, "
          f"{d['without_any']} sentences with neither")
    print("outlets: " + ", ".join(f"{k} {v}" for k, v in d["outlets"].items()))
    print()
    rows = [("Rasid dates", r["rasid_dates"]), ("dateparser dates", r["dateparser_dates"]),
            ("Rasid quantities", r["rasid_quantities"])]
    print(f"{'system':<20}{'gold':>6}{'pred':>6}   {'value P':>8}{'R':>7}{'F1':>7}   {'span P':>7}{'R':>7}{'F1':>7}")
    for name, x in rows:
        if x is None:
            print(f"{name:<20} (not available)")
            continue
        v, s = x["value"], x["span"]
        print(f"{name:<20}{x['gold']:>6}{x['predicted']:>6}   {v['p']:>8.3f}{v['r']:>7.3f}{v['f1']:>7.3f}"
              f"   {s['p']:>7.3f}{s['r']:>7.3f}{s['f1']:>7.3f}")
    q = r["rasid_quantities"]
    print(f"\nRasid quantities, value + approx + unit all right: P {q['full']['p']:.3f} R {q['full']['r']:.3f} "
          f"F1 {q['full']['f1']:.3f}; on value-correct pairs: approx agrees {q['approx_agreement']}, "
          f"unit agrees {q['unit_agreement']}")
    print("dateparser: a day-granular value counts when it falls inside the gold value; "
          f"hits not located in the sentence: {r['dateparser_unlocated_hits']}")
    if r["failures"]:
        print(f"extractor failures: {r['failures']}")
    print(f"time on the dev set: Rasid {r['seconds']['rasid']} s, dateparser {r['seconds']['dateparser']} s "
          f"(dateparser {r['dateparser_version']})")


def print_errors(r: dict) -> None:
    for name, errs in r["_errors"].items():
        print(f"\n== {name}: {len(errs)} errors")
        for e in errs:
            g, p = e["gold"], e["pred"]
            gs = "-" if g is None else f"«{g['text']}» " + (g.get("value") or f"{g.get('low')}..{g.get('high')}"
                                                          f"{'~' if g.get('approx') else ''} [{g.get('unit')}]")
            ps = "-" if p is None else f"«{p['text']}» " + (p.get("value") or f"{p.get('low')}..{p.get('high')}"
                                                          f"{'~' if p.get('approx') else ''} [{p.get('unit')}]")
            print(f"{e['kind']:<12} {e['where']:<26} ref {e['reference']}  gold {gs}  |  pred {ps}")


# ---------------------------------------------------------------- the speed part

def articles(corpus: Path):
    """(text, reference) for every record, one zip in memory at a time."""
    for path in sorted(corpus.glob("*.zip")):
        records = load_zip(path)
        for r in records:
            if not isinstance(r, dict):
                continue
            title = r.get("title") if isinstance(r.get("title"), str) else ""
            content = r.get("content") if isinstance(r.get("content"), str) else ""
            ref = str(r.get("date_extracted") or "")[:10]
            try:
                datetime.strptime(ref, "%Y-%m-%d")
            except ValueError:
                ref = None
            yield title + "\n" + content, ref
        del records
        gc.collect()


def speed(corpus: Path, dp_budget: float, log=sys.stdout) -> dict:
    from rasid.extract.claims import find_claims
    from rasid.extract.dates import find_dates
    from rasid.extract.numbers import find_quantities
    n = chars = n_dates = n_quantities = n_claims = failures = 0
    seconds = 0.0
    for text, ref in articles(corpus):
        t0 = time.perf_counter()
        try:
            ds = find_dates(text, ref)
            qs = find_quantities(text, skip=[(d.start, d.end) for d in ds])
            cs = find_claims("a", text, qs, ds, [], ref)  # entities come from the NER stage, timed apart
            n_dates += len(ds)
            n_quantities += len(qs)
            n_claims += len(cs)
        except Exception:
            failures += 1
        seconds += time.perf_counter() - t0
        n += 1
        chars += len(text)
    out = {"rasid": {"articles": n, "characters": chars, "seconds": round(seconds, 2),
                     "articles_per_s": round(n / seconds, 1) if seconds else None,
                     "dates_found": n_dates, "quantities_found": n_quantities, "claims_found": n_claims,
                     "failures": failures}}
    print(f"Rasid find_dates + find_quantities + find_claims: {n} articles in {seconds:.1f} s = "
          f"{out['rasid']['articles_per_s']} articles/s ({n_dates} dates, {n_quantities} quantities, {n_claims} claims, "
          f"{failures} failures)", file=log, flush=True)
    try:
        from dateparser.search import search_dates
    except ImportError:
        out["dateparser"] = None
        print("dateparser not installed", file=log)
        return out
    m = dp_fail = 0
    seconds = 0.0
    limited = False
    for text, ref in articles(corpus):
        base = datetime.strptime(ref, "%Y-%m-%d") if ref else datetime(2015, 7, 21)
        t0 = time.perf_counter()
        try:
            search_dates(text, languages=["ar", "en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
        except Exception:
            dp_fail += 1
        seconds += time.perf_counter() - t0
        m += 1
        if m == 1000 and seconds / m * n > dp_budget:
            limited = True
            break
    out["dateparser"] = {"articles": m, "seconds": round(seconds, 2), "articles_per_s": round(m / seconds, 2) if seconds else None,
                         "failures": dp_fail, "first_1000_only": limited}
    note = (f" (only the first 1,000: all {n} would take about {seconds / m * n / 60:.0f} min, over the "
            f"{dp_budget:.0f} s budget)") if limited else ""
    print(f"dateparser.search_dates: {m} articles in {seconds:.1f} s = {out['dateparser']['articles_per_s']} articles/s{note}", file=log)
    return out


# ---------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"), help="the shared folder (default ../shared)")
    ap.add_argument("--devset", default=str(DEVSET))
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    ap.add_argument("--errors", action="store_true", help="also list every error (gold vs predicted)")
    ap.add_argument("--speed", action="store_true", help="time the extractors on all SaudiNewsNet articles instead")
    ap.add_argument("--dp-budget", type=float, default=600.0,
                    help="--speed: go past the first 1,000 articles with dateparser only if all would take less (s)")
    args = ap.parse_args()
    corpus = Path(args.shared) / CORPUS
    if not corpus.is_dir():
        print(f"error: SaudiNewsNet not found under {corpus} (use --shared)", file=sys.stderr)
        return 2
    if args.speed:
        result = speed(corpus, args.dp_budget, log=sys.stderr if args.json else sys.stdout)
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        return 0
    try:
        items = load_devset(Path(args.devset), corpus)
    except (DevsetError, OSError, zipfile.BadZipFile) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    result = evaluate(items)
    errors = result.pop("_errors")
    if args.json:
        if args.errors:
            result["errors"] = errors
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_table(result)
        if args.errors:
            result["_errors"] = errors
            print_errors(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
