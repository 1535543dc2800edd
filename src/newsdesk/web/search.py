"""Full-text search over published stories, run by the database.

The index is the store's :data:`~newsdesk.store.SEARCH_TABLE` (migration 0003), kept up to
date in the transaction that saves or edits a document:

- SQLite: an FTS5 table (``unicode61 remove_diacritics 2``), ranked by ``bm25`` with the
  headline weighing most, snippets from FTS5's ``snippet()``;
- PostgreSQL: a ``tsvector`` (headline weight A, dek B, outlets C, body D) under a GIN
  index, ranked by ``ts_rank``, snippets from ``ts_headline``.

Both behave alike: every query word must match as a word prefix, case and accents are
folded, no stemming. The reader's query is never handed to the database's query syntax:
it is cut into plain words (:func:`query_words`) and each word becomes a quoted prefix
term, so ``NEAR(``, ``"``, ``-x`` or ``*`` are just words or nothing. Snippets come back
as ``(text, is_hit)`` parts for the template to escape; the hit markers are characters the
index never stores (see :func:`newsdesk.store.search_fields`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from sqlalchemy import text as sql_text

from ..models import StoryDocument
from ..store import HIT_END, HIT_START, PG_ANGLES_BACK, SEARCH_TABLE, Store, fold

log = logging.getLogger(__name__)

__all__ = ["SearchIndex", "SearchResult", "match_expression", "query_words", "snippet_parts", "tsquery_expression"]

MAX_QUERY_WORDS = 8
MAX_WORD_LENGTH = 60
# letters and digits; "_" is not a word character for either index
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# bm25 weights per column: story_id (unindexed), headline, dek, body, outlets
_BM25_WEIGHTS = "0.0, 8.0, 4.0, 1.0, 1.0"
_BODY_COLUMN = 3
_HEADLINE_OPTIONS = (f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=28, MinWords=12, "
                     "MaxFragments=2, FragmentDelimiter=\" … \"")

Snippet = list[tuple[str, bool]]


def query_words(q: str) -> list[str]:
    """The words of a search query, folded, at most :data:`MAX_QUERY_WORDS` of them."""
    return [w[:MAX_WORD_LENGTH] for w in _WORD.findall(fold(q))][:MAX_QUERY_WORDS]


def match_expression(words: list[str]) -> str:
    """An FTS5 query: every word as a quoted prefix term, all required."""
    return " ".join(f'"{w}"*' for w in words)


def tsquery_expression(words: list[str]) -> str:
    """A PostgreSQL ``to_tsquery`` text: every word as a quoted prefix term, all required."""
    return " & ".join(f"'{w}':*" for w in words)


def snippet_parts(raw: str | None) -> Snippet:
    """Split a marked snippet into ``(text, is_hit)`` parts; stray markers are dropped."""
    parts: Snippet = []
    for n, chunk in enumerate((raw or "").split(HIT_START)):
        hit, _, rest = chunk.partition(HIT_END) if n else ("", "", chunk)
        if hit:
            parts.append((hit, True))
        rest = rest.replace(HIT_END, "")
        if rest:
            parts.append((rest, False))
    return parts


@dataclass(frozen=True)
class SearchResult:
    total: int
    docs: list[StoryDocument]
    snippets: dict[str, Snippet] = field(default_factory=dict)


_PUBLISHED = "d.status = 'published' AND d.n_outlets >= 1"

_SQLITE_COUNT = (f"SELECT count(*) FROM {SEARCH_TABLE} JOIN documents AS d ON d.story_id = {SEARCH_TABLE}.story_id "
                 f"WHERE {SEARCH_TABLE} MATCH :q AND {_PUBLISHED}")
_SQLITE_PAGE = (
    f"SELECT d.story_id, d.body, snippet({SEARCH_TABLE}, {_BODY_COLUMN}, :start, :end, ' … ', 24) AS snippet "
    f"FROM {SEARCH_TABLE} JOIN documents AS d ON d.story_id = {SEARCH_TABLE}.story_id "
    f"WHERE {SEARCH_TABLE} MATCH :q AND {_PUBLISHED} "
    f"ORDER BY bm25({SEARCH_TABLE}, {_BM25_WEIGHTS}), d.story_id LIMIT :limit OFFSET :offset"
)
_PG_COUNT = (f"SELECT count(*) FROM {SEARCH_TABLE} AS f JOIN documents AS d ON d.story_id = f.story_id "
             f"WHERE f.tsv @@ to_tsquery('simple', :q) AND {_PUBLISHED}")
_PG_PAGE = (
    "SELECT page.story_id, page.body, ts_headline('simple', page.text, to_tsquery('simple', :q), :options) AS snippet "
    "FROM (SELECT d.story_id, d.body, f.body AS text, ts_rank(f.tsv, to_tsquery('simple', :q)) AS rank "
    f"      FROM {SEARCH_TABLE} AS f JOIN documents AS d ON d.story_id = f.story_id "
    f"      WHERE f.tsv @@ to_tsquery('simple', :q) AND {_PUBLISHED} "
    "      ORDER BY rank DESC, d.story_id LIMIT :limit OFFSET :offset) AS page "
    "ORDER BY page.rank DESC, page.story_id"
)


class SearchIndex:
    """Search queries against the store's full-text index."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def search(self, q: str, *, limit: int = 20, offset: int = 0) -> SearchResult:
        """Published stories matching ``q``, best first.

        Args:
            q: the reader's query; punctuation and query syntax are ignored.
            limit: page size.
            offset: results to skip.

        Returns:
            The number of matches, one page of them and a highlighted snippet for each.
        """
        words = query_words(q)
        if not words:
            return SearchResult(0, [])
        with self.store.begin() as conn:
            if conn.dialect.name == "postgresql":
                params = {"q": tsquery_expression(words), "options": _HEADLINE_OPTIONS}
                count_sql, page_sql = _PG_COUNT, _PG_PAGE
            else:
                params = {"q": match_expression(words), "start": HIT_START, "end": HIT_END}
                count_sql, page_sql = _SQLITE_COUNT, _SQLITE_PAGE
            total = conn.execute(sql_text(count_sql), params).scalar_one()
            rows = conn.execute(sql_text(page_sql), {**params, "limit": limit, "offset": offset}).all() if total else []
        docs = [StoryDocument.model_validate_json(r.body) for r in rows]
        # PostgreSQL's index keeps "<" and ">" as stand-ins (see store.PG_ANGLES); a no-op on SQLite
        return SearchResult(total, docs, {r.story_id: snippet_parts((r.snippet or "").translate(PG_ANGLES_BACK))
                                          for r in rows})
