"""Full-text search in the database (SQLite FTS5 / PostgreSQL tsvector): prefixes, accents,
ranking, snippets, hostile queries, and an index that follows every save, edit and decision."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient

import newsdesk.store as store_module
from newsdesk.editorial import Editorial, StoryEdit, User
from newsdesk.settings import Settings
from newsdesk.store import HIT_END, HIT_START, SEARCH_TABLE, fingerprint, index_for_search
from newsdesk.web import create_app
from newsdesk.web.search import SearchIndex, match_expression, query_words, snippet_parts, tsquery_expression

from .htmlcheck import scan
from .sample_site import DISCREPANCY_ID, HELD_ID, HOSTILE_ID, REVIEWED_ID, SINGLE_ID, build_sample_store

HOSTILE_QUERIES = ['"', "NEAR(", "NEAR(levy tram, 2)", "a AND", "* OR *", "headline:levy", "^levy", "-levy",
                   "levy*", "'; DROP TABLE documents; --", "levy' | 'tram", "!levy", "levy:*", "<->", "\\", "\x00",
                   "(", ")", "{levy}", "levy " * 100, "x" * 5000, "\ue000levy\ue001", "ｌｅｖｙ"]


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def search_store(request, tmp_path_factory):
    """The sample newsroom on each backend (its own database: tests here only read)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('search') / 'site.db'}"
    else:
        url = request.getfixturevalue("pg_factory")()
    store = build_sample_store(url)
    yield store
    store.dispose()


def ids(result) -> list[str]:
    return [d.id for d in result.docs]


def test_query_words_fold_case_accents_and_drop_syntax():
    assert query_words("Zürich's  LEVY!!") == ["zurich", "s", "levy"]
    assert query_words("\" OR 1=1 --") == ["or", "1", "1"]
    assert query_words("x_y NEAR(a*)") == ["x", "y", "near", "a"]
    assert len(query_words("w " * 50)) == 8 and len(query_words("x" * 5000)[0]) == 60
    assert match_expression(["tram", "lev"]) == '"tram"* "lev"*'
    assert tsquery_expression(["tram", "lev"]) == "'tram':* & 'lev':*"


def test_snippet_parts_split_hits_and_drop_stray_markers():
    raw = f"before {HIT_START}levy{HIT_END} after {HIT_END}x{HIT_START}"
    assert snippet_parts(raw) == [("before ", False), ("levy", True), (" after x", False)]
    assert snippet_parts(None) == [] and snippet_parts("") == []


def test_every_word_must_match_as_a_prefix(search_store):
    index = SearchIndex(search_store)
    assert ids(index.search("tram lev")) == [DISCREPANCY_ID]
    assert index.search("tram zeppelin").total == 0
    assert index.search("").total == 0 and index.search("?!").total == 0


def test_accents_and_case_are_folded(search_store):
    index = SearchIndex(search_store)
    assert ids(index.search("RÉSERVOIR")) == [REVIEWED_ID]
    assert ids(index.search("réservoir levels")) == [REVIEWED_ID]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_error(search_store, query):
    result = SearchIndex(search_store).search(query)
    assert result.total == len(result.docs) or result.total > len(result.docs) == 20
    assert all(doc.id != HELD_ID for doc in result.docs)


def test_query_syntax_is_read_as_plain_words(search_store):
    index = SearchIndex(search_store)
    assert ids(index.search("-levy")) == ids(index.search("levy")) == [DISCREPANCY_ID]
    assert ids(index.search("headline:levy")) == []  # "headline" is just a word no story has
    assert ids(index.search("NEAR(levy tram, 2)")) == []  # "near" and "2" must appear too


def test_headline_hits_rank_first_and_only_published_stories_are_found(search_store):
    index = SearchIndex(search_store)
    harbour = ids(index.search("harbour"))
    assert set(harbour[:2]) == {DISCREPANCY_ID, "story-cup-final"}  # "Harbour" in their headlines
    assert HELD_ID not in ids(index.search("held"))
    assert SINGLE_ID in ids(index.search("clinic"))


def test_snippets_mark_the_matching_words(search_store):
    result = SearchIndex(search_store).search("tram lev")
    parts = result.snippets[DISCREPANCY_ID]
    hits = {text.casefold() for text, hit in parts if hit}
    assert hits <= {"tram", "levy", "levies"} and "levy" in hits
    assert any(not hit for _, hit in parts)


def test_paging(search_store):
    index = SearchIndex(search_store)
    everything = index.search("the")
    assert everything.total >= 3
    first = index.search("the", limit=2)
    second = index.search("the", limit=2, offset=2)
    assert first.total == second.total == everything.total
    assert len(first.docs) == 2 and not set(ids(first)) & set(ids(second))
    assert ids(first) + ids(second) == ids(everything)[:4]


def test_search_page_escapes_snippets_of_hostile_text(search_store):
    settings = Settings(database_url=search_store.url, site_url="https://desk.example", min_outlets=2)
    with TestClient(create_app(search_store, settings)) as client:
        html = client.get("/search", params={"q": "onerror"}).text
        page = scan(html)
        assert f"/story/{HOSTILE_ID}" in page.hrefs()
        assert "<mark>onerror</mark>" in html
        assert "<script>window" not in html and "&lt;script&gt;" in html
        api = client.get("/api/v1/search", params={"q": "NEAR(levy"}).json()
        assert api["total"] == 0 and api["items"] == []


def test_index_follows_saves_edits_and_decisions(db_url):
    store = build_sample_store(db_url)
    try:
        index = SearchIndex(store)
        assert index.search("reservoir").total == 1
        store.set_document_status(REVIEWED_ID, "held")
        assert index.search("reservoir").total == 0
        store.set_document_status(REVIEWED_ID, "published")
        assert index.search("reservoir").total == 1
        doc = store.get_document(DISCREPANCY_ID)
        store.save_document(doc.model_copy(update={"headline": "Zeppelin levy"}), fingerprint([9], "z"))
        assert ids(index.search("zeppelin")) == [DISCREPANCY_ID]
        editorial = Editorial(store)
        editorial.apply_edit(DISCREPANCY_ID, StoryEdit(headline="Airship levy", note="Renamed."),
                             User(1, "ed", "editor"))
        assert index.search("zeppelin").total == 0
        assert ids(index.search("airship")) == [DISCREPANCY_ID]
        # the index row is written on the caller's transaction: a rollback leaves it as it was
        with pytest.raises(RuntimeError), store.begin() as conn:
            index_for_search(conn, doc.model_copy(update={"headline": "Blimp levy"}))
            raise RuntimeError("abort the save")
        assert index.search("blimp").total == 0 and index.search("airship").total == 1
    finally:
        store.dispose()


def test_control_characters_and_hit_markers_in_text_are_not_indexed(db_url):
    store = build_sample_store(db_url)
    try:
        doc = store.get_document(SINGLE_ID)
        forged = f"Forged{HIT_START}glowworm{HIT_END} and nul\x00byte"
        store.save_document(doc.model_copy(update={"summary": forged}), fingerprint([7], "x"))
        result = SearchIndex(store).search("glowworm")
        assert ids(result) == [SINGLE_ID]
        text = "".join(t for t, _ in result.snippets[SINGLE_ID])
        assert HIT_START not in text and "\x00" not in text
    finally:
        store.dispose()


def test_migration_fills_the_index_from_stored_documents(db_url):
    store = build_sample_store(db_url)
    try:
        cfg = Config()
        cfg.set_main_option("script_location", str(Path(store_module.__file__).parent / "migrations"))
        cfg.attributes["connection_url"] = db_url
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0002")
        store.migrate()  # 0003 again: creates the index and reads every document into it
        with store.begin() as conn:
            indexed = conn.exec_driver_sql(f"SELECT count(*) FROM {SEARCH_TABLE}").scalar_one()
        assert indexed == len(store.document_fingerprints())
        assert ids(SearchIndex(store).search("reservoir")) == [REVIEWED_ID]
    finally:
        store.dispose()
