"""Turn a :class:`StoryDocument` into what a page shows, deciding every link once.

Templates only loop over these view values; they never build URLs from document
fields. That keeps the one security rule in one place: **a link we print is one of
the story's own source URLs, and only if it is plain http(s)** (see :func:`safe_source_href`).
Every text field stays a plain string, escaped by Jinja2's autoescape at render time.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from ..models import CATEGORIES, CitedSentence, StoryDocument
from ..page import in_brief

_HTTP_URL = re.compile(r"^https?://[^\s\"'<>\\`]+$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"])")
_STATIC_PATH = re.compile(r"^/static/[A-Za-z0-9][A-Za-z0-9._/-]*$")


def category_slug(name: str) -> str:
    """``"Crime & Justice"`` → ``"crime-justice"``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


CATEGORY_BY_SLUG: dict[str, str] = {category_slug(c): c for c in CATEGORIES}


def is_http_url(url: str | None) -> bool:
    """True for an absolute http(s) URL with a host and no whitespace or quote characters."""
    if not url or not _HTTP_URL.match(url):
        return False
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def allowed_links(doc: StoryDocument) -> frozenset[str]:
    """The URLs a story page may link to: its own sources, http(s) only."""
    urls = {s.url for s in doc.sources} | set(doc.article_urls)
    return frozenset(u for u in urls if is_http_url(u))


def safe_source_href(url: str | None, allowed: frozenset[str]) -> str | None:
    """``url`` if it may become a link on this story's page, else ``None`` (printed as text)."""
    return url if url and url in allowed else None


def safe_image_src(url: str | None) -> str | None:
    """A hero image source: a site-relative ``/static/...`` path or an http(s) URL."""
    if not url:
        return None
    if _STATIC_PATH.match(url) and ".." not in url:
        return url
    return url if is_http_url(url) else None


#: Headings of the "Sources disagree" box for kinds whose subject is only the kind's name.
_KIND_HEADINGS = {"date": "When it happened", "name": "Who is named", "claim": "What happened"}


def discrepancy_heading(kind: str, subject: str) -> str:
    """``("name", "name")`` → ``"Who is named"``; a real subject ("jobs", "The council vote") stays."""
    if kind in _KIND_HEADINGS and subject.strip().lower() in ("", kind):
        return _KIND_HEADINGS[kind]
    return subject


def ordinal(day: int) -> str:
    """``1`` → ``1st``, ``12`` → ``12th``."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def long_date(value: datetime | date | str | None) -> str:
    """``Tue 6th Jan, 2026`` (the reference quick-read style)."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value:%a} {ordinal(value.day)} {value:%b}, {value.year}"


def dates_unknown(doc) -> bool:
    """True when none of a story's sources gives its publication date: the story's dates are when
    newsdesk read the sources, which the page says ("Added …"), not when they were published."""
    return bool(doc.sources) and all(source.published is None for source in doc.sources)


def short_time(value: datetime | None) -> str:
    """``6 Jan 2026, 14:05 UTC`` for source lists."""
    if value is None:
        return ""
    value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return f"{value.day} {value:%b %Y, %H:%M} UTC"


def iso(value: datetime | None) -> str:
    if value is None:
        return ""
    value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return value.isoformat(timespec="seconds")


@dataclass(frozen=True)
class SourceView:
    number: int
    outlet: str
    title: str
    href: str | None
    url: str
    published: datetime | None
    opinion: bool = False


@dataclass(frozen=True)
class CiteView:
    """One superscript citation: which numbered source, which sentence of it."""

    number: int
    outlet: str
    sentence: str
    href: str | None


@dataclass(frozen=True)
class SentenceView:
    text: str
    cites: list[CiteView]


@dataclass(frozen=True)
class CoverageView:
    outlet: str
    articles: int


@dataclass
class StoryView:
    """Everything the analysis page prints, with links already vetted."""

    doc: StoryDocument
    slug: str
    image_src: str | None
    sources: list[SourceView]
    dek: SentenceView | None
    summary: list[SentenceView]
    sections: list[tuple[str, list[list[SentenceView]]]]
    footnotes: list[CiteView]
    quote_href: str | None
    quote_outlet: str | None
    discrepancies: list[dict]
    perspectives: list[dict]
    timeline: list[dict]
    coverage: list[CoverageView]
    outlet_count: int
    quick_paragraphs: list[str] = field(default_factory=list)


def _outlet_for(doc: StoryDocument) -> dict[str, str]:
    return {s.url: s.outlet for s in doc.sources}


def story_view(doc: StoryDocument) -> StoryView:
    """Build the analysis page's view of ``doc`` (pure; no store access)."""
    allowed = allowed_links(doc)
    outlet_of = _outlet_for(doc)
    numbers: dict[str, int] = {}
    sources: list[SourceView] = []
    for src in doc.sources:
        if src.url in numbers:
            continue
        numbers[src.url] = len(numbers) + 1
        sources.append(SourceView(numbers[src.url], src.outlet, src.title,
                                  safe_source_href(src.url, allowed), src.url, src.published, src.opinion))

    footnotes: dict[tuple[int, str], CiteView] = {}

    def cite(url: str, sentence: str) -> CiteView:
        if url not in numbers:  # cited but missing from the Sources list: still numbered, no title
            numbers[url] = len(numbers) + 1
            sources.append(SourceView(numbers[url], outlet_of.get(url, ""), "",
                                      safe_source_href(url, allowed), url, None))
        view = CiteView(numbers[url], outlet_of.get(url, ""), sentence, safe_source_href(url, allowed))
        footnotes.setdefault((view.number, sentence), view)
        return view

    def sentence_view(s: CitedSentence) -> SentenceView:
        seen: dict[int, CiteView] = {}
        for c in s.sources:
            v = cite(c.article_url, c.sentence)
            seen.setdefault(v.number, v)
        return SentenceView(s.text, sorted(seen.values(), key=lambda v: v.number))

    # The dek stands under the headline with its citations; "In brief" goes on from it (newsdesk.page).
    opens_on_dek = bool(doc.summary_sentences) and doc.summary_sentences[0].text == doc.dek
    dek = sentence_view(doc.summary_sentences[0]) if opens_on_dek else None
    summary = [sentence_view(s) for s in in_brief(doc)]
    sections = [
        (sec.heading, [[sentence_view(s) for s in para.sentences] for para in sec.paragraphs])
        for sec in doc.sections
    ]
    quote = doc.pull_quote
    discrepancies = [
        {
            "subject": discrepancy_heading(d.kind, d.subject),
            "claims": [
                {"outlet": c.outlet, "value": c.value, "sentence": c.sentence,
                 "href": safe_source_href(c.article_url, allowed)}
                for c in d.claims
            ],
        }
        for d in doc.discrepancies
    ]
    perspectives = [
        {"outlet": p.outlet, "emphasis": p.emphasis, "sentence": p.citation.sentence,
         "href": safe_source_href(p.citation.article_url, allowed)}
        for p in doc.perspectives
    ]
    timeline = [
        {"date": t.date, "label": long_date(t.date), "text": t.text,
         "href": safe_source_href(t.article_url, allowed), "outlet": outlet_of.get(t.article_url, "")}
        for t in doc.timeline
    ]
    counts = Counter(s.outlet for s in doc.sources)
    for name in doc.outlets:
        counts.setdefault(name, 0)
    coverage = [CoverageView(o, n) for o, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return StoryView(
        doc=doc,
        slug=category_slug(doc.category),
        image_src=safe_image_src(doc.image.url) if doc.image else None,
        sources=sources,
        dek=dek,
        summary=summary,
        sections=sections,
        footnotes=sorted(footnotes.values(), key=lambda v: v.number),
        quote_href=safe_source_href(quote.article_url, allowed) if quote else None,
        quote_outlet=outlet_of.get(quote.article_url) if quote else None,
        discrepancies=discrepancies,
        perspectives=perspectives,
        timeline=timeline,
        coverage=coverage,
        outlet_count=len(doc.outlets) or len(counts),
        quick_paragraphs=quick_paragraphs(doc),
    )


def quick_paragraphs(doc: StoryDocument) -> list[str]:
    """The quick read's plain text split into paragraphs (blank lines, else ~3 sentences)."""
    text = doc.quick_read.text.strip()
    if not text:
        return []
    parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(parts) > 1:
        return parts
    sentences = _SENTENCE_END.split(text)
    return [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]


def rank_top(docs: list[StoryDocument], now: datetime | None = None) -> list[StoryDocument]:
    """Order stories by coverage (distinct outlets) decayed by age: 12 hours halves a story's weight."""
    now = now or max((d.updated or d.published or datetime.now(UTC) for d in docs), default=datetime.now(UTC))

    def score(d: StoryDocument) -> float:
        when = d.updated or d.published
        hours = max(0.0, (now - when).total_seconds() / 3600) if when else 240.0
        return len(d.outlets or {s.outlet for s in d.sources}) * 0.5 ** (hours / 12)

    return sorted(docs, key=lambda d: (-score(d), d.id))
