"""From a raw page to the articles a reader sees: repair encoding, cut boilerplate, split pages.

Cleaning removes; it never rewrites the words a reader sees. Everything it cuts is kept on the
article as `Removed(kind, text)`, so a cut can always be audited. The only changes inside kept text
are encoding repair (mojibake back to the words that were meant) and whitespace.

Boilerplate is recognised on the folded form of a line (see `normalize.fold`), so one pattern covers
its spellings. To teach Rasid a new kind, add a pattern to `_LINE_RULES` (a whole line) or
`_INLINE_RULES` (a piece of a line) with the kind it records.
"""
from __future__ import annotations

import hashlib
import logging
import re
import warnings
from dataclasses import dataclass, field

import ftfy

from rasid.model import Article, RawPage, Removed
from rasid.text.calendar import parse_date
from rasid.text.normalize import fold

_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False,
                             explain=False, normalization="NFC")

# --- encoding repair -------------------------------------------------------------------------

# UTF-8 Arabic read as Windows-1256 shows as ط§ظ„…: a lead byte (D8-DB → ط ظ ع غ) then a continuation
# byte (80-BF), which Windows-1256 decodes to the characters in _CONT.
_CONT = re.escape(bytes(range(0x80, 0xC0)).decode("cp1256"))
_CP1256_RUN = re.compile(f"[طظعغ][{_CONT}](?:[ -~\n]*[طظعغ][{_CONT}])*")
# Windows-1256 Arabic read as Latin-1 shows as ÇáÚÑÈíÉ: whole words of characters C1-FF.
_LATIN1_WORD = re.compile("(?<![^\\s\"'(\\[])[\u00c1-\u00ff]{2,}(?![^\\s\"'.,:;)\\]])")
# What is left of UTF-8 punctuation after lossy double decoding: "â € Â Â". A run of tokens made only
# of such characters, one of them Â, Ã or â, which no Arabic or English word is.
_MOJI = "\u00c2\u00c3\u00e2\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
_JUNK_RUN = re.compile(f"(?<!\\S)(?:[{_MOJI}]+[ \t]+)*[{_MOJI}]*[\u00c2\u00c3\u00e2][{_MOJI}]*(?:[ \t]+[{_MOJI}]+)*(?!\\S)")
# cheap signs that a text may need repair; most clean text has none and skips ftfy entirely
_SUSPECT = re.compile("[\u0080-\u009f\ufffd]|[\u00c2\u00c3\u00e2\u00d8\u00d9](?![a-zA-Z])|[\u00c0-\u00ff]{3}"
                      "|&#?\\w+;|(?:[طظ][" + _CONT + "]){2}")
_ARABIC = re.compile("[\u0621-\u064a]")


def repair(text: str) -> tuple[str, list[Removed]]:
    """Undo mojibake (ftfy, plus the Windows-1256 round trips ftfy does not know) and cut junk runs."""
    removed: list[Removed] = []
    if not _SUSPECT.search(text):
        return text, removed
    text = ftfy.fix_text(text, _FTFY)
    text = _CP1256_RUN.sub(_utf8_from_cp1256, text)
    text = _LATIN1_WORD.sub(_cp1256_from_latin1, text)
    for m in _JUNK_RUN.finditer(text):
        removed.append(Removed("junk", m.group().strip()))
    text = _JUNK_RUN.sub(" ", text)
    return text, removed


def _utf8_from_cp1256(m: re.Match) -> str:
    try:
        return m.group().encode("cp1256").decode("utf-8")
    except UnicodeError:
        return m.group()


def _cp1256_from_latin1(m: re.Match) -> str:
    try:
        fixed = m.group().encode("latin-1").decode("cp1256")
    except UnicodeError:
        return m.group()
    return fixed if len(_ARABIC.findall(fixed)) >= 0.8 * len(fixed) else m.group()


# --- HTML ------------------------------------------------------------------------------------

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def html_to_text(html: str) -> tuple[str, dict]:
    """Main text of an HTML page (trafilatura) and what its metadata says: title, url, outlet, published."""
    if not re.search(r"(?i)<(html|body|head)\b", html[:5000]):
        return _fragment_text(html), {}
    import trafilatura  # heavy import, only when a page is HTML

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(  # no url: it would hide the page's canonical one
            html, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True})
        text = (doc.text or "") if doc else ""
        if not text.strip():
            text = trafilatura.html2txt(html) or ""
    meta = {}
    if doc:
        meta = {"title": doc.title, "url": doc.url, "outlet": doc.sitename, "published": doc.date}
        lines = text.split("\n", 1)
        if doc.title and fold(lines[0]) == fold(doc.title):  # the headline repeated as first line
            text = lines[1] if len(lines) > 1 else ""
    return text, {k: v for k, v in meta.items() if v}


_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(p|div|li|h[1-6]|blockquote|tr|section|article)>")


def _fragment_text(html: str) -> str:
    """Text of an HTML fragment (a feed entry, a JSON field): tags out, paragraphs kept."""
    from lxml import etree
    from lxml import html as lxml_html

    marked = _BLOCK_END.sub("\n", html)
    try:
        root = lxml_html.fragment_fromstring(marked, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", marked)
    for node in root.xpath("//script|//style"):
        node.drop_tree()
    return root.text_content()


# --- boilerplate and page splitting ------------------------------------------------------------

_LINE_RULES = [(kind, re.compile(p)) for kind, p in [
    ("ad", r"^\[ad_\d+\]$|^(اعلان|advertisement)$"),
    ("paywall", r"^(فتح|افتح) .{0,40}(مجانا|مجانيه)$|^unlock the editor's digest for free$"),
    ("share", r"^(شاركها|شارك|شارك الخبر|شارك المقال|شارك هذا المقال|share this( article)?)\s*[.:]?$"),
    ("tags", r"^(كلمات دلاليه|الكلمات الدلاليه|كلمات مفتاحيه|الكلمات المفتاحيه|الوسوم|وسوم|tags)\s*[:：]"),
    ("link", r"^[.\s]*(تفاصيل|التفاصيل|للتفاصيل|اقرا المزيد|اقرا التفاصيل)\s*[.:]?$"),
]]
_SOURCE_LINE = re.compile(r"^المصدر\s*[:：]?\s*(?P<outlet>[^.:،]{0,60})$")
_RELATED = re.compile(r"^(اقرا|طالع|شاهد|اقرأ) (ايضا|كذلك)\s*[:：]?\s*(?P<title>.*)$")
_PUBLISHED_LINE = re.compile(r"^(تاريخ النشر|نشر بتاريخ|نشر في|تاريخ الاضافه|published( on)?)\s*[:：]\s*(?P<date>.+)$")
# (kind, a string the line must contain for the rule to apply, pattern); the string keeps the scan cheap
_INLINE_RULES = [(kind, trigger, re.compile(p)) for kind, trigger, p in [
    ("ad", "[ad_", r"\s*\[ad_\d+\]\s*"),
    # an embedded tweet's signature: — Name (@handle) June 19, 2024
    ("tweet", "(@", r"\s*[—–-]\s*[^\n—–]{1,80}?\(@\w{1,30}\)\s*(?:[A-Za-z]+\.? \d{1,2}, \d{4}|\d{1,2} \S+ \d{4})"),
    ("tweet", "pic.twitter.com/", r"\s*(?:https?://)?pic\.twitter\.com/\w+"),
    ("tweet", "t.co/", r"\s*https?://t\.co/\w+"),
    # a photo credit closing a caption: "© agency via AP", at most fifteen words to the line's end
    ("credit", "©", r"\s*©(?:\s*\S+){1,15}\s*$"),
]]
# The source must look like an outlet's name: a word such as موقع/صحيفة/وكالة and a name, or a Latin name.
_OUTLET_NAME = r"(?:(?:موقع|صحيفة|صحيفه|جريدة|جريده|وكالة|وكاله|قناة|قناه|شبكة|شبكه|بوابة|بوابه|مجلة|مجله|إذاعة|اذاعة|راديو|تلفزيون) [^\n.،,]{1,30}?|[A-Za-z][A-Za-z0-9 .&]{1,30}?)"
_GLUED_HEADLINE = re.compile(
    rf"^(?P<title>[^\n.!؟?]{{12,220}}?) [-–—] (?P<outlet>{_OUTLET_NAME}[0-9A-Za-z.])(?=[\u0621-\u064a])(?P<rest>.+)$")
# In a related-items section, a headline with its source on a line of its own: "… - موقع 24"
_HEADLINE_WITH_SOURCE = re.compile(rf"^(?P<title>[^\n.!؟?]{{12,220}}?) [-–—] (?P<outlet>{_OUTLET_NAME}[^\s.،,])$")
_SENTENCE_END = (".", ":", "،", ",", "؛", ";", "…")


@dataclass
class _Part:
    title: str | None = None
    lines: list[str] = field(default_factory=list)
    outlet: str | None = None
    published: str | None = None
    removed: list[Removed] = field(default_factory=list)
    related: bool = False  # opened by a "read also" marker


def clean_page(page: RawPage) -> list[Article]:
    """The articles on a page, cleaned; several when the page carries related items."""
    meta = {}
    text = page.text or ""
    if page.html is not None:
        text, meta = html_to_text(page.html)
    text, junk = repair(text)
    parts = _split(text)
    parts[0].removed[:0] = junk
    first = parts[0]
    title = page.title or meta.get("title")
    if title:
        first.title = title
    elif first.title is None:
        first.title = _leading_title(first.lines)
    page_outlet = page.outlet or meta.get("outlet") or next((p.outlet for p in parts if p.outlet), None)
    published = page.published or parse_date(meta.get("published")) or first.published
    articles = []
    for n, p in enumerate(parts, start=1):
        body = "\n\n".join(p.lines)
        if not body and not p.title:
            continue
        articles.append(Article(
            id=content_id(p.title, body), text=body, title=p.title,
            url=(page.url or meta.get("url") or _fetched_from(page)) if n == 1 else None,
            outlet=p.outlet if n > 1 and p.outlet else (page_outlet if n == 1 else p.outlet or page_outlet),
            published=published if n == 1 else p.published,
            source=page.source, source_file=page.source_file, part=len(articles) + 1,
            fetched=page.fetched, removed=tuple(p.removed)))
    return articles


def _fetched_from(page: RawPage) -> str | None:
    return page.source if re.match(r"https?://", page.source) and "#" not in page.source else None


def content_id(title: str | None, text: str) -> str:
    """The article id: a hash of its folded title and text, the same for every copy ingested."""
    return hashlib.sha256(f"{fold(title or '')}\n{fold(text)}".encode()).hexdigest()[:16]


def _split(text: str) -> list[_Part]:
    parts = [_Part()]
    for raw in text.split("\n"):
        line = re.sub(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+", " ", raw).strip()
        if not line:
            continue
        part = parts[-1]
        key = fold(line[:120])  # every rule reads a line's opening words
        kind = next((k for k, rule in _LINE_RULES if rule.search(key)), None)
        if kind:
            part.removed.append(Removed(kind, line))
            continue
        if m := _SOURCE_LINE.match(key):
            part.removed.append(Removed("source", line))
            named = re.sub(r"^\S+\s*[:：]?\s*", "", line).strip()
            part.outlet = part.outlet or named or None
            continue
        if m := _RELATED.match(key):
            part.removed.append(Removed("marker", line))
            rest = re.split(r"[:：]", line, maxsplit=1)[1].strip() if m["title"] and re.search(r"[:：]", line) else ""
            parts.append(_Part(title=rest or None, related=True))
            continue
        for k, trigger, rule in _INLINE_RULES:
            if trigger in line:
                line = _cut(rule, line, part.removed, k)
        if not line:
            continue
        if m := _GLUED_HEADLINE.match(line):
            parts.append(_Part(title=m["title"].strip(), outlet=m["outlet"].strip(), lines=[m["rest"].strip()],
                               removed=[Removed("source", m["outlet"])]))
            continue
        if part.related and (m := _HEADLINE_WITH_SOURCE.match(line)) and part.title is None:
            part.title, part.outlet = m["title"].strip(), m["outlet"].strip()
            continue
        if part.related and part.title is None and not part.lines and _title_like(line):
            part.title = line
            continue
        if part.related and part.title and not part.lines and line[0] in "وف":
            # the "read also" was an inline link: the main article goes on after it
            parts.pop()
            parts[-1].removed.append(Removed("related", part.title))
            parts[-1].removed.extend(part.removed)
            part = parts[-1]
        if (m := _PUBLISHED_LINE.match(key)) and part.published is None:
            part.published = parse_date(m["date"])
        part.lines.append(line)
    # a "read also" item with a headline and no body is a link, not an article
    kept = [parts[0]]
    for p in parts[1:]:
        if p.lines:
            kept.append(p)
        else:
            kept[-1].removed.extend(p.removed + ([Removed("related", p.title)] if p.title else []))
    return kept


def _cut(rule: re.Pattern, line: str, removed: list[Removed], kind: str) -> str:
    found = [m.group().strip() for m in rule.finditer(line)]
    if not found:
        return line
    removed.extend(Removed(kind, f) for f in found)
    return re.sub(r"\s{2,}", " ", rule.sub(" ", line)).strip()


def _title_like(line: str) -> bool:
    return len(line) <= 250 and len(line.split()) <= 30 and not line.endswith(_SENTENCE_END)


def _leading_title(lines: list[str]) -> str | None:
    """The headline of a plain-text page: a short first line, in the body's script (not a caption)."""
    if len(lines) < 2:
        return None
    body_arabic = _is_arabic(" ".join(lines[1:6]))
    for i, line in enumerate(lines[:2]):
        if not _title_like(line) or i + 1 >= len(lines):
            return None
        if _is_arabic(line) == body_arabic:
            return lines.pop(i)
    return None


def _is_arabic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum("\u0600" <= c <= "\u06ff" for c in letters) >= 0.5 * len(letters)
