"""Inputs archives come in (WARC, Parquet) and `rasid batch`, which analyses an archive apart from the
store, locally or on Ray Data, and loads it into the store that `rasid ingest` of the same inputs makes."""
import gzip
import json
import zipfile

import pytest
from conftest import shared_path

from rasid.pipeline import ingest
from rasid.store import Store

PAGE = ("<html><head><meta charset='{charset}'><title>{title}</title></head><body><article><h1>{title}</h1>"
        "<p>{text}</p></article></body></html>")
NEWS = [("افتتاح مستشفى جديد في الطائف", "افتتح وزير الصحة اليوم مستشفى جديدا في محافظة الطائف بسعة 300 سرير،"
         " وقال إن المستشفى سيخدم أكثر من نصف مليون نسمة في المحافظة والمراكز التابعة لها خلال العام المقبل."),
        ("أمطار غزيرة على منطقة عسير", "شهدت منطقة عسير أمطارا غزيرة مساء أمس أدت إلى جريان السيول في عدد من"
         " الأودية، ودعا الدفاع المدني السكان إلى الابتعاد عن مجاري السيول حتى انتهاء الحالة المطرية.")]


def warc_record(uri: str, body: bytes, content_type: str, status: str = "200 OK", kind: str = "response",
                date: str = "2015-07-21T10:00:00Z") -> bytes:
    http = (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    block = http if kind == "response" else f"GET {uri} HTTP/1.1\r\nHost: example.org\r\n\r\n".encode()
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: {date}\r\nWARC-Record-ID: <urn:uuid:{abs(hash(uri + kind))}>\r\n"
            f"WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype={kind}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"


def a_crawl() -> bytes:
    """A crawl as a crawler writes it: requests, two article pages (one in Windows-1256), an image, a 404."""
    first = PAGE.format(charset="utf-8", title=NEWS[0][0], text=NEWS[0][1]).encode("utf-8")
    second = PAGE.format(charset="windows-1256", title=NEWS[1][0], text=NEWS[1][1]).encode("cp1256")
    records = [warc_record("https://news.example/a", b"", "", kind="request"),
               warc_record("https://news.example/a", first, "text/html; charset=utf-8"),
               warc_record("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"),
               warc_record("https://news.example/gone", b"<html>not found</html>", "text/html", status="404 Not Found"),
               warc_record("https://news.example/b", second, "text/html; charset=windows-1256",
                           date="2015-07-22T08:30:00Z")]
    return b"".join(gzip.compress(r) for r in records)  # a gzip member per record, as .warc.gz files are


def test_a_warc_crawl_gives_its_article_pages_with_their_address_and_fetch_date(tmp_path, db):
    (tmp_path / "crawl.warc.gz").write_bytes(a_crawl())
    report = ingest([str(tmp_path / "crawl.warc.gz")], db)
    assert (report.pages, report.new, report.problems) == (2, 2, [])
    with Store(db) as s:
        got = {a.title: a for a in s.all_articles()}
    assert set(got) == {t for t, _ in NEWS}
    a, b = got[NEWS[0][0]], got[NEWS[1][0]]
    assert a.url == "https://news.example/a" and a.fetched.startswith("2015-07-21")
    assert b.url == "https://news.example/b" and "السيول" in b.text  # decoded from Windows-1256
    assert a.source.endswith("crawl.warc.gz!https://news.example/a")


def test_a_cut_warc_keeps_the_records_before_the_cut_and_says_where(tmp_path):
    data = a_crawl()
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) - 120])
    report = ingest([str(tmp_path / "cut.warc.gz")], tmp_path / "s.db")
    assert report.new >= 1
    with Store(tmp_path / "s.db") as s:
        assert NEWS[0][0] in {a.title for a in s.all_articles()}


def test_parquet_rows_are_records(tmp_path, db):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = [{"title": t, "content": x, "date": "2015-07-2" + str(i + 1), "url": f"https://n.example/{i}"}
            for i, (t, x) in enumerate(NEWS)] + [{"title": "", "content": "", "date": "", "url": ""}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "dump.parquet", row_group_size=1)
    report = ingest([str(tmp_path / "dump.parquet")], db)
    assert report.new == 2 and [p.source.rsplit("#", 1)[1] for p in report.problems] == ["2"]
    with Store(db) as s:
        assert sorted(a.published for a in s.all_articles()) == ["2015-07-21", "2015-07-22"]
    from rasid.ingest.archives import read_parquet
    from rasid.ingest.files import Options

    with (tmp_path / "dump.parquet").open("rb") as f:  # read a row at a time, rows keep their numbers
        assert [p.source for p in read_parquet(f, "dump.parquet", Options(), batch_rows=1)] == [
            "dump.parquet#0", "dump.parquet#1", "dump.parquet#2"]


def rows_of(db: str) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, but for when they were written; an article's rowid as its place in
    storage order (PostgreSQL's counter moves on a refused insert too)."""
    with Store(db) as s:
        out = {}
        for table in s.tables():
            cols, found = s.table_rows(table)
            keep = [i for i, c in enumerate(cols) if c not in ("ingested", "rowid")]
            rows = [tuple(r[i] for i in keep) for r in found]  # storage order
            out[table] = list(enumerate(rows)) if table == "articles" else sorted(rows)
        return out


def same_store(a: str, b: str) -> None:
    x, y = rows_of(a), rows_of(b)
    assert list(x) == list(y)
    for table in x:
        assert x[table] == y[table], table


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    """2,000 SaudiNewsNet articles of the first days in four JSON Lines shards, and the store the local
    engine makes of them."""
    zips = sorted(shared_path("data", "news", "saudinewsnet").glob("*.zip"))
    with zipfile.ZipFile(zips[0]) as zf:
        records = [r for name in sorted(zf.namelist()) for r in json.loads(zf.read(name))
                   if r["content"].strip()][:2000]
    folder = tmp_path_factory.mktemp("shards")
    for k in range(4):
        with (folder / f"part{k}.jsonl").open("w", encoding="utf-8") as f:
            for r in records[k * 500:(k + 1) * 500]:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    from rasid.batch import analyse, load

    out = folder / "analyses"
    analyse([str(folder / "part0.jsonl")], out, workers=2)  # a first run that stopped after one shard
    first = (out / "part-000000.parquet").stat().st_mtime_ns
    analyse([str(folder / f"part{k}.jsonl") for k in range(4)], out, workers=2)  # resumed, with more shards
    assert (out / "part-000000.parquet").stat().st_mtime_ns == first and len(list(out.glob("*.parquet"))) == 4
    report = load(out, folder / "local.db")
    assert report.new + report.known == 2000 and report.new > 1800  # copies are one article seen twice
    return folder, str(folder / "local.db"), report.new


def test_the_ray_engine_makes_the_store_the_local_engine_makes(shards, cli, tmp_path):
    """(On SQLite: the stores' equality on PostgreSQL is `rasid migrate`'s test.)"""
    pytest.importorskip("ray")
    folder, local, n = shards
    db = str(tmp_path / "ray.db")
    res = cli("batch", *(folder / f"part{k}.jsonl" for k in range(4)), "--out", tmp_path / "analyses",
              "--engine", "ray", "--workers", "2", "--db", db)
    assert res.exit_code == 0, res.output
    assert f"{n} new articles" in res.stdout and f"{n} placed" in res.stdout
    same_store(local, db)
    again = cli("batch", "--out", tmp_path / "analyses", "--no-analyse", "--db", db)
    assert again.exit_code == 0 and "0 new articles" in again.stdout and "0 analysed" in again.stdout  # adds nothing
    rerun = cli("batch", folder / "part0.jsonl", "--out", tmp_path / "analyses", "--engine", "ray", "--db", db)
    assert rerun.exit_code == 2 and "holds the analyses of other shards" in rerun.stderr


def test_the_local_engine_resumes_by_shard_and_refuses_a_folder_of_other_shards(shards, cli, tmp_path):
    folder, local, n = shards  # the fixture resumed a run of one shard: its analyses were not redone
    res = cli("batch", folder / "part1.jsonl", "--out", folder / "analyses", "--no-load")
    assert res.exit_code == 2 and "holds the analyses of other shards" in res.stderr
    with Store(local) as s:
        assert s.count() == n == len({a.id for a in s.all_articles()}) and s.count_pending(1) == 0


def test_a_batch_store_is_the_ingest_store_but_for_rounding(shards, tmp_path):
    """Ingest analyses its whole batch in groups of 16, the engines each shard: the same articles,
    sightings and stories' sizes, and all but a handful of mentions the same."""
    folder, local, n = shards
    single = tmp_path / "ingest.db"
    ingest([str(folder / f"part{k}.jsonl") for k in range(4)], single, workers=2)
    x, y = rows_of(local), rows_of(str(single))
    assert x["articles"] == y["articles"] and x["sightings"] == y["sightings"]
    same = len(set(x["mentions"]) & set(y["mentions"]))
    assert same >= 0.995 * len(y["mentions"]), (same, len(y["mentions"]))
    assert abs(len(x["stories"]) - len(y["stories"])) <= 0.01 * len(y["stories"])
