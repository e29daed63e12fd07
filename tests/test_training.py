"""The training scripts rebuild working models (a small smoke run on ../shared/data)."""
import subprocess
import sys

from conftest import ROOT, shared_path

from rasid.extract.ner import Tagger


def run(*args):
    res = subprocess.run([sys.executable, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stderr[-3000:]
    return res.stdout


def test_vectors_gazetteer_network_and_crf_baseline_rebuild_working_models(tmp_path):
    shared_path("data", "ner", "anercorp", "ANERCorp")
    kv = tmp_path / "vectors.kv"
    run("training/vectors.py", "--sample", "300", "--min-count", "2", "--epochs", "1", "--out", tmp_path,
        "--save-vectors", kv)
    run("training/gazetteer.py", "--out", tmp_path)
    assert "dev micro" in run("training/ner_crf.py", "--smoke", "--dev", "200", "--out", tmp_path)
    assert "best dev micro F1" in run("training/ner.py", "--smoke", "--vectors", kv, "--out", tmp_path)
    for name in ("clusters.tsv.gz", "gazetteer.tsv.gz", "ner.crfsuite", "net.npz"):
        assert (tmp_path / name).stat().st_size > 1000
    words = "وصل الرئيس إلى القاهرة أمس".split()
    tags = Tagger(tmp_path).tag(words)
    assert len(tags) == 5 and all(t == "O" or t[:2] in ("B-", "I-") for t in tags)


def test_the_word_rarity_table_rebuilds_byte_for_byte(tmp_path):
    from rasid.extract.terms import IDF_FILE

    shared_path("data", "text", "ant")
    run("training/idf.py", "--out", tmp_path / "idf.tsv.gz")
    assert (tmp_path / "idf.tsv.gz").read_bytes() == IDF_FILE.read_bytes()


def test_the_list_of_words_the_tagger_seldom_names_rebuilds(tmp_path):
    shared_path("data", "text", "ant")
    out = tmp_path / "rarely_named.txt"
    report = run("training/name_rates.py", "--max-words", "20000", "--min-uses", "5", "--workers", "1", "--out", out)
    from rasid.extract.features import bare, word_key

    words = set(out.read_text(encoding="utf-8").split())  # matching keys: folded, clitics and article off
    assert "rarely named" in report and len(words) > 50
    assert {bare(word_key(w)) for w in ("في", "على", "الذي")} <= words  # function words are never names
    assert not {bare(word_key(w)) for w in ("محمد", "مصر", "القاهرة")} & words  # named in most of their uses
