"""The verifier: invented numbers, names, misattributed quotes and bad citations are caught."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsdesk.models import Citation, CitedSentence, Paragraph, PullQuote, Section
from newsdesk.models import Article
from newsdesk.verify import verify_document, verify_pull_quote, verify_sentence
from newsdesk.write import write_story

A_TEXT = (
    "The city council of Brennick voted 7 to 2 on Tuesday to close the Elm Street bridge for repairs. "
    "The work will cost $4.5 million and take eight months, council members said. "
    "“We cannot keep sending school buses over a bridge that is falling apart,” said Mayor Ilse Varga. "
    "Shop owners on Elm Street warned that the closure would hurt business."
)
B_TEXT = (
    "Brennick's council approved the closure of the Elm Street bridge on Tuesday. "
    "Repairs are expected to cost $4.5 million, according to city engineer Tomas Reyes. "
    "Reyes said the bridge could reopen next autumn."
)
PUBLISHED = datetime(2026, 11, 18, 10)  # a Wednesday: "on Tuesday" is November 17


@pytest.fixture()
def articles() -> list[Article]:
    return [
        Article(id=1, url="https://a.test/bridge", title="Brennick closes bridge", text=A_TEXT,
                published=PUBLISHED, outlet="Brennick Bugle"),
        Article(id=2, url="https://b.test/bridge", title="Bridge to shut", text=B_TEXT,
                published=PUBLISHED, outlet="Valley Courier"),
    ]


def two_outlets(slug: str, outlet_a: str, text_a: str, outlet_b: str, text_b: str) -> tuple[Article, Article]:
    """Two articles on one event from two outlets, published together."""
    return (
        Article(id=1, url=f"https://a.test/{slug}", title="t", published=PUBLISHED, outlet=outlet_a, text=text_a),
        Article(id=2, url=f"https://b.test/{slug}", title="t", published=PUBLISHED, outlet=outlet_b, text=text_b),
    )


def cite(text: str, url: str, sentence: str) -> CitedSentence:
    return CitedSentence(text=text, sources=[Citation(article_url=url, sentence=sentence)])


VOTE = "The city council of Brennick voted 7 to 2 on Tuesday to close the Elm Street bridge for repairs."
QUOTE = "“We cannot keep sending school buses over a bridge that is falling apart,” said Mayor Ilse Varga."


def test_extractive_sentence_passes(articles):
    assert verify_sentence(cite(VOTE, "https://a.test/bridge", VOTE), articles).ok


def test_resolved_relative_date_passes(articles):
    text = VOTE.replace("on Tuesday", "on November 17")
    assert verify_sentence(cite(text, "https://a.test/bridge", VOTE), articles).ok


def test_wrongly_resolved_date_is_caught(articles):
    text = VOTE.replace("on Tuesday", "on November 16")
    verdict = verify_sentence(cite(text, "https://a.test/bridge", VOTE), articles)
    assert not verdict.ok and "date" in verdict.reason


def test_invented_number_is_caught(articles):
    text = VOTE.replace("7 to 2", "8 to 1")
    verdict = verify_sentence(cite(text, "https://a.test/bridge", VOTE), articles)
    assert not verdict.ok and "number" in verdict.reason


def test_invented_name_is_caught(articles):
    text = "Council member Ruth Okoye voted to close the Elm Street bridge for repairs."
    verdict = verify_sentence(cite(text, "https://a.test/bridge", VOTE), articles)
    assert not verdict.ok and "Ruth Okoye" in verdict.reason


def test_misattributed_quote_is_caught(articles):
    # Both people are named in the cited sentences; only the quote's speaker is wrong.
    text = QUOTE.replace("Mayor Ilse Varga", "Tomas Reyes")
    reyes = "Repairs are expected to cost $4.5 million, according to city engineer Tomas Reyes."
    sentence = CitedSentence(text=text, sources=[
        Citation(article_url="https://a.test/bridge", sentence=QUOTE),
        Citation(article_url="https://b.test/bridge", sentence=reyes),
    ])
    verdict = verify_sentence(sentence, articles)
    assert not verdict.ok and "attributed to Tomas Reyes" in verdict.reason


def test_altered_quote_is_caught(articles):
    text = QUOTE.replace("falling apart", "about to collapse")
    verdict = verify_sentence(cite(text, "https://a.test/bridge", QUOTE), articles)
    assert not verdict.ok and "verbatim" in verdict.reason


def test_citation_not_in_article_is_caught(articles):
    verdict = verify_sentence(cite(VOTE, "https://b.test/bridge", VOTE), articles)
    assert not verdict.ok and "not verbatim" in verdict.reason


def test_unknown_article_is_caught(articles):
    verdict = verify_sentence(cite(VOTE, "https://elsewhere.test/", VOTE), articles)
    assert not verdict.ok and "not in the story" in verdict.reason


def test_no_citation_is_caught(articles):
    assert not verify_sentence(CitedSentence(text=VOTE, sources=[]), articles).ok


def test_weak_lexical_support_is_caught(articles):
    text = "Owners warned that the closure would hurt business."
    verdict = verify_sentence(cite(text, "https://a.test/bridge", VOTE), articles)
    assert not verdict.ok and "support" in verdict.reason


def test_contested_figure_must_be_attributed():
    a, b = two_outlets("x", "Harbor Ledger",
                       "Leaders of more than 24 countries met in Paris.",
                       "Valley Courier",
                       "Officials from over 30 nations gathered in Paris.")
    sentence = "Leaders of more than 24 countries met in Paris."
    verdict = verify_sentence(cite(sentence, a.url, sentence), [a, b])
    assert not verdict.ok and "contested" in verdict.reason
    attributed = "According to Harbor Ledger, leaders of more than 24 countries met in Paris."
    assert verify_sentence(cite(attributed, a.url, sentence), [a, b]).ok


def test_verify_document_drops_and_records(articles):
    doc = write_story("bridge", articles)
    bad = cite("The bridge repairs will cost $9 million, said Ruth Okoye.", "https://a.test/bridge",
               "The work will cost $4.5 million and take eight months, council members said.")
    tampered = doc.model_copy(update={
        "sections": [Section(heading="Injected", paragraphs=[Paragraph(sentences=[bad])]), *doc.sections],
        "pull_quote": PullQuote(text="We cannot keep sending school buses over a bridge that is falling apart",
                                speaker="Tomas Reyes", role="city engineer", article_url="https://a.test/bridge"),
    })
    checked = verify_document(tampered, articles)
    texts = [s.text for sec in checked.sections for p in sec.paragraphs for s in p.sentences]
    assert bad.text not in texts
    assert any(d.text == bad.text and "number" in d.reason for d in checked.dropped)
    assert checked.pull_quote is None
    assert any("Pull quote" in d.text for d in checked.dropped)


def test_pull_quote_with_correct_speaker_passes(articles):
    doc = write_story("bridge", articles)
    assert doc.pull_quote is not None
    assert doc.pull_quote.speaker == "Ilse Varga"
    assert doc.pull_quote.role == "Mayor"
    assert verify_pull_quote(doc, articles).ok


def test_optional_embedding_support(articles):
    from newsdesk.embed import HashingEmbedder

    embedder = HashingEmbedder()
    unrelated = "Shop owners on Elm Street warned that the closure would hurt business."
    ok = verify_sentence(cite(VOTE, "https://a.test/bridge", VOTE), articles, embedder=embedder,
                         embedding_threshold=0.5)
    assert ok.ok
    bad = verify_sentence(cite(unrelated, "https://a.test/bridge", VOTE), articles, embedder=embedder,
                          lexical_threshold=0.0, embedding_threshold=0.5)
    assert not bad.ok and "semantic" in bad.reason


def test_contested_date_must_be_attributed():
    a, b = two_outlets("d", "Capital Wire",
                       "The regional assembly will vote on the harbour bill on March 3, the speaker announced.",
                       "Federal Times",
                       "The regional assembly is set to vote on the harbour bill on March 4.")
    sentence = "The regional assembly is set to vote on the harbour bill on March 4."
    verdict = verify_sentence(cite(sentence, b.url, sentence), [a, b])
    assert not verdict.ok and "contested date" in verdict.reason
    attributed = "According to Federal Times, the regional assembly is set to vote on the harbour bill on March 4."
    assert verify_sentence(cite(attributed, b.url, sentence), [a, b]).ok


# --- quote speakers read from the cited source's own attribution (sentence before, continuation)
PIER_URL = "https://c.test/pier"
PIER_TEXT = (
    "Harbour master Petra Lind inspected the old pier on Monday. "
    "“The pier will not survive another winter,” she said. "
    "“We have patched it for a decade.” "
    "City engineer Tomas Reyes toured the pier with her. "
    "Residents packed the meeting hall that evening. "
    "“It is a disgrace to this town,” one resident shouted."
)
SHE_SAID = "“The pier will not survive another winter,” she said."
CONTINUATION = "“We have patched it for a decade.”"
REYES = "City engineer Tomas Reyes toured the pier with her."
UNNAMED = "“It is a disgrace to this town,” one resident shouted."


@pytest.fixture()
def pier() -> list[Article]:
    return [Article(id=3, url=PIER_URL, title="Pier", text=PIER_TEXT, published=PUBLISHED, outlet="Harbor Ledger")]


def _cites(text: str, *sentences: str) -> CitedSentence:
    return CitedSentence(text=text, sources=[Citation(article_url=PIER_URL, sentence=s) for s in sentences])


def test_speaker_named_in_the_sentence_before_passes(pier):
    # The cited sentence says only "she said"; the source names her one sentence earlier.
    text = "“The pier will not survive another winter,” said Petra Lind."
    assert verify_sentence(_cites(text, SHE_SAID), pier).ok


def test_swapped_speaker_is_caught_even_when_named_in_a_cited_sentence(pier):
    # Reyes is named in a cited sentence, but the source gives the quote to Lind.
    text = "“The pier will not survive another winter,” said Tomas Reyes."
    verdict = verify_sentence(_cites(text, SHE_SAID, REYES), pier)
    assert not verdict.ok and "attributed to Tomas Reyes" in verdict.reason and "lind" in verdict.reason


def test_continuation_quote_keeps_its_speaker(pier):
    good = "“We have patched it for a decade,” Petra Lind said."
    assert verify_sentence(_cites(good, CONTINUATION), pier).ok
    bad = "“We have patched it for a decade,” Tomas Reyes said."
    verdict = verify_sentence(_cites(bad, CONTINUATION, REYES), pier)
    assert not verdict.ok and "attributed to Tomas Reyes" in verdict.reason


def test_quote_the_source_gives_no_speaker_cannot_be_given_one(pier):
    text = "“It is a disgrace to this town,” said Tomas Reyes."
    verdict = verify_sentence(_cites(text, UNNAMED, REYES), pier)
    assert not verdict.ok and "gives no speaker" in verdict.reason
    # Quoting it without naming anyone is fine.
    assert verify_sentence(_cites(UNNAMED, UNNAMED), pier).ok


def test_contested_name_must_be_attributed():
    a, b = two_outlets("n", "Coast Herald",
                       "Police said the suspect, John Smith, was arrested at the harbour on Monday night.",
                       "Inland Gazette",
                       "Police said the suspect, Jon Smyth, was arrested at the harbour on Monday night.")
    plain = "The suspect, John Smith, was arrested at the harbour."
    cited = a.text
    verdict = verify_sentence(cite(plain, a.url, cited), [a, b])
    assert not verdict.ok and "contested name" in verdict.reason
    attributed = "According to Coast Herald, the suspect, John Smith, was arrested at the harbour."
    assert verify_sentence(cite(attributed, a.url, cited), [a, b]).ok
    # "Police said" attributes it to the police, not to the outlet that has this version.
    assert not verify_sentence(cite(cited, a.url, cited), [a, b]).ok
    wrong_outlet = "According to Inland Gazette, the suspect, John Smith, was arrested at the harbour."
    assert not verify_sentence(cite(wrong_outlet, a.url, cited), [a, b]).ok


def test_contested_claim_must_be_attributed():
    a, b = two_outlets("c", "Harbor Ledger",
                       "The city council approved the harbour expansion plan on Tuesday after a long debate.",
                       "Valley Courier",
                       "The city council rejected the harbour expansion plan on Tuesday after a long debate.")
    plain = "The city council approved the harbour expansion plan after a long debate."
    verdict = verify_sentence(cite(plain, a.url, a.text), [a, b])
    assert not verdict.ok and "contested claim" in verdict.reason
    attributed = "According to Harbor Ledger, the city council approved the harbour expansion plan after a long debate."
    assert verify_sentence(cite(attributed, a.url, a.text), [a, b]).ok


def test_pull_quote_by_a_contested_name_is_dropped():
    # Outlets disagree on the suspect's name; a pull quote credited to one version states it as fact.
    a, b = two_outlets("q", "Coast Herald",
                       "Police said the suspect, John Smith, was arrested at the harbour on Monday night. "
                       "“I did nothing wrong and I will prove it in court,” said John Smith outside the station.",
                       "Inland Gazette",
                       "Police said the suspect, Jon Smyth, was arrested at the harbour on Monday night.")
    doc = write_story("q", [a, b])
    assert doc.pull_quote is None
    assert any(d.text.startswith("Pull quote") and "disagree" in d.reason for d in doc.dropped)
    # Without the disagreement the same quote is a fine pull quote.
    agreed = b.model_copy(update={"text": b.text.replace("Jon Smyth", "John Smith")})
    assert write_story("q", [a, agreed]).pull_quote.speaker == "John Smith"
