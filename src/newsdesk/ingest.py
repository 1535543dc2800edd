"""Sources → :class:`ArticleIn` items → :class:`Article` rows in the store.

Three steps, each usable alone:

- :func:`~newsdesk.sources.load_items` (in :mod:`newsdesk.sources`, re-exported here)
  reads a source — a directory of ``.html``/``.jsonl`` files, a JSONL file, a feed or
  sitemap file, a URL list (``.txt``) or an http(s) URL — and yields :class:`ArticleIn`
  items, or an :class:`ItemFailure` for each row/page that could not be read. It never
  raises for one bad item.
- :func:`normalize_item` turns one item into a clean :class:`Article`: HTML → text
  via :mod:`newsdesk.extract`, canonical URL (courlan, tracking parameters stripped),
  publication date (default now, future dates clamped), outlet, language.
- :func:`ingest_items` stores the articles: same URL → unchanged, near-duplicate text
  (syndicated wire copy, :mod:`newsdesk.dedupe`) → linked with ``duplicate_of``,
  failures recorded in the store and cleared on a later success of the same item,
  under every key it may have failed under (see :mod:`newsdesk.sources`). Idempotent.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import courlan
from sqlalchemy import select

from .dedupe import NearDuplicateIndex
from .errors import EmptyContentError, IngestError, ParseError, internal_error
from .extract import extract_page
from .models import Article, ArticleIn, Outlet
from .settings import Settings
from .sources import (
    FEED_FULL_TEXT_WORDS,
    ROW_FIELDS,
    ItemFailure,
    SourcedItem,
    SourceRead,
    feed_entry_items,
    load_items,
    parse_row,
)
from .store import Store, articles, as_utc, content_hash
from .text import has_words, word_count

log = logging.getLogger(__name__)

__all__ = [
    "IngestReport",
    "ItemFailure",
    "SourceRead",
    "SourcedItem",
    "FEED_FULL_TEXT_WORDS",
    "canonical_url",
    "feed_entry_items",
    "ingest_items",
    "known_url_filter",
    "load_items",
    "normalize_item",
    "parse_row",
    "recent_dedupe_index",
]

MIN_ARTICLE_WORDS = 15
"""Fewer words than this is not an article (empty page, teaser, error page)."""

FUTURE_TOLERANCE = timedelta(minutes=15)
"""Clock skew accepted before a publication date counts as "in the future"."""

DEDUPE_RECENT_ARTICLES = 20_000
"""How many of the newest stored articles a batch is checked against for near-duplicates."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Invisible characters that only split words for search, quotes and matching: soft hyphens
# ("Kern\xadwerk\xadzeuge", German sites' &shy;), zero-width spaces, word joiners and stray byte-order
# marks ("\u200bRussia puts Putin critic …" as a title). ZWJ/ZWNJ stay: scripts and emoji need them.
# A regex, not str.translate: translate looks every character up in its table (0.15 ms for an
# average article, twice per page); the regex scans in C and most texts have none of them.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
# Reference marks glued to a word or its punctuation ("non-clustered data,[8] and", "Spell[2] was",
# "[citation needed]"): wiki footnotes, not words; the page would quote them verbatim otherwise.
# A bracket after a space ("[1] First item") or holding letters ("bill[ion]") is text and stays.
# The pattern starts on the literal "[" (the lookbehind after it) so the scan is a fast literal search.
_MARK_BODY = r"(?:\d{1,3}|citation needed|clarification needed)\]"  # a mark after its "["
_FOOTNOTE_MARK = re.compile(rf"\[(?<=[^\s\[\d]\[){_MARK_BODY}(?:\[{_MARK_BODY})*")


@dataclass
class IngestReport:
    """What one :func:`ingest_items` call did."""

    added: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: int = 0
    failures: list[ItemFailure] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.added + self.unchanged + self.duplicates + self.failed


# -- normalising -----------------------------------------------------------------------


def canonical_url(url: str) -> str:
    """The URL an article is known by: normalised, tracking parameters and fragment removed.

    Raises:
        ParseError: not an absolute http(s) or file URL.
    """
    url = (url or "").strip()
    if url.startswith("file:"):
        return url
    if not url.startswith(("http://", "https://")):
        raise ParseError(f"not an http(s) URL: {url[:100]!r}")
    try:
        normalised = courlan.normalize_url(url, strict=True)
    except (ValueError, AttributeError) as exc:
        raise ParseError(f"malformed URL: {url[:100]!r}") from exc
    if not normalised or not urlsplit(normalised).hostname:
        raise ParseError(f"malformed URL: {url[:100]!r}")
    return normalised


def url_domain(url: str) -> str | None:
    """Registered domain of an http(s) URL (``news.bbc.co.uk`` → ``bbc.co.uk``)."""
    if not url.startswith(("http://", "https://")):
        return None
    try:
        return courlan.extract_domain(url, fast=True) or urlsplit(url).hostname or None
    except (ValueError, AttributeError):
        return None


def clean_text(text: str) -> str:
    """Unicode NFC, no control or invisible characters, single spaces, one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", _INVISIBLE.sub("", text)))
    if "[" in text:
        text = _FOOTNOTE_MARK.sub("", text)
    paragraphs = []
    for block in re.split(r"\n\s*\n|\r\n\s*\r\n", text):
        lines = [" ".join(line.split()) for line in block.splitlines()]
        joined = "\n".join(line for line in lines if line)
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)


def _check_text(text: str) -> None:
    """Refuse an empty, too short or garbled text; ``text`` is as :func:`clean_text` leaves it."""
    if not text.strip():
        raise EmptyContentError("empty article text")
    if not has_words(text, MIN_ARTICLE_WORDS):
        raise EmptyContentError(f"too short to be an article ({word_count(text)} words)")
    sample = text[:5_000]  # the share of letters is as clear in the first 5,000 characters, at a quarter of the cost
    visible = len(sample) - sample.count(" ") - sample.count("\n")  # clean_text left no other white space
    letters = sum(map(str.isalpha, sample))
    if letters < 0.5 * visible:
        raise ParseError("garbage text (mostly non-letters)")
    if sample.count("\ufffd") > 0.02 * visible:
        raise ParseError("garbled text (wrong or missing encoding)")


def _language(text: str) -> str | None:
    import py3langid as langid

    lang, _score = langid.classify(text[:1500])
    return lang or None


def normalize_item(item: ArticleIn, settings: Settings, *, now: datetime | None = None) -> Article:
    """Turn one source item into a clean, storable :class:`Article` (``id`` = 0).

    Args:
        item: as a source gave it; HTML (if there is no text) is extracted.
        settings: limits for extraction.
        now: the current time (for tests); future publication dates are clamped to it.

    Raises:
        IngestError: a subclass with a short ``reason`` — bad URL, no/garbage text.
    """
    now = now or datetime.now(UTC)
    if item.html and not (item.text and item.text.strip()):
        page = extract_page(item.html, item.url, settings)
        merged = page.model_dump(exclude={"url", "paywalled"})
        given = item.model_dump(include=ROW_FIELDS - {"html", "paywalled"})
        merged.update({k: v for k, v in given.items() if v})
        merged["url"] = _prefer_canonical(item.url, page.url)
        merged["text"] = page.text
        merged["paywalled"] = page.paywalled if page.paywalled is not None else item.paywalled
        item = ArticleIn(**merged)
    url = canonical_url(item.url)
    text = clean_text(item.text or "")
    _check_text(text)

    published = as_utc(item.published)
    estimated = published is None
    if published is None:
        published = now
    elif published > now + FUTURE_TOLERANCE:
        log.warning("future publication date %s clamped to now: %s", published.isoformat(), url)
        published, estimated = now, True
    title = " ".join(_INVISIBLE.sub("", item.title or "").split())
    if not title:
        first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
        title = first if len(first) <= 150 else first[:147].rsplit(" ", 1)[0] + "…"
    outlet = " ".join((item.outlet or "").split()) or url_domain(url) or "Unknown"
    return Article(
        id=0,
        url=url,
        title=title,
        text=text,
        published=published,
        outlet=outlet[:200],
        author=(" ".join(item.author.split())[:500] or None) if item.author else None,
        image_url=item.image_url or None,
        image_alt=item.image_alt or None,
        image_credit=item.image_credit or None,
        language=item.language or _language(text),
        paywalled=item.paywalled,
        published_estimated=estimated,
    )


def _prefer_canonical(row_url: str, page_url: str | None) -> str:
    """A page's canonical URL wins over where we found it, unless it points at another site.

    Syndicated copies often carry the wire service's canonical; honouring it across
    domains would file one outlet's copy under another's URL.
    """
    if not page_url or page_url == row_url:
        return row_url
    if row_url.startswith("file:"):
        return page_url
    if url_domain(row_url) == url_domain(page_url):
        return page_url
    return row_url


# -- storing ---------------------------------------------------------------------------


def recent_dedupe_index(store: Store, limit: int = DEDUPE_RECENT_ARTICLES) -> NearDuplicateIndex:
    """A near-duplicate index over the newest non-duplicate articles in the store."""
    index = NearDuplicateIndex()
    with store.begin() as conn:
        rows = conn.execute(
            select(articles.c.id, articles.c.text)
            .where(articles.c.duplicate_of.is_(None))
            .order_by(articles.c.id.desc())
            .limit(limit)
        ).all()
    for row in reversed(rows):
        index.add(row.id, row.text)
    return index


def known_url_filter(store: Store) -> Callable[[str], bool]:
    """A predicate telling whether an article URL is already stored."""

    def known(url: str) -> bool:
        with store.begin() as conn:
            return conn.execute(select(articles.c.id).where(articles.c.url == url)).first() is not None

    return known


def _item_key(item: ArticleIn) -> str:
    """The key an item's failure is recorded under: where it was read from, else its URL."""
    if isinstance(item, SourcedItem):
        return item.source_key
    return item.url or "(no url)"


def ingest_items(
    store: Store,
    items: Iterable[ArticleIn | ItemFailure],
    settings: Settings,
    progress: Callable[[int], None] | None = None,
    *,
    dedupe_index: NearDuplicateIndex | None = None,
) -> IngestReport:
    """Normalise and store items; one bad item never stops the batch.

    Args:
        store: where articles, outlets and failures go.
        items: from :func:`load_items` (or any iterable of items/failures).
        settings: limits for extraction.
        progress: called with ``1`` after each item (a progress-bar advance).
        dedupe_index: reuse an index across batches (``newsdesk watch``); default:
            built from the newest stored articles.

    Returns:
        Counts of added / unchanged / near-duplicate / failed items, and the failures.
    """
    index = dedupe_index if dedupe_index is not None else recent_dedupe_index(store)
    hashes = store.article_hashes()
    report = IngestReport()
    outlets_seen: set[str] = set()
    for item in items:
        if isinstance(item, SourceRead):  # not an article: only its own old failure goes
            store.clear_failure("ingest", item.item)
            continue
        try:
            if isinstance(item, ItemFailure):
                reason = item.reason if item.stage == "ingest" else f"{item.stage}: {item.reason}"
                _fail(store, report, item.item, "ingest", reason)
                continue
            _ingest_one(store, item, settings, index, hashes, report, outlets_seen)
        except IngestError as exc:
            _fail(store, report, _item_key(item), "ingest", exc.reason)
        except Exception as exc:  # a bug or a store hiccup must not lose the batch
            log.exception("unexpected error ingesting %s", getattr(item, "url", item))
            _fail(store, report, _item_key(item), "ingest", internal_error(exc, 500))
        finally:
            if progress is not None:
                progress(1)
    log.info("ingest: %d added, %d unchanged, %d duplicates, %d failed",
             report.added, report.unchanged, report.duplicates, report.failed)
    return report


def _fail(store: Store, report: IngestReport, key: str, stage: str, reason: str) -> None:
    report.failed += 1
    report.failures.append(ItemFailure(key, stage, reason))
    log.warning("ingest failed: %s: %s", key, reason)
    store.record_failure("ingest", key, reason)


def _ingest_one(store, item, settings, index, hashes, report, outlets_seen) -> None:
    article = normalize_item(item, settings)
    chash = content_hash(article.title, article.text)
    twin = hashes.get(chash)
    near = None if twin is not None else index.find(article.text)
    original = twin if twin is not None else (int(near[0]) if near is not None else None)
    if original is not None:
        # linked in the same insert, so a killed run never leaves an unlinked copy behind
        article = article.model_copy(update={"duplicate_of": original})
    outlet = None
    if article.outlet not in outlets_seen:
        outlet = Outlet(name=article.outlet, domain=url_domain(article.url))
    # one transaction: the article unless its URL is known, its outlet, the end of its failures
    article_id, created = store.add_article(article, chash, outlet=outlet,
                                            clear_failures=("ingest", _failure_keys(item, article)))
    report.article_ids.append(article_id)
    if not created:
        report.unchanged += 1
        return
    if outlet is not None:
        outlets_seen.add(article.outlet)
    if original is not None:
        report.duplicates += 1
        log.info("near-duplicate: %s is a copy of article %d", article.url, original)
    else:
        index.add(article_id, article.text)
        hashes[chash] = article_id
        report.added += 1


def _failure_keys(item: ArticleIn, article: Article) -> list[str]:
    """Every key an earlier failure of this item may have been recorded under."""
    also = item.also_clears if isinstance(item, SourcedItem) else ()
    return [_item_key(item), item.url, article.url, *also]
