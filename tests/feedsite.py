"""A news site on loopback for `rasid watch` tests and the soak benchmark: RSS feeds that gain entries,
article pages, conditional GET, and feeds that fail in every way a real one does. Nothing leaves 127.0.0.1.

`publish(feed, title, body)` adds an article page and an entry at the top of the feed. A feed's `mode`
makes it misbehave: "500", "hang" (answers after `hang` seconds), "gone" (404), "malformed" (broken
XML), "huge" (a body over any sane limit), "redirect" (302 to the feed at `/moved{path}`); "ok" again
restores it. `requests[path]` counts requests; `not_modified` counts 304 answers.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from xml.sax.saxutils import escape

from webserver import QuietServer

PAGE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title></head>
<body><header><nav><a href="/">الرئيسية</a></nav></header><article><h1>{title}</h1>{paragraphs}</article>
<footer>جميع الحقوق محفوظة</footer></body></html>"""


class NewsSite:
    def __init__(self, hang: float = 30.0):
        site = self
        self.lock = threading.Lock()
        self.feeds: dict[str, list[dict]] = {}
        self.pages: dict[str, bytes] = {}
        self.modes: dict[str, str] = {}
        self.page_modes: dict[str, str] = {}
        self.requests: Counter = Counter()
        self.not_modified = 0
        self.hang = hang
        self.titles: dict[str, str] = {}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                path = self.path.split("?")[0]
                with site.lock:
                    site.requests[path] += 1
                    feed = path.removeprefix("/moved")
                    mode = site.modes.get(feed, "ok") if feed in site.feeds else site.page_modes.get(path, "ok")
                if mode == "hang":
                    time.sleep(site.hang)
                if mode == "500":
                    return self.answer(500, b"server error", "text/plain")
                if mode == "gone":
                    return self.answer(404, b"not found", "text/plain")
                if mode == "redirect" and not path.startswith("/moved"):
                    return self.answer(302, b"", "text/plain", {"Location": f"/moved{path}"})
                if feed in site.feeds:
                    if mode == "malformed":
                        return self.answer(200, b"<rss><channel><item><title>broken", "application/rss+xml")
                    if mode == "huge":
                        return self.answer(200, b"<rss>" + b" " * (30 << 20), "application/rss+xml")
                    body, etag, modified = site.feed_xml(feed)
                    if self.headers.get("If-None-Match") == etag:
                        with site.lock:
                            site.not_modified += 1
                        return self.answer(304, b"", None, {"ETag": etag, "Last-Modified": modified})
                    return self.answer(200, body, "application/rss+xml; charset=utf-8",
                                       {"ETag": etag, "Last-Modified": modified})
                if path in site.pages:
                    return self.answer(200, site.pages[path], "text/html; charset=utf-8")
                return self.answer(404, b"not found", "text/plain")

            def answer(self, status, body, ctype, headers=None):
                try:
                    self.send_response(status)
                    if ctype:
                        self.send_header("Content-Type", ctype)
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass

            def log_message(self, *args):
                pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def feed(self, path: str, title: str) -> str:
        with self.lock:
            self.feeds.setdefault(path, [])
            self.titles[path] = title
        return self.url + path

    def publish(self, feed: str, title: str, paragraphs: list[str], *, published: float | None = None,
                summary: str | None = None) -> str:
        """A new article page and its entry at the top of `feed`; the page's URL."""
        slug = hashlib.sha1(f"{feed}{title}{len(self.pages)}".encode()).hexdigest()[:10]
        path = f"/news/{slug}.html"
        html = PAGE.format(title=escape(title), paragraphs="".join(f"<p>{escape(p)}</p>" for p in paragraphs))
        with self.lock:
            self.pages[path] = html.encode()
            self.feeds[feed].insert(0, {"title": title, "link": self.url + path, "summary": summary or paragraphs[0],
                                        "date": formatdate(published or time.time(), usegmt=True)})
        return self.url + path

    def feed_xml(self, path: str) -> tuple[bytes, str, str]:
        with self.lock:
            items = list(self.feeds[path][:50])
            title = self.titles[path]
        xml = "".join(f"<item><title>{escape(i['title'])}</title><link>{escape(i['link'])}</link>"
                      f"<description>{escape(i['summary'])}</description><pubDate>{i['date']}</pubDate></item>"
                      for i in items)
        body = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
                f"<link>{self.url}</link><description>news</description>{xml}</channel></rss>").encode()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = items[0]["date"] if items else formatdate(0, usegmt=True)
        return body, etag, modified

    def close(self):
        self.server.shutdown()
        self.server.server_close()


_CITIES = ("جدة", "الدمام", "أبها", "تبوك", "حائل", "جازان", "نجران", "الطائف", "بريدة", "ينبع", "الخبر", "عرعر")
_THINGS = ("مدرسة", "مستشفى", "حديقة", "جسر", "مكتبة", "ملعب", "سوق", "مركز صحي", "طريق", "محطة")


def article(n: int, *, city: str | None = None) -> tuple[str, list[str]]:
    """A made-up local news item, different for every `n`: a headline and three paragraphs."""
    where = city or _CITIES[n % len(_CITIES)]
    thing = _THINGS[(n // len(_CITIES)) % len(_THINGS)]
    count = 10 + (n * 7) % 90
    title = f"افتتاح {thing} جديد في {where} بتكلفة {count} مليون ريال (رقم {n})"
    return title, [
        f"افتتحت أمانة {where} صباح اليوم {thing} جديدا بتكلفة بلغت {count} مليون ريال، ضمن خطة تطوير الخدمات"
        f" في أحياء المدينة الشمالية والجنوبية، في المشروع رقم {n} من مشروعات العام.",
        f"وقال المتحدث باسم الأمانة إن المشروع يخدم نحو {count * 1000} نسمة، وإن العمل فيه استمر {n % 12 + 6} أشهر"
        " بمشاركة شركات وطنية، مشيرا إلى أن المرحلة الثانية ستبدأ مطلع العام المقبل.",
        f"وأضاف أن الأمانة تعمل على استكمال {n % 5 + 2} مشروعات أخرى في المنطقة خلال الأشهر المقبلة،"
        " داعيا السكان إلى المحافظة على المرافق العامة والإبلاغ عن أي ملاحظات عبر الرقم الموحد.",
    ]
