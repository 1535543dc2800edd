"""The public website: FastAPI + Jinja2, server-rendered, read-only over the store.

``create_app(store, settings)`` wires the page routes (:mod:`.routes_pages`), the feeds
(:mod:`.feeds`) and the JSON API (:mod:`.routes_api`), serves ``newsdesk/static`` at
``/static`` and wraps everything in :class:`~.security.SecurityHeadersMiddleware`.
The app holds no business logic: it reads written :class:`StoryDocument` values and
renders them.
"""

from __future__ import annotations

import logging
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware

from ..editorial import Editorial
from ..models import CATEGORIES
from ..settings import Settings, get_settings
from ..store import Store
from . import present
from .cache import RenderCache
from .security import SecurityHeadersMiddleware
from .search import SearchIndex
from .tags import TagIndex

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"
ERROR_TITLES = {400: "Bad request", 403: "Not allowed", 404: "Page not found", 405: "Not allowed",
                429: "Too many requests"}


def make_templates(settings: Settings) -> Environment:
    """The Jinja2 environment: autoescape on for every template, undefined names are errors."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        long_date=present.long_date,
        short_time=present.short_time,
        iso=present.iso,
        slug=present.category_slug,
        image_src=present.safe_image_src,
    )
    env.tests.update(dates_unknown=present.dates_unknown)
    env.globals.update(
        site_title=settings.site_title,
        site_url=settings.site_url.rstrip("/"),
        nav_categories=[(name, present.category_slug(name)) for name in CATEGORIES],
        year=datetime.now(UTC).year,
    )
    return env


def render(request: Request, name: str, **context) -> str:
    """Render template ``name`` with the request and ``context``."""
    env: Environment = request.app.state.templates
    context.setdefault("title", None)
    context.setdefault("description", request.app.state.settings.site_title)
    return env.get_template(name).render(request=request, path=request.url.path, **context)


def session_secret(settings: Settings) -> str:
    """The key that signs editor session cookies.

    ``settings.secret_key`` or ``NEWSDESK_SECRET_KEY`` when set; otherwise a random key,
    which means editors are logged out whenever the server restarts.
    """
    configured = getattr(settings, "secret_key", None)
    if hasattr(configured, "get_secret_value"):  # a pydantic SecretStr
        configured = configured.get_secret_value()
    configured = configured or os.environ.get("NEWSDESK_SECRET_KEY")
    if configured:
        return str(configured)
    log.warning("NEWSDESK_SECRET_KEY is not set: editor sessions end when the server restarts")
    return secrets.token_urlsafe(48)


def create_app(store: Store, settings: Settings | None = None) -> FastAPI:
    """Build the website over ``store``.

    Args:
        store: a migrated :class:`Store`; the app only reads from it.
        settings: site title/URL and ``min_outlets``; defaults to :func:`get_settings`.

    Returns:
        The FastAPI application (serve it with uvicorn).
    """
    from . import feeds, routes_api, routes_editor, routes_pages

    settings = settings or get_settings()
    app = FastAPI(
        title=f"{settings.site_title} API",
        version="1",
        description="Read-only JSON API of published stories; the story JSON matches `newsdesk export`.",
        docs_url=None,  # Swagger UI needs inline scripts, which our CSP forbids
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.store = store
    app.state.settings = settings
    app.state.templates = make_templates(settings)
    app.state.editorial = Editorial(store)
    app.state.render_cache = RenderCache(store)
    app.state.tag_index = TagIndex(store)
    app.state.search_index = SearchIndex(store)
    app.state.login_throttle = routes_editor.LoginThrottle()
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(routes_pages.router)
    app.include_router(feeds.router)
    app.include_router(routes_api.router)
    app.include_router(routes_editor.router)
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie="newsdesk_editor",
        max_age=8 * 3600,
        same_site="strict",
        https_only=settings.site_url.startswith("https://"),
    )
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(SecurityHeadersMiddleware)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        title = ERROR_TITLES.get(exc.status_code, "Something went wrong")
        body = render(request, "error.html", title=title,
                      status=exc.status_code, message=str(exc.detail))
        return HTMLResponse(body, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        body = render(request, "error.html", title="Bad request", status=400,
                      message="The address has a parameter we cannot read.")
        return HTMLResponse(body, status_code=400)

    return app
