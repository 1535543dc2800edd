"""The view layer's rules: which URLs may become links or images, dates, ranking, citations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.web import present

from .sample_site import DISCREPANCY_ID, HOSTILE_ID, sample_documents


@pytest.mark.parametrize("url, ok", [
    ("https://example.com/a", True),
    ("http://example.com/a?b=1#c", True),
    ("HTTPS://EXAMPLE.COM/", True),
    ("javascript:alert(1)", False),
    (" javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    ("data:text/html,<script>", False),
    ("//example.com/a", False),
    ("/relative", False),
    ("https://exa mple.com", False),
    ('https://example.com/"onmouseover="x', False),
    ("https:///nohost", False),
    ("ftp://example.com/", False),
    ("", False),
    (None, False),
])
def test_is_http_url(url, ok):
    assert present.is_http_url(url) is ok


@pytest.mark.parametrize("url, expected", [
    ("/static/demo/harbour.svg", "/static/demo/harbour.svg"),
    ("https://img.example/a.jpg", "https://img.example/a.jpg"),
    ("/static/../settings.py", None),
    ("/etc/passwd", None),
    ("javascript:alert(1)", None),
    ("data:image/svg+xml,<svg onload=alert(1)>", None),
    ("//evil.example/x.png", None),
])
def test_safe_image_src(url, expected):
    assert present.safe_image_src(url) == expected


def test_only_the_storys_own_sources_become_links():
    doc = next(d for d, _ in sample_documents() if d.id == HOSTILE_ID)
    allowed = present.allowed_links(doc)
    assert allowed and all(u.startswith("https://") for u in allowed)
    assert present.safe_source_href("javascript:window.__pwned=3", allowed) is None
    assert present.safe_source_href("https://elsewhere.example/", allowed) is None


def test_citations_number_like_the_sources_list():
    doc = next(d for d, _ in sample_documents() if d.id == DISCREPANCY_ID)
    view = present.story_view(doc)
    numbers = {s.url: s.number for s in view.sources}
    assert sorted(numbers.values()) == list(range(1, len(doc.sources) + 1))
    for _heading, paragraphs in view.sections:
        for para in paragraphs:
            for sentence in para:
                assert sentence.cites, sentence.text
                for cite in sentence.cites:
                    assert cite.href in numbers and numbers[cite.href] == cite.number
    # footnotes hold each distinct (source, sentence) once
    keys = [(f.number, f.sentence) for f in view.footnotes]
    assert len(keys) == len(set(keys))
    assert [c.outlet for c in view.coverage][0] in doc.outlets


@pytest.mark.parametrize("value, text", [
    ("2026-01-06", "Tue 6th Jan, 2026"),
    ("2026-03-01", "Sun 1st Mar, 2026"),
    ("2026-03-22", "Sun 22nd Mar, 2026"),
    ("2026-03-13", "Fri 13th Mar, 2026"),
    ("2026-03-23", "Mon 23rd Mar, 2026"),
    ("2026-03-11", "Wed 11th Mar, 2026"),
    ("not a date", "not a date"),
    (None, ""),
])
def test_long_date(value, text):
    assert present.long_date(value) == text


def test_rank_top_weighs_outlets_against_age():
    docs = {d.id: d for d, _ in sample_documents()}
    now = datetime(2026, 3, 12, 9, tzinfo=UTC)
    wide_old = docs[DISCREPANCY_ID].model_copy(update={"updated": now - timedelta(hours=48)})
    narrow_new = docs["story-rover"].model_copy(update={"updated": now})
    assert present.rank_top([wide_old, narrow_new], now)[0].id == "story-rover"
    wide_new = docs[DISCREPANCY_ID].model_copy(update={"updated": now - timedelta(hours=1)})
    assert present.rank_top([narrow_new, wide_new], now)[0].id == DISCREPANCY_ID


def test_quick_paragraphs_split_on_blank_lines_or_every_three_sentences():
    doc = next(d for d, _ in sample_documents() if d.id == DISCREPANCY_ID)
    assert len(present.quick_paragraphs(doc)) == 2
    one_block = doc.quick_read.model_copy(update={"text": "A one. B two. C three. D four. E five."})
    paras = present.quick_paragraphs(doc.model_copy(update={"quick_read": one_block}))
    assert paras == ["A one. B two. C three.", "D four. E five."]


def test_category_slugs_round_trip():
    assert present.category_slug("Crime & Justice") == "crime-justice"
    assert all(present.CATEGORY_BY_SLUG[present.category_slug(c)] == c for c in present.CATEGORIES)


def test_disagreement_box_heads_names_dates_and_claims_in_words():
    from newsdesk.models import Discrepancy, DiscrepancyClaim

    doc = next(d for d, _ in sample_documents() if d.id == DISCREPANCY_ID)
    claims = [DiscrepancyClaim(outlet=o, article_url=doc.sources[i].url, value=v, sentence=f"Led by {v}.")
              for i, (o, v) in enumerate([("Harbour Gazette", "Nordstrand Energy"), ("The Northern Ledger", "Nordvik Energy")])]
    doc = doc.model_copy(update={"discrepancies": [
        *doc.discrepancies,
        Discrepancy(subject="name", kind="name", claims=claims),
        Discrepancy(subject="date", kind="date", claims=claims),
    ]})
    headings = [d["subject"] for d in present.story_view(doc).discrepancies]
    # a real subject is kept; a subject that only repeats the kind becomes words a reader understands
    assert headings == ["The council vote", "Who is named", "When it happened"]
    assert present.discrepancy_heading("claim", "claim") == "What happened"
    assert present.discrepancy_heading("name", "The plant's owner") == "The plant's owner"


def test_a_story_whose_sources_give_no_date_says_when_it_was_added():
    """An undated eval page led the home page as "8 Dec 2026, 01:42 UTC" (session 17): the time newsdesk read
    it, shown like a publication time. Such a story's dates say "Added"."""
    from newsdesk.settings import Settings
    from newsdesk.web.app import make_templates

    doc = sample_documents()[0][0]
    assert doc.sources and not present.dates_unknown(doc)
    undated = doc.model_copy(update={"sources": [s.model_copy(update={"published": None}) for s in doc.sources]})
    assert present.dates_unknown(undated)
    macros = make_templates(Settings(_env_file=None)).get_template("_macros.html").module
    assert "Added" in str(macros.meta_line(undated))
    assert "Added" not in str(macros.meta_line(doc))
