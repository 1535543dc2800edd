"""Editorial control over written stories: editor accounts, the review queue, edits, corrections.

Works on the store's ``users``, ``corrections`` and ``documents`` tables (SQLite or
PostgreSQL) through :class:`Editorial`, so ``store.py`` stays about pipeline data.

A written story has a status: ``pending`` (waits for an editor, when ``auto_publish``
is off), ``published``, ``held`` or ``rejected``. Editors approve (publish + mark
reviewed), hold or reject it, and may edit it. Edits never add untraceable text: an
editor may rewrite the headline, dek and subheadings and drop sentences, but not change
a cited sentence. An edit to a published story is logged as a dated correction that the
story page shows.

Passwords are hashed with Argon2id (argon2-cffi); hashes are upgraded on login when the
parameters change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from .models import StoryDocument
from .page import reading_minutes
from .store import Store, as_utc, corrections, documents, index_for_search, users, utcnow

log = logging.getLogger(__name__)

ROLES = ("editor", "admin")
STATUSES = ("pending", "published", "held", "rejected")
ACTIONS = {"approve": "published", "hold": "held", "reject": "rejected"}
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str


@dataclass(frozen=True)
class QueueItem:
    story_id: str
    headline: str
    category: str
    status: str
    reviewed: bool
    n_outlets: int
    updated: datetime | None
    written_at: datetime | None


@dataclass(frozen=True)
class Correction:
    created: datetime
    editor: str
    note: str


@dataclass(frozen=True)
class StoryEdit:
    """What an editor changed: new texts (``None`` = keep) and sentences to drop.

    ``drop`` holds ``(section, paragraph, sentence)`` indexes into the document.
    """

    headline: str | None = None
    dek: str | None = None
    headings: dict[int, str] | None = None
    drop: frozenset[tuple[int, int, int]] = frozenset()
    note: str = ""


class EditorialError(ValueError):
    """An editorial request that cannot be carried out (unknown story, bad input)."""


def _clean_line(value: str, limit: int) -> str:
    """One line of editor text: whitespace collapsed, length capped."""
    return " ".join(value.split())[:limit]


class Editorial:
    """Editorial operations over a :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- users ---------------------------------------------------------------------------
    def create_user(self, username: str, password: str, role: str = "editor") -> User:
        """Add an account.

        Raises:
            EditorialError: bad role, short password or the name is taken.
        """
        username = username.strip()
        if role not in ROLES:
            raise EditorialError(f"role must be one of {', '.join(ROLES)}")
        if not username or len(username) > 100:
            raise EditorialError("username must be 1-100 characters")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise EditorialError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
        try:
            with self.store.begin() as conn:
                result = conn.execute(insert(users).values(
                    username=username, password_hash=_hasher.hash(password), role=role, created=utcnow()))
                user_id = result.inserted_primary_key[0]
        except IntegrityError as exc:
            raise EditorialError(f"user {username!r} exists") from exc
        log.info("created %s account %r", role, username)
        return User(user_id, username, role)

    def authenticate(self, username: str, password: str) -> User | None:
        """The user if ``password`` is right, else ``None`` (same answer for unknown names)."""
        with self.store.begin() as conn:
            row = conn.execute(select(users).where(users.c.username == username.strip())).mappings().first()
        if row is None:
            _hasher.hash(password)  # spend the same time as a real check
            return None
        try:
            _hasher.verify(row["password_hash"], password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if _hasher.check_needs_rehash(row["password_hash"]):
            with self.store.begin() as conn:
                conn.execute(update(users).where(users.c.id == row["id"])
                             .values(password_hash=_hasher.hash(password)))
        return User(row["id"], row["username"], row["role"])

    def get_user(self, user_id: int) -> User | None:
        with self.store.begin() as conn:
            row = conn.execute(select(users.c.id, users.c.username, users.c.role)
                               .where(users.c.id == user_id)).first()
        return User(row.id, row.username, row.role) if row else None

    def list_users(self) -> list[User]:
        with self.store.begin() as conn:
            rows = conn.execute(select(users.c.id, users.c.username, users.c.role).order_by(users.c.username)).all()
        return [User(r.id, r.username, r.role) for r in rows]

    def count_users(self) -> int:
        with self.store.begin() as conn:
            return conn.execute(select(func.count()).select_from(users)).scalar_one()

    # -- review queue -----------------------------------------------------------------------
    def queue(self, status: str | None = "pending", limit: int = 100) -> list[QueueItem]:
        """Written stories with ``status`` (all when ``None``), newest development first."""
        q = select(documents.c.story_id, documents.c.headline, documents.c.category, documents.c.status,
                   documents.c.reviewed, documents.c.n_outlets, documents.c.updated, documents.c.written_at)
        if status:
            q = q.where(documents.c.status == status)
        q = q.order_by(documents.c.updated.desc(), documents.c.story_id).limit(limit)
        with self.store.begin() as conn:
            rows = conn.execute(q).all()
        return [QueueItem(r.story_id, r.headline, r.category, r.status, bool(r.reviewed), r.n_outlets,
                          as_utc(r.updated), as_utc(r.written_at)) for r in rows]

    def counts(self) -> dict[str, int]:
        """How many stories are in each status."""
        with self.store.begin() as conn:
            rows = conn.execute(select(documents.c.status, func.count()).group_by(documents.c.status)).all()
        out = dict.fromkeys(STATUSES, 0)
        out.update({r[0]: r[1] for r in rows})
        return out

    def decide(self, story_id: str, action: str, editor: User) -> str:
        """Approve, hold or reject a story; returns the new status.

        Raises:
            EditorialError: unknown story or action.
        """
        if action not in ACTIONS:
            raise EditorialError(f"unknown action {action!r}")
        if self.store.document_meta(story_id) is None:
            raise EditorialError(f"no written story {story_id!r}")
        status = ACTIONS[action]
        self.store.set_document_status(story_id, status, reviewed=True if action == "approve" else None)
        log.info("%s: %s by %s", story_id, status, editor.username)
        return status

    # -- edits and corrections ---------------------------------------------------------------
    def apply_edit(self, story_id: str, change: StoryEdit, editor: User) -> StoryDocument:
        """Change a story's headline/dek/subheadings or drop sentences; log a correction if public.

        Raises:
            EditorialError: unknown story, nothing changed, or a published story edited
                without a correction note.
        """
        doc = self.store.get_document(story_id)
        meta = self.store.document_meta(story_id)
        if doc is None or meta is None:
            raise EditorialError(f"no written story {story_id!r}")
        data = doc.model_dump()
        if change.headline is not None and _clean_line(change.headline, 300):
            data["headline"] = _clean_line(change.headline, 300)
            data["quick_read"]["headline"] = data["headline"]
        if change.dek is not None and _clean_line(change.dek, 600):
            data["dek"] = _clean_line(change.dek, 600)
        for index, heading in (change.headings or {}).items():
            if 0 <= index < len(data["sections"]) and _clean_line(heading, 200):
                data["sections"][index]["heading"] = _clean_line(heading, 200)
        for s_i, section in enumerate(data["sections"]):
            for p_i, para in enumerate(section["paragraphs"]):
                para["sentences"] = [s for n, s in enumerate(para["sentences"])
                                     if (s_i, p_i, n) not in change.drop]
            section["paragraphs"] = [p for p in section["paragraphs"] if p["sentences"]]
        data["sections"] = [s for s in data["sections"] if s["paragraphs"]]
        edited = StoryDocument.model_validate(data)
        if edited == doc:
            raise EditorialError("nothing changed")
        edited = edited.model_copy(update={"reading_minutes": reading_minutes(edited)})  # sentences may be gone
        note = " ".join(change.note.split())[:1000]
        public = meta["status"] == "published"
        if public and not note:
            raise EditorialError("a published story needs a correction note saying what changed")
        with self.store.begin() as conn:
            conn.execute(update(documents).where(documents.c.story_id == story_id).values(
                headline=edited.headline, body=edited.model_dump_json()))
            index_for_search(conn, edited)  # search sees the edit in the same transaction
            if public:
                conn.execute(insert(corrections).values(
                    story_id=story_id, created=utcnow(), editor=editor.username, note=note))
        log.info("%s edited by %s%s", story_id, editor.username, " (correction logged)" if public else "")
        return edited

    def corrections_for(self, story_id: str) -> list[Correction]:
        """A story's corrections, oldest first."""
        with self.store.begin() as conn:
            rows = conn.execute(select(corrections).where(corrections.c.story_id == story_id)
                                .order_by(corrections.c.created, corrections.c.id)).mappings().all()
        return [Correction(as_utc(r["created"]), r["editor"], r["note"]) for r in rows]
