"""Every quantity construction of issue 4, and claims with their attribution chains."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.extract import extract
from rasid.extract.numbers import find_ordinals, find_quantities, unit_lemma
from rasid.text.normalize import fold


def one(text):
    found = find_quantities(text)
    assert len(found) == 1, [(q.text, q.low, q.high, q.unit) for q in found]
    q = found[0]
    assert text[q.start:q.end] == q.text
    return q


@pytest.mark.parametrize("text, low, high, approx, unit", [
    ("أرسلت 25000 جندي إلى الجبهة", 25000, 25000, False, "جندي"),
    ("نشر 30،000 جندي على الحدود", 30000, 30000, False, "جندي"),
    ("بلغ عدد الزوار 1,000 زائر", 1000, 1000, False, "زاير"),
    ("سجلت الإحصاءات ١٢٣٬٤٥٦ مسافرا", 123456, 123456, False, "مسافر"),
    ("ارتفع المؤشر بنسبة ١٢٫٥٪ هذا العام", 12.5, 12.5, False, "%"),
    ("نمت الصادرات 12 في المئة", 12, 12, False, "%"),
    ("بلغت قيمة الصفقة 5ر6 مليون يورو", 6.5e6, 6.5e6, False, "يورو"),  # the wire's ر: fraction typed first
    ("ارتفع المؤشر 25ر0 بالمئة", 0.25, 0.25, False, "%"),
    ("وصل ثلاثة جنود إلى القاعدة", 3, 3, False, "جندي"),
    ("قتل خمسة وعشرون شخصا في الحادث", 25, 25, False, "شخص"),
    ("تضم القافلة مئة شاحنة", 100, 100, False, "شاحنه"),
    ("وزع ألفا طرد غذائي", 1000, 1000, False, "طرد"),
    ("استقبل المستشفى ألفين مريض", 2000, 2000, False, "مريض"),
    ("أرسل 9 ملايين قذيفة مدفعية", 9e6, 9e6, False, "قذيفه"),
    ("أرسلت 3 آلاف جندي إضافي", 3000, 3000, False, "جندي"),
    ("تستعد لإرسال ما بين 25 إلى 30 ألف جندي", 25000, 30000, False, "جندي"),
    ("سلمت أكثر من ألف حاوية", 1000, None, False, "حاويه"),
    ("أطلقت ما لا يقل عن 100 صاروخ باليستي", 100, None, False, "صاروخ باليستي"),
    ("قد يرسل ما يصل إلى 30 ألف جندي", None, 30000, False, "جندي"),
    ("قتل نحو 4 آلاف جندي في المعارك", 4000, 4000, True, "جندي"),
    ("أرسل حوالي 13000 جندي", 13000, 13000, True, "جندي"),
    ("وصل ما يقدر بـ 11000 جندي", 11000, 11000, True, "جندي"),
    ("نزح قرابة 800 أسرة", 800, 800, True, "اسره"),
    ("بلغت الكلفة 1.2 مليار دولار", 1.2e9, 1.2e9, False, "دولار"),
    ("يبلغ طول الجسر 850 متراً", 850, 850, False, "متر"),
    ("أطلقت روسيا 728 طائرة بدون طيار", 728, 728, False, "طايره بدون طيار"),
    ("ستزيد عدد جنودها ثلاثة أضعاف", 3, 3, False, "ضعف"),
    ("استفاد منها وأكثر من 10 ملايين شخص", 1e7, None, False, "شخص"),
    ("دخلت وستة موانئ الخدمة", 6, 6, False, "ميناء"),
    ("نسبة النمو 80 في المائة هذا العام", 80, 80, False, "%"),
    # the number after what it counts, a body's members, parentheses, a digit restated in words, ages
    ("أعلن الجيش مقتل جنديين أمريكيين اثنين قرب الحدود", 2, 2, False, "جندي"),
    ("أصيب ثلاثة من رجال الدفاع المدني أثناء الإطفاء", 3, 3, False, "دفاع"),
    ("استشهد 12 من منسوبي قوات الطوارئ في الهجوم", 12, 12, False, "قوات"),
    ("أغلقت البلدية (45) محلا مخالفا", 45, 45, False, "محل"),
    ("نقل (4) أربعة من العمال إلى المستشفى", 4, 4, False, "عامل"),
    ("أطلق مسلح عمره 42 عاما النار على المارة", 42, 42, False, "عمر"),
    ("وقال إن المتهم (35 عاما) اعترف بجريمته", 35, 35, False, "عمر"),
    ("توفي رجل في الثالثة والأربعين من العمر", 43, 43, False, "عمر"),
    # a decimal comma before a scale or a percent, one number joined by و, eleven to nineteen, a mirrored decimal
    ("يبلغ عدد سكانها 3,8 مليون نسمة", 3.8e6, 3.8e6, False, "نسمه"),
    ("تراجع المؤشر ٣,٦٪ في الجلسة", 3.6, 3.6, False, "%"),
    ("زار المعرض 35 ألفاً و928 زائرا", 35928, 35928, False, "زاير"),
    ("دفع ألفين و300 درهم غرامة", 2300, 2300, False, "درهم"),
    ("أبحرت الاثنتي عشرة سفينة من الميناء", 12, 12, False, "سفينه"),
    ("وصل سعر البرميل إلى 88.\u200f52 دولار", 52.88, 52.88, False, "دولار"),
    # hundreds written apart, thousands by dots or spaces, a sign, bounds said in other words
    ("بلغ عدد الطلاب أربع مائة وخمسة وعشرون طالبا", 425, 425, False, "طالب"),
    ("زار المعرض ٧ مئة و ١٥ زائرا", 715, 715, False, "زاير"),
    ("تبلغ مساحة الأرض 250.000 متر مربع", 250000, 250000, False, "متر مربع"),
    ("يسكن المدينة 2 500 000 نسمة", 2.5e6, 2.5e6, False, "نسمه"),
    ("سجلت الحرارة -4.5 درجة في الصباح", -4.5, -4.5, False, "درجه"),
    ("حشد الجيش لا أقل من أربعين جنديا", 40, None, False, "جندي"),
    ("أرسل لا أكثر من ٦٠ جنديا", None, 60, False, "جندي"),
    ("قال إن عدد المصابين يتجاوز 500 مصاب", 500, None, False, "مصاب"),
    ("شارك 300 متطوع أو أكثر في الحملة", 300, None, False, "متطوع"),
])
def test_each_construction(text, low, high, approx, unit):
    q = one(text)
    assert (q.low, q.high, q.approx, q.unit) == (low, high, approx, unit)


def test_words_that_read_as_numbers_and_are_not():
    assert find_quantities("قال: لست أفهم ما حدث") == []
    assert find_quantities("ألف مبروك للفريق على الفوز") == []
    assert one("بلغ عدد الموظفين 1,250 موظفا").low == 1250  # three digits after the comma: thousands


def test_a_whole_and_its_part_or_a_date_is_not_what_a_number_of_counts():
    assert one("فاز 3 من أصل 10 مرشحين").unit != "اصل"
    assert all(q.unit != "يوليو" for q in find_quantities("وصل في 5 من يوليو ومعه 20 جنديا"))


def test_how_long_a_truce_lasts_is_a_figure_and_how_long_ago_is_not():
    lasting = extract("أعلن التحالف هدنة إنسانية لمدة خمسة أيام في اليمن", published="2025-07-26")
    assert [(c["quantity"]["low"], c["quantity"]["unit"]) for c in lasting["claims"]] == [(5, "يوم")]
    since = extract("قال الوزير إن المشروع بدأ قبل خمسة أعوام", published="2025-07-26")
    assert since["claims"] == []


def test_what_a_source_announced_is_not_part_of_the_source():
    """أعلنت الوزارة مقتل 27 شخصا: the ministry says so, and 27 people killed is the claim."""
    r = extract("وأعلنت الوزارة مقتل 27 شخصا وإصابة 100 آخرين في الانفجار.", published="2025-07-26")
    assert [c["quantity"]["low"] for c in r["claims"]] == [27, 100]
    assert [a["text"] for a in r["claims"][0]["attribution"]] == ["الوزارة"]


def test_a_source_ends_before_what_it_says_after_bi_anna():
    """أفاد مسؤول بأن …: the official, not the clause he reported."""
    r = extract("وأفادت مصادر طبية محلية بأن القصف على الحي أسفر عن مقتل 14 شخصا.", published="2025-07-26")
    assert [[a["text"] for a in c["attribution"]] for c in r["claims"]] == [["مصادر طبية محلية"]]
    r = extract("وذكرت الشرطة بأنها أوقفت 9 أشخاص في المداهمة.", published="2025-07-26")
    assert [[a["text"] for a in c["attribution"]] for c in r["claims"]] == [["الشرطة"]]
    # a relay and whom it quotes are two sources, the first to say it first; a report's own "عن" stays in it
    r = extract("ونقلت الوكالة عن مسؤول أمني قوله إن 12 شخصا قتلوا.", published="2025-07-26")
    assert [[a["text"] for a in c["attribution"]] for c in r["claims"]] == [["مسؤول أمني", "الوكالة"]]
    r = extract("وقال تقرير صادر عن الهيئة إن 300 أسرة نزحت.", published="2025-07-26")
    assert [[a["text"] for a in c["attribution"]] for c in r["claims"]] == [["تقرير صادر عن الهيئة"]]
    # nor what follows فإن/فقد after "according to", nor whom a speaker told it (لوكالة …)
    r = extract("وحسب التقديرات فإن الفتيان يمثلون 40 بالمئة من المشاركين.", published="2025-07-26")
    assert [[a["text"] for a in c["attribution"]] for c in r["claims"]] == [["التقديرات"]]
    r = extract("وقال مدير المرصد لوكالة الأنباء إن 20 شخصا قتلوا.", published="2025-07-26")
    assert [[a["text"] for a in c["attribution"]] for c in r["claims"]] == [["مدير المرصد"]]
    r = extract("وهي تقنية قالت عنها الشركة إنها تشحن 50 بالمئة من البطارية في دقائق.", published="2025-07-26")
    assert [[a["text"] for a in c["attribution"]] for c in r["claims"]] == [["الشركة"]]  # not «عنها الشركة»
    # whom it was told and the verb's adverbs are not who says so
    r = extract("وقال لنا البائع أيضا إن سعر الكيلو 30 ريالا.", published="2025-07-26")
    assert [[a["text"] for a in c["attribution"]] for c in r["claims"]] == [["البائع"]]
    # two speakers in one sentence: each figure is its own speaker's
    r = extract("وقال المرصد إن 20 شخصا قتلوا في القصف، فيما قال الجيش إن 5 جنود أصيبوا.", published="2025-07-26")
    assert [(c["quantity"]["low"], [a["text"] for a in c["attribution"]]) for c in r["claims"]] == [
        (20, ["المرصد"]), (5, ["الجيش"])]
    # a long title ends with the name of the man it introduces, not nine words in
    r = extract("وقال نائب المتحدث الرسمي لمديرية الدفاع المدني بمنطقة تبوك الرائد سالم مفرح العنزي"
                " إن 7 أشخاص أصيبوا.", published="2025-07-26")
    assert [a["text"] for c in r["claims"] for a in c["attribution"]] == [
        "نائب المتحدث الرسمي لمديرية الدفاع المدني بمنطقة تبوك الرائد سالم مفرح العنزي"]
    # the sayer named before the verb: the source is the sayer, never the clause
    r = extract("وكان مسؤول محلي أفاد بأن حصيلة الضحايا بلغت 11 قتيلا.", published="2025-07-26")
    assert [[a["text"] for a in c["attribution"]] for c in r["claims"]] == [["مسؤول محلي"]]


def test_times_of_day_are_not_quantities():
    assert find_quantities("تبدأ المباراة في تمام 11 مساء وتنتهي الساعة 1") == []


def test_a_rank_is_read_as_a_rank_and_never_claimed_as_a_figure():
    r = extract("حلّ المنتخب ثالثاً في الدورة الحادية والعشرين، بعد أن احتل المركز 5 للمرة الرابعة في كانون الأول.",
                published="2025-07-26")
    assert [(o["text"], o["low"], o["ordinal"]) for o in r["ordinals"]] == [
        ("ثالثاً", 3, True), ("الحادية والعشرين", 21, True), ("5", 5, True), ("الرابعة", 4, True)]  # not كانون الأول
    assert r["quantities"] == [] and r["claims"] == []
    assert find_ordinals("وقسمت الفرق المشاركة للأعوام الـ 30 بمبلغ ال37 مليون") == []  # definite counts


def test_plural_and_singular_nouns_meet_in_one_lemma():
    units = {q.unit for q in find_quantities("وصل 5 جنود ثم 20 جنديا ثم 300 جندي")}
    assert units == {"جندي"}


def test_a_unit_written_short_or_inflected_meets_its_full_form_and_is_shown_as_written():
    from rasid.corpus.brief import written_unit

    found = find_quantities("اشترت أرضا مساحتها 320 ألف م2، وأخرى مساحتها 320 ألف متر مربع، والثالثة"
                            " 5 آلاف مترا مربعا، والرابعة 12 ألف م² وبحيرة مساحتها 40 كم2 في عام 2015م")
    assert [q.unit for q in found] == ["متر مربع"] * 4 + ["كيلومتر مربع"]  # 2015م is a year, not metres
    assert written_unit("متر مربع", ["320 ألف م2"]) == "م2"
    assert written_unit("متر مربع", ["5 آلاف مترا مربعا"]) == "مترا مربعا"


def test_years_and_bare_small_numbers_are_not_quantities():
    assert find_quantities("وقع الاتفاق عام 2024 في البند 3") == []


def test_claims_carry_attribution_chains_actor_and_time():
    text = ("وأفاد تقرير أعده خبراء أوكرانيون، واطلعت عليه شبكة CNN، أن كوريا الشمالية سترسل "
            "ما بين 25 إلى 30 ألف جندي الشهر المقبل. وبحسب مسؤولين غربيين، قتل نحو 4 آلاف جندي كوري شمالي.")
    claims = extract(text, published="2025-07-11")["claims"]
    first, second = claims
    assert [a["text"] for a in first["attribution"]] == ["تقرير أعده خبراء أوكرانيون", "شبكة CNN"]
    assert first["attribution"][1]["entity"] == "org:cnn"
    assert first["actor"]["entity"] == "loc:country-kp" and first["time"] == "2025-08"
    assert (first["quantity"]["low"], first["quantity"]["high"]) == (25000, 30000)
    assert [a["text"] for a in second["attribution"]] == ["مسؤولين غربيين"]
    assert second["actor"]["entity"] == "loc:country-kp" and second["time"] == "2025-07-11"
    assert text[second["start"]:second["end"]] == second["text"]


def test_a_report_cited_by_an_agency_is_two_links():
    text = ("وفقا لتقرير صادر عن المخابرات الكورية الجنوبية، استشهدت به وكالة يونهاب، أرسلت بيونغ يانغ "
            "حوالي 13000 جندي إلى روسيا.")
    (claim,) = extract(text, published="2025-07-13")["claims"]
    assert [a["text"] for a in claim["attribution"]] == ["تقرير صادر عن المخابرات الكورية الجنوبية", "وكالة يونهاب"]
    assert claim["actor"]["entity"] == "loc:country-kp"  # Pyongyang sent them: North Korea did


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("٠١٢٣٤٥٦٧٨٩0123456789 ,.،٫٬%٪-ثلاثةألفملايينمليونونحوحواليأكثرمنجنديبينإلىماراً\u064b")),
               max_size=60))
def test_the_number_grammar_never_raises_and_spans_stay_inside(text):
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text) and text[q.start:q.end] == q.text


def test_a_fraction_is_shown_as_a_reader_reads_it():
    from rasid.render.html import figure

    (two_thirds,) = find_quantities("خصصت الوزارة ثلثي الميزانية للتعليم")
    assert figure(two_thirds) == "0.6667"
    (vague,) = find_quantities("شارك عشرات الآلاف من المواطنين في المسيرة")
    assert figure(vague) == "20,000 – 99,999" and vague.approx


def test_a_participle_of_saying_gives_the_sentence_subject_as_the_source():
    """وتبنى التنظيم الهجوم، مؤكدا أنه قتل 9 جنود: the group asserts the nine, as if it had said so."""
    r = extract("وتبنت الجماعة المسلحة الهجوم في بيان، مؤكدة أنها قتلت 9 جنود وأصابت 14 غيرهم.", published="2025-07-26")
    assert [c["quantity"]["low"] for c in r["claims"]] == [9, 14]
    assert all([a["text"] for a in c["attribution"]] == ["الجماعة المسلحة"] for c in r["claims"])
    plain = extract("وزار الوفد المدينة، والتقى 12 مسؤولا محليا.", published="2025-07-26")
    assert not plain["claims"][0]["attribution"]  # no participle of saying: nobody is quoted


def test_nouns_whose_madda_folds_to_an_article_and_idioms_of_one():
    assert one("احترقت ثلاث آليات على الطريق").unit == fold("آلية")
    assert unit_lemma("الآليات") == unit_lemma("آليات") != unit_lemma("يات")
    assert find_quantities("أنهت تركيا من جانب واحد وقف إطلاق النار") == []
    assert find_quantities("قرار اتخذ من طرف واحد") == []
