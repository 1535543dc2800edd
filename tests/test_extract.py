"""extract.py: data-driven over tests/fixtures/pages, plus hostile and oversize pages."""

from __future__ import annotations

import json
import re
import threading
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

import newsdesk.extract as extract_module
from newsdesk.errors import EmptyContentError, IngestError, ParseError
from newsdesk.extract import (
    ExtractTimeout,
    article_json,
    extract_page,
    extract_target,
    html_fragment_text,
    run_with_timeout,
)
from newsdesk.settings import Settings

PAGES = Path(__file__).parent / "fixtures" / "pages"
ERRORS = {"EmptyContentError": EmptyContentError, "ParseError": ParseError}


def expectation(data: bytes) -> dict:
    """Each page fixture carries ``<!-- expect: {...} -->`` saying what extraction must give."""
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    match = re.search(r"<!-- expect: (\{.*?\}) -->", text)
    assert match, "page fixture without expect header"
    return json.loads(match.group(1))


@pytest.fixture
def settings() -> Settings:
    return Settings(database_url="sqlite://", host_delay=0)


@pytest.mark.parametrize("path", sorted(PAGES.glob("*.html")), ids=lambda p: p.name)
def test_page_fixture_extracts_as_its_header_says(path, settings):
    data = path.read_bytes()
    expect = expectation(data)
    if "error" in expect:
        with pytest.raises(ERRORS[expect["error"]]):
            extract_page(data, path.as_uri(), settings)
        return
    item = extract_page(data, path.as_uri(), settings)
    for key in ("url", "title", "author", "outlet", "image_url", "image_alt", "image_credit"):
        if key in expect:
            assert getattr(item, key) == expect[key], key
    if "published" in expect:
        assert item.published == datetime.fromisoformat(expect["published"])
    if "paywalled" in expect:
        assert bool(item.paywalled) is expect["paywalled"]
    for snippet in expect.get("contains", []):
        assert snippet in item.text, snippet
    for snippet in expect.get("absent", []):
        assert snippet not in item.text, snippet
    assert not item.text.startswith(item.title), "title is not repeated as the first line"


def test_text_input_works_like_bytes(settings):
    data = (PAGES / "harbour_bridge.html").read_bytes()
    from_text = extract_page(data.decode("utf-8"), "https://coastal-ledger.example/x", settings)
    from_bytes = extract_page(data, "https://coastal-ledger.example/x", settings)
    assert from_text.text == from_bytes.text


def test_per_document_dedup_is_off(settings):
    """trafilatura's dedup would drop paragraphs seen in an earlier page; we keep them."""
    data = (PAGES / "harbour_bridge.html").read_bytes()
    first = extract_page(data, "https://a.example/1", settings)
    for _ in range(3):
        again = extract_page(data, "https://a.example/1", settings)
    assert again.text == first.text


def test_canonical_from_other_file_url_is_kept_when_page_has_none(settings):
    page = (b"<html><body><article><p>" + b"The council approved the new cycle lanes on Tuesday evening. " * 8
            + b"</p></article></body></html>")
    item = extract_page(page, "https://city-news.example/cycle-lanes", settings)
    assert item.url == "https://city-news.example/cycle-lanes"


@pytest.mark.parametrize("payload", [
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10,
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    b"<html>\x00\x00\x00\x01\x02binary</html>",
    b"\x1f\x8b\x08\x00" + b"\x00" * 50,
])
def test_binary_served_as_html_is_refused(payload, settings):
    with pytest.raises(ParseError, match="binary"):
        extract_page(payload, "https://a.example/x", settings)


def test_oversize_page_is_refused_without_parsing(settings):
    huge = b"<html><body>" + b"<p>word </p>" * (50_000_000 // 11) + b"</body></html>"
    assert len(huge) > 50_000_000
    with pytest.raises(ParseError, match="too large"):
        extract_page(huge, "https://a.example/x", settings)


def test_html_bomb_with_too_many_elements_is_refused(settings):
    bomb = "<html><body>" + "<span>x</span>" * (extract_module.MAX_TREE_SIZE + 10) + "</body></html>"
    with pytest.raises(ParseError, match="bomb"):
        extract_page(bomb, "https://a.example/x", settings)


def test_deeply_nested_page_does_not_crash(settings):
    nested = "<html><body>" + "<div>" * 50_000 + "deep" + "</div>" * 50_000 + "</body></html>"
    try:
        extract_page(nested, "https://a.example/x", settings)
    except IngestError:
        pass  # refusing it is fine; crashing or hanging is not


def test_empty_inputs(settings):
    for empty in (b"", "", b"   ", "<html></html>"):
        with pytest.raises(IngestError):
            extract_page(empty, "https://a.example/x", settings)


def test_wall_clock_cap_in_main_thread(settings):
    slow = Settings(database_url="sqlite://", extract_timeout=0.05)
    page = "<html><body>" + "<p>The river rose again overnight and crews worked until dawn.</p>" * 20_000
    with pytest.raises(ExtractTimeout):
        extract_page(page, "https://a.example/x", slow)


def test_wall_clock_cap_in_worker_thread():
    outcome = {}

    def worker():
        try:
            run_with_timeout(lambda: threading.Event().wait(2), 0.1)
        except ExtractTimeout as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(5)
    assert isinstance(outcome.get("error"), ExtractTimeout)
    assert run_with_timeout(lambda: 42, 1.0) == 42


def test_caches_are_reset_periodically(monkeypatch, settings):
    calls = []
    monkeypatch.setattr(extract_module, "reset_caches", lambda: calls.append(1))
    monkeypatch.setattr(extract_module, "CACHE_RESET_EVERY", 3)
    monkeypatch.setattr(extract_module, "_pages_since_reset", 0)
    data = (PAGES / "harbour_bridge.html").read_bytes()
    for _ in range(7):
        extract_page(data, "https://a.example/x", settings)
    assert len(calls) == 2


def test_article_json_has_no_html(settings):
    item = extract_page((PAGES / "harbour_bridge.html").read_bytes(), "https://a.example/x", settings)
    row = json.loads(article_json(item))
    assert "html" not in row and row["title"] == item.title and row["image_credit"]


def test_html_fragment_text_keeps_paragraphs_and_drops_scripts():
    text = html_fragment_text("<p>One &amp; two.</p><script>alert(1)</script><p>Three<br>four</p>")
    assert text.split("\n\n")[0] == "One & two."
    assert "alert" not in text and "Three\nfour" in text
    assert html_fragment_text("plain &lt;b&gt;") == "plain <b>"


@given(st.text(max_size=2000))
@hsettings(max_examples=120, deadline=None)
def test_fuzz_pages_fail_only_with_ingest_errors(body):
    settings = Settings(database_url="sqlite://", extract_timeout=5)
    for page in (body, f"<html><body><article><p>{body}</p></article></body></html>"):
        try:
            item = extract_page(page, "https://fuzz.example/x", settings)
        except IngestError:
            continue
        assert item.text.strip()


@given(st.binary(max_size=2000))
@hsettings(max_examples=80, deadline=None)
def test_fuzz_bytes_fail_only_with_ingest_errors(data):
    try:
        extract_page(data, "https://fuzz.example/x", Settings(database_url="sqlite://", extract_timeout=5))
    except IngestError:
        pass


def test_extract_target_file_and_errors(settings, tmp_path):
    row = extract_target(str(PAGES / "harbour_bridge.html"), settings)
    assert row["url"] == "https://coastal-ledger.example/news/2026/harbour-bridge-reopens"
    assert row["language"] == "en" and row["author"] == "Mara Lindqvist" and "html" not in row
    assert extract_target(str(tmp_path / "missing.html"), settings)["error"].startswith("cannot read")
    assert "no article text" in extract_target(str(PAGES / "empty_nav_only.html"), settings)["error"]
    assert "not public" in extract_target("http://127.0.0.1:9/x", settings)["error"]


def test_extract_target_url_from_local_server(tmp_path):
    from test_fetch import LocalServer, local_settings, reply

    server = LocalServer().start()
    try:
        server.routes["/a"] = reply(body=(PAGES / "latin1_no_charset.html").read_bytes())
        row = extract_target(server.url("/a"), local_settings())
    finally:
        server.stop()
    assert row["title"] == "Café owners protest new terrace fees" and row["language"] == "en"


# -- quality gate on the shared evaluation set -------------------------------------------

GATE_PAGES = 40
GATE_F1_FLOOR = 0.92
"""Pinned floor for our F1 on the first GATE_PAGES matched pages (measured 0.936 on 2026-11-23;
plain trafilatura 0.919); lower it only on purpose."""


def test_quality_gate_on_trafilatura_eval_pages(settings):
    """Our extraction (title + text) against plain trafilatura on the set's own metric."""
    import importlib.util

    from conftest import shared_path

    data = shared_path("data", "extraction", "trafilatura_eval")
    spec = importlib.util.spec_from_file_location("bench_extract", Path(__file__).parents[1] / "bench" / "bench_extract.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    corpus = bench.load_corpus(data)[:GATE_PAGES]
    assert len(corpus) == GATE_PAGES
    ours = bench.score([bench.ours_text(e, settings) for e in corpus], corpus)
    plain = bench.score([bench.plain_text(e) for e in corpus], corpus)
    assert ours["f1"] >= GATE_F1_FLOOR, ours
    assert ours["f1"] >= plain["f1"], (ours, plain)


# -- metadata: trafilatura's, less what we do not store -------------------------------------

_STORED_FIELDS = ("title", "author", "url", "sitename", "date", "image")


def _metadata_pages() -> list[tuple[str, bytes, str]]:
    pages = [(p.name, p.read_bytes(), p.as_uri()) for p in sorted(PAGES.glob("*.html"))]
    from conftest import SHARED

    data = SHARED / "data" / "extraction" / "trafilatura_eval" / "html"
    if data.exists():  # real pages when the shared set is here; the fixtures alone otherwise
        import gzip

        pages += [(p.name, gzip.decompress(p.read_bytes()), "https://example.org/article")
                  for p in sorted(data.glob("*.gz"))[:60]]
    return pages


def test_article_metadata_matches_trafilaturas_extract_metadata():
    """_article_metadata is extract_metadata without categories/tags/licence: the stored fields agree."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    checked = 0
    for name, data, url in _metadata_pages():
        tree = trafilatura.load_html(extract_module.decode_html(data))
        if tree is None:
            continue
        theirs = extract_metadata(tree, url, extract_module._DATE_PARAMS, False)
        ours = extract_module._article_metadata(tree, url)
        assert {f: getattr(ours, f) for f in _STORED_FIELDS} == {f: getattr(theirs, f) for f in _STORED_FIELDS}, name
        checked += 1
    assert checked >= 4


# -- parsing: trafilatura's parser with lxml's C-level element lookup ---------------------------


def _extraction(tree, url):
    doc = __import__("trafilatura").bare_extraction(tree, url=url, with_metadata=False, include_comments=False,
                                                    include_tables=True)
    meta = extract_module._article_metadata(tree, url)
    return (doc and doc.text, [getattr(meta, f) for f in _STORED_FIELDS],
            extract_module._image_details(tree, tags := extract_module._meta_tags(tree), meta.image),
            extract_module._declared_language(tree, tags))


def test_our_parser_extracts_exactly_what_trafilaturas_load_html_does():
    import trafilatura

    checked = 0
    for name, data, url in _metadata_pages():
        page = extract_module.decode_html(data)
        ours, theirs = extract_module._load_tree(page), trafilatura.load_html(page)
        assert (ours is None) == (theirs is None), name
        if ours is None:
            continue
        assert type(ours).__name__ == "HtmlElement"
        assert _extraction(ours, url) == _extraction(theirs, url), name
        checked += 1
    assert checked >= 4


@pytest.mark.parametrize("page", [
    '<?xml version="1.0" encoding="utf-8"?><html><body><p>declared encoding in a str</p></body></html>',
    "<p>a bare fragment</p>",
    "just some text, not html",
    "   ",
    "<html></html>",
    "<!DOCTYPE html>\n<html/>\n<body><p>self-closed html tag</p></body>",
])
def test_odd_pages_parse_as_trafilatura_parses_them(page):
    import lxml.html
    import trafilatura

    ours, theirs = extract_module._load_tree(page), trafilatura.load_html(page)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert lxml.html.tostring(ours) == lxml.html.tostring(theirs)


@pytest.mark.parametrize("markup, expected", [
    ('<script type="application/ld+json">{"isAccessibleForFree": "False"}</script>', True),
    ("<div class='article PAYWALL'>", True),
    ('<div class="piano-offer">', True),
    ('<p>An article about the paywall debate.</p>', False),  # the word alone is not markup
    ('<div class="content">', False),
])
def test_paywall_markup_reads_the_same_from_bytes_and_text(markup, expected):
    page = f"<html><body>Ünïcode text — {markup}</body></html>"
    assert extract_module._is_paywalled(page) is expected
    assert extract_module._is_paywalled(page.encode("utf-8")) is expected
    assert extract_module._is_paywalled(page.encode("cp1252", "replace")) is expected


def test_meta_tags_are_read_in_one_pass_first_non_empty_value_winning():
    import lxml.html

    tree = lxml.html.fromstring(
        '<html><head><meta property="og:image" content="  ">'
        '<meta property="og:image" content="https://img.example/a.jpg">'
        '<meta property="og:image" content="https://img.example/b.jpg">'
        '<meta name="twitter:image" content="https://img.example/t.jpg">'
        '<meta name="content-language" content="de-DE"></head><body><p>x</p></body></html>')
    tags = extract_module._meta_tags(tree)
    assert extract_module._meta(tags, "og:image", "twitter:image") == "https://img.example/a.jpg"
    assert extract_module._meta(tags, "twitter:image", "og:image") == "https://img.example/t.jpg"
    assert extract_module._meta(tags, "og:image:alt") is None
    assert extract_module._declared_language(tree, tags) == "de"


def test_paywall_markup_is_found_around_every_occurrence_of_its_word():
    # the word first appears in a script, far from the markup; the class list is long
    filler = "x" * 5000
    page = (f"<script>var paywall = 1; // {filler}</script>"
            f"<div class=\"{' '.join(['c%d' % i for i in range(100)])} paywall\">")
    assert extract_module._is_paywalled(page) is True
    assert extract_module._is_paywalled(page.encode()) is True
    assert extract_module._is_paywalled(page.replace(" paywall\"", " open\"")) is False


def test_a_japanese_article_is_not_rejected_as_too_short():
    # Japanese has no spaces: counted by whitespace the whole article was one or two "words"
    paragraphs = ["港湾労働者のストライキは二日目に入り、輸出業者は岸壁に積まれた貨物の損失を数えている。",
                  "組合と港湾当局の交渉は木曜日に再開される予定で、双方が確認した。",
                  "運輸大臣は双方に対し、話し合いの場に戻るよう求めたが、政府は当面介入しないと述べた。"]
    page = ("<html lang='ja'><head><title>港のストライキ二日目</title></head><body><article><h1>港のストライキ二日目</h1>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    item = extract_page(page, "https://port.example/ja/strike", Settings(database_url="sqlite://"))
    assert "岸壁" in item.text and item.language == "ja"


def test_metadata_leaves_the_tree_as_it_found_it():
    """extract_page reads the metadata first and then lets the text extraction prune the tree itself."""
    import lxml.html

    checked = 0
    for name, data, url in _metadata_pages():
        tree = extract_module._load_tree(extract_module.decode_html(data))
        if tree is None:
            continue
        before = lxml.html.tostring(tree)
        extract_module._article_metadata(tree, url)
        tags = extract_module._meta_tags(tree)
        extract_module._image_details(tree, tags, extract_module._meta(tags, "og:image"))
        extract_module._declared_language(tree, tags)
        assert lxml.html.tostring(tree) == before, name
        checked += 1
    assert checked >= 4


def test_main_text_is_bare_extractions_text():
    """_main_text runs bare_extraction's cascade on the tree itself, without its copy: same text."""
    import trafilatura

    checked = 0
    for name, data, url in _metadata_pages():
        page = extract_module.decode_html(data)
        theirs_tree, ours_tree = extract_module._load_tree(page), extract_module._load_tree(page)
        if theirs_tree is None:
            continue
        doc = trafilatura.bare_extraction(theirs_tree, url=url, with_metadata=False, deduplicate=False,
                                          include_comments=False, include_tables=True)
        assert extract_module._main_text(ours_tree, url, False) == (doc.text if doc is not None else None), name
        checked += 1
    assert checked >= 4
