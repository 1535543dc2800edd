"""Sitemaps, sitemap indexes and Google news sitemaps → :class:`Sitemap`.

Parsed with a non-resolving, non-networking lxml parser (no entities, no DTD fetches);
gzipped sitemaps are unpacked up to :data:`MAX_GUNZIP_BYTES`; at most
:data:`MAX_SITEMAP_URLS` page URLs are kept, as the sitemap protocol allows.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

import lxml.etree

from .errors import ParseError

__all__ = ["Sitemap", "SitemapEntry", "parse_sitemap"]

MAX_SITEMAP_URLS = 50_000
MAX_GUNZIP_BYTES = 50_000_000


@dataclass
class SitemapEntry:
    url: str
    lastmod: datetime | None = None
    title: str | None = None  # news sitemaps
    published: datetime | None = None  # news sitemaps


@dataclass
class Sitemap:
    urls: list[SitemapEntry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def iso_datetime(value) -> datetime | None:
    """An ISO 8601 date (``Z`` accepted) as an aware UTC datetime; None if absent or malformed."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _xml_root(data: bytes) -> lxml.etree._Element:
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
                data = handle.read(MAX_GUNZIP_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise ParseError(f"bad gzip data: {exc}") from exc
        if len(data) > MAX_GUNZIP_BYTES:
            raise ParseError("gzipped sitemap too large")
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                                  recover=True, remove_comments=True)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed XML: {exc}"[:300]) from exc
    if root is None:
        raise ParseError("malformed XML: no root element")
    return root


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(element, name: str) -> str | None:
    for child in element.iter():
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_sitemap(data: bytes, url: str) -> Sitemap:
    """Parse a sitemap, sitemap index or news sitemap (plain or gzipped XML).

    Raises:
        ParseError: malformed XML or not a sitemap.
    """
    root = _xml_root(data)
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise ParseError(f"not a sitemap (root element <{kind}>)")
    result = Sitemap()
    for element in root:
        name = _local(element.tag)
        loc = _child_text(element, "loc")
        if not loc:
            continue
        loc = urljoin(url, loc)
        if name == "sitemap":
            result.sitemaps.append(loc)
        elif name == "url" and len(result.urls) < MAX_SITEMAP_URLS:
            result.urls.append(SitemapEntry(
                url=loc,
                lastmod=iso_datetime(_child_text(element, "lastmod")),
                title=_child_text(element, "title"),
                published=iso_datetime(_child_text(element, "publication_date")),
            ))
    return result
