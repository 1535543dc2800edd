"""Tags: names from the story's own text, typed by a vote over its sources; tag pages, grouped chips."""

from __future__ import annotations

from collections import Counter

import pytest

from newsdesk.entities import spacy_available
from newsdesk.web.tags import Tag, TagIndex, Votes, extract_tags, tag_kinds, tag_slug, vote_kind

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


# -- typed tags ------------------------------------------------------------------------------
# Gold kinds of names in the demo corpus (fiction written for the project; see its README).
DEMO_KINDS = {
    "person": ["Lena Ortiz", "Tomas Reinholt", "Miriam Castell", "Greta Solheim", "Lucas Ferreira",
               "Elias Marchetti", "Hannah Lisk", "Ruth Adeyemi", "Dario Vell", "Rutger Daal",
               "Wilhelmina Roos", "Ines Okafor", "Joanna Reyes", "Tobias Reyne", "Amira Holt", "Yusuf Andersen"],
    "place": ["Port Alder", "Colby Sands", "Tarsk Valley", "Halvik", "Dunmore", "Valmora", "Merren Wetlands",
              "Saltmere", "Castrelle", "Lowtown", "Kessing Street Bridge", "Cendria", "Aldermark", "Eastfield",
              "Greyhaven", "Upper Ness"],
    "organisation": ["Brannock Motors", "Aldernet", "Civic Alliance", "Aldermark Communications Authority",
                     "Port Alder Port Authority", "National Gallery", "Castrelle Rovers", "Port Alder Mariners",
                     "Nordstrand Energy", "Bank of Aldermark", "Green Aldermark"],
    None: ["Storm Orla", "Northern Cup"],  # a storm and a trophy: neither person, organisation nor place
}
GOLD = {name: kind for kind, names in DEMO_KINDS.items() for name in names}


def _demo_typing(use_spacy: bool) -> list[tuple[str, str, str | None, int]]:
    """(event, name, kind given, mentions) for every gold name in every demo event's sources."""
    from newsdesk.demo import load_events, load_rows

    rows = {r["url"]: r for r in load_rows()}
    out = []
    for slug, event in load_events().items():
        texts = [rows[u]["text"] for u in event["urls"] if u in rows]
        names = [n for n in GOLD if any(n in t for t in texts)]
        typed = tag_kinds([Tag(n, tag_slug(n)) for n in names], texts, use_spacy=use_spacy)
        out += [(slug, t.name, t.kind, sum(t2.count(t.name) for t2 in texts)) for t in typed]
    return out


@pytest.mark.parametrize("use_spacy, floor", [(True, 0.65), (False, 0.55)])
def test_demo_names_are_typed_correctly_or_left_untyped(use_spacy, floor):
    if use_spacy and not spacy_available():
        pytest.skip("spaCy's en_core_web_sm is not installed")
    typing = _demo_typing(use_spacy)
    wrong = [(slug, name, kind) for slug, name, kind, _ in typing if kind is not None and kind != GOLD[name]]
    assert wrong == [], "a wrong heading is worse than none"
    right = sum(kind == GOLD[name] for _, name, kind, _ in typing)
    assert right / len(typing) >= floor, f"{right} of {len(typing)} typed"
    # with spaCy, people that the sources name more than twice all come out typed
    for slug, name, kind, mentions in typing:
        if use_spacy and mentions > 2 and GOLD[name] == "person":
            assert kind == "person", (slug, name)
    assert {name for _, name, kind, _ in typing if kind == "place"} >= {
        "Port Alder", "Colby Sands", "Tarsk Valley", "Halvik", "Dunmore", "Castrelle"}


def test_vote_needs_a_clear_winner_and_a_cue_for_one_word_names():
    assert vote_kind(Votes(spacy=Counter(person=3), cues=Counter(person=1))) == "person"
    assert vote_kind(Votes(spacy=Counter(person=2, place=2))) is None  # no clear winner
    assert vote_kind(Votes(spacy=Counter(person=1))) is None  # one vote is not enough
    assert vote_kind(Votes(spacy=Counter(organisation=13), cues=Counter(place=4)), one_word=True) is None
    assert vote_kind(Votes(spacy=Counter(organisation=2), cues=Counter(organisation=1)), one_word=True) == "organisation"
    assert vote_kind(Votes(spacy=Counter(person=7), cues=Counter(other=3))) is None  # "Storm Orla"


@pytest.mark.parametrize("name, text, kind", [
    ("Jonas Brenner", "Mayor Jonas Brenner opened the hall. “We are ready,” said Jonas Brenner.", "person"),
    ("Kettle Valley", "Rain fell across Kettle Valley. Kettle Valley farmers waited.", "place"),
    ("Halbrook", "Flooding hit the town of Halbrook. Schools in Halbrook closed.", "place"),
    ("Veltra", "Veltra chief executive Ana Moss apologised. Shares in Veltra fell.", "organisation"),
    ("Orrin Freight", "The carrier Orrin Freight said it would appeal. Orrin Freight customers waited.", "organisation"),
    ("Orrin Freight", "Orrin Freight said it would appeal. Orrin Freight said more later.", None),  # orgs speak too
    ("Storm Ilse", "Storm Ilse hit the coast. Storm Ilse said nothing, being weather.", None),
    ("Grey Cup", "Fans of the Grey Cup said it was the best final in years.", None),
])
def test_context_cues_without_spacy(name, text, kind):
    assert tag_kinds([Tag(name, tag_slug(name))], [text], use_spacy=False)[0].kind == kind


def test_story_page_groups_tags_and_tag_page_names_the_kind(client, site_store):
    tags = TagIndex(site_store).tags(_doc(DISCREPANCY_ID))
    assert {t.name: t.kind for t in tags} == {"Harbour City": "place", "Mara Lindqvist": None}
    html = client.get(f"/story/{DISCREPANCY_ID}").text
    places = html.index(">Places</h3>")
    topics = html.index(">Topics</h3>")
    assert places < html.index("/tag/harbour-city") < topics < html.index("/tag/mara-lindqvist")
    assert "Place</p>" in client.get("/tag/harbour-city").text
    assert "Topic</p>" in client.get("/tag/mara-lindqvist").text
