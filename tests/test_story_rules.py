"""How stories are decided: an article that bridges two stories merges them, a recurring report of
another day stays apart, the same articles make the same stories day by day or all at once, and a page
with no date gets one from its text, marked as estimated."""
import json
import zipfile
from collections import Counter

import numpy as np
import pytest
from conftest import shared_path

from rasid.corpus import stories
from rasid.corpus.same_event import NAMES, Model, Profile, recurring
from rasid.model import Article, Features
from rasid.pipeline import ingest
from rasid.store import Store

EMPTY = (np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.float32))


def profile(ident: str, direction: list[float], day: int = 739000) -> Profile:
    emb = np.zeros(512, dtype=np.float32)
    emb[: len(direction)] = direction
    emb /= np.linalg.norm(emb)
    sig = np.arange(64, dtype=np.uint32) + sum(map(ord, ident)) * 64  # no two alike: no copies
    return Profile(ident, day, "outlet-" + ident, Features(sig, emb, EMPTY, EMPTY), {})


class ByMeaning(Model):
    """A stand-in model: the probability is the embedding cosine, scaled."""

    def __init__(self):
        super().__init__(np.zeros(len(NAMES)), 0.0, np.zeros(len(NAMES)), np.ones(len(NAMES)), threshold=0.5)

    def probability(self, x):
        return np.clip(1.3 * x[..., NAMES.index("embedding")], 0, 1)


def run(placed_before: list[tuple[Profile, str]], new: list[Profile]):
    states = {}
    for p, s in placed_before:
        states.setdefault(s, stories.StoryState(s, None, None, 0, np.zeros(512, dtype=np.float32))).take(p)
    index = stories.EventIndex(ByMeaning(), placed_before, states)
    batch = [Article(id=p.id, text="") for p in new]
    return stories.place(batch, {p.id: p for p in new}, index, {}, {})


def test_an_article_that_bridges_two_stories_merges_them():
    a, b = profile("a", [1, 0, 0]), profile("b", [0, 1, 0])
    (pa,), _ = run([], [a])
    (placements, merges) = run([(a, "s-a"), (b, "s-b")], [profile("c", [1, 1, 0])])
    assert merges and {merges[0].absorbed, merges[0].into} == {"s-a", "s-b"}
    assert placements[0].story == merges[0].into


def test_two_days_of_one_outlets_daily_report_are_never_merged_by_a_bridging_article():
    """The same bridging article as above, but the two stories are one agency's bulletin of two days (its
    own words again, each lead telling its day): they stay two stories."""
    words = (np.array([11, 12, 13], dtype=np.uint32), np.full(3, 1 / np.sqrt(3), dtype=np.float32))

    def bulletin(ident: str, direction: list[float], day: int) -> Profile:
        p = profile(ident, direction, day)
        return Profile(ident, day, "agency", Features(p.features.signature, p.features.embedding, words, words), {},
                       told=True)

    a, b = bulletin("a", [1, 0, 0], 739000), bulletin("b", [0, 1, 0], 739001)
    placements, merges = run([(a, "s-a"), (b, "s-b")], [profile("c", [1, 1, 0])])
    assert not merges and placements[0].story in {"s-a", "s-b"}


class ByMeanLink(Model):
    """A stand-in story-merge model: the probability is the mean probability between the two stories' members."""

    def __init__(self):
        n = len(stories.LINK_NAMES)
        super().__init__(np.zeros(n), 0.0, np.zeros(n), np.ones(n), threshold=0.45)

    def probability(self, x):
        return np.asarray(x)[..., stories.LINK_NAMES.index("mean")]


def test_the_likeliest_of_the_stories_an_article_bridges_merge_first(monkeypatch):
    """An article fits three stories: it joins c's, whose twin b is the same text told again, and a's only
    loosely. b and c, the likeliest pair, merge first; a, asked again against the story they now make, stays
    apart (asked first, while c's story held only c and the article, it would have passed and pulled b in)."""
    monkeypatch.setattr(stories, "MERGE_MODEL", ByMeanLink())
    a, b, c = profile("a", [1, 0, 0]), profile("b", [0, 1, 0]), profile("c", [0.05, 1, 0])
    (placement,), merges = run([(a, "s-a"), (b, "s-b"), (c, "s-c")], [profile("d", [1, 1, 0])])
    assert placement.story in {"s-b", "s-c"}
    assert [{m.absorbed, m.into} for m in merges] == [{"s-b", "s-c"}]


def test_an_article_that_fits_one_story_joins_it_and_merges_nothing():
    a, b = profile("a", [1, 0, 0]), profile("b", [0, 1, 0])
    placements, merges = run([(a, "s-a"), (b, "s-b")], [profile("c", [1, 0.2, 0])])
    assert not merges and placements[0].story == "s-a"


def test_a_follow_up_in_other_words_joins_the_story_whose_reports_tell_of_its_happening():
    """Three reports of a bombing tell of «تفجير سترة»; the arrests, told in other words (a loose fit),
    speak of it too and join; an article as loose that tells of no such happening does not."""
    def told_of(ident: str, direction: list[float], events: tuple[int, ...]) -> Profile:
        p = profile(ident, direction)
        f = p.features
        return Profile(ident, p.day, p.outlet, Features(f.signature, f.embedding, EMPTY, EMPTY, events=events), {})

    sitra = (7,)
    reports = [(told_of(k, [1, 0.1 * n, 0], sitra), "s-bombing") for n, k in enumerate("abc")]
    (arrests,), _ = run(reports, [told_of("d", [0.3, 0, 1], sitra)])
    assert arrests.story == "s-bombing"
    (other,), _ = run(reports, [told_of("e", [0.3, 0, 1], (8,))])
    assert other.story != "s-bombing"


def test_a_story_spans_a_few_days_at_most():
    a = profile("a", [1, 0, 0], day=739000)
    placements, _ = run([(a, "s-a")], [profile("c", [1, 0, 0], day=739000 + stories.MAX_SPAN_DAYS + 1)])
    assert placements[0].story != "s-a"


def test_one_template_told_of_two_days_is_two_reports():
    x = np.zeros(len(NAMES))
    x[NAMES.index("same_outlet")], x[NAMES.index("copy")] = 1.0, 0.4
    x[NAMES.index("text_told_other_day")] = 0.95  # almost the same words, and the leads say other days
    assert recurring(x)
    x[NAMES.index("copy")] = 0.97  # the very text again: a re-post, not a report of another day
    assert not recurring(x)


def _report(ident: str, outlet: str, day: int, direction: list[float], words: tuple) -> Profile:
    """An outlet's report whose lead tells its day, with the given heaviest words."""
    p = profile(ident, direction, day)
    return Profile(ident, day, outlet, Features(p.features.signature, p.features.embedding, words, words), {},
                   told=True)


TEMPLATE = (np.array([11, 12, 13], dtype=np.uint32), np.full(3, 1 / np.sqrt(3), dtype=np.float32))
OTHER = (np.array([21, 22, 23], dtype=np.uint32), np.full(3, 1 / np.sqrt(3), dtype=np.float32))


def test_a_story_found_to_hold_one_outlets_daily_report_of_two_days_is_split_by_day():
    """Two outlets' session reports of two days joined one story while nothing told them apart; when one
    outlet's own report of the second day comes in its words again, the story is a daily report: the first
    day's report leaves for a story of its own, the second day's keep the story."""
    day1 = _report("a", "agency", 739000, [1, 0, 0], TEMPLATE)
    day2 = _report("b", "paper", 739001, [1, 0.05, 0], OTHER)
    states = {"s-ab": stories.StoryState("s-ab", None, None, 0, np.zeros(512, dtype=np.float32))}
    states["s-ab"].take(day1)
    states["s-ab"].take(day2)
    index = stories.EventIndex(ByMeaning(), [(day1, "s-ab"), (day2, "s-ab")], states)
    c = _report("c", "agency", 739001, [1, 0.1, 0], TEMPLATE)
    placements, _ = stories.place([Article(id="c", text="")], {"c": c}, index, {}, {})
    (split,) = index.splits
    assert (split.story, split.articles) == ("s-ab", ("a",))
    assert index.story_now("a") == split.into != "s-ab"
    assert index.states["s-ab"].size == 2 and index.states[split.into].size == 1
    assert (index.states["s-ab"].start, index.states[split.into].end) == (739001, 739000)


def test_another_outlets_report_of_another_day_stays_out_of_a_daily_report():
    """Once a story is known to be a daily report (its outlet filed the same words on another day), a
    report of another day joins it from no outlet, however alike; a report of its own day does."""
    day1 = _report("a", "agency", 739000, [1, 0, 0], TEMPLATE)
    day2 = _report("b", "agency", 739001, [1, 0.02, 0], TEMPLATE)
    before = [(day1, "s-1"), (day2, "s-2")]
    (late,), _ = run(before, [_report("c", "paper", 739002, [1, 0.03, 0], OTHER)])
    assert late.story not in {"s-1", "s-2"}
    (same,), _ = run(before, [_report("d", "paper", 739001, [1, 0.03, 0], OTHER)])
    assert same.story == "s-2"


def test_a_repost_of_an_outlets_own_text_is_not_a_daily_report():
    x = np.zeros(len(NAMES))
    x[NAMES.index("same_outlet")], x[NAMES.index("text_told_other_day")] = 1.0, 0.95
    x[NAMES.index("copy")] = 0.8  # most of the text again, a day later: the same news run again
    assert not recurring(x)
    x[NAMES.index("copy")], x[NAMES.index("text_told_other_day")] = 0.1, 0.6
    x[NAMES.index("figures_clash")] = 1.0  # much alike, all its figures new: another session
    assert recurring(x) == 1  # a hint, which takes twins of two days


BULLETIN = ("توقعت الهيئة العامة للأرصاد أن يكون الطقس {day} شديد الحرارة على المناطق الشرقية والوسطى، ومعتدلا على "
            "المرتفعات الجنوبية الغربية، مع فرصة لتكون السحب الرعدية على مرتفعات جازان وعسير والباحة، ونشاط في "
            "الرياح السطحية المثيرة للأتربة والغبار على أجزاء من المنطقة الشرقية. وتتراوح درجات الحرارة العظمى "
            "في الدمام بين {hot} و{hotter} درجة مئوية، وفي الرياض بين {hot} و{hotter} درجة.")
STRIKE = ("أعلنت وزارة الداخلية اليوم {day} توقيف خلية من ثلاثة أشخاص في حي النسيم بالرياض بعد تبادل لإطلاق النار "
          "أسفر عن إصابة رجل أمن، وقال المتحدث الأمني إن التحقيقات جارية لكشف ارتباطات الخلية.")


def test_the_same_bulletin_of_two_days_makes_two_stories(tmp_path, new_store):
    days = {"2025-06-01": ("الأحد", 46, 48), "2025-06-02": ("الاثنين", 44, 47)}
    manifest = ["file,outlet,published"]
    for day, (weekday, hot, hotter) in days.items():
        for outlet in ("الوكالة", "الصحيفة"):
            name = f"{outlet}-{day}.txt"
            (tmp_path / name).write_text(f"الأرصاد: طقس شديد الحرارة على شرق ووسط المملكة\n"
                                         f"{BULLETIN.format(day='اليوم ' + weekday, hot=hot, hotter=hotter)}",
                                         encoding="utf-8")
            manifest.append(f"{name},{outlet},{day}")
    (tmp_path / "meta.csv").write_text("\n".join(manifest), encoding="utf-8")
    db = new_store(tmp_path, "b")
    ingest([str(tmp_path)], db, meta=tmp_path / "meta.csv")
    with Store(db) as s:
        by_day = {}
        for a in s.all_articles():
            by_day.setdefault(a.published[:10], set()).add(s.story_of(a.id))
    assert len(by_day["2025-06-01"]) == 1 and len(by_day["2025-06-02"]) == 1  # each day's copies together
    assert by_day["2025-06-01"] != by_day["2025-06-02"]  # and the two days apart


def test_a_page_without_a_date_gets_an_estimate_marked_as_such(tmp_path, cli, new_store):
    (tmp_path / "a.txt").write_text("أعلنت البلدية افتتاح الحديقة\nافتتحت البلدية في 12 مارس 2025 حديقة جديدة"
                                    " في الحي الشمالي، وقال رئيس البلدية إن الحديقة تضم ملاعب للأطفال.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("خبر بلا تاريخ\nقال مسؤول إن العمل في المشروع يسير وفق الجدول.", encoding="utf-8")
    db = new_store(tmp_path, "u")
    res = cli("ingest", tmp_path / "a.txt", tmp_path / "b.txt", "--db", db)
    assert res.exit_code == 0, res.output
    assert "2 new articles had no publication date (1 estimated" in res.stderr and "--published" in res.stderr
    with Store(db) as s:
        dated = {a.title: (a.published, a.published_estimated) for a in s.all_articles()}
    assert dated["أعلنت البلدية افتتاح الحديقة"] == ("2025-03-12", True)
    assert dated["خبر بلا تاريخ"] == (None, False)
    export = json.loads(cli("export", "--format", "json", "--db", db).stdout)
    assert {a["published_estimated"] for a in export["articles"]} == {True, False}
    assert "~2025-03-12 est." in cli("articles", "--db", db).stdout


@pytest.mark.shared
def test_day_by_day_gives_the_stories_all_at_once_gives(tmp_path, new_store):
    days = []
    for z in sorted(shared_path("data", "news", "saudinewsnet").glob("*.zip"))[:3]:
        with zipfile.ZipFile(z) as zf:
            records = [r for n in sorted(zf.namelist()) for r in json.loads(zf.read(n))][:120]
        path = tmp_path / f"{z.stem}.json"
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        days.append(path)
    together, apart = new_store(tmp_path, "together"), new_store(tmp_path, "apart")
    ingest([str(p) for p in days], together)
    for p in days:
        ingest([str(p)], apart)

    def grouping(db):
        with Store(db) as s:
            return sorted(tuple(sorted(a.id for a in s.story_members(st.id))) for st in s.stories(limit=None))

    a, b = grouping(together), grouping(apart)
    assert a == b
    assert Counter(len(g) for g in a)[1] < len(a)  # some stories of several articles, not only singletons


def test_an_older_story_merged_into_a_new_one_that_merges_on_is_written(tmp_path, monkeypatch, new_store):
    """A story of an earlier batch merges into a story new in this batch, which merges into another new one:
    every article ends in the last (the store once refused the first merge, its target never saved)."""
    db = new_store(tmp_path, "m")
    for k, text in enumerate(("الأول\nافتتح الوزير اليوم مستشفى جديدا في المدينة بسعة مئتي سرير.",
                              "الثاني\nزار الوزير المستشفى الجديد في المدينة وتفقد أقسامه.",
                              "الثالث\nقال الوزير إن المستشفى الجديد في المدينة يخدم الأحياء الشمالية.")):
        (tmp_path / f"{k}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "meta.csv").write_text("file,published\n0.txt,2025-06-01\n1.txt,2025-06-02\n2.txt,2025-06-02\n",
                                       encoding="utf-8")
    ingest([str(tmp_path / "0.txt")], db, meta=tmp_path / "meta.csv")
    with Store(db) as s:
        (older,) = [st.id for st in s.stories(limit=None)]
    real_place = stories.place

    def chained(batch, profiles, index, copies, story_of):
        placed, _ = real_place(batch, profiles, index, copies, story_of)
        first, second = (p.story for p in placed)
        assert len({first, second, older}) == 3  # two new stories, then a chain of merges
        index.merge(older, first)
        index.merge(first, second)
        return ([stories.Placement(p.article, second, p.score) for p in placed],
                [stories.Merge(older, first), stories.Merge(first, second)])

    monkeypatch.setattr(stories, "place", chained)
    ingest([str(tmp_path / "1.txt"), str(tmp_path / "2.txt")], db, meta=tmp_path / "meta.csv")
    with Store(db) as s:
        assert len({s.story_of(a.id) for a in s.all_articles()}) == 1
        assert [st.articles for st in s.stories(limit=None)] == [3]


def _story(ident: str, direction: list[float], entities: dict[str, int], start: int) -> stories.StoryState:
    centroid = np.zeros(512, dtype=np.float32)
    centroid[: len(direction)] = direction
    return stories.StoryState(ident, start, start + 1, 3, centroid * 3, Counter(entities))


def test_a_later_story_of_the_same_affair_joins_its_thread_and_another_affair_does_not():
    """An attack, then days later the arrests (close in meaning, the same rare town and suspects' group
    named by most articles), join one thread; a story of another affair with a common name does not."""
    rarity = {"loc:town": 9.0, "org:cell": 8.5, "loc:country": 2.0}
    attack = _story("s-attack", [1, 0.1, 0], {"loc:town": 3, "org:cell": 2, "loc:country": 3}, 739000)
    arrests = _story("s-arrests", [0.9, 0.3, 0], {"loc:town": 3, "org:cell": 3, "loc:country": 2}, 739009)
    other = _story("s-other", [0, 0.2, 1], {"loc:country": 3}, 739010)
    known = [(attack.id, "thread-x", attack.centroid, attack.start, attack.end)]
    got = stories.threads([arrests, other], known, lambda ids: {i: attack for i in ids}, rarity)
    assert got == {"s-arrests": "thread-x", "s-other": "s-other"}


def test_a_town_spelt_two_ways_or_written_with_a_clitic_is_one_rare_word():
    """سروج and سوروتش (Suruç) meet as one spelling; بسترة is سترة; a common word keeps its first letter."""
    from rasid.extract import terms

    suruc, suruc_tr = set(terms.rare_keys("تفجير سروج")), set(terms.rare_keys("هجوم سوروتش"))
    shared = suruc & suruc_tr
    assert shared and all(terms.is_spelling(k) for k in shared)
    sitra = set(terms.rare_keys("الحادث بسترة")) & set(terms.rare_keys("تفجير سترة"))
    assert any(not terms.is_spelling(k) for k in sitra)  # the word itself, not only a spelling of it
    assert not set(terms.rare_keys("وصل إلى بريطانيا")) & set(terms.rare_keys("ريطانيا"))


def test_event_words_are_keyed_by_what_they_are_told_of_in_any_spelling():
    from rasid.extract import terms

    sitra = terms.event_keys("المنامة تلمح إلى يد إيرانية وراء تفجير «سترة»")
    assert sitra and sitra == terms.event_keys("تحديد هوية المشتبه بتورطهم في الحادث الارهابي بسترة")
    suruc = terms.event_keys("الهجوم الانتحاري في مدينة سوروتش التركية")
    assert suruc and suruc == terms.event_keys("تركيا تكشف هوية منفذ الهجوم الانتحاري في سروج")
    assert suruc != sitra
    assert terms.event_keys("سروج مدينة تركية على الحدود") == ()  # a town named, no happening told of it


def test_two_reports_sharing_the_place_of_their_event_say_so_to_the_model():
    def report(ident: str, text: str, title: str) -> Profile:
        from rasid.extract import terms

        p = profile(ident, [1, 0, 0])
        f = Features(p.features.signature, p.features.embedding, EMPTY, EMPTY,
                     rare=terms.rare_keys(f"{title}\n{text}"), events=terms.event_keys(f"{title}\n{text}"))
        return Profile(ident, p.day, p.outlet, f, {})

    from rasid.corpus.same_event import pair_features

    a = report("a", "قتل 30 شخصا في الهجوم الانتحاري في سوروتش", "تركيا تعد بتعزيز أمنها")
    b = report("b", "أدانت الأمم المتحدة تفجير بلدة سروج", "الأمم المتحدة تدين")
    c = report("c", "أدانت الأمم المتحدة تفجير «سترة»", "الأمم المتحدة تدين")
    x_ab, x_bc = pair_features(a, b), pair_features(b, c)
    assert x_ab[NAMES.index("event_place")] == 1 and x_ab[NAMES.index("rare_spellings")] == 1
    assert x_bc[NAMES.index("event_place")] == 0 and x_bc[NAMES.index("rare_spellings")] == 0


def test_a_phone_calls_report_is_known_by_its_headline_and_first_sentence():
    from rasid.extract.terms import report_kind

    assert report_kind("الوزير يبحث مع نظيره الفرنسي العلاقات الثنائية",
                       "واس - الرياض:\nتلقى معالي الوزير اتصالاً هاتفياً أمس من نظيره الفرنسي جرى خلاله بحث العلاقات.") == "call"
    assert report_kind("رئيسا البلدين يبحثان الأزمة", "بحث الرئيسان هاتفيًا اليوم تطورات الأزمة في المنطقة") == "call"
    # a caption before the lead is passed over
    assert report_kind("الأمير يتلقى اتصالاً من ملك البحرين",
                       "الأمير\n\nتلقى سمو الأمير اتصالا هاتفيا من ملك البحرين هنأه فيه بالعيد.") == "call"
    # the headline tells of something else, or the call is not the lead's
    assert report_kind("ارتفاع ضحايا الفيضانات إلى 40", "تلقى المحافظ اتصالا هاتفيا من الوزير بشأن الفيضانات.") == ""
    assert report_kind("الوزير يبحث خطة المياه", "عقد الوزير اجتماعا لبحث الخطة. وأجرى لاحقا اتصالا هاتفيا بالمحافظ.") == ""
    assert report_kind("شركة تبحث عن موظفين", "حذرت الشركة من الاتصالات الهاتفية المجهولة التي تطلب بيانات العملاء") == ""


def _kind(p: Profile, report: str, told: bool = True) -> Profile:
    f = p.features
    return Profile(p.id, p.day, p.outlet, Features(f.signature, f.embedding, EMPTY, EMPTY, report=report), {}, told=told)


def test_a_phone_call_is_a_happening_of_its_own():
    """A truce's reports, and a call in which the two leaders discussed the truce: alike in meaning (the
    stand-in model would join them), but the call is another happening; its other reports join it, and a
    call of the next day is another call."""
    truce = [(_kind(profile(k, [1, 0.1 * n, 0]), ""), "s-truce") for n, k in enumerate("abc")]
    (call,), _ = run(truce, [_kind(profile("d", [1, 0.3, 0]), "call")])
    assert call.story != "s-truce"
    placed = truce + [(_kind(profile("d", [1, 0.3, 0]), "call"), call.story)]
    (again, other_day), _ = run(placed, [_kind(profile("e", [1, 0.32, 0]), "call"),
                                         _kind(profile("f", [1, 0.32, 0], day=739001), "call")])
    assert again.story == call.story
    assert other_day.story not in {call.story, "s-truce"}


def test_a_split_of_a_stored_story_is_written(tmp_path, monkeypatch, new_store):
    """A story of an earlier batch split by the placing of a later one: the article that left is stored in
    its new story, and both stories count what they hold."""
    db = new_store(tmp_path, "s")
    text = "افتتح الوزير اليوم مستشفى جديدا في المدينة بسعة مئتي سرير، وقال إن المستشفى يخدم الأحياء الشمالية."
    for k in range(2):
        (tmp_path / f"{k}.txt").write_text(f"خبر {k}\n{text}", encoding="utf-8")
    (tmp_path / "2.txt").write_text("خبر آخر\nأعلنت البلدية افتتاح حديقة في الحي الجنوبي.", encoding="utf-8")
    (tmp_path / "meta.csv").write_text("file,outlet,published\n0.txt,a,2025-06-01\n1.txt,b,2025-06-01\n"
                                       "2.txt,c,2025-06-02\n", encoding="utf-8")
    ingest([str(tmp_path / "0.txt"), str(tmp_path / "1.txt")], db, meta=tmp_path / "meta.csv")
    with Store(db) as s:
        (older,) = [st.id for st in s.stories(limit=None)]
        first = next(a.id for a in s.story_members(older))
    real_place = stories.place

    def splitting(batch, profiles, index, copies, story_of):
        placed, merges = real_place(batch, profiles, index, copies, story_of)
        state = stories.StoryState("s-left", None, None, 0, np.zeros(512, dtype=np.float32), new=True)
        state.take(index.profile_of(first))
        index.states["s-left"] = state
        index.states[older].give_up([index.profile_of(first)], [], whole=False)
        index.story[index.position[first]] = "s-left"
        index.splits.append(stories.Split(older, "s-left", (first,)))
        return placed, merges

    monkeypatch.setattr(stories, "place", splitting)
    ingest([str(tmp_path / "2.txt")], db, meta=tmp_path / "meta.csv")
    with Store(db) as s:
        assert s.story_of(first) == "s-left"
        counts = {st.id: st.articles for st in s.stories(limit=None)}
    assert counts["s-left"] == 1 and counts[older] == 1 and sum(counts.values()) == 3


def test_the_word_cosine_by_binary_search_equals_the_one_over_the_intersection():
    """`terms.cosine` finds the shared keys by a binary search (the corpus step asks it of every pair):
    it must give what the weights over the intersection give, empty vectors included."""
    from rasid.extract import terms

    rng = np.random.default_rng(3)
    for size_a, size_b in [(0, 5), (5, 0), (1, 1), (30, 12), (60, 60), (200, 7)]:
        a = np.sort(rng.choice(400, size_a, replace=False)).astype(np.uint32), rng.random(size_a).astype(np.float32)
        b = np.sort(rng.choice(400, size_b, replace=False)).astype(np.uint32), rng.random(size_b).astype(np.float32)
        _, ia, ib = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
        assert terms.cosine(a, b) == pytest.approx(float(a[1][ia] @ b[1][ib]), abs=1e-7)
        assert terms.cosine(a, b) == pytest.approx(terms.cosine(b, a), abs=1e-6)
