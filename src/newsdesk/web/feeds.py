"""Syndication: Atom, RSS 2.0 (both by feedgen) and JSON Feed 1.1, site-wide and per category.

Routes: ``/feed.atom``, ``/feed.rss``, ``/feed.json`` and ``/category/{slug}/feed.{atom,rss,json}``.
Feed text comes from sources and models, so it is stripped of characters XML cannot
carry; feedgen escapes the rest. Every feed parses with feedparser with ``bozo == 0``
(``tests/web/test_feeds.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from feedgen.feed import FeedGenerator

from ..models import StoryDocument
from ..settings import Settings
from ..store import as_utc
from . import present
from .cache import cached_page

router = APIRouter()

FEED_SIZE = 30
FORMATS = {
    "atom": "application/atom+xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str | None) -> str:
    """``value`` without the characters XML 1.0 forbids (feed text is untrusted)."""
    return _NOT_XML.sub("", value or "")


def _when(doc: StoryDocument) -> datetime:
    return as_utc(doc.updated or doc.published) or datetime(1970, 1, 1, tzinfo=UTC)


def build_feed(docs: list[StoryDocument], settings: Settings, fmt: str, *, title: str, path: str) -> str:
    """Serialise ``docs`` as a feed.

    Args:
        docs: stories, newest first.
        settings: gives the site title and public base URL.
        fmt: ``"atom"``, ``"rss"`` or ``"json"``.
        title: feed title.
        path: the site-relative path of this feed (its self link).

    Returns:
        The feed document as text.
    """
    site = settings.site_url.rstrip("/")
    home = site + (path.rsplit("/feed.", 1)[0] or "/")
    updated = max((_when(d) for d in docs), default=datetime(1970, 1, 1, tzinfo=UTC))
    if fmt == "json":
        return json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": title,
                "home_page_url": home,
                "feed_url": site + path,
                "language": "en",
                "authors": [{"name": settings.site_title}],
                "items": [
                    {
                        "id": f"{site}/story/{d.id}",
                        "url": f"{site}/story/{d.id}",
                        "title": d.headline,
                        "summary": d.dek,
                        "content_text": d.summary,
                        "date_published": present.iso(as_utc(d.published) or _when(d)),
                        "date_modified": present.iso(_when(d)),
                        "tags": [d.category],
                        **({"image": _absolute_image(d, site)} if _absolute_image(d, site) else {}),
                    }
                    for d in docs
                ],
            },
            ensure_ascii=False,
            indent=1,
        )
    fg = FeedGenerator()
    fg.id(site + path)
    fg.title(xml_text(title))
    fg.subtitle(xml_text(f"AI analyses from {settings.site_title}: every sentence linked to its sources."))
    fg.author({"name": xml_text(settings.site_title)})
    fg.link(href=home, rel="alternate")
    fg.link(href=site + path, rel="self")
    fg.language("en")
    fg.updated(updated)
    fg.generator("newsdesk")
    for d in reversed(docs):  # feedgen prepends entries; reversed keeps newest first
        fe = fg.add_entry()
        url = f"{site}/story/{d.id}"
        fe.id(url)
        fe.guid(url, permalink=True)
        fe.title(xml_text(d.headline))
        fe.link(href=url, rel="alternate")
        fe.summary(xml_text(d.dek or d.summary))
        if fmt == "atom":
            fe.content(xml_text(d.summary), type="text")
        fe.published(as_utc(d.published) or _when(d))
        fe.updated(_when(d))
        fe.category(term=xml_text(d.category), label=xml_text(d.category))
    raw = fg.atom_str(pretty=True) if fmt == "atom" else fg.rss_str(pretty=True)
    return raw.decode("utf-8")


def _absolute_image(doc: StoryDocument, site: str) -> str | None:
    src = present.safe_image_src(doc.image.url) if doc.image else None
    if src and src.startswith("/"):
        return site + src
    return src


def _feed_response(request: Request, load: Callable[[], list[StoryDocument]], fmt: str, title: str) -> Response:
    if fmt not in FORMATS:
        raise HTTPException(status_code=404, detail="Feeds come as .atom, .rss or .json.")
    settings: Settings = request.app.state.settings
    return cached_page(
        request, lambda: build_feed(load(), settings, fmt, title=title, path=request.url.path),
        FORMATS[fmt], max_age=300,
    )


@router.get("/feed.{fmt}", response_class=Response, summary="Latest stories feed (atom, rss, json)")
def site_feed(request: Request, fmt: str) -> Response:
    settings: Settings = request.app.state.settings
    store = request.app.state.store
    return _feed_response(request, lambda: store.list_documents(min_outlets=settings.min_outlets, limit=FEED_SIZE),
                          fmt, settings.site_title)


@router.get("/category/{slug}/feed.{fmt}", response_class=Response, summary="Category feed")
def category_feed(request: Request, slug: str, fmt: str) -> Response:
    settings: Settings = request.app.state.settings
    name = present.CATEGORY_BY_SLUG.get(slug)
    if name is None:
        raise HTTPException(status_code=404, detail="We have no category with this name.")
    store = request.app.state.store
    return _feed_response(
        request, lambda: store.list_documents(category=name, min_outlets=settings.min_outlets, limit=FEED_SIZE),
        fmt, f"{settings.site_title}: {name}",
    )
