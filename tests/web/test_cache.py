"""The render cache never shows a stale page after the store changes; one-query category rows."""

from __future__ import annotations

from fastapi.testclient import TestClient

from newsdesk.editorial import Editorial, StoryEdit
from newsdesk.models import CATEGORIES
from newsdesk.settings import Settings
from newsdesk.store import fingerprint
from newsdesk.web import create_app
from newsdesk.web.cache import RenderCache, latest_by_category

from .sample_site import DISCREPANCY_ID, REVIEWED_ID, build_sample_store


def test_latest_by_category_matches_one_query_per_category(site_store):
    rows = latest_by_category(site_store, per_category=4, min_outlets=2)
    for name in CATEGORIES:
        expected = [d.id for d in site_store.list_documents(category=name, min_outlets=2, limit=4)]
        assert [d.id for d in rows.get(name, [])] == expected, name


def test_cache_reuses_until_the_signature_changes(site_store):
    cache = RenderCache(site_store)
    calls = []

    def build():
        calls.append(1)
        return f"page {len(calls)}"

    assert cache.get("k", build) == b"page 1"
    assert cache.get("k", build) == b"page 1"
    assert len(calls) == 1
    cache.max_age = 0
    assert cache.get("k", build) == b"page 2"


def test_pages_follow_rewrites_decisions_and_corrections(tmp_path):
    url = f"sqlite:///{tmp_path / 'cache.db'}"
    store = build_sample_store(url)
    try:
        with TestClient(create_app(store, Settings(database_url=url))) as client:
            assert "Narrow Late-Night Vote" in client.get("/").text
            # the pipeline rewrites a story (another process, same database)
            doc = store.get_document(DISCREPANCY_ID)
            new_quick = doc.quick_read.model_copy(update={"headline": "Levy Passes After Rewrite"})
            store.save_document(doc.model_copy(update={"headline": "Levy Passes After Rewrite",
                                                       "quick_read": new_quick}),
                                fingerprint([1, 2, 3, 4], "v2"))
            home = client.get("/").text
            assert "Levy Passes After Rewrite" in home and "Narrow Late-Night Vote" not in home
            # an editor holds a story
            assert client.get(f"/story/{REVIEWED_ID}").status_code == 200
            store.set_document_status(REVIEWED_ID, "held")
            assert client.get(f"/story/{REVIEWED_ID}").status_code == 404
            assert f"/story/{REVIEWED_ID}" not in client.get("/").text
            # a correction on a published story
            ed = Editorial(store)
            user = ed.create_user("cache-ed", "long enough password")
            before = client.get(f"/story/{DISCREPANCY_ID}")
            ed.apply_edit(DISCREPANCY_ID, StoryEdit(dek="A corrected dek.", note="Dek fixed."), user)
            after = client.get(f"/story/{DISCREPANCY_ID}", headers={"If-None-Match": before.headers["etag"]})
            assert after.status_code == 200 and "Dek fixed." in after.text
    finally:
        store.dispose()


def test_latest_by_category_reuses_parsed_documents(site_store):
    pool = site_store.list_documents(min_outlets=2, limit=3)
    rows = latest_by_category(site_store, per_category=4, min_outlets=2, known={d.id: d for d in pool})
    by_id = {d.id: d for docs in rows.values() for d in docs}
    assert all(by_id[d.id] is d for d in pool)  # the same objects, not parsed again
    assert len(by_id) == site_store.count_documents(min_outlets=2)  # the rest fetched in one query
