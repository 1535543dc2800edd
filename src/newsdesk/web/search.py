"""Full-text search over published stories with SQLite FTS5 (bm25 ranking).

The index is an in-memory FTS5 table built from the written documents and rebuilt
whenever the publication signature (:func:`.cache.publication_signature`) changes, so it
needs no schema of its own and works the same whichever database holds the store
(SQLite or PostgreSQL). Every query word must match as a word prefix; accents and case
are folded (``unicode61 remove_diacritics 2``); headline hits weigh most.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass

from ..models import StoryDocument
from ..store import Store
from .cache import publication_signature

log = logging.getLogger(__name__)

MAX_QUERY_WORDS = 8
SCAN_LIMIT = 20_000
_WORD = re.compile(r"\w+", re.UNICODE)
# bm25 weights per column: story_id (unindexed), headline, dek, body, outlets
_WEIGHTS = "0.0, 8.0, 4.0, 1.0, 1.0"


def fold(text: str) -> str:
    """Lower-case and strip accents so ``Zürich`` matches ``zurich``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def query_words(q: str) -> list[str]:
    """The words of a search query, folded, at most :data:`MAX_QUERY_WORDS`."""
    return _WORD.findall(fold(q))[:MAX_QUERY_WORDS]


def match_expression(words: list[str]) -> str:
    """An FTS5 query: every word as a quoted prefix term, all required."""
    return " ".join(f'"{w}"*' for w in words)


def _body(doc: StoryDocument) -> str:
    parts = [doc.summary]
    for sec in doc.sections:
        parts.append(sec.heading)
        parts.extend(s.text for p in sec.paragraphs for s in p.sentences)
    if doc.pull_quote:
        parts.append(f"{doc.pull_quote.text} {doc.pull_quote.speaker}")
    return "\n".join(parts)


@dataclass(frozen=True)
class SearchResult:
    total: int
    docs: list[StoryDocument]


class SearchIndex:
    """An FTS5 index of published stories, rebuilt when the publication changes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._signature: tuple | None = None
        self._db: sqlite3.Connection | None = None
        self._docs: dict[str, StoryDocument] = {}

    def _rebuild(self, signature: tuple) -> None:
        docs = self.store.list_documents(min_outlets=1, limit=SCAN_LIMIT)
        db = sqlite3.connect(":memory:", check_same_thread=False)
        db.execute(
            "CREATE VIRTUAL TABLE stories USING fts5("
            "story_id UNINDEXED, headline, dek, body, outlets, tokenize='unicode61 remove_diacritics 2')"
        )
        db.executemany(
            "INSERT INTO stories VALUES (?, ?, ?, ?, ?)",
            [(d.id, d.headline, d.dek, _body(d), " ".join(d.outlets)) for d in docs],
        )
        if self._db is not None:
            self._db.close()
        self._db, self._docs, self._signature = db, {d.id: d for d in docs}, signature
        log.debug("search index rebuilt: %d stories", len(docs))

    def search(self, q: str, *, limit: int = 20, offset: int = 0) -> SearchResult:
        """Published stories matching ``q``, best first.

        Args:
            q: the reader's query; punctuation is ignored.
            limit: page size.
            offset: results to skip.

        Returns:
            The number of matches and one page of them.
        """
        words = query_words(q)
        if not words:
            return SearchResult(0, [])
        signature = publication_signature(self.store)
        expression = match_expression(words)
        with self._lock:
            if signature != self._signature or self._db is None:
                self._rebuild(signature)
            total = self._db.execute("SELECT count(*) FROM stories WHERE stories MATCH ?", (expression,)).fetchone()[0]
            rows = self._db.execute(
                f"SELECT story_id FROM stories WHERE stories MATCH ? ORDER BY bm25(stories, {_WEIGHTS}), story_id "
                "LIMIT ? OFFSET ?",
                (expression, limit, offset),
            ).fetchall()
            docs = [self._docs[r[0]] for r in rows]
        return SearchResult(total, docs)
