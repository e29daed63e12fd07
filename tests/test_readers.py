"""Every reader, format detection by content, manifests and batch metadata."""
import gzip
import json
import zipfile

import pytest
from webserver import Site

from rasid.ingest import Options, read
from rasid.model import Problem, RawPage
from rasid.pipeline import ingest
from rasid.store import Store

P1 = "افتتح محافظ المدينة اليوم جسرا جديدا يربط ضفتي النهر بطول ستمئة متر."
P2 = "وقال المحافظ إن الجسر سيخفف الازدحام في وسط المدينة خلال ساعات الذروة."
P3 = "وبلغت كلفة المشروع نحو أربعين مليون دولار بتمويل من صندوق التنمية."
HTML = f"""<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>جسر جديد</title>
<meta property="og:site_name" content="بوابة النهر"><meta property="article:published_time" content="2025-04-02">
<link rel="canonical" href="https://river.example/bridge"></head><body><nav>الرئيسية · أخبار · رياضة</nav>
<article><h1>افتتاح جسر جديد على النهر</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p></article></body></html>"""
RSS = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>إذاعة الضفة</title>
<item><title>افتتاح جسر جديد</title><link>https://difa.example/1</link>
<pubDate>Wed, 02 Apr 2025 08:00:00 +0000</pubDate><description><![CDATA[<p>{P1}</p><p>{P2}</p>]]></description></item>
<item><title>كلفة الجسر</title><link>https://difa.example/2</link>
<pubDate>Thu, 03 Apr 2025 08:00:00 +0000</pubDate><description>{P3}</description></item>
</channel></rss>"""


def stored(db):
    with Store(db) as s:
        return {a.title: a for a in s.all_articles()}


def test_plain_text_in_every_encoding(tmp_path, db):
    text = f"جسر جديد\n\n{P1}\n\n{P2}"
    (tmp_path / "a.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(("عنوان ثان\n" + P2 + "\n" + P3).encode("utf-8-sig"))
    (tmp_path / "c.txt").write_bytes(("عنوان ثالث\n" + P1 + "\n" + P3).encode("utf-16"))
    (tmp_path / "d.txt").write_bytes(("عنوان رابع\n" + P3 + "\n" + P1).encode("cp1256"))
    r = ingest([str(tmp_path)], db)
    assert (r.new, r.problems) == (4, [])
    arts = stored(db)
    assert set(arts) == {"جسر جديد", "عنوان ثان", "عنوان ثالث", "عنوان رابع"}
    assert arts["عنوان رابع"].text == f"{P3}\n\n{P1}"
    assert all(a.language == "ar" for a in arts.values())
    assert arts["جسر جديد"].source_file == "a.txt"


def test_utf16_without_a_bom_is_text_and_binary_stays_binary(tmp_path):
    arabic = f"جسر جديد\n\n{P1}\n\n{P2}"
    english = "A new bridge\n\nThe governor opened a 600-metre bridge across the river today, linking both banks."
    for name, text, encoding in [("ar-le.txt", arabic, "utf-16-le"), ("ar-be.txt", arabic, "utf-16-be"),
                                 ("en-le.txt", english, "utf-16-le"), ("en-be.txt", english, "utf-16-be")]:
        (tmp_path / name).write_bytes(text.encode(encoding))
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "zeros.bin").write_bytes(bytes(4096))
    (tmp_path / "odd.bin").write_bytes(arabic.encode("utf-16-le")[:-1])
    items = list(read([str(tmp_path)]))
    assert {p.source_file: p.text for p in items if isinstance(p, RawPage)} == {
        "ar-be.txt": arabic, "ar-le.txt": arabic, "en-be.txt": english, "en-le.txt": english}
    assert {p.source.rsplit("/", 1)[1]: p.reason for p in items if isinstance(p, Problem)} == dict.fromkeys(
        ["blob.bin", "odd.bin", "zeros.bin"], "binary file (NUL bytes)")


def test_a_charset_named_by_the_server_is_used(tmp_path):
    page = f"<html><body><article><h1>جسر جديد</h1><p>{P1}</p><p>{P2}</p></article></body></html>"
    site = Site({"/old": ("text/html; charset=iso-8859-6", page.encode("iso-8859-6"))})
    try:
        (got,) = read([f"{site.url}/old"], Options())
    finally:
        site.close()
    assert got.html == page


def test_html_by_content_whatever_the_suffix(tmp_path, db):
    (tmp_path / "page.txt").write_text(HTML, encoding="utf-8")
    ingest([str(tmp_path / "page.txt")], db)
    (a,) = stored(db).values()
    assert a.title == "افتتاح جسر جديد على النهر"
    assert (a.outlet, a.url, a.published) == ("بوابة النهر", "https://river.example/bridge", "2025-04-02")
    assert "الرئيسية" not in a.text and P3 in a.text


def test_html_in_windows_1256_with_a_meta_charset(tmp_path, db):
    (tmp_path / "old.html").write_bytes(HTML.replace('charset="utf-8"', 'charset="windows-1256"').encode("cp1256"))
    ingest([str(tmp_path)], db)
    assert P2 in next(iter(stored(db).values())).text


def test_json_list_object_and_lines_with_configurable_fields(tmp_path, db):
    recs = [{"title": "جسر جديد", "content": P1, "url": "https://a.example/1", "source": "الضفة", "date": "2025-04-02"},
            {"title": "كلفة الجسر", "content": f"<p>{P3}</p><p>{P2}</p>", "source": {"name": "النهر"},
             "published_at": "2025-04-03T10:00:00Z"}]
    (tmp_path / "list.json").write_text(json.dumps(recs, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "obj.json").write_text(json.dumps({"status": "ok", "articles": [
        {"headline": "ازدحام المدينة", "body": P2}]}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text("\n".join(json.dumps(
        {"headline": h, "story": t, "site": "الوادي"}, ensure_ascii=False) for h, t in
        [("خبر أول", P1 + P2), ("خبر ثان", P3 + P1)]) + "\n", encoding="utf-8")
    r = ingest([str(tmp_path / "list.json"), str(tmp_path / "obj.json")], db)
    assert r.new == 3 and not r.problems
    r = ingest([str(tmp_path / "lines.jsonl")], db, fields={"text": "story"})
    assert r.new == 2 and not r.problems
    arts = stored(db)
    assert arts["جسر جديد"].outlet == "الضفة" and arts["جسر جديد"].published == "2025-04-02"
    assert arts["جسر جديد"].source_file is None and arts["جسر جديد"].source.endswith("list.json#0")
    assert arts["كلفة الجسر"].text == f"{P3}\n\n{P2}" and arts["كلفة الجسر"].outlet == "النهر"
    assert arts["كلفة الجسر"].published == "2025-04-03T10:00:00+00:00"
    assert arts["خبر ثان"].text == P3 + P1 and arts["خبر ثان"].outlet == "الوادي"


def test_records_without_text_are_reported_one_by_one(tmp_path, db):
    (tmp_path / "r.json").write_text(json.dumps([{"title": "خبر", "content": P1}, {"content": " "}, 7],
                                                ensure_ascii=False), encoding="utf-8")
    r = ingest([str(tmp_path)], db)
    assert r.new == 1
    assert [(p.source.rsplit("#", 1)[1], p.reason.split(" (")[0]) for p in r.problems] == [
        ("1", "record has no text"), ("2", "record is a JSON number, not an object")]


def test_rss_feed_from_a_file_and_from_a_url(tmp_path, db):
    (tmp_path / "feed.xml").write_text(RSS, encoding="utf-8")
    r = ingest([str(tmp_path / "feed.xml")], db)
    assert r.new == 2
    a = stored(db)["افتتاح جسر جديد"]
    assert (a.outlet, a.url, a.published[:10]) == ("إذاعة الضفة", "https://difa.example/1", "2025-04-02")
    assert a.text == f"{P1}\n\n{P2}"
    site = Site({"/rss": ("application/rss+xml", RSS.replace("إذاعة الضفة", "إذاعة النهر").encode()),
                 "/page": ("text/html; charset=utf-8", HTML.encode())})
    try:
        r = ingest([f"{site.url}/rss", f"{site.url}/page"], db)
    finally:
        site.close()
    assert r.problems == [] and r.known == 2 and r.new == 1  # same entries, seen again; one new page
    assert stored(db)["افتتاح جسر جديد على النهر"].url == "https://river.example/bridge"


def test_atom_feed(tmp_path, db):
    atom = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>مرصد الضفة</title>
    <entry><title>جسر جديد</title><link href="https://atom.example/1"/><updated>2025-04-02T08:00:00Z</updated>
    <content type="html">&lt;p&gt;{P1}&lt;/p&gt;</content></entry></feed>"""
    (tmp_path / "atom.xml").write_text(atom, encoding="utf-8")
    ingest([str(tmp_path)], db)
    (a,) = stored(db).values()
    assert (a.title, a.outlet, a.text, a.published[:10]) == ("جسر جديد", "مرصد الضفة", P1, "2025-04-02")


def test_zip_and_gzip_archives(tmp_path, db):
    with zipfile.ZipFile(tmp_path / "batch.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("day1/a.txt", f"عنوان أ\n{P1}\n{P2}")
        z.writestr("day1/b.json", json.dumps([{"title": "عنوان ب", "content": P3}], ensure_ascii=False))
        z.writestr("__MACOSX/._a.txt", b"\x00\x05\x16\x07")
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(
        json.dumps({"title": "عنوان ج", "content": P2 + P3}, ensure_ascii=False).encode()))
    r = ingest([str(tmp_path)], db)
    assert (r.new, r.problems) == (3, [])
    arts = stored(db)
    assert arts["عنوان أ"].source.endswith("batch.zip!day1/a.txt") and arts["عنوان أ"].source_file == "a.txt"


def test_manifest_and_batch_metadata(tmp_path, db):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "one.txt").write_text(f"{P1}\n{P2}", encoding="utf-8")
    (tmp_path / "news" / "two.txt").write_text(f"{P3}\n{P1}", encoding="utf-8")
    (tmp_path / "meta.csv").write_text("file,outlet,url,published,title\n"
                                       "news/one.txt,صحيفة الجسر,https://j.example/1,2025-04-02,افتتاح الجسر\n",
                                       encoding="utf-8")
    ingest([str(tmp_path / "news")], db, meta=tmp_path / "meta.csv", outlet="وكالة عامة", published="2025-04-05")
    arts = {a.source_file: a for a in stored(db).values()}
    one, two = arts["one.txt"], arts["two.txt"]
    assert (one.outlet, one.url, one.published, one.title) == ("صحيفة الجسر", "https://j.example/1", "2025-04-02",
                                                               "افتتاح الجسر")
    assert (two.outlet, two.published) == ("وكالة عامة", "2025-04-05")


def test_a_bad_manifest_or_date_is_refused_before_anything_is_read(tmp_path, db):
    from rasid.ingest import ManifestError

    (tmp_path / "m.csv").write_text("name,outlet\na.txt,x\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="'file' column"):
        ingest([str(tmp_path)], db, meta=tmp_path / "m.csv")
    (tmp_path / "m.csv").write_text("file,published\na.txt,yesterday-ish\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="line 2"):
        ingest([str(tmp_path)], db, meta=tmp_path / "m.csv")
    with pytest.raises(ValueError, match="cannot read the date"):
        ingest([str(tmp_path)], db, published="soon")
