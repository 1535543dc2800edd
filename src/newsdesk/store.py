"""The store: the single source of truth, on SQLite or PostgreSQL (SQLAlchemy 2 Core).

Every pipeline stage reads its inputs from here by id and writes its outputs back in
short transactions, so a stage is idempotent and a killed run resumes where it stopped.
The schema is created and evolved by Alembic migrations (``newsdesk/migrations``);
``tests/test_store.py`` checks that the migrations and :data:`metadata` agree.

Full-text search lives in the database too, in :data:`SEARCH_TABLE` (migration 0003): an
FTS5 virtual table on SQLite, a table with a ``tsvector`` column and a GIN index on
PostgreSQL. It holds the searchable text of every written document (headline, dek, body,
outlets) and is rewritten by :func:`index_for_search` in the same transaction that saves or
edits the document; whether a story is published is read from ``documents`` at query time
(:mod:`newsdesk.web.search`), so publishing or withdrawing a story needs no index change.
It is not part of :data:`metadata` (SQLAlchemy cannot describe an FTS5 table); schema
comparisons skip it through :func:`include_in_schema_compare`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from .errors import StoreError
from .models import Article, Outlet, Story, StoryDocument

log = logging.getLogger(__name__)

metadata = MetaData()

outlets = Table(
    "outlets",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("domain", String(255)),
    Column("country", String(100)),
    Column("owner", String(255)),
    Column("type", String(100)),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("published", DateTime(timezone=True), nullable=False),
    Column("outlet", String(200), nullable=False),
    Column("author", String(500)),
    Column("image_url", String(2048)),
    Column("image_alt", Text),
    Column("image_credit", String(500)),
    Column("language", String(16)),
    Column("content_hash", String(64), nullable=False),
    Column("story_id", String(120), ForeignKey("stories.id"), index=True),
    Column("duplicate_of", Integer, ForeignKey("articles.id")),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("paywalled", Boolean),  # migration 0002
    Column("published_estimated", Boolean, nullable=False, server_default="0"),  # migration 0004
    Index("ix_articles_published", "published"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False),
    Column("parent_id", String(120)),
)

documents = Table(
    "documents",
    metadata,
    Column("story_id", String(120), ForeignKey("stories.id"), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("category", String(50), nullable=False, index=True),
    Column("headline", Text, nullable=False),
    Column("published", DateTime(timezone=True)),
    Column("updated", DateTime(timezone=True), index=True),
    Column("n_outlets", Integer, nullable=False),
    Column("n_articles", Integer, nullable=False),
    Column("status", String(20), nullable=False, server_default="published"),
    Column("reviewed", Boolean, nullable=False, server_default="0"),
    Column("body", Text, nullable=False),
    Column("written_at", DateTime(timezone=True), nullable=False),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("stage", String(40), nullable=False),
    Column("item", String(2048), nullable=False),
    Column("reason", Text, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="1"),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    UniqueConstraint("stage", "item", name="uq_failures_stage_item"),
)

feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("title", Text),
    Column("category", String(100)),
    Column("outlet", String(200)),
    Column("paused", Boolean, nullable=False, server_default="0"),
    Column("paused_reason", Text),
    Column("error_count", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    Column("etag", String(500)),
    Column("last_modified", String(100)),
    Column("last_fetched", DateTime(timezone=True)),
    Column("next_fetch", DateTime(timezone=True)),
    Column("interval_seconds", Float, nullable=False, server_default="1800"),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(20), nullable=False, server_default="editor"),
    Column("created", DateTime(timezone=True), nullable=False),
)

corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("story_id", String(120), ForeignKey("stories.id"), nullable=False, index=True),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("editor", String(100), nullable=False),
    Column("note", Text, nullable=False),
)

article_vectors = Table(
    "article_vectors",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id"), primary_key=True),
    Column("model", String(100), nullable=False),
    Column("vector", LargeBinary, nullable=False),
)


SEARCH_TABLE = "documents_fts"
#: Marks the start and end of a highlighted hit in search snippets (private-use characters,
#: removed from indexed text so source text cannot forge a highlight).
HIT_START, HIT_END = "\ue000", "\ue001"
#: PostgreSQL's text-search parser drops anything shaped like an HTML tag, so on PostgreSQL
#: the index holds angle brackets as these stand-ins (undo with :data:`PG_ANGLES_BACK`).
PG_ANGLES = str.maketrans("<>", "\ue002\ue003")
PG_ANGLES_BACK = str.maketrans("\ue002\ue003", "<>")
_NOT_INDEXED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\ue003]")


def include_in_schema_compare(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic ``include_name`` hook: the search index (and FTS5's shadow tables) is not in :data:`metadata`."""
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_TABLE))


def fold(value: str) -> str:
    """Lower-case and strip accents so ``Zürich`` matches ``zurich`` (PostgreSQL search side)."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_fields(doc: StoryDocument) -> dict[str, str]:
    """The searchable text of a document: headline, dek, body (summary, sections, quote), outlets."""
    parts = [doc.summary]
    for sec in doc.sections:
        parts.append(sec.heading)
        parts.extend(s.text for p in sec.paragraphs for s in p.sentences)
    if doc.pull_quote:
        parts.append(f"{doc.pull_quote.text} {doc.pull_quote.speaker}")
    fields = {"headline": doc.headline, "dek": doc.dek, "body": "\n".join(parts), "outlets": " ".join(doc.outlets)}
    return {k: _NOT_INDEXED.sub(" ", v) for k, v in fields.items()}


def index_for_search(conn: Connection, doc: StoryDocument) -> None:
    """Write ``doc``'s row of the full-text index on ``conn`` (call inside the saving transaction)."""
    fields = search_fields(doc)
    params = {"story_id": doc.id, **fields}
    if conn.dialect.name == "postgresql":
        # text is folded in Python (no unaccent extension needed); 'simple' = no stemming, like FTS5
        params.update({k: v.translate(PG_ANGLES) for k, v in fields.items()})
        params.update({f"f_{k}": fold(v).translate(PG_ANGLES) for k, v in fields.items()})
        conn.execute(sql_text(
            f"INSERT INTO {SEARCH_TABLE} (story_id, headline, dek, body, outlets, tsv) VALUES "
            "(:story_id, :headline, :dek, :body, :outlets, "
            " setweight(to_tsvector('simple', :f_headline), 'A') || setweight(to_tsvector('simple', :f_dek), 'B')"
            " || setweight(to_tsvector('simple', :f_outlets), 'C') || setweight(to_tsvector('simple', :f_body), 'D'))"
            " ON CONFLICT (story_id) DO UPDATE SET headline = excluded.headline, dek = excluded.dek,"
            " body = excluded.body, outlets = excluded.outlets, tsv = excluded.tsv"), params)
    else:
        conn.execute(sql_text(f"DELETE FROM {SEARCH_TABLE} WHERE story_id = :story_id"), params)
        conn.execute(sql_text(f"INSERT INTO {SEARCH_TABLE} (story_id, headline, dek, body, outlets) "
                          "VALUES (:story_id, :headline, :dek, :body, :outlets)"), params)


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """Naive datetimes (SQLite hands them back) are UTC by our convention."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def content_hash(title: str, text: str) -> str:
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()


def fingerprint(article_ids: Iterable[int], extra: str = "") -> str:
    """Identifies a story's membership (and writer version); a change means rewrite."""
    ids = ",".join(str(i) for i in sorted(article_ids))
    return hashlib.sha256(f"{ids}|{extra}".encode()).hexdigest()


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - trivial
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    # WAL with NORMAL syncs at checkpoints, not every commit: a killed process loses nothing
    # committed (only a power cut can take the last commits back); FULL fsyncs every article.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


# built once: statement construction is a measurable part of storing an article
_ID_BY_URL = select(articles.c.id).where(articles.c.url == bindparam("url"))
_INSERT_ARTICLE = insert(articles)


_CLEAR_FAILURES = delete(failures).where(failures.c.stage == bindparam("stage"),
                                         failures.c.item.in_(bindparam("items", expanding=True)))
_OUTLET_UPSERTS: dict[tuple[str, tuple[str, ...]], object] = {}


def _upsert_outlet(conn: Connection, outlet: Outlet) -> None:
    """Insert the outlet, or set the fields it knows on the stored one: one statement."""
    values = outlet.model_dump()
    known = tuple(k for k, v in values.items() if v is not None and k != "name")
    key = (conn.dialect.name, known)
    statement = _OUTLET_UPSERTS.get(key)
    if statement is None:  # one per dialect and set of known fields, built once
        statement = (postgresql_insert if conn.dialect.name == "postgresql" else sqlite_insert)(outlets)
        if known:
            statement = statement.on_conflict_do_update(index_elements=[outlets.c.name],
                                                        set_={k: statement.excluded[k] for k in known})
        else:
            statement = statement.on_conflict_do_nothing(index_elements=[outlets.c.name])
        _OUTLET_UPSERTS[key] = statement
    conn.execute(statement, values)


def _clear_failures(conn: Connection, stage: str, items: list[str]) -> None:
    keys = list(dict.fromkeys(item[:2048] for item in items if item))
    if keys:
        conn.execute(_CLEAR_FAILURES, {"stage": stage, "items": keys})


class Store:
    """Access to the database. Methods take and return domain values, never rows."""

    def __init__(self, url: str) -> None:
        self.url = url
        kwargs: dict = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        self.engine: Engine = create_engine(url, future=True, **kwargs)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)

    # -- schema -------------------------------------------------------------------------
    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (idempotent)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        cfg.attributes["connection_url"] = self.url
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except OperationalError as exc:
            raise StoreError(f"cannot migrate {self.engine.url!r}: {exc.orig}") from exc

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()

    # -- outlets ------------------------------------------------------------------------
    def upsert_outlet(self, outlet: Outlet) -> None:
        with self.begin() as conn:
            _upsert_outlet(conn, outlet)

    def get_outlet(self, name: str) -> Outlet | None:
        with self.begin() as conn:
            row = conn.execute(select(outlets).where(outlets.c.name == name)).mappings().first()
        return Outlet(**row) if row else None

    def list_outlets(self) -> list[Outlet]:
        with self.begin() as conn:
            rows = conn.execute(select(outlets).order_by(outlets.c.name)).mappings().all()
        return [Outlet(**r) for r in rows]

    # -- articles -----------------------------------------------------------------------
    def add_article(
        self,
        art: Article,
        chash: str | None = None,
        *,
        outlet: Outlet | None = None,
        clear_failures: tuple[str, list[str]] | None = None,
    ) -> tuple[int, bool]:
        """Insert an article unless its URL is known. Returns ``(id, created)``.

        Re-ingesting the same URL changes nothing (first version wins), which keeps
        stories and their fingerprints stable across reruns. In the same transaction a new
        article's ``outlet`` is upserted and, new or known, the failures ``(stage, items)``
        are forgotten: an article, its outlet and the end of its failure record land
        together or not at all.
        """
        chash = chash or content_hash(art.title, art.text)
        values = art.model_dump(exclude={"id"})
        values.update(content_hash=chash, ingested_at=utcnow())
        with self.begin() as conn:
            article_id = conn.execute(_ID_BY_URL, {"url": art.url}).scalar()
            created = article_id is None
            if created:
                try:
                    article_id = conn.execute(_INSERT_ARTICLE, values).inserted_primary_key[0]
                except IntegrityError:  # a concurrent worker inserted it (and clears its failures)
                    conn.rollback()
                    return conn.execute(_ID_BY_URL, {"url": art.url}).scalar_one(), False
                if outlet is not None:
                    _upsert_outlet(conn, outlet)
            if clear_failures is not None:
                _clear_failures(conn, *clear_failures)
            return article_id, created

    def _article(self, row) -> Article:
        data = {k: row[k] for k in Article.model_fields if k in row}
        data["published"] = as_utc(data["published"])
        return Article(**data)

    def get_article(self, article_id: int) -> Article | None:
        with self.begin() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
        return self._article(row) if row else None

    def get_articles(self, ids: Iterable[int]) -> list[Article]:
        ids = list(ids)
        if not ids:
            return []
        with self.begin() as conn:
            rows = conn.execute(
                select(articles).where(articles.c.id.in_(ids)).order_by(articles.c.published, articles.c.id)
            ).mappings().all()
        return [self._article(r) for r in rows]

    def article_by_url(self, url: str) -> Article | None:
        with self.begin() as conn:
            row = conn.execute(select(articles).where(articles.c.url == url)).mappings().first()
        return self._article(row) if row else None

    def article_hashes(self) -> dict[str, int]:
        with self.begin() as conn:
            return {r.content_hash: r.id for r in conn.execute(select(articles.c.content_hash, articles.c.id))}

    def unassigned_article_ids(self) -> list[int]:
        """Articles not yet in a story (nor duplicates), oldest first."""
        with self.begin() as conn:
            rows = conn.execute(
                select(articles.c.id)
                .where(articles.c.story_id.is_(None), articles.c.duplicate_of.is_(None))
                .order_by(articles.c.published, articles.c.id)
            )
            return [r.id for r in rows]

    def recent_articles(self, since: datetime) -> list[Article]:
        """Assigned articles published at or after ``since`` (candidates for story matching)."""
        with self.begin() as conn:
            rows = conn.execute(
                select(articles)
                .where(articles.c.published >= since, articles.c.story_id.is_not(None))
                .order_by(articles.c.published, articles.c.id)
            ).mappings().all()
        return [self._article(r) for r in rows]

    def mark_duplicate(self, article_id: int, of_id: int) -> None:
        with self.begin() as conn:
            conn.execute(update(articles).where(articles.c.id == article_id).values(duplicate_of=of_id))

    def count_articles(self) -> int:
        with self.begin() as conn:
            return conn.execute(select(func.count()).select_from(articles)).scalar_one()

    # -- stories ------------------------------------------------------------------------
    def assign_story(self, article_id: int, story_id: str, when: datetime, parent_id: str | None = None) -> None:
        """Put an article into a story, creating the story if needed, in one transaction."""
        with self.begin() as conn:
            row = conn.execute(select(stories.c.id, stories.c.updated).where(stories.c.id == story_id)).first()
            if row is None:
                conn.execute(insert(stories).values(id=story_id, created=when, updated=when, parent_id=parent_id))
            elif as_utc(row.updated) < as_utc(when):
                conn.execute(update(stories).where(stories.c.id == story_id).values(updated=when))
            conn.execute(update(articles).where(articles.c.id == article_id).values(story_id=story_id))

    def get_story(self, story_id: str) -> Story | None:
        with self.begin() as conn:
            row = conn.execute(select(stories).where(stories.c.id == story_id)).mappings().first()
            if row is None:
                return None
            ids = [r.id for r in conn.execute(select(articles.c.id).where(articles.c.story_id == story_id))]
        return Story(id=row["id"], article_ids=sorted(ids), created=as_utc(row["created"]),
                     updated=as_utc(row["updated"]), parent_id=row["parent_id"])

    def story_ids(self) -> list[str]:
        with self.begin() as conn:
            return [r.id for r in conn.execute(select(stories.c.id).order_by(stories.c.created, stories.c.id))]

    def story_memberships(self) -> dict[str, list[int]]:
        with self.begin() as conn:
            rows = conn.execute(
                select(articles.c.story_id, articles.c.id).where(articles.c.story_id.is_not(None))
            )
            out: dict[str, list[int]] = {}
            for r in rows:
                out.setdefault(r.story_id, []).append(r.id)
        return out

    def count_stories(self) -> int:
        with self.begin() as conn:
            return conn.execute(select(func.count()).select_from(stories)).scalar_one()

    # -- documents ----------------------------------------------------------------------
    def document_fingerprints(self) -> dict[str, str]:
        with self.begin() as conn:
            return {r.story_id: r.fingerprint for r in conn.execute(select(documents.c.story_id, documents.c.fingerprint))}

    def save_document(self, doc: StoryDocument, fp: str, status: str = "published") -> None:
        """Insert or replace a story's written document (keeps an editor's review state)."""
        values = dict(
            fingerprint=fp,
            category=doc.category,
            headline=doc.headline,
            published=doc.published,
            updated=doc.updated,
            n_outlets=len(doc.outlets),
            n_articles=len(doc.article_urls),
            body=doc.model_dump_json(),
            written_at=utcnow(),
        )
        with self.begin() as conn:
            row = conn.execute(select(documents.c.story_id).where(documents.c.story_id == doc.id)).first()
            if row is None:
                conn.execute(insert(documents).values(story_id=doc.id, status=status, reviewed=False, **values))
            else:
                conn.execute(update(documents).where(documents.c.story_id == doc.id).values(**values))
            index_for_search(conn, doc)

    def get_document(self, story_id: str) -> StoryDocument | None:
        with self.begin() as conn:
            row = conn.execute(select(documents.c.body).where(documents.c.story_id == story_id)).first()
        return StoryDocument.model_validate_json(row.body) if row else None

    def document_meta(self, story_id: str) -> dict | None:
        with self.begin() as conn:
            row = conn.execute(
                select(documents.c.status, documents.c.reviewed, documents.c.written_at).where(
                    documents.c.story_id == story_id
                )
            ).mappings().first()
        return dict(row) if row else None

    def set_document_status(self, story_id: str, status: str, reviewed: bool | None = None) -> None:
        values: dict = {"status": status}
        if reviewed is not None:
            values["reviewed"] = reviewed
        with self.begin() as conn:
            conn.execute(update(documents).where(documents.c.story_id == story_id).values(**values))

    def list_documents(
        self,
        *,
        category: str | None = None,
        status: str | None = "published",
        min_outlets: int = 1,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StoryDocument]:
        """Written stories, newest development first."""
        q = select(documents.c.body).where(documents.c.n_outlets >= min_outlets)
        if category:
            q = q.where(documents.c.category == category)
        if status:
            q = q.where(documents.c.status == status)
        q = q.order_by(documents.c.updated.desc(), documents.c.story_id).limit(limit).offset(offset)
        with self.begin() as conn:
            return [StoryDocument.model_validate_json(r.body) for r in conn.execute(q)]

    def count_documents(self, *, category: str | None = None, status: str | None = "published", min_outlets: int = 1) -> int:
        q = select(func.count()).select_from(documents).where(documents.c.n_outlets >= min_outlets)
        if category:
            q = q.where(documents.c.category == category)
        if status:
            q = q.where(documents.c.status == status)
        with self.begin() as conn:
            return conn.execute(q).scalar_one()

    # -- failures -----------------------------------------------------------------------
    def record_failure(self, stage: str, item: str, reason: str) -> None:
        """Remember that ``item`` failed in ``stage`` (one row per item, attempts counted)."""
        item = item[:2048]
        with self.begin() as conn:
            row = conn.execute(
                select(failures.c.id).where(failures.c.stage == stage, failures.c.item == item)
            ).first()
            if row is None:
                conn.execute(insert(failures).values(stage=stage, item=item, reason=reason, last_seen=utcnow()))
            else:
                conn.execute(
                    update(failures)
                    .where(failures.c.id == row.id)
                    .values(reason=reason, attempts=failures.c.attempts + 1, last_seen=utcnow())
                )

    def clear_failure(self, stage: str, item: str) -> None:
        self.clear_failures(stage, [item])

    def clear_failures(self, stage: str, items: list[str]) -> None:
        """Forget the failures recorded for ``items`` at ``stage``, in one transaction."""
        with self.begin() as conn:
            _clear_failures(conn, stage, items)

    def list_failures(self, stage: str | None = None) -> list[dict]:
        q = select(failures).order_by(failures.c.last_seen.desc())
        if stage:
            q = q.where(failures.c.stage == stage)
        with self.begin() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]
