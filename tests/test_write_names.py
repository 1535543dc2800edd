"""A person a page part names first by family name alone gets the full name the sources give.

"Halvorsen said the government's spending plans …" opened a demo Quick Read that never said who
Halvorsen was (session 15): the sentence came from an article whose earlier sentence named
"Finance Minister Idris Halvorsen". ``_Writer.introduce_names`` writes the full name at the first
mention of each page part and cites the sentence that gives it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from newsdesk.models import Article, Citation, CitedSentence
from newsdesk.text import split_sentences
from newsdesk.write import _Writer, write_story
from newsdesk.write.names import full_names_by_family_name
from test_write import assert_citations_valid

DAY = datetime(2026, 11, 19, 9)


def _index(*texts: str, common: frozenset[str] = frozenset()) -> dict[str, str]:
    found = full_names_by_family_name([split_sentences(t) for t in texts], list(texts), common)
    return {family: name.text for family, name in found.items()}


def test_a_family_name_stands_for_the_one_full_name_the_sources_give():
    assert _index("Finance Minister Idris Halvorsen spoke on Monday. Halvorsen said the plan was sound.",
                  "Governor Elias J. Marchetti said rates could rise.") == {
        "Halvorsen": "Idris Halvorsen", "Marchetti": "Elias J. Marchetti"}


def test_no_full_name_where_the_sources_leave_a_doubt():
    # two people of one family
    assert "Biden" not in _index("Joe Biden spoke on Monday. Hunter Biden did not.")
    # a first word that stands alone elsewhere is no given name there: the state, not Virginia Foxx
    assert "Foxx" not in _index("Virginia Foxx spoke on Monday. Schools in Virginia reopened.")
    # an article, and a word the sources write in lower case, or an organisation word
    assert _index("The Florida plan passed. The vote was close.") == {}
    assert "Green" not in _index("Mary Green said the green belt stays.")
    assert "Department" not in _index("Justice Department lawyers filed the motion.", common=frozenset({"department"}))


def _writer() -> _Writer:
    a = ("Finance Minister Idris Halvorsen presented the budget on Monday. "
         "Halvorsen said the government's spending plans would not add to inflation. "
         "George Washington's statue stands outside the finance ministry.")
    b = "The central bank raised its rate to 4.25% on Tuesday. The bank's governor spoke in Washington on Monday."
    return _Writer([Article(id=1, url="https://a.test/budget", title="Budget", text=a, published=DAY, outlet="A"),
                    Article(id=2, url="https://b.test/rates", title="Rates", text=b, published=DAY, outlet="B")])


def _cited(text: str, url: str = "https://b.test/rates") -> CitedSentence:
    return CitedSentence(text=text, sources=[Citation(article_url=url, sentence=text)])


def test_the_first_mention_gets_the_full_name_and_cites_the_sentence_that_gives_it():
    writer = _writer()
    part = [_cited("The central bank raised its rate to 4.25% on Tuesday."),
            _cited("Halvorsen said the government's spending plans would not add to inflation.", "https://a.test/budget"),
            _cited("Halvorsen said the government's spending plans would not add to inflation.", "https://a.test/budget")]
    out = writer.introduce_names(part)
    assert out[0] == part[0]
    assert out[1].text == "Idris Halvorsen said the government's spending plans would not add to inflation."
    assert Citation(article_url="https://a.test/budget",
                    sentence="Finance Minister Idris Halvorsen presented the budget on Monday.") in out[1].sources
    assert out[2] == part[2], "only the first mention"


def test_a_mention_that_is_no_first_bare_one_stays_as_written():
    writer = _writer()
    same = [
        "Finance Minister Halvorsen said the plans would not add to inflation.",  # after a title
        "“Halvorsen is wrong,” the opposition said.",  # inside a quotation
        "The Halvorsen budget passed.",  # a modifier after an article
        "Critics of the Halvorsen-era rules spoke.",  # part of a compound
        "The bank's governor spoke in Washington on Monday.",  # a place, with George Washington in the sources
    ]
    for text in same:
        assert writer.introduce_names([_cited(text)])[0].text == text
    # a page part whose text above named the person already
    above = ["Idris Halvorsen presented the budget on Monday."]
    text = "Halvorsen said the plans would not add to inflation."
    assert writer.introduce_names([_cited(text)], above=above)[0].text == text


def test_a_page_never_names_a_person_first_by_family_name_alone():
    a = ("Finance Minister Idris Halvorsen presented the 2027 budget to parliament on Monday. "
         "The budget cuts the energy subsidy by 1.8 billion crowns. "
         "Halvorsen said the government's spending plans for next year would not add to inflation.")
    b = ("The Bank of Aldermark raised its benchmark interest rate to 4.25% from 4% on Tuesday. "
         "The decision was taken by a five-to-two vote of the monetary policy committee. "
         "Halvorsen said the government's spending plans for next year would not add to inflation.")
    articles = [Article(id=1, url="https://a.test/budget", title="Halvorsen presents budget", text=a,
                        published=DAY, outlet="A News"),
                Article(id=2, url="https://b.test/rates", title="Bank of Aldermark raises rate to 4.25%", text=b,
                        published=DAY + timedelta(hours=1), outlet="B Times")]
    doc = write_story("budget", articles)
    parts = [doc.summary_sentences, doc.quick_read.sentences,
             [s for sec in doc.sections for p in sec.paragraphs for s in p.sentences]]
    assert any("Halvorsen" in s.text for part in parts for s in part)
    for part in parts:
        first = next((s.text for s in part if "Halvorsen" in s.text), None)
        assert first is None or "Idris Halvorsen" in first, first
    assert_citations_valid(doc, articles)


def test_in_brief_leaves_out_a_sentence_the_body_shows_in_other_words():
    """The body may show a summary sentence with a person's full name where the summary had it
    already (or the other way round): one source sentence, shown once."""
    from newsdesk.models import Paragraph, Section
    from newsdesk.page import in_brief

    a = ("Finance Minister Idris Halvorsen presented the 2027 budget to parliament on Monday. "
         "The budget cuts the energy subsidy by 1.8 billion crowns. "
         "Halvorsen said the government's spending plans for next year would not add to inflation.")
    articles = [Article(id=1, url="https://a.test/budget", title="Budget", text=a, published=DAY, outlet="A News")]
    doc = write_story("budget", articles)
    source = split_sentences(a)[2]
    bare = CitedSentence(text=source, sources=[Citation(article_url="https://a.test/budget", sentence=source)])
    full = CitedSentence(text="Idris " + source, sources=bare.sources)
    dek = doc.summary_sentences[0]
    shown = doc.model_copy(update={"dek": dek.text, "summary_sentences": [dek, full],
                                   "sections": [Section(heading="What happened", paragraphs=[Paragraph(sentences=[bare])])]})
    assert in_brief(shown) == []
    apart = shown.model_copy(update={"sections": []})
    assert in_brief(apart) == [full]


def test_a_capital_at_a_sentences_start_or_after_a_bracket_is_read_for_what_it_is():
    # German capitalises every noun and any word at a sentence's start: "Nasser Schnee" is wet snow
    assert "Schnee" not in _index("Nasser Schnee bleibt auf den Modulen liegen. Dann rutscht der Schnee ab.")
    assert _index("Der Minister Idris Halvorsen sprach. Halvorsen sagte nichts.") == {"Halvorsen": "Idris Halvorsen"}
    writer = _writer()
    for text in ("The new partner (Idris Halvorsen) arrives in the second season.",
                 # French elision before the given name (the eval pages had "d’Emmanuel Emmanuel Macron")
                 "Le budget d’Idris Halvorsen sera présenté lundi.", "Le budget d'Idris Halvorsen sera présenté lundi."):
        assert writer.introduce_names([_cited(text)])[0].text == text


@pytest.mark.parametrize("word, nationality", [
    ("Chinese", True), ("Americans", True), ("British", True), ("Soviet", True), ("Iraqis", True), ("Dutch", True),
    ("Biden", False), ("Lowmere", False), ("Texas", False),
])
def test_is_nationality(word, nationality):
    from newsdesk.write.names import is_nationality

    assert is_nationality(word) is nationality
