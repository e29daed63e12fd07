"""What a newcomer meets at the command line: versions, stores that are not there, values that mean
nothing, counts that tell the whole, every table exported, and the SQLite file open in other tools."""
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ingest_demo, store_exists

from rasid import __version__
from rasid.store import Store


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, new_store):
    tmp = tmp_path_factory.mktemp("cli")
    return ingest_demo(tmp, new_store(tmp, "demo"))


def test_version_and_python_dash_m(cli):
    assert cli("--version").stdout.strip() == f"rasid {__version__}"
    res = subprocess.run([sys.executable, "-m", "rasid", "--version"], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == f"rasid {__version__}"
    res = subprocess.run([sys.executable, "-m", "rasid", "--help"], capture_output=True, text=True, check=True)
    assert "ingest" in res.stdout and "stories" in res.stdout


@pytest.mark.parametrize("command", [["stories"], ["articles"], ["entities"], ["claims"], ["search", "كلمة"],
                                     ["story", "s1"], ["export", "--format", "json"], ["problems"], ["relate"],
                                     ["analyze"], ["serve"]])
def test_a_mistyped_store_is_an_error_not_an_empty_store(cli, tmp_path, command, new_store):
    missing = new_store(tmp_path, "typo")
    res = cli(*command, "--db", missing)
    assert res.exit_code == 2 and "no store at" in res.stderr and str(missing) in res.stderr
    assert not store_exists(missing)


def test_a_store_in_a_missing_folder_is_refused_and_a_new_one_announced(cli, tmp_path, new_store):
    page = tmp_path / "a.txt"
    page.write_text("عنوان الخبر\nأعلنت الوزارة اليوم افتتاح مدرسة جديدة في المدينة تتسع لألف طالب.", encoding="utf-8")
    res = cli("ingest", page, "--db", tmp_path / "no" / "such" / "folder" / "s.db")
    assert res.exit_code == 2 and "does not exist" in res.stderr and "Traceback" not in res.output
    new = new_store(tmp_path, "new")
    res = cli("ingest", page, "--db", new)
    assert res.exit_code == 0 and "created the store" in res.stderr
    again = cli("ingest", page, "--db", new)
    assert again.exit_code == 0 and "created" not in again.stderr


@pytest.mark.parametrize("args, says", [
    (["entities", "--type", "PERSON"], "PERSON"),
    (["articles", "--since", "yesterday"], "yesterday"),
    (["stories", "--until", "2025-13-45"], "2025-13-45"),
    (["claims", "--unit", "\u200f"], "unit"),
    (["stories", "--entity", "لا يوجد أحد بهذا الاسم"], "no entity named"),
    (["articles", "--limit", "0"], "--limit"),
    (["export", "--format", "csv", "--table", "nope"], "no table"),
    (["export", "--format", "json", "--table", "articles"], "--table"),
    (["timeline", "--story", "nope"], "no story"),
])
def test_values_that_mean_nothing_are_refused_with_exit_2(cli, demo_db, args, says):
    res = cli(*args, "--db", demo_db)
    assert res.exit_code == 2, res.output
    assert says in res.output and "Traceback" not in res.output


def test_a_type_in_lower_case_is_understood(cli, demo_db):
    rows = [json.loads(x) for x in cli("entities", "--type", "per", "--json", "--db", demo_db).stdout.splitlines()]
    assert rows and {r["type"] for r in rows} == {"PER"}


def test_lists_say_how_many_of_how_many(cli, demo_db):
    with Store(demo_db) as s:
        total = s.count_entities()
    assert total > 5
    assert f"5 of {total} entities" in cli("entities", "--limit", "5", "--db", demo_db).stdout
    assert "2 of 15 articles" in cli("articles", "--limit", "2", "--db", demo_db).stdout
    assert "of 3 stories" in cli("stories", "--min-articles", "2", "--db", demo_db).stdout


def test_skipped_inputs_are_listed_before_the_summary(cli, tmp_path, new_store):
    (tmp_path / "good.txt").write_text("عنوان\nأعلنت البلدية اليوم تشغيل خط جديد للحافلات يربط الأحياء الشرقية.",
                                       encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    res = cli("ingest", tmp_path / "good.txt", tmp_path / "empty.txt", "--db", new_store(tmp_path, "s"))
    assert res.exit_code == 1
    assert res.output.index("empty file") < res.output.index("new articles")


def test_export_writes_every_table_as_csv_with_a_byte_order_mark(cli, demo_db, tmp_path):
    with Store(demo_db) as s:
        tables = s.tables()
        counts = {t: s.db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    assert {"articles", "entities", "mentions", "claims", "stories", "story_articles", "claim_groups"} <= set(tables)
    assert not any(t.startswith("articles_fts") for t in tables)
    for table in tables:
        out = tmp_path / f"{table}.csv"
        res = cli("export", "--format", "csv", "--table", table, "-o", out, "--db", demo_db)
        assert res.exit_code == 0, res.output
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), table  # a spreadsheet reads the Arabic as UTF-8
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(rows) == counts[table], table
    entities = list(csv.DictReader(io.StringIO((tmp_path / "entities.csv").read_text(encoding="utf-8-sig"))))
    assert any(r["name"] == "أربيل" for r in entities)
    lines = cli("export", "--format", "jsonl", "--table", "claims", "--db", demo_db).stdout.splitlines()
    assert len(lines) == counts["claims"] and "q_text" in json.loads(lines[0])


def test_the_store_is_searchable_from_sqlite_utils_and_datasette(demo_db):
    """The SQLite file is a product: other tools find the full-text index and use it."""
    import asyncio

    if demo_db.startswith("postgresql://"):
        pytest.skip("the SQLite file only: PostgreSQL is read by psql and its own tools")
    import sqlite_utils
    from datasette.app import Datasette

    db = sqlite_utils.Database(demo_db)
    assert db["articles"].detect_fts() == "articles_fts"
    titles = [r["title"] for r in db["articles"].search("اربيل")]  # the index holds the folded text
    assert titles and all(t for t in titles)

    async def query():
        ds = Datasette([str(demo_db)], settings={"num_sql_threads": 1})
        r = await ds.client.get(f"/{Path(demo_db).stem}/articles.json?_search=اربيل&_shape=array")
        return r.status_code, r.json()

    status, rows = asyncio.run(query())
    assert status == 200 and {r["title"] for r in rows} == set(titles)


def test_search_from_the_command_line_finds_neighbours_by_meaning_too(cli, demo_db):
    res = cli("search", "فيضانات وسيول في اليمن", "--semantic", "--json", "--db", demo_db)
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    close = [r for r in rows if r.get("semantic")]
    assert close and any("حضرموت" in (r["title"] or "") or "سيول" in (r["title"] or "") for r in close[:3])


def test_claims_and_extract_print_one_shape_of_a_claim(cli, demo_db):
    stored = [json.loads(x) for x in cli("claims", "--json", "--limit", "5", "--db", demo_db).stdout.splitlines()]
    text = "قال المتحدث باسم الجيش إن 300 جندي وصلوا إلى المدينة أمس."
    found = [json.loads(x) for x in cli("extract", text, "--json").stdout.splitlines()]
    assert stored and found
    shape = set(found[0])
    assert shape <= set(stored[0])  # a stored claim adds where it was read: outlet and dates
    assert set(found[0]["quantity"]) == set(stored[0]["quantity"])
    for c in stored:  # the actor keeps its offsets into the article's text
        if c["actor"]:
            assert set(c["actor"]) == {"text", "start", "end", "entity"} and c["actor"]["end"] > c["actor"]["start"]


def test_a_brief_in_english(cli, demo_db):
    sid = json.loads(cli("stories", "--min-articles", "2", "--json", "--db", demo_db).stdout.splitlines()[0])["id"]
    md = cli("story", sid, "--lang", "en", "--db", demo_db).stdout
    assert "## What happened" in md and "## Sources" in md and " articles · " in md


def test_claims_by_how_outlets_compare_on_them(cli, demo_db):
    differ = [json.loads(x) for x in cli("claims", "--kind", "differ", "--json", "--db", demo_db).stdout.splitlines()]
    every = [json.loads(x) for x in cli("claims", "--json", "--limit", "500", "--db", demo_db).stdout.splitlines()]
    assert differ and len(differ) < len(every)
    assert any("مليار دولار" in c["quantity"]["text"] for c in differ)  # the Faw port's cost, given two ways
    bad = cli("claims", "--kind", "disagree", "--db", demo_db)
    assert bad.exit_code != 0 and "differ" in bad.output + bad.stderr


def test_extract_reads_a_long_sentence_a_file_or_standard_input(cli, tmp_path):
    """A sentence longer than a file name may be is text, not an error; - reads standard input."""
    text = ("أعلنت وزارة الصحة في بيان صدر عنها أن عدد المصابين في الحادث الذي وقع في المنطقة الصناعية ارتفع إلى "
            "150 مصاباً، وأن فرق الإسعاف نقلت الحالات الحرجة إلى المستشفيات القريبة في المحافظة.")
    assert len(text.encode()) > 255
    said = [json.loads(x) for x in cli("extract", text, "--what", "quantities", "--json").stdout.splitlines()]
    assert [q["low"] for q in said] == [150]
    f = tmp_path / "lead.txt"
    f.write_text(text, encoding="utf-8")
    assert [json.loads(x)["low"] for x in cli("extract", str(f), "--what", "quantities", "--json").stdout.splitlines()] == [150]
    piped = cli("extract", "-", "--what", "quantities", "--json", input=text)
    assert [json.loads(x)["low"] for x in piped.stdout.splitlines()] == [150]
    ranks = cli("extract", "حلّ الفريق ثالثاً في الجولة الخامسة", "--what", "ordinals").stdout
    assert "rank" in ranks and "ثالثاً" in ranks and "الخامسة" in ranks and "2 ordinals" in ranks
