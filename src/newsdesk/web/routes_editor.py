"""Editor pages under ``/editor``: login, review queue, story review (approve/hold/reject/edit),
sources (feeds, outlets, failures) and, for admins, accounts.

Nothing here is reachable without logging in. Sessions are signed cookies (Starlette's
SessionMiddleware: HttpOnly, SameSite=strict, Secure when the site is https); every
POST carries a per-session CSRF token checked in constant time. Pages are never cached.
The work itself is done by :class:`newsdesk.editorial.Editorial`.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
import time
from collections import deque

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from .. import feeds as feed_registry
from ..editorial import STATUSES, Editorial, EditorialError, StoryEdit, User
from ..errors import NewsdeskError
from . import present
from .app import render

log = logging.getLogger(__name__)

router = APIRouter(prefix="/editor", include_in_schema=False)

NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}


class LoginThrottle:
    """Refuses logins for a name or an address after ``limit`` failures within ``window`` seconds."""

    def __init__(self, limit: int = 5, window: float = 900.0) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(len(self._recent(k, now)) >= self.limit for k in keys)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)
            if len(self._failures) > 10_000:  # forget idle keys so memory stays bounded
                for key in [k for k, v in self._failures.items() if not v]:
                    del self._failures[key]

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


def editorial(request: Request) -> Editorial:
    return request.app.state.editorial


def csrf_token(request: Request) -> str:
    """This session's CSRF token (created on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def checked_form(request: Request) -> dict:
    """The POSTed form if its CSRF token matches the session's, else 403."""
    form = await request.form()
    sent = str(form.get("csrf", ""))
    expected = request.session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(status_code=403, detail="The form expired or did not come from this site.")
    return {k: form.getlist(k) if k == "drop" else str(v) for k, v in form.items()}


def current_user(request: Request) -> User | None:
    user_id = request.session.get("uid")
    if not isinstance(user_id, int):
        return None
    return editorial(request).get_user(user_id)


def _page(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    body = render(request, name, csrf=csrf_token(request), **context)
    return HTMLResponse(body, status_code=status_code, headers=NO_STORE)


def _to_login() -> RedirectResponse:
    return RedirectResponse("/editor/login", status_code=303, headers=NO_STORE)


def _require_user(request: Request) -> User:
    user = current_user(request)
    if user is None:
        raise HTTPException(status_code=403, detail="Log in as an editor first.")
    return user


@router.get("/login")
def login_form(request: Request) -> Response:
    if current_user(request):
        return RedirectResponse("/editor", status_code=303, headers=NO_STORE)
    return _page(request, "editor/login.html", title="Editor login", error=None, username="")


@router.post("/login")
async def login(request: Request) -> Response:
    form = await checked_form(request)
    username = form.get("username", "")[:100]
    keys = (f"user:{username.strip().casefold()}", f"addr:{request.client.host if request.client else '?'}")
    throttle: LoginThrottle = request.app.state.login_throttle
    if throttle.blocked(*keys):
        return _page(request, "editor/login.html", status_code=429, title="Editor login",
                     error="Too many failed logins. Try again in 15 minutes.", username=username)
    user = editorial(request).authenticate(username, form.get("password", "")[:1000])
    if user is None:
        throttle.failed(*keys)
        log.warning("failed editor login for %r", username)
        return _page(request, "editor/login.html", status_code=401, title="Editor login",
                     error="Wrong username or password.", username=username)
    throttle.succeeded(keys[0])
    request.session.clear()  # a new session id-equivalent: fresh CSRF token, no fixation
    request.session["uid"] = user.id
    request.session["csrf"] = secrets.token_urlsafe(32)
    return RedirectResponse("/editor", status_code=303, headers=NO_STORE)


@router.post("/logout")
async def logout(request: Request) -> Response:
    await checked_form(request)
    request.session.clear()
    return RedirectResponse("/", status_code=303, headers=NO_STORE)


@router.get("")
def queue(request: Request, status: str = "pending") -> Response:
    user = current_user(request)
    if user is None:
        return _to_login()
    if status not in STATUSES:
        raise HTTPException(status_code=404, detail="No such queue.")
    ed = editorial(request)
    return _page(request, "editor/queue.html", title="Review queue", user=user, status=status,
                 statuses=STATUSES, counts=ed.counts(), items=ed.queue(status))


def _written_story(ed, story_id: str):
    """The story's document and review state, or a 404."""
    doc = ed.store.get_document(story_id)
    meta = ed.store.document_meta(story_id)
    if doc is None or meta is None:
        raise HTTPException(status_code=404, detail="No written story has this id.")
    return doc, meta


@router.get("/story/{story_id}")
def review(request: Request, story_id: str, done: str = "") -> Response:
    user = current_user(request)
    if user is None:
        return _to_login()
    ed = editorial(request)
    doc, meta = _written_story(ed, story_id)
    return _page(request, "editor/review.html", title=f"Review: {doc.headline}", user=user, doc=doc,
                 meta=meta, v=present.story_view(doc), corrections=ed.corrections_for(story_id),
                 done=done[:40], error=None)


@router.get("/story/{story_id}/preview")
def preview(request: Request, story_id: str) -> Response:
    """The analysis page as readers would see it, for any status (never cached, not indexed)."""
    user = current_user(request)
    if user is None:
        return _to_login()
    ed = editorial(request)
    doc, meta = _written_story(ed, story_id)
    return _page(request, "story.html", title=f"Preview: {doc.headline}", description=doc.dek, v=present.story_view(doc),
                 doc=doc, meta=meta, related=[], corrections=ed.corrections_for(story_id),
                 tags=request.app.state.tag_index.tags(doc), preview=True)


@router.post("/story/{story_id}/decide")
async def decide(request: Request, story_id: str) -> Response:
    user = _require_user(request)
    form = await checked_form(request)
    try:
        status = editorial(request).decide(story_id, form.get("action", ""), user)
    except EditorialError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    return RedirectResponse(f"/editor/story/{story_id}?done={status}", status_code=303, headers=NO_STORE)


@router.post("/story/{story_id}/edit")
async def edit(request: Request, story_id: str) -> Response:
    user = _require_user(request)
    form = await checked_form(request)
    ed = editorial(request)
    drop = set()
    for key in form.get("drop", []):
        try:
            s_i, p_i, n = (int(x) for x in str(key).split("-"))
        except ValueError:
            continue
        drop.add((s_i, p_i, n))
    headings = {int(k.removeprefix("heading-")): v for k, v in form.items()
                if k.startswith("heading-") and k.removeprefix("heading-").isdigit()}
    change = StoryEdit(headline=form.get("headline"), dek=form.get("dek"), headings=headings,
                       drop=frozenset(drop), note=form.get("note", ""))
    try:
        ed.apply_edit(story_id, change, user)
    except EditorialError as exc:
        doc = ed.store.get_document(story_id)
        meta = ed.store.document_meta(story_id)
        if doc is None or meta is None:
            raise HTTPException(status_code=404, detail="No written story has this id.") from exc
        return _page(request, "editor/review.html", status_code=400, title=f"Review: {doc.headline}",
                     user=user, doc=doc, meta=meta, v=present.story_view(doc),
                     corrections=ed.corrections_for(story_id), done="", error=str(exc))
    return RedirectResponse(f"/editor/story/{story_id}?done=edited", status_code=303, headers=NO_STORE)


def _sources_page(request: Request, user: User, status_code: int = 200, error: str | None = None,
                  done: str = "") -> HTMLResponse:
    store = editorial(request).store
    return _page(request, "editor/sources.html", status_code=status_code, title="Sources", user=user,
                 outlets=store.list_outlets(), feeds=feed_registry.list_feeds(store),
                 failures=store.list_failures()[:200], error=error, done=done)


@router.get("/sources")
def sources(request: Request, done: str = "") -> Response:
    user = current_user(request)
    if user is None:
        return _to_login()
    return _sources_page(request, user, done=done[:40])


@router.post("/sources/feeds")
async def feed_action(request: Request) -> Response:
    """Pause or resume a feed (editors); add or remove one (admins)."""
    user = _require_user(request)
    form = await checked_form(request)
    action, url = form.get("action", ""), form.get("url", "").strip()[:2048]
    store = editorial(request).store
    if action in ("add", "remove") and user.role != "admin":
        raise HTTPException(status_code=403, detail="Only an admin can add or remove feeds.")
    try:
        if action == "pause":
            found = feed_registry.pause_feed(store, url, f"paused by {user.username}")
        elif action == "resume":
            found = feed_registry.resume_feed(store, url)
        elif action == "remove":
            found = feed_registry.remove_feed(store, url)
        elif action == "add":
            feed_registry.add_feed(store, url, outlet=form.get("outlet", "").strip()[:200] or None)
            found = True
        else:
            raise HTTPException(status_code=400, detail="Unknown feed action.")
    except NewsdeskError as exc:
        return _sources_page(request, user, status_code=400, error=str(exc))
    if not found:
        return _sources_page(request, user, status_code=404, error="No feed has this URL.")
    log.info("feed %s: %s by %s", url, action, user.username)
    return RedirectResponse(f"/editor/sources?done={action}", status_code=303, headers=NO_STORE)


@router.get("/users")
def users_page(request: Request) -> Response:
    user = current_user(request)
    if user is None:
        return _to_login()
    if user.role != "admin":
        raise HTTPException(status_code=403, detail="Only an admin can manage accounts.")
    return _page(request, "editor/users.html", title="Accounts", user=user,
                 users=editorial(request).list_users(), error=None)


@router.post("/users")
async def create_user(request: Request) -> Response:
    user = _require_user(request)
    if user.role != "admin":
        raise HTTPException(status_code=403, detail="Only an admin can manage accounts.")
    form = await checked_form(request)
    ed = editorial(request)
    try:
        ed.create_user(form.get("username", ""), form.get("password", ""), form.get("role", "editor"))
    except EditorialError as exc:
        return _page(request, "editor/users.html", status_code=400, title="Accounts", user=user,
                     users=ed.list_users(), error=str(exc))
    return RedirectResponse("/editor/users", status_code=303, headers=NO_STORE)
