"""Reader pages: home, category, AI Analysis, Quick Read (+ list), sitemap and robots.

Every page is rendered on the server from published :class:`StoryDocument` values;
nothing needs JavaScript. Responses carry an ETag (see :func:`.security.cached_response`).
"""

from __future__ import annotations

import logging
import math

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from ..models import CATEGORIES, StoryDocument
from ..settings import Settings
from ..store import Store
from . import present
from .app import render
from .cache import cached_page, latest_by_category
from .security import cached_response

log = logging.getLogger(__name__)

router = APIRouter()

HTML = "text/html; charset=utf-8"
QUICK_PER_PAGE = 10
CATEGORY_PER_PAGE = 12
SEARCH_PER_PAGE = 12
TAG_SCAN = 1000  # newest stories searched for a tag
HOME_POOL = 30  # newest stories considered for the home page's top/latest blocks


def _store(request: Request) -> Store:
    return request.app.state.store


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def published_document(store: Store, story_id: str) -> tuple[StoryDocument, dict]:
    """The document and its meta if it is published, else 404."""
    meta = store.document_meta(story_id)
    if meta is None or meta.get("status") != "published":
        raise HTTPException(status_code=404, detail="No published story has this address.")
    doc = store.get_document(story_id)
    if doc is None:  # deleted between the two reads
        raise HTTPException(status_code=404, detail="No published story has this address.")
    return doc, meta


def pages_for(total: int, per_page: int, page: int) -> dict:
    """Paging info for templates: current page, last page, previous/next numbers or None."""
    last = max(1, math.ceil(total / per_page))
    return {
        "page": page,
        "last": last,
        "prev": page - 1 if page > 1 else None,
        "next": page + 1 if page < last else None,
        "total": total,
    }


def related_documents(store: Store, doc: StoryDocument, limit: int = 4) -> list[StoryDocument]:
    """The writer's related stories that are published, topped up from the same category."""
    out: list[StoryDocument] = []
    for story_id in doc.related:
        if story_id == doc.id or len(out) >= limit:
            continue
        meta = store.document_meta(story_id)
        if meta and meta.get("status") == "published":
            other = store.get_document(story_id)
            if other is not None:
                out.append(other)
    if len(out) < limit:
        seen = {doc.id} | {d.id for d in out}
        for other in store.list_documents(category=doc.category, limit=limit + len(seen)):
            if other.id not in seen and len(out) < limit:
                out.append(other)
                seen.add(other.id)
    return out


@router.get("/", response_class=Response, summary="Home page")
def home(request: Request) -> Response:
    store, settings = _store(request), _settings(request)

    def build() -> str:
        pool = store.list_documents(min_outlets=settings.min_outlets, limit=HOME_POOL)
        ranked = present.rank_top(pool)
        shown = {d.id for d in ranked[:5]}
        by_category = latest_by_category(store, per_category=4, min_outlets=settings.min_outlets,
                                         known={d.id: d for d in pool})
        rows = [{"name": name, "slug": present.category_slug(name), "docs": by_category[name]}
                for name in CATEGORIES if by_category.get(name)]
        return render(request, "home.html", lead=ranked[0] if ranked else None, top=ranked[1:5],
                      latest=[d for d in pool if d.id not in shown][:8], rows=rows, quick=pool[:5])

    return cached_page(request, build)


@router.get("/category/{slug}", response_class=Response, summary="Category page")
def category(request: Request, slug: str, page: int = Query(1, ge=1, le=100_000)) -> Response:
    store = _store(request)
    name = present.CATEGORY_BY_SLUG.get(slug)
    if name is None:
        raise HTTPException(status_code=404, detail="We have no category with this name.")

    def build() -> str:
        # Category pages list single-source stories too (labelled), unlike the home page.
        total = store.count_documents(category=name, min_outlets=1)
        docs = store.list_documents(category=name, min_outlets=1, limit=CATEGORY_PER_PAGE,
                                    offset=(page - 1) * CATEGORY_PER_PAGE)
        if page > 1 and not docs:
            raise HTTPException(status_code=404, detail="This page is past the last story.")
        return render(request, "category.html", category=name, slug=slug, docs=docs,
                      paging=pages_for(total, CATEGORY_PER_PAGE, page), title=name,
                      description=f"{name}: AI analyses of the news, every sentence sourced.")

    return cached_page(request, build)


@router.get("/story/{story_id}", response_class=Response, summary="AI Analysis page")
def story(request: Request, story_id: str) -> Response:
    store = _store(request)

    def build() -> str:
        doc, meta = published_document(store, story_id)
        return render(request, "story.html", v=present.story_view(doc), doc=doc, meta=meta,
                      related=related_documents(store, doc), title=doc.headline, description=doc.dek,
                      corrections=request.app.state.editorial.corrections_for(doc.id),
                      tags=request.app.state.tag_index.tags(doc))

    return cached_page(request, build)


@router.get("/tag/{slug}", response_class=Response, summary="Stories about a person, organisation or place")
def tag(request: Request, slug: str) -> Response:
    store = _store(request)

    def build() -> str:
        docs = store.list_documents(min_outlets=1, limit=TAG_SCAN)
        found, tagged = request.app.state.tag_index.stories_with(docs, slug)
        if found is None:
            raise HTTPException(status_code=404, detail="No published story carries this tag.")
        return render(request, "tag.html", tag=found, docs=tagged, title=found.name,
                      description=f"Stories about {found.name}.")

    return cached_page(request, build)


@router.get("/quick", response_class=Response, summary="Quick Read list")
def quick_list(request: Request, page: int = Query(1, ge=1, le=100_000)) -> Response:
    store, settings = _store(request), _settings(request)

    def build() -> str:
        total = store.count_documents(min_outlets=settings.min_outlets)
        docs = store.list_documents(min_outlets=settings.min_outlets, limit=QUICK_PER_PAGE,
                                    offset=(page - 1) * QUICK_PER_PAGE)
        if page > 1 and not docs:
            raise HTTPException(status_code=404, detail="This page is past the last quick read.")
        return render(request, "quick_list.html", docs=docs, paging=pages_for(total, QUICK_PER_PAGE, page),
                      title="Quick Reads", description="Short, sourced summaries of the day's stories.")

    return cached_page(request, build)


@router.get("/quick/{story_id}", response_class=Response, summary="Quick Read page")
def quick(request: Request, story_id: str, page: int = Query(1, ge=1, le=100_000)) -> Response:
    store, settings = _store(request), _settings(request)

    def build() -> str:
        doc, meta = published_document(store, story_id)
        total = store.count_documents(min_outlets=settings.min_outlets)
        more = [d for d in store.list_documents(min_outlets=settings.min_outlets, limit=QUICK_PER_PAGE + 1,
                                                offset=(page - 1) * QUICK_PER_PAGE) if d.id != doc.id]
        return render(request, "quick.html", doc=doc, meta=meta, paragraphs=present.quick_paragraphs(doc),
                      more=more[:QUICK_PER_PAGE], paging=pages_for(total, QUICK_PER_PAGE, page),
                      title=doc.quick_read.headline, description=doc.dek)

    return cached_page(request, build)


@router.get("/search", response_class=Response, summary="Search page")
def search_page(request: Request, q: str = Query("", max_length=200),
                page: int = Query(1, ge=1, le=10_000)) -> Response:
    query = q.strip()
    result = request.app.state.search_index.search(query, limit=SEARCH_PER_PAGE,
                                                   offset=(page - 1) * SEARCH_PER_PAGE)
    paging = pages_for(result.total, SEARCH_PER_PAGE, page)
    body = render(request, "search.html", query=query, docs=result.docs, snippets=result.snippets, paging=paging,
                  title=f"Search: {query}" if query else "Search", description="Search the stories.")
    return cached_response(request, body, HTML)


@router.get("/robots.txt", response_class=Response, include_in_schema=False)
def robots(request: Request) -> Response:
    site = _settings(request).site_url.rstrip("/")
    body = f"User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /editor/\n\nSitemap: {site}/sitemap.xml\n"
    return cached_response(request, body, "text/plain; charset=utf-8", max_age=3600)


@router.get("/sitemap.xml", response_class=Response, include_in_schema=False)
def sitemap(request: Request) -> Response:
    store = _store(request)

    def build() -> str:
        return render(request, "sitemap.xml", docs=store.list_documents(min_outlets=1, limit=50_000),
                      categories=[present.category_slug(c) for c in CATEGORIES])

    return cached_page(request, build, "application/xml; charset=utf-8", max_age=600)
