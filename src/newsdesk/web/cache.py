"""Read helpers the public pages need beyond ``Store``'s methods, and a render cache.

* :func:`latest_by_category` fetches the newest stories of every category in one query
  (a window function, on SQLite and PostgreSQL) instead of one query per category.
* :class:`RenderCache` keeps rendered public pages in memory. Each request checks one
  cheap *signature* of the published set (documents per status and review state, newest
  write, corrections) and reuses a page only while that signature is unchanged, so a
  rewrite, an editor's decision or a correction shows at once, even when another process
  (the pipeline) made it. Entries also expire after ``max_age`` seconds.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from sqlalchemy import func, select
from starlette.requests import Request
from starlette.responses import Response

from ..models import StoryDocument
from ..store import Store, corrections, documents
from .security import cached_response

HTML = "text/html; charset=utf-8"


def latest_by_category(
    store: Store, *, per_category: int, min_outlets: int, known: dict[str, StoryDocument] | None = None
) -> dict[str, list[StoryDocument]]:
    """Up to ``per_category`` newest published stories of each category, newest first.

    One query picks the ids; documents already parsed (``known``, e.g. the home page's
    pool of newest stories) are reused, since parsing a document is the expensive part.
    """
    rank = func.row_number().over(
        partition_by=documents.c.category,
        order_by=(documents.c.updated.desc(), documents.c.story_id),
    ).label("rank")
    inner = (
        select(documents.c.category, documents.c.story_id, rank)
        .where(documents.c.status == "published", documents.c.n_outlets >= min_outlets)
        .subquery()
    )
    q = (select(inner.c.category, inner.c.story_id).where(inner.c.rank <= per_category)
         .order_by(inner.c.category, inner.c.rank))
    known = known or {}
    with store.begin() as conn:
        rows = conn.execute(q).all()
        missing = [r.story_id for r in rows if r.story_id not in known]
        parsed = {r.story_id: StoryDocument.model_validate_json(r.body) for r in conn.execute(
            select(documents.c.story_id, documents.c.body).where(documents.c.story_id.in_(missing)))} if missing else {}
    out: dict[str, list[StoryDocument]] = {}
    for row in rows:
        doc = known.get(row.story_id) or parsed.get(row.story_id)
        if doc is not None:
            out.setdefault(row.category, []).append(doc)
    return out


def publication_signature(store: Store) -> tuple:
    """A value that changes whenever anything a public page shows may have changed."""
    with store.begin() as conn:
        docs = conn.execute(
            select(documents.c.status, documents.c.reviewed, func.count(), func.max(documents.c.written_at))
            .group_by(documents.c.status, documents.c.reviewed)
            .order_by(documents.c.status, documents.c.reviewed)
        ).all()
        corr = conn.execute(select(func.count(), func.max(corrections.c.id)).select_from(corrections)).one()
    return tuple(tuple(r) for r in docs) + (tuple(corr),)


class RenderCache:
    """Rendered pages by key, valid while the store's publication signature is unchanged."""

    def __init__(self, store: Store, *, max_entries: int = 512, max_age: float = 30.0) -> None:
        self.store = store
        self.max_entries = max_entries
        self.max_age = max_age
        self._entries: OrderedDict[str, tuple[tuple, float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def signature(self) -> tuple:
        return publication_signature(self.store)

    def get(self, key: str, build: Callable[[], str | bytes]) -> bytes:
        """The cached page for ``key``, or ``build()``'s output, cached (exceptions are not)."""
        sig = self.signature()
        now = time.monotonic()
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and hit[0] == sig and now - hit[1] < self.max_age:
                self._entries.move_to_end(key)
                return hit[2]
        body = build()
        data = body.encode() if isinstance(body, str) else body
        with self._lock:
            self._entries[key] = (sig, now, data)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return data

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def cached_page(request: Request, build: Callable[[], str], media_type: str = HTML, max_age: int = 60) -> Response:
    """``build()``'s output through the app's render cache (keyed by path and query), with an ETag."""
    key = f"{request.url.path}?{request.url.query}"
    body = request.app.state.render_cache.get(key, build)
    return cached_response(request, body, media_type, max_age=max_age)
