"""Several writers at once: none crashes, nothing is lost or stored twice, and the web app's writes
touch only what they were given, each in a process of its own with a deadline."""
import json
import subprocess
import sys
import time

import pytest
from conftest import indexed, integrity

from rasid.pipeline import ingest
from rasid.store import Store
from rasid.web.worker import JobTimeout, Worker

TOWNS = "الرياض جدة الدمام مكة المدينة تبوك أبها حائل جازان نجران".split()


def batch(path, name: str, n: int, start: int = 0) -> None:
    """`n` short distinct news items, one JSON record per line."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(start, start + n):
            town = TOWNS[i % len(TOWNS)]
            text = (f"أعلنت أمانة {town} اليوم افتتاح المشروع رقم {i} ضمن خطة تطوير الأحياء، وقال المتحدث باسم "
                    f"الأمانة إن كلفة المشروع بلغت {100 + i} مليون ريال وإن العمل فيه استغرق {i % 12 + 2} شهرا.")
            f.write(json.dumps({"title": f"{name}: مشروع {i} في {town}", "content": text}, ensure_ascii=False) + "\n")


def start(db, *inputs):
    return subprocess.Popen([sys.executable, "-m", "rasid", "ingest", *map(str, inputs), "--db", str(db),
                             "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def counts(db):
    """Rows of the tables that must not lose or double anything, and the database's own check."""
    with Store(db) as s:
        def one(sql):
            return s.db.execute(sql).fetchone()[0]

        return {"articles": s.count(), "indexed": indexed(s), "story_articles": one("SELECT count(*) FROM story_articles"),
                "pending": one("SELECT count(*) FROM articles WHERE analyzed = 0 OR related = 0"),
                "titles": one("SELECT count(DISTINCT title) FROM articles"),
                "entities": one("SELECT count(*) - count(DISTINCT type || name) FROM entities"),  # none twice
                "integrity": integrity(s)}


@pytest.mark.parametrize("attempt", range(3))
def test_four_ingests_at_once_on_a_new_store_all_finish_with_nothing_lost_or_doubled(tmp_path, attempt, new_store):
    files = []
    for k in range(4):  # each shares half its items with the next
        files.append(tmp_path / f"b{k}.jsonl")
        batch(files[-1], "خبر", 40, start=20 * k)
    db = new_store(tmp_path, "new")
    procs = [start(db, f) for f in files]
    results = [p.communicate(timeout=600) for p in procs]
    for p, (_, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err and "locked" not in err
    c = counts(db)
    distinct = 20 * 3 + 40
    assert c == {"articles": distinct, "indexed": distinct, "story_articles": distinct, "pending": 0,
                 "titles": distinct, "entities": 0, "integrity": "ok"}


def test_a_second_writer_waits_for_a_busy_store(tmp_path, new_store):
    big, small = tmp_path / "big.jsonl", tmp_path / "small.jsonl"
    batch(big, "كبير", 400)
    batch(small, "صغير", 10)
    db = new_store(tmp_path, "busy")
    ingest([str(small)], db)  # the store exists; the first writer then keeps it busy
    first = start(db, big)
    time.sleep(1.5)
    second = start(db, small, tmp_path / "other.jsonl")
    batch(tmp_path / "other.jsonl", "آخر", 5)
    for p in (first, second):
        out, err = p.communicate(timeout=600)
        assert p.returncode in (0, 1), err  # 1: other.jsonl may not have existed yet when it was listed
        assert "locked" not in err and "Traceback" not in err
    assert counts(db)["pending"] == 0


def test_a_posted_article_is_analysed_alone_not_with_the_stores_backlog(tmp_path, new_store):
    from fastapi.testclient import TestClient

    from rasid.web import create_app

    waiting = tmp_path / "waiting.jsonl"
    batch(waiting, "معلق", 30)
    db = new_store(tmp_path, "backlog")
    ingest([str(waiting)], db, analyze=False)
    client = TestClient(create_app(db, token="t"))
    body = {"title": "زيارة رسمية", "text": "وصل وزير الخارجية إلى بغداد اليوم في زيارة رسمية تستمر يومين يبحث"
            " خلالها ملفات التعاون الاقتصادي مع المسؤولين.", "published": "2025-05-01"}
    r = client.post("/api/articles", json=body, headers={"Authorization": "Bearer t"})
    assert r.status_code == 201, r.text
    (aid,) = r.json()["articles"]
    with Store(db) as s:
        assert s.count_pending(1) == 30  # the backlog waits for `rasid analyze`
        assert s.story_of(aid) is not None and s.mentions_in(aid)


def test_a_write_past_its_deadline_is_stopped_and_the_next_one_runs():
    worker = Worker(timeout=1.0)
    try:
        t0 = time.monotonic()
        with pytest.raises(JobTimeout):
            worker.run(time.sleep, 30)
        assert time.monotonic() - t0 < 10
        assert worker.run(sum, [1, 2, 3]) == 6  # a fresh process took over
        with pytest.raises(ZeroDivisionError):
            worker.run(divmod, 1, 0)  # a failing job reports its error; the process lives on
        assert worker.run(max, 4, 9) == 9
    finally:
        worker.close()


def test_the_pages_answer_while_a_write_is_stuck(tmp_path, new_store):
    """A posted article is handled in the worker process: while it runs (here: until its deadline), the
    server's own process keeps answering."""
    import threading

    from fastapi.testclient import TestClient

    from rasid.web import create_app

    db = new_store(tmp_path, "s")
    small = tmp_path / "s.jsonl"
    batch(small, "خبر", 5)
    ingest([str(small)], db)
    client = TestClient(create_app(db, token="t", write_timeout=3.0))
    statuses = []

    def post():
        statuses.append(client.post("/api/articles", json={"text": "ا " * 200_000},
                                    headers={"Authorization": "Bearer t"}).status_code)

    writer = threading.Thread(target=post)
    writer.start()
    time.sleep(0.3)
    t0 = time.monotonic()
    assert client.get("/api/stories").status_code == 200
    assert time.monotonic() - t0 < 2.5  # not held up by the write
    writer.join(60)
    assert statuses and statuses[0] in (201, 422, 503)
