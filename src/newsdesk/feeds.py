"""Feeds and sitemaps: parsing, the feed registry, imports and polling.

- **Parsing** (:func:`sniff_kind`, :func:`parse_feed`, :func:`parse_sitemap`): RSS
  0.9x/1.0/2.0 and Atom through feedparser, always on bytes we fetched (wrapped in a
  file object: feedparser treats a bare string or bytes as a URL or *file name*);
  JSON Feed 1.0/1.1 (feedparser 6.0 does not read it) with :mod:`json`; sitemaps,
  sitemap indexes and Google news sitemaps with a non-resolving lxml parser.
- **Registry** over the ``feeds`` table: :func:`add_feed`, :func:`remove_feed`,
  :func:`list_feeds`, :func:`pause_feed`, :func:`resume_feed`. A feed failing
  :data:`MAX_CONSECUTIVE_ERRORS` times in a row is paused with its reason.
- **Imports**: :func:`import_opml` (listparser), :func:`import_kite` (the category
  lists of ``kite_feeds.json``), :func:`import_media_data` (outlet country, owner,
  type from ``media_data.json``).
- **Polling**: :func:`poll_feeds` fetches due feeds with conditional GET, ingests new
  entries and adapts each feed's interval to how often it publishes;
  :func:`watch_feeds` repeats that until stopped (``newsdesk watch``).
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import statistics
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import feedparser
import listparser
import lxml.etree
from sqlalchemy import delete, insert, select, update

from .errors import EmptyContentError, IngestError, ParseError, RateLimitedError
from .models import Outlet
from .settings import Settings
from .store import Store, as_utc, feeds

if TYPE_CHECKING:
    from .fetch import Fetcher
    from .ingest import IngestReport

log = logging.getLogger(__name__)

__all__ = [
    "FeedEntry", "FeedInfo", "OpmlFeed", "ParsedFeed", "PollReport", "Sitemap", "SitemapEntry",
    "add_feed", "import_kite", "import_media_data", "import_opml", "list_feeds", "parse_feed", "parse_opml",
    "parse_sitemap", "pause_feed", "poll_feeds", "remove_feed", "resume_feed", "sniff_kind",
    "watch_feeds",
]

MAX_CONSECUTIVE_ERRORS = 5
MIN_INTERVAL = 300.0
MAX_INTERVAL = 86_400.0
DEFAULT_INTERVAL = 1800.0
MAX_SITEMAP_URLS = 50_000
MAX_GUNZIP_BYTES = 50_000_000

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


@dataclass
class SitemapEntry:
    url: str
    lastmod: datetime | None = None
    title: str | None = None  # news sitemaps
    published: datetime | None = None  # news sitemaps


@dataclass
class Sitemap:
    urls: list[SitemapEntry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


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


def _iso_datetime(value) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


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
            published=_iso_datetime(item.get("date_published") or item.get("date_modified")),
            summary_html=_escape(str(item.get("summary") or "")),
            content_html=str(content_html),
            author=str(author) if author else None,
            image_url=item.get("image") or item.get("banner_image") or None,
        ))
    return feed


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


def _xml_root(data: bytes) -> lxml.etree._Element:
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
                data = handle.read(MAX_GUNZIP_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise ParseError(f"bad gzip data: {exc}") from exc
        if len(data) > MAX_GUNZIP_BYTES:
            raise ParseError("gzipped sitemap too large")
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                                  recover=True, remove_comments=True)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed XML: {exc}"[:300]) from exc
    if root is None:
        raise ParseError("malformed XML: no root element")
    return root


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(element, name: str) -> str | None:
    for child in element.iter():
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_sitemap(data: bytes, url: str) -> Sitemap:
    """Parse a sitemap, sitemap index or news sitemap (plain or gzipped XML).

    Raises:
        ParseError: malformed XML or not a sitemap.
    """
    from urllib.parse import urljoin

    root = _xml_root(data)
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise ParseError(f"not a sitemap (root element <{kind}>)")
    result = Sitemap()
    for element in root:
        name = _local(element.tag)
        loc = _child_text(element, "loc")
        if not loc:
            continue
        loc = urljoin(url, loc)
        if name == "sitemap":
            result.sitemaps.append(loc)
        elif name == "url" and len(result.urls) < MAX_SITEMAP_URLS:
            result.urls.append(SitemapEntry(
                url=loc,
                lastmod=_iso_datetime(_child_text(element, "lastmod")),
                title=_child_text(element, "title"),
                published=_iso_datetime(_child_text(element, "publication_date")),
            ))
    return result


# -- registry --------------------------------------------------------------------------


@dataclass
class FeedInfo:
    """One row of the feed registry."""

    id: int
    url: str
    title: str | None = None
    category: str | None = None
    outlet: str | None = None
    paused: bool = False
    paused_reason: str | None = None
    error_count: int = 0
    last_error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_fetched: datetime | None = None
    next_fetch: datetime | None = None
    interval_seconds: float = DEFAULT_INTERVAL


def _feed_info(row) -> FeedInfo:
    data = dict(row)
    for key in ("last_fetched", "next_fetch"):
        data[key] = as_utc(data[key])
    data["paused"] = bool(data["paused"])
    return FeedInfo(**data)


def _check_feed_url(url: str) -> str:
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        raise ParseError(f"feed URL must be http(s): {url[:100]!r}")
    return url


def add_feed(store: Store, url: str, *, title: str | None = None, category: str | None = None,
             outlet: str | None = None) -> FeedInfo:
    """Register a feed (idempotent: a known URL only gets the given fields updated)."""
    url = _check_feed_url(url)
    values = {k: v for k, v in {"title": title, "category": category, "outlet": outlet}.items() if v}
    with store.begin() as conn:
        row = conn.execute(select(feeds.c.id).where(feeds.c.url == url)).first()
        if row is None:
            conn.execute(insert(feeds).values(url=url, paused=False, error_count=0,
                                              interval_seconds=DEFAULT_INTERVAL, **values))
        elif values:
            conn.execute(update(feeds).where(feeds.c.id == row.id).values(**values))
    found = get_feed(store, url)
    assert found is not None
    return found


def get_feed(store: Store, url: str) -> FeedInfo | None:
    with store.begin() as conn:
        row = conn.execute(select(feeds).where(feeds.c.url == url.strip())).mappings().first()
    return _feed_info(row) if row else None


def remove_feed(store: Store, url: str) -> bool:
    """Forget a feed; returns whether it was registered."""
    with store.begin() as conn:
        return conn.execute(delete(feeds).where(feeds.c.url == url.strip())).rowcount > 0


def list_feeds(store: Store, *, paused: bool | None = None) -> list[FeedInfo]:
    """Registered feeds by URL, optionally only paused (or only active) ones."""
    query = select(feeds).order_by(feeds.c.url)
    if paused is not None:
        query = query.where(feeds.c.paused.is_(paused))
    with store.begin() as conn:
        return [_feed_info(r) for r in conn.execute(query).mappings()]


def pause_feed(store: Store, url: str, reason: str = "paused by user") -> bool:
    with store.begin() as conn:
        return conn.execute(update(feeds).where(feeds.c.url == url.strip())
                            .values(paused=True, paused_reason=reason)).rowcount > 0


def resume_feed(store: Store, url: str) -> bool:
    """Unpause a feed, forget its errors and make it due now."""
    with store.begin() as conn:
        return conn.execute(update(feeds).where(feeds.c.url == url.strip()).values(
            paused=False, paused_reason=None, error_count=0, next_fetch=None)).rowcount > 0


def due_feeds(store: Store, now: datetime) -> list[FeedInfo]:
    query = select(feeds).where(feeds.c.paused.is_(False)).order_by(feeds.c.next_fetch, feeds.c.id)
    with store.begin() as conn:
        rows = [_feed_info(r) for r in conn.execute(query).mappings()]
    return [f for f in rows if f.next_fetch is None or f.next_fetch <= now]


def adapted_interval(current: float, entry_dates: Iterable[datetime | None], new_items: int) -> float:
    """Next poll interval: half the median gap between entries, else halve/grow by activity."""
    dates = sorted({d for d in entry_dates if d is not None}, reverse=True)[:20]
    if len(dates) >= 3:
        gaps = [(a - b).total_seconds() for a, b in zip(dates, dates[1:]) if a > b]
        if gaps:
            return min(MAX_INTERVAL, max(MIN_INTERVAL, statistics.median(gaps) / 2))
    factor = 0.5 if new_items else 1.5
    return min(MAX_INTERVAL, max(MIN_INTERVAL, current * factor))


def record_feed_success(store: Store, feed: FeedInfo, *, now: datetime, interval: float,
                        etag: str | None, last_modified: str | None, title: str | None = None) -> None:
    values = dict(error_count=0, last_error=None, last_fetched=now, interval_seconds=interval,
                  next_fetch=now + timedelta(seconds=interval), etag=etag, last_modified=last_modified)
    if title and not feed.title:
        values["title"] = title[:500]
    with store.begin() as conn:
        conn.execute(update(feeds).where(feeds.c.id == feed.id).values(**values))


def record_feed_failure(store: Store, feed: FeedInfo, reason: str, *, now: datetime,
                        retry_after: float | None = None,
                        max_errors: int = MAX_CONSECUTIVE_ERRORS) -> bool:
    """Count a failed poll; back off; pause after ``max_errors`` in a row. Returns paused."""
    errors = feed.error_count + 1
    backoff = min(MAX_INTERVAL, feed.interval_seconds * 2 ** min(errors, 8))
    wait = max(backoff, retry_after or 0.0)
    values = dict(error_count=errors, last_error=reason[:1000], last_fetched=now,
                  next_fetch=now + timedelta(seconds=wait))
    paused = errors >= max_errors
    if paused:
        values.update(paused=True, paused_reason=f"{errors} failures in a row; last: {reason}"[:1000])
        log.warning("feed %s paused after %d failures: %s", feed.url, errors, reason)
    with store.begin() as conn:
        conn.execute(update(feeds).where(feeds.c.id == feed.id).values(**values))
    store.record_failure("feed", feed.url, reason)
    return paused


# -- imports ---------------------------------------------------------------------------


@dataclass
class OpmlFeed:
    """One subscription of an OPML file."""

    url: str
    title: str | None = None
    category: str | None = None


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """The http(s) feeds of an OPML document (listparser; folders become categories).

    Raises:
        ParseError: malformed OPML with no feed in it.
    """
    data = bytes(data)
    if b"<opml" not in _strip_head(data):
        raise ParseError("not an OPML document")
    parsed = listparser.parse(data)  # bytes only: a str would be fetched as a URL
    if not parsed.feeds:
        # listparser is lenient and silent; say why an OPML yielded nothing.
        parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True)
        try:
            lxml.etree.fromstring(data, parser)
        except lxml.etree.XMLSyntaxError as exc:
            raise ParseError(f"malformed OPML: {exc}"[:300]) from exc
    found = []
    for entry in parsed.feeds:
        url = (entry.get("url") or "").strip()
        if not url.startswith(("http://", "https://")):
            continue
        categories = entry.get("categories") or []
        category = " / ".join(categories[0]) if categories and categories[0] else None
        found.append(OpmlFeed(url=url, title=entry.get("title") or None, category=category))
    return found


def import_opml(store: Store, path: str | Path) -> int:
    """Register every feed of an OPML file (folders become categories). Returns the count."""
    count = 0
    for feed in parse_opml(Path(path).read_bytes()):
        add_feed(store, feed.url, title=feed.title, category=feed.category)
        count += 1
    return count


def import_kite(store: Store, path: str | Path, categories: Iterable[str] | None = None) -> int:
    """Register feeds from a ``kite_feeds.json``-format file: ``{category: {"feeds": [...]}}``.

    Args:
        categories: only these categories (default all).
    """
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParseError(f"malformed kite feeds file: {exc}"[:300]) from exc
    if not isinstance(doc, dict):
        raise ParseError("kite feeds file must be a JSON object of categories")
    wanted = set(categories) if categories is not None else None
    count = 0
    for name, category in doc.items():
        if (wanted is not None and name not in wanted) or not isinstance(category, dict):
            continue
        for url in category.get("feeds") or []:
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                add_feed(store, url, category=name[:100])
                count += 1
    return count


def import_media_data(store: Store, path: str | Path) -> int:
    """Upsert outlets (domain, country, owner, type) from a ``media_data.json``-format file."""
    try:
        rows = json.loads(Path(path).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParseError(f"malformed media data file: {exc}"[:300]) from exc
    count = 0
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not str(row.get("organization") or "").strip():
            continue
        domains = [d for d in row.get("domains") or [] if isinstance(d, str)]
        store.upsert_outlet(Outlet(
            name=" ".join(str(row["organization"]).split())[:200],
            domain=domains[0][:255] if domains else None,
            country=(str(row.get("country") or "").strip() or None),
            owner=(str(row.get("owner") or "").strip()[:255] or None),
            type=(str(row.get("typology") or "").strip()[:100] or None),
        ))
        count += 1
    return count


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
    from .ingest import feed_entry_items

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
