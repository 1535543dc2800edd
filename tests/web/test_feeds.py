"""Atom, RSS 2.0 and JSON Feed: parse cleanly with feedparser, newest first, nothing unpublished."""

from __future__ import annotations

import json

import feedparser
import pytest

from .sample_site import DISCREPANCY_ID, HELD_ID, HOSTILE_ID, SINGLE_ID, XSS

FEEDS = ["/feed.atom", "/feed.rss", "/category/politics/feed.atom", "/category/politics/feed.rss"]


@pytest.mark.parametrize("path", FEEDS)
def test_feed_parses_cleanly(client, path):
    r = client.get(path)
    assert r.status_code == 200
    parsed = feedparser.parse(r.content, response_headers={"content-type": r.headers["content-type"]})
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.entries
    links = [e.link for e in parsed.entries]
    assert f"https://desk.example/story/{DISCREPANCY_ID}" in links
    assert f"https://desk.example/story/{HELD_ID}" not in links
    assert f"https://desk.example/story/{SINGLE_ID}" not in links


@pytest.mark.parametrize("path", ["/feed.json", "/category/politics/feed.json"])
def test_json_feed_follows_version_1_1(client, path):
    # feedparser 6 does not read JSON Feed, so check the 1.1 shape directly
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/feed+json")
    feed = json.loads(r.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"https://desk.example{path}"
    assert feed["items"]
    for item in feed["items"]:
        assert {"id", "url", "title", "date_modified"} <= item.keys()
        assert item["url"].startswith("https://desk.example/story/")
    ids = [i["url"] for i in feed["items"]]
    assert f"https://desk.example/story/{DISCREPANCY_ID}" in ids
    assert f"https://desk.example/story/{HELD_ID}" not in ids


def test_site_feed_is_newest_first_with_hostile_text_as_text(client):
    parsed = feedparser.parse(client.get("/feed.atom").content)
    assert parsed.feed.title == "The Desk"
    dates = [e.updated_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    hostile = next(e for e in parsed.entries if e.link.endswith(HOSTILE_ID))
    assert XSS in hostile.title  # kept as text, escaped in the XML
    assert "<script>" not in client.get("/feed.atom").text


def test_category_feed_holds_only_that_category(client):
    parsed = feedparser.parse(client.get("/category/climate/feed.rss").content)
    assert parsed.entries and all(t.term == "Climate" for e in parsed.entries for t in e.tags)


def test_unknown_feed_format_or_category_is_404(client):
    assert client.get("/feed.xml").status_code == 404
    assert client.get("/category/nope/feed.atom").status_code == 404


def test_feed_strips_characters_xml_cannot_carry():
    from newsdesk.web.feeds import xml_text

    assert xml_text("a\x00b\x0bc\x1fd\ufffe") == "abcd"
    assert xml_text("tab\tand\nnewline") == "tab\tand\nnewline"


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_story_feed_has_the_story_and_parses(client, fmt):
    r = client.get(f"/story/{DISCREPANCY_ID}/feed.{fmt}")
    assert r.status_code == 200
    parsed = feedparser.parse(r.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert [e.link for e in parsed.entries] == [f"https://desk.example/story/{DISCREPANCY_ID}"]
    assert client.get(f"/story/{HELD_ID}/feed.{fmt}").status_code == 404


def test_story_feed_lists_corrections(tmp_path):
    from fastapi.testclient import TestClient

    from newsdesk.editorial import Editorial, StoryEdit
    from newsdesk.settings import Settings
    from newsdesk.web import create_app

    from .sample_site import build_sample_store

    url = f"sqlite:///{tmp_path / 'feed.db'}"
    store = build_sample_store(url)
    try:
        ed = Editorial(store)
        user = ed.create_user("feed-ed", "long enough password")
        ed.apply_edit(DISCREPANCY_ID, StoryEdit(dek="Fixed dek.", note="We fixed the dek."), user)
        with TestClient(create_app(store, Settings(database_url=url, site_url="https://desk.example"))) as c:
            parsed = feedparser.parse(c.get(f"/story/{DISCREPANCY_ID}/feed.atom").content)
            assert parsed.bozo == 0
            assert parsed.entries[0].title.startswith("Correction: ")
            assert parsed.entries[0].summary == "We fixed the dek."
            assert len(parsed.entries) == 2
    finally:
        store.dispose()
