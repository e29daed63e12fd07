"""The web app and its JSON API on one store (FastAPI, server-rendered Jinja2, no script at all).

Every page has a JSON twin under /api made from the same `views` call (as Datasette does). Reading
needs nothing; writing (POST /api/articles, POST /api/feeds) needs the token set in `RASID_TOKEN` (or
given to `create_app`), and without one the app is read-only and answers 401. Article text is
untrusted: templates escape everything, the Content-Security-Policy forbids any script and inline
style, and request bodies are capped.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Annotated, Optional

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from rasid.store import Store, default_path
from rasid.web import render, views
from rasid.web.i18n import LANGS, STRINGS

HERE = Path(__file__).resolve().parent
MAX_BODY = 5 * 2**20  # bytes a POST may carry: a long page, not a dump
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")


Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0)]
MinArticles = Annotated[int, Query(ge=1)]


class ArticleIn(BaseModel):
    """A page or a text to add: `html` (a whole page) or `text`, and what is known of it."""

    html: Optional[str] = None
    text: Optional[str] = None
    title: Optional[str] = Field(None, max_length=2000)
    url: Optional[str] = Field(None, max_length=4000)
    outlet: Optional[str] = Field(None, max_length=500)
    published: Optional[str] = Field(None, max_length=64)


class FeedIn(BaseModel):
    url: str = Field(..., max_length=4000, description="an RSS or Atom feed (or a page) to fetch and ingest")


def create_app(db: str | Path | None = None, token: str | None = None, max_body: int = MAX_BODY) -> FastAPI:
    path = str(db or default_path())
    token = token if token is not None else os.environ.get("RASID_TOKEN") or None
    Store(path).close()  # create or migrate once, before any request
    threading.Thread(target=views.warm, args=(path,), daemon=True).start()
    local = threading.local()

    def store() -> Store:
        if getattr(local, "store", None) is None:
            local.store = Store(path)
        return local.store

    # the interactive docs pages load scripts from a CDN, which neither an offline machine nor the CSP
    # allows: the API is documented by /openapi.json and the page /api
    app = FastAPI(title="Rasid", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Arabic news intelligence: stories, entities, figures and timelines across outlets. "
                  "Every HTML page has a JSON twin here.")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["timeline_svg"] = render.timeline_svg

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if request.method in ("POST", "PUT", "PATCH"):
            length = request.headers.get("content-length")
            if length is None:
                return JSONResponse({"detail": "a Content-Length is required"}, status_code=411)
            if not length.isdigit() or int(length) > max_body:
                return JSONResponse({"detail": f"request larger than {max_body} bytes"}, status_code=413)
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def lang_of(request: Request) -> str:
        lang = request.query_params.get("lang") or request.cookies.get("lang") or "ar"
        return lang if lang in LANGS else "ar"

    def page(request: Request, name: str, data: dict, status: int = 200) -> HTMLResponse:
        lang = lang_of(request)
        other = "en" if lang == "ar" else "ar"
        response = templates.TemplateResponse(request, name, {
            "t": STRINGS[lang], "lang": lang, "dir": "rtl" if lang == "ar" else "ltr", "other": other,
            "other_url": request.url.include_query_params(lang=other), **data}, status_code=status)
        if request.query_params.get("lang") in LANGS:
            response.set_cookie("lang", lang, samesite="lax", httponly=True)
        return response

    def missing(request: Request, what: str) -> HTMLResponse:
        return page(request, "missing.html", {"what": what}, status=404)

    def require_token(authorization: Annotated[Optional[str], Header()] = None):
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not token or not given or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "writing needs the token (Authorization: Bearer …); without one set, the"
                                     " app is read-only", headers={"WWW-Authenticate": "Bearer"})

    # --- JSON API -------------------------------------------------------------------------

    @app.get("/api/stories", tags=["api"])
    def api_stories(q: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                    outlet: Optional[str] = None, entity: Optional[str] = None,
                    min_articles: MinArticles = 1, limit: Limit = views.PAGE, offset: Offset = 0):
        """Stories, newest first; filter by words, dates (ISO), outlet, entity (any spelling or id)."""
        return views.stories(store(), q=q, since=since, until=until, outlet=outlet, entity=entity,
                             min_articles=min_articles, limit=limit, offset=offset)

    @app.get("/api/stories/{ident}", tags=["api"])
    def api_story(ident: str):
        """A story's brief: summary with citations, timeline, figures (agree/differ), entities, sources."""
        return views.story(store(), ident) or _404("story")

    @app.get("/api/entities", tags=["api"])
    def api_entities(q: Optional[str] = None, type: Optional[str] = None, since: Optional[str] = None,
                     until: Optional[str] = None, outlet: Optional[str] = None, limit: Limit = views.PAGE,
                     offset: Offset = 0):
        """Entities, most mentioned first (in articles of a period or an outlet), or those a name points to."""
        return views.entities(store(), q=q, type=type, since=since, until=until, outlet=outlet, limit=limit,
                              offset=offset)

    @app.get("/api/entities/{ident}", tags=["api"])
    def api_entity(ident: str, limit: Limit = views.PAGE):
        """An entity: spellings, timeline, co-occurring entities, claims about it, stories naming it."""
        return views.entity(store(), ident, limit=limit) or _404("entity")

    @app.get("/api/claims", tags=["api"])
    def api_claims(entity: Optional[str] = None, unit: Optional[str] = None, since: Optional[str] = None,
                   until: Optional[str] = None, outlet: Optional[str] = None, limit: Limit = views.PAGE,
                   offset: Offset = 0):
        """Figures claimed: value, counted thing, actor, attribution chain; filter by entity, unit, dates, outlet."""
        return views.claims(store(), entity=entity, unit=unit, since=since, until=until, outlet=outlet, limit=limit,
                            offset=offset)

    @app.get("/api/articles/{ident}", tags=["api"])
    def api_article(ident: str):
        """An article with its mentions, dates and claims (character offsets into its text)."""
        return views.article(store(), ident) or _404("article")

    @app.get("/api/search", tags=["api"])
    def api_search(q: str, since: Optional[str] = None, until: Optional[str] = None, outlet: Optional[str] = None,
                   limit: Limit = views.PAGE, offset: Offset = 0, semantic: bool = True):
        """Full-text search (every spelling; filter by dates and outlet) and semantic neighbours by embedding."""
        return views.search(store(), q, limit=limit, offset=offset, since=since, until=until, outlet=outlet,
                            semantic=semantic)

    @app.post("/api/articles", tags=["api"], status_code=201, dependencies=[Depends(require_token)])
    def api_add_article(item: ArticleIn):
        """Add a page (`html`) or a text, analyse it and place it among the stories."""
        from rasid.model import RawPage
        from rasid.pipeline import ingest_pages
        from rasid.text.calendar import parse_date

        if bool(item.html) == bool(item.text):
            raise HTTPException(422, "give exactly one of html and text")
        published = parse_date(item.published) if item.published else None
        if item.published and published is None:
            raise HTTPException(422, f"cannot read the date {item.published!r}")
        body = item.html or item.text
        source = "api:" + hashlib.sha1(body.encode()).hexdigest()[:16]
        page = RawPage(source=source, html=item.html, text=item.text, title=item.title, url=item.url,
                       outlet=item.outlet, published=published)
        report = ingest_pages([page], store())
        if not report.ids:
            raise HTTPException(422, "; ".join(p.reason for p in report.problems) or "no article text found")
        return {"articles": report.ids, "new": report.new, "known": report.known}

    @app.post("/api/feeds", tags=["api"], status_code=201, dependencies=[Depends(require_token)])
    def api_add_feed(item: FeedIn):
        """Fetch a feed (or page) URL and ingest every entry."""
        from rasid.pipeline import ingest

        if not item.url.startswith(("http://", "https://")):
            raise HTTPException(422, "the url must be http or https")
        report = ingest([item.url], store(), workers=1)
        problems = [{"source": p.source, "reason": p.reason} for p in report.problems]
        if not report.ids:
            raise HTTPException(422, {"message": "nothing could be read from the url", "problems": problems})
        return {"articles": report.ids, "new": report.new, "known": report.known, "problems": problems}

    # --- pages -----------------------------------------------------------------------------

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request):
        """The API, as the generated OpenAPI document describes it."""
        spec = app.openapi()
        routes = [{"method": m.upper(), "path": p, "summary": op.get("summary", ""), "doc": op.get("description", ""),
                   "params": [x["name"] for x in op.get("parameters", [])]}
                  for p, ops in spec["paths"].items() for m, op in ops.items()]
        return page(request, "api.html", {"routes": routes})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, q: Optional[str] = None, since: Optional[str] = None,
                     until: Optional[str] = None, outlet: Optional[str] = None, entity: Optional[str] = None,
                     min_articles: MinArticles = 1, offset: Offset = 0):
        data = views.stories(store(), q=q or None, since=since or None, until=until or None, outlet=outlet or None,
                             entity=entity or None, min_articles=min_articles, offset=offset)
        return page(request, "stories.html", data)

    @app.get("/stories/{ident}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, ident: str):
        data = views.story(store(), ident)
        return page(request, "story.html", {"b": data}) if data else missing(request, "story")

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(request: Request, q: Optional[str] = None, type: Optional[str] = None, offset: Offset = 0):
        return page(request, "entities.html", views.entities(store(), q=q or None, type=type or None, offset=offset))

    @app.get("/entities/{ident}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, ident: str):
        data = views.entity(store(), ident)
        return page(request, "entity.html", data) if data else missing(request, "entity")

    @app.get("/articles/{ident}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, ident: str):
        data = views.article(store(), ident)
        if not data:
            return missing(request, "article")
        text = render.highlighted(data["article"]["text"], data["mentions"], data["dates"], data["claims"],
                                  lang_of(request))
        return page(request, "article.html", data | {"text": text})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = ""):
        return page(request, "search.html", views.search(store(), q))

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_page(request: Request, entity: Optional[str] = None, unit: Optional[str] = None, offset: Offset = 0):
        return page(request, "claims.html", views.claims(store(), entity=entity or None, unit=unit or None,
                                                         offset=offset))

    app.add_middleware(PageCache, path=path)
    return app


class PageCache:
    """Answers a GET it answered before from memory, until the store changes (its corpus version moves).

    Pages are functions of the store, so a repeated request (the story list, a popular story, a common
    search) costs a lookup; a write, or new articles placed by the corpus step, empties the cache.
    Responses that set a cookie or are not 200 are never kept."""

    def __init__(self, app, path: str, size: int = 4096, max_body: int = 2**20):
        self.app, self.size, self.max_body = app, size, max_body
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.entries: OrderedDict = OrderedDict()
        self.version = None
        self.lock = threading.Lock()

    def _current(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'corpus_version'").fetchone()
        return row[0] if row else 0

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith("/static"):
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        key = (scope["path"], scope["query_string"], _lang_cookie(headers.get(b"cookie", b"")))
        with self.lock:
            version = self._current()
            if version != self.version:
                self.entries.clear()
                self.version = version
            hit = self.entries.get(key)
            if hit:
                self.entries.move_to_end(key)
        if hit:
            await send({"type": "http.response.start", "status": 200, "headers": hit[0]})
            await send({"type": "http.response.body", "body": hit[1]})
            return
        start, chunks = {}, []

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        if (start.get("status") == 200 and len(body) <= self.max_body
                and not any(k.lower() == b"set-cookie" for k, _ in start.get("headers", []))):
            with self.lock:
                if self.version == version:
                    self.entries[key] = (start["headers"], body)
                    if len(self.entries) > self.size:
                        self.entries.popitem(last=False)


def _lang_cookie(cookie: bytes) -> bytes:
    m = re.search(rb"(?:^|;\s*)lang=(\w+)", cookie)
    return m.group(1) if m else b""


def _404(what: str):
    raise HTTPException(404, f"no such {what}")


def app_from_env() -> FastAPI:
    """For `uvicorn --factory` with several workers: the store and token from RASID_DB and RASID_TOKEN."""
    return create_app(os.environ.get("RASID_DB"), os.environ.get("RASID_TOKEN"))
