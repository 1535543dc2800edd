"""write_story on a small fictional multi-outlet story, and on neus_val when ../shared exists."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.errors import WriteError
from newsdesk.models import CATEGORIES, DISCLAIMER, Article, StoryDocument
from newsdesk.text import extract_entities, split_sentences, word_count
from newsdesk.verify import verify_sentence
from newsdesk.write import write_story

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
NEUS = SHARED / "allsides" / "neus_val.jsonl"

DAY1 = datetime(2026, 11, 17, 8)  # a Tuesday

STORY = [
    ("Harbor Ledger", DAY1, "Lowmere port strike halts cargo as dockworkers walk out",
     "LOWMERE (Harbor Ledger) — Dockworkers at the port of Lowmere walked off the job on Monday, halting "
     "cargo traffic at the country's second-largest container terminal. "
     "The Lowmere Dockworkers Union said more than 1,200 dockworkers joined the strike over pay and night shifts. "
     "“We have waited three years for a fair contract, and we will not wait any longer,” said Pia Halvorsen, "
     "the union's general secretary. "
     "The port authority said ships were being diverted to Kessby while talks continue. "
     "Economists warned that a long strike could cost exporters about $40 million a day.",
     "https://img.test/port.jpg", "Idle cranes at the port of Lowmere", "Harbor Ledger/J. Aalto"),
    ("Valley Courier", DAY1 + timedelta(hours=3), "Dock strike: 1,500 workers stop Lowmere port",
     "Some 1,500 dockworkers stopped work at the port of Lowmere on Monday, the Valley Courier has learned. "
     "The strike is over pay and the introduction of night shifts, which the union rejects. "
     "“We have waited three years for a fair contract, and we will not wait any longer,” Pia Halvorsen, "
     "the union's general secretary, told reporters. "
     "Port director Lars Engqvist said the authority's offer of a 4% raise remained on the table. "
     "Talks between the union and the port authority will resume on Thursday.",
     None, None, None),
    ("Northern Post", DAY1 + timedelta(days=1), "Lowmere strike enters second day as exporters count losses",
     "The strike at the port of Lowmere entered its second day on Tuesday with no sign of a deal. "
     "Exporters of timber and machinery said shipments worth millions were stuck on the quay. "
     "Port director Lars Engqvist said the authority's offer of a 4% raise remained on the table. "
     "Transport Minister Oda Brekke urged both sides to return to talks and said the government would "
     "not intervene for now. "
     "Talks between the union and the port authority will resume on Thursday, both sides confirmed.",
     None, None, None),
]


def make_articles() -> list[Article]:
    return [
        Article(id=i, url=f"https://{outlet.split()[0].lower()}.test/strike", title=title, text=text,
                published=published, outlet=outlet, image_url=image, image_alt=alt, image_credit=credit)
        for i, (outlet, published, title, text, image, alt, credit) in enumerate(STORY)
    ]


def all_sentences(doc: StoryDocument):
    yield from doc.summary_sentences
    yield from doc.quick_read.sentences
    for section in doc.sections:
        for paragraph in section.paragraphs:
            yield from paragraph.sentences


def assert_citations_valid(doc: StoryDocument, articles: list[Article]) -> None:
    by_url = {a.url: a for a in articles}
    for sentence in all_sentences(doc):
        assert sentence.sources, sentence.text
        for citation in sentence.sources:
            assert citation.sentence in split_sentences(by_url[citation.article_url].text)
        assert verify_sentence(sentence, articles).ok, sentence.text


@pytest.fixture(scope="module")
def doc() -> StoryDocument:
    return write_story("lowmere-strike", make_articles(), related=["other-story"])


def test_every_field_is_filled(doc):
    articles = make_articles()
    assert doc.id == "lowmere-strike"
    assert doc.category in CATEGORIES
    assert doc.headline and len(doc.headline.split()) <= 16
    assert doc.dek and doc.dek == doc.summary_sentences[0].text
    assert 60 <= word_count(doc.summary) <= 90
    assert doc.reading_minutes >= 1
    assert doc.published == DAY1 and doc.updated == DAY1 + timedelta(days=1)
    assert doc.image is not None and doc.image.url == "https://img.test/port.jpg"
    assert doc.image.alt == "Idle cranes at the port of Lowmere" and doc.image.credit == "Harbor Ledger/J. Aalto"
    assert 2 <= len(doc.sections) <= 4 and all(s.heading for s in doc.sections)
    assert doc.quick_read.date == "2026-11-18"
    assert doc.quick_read.text == " ".join(s.text for s in doc.quick_read.sentences)
    assert 120 <= word_count(doc.quick_read.text) <= 250
    assert [s.url for s in doc.sources] == [a.url for a in articles]
    assert doc.article_urls == [a.url for a in articles]
    assert doc.related == ["other-story"]
    assert doc.disclaimer == DISCLAIMER
    assert doc.outlets == ["Harbor Ledger", "Valley Courier", "Northern Post"]
    assert doc.single_source is False
    assert {p.outlet for p in doc.perspectives} == set(doc.outlets)
    assert [t.date for t in doc.timeline] == ["2026-11-17", "2026-11-18"]


def test_citations_are_verbatim_and_verified(doc):
    assert_citations_valid(doc, make_articles())


def test_pull_quote_is_verbatim_with_speaker_and_role(doc):
    quote = doc.pull_quote
    assert quote is not None
    assert quote.speaker == "Pia Halvorsen"
    assert quote.role == "the union's general secretary"
    assert quote.text.startswith("We have waited three years")
    assert quote.text in next(a.text for a in make_articles() if a.url == quote.article_url)


def test_discrepancy_is_shown_and_attributed(doc):
    subjects = {d.subject: d for d in doc.discrepancies}
    assert "dockworkers" in subjects, subjects
    values = {c.outlet: c.value for c in subjects["dockworkers"].claims}
    assert values == {"Harbor Ledger": "more than 1,200 dockworkers", "Valley Courier": "Some 1,500 dockworkers"}
    text = " ".join(s.text for s in all_sentences(doc))
    assert "1,500 dockworkers stopped" not in text.replace("According to Valley Courier, some 1,500", "")


def test_dateline_is_compressed_and_dates_resolved(doc):
    texts = [s.text for s in all_sentences(doc)]
    assert not any(t.startswith("LOWMERE (") for t in texts)
    assert any("on November 16" in t for t in texts), texts  # "on Monday" for a Tuesday article
    assert not any("on Monday" in t for t in texts)


def test_deterministic():
    first = write_story("x", make_articles())
    second = write_story("x", list(reversed(make_articles())))
    assert first.model_dump() == second.model_dump()


def test_single_source_story():
    article = make_articles()[0]
    doc = write_story("solo", [article])
    assert doc.single_source is True
    assert doc.outlets == ["Harbor Ledger"]
    assert doc.perspectives == [] and doc.discrepancies == []
    assert_citations_valid(doc, [article])


def test_no_articles_is_a_write_error():
    with pytest.raises(WriteError):
        write_story("empty", [])


def test_article_without_usable_text_is_a_write_error():
    article = make_articles()[0].model_copy(update={"text": "Subscribe now."})
    with pytest.raises(WriteError):
        write_story("junk", [article])


def test_alt_text_built_when_source_has_none():
    articles = [a.model_copy(update={"image_alt": None}) for a in make_articles()]
    doc = write_story("alt", articles)
    assert doc.image is not None
    assert "Lowmere" in doc.image.alt


@pytest.mark.skipif(not NEUS.exists(), reason="../shared/data/allsides/neus_val.jsonl not present")
def test_neus_val_sample_has_only_valid_citations():
    rows = [json.loads(line) for line in NEUS.read_text(encoding="utf-8").splitlines()[:25]]
    for row in rows:
        articles = [
            Article(id=i, url=f"https://outlet{i}.test/{row['id']}", title=a["title"], text=a["text"],
                    published=datetime(2020, 1, 1) + timedelta(hours=i), outlet=f"Outlet {chr(65 + i)}")
            for i, a in enumerate(row["articles"])
        ]
        doc = write_story(row["id"], articles)
        assert_citations_valid(doc, articles)
        assert word_count(doc.summary) <= 90
        if doc.pull_quote:
            assert doc.pull_quote.speaker


def test_leading_pronoun_resolved_only_from_the_source():
    t1 = ("Finance Minister Rosa Linde presented the budget to parliament on Wednesday. "
          "She said the deficit would fall to 2% of output next year. "
          "The opposition called the plan unrealistic and demanded a vote.")
    t2 = ("The budget presented by Rosa Linde raises spending on schools and hospitals by a tenth. "
          "Opposition parties said they would vote against it. "
          "Economists welcomed the cuts but warned about growth.")
    articles = [
        Article(id=1, url="https://a.test/1", title="Budget", text=t1, published=DAY1, outlet="A"),
        Article(id=2, url="https://b.test/1", title="Budget plan", text=t2, published=DAY1, outlet="B"),
    ]
    doc = write_story("budget", articles)
    resolved = [s for s in all_sentences(doc) if s.text.startswith("Rosa Linde said the deficit")]
    assert resolved, [s.text for s in all_sentences(doc)]
    cited = {c.sentence for c in resolved[0].sources}
    assert "Finance Minister Rosa Linde presented the budget to parliament on Wednesday." in cited
    assert not any(s.text.startswith("She said") for s in all_sentences(doc))
    assert_citations_valid(doc, articles)


def test_pronoun_kept_when_antecedent_is_ambiguous():
    text = ("Rosa Linde and Maria Haddad met in Brennick on Monday to discuss the budget. "
            "She said the talks had gone well and that a deal on spending was close now.")
    article = Article(id=1, url="https://a.test/2", title="Talks", text=text, published=DAY1, outlet="A")
    doc = write_story("talks", [article])
    assert not any(s.text.startswith(("Rosa Linde said", "Maria Haddad said")) for s in all_sentences(doc))


def test_pronoun_means_the_one_person_of_its_gender():
    # session 16: two people named, one of them a man by the name list: "She" is the woman
    text = ("Rosa Linde and Omar Haddad met in Brennick on Monday to discuss the budget. "
            "She said the talks had gone well and that a deal on spending was close now.")
    article = Article(id=1, url="https://a.test/2", title="Talks", text=text, published=DAY1, outlet="A")
    doc = write_story("talks", [article])
    texts = [s.text for s in all_sentences(doc)]
    assert any(t.startswith("Rosa Linde said") for t in texts), texts
    assert not any(t.startswith("Omar Haddad said") for t in texts)


def test_public_surface():
    import newsdesk.write as write

    for name in write.__all__:
        assert hasattr(write, name)
    assert "write_story" in write.__all__


def test_relative_dates_resolve_outside_quotes_only():
    from newsdesk.write.dates import resolve_relative_dates

    sunday = datetime(2021, 5, 23)
    assert resolve_relative_dates("“He will come on Tuesday,” she said on Monday.", sunday) == (
        "“He will come on Tuesday,” she said on May 17."
    )
    assert resolve_relative_dates("The vote will take place on Friday.", sunday) == (
        "The vote will take place on May 28."
    )
    assert resolve_relative_dates("The vote took place last Sunday.", sunday) == "The vote took place on May 16."


def test_agency_style_and_early_late_weekdays_resolve():
    from newsdesk.write.dates import resolvable_dates, resolve_relative_dates

    thursday = date(2021, 6, 24)
    cases = {
        # Agency style drops "on"; the date takes it back.
        "DeSantis signed an executive order Friday prohibiting mask mandates.":
            "DeSantis signed an executive order on June 18 prohibiting mask mandates.",
        "Israel launched more airstrikes on Gaza early Tuesday, hitting a high-rise.":
            "Israel launched more airstrikes on Gaza early on June 22, hitting a high-rise.",
        "By late Wednesday night, the account had been suspended.":
            "By late on the night of June 23, the account had been suspended.",
        "As of Monday, 684 new deaths had been reported.": "As of June 21, 684 new deaths had been reported.",
        "Tuesday, the court ruled against the state.": "On June 22, the court ruled against the state.",
        "The leaders met Monday and Tuesday in Geneva.": "The leaders met on June 21 and June 22 in Geneva.",
        # A future word after the weekday belongs to its own clause: the vote was last Tuesday.
        "The Senate approved a bill Tuesday that would make Juneteenth a federal holiday.":
            "The Senate approved a bill on June 22 that would make Juneteenth a federal holiday.",
        "A CDC panel will meet Wednesday to review the vaccine.": "A CDC panel will meet on June 30 to review the vaccine.",
        "Schumer scheduled a procedural vote for Wednesday.": "Schumer scheduled a procedural vote for June 30.",
        "The former senator died early Thursday of heart failure.":
            "The former senator died early on June 24 of heart failure.",
        # a day that is the verb's object takes no "on" (session 11: "spent on November 20 in a shelter")
        "About 300 residents spent Tuesday in an emergency shelter.": "About 300 residents spent June 22 in an emergency shelter.",
        "The bill passed Tuesday with 60 votes.": "The bill passed on June 22 with 60 votes.",
    }
    for text, expected in cases.items():
        assert resolve_relative_dates(text, thursday) == expected, text
    assert resolvable_dates("Israel launched more airstrikes on Gaza early Tuesday.", thursday) == {"June 22"}


def test_today_yesterday_and_tonight_resolve_when_a_verb_makes_them_a_day():
    from newsdesk.write.dates import resolvable_dates, resolve_relative_dates

    wednesday = date(2021, 7, 14)
    cases = {
        "Little of that effort shows in the draft legislation that he unveiled today.":
            "Little of that effort shows in the draft legislation that he unveiled on July 14.",
        "Yesterday, the council voted 7 to 2 to close the bridge.": "On July 13, the council voted 7 to 2 to close the bridge.",
        "The couple announced the news in a joint statement yesterday afternoon.":
            "The couple announced the news in a joint statement on the afternoon of July 13.",
        "Police said the fire broke out last night.": "Police said the fire broke out on the night of July 13.",
        "The Senate will vote tonight on the bill.": "The Senate will vote on the night of July 14 on the bill.",
        "Weisselberg will be arraigned later today in Manhattan.": "Weisselberg will be arraigned later on July 14 in Manhattan.",
        "The deadline was extended until today.": "The deadline was extended until July 14.",
        "He will testify tomorrow, his lawyer said.": "He will testify on July 15, his lawyer said.",
    }
    for text, expected in cases.items():
        assert resolve_relative_dates(text, wednesday) == expected, text
    assert resolvable_dates("Yesterday, the council voted 7 to 2.", wednesday) == {"July 13"}
    for text in (
        "Today, Americans face higher prices than a year ago.",  # the present in general
        "Midprice automobiles today are controlled by 100 or more chips.",
        "Today is Earth Day.",
        "The politics of today are different.",
        "Yesterday’s vote was close.",
        "Biden spoke in an interview with TODAY show co-anchor Craig Melvin.",
        "The “Tucker Carlson Tonight” host said the agency had spied on him.",
        "“We voted today,” she said.",
    ):
        assert resolve_relative_dates(text, wednesday) == text, text


def test_today_is_resolved_only_when_the_publication_day_is_the_same_in_every_zone():
    from datetime import UTC

    from newsdesk.write.dates import resolve_relative_dates

    text = "The draft legislation that he unveiled today raises taxes."
    # 9:30 p.m. in New York is 01:30 UTC the next day: "today" was July 14 there, July 15 in UTC.
    assert resolve_relative_dates(text, datetime(2021, 7, 15, 1, 30, tzinfo=UTC)) == text
    assert resolve_relative_dates(text, datetime(2021, 7, 14, 15, 30, tzinfo=UTC)) == (
        "The draft legislation that he unveiled on July 14 raises taxes.")
    # A weekday names its own day whatever the hour.
    assert resolve_relative_dates("He unveiled it on Wednesday.", datetime(2021, 7, 15, 1, 30, tzinfo=UTC)) == (
        "He unveiled it on July 14.")


def test_weekdays_that_are_not_the_day_of_an_event_stay_as_written():
    from newsdesk.write.dates import resolve_relative_dates

    thursday = date(2021, 6, 24)
    for text in (
        "Tuesday’s report from the Labor Department showed prices rose 0.9% in June.",
        "Rose McGowan pushed back on critics of her Monday interview on Fox News.",
        "Harris said during a Sunday morning CNN interview that the border was closed.",
        "The museum was open every Monday until the fire.",
        "Senate Republicans Tuesday blocked the voting bill.",  # a name before the weekday: too unsure
        "Officials said on Tuesday, June 22, that the dam had held.",  # the date is already there
        "Tuesday marks the beginning of Pride Month.",  # the weekday is the subject
        "The teams met on Super Tuesday in March 2020.",
        "“We voted on Tuesday,” she said Wednesday.".replace(" Wednesday", ""),
    ):
        assert resolve_relative_dates(text, thursday) == text, text
    # The offsets of quoted text do not shift the tense of what follows it.
    assert resolve_relative_dates("“It will pass,” she said Tuesday.", thursday) == "“It will pass,” she said on June 22."


def test_part_of_day_stays_readable_when_resolving_a_weekday():
    from newsdesk.write.dates import resolvable_dates, resolve_relative_dates

    sunday = date(2026, 11, 22)
    text = "Thousands filled the streets on Saturday night after the win."
    assert resolve_relative_dates(text, sunday) == "Thousands filled the streets on the night of November 21 after the win."
    assert resolvable_dates(text, sunday) == {"November 21"}
    # Reported future ("would") counts forward from publication, not back.
    assert resolve_relative_dates("She said there would be a parade on Monday afternoon.", sunday) == (
        "She said there would be a parade on the afternoon of November 23."
    )


def test_page_states_each_fact_once_on_the_demo_cup_final():
    from newsdesk.demo import load_events, load_rows
    from newsdesk.write.redundancy import PageFacts

    event = load_events()["northern-cup-final"]
    rows = [r for r in load_rows() if r["url"] in event["urls"]]
    articles = [
        Article(id=i, url=r["url"], title=r["title"], text=r["text"], outlet=r["outlet"],
                published=datetime.fromisoformat(r["published"].replace("Z", "+00:00")))
        for i, r in enumerate(rows, 1)
    ]
    doc = write_story("cup", articles)
    body = [s.text for sec in doc.sections for p in sec.paragraphs for s in p.sentences]
    assert len(body) >= 6
    page = PageFacts([doc.dek])
    for text in body:
        assert page.is_new(text), f"restates the page: {text}"
        page.add(text)
    # The 88th-minute winner and the 2–1 score: at most one body sentence each besides the dek.
    assert sum("88th" in t for t in body) <= 1
    assert sum("2–1" in t for t in body) <= 1
    assert not any("November 21 night" in t for t in [doc.dek, doc.summary, *body, doc.quick_read.text])
    # Restatements left out still corroborate: the score line cites three outlets' sentences.
    page_sentences = [*doc.summary_sentences[:1], *(s for sec in doc.sections for p in sec.paragraphs for s in p.sentences)]
    assert max(len({c.article_url for c in s.sources}) for s in page_sentences) >= 3
    # A quote that only continues the sentence before it never stands alone on the page.
    assert not any(t.startswith(("“That goal", '"That goal')) for t in body)


def test_restatement_is_not_new_but_a_new_fact_is():
    from newsdesk.write.redundancy import PageFacts

    page = PageFacts(["Port Alder Mariners beat Castrelle Rovers 2–1 in the Northern Cup final, "
                      "with Niko Arslan scoring the winner in the 88th minute."])
    assert not page.is_new("Niko Arslan scored in the 88th minute as Port Alder Mariners beat "
                           "Castrelle Rovers 2–1 in the Northern Cup final at Halden Park.")
    assert page.is_new("A crowd of 41,200 watched the match, the largest since the stadium was rebuilt.")


def _demo_story(slug: str):
    from newsdesk.demo import load_events, load_rows

    event = load_events()[slug]
    rows = [r for r in load_rows() if r["url"] in event["urls"]]
    return [
        Article(id=i, url=r["url"], title=r["title"], text=r["text"], outlet=r["outlet"],
                published=datetime.fromisoformat(r["published"].replace("Z", "+00:00")))
        for i, r in enumerate(rows, 1)
    ]


@pytest.mark.parametrize("slug", ["northern-cup-final", "aldernet-mobile-outage", "brannock-eastfield-plant-closure"])
def test_perspectives_read_as_a_phrase_from_the_cited_sentence(slug):
    import re

    articles = _demo_story(slug)
    doc = write_story(slug, articles)
    assert len(doc.perspectives) >= 2
    texts = {a.url: a.text for a in articles}
    outlet_of = {a.url: a.outlet for a in articles}
    for p in doc.perspectives:
        sentence = p.citation.sentence
        assert sentence in texts[p.citation.article_url]
        assert outlet_of[p.citation.article_url] == p.outlet
        assert not p.emphasis.startswith("Emphasises")
        m = re.fullmatch(r"(quotes|is alone in naming|is alone in giving the figure|leads on the) (.+):", p.emphasis)
        if m is None:
            assert p.emphasis == "leads with:"
            continue
        kind, words = m.groups()
        if kind == "quotes":
            assert words.split(",")[0].split()[-1] in sentence  # the speaker's surname is in it
        elif kind == "is alone in naming":
            assert words in sentence
            others = " ".join(a.text for a in articles if a.outlet != p.outlet)
            assert " ".join(words.split()[-2:]) not in others
        else:
            assert words in sentence


def test_weekday_without_tense_stays_unresolved_and_seams_are_clean():
    from newsdesk.write.compress import compress_sentence
    from newsdesk.write.dates import resolve_relative_dates

    tuesday = date(2026, 11, 17)
    # Present tense says neither "last" nor "next" Wednesday: leave it as the source wrote it.
    text = "The ceasefire takes effect at midnight on Wednesday."
    assert resolve_relative_dates(text, tuesday) == text
    assert resolve_relative_dates("The talks ended on Monday.", tuesday) == "The talks ended on November 16."
    assert compress_sentence(
        "Service was fully restored shortly before 4 p.m., the company said."
    ) == "Service was fully restored shortly before 4 p.m."


def test_an_estimated_publication_date_resolves_no_weekday_and_dates_no_timeline_entry():
    # the sources gave no date: ingest stored the day it read them, which says nothing of "on Monday"
    articles = [a.model_copy(update={"published_estimated": True}) for a in make_articles()]
    doc = write_story("lowmere-strike", articles)
    texts = [s.text for s in all_sentences(doc)]
    assert not any("November 16" in t or "November 17" in t for t in texts), texts
    assert any("on Monday" in t or "on Tuesday" in t for t in texts), texts
    assert doc.timeline == []
    assert [s.published for s in doc.sources] == [None, None, None]  # the page shows no made-up date
    assert_citations_valid(doc, articles)


def test_story_place_skips_people_and_offices_named_after_in():
    from newsdesk.write.headline import story_place

    def story(*texts: str) -> list[Article]:
        return [Article(id=i, url=f"https://o{i}.test/a", title="t", text=t, published=DAY1, outlet=f"O{i}")
                for i, t in enumerate(texts)]

    assert story_place(story("Sanctions came in President Joe Biden’s first major step in Washington.",
                             "Sanctions came in Biden's first step, officials in Washington said.")) == "Washington"
    assert story_place(story("A shooting in Brooklyn Center outside of Minneapolis.",
                             "Police in Brooklyn Center released footage.")) == "Brooklyn Center"
    assert story_place(story("Talks resume in Secretary Blinken's office in March.")) is None
    # one outlet's detail is not the story's place; a single source's own place is
    assert story_place(story("Governors in Texas and in Ohio reopened.", "A bar in Lubbock reopened.",
                             "Restaurants in Texas reopened.")) == "Texas"
    assert story_place(story("A bar in Lubbock reopened.", "Governors acted.")) is None
    assert story_place(story("A bar in Lubbock reopened.")) == "Lubbock"


def test_a_speakers_family_name_keeps_its_particle():
    from newsdesk.write.sections import surname

    assert surname("Bill de Blasio") == "de Blasio"
    assert surname("Chris Van Hollen") == "Van Hollen"
    assert surname("Ursula von der Leyen") == "von der Leyen"
    assert surname("Ned Price") == "Price"
    assert surname("Van Morrison") == "Morrison"  # a first name, not a particle


def test_pronoun_after_a_quote_is_its_speaker_not_a_name_in_passing():
    text = ("Farm owner Dana Pruitt says the closures have filled her with anger. "
            "“It enrages something inside of you,” said Pruitt, who protested Republican Gov. Mike Stanton’s "
            "orders at the statehouse with her son. "
            "She has “no fear whatsoever” of catching the virus, she said Thursday, dismissing it as hype.")
    article = Article(id=1, url="https://a.test/3", title="Protest", text=text, published=DAY1, outlet="A")
    doc = write_story("protest", [article])
    texts = [s.text for s in all_sentences(doc)]
    assert not any(t.startswith("Mike Stanton has") for t in texts), texts
    resolved = [s for s in all_sentences(doc) if s.text.startswith("Dana Pruitt has “no fear whatsoever”")]
    assert resolved, texts
    assert {c.sentence for c in resolved[0].sources} >= {split_sentences(text)[1], split_sentences(text)[0]}
    assert_citations_valid(doc, [article])


@pytest.mark.parametrize("previous, sentence, wrong, right", [
    # eval page (session 16): the sentence before goes on about "she"; the firm it names is no person
    ("She also previously worked at power strategy firm Glover Park Group.",
     "Her last day is April 1, and the studio has not named a replacement.", "Glover Park Group’s", None),
    # stories_dev (session 16): "Her" is the woman, not the man the sentence also names
    ("Republican Susan Marlow had been favored to win the runoff after being endorsed by former President "
     "Donald Presk.", "Her late husband, Ron Marlow, died in February at the start of his second term.",
     "Donald Presk’s", "Susan Marlow’s late husband"),
    # neus_val (session 16): the subject named by family name alone is whom "He" most likely means
    ("Meadows outlined the talks after a conversation between House Speaker Nancy Pelosi and Treasury "
     "Secretary Steven Mnuchin.", "He told reporters the sides have made good progress on the relief bill.",
     "Steven Mnuchin told", None),
])
def test_a_leading_pronoun_is_resolved_only_to_the_person_it_can_mean(previous, sentence, wrong, right):
    from newsdesk.write import _Writer

    text = ("The studio confirmed the departure of its communications chief on Monday morning. "
            f"{previous} {sentence}")
    article = Article(id=1, url="https://a.test/pr", title="Departure", text=text, published=DAY1, outlet="A")
    writer = _Writer([article], resolve_dates=False)
    shown = [writer.compressed[s.key] for s in writer.pool.sentences if s.text == sentence]
    assert shown, [s.text for s in writer.pool.sentences]
    assert not shown[0].startswith(wrong), shown
    if right:
        assert shown[0].startswith(right), shown
    else:
        assert shown[0] == sentence


def test_pronoun_is_not_resolved_to_a_possessive():
    text = ("Workers protested outside Governor Mike Stanton’s office in Brennick on Monday afternoon. "
            "He has refused to meet the union since the plant closed in the spring.")
    article = Article(id=1, url="https://a.test/4", title="Protest", text=text, published=DAY1, outlet="A")
    doc = write_story("office", [article])
    assert not any(s.text.startswith("Mike Stanton has") for s in all_sentences(doc))


def test_summary_leaves_out_a_quote_whose_speaker_only_the_context_gives():
    from newsdesk.write import summarize_articles

    orphan = ("“It is a victory for American workers and their families across the country, and the trade "
              "agreement is one we take great pride in.”")
    t1 = ("Speaker Nora Bell announced Tuesday that House leaders had reached a trade agreement with the White House. "
          "“It is infinitely better than what the administration first proposed,” Bell said. " + orphan)
    t2 = ("House leaders reached a trade agreement with the White House on Tuesday, Speaker Nora Bell said. "
          "The trade agreement covers American workers and their families across the country.")
    articles = [
        Article(id=1, url="https://a.test/5", title="Trade agreement", text=t1, published=DAY1, outlet="A"),
        Article(id=2, url="https://b.test/5", title="Trade deal reached", text=t2, published=DAY1, outlet="B"),
    ]
    assert orphan not in [s.text for s in summarize_articles(articles)]
    doc = write_story("trade", articles)
    assert orphan not in [s.text for s in all_sentences(doc)]
    assert orphan not in doc.summary


def test_a_short_quotation_alone_in_its_sentence_never_reaches_a_page():
    # nytimes.com blackouts page (session 16): the end of a consultant's quote stood under another
    # speaker's sentence in the body, where it read as hers
    orphan = "“Tomorrow evening, the wolf arrives.”"
    t1 = ("Rolling blackouts hit Califa on Friday as demand peaked, the grid operator said. "
          "“We do everything we can to avoid outages,” said Anne Gonzales, a spokeswoman for the grid operator. "
          "Ms. Gonzales said the operator had no immediate answer about prices. "
          "“If there is really a problem, it is going to show tomorrow,” Mr. Marcus said. " + orphan + " "
          "Demand is forecast to stay near record levels on Monday across the state.")
    t2 = ("The grid operator in Califa ordered rolling blackouts on Friday as demand peaked. "
          "Anne Gonzales, a spokeswoman for the grid operator, said outages were a last resort. "
          "Demand is forecast to stay near record levels on Monday, the operator said.")
    articles = [
        Article(id=1, url="https://a.test/6", title="Blackouts in Califa", text=t1, published=DAY1, outlet="A"),
        Article(id=2, url="https://b.test/6", title="Califa orders blackouts", text=t2, published=DAY1, outlet="B"),
    ]
    doc = write_story("blackouts", articles)
    assert orphan not in [s.text for s in all_sentences(doc)]
    assert orphan not in doc.quick_read.text


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The administration plans to send 800 troops to the border at the direction of a president "
         "who has sought to turn fears about immigration into", False),
        ("Two bills that would fund the partially shut down government were blocked by the Senate,", False),
        ("Critics listed their claims about the forum on veterans issues during the debate:", False),
        ("The administration plans to send 800 troops to the border this week.", True),
        ("“We will send them,” the minister said on Tuesday, “as soon as they are ready.”", True),
        # a question ends a sentence too; a reported one is usable (the writer's own is not: test_text)
        ("The senator asked, “Did the minister know about the plan before the vote took place?”", True),
        ("Did the minister know about the plan before the vote took place?", False),
        ("(The ministry has denied the reports about the plan.)", True),
        # a site's prompt to log in is no sentence of the story (session 11); registering to vote is
        ("Kindly Login or Register to save this recipe and more.", False),
        ("Voters must register to vote by Friday in the county.", True),
        ("Below the interview is an excerpt from the book.", False),
        ("Es ist möglich, dass diese oder andere Websites nicht korrekt angezeigt werden.", False),
        ("Please update your browser to see this page.", False),
        ("Den kompletten Beitrag lesen Sie in der neuen Juli-Ausgabe des Magazins.", False),
        ("Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive.", False),
        ("In parts of Wales where 111 isn't available, call NHS Direct on 0845 46 47.", False),
        ("PDT on August 28 and ends on December 4.", False),
        ("The season starts at 10 a.m. PDT on August 28 and ends on December 4.", True),
        # a consent banner in a recipe's summary on an eval page (session 16)
        ("Further use of this site will be considered consent.", False),
        ("Do not show this message again.", False),
        ("Related Posts Zusammenarbeit Shuji und Walter: PENTAX Z-1.", False),
        ("You may also like these recipes for the holidays.", False),
        ("The council said use of the site will be restricted after dark.", True),
    ],
)
def test_a_sentence_cut_off_without_a_final_mark_is_not_usable(sentence, expected):
    from newsdesk.write.candidates import usable

    assert usable(sentence) is expected


@pytest.mark.parametrize(
    "sentence, compressed",
    [
        ("Washington (CNN)Republicans are daring the speaker to hold a formal vote on the bill.",
         "Republicans are daring the speaker to hold a formal vote on the bill."),
        ("(CNN)The city announced new restrictions on travel to the islands.",
         "The city announced new restrictions on travel to the islands."),
        ("LONDON (Reuters) — The bank raised its main rate by a quarter point.",
         "The bank raised its main rate by a quarter point."),
        # a list's step number glued to the first word by the page's markup (session 11); not "3M"
        ("1Heat oven to 350°F and grease the pan with butter.", "Heat oven to 350°F and grease the pan with butter."),
        ("3M said on Tuesday it would cut 2,500 jobs worldwide.", "3M said on Tuesday it would cut 2,500 jobs worldwide."),
        ("Anchor: After heavy downpours on Monday, strong winds brought early winter temperatures.",
         "After heavy downpours on Monday, strong winds brought early winter temperatures."),
        # an outlet's name as the dateline (session 11)
        ("Lowmere News – Police investigators are trying to unravel the death of a hunter.",
         "Police investigators are trying to unravel the death of a hunter."),
        ("The Lowmere Times – which broke the story – said nothing on Tuesday.",
         "The Lowmere Times – which broke the story – said nothing on Tuesday."),
        ("Sen. Marla Quinby (R-Tenn.) said the bill would pass next week.",
         "Sen. Marla Quinby said the bill would pass next week."),
        ("The agency's new director(appointed in May)resigned after two weeks in the job.",
         "The agency's new director resigned after two weeks in the job."),
        ("The harbor is about 30 miles (48 km) south of Lowmere.", "The harbor is about 30 miles south of Lowmere."),
        # a parenthetical that qualifies a count stays: without it "four killed" contradicts "three victims"
        ("Four people were killed (including the shooter) and 12 injured at the festival on Sunday.",
         "Four people were killed (including the shooter) and 12 injured at the festival on Sunday."),
        ("Eleven people died (not counting two crew members) when the ferry sank off Lowmere.",
         "Eleven people died (not counting two crew members) when the ferry sank off Lowmere."),
        ("The council approved 40 new homes (up from 25 last year) for the harbor district.",
         "The council approved 40 new homes (up from 25 last year) for the harbor district."),
        # a space a removed link left before the stop (a German eval page, session 17)
        ("Apple setzt auf ein Punch-Hole, wie der Experte Ross Young berichtet .",
         "Apple setzt auf ein Punch-Hole, wie der Experte Ross Young berichtet."),
    ],
)
def test_datelines_and_parentheticals_leave_no_glued_words(sentence, compressed):
    from newsdesk.write.compress import compress_sentence

    assert compress_sentence(sentence) == compressed


@pytest.mark.parametrize("number", ["6", "11", "30", "5", "18", "20"])
def test_a_time_date_ordinal_or_age_is_no_figure_an_outlet_is_alone_in_giving(number):
    from newsdesk.write.perspectives import _clock_date_or_rank

    sentence = ("By 11:30 p.m. on July 5 the 20th speaker, an 18-year-old, had spoken in his 6 p.m. address "
                "to 189 delegates.")
    assert _clock_date_or_rank(sentence, number)
    assert not _clock_date_or_rank(sentence, "189")


def test_a_year_is_no_figure_an_outlet_is_alone_in_giving():
    """"The Daily Caller is alone in giving the figure 2021:" stood over "… during the fiscal year 2021" (session 17)."""
    from newsdesk.write.perspectives import _clock_date_or_rank

    assert _clock_date_or_rank("No more than 15,000 refugees during the fiscal year 2021, a level …", "2021")
    assert _clock_date_or_rank("The law was first passed in 1965 and amended since.", "1965")
    assert not _clock_date_or_rank("The ministry sent 2000 troops to the border.", "2000")
    assert not _clock_date_or_rank("The repairs cost $2021 in the end.", "2021")


def test_a_preposition_opening_a_phrase_is_no_name():
    """"is alone in naming Unlike:" (a capital after a colon) led a stories_dev perspective (session 17)."""
    assert extract_entities("Pfizer made a big decision: Unlike several rival manufacturers, it kept its profits.") == ["Pfizer"]
    assert extract_entities("Amid the protests, Lowmere Council voted on Monday.") == ["Lowmere Council"]


def test_story_place_is_a_place_the_entity_recogniser_knows_and_only_in_english():
    from newsdesk.entities import spacy_available
    from newsdesk.write.headline import story_place

    def story(*texts: str) -> list[Article]:
        return [Article(id=i, url=f"https://o{i}.test/a", title="t", text=t, published=DAY1, outlet=f"O{i}")
                for i, t in enumerate(texts)]

    assert story_place(story("A resort on the lake in Napa County is one step closer, officials said.")) == "Napa County"
    if spacy_available():  # the heuristic mode has no entity kinds to ask
        assert story_place(story("The new browser engine is written in Rust by a team of forty developers.")) is None
    # German capitalises nouns: "in Duschkabinen" (in shower cubicles) is no place
    german = story("Die Gäste standen in Duschkabinen und neben Waschbecken, als das Presse-Event begann.")
    assert story_place(german, "de") is None


def test_the_body_goes_on_from_the_summary_and_the_page_shows_no_sentence_twice():
    from newsdesk.demo import load_events, load_rows
    from newsdesk.web.present import story_view
    from newsdesk.write.redundancy import PageFacts

    for slug in ("northern-cup-final",):
        event = load_events()[slug]
        rows = [r for r in load_rows() if r["url"] in event["urls"]]
        articles = [
            Article(id=i, url=r["url"], title=r["title"], text=r["text"], outlet=r["outlet"],
                    published=datetime.fromisoformat(r["published"].replace("Z", "+00:00")))
            for i, r in enumerate(rows, 1)
        ]
        doc = write_story(slug, articles)
        body = [s.text for sec in doc.sections for p in sec.paragraphs for s in p.sentences]
        summary = [s.text for s in doc.summary_sentences]
        assert len(summary) >= 2 and len(body) >= 3
        assert not set(summary) & set(body), "the body repeats the summary"
        page = PageFacts(summary)
        assert all(page.is_new(t) for t in body)
        # the page: the dek (with its citations) under the headline, "In brief" going on from it
        view = story_view(doc)
        assert view.dek is not None and view.dek.text == doc.dek and view.dek.cites
        shown = [view.dek.text, *(s.text for s in view.summary),
                 *(s.text for _, paras in view.sections for para in paras for s in para)]
        assert len(shown) == len(set(shown)), "a sentence is shown twice"


def test_reading_time_counts_each_shown_sentence_once():
    from newsdesk.models import CitedSentence, Paragraph, Section
    from newsdesk.write import reading_minutes

    def cited(text: str) -> CitedSentence:
        return CitedSentence(text=text, sources=[])

    line = " ".join(["word"] * 79) + "."  # 80 words
    other = " ".join(["more"] * 149) + "."  # 150 words
    doc = write_story("lowmere-strike", make_articles())
    page = doc.model_copy(update={
        "dek": line, "summary_sentences": [cited(line), cited(other)],
        "sections": [Section(heading="What happened", paragraphs=[Paragraph(sentences=[cited(other), cited(other + " x")])])],
    })
    # dek 80 + "In brief" nothing new (its second sentence is in the body) + body 150 + 151 = 381 words,
    # not 531 with the repeated sentence counted twice
    assert reading_minutes(page) == 2
    brief_only = page.model_copy(update={"sections": []})
    assert reading_minutes(brief_only) == 2  # 230 words: the dek and "In brief", which the page shows


def test_a_page_with_no_sentence_that_can_stand_on_it_is_a_write_error():
    # both sentences point back ("those", "Those projects"): the pool is not empty, but nothing can open a page
    text = ("Some of those may or may not have integration in the editor.\n"
            "Those projects can be used to track files inside a project, but do not offer the same in the shell.")
    article = Article(id=1, url="https://blog.example/cdpath", title="CDPATH replacements", text=text,
                      published=datetime(2020, 10, 18), outlet="Example Blog")
    with pytest.raises(WriteError, match="can stand on a page"):
        write_story("cdpath", [article])


@pytest.mark.parametrize("sentence, unanchored", [
    ("Republicans in Western Carolina are grumbling about his last-minute announcement, which boxed out rivals.", True),
    ("Her lawyers filed the appeal on Monday.", True),
    ("The governor said his plan would cut taxes.", False),  # a role before the pronoun
    ("Joe Biden said his plan would cut taxes.", False),
    ("Mayor Lena Ortiz's budget was approved two weeks after her election.", False),  # a possessive name
    ("As he prepared to visit the port, President Ravel Okafor insisted on a new budget.", False),  # named after
    ("The council approved the bridge on Tuesday.", False),  # no pronoun
    # "another" is no role (its -er ending read as an agent noun's); a latimes.com dek on the eval set
    ("Each day now, rivals unveil another ghost from his past.", True),
    ("A spokesman said his office would respond.", False),
])
def test_a_pronoun_before_any_person_or_role_points_back(sentence, unanchored):
    from newsdesk.write import unanchored_pronoun

    assert unanchored_pronoun(sentence) is unanchored


def test_the_dek_is_not_a_sentence_whose_pronoun_points_back():
    # the lead sentence is the usual dek; its "his" has no one to point at on a page that opens with it
    text = ("Republicans in Western Carolina are grumbling about his last-minute retirement announcement, which "
            "boxed out rivals for the seat. Rep. Mark Medlow announced on Thursday that he will retire from Congress "
            "at the end of his term. The filing deadline for the seat was on Friday, a day after the retirement "
            "announcement.")
    article = Article(id=1, url="https://a.example/medlow", title="Medlow to retire", text=text,
                      published=datetime(2019, 12, 20), outlet="Daily Ledger")
    doc = write_story("medlow", [article])
    assert doc.dek.startswith("Rep. Mark Medlow announced"), doc.dek


def test_a_site_menu_label_is_never_the_headline():
    from newsdesk.write.headline import choose_headline

    article = Article(id=1, url="https://x.example/a", title="Hauptmenü", published=datetime(2022, 1, 1), outlet="X",
                      text="Die Stadt baut eine neue Brücke über den Fluss. Sie soll im Mai fertig sein.")
    assert choose_headline([article]) == "Die Stadt baut eine neue Brücke über den Fluss"


def test_a_page_label_is_no_key_entity():
    from newsdesk.write.headline import key_entities

    text = ("Image: Apple\nApple will sell the iPhone SE in India from Friday, the company said in Mumbai.\n"
            "Note: Apple prices in India include taxes.")
    article = Article(id=1, url="https://x.example/se", title="Apple brings the iPhone SE to India",
                      published=datetime(2020, 5, 1), outlet="X", text=text)
    entities = key_entities([article])
    assert "Apple" in entities
    assert not {"Image", "Note"} & set(entities), entities


def test_a_participle_opening_a_sentence_is_no_key_entity():
    # nationnews.com on the eval set (session 16): an image alt read "coverage of Jameel Springer, Calling"
    from newsdesk.write.headline import key_entities

    text = ("Calling the return to school the litmus test, the Ministry of Education said classes are safe. "
            "The education officer, Jameel Springer, said 130 parents had replied. Officials in Beijing agreed.\n"
            "Beijing sent no comment.")
    article = Article(id=1, url="https://x.example/schools", title="Schools safe amidst surge",
                      published=datetime(2022, 4, 22), outlet="X", text=text)
    entities = key_entities([article], limit=5)
    assert "Calling" not in entities, entities
    assert "Jameel Springer" in entities and "Beijing" in entities, entities


def test_the_dek_tells_what_the_headline_tells():
    # both outlets lead with the background (lawsuits in five counties); the headline is the rulings,
    # and the dek under it is the summary pick that tells them, not the better-scored background
    articles = [
        Article(id=1, url="https://a.example/1", title="Harbour judges rule against Dalton campaign in six ballot challenges",
                text=("Governor Amos Dalton and his allies have filed lawsuits alleging counting errors in five counties of "
                      "the state. Two Harbour County judges ruled against the Dalton campaign on Friday, throwing out six "
                      "challenges over mailed ballots. The campaign said it would appeal the rulings to the state supreme "
                      "court next week."),
                published=datetime(2020, 11, 13, 9), outlet="Daily Ledger"),
        Article(id=2, url="https://b.example/2", title="Dalton campaign loses six ballot cases in Harbour County",
                text=("Governor Amos Dalton and his allies have filed lawsuits alleging counting errors in five counties, "
                      "with few wins so far. On Friday two judges in Harbour County threw out six of the campaign's "
                      "challenges to mailed ballots. Election officials in the five counties said the counts were accurate."),
                published=datetime(2020, 11, 13, 10), outlet="Coast Times"),
    ]
    doc = write_story("harbour", articles)
    assert doc.headline.startswith("Harbour judges rule against Dalton campaign")
    assert doc.dek.startswith("Two Harbour County judges ruled against the Dalton campaign"), doc.dek


@pytest.mark.parametrize("title, url, outlet, cleaned", [
    ("Batteriespeicher - daheim Solar", "https://daheim-solar.de/batteriespeicher", "Daheim Solar", "Batteriespeicher"),
    ("Zverev zieht ins Viertelfinale ein - tennis MAGAZIN", "https://www.tennismagazin.de/a", None,
     "Zverev zieht ins Viertelfinale ein"),
    ("Gute Tabus, schlechte Tabus | Übermedien", "https://uebermedien.de/1", None, "Gute Tabus, schlechte Tabus"),
    ("Rutger Bregman: Unser wahres Ich - brand eins online", "https://www.brandeins.de/x", None,
     "Rutger Bregman: Unser wahres Ich"),
    # a last part that is no site name stays
    ("Run Windows on Mac - Parallels Desktop 15 Virtual Machine for Mac", "https://www.parallels.com/", None,
     "Run Windows on Mac - Parallels Desktop 15 Virtual Machine for Mac"),
    ("Hurricane nears the coast - residents flee", "https://www.coastnews.example/a", "Coast News",
     "Hurricane nears the coast - residents flee"),
])
def test_a_title_suffix_that_names_the_site_is_removed(title, url, outlet, cleaned):
    from newsdesk.write.headline import clean_headline

    assert clean_headline(title, url, outlet) == cleaned


def test_the_dek_never_just_repeats_the_headline():
    article = Article(id=1, url="https://a.example/1", title="Polar storm hits the south of Larkia",
                      text=("Polar storm hits the south of Larkia. Heavy rain and snow fell on the southern provinces on "
                            "Monday, closing roads above 1,400 metres. The north stayed dry and mild, with highs of 18 "
                            "degrees. Forecasters expect high pressure to return by Friday."),
                      published=datetime(2020, 2, 19, 9), outlet="Daily Ledger")
    doc = write_story("storm", [article])
    assert doc.headline == "Polar storm hits the south of Larkia"
    assert doc.dek.startswith("Heavy rain and snow fell on the southern provinces"), doc.dek


def test_a_step_number_glued_to_its_word_is_a_list_item():
    from newsdesk.write.candidates import usable

    assert not usable("4.Faça bolinhas com a massa e disponha os biscoitos em uma assadeira untada.")
    assert usable("4.5 million people voted in the election on Sunday, officials said.")


def test_a_quoted_term_does_not_keep_a_sentence_from_the_dek():
    # the sentence that tells what the headline tells quotes one word ("counteroffer"): a term, not a
    # statement; the dek is that sentence, not the better-scored one that presumes the reader knows the story
    articles = [
        Article(id=1, url="https://a.example/1", title="Shutdown, day 3: Harbour council awaits unions' reply to 'counteroffer'",
                text=("The mayor spent the weekend digging in on his position, and aides say he accepts a closure that "
                      "could drag into the new year. As the shutdown of city services continues, the Harbour council "
                      "awaited the unions' reply to its \"counteroffer\" in the talks over the $5 million pay demand. "
                      "Rubbish collection has stopped in four districts."),
                published=datetime(2026, 1, 5, 9), outlet="Daily Ledger"),
        Article(id=2, url="https://b.example/2", title="Harbour shutdown enters third day",
                text=("The mayor spent the weekend digging in on his position, and aides say he accepts a closure that "
                      "could drag on for weeks. Libraries and pools across Harbour stayed shut on Monday."),
                published=datetime(2026, 1, 5, 10), outlet="Coast Times"),
    ]
    doc = write_story("shutdown", articles)
    assert doc.headline.startswith("Shutdown, day 3"), doc.headline
    assert doc.dek.startswith("As the shutdown of city services continues"), doc.dek


def test_a_title_abbreviation_and_a_name_the_page_gave_in_words_are_no_new_facts():
    from newsdesk.write.redundancy import PageFacts

    page = PageFacts(["Florida Gov. Ron DeSantis signed into law on Tuesday a policy banning transgender "
                      "athletes from playing girls and women's sports."])
    assert not page.is_new("The state's Republican governor Ron DeSantis signed the measure into law on Tuesday.")
    assert page.is_new("LGBT groups vowed to challenge the law in federal court within weeks.")


def test_only_a_persons_name_counts_as_stated_by_its_words():
    from newsdesk.write.redundancy import _stated

    seen = {"w:ron", "w:desantis", "w:die", "w:flaschenöffnung", "w:dass", "w:bernal"}
    assert _stated("e:ron desantis", seen)
    # German capitalised words the entity finder reads as names: no person, no fact stated by the words
    assert not _stated("e:die flaschenöffnung", seen)
    assert not _stated("e:dass bernal", seen)


@pytest.mark.skipif(not __import__("newsdesk.entities", fromlist=["x"]).spacy_available(),
                    reason="spaCy's English model tells a verb; without it nothing is dropped")
def test_a_caption_with_no_verb_is_no_page_sentence():
    # thelocal.se on the eval set (session 16): a photo's caption left in the text became the dek
    from newsdesk.write.candidates import verbless

    caption = "The real state epidemiologist Anders Tegnell at one of the agency's daily briefings."
    assert verbless(caption, "en")
    assert not verbless("Anders Tegnell briefs reporters at the agency every day.", "en")
    # a participle and an infinitive make no sentence (timesofisrael.com on the eval set, session 17)
    assert verbless("The state’s newest Supreme Court Justice, Raquel Montoya-Lewis, heading into courtroom to "
                    "be sworn in.", "en")
    assert not verbless("The new justice took the oath in the courtroom on Monday.", "en")
    assert not verbless(caption, "fr")  # other languages: nothing to tell with
    # German, by its lower-case words (its nouns are capitalised, its verbs are not): a label led a page
    assert verbless("Energy Rising – Playlist auf YouTube.", "de")
    assert verbless("Olson, Mancur: Aufstieg und Niedergang von Nationen.", "de")
    assert not verbless("Die Polizei ermittelt wegen Körperverletzung.", "de")
    assert not verbless("„Wir wollen das Auto erst zeigen“, sagte Brandt.", "de")
    text = (caption + " Tegnell has come to represent the Swedish approach to the pandemic. "
            "Sweden has not imposed the lockdown measures seen across Europe. "
            "A tattoo artist in Stockholm inked his face on a fan's arm on Monday.")
    article = Article(id=1, url="https://a.test/9", title="The Swede with a tattoo", text=text, published=DAY1,
                      outlet="A", language="en")
    doc = write_story("tattoo", [article])
    assert caption not in [s.text for s in all_sentences(doc)] and caption not in doc.dek


def test_a_hard_wrapped_source_sentence_reads_as_one_line_on_the_page():
    from newsdesk.write.compress import compress_sentence

    source = "As part of that transition, large parts of the standard library\nnow operate in the Unicode space."
    assert compress_sentence(source) == source.replace("\n", " ")


def test_a_headline_in_capitals_is_written_as_the_text_writes_its_words():
    # bahamaslocal.com on the eval set (session 16)
    from newsdesk.write.headline import choose_headline, clean_headline

    title = ("ATLANTIS PARADISE ISLAND AND DOLPHIN CAY DONATES MEDICAL SUPPLIES TO BAARK | Nassau / Paradise "
             "Island, Bahamas | Bahamas Local News - Nassau / Paradise Island, Bahamas")
    assert clean_headline(title) == "ATLANTIS PARADISE ISLAND AND DOLPHIN CAY DONATES MEDICAL SUPPLIES TO BAARK"
    text = ("Atlantis Paradise Island and Dolphin Cay donated medical supplies to the Bahamas Alliance for Animal "
            "Rights and Kindness (Baark) for its spay clinic. Dr. Amanda Pinder presented the supplies to the NGO.")
    article = Article(id=1, url="https://bahamaslocal.example/1", title=title, text=text,
                      published=datetime(2022, 4, 21), outlet="Bahamas Local")
    assert choose_headline([article]) == "Atlantis Paradise Island and Dolphin Cay donates medical supplies to Baark"
    # a title with its section and site after it keeps the headline; one led by a section label stays whole
    assert clean_headline("Fed raises rates for the third time | Markets | Reuters") == "Fed raises rates for the third time"
    assert clean_headline("Tech | Apple unveils a bigger phone | Verge").startswith("Tech | Apple unveils")
