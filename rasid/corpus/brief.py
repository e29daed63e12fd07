"""A story's brief: what happened, when, the figures and whether sources agree, who is in it, who reported it.

What happened is an extractive multi-document summary: the lead sentences of the story's articles
(one copy of each duplicated text) scored by closeness to the story's word centroid (tf-idf over folded
words, so spelling variants count as one word), taken greedily while a sentence repeats no chosen one,
then put back in reading order. Every sentence cites the article it comes from.
"""
from __future__ import annotations

import html
import math
import re
from collections import Counter

from rasid.corpus.timeline import story_timeline
from rasid.text.normalize import fold
from rasid.text.sentences import sentences

SUMMARY_SENTENCES = 5
LEAD_SENTENCES = 8  # per article: news puts what happened first
REDUNDANT = 0.4  # word overlap (Jaccard) above which a sentence repeats one already chosen
_WORD = re.compile(r"\w+")
_STOP = set("""في من على الى عن ان انه انها كان كانت التي الذي الذين هذا هذه ذلك تلك مع بين او ثم قد لقد
لم لن ما لا الا كل بعد قبل عند حتي اذا و ف ب ل ك هو هي هم نحو خلال منذ ايضا حيث وقال وقالت قال قالت
واضاف واضافت اليوم امس يوم""".split())


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if w not in _STOP and not w.isdigit() and len(w) > 1]


def summarize(articles: list[dict], n: int = SUMMARY_SENTENCES) -> list[dict]:
    """Up to n sentences saying what happened: {text, article, start, end}, in reading order."""
    candidates = []
    for rank, a in enumerate(articles):
        for pos, (s, e) in enumerate(sentences(a["text"])[:LEAD_SENTENCES]):
            words = _words(a["text"][s:e])
            if 5 <= len(words) <= 60:
                candidates.append({"text": a["text"][s:e], "article": a["id"], "start": s, "end": e,
                                   "words": words, "pos": pos, "rank": rank})
    if not candidates:
        return []
    df = Counter(w for c in candidates for w in set(c["words"]))
    idf = {w: math.log(1 + len(candidates) / d) for w, d in df.items()}
    centroid = Counter()
    for c in candidates:
        for w, k in Counter(c["words"]).items():
            centroid[w] += k * idf[w]
    norm_c = math.sqrt(sum(v * v for v in centroid.values()))
    for c in candidates:
        vec = {w: k * idf[w] for w, k in Counter(c["words"]).items()}
        dot = sum(v * centroid[w] for w, v in vec.items())
        c["score"] = dot / (math.sqrt(sum(v * v for v in vec.values())) * norm_c) + 0.15 / (1 + c["pos"])
    chosen = []
    for c in sorted(candidates, key=lambda c: -c["score"]):
        words = set(c["words"])
        if all(len(words & set(o["words"])) / len(words | set(o["words"])) <= REDUNDANT for o in chosen):
            chosen.append(c)
        if len(chosen) == n:
            break
    chosen.sort(key=lambda c: (c["rank"], c["pos"]))
    return [{k: c[k] for k in ("text", "article", "start", "end")} for c in chosen]


def build(store, story: str) -> dict | None:
    """Everything a brief says about a story, as plain data (the JSON format of `rasid story`)."""
    s = store.story(story)
    if s is None:
        return None
    articles = store.story_articles(s["id"])
    groups = store.duplicate_groups([a["id"] for a in articles])
    seen, copies = set(), set()
    for a in articles:  # oldest first: later members of a duplicate group are copies
        if (g := groups.get(a["id"])) is not None:
            (copies.add(a["id"]) if g in seen else seen.add(g))
    sources = [{"n": i, "id": a["id"], "title": a["title"], "outlet": a["outlet"], "url": a["url"],
                "published": a["published"], "fetched": a["fetched"], "source_file": a["source_file"],
                "copy": a["id"] in copies}
               for i, a in enumerate(articles, start=1)]
    cite = {src["id"]: src["n"] for src in sources}
    summary = summarize([a for a in articles if a["id"] not in copies])
    for sent in summary:
        sent["cite"] = cite[sent["article"]]
    claims = {c["id"]: c for c in store.story_claims(s["id"])}
    groups = store.claim_groups(s["id"])
    origins = store.origin_groups([a["id"] for a in articles])
    named = store.origin_names(g for gs in origins.values() for g in gs)
    wanted = {x for g in groups for x in (g.actor, g.origin)} | set(named.values())
    names = store.entities_by_id({_entity_of(x) for x in wanted if x})
    figures = []
    for g in groups:
        rows = []
        for cid, figure in g.claims:
            c = claims.get(cid)
            if c is None:
                continue
            rows.append({"claim": cid, "figure": figure, "quantity": c["q_text"], "low": c["low"], "high": c["high"],
                         "approx": bool(c["approx"]), "sentence": c["text"], "article": c["article"],
                         "cite": cite.get(c["article"]), "outlet": c["outlet"],
                         "attribution": [a["text"] for a in c["attribution"]]})
        figures.append({"id": g.id, "kind": g.kind, "unit": written_unit(g.unit, [r["quantity"] for r in rows]),
                        "unit_lemma": g.unit, "facet": g.facet, "sources": g.sources,
                        "actor": _name(names, g.actor), "origin": _name(names, g.origin), "claims": rows})
    figures.sort(key=lambda f: ({"differ": 0, "agree": 1, "single": 2}[f["kind"]], -len(f["claims"])))
    entities = store.story_entities(s["id"])
    events = [{"value": ev.value, "text": ev.text, "sentence": ev.sentence, "article": ev.article,
               "cite": cite.get(ev.article), "outlet": ev.outlet} for ev in story_timeline(store, s["id"], limit=40)]
    return {"story": s, "summary": summary, "timeline": events, "figures": figures, "entities": entities,
            "sources": sources, "same_origin": _origin_groups(origins, named, names),
            "related": store.related_stories(s["id"])}


def written_unit(lemma: str | None, quantities: list[str]) -> str | None:
    """The counted noun as an article wrote it (قذائف, طائرة بدون طيار), for display; the stored lemma
    is folded for matching (قذيفه)."""
    from rasid.extract.numbers import unit_lemma

    if not lemma:
        return lemma
    n = len(lemma.split())
    for q in quantities:
        words = q.split()
        for i in range(len(words) - n, -1, -1):
            candidate = " ".join(words[i:i + n])
            if unit_lemma(candidate) == lemma:
                return candidate
    return lemma


def _entity_of(ident: str) -> str:
    """A claim group's actor `country:IQ` (a place standing for its country) is the entity loc:country-iq."""
    return "loc:country-" + ident[8:].lower() if ident.startswith("country:") else ident


def _name(names: dict[str, dict], ident: str | None) -> str | None:
    e = names.get(_entity_of(ident)) if ident else None
    return (e["name"] + (f" ({e['name_en']})" if e["name_en"] else "")) if e else ident


def _origin_groups(origins: dict[str, list[str]], named: dict[str, str | None], names: dict[str, dict]) -> list[dict]:
    by_group: dict[str, list[str]] = {}
    for article, groups in origins.items():
        for group in groups:
            by_group.setdefault(group, []).append(article)
    return [{"articles": v, "origin": _name(names, named.get(g))} for g, v in by_group.items() if len(v) > 1]


_KIND_AR = {"agree": "تتفق", "differ": "تختلف", "single": "مصدر واحد"}
_FACET_AR = {"done": "", "planned": "مخطط", "casualties": "قتلى وجرحى", "killed": "قتلى", "wounded": "جرحى"}


def _source_line(src: dict) -> str:
    return " · ".join(x for x in (src["outlet"] or src["source_file"] or src["id"], src["published"] or "تاريخ غير معروف",
                                  src["title"] or "") if x)


def to_markdown(b: dict) -> str:
    s = b["story"]
    out = [f"# {s['label']}", "", f"{s['start'] or '?'} → {s['end'] or '?'} · {s['articles']} مقالات · {s['outlets']} مصادر", "",
           "## ماذا حدث", ""]
    out += [f"- {x['text']} [{x['cite']}]" for x in b["summary"]] or ["- (لا نص)"]
    if b["timeline"]:
        out += ["", "## الخط الزمني", ""]
        out += [f"- **{ev['value']}** — {ev['sentence']} [{ev['cite']}]" for ev in b["timeline"]]
    if b["figures"]:
        out += ["", "## الأرقام", ""]
        for f in b["figures"]:
            head = f"**{_KIND_AR[f['kind']]}** · {f['unit'] or ''}" + (f" ({_FACET_AR[f['facet']]})" if _FACET_AR.get(f["facet"]) else "")
            head += f" · {f['actor'] or ''} · مصادر مستقلة: {f['sources']}" + (f" · الأصل: {f['origin']}" if f["origin"] and f["kind"] != "single" else "")
            out.append(f"- {head}")
            for c in f["claims"]:
                via = " ← ".join(c["attribution"]) or "دون نسبة"
                out.append(f"  - {c['quantity']} — {via} — {c['outlet'] or ''} [{c['cite']}]")
    if b["entities"]:
        out += ["", "## الكيانات", ""]
        out.append("، ".join(f"{e['name']}" + (f" ({e['name_en']})" if e["name_en"] else "") for e in b["entities"]))
    out += ["", "## المصادر", ""]
    out += [f"{src['n']}. {_source_line(src)}" + (f" <{src['url']}>" if src["url"] else "") + (" (نسخة)" if src["copy"] else "")
            for src in b["sources"]]
    for g in b["same_origin"]:
        nums = ", ".join(str(src["n"]) for src in b["sources"] if src["id"] in g["articles"])
        out.append(f"\nالمقالات {nums} تعود إلى أصل واحد" + (f": {g['origin']}" if g["origin"] else "") + ".")
    if b["related"]:
        out += ["", "## قصص ذات صلة", ""]
        out += [f"- {r['label']} ({r['start'] or '?'}, {r['id']})" for r in b["related"]]
    return "\n".join(out) + "\n"


def to_html(b: dict) -> str:
    """A standalone right-to-left page; every text from an article is escaped."""
    e = html.escape
    s = b["story"]
    parts = [f"<h1>{e(s['label'])}</h1>",
             f"<p class=meta>{e(s['start'] or '?')} → {e(s['end'] or '?')} · {s['articles']} مقالات · {s['outlets']} مصادر</p>",
             "<h2>ماذا حدث</h2><ul>"]
    parts += [f"<li>{e(x['text'])} <a href='#src{x['cite']}'>[{x['cite']}]</a></li>" for x in b["summary"]]
    parts.append("</ul>")
    if b["timeline"]:
        parts.append("<h2>الخط الزمني</h2><ol class=timeline>")
        parts += [f"<li><b dir=ltr>{e(ev['value'])}</b> {e(ev['sentence'])} <a href='#src{ev['cite']}'>[{ev['cite']}]</a></li>"
                  for ev in b["timeline"]]
        parts.append("</ol>")
    if b["figures"]:
        parts.append("<h2>الأرقام</h2><table><tr><th>الحكم</th><th>المعدود</th><th>الجهة</th><th>الرقم</th><th>المصدر</th><th>المقال</th></tr>")
        for f in b["figures"]:
            for i, c in enumerate(f["claims"]):
                kind = f"<span class='badge {f['kind']}'>{_KIND_AR[f['kind']]}</span>" if i == 0 else ""
                parts.append(f"<tr><td>{kind}</td><td>{e(f['unit'] or '')}</td><td>{e(f['actor'] or '')}</td>"
                             f"<td>{e(c['quantity'])}</td><td>{e(' ← '.join(c['attribution']) or 'دون نسبة')}</td>"
                             f"<td><a href='#src{c['cite']}'>[{c['cite']}]</a></td></tr>")
        parts.append("</table>")
    if b["entities"]:
        parts.append("<h2>الكيانات</h2><p>" + "، ".join(e(x["name"]) for x in b["entities"]) + "</p>")
    parts.append("<h2>المصادر</h2><ol>")
    for src in b["sources"]:
        link = f" <a href='{e(src['url'])}' rel=noopener>{e(src['url'])}</a>" if src["url"] and src["url"].startswith(("http://", "https://")) else ""
        parts.append(f"<li id=src{src['n']}>{e(_source_line(src))}{link}</li>")
    parts.append("</ol>")
    return ("<!doctype html><html lang=ar dir=rtl><head><meta charset=utf-8>"
            "<meta name=viewport content='width=device-width, initial-scale=1'>"
            f"<title>{e(s['label'])}</title><style>body{{font-family:system-ui,'Noto Naskh Arabic',sans-serif;"
            "max-width:52rem;margin:auto;padding:1rem;line-height:1.7}table{border-collapse:collapse;width:100%}"
            "td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:start}.badge{padding:0 .4rem;border-radius:.3rem}"
            ".agree{background:#d4f5dd}.differ{background:#fde0dc}.single{background:#eee}.meta{color:#555}</style>"
            "</head><body>" + "".join(parts) + "</body></html>\n")
