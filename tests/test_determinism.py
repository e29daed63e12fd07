"""The same input gives the same store: whatever the interpreter's hash seed, and whenever a run is
killed (between batches or in the middle of one) and then run again to the end."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile

import pytest
from conftest import shared_path

ARTICLES = 360

RUN = r"""
import os, sys
from rasid.pipeline import analyze, ingest, relate

db, inputs, kill_stage, kill_after = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def progress(stage, done, total, current):
    if stage == kill_stage and done >= kill_after:
        os._exit(9)  # as a kill -9 right after a batch was committed

ingest([inputs], db, analyze=False, workers=1, progress=progress)
analyze(db, workers=2, batch_size=60, corpus=False, progress=progress)
relate(db, batch_size=90, progress=progress)
"""


def dump(db) -> dict:
    """Everything analysis and the corpus step decided, in a form that compares across runs."""
    con = sqlite3.connect(db)
    queries = {
        "articles": "SELECT id, analyzed, related FROM articles",
        "entities": "SELECT id, type, name, name_en, kb FROM entities",
        "entity_keys": "SELECT kind, key, type, entity FROM entity_keys",
        "mentions": "SELECT article, start, end, text, type, entity FROM mentions",
        "dates": "SELECT article, start, end, text, value FROM dates",
        "claims": "SELECT * FROM claims",
        "duplicates": "SELECT article, grp, round(similarity, 6) FROM duplicates",
        "stories": "SELECT id, label, start, end, topic, articles, outlets FROM stories",
        "story_articles": "SELECT article, story, round(score, 6) FROM story_articles",
        "story_entities": "SELECT story, entity, articles FROM story_entities",
        "story_vectors": "SELECT story, hex(centroid) FROM story_vectors",
        "origins": "SELECT article, grp, origin FROM origins",
        "claim_groups": "SELECT id, story, kind, actor, unit, facet, sources, origin FROM claim_groups",
        "claim_group_members": "SELECT grp, claim, figure FROM claim_group_members",
    }
    out = {name: sorted(map(tuple, con.execute(sql))) for name, sql in queries.items()}
    con.close()
    return out


def differences(a: dict, b: dict) -> dict:
    return {k: (len(set(a[k]) - set(b[k])), len(set(b[k]) - set(a[k]))) for k in a if a[k] != b[k]}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A few hundred SaudiNewsNet articles of one day, as one JSON file."""
    zips = sorted(shared_path("data", "news", "saudinewsnet").glob("*.zip"))
    with zipfile.ZipFile(zips[0]) as zf:
        records = [r for name in sorted(zf.namelist()) for r in json.loads(zf.read(name))]
    path = tmp_path_factory.mktemp("batch") / "batch.json"
    path.write_text(json.dumps(records[:ARTICLES], ensure_ascii=False), encoding="utf-8")
    return path


def run(db, batch, seed: str, kill_stage: str = "-", kill_after: int = 0) -> int:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", RUN, str(db), str(batch), kill_stage, str(kill_after)], env=env,
                          timeout=900).returncode


@pytest.fixture(scope="module")
def clean_run(batch, tmp_path_factory):
    db = tmp_path_factory.mktemp("clean") / "s.db"
    assert run(db, batch, seed="1") == 0
    return dump(db)


@pytest.mark.shared
def test_the_hash_seed_changes_nothing(batch, clean_run, tmp_path):
    db = tmp_path / "s.db"
    assert run(db, batch, seed="2") == 0
    other = dump(db)
    assert other == clean_run, differences(other, clean_run)


@pytest.mark.shared
@pytest.mark.parametrize("stage, after", [("analysing", 120), ("relating", 180)])
def test_a_run_killed_between_batches_and_run_again_ends_the_same(batch, clean_run, tmp_path, stage, after):
    db = tmp_path / "s.db"
    assert run(db, batch, seed="3", kill_stage=stage, kill_after=after) == 9
    assert dump(db) != clean_run  # it did stop half way
    assert run(db, batch, seed="4") == 0
    again = dump(db)
    assert again == clean_run, differences(again, clean_run)


@pytest.mark.shared
def test_a_run_killed_in_the_middle_of_a_batch_and_run_again_ends_the_same(batch, clean_run, tmp_path):
    db = tmp_path / "s.db"
    proc = subprocess.Popen([sys.executable, "-c", RUN, str(db), str(batch), "-", "0"],
                            env={**os.environ, "PYTHONHASHSEED": "5"}, start_new_session=True)
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:  # kill once the corpus step has begun
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
                if con.execute("SELECT count(*) FROM story_articles").fetchone()[0]:
                    break
        except sqlite3.OperationalError:
            pass
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert run(db, batch, seed="6") == 0
    again = dump(db)
    assert again == clean_run, differences(again, clean_run)
