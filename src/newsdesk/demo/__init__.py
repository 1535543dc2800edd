"""The bundled demo corpus: fictional outlets reporting fictional events, written for newsdesk.

Everything here is invented (see ``README.md`` in this folder): it is what ``make run`` loads
offline, what the screenshots show and what the pipeline tests use.

Files:
    ``articles.jsonl``  one article per line, in the JSONL ingest shape
                        (``url, title, text, published, outlet, image_url?, image_alt?,
                        image_credit?, language``).
    ``outlets.json``    every outlet as ``{name, domain, country, owner, type}``.
    ``events.json``     the gold grouping: ``{event_slug: {category, title, days, outlets, urls,
                        ...}}`` plus notes on the planted disagreements, shared quotes and the
                        syndicated near-duplicate.
    ``quotes.json``     gold annotation of every quoted span: ``[{article_url, text, speaker,
                        role, kind}]`` in corpus order; ``kind`` is speech, fragment,
                        unattributed, anonymous or title.
    ``html/``           a few of the articles again as full web pages (same canonical URL).

Images live in ``newsdesk/static/demo`` and are referenced as ``/static/demo/<name>.svg``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DEMO_DIR: Path = Path(__file__).resolve().parent
ARTICLES_PATH: Path = DEMO_DIR / "articles.jsonl"
OUTLETS_PATH: Path = DEMO_DIR / "outlets.json"
EVENTS_PATH: Path = DEMO_DIR / "events.json"
QUOTES_PATH: Path = DEMO_DIR / "quotes.json"
HTML_DIR: Path = DEMO_DIR / "html"
STATIC_DIR: Path = DEMO_DIR.parent / "static" / "demo"

__all__ = [
    "ARTICLES_PATH",
    "DEMO_DIR",
    "EVENTS_PATH",
    "HTML_DIR",
    "OUTLETS_PATH",
    "QUOTES_PATH",
    "STATIC_DIR",
    "load_events",
    "load_outlets",
    "load_quotes",
    "load_rows",
]


def load_rows() -> list[dict[str, Any]]:
    """Read the demo articles.

    Returns:
        One dict per line of ``articles.jsonl``, in file order (oldest first).
    """
    with ARTICLES_PATH.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_outlets() -> list[dict[str, Any]]:
    """Read ``outlets.json``: one ``{name, domain, country, owner, type}`` dict per outlet."""
    return json.loads(OUTLETS_PATH.read_text(encoding="utf-8"))


def load_events() -> dict[str, dict[str, Any]]:
    """Read ``events.json``, the gold grouping of article URLs into events."""
    return json.loads(EVENTS_PATH.read_text(encoding="utf-8"))


def load_quotes() -> list[dict[str, Any]]:
    """Read ``quotes.json``: every quoted span in the articles, with its speaker and role as the source gives them."""
    return json.loads(QUOTES_PATH.read_text(encoding="utf-8"))
