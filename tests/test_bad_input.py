"""Every bad input is reported with its path and reason, and the rest of the batch is stored."""
import socket
import zipfile

from rasid.pipeline import ingest
from rasid.store import Store
from webserver import Site

GOOD = "عقدت اللجنة الوطنية للانتخابات اجتماعها الدوري اليوم لمناقشة الاستعدادات للاقتراع المقبل.\n" \
       "وقال رئيس اللجنة إن التحضيرات تسير وفق الجدول الزمني المعلن في وقت سابق."


def reasons(report):
    return {p.source.rsplit("/", 1)[-1]: p.reason for p in report.problems}


def test_every_bad_file_is_skipped_with_a_reason_and_the_good_ones_are_stored(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (d / "blob.bin").write_bytes(bytes(range(256)) * 8)
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_bytes(b"  \n\n \t")
    with open(d / "huge.txt", "wb") as f:  # 200 MB, sparse: the size alone must stop it
        f.truncate(200 * 1024 * 1024)
    (d / "broken.html").write_text("<html><head><title>x</title></head><body><div><p></div></span></body",
                                   encoding="utf-8")
    (d / "garbled.txt").write_bytes((GOOD * 3).encode() + b"\xff\xfe\xfd\xfc" + (GOOD * 3).encode())
    (d / "bad.json").write_text('[{"title": "x", "content": ', encoding="utf-8")
    db = tmp_path / "store.db"
    r = ingest([str(d), str(tmp_path / "missing.txt")], db)
    got = reasons(r)
    assert r.new == 1
    assert got["image.txt"] == "binary file (a PNG image)"
    assert got["blob.bin"] == "binary file (NUL bytes)"
    assert got["empty.txt"] == got["blank.txt"] == "empty file"
    assert got["huge.txt"].startswith("file is 200.0 MB, over the 100 MB limit")
    assert got["broken.html"] == "no article text found"
    assert got["garbled.txt"].startswith(f"invalid UTF-8 at byte {len((GOOD * 3).encode())}")
    assert got["bad.json"] == "not valid JSON or JSON Lines"
    assert got["missing.txt"] == "no such file or directory"
    with Store(db) as s:  # problems are kept in the store too, for `rasid problems`
        assert s.count() == 1 and s.count("problems") == len(got) == 9


def test_an_unreadable_zip_member_is_skipped_and_the_others_kept(tmp_path):
    z = tmp_path / "batch.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a.txt", GOOD)
        zf.writestr("b.txt", "عنوان\n" + GOOD.replace("اليوم", "أمس"))
    data = bytearray(z.read_bytes())
    i = data.index("أمس".encode())
    data[i:i + 2] = b"XX"  # corrupt the second member: its CRC no longer matches
    z.write_bytes(bytes(data))
    r = ingest([str(z)], tmp_path / "s.db")
    assert r.new == 1
    (p,) = r.problems
    assert p.source.endswith("batch.zip!b.txt") and "Bad CRC-32" in p.reason


def test_a_truncated_zip_is_reported(tmp_path):
    z = tmp_path / "cut.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("a.txt", GOOD * 50)
    z.write_bytes(z.read_bytes()[:100])
    r = ingest([str(z)], tmp_path / "s.db")
    assert r.new == 0 and r.problems[0].reason.startswith("broken zip archive")


def test_urls_that_do_not_answer(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/feed"
    site = Site({}, hang=3)
    try:
        r = ingest([closed, f"{site.url}/hang", f"{site.url}/missing"], tmp_path / "s.db", timeout=0.5)
    finally:
        site.close()
    got = {p.source.rsplit("/", 1)[-1]: p.reason for p in r.problems}
    assert "refused" in got["feed"].lower()
    assert "timed out" in got["hang"].lower()
    assert got["missing"] == "could not fetch: HTTP 404 Not Found"


def test_exit_status_says_something_was_skipped(tmp_path, cli):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    db = tmp_path / "store.db"
    res = cli("ingest", tmp_path / "good.txt", tmp_path / "empty.txt", "--db", db)
    assert res.exit_code == 1
    assert "empty.txt" in res.stderr and "empty file" in res.stderr
    assert cli("ingest", tmp_path / "good.txt", "--db", db).exit_code == 0
