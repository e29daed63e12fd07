"""The `rasid` command: a thin layer over the Python API, one command per library call."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from rasid.store import Store, default_path

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Rasid (راصد): Arabic news in; stories, people, places, dates and claims out.")
out = Console(soft_wrap=True)
err = Console(stderr=True)

DbOption = Annotated[str, typer.Option("--db", envvar="RASID_DB", help="SQLite store (default ./rasid.db)")]
DB_DEFAULT = "rasid.db"
EXIT_SKIPPED = 1  # the batch was stored, but some inputs were skipped


def _store(db: str) -> Store:
    return Store(db or default_path())


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="files, folders (recursively) or http(s) URLs")],
    meta: Annotated[Optional[Path], typer.Option("--meta", help="CSV manifest: file,outlet,url,published,title")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="outlet of every article in this batch")] = None,
    published: Annotated[Optional[str], typer.Option(help="publication date of every page in this batch")] = None,
    field: Annotated[Optional[list[str]], typer.Option("--field", help="JSON record field, e.g. text=body")] = None,
    max_size: Annotated[float, typer.Option(help="skip files larger than this many MB")] = 100,
    timeout: Annotated[float, typer.Option(help="seconds to wait for a URL to answer")] = 30,
    workers: Annotated[int, typer.Option(help="processes that clean pages (0 = one per CPU)")] = 0,
    analyze: Annotated[bool, typer.Option(help="find entities right away (else: rasid analyze)")] = True,
    db: DbOption = DB_DEFAULT,
):
    """Read, clean, split and store every article in the named inputs, then analyze them."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from rasid.ingest import ManifestError
    from rasid.pipeline import ingest as run

    fields = {}
    for f in field or []:
        if "=" not in f:
            raise typer.BadParameter(f"{f!r}: write it as NAME=FIELD, e.g. text=body", param_hint="--field")
        k, v = f.split("=", 1)
        fields[k.strip()] = v.strip()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.fields[current]}"), console=err, transient=True) as bar:
        task = bar.add_task("reading", total=None, current="")

        def progress(stage: str, done: int, total: int, current: str) -> None:
            bar.update(task, description=stage, completed=done, total=total, current=current[-40:])

        try:
            report = run(sources, db, meta=meta, outlet=outlet, published=published, fields=fields or None,
                         max_size_mb=max_size, timeout=timeout, workers=workers, analyze=analyze,
                         progress=progress)
        except (ManifestError, ValueError) as e:
            err.print(f"[red]error:[/red] {escape(str(e))}")
            raise typer.Exit(2)
        except KeyboardInterrupt:
            bar.stop()
            err.print("[yellow]interrupted[/yellow]: what was committed is kept; run the same command again to finish")
            raise typer.Exit(130)
    out.print(f"{report.inputs} inputs, {report.pages} pages: [bold]{report.new}[/bold] new articles, "
              f"{report.known} already stored, {len(report.problems)} skipped; {report.analyzed} analysed")
    if report.problems:
        for p in report.problems[:25]:
            err.print(f"[yellow]skipped[/yellow] {escape(p.source)}: {escape(p.reason)}", highlight=False)
        if len(report.problems) > 25:
            err.print(f"… and {len(report.problems) - 25} more: rasid problems --db {db}")
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def articles(
    limit: Annotated[int, typer.Option(help="how many")] = 20,
    offset: int = 0,
    outlet: Annotated[Optional[str], typer.Option(help="only this outlet")] = None,
    since: Annotated[Optional[str], typer.Option(help="published on or after (YYYY-MM-DD)")] = None,
    until: Annotated[Optional[str], typer.Option(help="published on or before (YYYY-MM-DD)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines instead of a table")] = False,
    db: DbOption = DB_DEFAULT,
):
    """List stored articles, newest first."""
    from rasid.export import article_record

    with _store(db) as store:
        rows = list(store.articles(limit=limit, offset=offset, outlet=outlet, since=since, until=until))
        total = store.count()
    if as_json:
        for a in rows:
            _print_json(article_record(a), indent=None)
        return
    t = _article_table(f"{len(rows)} of {total} articles")
    for a in rows:
        _add_row(t, a.id, (a.published or "")[:10], a.outlet or "", _headline(a))
    out.print(t)


@app.command()
def show(ident: Annotated[str, typer.Argument(metavar="ID", help="article id (or a unique prefix)")],
         as_json: Annotated[bool, typer.Option("--json")] = False, db: DbOption = DB_DEFAULT):
    """One article: metadata, clean text, where it was seen and what cleaning removed."""
    from rasid.export import article_record

    with _store(db) as store:
        a = store.get(ident)
        if a is None:
            err.print(f"[red]no single article with id {ident!r}[/red]")
            raise typer.Exit(2)
        seen = store.sightings(a.id)
    if as_json:
        rec = article_record(a) | {"sightings": seen, "removed": [[r.kind, r.text] for r in a.removed]}
        _print_json(rec)
        return
    out.print(f"[bold]{escape(a.title or '(no headline)')}[/bold]")
    out.print(f"[dim]{a.id} · {escape(a.outlet or 'outlet unknown')} · {a.published or 'date unknown'} · "
              f"{a.language or '?'} · part {a.part}[/dim]")
    if a.url:
        out.print(f"[dim]{escape(a.url)}[/dim]")
    out.print()
    out.print(a.text, markup=False, highlight=False)
    out.print()
    for s in seen:
        outlet = f" · {s['outlet']}" if s["outlet"] else ""
        out.print(f"[dim]seen in {escape(s['source'] + outlet)} (part {s['part']})[/dim]")
    for r in a.removed:
        out.print(f"[dim]removed {r.kind}: {escape(r.text[:100])}[/dim]", highlight=False)


@app.command()
def search(query: Annotated[str, typer.Argument(help='words (every one must match) or a "phrase"')],
           limit: Annotated[int, typer.Option(help="how many")] = 20,
           as_json: Annotated[bool, typer.Option("--json")] = False, db: DbOption = DB_DEFAULT):
    """Full-text search whatever the spelling: hamza forms, ى/ي, ة/ه, diacritics, attached و ب ل ف ك."""
    with _store(db) as store:
        hits = store.search(query, limit=limit)
    if as_json:
        for a, snip in hits:
            _print_json({"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published,
                         "snippet": snip}, indent=None)
        return
    t = Table("id", "outlet", "published", "match", title=f"{len(hits)} articles match {escape(query)}", title_justify="left")
    for a, snip in hits:
        _add_row(t, a.id, a.outlet or "", (a.published or "")[:10], snip)
    out.print(t)


@app.command()
def export(fmt: Annotated[str, typer.Option("--format", help="json (the DESIGN.md contract), jsonl or csv")] = "json",
           output: Annotated[Optional[Path], typer.Option("--output", "-o", help="file to write (default stdout)")] = None,
           db: DbOption = DB_DEFAULT):
    """Export every article (and, as later stages fill them, entities, dates, claims, stories)."""
    from rasid.export import FORMATS, export as run

    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    with _store(db) as store:
        if output is None:
            run(store, fmt, sys.stdout)
            return
        # write beside the target and rename, so a failed export never leaves half a file
        fd, tmp = tempfile.mkstemp(dir=output.resolve().parent, prefix=f".{output.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                n = run(store, fmt, f)
            os.replace(tmp, output)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    err.print(f"wrote {n} articles to {output}")


@app.command()
def problems(limit: Annotated[int, typer.Option(help="how many")] = 50, db: DbOption = DB_DEFAULT):
    """Inputs that could not be used, and why."""
    with _store(db) as store:
        rows = store.problems(limit)
        total = store.count("problems")
    t = Table("input", "reason", title=f"{len(rows)} of {total} problems", title_justify="left")
    for p in rows:
        _add_row(t, p.source, p.reason)
    out.print(t)


@app.command()
def analyze(redo: Annotated[bool, typer.Option(help="forget earlier results and analyse every article again")] = False,
            workers: Annotated[int, typer.Option(help="processes (0 = one per CPU)")] = 0, db: DbOption = DB_DEFAULT):
    """Find and link the entities of every article not analysed yet (ingest does this by default)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from rasid.pipeline import analyze as run

    with Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task("analysing", total=None)
        try:
            n = run(db, redo=redo, workers=workers, progress=lambda s, d, t, c: bar.update(task, completed=d, total=t))
        except KeyboardInterrupt:
            bar.stop()
            err.print("[yellow]interrupted[/yellow]: analysed articles are kept; run it again to finish")
            raise typer.Exit(130)
    out.print(f"{n} articles analysed")


@app.command()
def ner(conll: Annotated[Path, typer.Option("--conll", help="token per line (first field), blank line between sentences",
                                            exists=True, dir_okay=False)],
        evaluate: Annotated[bool, typer.Option("--eval", help="the last field is the gold tag: print P/R/F1")] = False,
        output: Annotated[Optional[Path], typer.Option("--output", "-o", help="write TOKEN<TAB>TAG here")] = None):
    """Tag a CoNLL file with Rasid's NER model; with --eval, score it (exact span and type).

    The file is read as one text: a name tagged in a sentence keeps its type in the next ten.
    """
    import time

    from rasid.extract.ner import default_tagger, evaluate as score, normalize_tag, read_conll

    with conll.open(encoding="utf-8-sig") as f:
        sents = read_conll(f)
    tagger = default_tagger()
    t0 = time.perf_counter()
    pred = tagger.tag_document([[row[0] for row in s] for s in sents])
    seconds = time.perf_counter() - t0
    n_tokens = sum(len(s) for s in sents)
    sink = output.open("w", encoding="utf-8") if output else (None if evaluate else sys.stdout)
    if sink:
        for s, tags in zip(sents, pred):
            sink.write("".join(f"{row[0]}\t{t}\n" for row, t in zip(s, tags)) + "\n")
        if output:
            sink.close()
    if evaluate:
        gold = [[normalize_tag(row[-1]) if len(row) > 1 else "O" for row in s] for s in sents]
        t = Table("type", "precision", "recall", "F1", "gold entities", title=f"{conll.name}: {n_tokens} tokens, "
                  f"{len(sents)} sentences, {n_tokens / seconds:,.0f} tokens/s", title_justify="left")
        for typ, m in score(gold, pred).items():
            t.add_row(typ, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["support"]))
        out.print(t)
        m = score(gold, pred)["micro"]
        out.print(f"micro F1 {m['f1']:.4f} (P {m['precision']:.4f}, R {m['recall']:.4f})")


@app.command()
def entities(limit: Annotated[int, typer.Option(help="how many")] = 30,
             type: Annotated[Optional[str], typer.Option("--type", help="PER, LOC, ORG or MISC")] = None,
             as_json: Annotated[bool, typer.Option("--json")] = False, db: DbOption = DB_DEFAULT):
    """People, places and organisations, most mentioned first, with the number of articles."""
    with _store(db) as store:
        rows = store.top_entities(limit, type.upper() if type else None)
    if as_json:
        for r in rows:
            _print_json(r, indent=None)
        return
    t = Table("entity", "type", "name", "English", "mentions", "articles", title=f"{len(rows)} entities",
              title_justify="left")
    for r in rows:
        _add_row(t, r["id"], r["type"], r["name"], r["name_en"] or "", str(r["mentions"]), str(r["articles"]))
    out.print(t)


@app.command()
def entity(name: Annotated[str, typer.Argument(help="a name in any spelling, an English name, or an entity id")],
           as_json: Annotated[bool, typer.Option("--json")] = False, db: DbOption = DB_DEFAULT):
    """One entity: its spellings, the articles naming it, and who else they name."""
    from collections import Counter

    from rasid.corpus.link import lookup

    with _store(db) as store:
        found = lookup(store, name)
        if not found:
            err.print(f"[red]no entity named {escape(name)!r}[/red]")
            raise typer.Exit(2)
        e = found[0]
        mentions = store.mentions_of(e["id"])
        articles = {a: store.get(a) for a in dict.fromkeys(m["article"] for m in mentions)}
        others = store.co_occurring(e["id"])
    variants = Counter(m["text"] for m in mentions)
    if as_json:
        rec = e | {"variants": dict(variants), "articles": [
            {"id": a, "title": art.title, "outlet": art.outlet, "published": art.published}
            for a, art in articles.items()], "co_occurring": others}
        _print_json(rec)
        return
    out.print(f"[bold]{escape(e['name'])}[/bold] · {escape(e['name_en'] or '')} · {e['type']} · {e['id']}")
    out.print("spellings: " + escape(" · ".join(f"{v} ({n})" for v, n in variants.most_common())))
    t = _article_table(f"{len(articles)} articles")
    for a, art in articles.items():
        _add_row(t, a, (art.published or "")[:10], art.outlet or "", _headline(art))
    out.print(t)
    if others:
        out.print("named with: " + escape(" · ".join(f"{o['name']} ({o['articles']})" for o in others)))
    if len(found) > 1:
        out.print("[dim]also: " + escape(" · ".join(f"{f['name']} ({f['id']})" for f in found[1:])) + "[/dim]")


@app.command()
def extract(source: Annotated[str, typer.Argument(metavar="TEXT|FILE", help="Arabic text, or a file holding it")],
            what: Annotated[str, typer.Option(help="dates, quantities, entities or claims")] = "claims",
            published: Annotated[Optional[str], typer.Option(help="publication date the text is resolved against")] = None,
            as_json: Annotated[bool, typer.Option("--json")] = False):
    """Run one extractor on a text and print what it finds (no store involved)."""
    from rasid.extract import extract as run

    kinds = ("dates", "quantities", "entities", "claims")
    if what not in kinds:
        raise typer.BadParameter(f"use one of {', '.join(kinds)}", param_hint="--what")
    path = Path(source)
    text = path.read_text(encoding="utf-8") if len(source) < 4096 and path.is_file() else source
    found = run(text, published)[what]
    if as_json:
        for rec in found:
            _print_json(rec, indent=None)
        return
    t = Table(title=f"{len(found)} {what}", title_justify="left")
    if what == "claims":
        for col in ("quantity", "low", "high", "unit", "actor", "attribution", "time"):
            t.add_column(col)
        for c in found:
            q = c["quantity"]
            _add_row(t, q["text"], _num(q["low"]), _num(q["high"]), q["unit"] or "", (c["actor"] or {}).get("text") or "",
                     " ← ".join(a["text"] for a in c["attribution"]), c["time"] or "")
    else:
        cols = {"dates": ("text", "value"), "quantities": ("text", "low", "high", "approx", "unit"),
                "entities": ("text", "type", "entity")}[what]
        for col in ("start", *cols):
            t.add_column(col)
        for rec in found:
            _add_row(t, str(rec["start"]), *(_num(rec[c]) if isinstance(rec[c], float) else str(rec[c] or "")
                                             for c in cols))
    out.print(t)


@app.command()
def claims(entity: Annotated[Optional[str], typer.Option(help="only claims about this entity (any spelling)")] = None,
           unit: Annotated[Optional[str], typer.Option(help="only claims counting this (جندي, صاروخ …)")] = None,
           limit: Annotated[int, typer.Option(help="how many")] = 50,
           as_json: Annotated[bool, typer.Option("--json")] = False, db: DbOption = DB_DEFAULT):
    """Figures claimed in the stored articles: value, what is counted, about whom, who says so."""
    from rasid.export import claim_record
    from rasid.extract.numbers import unit_lemma

    with _store(db) as store:
        ident = _entity_id(store, entity) if entity else None
        rows = store.claims(ident, unit_lemma(unit) if unit else None, limit)
    if as_json:
        for r in rows:
            _print_json(claim_record(r) | {"outlet": r["outlet"], "published": r["published"]}, indent=None)
        return
    t = Table("figure", "unit", "about", "who says so", "when", "outlet", title=f"{len(rows)} claims",
              title_justify="left")
    for r in rows:
        _add_row(t, r["q_text"], r["unit"] or "", r["actor_text"] or "",
                 " ← ".join(a["text"] for a in r["attribution"]), r["time"] or "", r["outlet"] or "")
    out.print(t)


@app.command()
def relate(redo: Annotated[bool, typer.Option(help="forget the stories, duplicates and origins and place every article again")] = False,
           db: DbOption = DB_DEFAULT):
    """Place analysed articles among the others: near-duplicates, stories, shared origins, claim groups
    (ingest and analyze do this by default)."""
    from rasid.pipeline import relate as run

    with _store(db) as store:
        if redo:
            with store.transaction():
                store.reset_corpus()
        with _progress("relating") as update:
            n = run(store, progress=update)
        out.print(f"{n} articles placed · {len(store.stories(limit=None, min_articles=2))} stories of two or more articles")


@app.command()
def stories(limit: Annotated[int, typer.Option(help="how many")] = 30,
            since: Annotated[Optional[str], typer.Option(help="stories still running on or after this date")] = None,
            until: Annotated[Optional[str], typer.Option(help="stories begun on or before this date")] = None,
            search: Annotated[Optional[str], typer.Option(help="stories with an article matching these words")] = None,
            entity: Annotated[Optional[str], typer.Option(help="stories naming this entity (any spelling)")] = None,
            min_articles: Annotated[int, typer.Option(help="only stories of at least this many articles")] = 1,
            as_json: Annotated[bool, typer.Option("--json")] = False, db: DbOption = DB_DEFAULT):
    """Stories, newest first: label, dates, articles and outlets."""
    with _store(db) as store:
        ident = _entity_id(store, entity) if entity else None
        rows = store.stories(limit, since=since, until=until, query=search, entity=ident, min_articles=min_articles)
    if as_json:
        for r in rows:
            _print_json(r, indent=None)
        return
    t = Table("id", "dates", "articles", "outlets", "label", title=f"{len(rows)} stories", title_justify="left")
    for r in rows:
        dates = r["start"] or "?" if r["start"] == r["end"] else f"{r['start'] or '?'} → {r['end'] or '?'}"
        _add_row(t, r["id"], dates, str(r["articles"]), str(r["outlets"]), r["label"])
    out.print(t)


@app.command()
def story(ident: Annotated[str, typer.Argument(metavar="ID", help="a story id (or a unique prefix)")],
          fmt: Annotated[str, typer.Option("--format", help="md, html or json")] = "md",
          output: Annotated[Optional[Path], typer.Option("-o", "--output", help="file to write (default: stdout)")] = None,
          db: DbOption = DB_DEFAULT):
    """A story's brief: what happened (every sentence cited), timeline, figures that agree or differ,
    entities, sources."""
    from rasid.corpus import brief

    if fmt not in ("md", "html", "json"):
        raise typer.BadParameter("use md, html or json", param_hint="--format")
    with _store(db) as store:
        b = brief.build(store, ident)
    if b is None:
        err.print(f"[red]no story {escape(ident)!r}[/red] (rasid stories lists them)")
        raise typer.Exit(2)
    text = {"md": brief.to_markdown, "html": brief.to_html,
            "json": lambda x: json.dumps(x, ensure_ascii=False, indent=2) + "\n"}[fmt](b)
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        sys.stdout.write(text)


@app.command()
def timeline(story_id: Annotated[Optional[str], typer.Option("--story", help="a story id")] = None,
             entity: Annotated[Optional[str], typer.Option(help="an entity (any spelling)")] = None,
             limit: Annotated[int, typer.Option(help="how many events")] = 100,
             as_json: Annotated[bool, typer.Option("--json")] = False, db: DbOption = DB_DEFAULT):
    """Dated events of a story or an entity, each with its sentence and where it was read."""
    from rasid.corpus.timeline import entity_timeline, story_timeline

    if bool(story_id) == bool(entity):
        raise typer.BadParameter("give --story ID or --entity NAME")
    with _store(db) as store:
        if story_id:
            s = store.story(story_id)
            if s is None:
                err.print(f"[red]no story {escape(story_id)!r}[/red]")
                raise typer.Exit(2)
            events = story_timeline(store, s["id"], limit)
        else:
            events = entity_timeline(store, _entity_id(store, entity), limit)
    if as_json:
        for ev in events:
            _print_json({k: getattr(ev, k) for k in ev.__slots__}, indent=None)
        return
    t = Table("date", "sentence", "outlet", "article", title=f"{len(events)} dated events", title_justify="left")
    for ev in events:
        _add_row(t, ev.value, ev.sentence, ev.outlet or "", ev.article)
    out.print(t)


@app.command()
def duplicates(limit: Annotated[int, typer.Option(help="how many groups")] = 30,
               as_json: Annotated[bool, typer.Option("--json")] = False, db: DbOption = DB_DEFAULT):
    """Near-copies of one text (syndication, re-posts, light edits), largest groups first."""
    with _store(db) as store:
        groups = sorted(store.groups("duplicates").values(), key=len, reverse=True)[:limit]
        rows = [[store.get(a) for a in g] for g in groups]
    if as_json:
        for g in rows:
            _print_json({"articles": [a.id for a in g]}, indent=None)
        return
    t = _article_table(f"{len(rows)} duplicate groups")
    for n, g in enumerate(rows, start=1):
        for a in g:
            _add_row(t, a.id, (a.published or "")[:10], a.outlet or "", f"{n}. {_headline(a)}")
    out.print(t)


@app.command()
def serve(host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="port")] = 8000,
          workers: Annotated[int, typer.Option(help="server processes (each holds its own caches)")] = 1,
          token: Annotated[Optional[str], typer.Option(envvar="RASID_TOKEN", help="token that allows POST "
                                                        "/api/articles and /api/feeds (default: read-only)")] = None,
          db: DbOption = DB_DEFAULT):
    """Serve the web app and its JSON API (described at /api and /openapi.json) on the store."""
    import uvicorn

    path = str(Path(db).resolve())
    os.environ["RASID_DB"] = path
    if token:
        os.environ["RASID_TOKEN"] = token
    err.print(f"Rasid on http://{host}:{port}/ · API at /api and /openapi.json · store {path} · "
              + ("writes need the token" if token else "read-only (set RASID_TOKEN to allow writes)"))
    uvicorn.run("rasid.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


def _entity_id(store: Store, name: str) -> str:
    from rasid.corpus.link import lookup

    found = lookup(store, name)
    if not found:
        err.print(f"[red]no entity named {escape(name)!r}[/red]")
        raise typer.Exit(2)
    return found[0]["id"]


def _progress(stage: str):
    """A transient progress bar on stderr; yields the callback the library's `progress=` takes."""
    from contextlib import contextmanager

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    @contextmanager
    def bar():
        with Progress(TextColumn(stage), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err,
                      transient=True) as p:
            task = p.add_task(stage, total=None)
            yield lambda s, d, t, c: p.update(task, completed=d, total=t)
    return bar()


def _num(x) -> str:
    if x is None:
        return "—"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"


@app.command()
def demo(db: DbOption = DB_DEFAULT):
    """Ingest the bundled demo corpus (fictional outlets, three events) and show what Rasid found."""
    from rasid.pipeline import ingest as run

    folder = resources.files("rasid") / "data" / "demo"
    with resources.as_file(folder) as path:
        report = run([str(path)], db, meta=path / "manifest.csv")
    with _store(db) as store:
        out.print(f"[bold]Rasid demo[/bold]: {report.pages} pages from {report.inputs} files "
                  f"(text in UTF-8, UTF-16 and Windows-1256, HTML, JSON, JSON Lines, RSS) → "
                  f"{store.count()} articles in {store.path}")
        t = _article_table(None)
        for a in store.articles(limit=None):
            _add_row(t, a.id, (a.published or "")[:10], a.outlet or "", _headline(a))
        out.print(t)
        query = "کردستان"
        hits = store.search(query, limit=5)
        out.print(f"\nsearch [bold]{query}[/bold] (Persian letters) finds {len(hits)} articles, every spelling:")
        for a, snip in hits:
            out.print(f"  {a.id}  {snip}", markup=False, highlight=False)
        found = store.stories(limit=None, min_articles=2)
        t = Table("story", "dates", "articles", "label", title=f"\n{len(found)} stories across outlets",
                  title_justify="left")
        for st in found:
            _add_row(t, st["id"], f"{st['start']} → {st['end']}", str(st["articles"]), st["label"])
        out.print(t)
        differ = [g for st in found for g in store.claim_groups(st["id"]) if g.kind == "differ"]
        claims = {c["id"]: c for st in found for c in store.story_claims(st["id"])}
        out.print(f"{len(differ)} figures on which outlets differ, for example:")
        for g in differ[:3]:
            out.print("  " + escape(" · ".join(f"{claims[c]['q_text']} ({claims[c]['outlet']})" for c, _ in g.claims)))
    if report.problems:
        for p in report.problems:
            err.print(f"[red]skipped[/red] {escape(p.source)}: {escape(p.reason)}")
        raise typer.Exit(EXIT_SKIPPED)
    out.print(f"\nLook further:  rasid serve --db {db}  (the web app)  ·  rasid stories  ·  rasid story ID  ·  "
              f"rasid entities  ·  rasid claims  ·  rasid search WORDS  ·  rasid export --format json -o export.json")


def _print_json(obj, indent: int | None = 2) -> None:
    """Machine-readable output goes to stdout as is: no colour, no wrapping."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=indent) + "\n")


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


def _headline(a) -> str:
    return a.title or (a.text[:70] + "…" if len(a.text) > 70 else a.text)


if __name__ == "__main__":
    app()
