"""The JSON API and the server-rendered pages, in process (httpx through FastAPI's test client)."""
import json
from importlib import resources

import pytest
from conftest import copy, ingest_demo
from fastapi.testclient import TestClient

from rasid.web import create_app

TOKEN = "s3cret-token"
HOSTILE = {
    "title": "<script>document.title='pwned'</script>عنوان <img src=x onerror=alert(1)>",
    "text": "وصل وزير الخارجية إلى بغداد في زيارة رسمية <script>alert(2)</script> تستمر يومين، "
            "وبحث مع المسؤولين ملفات المياه والتجارة <a href=\"javascript:alert(3)\">اضغط</a> "
            "<svg onload=alert(4)></svg> وأعلن عن 12 اتفاقية.",
    "url": "javascript:alert(5)", "outlet": "<b onmouseover=alert(6)>منفذ</b>", "published": "2025-03-12",
}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, new_store):
    tmp = tmp_path_factory.mktemp("web")
    return ingest_demo(tmp, new_store(tmp, "demo"))


@pytest.fixture(scope="module")
def client(demo_db):
    return TestClient(create_app(demo_db, token=""))


@pytest.fixture
def writer(demo_db, tmp_path, new_store):
    db = new_store(tmp_path, "w")
    copy(demo_db, db)
    return TestClient(create_app(db, token=TOKEN, allow_private_urls=True))  # the test feeds are on loopback


def test_story_list_is_paginated_newest_first_and_filterable(client):
    first = client.get("/api/stories", params={"limit": 2}).json()
    assert len(first["stories"]) == 2 and first["next"] == 2
    rest = client.get("/api/stories", params={"limit": 2, "offset": 2}).json()
    assert not {s["id"] for s in first["stories"]} & {s["id"] for s in rest["stories"]}
    every = client.get("/api/stories", params={"min_articles": 2}).json()["stories"]
    assert len(every) == 3 and [s["end"] for s in every] == sorted((s["end"] for s in every), reverse=True)
    assert all(s["outlet_names"] for s in every)
    march_11_12 = client.get("/api/stories", params={"since": "2025-03-11", "until": "2025-03-12",
                                                     "min_articles": 2}).json()["stories"]
    assert len(march_11_12) == 1 and "فيدان" in march_11_12[0]["label"]
    by_entity = client.get("/api/stories", params={"entity": "هاكان فيدان", "min_articles": 2}).json()["stories"]
    assert [s["id"] for s in by_entity] == [march_11_12[0]["id"]]
    by_outlet = client.get("/api/stories", params={"outlet": "منصة المرفأ الاقتصادية"}).json()["stories"]
    assert len(by_outlet) == 1 and "الفاو" in by_outlet[0]["label"]
    assert client.get("/api/stories", params={"limit": 0}).status_code == 422


def test_story_detail_has_brief_timeline_figures_entities_and_sources(client):
    sid = client.get("/api/stories", params={"q": "حضرموت", "min_articles": 2}).json()["stories"][0]["id"]
    b = client.get(f"/api/stories/{sid}").json()
    assert b["story"]["id"] == sid and b["summary"] and all(x["cite"] for x in b["summary"])
    assert b["timeline"] and b["entities"] and len(b["sources"]) == b["story"]["articles"]
    assert any(f["kind"] == "differ" for f in b["figures"])
    assert client.get("/api/stories/nope").status_code == 404
    html = client.get(f"/stories/{sid}").text
    assert "<svg" in html and "badge differ" in html and 'dir="rtl"' in html


def test_entity_by_id_or_any_spelling(client):
    e = client.get("/api/entities", params={"q": "Hakan Fidan"}).json()["entities"]
    assert e, "the Latin spelling finds Fidan"
    ident = e[0]["id"]
    detail = client.get(f"/api/entities/{ident}").json()
    assert detail["entity"]["id"] == ident and len(detail["variants"]) >= 2
    assert detail["timeline"] and detail["co_occurring"] and detail["stories"]
    by_spelling = client.get("/api/entities/هاكان فيدان").json()  # no id: any spelling
    assert by_spelling["entity"]["id"] == ident
    # الضفتين writes him with ض: the same person, whose spellings list it
    assert "هاكان فيضان" in {v for v, _ in by_spelling["variants"]}
    page = client.get("/api/entities", params={"limit": 5, "offset": 5}).json()
    assert len(page["entities"]) == 5 and page["next"] == 10
    assert client.get("/api/entities/no-such-one-anywhere").status_code == 404


def test_claims_filter_by_entity_unit_and_outlet(client):
    everything = client.get("/api/claims", params={"limit": 200}).json()["claims"]
    dead = client.get("/api/claims", params={"unit": "قتلى", "limit": 200}).json()["claims"]
    assert dead and all(c["quantity"]["unit"] == "قتيل" for c in dead) and len(dead) < len(everything)
    outlet = client.get("/api/claims", params={"outlet": "وكالة أنباء الساحل"}).json()["claims"]
    assert outlet and all(c["outlet"] == "وكالة أنباء الساحل" for c in outlet)


def test_claims_filter_by_how_outlets_compare_on_them(client):
    """kind=differ lists only the figures of groups outlets give apart (the Faw port's cost), and a kind
    that does not exist is refused with the kinds there are."""
    groups = [g for s in client.get("/api/stories", params={"limit": 50}).json()["stories"]
              for g in client.get(f"/api/stories/{s['id']}").json()["figures"]]
    in_differ = {c["claim"] for g in groups if g["kind"] == "differ" for c in g["claims"]}
    differ = client.get("/api/claims", params={"kind": "differ", "limit": 200}).json()
    assert differ["claims"] and {c["id"] for c in differ["claims"]} <= in_differ
    assert len(differ["claims"]) < client.get("/api/claims", params={"limit": 200}).json()["total"]
    bad = client.get("/api/claims", params={"kind": "disagree"})
    assert bad.status_code == 422 and "differ" in bad.text


def test_article_offsets_point_into_its_text(client):
    sid = client.get("/api/stories", params={"q": "الفاو"}).json()["stories"][0]["id"]
    aid = client.get(f"/api/stories/{sid}").json()["sources"][0]["id"]
    a = client.get(f"/api/articles/{aid}").json()
    text = a["article"]["text"]
    assert a["mentions"] and a["dates"] and a["claims"] and a["story"]["id"] == sid
    for m in a["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
    for c in a["claims"]:
        assert text[c["quantity"]["start"]:c["quantity"]["end"]] == c["quantity"]["text"]
    html = client.get(f"/articles/{aid}").text
    assert 'class="ent ent-loc"' in html and 'class="qty"' in html and 'class="date"' in html


def test_search_full_text_and_semantic(client):
    res = client.get("/api/search", params={"q": "کردستان"}).json()
    assert len(res["hits"]) >= 4 and all("«" in h["snippet"] for h in res["hits"])
    sem = client.get("/api/search", params={"q": "فيضانات وسيول في اليمن"}).json()["semantic"]
    assert sem and any("حضرموت" in (s["article"]["title"] or "") or "سيول" in (s["article"]["title"] or "")
                       for s in sem[:3])
    assert "کردستان" in client.get("/search", params={"q": "کردستان"}).text
    every = client.get("/api/search", params={"q": "بغداد", "semantic": False}).json()["hits"]
    later = client.get("/api/search", params={"q": "بغداد", "since": "2025-03-12"}).json()["hits"]
    one = client.get("/api/search", params={"q": "بغداد", "outlet": "جريدة الضفتين"}).json()["hits"]
    assert len(every) > len(later) > 0 and all(h["article"]["published"] >= "2025-03-12" for h in later)
    assert one and all(h["article"]["outlet"] == "جريدة الضفتين" for h in one)


def test_search_by_an_english_name_finds_the_arabic_articles_naming_it(client):
    res = client.get("/api/search", params={"q": "Baghdad", "semantic": False}).json()
    arabic = client.get("/api/search", params={"q": "بغداد", "semantic": False}).json()
    assert [e["name_en"] for e in res["entities"]] == ["Baghdad"]
    assert {h["article"]["id"] for h in res["hits"]} >= {h["article"]["id"] for h in arabic["hits"]} != set()
    assert all("«" in h["snippet"] and "»" in h["snippet"] for h in res["hits"])
    page = client.get("/search", params={"q": "Baghdad"}).text
    assert "ومعها كل مقال يذكر" in page and "بغداد" in page
    assert "every article naming" in client.get("/search", params={"q": "Baghdad", "lang": "en"}).text
    client.cookies.clear()  # the language chosen here is not the next test's


def test_entities_of_one_outlet_or_period(client):
    erbil = client.get("/api/entities", params={"outlet": "جريدة الضفتين", "limit": 5}).json()["entities"]
    names = [e["name"] for e in erbil]
    assert "أربيل" in names and not any("حضرموت" in n for n in names)
    march_15 = client.get("/api/entities", params={"since": "2025-03-15", "until": "2025-03-15"}).json()["entities"]
    assert any("حضرموت" in e["name"] for e in march_15) and not any(e["name"] == "هاكان فيدان" for e in march_15)


def test_openapi_documents_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/stories", "/api/stories/{ident}", "/api/entities", "/api/entities/{ident}", "/api/claims",
              "/api/articles/{ident}", "/api/search", "/api/articles", "/api/feeds", "/api/sources", "/api/watches",
              "/api/watches/{ident}", "/api/alerts", "/api/outlets", "/api/outlets/{name}"):
        assert p in paths
    assert "/api/feeds" in client.get("/api").text


def test_security_headers_and_language_toggle(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert '<html lang="ar" dir="rtl">' in r.text
    en = client.get("/", params={"lang": "en"})
    assert '<html lang="en" dir="ltr">' in en.text and "Stories" in en.text
    assert en.cookies.get("lang") == "en"


def test_writes_need_the_token(client, writer):
    body = {"text": "نص قصير عن زيارة وزير إلى بغداد لبحث ملفات المياه والتجارة بين البلدين."}
    assert client.post("/api/articles", json=body).status_code == 401  # no token set: read-only
    assert client.post("/api/feeds", json={"url": "https://example.org/feed.xml"}).status_code == 401
    assert writer.post("/api/articles", json=body).status_code == 401
    assert writer.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    big = {"text": "ا" * (6 * 2**20)}
    assert writer.post("/api/articles", json=big, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 413


def test_a_posted_article_is_analysed_and_joins_its_story(writer):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = writer.get("/api/stories", params={"entity": "هاكان فيدان", "min_articles": 2}).json()["stories"][0]
    body = {"title": "فيدان يلتقي السوداني في بغداد ويبحث ملف المياه وطريق التنمية",
            "text": "بغداد - التقى وزير الخارجية التركي هاكان فيدان رئيس الوزراء العراقي محمد شياع السوداني في بغداد "
                    "يوم الثلاثاء، وبحث الجانبان ملف المياه ومشروع طريق التنمية والتبادل التجاري بين البلدين، "
                    "كما التقى فيدان نظيره العراقي فؤاد حسين.",
            "outlet": "صحيفة تجريبية", "published": "2025-03-11"}
    r = writer.post("/api/articles", json=body, headers=auth)
    assert r.status_code == 201, r.text
    (aid,) = r.json()["articles"]
    a = writer.get(f"/api/articles/{aid}").json()
    assert a["mentions"] and a["story"]["id"] == before["id"]
    # the cached story list knows: the write moved the store's version
    after = writer.get("/api/stories", params={"entity": "هاكان فيدان", "min_articles": 2}).json()["stories"][0]
    assert after["id"] == before["id"] and after["articles"] == before["articles"] + 1
    again = writer.post("/api/articles", json=body, headers=auth).json()
    assert again["new"] == 0 and again["known"] == 1
    assert writer.post("/api/articles", json={"text": "   "}, headers=auth).status_code == 422


def _handlers(html: str) -> list[str]:
    """The event-handler attributes (onload, onerror…) of the tags a browser would build from `html`."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(f"{tag} {name}" for name, _ in attrs if name.lower().startswith("on"))

    Tags().feed(html)
    return found


def test_a_hostile_article_renders_inert(writer):
    r = writer.post("/api/articles", json=HOSTILE, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    (aid,) = r.json()["articles"]
    sid = writer.get(f"/api/articles/{aid}").json()["story"]["id"]
    for url in (f"/articles/{aid}", f"/stories/{sid}", "/", "/search?q=بغداد", "/claims"):
        html = writer.get(url).text
        assert "<script" not in html and "<img" not in html and "<svg onload" not in html, url
        assert not _handlers(html), url  # no event handler in any tag (text inside a quoted attribute is inert)
        assert 'href="javascript:' not in html and "<b onmouseover" not in html, url
    assert "&lt;script&gt;" in writer.get(f"/articles/{aid}").text
    assert json.loads(writer.get(f"/api/articles/{aid}").text)["article"]["title"].startswith("<script>")


def test_a_posted_feed_is_fetched_and_its_entries_ingested(writer, demo_db):
    from webserver import Site

    feed = (resources.files("rasid") / "data" / "demo" / "feed.xml").read_bytes()
    site = Site({"/feed.xml": ("application/rss+xml", feed)})
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        r = writer.post("/api/feeds", json={"url": site.url + "/feed.xml"}, headers=auth)
        assert r.status_code == 201, r.text
        body = r.json()
        assert len(body["articles"]) == 2 and body["known"] == 2 and not body["problems"]  # the demo has them
        missing = writer.post("/api/feeds", json={"url": site.url + "/nope.xml"}, headers=auth)
        assert missing.status_code == 422 and "404" in missing.json()["detail"]["problems"][0]["reason"]
    finally:
        site.close()
    assert writer.post("/api/feeds", json={"url": "file:///etc/passwd"}, headers=auth).status_code == 422


def test_a_feed_on_an_internal_address_is_refused_without_the_operator_option(demo_db, tmp_path, new_store):
    from webserver import Site

    db = new_store(tmp_path, "ssrf")
    copy(demo_db, db)
    guarded = TestClient(create_app(db, token=TOKEN))
    feed = (resources.files("rasid") / "data" / "demo" / "feed.xml").read_bytes()
    site = Site({"/feed.xml": ("application/rss+xml", feed)})
    auth = {"Authorization": f"Bearer {TOKEN}"}
    port = site.url.rsplit(":", 1)[1]
    try:
        for url in (site.url + "/feed.xml", f"http://localhost:{port}/feed.xml", f"http://[::ffff:127.0.0.1]:{port}/",
                    f"http://2130706433:{port}/feed.xml", "http://10.0.0.1/feed.xml", "http://169.254.169.254/"):
            r = guarded.post("/api/feeds", json={"url": url}, headers=auth)
            assert r.status_code == 422, (url, r.text)
            assert "not public" in r.json()["detail"]["problems"][0]["reason"], url
        assert site.connections == 0  # refused before connecting: nothing reached the internal server
    finally:
        site.close()


def test_no_malformed_request_gets_a_server_error(client, writer):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for url in ("/api/stories?offset=9223372036854775808", "/api/stories?min_articles=9223372036854775807",
                "/api/entities?offset=-1", "/api/claims?unit=%E2%80%8F", "/api/claims?unit=%EF%BB%BF",
                "/api/claims?unit=%D9%80", "/api/stories?since=yesterday", "/api/entities?type=PERSON",
                "/?offset=99999999999999999999", "/claims?unit=%E2%80%8F", "/entities?type=PERSON",
                "/api/search?q=%22%22%22*NEAR(", "/api/search?q=" + "ب" * 5000):
        r = client.get(url)
        assert r.status_code < 500, (url, r.status_code, r.text[:200])
        assert "Traceback" not in r.text
    assert client.get("/api/stories?since=yesterday").status_code == 422
    assert "yesterday" in client.get("/api/stories?since=yesterday").json()["detail"]
    for body in ('{"text": "\\ud800 نص عن زيارة الوزير"}', '{"text": "نص", "title": "\\udfff"}',
                 '{"text": ', '[1, 2]', '{"text": 42}', '{"html": null, "text": null}'):
        r = writer.post("/api/articles", content=body.encode(), headers=auth | {"Content-Type": "application/json"})
        assert r.status_code < 500, (body, r.status_code, r.text[:200])


def test_head_is_answered_like_get(client):
    r = client.head("/")
    assert r.status_code == 200 and r.content == b""
    assert client.head("/api/stories").status_code == 200
