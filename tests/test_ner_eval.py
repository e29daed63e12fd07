"""CoNLL reading and entity-level scoring (conlleval/seqeval rules)."""
from rasid.extract.conll import evaluate, normalize_tag, read_conll
from rasid.extract.features import bare, strip_clitics, word_key
from rasid.extract.ner import chunks


def test_chunks_follow_conlleval():
    tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG", "O"]
    assert chunks(tags) == [(0, 2, "PER"), (3, 5, "LOC"), (5, 6, "LOC"), (6, 7, "ORG")]


def test_scores_are_exact_span_and_type():
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]]
    pred = [["B-PER", "O", "O", "B-LOC"], ["B-LOC", "O"]]
    s = evaluate(gold, pred)
    assert s["LOC"]["precision"] == 0.5 and s["LOC"]["recall"] == 1.0
    assert s["PER"]["f1"] == 0.0 and s["ORG"]["recall"] == 0.0
    assert round(s["micro"]["f1"], 4) == round(2 * (1 / 3) * (1 / 3) / (2 / 3), 4)


def test_tag_names_of_every_corpus_are_understood():
    assert [normalize_tag(t) for t in ("B-PERS", "I-MIS", "B-GPE", "B-FOO", "O", "X")] == \
        ["B-PER", "I-MISC", "B-LOC", "O", "O", "O"]


def test_read_conll_splits_unsegmented_files_after_periods():
    rows = [f"كلمة{i} O" for i in range(600)]
    rows[299] = ". O"
    sents = read_conll(r + "\n" for r in rows)
    assert [len(s) for s in sents] == [300, 300]
    assert read_conll(["أ B-PER\n", "\n", "ب O\n", "ج O\n"]) == [[["أ", "B-PER"]], [["ب", "O"], ["ج", "O"]]]


def test_clitics_come_off_for_lookup_only():
    assert strip_clitics(word_key("وبيونغ")) == "بيونغ"
    assert strip_clitics(word_key("للأمم")) == "الامم"
    assert strip_clitics(word_key("بالكرملين")) == "الكرملين"
    assert bare(word_key("والكرملين")) == "كرملين"
    assert word_key("عام ٢٠٢٤") == "عام 0000"
