"""The store and the commands over it: idempotence, search across spellings, show, export."""
import csv
import io
import json
import sqlite3

from rasid.pipeline import ingest
from rasid.store import Store

A = ("وصل وزير الخارجية سيرغي لافروف إلى العاصمة في زيارة رسمية تستمر يومين.\n"
     "وأكد لافروف أن المحادثات ستتناول ملفات التعاون الاقتصادي والأمني.")
B = ("قال الوزير سيرجى لافروف إن بلاده تدعم الحوار الإقليمي.\n"
     "وذكرت الوكالة أن لإفروف سيلتقي نظيره الأربعاء المقبل في العاصمة.")
C = ("أعلنت شركة الكهرباء الوطنية انقطاع التيار عن عدة أحياء بسبب أعمال الصيانة الدورية.\n"
     "وأوضحت الشركة أن الخدمة ستعود تدريجيا قبل نهاية اليوم.")


def fill(tmp_path, db):
    for name, text, title in [("a.txt", A, "زيارة رسمية"), ("b.txt", B, "دعم الحوار"), ("c.txt", C, "[عاجل] انقطاع الكهرباء")]:
        (tmp_path / name).write_text(f"{title}\n{text}", encoding="utf-8")
    return ingest([str(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt")], db, outlet="الوكالة",
                  published="2025-05-01")


def test_reingest_adds_nothing_and_copies_are_one_article_seen_twice(tmp_path, db):
    assert fill(tmp_path, db).new == 3
    r = fill(tmp_path, db)
    assert (r.new, r.known) == (0, 3)
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "a.txt").write_text("زيارة رسمية\n\n" + A.replace("\n", "\n\n") + "\n", encoding="utf-8")
    assert ingest([str(tmp_path / "copy")], db).known == 1
    with Store(db) as s:
        assert s.count() == 3 and s.count("sightings") == 4
        a = next(a for a in s.all_articles() if a.title == "زيارة رسمية")
        assert len(s.sightings(a.id)) == 2


def test_the_file_is_plain_sqlite_in_wal_mode_with_a_schema_version(tmp_path):
    db = str(tmp_path / "plain.db")
    fill(tmp_path, db)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] >= 1
    assert con.execute("SELECT count(*) FROM articles WHERE outlet = 'الوكالة'").fetchone()[0] == 3
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_search_finds_every_spelling_and_attached_particles(tmp_path, db, cli):
    fill(tmp_path, db)
    with Store(db) as s:
        for q in ("لافروف", "لإفروف", "لافروفُ", "لافـروف"):
            assert {h.article.title for h in s.search(q)} == {"زيارة رسمية", "دعم الحوار"}, q
        assert [h.article.title for h in s.search("سيرجي لافروف")] == ["دعم الحوار"]  # written سيرجى there
        (hit,) = s.search("الكهرباء")
        assert "«الكهرباء»" in hit.snippet
        assert s.search('"سيرغي لافروف"')[0].article.title == "زيارة رسمية"
        assert s.search("") == [] and s.search("كلمة_غير_موجودة") == []
    res = cli("search", "لافروف", "--db", db, "--json")
    assert res.exit_code == 0
    assert len([json.loads(line) for line in res.stdout.splitlines()]) == 2


def test_articles_show_problems_and_the_db_variable(tmp_path, db, cli):
    fill(tmp_path, db)
    res = cli("articles", "--db", db)
    assert res.exit_code == 0 and "[عاجل] انقطاع الكهرباء" in res.stdout
    res = cli("articles", env={"RASID_DB": db})
    assert "3 of 3 articles" in res.stdout
    with Store(db) as s:
        ident = next(a.id for a in s.all_articles() if a.title == "زيارة رسمية")
    res = cli("show", ident[:6], "--db", db)
    assert res.exit_code == 0 and "سيرغي لافروف" in res.stdout and "a.txt" in res.stdout
    shown = json.loads(cli("show", ident, "--db", db, "--json").stdout)
    assert shown["article"]["id"] == ident and shown["sightings"][0]["source"].endswith("a.txt")
    assert cli("show", "zzzz", "--db", db).exit_code == 2


def test_export_formats(tmp_path, db, cli):
    fill(tmp_path, db)
    (tmp_path / "d.txt").write_text("موعد الجلسة\nتعقد اللجنة جلستها غداً الساعة العاشرة صباحاً بتوقيت مكة المكرمة.",
                                    encoding="utf-8")
    ingest([str(tmp_path / "d.txt")], db, published="2025-05-01")
    out = tmp_path / "e.json"
    assert cli("export", "--format", "json", "-o", out, "--db", db).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    for key in ("articles", "entities", "dates", "claims", "claim_relations", "stories", "duplicates", "same_origin"):
        assert key in data
    art = data["articles"][0]
    assert set(art) >= {"id", "source_file", "url", "part", "title", "text", "published", "outlet", "language"}
    assert art["source_file"] == "a.txt" and art["part"] == 1 and art["published"] == "2025-05-01"
    assert {"text": "غداً الساعة العاشرة صباحاً بتوقيت مكة المكرمة", "value": "2025-05-02", "clock": "10:00+03:00"}.items() \
        <= next(d for d in data["dates"] if d["clock"]).items()  # the time of day is kept, with its zone
    lines = cli("export", "--format", "jsonl", "--db", db).stdout.splitlines()
    assert [json.loads(x)["title"] for x in lines] == ["زيارة رسمية", "دعم الحوار", "[عاجل] انقطاع الكهرباء", "موعد الجلسة"]
    out = cli("export", "--format", "csv", "--db", db).stdout
    assert out.startswith("\ufeff")  # a spreadsheet reads the Arabic as UTF-8 only with the mark
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert len(rows) == 4 and rows[1]["text"] == B.replace("\n", "\n\n")
    assert cli("export", "--format", "xml", "--db", db).exit_code == 2


def test_a_store_of_an_earlier_version_is_migrated_and_nothing_is_ingested_twice(tmp_path):
    """A version-4 store (contentless search index, ids folded the old way) opens as the current schema:
    the index is rebuilt where Datasette finds it, ids follow today's folding, and re-ingesting the same
    files finds every article known."""
    from rasid.store.schema import MIGRATIONS
    from rasid.text.clean import content_id
    from rasid.text.normalize import fold

    pages = {"a.txt": ("خبر أول", A + " … وتابع"), "b.txt": ("خبر ثان", B), "c.txt": ("خبر ثالث", C)}
    for name, (title, text) in pages.items():
        (tmp_path / name).write_text(f"{title}\n{text}", encoding="utf-8")
    db = tmp_path / "v4.db"
    con = sqlite3.connect(db)
    for step in MIGRATIONS[:4]:
        con.executescript(step)
    for n, (name, (title, text)) in enumerate(pages.items(), start=1):
        old_id = content_id(title, text.replace("…", "\u2026\u200b")) if "…" in text else content_id(title, text)
        con.execute("INSERT INTO articles (rowid, id, title, text, source, source_file, ingested, analyzed, related)"
                    " VALUES (?, ?, ?, ?, ?, ?, '2025-01-01', 1, 1)",
                    (n, old_id, title, text, str((tmp_path / name).resolve()), name))
        con.execute("INSERT INTO sightings VALUES (?, 1, ?, NULL, NULL, NULL, '2025-01-01')",
                    (str((tmp_path / name).resolve()), old_id))
        con.execute("INSERT INTO article_search (rowid, title, text) VALUES (?, ?, ?)", (n, fold(title), fold(text)))
    con.execute("PRAGMA user_version = 4")
    con.commit()
    con.close()
    with Store(db) as s:
        assert s.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert {a.id for a in s.all_articles()} == {content_id(t, x) for t, x in pages.values()}
        assert s.count("sightings") == 3 and s.count_pending(1) == 3  # analysis is redone on the new ids
        assert [h.article.title for h in s.search("الكهرباء")] == ["خبر ثالث"]
    r = ingest([str(tmp_path / n) for n in pages], db)
    assert (r.new, r.known) == (0, 3)


def test_a_postgresql_store_is_plain_tables_and_an_older_one_gains_what_later_migrations_added(tmp_path, new_store):
    """The PostgreSQL store is the SQLite schema in PostgreSQL's types, readable with plain SQL; a store
    made before a migration (here: without the `clock` of dates, at an older version) gets it on opening."""
    db = new_store(tmp_path, "plain")
    if not db.startswith("postgresql://"):
        return  # the SQLite half is the test above
    import psycopg

    from rasid.store.schema import MIGRATIONS

    fill(tmp_path, db)
    with psycopg.connect(db, autocommit=True) as con:
        assert con.execute("SELECT count(*) FROM articles WHERE outlet = 'الوكالة'").fetchone()[0] == 3
        assert con.execute("SELECT version FROM rasid_schema").fetchone()[0] == len(MIGRATIONS)
        con.execute('ALTER TABLE dates DROP COLUMN clock')
        con.execute("UPDATE rasid_schema SET version = 11")
    with Store(db) as s:
        assert "clock" in s.columns("dates") and s.count() == 3
        assert [h.article.title for h in s.search("الكهرباء")] == ["[عاجل] انقطاع الكهرباء"]


def test_a_writer_that_waits_past_the_lock_wait_gets_a_clear_error_and_the_store_is_unharmed(tmp_path, db, monkeypatch):
    """Another writer holds the write lock (SQLite's, or PostgreSQL's advisory lock) beyond
    RASID_LOCK_WAIT: the second gets a StoreError saying so, and both stores stay usable."""
    import pytest

    from rasid.store import StoreError

    fill(tmp_path, db)
    monkeypatch.setenv("RASID_LOCK_WAIT", "0.5")
    with Store(db) as first, Store(db) as second:
        with first.transaction():
            first.add_problems([])
            with pytest.raises(StoreError, match="stayed locked by another writer"):
                with second.transaction():
                    pass
        with second.transaction():  # the lock is free again
            second.add_problems([])
        assert second.count() == 3


def test_a_postgresql_password_is_never_printed(cli):
    from rasid.store import shown

    assert shown("postgresql://news:s3cret@db.internal/rasid") == "postgresql://news:***@db.internal/rasid"
    res = cli("stories", "--db", "postgresql://news:s3cret@/rasid?host=/nonexistent&port=1")
    assert res.exit_code == 2 and "cannot connect" in res.stderr and "s3cret" not in res.output
