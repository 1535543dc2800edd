"""Reader pages through TestClient: status, what a reader sees, and what must not be shown."""

from __future__ import annotations

import pytest

from newsdesk.models import DISCLAIMER

from .htmlcheck import scan
from .sample_site import DISCREPANCY_ID, HELD_ID, HOSTILE_ID, REVIEWED_ID, SINGLE_ID


def test_home_lists_multi_outlet_stories_but_not_single_source_or_held(client):
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    page = scan(r.text)
    hrefs = page.hrefs()
    assert f"/story/{DISCREPANCY_ID}" in hrefs
    assert f"/story/{REVIEWED_ID}" in hrefs
    assert f"/story/{SINGLE_ID}" not in hrefs
    assert f"/story/{HELD_ID}" not in hrefs
    assert "Top stories" in page.text and "Latest" in page.text
    # one row per category that has stories, linking to the category page
    assert "/category/crime-justice" in hrefs and "/category/politics" in hrefs


def test_home_ranks_by_outlets_and_recency(client):
    page = scan(client.get("/").text)
    lead_links = [a for t, a in page.tags if t == "h3" and a.get("class") == "lead-title"]
    assert lead_links, "the home page has a lead story"
    # the four-outlet levy story is newest and widest: it leads
    first_story_link = next(h for h in page.hrefs() if h.startswith("/story/"))
    assert first_story_link == f"/story/{DISCREPANCY_ID}"


def test_category_page_lists_its_stories_with_single_source_label(client):
    r = client.get("/category/health")
    assert r.status_code == 200
    page = scan(r.text)
    assert f"/story/{SINGLE_ID}" in page.hrefs()
    assert "Single source" in page.text
    crime = scan(client.get("/category/crime-justice").text)
    assert "Appeals Court Orders Retrial" in crime.text
    assert "Harbour City Approves Transit Levy" not in crime.text


@pytest.mark.parametrize("path", ["/category/no-such-thing", "/story/no-such-story", "/quick/no-such-story",
                                  f"/story/{HELD_ID}", f"/quick/{HELD_ID}", "/nowhere"])
def test_unknown_or_unpublished_is_404_page(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "Page not found" in r.text


def test_bad_page_parameter_is_400_not_500(client):
    r = client.get("/quick?page=abc")
    assert r.status_code == 400
    assert client.get("/quick?page=0").status_code == 400


def test_analysis_page_has_every_part_of_the_reference(client):
    r = client.get(f"/story/{DISCREPANCY_ID}")
    assert r.status_code == 200
    page = scan(r.text)
    text = page.text
    # breadcrumb + category + label + headline + dek + reading time
    assert page.find("nav", **{"aria-label": "Breadcrumb"})
    assert "/category/politics" in page.hrefs()
    assert "AI Analysis" in text
    assert "Harbour City Approves Transit Levy in Narrow Late-Night Vote" in text
    assert "outlets disagree on the margin" in text
    assert "4 min read" in text
    # hero image with alt text and credit
    hero = page.find("img", alt="Trams waiting at the harbour depot at dusk")
    assert hero and hero[0]["src"] == "/static/favicon.svg"
    assert "Image: Harbour Gazette" in text
    # sections with subheadings
    assert "A narrow vote after a long night" in text and "Who pays, and who objects" in text
    # pull quote with speaker and role
    assert page.find("blockquote")
    assert "We will not balance the budget on the backs of the people who ride the tram every day." in text
    assert "Mara Lindqvist" in text and "Mayor of Harbour City" in text
    # discrepancies: each claim with its outlet
    assert "Sources disagree" in text
    assert "9 votes to 4" in text and "8 votes to 5" in text
    # timeline, sources with outlet/title/time, coverage, disclaimer, review state
    assert "Timeline" in text
    assert "Council backs transit levy after late-night session" in text
    assert "Coverage" in text and "4 outlets" in text
    assert DISCLAIMER in text
    assert "Not reviewed" in text
    # related stories: the reservoir story is published; the unknown id is skipped
    assert f"/story/{REVIEWED_ID}" in page.hrefs()
    assert "/story/story-unknown-related" not in page.hrefs()


def test_citations_are_superscript_links_to_the_source_with_the_sentence(client):
    page = scan(client.get(f"/story/{DISCREPANCY_ID}").text)
    sups = page.find("sup", class_="cite")
    assert len(sups) >= 5
    cite_links = [a for t, a in page.tags if t == "a" and (a.get("aria-label") or "").startswith("Source ")]
    assert cite_links
    for a in cite_links:
        assert a["href"].startswith("https://"), a
        assert a["rel"] == "noopener noreferrer"
    gazette = [a for a in cite_links if a["href"] == "https://harbourgazette.example/news/council-levy-vote"]
    assert gazette and "9 votes to 4" in gazette[0]["title"]
    # the no-JS footnote list shows every cited sentence
    assert page.find("details", class_="footnotes")
    assert "Councillors passed the levy 8 votes to 5 after a four-hour debate." in page.text


def test_sources_are_numbered_like_the_citations(client):
    page = scan(client.get(f"/story/{DISCREPANCY_ID}").text)
    for n in range(1, 5):
        assert page.find("li", id=f"source-{n}")
    first = [a for t, a in page.tags if t == "a" and a.get("aria-label") == "Source 1, Harbour Gazette"]
    assert first and first[0]["href"].endswith("/council-levy-vote")


def test_reviewed_story_says_so(client):
    text = scan(client.get(f"/story/{REVIEWED_ID}").text).text
    assert "Reviewed by an editor" in text
    assert "Not reviewed" not in text
    quick = scan(client.get(f"/quick/{REVIEWED_ID}").text).text
    assert "Reviewed by an editor" in quick


def test_single_source_story_is_reachable_and_labelled(client):
    r = client.get(f"/story/{SINGLE_ID}")
    assert r.status_code == 200
    text = scan(r.text).text
    assert "Single source" in text
    assert "Only one outlet has reported this story so far." in text


def test_quick_read_page(client):
    r = client.get(f"/quick/{REVIEWED_ID}")
    assert r.status_code == 200
    page = scan(r.text)
    assert "Reservoir Levels Fall to a Ten-Year Low" in page.text
    assert "Thu 12th Mar, 2026" in page.text
    assert f"/story/{REVIEWED_ID}" in page.hrefs()
    assert "More Quick Reads" in page.text
    more = [h for h in page.hrefs() if h.startswith("/quick/")]
    assert more and f"/quick/{REVIEWED_ID}" not in more
    assert f"/quick/{SINGLE_ID}" not in more  # below min_outlets
    assert len(page.find("p")) > 3


def test_quick_list_pages(client, site_store, site_settings):
    total = site_store.count_documents(min_outlets=site_settings.min_outlets)
    first = scan(client.get("/quick").text)
    listed = [h for h in first.hrefs() if h.startswith("/quick/")]
    assert len(set(listed)) == min(total, 10)
    assert f"/quick/{HELD_ID}" not in listed
    if total <= 10:
        assert client.get("/quick?page=2").status_code == 404


def test_pages_set_etag_and_answer_304(client):
    r = client.get(f"/story/{DISCREPANCY_ID}")
    etag = r.headers["etag"]
    again = client.get(f"/story/{DISCREPANCY_ID}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = client.get(f"/story/{DISCREPANCY_ID}", headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200 and other.text == r.text


def test_search_page_finds_words_and_prefixes(client):
    page = scan(client.get("/search", params={"q": "reservoir"}).text)
    assert f"/story/{REVIEWED_ID}" in page.hrefs()
    assert f"/story/{DISCREPANCY_ID}" not in page.hrefs()
    prefix = scan(client.get("/search", params={"q": "tram lev"}).text)
    assert f"/story/{DISCREPANCY_ID}" in prefix.hrefs()
    none = scan(client.get("/search", params={"q": "zeppelin"}).text)
    assert "No story matches" in none.text
    assert client.get("/search").status_code == 200


def test_social_meta_and_canonical(client):
    page = scan(client.get(f"/story/{DISCREPANCY_ID}").text)
    assert page.find("meta", property="og:type", content="article")
    assert page.find("meta", property="og:image", content="https://desk.example/static/favicon.svg")
    assert page.find("link", rel="canonical", href=f"https://desk.example/story/{DISCREPANCY_ID}")


def test_robots_and_sitemap(client):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and "Sitemap: https://desk.example/sitemap.xml" in robots.text
    import xml.etree.ElementTree as ET

    sm = client.get("/sitemap.xml")
    assert sm.status_code == 200
    locs = [e.text for e in ET.fromstring(sm.content).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"https://desk.example/story/{DISCREPANCY_ID}" in locs
    assert f"https://desk.example/story/{HELD_ID}" not in locs
    assert f"https://desk.example/story/{HOSTILE_ID}" in locs


def test_static_css_is_served(client):
    r = client.get("/static/css/site.css")
    assert r.status_code == 200 and "text/css" in r.headers["content-type"]


def test_pages_are_gzipped_for_clients_that_ask(client):
    r = client.get(f"/story/{DISCREPANCY_ID}", headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip" and "accept-encoding" in r.headers["vary"].lower()
    assert "Harbour City Approves Transit Levy" in r.text
    plain = client.get(f"/story/{DISCREPANCY_ID}", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers


def test_error_pages_say_what_happened(client):
    assert "Not allowed" in client.post(f"/editor/story/{DISCREPANCY_ID}/decide").text
    assert client.post("/").status_code == 405


def test_a_german_story_marks_its_text_german_and_the_site_chrome_stays_english(tmp_path):
    import re
    from datetime import datetime, timedelta

    from fastapi.testclient import TestClient

    from newsdesk.models import Article
    from newsdesk.settings import Settings
    from newsdesk.store import fingerprint
    from newsdesk.web import create_app
    from newsdesk.write import write_story

    from .sample_site import build_sample_store

    texts = ("Der Rennstall Alvora zeigt seinen neuen Wagen am 27. Februar in Mailand, zwei Tage nach dem Test. "
             "Die Testfahrten in Barcelona dauern vom 23. bis 25. Februar. „Wir wollen das Auto erst zeigen, "
             "wenn es fertig ist“, sagte Teamchef Jonas Brandt. Im Vorjahr wurde das Team Achter.",
             "Das Team Alvora präsentiert sein Auto erst nach den Testfahrten in Barcelona. "
             "Die Präsentation findet am 27. Februar in Mailand statt, bestätigte das Team am Mittwoch. "
             "Alvora ist das siebte Team, das seine Pläne für die Saison bekannt gegeben hat.")
    day = datetime(2026, 2, 2, 9)
    arts = [Article(id=0, url=f"https://o{i}.example/a", title=t, text=x, published=day + timedelta(hours=i),
                    outlet=f"Outlet {i}", language="de")
            for i, (t, x) in enumerate(zip(("Alvora zeigt Auto erst nach dem Test", "Alvora präsentiert Wagen in Mailand"), texts))]
    url = f"sqlite:///{tmp_path / 'de.db'}"
    store = build_sample_store(url)
    try:
        for art in arts:
            article_id, _ = store.add_article(art)
            store.assign_story(article_id, "alvora-de", art.published)
        doc = write_story("alvora-de", arts)
        store.save_document(doc, fingerprint(["alvora-de"]))
        with TestClient(create_app(store, Settings(database_url=url, site_url="https://desk.example"))) as client:
            html = client.get("/story/alvora-de").text
            quick = client.get("/quick/alvora-de").text
            english = client.get(f"/story/{DISCREPANCY_ID}").text
    finally:
        store.dispose()
    assert '<html lang="en">' in html  # the site's own labels ("min read", "Sources") are English
    assert re.search(r'<h1 id="story-title" class="story-title" lang="de">', html)
    assert re.search(r'<p class="story-dek" lang="de">', html)
    assert html.count('<section class="story-section" lang="de">') == len(doc.sections) >= 2
    assert doc.sections[0].heading in html and not doc.sections[0].heading.startswith("What")
    assert '<h1 id="qr-title" lang="de">' in quick and '<div class="qr-text" lang="de">' in quick
    assert ' lang="de"' not in english and 'lang="en"' in english


def test_a_story_told_only_by_opinion_pieces_is_labelled(tmp_path):
    """A page whose every sentence comes from columns says so on the story page, the Quick Read and the API."""
    from fastapi.testclient import TestClient

    from newsdesk.settings import Settings
    from newsdesk.web.app import create_app

    from .sample_site import build_sample_store

    url = f"sqlite:///{tmp_path / 'opinion.db'}"
    store = build_sample_store(url)
    doc = store.get_document(REVIEWED_ID)
    store.save_document(doc.model_copy(update={"opinion_only": True}), "opinion-only")
    settings = Settings(database_url=url, site_url="https://desk.example", min_outlets=2)
    with TestClient(create_app(store, settings)) as c:
        story = scan(c.get(f"/story/{REVIEWED_ID}").text).text
        assert "Opinion pieces only" in story and "Every source of this story is an opinion piece" in story
        assert "Opinion pieces only" in scan(c.get(f"/quick/{REVIEWED_ID}").text).text
        assert c.get(f"/api/v1/stories/{REVIEWED_ID}").json()["opinion_only"] is True
        listed = {item["id"]: item for item in c.get("/api/v1/stories").json()["items"]}
        assert listed[REVIEWED_ID]["opinion_only"] is True and listed[DISCREPANCY_ID]["opinion_only"] is False
        other = scan(c.get(f"/story/{DISCREPANCY_ID}").text).text
        assert "Every source of this story is an opinion piece" not in other  # (a related card may carry the badge)
    store.dispose()


def test_a_dated_story_says_updated_not_added(client):
    """Its sources give publication dates, so the story page says "Updated" (an undated one says "Added":
    test_present.test_a_story_whose_sources_give_no_date_says_when_it_was_added)."""
    text = scan(client.get(f"/story/{DISCREPANCY_ID}").text).text
    assert "Updated" in text and "Added" not in text
