"""Tags: names from the story's own text, tag pages, chips on the analysis page."""

from __future__ import annotations

import pytest

from newsdesk.web.tags import TagIndex, extract_tags, tag_slug

from .htmlcheck import scan
from .sample_site import DISCREPANCY_ID, HELD_ID, REVIEWED_ID, sample_documents


def _doc(story_id):
    return next(d for d, _ in sample_documents() if d.id == story_id)


def test_tags_come_from_sentence_case_text_not_title_case_headlines():
    names = [t.name for t in extract_tags(_doc(DISCREPANCY_ID))]
    assert "Mara Lindqvist" in names and "Harbour City" in names
    assert not [n for n in names if "Approves" in n or "Levy" in n]
    assert "Lindqvist" not in names  # folded into the full name
    assert not [n for n in names if n in {"Harbour Gazette", "Civic Wire"}]  # outlets are not tags


@pytest.mark.parametrize("name, slug", [("Mara Lindqvist", "mara-lindqvist"), ("Zürich Reinsurance", "zürich-reinsurance"),
                                        ("Aldermark’s Bank", "aldermarks-bank"), ("The Harbour Board", "harbour-board")])
def test_tag_slug(name, slug):
    assert tag_slug(name) == slug


def test_tag_index_memoises_per_version_and_finds_stories():
    index = TagIndex()
    doc = _doc(DISCREPANCY_ID)
    assert index.tags(doc) is index.tags(doc)
    tag, docs = index.stories_with([d for d, _ in sample_documents()], "mara-lindqvist")
    assert tag is not None and tag.name == "Mara Lindqvist" and [d.id for d in docs] == [DISCREPANCY_ID]
    assert index.stories_with([doc], "nobody-at-all") == (None, [])


def test_story_page_links_its_tags_and_tag_page_lists_the_story(client):
    page = scan(client.get(f"/story/{DISCREPANCY_ID}").text)
    assert "/tag/mara-lindqvist" in page.hrefs()
    r = client.get("/tag/mara-lindqvist")
    assert r.status_code == 200
    tag_page = scan(r.text)
    assert "Mara Lindqvist" in tag_page.text
    assert f"/story/{DISCREPANCY_ID}" in tag_page.hrefs()
    assert f"/story/{REVIEWED_ID}" not in tag_page.hrefs()


def test_unknown_tag_and_held_stories_are_not_listed(client):
    assert client.get("/tag/nobody-at-all").status_code == 404
    held_tags = [t.slug for t in extract_tags(next(d for d, _ in sample_documents() if d.id == DISCREPANCY_ID))]
    for slug in held_tags:
        assert f"/story/{HELD_ID}" not in scan(client.get(f"/tag/{slug}").text).hrefs()
