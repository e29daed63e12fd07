"""Every date construction of issue 4, resolved against a publication date. Texts written for the tests."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.extract.dates import find_dates

PUB = "2025-07-12"  # a Saturday


def one(text, pub=PUB):
    found = find_dates(text, pub)
    assert len(found) == 1, [(d.text, d.value) for d in found]
    d = found[0]
    assert text[d.start:d.end] == d.text
    return d


@pytest.mark.parametrize("text, value", [
    ("وصل الوفد في 13 يوليو", "2025-07-13"),
    ("صدر القرار في ١٢ سبتمبر ٢٠٢٣ بعد نقاش", "2023-09-12"),
    ("تاريخ النشر: 12th, September 2023 GMT", "2023-09-12"),
    ("posted on June 19, 2024 by the desk", "2024-06-19"),
    ("بدأ المشروع عام 2022 في العاصمة", "2022"),
    ("وقع الاتفاق في 11/3/2025 في بغداد", "2025-03-11"),
    ("في نوفمبر 2024 زار الوزير المدينة", "2024-11"),
    ("وقعت الحادثة في تموز الماضي", "2024-07"),
    ("يبدأ الموسم في كانون الثاني المقبل", "2026-01"),
    ("انطلقت الحملة في جويلية الماضي", "2024-07"),
    ("وفي يوليوز الجاري تبدأ الامتحانات", "2025-07"),
    ("وفي يوليو/تموز زار الرئيس المنطقة", "2025-07"),
    ("وصلت الشحنة في يناير (كانون الثاني) من هذا العام", "2025-01"),
    ("التقى الوزيران يوم السبت", "2025-07-12"),
    ("وصل الوزير الخميس إلى العاصمة", "2025-07-10"),
    ("غادر القطار بعد ظهر الأحد", "2025-07-06"),
    ("ستعقد الجلسة الأربعاء المقبل", "2025-07-16"),
    ("قالت الحكومة العام الماضي إن الخطة نجحت", "2024"),
    ("ارتفعت الأسعار الشهر الماضي بشكل ملحوظ", "2025-06"),
    ("وقع الهجوم في نوفمبر الماضي", "2024-11"),
    ("تستمر الزيارة إلى 13 يوليو الحاري", "2025-07-13"),
    ("تراجع الإنتاج منذ أكتوبر بشكل واضح", "2024-10"),
    ("قال المتحدث هذا الأسبوع إن المفاوضات مستمرة", "2025-07-07/2025-07-13"),
    ("وصل المبعوث أمس إلى العاصمة", "2025-07-11"),
    ("تعقد القمة المقبلة خلال الأشهر المقبلة في الرياض", "2025-08/2025-10"),
    ("المؤتمر المقرر بين يومي 14 و15 يوليو", "2025-07-14/2025-07-15"),
    ("نقلت السفن البضائع ما بين 7 سبتمبر و1 أكتوبر", "2024-09-07/2024-10-01"),
    ("أرسلت القوات في شهري يناير وفبراير الماضيين", "2025-01/2025-02"),
    ("صدر القرار يوم الاثنين 4 شوال 1436هـ", "2015-07-20"),
    ("يبدأ التسجيل في 16 / 10 / 1436 هـ", "2015-08-01"),
    ("وصل الوفد أمس الجمعة إلى جدة", "2025-07-11"),
    ("عاد الفريق أول من أمس", "2025-07-10"),
    ("تنتهي المهلة في 28 الشهر الجاري", "2025-07-28"),
    ("وقع الاتفاق في 10 حزيران/يونيو من العام الماضي", "2024-06-10"),
    ("شهدت المدينة منذ فبراير شباط 2010 احتجاجات", "2010-02"),
    ("ارتفعت الميزانية في الفترة 2012 - 2013 بشكل كبير", "2012/2013"),
])
def test_each_construction_resolves(text, value):
    assert one(text).value == value


def test_today_is_not_a_channel_and_weekday_words_need_a_cue():
    assert one("قال الوزير اليوم إن الخطة جاهزة").value == PUB
    assert find_dates("نقلت قناة روسيا اليوم الخبر", PUB) == []
    assert find_dates("قال إن الاثنين يحتاجان إلى الدعم", PUB) == []
    assert one("اجتمع المجلس يوم الاثنين").value == "2025-07-07"


def test_a_paper_named_today_in_a_byline_or_a_quote_is_not_today():
    """عين اليوم – جدة opens a paper's every article: its day is the one the lead tells, not publication."""
    assert [d.value for d in find_dates("عين اليوم – جدة\nقالت الوزارة في بيان يوم الاثنين إن", PUB)] == ["2025-07-07"]
    assert find_dates("وقال لـ«اليوم» إن الوزارة ستعلن النتائج", PUB) == []
    assert find_dates("نقلت صحيفة اليوم عن مصادر", PUB) == []
    assert find_dates("بحسب موقع اليوم السابع", PUB) == []
    assert one("وقال «سنبدأ العمل اليوم» في الموقع").value == PUB  # a quotation that says today still does


def test_relative_expressions_need_a_publication_date_and_absolute_ones_do_not():
    assert find_dates("وصل الوزير أمس", None) == []
    assert one("بدأ المشروع عام 2022", None).value == "2022"


def test_offsets_survive_diacritics_and_tatweel():
    text = "وَصَلَ الوفـــدُ في ١٣ يُولْيُو ٢٠٢٥ إلى المدينة"
    d = one(text)
    assert d.value == "2025-07-13" and d.text == text[d.start:d.end] and d.text.startswith("١٣")


def test_a_time_of_day_is_kept_on_its_day_with_the_offset_of_its_zone_on_that_day():
    d = one("وصلت الطائرة أمس الساعة العاشرة والنصف صباحاً بتوقيت بيروت")
    assert (d.value, d.clock) == ("2025-07-11", "10:30+03:00")  # Beirut keeps summer time
    assert one("وصلت الطائرة أمس الساعة العاشرة والنصف صباحاً بتوقيت بيروت", "2025-01-12").clock == "10:30+02:00"
    d = one("ارتفع المؤشر بحلول الساعة 14:20 بتوقيت غرينتش أمس")
    assert (d.value, d.clock, d.text) == ("2025-07-11", "14:20+00:00", "الساعة 14:20 بتوقيت غرينتش أمس")
    assert one("تلقت الشرطة البلاغ عند الساعة التاسعة من مساء أمس").clock == "21:00"  # the half is the day's
    assert one("تنطلق المباراة غداً في الثامنة إلا ربعاً مساءً").clock == "19:45"


def test_an_hour_that_could_be_morning_or_evening_is_left_without_a_clock():
    d = one("وقع الهجوم أمس الساعة الثامنة على مقر البلدية")
    assert (d.value, d.clock, d.text) == ("2025-07-11", None, "أمس الساعة الثامنة")
    assert one("سيعقد الاجتماع يوم 20 يوليو الساعة 9:00 بتوقيت مكة").clock is None
    assert one("سيعقد الاجتماع يوم 20 يوليو الساعة 09:00 بتوقيت مكة").clock == "09:00+03:00"
    assert find_dates("وقع الانفجار الساعة الثامنة صباحاً", PUB) == []  # a time with no day named is not a date


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("٠١٢٣٤٥٦٧٨٩0123456789 /-.،,()يوليوتموزالماضيالمقبلأمسيومالسبتعامفيبينو\u064e\u0640:")
                              + ["الساعة ", "صباحاً", " مساء ", "بتوقيت ", "غرينتش", "العاشرة", "والنصف", " إلا ربعاً"]),
                max_size=60).map("".join))
def test_the_date_grammar_never_raises_and_spans_stay_inside(text):
    for d in find_dates(text, PUB):
        assert 0 <= d.start < d.end <= len(text) and text[d.start:d.end] == d.text
