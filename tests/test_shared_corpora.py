"""End to end on ../shared: the five sample pages against their gold, and all of SaudiNewsNet."""
import json
import subprocess
import sys
import zipfile

import pytest
from conftest import ingest_samples, shared_path

from rasid.export import export
from rasid.pipeline import ingest
from rasid.store import Store
from rasid.text.normalize import fold


@pytest.fixture(scope="module")
def samples_store(tmp_path_factory, new_store):
    """The samples ingested with their publication dates, as a scraper's manifest would give them."""
    tmp = tmp_path_factory.mktemp("samples")
    db = new_store(tmp, "samples")
    report = ingest_samples(tmp, db)
    assert report.problems == []
    return db, tmp, report


def test_samples_score_clean_split_and_entities(samples_store):
    db, tmp, report = samples_store
    assert (report.pages, report.new) == (5, 7)
    out = tmp / "export.json"
    with Store(db) as s, out.open("w", encoding="utf-8") as f:
        export(s, "json", f)
    res = subprocess.run([sys.executable, str(shared_path("tools", "score_samples.py")), str(out), "--json"],
                         capture_output=True, text=True, check=True)
    scores = json.loads(res.stdout[: res.stdout.rindex("}") + 1])
    assert scores["boilerplate_removed"] == 1.0
    assert scores["pages_split_right"] == 1.0
    assert scores["split_articles_found"] == 1.0
    assert scores["published_dates"] == 1.0
    assert scores["entity_recall"] >= 0.85
    assert scores["entity_linking"] >= 0.85
    assert scores["entity_type_accuracy"] >= 0.9
    # stories across outlets: the Wonsan visit, the 2023 visit and each "read also" item apart
    assert scores["story_pair_f1"] == 1.0 and scores["story_coverage"] == 1.0
    assert scores["same_origin_found"] == 1.0
    assert scores["claim_relations_found"] >= 0.8


def test_samples_without_their_dates_still_make_the_right_stories(tmp_path, new_store):
    """Ingested as plain files, with no manifest: the dates a page gives are used, others are estimated
    from the text (marked so), and the stories and shared origins come out as with the dates."""
    db = new_store(tmp_path, "nodates")
    report = ingest([str(shared_path("samples"))], db)
    assert report.new == 7 and report.undated >= 5
    out = tmp_path / "export.json"
    with Store(db) as s, out.open("w", encoding="utf-8") as f:
        export(s, "json", f)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert any(a["published_estimated"] for a in data["articles"])
    res = subprocess.run([sys.executable, str(shared_path("tools", "score_samples.py")), str(out), "--json"],
                         capture_output=True, text=True, check=True)
    scores = json.loads(res.stdout[: res.stdout.rindex("}") + 1])
    assert scores["story_pair_f1"] == 1.0 and scores["story_coverage"] == 1.0
    assert scores["same_origin_found"] == 1.0


def test_samples_cnn_translation_and_retelling_are_one_origin_and_one_confirmation(samples_store):
    """000 translates a CNN report that 002 retells in other words: no sentence is shared, yet they
    are one origin (CNN), so their agreement on 25,000-30,000 troops counts one source, not two; and
    the 11,000 (Ukrainian, via CNN) vs 13,000 (South Korean) troops differ, from two sources."""
    db, _, _ = samples_store
    from rasid.text.sentences import sentences

    with Store(db) as s:
        by_file = {a.source_file: a for a in s.all_articles()}
        cnn, retold, ft = (by_file[f] for f in ("000_13395fc9bec92f87.txt", "002_859f68bda5cfade0.txt",
                                                "001_794c95d90d2d20cf.txt"))
        def folded(a):
            return {fold(a.text[x:y]) for x, y in sentences(a.text)}
        assert not folded(cnn) & folded(retold)
        groups = s.groups("origins")
        (group,) = [g for g, members in groups.items() if {cnn.id, retold.id} <= set(members)]
        assert s.group_origins()[group] == "org:cnn"
        story = s.story_of(cnn.id)
        assert s.story_of(retold.id) == story == s.story_of(ft.id)
        claims = {c.id: c for c in s.story_claims(story)}
        planned = [g for g in s.claim_groups(story) if g.kind == "agree" and g.facet == "planned"]
        assert planned and planned[0].sources == 1 and planned[0].origin == "org:cnn"
        troops = [g for g in s.claim_groups(story) if g.kind == "differ" and g.unit == "جندي"]
        assert troops and troops[0].sources == 2
        values = {(claims[c].article, claims[c].quantity.low) for c, _ in troops[0].claims}
        assert (ft.id, 13000) in values and (cnn.id, 11000) in values


def test_samples_reingest_leaves_seven(samples_store):
    db, tmp, _ = samples_store
    again = ingest([str(shared_path("samples"))], db, meta=tmp / "meta.csv")
    assert (again.new, again.known) == (0, 7)
    with Store(db) as s:
        assert s.count() == 7


def test_samples_split_page_keeps_its_own_dates_and_outlets(samples_store):
    db, _, _ = samples_store
    with Store(db) as s:
        parts = sorted((a for a in s.all_articles() if a.source_file == "004_d439b464d3de0c31.txt"),
                       key=lambda a: a.part)
    assert [a.part for a in parts] == [1, 2, 3]
    assert parts[0].published == "2023-09-12" and parts[1].published is None and parts[2].published is None
    assert parts[0].outlet == "صدى البلد" and parts[2].outlet == "موقع 24"


def test_samples_search_finds_lavrov_in_every_spelling(samples_store):
    db, _, _ = samples_store
    with Store(db) as s:
        found = {h.article.source_file[:3] for h in s.search("لافروف")}
        assert found == {"000", "001", "002", "003"}
        assert {h.article.source_file[:3] for h in s.search("سيرغي")} == {"003"}
        assert {h.article.source_file[:3] for h in s.search("كوريا")} == {"000", "001", "002", "003", "004"}


def test_samples_search_through_entities_finds_every_spelling_and_the_english_name(samples_store):
    from rasid import api

    db, _, _ = samples_store
    with Store(db) as s:
        naming = {a.id for a in s.all_articles() if any(w in fold(a.text) for w in ("بيونغ", "بيونج"))}
        assert len(naming) >= 5
        for q in ("بيونغ", "بيونج", "بيونغيانغ", "Pyongyang"):
            r = api.search(s, q, semantic=False)
            assert [e.id for e in r.entities] == ["loc:pyongyang"], q
            assert {h.article.id for h in r.hits} == naming and r.total == len(naming), q
        # the snippet marks the spelling each article uses
        spelled = {h.article.id: h.snippet for h in api.search(s, "Pyongyang", semantic=False).hits}
        assert any("«بيونج يانج»" in x for x in spelled.values()) and any("«بيونغ يانغ»" in x for x in spelled.values())
        assert api.search(s, "كيم", semantic=False).entities == []  # a first word several names open


def test_all_saudinewsnet_articles_ingest_from_their_zips(tmp_path, new_store):
    zips = sorted(shared_path("data", "news", "saudinewsnet").glob("*.zip"))
    records = []
    for z in zips:
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                records += json.loads(zf.read(name))
    assert len(records) == 15042
    readable = [r for r in records if r["content"].strip() or r["title"].strip()]
    db = new_store(tmp_path, "snn")
    report = ingest([str(z) for z in zips], db, analyze=False)
    # every record is accounted for: stored, or reported with its place and reason
    assert report.pages + len(report.problems) == 15042
    assert report.pages == len(readable)
    assert {p.reason.split(" (")[0] for p in report.problems} == {"record has no text"}
    with Store(db) as s:
        assert s.count("sightings") == len(readable)
        distinct = {(fold(r["title"]), fold(r["content"])) for r in readable}
        assert s.count() == len(distinct)  # exact copies are one article, seen several times
        outlets = {row[0] for row in s.db.execute("SELECT DISTINCT outlet FROM articles")}
    assert len(outlets) == 12
