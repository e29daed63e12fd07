"""The web app and its JSON API on one store (FastAPI, server-rendered Jinja2, no script at all).

Every page has a JSON twin under /api made from the same `rasid.api` call (as Datasette does). Reading
needs nothing; writing (POST /api/articles, POST /api/feeds, POST and DELETE /api/watches) needs the
token set in `RASID_TOKEN` (or given to `create_app`), and without one the app is read-only and answers 401. Writes run in a separate
worker process with a deadline, so a slow or hostile article cannot stall the pages. URLs to fetch are
refused when they point at loopback, private or link-local addresses, unless the operator allows them.
Article text is untrusted: templates escape everything, the Content-Security-Policy forbids any script
and inline style, and request bodies are capped. No request, however malformed, gets a traceback.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Annotated, Any, Optional

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field, field_validator

from rasid import api
from rasid.api import BadRequest, to_json
from rasid.render import environment
from rasid.render.html import highlighted
from rasid.render.i18n import LANGS, STRINGS
from rasid.store import Store, StoreError, default_path
from rasid.version import __version__
from rasid.web.worker import JobTimeout, Worker, add_feed, add_page

HERE = Path(__file__).resolve().parent
MAX_BODY = 5 * 2**20  # bytes a POST may carry: a long page, not a dump
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
log = logging.getLogger("rasid.web")
LIVE = ("/static", "/sources", "/api/sources", "/alerts", "/api/alerts", "/api/watches", "/watches/")

Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=10**9)]
MinArticles = Annotated[int, Query(ge=1, le=10**9)]


def _repaired(value: str | None) -> str | None:
    """Text as stored: a lone surrogate (which no UTF-8 can hold) becomes U+FFFD."""
    from rasid.text.safe import printable

    return printable(value) if value is not None else None


class ArticleIn(BaseModel):
    """A page or a text to add: `html` (a whole page) or `text`, and what is known of it."""

    html: Optional[str] = None
    text: Optional[str] = None
    title: Optional[str] = Field(None, max_length=2000)
    url: Optional[str] = Field(None, max_length=4000)
    outlet: Optional[str] = Field(None, max_length=500)
    published: Optional[str] = Field(None, max_length=64)

    _repair = field_validator("html", "text", "title", "url", "outlet", "published")(_repaired)


class WatchIn(BaseModel):
    """What to follow: an entity (any spelling), a search query, a story id, or the figures about an entity
    outlets compare (`relation`: differ, revised, agree); `webhook`: a URL to POST each new alert to."""

    kind: str = Field(..., pattern="^(entity|query|story|figures)$")
    target: str = Field(..., min_length=1, max_length=500)
    relation: Optional[str] = Field(None, pattern="^(differ|revised|agree)$")
    webhook: Optional[str] = Field(None, max_length=2000)

    _repair = field_validator("target", "webhook")(_repaired)


class FeedIn(BaseModel):
    url: str = Field(..., max_length=4000, description="an RSS or Atom feed (or a page) to fetch and ingest")

    _repair = field_validator("url")(_repaired)


def create_app(db: str | Path | None = None, token: str | None = None, max_body: int = MAX_BODY, *,
               allow_private_urls: bool = False, write_timeout: float = 120.0, fetch_timeout: float = 30.0) -> FastAPI:
    path = str(db or default_path())
    token = token if token is not None else os.environ.get("RASID_TOKEN") or None
    Store(path).close()  # create or migrate once, before any request
    threading.Thread(target=api.warm, args=(path,), daemon=True).start()
    local = threading.local()
    worker = Worker(write_timeout)

    def store() -> Store:
        if getattr(local, "store", None) is None:
            local.store = Store(path)
        return local.store

    # the interactive docs pages load scripts from a CDN, which neither an offline machine nor the CSP
    # allows: the API is documented by /openapi.json and the page /api
    app = FastAPI(title="Rasid", version=__version__, docs_url=None, redoc_url=None,
                  description="Arabic news intelligence: stories, entities, figures and timelines across outlets. "
                  "Every HTML page has a JSON twin here.")
    app.router.add_event_handler("shutdown", worker.close)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    env = environment(HERE / "templates")
    env.globals["app_links"] = True
    templates = Jinja2Templates(env=env)

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

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api")

    def page(request: Request, name: str, data: dict, status: int = 200) -> HTMLResponse:
        lang = lang_of(request)
        other = "en" if lang == "ar" else "ar"
        response = templates.TemplateResponse(request, name, {
            "t": STRINGS[lang], "lang": lang, "dir": "rtl" if lang == "ar" else "ltr", "other": other,
            "other_url": request.url.include_query_params(lang=other), **data}, status_code=status)
        if request.query_params.get("lang") in LANGS:
            response.set_cookie("lang", lang, samesite="lax", httponly=True)
        return response

    def problem(request: Request, status: int, detail: Any) -> Any:
        if wants_html(request):
            return page(request, "missing.html", {"what": detail if isinstance(detail, str) else str(detail),
                                                  "status": status}, status=status)
        return JSONResponse({"detail": detail}, status_code=status)

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, e: BadRequest):
        return problem(request, 422, str(e))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError):
        errors = [{"loc": list(err.get("loc", ())), "msg": err.get("msg", "")} for err in e.errors()]
        return problem(request, 422, errors if not wants_html(request) else "; ".join(
            f"{'.'.join(map(str, x['loc'][1:]))}: {x['msg']}" for x in errors))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, e: StoreError):
        return problem(request, 503, str(e))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, e: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return problem(request, 500, "internal error")

    def require_token(authorization: Annotated[Optional[str], Header()] = None):
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not token or not given or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "writing needs the token (Authorization: Bearer …); without one set, the"
                                     " app is read-only", headers={"WWW-Authenticate": "Bearer"})

    def found(result: Any, what: str) -> Any:
        if result is None:
            raise HTTPException(404, f"no such {what}")
        return to_json(result)

    # --- JSON API -------------------------------------------------------------------------

    @app.get("/api/stories", tags=["api"])
    def api_stories(q: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                    outlet: Optional[str] = None, entity: Optional[str] = None,
                    min_articles: MinArticles = 1, limit: Limit = api.PAGE, offset: Offset = 0):
        """Stories, newest first; filter by words, dates (ISO), outlet, entity (any spelling or id)."""
        return to_json(api.stories(store(), q=q, since=since, until=until, outlet=outlet, entity=entity,
                                   min_articles=min_articles, limit=limit, offset=offset))

    @app.get("/api/stories/{ident}", tags=["api"])
    def api_story(ident: str):
        """A story's brief: summary with citations, timeline, figures (agree/differ), entities, sources."""
        return found(api.story(store(), ident), "story")

    @app.get("/api/entities", tags=["api"])
    def api_entities(q: Optional[str] = None, type: Optional[str] = None, since: Optional[str] = None,
                     until: Optional[str] = None, outlet: Optional[str] = None, limit: Limit = api.PAGE,
                     offset: Offset = 0):
        """Entities, most mentioned first (in articles of a period or an outlet), or those a name points to."""
        return to_json(api.entities(store(), q=q, type=type, since=since, until=until, outlet=outlet, limit=limit,
                                    offset=offset))

    @app.get("/api/entities/{ident}", tags=["api"])
    def api_entity(ident: str, limit: Limit = api.PAGE):
        """An entity: spellings, timeline, co-occurring entities, claims about it, stories naming it."""
        return found(api.entity(store(), ident, limit=limit), "entity")

    @app.get("/api/claims", tags=["api"])
    def api_claims(entity: Optional[str] = None, unit: Optional[str] = None, since: Optional[str] = None,
                   until: Optional[str] = None, outlet: Optional[str] = None, kind: Optional[str] = None,
                   limit: Limit = api.PAGE, offset: Offset = 0):
        """Figures claimed: value, counted thing, actor, attribution chain; filter by entity, unit, dates, outlet,
        and by how outlets compare on them (kind: differ, revised, agree, single)."""
        return to_json(api.claims(store(), entity=entity, unit=unit, since=since, until=until, outlet=outlet,
                                  kind=kind, limit=limit, offset=offset))

    @app.get("/api/articles/{ident}", tags=["api"])
    def api_article(ident: str):
        """An article with its mentions, dates and claims (character offsets into its text)."""
        return found(api.article(store(), ident), "article")

    @app.get("/api/search", tags=["api"])
    def api_search(q: str, since: Optional[str] = None, until: Optional[str] = None, outlet: Optional[str] = None,
                   limit: Limit = api.PAGE, offset: Offset = 0, semantic: bool = True):
        """Full-text search (every spelling; filter by dates and outlet) and semantic neighbours by embedding."""
        return to_json(api.search(store(), q, limit=limit, offset=offset, since=since, until=until, outlet=outlet,
                                  semantic=semantic))

    def run_write(job, *args):
        try:
            return worker.run(job, path, *args)
        except JobTimeout as e:
            raise HTTPException(503, f"{e}; what was stored is kept and the rest can be sent again") from None

    @app.post("/api/articles", tags=["api"], status_code=201, dependencies=[Depends(require_token)])
    def api_add_article(item: ArticleIn):
        """Add a page (`html`) or a text, analyse it and place it among the stories."""
        from rasid.model import RawPage
        from rasid.text.calendar import parse_date

        if bool(item.html) == bool(item.text):
            raise HTTPException(422, "give exactly one of html and text")
        published = parse_date(item.published) if item.published else None
        if item.published and published is None:
            raise HTTPException(422, f"cannot read the date {item.published!r}")
        body = item.html or item.text or ""
        source = "api:" + hashlib.sha1(body.encode("utf-8", "replace")).hexdigest()[:16]
        page = RawPage(source=source, html=item.html, text=item.text, title=item.title, url=item.url,
                       outlet=item.outlet, published=published)
        report = run_write(add_page, page)
        if not report.ids:
            raise HTTPException(422, "; ".join(p.reason for p in report.problems) or "no article text found")
        return {"articles": report.ids, "new": report.new, "known": report.known}

    @app.post("/api/feeds", tags=["api"], status_code=201, dependencies=[Depends(require_token)])
    def api_add_feed(item: FeedIn):
        """Fetch a feed (or page) URL and ingest every entry."""
        if not re.match(r"(?i)^https?://", item.url):
            raise HTTPException(422, "the url must be http or https")
        report = run_write(add_feed, item.url, allow_private_urls, fetch_timeout)
        problems = [{"source": p.source, "reason": p.reason} for p in report.problems]
        if not report.ids:
            raise HTTPException(422, {"message": "nothing could be read from the url", "problems": problems})
        return {"articles": report.ids, "new": report.new, "known": report.known, "problems": problems}

    @app.get("/api/sources", tags=["api"])
    def api_sources():
        """The feeds and sitemaps `rasid watch` polls: last poll, new articles, failures, last error."""
        return to_json(api.sources(store()))

    @app.get("/api/watches", tags=["api"])
    def api_watches():
        """What is followed: entities, queries, stories, disputed figures."""
        return to_json(api.watches(store()))

    @app.post("/api/watches", tags=["api"], status_code=201, dependencies=[Depends(require_token)])
    def api_add_watch(item: WatchIn):
        """Follow something; new articles that match appear on /alerts and in the watch's Atom feed."""
        if item.webhook and not allow_private_urls:
            from rasid.ingest.fetch import refusal

            if why := refusal(item.webhook):  # checked now, not at the first alert
                raise HTTPException(422, f"webhook {why}")
        return to_json(api.add_watch(store(), item.kind, item.target, relation=item.relation, webhook=item.webhook))

    @app.delete("/api/watches/{ident}", tags=["api"], dependencies=[Depends(require_token)])
    def api_remove_watch(ident: str):
        """Stop following; its alerts go with it."""
        if not api.remove_watch(store(), ident):
            raise HTTPException(404, "no such watch")
        return {"removed": ident}

    @app.get("/api/alerts", tags=["api"])
    def api_alerts(watch: Optional[str] = None, limit: Limit = api.PAGE, offset: Offset = 0):
        """New articles that matched a watch, newest first (of one watch, if given)."""
        return to_json(api.alerts(store(), watch=watch, limit=limit, offset=offset))

    @app.get("/watches/{ident}/feed.atom", tags=["api"])
    def watch_feed(request: Request, ident: str):
        """A watch's alerts as an Atom feed, for any feed reader."""
        from fastapi.responses import Response

        from rasid.corpus.alerts import atom

        r = api.alerts(store(), watch=ident, limit=50) if store().watch(ident) else None
        if r is None or r.watch is None:
            raise HTTPException(404, "no such watch")
        return Response(atom(r.watch, r.alerts, str(request.base_url)), media_type="application/atom+xml")

    @app.get("/api/outlets", tags=["api"])
    def api_outlets():
        """Every outlet: articles carried, first and last day."""
        return to_json(api.outlets(store()))

    @app.get("/api/outlets/{name}", tags=["api"])
    def api_outlet(name: str):
        """An outlet's profile: top entities and stories, how often it is first, who copies whom, its figures."""
        return found(api.outlet(store(), name), "outlet")

    # --- pages -----------------------------------------------------------------------------

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources_page(request: Request):
        return page(request, "sources.html", {"r": api.sources(store())})

    @app.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
    def alerts_page(request: Request, watch: Optional[str] = None, offset: Offset = 0):
        return page(request, "alerts.html", {"r": api.alerts(store(), watch=watch or None, offset=offset)})

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets_page(request: Request):
        return page(request, "outlets.html", {"r": api.outlets(store())})

    @app.get("/outlets/{name}", response_class=HTMLResponse, include_in_schema=False)
    def outlet_page(request: Request, name: str):
        o = api.outlet(store(), name)
        if o is None:
            return problem(request, 404, "outlet")
        return page(request, "outlet.html", {"o": o, "outlet_names": {x.name for x in api.outlets(store())}})

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
        result = api.stories(store(), q=q or None, since=since or None, until=until or None, outlet=outlet or None,
                             entity=entity or None, min_articles=min_articles, offset=offset)
        return page(request, "stories.html", {"r": result})

    @app.get("/stories/{ident}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, ident: str):
        b = api.story(store(), ident)
        return page(request, "story.html", {"b": b}) if b else problem(request, 404, "story")

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(request: Request, q: Optional[str] = None, type: Optional[str] = None, offset: Offset = 0):
        return page(request, "entities.html", {"r": api.entities(store(), q=q or None, type=type or None,
                                                                 offset=offset)})

    @app.get("/entities/{ident}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, ident: str):
        e = api.entity(store(), ident)
        return page(request, "entity.html", {"e": e}) if e else problem(request, 404, "entity")

    @app.get("/articles/{ident}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, ident: str):
        a = api.article(store(), ident)
        if a is None:
            return problem(request, 404, "article")
        text = highlighted(a.article.text, a.mentions, a.dates, a.claims, lang_of(request))
        return page(request, "article.html", {"a": a, "text": text})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = ""):
        return page(request, "search.html", {"r": api.search(store(), q), "q": q})

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_page(request: Request, entity: Optional[str] = None, unit: Optional[str] = None, offset: Offset = 0):
        return page(request, "claims.html", {"r": api.claims(store(), entity=entity or None, unit=unit or None,
                                                             offset=offset)})

    app.add_middleware(PageCache, path=path)
    app.add_middleware(HeadAsGet)
    return app


class HeadAsGet:
    """HEAD is GET without the body (HTTP says every GET resource answers HEAD): monitors and link
    checkers ask HEAD first."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def headers_only(message):
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class PageCache:
    """Answers a GET it answered before from memory, until the store changes (its corpus version moves).

    Pages are functions of the store, so a repeated request (the story list, a popular story, a common
    search) costs a lookup; a write, or new articles placed by the corpus step, empties the cache.
    Responses that set a cookie or are not 200 are never kept, nor the pages of what changes without new
    articles (sources polled, watches made, alerts: `LIVE`), which are cheap to make."""

    def __init__(self, app, path: str, size: int = 4096, max_body: int = 2**20):
        self.app, self.path, self.size, self.max_body = app, path, size, max_body
        self.local = threading.local()
        self.entries: OrderedDict = OrderedDict()
        self.version: int | None = None
        self.lock = threading.Lock()

    def _current(self) -> int:
        if getattr(self.local, "store", None) is None:
            self.local.store = Store(self.path)
        return self.local.store.version()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(LIVE):
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


def app_from_env() -> FastAPI:
    """For `uvicorn --factory` with several workers: the store, token and options from the environment
    (RASID_DB, RASID_TOKEN, RASID_ALLOW_PRIVATE_URLS)."""
    return create_app(os.environ.get("RASID_DB"), os.environ.get("RASID_TOKEN"),
                      allow_private_urls=os.environ.get("RASID_ALLOW_PRIVATE_URLS") == "1")
