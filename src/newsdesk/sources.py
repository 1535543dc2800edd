"""Sources → :class:`ArticleIn` items: the first step of ingest (:mod:`newsdesk.ingest`).

:func:`load_items` reads a source — a directory of ``.html``/``.jsonl`` files, a JSONL
file, a feed or sitemap file, a URL list (``.txt``) or an http(s) URL (feed, sitemap or
article page, sniffed) — and yields :class:`SourcedItem` items, an :class:`ItemFailure`
for each row/page that could not be read, and a :class:`SourceRead` for each source read
as a whole. It never raises for one bad item.

Every item is recorded under one key whether it fails or succeeds — the absolute path
of an HTML file, the URL asked for, a JSONL row's URL (else ``/abs/rows.jsonl:LINE``),
``FEED_URL#entry title`` for a feed entry without a link — and its success clears every
key the same item may have failed under earlier (``SourcedItem.also_clears``), even when
its page names another canonical URL. A :class:`SourceRead` clears the failure of the
source itself (a file that was missing, a feed that did not parse or could not be fetched).
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from .errors import EmptyContentError, IngestError, ParseError, internal_error
from .extract import extract_page, html_fragment_text, is_page_file, read_page_file
from .models import ArticleIn
from .settings import Settings
from .text import word_count

if TYPE_CHECKING:
    from .fetch import Fetcher

log = logging.getLogger(__name__)

__all__ = ["FEED_FULL_TEXT_WORDS", "ItemFailure", "SourceRead", "SourcedItem", "feed_entry_items", "load_items",
           "parse_row"]

FEED_FULL_TEXT_WORDS = 120
"""A feed entry with at least this many words of content is used as is, not fetched."""

ROW_FIELDS = frozenset(ArticleIn.model_fields)
"""The fields a JSONL row may set; other keys are ignored."""



@dataclass(frozen=True)
class ItemFailure:
    """A source item that could not be read: where it was, which stage, why."""

    item: str
    stage: str
    reason: str


@dataclass(frozen=True)
class SourceRead:
    """A source (file, feed, sitemap, URL list) that was read; its earlier failure is cleared."""

    item: str


class SourcedItem(ArticleIn):
    """An :class:`ArticleIn` that remembers where it was read from.

    ``source_key`` is the key a failure of this item was (or would be) recorded under
    by :func:`load_items`; ``also_clears`` are keys the same item failed under before it
    was fixed (a JSONL row's line before it had a URL, a feed entry before it had a link).
    A success clears all of them, as well as the item's and the article's URLs.
    """

    source_key: str
    also_clears: tuple[str, ...] = ()


def _sourced(item: ArticleIn, key: str, also_clears: tuple[str, ...] = ()) -> SourcedItem:
    return SourcedItem(**item.model_dump(include=ROW_FIELDS), source_key=key, also_clears=also_clears)


def _path_key(path: Path) -> str:
    """The key a local file or directory is recorded under: its absolute path."""
    return str(path.resolve())


def _entry_key(feed_url: str, title: str) -> str:
    """The key of a feed entry that has no link of its own."""
    return f"{feed_url}#{title[:80]}"



def load_items(
    source: str | Path,
    settings: Settings,
    *,
    fetcher: Fetcher | None = None,
) -> Iterator[ArticleIn | ItemFailure | SourceRead]:
    """Read every article a source holds.

    Args:
        source: a directory, a ``.jsonl``/``.html``/feed/sitemap/``.txt`` URL-list file,
            or an http(s) URL of a feed, sitemap or article page.
        settings: limits for fetching and extraction.
        fetcher: the HTTP fetcher to use for URLs (default: a polite :class:`Fetcher`).

    Yields:
        :class:`ArticleIn` for each readable item, :class:`ItemFailure` for the others,
        and a :class:`SourceRead` for each file, feed or sitemap read as a whole.
    """
    text = str(source)
    if text.startswith(("http://", "https://")):
        yield from _with_fetcher(fetcher, settings, lambda f: _load_url(text, settings, f))
        return
    path = Path(source)
    if not path.exists():
        yield ItemFailure(_path_key(path), "load", "no such file or directory")
        return
    if path.is_dir():
        yield SourceRead(_path_key(path))
        children = sorted(p for p in path.rglob("*") if p.is_file())
        pages = _load_html_files([c for c in children if is_page_file(c)], settings)
        try:
            for child in children:
                suffix = child.suffix.lower()
                if is_page_file(child):
                    yield next(pages)
                elif suffix == ".jsonl":
                    yield from _load_jsonl(child)
        finally:
            pages.close()  # stops the workers at once when the caller stops early
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _load_jsonl(path)
    elif is_page_file(path):
        yield _load_html_file(path, settings)
    elif suffix == ".txt":
        yield from _with_fetcher(fetcher, settings, lambda f: _load_url_list(path, settings, f))
    else:
        yield from _with_fetcher(fetcher, settings, lambda f: _load_feed_file(path, settings, f))


def _with_fetcher(fetcher, settings, produce):
    """Run a generator with the given fetcher, or with a fresh one closed afterwards."""
    if fetcher is not None:
        yield from produce(fetcher)
        return
    from .fetch import Fetcher

    with Fetcher(settings) as own:
        yield from produce(own)


def _load_html_files(paths: list[Path], settings: Settings) -> Iterator[SourcedItem | ItemFailure]:
    """:func:`_load_html_file` for each path, in order; on all cores when there are enough pages."""
    from .workers import CRASHED, ordered_map, worker_count

    load = functools.partial(_load_html_file, settings=settings)
    return ordered_map(load, paths, worker_count(settings.extract_workers, len(paths)),
                       on_crash=lambda path: ItemFailure(_path_key(path), "extract", CRASHED))


def _load_html_file(path: Path, settings: Settings) -> SourcedItem | ItemFailure:
    """One saved page; failure and success are both keyed by the file's absolute path."""
    resolved = path.resolve()
    key = str(resolved)
    try:
        data = read_page_file(path, settings.max_response_bytes)
        return _sourced(extract_page(data, resolved.as_uri(), settings), key)
    except IngestError as exc:
        return ItemFailure(key, "extract", exc.reason)
    except OSError as exc:
        return ItemFailure(key, "load", f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # a bug in a parser must cost one page, not the batch
        log.exception("unexpected error extracting %s", key)
        return ItemFailure(key, "extract", internal_error(exc))


def parse_row(row: object) -> ArticleIn:
    """One JSONL row (dict) → :class:`ArticleIn`; unknown keys are ignored."""
    if not isinstance(row, dict):
        raise ParseError(f"row is a JSON {type(row).__name__}, not an object")
    data = {k: v for k, v in row.items() if k in ROW_FIELDS}
    if not data.get("url"):
        raise ParseError("row has no url")
    if not (data.get("text") or data.get("html")):
        raise EmptyContentError("row has neither text nor html")
    try:
        return ArticleIn(**data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ParseError(f"bad field {where}: {first.get('msg')}") from exc


def _load_jsonl(path: Path) -> Iterator[ArticleIn | ItemFailure | SourceRead]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield ItemFailure(_path_key(path), "load", f"cannot read: {exc.strerror or exc}")
        return
    yield SourceRead(_path_key(path))
    with handle:
        for lineno, raw in enumerate(handle, 1):
            where = f"{_path_key(path)}:{lineno}"
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError:
                yield ItemFailure(where, "parse", "line is not UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield ItemFailure(where, "parse", f"invalid JSON: {exc.msg} at column {exc.colno}")
                continue
            try:
                item = parse_row(row)
            except IngestError as exc:
                url = row.get("url") if isinstance(row, dict) and isinstance(row.get("url"), str) else None
                yield ItemFailure(url or where, "parse", exc.reason)
                continue
            # keyed by its URL; a success also clears the line, where it failed without one
            yield _sourced(item, item.url, also_clears=(where,))


def _load_url_list(path: Path, settings: Settings, fetcher: Fetcher) -> Iterator[ArticleIn | ItemFailure | SourceRead]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        yield ItemFailure(_path_key(path), "load", f"cannot read: {exc.strerror or exc}")
        return
    yield SourceRead(_path_key(path))
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            yield from _load_url(line, settings, fetcher)


def _load_feed_file(path: Path, settings: Settings, fetcher: Fetcher) -> Iterator[ArticleIn | ItemFailure | SourceRead]:
    from .feeds import parse_feed, parse_sitemap, sniff_kind

    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ItemFailure(_path_key(path), "load", f"cannot read: {exc.strerror or exc}")
        return
    base = path.resolve().as_uri()
    kind = sniff_kind(data)
    try:
        if kind == "sitemap":
            sitemap = parse_sitemap(data, base)
            yield SourceRead(_path_key(path))
            for entry in sitemap.urls:
                yield from _load_url(entry.url, settings, fetcher, fallback_published=entry.published,
                                     fallback_title=entry.title)
            return
        if kind == "html":
            yield _load_html_file(path, settings)
            return
        feed = parse_feed(data, base)
    except IngestError as exc:
        yield ItemFailure(_path_key(path), "parse", exc.reason)
        return
    yield SourceRead(_path_key(path))
    yield from feed_entry_items(feed, settings, fetcher)


def feed_entry_items(feed, settings: Settings, fetcher: Fetcher) -> Iterator[ArticleIn | ItemFailure | SourceRead]:
    """Feed entries → items: full-text entries as they are, teasers by fetching their page.

    An entry whose content has at least :data:`FEED_FULL_TEXT_WORDS` words is the article;
    a shorter one is a teaser, so its link is fetched and extracted (feed date, title and
    outlet fill what the page lacks).
    """
    for entry in feed.entries:
        # an entry without a link is recorded under this key; once fixed, its success clears it
        entry_key = _entry_key(feed.url, entry.title)
        if not entry.url:
            yield ItemFailure(entry_key, "parse", "feed entry has no link")
            continue
        body = html_fragment_text(entry.content_html or entry.summary_html or "")
        if word_count(body) >= FEED_FULL_TEXT_WORDS or not entry.url.startswith(("http://", "https://")):
            yield SourcedItem(
                url=entry.url,
                title=entry.title,
                text=body,
                published=entry.published,
                outlet=feed.outlet,
                author=entry.author,
                image_url=entry.image_url,
                source_key=entry.url,
                also_clears=(entry_key,),
            )
            continue
        yield from _load_url(entry.url, settings, fetcher, fallback_published=entry.published,
                             fallback_title=entry.title, fallback_outlet=feed.outlet, also_clears=(entry_key,))


def _load_url(
    url: str,
    settings: Settings,
    fetcher: Fetcher,
    *,
    fallback_published: datetime | None = None,
    fallback_title: str | None = None,
    fallback_outlet: str | None = None,
    also_clears: tuple[str, ...] = (),
) -> Iterator[ArticleIn | ItemFailure | SourceRead]:
    """Fetch a URL and sniff it: feed → its entries, sitemap → its pages, else one article."""
    from .feeds import parse_feed, parse_sitemap, sniff_kind

    try:
        result = fetcher.fetch(url)
    except IngestError as exc:
        yield ItemFailure(url, "fetch", exc.reason)
        return
    except Exception as exc:  # a bug must cost one item, not the whole source
        log.exception("unexpected error fetching %s", url)
        yield ItemFailure(url, "fetch", internal_error(exc))
        return
    kind = sniff_kind(result.content, result.content_type)
    try:
        if kind == "feed":
            feed = parse_feed(result.content, result.url)
            yield SourceRead(url)
            yield from feed_entry_items(feed, settings, fetcher)
            return
        if kind == "sitemap":
            sitemap = parse_sitemap(result.content, result.url)
            yield SourceRead(url)
            for child in sitemap.sitemaps:
                yield from _load_url(child, settings, fetcher)
            for entry in sitemap.urls:
                yield from _load_url(entry.url, settings, fetcher, fallback_published=entry.published,
                                     fallback_title=entry.title)
            return
        item = extract_page(result.content, result.url, settings)
    except IngestError as exc:
        yield ItemFailure(url, "extract" if kind == "html" else "parse", exc.reason)
        return
    except Exception as exc:  # a bug in a parser must cost one item, not the source
        log.exception("unexpected error reading %s", url)
        yield ItemFailure(url, "extract" if kind == "html" else "parse", internal_error(exc))
        return
    updates = {}
    if not item.published and fallback_published:
        updates["published"] = fallback_published
    if not item.title and fallback_title:
        updates["title"] = fallback_title
    if not item.outlet and fallback_outlet:
        updates["outlet"] = fallback_outlet
    yield _sourced(item.model_copy(update=updates) if updates else item, url, also_clears)
