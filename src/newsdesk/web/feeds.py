"""Syndication: Atom, RSS 2.0 (both by feedgen) and JSON Feed 1.1, site-wide and per category.

Routes: ``/feed.atom``, ``/feed.rss``, ``/feed.json``, ``/category/{slug}/feed.{atom,rss,json}`` and
``/story/{id}/feed.{atom,rss,json}`` (the story and its corrections).
Feed text comes from sources and models, so it is stripped of characters XML cannot
carry; feedgen escapes the rest. Every feed parses with feedparser with ``bozo == 0``
(``tests/web/test_feeds.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from feedgen.feed import FeedGenerator

from ..models import StoryDocument
from ..settings import Settings
from ..store import as_utc
from . import present
from .cache import cached_page
from .routes_pages import published_document

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


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FeedItem:
    """One feed entry, whatever the format."""

    id: str
    url: str
    title: str
    summary: str
    content: str
    published: datetime
    updated: datetime
    category: str
    image: str | None = None


def story_items(docs: list[StoryDocument], site: str) -> list[FeedItem]:
    """One entry per story, pointing at its analysis page."""
    items = []
    for d in docs:
        updated = as_utc(d.updated or d.published) or _EPOCH
        url = f"{site}/story/{quote(d.id, safe='')}"
        items.append(FeedItem(id=url, url=url, title=d.headline, summary=d.dek or d.summary, content=d.summary,
                              published=as_utc(d.published) or updated, updated=updated, category=d.category,
                              image=_absolute_image(d, site)))
    return items


def build_feed(items: list[FeedItem], settings: Settings, fmt: str, *, title: str, path: str,
               home_path: str | None = None) -> str:
    """Serialise feed entries.

    Args:
        items: entries, newest first.
        settings: gives the site title and public base URL.
        fmt: ``"atom"``, ``"rss"`` or ``"json"``.
        title: feed title.
        path: the site-relative path of this feed (its self link).
        home_path: the page this feed follows (default: ``path`` without ``/feed.*``).

    Returns:
        The feed document as text.
    """
    site = settings.site_url.rstrip("/")
    home = site + (home_path or path.rsplit("/feed.", 1)[0] or "/")
    updated = max((i.updated for i in items), default=_EPOCH)
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
                        "id": i.id,
                        "url": i.url,
                        "title": i.title,
                        "summary": i.summary,
                        "content_text": i.content,
                        "date_published": present.iso(i.published),
                        "date_modified": present.iso(i.updated),
                        "tags": [i.category],
                        **({"image": i.image} if i.image else {}),
                    }
                    for i in items
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
    for i in reversed(items):  # feedgen prepends entries; reversed keeps newest first
        fe = fg.add_entry()
        fe.id(i.id)
        fe.guid(i.id, permalink=i.id == i.url)
        fe.title(xml_text(i.title))
        fe.link(href=i.url, rel="alternate")
        fe.summary(xml_text(i.summary))
        if fmt == "atom":
            fe.content(xml_text(i.content), type="text")
        fe.published(i.published)
        fe.updated(i.updated)
        fe.category(term=xml_text(i.category), label=xml_text(i.category))
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
    site = settings.site_url.rstrip("/")
    return cached_page(
        request, lambda: build_feed(story_items(load(), site), settings, fmt, title=title, path=request.url.path),
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


@router.get("/story/{story_id}/feed.{fmt}", response_class=Response, summary="One story's updates and corrections")
def story_feed(request: Request, story_id: str, fmt: str) -> Response:
    if fmt not in FORMATS:
        raise HTTPException(status_code=404, detail="Feeds come as .atom, .rss or .json.")
    settings: Settings = request.app.state.settings
    site = settings.site_url.rstrip("/")

    def build() -> str:
        doc, _meta = published_document(request.app.state.store, story_id)
        story = story_items([doc], site)[0]
        items = [story] + [
            FeedItem(id=f"{story.url}#correction-{n}", url=f"{story.url}#corrections",
                     title=f"Correction: {doc.headline}", summary=c.note, content=c.note,
                     published=as_utc(c.created), updated=as_utc(c.created), category=doc.category)
            for n, c in enumerate(request.app.state.editorial.corrections_for(doc.id), start=1)
        ]
        items.sort(key=lambda i: i.updated, reverse=True)
        return build_feed(items, settings, fmt, title=f"{settings.site_title}: {doc.headline}",
                          path=request.url.path, home_path=f"/story/{quote(doc.id, safe='')}")

    return cached_page(request, build, FORMATS[fmt], max_age=300)
