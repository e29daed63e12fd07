"""The `rasid` command: each command a few lines over a library call (`rasid.api`, `rasid.pipeline`,
`rasid.export`), printing a table for people or JSON Lines (`--json`) for programs.

Exit status: 0 done, 1 done but some inputs were skipped, 2 a bad option or a store that is not
there, 130 interrupted. Read commands never create a store: a mistyped `--db` is an error.
"""
from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from rasid import api
from rasid.api import BadRequest, to_json
from rasid.render import span
from rasid.render.html import figure
from rasid.render.i18n import STRINGS, shorten
from rasid.store import Store, StoreError, default_path, is_url, shown
from rasid.version import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="Rasid (راصد): Arabic news in; stories, people, places, dates and claims out.")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)  # one line per message: scripts and logs read them whole
T = STRINGS["en"]

DbOption = Annotated[str, typer.Option("--db", envvar="RASID_DB", help="the store: an SQLite file (default"
                                                                       " ./rasid.db) or a postgresql:// URL")]
DB_DEFAULT = "rasid.db"
Limit = Annotated[int, typer.Option(min=1, help="how many")]
Offset = Annotated[int, typer.Option(min=0, max=10**9, help="how many to skip")]
Json = Annotated[bool, typer.Option("--json", help="JSON Lines instead of a table (also for terminals without"
                                               " bidirectional text)")]
Since = Annotated[Optional[str], typer.Option(help="on or after this date (YYYY-MM-DD)")]
Until = Annotated[Optional[str], typer.Option(help="on or before this date (YYYY-MM-DD)")]
EXIT_SKIPPED = 1  # the batch was stored, but some inputs were skipped
F = TypeVar("F", bound=Callable[..., Any])


class EntityType(str, Enum):
    PER = "PER"
    LOC = "LOC"
    ORG = "ORG"
    MISC = "MISC"


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class BriefFormat(str, Enum):
    md = "md"
    html = "html"
    json = "json"


def _version(value: bool) -> None:
    if value:
        out.print(f"rasid {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="print the version and exit")] = False) -> None:
    """Rasid (راصد): Arabic news in; stories, people, places, dates and claims out."""


def command(fn: F) -> F:
    """A command whose user errors (a bad value, a missing store) end with a message and exit status 2."""
    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (BadRequest, StoreError) as e:
            err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print("[yellow]interrupted[/yellow]: what was committed is kept; run the same command again to finish")
            raise typer.Exit(130) from None

    return app.command()(run)  # type: ignore[return-value]


@contextmanager
def _store(db: str, create: bool = False) -> Iterator[Store]:
    with Store(db or default_path(), create=create) as store:
        yield store


@command
def ingest(
    sources: Annotated[list[str], typer.Argument(help="files, folders (recursively) or http(s) URLs")],
    meta: Annotated[Optional[Path], typer.Option("--meta", help="CSV manifest: file,outlet,url,published,title")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="outlet of every article in this batch")] = None,
    published: Annotated[Optional[str], typer.Option(help="publication date of every page in this batch")] = None,
    field: Annotated[Optional[list[str]], typer.Option("--field", help="JSON record field, e.g. text=body")] = None,
    max_size: Annotated[float, typer.Option(min=0.001, help="skip files larger than this many MB")] = 100,
    max_article_chars: Annotated[int, typer.Option(min=1000, help="skip articles longer than this")] = 1_000_000,
    timeout: Annotated[float, typer.Option(min=0.1, help="seconds a URL may take to answer in full")] = 30,
    workers: Annotated[int, typer.Option(min=0, help="processes that clean pages (0 = one per CPU)")] = 0,
    analyze: Annotated[bool, typer.Option(help="find entities right away (else: rasid analyze)")] = True,
    db: DbOption = DB_DEFAULT,
):
    """Read, clean, split and store every article in the named inputs, then analyze them."""
    from rasid.ingest import ManifestError
    from rasid.pipeline import ingest as run

    fields = {}
    for f in field or []:
        if "=" not in f:
            raise typer.BadParameter(f"{f!r}: write it as NAME=FIELD, e.g. text=body", param_hint="--field")
        k, v = f.split("=", 1)
        fields[k.strip()] = v.strip()
    try:
        with _progress() as update:
            report = run(sources, db or default_path(), meta=meta, outlet=outlet, published=published,
                         fields=fields or None, max_size_mb=max_size, max_article_chars=max_article_chars,
                         timeout=timeout, workers=workers, analyze=analyze, progress=update)
    except (ManifestError, ValueError) as e:
        raise BadRequest(str(e)) from None
    for p in report.problems[:25]:
        err.print(f"[yellow]skipped[/yellow] {escape(p.source)}: {escape(p.reason)}", highlight=False)
    if len(report.problems) > 25:
        err.print(f"… and {len(report.problems) - 25} more: rasid problems --db {db}")
    if report.created:
        err.print(f"created the store {db or default_path()}")
    if report.undated:
        err.print(f"{report.undated} new articles had no publication date ({report.estimated} estimated from their"
                  " text, marked as estimated): give dates with --published DATE or a --meta manifest", highlight=False)
    out.print(f"{report.inputs} inputs, {report.pages} pages: [bold]{report.new}[/bold] new articles, "
              f"{report.known} already stored, {len(report.problems)} skipped; {report.analyzed} analysed")
    if report.problems:
        raise typer.Exit(EXIT_SKIPPED)


@command
def articles(limit: Limit = 20, offset: Offset = 0,
             outlet: Annotated[Optional[str], typer.Option(help="only this outlet")] = None,
             since: Since = None, until: Until = None, as_json: Json = False, db: DbOption = DB_DEFAULT):
    """List stored articles, newest first."""
    from rasid.export import article_record

    with _store(db) as store:
        r = api.articles(store, outlet=outlet, since=since, until=until, limit=limit, offset=offset)
    if as_json:
        return _lines(article_record(a) for a in r.articles)
    t = _article_table(f"{len(r.articles)} of {r.total} articles")
    for a in r.articles:
        _add_row(t, a.id, _day(a.published, a.fetched, a.published_estimated), a.outlet or "", _headline(a))
    out.print(t)


@command
def show(ident: Annotated[str, typer.Argument(metavar="ID", help="article id (or a unique prefix)")],
         as_json: Json = False, db: DbOption = DB_DEFAULT):
    """One article: metadata, clean text, where it was seen and what cleaning removed."""
    with _store(db) as store:
        v = api.article(store, ident)
    if v is None:
        raise BadRequest(f"no single article with id {ident!r}")
    if as_json:
        return _print_json(to_json(v))
    a = v.article
    out.print(f"[bold]{escape(a.title or '(no headline)')}[/bold]")
    out.print(f"[dim]{a.id} · {escape(a.outlet or 'outlet unknown')} · {_day(a.published, a.fetched, a.published_estimated)} · "
              f"{a.language or 'language unknown'} · part {a.part}[/dim]")
    for url in v.urls:
        out.print(f"[dim]{escape(url)}[/dim]")
    out.print()
    out.print(a.text, markup=False, highlight=False)
    out.print()
    for s in v.sightings:
        out.print(f"[dim]seen in {escape(s.source + (f' · {s.outlet}' if s.outlet else ''))} (part {s.part})[/dim]")
    for r in a.removed:
        out.print(f"[dim]removed {r.kind}: {escape(shorten(r.text, 100))}[/dim]", highlight=False)


@command
def search(query: Annotated[str, typer.Argument(help='words (every one must match) or a "phrase"')],
           limit: Limit = 20, offset: Offset = 0, since: Since = None, until: Until = None,
           outlet: Annotated[Optional[str], typer.Option(help="only this outlet")] = None,
           semantic: Annotated[bool, typer.Option(help="also the articles closest in meaning")] = False,
           as_json: Json = False, db: DbOption = DB_DEFAULT):
    """Full-text search whatever the spelling: hamza forms, ى/ي, ة/ه, diacritics, attached و ب ل ف ك; a
    query naming an entity (بيونج، Pyongyang) finds every article naming it, in any spelling."""
    with _store(db) as store:
        r = api.search(store, query, limit=limit, offset=offset, since=since, until=until, outlet=outlet,
                       semantic=semantic)
    if as_json:
        _lines(to_json(h.article) | {"snippet": h.snippet} for h in r.hits)
        return _lines(to_json(n.article) | {"score": n.score, "semantic": True} for n in r.semantic)
    naming = "".join(f", or name {escape(e.name)}" + (f" ({escape(e.name_en)})" if e.name_en else "") for e in r.entities)
    t = Table("id", "outlet", "published", "match", title=f"{len(r.hits)} of {r.total} articles match "
              f"{escape(query)}{naming}", title_justify="left")
    for h in r.hits:
        _add_row(t, h.article.id, h.article.outlet or "", _day(h.article.published, h.article.fetched, h.article.published_estimated), h.snippet)
    out.print(t)
    if r.semantic:
        t = Table("id", "outlet", "score", "title", title="close in meaning", title_justify="left")
        for n in r.semantic:
            _add_row(t, n.article.id, n.article.outlet or "", f"{n.score:.3f}", n.article.title or n.article.text)
        out.print(t)


@command
def export(fmt: Annotated[Format, typer.Option("--format", help="json (the DESIGN.md contract), jsonl or csv")] = Format.json,
           table: Annotated[Optional[str], typer.Option(help="for jsonl and csv: a table of the store as it is"
                                                             " (default: the articles)")] = None,
           output: Annotated[Optional[Path], typer.Option("--output", "-o", help="file to write (default stdout)")] = None,
           db: DbOption = DB_DEFAULT):
    """Export the store: JSON holds everything; JSON Lines and CSV (UTF-8 with BOM) one table."""
    from rasid.export import export as run
    from rasid.export import export_file

    with _store(db) as store:
        if table and table not in store.tables():
            raise BadRequest(f"--table: no table {table!r}; the store has {', '.join(store.tables())}")
        if fmt is Format.json and table:
            raise BadRequest("--table goes with --format jsonl or csv (JSON holds every table)")
        if output is None:
            run(store, fmt.value, sys.stdout, table)
            return
        n = export_file(store, fmt.value, output, table)
    err.print(f"wrote {n} {'rows of ' + table if table else 'articles'} to {output}")


@command
def problems(limit: Limit = 50, as_json: Json = False, db: DbOption = DB_DEFAULT):
    """Inputs that could not be used, and why."""
    with _store(db) as store:
        r = api.problems(store, limit=limit)
    if as_json:
        return _lines(to_json(p) for p in r.problems)
    t = Table("input", "reason", title=f"{len(r.problems)} of {r.total} problems", title_justify="left")
    for p in r.problems:
        _add_row(t, p.source, p.reason)
    out.print(t)


@command
def analyze(redo: Annotated[bool, typer.Option(help="forget earlier results and analyse every article again")] = False,
            workers: Annotated[int, typer.Option(min=0, help="processes (0 = one per CPU)")] = 0,
            db: DbOption = DB_DEFAULT):
    """Find and link the entities of every article not analysed yet (ingest does this by default)."""
    from rasid.pipeline import analyze as run

    with _store(db) as store, _progress() as update:
        n = run(store, redo=redo, workers=workers, progress=update)
    out.print(f"{n} articles analysed")


class Engine(str, Enum):
    local = "local"
    ray = "ray"


@command
def batch(out_dir: Annotated[Path, typer.Option("--out", help="folder for the analyses (Parquet); a shard already"
                                                           " there is not analysed again (local engine)")],
          sources: Annotated[Optional[list[str]], typer.Argument(help="shards: files or folders of JSON Lines, JSON,"
                                                                      " Parquet, WARC, zip, HTML…")] = None,
          engine: Annotated[Engine, typer.Option(help="local: a process per shard here; ray: Ray Data on a cluster")]
          = Engine.local,
          workers: Annotated[int, typer.Option(min=0, help="processes, or a local Ray cluster's CPUs (0 = one per CPU)")]
          = 0,
          address: Annotated[Optional[str], typer.Option("--ray-address", help="a running Ray cluster (ray://host:10001"
                                                                               " or auto); default: start one here")]
          = None,
          outlet: Annotated[Optional[str], typer.Option(help="outlet of every article in these shards")] = None,
          max_size: Annotated[float, typer.Option(min=0.001, help="skip files (WARC and Parquet: records) larger than"
                                                                  " this many MB")] = 100,
          load: Annotated[bool, typer.Option(help="load the analyses into the store and place them (else: later, with"
                                                  " --no-analyse)")] = True,
          analyse: Annotated[bool, typer.Option(help="analyse the shards (--no-analyse: only load what --out holds)")]
          = True,
          db: DbOption = DB_DEFAULT):
    """Analyse an archive on many cores (here, or on a Ray cluster), then load it into the store as ingest would."""
    from rasid.batch import analyse as run_analysis
    from rasid.batch import load as run_load
    from rasid.ingest.files import MB, Options

    problems = []
    if analyse:
        if not sources:
            raise typer.BadParameter("name the shards to analyse (or load what --out holds with --no-analyse)")
        with _progress() as update:
            problems = run_analysis(sources, out_dir, engine=engine.value, workers=workers, address=address,
                                    opts=Options(outlet=outlet, max_bytes=int(max_size * MB)), progress=update)
        out.print(f"analyses written to {out_dir}")
    if load:
        with _store(db, create=True) as store, _progress() as update:
            store.add_problems(problems)
            report = run_load(out_dir, store, progress=update)
        out.print(f"{report.shards} shards · {report.new} new articles, {report.known} already known · "
                  f"{report.analyzed} analysed · {report.placed} placed")
        problems += report.problems
    for p in problems:
        err.print(f"[red]skipped[/red] {escape(p.source)}: {escape(p.reason)}", highlight=False)
    if problems:
        raise typer.Exit(EXIT_SKIPPED)


@command
def ner(conll: Annotated[Path, typer.Option("--conll", help="token per line (first field), blank line between sentences",
                                            exists=True, dir_okay=False)],
        evaluate: Annotated[bool, typer.Option("--eval", help="the last field is the gold tag: print P/R/F1")] = False,
        output: Annotated[Optional[Path], typer.Option("--output", "-o", help="write TOKEN<TAB>TAG here")] = None):
    """Tag a CoNLL file with Rasid's NER model; with --eval, score it (exact span and type).

    The file is read as one text: a name tagged in a sentence keeps its type in the next ten.
    """
    from rasid.extract.conll import tag_file

    r = tag_file(conll, score=evaluate)
    if output or not evaluate:
        with (output.open("w", encoding="utf-8") if output else _stdout()) as sink:
            for s, tags in zip(r.sentences, r.predicted, strict=True):
                sink.write("".join(f"{row[0]}\t{t}\n" for row, t in zip(s, tags, strict=True)) + "\n")
    if r.scores:
        t = Table("type", "precision", "recall", "F1", "gold entities", title=f"{conll.name}: {r.tokens} tokens, "
                  f"{len(r.sentences)} sentences, {r.tokens / max(r.seconds, 1e-9):,.0f} tokens/s", title_justify="left")
        for typ, m in r.scores.items():
            t.add_row(typ, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["support"]))
        out.print(t)
        m = r.scores["micro"]
        out.print(f"micro F1 {m['f1']:.4f} (P {m['precision']:.4f}, R {m['recall']:.4f})")


@command
def entities(limit: Limit = 30, offset: Offset = 0,
             type: Annotated[Optional[EntityType], typer.Option("--type", case_sensitive=False,
                                                                help="only this type")] = None,
             since: Since = None, until: Until = None,
             outlet: Annotated[Optional[str], typer.Option(help="counting only this outlet's articles")] = None,
             as_json: Json = False, db: DbOption = DB_DEFAULT):
    """People, places and organisations, most mentioned first, with the number of articles."""
    with _store(db) as store:
        r = api.entities(store, type=type.value if type else None, since=since, until=until, outlet=outlet,
                         limit=limit, offset=offset)
    if as_json:
        return _lines(to_json(e) for e in r.entities)
    t = Table("entity", "type", "name", "English", "mentions", "articles",
              title=f"{len(r.entities)} of {r.total} entities", title_justify="left")
    for e in r.entities:
        _add_row(t, e.id, e.type, e.name, e.name_en or "", str(e.mentions), str(e.articles))
    out.print(t)


@command
def entity(name: Annotated[str, typer.Argument(help="a name in any spelling, an English name, or an entity id")],
           as_json: Json = False, db: DbOption = DB_DEFAULT):
    """One entity: its spellings, the articles naming it, and who else they name."""
    with _store(db) as store:
        v = api.entity(store, name)
        if v is None:
            raise BadRequest(f"no entity named {name!r}")
        named = store.get_many(dict.fromkeys(m.article for m in store.mentions_of(v.entity.id)))
    if as_json:
        return _print_json(to_json(v) | {"articles": [to_json(api.ArticleSummary.of(a)) for a in named.values()]})
    e = v.entity
    out.print(f"[bold]{escape(e.name)}[/bold] · {escape(e.name_en or '')} · {e.type} · {e.id}")
    out.print("spellings: " + escape(" · ".join(f"{s} ({n})" for s, n in v.variants)))
    t = _article_table(f"{len(named)} articles")
    for a in named.values():
        _add_row(t, a.id, _day(a.published, a.fetched, a.published_estimated), a.outlet or "", _headline(a))
    out.print(t)
    if v.co_occurring:
        out.print("named with: " + escape(" · ".join(f"{o.name} ({o.articles})" for o in v.co_occurring)))
    if v.others:
        out.print("[dim]also: " + escape(" · ".join(f"{o.name} ({o.id})" for o in v.others)) + "[/dim]")


def _text_of(source: str) -> str:
    """The text an argument gives: standard input for -, a file's text when it names one, else itself (a long
    Arabic sentence is more bytes than a file name may have: it is text, not an error)."""
    if source == "-":
        return sys.stdin.read()
    try:
        path = Path(source)
        if len(source) < 4096 and path.is_file():
            return path.read_text(encoding="utf-8")
    except OSError:
        pass
    return source


@command
def extract(source: Annotated[str, typer.Argument(metavar="TEXT|FILE|-",
                                                 help="Arabic text, a file holding it, or - for standard input")],
            what: Annotated[str, typer.Option(help="dates, quantities, ordinals, entities or claims")] = "claims",
            published: Annotated[Optional[str], typer.Option(help="publication date the text is resolved against")] = None,
            as_json: Json = False):
    """Run the per-article analysis on a text and print what it finds (no store involved)."""
    from rasid.extract import extract as run

    kinds = ("dates", "quantities", "ordinals", "entities", "claims")
    if what not in kinds:
        raise typer.BadParameter(f"use one of {', '.join(kinds)}", param_hint="--what")
    if published is not None:
        published = api.check_date(published, "--published")
    found = run(_text_of(source), published)[what]
    if as_json:
        return _lines(found)
    t = Table(title=f"{len(found)} {what}", title_justify="left")
    if what == "claims":
        for col in ("quantity", "value", "unit", "actor", "attribution", "time"):
            t.add_column(col)
        for c in found:
            q = c["quantity"]
            _add_row(t, q["text"], _figure(q), q["unit"] or "", (c["actor"] or {}).get("text") or "",
                     " ← ".join(a["text"] for a in c["attribution"]), c["time"] or "")
    else:
        cols = {"dates": ("text", "value", "clock"), "quantities": ("text", "low", "high", "approx", "unit"),
                "ordinals": ("text", "low"),
                "entities": ("text", "type", "entity")}[what]
        for col in ("start", *cols):
            t.add_column("rank" if what == "ordinals" and col == "low" else col)
        for rec in found:
            _add_row(t, str(rec["start"]), *(_number(rec[c]) if isinstance(rec[c], float) else str(rec[c] or "")
                                             for c in cols))
    out.print(t)


@command
def claims(entity: Annotated[Optional[str], typer.Option(help="only claims about this entity (any spelling)")] = None,
           unit: Annotated[Optional[str], typer.Option(help="only claims counting this (جندي, صاروخ …)")] = None,
           since: Since = None, until: Until = None,
           outlet: Annotated[Optional[str], typer.Option(help="only this outlet")] = None,
           kind: Annotated[Optional[str], typer.Option(help="only figures outlets differ on, revised tolls or"
                                                            " figures they agree on (differ, revised, agree, single)")] = None,
           limit: Limit = 50, offset: Offset = 0, as_json: Json = False, db: DbOption = DB_DEFAULT):
    """Figures claimed in the stored articles: value, what is counted, about whom, who says so."""
    from rasid.corpus.brief import written_unit

    with _store(db) as store:
        r = api.claims(store, entity=entity, unit=unit, since=since, until=until, outlet=outlet, kind=kind,
                       limit=limit, offset=offset)
    if as_json:
        return _lines(to_json(c) for c in r.claims)
    t = Table("figure", "value", "counted", "about", "who says so", "when", "outlet",
              title=f"{len(r.claims)} of {r.total} claims", title_justify="left")
    for c in r.claims:
        q = c.quantity
        _add_row(t, q.text, figure(q), written_unit(q.unit, [q.text]) or "", c.actor.text if c.actor else "",
                 " ← ".join(a.text for a in c.attribution), c.time or "", c.outlet or "")
    out.print(t)


@command
def relate(redo: Annotated[bool, typer.Option(help="forget the stories, duplicates and origins and place every article again")] = False,
           db: DbOption = DB_DEFAULT):
    """Place analysed articles among the others: near-duplicates, stories, shared origins, claim groups
    (ingest and analyze do this by default)."""
    from rasid.pipeline import relate as run

    with _store(db) as store:
        with _progress() as update:
            n = run(store, redo=redo, progress=update)
        stories = store.count_stories(min_articles=2)
    out.print(f"{n} articles placed · {stories} stories of two or more articles")


@command
def migrate(source: Annotated[str, typer.Option("--from", help="the store to copy: an SQLite file or a postgresql:// URL")],
            target: Annotated[str, typer.Option("--to", help="an empty or new store to copy it into")]):
    """Copy a store into another database, every table (rasid.db to a newsroom's PostgreSQL, or back)."""
    from rasid.store.copy import copy_store

    with _store(source) as src, _store(target, create=True) as dst:
        with _progress() as update:
            copied = copy_store(src, dst, progress=update)
    out.print(f"{copied.get('articles', 0)} articles, {sum(copied.values())} rows in {len(copied)} tables copied"
              f" from {shown(src.path)} to {shown(dst.path)}")


@command
def stories(limit: Limit = 30, offset: Offset = 0,
            since: Annotated[Optional[str], typer.Option(help="stories still running on or after this date")] = None,
            until: Annotated[Optional[str], typer.Option(help="stories begun on or before this date")] = None,
            search: Annotated[Optional[str], typer.Option(help="stories with an article matching these words")] = None,
            entity: Annotated[Optional[str], typer.Option(help="stories naming this entity (any spelling)")] = None,
            outlet: Annotated[Optional[str], typer.Option(help="stories with an article of this outlet")] = None,
            min_articles: Annotated[int, typer.Option(min=1, help="only stories of at least this many articles")] = 1,
            as_json: Json = False, db: DbOption = DB_DEFAULT):
    """Stories, newest first: label, dates, articles and outlets."""
    with _store(db) as store:
        r = api.stories(store, q=search, since=since, until=until, outlet=outlet, entity=entity,
                        min_articles=min_articles, limit=limit, offset=offset)
    if as_json:
        return _lines(to_json(s) for s in r.stories)
    t = Table("id", "dates", "articles", "outlets", "label", title=f"{len(r.stories)} of {r.total} stories",
              title_justify="left")
    for s in r.stories:
        _add_row(t, s.id, span(s.start, s.end, T), str(s.articles), str(s.outlets), shorten(s.label, 90))
    out.print(t)


@command
def story(ident: Annotated[str, typer.Argument(metavar="ID", help="a story id (or a unique prefix)")],
          fmt: Annotated[BriefFormat, typer.Option("--format", help="md, html or json")] = BriefFormat.md,
          lang: Annotated[str, typer.Option(help="the brief's language: ar or en")] = "ar",
          output: Annotated[Optional[Path], typer.Option("-o", "--output", help="file to write (default: stdout)")] = None,
          db: DbOption = DB_DEFAULT):
    """A story's brief: what happened (every sentence cited), timeline, figures that agree or differ,
    entities, sources."""
    from rasid.render import brief_html, brief_markdown

    if lang not in STRINGS:
        raise typer.BadParameter(f"use one of {', '.join(STRINGS)}", param_hint="--lang")
    with _store(db) as store:
        b = api.story(store, ident)
    if b is None:
        raise BadRequest(f"no story {ident!r} (rasid stories lists them)")
    if fmt is BriefFormat.json:
        text = json.dumps(to_json(b), ensure_ascii=False, indent=2) + "\n"
    else:
        text = (brief_html if fmt is BriefFormat.html else brief_markdown)(b, lang)
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        sys.stdout.write(text)


@command
def timeline(story_id: Annotated[Optional[str], typer.Option("--story", help="a story id")] = None,
             entity: Annotated[Optional[str], typer.Option(help="an entity (any spelling)")] = None,
             limit: Limit = 100, as_json: Json = False, db: DbOption = DB_DEFAULT):
    """Dated events of a story or an entity, each with its sentence and where it was read."""
    if bool(story_id) == bool(entity):
        raise typer.BadParameter("give --story ID or --entity NAME")
    with _store(db) as store:
        events = api.timeline(store, story=story_id, entity=entity, limit=limit)
    if as_json:
        return _lines(to_json(ev) for ev in events)
    t = Table("date", "sentence", "outlet", "article", title=f"{len(events)} dated events", title_justify="left")
    for ev in events:
        _add_row(t, f"{ev.value} {ev.clock}" if ev.clock else ev.value, ev.sentence, ev.outlet or "", ev.article)
    out.print(t)


@command
def duplicates(limit: Annotated[int, typer.Option(min=1, help="how many groups")] = 30, as_json: Json = False,
               db: DbOption = DB_DEFAULT):
    """Near-copies of one text (syndication, re-posts, light edits), largest groups first."""
    with _store(db) as store:
        groups = api.duplicates(store, limit=limit)
    if as_json:
        return _lines({"articles": [a.id for a in g.articles]} for g in groups)
    t = _article_table(f"{len(groups)} duplicate groups")
    for n, g in enumerate(groups, start=1):
        for a in g.articles:
            _add_row(t, a.id, _day(a.published, a.fetched, a.published_estimated), a.outlet or "", f"{n}. {_headline(a)}")
    out.print(t)


@command
def watch(sources: Annotated[Path, typer.Argument(metavar="SOURCES.toml", help="the feeds and sitemaps to follow"
                                                                            " (see `rasid.watch` for the format)")],
          once: Annotated[bool, typer.Option(help="poll every source once, then stop")] = False,
          duration: Annotated[Optional[float], typer.Option("--for", min=1, help="stop after this many seconds")] = None,
          allow_private_urls: Annotated[bool, typer.Option(help="fetch loopback, private and link-local"
                                                                " addresses (a local test site)")] = True,
          db: DbOption = DB_DEFAULT):
    """Follow feeds and sitemaps: poll each on its interval, read every new article's page, analyse it,
    place it into stories and match the watches; SIGTERM or Ctrl-C stops cleanly, a restart resumes."""
    from rasid.corpus.alerts import deliver
    from rasid.watch import SourcesError, Watcher, load_sources

    try:
        config = load_sources(sources)
    except SourcesError as e:
        raise BadRequest(str(e)) from None
    watcher = Watcher(config, db or default_path(), allow_private=allow_private_urls,
                      log=lambda line: err.print(escape(line), highlight=False))
    err.print(f"following {len(config.sources)} sources into {shown(db or default_path())} · Ctrl-C stops")
    reports = watcher.run(duration=duration, once=once)
    with _store(db) as store:
        sent, failed = deliver(store, allow_private=allow_private_urls)
    new = sum(r.new for r in reports)
    out.print(f"{len(reports)} polls · {new} new articles · {sum(1 for r in reports if r.error)} failed polls"
              + (f" · {sent} alerts sent, {failed} not" if sent or failed else ""))


@command
def follow(kind: Annotated[str, typer.Argument(help="entity, query, story or figures")],
           target: Annotated[str, typer.Argument(help="a name in any spelling, search words, or a story id")],
           relation: Annotated[Optional[str], typer.Option(help="figures: only those outlets differ on, revise"
                                                                " or agree on")] = None,
           webhook: Annotated[Optional[str], typer.Option(help="POST each new alert to this URL, as JSON")] = None,
           db: DbOption = DB_DEFAULT):
    """Follow an entity, a search, a story or disputed figures: new articles that match become alerts."""
    with _store(db) as store:
        w = api.add_watch(store, kind, target, relation=relation, webhook=webhook)
    out.print(f"{w.id}  {escape(w.label)} ({w.kind}) · alerts: rasid alerts --watch {w.id}")


@command
def unfollow(ident: Annotated[str, typer.Argument(metavar="WATCH", help="a watch id (rasid alerts lists them)")],
             db: DbOption = DB_DEFAULT):
    """Stop following; the watch's alerts are removed with it."""
    with _store(db) as store:
        if not api.remove_watch(store, ident):
            raise BadRequest(f"no watch {ident!r}")
    out.print(f"{ident} removed")


@command
def alerts(watch_id: Annotated[Optional[str], typer.Option("--watch", help="only this watch's alerts")] = None,
           limit: Limit = 30, offset: Offset = 0, as_json: Json = False, db: DbOption = DB_DEFAULT):
    """The watches, and the new articles that matched them, newest first."""
    with _store(db) as store:
        r = api.alerts(store, watch=watch_id, limit=limit, offset=offset)
    if as_json:
        return _lines(to_json(a) for a in r.alerts)
    w = Table("watch", "follows", "kind", title=f"{len(r.watches)} watches", title_justify="left")
    for x in r.watches:
        _add_row(w, x.id, x.label, x.kind + (f" ({x.relation})" if x.relation else ""))
    out.print(w)
    t = Table("article", "when", "outlet", "why", "title", title=f"{len(r.alerts)} of {r.total} alerts",
              title_justify="left")
    for a in r.alerts:
        _add_row(t, a.article, (a.published or a.at)[:16], a.outlet or "", a.why, _headline(a))
    out.print(t)


@command
def outlets(name: Annotated[Optional[str], typer.Argument(help="one outlet's profile")] = None, as_json: Json = False,
            db: DbOption = DB_DEFAULT):
    """The outlets, or one outlet's profile: what it covers, how often it is first, who copies whom."""
    with _store(db) as store:
        if name is None:
            listed = api.outlets(store)
            if as_json:
                return _lines(to_json(o) for o in listed)
            t = Table("outlet", "articles", "first", "last", title=f"{len(listed)} outlets", title_justify="left")
            for o in listed:
                _add_row(t, o.name, str(o.articles), (o.first or "")[:10], (o.last or "")[:10])
            return out.print(t)
        p = api.outlet(store, name)
    if p is None:
        raise BadRequest(f"no articles were seen under the outlet {name!r}")
    if as_json:
        return _print_json(to_json(p))
    out.print(f"[bold]{escape(p.name)}[/bold]: {p.articles} articles, {(p.first_day or '')[:10]} to "
              f"{(p.last_day or '')[:10]} · first on {p.first} of {p.shared_stories} stories other outlets carried"
              f" too (and tied on the day on {p.first_tied}) · {p.figures_differ} of {p.figures_compared} compared"
              " figures differ")
    for title, items in (("carries texts first published by", p.copies_from),
                         ("its texts carried later by", p.copied_by),
                         ("carries the same texts as (same day, or order unknown)", p.shares_with),
                         ("named sources", p.sources),
                         ("its figures differ with", p.differs_with)):
        t = Table("outlet", "texts" if "figures" not in title else "figures", title=title, title_justify="left")
        for c in items[:10]:
            _add_row(t, c.name, str(c.count))
        out.print(t)


@command
def serve(host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=0, max=65535, help="port")] = 8000,
          workers: Annotated[int, typer.Option(min=1, help="server processes (each holds its own caches)")] = 1,
          token: Annotated[Optional[str], typer.Option(envvar="RASID_TOKEN", help="token that allows POST "
                                                        "/api/articles and /api/feeds (default: read-only)")] = None,
          allow_private_urls: Annotated[bool, typer.Option(help="let POST /api/feeds fetch loopback, private and"
                                                                " link-local addresses")] = False,
          watch_sources: Annotated[Optional[Path], typer.Option("--watch", metavar="SOURCES.toml",
                                                                help="also follow these sources (rasid watch)")] = None,
          db: DbOption = DB_DEFAULT):
    """Serve the web app and its JSON API (described at /api and /openapi.json) on the store."""
    import os
    import signal
    import subprocess

    import uvicorn

    with _store(db):
        pass  # it must exist: serving a mistyped path would show an empty store
    follower = None
    if watch_sources:
        from rasid.watch import SourcesError, load_sources

        try:
            load_sources(watch_sources)
        except SourcesError as e:
            raise BadRequest(str(e)) from None
        # its own process: analysing new articles would otherwise hold the server's interpreter
        follower = subprocess.Popen([sys.executable, "-m", "rasid", "watch", str(watch_sources), "--db",
                                     db or default_path()] + ([] if allow_private_urls else ["--no-allow-private-urls"]))
    path = db or default_path()
    path = path if is_url(path) else str(Path(path).resolve())
    os.environ["RASID_DB"] = path
    os.environ["RASID_ALLOW_PRIVATE_URLS"] = "1" if allow_private_urls else "0"
    if token:
        os.environ["RASID_TOKEN"] = token
    err.print(f"Rasid on http://{host}:{port}/ · API at /api and /openapi.json · store {shown(path)} · "
              + ("writes need the token" if token else "read-only (set RASID_TOKEN to allow writes)"))
    if follower:  # uvicorn re-raises the SIGTERM it caught once it has shut down: end here, not mid-flight
        signal.signal(signal.SIGTERM, _exit)
    try:
        uvicorn.run("rasid.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")
    finally:
        if follower:
            follower.terminate()  # SIGTERM: the watcher stores what it fetched and stops
            follower.wait(120)


@command
def demo(db: DbOption = DB_DEFAULT):
    """Ingest the bundled demo corpus (fictional outlets, three events) and show what Rasid found."""
    from rasid.pipeline import ingest as run

    folder = resources.files("rasid") / "data" / "demo"
    with resources.as_file(folder) as path:
        report = run([str(path)], db or default_path(), meta=path / "manifest.csv")
    with _store(db) as store:
        out.print(f"[bold]Rasid demo[/bold]: {report.pages} pages from {report.inputs} files "
                  f"(text in UTF-8, UTF-16 and Windows-1256, HTML, JSON, JSON Lines, RSS) → "
                  f"{store.count()} articles in {shown(store.path)}")
        t = _article_table(None)
        for a in store.articles(limit=None):
            _add_row(t, a.id, _day(a.published, a.fetched, a.published_estimated), a.outlet or "", _headline(a))
        out.print(t)
        query = "کردستان"
        hits = api.search(store, query, limit=5, semantic=False).hits
        out.print(f"\nsearch [bold]{query}[/bold] (Persian letters) finds {len(hits)} articles, every spelling:")
        for h in hits:
            out.print(f"  {h.article.id}  {h.snippet}", markup=False, highlight=False)
        found = api.stories(store, min_articles=2, limit=100).stories
        t = Table("story", "dates", "articles", "label", title=f"\n{len(found)} stories across outlets",
                  title_justify="left")
        for st in found:
            _add_row(t, st.id, span(st.start, st.end, T), str(st.articles), st.label)
        out.print(t)
        differ = [f for st in found if (b := api.story(store, st.id)) for f in b.figures if f.kind == "differ"]
    out.print(f"{len(differ)} figures on which outlets differ, for example:")
    for f in differ[:3]:
        out.print("  " + escape(" · ".join(f"{c.quantity} ({c.outlet})" for c in f.claims)))
    if report.problems:
        for p in report.problems:
            err.print(f"[red]skipped[/red] {escape(p.source)}: {escape(p.reason)}")
        raise typer.Exit(EXIT_SKIPPED)
    out.print(f"\nLook further:  rasid serve --db {db}  (the web app)  ·  rasid stories  ·  rasid story ID  ·  "
              f"rasid entities  ·  rasid claims  ·  rasid search WORDS  ·  rasid export --format json -o export.json")


# --- printing ----------------------------------------------------------------------------------------


def _exit(*_: object) -> None:
    raise SystemExit(0)


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int, str], None]]:
    """A transient progress bar on stderr; yields the callback the library's `progress=` takes."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.fields[current]}"), console=err, transient=True) as bar:
        task = bar.add_task("reading", total=None, current="")

        def update(stage: str, done: int, total: int, current: str) -> None:
            bar.update(task, description=stage, completed=done, total=total, current=shorten(current, 40))

        yield update


@contextmanager
def _stdout() -> Iterator[Any]:
    yield sys.stdout


def _figure(q: dict) -> str:
    from rasid.model import Quantity

    return figure(Quantity(q["text"], q["start"], q["end"], q["low"], q["high"], q["approx"], q["unit"]))


def _number(x: float | None) -> str:
    from rasid.render.html import number

    return number(x)


def _day(published: str | None, fetched: str | None, estimated: bool = False) -> str:
    """An article's date in a table: its publication day (an estimate marked "~ est."), else the fetch day
    marked "fetched"."""
    if published:
        return f"~{published[:10]} est." if estimated else published[:10]
    return f"fetched {fetched[:10]}" if fetched else "—"


def _print_json(obj: Any, indent: int | None = 2) -> None:
    """Machine-readable output goes to stdout as is: no colour, no wrapping."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=indent) + "\n")


def _lines(records: Any) -> None:
    for rec in records:
        _print_json(rec, indent=None)


def _add_row(t: Table, *cells: str) -> None:
    """Article text is data, never markup: a title with [brackets] prints as written."""
    t.add_row(*(escape(c) for c in cells))


def _article_table(title: str | None) -> Table:
    t = Table(title=title, title_justify="left")
    t.add_column("id", no_wrap=True)
    t.add_column("published", no_wrap=True)
    t.add_column("outlet", max_width=24)
    t.add_column("title", ratio=1)
    return t


def _headline(a: Any) -> str:
    return shorten(a.title or a.text, 90)


if __name__ == "__main__":
    app()
