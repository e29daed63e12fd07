"""Stories across outlets, on the bundled demo corpus (written for the project: three invented events,
fictional outlets, a re-post, a re-write and planted discrepancies; see rasid/data/DEMO.md)."""
import json
import shutil
from importlib import resources

import numpy as np
import pytest

from rasid.corpus import dedup
from rasid.corpus.compare import compare, compatible, facet
from rasid.extract import numbers
from rasid.model import Quantity
from rasid.pipeline import ingest
from rasid.store import Store

FLOODS = {"الرصيف اليومي", "وكالة أنباء الساحل", "بوابة الوادي الأخضر", "إذاعة نخيل إف إم - الأخبار", "شبكة الأفق الإخبارية"}
FIDAN = {"موقع المرصد 24", "منصة الجسر نيوز", "جريدة الضفتين", "وكالة المدار للأنباء", "إذاعة نخيل إف إم - الأخبار"}
FAW = {"صحيفة النهار الجديد", "منصة المرفأ الاقتصادية", "شبكة الأفق الإخبارية", "وكالة المدار للأنباء"}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("demo")
    with resources.as_file(resources.files("rasid") / "data" / "demo") as path:
        shutil.copytree(path, tmp / "demo")
    return tmp / "demo"


@pytest.fixture(scope="module")
def demo(demo_dir, tmp_path_factory, new_store):
    db = new_store(tmp_path_factory.mktemp("store"), "demo")
    ingest([str(demo_dir)], db, meta=demo_dir / "manifest.csv")
    return db


def outlets_of(store, story):
    return {a.outlet for a in store.story_members(story)}


def story_with(store, outlet, words):
    for a in store.all_articles():
        if a.outlet == outlet and all(w in a.text for w in words):
            return store.story_of(a.id), a
    raise AssertionError(f"no article of {outlet} with {words}")


def test_each_event_is_one_story_across_its_outlets(demo):
    with Store(demo) as s:
        stories = s.stories(limit=None, min_articles=2)
        assert len(stories) == 3
        events = sorted((outlets_of(s, st.id) for st in stories), key=len)
        assert sorted([FAW, FLOODS, FIDAN], key=len) == events
        for st in stories:
            assert st.label and st.start <= st.end
            assert st.start >= "2025-03-11" and st.end <= "2025-03-19"
        # the gold-prices item that shares a page with a Faw article is a story of its own
        gold, _ = story_with(s, "صحيفة النهار الجديد", ["الذهب"])
        assert s.story(gold).articles == 1


def test_a_new_article_joins_its_story_and_leaves_the_others_alone(demo_dir, tmp_path, new_store):
    db = new_store(tmp_path, "inc")
    later = "madar_articles.jsonl"
    first = [str(p) for p in demo_dir.iterdir() if p.name not in (later, "manifest.csv")]
    ingest(first, db, meta=demo_dir / "manifest.csv")
    with Store(db) as s:
        before = {st.id: st.articles for st in s.stories(limit=None)}
        fidan_story, _ = story_with(s, "موقع المرصد 24", ["فيدان"])
    ingest([str(demo_dir / later)], db)  # one line about Fidan in Erbil, one about the Faw port
    with Store(db) as s:
        after = {st.id: st.articles for st in s.stories(limit=None)}
        assert set(before) <= set(after)  # nothing was regrouped
        joined, article = story_with(s, "وكالة المدار للأنباء", ["بارزان"])
        assert joined == fidan_story and after[fidan_story] == before[fidan_story] + 1
        faw, _ = story_with(s, "وكالة المدار للأنباء", ["الفاو"])
        assert faw in before and after[faw] == before[faw] + 1
        assert sum(after.values()) == sum(before.values()) + 2
    again = ingest([str(demo_dir / later)], db)
    assert again.new == 0
    with Store(db) as s:
        assert {st.id: st.articles for st in s.stories(limit=None)} == after


def test_the_same_people_weeks_apart_are_one_thread_and_years_apart_are_not(demo_dir, tmp_path, new_store):
    """A visit told again with the same names three weeks later is another event of the same affair, one
    thread; told again two years earlier it is another affair: threads link stories within THREAD_DAYS
    of each other (and chain on), so a store of years is not searched whole for each new story."""
    src = (demo_dir / "marsad24_fidan_baghdad_utf16.txt").read_text(encoding="utf-16")
    for name, prefix in (("old.txt", "زيارة سابقة: "), ("later.txt", "زيارة لاحقة: ")):
        (tmp_path / name).write_text(prefix + src, encoding="utf-8")
    (tmp_path / "meta.csv").write_text("file,outlet,published\nold.txt,أرشيف المرصد,2023-03-11\n"
                                       "later.txt,أرشيف المرصد,2025-04-01\n", encoding="utf-8")
    db = new_store(tmp_path, "two")
    ingest([str(demo_dir)], db, meta=demo_dir / "manifest.csv")
    ingest([str(tmp_path / "old.txt"), str(tmp_path / "later.txt")], db, meta=tmp_path / "meta.csv")
    with Store(db) as s:
        old, later = (next(a for a in s.all_articles() if a.outlet == "أرشيف المرصد" and a.published.startswith(d))
                      for d in ("2023", "2025"))
        now, _ = story_with(s, "موقع المرصد 24", ["فيدان"])
        then, after = s.story_of(old.id), s.story_of(later.id)
        assert len({then, now, after}) == 3 and s.story(then).articles == s.story(after).articles == 1
        assert s.story(after).topic == s.story(now).topic  # three weeks on: one affair
        assert now in {r.id for r in s.thread_stories(after)}  # browsable from one to the other
        assert s.story(then).topic not in (s.story(now).topic, s.story(after).topic)  # two years before: not


def test_a_repost_with_light_edits_is_a_duplicate_and_a_rewrite_is_not(demo):
    with Store(demo) as s:
        groups = list(s.groups("duplicates").values())
        outlets = [{s.get(a).outlet for a in g} for g in groups]
        assert {"موقع المرصد 24", "منصة الجسر نيوز"} in outlets
        assert not any("بوابة الوادي الأخضر" in o for o in outlets)  # paraphrased: same origin, not a copy


def test_a_rewrite_is_traced_to_the_outlet_it_names(demo):
    """بوابة الوادي الأخضر retells الرصيف اليومي in its own words and says so; no sentence is shared."""
    with Store(demo) as s:
        by_outlet = {a.outlet: a for a in s.all_articles()}
        rasif, wadi = by_outlet["الرصيف اليومي"], by_outlet["بوابة الوادي الأخضر"]
        groups = s.groups("origins")
        names = s.group_origins()
        assert any({rasif.id, wadi.id} <= set(m) and names[g] == "الرصيف اليومي" for g, m in groups.items())


def test_figures_agree_or_differ_and_count_independent_sources(demo):
    with Store(demo) as s:
        floods, _ = story_with(s, "الرصيف اليومي", ["حضرموت"])
        groups = s.claim_groups(floods)
        claims = {c.id: c for c in s.story_claims(floods)}

        def figures(g):
            return {claims[c].quantity.low or claims[c].quantity.high for c, _ in g.claims}

        dead = [g for g in groups if g.facet == "killed" and {27, 31} <= figures(g)]
        assert dead and dead[0].kind == "differ" and dead[0].sources >= 2
        # a rewrite repeating its source's figure is one confirmation, and says whose figure it is
        children = [g for g in groups if g.unit == "طفل"]
        assert children and children[0].kind == "agree" and children[0].sources == 1
        assert children[0].origin == "الرصيف اليومي"
        faw, _ = story_with(s, "صحيفة النهار الجديد", ["الفاو"])
        kinds = {(g.unit, g.kind) for g in s.claim_groups(faw)}
        assert ("دولار", "differ") in kinds  # 1.2 vs 1.5 billion dollars
        assert ("كيلومتر", "agree") in kinds  # 1,200 km of railway everywhere
        assert ("%", "differ") in kinds  # container growth: 12.5 % against 14 %
        # no two different measures shown as differing: 1,750 m of quays is not the 2,400 m bridge
        faw_claims = {c.id: c for c in s.story_claims(faw)}
        for g in s.claim_groups(faw):
            if g.kind == "differ":
                values = {faw_claims[c].quantity.low for c, _ in g.claims}
                assert not {1750, 2400} <= values, (g.unit, values)


def test_brief_cites_every_sentence_and_escapes_article_text(demo, cli):
    with Store(demo) as s:
        story, _ = story_with(s, "الرصيف اليومي", ["حضرموت"])
        n = s.story(story).articles
    md = cli("story", story[:8], "--format", "md", "--db", demo)
    assert md.exit_code == 0, md.stderr
    text = md.stdout
    summary = text.split("## ماذا حدث")[1].split("##")[0]
    lines = [x for x in summary.splitlines() if x.startswith("- ")]
    assert 2 <= len(lines) <= 5 and all(x.rstrip().endswith("]") for x in lines)
    assert "تختلف" in text and "## المصادر" in text and f"{n}. " in text
    js = json.loads(cli("story", story, "--format", "json", "--db", demo).stdout)
    assert {"story", "summary", "timeline", "figures", "entities", "sources"} <= set(js)
    assert all(x["cite"] for x in js["summary"]) and js["timeline"]
    assert [e["value"] for e in js["timeline"]] == sorted(e["value"] for e in js["timeline"])
    html = cli("story", story, "--format", "html", "--db", demo).stdout
    assert html.startswith("<!doctype html><html lang=ar dir=rtl>")
    missing = cli("story", "nope", "--db", demo)
    assert missing.exit_code == 2


def test_brief_html_renders_a_hostile_title_inert(tmp_path, cli, new_store):
    record = {"title": "<script>alert(1)</script> وزير الخارجية يزور بغداد", "date": "2025-03-11",
              "url": "javascript:alert(2)",
              "content": "وصل وزير الخارجية إلى بغداد اليوم في زيارة رسمية تستمر يومين يبحث خلالها ملفات المياه"
                         " والتجارة مع المسؤولين العراقيين <img src=x onerror=alert(3)>."}
    (tmp_path / "x.json").write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")
    db = new_store(tmp_path, "h")
    ingest([str(tmp_path / "x.json")], db)
    with Store(db) as s:
        (st,) = s.stories(limit=None)
    out = cli("story", st.id, "--format", "html", "--db", db).stdout
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<img" not in out and "javascript:" not in out


def test_cli_lists_stories_timelines_and_duplicates(demo, cli):
    res = cli("stories", "--min-articles", "2", "--json", "--db", demo)
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(rows) == 3 and rows[0]["end"] >= rows[-1]["end"]
    found = cli("stories", "--search", "فيدان", "--json", "--db", demo)
    assert any(json.loads(x)["articles"] >= 4 for x in found.stdout.splitlines())
    tl = cli("timeline", "--entity", "هاكان فيدان", "--json", "--db", demo)
    events = [json.loads(x) for x in tl.stdout.splitlines()]
    assert any(e["value"] == "2025-03-11" for e in events) and all("فيدان" in e["sentence"] or "فيضان" in e["sentence"]
                                                                     or "Fidan" in e["sentence"] for e in events)
    dups = cli("duplicates", "--json", "--db", demo)
    assert len(dups.stdout.splitlines()) == 1
    assert cli("timeline", "--db", demo).exit_code == 2


def test_export_carries_stories_duplicates_origins_and_claim_relations(demo, cli, tmp_path):
    out = tmp_path / "e.json"
    assert cli("export", "--format", "json", "-o", out, "--db", demo).exit_code == 0
    e = json.loads(out.read_text(encoding="utf-8"))
    assert sum(len(st["articles"]) for st in e["stories"]) == len(e["articles"])
    assert len(e["duplicates"]) == 1 and len(e["duplicates"][0]["articles"]) == 2
    assert any(o["origin"] == "الرصيف اليومي" for o in e["same_origin"])
    kinds = {r["kind"] for r in e["claim_relations"]}
    assert kinds == {"agree", "differ"}
    ids = {c["id"] for c in e["claims"]}
    assert all(set(r["claims"]) <= ids for r in e["claim_relations"])
    assert all(g["kind"] in ("agree", "differ", "single") for g in e["claim_groups"])


def test_relate_redo_rebuilds_the_same_stories(demo, tmp_path, cli, new_store):
    db = new_store(tmp_path, "copy")
    assert cli("migrate", "--from", demo, "--to", db).exit_code == 0
    with Store(demo) as s:
        before = sorted(tuple(sorted(a.id for a in s.story_members(st.id))) for st in s.stories(limit=None))
    assert cli("relate", "--redo", "--db", db).exit_code == 0
    with Store(db) as s:
        after = sorted(tuple(sorted(a.id for a in s.story_members(st.id))) for st in s.stories(limit=None))
    assert before == after


def test_migrate_copies_every_table_to_the_other_backend_and_back(demo, tmp_path, cli, new_store):
    """SQLite → PostgreSQL → SQLite (or the reverse): every table's rows as they were, search included;
    a copy into a store that holds articles is refused."""
    other = str(tmp_path / "other.db") if demo.startswith("postgresql://") else new_store(tmp_path, "other")
    back = new_store(tmp_path, "back")
    assert cli("migrate", "--from", demo, "--to", other).exit_code == 0
    res = cli("migrate", "--from", other, "--to", back)
    assert res.exit_code == 0 and "articles" in res.stdout
    with Store(demo) as a, Store(other) as b, Store(back) as c:
        assert a.tables() == b.tables() == c.tables()
        for table in a.tables():
            rows = sorted(map(repr, a.table_rows(table)[1]))
            assert rows == sorted(map(repr, b.table_rows(table)[1])) == sorted(map(repr, c.table_rows(table)[1])), table
        assert [h.article.id for h in a.search("فيدان")] == [h.article.id for h in c.search("فيدان")] != []
        n = c.count()
    again = cli("migrate", "--from", demo, "--to", back)
    assert again.exit_code == 2 and "already holds" in again.stderr
    with Store(back) as c:
        assert c.count() == n


def test_minhash_sees_light_edits_not_shared_topics():
    base = ("قال وزير الخارجية إن المحادثات تناولت ملفات المياه والتجارة والطاقة وأمن الحدود بين البلدين "
            "وإن الجانبين اتفقا على تشكيل لجنة مشتركة تجتمع كل ثلاثة أشهر لمتابعة تنفيذ الاتفاقات الموقعة ") * 3
    edited = base.replace("وزير الخارجية", "وزير الخارجيه").replace("ثلاثة أشهر", "٣ أشهر")
    other = ("أعلنت وزارة الصحة ارتفاع عدد الإصابات بالحمى في المحافظة إلى مئة حالة خلال الأسبوع الماضي "
             "ودعت المواطنين إلى مراجعة المراكز الصحية عند ظهور الأعراض ") * 3
    a, b, c = dedup.signatures([base, edited, other])
    assert dedup.similarity(a, b) >= dedup.THRESHOLD > dedup.similarity(a, c)
    assert dedup.is_empty(dedup.signatures([""])[0])
    assert len(set(dedup.buckets(a)) & set(dedup.buckets(b))) >= 1
    assert a.dtype == np.uint32 and a.shape == (dedup.NUM_PERM,)


@pytest.mark.parametrize("sentence, figure, expected", [
    ("أرسلت كوريا الشمالية حوالي 13000 جندي إلى روسيا", "13000 جندي", "done"),
    ("وتعتزم الحكومة إرسال نحو 2000 جندي إلى الحدود الشهر المقبل", "نحو 2000 جندي", "planned"),
    ("قتل أو جرح نحو 4000 جندي في المعارك", "نحو 4000 جندي", "casualties"),
    ("لقي 27 شخصاً حتفهم في السيول", "27 شخصاً", "killed"),
    ("أصيب 40 شخصاً بجروح طفيفة", "40 شخصاً", "wounded"),
    ("وصل 11 ألف جندي تم إرسالهم في نوفمبر، ومن المتوقع وصول المزيد", "11 ألف جندي", "done"),
    # the nearest casualty word decides, with its conjunction too; "or" joins two kinds into either
    ("أسفر الهجوم عن مقتل 12 شخصا وإصابة سبعة آخرين", "12 شخصا", "killed"),
    ("أسفر الهجوم عن مقتل 12 شخصا وإصابة سبعة آخرين", "سبعة آخرين", "wounded"),
    ("قتل شخصان وجرح خمسة آخرون في الحادث", "خمسة آخرون", "wounded"),
    ("أطلق النار فقتل شخصين وأصاب سبعة آخرين قبل أن ينتحر", "سبعة آخرين", "wounded"),
    ("قال مسؤولون إن نحو 4 آلاف جندي أجنبي لقوا حتفهم أو أصيبوا", "نحو 4 آلاف جندي", "casualties"),
])
def test_facet_tells_what_happened_to_the_counted_things(sentence, figure, expected):
    start = sentence.index(figure)
    assert facet(sentence, start, start + len(figure)) == expected


def test_a_figure_is_taken_to_the_precision_it_was_written_with():
    def c(text, value):
        return Quantity(text, 0, len(text), value, value, False, "نقطه")

    assert compatible(c("71 نقطة", 71), c("71.08 نقطة", 71.08))  # the headline rounds the session's fall
    assert not compatible(c("71.5 نقطة", 71.5), c("71.08 نقطة", 71.08))
    assert compatible(c("5 مليارات ريال", 5e9), c("4.9 مليار ريال", 4.9e9))
    assert not compatible(c("30 قتيلا", 30), c("31 قتيلا", 31))


def _claims(*rows):
    """SourcedClaims of one story: (article, published, sentence, figure, low)."""
    from rasid.model import SourcedClaim

    out = []
    for article, published, sentence, figure, low in rows:
        start = sentence.index(figure)
        q = Quantity(figure, start, start + len(figure), low, low, False, numbers.unit_lemma(figure.split()[-1]))
        out.append(SourcedClaim(id=f"{article}:{start}", article=article, text=sentence, start=0, end=len(sentence),
                                quantity=q, actor=None, attribution=(), time=published, published=published))
    return out


def test_a_toll_that_rises_over_days_is_revised_and_others_count_people_of_the_same_toll():
    groups = compare("s", _claims(
        ("a", "2025-07-20", "قتل 27 شخصا وأصيب 100 آخرين في التفجير", "27 شخصا", 27),
        ("b", "2025-07-20", "أسفر التفجير عن مقتل 27 شخصا وإصابة نحو مئة آخرين", "27 شخصا", 27),
        ("c", "2025-07-21", "ارتفعت حصيلة التفجير إلى 31 قتيلا", "31 قتيلا", 31),
        ("d", "2025-07-22", "بلغت حصيلة قتلى التفجير 32 قتيلا", "32 قتيلا", 32),
        ("a", "2025-07-20", "قتل 27 شخصا وأصيب 100 آخرين في التفجير", "100 آخرين", 100),
        ("e", "2025-07-20", "وأسفر التفجير عن إصابة 100 جريح", "100 جريح", 100),
    ), {}, {})
    by = {(g.unit, g.facet): g for g in groups}
    assert by[("شخص", "killed")].kind == "revised"
    assert len(by[("شخص", "killed")].claims) == 4
    assert by[("شخص", "wounded")].kind == "agree"  # "100 others" wounded are the 100 wounded people


def test_soldiers_and_military_men_killed_are_one_measure_on_which_a_claim_and_officials_differ():
    groups = compare("s", _claims(
        ("a", "2025-07-25", "أعلنت مصادر رسمية مقتل اثنين من العسكريين في انفجار سيارة مفخخة", "اثنين من العسكريين", 2),
        ("b", "2025-07-25", "وقال الحزب في بيان إنه قتل 8 جنود في الهجوم", "8 جنود", 8),
    ), {}, {})
    assert [(g.kind, g.unit, g.facet) for g in groups] == [("differ", "جندي", "killed")]


def test_a_report_does_not_contradict_itself():
    """One release gives revenue and profit in riyals; another outlet repeats the revenue: no figure differs,
    the revenue agrees, the profit stands alone."""
    groups = compare("s", _claims(
        ("a", "2025-07-26", "بلغت إيرادات الشركة 10 مليارات ريال وصافي أرباحها 6 مليارات ريال", "10 مليارات ريال", 10e9),
        ("a", "2025-07-26", "بلغت إيرادات الشركة 10 مليارات ريال وصافي أرباحها 6 مليارات ريال", "6 مليارات ريال", 6e9),
        ("b", "2025-07-26", "حققت الشركة إيرادات قدرها 10 مليارات ريال في النصف الأول", "10 مليارات ريال", 10e9),
    ), {}, {})
    assert sorted(g.kind for g in groups) == ["agree", "single"]


def test_outlets_giving_two_tolls_on_one_day_differ():
    groups = compare("s", _claims(
        ("a", "2025-07-20", "قتل 15 شخصا في انفجار السوق", "15 شخصا", 15),
        ("b", "2025-07-20", "قتل 25 شخصا في انفجار السوق", "25 شخصا", 25),
    ), {}, {})
    assert [g.kind for g in groups] == ["differ"]


def test_tolls_of_two_incidents_in_one_story_do_not_differ():
    """A story of a day of fighting holds the tolls of two attacks: they differ only when two articles of
    one happening give them. Articles a and b tell the market bombing, c the shelling of a village."""
    claims = _claims(
        ("a", "2025-07-20", "قتل 15 شخصا في انفجار السوق", "15 شخصا", 15),
        ("b", "2025-07-20", "أسفر انفجار السوق عن مقتل 15 شخصا", "15 شخصا", 15),
        ("c", "2025-07-20", "قتل 40 شخصا في قصف القرية", "40 شخصا", 40))
    one = {frozenset("ab")}
    groups = compare("s", claims, {}, {}, together=lambda x, y: frozenset((x, y)) in one)
    assert sorted((g.kind, len(g.claims)) for g in groups) == [("agree", 2), ("single", 1)]
    one.add(frozenset("bc"))  # b and c tell one happening and give different figures: they differ
    assert [g.kind for g in compare("s", claims, {}, {}, together=lambda x, y: frozenset((x, y)) in one)] == ["differ"]


def _named(claims, *names):
    """Mentions of `names` (text, type, entity) wherever the claims' sentences hold them."""
    from rasid.model import Mention

    out: dict[str, list] = {}
    for c in claims:
        for text, type_, entity in names:
            if (at := c.text.find(text)) >= 0:
                out.setdefault(c.article, []).append(Mention(c.article, text, c.start + at, c.start + at + len(text),
                                                             type_, entity))
    return out


def test_figures_about_two_hospitals_or_two_players_are_two_measures():
    """Beds of two hospitals and the contracts of two players share a counted noun and a story, not a
    measure: nothing differs. The same hospital given two sizes by two outlets does differ, and a sentence
    that names no one goes with the only hospital there is."""
    hospitals = ("مستشفى الملك فهد", "ORG", "org:h1"), ("مستشفى النور", "ORG", "org:h2")
    claims = _claims(
        ("a", "2025-07-26", "افتتح الوزير مستشفى الملك فهد بسعة 300 سرير في المدينة", "300 سرير", 300),
        ("b", "2025-07-26", "ويضم مستشفى النور الجديد 200 سرير بعد توسعته", "200 سرير", 200),
        ("c", "2025-07-26", "وبلغت سعة مستشفى الملك فهد 300 سرير", "300 سرير", 300))
    assert sorted(g.kind for g in compare("s", claims, {}, {}, mentions=_named(claims, *hospitals))) == ["agree", "single"]
    claims = _claims(
        ("a", "2025-07-26", "افتتح الوزير مستشفى الملك فهد بسعة 300 سرير في المدينة", "300 سرير", 300),
        ("b", "2025-07-26", "ويضم مستشفى الملك فهد الجديد 250 سريرا", "250 سريرا", 250),
        ("c", "2025-07-26", "ويضم المستشفى 250 سريرا", "250 سريرا", 250))
    assert [g.kind for g in compare("s", claims, {}, {}, mentions=_named(claims, *hospitals))] == ["differ"]
    players = ("سالم", "PER", "per:1"), ("فهد", "PER", "per:2")
    claims = _claims(
        ("a", "2025-07-26", "وقع النادي مع اللاعب سالم عقدا لمدة 5 سنوات", "5 سنوات", 5),
        ("b", "2025-07-26", "وجدد النادي عقد فهد 3 سنوات", "3 سنوات", 3))
    assert "differ" not in {g.kind for g in compare("s", claims, {}, {}, mentions=_named(claims, *players))}


def test_an_outlet_does_not_contradict_itself_from_one_day_to_the_next():
    """One paper's market round-ups of two days give two closes; another paper repeats each: two
    sessions, each agreed on, and nothing differs. Two papers giving two closes of one day do differ."""
    from dataclasses import replace

    rows = _claims(
        ("a1", "2025-07-22", "أغلق المؤشر العام عند 9107 نقاط", "9107 نقاط", 9107),
        ("a2", "2025-07-23", "أغلق المؤشر العام عند 9098 نقطة", "9098 نقطة", 9098),
        ("b1", "2025-07-22", "وأنهى المؤشر تداولاته عند 9107 نقاط", "9107 نقاط", 9107),
        ("b2", "2025-07-23", "وأنهى المؤشر تداولاته عند 9098 نقطة", "9098 نقطة", 9098))
    claims = [replace(c, outlet=c.article[0]) for c in rows]
    assert sorted(g.kind for g in compare("s", claims, {}, {})) == ["agree", "agree"]
    other = _claims(("b1", "2025-07-22", "وأنهى المؤشر تداولاته عند 9110 نقاط", "9110 نقاط", 9110))
    assert [g.kind for g in compare("s", [claims[0], replace(other[0], outlet="b")], {}, {})] == ["differ"]


def test_a_toll_is_one_count_whatever_place_each_report_names_it_at():
    """One outlet gives the toll of the province, another of its towns: one toll, and they differ."""
    claims = _claims(
        ("a", "2025-03-15", "لقي 27 شخصا حتفهم في مديريات سيئون وتريم", "27 شخصا", 27),
        ("b", "2025-03-15", "ارتفع عدد القتلى في حضرموت إلى 31 شخصا", "31 شخصا", 31))  # القتلى: killed
    named = _named(claims, ("سيئون", "LOC", "loc:1"), ("حضرموت", "LOC", "loc:2"))
    assert [g.kind for g in compare("s", claims, {}, {}, mentions=named)] == ["differ"]


def test_compatible_figures_meet_within_their_ranges():
    def c(low, high, approx=False):
        return Quantity("", 0, 0, low, high, approx)

    assert compatible(c(25000, 30000), c(None, 30000))  # "up to 30,000" fits 25,000-30,000
    assert compatible(c(11000, 11000, True), c(11000, 11000))
    assert not compatible(c(11000, 11000, True), c(13000, 13000, True))
    assert not compatible(c(9e6, 9e6), c(12e6, 12e6))
    assert compatible(c(1000, None), c(1200, 1200))  # "more than 1,000"
