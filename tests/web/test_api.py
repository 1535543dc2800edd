"""JSON API under /api/v1: pagination, story JSON = export format, search, categories, sources."""

from __future__ import annotations

from newsdesk.models import StoryDocument

from .sample_site import DISCREPANCY_ID, HELD_ID, REVIEWED_ID, SINGLE_ID


def test_stories_paginate_and_count(client, site_store, site_settings):
    total = site_store.count_documents(min_outlets=site_settings.min_outlets)
    first = client.get("/api/v1/stories", params={"per_page": 3}).json()
    assert first["total"] == total and first["page"] == 1 and len(first["items"]) == 3
    second = client.get("/api/v1/stories", params={"per_page": 3, "page": 2}).json()
    ids_1 = [i["id"] for i in first["items"]]
    ids_2 = [i["id"] for i in second["items"]]
    assert not set(ids_1) & set(ids_2)
    everything = client.get("/api/v1/stories", params={"per_page": 100}).json()["items"]
    ids = [i["id"] for i in everything]
    assert len(ids) == total
    assert SINGLE_ID not in ids and HELD_ID not in ids
    with_single = client.get("/api/v1/stories", params={"per_page": 100, "include_single_source": True}).json()
    assert SINGLE_ID in [i["id"] for i in with_single["items"]]
    item = next(i for i in everything if i["id"] == DISCREPANCY_ID)
    assert item["url"] == f"https://desk.example/story/{DISCREPANCY_ID}"
    assert item["outlets"] == sorted(item["outlets"]) and len(item["outlets"]) == 4


def test_stories_filter_by_category_slug(client):
    items = client.get("/api/v1/stories", params={"category": "crime-justice"}).json()["items"]
    assert items and all(i["category"] == "Crime & Justice" for i in items)
    assert client.get("/api/v1/stories", params={"category": "nope"}).status_code == 404


def test_story_is_the_export_json(client, site_store):
    r = client.get(f"/api/v1/stories/{DISCREPANCY_ID}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    data = r.json()
    assert data.pop("reviewed") is False
    assert "dropped" not in data
    stored = site_store.get_document(DISCREPANCY_ID)
    assert StoryDocument.model_validate({**data, "dropped": []}) == stored.model_copy(update={"dropped": []})
    for key in ("id", "category", "headline", "dek", "summary", "reading_minutes", "published", "updated",
                "image", "sections", "pull_quote", "quick_read", "sources", "article_urls", "related",
                "disclaimer"):
        assert key in data
    assert client.get(f"/api/v1/stories/{REVIEWED_ID}").json()["reviewed"] is True


def test_unknown_and_held_story_are_json_404(client):
    for story_id in ("nope", HELD_ID):
        r = client.get(f"/api/v1/stories/{story_id}")
        assert r.status_code == 404 and r.json()["detail"]


def test_quick_reads(client):
    data = client.get("/api/v1/quick", params={"per_page": 2}).json()
    assert len(data["items"]) == 2 and data["total"] >= 2
    assert all(i["url"].startswith("https://desk.example/quick/") and i["text"] for i in data["items"])


def test_categories_and_sources(client):
    cats = client.get("/api/v1/categories").json()
    by_slug = {c["slug"]: c for c in cats}
    assert by_slug["politics"]["stories"] == 1 and by_slug["world"]["stories"] == 0
    assert by_slug["crime-justice"]["name"] == "Crime & Justice"
    sources = client.get("/api/v1/sources").json()
    assert {s["name"] for s in sources} >= {"Harbour Gazette", "Civic Wire"}
    assert all(s["domain"] for s in sources)


def test_search(client):
    data = client.get("/api/v1/search", params={"q": "Penalties"}).json()
    assert [i["id"] for i in data["items"]] == ["story-cup-final"]
    assert client.get("/api/v1/search").status_code == 422
    assert client.get("/api/v1/search", params={"q": "?!"}).json()["total"] == 0


def test_bad_parameters_are_422_json(client):
    r = client.get("/api/v1/stories", params={"per_page": 1000})
    assert r.status_code == 422 and isinstance(r.json()["detail"], list)


def test_openapi_lists_the_api(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/stories", "/api/v1/stories/{story_id}", "/api/v1/quick", "/api/v1/categories",
                 "/api/v1/search", "/api/v1/sources"):
        assert path in spec["paths"]


def test_api_etag(client):
    r = client.get("/api/v1/stories")
    assert client.get("/api/v1/stories", headers={"If-None-Match": r.headers["etag"]}).status_code == 304


def test_one_quick_read(client):
    data = client.get(f"/api/v1/quick/{REVIEWED_ID}").json()
    assert data["id"] == REVIEWED_ID and data["date"] == "2026-03-12" and len(data["text"].split()) > 20
    assert client.get(f"/api/v1/quick/{HELD_ID}").status_code == 404
