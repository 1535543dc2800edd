"""Opinion pieces: known by URL or title; their sentences argue, so only the perspectives show them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from newsdesk import pipeline
from newsdesk.models import Article
from newsdesk.settings import Settings
from newsdesk.store import Store
from newsdesk.text import split_sentences
from newsdesk.web.app import create_app
from newsdesk.write import write_story
from newsdesk.write.opinion import is_opinion
from test_write import all_sentences

DAY = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _article(url: str, title: str = "Council approves ferry terminal") -> Article:
    return Article(id=1, url=url, title=title, text="x", published=DAY, outlet="O")


@pytest.mark.parametrize("url, title, expected", [
    ("https://www.nytimes.com/2021/04/29/opinion/biden-schumer-manchin.html", "Why bipartisanship failed", True),
    ("https://www.washingtonpost.com/opinions/2021/05/27/covid-origin/", "A beginning, not an end", True),
    ("https://thehill.com/opinion/technology/549277-chip-crisis", "Why you should care", True),
    ("https://www.washingtonexaminer.com/opinion/editorials/origins", "Troubling", True),
    ("https://example.org/commentary/2026/03/ferry", "The ferry", True),
    ("https://www.newsweek.com/black-athletes-mental-health-opinion-1613718", "Black athletes lead", True),
    ("https://example.org/news/2026/ferry", "Opinion: The ferry terminal is a waste of money", True),
    ("https://example.org/news/2026/ferry", "Commentary | Lowmere deserves better", True),
    ("https://example.org/news/2026/ferry", "Council approves ferry terminal", False),
    ("https://example.org/news/columns-of-smoke-over-lowmere", "Columns of smoke over Lowmere", False),
    ("https://example.org/world/opinion-poll-shows-lead", "Poll shows lead for mayor", False),
    ("https://example.org/news/public-opinion-shifts-on-ferry", "Public opinion shifts", False),
    ("https://www.jpost.com/opinion/the-cycle-of-absurdity-opinion-667999", "The cycle of absurdity", True),
    ("https://example.org/news/2026/ferry", "Opinions divided over ferry terminal", False),
    ("https://www.theguardian.com/commentisfree/2021/apr/22/earth-day", "Four steps this Earth Day", True),
    ("https://www.theatlantic.com/ideas/archive/2021/05/mask-wearing/618916/", "Excuse me", True),
    ("https://www.nbcnews.com/think/opinion/vaccine-ncna1", "Vaccines", True),
    ("https://example.org/world/ideas-for-the-harbour", "Ideas for the harbour", False),
    # session 11: a slug starting "opinion-", the Washington Post's Outlook, National Review's Corner,
    # the WSJ's opinion tracking tag, AllSides' "Perspectives:" roundups
    ("https://www.dailywire.com/news/opinion-the-second-amendment-doesnt-shrink", "The Second Amendment", True),
    ("https://www.washingtonpost.com/outlook/2021/07/02/fourth-july/", "The Declaration's debt", True),
    ("https://www.nationalreview.com/corner/to-crt-or-not-to-crt/", "To CRT or Not to CRT?", True),
    ("https://www.wsj.com/articles/government-wont-fix-it-11619649205?mod=hp_opin_pos_2", "Government won't fix it", True),
    ("https://www.wsj.com/articles/chip-shortage-11619649205?mod=hp_lead_pos1", "Chip shortage deepens", False),
    ("https://example.org/blog/perspectives-viral-army-ad", "Perspectives: Is the viral Army ad empowering?", True),
    ("https://example.org/world/opinion-polls-show-lead", "Polls show lead for mayor", False),
    ("https://example.org/news/outlook-for-the-harbour", "Outlook for the harbour", False),
    # session 17: readers' letters (an eval page's "Letters: Coddling criminals | Undermining road | …")
    ("https://www.mercurynews.com/2023/01/16/letters-1119", "Coddling criminals", True),
    ("https://example.org/news/2026/ferry", "Letters: The ferry terminal | Parking fees | School board", True),
    ("https://example.org/2026/03/letters-to-the-editor-march-5", "Your views", True),
    ("https://example.org/news/letters-reveal-secret-deal", "Letters reveal secret harbour deal", False),
    ("https://example.org/world/letter-from-berlin", "Letter from Berlin: a city reopens", False),
])
def test_is_opinion_by_url_or_title(url, title, expected):
    assert is_opinion(_article(url, title)) is expected


@pytest.mark.parametrize("outlet, expected", [
    ("New York Post (Opinion)", True),  # AllSides' name for the Post's opinion desk
    ("NYT > Opinion", True),
    ("WSJ Opinion", True),
    ("The Guardian - Commentary", True),
    ("New York Post (News)", False),
    ("Public Opinion Review Daily", False),
    ("Lowmere Opinionated Weekly", False),
])
def test_is_opinion_by_the_source_name(outlet, expected):
    article = _article("https://example.org/news/2026/ferry", "Council approves ferry terminal")
    assert is_opinion(article.model_copy(update={"outlet": outlet})) is expected


NEWS_A = ("The council of Lowmere approved a new ferry terminal on Monday by seven votes to four. "
          "The terminal will cost 42 million euros and open in 2028, the harbour office said. "
          "Work on the quays is due to start in the autumn, according to the council.")
NEWS_B = ("Lowmere's council voted seven to four on Monday to build a ferry terminal for 42 million euros. "
          "Mayor Lena Ortiz said the terminal would bring 300 jobs to the harbour. "
          "Opponents on the council said the cost was too high for a town of its size.")
OPINION = ("The ferry terminal Lowmere's council approved on Monday is a monument to vanity. "
           "Forty-two million euros would have repaired every school roof in the town twice over. "
           "The councillors who voted for it will be remembered for a white elephant on the quays.")


def _story() -> list[Article]:
    return [
        Article(id=1, url="https://harbour-ledger.test/news/ferry", title="Council approves ferry terminal",
                text=NEWS_A, published=DAY, outlet="The Harbour Ledger"),
        Article(id=2, url="https://meridian.test/lowmere/ferry-vote", title="Lowmere votes for ferry terminal",
                text=NEWS_B, published=DAY + timedelta(hours=2), outlet="Meridian Wire"),
        Article(id=3, url="https://courier.test/opinion/ferry-vanity",
                title="Opinion: Lowmere's ferry terminal is a monument to vanity",
                text=OPINION, published=DAY + timedelta(hours=3), outlet="The Morning Courier"),
    ]


def test_opinion_sentences_stay_off_summary_quick_read_sections_and_timeline():
    articles = _story()
    doc = write_story("ferry", articles)
    opinion_sentences = set(split_sentences(OPINION))
    shown = list(all_sentences(doc))
    assert shown, "the news reports still make a page"
    for s in shown:
        assert s.sources[0].sentence not in opinion_sentences, s.text
        assert "vanity" not in s.text and "white elephant" not in s.text
    assert all(e.article_url != articles[2].url for e in doc.timeline)
    assert "vanity" not in doc.headline and not doc.headline.lower().startswith("opinion")
    assert [s.opinion for s in doc.sources] == [False, False, True]
    # the column is still part of the coverage: cited, attributed, in the perspectives
    assert any(p.citation.article_url == articles[2].url for p in doc.perspectives)


def test_a_story_of_opinion_pieces_only_is_still_written():
    articles = [a.model_copy(update={"url": a.url.replace("/news/", "/opinion/").replace("/lowmere/", "/opinion/")})
                for a in _story()]
    assert all(is_opinion(a) for a in articles)
    doc = write_story("ferry", articles)
    assert doc.summary_sentences and all(s.opinion for s in doc.sources)


def test_opinion_and_an_essay_with_nothing_showable_still_make_a_page():
    # AllSides' "Divides on public health measures": two opinion pieces and a first-person essay
    # filed under /ideas/, whose every sentence leans on one before it, left a page with no summary,
    # sections or quick read.
    essay = ("She has worn a mask at the grocery store for over a year now without any complaint. "
             "It is too early to relax the rules for everyone in the ferry town of Lowmere. "
             "They should wait until the autumn before the councillors decide anything at all.")
    articles = _story()[2:] + [
        Article(id=4, url="https://atlantic.test/ideas/unmask", title="Excuse Me If I’m Not Ready to Unmask",
                text=essay, published=DAY + timedelta(hours=4), outlet="The Atlantic"),
    ]
    doc = write_story("ferry", articles)
    assert doc.summary_sentences and doc.dek and doc.quick_read.sentences


def test_story_page_marks_the_opinion_source(tmp_path):
    rows = [{"url": a.url, "title": a.title, "text": a.text, "published": a.published.isoformat(), "outlet": a.outlet}
            for a in _story()]
    source = tmp_path / "ferry.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'n.db'}", host_delay=0)
    store = Store(settings.database_url)
    store.migrate()
    pipeline.run(store, settings, [str(source)])
    [story_id] = [sid for sid, members in store.story_memberships().items() if len(members) == 3]
    html = TestClient(create_app(store, settings)).get(f"/story/{story_id}").text
    sources = html[html.index('id="sources"'):]
    courier = sources.index("The Morning Courier")
    assert ">Opinion</span>" in sources[courier:courier + 400]
    assert sources.count(">Opinion</span>") == 1
    store.dispose()


def test_a_story_told_only_by_opinion_pieces_says_so():
    """Every sentence of such a page comes from columns: it is labelled, not presented as established news."""
    from newsdesk.write import write_story

    texts = [
        ("https://example.org/opinion/ferry-folly", "The ferry terminal is a folly",
         "Lowmere's council approved a ferry terminal that will cost the town $40 million. "
         "The terminal will serve two ferries a day, according to the harbor office."),
        ("https://example.com/opinion/ferry-at-last", "At last, a ferry for Lowmere",
         "The council of Lowmere approved the $40 million ferry terminal on Monday. "
         "Two ferries a day will stop at the new terminal from next spring."),
    ]
    articles = [_article(url, title).model_copy(update={"id": i, "text": text, "outlet": f"Outlet {i}"})
                for i, (url, title, text) in enumerate(texts)]
    doc = write_story("ferry", articles)
    assert doc.opinion_only and doc.summary_sentences
    news = _article("https://example.org/news/ferry", "Council approves ferry terminal").model_copy(
        update={"id": 9, "outlet": "Wire", "text": "The council of Lowmere approved a $40 million ferry terminal on Monday."})
    assert not write_story("ferry", [*articles, news]).opinion_only
