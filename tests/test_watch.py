"""`rasid watch`: feeds polled into the store on loopback sites that publish, answer 304, fail, hang,
redirect, vanish, break their XML and send huge bodies; alerts on what users follow; outlet profiles."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import feedparser
import pytest
from feedsite import NewsSite, article
from webserver import QuietServer

from rasid import api
from rasid.ingest.feeds import entries
from rasid.model import FeedSource, Problem
from rasid.store import Store
from rasid.watch import Config, SourcesError, Watcher, load_sources


@pytest.fixture
def site():
    s = NewsSite(hang=4.0)
    yield s
    s.close()


def publish(site: NewsSite, feed: str, first: int, n: int) -> list[str]:
    return [site.publish(feed, *article(i)) for i in range(first, first + n)]


def config(*sources: FeedSource, **kw) -> Config:
    return Config(sources, per_host=0.0, **{"timeout": 2.0, **kw})


def counts(db: str) -> tuple[int, int]:
    with Store(db) as s:
        return s.count(), s.count("sightings")


def test_new_entries_are_stored_once_and_an_unchanged_feed_answers_304(site, db):
    url = site.feed("/rss/local.xml", "صحيفة المدن")
    pages = publish(site, "/rss/local.xml", 0, 3)
    watcher = Watcher(config(FeedSource("local", url, None, 1.0)), db)
    assert [r.new for r in watcher.run(once=True)] == [3]
    assert [r.new for r in watcher.run(once=True)] == [0]
    assert site.not_modified == 1  # the second poll sent the ETag back and got 304
    pages += publish(site, "/rss/local.xml", 3, 2)
    assert [r.new for r in watcher.run(once=True)] == [2]
    assert counts(db) == (5, 5)
    assert all(site.requests[p.removeprefix(site.url)] == 1 for p in pages)  # no page fetched twice
    with Store(db) as s:
        (state,) = s.feed_sources()
        assert (state.polls, state.failures, state.articles, state.last_new, state.last_error) == (3, 0, 5, 2, None)
        a = s.get(s.sighted(pages[0]))
        assert a.outlet == "صحيفة المدن" and a.title.startswith("افتتاح") and a.url == pages[0]
        assert "المشروع رقم 0" in a.text and "جميع الحقوق" not in a.text  # the page's article, not its footer


def test_a_failing_feed_backs_off_and_recovers(site, tmp_path):
    db = str(tmp_path / "w.db")
    url = site.feed("/rss/flaky.xml", "متقطعة")
    publish(site, "/rss/flaky.xml", 0, 2)
    site.modes["/rss/flaky.xml"] = "500"
    watcher = Watcher(config(FeedSource("flaky", url, None, 100.0)), db)
    waits = []
    for _ in range(3):
        with Store(db) as s:
            report, wait_for = watcher.save(s, watcher.harvest(s.feed_sources()[0]))
        waits.append(wait_for)
        assert report.error == "could not fetch: HTTP 500 Internal Server Error"
    assert waits == [60.0, 120.0, 240.0]  # doubling from a minute
    with Store(db) as s:
        assert s.feed_sources()[0].failures == 3
    site.modes["/rss/flaky.xml"] = "ok"
    assert [r.new for r in watcher.run(once=True)] == [2]
    with Store(db) as s:
        state = s.feed_sources()[0]
        assert (state.failures, state.last_error, state.articles) == (0, None, 2)


@pytest.mark.parametrize("mode, why", [
    ("gone", "HTTP 404"), ("malformed", "feed has no entries"), ("huge", "over the 1 MB limit"),
    ("hang", "timed out")])
def test_broken_feeds_are_reported_and_the_others_still_polled(site, tmp_path, mode, why):
    db = str(tmp_path / "w.db")
    bad, good = site.feed("/rss/bad.xml", "معطلة"), site.feed("/rss/good.xml", "سليمة")
    publish(site, "/rss/bad.xml", 0, 1)
    publish(site, "/rss/good.xml", 10, 2)
    site.modes["/rss/bad.xml"] = mode
    watcher = Watcher(config(FeedSource("bad", bad, None, 60.0), FeedSource("good", good, None, 60.0),
                             max_feed_bytes=1 << 20, timeout=1.0), db)
    reports = {r.source: r for r in watcher.run(once=True)}
    assert why in reports["bad"].error and reports["good"].new == 2
    with Store(db) as s:
        states = {x.name: x for x in s.feed_sources()}
        assert why in states["bad"].last_error and states["bad"].failures == 1 and states["good"].failures == 0


def test_a_redirected_feed_is_followed(site, db):
    url = site.feed("/rss/old.xml", "منقولة")
    publish(site, "/rss/old.xml", 0, 2)
    site.modes["/rss/old.xml"] = "redirect"
    assert [r.new for r in Watcher(config(FeedSource("moved", url, None, 60.0)), db).run(once=True)] == [2]


def test_the_feeds_text_is_kept_only_when_the_page_cannot_be_had(site, db):
    url = site.feed("/rss/s.xml", "ملخصات")
    title, paragraphs = article(7)
    page = site.publish("/rss/s.xml", title, paragraphs, summary="ملخص الخبر كما نشرته التغذية: " + paragraphs[0])
    site.page_modes[page.removeprefix(site.url)] = "500"
    Watcher(config(FeedSource("s", url, None, 60.0)), db).run(once=True)
    with Store(db) as s:
        (row,) = s.db.execute("SELECT how, article FROM seen_urls").fetchall()
        assert row[0] == "summary"
        assert s.get(row[1]).text.startswith("ملخص الخبر كما نشرته التغذية")


def test_a_long_backlog_is_taken_over_several_polls_and_nothing_is_lost(site, tmp_path, monkeypatch):
    import rasid.watch

    monkeypatch.setattr(rasid.watch, "MAX_NEW", 2)
    db = str(tmp_path / "w.db")
    url = site.feed("/rss/long.xml", "طويلة")
    publish(site, "/rss/long.xml", 0, 5)
    watcher = Watcher(config(FeedSource("long", url, None, 60.0)), db)
    assert [r.new for r in watcher.run(once=True)] + [r.new for r in watcher.run(once=True)] == [2, 2]
    assert [r.new for r in watcher.run(once=True)] == [1]  # a partial poll kept no ETag: no 304 hid the rest
    assert counts(db) == (5, 5) and site.not_modified == 0


def test_sigterm_stops_cleanly_and_a_restart_resumes(site, tmp_path):
    db = tmp_path / "w.db"
    feeds = [site.feed(f"/rss/{i}.xml", f"مصدر {i}") for i in range(3)]
    for i in range(3):
        publish(site, f"/rss/{i}.xml", i * 20, 6)
    toml = tmp_path / "sources.toml"
    toml.write_text("per_host = 0.3\n" + "".join(f'[[source]]\nname = "s{i}"\nurl = "{u}"\ninterval = 5\n'
                                                  for i, u in enumerate(feeds)), encoding="utf-8")
    run = [sys.executable, "-m", "rasid", "watch", str(toml), "--db", str(db)]
    proc = subprocess.Popen(run + ["--for", "120"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 90
    while sum(v for k, v in site.requests.items() if k.startswith("/news/")) < 4 and time.time() < deadline:
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=90)
    assert proc.returncode == 0, err
    first = counts(str(db))[0]
    assert 0 < first < 18
    done = subprocess.run(run + ["--once"], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert counts(str(db)) == (18, 18)
    assert all(v == 1 for k, v in site.requests.items() if k.startswith("/news/"))  # none fetched twice


def test_articles_are_analysed_in_a_process_replaced_as_it_ages_or_dies_and_nothing_is_lost(site, tmp_path,
                                                                                             monkeypatch):
    import os
    from concurrent.futures.process import BrokenProcessPool

    from rasid import pipeline
    from rasid.pipeline import ANALYSIS_VERSION, analysis_pool

    feeds = [FeedSource(f"f{i}", site.feed(f"/rss/{i}.xml", "صحيفة المدن"), None, 60.0) for i in range(2)]
    for i in range(2):
        publish(site, f"/rss/{i}.xml", i * 20, 20)

    def stories(db) -> tuple[list, list]:
        with Store(db) as s:
            assert s.count_pending(ANALYSIS_VERSION) == 0 and s.count_pending_relation() == 0
            groups: dict = {}
            for story, article in s.db.execute("SELECT story, article FROM story_articles"):
                groups.setdefault(story, set()).add(article)
            mentions = s.db.execute("SELECT article, start, entity FROM mentions").fetchall()
            return sorted(sorted(g) for g in groups.values()), sorted(map(tuple, mentions))

    here = tmp_path / "here.db"
    assert sorted(r.new for r in Watcher(config(*feeds), here, recycle=None).run(once=True)) == [20, 20]
    recycled = tmp_path / "recycled.db"
    watcher = Watcher(config(*feeds), recycled, recycle=16)  # a fresh analyser after 16 articles
    dead = analysis_pool()
    with pytest.raises(BrokenProcessPool):
        dead.submit(os._exit, 1).result()
    watcher._analyser = dead  # the analyser was killed before the first poll
    made: list[int] = []
    monkeypatch.setattr(pipeline, "analysis_pool", lambda: made.append(1) or analysis_pool())
    assert sorted(r.new for r in watcher.run(once=True)) == [20, 20]
    assert len(made) == 2  # one for the dead one, one after the first poll's 20 articles
    assert stories(recycled) == stories(here)


def test_sources_toml_errors_name_the_problem(tmp_path):
    bad = tmp_path / "s.toml"
    for text, why in [("[[source]]\nname = 'a'\n", "has no url"), ("x = [", "not valid TOML"),
                      ("[[source]]\nurl = 'ftp://x/y'\n", "must be http or https"),
                      ("[[source]]\nurl = 'http://a/1'\nname = 'a'\n[[source]]\nurl = 'http://a/2'\nname = 'a'\n",
                       "used twice"),
                      ("[[source]]\nurl = 'http://a/1'\ninterval = -5\n", "interval must be")]:
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(SourcesError, match=why):
            load_sources(bad)


def test_sitemaps_and_news_sitemaps_give_their_links():
    news = """<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>https://example.org/a.html</loc><news:news><news:publication_date>2026-11-30T08:00:00+03:00
      </news:publication_date><news:title>عنوان الخبر</news:title></news:news></url>
      <url><loc>https://example.org/b.html</loc><lastmod>2026-11-29</lastmod></url></urlset>""".encode()
    a, b = entries(news, "s").entries
    assert (a.url, a.title, a.published) == ("https://example.org/a.html", "عنوان الخبر", "2026-11-30T08:00:00+03:00")
    assert (b.url, b.published, b.sitemap) == ("https://example.org/b.html", "2026-11-29", False)
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>
      <loc>https://example.org/news.xml</loc></sitemap></sitemapindex>"""
    (m,) = entries(index, "i").entries
    assert m.sitemap and m.url == "https://example.org/news.xml"
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><urlset><url><loc>&a;</loc></url></urlset>'
    assert isinstance(entries(bomb, "b"), Problem)


# --- watches and alerts ------------------------------------------------------------------------------


class Hooks:
    """A loopback webhook receiver: the JSON bodies POSTed to it."""

    def __init__(self):
        hooks = self
        self.received: list[dict] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                hooks.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_an_alert_fires_within_one_poll_and_its_atom_feed_reads_back(site, db):
    from fastapi.testclient import TestClient

    from rasid.corpus.alerts import deliver
    from rasid.web.app import create_app

    url = site.feed("/rss/world.xml", "أخبار العالم")
    publish(site, "/rss/world.xml", 0, 2)
    watcher = Watcher(config(FeedSource("world", url, None, 60.0)), db)
    watcher.run(once=True)
    hooks = Hooks()
    with Store(db) as s:
        w = api.add_watch(s, "entity", "لافروف", webhook=hooks.url)  # a spelling: the watch keeps the entity
        q = api.add_watch(s, "query", "المكتبة")
        assert w.target == "per:sergei-lavrov"
    planted = site.publish("/rss/world.xml", "لافروف يصل إلى جدة في زيارة رسمية", [
        "وصل وزير الخارجية الروسي سيرغي لافروف إلى جدة مساء اليوم في زيارة رسمية يلتقي خلالها عددا من المسؤولين"
        " لبحث العلاقات الثنائية والأوضاع في المنطقة.",
        "وقال مصدر دبلوماسي إن لافروف سيعقد مؤتمرا صحفيا في ختام الزيارة التي تستمر يومين."])
    publish(site, "/rss/world.xml", 50, 1)
    watcher.run(once=True)
    with Store(db) as s:
        r = api.alerts(s, watch=w.id)
        assert [a.article for a in r.alerts] == [s.sighted(planted)]
        assert r.alerts[0].why == "names سيرغي لافروف" and r.alerts[0].story
        assert api.alerts(s, watch=q.id).total == 0
        assert deliver(s) == (0, 0)  # the watcher delivered it as it raised it, once
    assert len(hooks.received) == 1 and hooks.received[0]["alert"]["article"] == r.alerts[0].article
    assert hooks.received[0]["watch"]["target"] == "per:sergei-lavrov"
    client = TestClient(create_app(db, token="secret"))
    got = client.get(f"/watches/{w.id}/feed.atom")
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(got.content)
    assert not feed.bozo and feed.feed.title.startswith("Rasid: سيرغي لافروف")
    assert [e.title for e in feed.entries] == ["لافروف يصل إلى جدة في زيارة رسمية"]
    assert feed.entries[0].link.endswith(f"/articles/{r.alerts[0].article}")
    page = client.get("/alerts?lang=en")
    assert "لافروف يصل إلى جدة في زيارة رسمية" in page.text and "names سيرغي لافروف" in page.text


def test_watches_need_the_token_and_say_what_is_wrong(db):
    from fastapi.testclient import TestClient

    from rasid.web.app import create_app

    client = TestClient(create_app(db, token="secret"))
    auth = {"Authorization": "Bearer secret"}
    assert client.post("/api/watches", json={"kind": "query", "target": "سيول"}).status_code == 401
    made = client.post("/api/watches", json={"kind": "query", "target": "سيول"}, headers=auth)
    assert made.status_code == 201 and made.json()["label"] == "سيول"
    assert client.get("/api/watches").json()[0]["id"] == made.json()["id"]
    nobody = client.post("/api/watches", json={"kind": "entity", "target": "لا أحد بهذا الاسم"}, headers=auth)
    assert nobody.status_code == 422 and "no entity is known" in nobody.text
    private = client.post("/api/watches", json={"kind": "query", "target": "سيول", "webhook": "http://127.0.0.1:9/x"},
                          headers=auth)
    assert private.status_code == 422 and "not public" in private.text
    assert client.delete(f"/api/watches/{made.json()['id']}").status_code == 401
    assert client.delete(f"/api/watches/{made.json()['id']}", headers=auth).json() == {"removed": made.json()["id"]}
    assert client.get("/api/watches").json() == []


def test_the_sources_page_shows_each_sources_state(site, db):
    from fastapi.testclient import TestClient

    from rasid.web.app import create_app

    good, bad = site.feed("/rss/g.xml", "جيدة"), site.feed("/rss/b.xml", "سيئة")
    publish(site, "/rss/g.xml", 0, 1)
    site.modes["/rss/b.xml"] = "500"
    Watcher(config(FeedSource("good", good, "الجيدة", 60.0), FeedSource("bad", bad, None, 60.0)), db).run(once=True)
    client = TestClient(create_app(db))
    states = {s["name"]: s for s in client.get("/api/sources").json()}
    assert states["good"]["articles"] == 1 and states["bad"]["last_error"].endswith("HTTP 500 Internal Server Error")
    page = client.get("/sources?lang=en").text
    assert "HTTP 500 Internal Server Error" in page and "الجيدة" in page and 'dir="ltr"' in page


# --- outlet profiles ----------------------------------------------------------------------------------


def test_outlet_profiles_say_who_carried_a_text_first(db):
    from rasid.model import RawPage
    from rasid.pipeline import ingest_pages

    title, paragraphs = article(3)
    text = "\n\n".join(paragraphs)
    other_title, other = article(40)
    pages = [RawPage(source="a1", text=text, title=title, outlet="الأولى", published="2026-11-01"),
             RawPage(source="b1", text=text + "\n\nالمصدر: الأولى", title=title, outlet="الثانية",
                     published="2026-11-02"),
             RawPage(source="c1", text=text, title=title, outlet="الثالثة", published="2026-11-01"),
             RawPage(source="b2", text="\n\n".join(other), title=other_title, outlet="الثانية", published="2026-11-03"),
             RawPage(source="d1", text=text, title=title, outlet="الرابعة", fetched="2026-11-09T10:00:00"),
             # no dates but the ones their addresses name: the print paper ran the site's text two days later
             RawPage(source="e1", text="\n\n".join(other), title=other_title, outlet="الموقع",
                     url="https://site.example/news/2026/11/03/a.html", fetched="2026-11-05T01:00:00"),
             RawPage(source="f1", text="\n\n".join(other), title=other_title, outlet="الورقية",
                     url="https://paper.example/issues/20261105/b.htm", fetched="2026-11-05T00:30:00")]
    ingest_pages(pages, db)
    with Store(db) as s:
        listed = {o.name: o.articles for o in api.outlets(s)}
        assert listed == {"الأولى": 1, "الثانية": 2, "الثالثة": 1, "الرابعة": 1, "الموقع": 1, "الورقية": 1}
        paper, site = api.outlet(s, "الورقية"), api.outlet(s, "الموقع")
        first, second = api.outlet(s, "الأولى"), api.outlet(s, "الثانية")
        assert api.outlet(s, "لا يوجد") is None
    assert [(c.name, c.count) for c in second.copies_from] == [("الأولى", 1)]
    assert [(c.name, c.count) for c in first.copied_by] == [("الثانية", 1)]
    # الرابعة carried it too, but only its fetch day is known: a late crawl is not a copy
    assert [(c.name, c.count) for c in first.shares_with] == [("الثالثة", 1), ("الرابعة", 1)]
    assert (first.shared_stories, first.first, first.first_tied) == (1, 0, 1)  # tied with الثالثة on the day
    assert (second.shared_stories, second.first) == (1, 0)
    # the first carrier of the other text is الثانية (its page's date); the paper's address is two days on
    assert [(c.name, c.count) for c in paper.copies_from] == [("الثانية", 1)]
    assert [(c.name, c.count) for c in site.shares_with] == [("الثانية", 1)] and not site.copies_from


def test_story_and_disputed_figure_watches_alert_on_the_reports_that_follow(tmp_path, db, cli):
    import shutil
    from importlib import resources

    from rasid.pipeline import ingest

    with resources.as_file(resources.files("rasid") / "data" / "demo") as path:
        shutil.copytree(path, tmp_path / "demo")
    (tmp_path / "later").mkdir()
    for name in ("sahel_floods_hadramawt_cp1256.txt", "aljisr_fidan_baghdad_repost.txt"):
        (tmp_path / "demo" / name).rename(tmp_path / "later" / name)
    manifest = tmp_path / "demo" / "manifest.csv"
    ingest([str(tmp_path / "demo")], db, meta=manifest)
    with Store(db) as s:
        visit = next(a for a in s.articles(limit=None) if "almarsad24" in (a.url or ""))
        story = api.add_watch(s, "story", s.story_of(visit.id))
    made = cli("follow", "figures", "حضرموت", "--relation", "differ", "--db", db)
    assert made.exit_code == 0 and "Hadramawt" in made.stdout
    assert cli("follow", "figures", "حضرموت", "--relation", "more", "--db", db).exit_code == 2
    ingest([str(tmp_path / "later")], db, meta=manifest)
    shown = cli("alerts", "--json", "--db", db)
    got = {a["why"]: a for a in map(json.loads, shown.stdout.splitlines())}
    assert set(got) == {"joined the story", "figure 31 قتيلاً (differ)"}
    assert got["joined the story"]["outlet"] == "منصة الجسر نيوز" and got["joined the story"]["story"] == story.target
    assert got["figure 31 قتيلاً (differ)"]["outlet"] == "وكالة أنباء الساحل"
    ingest([str(tmp_path / "later")], db, meta=manifest)  # the same files again: nothing new, no new alert
    assert len(cli("alerts", "--json", "--db", db).stdout.splitlines()) == 2
    assert cli("unfollow", story.id, "--db", db).exit_code == 0
    assert len(cli("alerts", "--json", "--db", db).stdout.splitlines()) == 1


def test_a_followed_story_merged_into_another_is_still_followed(tmp_path, db):
    from conftest import ingest_demo

    ingest_demo(tmp_path, db)
    with Store(db) as s:
        stories = [x.id for x in s.stories(limit=None)]
        absorbed, into = stories[-1], stories[0]
        watch = api.add_watch(s, "story", absorbed)
        with s.transaction():
            s.merge_stories(absorbed, into)
        assert [w.target for w in s.watches() if w.id == watch.id] == [into]
        assert [w.target for w in api.watches(s)] == [into]


def test_outlet_pages_on_the_demo(tmp_path, db, cli):
    from conftest import ingest_demo
    from fastapi.testclient import TestClient

    from rasid.web.app import create_app

    ingest_demo(tmp_path, db)
    client = TestClient(create_app(db))
    listed = client.get("/api/outlets").json()
    assert {o["name"] for o in listed} >= {"منصة الجسر نيوز", "موقع المرصد 24"}
    profile = client.get("/api/outlets/منصة الجسر نيوز").json()
    assert [c["name"] for c in profile["copies_from"]] == ["موقع المرصد 24"]  # its repost, a day later
    assert profile["stories"] and profile["entities"]
    page = client.get("/outlets/موقع المرصد 24?lang=en").text
    assert "Its texts carried later by" in page and "منصة الجسر نيوز" in page
    assert client.get("/outlets/nobody").status_code == 404
    shown = cli("outlets", "منصة الجسر نيوز", "--db", db)
    assert shown.exit_code == 0 and "carries texts first published by" in shown.stdout and "موقع المرصد 24" in shown.stdout
    assert cli("outlets", "nobody", "--db", db).exit_code == 2


def test_serve_with_watch_follows_the_sources_and_stops_them_with_itself(site, tmp_path):
    import socket
    import urllib.request

    url = site.feed("/rss/live.xml", "مباشر")
    publish(site, "/rss/live.xml", 0, 2)
    toml = tmp_path / "live.toml"
    toml.write_text(f'per_host = 0\n[[source]]\nname = "live"\nurl = "{url}"\ninterval = 2\n', encoding="utf-8")
    db = tmp_path / "live.db"
    from rasid.store import Store as S

    S(str(db)).close()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "rasid", "serve", "--port", str(port), "--watch", str(toml),
                               "--allow-private-urls", "--db", str(db)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline, states = time.time() + 120, []
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/sources", timeout=5) as r:
                    states = json.load(r)
                if states and states[0]["articles"] == 2:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert states and states[0]["articles"] == 2, states
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=120)
    left = [p for p in Path("/proc").iterdir() if p.name.isdigit() and str(toml) in _cmdline(p)]
    assert not left  # the watcher stopped with the server
    assert counts(str(db)) == (2, 2)


def _cmdline(p: Path) -> str:
    try:
        return p.joinpath("cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def test_a_poll_that_cannot_be_stored_is_that_sources_error_and_is_tried_again(site, tmp_path, monkeypatch):
    import rasid.pipeline

    db = str(tmp_path / "w.db")
    url = site.feed("/rss/x.xml", "س")
    publish(site, "/rss/x.xml", 0, 2)
    watcher = Watcher(config(FeedSource("x", url, None, 60.0)), db)
    real = rasid.pipeline.ingest_pages
    monkeypatch.setattr(rasid.pipeline, "ingest_pages", lambda *a, **k: 1 / 0)
    (report,) = watcher.run(once=True)
    assert report.error == "could not store this poll (ZeroDivisionError: division by zero)"
    with Store(db) as s:
        assert s.count() == 0 and s.feed_sources()[0].failures == 1 and not s.taken([url])
    monkeypatch.setattr(rasid.pipeline, "ingest_pages", real)
    assert [r.new for r in watcher.run(once=True)] == [2]  # the same pages, taken now
