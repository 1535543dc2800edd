"""Full-text search over published stories.

A small in-process ranking over the written documents (headline, dek, summary,
section text and outlets): every query word must occur (prefix match, case and accent
insensitive), and headline hits weigh more than body hits. It reads through
``Store.list_documents``, so it runs unchanged on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..models import StoryDocument
from ..store import Store

MAX_QUERY_WORDS = 8
SCAN_LIMIT = 5000
_WORD = re.compile(r"\w+", re.UNICODE)
_FIELD_WEIGHTS = {"headline": 5.0, "dek": 3.0, "summary": 2.0, "body": 1.0, "outlets": 1.0}


def fold(text: str) -> str:
    """Lower-case and strip accents so ``Zürich`` matches ``zurich``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def query_words(q: str) -> list[str]:
    """The words of a search query, folded, at most :data:`MAX_QUERY_WORDS`."""
    return _WORD.findall(fold(q))[:MAX_QUERY_WORDS]


def _fields(doc: StoryDocument) -> dict[str, list[str]]:
    body = " ".join(s.text for sec in doc.sections for p in sec.paragraphs for s in p.sentences)
    body += " " + " ".join(sec.heading for sec in doc.sections)
    return {
        "headline": _WORD.findall(fold(doc.headline)),
        "dek": _WORD.findall(fold(doc.dek)),
        "summary": _WORD.findall(fold(doc.summary)),
        "body": _WORD.findall(fold(body)),
        "outlets": _WORD.findall(fold(" ".join(doc.outlets))),
    }


def score(doc: StoryDocument, words: list[str]) -> float:
    """0 unless every query word prefixes some word of the story; higher is better."""
    if not words:
        return 0.0
    fields = _fields(doc)
    total = 0.0
    for word in words:
        hits = sum(
            weight * sum(1 for w in fields[name] if w.startswith(word))
            for name, weight in _FIELD_WEIGHTS.items()
        )
        if hits == 0:
            return 0.0
        total += hits
    return total


@dataclass(frozen=True)
class SearchResult:
    total: int
    docs: list[StoryDocument]


def search_documents(store: Store, q: str, *, limit: int = 20, offset: int = 0) -> SearchResult:
    """Published stories matching ``q``, best first.

    Args:
        store: the store to read.
        q: the reader's query; punctuation is ignored.
        limit: page size.
        offset: results to skip.

    Returns:
        The number of matches and one page of them.
    """
    words = query_words(q)
    if not words:
        return SearchResult(0, [])
    scored = [(score(d, words), d) for d in store.list_documents(min_outlets=1, limit=SCAN_LIMIT)]
    ranked = [d for s, d in sorted(scored, key=lambda sd: (-sd[0], sd[1].id)) if s > 0]
    return SearchResult(len(ranked), ranked[offset:offset + limit])
