"""From a raw page to the articles a reader sees: repair encoding, cut boilerplate, split pages.

Cleaning removes; it never rewrites the words a reader sees. Everything it cuts is kept on the
article as `Removed(kind, text)`, so a cut can always be audited. The only changes inside kept text
are encoding repair (mojibake back to the words that were meant, lone surrogates to U+FFFD) and
whitespace; control characters (NUL and the rest of C0 and C1 but tab and newline) are cut, and a
line with nothing visible on it is no text.

Boilerplate is recognised on the folded form of a line (see `normalize.fold`), so one pattern covers
its spellings. To teach Rasid a new kind, add a pattern to `_LINE_RULES` (a whole line) or
`_INLINE_RULES` (a piece of a line, through `_pattern`) with the kind it records. Every rule runs on
lines of any length: no pattern may backtrack more than a bounded amount (tests/test_fuzz.py).
"""
from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import ftfy

from rasid.model import Article, RawPage, Removed
from rasid.text.calendar import parse_date
from rasid.text.normalize import fold
from rasid.text.safe import printable

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
# of such characters (NBSP and NEL among them are spaces), one of them Â, Ã or â, which no Arabic or
# English word is. Possessive: a token not followed by a space fails at once rather than trying every
# shorter one, which made long lines quadratic.
_MOJI = ("\u00c2\u00c3\u00e2\u0080-\u0084\u0086-\u009f\u00a1-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021"
         "\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a"
         "\u0153\u017e\u0178")
_MOJI_TOKEN = f"[{_MOJI}]++(?!\\S)"
_MOJI_RUN = re.compile(f"(?<!\\S){_MOJI_TOKEN}(?:[ \t\u00a0\u0085]++{_MOJI_TOKEN})*+")
_JUNK_MARK = re.compile("[\u00c2\u00c3\u00e2]")
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
    return _MOJI_RUN.sub(lambda m: _cut_junk(m, removed), text), removed


def _cut_junk(m: re.Match, removed: list[Removed]) -> str:
    """A run of such tokens is junk only with an Â, Ã or â in it: else it is punctuation, and stays."""
    if not _JUNK_MARK.search(m.group()):
        return m.group()
    removed.append(Removed("junk", m.group().strip()))
    return " "


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


# --- characters no reader sees ------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 and C1 but tab and newline
_C0_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # the same but C1, which may be mojibake still to repair
_SPACES = re.compile(r"\s+")
# a character reference to a C0 control (&#1;, &#x1f;): the parser would write the control into the tree
_CONTROL_REF = re.compile(r"&#(?:0*(?:[0-8]|1[124-9]|2\d|3[01]|127)|[xX]0*(?:[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF]));")


def _without_controls(text: str, removed: list[Removed], controls: re.Pattern = _CONTROL) -> str:
    """`text` without control characters, recorded by code point in `removed`. A control that separates
    (form feed, NEL, the information separators) becomes a line break, so the words it separated stay apart;
    CR and CRLF are line ends."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not controls.search(text):
        return text
    removed.append(Removed("control", _code_points(controls.findall(text))))
    return controls.sub(lambda m: "\n" if m.group().isspace() else "", text)


def _visible(line: str) -> bool:
    """Whether a line shows anything: not only spaces and format characters (direction marks, BOM, ZWJ)."""
    return any(not c.isspace() and unicodedata.category(c) != "Cf" for c in line)


def _code_points(chars: list[str] | str) -> str:
    """What a cut of invisible characters records: "U+0000 ×3, U+200F ×1"."""
    return ", ".join(f"U+{ord(c):04X} ×{n}" for c, n in sorted(Counter(chars).items()))


# --- HTML ------------------------------------------------------------------------------------

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def html_to_text(html: str) -> tuple[str, dict]:
    """Main text of an HTML page (trafilatura) and what its metadata says: title, url, outlet, published."""
    if not re.search(r"(?i)<(html|body|head)\b", html[:5000]):
        return _fragment_text(html), {}
    import trafilatura  # heavy import, only when a page is HTML
    from trafilatura.settings import Document

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = trafilatura.bare_extraction(  # no url: it would hide the page's canonical one
            html, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True})
        doc = found if isinstance(found, Document) else None  # a dict only when asked for one
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
        return _strip_tags(marked)
    for node in root.xpath("//script|//style"):
        node.drop_tree()
    return root.text_content()


def _strip_tags(html: str) -> str:
    """Tags out, by pattern, for a fragment lxml cannot parse. Only up to the last ">": a "<" with no
    ">" after it would send the pattern to the end of the text from every such "<" (quadratic)."""
    end = html.rfind(">") + 1
    return re.sub(r"<[^>]+>", " ", html[:end]) + html[end:]


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

_Spans = list[tuple[int, int]]  # (start, end) of the pieces an inline rule finds in a line


def _pattern(pattern: str) -> Callable[[str], _Spans]:
    """An inline rule that finds where `pattern` matches."""
    rule = re.compile(pattern)
    return lambda line: [m.span() for m in rule.finditer(line)]


_WORD = re.compile(r"\S+")
_CREDIT_WORDS = 15


def _closing_credit(line: str) -> _Spans:
    """A photo credit closing a caption: from a © to the line's end, with one to fifteen words after the ©
    ("© agency via AP"). The first © that leaves at most fifteen words wins, so "© AFP © Reuters" is one
    credit. A scan of the last words, not a pattern: `©(?:\\s*\\S+){1,15}\\s*$` backtracks exponentially
    on a longer line that does not end the way it wants."""
    words = [m.span() for m in _WORD.finditer(line)]
    for n in range(max(0, len(words) - _CREDIT_WORDS - 1), len(words)):
        start, end = words[n]
        after = len(words) - n - 1  # whole words after this one
        at = line.find("©", start, end)
        if at < 0:
            continue
        if after >= _CREDIT_WORDS:  # only a © closing this word leaves few enough words
            if line[end - 1] == "©":
                return [(end - 1, len(line))]
        elif at < end - 1 or after:  # something follows the ©
            return [(at, len(line))]
    return []


# (kind, a string the line must contain for the rule to apply, what the rule finds); the string keeps the
# scan cheap. Whitespace in a line is single spaces by then, and a cut takes the spaces around it.
_INLINE_RULES: list[tuple[str, str, Callable[[str], _Spans]]] = [
    ("ad", "[ad_", _pattern(r"\[ad_\d++\]")),
    # an embedded tweet's signature: — Name (@handle) June 19, 2024 (bounded throughout: one dash is
    # tried at every place of a long line)
    ("tweet", "(@", _pattern(r"[—–-]\s?[^\n—–]{1,80}?\(@\w{1,30}\)\s?"
                             r"(?:[A-Za-z]{1,12}\.? \d{1,2}, \d{4}|\d{1,2} \S{1,20} \d{4})")),
    ("tweet", "pic.twitter.com/", _pattern(r"(?:https?://)?pic\.twitter\.com/\w+")),
    ("tweet", "t.co/", _pattern(r"https?://t\.co/\w+")),
    ("credit", "©", _closing_credit),
]
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
    meta: dict[str, str] = {}
    removed: list[Removed] = []
    text = printable(page.text or "")
    if page.html is not None:
        html = _without_controls(printable(page.html), removed, _C0_CONTROL)
        if _CONTROL_REF.search(html):
            removed.append(Removed("control", _code_points([chr(int(r[3:-1], 16) if r[2] in "xX" else int(r[2:-1]))
                                                            for r in _CONTROL_REF.findall(html)])))
            html = _CONTROL_REF.sub(" ", html)
        text, meta = html_to_text(html)
    text, junk = repair(text)
    text = _without_controls(text, removed)
    parts = _split(text)
    parts[0].removed[:0] = removed + junk
    first = parts[0]
    title = _field(page.title, first.removed) or _field(meta.get("title"), first.removed)
    if title:
        first.title = title
    elif first.title is None:
        first.title = _leading_title(first.lines)
    page_outlet = (_field(page.outlet, first.removed) or _field(meta.get("outlet"), first.removed)
                   or next((p.outlet for p in parts if p.outlet), None))
    published = _field(page.published, first.removed) or parse_date(meta.get("published")) or first.published
    url = _field(page.url, first.removed) or _field(meta.get("url"), first.removed) or _fetched_from(page)
    articles: list[Article] = []
    for n, p in enumerate(parts, start=1):
        body = "\n\n".join(p.lines)
        if not body and not p.title:
            continue
        articles.append(Article(
            id=content_id(p.title, body), text=body, title=p.title,
            url=url if n == 1 else None,
            outlet=p.outlet if n > 1 and p.outlet else (page_outlet if n == 1 else p.outlet or page_outlet),
            published=published if n == 1 else p.published,
            source=page.source, source_file=page.source_file, part=len(articles) + 1,
            fetched=page.fetched, removed=tuple(p.removed)))
    return articles


def _field(value: str | None, removed: list[Removed]) -> str | None:
    """A title, outlet, URL or date as displayed: valid Unicode, no control characters, None when nothing
    visible is left."""
    if not value:
        return None
    value = _without_controls(printable(value), removed).replace("\n", " ").strip()
    return value if _visible(value) else None


def _fetched_from(page: RawPage) -> str | None:
    source = printable(page.source)
    return source if re.match(r"https?://", source) and "#" not in source else None


def content_id(title: str | None, text: str) -> str:
    """The article id: a hash of its folded title and text, the same for every copy ingested. Lone
    surrogates hash as they are (clean text has none, but an id must never fail)."""
    key = f"{fold(title or '')}\n{fold(text)}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _split(text: str) -> list[_Part]:
    parts = [_Part()]
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            continue
        part = parts[-1]
        if not _visible(line):
            part.removed.append(Removed("control", _code_points(line)))
            continue
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
        for k, trigger, find in _INLINE_RULES:
            if trigger in line:
                line = _cut(find(line), line, part.removed, k)
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


def _cut(spans: _Spans, line: str, removed: list[Removed], kind: str) -> str:
    """`line` without the pieces at `spans` (in order, apart), each recorded as `Removed(kind, piece)`."""
    if not spans:
        return line
    kept, pos = [], 0
    for start, end in spans:
        removed.append(Removed(kind, line[start:end].strip()))
        kept.append(line[pos:start])
        pos = end
    kept.append(line[pos:])
    return re.sub(r"\s{2,}", " ", " ".join(kept)).strip()


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
