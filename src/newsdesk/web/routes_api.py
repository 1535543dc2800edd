"""JSON API under ``/api/v1`` (read-only; OpenAPI at ``/api/v1/openapi.json``).

A story is the :class:`StoryDocument` JSON, the same shape as ``newsdesk export``.
Lists are paginated with ``page`` and ``per_page`` and say how many items there are.
Editor-only fields (``dropped``) are never served.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from ..models import CATEGORIES, Outlet, StoryDocument
from ..settings import Settings
from ..store import Store
from . import present
from .routes_pages import published_document
from .security import cached_response

router = APIRouter(prefix="/api/v1", tags=["api"])

JSON = "application/json"
PRIVATE_FIELDS = {"dropped"}


class StorySummary(BaseModel):
    id: str
    category: str
    headline: str
    dek: str
    published: str | None
    updated: str | None
    reading_minutes: int
    outlets: list[str]
    single_source: bool
    opinion_only: bool
    url: str
    quick_url: str


class StoryPage(BaseModel):
    page: int
    per_page: int
    total: int
    items: list[StorySummary]


class QuickReadItem(BaseModel):
    id: str
    headline: str
    date: str
    text: str
    url: str


class QuickReadPage(BaseModel):
    page: int
    per_page: int
    total: int
    items: list[QuickReadItem]


class CategoryItem(BaseModel):
    name: str
    slug: str
    stories: int
    url: str


def _site(request: Request) -> str:
    return request.app.state.settings.site_url.rstrip("/")


def summary_of(doc: StoryDocument, site: str) -> dict:
    return StorySummary(
        id=doc.id,
        category=doc.category,
        headline=doc.headline,
        dek=doc.dek,
        published=present.iso(doc.published) or None,
        updated=present.iso(doc.updated) or None,
        reading_minutes=doc.reading_minutes,
        outlets=doc.outlets,
        single_source=doc.single_source,
        opinion_only=doc.opinion_only,
        url=f"{site}/story/{doc.id}",
        quick_url=f"{site}/quick/{doc.id}",
    ).model_dump()


def _json(request: Request, model: BaseModel | list | dict) -> Response:
    if isinstance(model, BaseModel):
        body = model.model_dump_json()
    else:
        body = json.dumps(model, ensure_ascii=False, default=str)
    return cached_response(request, body, JSON)


@router.get("/stories", response_model=StoryPage, summary="Published stories, newest first")
def list_stories(
    request: Request,
    page: int = Query(1, ge=1, le=100_000),
    per_page: int = Query(20, ge=1, le=100),
    category: str | None = Query(None, description="Category slug, e.g. crime-justice"),
    include_single_source: bool = Query(False, description="Also list single-source stories"),
) -> Response:
    store: Store = request.app.state.store
    settings: Settings = request.app.state.settings
    name = None
    if category is not None:
        name = present.CATEGORY_BY_SLUG.get(category)
        if name is None:
            raise HTTPException(status_code=404, detail="unknown category")
    min_outlets = 1 if include_single_source else settings.min_outlets
    total = store.count_documents(category=name, min_outlets=min_outlets)
    docs = store.list_documents(category=name, min_outlets=min_outlets, limit=per_page,
                                offset=(page - 1) * per_page)
    site = _site(request)
    return _json(request, StoryPage(page=page, per_page=per_page, total=total,
                                    items=[summary_of(d, site) for d in docs]))


@router.get("/stories/{story_id}", summary="One story: the StoryDocument JSON (export format)")
def get_story(request: Request, story_id: str) -> Response:
    doc, meta = published_document(request.app.state.store, story_id)
    data = doc.model_dump(mode="json", exclude=PRIVATE_FIELDS)
    data["reviewed"] = bool(meta.get("reviewed"))
    return _json(request, data)


@router.get("/quick", response_model=QuickReadPage, summary="Quick reads, newest first")
def list_quick_reads(
    request: Request,
    page: int = Query(1, ge=1, le=100_000),
    per_page: int = Query(20, ge=1, le=100),
) -> Response:
    store: Store = request.app.state.store
    settings: Settings = request.app.state.settings
    total = store.count_documents(min_outlets=settings.min_outlets)
    docs = store.list_documents(min_outlets=settings.min_outlets, limit=per_page, offset=(page - 1) * per_page)
    site = _site(request)
    items = [QuickReadItem(id=d.id, headline=d.quick_read.headline, date=d.quick_read.date,
                           text=d.quick_read.text, url=f"{site}/quick/{d.id}") for d in docs]
    return _json(request, QuickReadPage(page=page, per_page=per_page, total=total, items=items))


@router.get("/quick/{story_id}", response_model=QuickReadItem, summary="One quick read")
def get_quick_read(request: Request, story_id: str) -> Response:
    doc, _meta = published_document(request.app.state.store, story_id)
    return _json(request, QuickReadItem(id=doc.id, headline=doc.quick_read.headline, date=doc.quick_read.date,
                                        text=doc.quick_read.text, url=f"{_site(request)}/quick/{doc.id}"))


@router.get("/categories", response_model=list[CategoryItem], summary="Categories with story counts")
def list_categories(request: Request) -> Response:
    store: Store = request.app.state.store
    settings: Settings = request.app.state.settings
    site = _site(request)
    items = [
        CategoryItem(name=c, slug=present.category_slug(c),
                     stories=store.count_documents(category=c, min_outlets=settings.min_outlets),
                     url=f"{site}/category/{present.category_slug(c)}").model_dump()
        for c in CATEGORIES
    ]
    return _json(request, items)


@router.get("/sources", response_model=list[Outlet], summary="Outlets we read")
def list_sources(request: Request) -> Response:
    outlets = request.app.state.store.list_outlets()
    return _json(request, [o.model_dump() for o in outlets])


@router.get("/search", response_model=StoryPage, summary="Full-text search of published stories")
def search(
    request: Request,
    q: str = Query(..., min_length=1, max_length=200),
    page: int = Query(1, ge=1, le=10_000),
    per_page: int = Query(20, ge=1, le=100),
) -> Response:
    result = request.app.state.search_index.search(q, limit=per_page, offset=(page - 1) * per_page)
    site = _site(request)
    return _json(request, StoryPage(page=page, per_page=per_page, total=result.total,
                                    items=[summary_of(d, site) for d in result.docs]))
