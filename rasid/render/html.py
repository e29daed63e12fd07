"""HTML fragments made in Python, for the web pages and the standalone brief: an article's text with what
was found in it marked, and a timeline chart as inline SVG. Every piece of article text goes through
`escape`; nothing from a page is markup."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from markupsafe import Markup, escape

from rasid.model import Claim, Mention, Quantity, TimeExpr


class Dated(Protocol):
    value: str
    sentence: str


def highlighted(text: str, mentions: Sequence[Mention], dates: Sequence[TimeExpr], claims: Sequence[Claim],
                lang: str) -> Markup:
    """The text as paragraphs, entities linked to their pages, dates and figures marked, by offsets."""
    marks = []  # (start, end, opening tag, closing tag); earlier and longer spans win overlaps
    for m in mentions:
        if m.entity:
            marks.append((m.start, m.end, Markup('<a class="ent ent-{}" href="/entities/{}?lang={}">').format(
                m.type.lower(), m.entity, lang), Markup("</a>")))
    for d in dates:
        marks.append((d.start, d.end, Markup('<mark class="date" title="{}">').format(f"{d.value} {d.clock}" if d.clock else d.value), Markup("</mark>")))
    for c in claims:
        q = c.quantity
        marks.append((q.start, q.end, Markup('<mark class="qty" title="{}">').format(figure(q)), Markup("</mark>")))
    marks.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    out, pos = [], 0
    for start, end, open_, close in marks:
        if start < pos or end > len(text):
            continue
        out += [escape(text[pos:start]), open_, escape(text[start:end]), close]
        pos = end
    out.append(escape(text[pos:]))
    html = Markup("").join(out)
    return Markup("").join(Markup("<p>{}</p>").format(p) for p in html.split("\n") if p.strip())


def number(x: float | None) -> str:
    """A figure's bound for display: 13,000 · 2.5 · 0.6667 for two thirds · — when open."""
    if x is None:
        return "—"
    return f"{x:,.0f}" if float(x).is_integer() else f"{round(x, 4):,}"


def figure(q: Quantity) -> str:
    """A quantity's value as a reader checks it: one number, or a range with its open end as …"""
    def n(x: float | None) -> str:
        return "…" if x is None else number(x)

    return n(q.low) if q.low == q.high else f"{n(q.low)} – {n(q.high)}"


def timeline_svg(events: Sequence[Dated], width: int = 640, height: int = 90) -> Markup:
    """Events as dots on a time axis (oldest on the right, as Arabic reads), each with its sentence as a
    tooltip. Intervals are drawn as bars."""
    spans = []
    for ev in events:
        a, _, b = ev.value.partition("/")
        lo, hi = _day(a, first=True), _day(b or a, first=False)
        if lo is not None and hi is not None:
            spans.append((lo, hi, ev))
    if not spans:
        return Markup("")
    first, last = min(s[0] for s in spans), max(s[1] for s in spans)
    scale = (width - 40) / max(last - first, 1)

    def x(d):
        return width - 20 - (d - first) * scale

    parts = [Markup('<svg class="timeline-chart" viewBox="0 0 {} {}" role="img" aria-label="timeline">').format(width, height),
             Markup('<line x1="20" y1="50" x2="{}" y2="50" stroke="#888" stroke-width="1"/>').format(width - 20)]
    for lo, hi, ev in spans:
        tip = Markup("<title>{}: {}</title>").format(ev.value, ev.sentence)
        if hi - lo > 1:
            parts.append(Markup('<rect x="{:.1f}" y="44" width="{:.1f}" height="12" fill="#9bc2e6" opacity="0.6">{}</rect>')
                         .format(x(hi), max(x(lo) - x(hi), 2), tip))
        else:
            parts.append(Markup('<circle cx="{:.1f}" cy="50" r="5" fill="#1f6fb2">{}</circle>').format(x(lo), tip))
    for d, anchor in ((first, "end"), (last, "start")):
        parts.append(Markup('<text x="{:.1f}" y="78" font-size="11" text-anchor="{}" fill="#444">{}</text>')
                     .format(x(d), anchor, date.fromordinal(d).isoformat()))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _day(value: str, first: bool) -> int | None:
    """The first (or last) day an ISO value covers, as a day number."""
    try:
        if len(value) == 10:
            return date.fromisoformat(value).toordinal()
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            if first:
                return date(y, m, 1).toordinal()
            return date(y + (m == 12), m % 12 + 1, 1).toordinal() - 1
        if len(value) == 4:
            return date(int(value), 1, 1).toordinal() if first else date(int(value), 12, 31).toordinal()
    except ValueError:
        return None
    return None
