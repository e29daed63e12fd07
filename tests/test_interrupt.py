"""Ctrl-C or a kill in the middle of a batch leaves the store consistent; rerunning completes it."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from conftest import indexed, integrity

from rasid.store import Store, StoreError

N = 3000
WORDS = "المدينة الوزارة المشروع الطريق الجسر الميناء المدرسة المستشفى السوق الحديقة".split()


def make_batch(path):
    with path.open("w", encoding="utf-8") as f:
        for i in range(N):
            text = " ".join(WORDS[(i * k) % len(WORDS)] for k in range(1, 40)) + f" رقم {i}."
            f.write(json.dumps({"title": f"خبر {i}", "content": text}, ensure_ascii=False) + "\n")


def count(db):
    try:
        with Store(db, create=False) as s:
            return s.count()
    except (StoreError, sqlite3.OperationalError):
        return 0


def _as_from_a_terminal() -> None:
    """Ctrl-C as a terminal's user gives it: a suite started in the background (`cmd &` in a script) runs with
    SIGINT ignored, and a child inherits that, so it would never see the signal the test sends."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(batch, db, workers=1):
    return subprocess.Popen([sys.executable, "-m", "rasid.cli", "ingest", str(batch), "--db", str(db),
                             "--workers", str(workers)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=_as_from_a_terminal)


def stop_midway(proc, db, sig, already=0):
    """Signal the ingest once it has committed something beyond `already` articles."""
    deadline = time.time() + 60
    while count(db) <= already and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the batch finished before it could be interrupted"
    os.killpg(proc.pid, sig)  # as a terminal's Ctrl-C does: the whole process group, workers included
    out, err = proc.communicate(timeout=60)
    return proc.returncode, err


def check_consistent(db):
    with Store(db) as s:
        assert integrity(s) == "ok"
        arts, sights = s.count(), s.count("sightings")
        assert arts == sights == indexed(s)  # every stored article is seen and searchable, none half-written
        assert s.db.execute("SELECT count(*) FROM (SELECT title FROM articles GROUP BY title HAVING count(*) > 1) t"
                            ).fetchone()[0] == 0
    return arts


def test_kill_and_ctrl_c_mid_batch_then_rerun_completes_without_duplicates(tmp_path, new_store):
    batch, db = tmp_path / "batch.jsonl", new_store(tmp_path, "s")
    make_batch(batch)

    code, err = stop_midway(start(batch, db, workers=2), db, signal.SIGINT)
    assert code == 130 and "interrupted" in err and "Traceback" not in err
    after_int = check_consistent(db)
    assert 0 < after_int < N

    code, _ = stop_midway(start(batch, db), db, signal.SIGKILL, already=after_int)
    assert code == -signal.SIGKILL
    assert after_int < check_consistent(db) < N

    done = start(batch, db)
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert check_consistent(db) == N
