from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.text.normalize import clitic_forms, fold, fold_map


def test_spellings_a_reader_treats_as_one_fold_to_one_key():
    assert fold("أحمد") == fold("احمد") == fold("إحمد") == fold("آحمد")
    assert fold("مصطفى") == fold("مصطفي")
    assert fold("مدرسة") == fold("مدرسه")
    assert fold("كوریا") == fold("کوريا") == fold("كوريا")  # Persian ی and ک
    assert fold("مُحَمَّد") == fold("محمد")  # diacritics
    assert fold("محـــمد") == fold("محمد")  # tatweel
    assert fold("مسؤول") == fold("مسوول") and fold("رئيس") == fold("رييس")
    assert fold("١٢٣٤٥") == fold("۱۲۳۴۵") == "12345"
    assert fold("ﻗﺎﻝ") == fold("قال")  # presentation forms
    assert fold("  CNN\u00a0 News ") == "cnn news"


def test_fold_map_points_back_into_the_original_text():
    text = "قالَ  الرئيسُ «أحمد» في ١٢ آذار"
    folded, where = fold_map(text)
    assert folded == fold(text)
    i = folded.index("احمد")
    assert text[where[i]: where[i + 3] + 1] == "أحمد"
    j = folded.index("12")
    assert text[where[j]: where[j + 1] + 1] == "١٢"


def test_fold_and_fold_map_agree_on_messy_text():
    text = "\u200fأُسـرة  ﻻ  كوریا\tو١٢٫٥٪ «مرحبا» İstanbul\n\n"
    assert fold_map(text)[0] == fold(text)


def test_clitic_forms_cover_attached_particles():
    forms = clitic_forms("لافروف")
    assert {"لافروف", "ولافروف", "بلافروف", "للافروف", "فلافروف"} <= forms
    city = clitic_forms("الموصل")
    assert {"الموصل", "والموصل", "بالموصل", "للموصل"} <= city
    assert clitic_forms("CNN") == {"cnn"}


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("أإآاىيةهکیؤئ ٠١٢٣ab AB\n\t\u00a0\u064e\u064b\u0640\u200c\u200fﻻ«»İ")), max_size=40))
def test_fold_map_always_agrees_with_fold_and_points_inside(text):
    folded, where = fold_map(text)
    assert folded == fold(text) and len(where) == len(folded)
    assert all(0 <= w < len(text) for w in where) and where == sorted(where)


# --- one rule for fold and fold_map: every character its compatibility form, alone --------------

_TARGETED = [
    "ﻻ", "ﻷ", "ﻹ", "ﻵ", "ﷲ", "ﷺ", "﷽", "ﺃﺣﻤﺪ", "ﻗﺎﻝ", "ﭐ", "ﹰ", "ﹱ", "ﹼ",  # Arabic presentation forms A and B
    "ﬁ", "ﬂ", "ﬀ", "ﬃ", "ﬅ", "Ĳ", "ǆ",  # ligatures
    "²", "³", "¹", "ⁿ", "₂", "½", "¼", "™", "ª",  # superscripts, subscripts, fractions
    "ＣＮＮ", "１２３", "（ﻻ）", "｡", "ｶ",  # fullwidth and halfwidth forms
    "پ", "چ", "ژ", "گ", "ڤ", "ٹ", "ڈ", "ڑ", "ں", "ے", "ۓ", "ۀ", "ە", "ې", "ی", "ک", "۱۲۳",  # Persian, Urdu
    "\u064e", "\u0651", "\u0653", "\u0654", "\u0655", "ا\u0653", "ي\u0654", "ے\u0654", "e\u0301", "\u0301",  # marks
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad", "\u061c",  # zero-width
    "İ", "İstanbul", "ΟΔΟΣ", "ς", "ẞ", "ﬆ", "µ", "K", "Å", "Ω", "´", "¨", "\u00a0", "\u2003", "\u3000", "…", "″", "ٵ",
]


def _agree(text):
    folded, where = fold_map.__wrapped__(text)  # uncached, so each call is tested
    assert folded == fold(text), (text, folded, fold(text))
    assert len(where) == len(folded)
    assert all(0 <= w < len(text) for w in where) and where == sorted(where)
    by_source: dict[int, str] = {}
    for c, w in zip(folded, where, strict=True):
        by_source[w] = by_source.get(w, "") + c
    for w, piece in by_source.items():  # each source character folds to what was mapped to it
        if text[w].isspace():
            assert piece == " "
        else:
            assert piece.split() == fold(text[w]).split(), (text, w, piece)


def test_fold_and_fold_map_agree_on_compatibility_characters():
    for ch in _TARGETED:
        for text in (ch, f"قال {ch} الرئيس", f"{ch}x{ch}", ch * 40, f"ﻻ {ch} ²"):
            _agree(text)


def test_compatibility_characters_fold_to_their_plain_form_but_numbers_keep_their_value():
    assert fold("ﻻ") == fold("لا") and fold("ﬁnal") == "final" and fold("ＣＮＮ") == "cnn" and fold("…") == "..."
    assert fold("ﬁ") == fold("ﬁ ﻻ").split()[0]  # the same with or without an Arabic presentation form nearby
    assert fold("10²") == "10²" and fold("½") == "½"  # NFKC would make them 102 and 1⁄2
    assert fold("كتبﹰ") == "كتب"  # an isolated haraka is a diacritic, not a space
    assert fold("ΟΔΟΣ") == fold("οδος") == fold("οδοσ")


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=()), max_size=30))
def test_fold_map_agrees_with_fold_over_all_of_unicode(text):
    _agree(text)


_MIX = [*"أإآاىيةهکیؤئءٱ٠١٢٣۴۵ 0123\n\t\u00a0\u064e\u064b\u0651\u0653\u0640\u200c\u200f\ufeff",
        *"ﻻﷲ²½ﬁＡİΣς´…", "ﹰ", "e\u0301"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_MIX), max_size=80).map("".join))
def test_fold_map_agrees_with_fold_on_arabic_mixes(text):
    _agree(text)


def test_sentences_end_at_their_marks_not_after_a_title_or_inside_a_number():
    from rasid.text.sentences import sentences

    text = "قال د. سامر العلي إن نسبة الإنجاز بلغت 12.5 بالمئة. وأضاف م. هاني أن العمل بدأ! هل انتهى؟ نعم.\nسطر آخر"
    assert [text[a:b] for a, b in sentences(text)] == [
        "قال د. سامر العلي إن نسبة الإنجاز بلغت 12.5 بالمئة.", "وأضاف م. هاني أن العمل بدأ!", "هل انتهى؟", "نعم.",
        "سطر آخر"]
