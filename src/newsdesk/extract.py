"""HTML page → :class:`ArticleIn`, through trafilatura.

One function does the work, :func:`extract_page`:

1. **Guard the input** – refuse pages over ``settings.max_response_bytes``, binary
   payloads served as HTML (NUL bytes, known magic numbers) and pages whose DOM is
   absurdly large (an "HTML bomb": trafilatura's ``max_tree_size``).
2. **Parse once**, as trafilatura's ``load_html`` does but with lxml's element classes
   looked up in C (:func:`_load_tree`; same tree, ~5% less extraction time), and read
   what trafilatura does not give us: the hero image's alt text and credit
   (``og:image:alt``, the ``<figure>`` holding the image) and paywall markers.
3. **Read the metadata** we store — title, author, date (htmldate), site name, image,
   canonical URL — with trafilatura's metadata functions (:func:`_article_metadata`),
   without the categories, tags and licence it would also look for, and with its byline
   search done in one pass (:mod:`newsdesk.byline`). These only read the tree.
4. **Extract the text** with the cascade inside ``trafilatura.bare_extraction``, on the
   parsed tree itself (:func:`_main_text`: bare_extraction would copy it first); its
   per-document sentence dedup is OFF because we deduplicate whole documents
   (:mod:`newsdesk.dedupe`).
5. **Cap the wall clock** of steps 2–4 at ``settings.extract_timeout``.

trafilatura, htmldate and courlan keep LRU caches; :func:`extract_page` resets them every
:data:`CACHE_RESET_EVERY` pages so that a long ingest stays flat in memory whatever a
release's cache sizes. In trafilatura 2.0 they are bounded (plain trafilatura: -0.2 MB over
1,500 pages with no reset, ``bench/bench_extract.py``), so the reset is insurance, and it
is not cheap: it ends in a full garbage collection (about 0.1 s) and leaves the caches cold.
"""

from __future__ import annotations

import codecs
import functools
import gzip
import json
import logging
import io
import re
import signal
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import lxml.etree
import lxml.html
import trafilatura
from html import unescape
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura import metadata as trafilatura_metadata
from trafilatura.meta import reset_caches
from trafilatura.settings import Document, Extractor
from trafilatura.utils import is_dubious_html, repair_faulty_html
from trafilatura.xml import xmltotxt

try:  # the cascade inside bare_extraction (see _main_text)
    from trafilatura.core import trafilatura_sequence as _trafilatura_sequence
except ImportError:  # pragma: no cover - another trafilatura
    _trafilatura_sequence = None

from .byline import find_author
from .errors import EmptyContentError, IngestError, ParseError, internal_error
from .models import ArticleIn
from .settings import Settings
from .text import has_words, word_count

log = logging.getLogger(__name__)

__all__ = ["extract_page", "ExtractTimeout", "CACHE_RESET_EVERY", "MAX_TREE_SIZE", "decode_html", "html_fragment_text", "article_json", "extract_target", "read_page_file", "is_page_file"]

CACHE_RESET_EVERY = 5000
"""Pages between two resets of trafilatura's/htmldate's/courlan's caches (0.02 ms a page amortised)."""

MAX_TREE_SIZE = 200_000
"""Elements a page may have; more is an HTML bomb (real articles have a few thousand)."""

_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh",
    b"\x7fELF", b"MZ", b"RIFF", b"OggS", b"ID3", b"fLaC", b"\x00\x00\x00",
)

# htmldate: prefer the original publication date, keep the time of day when present; no
# "extensive search" (it falls back to dateparser, which alone tripled extraction time).
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}

# Paywall signals. Only *marked*, never pruned: on real sites the "paywall" class often sits
# on the element that wraps the article body itself.
_PAYWALL_WORDS = ("isaccessibleforfree", "paywall", "subscriber-only", "piano-offer", "metered-content")
_PAYWALL_PATTERN = (
    r"""isAccessibleForFree["']?\s*:\s*["']?false"""
    r"""|class\s*=\s*["'](?:[^"'>]*\s)?(?:paywall|subscriber-only|piano-offer|metered-content)["'\s]"""
)
_PAYWALL_MARKUP = re.compile(_PAYWALL_PATTERN, re.I)
_PAYWALL_MARKUP_BYTES = re.compile(_PAYWALL_PATTERN.encode(), re.I)
_PAYWALL_WORDS_BYTES = tuple(word.encode() for word in _PAYWALL_WORDS)
_PAYWALL_WINDOW = 1_000
"""How far before a word its ``class="`` may start (the class list's length)."""
_PAYWALL_MAX_LOOKS = 50
"""Occurrences of one word examined (a script may name "paywall" hundreds of times)."""
_SUBSCRIBE_PROMPT = re.compile(
    r"^(?:subscribe|already a subscriber|sign in|log in|become a (?:member|subscriber)|to continue reading"
    r"|this (?:article|content) is (?:for|only for|available to) (?:subscribers|members))\b",
    re.I,
)
MIN_TEXT_WORDS = 10
"""Fewer words than this is navigation or an error page, not an article."""

_pages_since_reset = 0
_reset_lock = threading.Lock()

T = TypeVar("T")


class ExtractTimeout(ParseError):
    """Extraction of one page ran past ``settings.extract_timeout``."""


def _is_binary(data: bytes) -> bool:
    head = data[:1024].lstrip()
    if any(head.startswith(m) for m in _BINARY_MAGIC):
        return True
    return b"\x00" in data[:8192]


_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.-]+)""", re.I)
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_WESTERN_DEFAULTS = ("cp1252", "latin_1", "iso8859_15")


def decode_html(data: bytes) -> str:
    """Bytes of an HTML page → text: BOM, then declared charset, then UTF-8, then a sniff.

    For undeclared legacy encodings charset_normalizer often ties several code pages at
    zero "chaos"; among those we prefer windows-1252, the web's default fallback
    (WHATWG), so Latin-1 pages keep their accents instead of turning Baltic.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    match = _DECLARED_CHARSET.search(data[:4096])
    if match:
        declared = (match.group(1) or match.group(2)).decode("ascii").lower()
        try:
            codecs.lookup(declared)
        except LookupError:
            declared = ""
        if declared and not declared.startswith("utf-16"):  # a UTF-16 label on 8-bit bytes is a lie
            return data.decode(declared, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:200_000]))
    if matches:
        best_chaos = min(m.chaos for m in matches)
        tied = [m for m in matches if m.chaos <= best_chaos + 0.01]
        for match_ in tied:
            if match_.encoding in _WESTERN_DEFAULTS or any(e in _WESTERN_DEFAULTS for e in match_.could_be_from_charset):
                return data.decode("cp1252", errors="replace")
        return data.decode(tied[0].encoding, errors="replace")
    return data.decode("cp1252", errors="replace")


_PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")


def is_page_file(path: Path) -> bool:
    """A saved web page by its name: ``.html``, ``.htm``, or either gzipped (``page.html.gz``)."""
    return path.name.lower().endswith(_PAGE_SUFFIXES)


def read_page_file(path: Path, max_bytes: int) -> bytes:
    """A saved page's bytes, gunzipped when gzipped, never more than ``max_bytes`` read or unpacked.

    A page over the limit is refused before it is read into memory, and a gzip bomb (a few
    kilobytes unpacking to gigabytes) stops at the limit.

    Raises:
        ParseError: over ``max_bytes`` (packed or unpacked), or broken gzip data.
        OSError: the file cannot be read.
    """
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ParseError(f"page too large (over {max_bytes} bytes)")
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacked:
            data = unpacked.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise ParseError(f"bad gzip data: {exc}") from exc
    if len(data) > max_bytes:
        raise ParseError(f"page too large once unpacked (over {max_bytes} bytes)")
    return data


def _check_input(html: str | bytes, settings: Settings) -> str | bytes:
    size = len(html) if isinstance(html, bytes) else len(html.encode("utf-8", "surrogatepass"))
    if size == 0:
        raise EmptyContentError("empty page")
    if size > settings.max_response_bytes:
        raise ParseError(f"page too large ({size} bytes > {settings.max_response_bytes})")
    if isinstance(html, bytes):
        if _is_binary(html):
            raise ParseError("binary content, not HTML")
    elif "\x00" in html[:8192]:
        raise ParseError("binary content, not HTML")
    return html


class _Deadline(BaseException):
    """Raised by SIGALRM; a BaseException so library code's ``except Exception`` cannot eat it."""


@contextmanager
def _alarm(seconds: float):
    """Interrupt the main thread after ``seconds`` (SIGALRM) and report it as ExtractTimeout."""
    fired = False

    def on_alarm(_signum, _frame):
        nonlocal fired
        fired = True
        raise _Deadline

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Deadline:
        fired = True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:  # also when some library swallowed the interrupt and carried on
        raise ExtractTimeout(f"extraction took longer than {seconds:g}s")


def run_with_timeout(func: Callable[[], T], seconds: float) -> T:
    """Run ``func`` with a wall-clock cap; raises :class:`ExtractTimeout` past it.

    In the main thread (CLI, benches) SIGALRM interrupts the work itself. Elsewhere
    (web workers, test threads) the work runs in a daemon thread that is abandoned
    past the cap — Python cannot kill a thread, but the caller gets its answer on time.
    """
    if seconds <= 0:
        return func()
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            return func()
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = func()
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc

    worker = threading.Thread(target=target, name="newsdesk-extract", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise ExtractTimeout(f"extraction took longer than {seconds:g}s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


# trafilatura's parser (trafilatura.utils.HTML_PARSER), with lxml's element classes looked up in C:
# lxml.html's default lookup calls Python for every element proxy (about a million calls per
# 300 pages, through parsing, extraction and its copies of the tree). Form elements become plain
# HtmlElement, which trafilatura does not mind (tests/test_extract.py compares the output).
_PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                               remove_comments=True, remove_pis=True)
_PARSER.set_element_class_lookup(lxml.etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity))


def _load_tree(page: str) -> HtmlElement | None:
    """``trafilatura.load_html`` of a decoded page, with :data:`_PARSER`; its own path for odd pages."""
    beginning = page[:50].lower()
    try:
        tree = lxml.html.fromstring(repair_faulty_html(page, beginning), parser=_PARSER)
    except (ValueError, lxml.etree.LxmlError):  # an encoding declaration in a str, an empty document...
        return trafilatura.load_html(page)  # ...take trafilatura's own way through them
    if tree is None or len(tree) < 1 or (is_dubious_html(beginning) and len(tree) < 2):
        return trafilatura.load_html(page)
    return tree


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    """The first non-empty ``content`` of each ``<meta property=…>`` / ``<meta name=…>``, in one pass."""
    tags: dict[str, str] = {}
    for element in tree.iter("meta"):
        value = " ".join((element.get("content") or "").split())
        if not value:
            continue
        for key in (element.get("property"), element.get("name")):
            if key is not None:
                tags.setdefault(key, value)
    return tags


def _meta(tags: dict[str, str], *names: str) -> str | None:
    return next((tags[name] for name in names if name in tags), None)


def _image_details(tree: HtmlElement, tags: dict[str, str], image_url: str | None) -> tuple[str | None, str | None]:
    """Alt text and credit of the hero image, from og/twitter tags or its ``<figure>``."""
    alt = _meta(tags, "og:image:alt", "twitter:image:alt")
    credit = None
    if image_url:
        tail = image_url.rsplit("/", 1)[-1].split("?")[0]
        for img in tree.iter("img"):
            src = img.get("src") or img.get("data-src") or ""
            if not tail or tail not in src:
                continue
            alt = alt or (" ".join((img.get("alt") or "").split()) or None)
            figure = next((a for a in img.iterancestors("figure")), None)
            if figure is not None:
                for cap in figure.iter("figcaption"):
                    text = " ".join(cap.text_content().split())
                    credit_match = re.search(r"(?:Photo|Image|Credit|Picture)\s*:?\s*(.+)$", text, re.I)
                    if credit_match:
                        credit = credit_match.group(1).strip(" .")
                    elif not alt:
                        alt = text or None
            break
    return alt, credit


def _is_paywalled(page: str | bytes) -> bool:
    """schema.org ``isAccessibleForFree: false`` or a paywall container in the page's markup.

    Fetched pages are read as bytes: the markers are ASCII, and lower-casing bytes is a
    fraction of the cost of lower-casing a decoded page with non-ASCII text in it.
    """
    words, markup = ((_PAYWALL_WORDS_BYTES, _PAYWALL_MARKUP_BYTES) if isinstance(page, bytes)
                     else (_PAYWALL_WORDS, _PAYWALL_MARKUP))
    # Substring tests find the words (most pages lack them) at a fifth of the cost of a regex.
    # Every match of the markup pattern contains one of the words, so it is looked for only
    # around each occurrence: on the whole page it tries every ``class=`` of the page.
    lowered = page.lower()
    for word in words:
        start = lowered.find(word)
        for _ in range(_PAYWALL_MAX_LOOKS):
            if start < 0:
                break
            if markup.search(page, max(0, start - _PAYWALL_WINDOW), start + len(word) + 40):
                return True
            start = lowered.find(word, start + len(word))
    return False


def _article_metadata(tree: HtmlElement, url: str) -> Document:
    """Title, author, canonical URL, date, site name and image, as trafilatura finds them.

    The steps of ``trafilatura.metadata.extract_metadata``, in its order and with its
    functions, less categories, tags and licence: we do not store them and they were
    ~40% of its time. ``tests/test_extract.py`` checks the result against it.
    """
    meta = trafilatura_metadata.examine_meta(tree)
    if meta.author and " " not in meta.author:  # a bare handle is not a byline
        meta.author = None
    try:
        meta = trafilatura_metadata.extract_meta_json(tree, meta)
    except Exception as exc:  # noqa: BLE001 - trafilatura guards this call the same way (bugs in JSON-LD code)
        log.debug("JSON-LD metadata failed: %s", exc)
    if not meta.title:
        meta.title = trafilatura_metadata.extract_title(tree)
    if not meta.author:
        meta.author = find_author(tree)  # extract_author's answer, in a third of its time
    if not meta.url:
        meta.url = trafilatura_metadata.extract_url(tree, url)
    meta.date = find_date(tree, **_DATE_PARAMS, url=meta.url)
    if not meta.sitename:
        meta.sitename = trafilatura_metadata.extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url and (match := trafilatura_metadata.META_URL.match(meta.url)):
        meta.sitename = match[1]
    meta.clean_and_trim()
    return meta


def _main_text(tree: HtmlElement, url: str, include_comments: bool) -> str | None:
    """The text ``trafilatura.bare_extraction`` finds, extracted from ``tree`` itself (pruned in place).

    bare_extraction copies a tree it is handed before pruning it, a copy that plain trafilatura
    working on bytes never makes: 3% of plain trafilatura's time per page. The metadata has
    been read by then, so the copy buys nothing; its cascade (``trafilatura_sequence``) and
    checks run here directly, as in its ``output_format="python"`` branch. Should a
    trafilatura release drop that helper, bare_extraction does the work (with its copy);
    ``tests/test_extract.py`` compares the text with bare_extraction's on every eval page.
    """
    if _trafilatura_sequence is None:  # pragma: no cover - another trafilatura
        doc = trafilatura.bare_extraction(tree, url=url, with_metadata=False, deduplicate=False,
                                          include_comments=include_comments, include_tables=True)
        return doc.text if doc is not None else None
    options = Extractor(output_format="python", comments=include_comments, tables=True, dedup=False, url=url)
    try:
        body, text, _comments, comments = _trafilatura_sequence(tree, options, url)
        if options.max_tree_size and len(body) > options.max_tree_size:
            lxml.etree.strip_tags(body, "hi")
            if len(body) > options.max_tree_size:
                return None
        if len(text) < options.min_output_size and len(comments) < options.min_output_comm_size:
            return None
    except (TypeError, ValueError):  # how bare_extraction's cascade says "nothing here"
        return None
    return xmltotxt(body, options.formatting)


def _declared_language(tree: HtmlElement, tags: dict[str, str]) -> str | None:
    """The page's own language tag (``<html lang>``, content-language, og:locale), as ISO 639-1."""
    value = tree.get("lang") or tree.get("xml:lang") or _meta(tags, "og:locale", "content-language")
    if not value:
        for content in tree.xpath('//meta[translate(@http-equiv, "CONTENTLAG", "contentlag")="content-language"]/@content'):
            value = str(content)
            break
    code = (value or "").strip().replace("_", "-").split("-")[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _count_page() -> None:
    global _pages_since_reset
    with _reset_lock:
        _pages_since_reset += 1
        due = _pages_since_reset >= CACHE_RESET_EVERY
        if due:
            _pages_since_reset = 0
    if due:
        reset_caches()


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _drop_leading_title(text: str, title: str) -> str:
    """trafilatura keeps the ``<h1>`` as the first line; the title is stored separately."""
    first, _, rest = text.partition("\n")
    if title and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.strip()
    return text


def extract_page(
    html: str | bytes,
    url: str,
    settings: Settings,
    *,
    include_comments: bool = False,
) -> ArticleIn:
    """Extract the article in one HTML page.

    Args:
        html: the page, as fetched bytes (encoding sniffed) or text.
        url: where it came from; a ``rel=canonical``/``og:url`` in the page wins.
        settings: for ``max_response_bytes`` and ``extract_timeout``.
        include_comments: keep reader comments (off: they are not journalism).

    Returns:
        An :class:`ArticleIn` with text, title, published, author, outlet (site name),
        language and hero image (url, alt, credit) where the page has them.

    Raises:
        ParseError: binary, oversize, unparsable or bomb-sized page; ExtractTimeout.
        EmptyContentError: the page holds no article text.
    """
    html = _check_input(html, settings)
    _count_page()

    def work() -> tuple[Document, str | None, str | None, str | None, bool, str | None]:
        page = decode_html(html) if isinstance(html, bytes) else html
        # Counting "<" is a cheap upper bound (and the length one of that); only a suspicious
        # page gets its elements counted.
        if len(page) > MAX_TREE_SIZE and page.count("<") > MAX_TREE_SIZE:
            n_elements = sum(1 for _ in lxml.html.fromstring(page).iter())
            if n_elements > MAX_TREE_SIZE:
                raise ParseError(f"HTML bomb: {n_elements} elements")
        tree = _load_tree(page)
        if tree is None:
            raise ParseError("not parsable as HTML")
        tags = _meta_tags(tree)
        image = _meta(tags, "og:image", "twitter:image")
        alt, credit = _image_details(tree, tags, image)
        # the raw bytes where they are ASCII-compatible (not UTF-16), else the decoded page
        paywalled = _is_paywalled(html if isinstance(html, bytes) and not html.startswith((b"\xff\xfe", b"\xfe\xff")) else page)
        language = _declared_language(tree, tags)
        # metadata first: it only reads the tree, and the text extraction below prunes it in place
        meta = _article_metadata(tree, url)
        text = _main_text(tree, url, include_comments)
        return meta, text, alt, credit, paywalled, language

    try:
        doc, text, alt, credit, paywalled, language = run_with_timeout(work, settings.extract_timeout)
    except IngestError:
        raise
    except RecursionError as exc:  # absurdly deep nesting
        raise ParseError("HTML nested too deeply") from exc
    except (ValueError, TypeError, LookupError) as exc:
        raise ParseError(f"unparsable page: {exc.__class__.__name__}: {exc}"[:300]) from exc
    if not (text or "").strip():
        raise EmptyContentError("no article text found")

    title = (doc.title or "").strip()
    text = _drop_leading_title(text.strip(), title)
    if paywalled:  # drop the "subscribe to continue" prompts a teaser page ends with
        text = "\n".join(line for line in text.split("\n")
                         if not (_SUBSCRIBE_PROMPT.match(line.strip()) and len(line.split()) < 25))
    if not has_words(text, MIN_TEXT_WORDS):
        raise EmptyContentError(f"no article text found ({word_count(text)} words)")
    canonical = doc.url if doc.url and doc.url.startswith(("http://", "https://")) else url
    if paywalled:
        log.info("paywalled or teaser page: %s", canonical)
    return ArticleIn(
        url=canonical,
        title=title,
        text=text,
        published=_parse_date(doc.date),
        outlet=(doc.sitename or "").strip() or None,
        author=(doc.author or "").strip()[:500] or None,
        image_url=doc.image or None,
        image_alt=alt,
        image_credit=credit,
        language=language,
        paywalled=paywalled or None,
    )


_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "section",
               "article", "figure", "figcaption", "ul", "ol", "table"}


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), paragraphs kept apart."""
    if "<" not in fragment:
        return unescape(fragment).strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in root.xpath("//script|//style|//noscript|//iframe|//object"):
        bad.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCK_TAGS:
            el.tail = "\n\n" + (el.tail or "")
    return root.text_content().strip()


def article_json(item: ArticleIn) -> str:
    """One JSON line for ``newsdesk extract`` (no html)."""
    return json.dumps(item.model_dump(mode="json", exclude={"html"}), ensure_ascii=False)


def extract_target(target: str, settings: Settings, *, fetcher=None) -> dict:
    """``newsdesk extract``: one HTML file or http(s) URL → a JSON-able dict, never raising.

    Args:
        target: a path to an HTML file, or a URL (fetched safely with :class:`~newsdesk.fetch.Fetcher`).
        settings: fetch and extraction limits.
        fetcher: reuse a fetcher across many targets (default: one per call).

    Returns:
        ``{url, title, text, published, author, outlet, language, image_url, image_alt,
        image_credit, paywalled}``, or ``{url, error}`` when the page could not be read.
    """
    try:
        if target.startswith(("http://", "https://")):
            from .fetch import Fetcher

            own = fetcher is None
            fetcher = fetcher or Fetcher(settings)
            try:
                result = fetcher.fetch(target)
            finally:
                if own:
                    fetcher.close()
            item = extract_page(result.content, result.url, settings)
        else:
            path = Path(target)
            try:
                data = read_page_file(path, settings.max_response_bytes)
            except OSError as exc:
                return {"url": target, "error": f"cannot read: {exc.strerror or exc}"}
            item = extract_page(data, path.resolve().as_uri(), settings)
    except IngestError as exc:
        return {"url": target, "error": exc.reason}
    except Exception as exc:  # a bug must cost one line of output, not the run
        log.exception("unexpected error extracting %s", target)
        return {"url": target, "error": internal_error(exc)}
    row = item.model_dump(mode="json", exclude={"html"})
    if not row.get("language") and item.text:
        import py3langid as langid

        row["language"] = langid.classify(item.text[:1500])[0]
    return row


def extract_targets(targets: list[str], settings: Settings) -> Iterator[dict]:
    """:func:`extract_target` for each target, in order.

    Local files (24 or more, none of them a URL) are extracted in worker processes
    (:mod:`newsdesk.workers`, ``extract_workers``); URLs are fetched here, one polite
    fetcher shared by all of them.
    """
    from .workers import CRASHED, ordered_map, worker_count

    if any(t.startswith(("http://", "https://")) for t in targets):
        from .fetch import Fetcher

        with Fetcher(settings) as fetcher:
            for target in targets:
                yield extract_target(target, settings, fetcher=fetcher)
        return
    yield from ordered_map(functools.partial(extract_target, settings=settings), targets,
                           worker_count(settings.extract_workers, len(targets)),
                           on_crash=lambda target: {"url": target, "error": CRASHED})
