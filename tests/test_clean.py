"""Cleaning: repair, boilerplate, page splitting. Texts here are written for the tests."""
from rasid.model import RawPage, Removed
from rasid.text.clean import clean_page, content_id, repair

P1 = "أعلنت وزارة الزراعة اليوم عن خطة جديدة لدعم صغار المزارعين في المناطق الريفية."
P2 = "وقال المتحدث باسم الوزارة إن الخطة تشمل قروضا ميسرة وتدريبا على الري الحديث."
P3 = "ومن المنتظر أن تبدأ المرحلة الأولى من التنفيذ مطلع الشهر المقبل في ثلاث محافظات."


def page(text, **kw):
    return RawPage(source="test.txt", source_file="test.txt", text=text, **kw)


def only(text, **kw):
    articles = clean_page(page(text, **kw))
    assert len(articles) == 1, [a.title for a in articles]
    return articles[0]


def test_headline_is_taken_from_a_short_first_line():
    a = only(f"خطة لدعم المزارعين\n\n{P1}\n{P2}")
    assert a.title == "خطة لدعم المزارعين"
    assert a.text == f"{P1}\n\n{P2}"


def test_a_first_line_that_is_a_sentence_is_not_a_headline():
    a = only(f"{P1}\n{P2}")
    assert a.title is None and a.text.startswith(P1)


def test_a_latin_photo_caption_above_an_arabic_headline_stays_in_the_text():
    a = only(f"The minister visits farms in the south\nخطة لدعم المزارعين\n{P1}\n{P2}")
    assert a.title == "خطة لدعم المزارعين"
    assert a.text.startswith("The minister visits farms")


def test_line_boilerplate_is_removed_and_recorded():
    noise = ["[ad_1]", "فتح Digest محرر مجانًا", "شاركها.", "المصدر", "كلمات دلالية: الزراعة الري القروض",
             ". تفاصيل", "[ad_2]"]
    text = "\n".join([P1, noise[0], noise[1], P2, noise[5], P3, noise[2], noise[3], noise[4], noise[6]])
    a = only(text)
    assert a.text == f"{P1}\n\n{P2}\n\n{P3}"
    assert sorted(r.text for r in a.removed) == sorted(noise)
    assert {r.kind for r in a.removed} == {"ad", "paywall", "share", "source", "tags", "link"}


def test_source_line_becomes_the_outlet():
    a = only(f"{P1}\n{P2}\nالمصدر: صحيفة الوادي")
    assert a.outlet == "صحيفة الوادي"
    assert "المصدر" not in a.text


def test_photo_credit_and_tweet_signature_are_cut_from_their_lines():
    caption = "مزارعون يحصدون القمح في حقل قرب النهر © وكالة الصور عبر AP"
    tweet = ("بدأ موسم الحصاد مبكرا هذا العام pic.twitter.com/Ab12Cd34 — Farm News (@farmnews) May 3, 2025"
             + P2)
    a = only(f"{P1}\n{caption}\n{tweet}")
    assert "مزارعون يحصدون القمح في حقل قرب النهر" in a.text
    assert "©" not in a.text and "pic.twitter" not in a.text and "@farmnews" not in a.text
    assert a.text.endswith(P2)
    assert {r.kind for r in a.removed} == {"credit", "tweet"}


def test_read_also_section_becomes_its_own_article_without_the_first_date():
    text = (f"خطة لدعم المزارعين\nتاريخ النشر: 4th, May 2025 GMT\n{P1}\n{P2}\nالمصدر: صحيفة الوادي\n"
            f"إقرأ أيضاً:\nأسعار القمح ترتفع في الأسواق المحلية\n"
            "سجلت أسعار القمح ارتفاعا ملحوظا خلال الأسبوع الجاري بسبب تراجع الإنتاج.\n"
            "وأرجع تجار هذا الارتفاع إلى موجة الجفاف التي ضربت المنطقة.")
    first, second = clean_page(page(text))
    assert first.title == "خطة لدعم المزارعين" and first.published == "2025-05-04"
    assert second.title == "أسعار القمح ترتفع في الأسواق المحلية" and second.part == 2
    assert second.published is None
    assert second.text.startswith("سجلت أسعار القمح") and "إقرأ" not in first.text + second.text
    assert first.outlet == second.outlet == "صحيفة الوادي"


def test_headline_glued_to_its_source_starts_a_new_article():
    text = (f"خطة لدعم المزارعين\n{P1}\n"
            "الحكومة تخفض أسعار الأسمدة بنسبة عشرين بالمئة - موقع 24خفضت الحكومة أسعار الأسمدة اليوم.\n"
            "وأوضح البيان أن القرار يسري فورا.")
    first, second = clean_page(page(text, published="2025-05-04"))
    assert second.title == "الحكومة تخفض أسعار الأسمدة بنسبة عشرين بالمئة"
    assert second.outlet == "موقع 24"
    assert second.text == "خفضت الحكومة أسعار الأسمدة اليوم.\n\nوأوضح البيان أن القرار يسري فورا."
    assert first.published == "2025-05-04" and second.published is None


def test_hijri_dates_and_dashes_inside_text_do_not_split_a_page():
    text = f"{P1}\nوصل الوفد يوم الخميس 14 / 10 / 1436هـ – وذلك بعد جولة طويلة في المنطقة.\n{P2}"
    assert len(clean_page(page(text))) == 1


def test_an_inline_read_also_link_does_not_split_the_article():
    text = f"{P1}\nاقرأ أيضا: أسعار القمح ترتفع في الأسواق\n{P2}\n{P3}"
    a = only(text)
    assert a.text == f"{P1}\n\n{P2}\n\n{P3}"
    assert any(r.kind == "related" for r in a.removed)


def test_cleaning_never_rewrites_kept_words():
    text = f"عنوان الخبر\n{P1}  \n\n\n{P2}\n[ad_1]\n{P3}"
    a = only(text)
    for line in a.text.split("\n\n"):
        assert line in text


def test_mojibake_is_repaired():
    cp1256_mojibake = P1.encode("utf-8").decode("cp1256")  # UTF-8 read as Windows-1256
    assert repair(cp1256_mojibake)[0] == P1
    assert repair(P1.encode("utf-8").decode("latin-1"))[0] == P1  # UTF-8 read as Latin-1 (ftfy)
    assert repair("Ù…Ø±Ø­Ø¨Ø§ Ø¨ÙƒÙ…")[0] == "مرحبا بكم"  # UTF-8 read as Windows-1252 (ftfy)
    latin1_mojibake = P1.encode("cp1256").decode("latin-1")  # Windows-1256 read as Latin-1
    assert repair(latin1_mojibake)[0] == P1


def test_junk_runs_are_cut_but_real_punctuation_is_kept():
    text, removed = repair("وكالة الأنباء â € Â Â أعلنت «الوزارة» — اليوم")
    assert text.split() == "وكالة الأنباء أعلنت «الوزارة» — اليوم".split()
    assert [r.text for r in removed] == ["â € Â Â"]


def test_id_is_the_same_for_every_copy_and_differs_for_different_text():
    a = only(f"عنوان\n{P1}\n{P2}")
    b = only(f"عنوان\n\n{P1}   \n\n{P2}\n")
    assert a.id == b.id == content_id("عنوان", f"{P1}\n\n{P2}")
    assert only(f"عنوان\n{P1}\n{P3}").id != a.id


def test_html_page_gives_text_and_metadata():
    html = f"""<!doctype html><html lang="ar" dir="rtl"><head><title>خطة الزراعة | الوادي</title>
    <meta property="og:site_name" content="صحيفة الوادي">
    <meta property="article:published_time" content="2025-05-04T09:00:00+03:00">
    <link rel="canonical" href="https://alwadi.example/farm-plan"></head>
    <body><nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a></nav>
    <article><h1>خطة لدعم المزارعين</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p></article>
    <footer>جميع الحقوق محفوظة لصحيفة الوادي 2025</footer></body></html>"""
    (a,) = clean_page(RawPage(source="x.html", source_file="x.html", html=html))
    assert a.title == "خطة لدعم المزارعين"
    assert a.url == "https://alwadi.example/farm-plan"
    assert a.outlet == "صحيفة الوادي"
    assert a.published[:10] == "2025-05-04"
    assert P1 in a.text and P3 in a.text and "الحقوق" not in a.text and "الرئيسية" not in a.text


def test_html_fragment_from_a_feed_keeps_its_paragraphs():
    (a,) = clean_page(RawPage(source="feed#0", html=f"<p>{P1}</p><p>{P2}<script>x()</script></p>", title="خطة"))
    assert a.text == f"{P1}\n\n{P2}"


def test_a_credit_of_at_most_fifteen_words_closing_a_line_is_cut():
    words = " ".join(["وكالة"] * 15)
    a = only(f"{P1}\nصورة من الحقل © {words}")
    assert a.text.endswith("صورة من الحقل") and [r.text for r in a.removed] == [f"© {words}"]
    b = only(f"{P1}\nصورة من الحقل © {words} AP")  # sixteen words: a sentence, not a credit
    assert "©" in b.text and not b.removed
    c = only(f"{P1}\nصورة من الحقل© AFP © Reuters")  # the first © that leaves few enough words
    assert c.text.endswith("صورة من الحقل") and [r.text for r in c.removed] == ["© AFP © Reuters"]


def test_lone_surrogates_become_replacement_characters():
    (a,) = clean_page(page(f"{P1}\ud800\n{P2}\udc80", title="عنوان\ud83d\ude00\udfff"))
    assert a.text == f"{P1}\ufffd\n\n{P2}\ufffd" and a.title == "عنوان😀\ufffd"
    a.text.encode("utf-8"), a.title.encode("utf-8")
    assert clean_page(page("\ud800"))[0].text == "\ufffd"
    (h,) = clean_page(RawPage(source="x.html", html=f"<p>{P1}\ud800{P2}</p>"))
    assert h.text == f"{P1}\ufffd{P2}"  # lxml would have dropped everything after the surrogate
    assert len(content_id("\ud800", "\udfff")) == 16


def test_a_page_of_control_or_invisible_characters_has_no_article():
    # (C1 controls that are Windows-1252 mojibake, \x85 for …, are repaired first; these are not)
    for text in ("\x00" * 50, "\x00\x01\x1b\x7f\x81\x9d", "\u200f\u200e\ufeff\u200b", "\x00\n\u200f\n\t \x00"):
        assert clean_page(page(text)) == [], repr(text)
        assert clean_page(RawPage(source="x.html", html=f"<p>{text}</p>")) == [], repr(text)


def test_control_characters_are_cut_and_recorded():
    a = only(f"عنوان\x00 الخبر\n{P1[:10]}\x00\x00{P1[10:]}\x07\n{P2}\x0c{P3}\r\n")
    assert a.title == "عنوان الخبر" and a.text == f"{P1}\n\n{P2}\n\n{P3}"
    assert Removed("control", "U+0000 ×3, U+0007 ×1, U+000C ×1") in a.removed
    b = only(f"{P1}\n\u200f\u200f\n{P2}")  # a line with nothing visible is no paragraph
    assert b.text == f"{P1}\n\n{P2}" and Removed("control", "U+200F ×2") in b.removed
    assert only(f"\u200fعنوان الخبر\n{P1}\n{P2}").title == "\u200fعنوان الخبر"  # a direction mark in text stays
