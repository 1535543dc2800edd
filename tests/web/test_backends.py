"""The site reads the same on SQLite and PostgreSQL (``db_url`` from tests/conftest.py)."""

from __future__ import annotations

import feedparser
from fastapi.testclient import TestClient

from newsdesk.settings import Settings
from newsdesk.web import create_app

from .htmlcheck import scan
from .sample_site import DISCREPANCY_ID, HELD_ID, REVIEWED_ID, SINGLE_ID, build_sample_store


def test_site_on_each_backend(db_url):
    store = build_sample_store(db_url)
    try:
        app = create_app(store, Settings(database_url=db_url, site_url="https://desk.example"))
        with TestClient(app) as client:
            home = scan(client.get("/").text).hrefs()
            assert f"/story/{DISCREPANCY_ID}" in home and f"/story/{SINGLE_ID}" not in home
            story = client.get(f"/story/{REVIEWED_ID}")
            assert story.status_code == 200 and "Reviewed by an editor" in story.text
            assert client.get(f"/story/{HELD_ID}").status_code == 404
            feed = feedparser.parse(client.get("/feed.atom").content)
            assert feed.bozo == 0 and len(feed.entries) == store.count_documents(min_outlets=2)
            found = client.get("/api/v1/search", params={"q": "reservoir"}).json()
            assert [i["id"] for i in found["items"]] == [REVIEWED_ID]
    finally:
        store.dispose()
