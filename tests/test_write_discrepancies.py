"""Discrepancy detection, driven by tests/fixtures/discrepancies/*.json.

Each fixture lists articles (outlet + text) and the expected discrepancies (subject and the
phrase each outlet uses). The written page must show contested sentences only attributed.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.models import Article
from newsdesk.text import split_sentences
from newsdesk.verify import verify_document
from newsdesk.write import write_story
from newsdesk.write.discrepancies import find_discrepancies

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "discrepancies").glob("*.json"))


def _articles(fixture: dict) -> list[Article]:
    return [
        Article(
            id=i,
            url=f"https://example.test/{i}",
            title=f"Report {i}",
            text=row["text"],
            published=datetime.fromisoformat(row["published"]) if "published" in row
            else datetime(2026, 1, 6, 9) + timedelta(hours=i),
            outlet=row["outlet"],
        )
        for i, row in enumerate(fixture["articles"])
    ]


def test_fixtures_exist():
    assert len(FIXTURES) >= 20
    kinds = {e.get("kind", "number") for p in FIXTURES for e in json.loads(p.read_text(encoding="utf-8"))["expected"]}
    assert kinds == {"number", "date", "name", "claim"}


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_discrepancy_fixture(path: Path):
    fixture = json.loads(path.read_text(encoding="utf-8"))
    articles = _articles(fixture)
    found = find_discrepancies(articles)
    assert len(found) == len(fixture["expected"]), [d.subject for d in found]
    for expected, got in zip(fixture["expected"], found):
        assert got.subject == expected["subject"]
        assert got.kind == expected.get("kind", "number")
        values = [c.value for c in got.claims]
        for value in expected["values"]:
            assert any(value in v for v in values), (value, values)
        assert len({c.outlet for c in got.claims}) >= 2
        for claim in got.claims:
            article = next(a for a in articles if a.url == claim.article_url)
            assert claim.outlet == article.outlet
            assert claim.sentence in split_sentences(article.text)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_page_never_states_a_contested_sentence_as_fact(path: Path):
    fixture = json.loads(path.read_text(encoding="utf-8"))
    articles = _articles(fixture)
    doc = write_story("s1", articles)
    contested = {c.sentence for d in doc.discrepancies for c in d.claims}
    published = [s for sec in doc.sections for p in sec.paragraphs for s in p.sentences]
    published += doc.summary_sentences + doc.quick_read.sentences
    for sentence in published:
        if any(c.sentence in contested for c in sentence.sources):
            assert sentence.text.startswith("According to "), sentence.text
    assert doc.discrepancies == find_discrepancies(sorted(articles, key=lambda a: a.published))
    # Re-verifying a verified page drops nothing more.
    assert verify_document(doc, articles).dropped == doc.dropped


def test_demo_corpus_name_disagreement_is_found_and_never_stated_as_fact():
    from newsdesk.demo import load_events, load_rows

    events = {slug: e for slug, e in load_events().items() if "name_disagreement" in e}
    assert events, "the demo corpus plants a name disagreement"
    rows = {r["url"]: r for r in load_rows()}
    for slug, event in events.items():
        articles = [
            Article(id=i, url=u, title=rows[u]["title"], text=rows[u]["text"], outlet=rows[u]["outlet"],
                    published=datetime.fromisoformat(rows[u]["published"]))
            for i, u in enumerate(event["urls"])
        ]
        names = [d for d in find_discrepancies(articles) if d.kind == "name"]
        gold = {(url, c["value"]) for c in event["name_disagreement"]["claims"] for url in c["urls"]}
        assert len(names) == 1, slug
        assert {(c.article_url, c.value) for c in names[0].claims} == gold
        doc = write_story(slug, articles)
        assert doc.discrepancies == find_discrepancies(sorted(articles, key=lambda a: (a.published, a.url)))
        published = [s.text for sec in doc.sections for p in sec.paragraphs for s in p.sentences]
        published += [doc.dek, *(s.text for s in doc.summary_sentences + doc.quick_read.sentences)]
        shown = [text for text in published for _, value in gold if value in text]
        assert all(text.startswith("According to ") for text in shown), shown


def _undated(i: int, text: str) -> Article:
    return Article(id=i, url=f"https://outlet{i}.test/a", title="Lawmaker dies", text=text, published=datetime(2020, 1, 1),
                   published_estimated=True, outlet=f"Outlet {i}")


def test_undated_outlets_giving_different_weekdays_for_one_event_disagree():
    # no publication date to count from: "early Thursday" against "early Tuesday" is a disagreement as written
    articles = [
        _undated(1, "Rep. Elena Marsh died early Thursday at Harbour General Hospital due to complications from "
                    "longstanding health challenges, her office said. She was 68."),
        _undated(2, "Rep. Elena Marsh died early Tuesday at Harbour General Hospital due to complications from "
                    "longtime health challenges, her office announced. She had served since 1996."),
    ]
    found = [d for d in find_discrepancies(articles) if d.kind == "date"]
    assert [sorted(c.value for c in d.claims) for d in found] == [["early Thursday", "early Tuesday"]]
    doc = write_story("marsh", articles)
    stated = [s.text for s in doc.summary_sentences] + [s.text for s in doc.quick_read.sentences]
    stated += [s.text for sec in doc.sections for p in sec.paragraphs for s in p.sentences]
    dated = [s for s in stated if "early Thursday" in s or "early Tuesday" in s]
    assert dated and all(s.startswith("According to Outlet ") for s in dated), dated  # said by whom, never as fact
    # the same weekday is no disagreement
    same = [articles[0], _undated(2, articles[0].text.replace("her office said", "her office announced"))]
    assert not [d for d in find_discrepancies(same) if d.kind == "date"]
