"""Full-text search: FTS5 prefix matching, accent folding, headline-first ranking, fresh index."""

from __future__ import annotations

from newsdesk.store import fingerprint
from newsdesk.web.search import SearchIndex, match_expression, query_words

from .sample_site import DISCREPANCY_ID, HELD_ID, REVIEWED_ID, SINGLE_ID, build_sample_store


def test_query_words_fold_case_accents_and_punctuation():
    assert query_words("Zürich's  LEVY!!") == ["zurich", "s", "levy"]
    assert query_words("\" OR 1=1 --") == ["or", "1", "1"]
    assert match_expression(["tram", "lev"]) == '"tram"* "lev"*'


def test_every_word_must_match_as_a_prefix(site_store):
    index = SearchIndex(site_store)
    assert [d.id for d in index.search("tram lev").docs] == [DISCREPANCY_ID]
    assert index.search("tram zeppelin").total == 0
    assert index.search("").total == 0 and index.search("?!").total == 0


def test_accents_and_fts_syntax_are_harmless(site_store):
    index = SearchIndex(site_store)
    assert [d.id for d in index.search("RÉSERVOIR").docs] == [REVIEWED_ID]
    for hostile in ('"', "NEAR(", "a AND", "* OR *", "headline:levy", "^levy"):
        index.search(hostile)  # never an FTS5 syntax error


def test_headline_hits_rank_first_and_only_published_stories_are_found(site_store):
    index = SearchIndex(site_store)
    harbour = [d.id for d in index.search("harbour").docs]
    assert set(harbour[:2]) == {DISCREPANCY_ID, "story-cup-final"}  # "Harbour" in their headlines
    assert HELD_ID not in [d.id for d in index.search("held").docs]
    assert SINGLE_ID in [d.id for d in index.search("clinic").docs]


def test_paging(site_store):
    index = SearchIndex(site_store)
    everything = index.search("the")
    assert everything.total >= 3
    first = index.search("the", limit=2)
    second = index.search("the", limit=2, offset=2)
    assert len(first.docs) == 2 and not {d.id for d in first.docs} & {d.id for d in second.docs}


def test_index_follows_the_store(db_url):
    store = build_sample_store(db_url)
    try:
        index = SearchIndex(store)
        assert index.search("reservoir").total == 1
        store.set_document_status(REVIEWED_ID, "held")
        assert index.search("reservoir").total == 0
        doc = store.get_document(DISCREPANCY_ID)
        store.save_document(doc.model_copy(update={"headline": "Zeppelin levy"}), fingerprint([9], "z"))
        assert [d.id for d in index.search("zeppelin").docs] == [DISCREPANCY_ID]
    finally:
        store.dispose()
