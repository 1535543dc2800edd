"""The bundled demo corpus has the shape the brief promises, checked from the data itself.

The gold grouping in ``events.json`` is what these tests (and the clustering tests) rely on, so
the first block checks that it agrees with ``articles.jsonl``; the rest checks the planted
material (disagreements, shared quotes, near-duplicate, HTML twins, images).
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from urllib.parse import urlsplit

import lxml.html
import pytest
import trafilatura

import newsdesk.demo as demo
from newsdesk.models import CATEGORIES, ArticleIn, Outlet

FIRST_DAY, LAST_DAY = date(2026, 11, 16), date(2026, 11, 21)
# A sentence ends at . ! or ? (optionally inside a closing quote) followed by a capital, digit or
# opening quote; good enough to count sentences in our own prose.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])[”\"]?\s+(?=[“\"A-Z0-9])")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return demo.load_rows()


@pytest.fixture(scope="module")
def by_url(rows) -> dict[str, dict]:
    return {row["url"]: row for row in rows}


@pytest.fixture(scope="module")
def outlets() -> dict[str, dict]:
    return {outlet["name"]: outlet for outlet in demo.load_outlets()}


@pytest.fixture(scope="module")
def events() -> dict[str, dict]:
    return demo.load_events()


def multi_outlet(events: dict[str, dict]) -> dict[str, dict]:
    return {slug: event for slug, event in events.items() if not event.get("single_source")}


def count_sentences(text: str) -> int:
    return sum(len(SENTENCE_BREAK.split(paragraph)) for paragraph in text.split("\n\n"))


# --- package surface -------------------------------------------------------------------------


def test_public_names_are_exported_and_paths_exist():
    public = {name for name in vars(demo) if name.isupper() or name.startswith("load_")}
    assert sorted(demo.__all__) == sorted(public)
    for path in (demo.ARTICLES_PATH, demo.OUTLETS_PATH, demo.EVENTS_PATH, demo.QUOTES_PATH, demo.HTML_DIR, demo.STATIC_DIR):
        assert path.exists(), path


# --- articles ----------------------------------------------------------------------------------


def test_every_row_is_a_valid_article_in(rows):
    assert len(rows) >= 48
    for row in rows:
        article = ArticleIn(**row)
        assert article.text and article.title and article.outlet
        assert article.language == "en"
        assert article.published is not None and article.published.utcoffset() is not None, row["url"]
        assert FIRST_DAY <= article.published.date() <= LAST_DAY, row["url"]


def test_rows_are_in_publication_order(rows):
    stamps = [ArticleIn(**row).published for row in rows]
    assert stamps == sorted(stamps)


def test_urls_are_unique_and_on_the_outlets_example_domain(rows, outlets):
    urls = [row["url"] for row in rows]
    assert len(urls) == len(set(urls))
    for row in rows:
        parts = urlsplit(row["url"])
        assert parts.scheme == "https"
        assert parts.hostname.endswith(".example"), row["url"]
        assert parts.hostname == outlets[row["outlet"]]["domain"], row["url"]


def test_article_length_is_seven_to_fourteen_sentences(rows):
    lengths = {row["url"]: count_sentences(row["text"]) for row in rows}
    wrong = {url: n for url, n in lengths.items() if not 7 <= n <= 14}
    assert not wrong


def test_quotes_come_in_varied_forms(rows):
    corpus = "\n".join(row["text"] for row in rows)
    assert corpus.count("“") >= 20 and corpus.count("”") == corpus.count("“")
    assert corpus.count('"') >= 20
    assert re.search(r"\b(said|says), “", corpus), "speaker before the quote"
    assert re.search(r",” said [A-Z]", corpus), "speaker after the quote"
    assert "told reporters" in corpus
    assert "according to" in corpus.lower()
    spans = re.findall(r"“([^”]+)”", corpus) + re.findall(r'"([^"\n]+)"', corpus)
    assert any(SENTENCE_BREAK.search(span) for span in spans), "a multi-sentence quote"


# --- outlets -----------------------------------------------------------------------------------


def test_outlets_are_complete_and_valid(rows, outlets):
    assert len(outlets) >= 9
    for outlet in outlets.values():
        Outlet(**outlet)
        assert outlet["domain"].endswith(".example") and outlet["country"] and outlet["owner"] and outlet["type"]
    used = {row["outlet"] for row in rows}
    assert used == set(outlets), "every outlet in outlets.json is used, every used outlet is listed"
    assert len({outlet["domain"] for outlet in outlets.values()}) == len(outlets)


# --- events (gold grouping) ---------------------------------------------------------------------


def test_events_partition_the_articles(rows, events):
    listed = [url for event in events.values() for url in event["urls"]]
    assert len(listed) == len(set(listed)), "an article belongs to one event"
    assert set(listed) == {row["url"] for row in rows}


def test_events_have_the_promised_shape(events, by_url):
    multi = multi_outlet(events)
    singles = {slug: event for slug, event in events.items() if event.get("single_source")}
    assert len(multi) >= 11
    assert 2 <= len(singles) <= 3
    for slug, event in events.items():
        assert event["category"] in CATEGORIES, slug
        members = [by_url[url] for url in event["urls"]]
        assert event["days"] == sorted({row["published"][:10] for row in members}), slug
        assert event["outlets"] == sorted({row["outlet"] for row in members}), slug
    for slug, event in multi.items():
        assert 3 <= len(event["urls"]) <= 6, slug
        assert len(event["outlets"]) >= 3, slug
    for slug, event in singles.items():
        assert len(event["urls"]) == 1, slug


def test_events_cover_the_taxonomy_and_several_days(events, by_url):
    multi = multi_outlet(events)
    assert len({event["category"] for event in multi.values()}) >= 9
    assert len({day for event in events.values() for day in event["days"]}) >= 5
    follow_ups = [slug for slug, event in multi.items() if len(event.get("developments", [])) >= 2]
    assert len(follow_ups) >= 2
    for slug in follow_ups:
        dates = [development["date"] for development in multi[slug]["developments"]]
        assert dates == sorted(dates) and len(set(dates)) == len(dates), slug
        assert set(dates) <= set(multi[slug]["days"]), slug
        # Each article belongs to the latest development published on or before its own day.
        grouped = [url for development in multi[slug]["developments"] for url in development["urls"]]
        assert sorted(grouped) == sorted(multi[slug]["urls"]), slug
        for development, later in zip(multi[slug]["developments"], multi[slug]["developments"][1:] + [None]):
            assert development["urls"], (slug, development["date"])
            for url in development["urls"]:
                day = by_url[url]["published"][:10]
                assert development["date"] <= day and (later is None or day < later["date"]), (slug, url)


def test_outlets_in_one_event_word_things_differently(events, by_url):
    declared = {frozenset(pair) for event in events.values() for pair in event.get("near_duplicates", [])}
    for slug, event in multi_outlet(events).items():
        for first, second in itertools.combinations(event["urls"], 2):
            if frozenset((first, second)) in declared:
                continue
            words = by_url[first]["text"].split(), by_url[second]["text"].split()
            ratio = difflib.SequenceMatcher(None, *words, autojunk=False).ratio()
            assert ratio < 0.5, (slug, first, second, ratio)


# --- planted material ---------------------------------------------------------------------------


def test_outlets_disagree_on_a_number_in_two_events(events, by_url):
    disputed = {slug: event["disagreement"] for slug, event in events.items() if "disagreement" in event}
    assert len(disputed) >= 2
    for slug, disagreement in disputed.items():
        values = [claim["value"] for claim in disagreement["claims"]]
        assert len(set(values)) >= 2, slug
        outlets_by_value = []
        for claim in disagreement["claims"]:
            assert claim["urls"], slug
            for url in claim["urls"]:
                assert url in events[slug]["urls"], (slug, url)
                assert claim["value"] in by_url[url]["text"], (slug, url, claim["value"])
            outlets_by_value.append({by_url[url]["outlet"] for url in claim["urls"]})
        # The competing claims come from different outlets.
        assert not set.intersection(*outlets_by_value), slug


def test_a_quote_is_reported_verbatim_by_two_outlets(events, by_url):
    shared = [(slug, event["shared_quote"]) for slug, event in events.items() if "shared_quote" in event]
    assert shared
    for slug, quote in shared:
        surname = quote["speaker"].split()[-1]
        outlets_quoting = set()
        for url in quote["urls"]:
            text = by_url[url]["text"]
            assert quote["text"] in text, (slug, url)
            assert surname in text, (slug, url)
            outlets_quoting.add(by_url[url]["outlet"])
        assert len(outlets_quoting) >= 2, slug


def test_a_quote_is_attributed_name_comma_role(events, by_url):
    attributions = [event["role_attribution"] for event in events.values() if "role_attribution" in event]
    assert attributions
    for attribution in attributions:
        assert attribution["text"] in by_url[attribution["url"]]["text"]
        assert re.search(r"[A-Z][a-z]+ [A-Z][a-z]+, [A-Z]", attribution["text"])


def test_one_quote_has_no_identifiable_speaker(events, by_url):
    entries = [event["quote_without_speaker"] for event in events.values() if "quote_without_speaker" in event]
    assert entries
    for entry in entries:
        assert entry["text"] in by_url[entry["url"]]["text"]


def test_syndicated_copy_is_a_near_duplicate(events, by_url):
    pairs = [pair for event in events.values() for pair in event.get("near_duplicates", [])]
    assert pairs
    for first, second in pairs:
        original, copy = by_url[first], by_url[second]
        assert original["url"] != copy["url"] and original["outlet"] != copy["outlet"]
        assert original["text"] != copy["text"], "a tiny edit, not an exact copy"
        ratio = difflib.SequenceMatcher(None, original["text"], copy["text"], autojunk=False).ratio()
        assert ratio > 0.95


# --- images ------------------------------------------------------------------------------------


def test_about_half_the_articles_have_an_image_that_exists(rows):
    with_image = [row for row in rows if row.get("image_url")]
    assert 0.4 <= len(with_image) / len(rows) <= 0.6
    for row in with_image:
        assert row["image_url"].startswith("/static/demo/") and row["image_url"].endswith(".svg")
        assert (demo.STATIC_DIR / row["image_url"].rsplit("/", 1)[1]).is_file(), row["image_url"]
        assert len(row["image_alt"].split()) >= 6, "alt text describes the picture"
        assert row["image_credit"] == f"Illustration: {row['outlet']}"
    for row in rows:
        if not row.get("image_url"):
            assert "image_alt" not in row and "image_credit" not in row


def test_svgs_are_small_well_formed_and_used(rows):
    used = {row["image_url"].rsplit("/", 1)[1] for row in rows if row.get("image_url")}
    files = {path.name: path for path in demo.STATIC_DIR.glob("*.svg")}
    assert set(files) == used, "no missing and no orphan illustrations"
    for name, path in files.items():
        data = path.read_bytes()
        assert len(data) < 4_096, name
        root = ET.fromstring(data)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.get("viewBox") == "0 0 1200 675", name
        assert b"<script" not in data and b"href=" not in data, name


# --- HTML twins --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def html_pages() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(demo.HTML_DIR.glob("*.html"))}


def test_there_are_four_to_six_html_pages(html_pages):
    assert 4 <= len(html_pages) <= 6


def test_html_pages_point_to_their_jsonl_twin(html_pages, by_url):
    for name, html in html_pages.items():
        tree = lxml.html.fromstring(html)
        canonical = tree.xpath("//link[@rel='canonical']/@href")
        assert len(canonical) == 1, name
        row = by_url.get(canonical[0])
        assert row is not None, (name, canonical[0])
        assert name == canonical[0].rsplit("/", 1)[1] + ".html"
        assert tree.xpath("//meta[@property='og:title']/@content") == [row["title"]]
        assert tree.xpath("//meta[@property='article:published_time']/@content") == [row["published"]]
        assert tree.xpath("//article//time/@datetime") == [row["published"]]
        if row.get("image_url"):
            assert tree.xpath("//meta[@property='og:image']/@content") == [row["image_url"]]
        (ld_json,) = tree.xpath("//script[@type='application/ld+json']/text()")
        ld = json.loads(ld_json)
        assert (ld["@type"], ld["mainEntityOfPage"], ld["headline"], ld["datePublished"]) == (
            "NewsArticle", row["url"], row["title"], row["published"])
        # The furniture a real page has and an extractor must drop.
        for selector in ("//nav", "//footer", "//aside", "//*[contains(@class, 'cookie')]"):
            assert tree.xpath(selector), (name, selector)


def test_trafilatura_recovers_the_article_text_from_each_page(html_pages, by_url):
    for name, html in html_pages.items():
        extracted = trafilatura.bare_extraction(html, with_metadata=True, favor_precision=True)
        document = extracted if isinstance(extracted, dict) else extracted.as_dict()
        row = by_url[document["url"]]
        assert document["date"] == row["published"][:10], name
        assert document["title"].startswith(row["title"]), name
        text = document["text"]
        for paragraph in row["text"].split("\n\n"):
            assert paragraph in text, (name, paragraph[:60])
        for boilerplate in ("cookies", "Sign up", "Most read", "All rights reserved"):
            assert boilerplate not in text, (name, boilerplate)


# --- quote gold ---------------------------------------------------------------------------------

QUOTED_SPAN = re.compile(r"“([^”]+)”|\"([^\"\n]+)\"")
QUOTE_KINDS = {"speech", "fragment", "unattributed", "anonymous", "title"}


def test_every_quoted_span_has_a_gold_annotation(rows, by_url):
    gold = demo.load_quotes()
    spans = [
        (row["url"], match.group(1) or match.group(2))
        for row in rows
        for paragraph in row["text"].split("\n\n")
        for match in QUOTED_SPAN.finditer(paragraph)
    ]
    assert [(quote["article_url"], quote["text"]) for quote in gold] == spans
    kinds = Counter(quote["kind"] for quote in gold)
    assert set(kinds) == QUOTE_KINDS
    assert kinds["speech"] >= 50
    for quote in gold:
        text = by_url[quote["article_url"]]["text"]
        if quote["speaker"]:
            assert quote["speaker"] in text, quote
        if quote["kind"] in {"unattributed", "title"}:
            assert quote["speaker"] is None and quote["role"] is None, quote
        if quote["kind"] == "anonymous":
            assert quote["speaker"] is None and quote["role"], quote


def test_gold_quotes_agree_with_events(events):
    gold = demo.load_quotes()
    for slug, event in events.items():
        shared = event.get("shared_quote")
        if not shared:
            continue
        speakers = {quote["speaker"] for quote in gold if shared["text"] in quote["text"] and quote["article_url"] in shared["urls"]}
        assert speakers == {shared["speaker"]}, slug
