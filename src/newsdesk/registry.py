"""The feed registry (the ``feeds`` table) and imports into it.

- **Registry**: :func:`add_feed`, :func:`get_feed`, :func:`remove_feed`, :func:`list_feeds`,
  :func:`pause_feed`, :func:`resume_feed`; for polling, :func:`due_feeds`,
  :func:`adapted_interval` and :func:`record_feed_success` / :func:`record_feed_failure`
  (a feed failing :data:`MAX_CONSECUTIVE_ERRORS` times in a row is paused with its reason).
- **Imports**: :func:`import_opml` (listparser), :func:`import_kite` (the category
  lists of ``kite_feeds.json``), :func:`import_media_data` (outlet country, owner,
  type from ``media_data.json``).
"""

from __future__ import annotations

import json
import logging
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import listparser
import lxml.etree
from sqlalchemy import delete, insert, select, update

from .errors import ParseError
from .models import Outlet
from .store import Store, as_utc, feeds

log = logging.getLogger(__name__)

__all__ = [
    "FeedInfo", "OpmlFeed", "add_feed", "adapted_interval", "due_feeds", "get_feed", "import_kite",
    "import_media_data", "import_opml", "list_feeds", "parse_opml", "pause_feed", "record_feed_failure",
    "record_feed_success", "remove_feed", "resume_feed",
]

MAX_CONSECUTIVE_ERRORS = 5
MIN_INTERVAL = 300.0
MAX_INTERVAL = 86_400.0
DEFAULT_INTERVAL = 1800.0


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


def _looks_like_opml(data: bytes) -> bool:
    """An ``<opml`` tag near the start (UTF-16 too: its NUL bytes are dropped first)."""
    return b"<opml" in data[:4096].replace(b"\x00", b"").lower()


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """The http(s) feeds of an OPML document (listparser; folders become categories).

    Raises:
        ParseError: malformed OPML with no feed in it.
    """
    data = bytes(data)
    if not _looks_like_opml(data):
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


_IMPORT_SNIFF_BYTES = 50_000_000
"""Largest import file read to tell its kind (kite_feeds.json is 0.7 MB, media_data.json 0.2 MB)."""


def import_file_kind(path: str | Path) -> str:
    """What an import file holds, from its content: ``"opml"``, ``"kite"`` or ``"media"``.

    OPML is an XML document with an ``<opml>`` root; a kite file is a JSON object of categories,
    each an object with a ``"feeds"`` list; a media file is a JSON list of outlets, each an
    object with an ``"organization"``.

    Raises:
        ParseError: unreadable, too large, or none of the three (the message says what was expected).
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(_IMPORT_SNIFF_BYTES + 1)
    except OSError as exc:
        raise ParseError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > _IMPORT_SNIFF_BYTES:
        raise ParseError(f"{path} is over {_IMPORT_SNIFF_BYTES} bytes; name its --kind")
    if _looks_like_opml(data):
        return "opml"
    try:
        doc = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        doc = None
    if isinstance(doc, dict) and any(isinstance(v, dict) and "feeds" in v for v in doc.values()):
        return "kite"
    if isinstance(doc, list) and any(isinstance(row, dict) and "organization" in row for row in doc):
        return "media"
    raise ParseError(f"cannot tell what {path} holds: expected an OPML file, a kite_feeds.json-style object "
                     "of categories with \"feeds\" lists, or a media_data.json-style list of outlets "
                     "with an \"organization\" each")


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

