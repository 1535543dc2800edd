"""The editor's audit of page text: headings that fit their sections, no dangling pronouns,
one-statement headlines, no parenthesised asides or editor's notes published as prose."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from newsdesk.models import Article, StoryDocument
from newsdesk.text import split_sentences
from newsdesk.write import write_story
from newsdesk.write.candidates import needs_antecedent
from test_write import all_sentences, assert_citations_valid

DAY1 = datetime(2026, 11, 17, 8)


def parts(doc: StoryDocument) -> list[list]:
    """Each run of sentences a reader meets in a row: summary, quick read, each section."""
    return [list(doc.summary_sentences), list(doc.quick_read.sentences)] + [
        [s for p in section.paragraphs for s in p.sentences] for section in doc.sections
    ]


def published(doc: StoryDocument) -> list:
    return list(all_sentences(doc))


def story(*texts: str, titles: tuple[str, ...] = ()) -> list[Article]:
    return [
        Article(id=i, url=f"https://o{i}.test/a", title=titles[i] if i < len(titles) else f"Story {i}", text=t,
                published=DAY1 + timedelta(hours=i), outlet=f"Outlet {i}")
        for i, t in enumerate(texts)
    ]


# ------------------------------------------------------------------ pronouns (audit item 2)
@pytest.mark.parametrize("sentence, expected", [
    ("His address was largely aimed at the families of the victims.", True),
    ("She seems OK with that.", True),
    ("They stood at the foot of the steps and listened to the band.", True),
    ("It happened as police were trying to arrest the man.", True),
    ("“It is infinitely better than what was proposed,” Bell said.", True),
    ("It’s no secret that the mayor likes weekend trips.", False),
    ("It took 93 years for the Academy to name an Asian woman as best director.", False),
    ("Italy won the final on Sunday.", False),
    ("Theresa May resigned.", False),
    # a demonstrative as the subject stands for what the sentence before said (audit, item b)
    ("That includes Texas, Georgia and Florida, the last of which reported 15,300 new cases.", True),
    ("This is the slowest pace of job growth in four months.", True),
    ("That also means residents 21 and over will be able to buy marijuana.", True),
    ("That’s more than double the rate of a year ago.", True),
    ("These were “documents that are directly relevant to the campaign,” Carlson insisted.", True),
    ("This week the Senate votes on the bill.", False),
    ("Those who voted early were counted first.", False),
    # a demonstrative before a noun points back too (session 11; this test said False before): which decision?
    ("That decision was hailed by the governor.", True),
    ("These babies play an important role in the skin’s barrier.", True),
    ("This past weekend, voters went to the polls.", False),
    ("These days, few people read the printed paper.", False),
    # an item of a list or an aside that carries on ("Third, …", "Well, that’s …", "In addition, …")
    ("Third, five of the seven lawmakers behind Brenn are from the coast.", True),
    ("Well, that’s not entirely false.", True),
    ("In addition, the city will pay for the repairs.", True),
    ("For good measure, the council added a second vote.", True),
    ("Worse than that, it was a test failure in a talk about testing.", True),
    ("However there is no transparency about when prices change.", True),
    ("However much it costs, the city will pay for the repairs.", False),
    ("Before the vote, the council met in private.", False),
    # the same in the languages sources come in most: a pronoun before a verb, not a name or an article
    ("Dies ist wichtig, um den Anstieg zu begrenzen.", True),
    ("Dort hat sie die letzten zwei Jahre verbracht.", True),
    ("Er wird durch die Nutzung erneuerbarer Energien erzeugt.", True),
    ("Das ist die Lebensrealität für viele Menschen.", True),
    ("Il a déclaré que la loi passera.", True),
    ("Ella dijo que no.", True),
    ("Die Woche war aber nicht nur von vielen Sonnenstunden geprägt.", True),
    ("Diese Ergebnisse beweisen allerdings noch nicht, dass Fische Schmerzen spüren.", True),
    ("Das neue Gesetz tritt am Montag in Kraft.", False),
    ("The council also voted on Monday to close the harbor.", False),
    ("Die Gemeinde hat ein Programm aufgesetzt.", False),
    ("Es gab keinen Athleten in der Wertung.", False),
    ("Il y a trois candidats.", False),
    ("Ella Fitzgerald sang at the gala.", False),
    # a pronoun after an opening connective or a name-free introductory phrase (session 7)
    ("After all, he faced allegations that he initiated unwanted sexual contact.", True),
    ("But he stopped short of saying whether he would support the measure.", True),
    ("In his address, he sought to offer an alternative to the agenda.", True),
    ("On Thursday, she told reporters the plan was dead.", True),
    ("Then he hit an additional $16 billion in goods in August.", True),
    ("In March 2019, they moved the office to Lowmere.", True),
    ("Jones said that if elected, he would cut taxes.", False),
    ("Speaking to Fox News, Smith said he would run.", False),
    # an opener that carries on from the sentence before, whoever the subject (session 9): "But the
    # council rejected the plan" is a reply to a sentence the page may not have
    ("But the council rejected the plan on Monday.", True),
    ("And multivitamins could help, too.", True),
    ("So the race is likely to be wide open as voting gets underway.", True),
    ("However, the council voted against it.", True),
    ("All of those things are essential for maintaining wellness.", True),
    ("Some of them stayed in the shelters overnight.", True),
    ("After all, Biden and Sanders lead in national polls.", True),
    ("All the more reason to take a multivitamin with folic acid in it every day.", True),
    ("That same year, Alley became a spokeswoman for the diet company.", True),
    ("Later that week, the council met again to count the votes.", True),
    ("The next day, the storm reached the coast at Colby Sands.", True),
    ("The same-sex marriage bill passed the Senate on Tuesday.", False),
    ("This year’s budget adds 40 night buses to the network.", False),
    ("So far, 40 people have died in the floods.", False),
    ("Yet another bill reached the floor on Tuesday.", False),
    ("Meanwhile, the Senate passed its own version.", False),
    ("Andrew Cuomo resigned on Tuesday.", False),
    ("Butler County officials said the roads were closed.", False),
    ("Then President Ada Brenn spoke.", False),
    ("Hillary Clinton said that that is a racist attack on a federal judge.", True),
    ("The mayor said this was the last extension the council would grant.", True),
    ("The mayor said that this week’s vote was final.", False),
    ("The mayor said the vote was final.", False),
    # an opening that follows from, answers or sets against the sentence before (session 8)
    ("If so, there is little evidence of that effort in the draft legislation.", True),
    ("As a result, the company shut down meatpacking plants in Colorado.", True),
    ("Instead, by a vote of 7-2, the justices ruled that neither the states nor the individuals had standing.", True),
    ("By contrast, bad inflation results from constricted supply.", True),
    ("Instead of joining her alma mater, Hannah-Jones accepted a post at Howard.", False),
    ("In response to a question about the comments, Jen Psaki said the White House disagreed.", False),
    ("As a result of the ruling, the company shut down two plants.", False),
    # a verb phrase standing for an action told before (session 10), near the start only
    ("Other states, such as Varna, have done so through executive rulemaking.", True),
    ("The port authority followed suit and said it would honor the agreement.", True),
    ("Ostrava seems unable to do so, or say how many ballots are outstanding.", True),
    ("Two more councils did the same on Friday.", True),
    ("Officials said the officer who fatally shot a man at a traffic stop did so accidentally.", False),
    ("“We did so because the law required it,” the mayor said.", False),
    # an epithet for a person the sentence before named (session 14)
    ("The former Varnish governor and 2018 presidential nominee shared his reaction on social media.", True),
    ("The Ostrava Republican, who has sparred with the minister before, asked about the funding.", True),
    ("The New Halden Democrat plans to bring up the bill this week.", True),
    ("The 17-year-old from Antioch is charged with reckless homicide.", True),
    ("The former president was banned from both sites in January.", True),
    ("The Democratic senator knows it would wipe out private coverage.", True),
    ("The House Democrats, led by Jamie Raskin, opened the trial on Tuesday.", False),
    ("The Kansas Republican primary for governor remained too close to call.", False),
    ("The House Republican Conference on Friday voted to elect Elise Stefanik.", False),
    ("The Texas Republican governor Greg Abbott has signed the bill into law.", False),
    ("The president said the talks would go on.", False),
    ("The former factory was turned into flats in 2019.", False),
    # a restatement, a pronoun after a preposition, a demonstrative in the opening phrase (session 16,
    # a medicalnewstoday.com page on the eval set)
    ("In other words, the study shows that awareness comes at the threshold.", True),
    ("In it, the participants looked at dots on a computer screen.", True),
    ("To answer this question, the scientists asked five people to perform a task.", True),
    ("Despite these concerns, the council approved the plan.", True),
    ("At this point, the council has approved the plan.", False),
    ("As of this writing, the latest version is 4.05.", False),
    ("Later this week, the council will vote on the plan.", False),
    ("In other cities, councils approved similar plans.", False),
    # a pronoun subject of an opening clause with no name after it; "Here," (session 16)
    ("After she suspended her campaign, the group made headlines for backing Biden.", True),
    ("When they attack the police, they reject the state.", True),
    ("After he won the primary, Senator Mara Holt thanked her volunteers.", False),
    ("Here, on the average, one soldier died every two days.", True),
    ("Here is what we know about the plan.", False),
    ("No, the former mayor’s debut in the race has turned brutal.", True),  # the answer to a question before
    ("No one has claimed the prize.", False),
    ("If anything, California must move faster.", True),  # theatlantic.com on the eval set
    ("Even though both chip brands are ultimately owned by the same company.", True),  # a clause alone
    ("Because the vote was close.", True),
    ("Because the vote was close, the council will count again.", False),
    # a closing "though" or "too" (an eval page's dek, session 17)
    ("Learning how to take care of hydrangeas isn’t difficult, though.", True),
    ("Prices rose sharply in the north, too.", True),
    ("“We will win this, too,” the mayor said on Monday.", False),
    ("The council said the plan would cost too much.", False),
    ("Democrats fear he will win the nomination — and bring the party down, too.", False),
])
def test_needs_antecedent(sentence, expected):
    assert needs_antecedent(sentence) is expected


MEMORIAL = [
    ("President Ada Brenn spoke at the memorial in Lowmere on Monday evening. "
     "Her address was largely aimed at the families who lost relatives. "
     "Brenn promised a new flood barrier for the harbor of Lowmere before next winter. "
     "The barrier would cost about $90 million, according to the harbor office."),
    ("Ada Brenn promised a flood barrier for the Lowmere harbor at a memorial on Monday. "
     "They stood at the foot of the old lighthouse, holding 500 candles for the dead of the flood. "
     "The families of the flood victims welcomed the promise but asked for a date. "
     "She seems OK with that, a local councillor said of the harbor office chief."),
    ("The harbor flood in Lowmere killed 31 people in October, officials said. "
     "It happened as the old barrier gave way during a storm surge at night. "
     "Ada Brenn visited the harbor of Lowmere on Monday and met families of the flood victims. "
     "A new barrier is expected to be finished before next winter."),
]


def test_possessive_pronoun_becomes_the_name_the_sentence_before_gives():
    articles = story(*MEMORIAL, titles=("Brenn speaks at flood memorial", "Brenn promises barrier", "Flood"))
    doc = write_story("memorial", articles)
    texts = [s.text for s in published(doc)]
    assert not any(t.startswith("Her address") for t in texts), texts
    resolved = [s for s in published(doc) if s.text.startswith("Ada Brenn’s address was largely aimed")]
    assert resolved, texts
    assert split_sentences(MEMORIAL[0])[0] in {c.sentence for c in resolved[0].sources}
    assert_citations_valid(doc, articles)


# "… recruit Tom Halvers. After all, he faced allegations …" would pin Orrin Vale's past on Halvers.
CANDIDACY = [
    ("Orrin Vale, the former mayor of Lowmere, announced on Thursday that he will run for the council again. "
     "After all, he faced allegations of misusing harbor funds when he was mayor in 2019. "
     "Vale has denied the allegations and called them a smear by his rivals."),
    ("Party leaders in Lowmere are promising to do everything they can to stop Orrin Vale in the council race. "
     "Party leaders are moving to recruit Tom Halvers to run for the council seat instead. "
     "But he stopped short of saying whether he would accept the offer from the party leaders."),
    ("Orrin Vale will run for the Lowmere council in the spring election, he said on Thursday. "
     "In his announcement, he promised to lower harbor fees for fishing boats in Lowmere. "
     "The council election in Lowmere is due to take place in April."),
]


@pytest.mark.parametrize("corpus, titles", [
    (MEMORIAL, ("Brenn speaks at flood memorial", "Brenn promises barrier", "Flood")),
    (CANDIDACY, ("Vale runs for council again", "Party moves to stop Vale", "Vale to run in spring")),
])
def test_no_page_text_opens_on_a_pronoun_nothing_before_it_names(corpus, titles):
    articles = story(*corpus, titles=titles)
    doc = write_story("memorial", articles)
    sentences_of = {a.url: split_sentences(a.text) for a in articles}

    def source_position(s):
        c = s.sources[0]
        return c.article_url, sentences_of[c.article_url].index(c.sentence)

    for part in parts(doc):
        for i, s in enumerate(part):
            if needs_antecedent(s.text):
                assert i > 0, f"opens on a pronoun: {s.text}"
                url, position = source_position(s)
                assert source_position(part[i - 1]) == (url, position - 1), f"pronoun after another sentence: {s.text}"


def test_pronoun_after_an_opening_phrase_only_follows_its_own_source_sentence():
    """"In his announcement, he …" after "… recruit Tom Halvers." would be Halvers' announcement."""
    articles = story(*CANDIDACY, titles=("Vale runs for council again", "Party moves to stop Vale", "Vale to run in spring"))
    doc = write_story("candidacy", articles)
    sentences_of = {a.url: split_sentences(a.text) for a in articles}
    openers = ("After all, he", "But he stopped", "In his announcement, he")
    for part in parts(doc):
        for i, s in enumerate(part):
            if s.text.startswith(openers):
                source = s.sources[0]
                before = sentences_of[source.article_url][sentences_of[source.article_url].index(source.sentence) - 1]
                assert i > 0 and part[i - 1].sources[0].sentence == before, [t.text for t in part]
    assert_citations_valid(doc, articles)


# ------------------------------------------------------------------ parentheses (audit item 4)
def test_editors_note_in_parentheses_is_never_published():
    note = ("(These are all opinion articles and don’t necessarily align with the overall philosophy or "
            "AllSides Media Bias Rating of the outlet that published them.)")
    texts = [
        f"{note} The council of Lowmere approved the harbor budget on Monday after a long debate. "
        "The budget includes a new ferry terminal and wider quays for the harbor.",
        f"{note} Lowmere’s council approved the harbor budget on Monday by seven votes to four. "
        "Critics said the ferry terminal was too expensive for a town of its size.",
    ]
    doc = write_story("note", story(*texts))
    for s in published(doc):
        assert "AllSides" not in s.text and "opinion articles" not in s.text, s.text


def test_parenthesised_aside_is_published_as_plain_prose():
    aside = "(Early voting begins June 12.)"
    texts = [
        "Voters in Lowmere will choose a new mayor on June 22 after the council set the date. "
        f"{aside} Four candidates have registered for the mayoral race in Lowmere.",
        "Lowmere will elect a new mayor on June 22, the council decided. "
        "Early voting in the Lowmere mayoral race begins June 12 at the town hall.",
    ]
    articles = story(*texts)
    doc = write_story("aside", articles)
    for s in published(doc):
        assert not s.text.startswith("("), s.text
    assert_citations_valid(doc, articles)


# ------------------------------------------------------------------ headings (audit item 1)
def body(*texts: str):
    from newsdesk.write.summarize import SourceSentence

    return [SourceSentence(text=t, article_index=k % 2, position=k, article_url=f"https://o{k % 2}.test/a",
                           outlet=f"Outlet {k % 2}", words=len(t.split()))
            for k, t in enumerate(texts)]


def headings(sentences, **kwargs) -> list[str]:
    from newsdesk.write.sections import group_into_sections

    return [h for h, _ in group_into_sections(sentences, {0: (0, 0), 1: (1, 1)}, **kwargs)]


HAPPENED = [
    "The port of Lowmere reopened on Monday after a week-long closure.",
    "Ships queued outside the harbor of Lowmere for most of the morning.",
    "The first container ship docked shortly before noon at the north quay.",
]


def test_an_economy_section_is_not_headed_what_it_costs():
    economy = [
        "Another 6.6 million people filed for unemployment benefits last week as the economy shut down.",
        "The jobless claims were the second largest number in history for the economy of the country.",
    ]
    assert headings(body(*HAPPENED, *economy)) == ["What happened", "The economy"]
    cost = [
        "The repairs will cost the port about $40 million, the harbor office estimated.",
        "The city must find a way to pay for the new quay, which could cost twice that.",
    ]
    assert headings(body(*HAPPENED, *cost)) == ["What happened", "What it costs"]


def test_a_money_section_with_no_specific_theme_gets_a_neutral_heading():
    vague = [
        "Those efforts have paid off, with the port reaching its milestones ahead of time.",
        "Dockworkers got their first pay rise in six years at the start of the month.",
    ]
    assert headings(body(*HAPPENED, *vague)) == ["What happened", "The details"]


def test_a_possessive_is_no_place():
    from newsdesk.write.headline import story_place

    texts = ["Aides in Harris’ office described low morale on Monday.", "Morale is low in Harris’ office, aides say."]
    assert story_place(story(*texts)) is None


def test_place_heads_a_section_only_when_the_section_is_about_it():
    withdrawal = [
        "Rep. Tulsi Gabbard ended her presidential campaign on Thursday and endorsed Joe Biden.",
        "She was one of the final three candidates left in the race for the nomination.",
        "Gabbard finally conceded that two delegates from American Samoa were not enough.",
    ]
    assert headings(body(*withdrawal), place="American Samoa")[0] == "What happened"
    assert headings(body(*HAPPENED), place="Lowmere")[0] == "What happened in Lowmere"


def test_speakers_in_a_heading_are_people_never_a_party():
    from newsdesk.write.sections import speakers_in

    positions = (
        "“This law keeps our elections secure,” the Republican said on Thursday at the signing.",
        "Florida Republicans said the bill would make voting harder for no good reason at all.",
        "“We have the strongest election integrity measures in the country,” DeSantis said.",
        "Governor Ron DeSantis signed the voting bill into law in front of his supporters.",
        "Democrats argued that the law was written to keep Black voters away from the polls.",
    )
    assert speakers_in(body(*positions)) == ["DeSantis"]
    assert headings(body(*HAPPENED, *positions)) == ["What happened", "What DeSantis and others say"]


def test_a_company_is_no_speaker_in_a_heading():
    # vancouversun.com on the eval set (session 16): "What Corp and Nadella say"
    from newsdesk.write.sections import speakers_in

    said = (
        "Microsoft Corp said on Thursday it aims to remove more carbon than it emits by 2030.",
        "Chief Executive Satya Nadella said that companies need profitable answers to the problem.",
        "Acme Holdings said it would follow with a plan of its own next year.",
    )
    assert speakers_in(body(*said)) == ["Nadella"]


def test_a_heading_names_only_speakers_its_section_still_quotes():
    """The writer drops restatements from a section after grouping; the heading follows what is left."""
    positions = (
        "“This law keeps our elections secure,” Governor Ron DeSantis said on Thursday at the signing.",
        "“We have the strongest election integrity measures in the country,” DeSantis said.",
        "Democrats argued that the law was written to keep Black voters away from the polls.",
        "Voting groups said the bill would make voting harder for no good reason at all.",
    )
    sentences = body(*HAPPENED, *positions)
    assert headings(sentences) == ["What happened", "What DeSantis and others say"]
    without_desantis = headings(sentences, keep=lambda items: [s for s in items if "DeSantis" not in s.text])
    assert without_desantis == ["What happened", "Where the parties stand"], without_desantis
    # a section the writer empties goes
    assert headings(sentences, keep=lambda items: [s for s in items if s.position < 3]) == ["What happened"]


def test_no_two_sections_share_a_heading():
    details = [
        "The harbor office said 14 ships were waiting and 3 had turned back.",
        "About 1,200 containers were stuck on the quay, with 300 of them refrigerated.",
    ]
    got = headings(body(*HAPPENED, *details, "Ships may be diverted to Kessby if the queue grows."))
    assert len(got) == len(set(got)), got


# ------------------------------------------------------------------ headlines (audit item 3)
def test_a_two_sentence_teaser_headline_becomes_its_first_statement():
    from newsdesk.write.headline import choose_headline

    texts = ["Senate Democrats pushed a vote to reopen the government on Thursday. Majority leader Mitch "
             "McConnell blocked the vote to reopen the government."] * 2
    titles = ("Senate Democrats pushed a vote to reopen the government. Mitch McConnell shot them down",
              "Democrats pushed a vote to reopen the government. It went nowhere, and they are angry about it")
    headline = choose_headline(story(*texts, titles=titles))
    assert headline == "Senate Democrats pushed a vote to reopen the government"


def test_an_overlong_headline_is_cut_to_its_main_statement():
    from newsdesk.write.headline import MAX_HEADLINE_WORDS, choose_headline

    title = "Migrant arrests at southern border rose yet again in June to 188,000, topping 1M this fiscal year"
    texts = ["Migrant arrests at the southern border rose again in June to 188,000, officials said."] * 2
    headline = choose_headline(story(*texts, titles=(title, title + " as officials warn of a summer surge")))
    assert headline == "Migrant arrests at southern border rose yet again in June to 188,000"
    assert len(headline.split()) <= MAX_HEADLINE_WORDS


def test_a_headline_keeps_the_attribution_after_its_colon():
    from newsdesk.write.headline import _shorter_forms

    # Cut before "— it’s time …", the claim would read as the page's own: "Risk of COVID is now very low".
    title = "Risk of COVID is now very low across the whole country — it’s time to stop living in fear: doctor"
    assert not any(form.startswith("Risk of COVID is now very low") for form in _shorter_forms(title))
    assert "Turkish ceasefire in Syria is already broken" in _shorter_forms(
        "Turkish ceasefire in Syria is already broken: Shelling and gunfire heard in the border town of Ras al-Ain")


def test_abbreviations_do_not_make_a_headline_two_sentences():
    from newsdesk.write.headline import choose_headline

    title = "Former Va. Sen. John Warner dies at 94"
    texts = ["John Warner, the former Virginia senator, died on Tuesday at 94, his family said."] * 2
    assert choose_headline(story(*texts, titles=(title, "John Warner, Virginia senator for five terms and long a figure in the Senate, dies at the age of 94 on Tuesday"))) == title


SURGE = [
    ("Coronavirus cases rose in 12 states over the weekend, health officials in Marlow County reported on Monday. "
     "That includes Texas, Georgia and Florida, the last of which reported 15,300 new cases on Sunday. "
     "Hospitals in Marlow County said their intensive care units were nearly full."),
    ("Twelve states reported rising coronavirus cases over the weekend, Marlow County health officials said. "
     "Texas, Georgia and Florida reported the largest increases. "
     "Hospitals in Marlow County asked residents to wear masks indoors."),
    ("Health officials in Marlow County counted rising coronavirus cases in 12 states on Monday. "
     "Florida reported 15,300 new cases on Sunday, a record for the state. "
     "That is on top of 9,000 new cases the day before, officials said."),
]


def test_a_demonstrative_opener_never_stands_where_its_antecedent_is_not():
    articles = story(*SURGE, titles=("Cases rise in 12 states", "Twelve states see rise", "Florida record"))
    doc = write_story("surge", articles)
    sentences_of = {a.url: split_sentences(a.text) for a in articles}
    for part in parts(doc):
        for i, s in enumerate(part):
            if s.text.startswith(("That includes", "That is on top")):
                c, before = s.sources[0], part[i - 1].sources[0] if i else None
                assert i > 0 and before.article_url == c.article_url, f"out of place: {s.text}"
                position = sentences_of[c.article_url].index(c.sentence)
                assert sentences_of[c.article_url].index(before.sentence) == position - 1, s.text
    assert not any(s.text.startswith("That") for s in doc.summary_sentences + doc.quick_read.sentences)
    assert_citations_valid(doc, articles)


def test_the_summary_states_the_lead_once_however_many_outlets_repeat_it():
    # The AllSides marijuana-bill story: three outlets open on the same fact, and the summary gave
    # it three times ("Senate Democrats unveiled a bill on July 14 to decriminalize marijuana …").
    from newsdesk.write import SUMMARY_NOVELTY, summarize_articles
    from newsdesk.write.redundancy import PageFacts

    articles = story(
        "Senate Majority Leader Chuck Schumer and a group of other Senate Democrats introduced draft legislation "
        "on Wednesday that would decriminalize marijuana at the federal level by striking it from the federal "
        "controlled substances list. The draft would also expunge federal convictions for nonviolent marijuana "
        "crimes. Schumer said he would seek comments from the public until September.",
        "Senate Majority Leader Chuck Schumer, Finance Committee Chairman Ron Wyden and Sen. Cory Booker introduced "
        "the Cannabis Administration and Opportunity Act on Wednesday after Schumer teased the plan in April. "
        "The bill would create a federal tax on cannabis products of up to 25 percent. "
        "Republicans in the Senate have shown little interest in the measure.",
        "Senate Democrats unveiled a bill on Wednesday to decriminalize marijuana at the federal level. "
        "Senate Democrats unveiled the bill to decriminalize marijuana on Wednesday, Schumer said. "
        "The proposal faces long odds in an evenly divided Senate.",
        titles=("Senate Democrats unveil bill to decriminalize marijuana",
                "Schumer, Democrats unveil bill to decriminalize marijuana",
                "Senate Democrats unveil marijuana bill"),
    )
    summary = [s.text for s in summarize_articles(articles)]
    assert len(summary) >= 2
    for i, text in enumerate(summary[1:], 1):
        assert PageFacts(summary[:i]).novelty(text) >= SUMMARY_NOVELTY, (text, summary[:i])


@pytest.mark.parametrize("entity, sentence, others, expected", [
    # AllSides perspectives read "is alone in naming Former Minneapolis:" / "… naming Black:" /
    # "… naming President Joe Biden:" while the other outlets wrote "Biden".
    ("Former Minneapolis", "Former Minneapolis police officer Derek Chauvin was sentenced.", "chauvin was sentenced.", "Minneapolis"),
    ("Black", "Derek Chauvin was sentenced, a moment Black leaders had awaited.", "chauvin was sentenced.", None),
    ("President Joe Biden", "It fell to President Joe Biden to respond.", "president biden responded.", None),
    ("Democrats", "The bill was drafted by Democrats in the Senate.", "the democratic bill.", None),
    ("United States", "It will ship doses to the United States.", "doses will go to the u.s. and canada.", None),
    ("Jan", "The riot of Jan. 6 was investigated.", "the riot was investigated.", None),
    ("R-Ky", "McConnell, R-Ky., objected.", "mcconnell objected.", None),
    ("Every", "Every vote was counted.", "votes were counted.", None),
    ("New York", "The march began in New York.", "the march began.", "New York"),
    ("U.S.", "Trump visits the U.S.-Mexico border.", "trump will visit the u.s.-mexico border.", None),
    ("CDC", "The CDC has said schools should keep 6 feet.", "The Centers for Disease Control and Prevention said", None),
    ("Centers for Disease Control", "The Centers for Disease Control said so.", "The CDC said so.", None),
    ("Tom Hanks Eastwood", "It starred Tom Hanks Eastwood.", "the film starred them.", "Tom Hanks Eastwood"),
    ("FBI", "The FBI said so.", "The Federal Reserve said so.", "FBI"),
    ("South Dakota Gov", "South Dakota Gov. Kristi Noem is deploying troops.", "south dakota is sending troops.", None),
    ("South Dakota Gov", "South Dakota Gov. Kristi Noem is deploying troops.", "noem is sending troops.", "South Dakota"),
    ("Letitia James", "The report by Letitia James was released.", "the report was released.", "Letitia James"),
    # session 16, from stories_dev perspectives: a title alone ("… naming President:", "… naming Sens:"),
    # a country as a modifier ("… naming U.S.:" for "the U.S. special envoy"), a preposition taken in
    ("President", "It charged former President Donald Trump’s company.", "trump's company was charged.", None),
    ("Sens", "The group includes Sens. Joe Manchin and Mitt Romney.", "the group met.", None),
    ("U.S.", "John Kerry, the U.S. special envoy, faces calls to resign.", "kerry faces calls to resign.", None),
    ("US", "Some 49% of US adults agree.", "adults agree.", None),
    ("U.S.", "Florida became the first state in the U.S. to do so.", "florida did so.", "U.S."),
    ("for Europe", "Aid for Europe was approved.", "aid was approved.", "Europe"),
    # a nationality the endings miss (session 17)
    ("Soviet", "It's 1989, two weeks until the last Soviet forces leave Kabul.", "the forces left.", None),
])
def test_a_perspective_names_only_what_no_other_outlet_names(entity, sentence, others, expected):
    from newsdesk.write.perspectives import _acronyms, _alone_name, _lower_words

    lowercase = {"former", "police", "officer", "was", "sentenced", "every", "new", "the"}
    assert _alone_name(entity, sentence, lowercase, _lower_words(others.lower()) | _acronyms(others), "Outlet A") == expected


def test_dek_never_opens_on_a_word_that_carries_on_from_a_sentence_before():
    articles = story(
        "But unlike the plan it replaces, the Lowmere council's budget adds 40 night buses to the city network. "
        "The council approved the 12 million euro transport budget on Tuesday by seven votes to two. "
        "The new buses will run every 20 minutes between midnight and 5 a.m. from March.",
        "But unlike last year's budget, the Lowmere plan funds 40 night buses across the city. "
        "Lowmere's council passed the 12 million euro budget on Tuesday, seven votes to two. "
        "Night buses will run every 20 minutes from midnight to 5 a.m. starting in March.",
        titles=("Lowmere council adds 40 night buses", "Lowmere passes transport budget with night buses"),
    )
    doc = write_story("lowmere-buses", articles)
    assert doc.dek and not doc.dek.startswith(("But", "However", "And ")), doc.dek
    assert doc.summary.startswith(doc.dek)
    assert_citations_valid(doc, articles)


def test_a_quoted_fragment_is_never_the_pull_quote():
    from newsdesk.write import choose_pull_quote

    articles = story(
        "The lawsuit said the pills were “neither certified as an effective weight-loss aid by the regulator nor "
        "anything more than caffeine,” lead plaintiff Marina Abramyan said on Tuesday. "
        "The company denied the claims in a statement.",
        "Marina Abramyan, the lead plaintiff, said the pills were “neither certified as an effective weight-loss aid "
        "by the regulator nor anything more than caffeine,” according to the filing.",
    )
    assert choose_pull_quote(articles) is None
    articles.append(story("“We sold these pills for ten years and never had a complaint,” said Ivo Marsh, the "
                          "company’s chief executive, on Tuesday.")[0].model_copy(update={"id": 9, "url": "https://o9.test/a"}))
    quote = choose_pull_quote(articles)
    assert quote is not None and quote.speaker == "Ivo Marsh" and quote.text.startswith("We sold")


def with_images(*texts: str, titles: tuple[str, ...] = ()) -> list[Article]:
    """``story(...)`` whose every article has a picture without alt text."""
    return [a.model_copy(update={"image_url": f"https://o{a.id}.test/photo.jpg"}) for a in story(*texts, titles=titles)]


def test_image_alt_built_from_the_story_names_people_and_places_not_a_nationality():
    from newsdesk.write.headline import choose_image

    articles = with_images(
        "British officials said Premier Andrew Fahie of the Virgin Islands was arrested in Miami on Thursday. "
        "British ministers called an emergency meeting after Fahie's arrest in Miami.",
        "Premier Andrew Fahie was detained in Miami on drug-related charges, British officials said. "
        "Fahie had led the British overseas territory since 2019.",
        titles=("British officials confirm Andrew Fahie arrest in Miami", "British premier Andrew Fahie detained"),
    )
    image = choose_image(articles, "Premier Fahie arrested in Miami")
    assert image is not None and image.alt.startswith("Image accompanying coverage of")
    assert "British" not in image.alt and ("Fahie" in image.alt or "Miami" in image.alt), image.alt


def test_the_pull_quote_stands_alone_when_a_quote_can():
    from newsdesk.write import choose_pull_quote

    articles = story(
        "The mayor defended the plan on Tuesday. “Instead, he has decided to rely on the use of force against "
        "the strikers at the port,” said Adam Smith, the chairman of the harbour committee. "
        "“The port will reopen on Monday and every worker will be paid for the days lost,” said Mayor Ana Ruiz.",
    )
    quote = choose_pull_quote(articles)
    assert quote is not None and quote.speaker == "Ana Ruiz", quote


def test_generated_image_alt_for_sources_not_in_english_is_their_headline():
    from newsdesk.write.headline import choose_image

    articles = [a.model_copy(update={"language": "de"}) for a in with_images(
        "Registrieren Sie sich jetzt in Ihrem Profil und bewerten Sie Ihre Lieblingsmarken im Netz.")]
    image = choose_image(articles, "Produkttester werden: gratis testen", "de")
    assert image.alt == "Bild zum Bericht: Produkttester werden: gratis testen"


def test_generated_image_alt_adds_no_place_after_a_place():
    from newsdesk.entities import spacy_available
    from newsdesk.write.headline import choose_image

    if not spacy_available():
        pytest.skip("needs spaCy's entity kinds (en-core-web-sm), a dependency of the embed extra")
    articles = with_images(
        "The Democratic Party said Iowa results were delayed, and officials in New Hampshire waited. "
        "Iowa officials and the Democratic Party apologised.",
        "Iowa results from the Democratic Party were late, campaign staff in New Hampshire said. "
        "The Democratic Party blamed an app used by Iowa precincts.",
        titles=("Democratic Party delays Iowa results", "Iowa results late, Democratic Party says"),
    )
    alt = choose_image(articles, "Iowa results delayed").alt
    # "coverage of Democratic Party, Iowa in New Hampshire" would put Iowa in New Hampshire
    assert alt == "Image accompanying coverage of Democratic Party, Iowa", alt


# ------------------------------------------------------------------ an article's apparatus (session 11)
def test_a_reference_list_and_page_notes_are_never_published():
    study = (
        "Researchers at the Lowmere clinic studied 4,000 patients over ten years and found the vaccine cut "
        "hospital stays by a third.\n"
        "The team compared patients just above and just below the age of 65, when the vaccine became free.\n"
        "The study was published in the Lowmere Medical Journal on Monday.\n"
        "/Editor’s note: The disclaimer below refers to advertising posts and does not apply to this story.\n"
        "References\n"
        "- 1. Fenwick AB ,Moray C ,Strand J ,et al . Influenza vaccination and hospital stays in older adults. "
        "Vaccine. 2013;31:5339-48. [PMID: 24055351]\n"
        "- 2. Moray C. The efficacy of influenza vaccination in elderly individuals in coastal towns.\n"
        "- 3. Strand J, Fenwick AB. Hospitalization and mortality rates by month of age in three regions.\n"
    )
    report = (
        "A ten-year study of 4,000 patients at the Lowmere clinic found the vaccine cut hospital stays by a third. "
        "The researchers said free vaccination at 65 made the comparison possible. "
        "Disclaimer: This post contains affiliate links to the journal."
    )
    articles = story(study, report, titles=("Vaccine cut hospital stays, study finds", "Study: vaccine cuts stays"))
    doc = write_story("study", articles)
    texts = [s.text for s in published(doc)]
    assert any("4,000 patients" in t for t in texts), texts
    for t in texts:
        assert "efficacy of influenza vaccination" not in t and "mortality rates by month" not in t, t
        assert "et al" not in t and "PMID" not in t and "Editor’s note" not in t and "Disclaimer" not in t, t
    assert_citations_valid(doc, articles)


def test_quick_read_opens_on_the_deks_sentence():
    """The Quick Read opens as the page does; the coverage pick it opened on before was often a detail."""
    from newsdesk.demo import load_events, load_rows

    rows = {r["url"]: r for r in load_rows()}
    for slug, event in load_events().items():
        articles = [
            Article(id=i, url=url, title=rows[url]["title"], text=rows[url]["text"], outlet=rows[url]["outlet"],
                    published=datetime.fromisoformat(rows[url]["published"].replace("Z", "+00:00")))
            for i, url in enumerate(event["urls"], 1) if url in rows
        ]
        if not articles:
            continue
        doc = write_story(slug, articles)
        assert doc.quick_read.sentences[0].text == doc.dek, slug


def test_dek_points_back_to_nothing_the_page_has_not_said():
    texts = [
        "For nine centuries the Lowmere valley has been perfect for this tree, with mild winters and mild summers. "
        "Drought killed half of the almond orchards in the Lowmere valley this summer, growers said on Monday. "
        "Growers asked the state for water credits to replant the almond orchards.",
        "The Lowmere valley has been perfect for this tree for nine centuries, growers said. "
        "Half of the almond orchards in the Lowmere valley died in the drought this summer. "
        "The state will decide on water credits for the valley in September.",
    ]
    doc = write_story("orchards", story(*texts, titles=("Drought kills half of Lowmere almond orchards",
                                                        "Lowmere valley loses half its almond orchards")))
    # "… perfect for this tree …" was the dek: which tree?
    assert "this tree" not in doc.dek and "almond orchards" in doc.dek, doc.dek


def test_a_headline_word_the_text_uses_in_lower_case_is_no_name_in_the_image_alt():
    from newsdesk.write.headline import key_entities

    articles = with_images(
        "A woman hit a police inspector with a stone outside the Spanish Town police station in Jamaica. "
        "Police in Jamaica are searching for the woman, who fled.",
        titles=("Woman attacks female inspector with stone at police station",),
    )
    assert "Woman" not in key_entities(articles), key_entities(articles)


@pytest.mark.parametrize("sentence, term, chunk", [
    ("Fauci vowed that the two countries would get through this together, the report said.", "together", None),
    ("Chauvin was sentenced to 22 and a half years in prison on Friday.", "half", None),
    ("The senators called for a formal investigation into the leak.", "investigation", "formal investigation"),
    # a verb's past tense without -ed (session 14: "leads on the president spent:")
    ("The president spent the weekend digging in on his position.", "spent", None),
    ("The mayor's chief of staff told reporters the talks were over.", "told", None),
    # a demonstrative points back to a sentence the reader has not seen (session 15: "leads on the cycle:")
    ("In this cycle, any version of success only hastens catastrophe.", "cycle", None),
    ("Those delays were the longest in a decade.", "delays", None),
    # a noun ending in -ly heads its phrase; a name inside the phrase is not its end (session 15:
    # "leads on the global:", "leads on the experimental:")
    ("The global tally of confirmed cases climbed above 221 million.", "global", None),
    ("The global tally of confirmed cases climbed above 221 million.", "tally", "global tally"),
    ("Pfizer's experimental COVID-19 vaccine appears to be working.", "experimental", None),
    ("The senators called for a formal investigation into the leak.", "formal", None),
    # an adjective after its noun, a unit of time or an outcome names no topic (session 15, demo pages)
    ("Opponents argue that a repair would have kept the bridge open for another 30 years.", "open", None),
    ("It was the largest outbreak in the district in more than a decade.", "decade", None),
    ("Health workers said the outbreak was the result of a decline in vaccination.", "result", None),
])
def test_a_perspective_leads_on_a_noun_never_an_adverb_or_a_quantifier(sentence, term, chunk):
    """"leads on the together:" and "leads on the half:" were lead-ins on stories_dev pages (session 11)."""
    from newsdesk.write.perspectives import _chunk_around

    assert _chunk_around(sentence, term) == chunk


def test_a_navigation_bar_is_never_the_headline():
    """A page whose <title> was its navigation ("| Samstag … | RSS | | Hauptseite | Blog | Login |") headlined its story."""
    from newsdesk.write.headline import choose_headline

    nav = "| Samstag, 2016-10-08 Willkommen Gast | RSS | | Hauptseite | Blog | Registrieren | Login | Menü |"
    articles = story("Lowmere's harbor reopened on Monday after a week-long closure. Ships queued outside.", titles=(nav,))
    headline = choose_headline(articles)
    assert "|" not in headline and headline.startswith("Lowmere's harbor reopened on Monday"), headline
    # the first sentence that reports, not a form's prompt to the reader (an eval page of readers' letters)
    prompt = "Submit your letter to the editor via this form. Lowmere's harbor reopened on Monday after a long closure."
    headline = choose_headline(story(prompt, titles=(nav,)))
    assert headline.startswith("Lowmere's harbor reopened on Monday"), headline


def test_a_party_named_like_a_person_is_no_speaker_in_a_heading():
    """"The opposition Civic Alliance said …" made a demo heading "What Halvorsen and Alliance say" (session 11)."""
    from newsdesk.write.sections import speakers_in

    positions = (
        "Finance Minister Tomas Halvorsen said the budget would not add to inflation.",
        "“Our job is to make sure the budget does not pour fuel on the fire,” Halvorsen said.",
        "The opposition Civic Alliance said inflation was the result of the pay rise.",
        "The opposition Civic Alliance said families were paying for the government's mistakes.",
    )
    assert speakers_in(body(*positions)) == ["Halvorsen"]


@pytest.mark.parametrize("sentence, alt, caption", [
    ("Premier Ana Ruiz speaks during a televised debate in Lowmere on Sunday before the election.", None, True),
    ("Ruiz poses with the trophy after the final in Lowmere.", None, True),
    ("Ruiz spoke during a televised debate in Lowmere on Sunday.", None, False),
    ("The minister arrived at the summit on Monday.", None, False),
    ("Extreme weather poses risks to supply chains, food and water.", None, False),
    ("Firefighters work to contain a blaze at a warehouse in Lowmere.",
     "Firefighters work to contain a blaze at a warehouse in Lowmere", True),
    # names and titles only, no verb (session 12: "Chief Education Officer Dr Ramona …" was a dek)
    ("Chief Education Officer Dr Ramona Archer-Bradshaw.", None, True),
    ("The Senate passed the bill.", None, False),
])
def test_a_photo_caption_in_the_text_is_no_candidate(sentence, alt, caption):
    """"Taiwanese President Tsai Ing-wen speaks during a televised policy debate …" was a dek (session 11)."""
    from newsdesk.write.candidates import is_caption

    assert is_caption(sentence, alt) is caption


def test_where_the_parties_stand_needs_someone_taking_a_stand():
    # a quoted term and "a function called …" are no positions
    terms = [
        "The guide uses a helper called map for every list in the examples.",
        "The chapter on loops is titled “Faster iteration” in the second edition.",
    ]
    assert headings(body(*HAPPENED, *terms)) == ["What happened", "The details"]
    stances = [
        "Opponents of the port plan argued that the dredging would harm the estuary.",
        "Supporters of the plan said the deeper channel would bring 400 jobs to the town.",
    ]
    assert headings(body(*HAPPENED, *stances))[1] == "Where the parties stand"


def test_a_fact_someone_reported_is_no_stand():
    """"Where the parties stand" had headed "police said the two girls … used a taser" and "the FBI said in
    a statement" (45 AllSides pages, session 17): a say verb attributes a fact unless it quotes a statement."""
    reported = [
        "The attack on the driver, police said, prompted an accident that resulted in his death.",
        "The shooting occurred early in the evening, the FBI said in a statement, adding that it was searching.",
    ]
    assert headings(body(*HAPPENED, *reported)) == ["What happened", "The details"]
    quoted = [
        "The law offering citizenship to babies of non-citizens “has to end,” the president said on Tuesday.",
        "The shooting occurred early in the evening, the FBI said in a statement, adding that it was searching.",
    ]
    assert headings(body(*HAPPENED, *quoted))[1] == "Where the parties stand"
    disagreed = ["The governor said he disagreed with the guidelines the federal agency issued this week.",
                 "The attack on the driver, police said, prompted an accident that resulted in his death."]
    assert headings(body(*HAPPENED, *disagreed))[1] == "Where the parties stand"


def test_an_app_promotion_is_boilerplate():
    from newsdesk.write.candidates import _BOILERPLATE

    assert _BOILERPLATE.search("For the latest stories and breaking news download the Islandnews apps for iOS and Android.")
    assert not _BOILERPLATE.search("The ministry said parents could download consent forms from the school website.")


@pytest.mark.parametrize("sentence, expected", [
    ("Avigilon declined to comment to Axios.", False),
    ("Yang and his team did not respond to requests for comment.", False),
    ("Through a spokesperson, the mayor's office declined to comment for this story.", False),
    ("The senator declined to comment on the bill but said she would vote for it next week in the Senate.", True),
    ("The International Association for Suicide Prevention and Befrienders Worldwide provide contact information.", False),
])
def test_no_comment_lines_and_helpline_notes_are_not_candidates(sentence, expected):
    from newsdesk.write.candidates import usable

    assert usable(sentence) is expected


@pytest.mark.parametrize("sentence, needs", [
    ("For example, the US Army uses a body fat calculation that requires an individual’s age.", True),
    ("For instance, Hispanic unemployment is at a new low, according to the Bureau of Labor Statistics.", True),
    ("Such as shredded coconut, crushed nuts or freeze-dried berries.", True),
    ("Such a vote would be quickly rejected by Democrats, who control the majority.", True),
    ("Example Corp. said on Monday it would cut 300 jobs.", False),
])
def test_an_example_or_the_rest_of_a_list_needs_the_sentence_before(sentence, needs):
    from newsdesk.write.candidates import needs_antecedent

    assert needs_antecedent(sentence) is needs


def test_a_how_tos_steps_are_the_writers_voice_and_a_date_given_stays():
    from datetime import datetime

    from newsdesk.text import in_own_voice
    from newsdesk.write.dates import resolve_relative_dates

    assert in_own_voice("Step One: First, add all the filling ingredients to a food processor.")
    assert not in_own_voice("Step by step, the council rebuilt the harbour after the storm.")
    # "yesterday (Nov. 7)" had become "on November 7 (Nov. 7)"
    text = "A campaign for the Louvre launched yesterday (Nov. 7) runs until February 2024."
    assert resolve_relative_dates(text, datetime(2023, 11, 8, 12)) == text


@pytest.mark.parametrize("sentence", [
    "Ihre Anmeldung wurde nicht ausgeführt.",
    "Thank you for subscribing to the morning briefing from the Daily Ledger.",
])
def test_a_sign_up_forms_message_is_not_a_candidate(sentence):
    from newsdesk.write.candidates import usable

    assert not usable(sentence)


def test_a_digit_inside_a_name_is_no_figure_for_the_numbers_heading():
    names = [
        "The pledge came as the minister spoke with G-7 partners about Covid-19 vaccines.",
        "The F-35 programme was not on the agenda of the meeting in the capital.",
    ]
    assert headings(body(*HAPPENED, *names)) == ["What happened", "The details"]
    figures = [
        "The pledge came as the minister promised 60 million doses to partners abroad.",
        "About 4 million doses went to two neighbours last month.",
    ]
    assert headings(body(*HAPPENED, *figures)) == ["What happened", "The numbers"]


def test_a_speaker_named_with_a_middle_initial_heads_the_section():
    from newsdesk.write.sections import speakers_in

    said = [
        "Warner died at home in Alexandria, Virginia, with his wife at his side, Susan A. Magill said.",
        "\"He was frail but had a lot of spirit and was involved until his last days,\" Magill said.",
    ]
    assert speakers_in(body(*said)) == ["Magill"]
    assert headings(body(*HAPPENED, *said))[-1] == "What Magill and others say"
    # an initial is never the whole name, nor its last word
    assert speakers_in(body("\"We will appeal,\" A. said.", "\"We will appeal,\" Susan A. said.")) == []


@pytest.mark.parametrize("sentence, numbers, phrase", [
    # a digit inside a name is no figure (session 15: "is alone in giving the figure 19:" for "COVID-19")
    ("As the COVID-19 vaccine rollout gains momentum, many countries are reopening.", [], None),
    ("The G-7 leaders met in Cornwall with 2,400 police on duty.", ["2400"], "is alone in giving the figure 2,400:"),
    # a ratio is shown whole (session 15: "is alone in giving the figure 1:" for "Some 1 in 5 renters …")
    ("Some 1 in 5 renters across the U.S. are behind on their payments.", None, "is alone in giving the figure 1 in 5:"),
])
def test_a_perspective_gives_a_figure_as_the_sentence_writes_it(sentence, numbers, phrase):
    from newsdesk.write.perspectives import _emphasis_phrase, _figures

    found = _figures(sentence)
    if numbers is not None:
        assert found == numbers
    if phrase:
        assert _emphasis_phrase(sentence, sentence, [], found, []) == phrase


@pytest.mark.parametrize("sentence, theme", [
    # session 16, from AllSides sections headed "What comes next" over what had already happened
    ("U.S. employers hired more workers than expected last month.", "happened"),
    ("Democratic votes would have been needed to meet the benchmark.", "happened"),
    ("The number marks a departure from trends that would typically see fewer migrants.", "happened"),
    ("Its initial impact may have seemed lighter at first.", "happened"),
    # what is ahead stays there
    ("The Senate is on track to vote this week on the bill.", "next"),
    ("The meeting is expected to focus on nuclear escalation.", "next"),
    ("The case could still lead to the end of the program.", "next"),
    ("The new program will speed up the trials.", "next"),
])
def test_what_comes_next_is_what_is_ahead(sentence, theme):
    from newsdesk.write.sections import theme_of

    assert theme_of(sentence) == theme


def test_clickbait_and_banners_are_known_with_a_curly_apostrophe_too():
    from newsdesk.write.candidates import _BOILERPLATE
    from newsdesk.write.headline import _CLICKBAIT

    assert _CLICKBAIT.search("Here’s why the Lowmere bridge closed") and _CLICKBAIT.search("You won’t believe it")
    assert _BOILERPLATE.search("Don’t show this message again.")
