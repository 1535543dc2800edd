"""A small written newsroom for the web tests and screenshots (fictional outlets and events).

``build_sample_store(url)`` migrates a store at ``url``, adds articles, assigns them to
stories and saves one :class:`StoryDocument` per story: several categories, one
single-source story, one with a discrepancy between outlets, one reviewed by an editor,
and one whose every text field carries a hostile payload.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdesk.models import (
    Article,
    Citation,
    CitedSentence,
    Discrepancy,
    DiscrepancyClaim,
    Image,
    Outlet,
    Paragraph,
    Perspective,
    PullQuote,
    QuickRead,
    Section,
    SourceRef,
    StoryDocument,
    TimelineEntry,
)
from newsdesk.store import Store, fingerprint

BASE_TIME = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
HOSTILE_ID = "story-hostile"
DISCREPANCY_ID = "story-transit-levy"
SINGLE_ID = "story-lone-report"
REVIEWED_ID = "story-reservoir"
HELD_ID = "story-held"
XSS = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'

OUTLETS = {
    "Harbour Gazette": "harbourgazette.example",
    "The Northern Ledger": "northernledger.example",
    "Civic Wire": "civicwire.example",
    "Daily Meridian": "dailymeridian.example",
    "Valley Courier": "valleycourier.example",
    "Metro Signal": "metrosignal.example",
}


def _url(outlet: str, slug: str) -> str:
    return f"https://{OUTLETS[outlet]}/news/{slug}"


def _sentences(items: list[tuple[str, list[tuple[str, str]]]]) -> list[CitedSentence]:
    return [CitedSentence(text=t, sources=[Citation(article_url=u, sentence=s) for u, s in cites])
            for t, cites in items]


def _story(
    story_id: str,
    category: str,
    headline: str,
    dek: str,
    articles: list[tuple[str, str, str, str]],  # (outlet, slug, title, first sentence)
    hours_ago: float,
    *,
    sections: list[tuple[str, list[list[tuple[str, list[int]]]]]] | None = None,
    quote: tuple[str, str, str, int] | None = None,  # text, speaker, role, article index
    image: Image | None = None,
    discrepancies: list[Discrepancy] | None = None,
    timeline: bool = True,
    related: list[str] | None = None,
) -> tuple[StoryDocument, list[Article]]:
    """Build a document whose citations point at ``articles`` (by index)."""
    updated = BASE_TIME - timedelta(hours=hours_ago)
    arts: list[Article] = []
    for i, (outlet, slug, title, first) in enumerate(articles):
        arts.append(Article(
            id=0, url=_url(outlet, slug), title=title, outlet=outlet,
            text=f"{first} The report continues with further detail from the scene and officials.",
            published=updated - timedelta(hours=len(articles) - i),
        ))
    first_sentence = {a.url: a.text.split(" The report continues")[0] for a in arts}

    def cites(indexes: list[int]) -> list[tuple[str, str]]:
        return [(arts[i].url, first_sentence[arts[i].url]) for i in indexes]

    if sections is None:
        sections = [
            ("What happened", [[(dek, [0, 1 % len(arts)])],
                               [(f"{arts[0].outlet} was first to report the development.", [0])]]),
            ("What comes next", [[("Officials said more details would follow in the coming days.",
                                   [len(arts) - 1])]]),
        ]
    doc_sections = [
        Section(heading=h, paragraphs=[Paragraph(sentences=_sentences([(t, cites(ix)) for t, ix in para]))
                                       for para in paras])
        for h, paras in sections
    ]
    outlets = sorted({a.outlet for a in arts})
    quick_text = (
        f"{dek} {arts[0].title}. Reporting from {', '.join(outlets)} describes the same sequence of "
        "events, with officials promising an update within days. Residents affected by the change were "
        "told where to find help, and the responsible agency said it would publish its full figures.\n\n"
        "Not every detail is settled. Outlets differ in emphasis, and some figures are still provisional; "
        "the full analysis lists each source and the sentence it supports."
    )
    doc = StoryDocument(
        id=story_id,
        category=category,
        headline=headline,
        dek=dek,
        summary=f"{dek} {arts[0].title}.",
        reading_minutes=2 + len(arts) // 2,
        published=arts[0].published,
        updated=updated,
        image=image,
        sections=doc_sections,
        pull_quote=(PullQuote(text=quote[0], speaker=quote[1], role=quote[2], article_url=arts[quote[3]].url)
                    if quote else None),
        quick_read=QuickRead(headline=headline, date=updated.date().isoformat(), text=quick_text),
        sources=[SourceRef(url=a.url, outlet=a.outlet, title=a.title, published=a.published) for a in arts],
        article_urls=[a.url for a in arts],
        related=related or [],
        summary_sentences=_sentences([(dek, cites([0]))]),
        discrepancies=discrepancies or [],
        perspectives=[Perspective(outlet=a.outlet, emphasis="leads with", citation=Citation(
            article_url=a.url, sentence=first_sentence[a.url])) for a in arts[:2]],
        timeline=[TimelineEntry(date=a.published.date().isoformat(), text=a.title, article_url=a.url)
                  for a in arts] if timeline else [],
        outlets=outlets,
        single_source=len(outlets) == 1,
    )
    return doc, arts


def sample_documents(image_dir_url: str | None = None) -> list[tuple[StoryDocument, list[Article]]]:
    """The sample stories with their articles, newest first.

    With ``image_dir_url`` (where ``tests/web/images`` is served) three stories get pictures;
    without it only the lead story has one, the site's own favicon.
    """

    def picture(name: str, alt: str, credit: str) -> Image | None:
        if image_dir_url:
            return Image(url=f"{image_dir_url}/{name}", alt=alt, credit=credit)
        return Image(url="/static/favicon.svg", alt=alt, credit=credit) if name == "harbour-trams.svg" else None

    levy_arts = [
        ("Harbour Gazette", "council-levy-vote", "Council backs transit levy after late-night session",
         "The city council approved the transit levy by 9 votes to 4 on Wednesday night."),
        ("The Northern Ledger", "levy-passes", "Transit levy passes, fares to be frozen",
         "Councillors passed the levy 8 votes to 5 after a four-hour debate."),
        ("Civic Wire", "levy-reaction", "Businesses split over new transit levy",
         "Business groups said the levy would cost a typical shop about 300 crowns a year."),
        ("Daily Meridian", "levy-explainer", "What the transit levy means for your commute",
         "The levy is expected to raise 42 million crowns for new tram lines by 2030."),
    ]
    levy_sections = [
        ("A narrow vote after a long night", [
            [("The city council approved a new transit levy on Wednesday night after a four-hour debate.", [0, 1]),
             ("Outlets report different margins for the vote.", [0, 1])],
            [("The levy is expected to raise 42 million crowns for new tram lines by 2030.", [3])],
        ]),
        ("Who pays, and who objects", [
            [("Business groups said the levy would cost a typical shop about 300 crowns a year.", [2]),
             ("Supporters argued that frozen fares would bring more customers downtown.", [1, 3])],
            [("Mara Lindqvist, the mayor of Harbour City, said the levy would pay for the Eastern Line.", [0]),
             ("Traders in Harbour City asked Mara Lindqvist to delay the first payments.", [2])],
        ]),
    ]
    levy_disc = [Discrepancy(subject="The council vote", claims=[
        DiscrepancyClaim(outlet="Harbour Gazette", article_url=_url("Harbour Gazette", "council-levy-vote"),
                         value="9 votes to 4", sentence=levy_arts[0][3]),
        DiscrepancyClaim(outlet="The Northern Ledger", article_url=_url("The Northern Ledger", "levy-passes"),
                         value="8 votes to 5", sentence=levy_arts[1][3]),
    ])]
    img = picture("harbour-trams.svg", "Trams waiting at the harbour depot at dusk", "Harbour Gazette")
    stories = [
        _story(DISCREPANCY_ID, "Politics", "Harbour City Approves Transit Levy in Narrow Late-Night Vote",
               "Councillors backed a levy to fund new tram lines and freeze fares; outlets disagree on the margin.",
               levy_arts, 1, sections=levy_sections, image=img, discrepancies=levy_disc,
               quote=("We will not balance the budget on the backs of the people who ride the tram every day.",
                      "Mara Lindqvist", "Mayor of Harbour City", 0),
               related=[REVIEWED_ID, "story-unknown-related"]),
        _story(REVIEWED_ID, "Climate", "Reservoir Levels Fall to a Ten-Year Low as Dry Spell Continues",
               "Water managers asked households to cut use by a fifth while the valley waits for rain.",
               [("Valley Courier", "reservoir-low", "Reservoir hits ten-year low",
                 "The main reservoir stood at 31 percent of capacity on Monday."),
                ("Metro Signal", "water-appeal", "Households asked to save water",
                 "The water board asked households to cut their use by a fifth."),
                ("Civic Wire", "farm-irrigation", "Farmers brace for irrigation limits",
                 "Farmers in the lower valley expect limits on irrigation from April.")],
               3, image=picture("reservoir.svg", "The reservoir's exposed banks under a clear sky",
                                "Valley Courier"),
               quote=("Every litre saved now is a litre we will have in August.", "Jonas Abara",
                         "Chair of the Valley Water Board", 1)),
        _story("story-chip-plant", "Business", "Chipmaker Confirms New Plant and 1,200 Jobs on the East Coast",
               "The company will build a packaging plant near the port, with production due in 2028.",
               [("Daily Meridian", "chip-plant", "Chipmaker picks port site for plant",
                 "The company confirmed it will build a chip packaging plant near the port."),
                ("The Northern Ledger", "chip-jobs", "1,200 jobs promised at new plant",
                 "The plant is expected to employ 1,200 people when it opens in 2028.")], 5,
               image=picture("chip-plant.svg", "Drawing of the planned plant beside the port", "Daily Meridian")),
        _story("story-rover", "Science", "Student-Built Rover Completes First Lunar Simulation Run",
               "A university team drove its rover across a crater test field for six hours without a fault.",
               [("Metro Signal", "rover-test", "Student rover passes crater test",
                 "The rover drove for six hours across the test field without a fault."),
                ("Valley Courier", "rover-team", "Meet the team behind the rover",
                 "The team of 14 students built the rover in 18 months.")], 8),
        _story("story-cup-final", "Sports", "Harbour FC Win the Cup on Penalties After a Goalless Final",
               "A save in the fifth round of penalties settled a tense final in front of 40,000 fans.",
               [("Harbour Gazette", "cup-final", "Harbour FC lift the cup",
                 "Harbour FC beat Valley United 5-4 on penalties after a goalless draw."),
                ("Civic Wire", "cup-crowd", "Record crowd for the cup final",
                 "The final was watched by 40,000 fans, a record for the stadium.")], 10),
        _story("story-court-ruling", "Crime & Justice", "Appeals Court Orders Retrial in Dockyard Fraud Case",
               "Judges found the trial court wrongly excluded evidence from two shipping clerks.",
               [("The Northern Ledger", "dockyard-retrial", "Retrial ordered in dockyard fraud case",
                 "The appeals court ordered a retrial in the dockyard fraud case on Tuesday."),
                ("Daily Meridian", "retrial-evidence", "Excluded evidence at heart of retrial",
                 "The judges said evidence from two shipping clerks had been wrongly excluded.")], 12),
        _story(SINGLE_ID, "Health", "Clinic Extends Evening Hours in the Old Town",
               "One outlet reports that the Old Town clinic will stay open until 9pm from next month.",
               [("Metro Signal", "clinic-hours", "Old Town clinic to open late",
                 "The Old Town clinic will stay open until 9pm from next month.")], 2),
        _hostile_story(),
    ]
    return stories


def _hostile_story() -> tuple[StoryDocument, list[Article]]:
    """Every text field carries markup or a javascript: URL; none of it may execute or link."""
    doc, arts = _story(
        HOSTILE_ID, "Technology", f"Hostile {XSS} headline", f"Dek with {XSS} inside",
        [("Civic Wire", "hostile-a", f"Title {XSS}", "Hostile sentence <b>bold</b> onerror=alert(1)."),
         ("Metro Signal", "hostile-b", "Second hostile title", "Another sentence from a second outlet.")],
        6, quote=(f"Quote {XSS}", f"Speaker {XSS}", "Role <i>x</i>", 0),
    )
    bad = "javascript:window.__pwned=3"
    data = doc.model_dump()
    data["sources"].append({"url": bad, "outlet": f"Evil {XSS}", "title": "click me", "published": None})
    data["article_urls"].append(bad)
    data["sections"][0]["paragraphs"][0]["sentences"].append(
        {"text": f"Sentence {XSS} with a bad citation.", "sources": [{"article_url": bad, "sentence": XSS}]})
    data["pull_quote"]["article_url"] = bad
    data["image"] = {"url": "javascript:window.__pwned=4", "alt": f"alt {XSS}", "credit": XSS}
    data["timeline"].append({"date": "2026-03-11", "text": f"Timeline {XSS}", "article_url": bad})
    data["discrepancies"] = [{"subject": f"Subject {XSS}", "claims": [
        {"outlet": "Civic Wire", "article_url": bad, "value": XSS, "sentence": XSS},
        {"outlet": "Metro Signal", "article_url": arts[1].url, "value": "two", "sentence": "two"}]}]
    data["quick_read"]["headline"] = f"Quick {XSS}"
    data["quick_read"]["text"] = f"Quick text {XSS} with <style>body{{display:none}}</style> tricks."
    data["disclaimer"] = doc.disclaimer
    return StoryDocument.model_validate(data), arts


def build_sample_store(url: str, image_dir_url: str | None = None) -> Store:
    """A migrated store at ``url`` holding :func:`sample_documents`; the reservoir story is reviewed."""
    store = Store(url)
    store.migrate()
    for name, domain in OUTLETS.items():
        store.upsert_outlet(Outlet(name=name, domain=domain, country="Freeland"))
    for doc, arts in sample_documents(image_dir_url):
        ids = []
        for art in arts:
            article_id, _ = store.add_article(art)
            store.assign_story(article_id, doc.id, art.published)
            ids.append(article_id)
        store.save_document(doc, fingerprint(ids))
    store.set_document_status(REVIEWED_ID, "published", reviewed=True)
    held, arts = _story(HELD_ID, "World", "Held Story Editors Have Not Released",
                        "This story waits for an editor and must not be public.",
                        [("Civic Wire", "held-a", "Held A", "Held sentence one."),
                         ("Metro Signal", "held-b", "Held B", "Held sentence two.")], 0.5)
    ids = []
    for art in arts:
        article_id, _ = store.add_article(art)
        store.assign_story(article_id, held.id, art.published)
        ids.append(article_id)
    store.save_document(held, fingerprint(ids), status="held")
    return store
