"""Feeds: parsing them and polling the registered ones.

- **Parsing** (:func:`sniff_kind`, :func:`parse_feed`): RSS 0.9x/1.0/2.0 and Atom through
  feedparser, always on bytes we fetched (wrapped in a file object: feedparser treats a
  bare string or bytes as a URL or *file name*); JSON Feed 1.0/1.1 (feedparser 6.0 does
  not read it) with :mod:`json`. Sitemaps are parsed in :mod:`newsdesk.sitemaps`.
- **Polling**: :func:`poll_feeds` fetches due feeds of the registry
  (:mod:`newsdesk.registry`) with conditional GET, ingests new entries and adapts each
  feed's interval to how often it publishes; :func:`watch_feeds` repeats that until
  stopped (``newsdesk watch``).

The registry, its imports (OPML, kite lists, media data) and sitemap parsing are
re-exported here, so ``from newsdesk.feeds import add_feed, parse_sitemap`` keeps working.
"""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

import feedparser

from .errors import EmptyContentError, IngestError, ParseError, RateLimitedError
from .registry import (
    MAX_CONSECUTIVE_ERRORS,
    MAX_INTERVAL,
    MIN_INTERVAL,
    FeedInfo,
    OpmlFeed,
    adapted_interval,
    add_feed,
    due_feeds,
    get_feed,
    import_kite,
    import_media_data,
    import_opml,
    list_feeds,
    parse_opml,
    pause_feed,
    record_feed_failure,
    record_feed_success,
    remove_feed,
    resume_feed,
)
from .settings import Settings
from .sitemaps import Sitemap, SitemapEntry, iso_datetime, parse_sitemap
from .store import Store

if TYPE_CHECKING:
    from .fetch import Fetcher
    from .ingest import IngestReport

log = logging.getLogger(__name__)

__all__ = [
    "MAX_CONSECUTIVE_ERRORS", "MIN_INTERVAL", "FeedEntry", "FeedInfo", "OpmlFeed", "ParsedFeed", "PollReport", "Sitemap", "SitemapEntry",
    "add_feed", "get_feed", "import_kite", "import_media_data", "import_opml", "list_feeds", "parse_feed",
    "parse_opml", "parse_sitemap", "pause_feed", "poll_feeds", "remove_feed", "resume_feed", "sniff_kind",
    "watch_feeds",
]

Kind = Literal["feed", "sitemap", "html", "unknown"]


# -- parsing ---------------------------------------------------------------------------


@dataclass
class FeedEntry:
    url: str
    title: str = ""
    published: datetime | None = None
    summary_html: str = ""
    content_html: str = ""
    author: str | None = None
    image_url: str | None = None


@dataclass
class ParsedFeed:
    url: str
    title: str = ""
    link: str | None = None
    format: str = ""
    entries: list[FeedEntry] = field(default_factory=list)

    @property
    def outlet(self) -> str | None:
        return self.title or None



def _strip_head(data: bytes) -> bytes:
    head = data[:4096]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom):]
    if head[:2] in (b"<\x00", b"\x00<"):  # UTF-16 without BOM
        head = head.replace(b"\x00", b"")
    return head.lstrip().lower()


def sniff_kind(data: bytes, content_type: str = "") -> Kind:
    """Guess what a response is from its first bytes (the header is only a tie-breaker)."""
    if data[:2] == b"\x1f\x8b":
        return "sitemap"  # gzipped XML is, in practice, a sitemap
    head = _strip_head(data)
    if head.startswith(b"{"):
        return "feed" if b"jsonfeed.org" in head else "unknown"
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head or b"<channel" in head:
        return "feed"
    if b"<html" in head or b"<!doctype html" in head or b"<body" in head or b"<article" in head:
        return "html"
    ctype = content_type.lower()
    if "rss" in ctype or "atom" in ctype or "feed+json" in ctype:
        return "feed"
    if "xml" in ctype:
        return "feed"
    if "html" in ctype:
        return "html"
    return "unknown" if not head.startswith(b"<") else "html"


def _struct_to_datetime(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None



def _entry_image(entry) -> str | None:
    for key in ("media_content", "media_thumbnail"):
        for media in entry.get(key) or []:
            if media.get("url") and (media.get("medium", "image") == "image" or "image" in media.get("type", "image")):
                return media["url"]
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            return link.get("href")
    return None


def parse_feed(data: bytes, url: str) -> ParsedFeed:
    """Parse RSS/Atom/RDF (feedparser) or JSON Feed bytes.

    Args:
        data: the raw bytes, as fetched or read from a file; never a URL.
        url: where they came from; relative links resolve against it.

    Raises:
        ParseError: not a feed, or too malformed to yield any entry.
    """
    if not data or not data.strip():
        raise EmptyContentError("empty feed")
    if _strip_head(data).startswith(b"{"):
        return _parse_json_feed(data, url)
    parsed = feedparser.parse(
        io.BytesIO(data),  # a file object: bytes/str would be taken for a URL or a path
        response_headers={"content-location": url},
        resolve_relative_uris=True,
        sanitize_html=True,
    )
    if not parsed.entries and (parsed.bozo or not parsed.version):
        problem = parsed.get("bozo_exception")
        raise ParseError(f"malformed feed: {problem}"[:300] if problem else "not an RSS/Atom feed")
    if parsed.bozo:
        log.info("feed %s parsed with problems: %s", url, parsed.get("bozo_exception"))
    feed = ParsedFeed(url=url, title=" ".join(parsed.feed.get("title", "").split()),
                      link=parsed.feed.get("link"), format=parsed.version or "unknown")
    for entry in parsed.entries:
        content = entry.get("content") or []
        feed.entries.append(FeedEntry(
            url=(entry.get("link") or "").strip(),
            title=" ".join(entry.get("title", "").split()),
            published=_struct_to_datetime(entry.get("published_parsed") or entry.get("updated_parsed")),
            summary_html=entry.get("summary", ""),
            content_html=max((c.get("value", "") for c in content), key=len, default=""),
            author=entry.get("author") or None,
            image_url=_entry_image(entry),
        ))
    return feed


def _parse_json_feed(data: bytes, url: str) -> ParsedFeed:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"malformed JSON feed: {exc}"[:300]) from exc
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise ParseError("JSON is not a JSON Feed (no jsonfeed.org version)")
    items = doc.get("items")
    if not isinstance(items, list):
        raise ParseError("JSON Feed has no items list")
    from urllib.parse import urljoin

    feed = ParsedFeed(url=url, title=" ".join(str(doc.get("title") or "").split()),
                      link=doc.get("home_page_url"), format="json" + str(doc["version"]).rsplit("/", 1)[-1])
    base = next((str(u) for u in (doc.get("feed_url"), doc.get("home_page_url"))
                 if isinstance(u, str) and u.startswith(("http://", "https://"))), url)
    for item in items:
        if not isinstance(item, dict):
            continue
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        author = next((a.get("name") for a in authors if isinstance(a, dict) and a.get("name")), None)
        link = item.get("url") or item.get("external_url") or ""
        text = item.get("content_text")
        content_html = item.get("content_html") or (
            "".join(f"<p>{_escape(p)}</p>" for p in str(text).split("\n\n")) if text else "")
        feed.entries.append(FeedEntry(
            url=urljoin(base, str(link)) if link else "",
            title=" ".join(str(item.get("title") or "").split()),
            published=iso_datetime(item.get("date_published") or item.get("date_modified")),
            summary_html=_escape(str(item.get("summary") or "")),
            content_html=str(content_html),
            author=str(author) if author else None,
            image_url=item.get("image") or item.get("banner_image") or None,
        ))
    return feed


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


# -- polling ---------------------------------------------------------------------------


@dataclass
class PollReport:
    """What one round of :func:`poll_feeds` did."""

    polled: int = 0
    not_modified: int = 0
    failed: int = 0
    paused: list[str] = field(default_factory=list)
    added: int = 0
    unchanged: int = 0
    duplicates: int = 0
    item_failures: int = 0
    article_ids: list[int] = field(default_factory=list)

    def absorb(self, report: IngestReport) -> None:
        self.added += report.added
        self.unchanged += report.unchanged
        self.duplicates += report.duplicates
        self.item_failures += report.failed
        self.article_ids.extend(report.article_ids)


def poll_feeds(
    store: Store,
    settings: Settings,
    *,
    once: bool = True,
    fetcher: Fetcher | None = None,
    now: Callable[[], datetime] | None = None,
    stop: threading.Event | None = None,
    after_round: Callable[[PollReport], None] | None = None,
) -> PollReport:
    """Poll every due feed and ingest its new entries.

    Args:
        store: the registry and the article store.
        settings: fetch limits and extraction settings.
        once: one round (default); otherwise repeat until ``stop`` is set (see :func:`watch_feeds`).
        fetcher: the HTTP fetcher (default: a polite :class:`~newsdesk.fetch.Fetcher`).
        now: the clock (tests).
        stop: set it to end a ``once=False`` loop.
        after_round: called after each round with its report (e.g. build stories, write pages).

    Returns:
        The report of the last round.
    """
    from .fetch import Fetcher

    clock = now or (lambda: datetime.now(UTC))
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    stop = stop or threading.Event()
    try:
        while True:
            report = _poll_round(store, settings, fetcher, clock())
            if after_round is not None:
                after_round(report)
            if once or stop.is_set():
                return report
            stop.wait(_seconds_to_next_due(store, clock()))
            if stop.is_set():
                return report
    finally:
        if own:
            fetcher.close()


def watch_feeds(store: Store, settings: Settings, *, stop: threading.Event,
                after_round: Callable[[PollReport], None] | None = None,
                fetcher: Fetcher | None = None) -> PollReport:
    """Poll feeds on their schedules until ``stop`` is set (``newsdesk watch``)."""
    return poll_feeds(store, settings, once=False, stop=stop, after_round=after_round, fetcher=fetcher)


def _seconds_to_next_due(store: Store, now: datetime) -> float:
    upcoming = [f.next_fetch for f in list_feeds(store, paused=False)]
    if not upcoming:
        return MIN_INTERVAL
    if any(d is None for d in upcoming):
        return 1.0
    return min(MAX_INTERVAL, max(1.0, (min(upcoming) - now).total_seconds()))


def _poll_round(store: Store, settings: Settings, fetcher: Fetcher, now: datetime) -> PollReport:
    from .ingest import canonical_url, ingest_items, known_url_filter

    report = PollReport()
    for feed in due_feeds(store, now):
        report.polled += 1
        try:
            result = fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
            if result.not_modified:
                report.not_modified += 1
                interval = adapted_interval(feed.interval_seconds, [], 0)
                record_feed_success(store, feed, now=now, interval=interval,
                                    etag=feed.etag, last_modified=feed.last_modified)
                continue
            if sniff_kind(result.content, result.content_type) != "feed":
                raise ParseError("response is not a feed")
            parsed = parse_feed(result.content, result.url)
        except IngestError as exc:
            report.failed += 1
            retry_after = exc.retry_after if isinstance(exc, RateLimitedError) else None
            if record_feed_failure(store, feed, exc.reason, now=now, retry_after=retry_after):
                report.paused.append(feed.url)
            continue
        items = _new_entry_items(parsed, feed, settings, fetcher, known_url_filter(store), canonical_url)
        ingest = ingest_items(store, items, settings)
        report.absorb(ingest)
        interval = adapted_interval(feed.interval_seconds, [e.published for e in parsed.entries],
                                    ingest.added + ingest.duplicates)
        record_feed_success(store, feed, now=now, interval=interval, etag=result.etag,
                            last_modified=result.last_modified, title=parsed.title)
        store.clear_failure("feed", feed.url)
    return report


def _new_entry_items(parsed: ParsedFeed, feed: FeedInfo, settings: Settings, fetcher: Fetcher,
                     known: Callable[[str], bool], canonical: Callable[[str], str]) -> Iterator:
    """Entries not yet stored, as ingest items (the registry's outlet name wins)."""
    from .sources import feed_entry_items

    fresh = []
    for entry in parsed.entries:
        try:
            if entry.url and known(canonical(entry.url)):
                continue
        except IngestError:
            pass  # ingest records the bad URL as a failure
        fresh.append(entry)
    view = ParsedFeed(url=parsed.url, title=feed.outlet or parsed.title, link=parsed.link,
                      format=parsed.format, entries=fresh)
    yield from feed_entry_items(view, settings, fetcher)
