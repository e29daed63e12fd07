"""The bundled demo corpus: every format it carries is read, and the README's demo command works."""
from rasid.store import Store


def test_demo_command_ingests_every_file_of_the_demo_corpus(db, cli):
    res = cli("demo", "--db", db)
    assert res.exit_code == 0, res.stderr
    assert "14 pages from 11 files" in res.stdout
    assert "rasid stories" in res.stdout and "rasid serve" in res.stdout  # says how to look further
    assert "3 stories across outlets" in res.stdout
    with Store(db) as s:
        arts = list(s.all_articles())
        by_file = {}
        for a in arts:
            by_file.setdefault(a.source.rsplit("/", 1)[-1].split("#")[0], []).append(a)
        assert len(arts) == 15  # one page carries a second article after "اقرأ أيضاً"
        for name in ("sahel_floods_hadramawt_cp1256.txt", "marsad24_fidan_baghdad_utf16.txt",
                     "nahar_faw_port_bom.txt", "wadi_akhdar_floods.html", "ofoq_articles.json",
                     "madar_articles.jsonl", "feed.xml"):
            assert by_file.get(name), f"nothing read from {name}"
        assert all(a.outlet for a in arts) and all(a.language == "ar" for a in arts)
        assert sum(a.published is None for a in arts) == 1  # only the related item, which has no date
        assert len(s.search("کردستان")) == len(s.search("كردستان")) >= 4
    again = cli("demo", "--db", db)
    assert again.exit_code == 0
    with Store(db) as s:
        assert s.count() == 15


def test_the_demo_entity_list_has_no_common_word_at_its_top(db, cli):
    """The floods, the survivors, "near", "the states" are words of the language, not entities."""
    from rasid import api
    from rasid.extract.features import word_key
    from rasid.extract.ner import default_tagger

    assert cli("demo", "--db", db).exit_code == 0
    ranks = default_tagger().resources.ranks
    with Store(db) as s:
        top = api.entities(s, limit=20).entities
    names = [e.name for e in top]
    assert len(names) == 20 and not set(names) & {"السيول", "الناجين", "القرب", "الولايات", "اليوم"}
    for e in top:  # each is known to the knowledge base, or not among the 3,000 commonest words
        assert e.kb or len(e.name.split()) > 1 or ranks.get(word_key(e.name), 3000) >= 3000, e.name
