"""The domain model, in one place.

Value types passed between pipeline stages. The store persists them; the writer
produces a :class:`StoryDocument`, which is also the export/brief/API JSON shape.

    ArticleIn ──ingest──▶ Article ──stories──▶ Story ──write──▶ StoryDocument
                                                                 ├─ Section ─ Paragraph ─ CitedSentence ─ Citation
                                                                 ├─ PullQuote, Image, SourceRef
                                                                 ├─ QuickRead
                                                                 └─ Discrepancy, DroppedSentence, TimelineEntry
"""

from __future__ import annotations

from datetime import datetime

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

CATEGORIES: tuple[str, ...] = (
    "Politics",
    "World",
    "Business",
    "Technology",
    "Science",
    "Health",
    "Climate",
    "Sports",
    "Culture",
    "Crime & Justice",
)

DISCLAIMER = (
    "This content is AI-generated based on source articles. Every sentence links to the "
    "source sentences that support it; errors may still occur. We recommend verifying with "
    "the original sources."
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Outlet(_Model):
    """A news organisation (a "source" in the reader's sense)."""

    name: str
    domain: str | None = None
    country: str | None = None
    owner: str | None = None
    type: str | None = None


class ArticleIn(_Model):
    """One article as a source gives it, before the store assigns it an id.

    Either ``text`` or ``html`` must be present; ingest turns ``html`` into ``text``.
    """

    url: str
    title: str = ""
    text: str | None = None
    html: str | None = None
    published: datetime | None = None
    outlet: str | None = None
    author: str | None = None
    image_url: str | None = None
    image_alt: str | None = None
    image_credit: str | None = None
    language: str | None = None
    paywalled: bool | None = None  # set by extraction when the page is a paywall/teaser


class Article(_Model):
    """An ingested article: clean text plus metadata, identified by its canonical URL."""

    id: int
    url: str
    title: str
    text: str
    published: datetime
    outlet: str
    author: str | None = None
    image_url: str | None = None
    image_alt: str | None = None
    image_credit: str | None = None
    language: str | None = None
    story_id: str | None = None
    duplicate_of: int | None = None
    paywalled: bool | None = None  # True: the page was a paywall/teaser; None: not marked
    published_estimated: bool = False
    """The source gave no usable publication date: ``published`` is when ingest read the article.
    Such a date orders articles but never resolves "on Tuesday" nor dates a timeline entry."""

    @property
    def known_published(self) -> datetime | None:
        """``published`` when the source gave it, else None."""
        return None if self.published_estimated else self.published


class Story(_Model):
    """A group of articles about one event."""

    id: str
    article_ids: list[int]
    created: datetime
    updated: datetime
    parent_id: str | None = None


class Citation(_Model):
    """Where a published sentence comes from: an article and one of its sentences, verbatim."""

    article_url: str
    sentence: str


class CitedSentence(_Model):
    """A published sentence with the source sentences that support it."""

    text: str
    sources: list[Citation]


class Paragraph(_Model):
    sentences: list[CitedSentence]


class Section(_Model):
    heading: str
    paragraphs: list[Paragraph]


class PullQuote(_Model):
    """A direct quote, verbatim in ``article_url``, with the speaker as that source names them."""

    text: str
    speaker: str
    role: str | None = None
    article_url: str


class Image(_Model):
    url: str
    alt: str
    credit: str | None = None


class SourceRef(_Model):
    url: str
    outlet: str
    title: str
    published: datetime | None = None
    opinion: bool = False  # filed or titled as opinion by its outlet (see newsdesk.write.opinion)


class QuickRead(_Model):
    headline: str
    date: str  # ISO date (YYYY-MM-DD) of the story's latest development
    text: str
    sentences: list[CitedSentence] = Field(default_factory=list)


class DiscrepancyClaim(_Model):
    outlet: str
    article_url: str
    value: str
    sentence: str


class Discrepancy(_Model):
    """Sources disagree about one thing; the page shows every claim, none as fact.

    ``kind`` says what they disagree on: a ``number``, a ``date``, a ``name`` or a ``claim``
    (opposite statements). Documents stored before it existed read as ``number`` (``date``
    when the subject is ``date``).
    """

    subject: str
    claims: list[DiscrepancyClaim]
    kind: Literal["number", "date", "name", "claim"] = "number"

    @model_validator(mode="before")
    @classmethod
    def _legacy_kind(cls, data):
        if isinstance(data, dict) and "kind" not in data and data.get("subject") == "date":
            return {**data, "kind": "date"}
        return data


class Perspective(_Model):
    """What one outlet's coverage emphasises, with the sentence that shows it."""

    outlet: str
    emphasis: str
    citation: Citation


class DroppedSentence(_Model):
    """A candidate sentence the verifier refused, kept for editors."""

    text: str
    reason: str


class TimelineEntry(_Model):
    date: str
    text: str
    article_url: str


class StoryDocument(_Model):
    """A written story: the export/brief/API JSON. Field names are a public contract."""

    id: str
    category: str
    headline: str
    dek: str
    summary: str
    reading_minutes: int
    published: datetime | None
    updated: datetime | None
    image: Image | None
    sections: list[Section]
    pull_quote: PullQuote | None
    quick_read: QuickRead
    sources: list[SourceRef]
    article_urls: list[str]
    related: list[str] = Field(default_factory=list)
    disclaimer: str = DISCLAIMER
    label: str = "AI Analysis"
    summary_sentences: list[CitedSentence] = Field(default_factory=list)
    discrepancies: list[Discrepancy] = Field(default_factory=list)
    perspectives: list[Perspective] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    dropped: list[DroppedSentence] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    single_source: bool = False
    #: Every sentence the page states comes from opinion pieces: no news report of the story had one
    #: to show. The page says so (its writers' claims, not established fact).
    opinion_only: bool = False
    writer: str = "offline"
    #: The language of the sources the page quotes (ISO 639-1), for the page's ``lang`` attribute
    #: and its section headings; None in documents written before it was recorded.
    language: str | None = None
