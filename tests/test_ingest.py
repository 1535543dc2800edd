"""ingest.py on SQLite and PostgreSQL: loading sources, normalising, storing, failures, dedupe."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from hypothesis import given, settings as hsettings, strategies as st
import pytest
from test_dedupe import RELATED, WIRE
from test_fetch import LocalServer, local_settings, reply

from newsdesk.errors import EmptyContentError, IngestError, ParseError
from newsdesk.fetch import Fetcher
from newsdesk.ingest import (
    IngestReport,
    ItemFailure,
    SourceRead,
    canonical_url,
    ingest_items,
    load_items,
    normalize_item,
    parse_row,
)
from newsdesk.models import ArticleIn
from newsdesk.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 3, 15, 12, tzinfo=UTC)

BODY = (
    "The regional council voted on Thursday to extend the night bus network to four new suburbs from May, "
    "after a two-year trial showed ridership well above forecasts. Officials said the service would cost "
    "about 1.8 million euros a year."
)
BODY_DE = (
    "Der Stadtrat hat am Donnerstag beschlossen, das Nachtbusnetz ab Mai auf vier weitere Vororte auszuweiten, "
    "nachdem ein zweijähriger Versuch deutlich mehr Fahrgäste als erwartet gezeigt hatte."
)


def row(url: str, **extra) -> dict:
    data = {"url": url, "title": "Night buses extended", "text": BODY, "published": "2026-03-12T09:00:00Z",
            "outlet": "Metro Bulletin"}
    data.update(extra)
    return data


def read(items) -> list:
    """Items and failures of a load, without the SourceRead markers."""
    return [i for i in items if not isinstance(i, SourceRead)]


def offline_fetcher(settings: Settings) -> Fetcher:
    """A fetcher whose network answers 404 everywhere (no DNS, no internet)."""
    return Fetcher(settings, transport=httpx.MockTransport(lambda request: httpx.Response(404)))


# -- normalize_item ----------------------------------------------------------------------


def test_canonical_url_strips_tracking_and_fragment():
    assert canonical_url("https://WWW.Example.org/a/b?utm_source=x&id=7&fbclid=abc#top") == \
        "https://www.example.org/a/b?id=7"
    with pytest.raises(ParseError):
        canonical_url("javascript:alert(1)")
    with pytest.raises(ParseError):
        canonical_url("")


def test_normalize_fills_defaults_and_detects_language():
    settings = Settings(database_url="sqlite://")
    article = normalize_item(ArticleIn(url="https://news.metro-bulletin.example/x?utm_campaign=y", text=BODY),
                             settings, now=NOW)
    assert article.id == 0 and article.url == "https://news.metro-bulletin.example/x"
    assert article.published == NOW
    assert article.outlet == "metro-bulletin.example"
    assert article.language == "en"
    assert article.title.startswith("The regional council voted")
    german = normalize_item(ArticleIn(url="https://a.example/de", text=BODY_DE, title="Nachtbusse"), settings)
    assert german.language == "de"


def test_normalize_removes_invisible_characters_from_title_and_text():
    settings = Settings(database_url="sqlite://")
    text = BODY.replace("council", "coun\u00adcil").replace("night bus", "night\u200b bus") + "\ufeff"
    article = normalize_item(ArticleIn(url="https://a.example/x", text="\ufeff" + text,
                                       title="\u200bNight bus\u00ades extended\u2060"), settings, now=NOW)
    assert article.title == "Night buses extended"
    assert article.text == BODY
    # Joiners that scripts and emoji need stay.
    kept = normalize_item(ArticleIn(url="https://a.example/y", text=BODY + " \U0001F469\u200d\U0001F52C"), settings, now=NOW)
    assert "\u200d" in kept.text


@pytest.mark.parametrize(("raw", "clean"), [
    ("clusters appear even in random data,[8] and may be false.", "clusters appear even in random data, and may be false."),
    ("The Water-Making Spell[2][14] conjured a jet of water.", "The Water-Making Spell conjured a jet of water."),
    ("The bridge opened in 1932.[citation needed] It carries trams.", "The bridge opened in 1932. It carries trams."),
    # text, not marks: an editor's insertion, a list number after a space, an index in code
    ("a transfer of $1.8 bill[ion] abroad", "a transfer of $1.8 bill[ion] abroad"),
    ("[1] The first item of the list", "[1] The first item of the list"),
    ("values[[0]] and matrix[12 ] stay", "values[[0]] and matrix[12 ] stay"),
])
def test_clean_text_drops_footnote_marks_glued_to_words(raw, clean):
    from newsdesk.ingest import clean_text

    assert clean_text(raw) == clean


def test_normalize_clamps_future_dates_and_makes_naive_dates_utc():
    settings = Settings(database_url="sqlite://")
    future = normalize_item(ArticleIn(url="https://a.example/f", text=BODY, published=NOW + timedelta(days=30)),
                            settings, now=NOW)
    assert future.published == NOW and future.published_estimated is True
    naive = normalize_item(ArticleIn(url="https://a.example/n", text=BODY, published=datetime(2026, 3, 1, 8)),
                           settings, now=NOW)
    assert naive.published == datetime(2026, 3, 1, 8, tzinfo=UTC) and naive.published_estimated is False


def test_an_article_without_a_date_is_stored_with_the_read_time_marked_estimated(store):
    settings = Settings(database_url="sqlite://")
    undated = normalize_item(ArticleIn(url="https://a.example/u", text=BODY), settings, now=NOW)
    assert undated.published == NOW and undated.published_estimated is True
    assert undated.known_published is None
    article_id, _ = store.add_article(undated)
    assert store.get_article(article_id).published_estimated is True
    dated = normalize_item(ArticleIn(url="https://a.example/d", text=BODY + " Again.", published=NOW), settings, now=NOW)
    assert store.get_article(store.add_article(dated)[0]).known_published == NOW


def test_normalize_extracts_html_and_row_fields_win():
    settings = Settings(database_url="sqlite://")
    html = (FIXTURES / "pages" / "harbour_bridge.html").read_text()
    item = ArticleIn(url="https://coastal-ledger.example/p/123", html=html, outlet="Coastal Ledger (print)")
    article = normalize_item(item, settings, now=NOW)
    assert article.outlet == "Coastal Ledger (print)"
    assert article.url == "https://coastal-ledger.example/news/2026/harbour-bridge-reopens"  # same-site canonical
    assert article.image_credit == "Jonas Ekberg / The Coastal Ledger"
    assert "38,000 vehicles a day" in article.text
    other_site = normalize_item(item.model_copy(update={"url": "https://aggregator.example/copy/9"}), settings)
    assert other_site.url == "https://aggregator.example/copy/9"  # cross-site canonical not honoured


@pytest.mark.parametrize("text,error", [
    ("", EmptyContentError),
    ("Too short to count.", EmptyContentError),
    ("%$#@ 0101 " * 30, ParseError),
    ("word\ufffd " * 20 + "\ufffd\ufffd\ufffd" * 30, ParseError),
])
def test_normalize_rejects_empty_and_garbage(text, error):
    with pytest.raises(error):
        normalize_item(ArticleIn(url="https://a.example/x", text=text), Settings(database_url="sqlite://"))


# -- load_items --------------------------------------------------------------------------


def test_load_directory_of_html_and_jsonl(tmp_path):
    settings = Settings(database_url="sqlite://")
    shutil.copy(FIXTURES / "pages" / "harbour_bridge.html", tmp_path / "a.html")
    shutil.copy(FIXTURES / "pages" / "empty_nav_only.html", tmp_path / "b.htm")
    (tmp_path / "rows.jsonl").write_text("\n".join([
        json.dumps(row("https://metro-bulletin.example/night-buses", extra_field="ignored")),
        "{not json",
        json.dumps({"title": "no url", "text": BODY}),
        json.dumps(row("https://metro-bulletin.example/empty", text="")),
        json.dumps(row("https://metro-bulletin.example/bad-date", published="yesterday-ish")),
        json.dumps([1, 2]),
        "",
    ]))
    (tmp_path / "notes.md").write_text("ignored")
    items = list(load_items(tmp_path, settings))
    good = [i for i in items if isinstance(i, ArticleIn)]
    bad = [i for i in items if isinstance(i, ItemFailure)]
    assert [g.url for g in good] == ["https://coastal-ledger.example/news/2026/harbour-bridge-reopens",
                                     "https://metro-bulletin.example/night-buses"]
    reasons = {f.item: f.reason for f in bad}
    assert reasons[str((tmp_path / "b.htm").resolve())].startswith("no article text")
    assert "invalid JSON" in reasons[f"{tmp_path / 'rows.jsonl'}:2"]
    assert reasons[f"{tmp_path / 'rows.jsonl'}:3"] == "row has no url"
    assert reasons["https://metro-bulletin.example/empty"] == "row has neither text nor html"
    assert "published" in reasons["https://metro-bulletin.example/bad-date"]
    assert "not an object" in reasons[f"{tmp_path / 'rows.jsonl'}:6"]


def test_gzipped_saved_pages_are_read_and_bombs_and_oversize_files_refused(tmp_path):
    import gzip

    settings = Settings(database_url="sqlite://", max_response_bytes=2_000_000, extract_workers=1)
    page = (FIXTURES / "pages" / "harbour_bridge.html").read_bytes()
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(page))
    # 50 MB of spaces inside a small HTML page packs into about 50 kB: a gzip bomb.
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"<html><body>" + b" " * 50_000_000 + b"</body></html>"))
    (tmp_path / "broken.htm.gz").write_bytes(gzip.compress(page)[:-40])
    (tmp_path / "huge.html").write_bytes(b"<html><body><p>" + b"word " * 600_000 + b"</p></body></html>")
    items = list(load_items(tmp_path, settings))
    good = [i for i in items if isinstance(i, ArticleIn)]
    reasons = {Path(f.item).name: f.reason for f in items if isinstance(f, ItemFailure)}
    assert [g.url for g in good] == ["https://coastal-ledger.example/news/2026/harbour-bridge-reopens"]
    assert reasons["bomb.html.gz"] == "page too large once unpacked (over 2000000 bytes)"
    assert reasons["broken.htm.gz"].startswith("bad gzip data")
    assert reasons["huge.html"] == "page too large (over 2000000 bytes)"
    # The same file given by name, and through `newsdesk extract`'s library call.
    from newsdesk.extract import extract_target

    assert [i.url for i in load_items(tmp_path / "a.html.gz", settings)] == [good[0].url]
    assert extract_target(str(tmp_path / "a.html.gz"), settings)["title"] == good[0].title
    assert extract_target(str(tmp_path / "bomb.html.gz"), settings)["error"].startswith("page too large once unpacked")


def test_a_bug_in_extraction_costs_one_page_not_the_directory(tmp_path, monkeypatch):
    import newsdesk.sources as sources_module

    real = sources_module.extract_page

    def buggy(data, url, settings):
        if url.endswith("/a.html"):
            raise AssertionError("parser bug")
        return real(data, url, settings)

    monkeypatch.setattr(sources_module, "extract_page", buggy)
    for name in ("a.html", "b.html"):
        shutil.copy(FIXTURES / "pages" / "harbour_bridge.html", tmp_path / name)
    items = list(load_items(tmp_path, Settings(database_url="sqlite://", extract_workers=1)))
    failures = [i for i in items if isinstance(i, ItemFailure)]
    assert [f.reason for f in failures] == ["internal error: AssertionError: parser bug"]
    assert failures[0].item.endswith("/a.html")
    assert sum(isinstance(i, ArticleIn) for i in items) == 1


def test_load_missing_source_is_a_failure_not_a_crash(tmp_path):
    items = list(load_items(tmp_path / "nope.jsonl", Settings(database_url="sqlite://")))
    assert len(items) == 1 and isinstance(items[0], ItemFailure) and "no such file" in items[0].reason


def test_load_feed_file_uses_full_text_entries_and_fetches_teasers():
    settings = Settings(database_url="sqlite://", host_delay=0)
    with offline_fetcher(settings) as fetcher:
        items = list(load_items(FIXTURES / "feeds" / "atom.xml", settings, fetcher=fetcher))
    assert items[0] == SourceRead(str((FIXTURES / "feeds" / "atom.xml").resolve()))
    full, teaser = read(items)
    assert isinstance(full, ArticleIn) and full.outlet == "Harbour Times" and "Lena Okafor" in full.text
    assert full.author == "Jonas Berglund"
    assert isinstance(teaser, ItemFailure) and teaser.stage == "fetch" and "404" in teaser.reason


def test_load_malformed_feed_file_is_one_failure():
    settings = Settings(database_url="sqlite://")
    with offline_fetcher(settings) as fetcher:
        items = list(load_items(FIXTURES / "feeds" / "malformed.xml", settings, fetcher=fetcher))
    assert len(items) == 1 and isinstance(items[0], ItemFailure) and "malformed" in items[0].reason


@pytest.fixture
def site():
    srv = LocalServer().start()
    yield srv
    srv.stop()


def test_load_url_sniffs_page_feed_and_sitemap(site):
    settings = local_settings()
    page = (FIXTURES / "pages" / "harbour_bridge.html").read_bytes()
    site.routes["/article"] = reply(body=page, headers={"Content-Type": "text/html"})
    site.routes["/binary"] = reply(body=b"\x89PNG\r\n\x1a\n" + b"\x00" * 500, headers={"Content-Type": "text/html"})
    site.routes["/feed"] = reply(body=f"""<rss version="2.0"><channel><title>Ledger</title>
<item><title>Bridge</title><link>{site.url('/article')}</link></item></channel></rss>""".encode())
    site.routes["/sitemap.xml"] = reply(body=f"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{site.url('/article')}</loc></url><url><loc>{site.url('/binary')}</loc></url></urlset>""".encode())
    with Fetcher(settings) as fetcher:
        page_items = list(load_items(site.url("/article"), settings, fetcher=fetcher))
        feed_items = list(load_items(site.url("/feed"), settings, fetcher=fetcher))
        sitemap_items = list(load_items(site.url("/sitemap.xml"), settings, fetcher=fetcher))
    assert [i.title for i in page_items] == ["Harbour bridge reopens after six-week repair"]
    assert feed_items[0] == SourceRead(site.url("/feed"))
    assert [i.title for i in read(feed_items)] == ["Harbour bridge reopens after six-week repair"]
    assert sitemap_items[0] == SourceRead(site.url("/sitemap.xml"))
    sitemap_items = read(sitemap_items)
    assert isinstance(sitemap_items[0], ArticleIn)
    assert isinstance(sitemap_items[1], ItemFailure) and "binary" in sitemap_items[1].reason


def test_load_url_list_file(site, tmp_path):
    settings = local_settings()
    site.routes["/article"] = reply(body=(FIXTURES / "pages" / "harbour_bridge.html").read_bytes())
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# my list\n{site.url('/article')}\n\n{site.url('/missing')}\n")
    items = read(load_items(urls, settings))
    assert isinstance(items[0], ArticleIn)
    assert isinstance(items[1], ItemFailure) and "404" in items[1].reason


def test_loopback_url_is_refused_by_default(site):
    site.routes["/article"] = reply(body=(FIXTURES / "pages" / "harbour_bridge.html").read_bytes())
    items = list(load_items(site.url("/article"), Settings(database_url="sqlite://", host_delay=0)))
    assert len(items) == 1 and isinstance(items[0], ItemFailure) and "not public" in items[0].reason
    assert site.requests == []


# -- ingest_items ------------------------------------------------------------------------


def test_ingest_counts_stores_and_is_idempotent(store, tmp_path):
    settings = Settings(database_url=store.url, host_delay=0)
    rows = tmp_path / "rows.jsonl"
    rows.write_text("\n".join([
        json.dumps(row("https://metro-bulletin.example/night-buses?utm_source=tw")),
        json.dumps(row("https://harbour-times.example/ferry", text=WIRE, outlet="Harbour Times")),
        json.dumps(row("https://valley-courier.example/ferry-copy", text="FERRY STRIKE\n" + WIRE + " Reporting by staff.",
                       outlet="Valley Courier")),
        json.dumps(row("https://harbour-times.example/islanders", text=RELATED, outlet="Harbour Times")),
        json.dumps(row("https://metro-bulletin.example/empty", text="Nothing here.")),
        "{broken",
    ]))
    ticks = []
    first = ingest_items(store, load_items(rows, settings), settings, progress=ticks.append)
    assert (first.added, first.unchanged, first.duplicates, first.failed) == (3, 0, 1, 2)
    assert sum(ticks) == 6
    assert store.count_articles() == 4
    night = store.article_by_url("https://metro-bulletin.example/night-buses")
    assert night is not None and night.outlet == "Metro Bulletin" and night.language == "en"
    copy = store.article_by_url("https://valley-courier.example/ferry-copy")
    original = store.article_by_url("https://harbour-times.example/ferry")
    assert copy.duplicate_of == original.id
    assert copy.id not in store.unassigned_article_ids() and original.id in store.unassigned_article_ids()
    assert {o.name for o in store.list_outlets()} == {"Metro Bulletin", "Harbour Times", "Valley Courier"}
    failures = {f["item"]: f for f in store.list_failures("ingest")}
    assert "too short" in failures["https://metro-bulletin.example/empty"]["reason"]
    assert any("invalid JSON" in f["reason"] for f in failures.values())

    again = ingest_items(store, load_items(rows, settings), settings)
    assert (again.added, again.unchanged, again.duplicates, again.failed) == (0, 4, 0, 2)
    assert store.count_articles() == 4
    assert len(store.list_failures("ingest")) == 2


def test_failure_is_cleared_by_a_later_success(store):
    settings = Settings(database_url=store.url)
    url = "https://metro-bulletin.example/later"
    report = ingest_items(store, [ArticleIn(url=url, text="Too short.")], settings)
    assert report.failed == 1 and store.list_failures("ingest")[0]["item"] == url
    assert store.article_by_url(url) is None  # nothing partial stored
    report = ingest_items(store, [ArticleIn(url=url, text=BODY, title="Night buses")], settings)
    assert report.added == 1 and store.list_failures("ingest") == []


def test_one_crashing_item_does_not_stop_the_batch(store, monkeypatch):
    import newsdesk.ingest as ingest_module

    real = ingest_module.normalize_item

    def flaky(item, settings, **kwargs):
        if item.url.endswith("/boom"):
            raise RuntimeError("disk on fire")
        return real(item, settings, **kwargs)

    monkeypatch.setattr(ingest_module, "normalize_item", flaky)
    settings = Settings(database_url=store.url)
    items = [ArticleIn(url="https://a.example/boom", text=BODY), ArticleIn(url="https://a.example/ok", text=BODY)]
    report = ingest_items(store, items, settings)
    assert report.added == 1 and report.failed == 1
    assert "internal error: RuntimeError: disk on fire" in report.failures[0].reason
    assert store.article_by_url("https://a.example/ok") is not None


def test_exact_copy_under_new_url_is_a_duplicate_even_when_short(store):
    settings = Settings(database_url=store.url)
    text = "Police closed the coast road on Sunday after a landslide blocked both lanes near the quarry."
    report = ingest_items(store, [ArticleIn(url="https://a.example/1", text=text, title="Road closed"),
                                  ArticleIn(url="https://b.example/1", text=text, title="Road closed")], settings)
    assert (report.added, report.duplicates) == (1, 1)


def test_report_type():
    report = IngestReport(added=1, failed=2)
    assert report.seen == 3 and report.failures == []


def test_ingest_error_reason_is_short():
    exc = EmptyContentError("empty page", item="https://a.example/")
    assert isinstance(exc, IngestError) and exc.reason == "empty page" and "a.example" in str(exc)


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
                     lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
                     max_leaves=12)


@given(st.dictionaries(st.sampled_from(["url", "title", "text", "html", "published", "outlet", "language", "x"]),
                       _json, max_size=6) | _json)
@hsettings(max_examples=200, deadline=None)
def test_fuzz_rows_parse_or_fail_with_ingest_error(row):
    try:
        item = parse_row(row)
    except IngestError:
        return
    assert item.url and (item.text or item.html)
    try:
        normalize_item(item, Settings(database_url="sqlite://"), now=NOW)
    except IngestError:
        pass


def test_bad_network_items_are_recorded_and_the_batch_goes_on(store, site, tmp_path):
    import socket
    import time

    def hang_up(handler):
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)

    def slow(handler):
        time.sleep(1.0)
        reply(body=b"late")(handler)

    site.routes["/good"] = reply(body=(FIXTURES / "pages" / "harbour_bridge.html").read_bytes())
    site.routes["/reset"] = hang_up
    site.routes["/slow"] = slow
    site.routes["/big"] = reply(body=b"<html><body>" + b"<p>x</p>" * 200_000)
    site.routes["/binary"] = reply(body=bytes(range(256)) * 100, headers={"Content-Type": "text/html"})
    site.routes["/future"] = reply(body=(FIXTURES / "pages" / "harbour_bridge.html").read_bytes().replace(
        b"2026-03-14T08:30:00+00:00", b"2099-01-01T00:00:00+00:00").replace(b"harbour-bridge-reopens", b"future"))
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(site.url(p) for p in ("/reset", "/slow", "/big", "/binary", "/good", "/future")))
    settings = local_settings(database_url=store.url, read_timeout=0.3, max_response_bytes=1_000_000)
    with Fetcher(settings, max_retries=0) as fetcher:
        report = ingest_items(store, load_items(urls, settings, fetcher=fetcher), settings)
    assert (report.added, report.duplicates, report.failed) == (1, 1, 4)  # /future is a copy of /good
    reasons = {f["item"].rsplit("/", 1)[-1]: f["reason"] for f in store.list_failures("ingest")}
    assert "connection" in reasons["reset"] or "reset" in reasons["reset"]
    assert "timeout" in reasons["slow"]
    assert "too large" in reasons["big"]
    assert "binary" in reasons["binary"]
    future = store.article_by_url("https://coastal-ledger.example/news/2026/future")
    assert future is not None and future.published <= datetime.now(UTC)


# -- one key per item: a fixed item clears its own failure (issue 3) ----------------------


def test_html_file_failure_is_cleared_when_the_fixed_file_succeeds(store, tmp_path):
    settings = Settings(database_url=store.url, host_delay=0)
    page = tmp_path / "bridge.html"
    shutil.copy(FIXTURES / "pages" / "empty_nav_only.html", page)
    report = ingest_items(store, load_items(page, settings), settings)
    assert report.failed == 1
    assert [f["item"] for f in store.list_failures()] == [str(page.resolve())]

    # the fixed page names a canonical https URL, so the article is stored under that, not the path
    shutil.copy(FIXTURES / "pages" / "harbour_bridge.html", page)
    report = ingest_items(store, load_items(page, settings), settings)
    assert (report.added, report.failed) == (1, 0)
    assert store.article_by_url("https://coastal-ledger.example/news/2026/harbour-bridge-reopens") is not None
    assert store.list_failures() == []


def test_html_file_failing_at_ingest_is_keyed_by_its_path_too(store, tmp_path):
    settings = Settings(database_url=store.url, host_delay=0)
    page = tmp_path / "results.html"
    numbers = " ".join(f"{i * 7919 % 100000:05d}-{i * 31:04d}" for i in range(60))
    # extraction finds text, normalising rejects it (mostly digits): the failure is the path's
    page.write_text(f"<html><body><article><h1>Results</h1><p>Scores: {numbers}</p></article></body></html>")
    report = ingest_items(store, load_items(page, settings), settings)
    assert report.failed == 1 and "garbage" in report.failures[0].reason
    assert [f["item"] for f in store.list_failures()] == [str(page.resolve())]
    shutil.copy(FIXTURES / "pages" / "harbour_bridge.html", page)
    report = ingest_items(store, load_items(page, settings), settings)
    assert (report.added, report.failed) == (1, 0) and store.list_failures() == []


def test_url_failure_is_cleared_when_the_page_later_succeeds_under_its_canonical(store, site):
    settings = local_settings(database_url=store.url)
    url = site.url("/bridge")
    with Fetcher(settings, max_retries=0) as fetcher:
        report = ingest_items(store, load_items(url, settings, fetcher=fetcher), settings)
        assert report.failed == 1 and [f["item"] for f in store.list_failures()] == [url]  # 404
        site.routes["/bridge"] = reply(body=(FIXTURES / "pages" / "harbour_bridge.html").read_bytes())
        report = ingest_items(store, load_items(url, settings, fetcher=fetcher), settings)
    assert report.added == 1
    assert store.article_by_url(url) is None  # stored under the page's canonical URL
    assert store.list_failures() == []


def test_jsonl_row_without_url_is_cleared_once_fixed(store, tmp_path):
    settings = Settings(database_url=store.url, host_delay=0)
    rows = tmp_path / "rows.jsonl"
    good = json.dumps(row("https://metro-bulletin.example/night-buses"))
    fixed = row("https://metro-bulletin.example/ferry", title="Ferry timetable", text=RELATED)
    rows.write_text(good + "\n" + json.dumps({k: v for k, v in fixed.items() if k != "url"}) + "\n")
    report = ingest_items(store, load_items(rows, settings), settings)
    assert (report.added, report.failed) == (1, 1)
    assert [f["item"] for f in store.list_failures()] == [f"{rows.resolve()}:2"]

    rows.write_text(good + "\n" + json.dumps(fixed) + "\n")  # the row now has its URL
    report = ingest_items(store, load_items(rows, settings), settings)
    assert (report.added, report.unchanged, report.failed) == (1, 1, 0)
    assert store.list_failures() == []


def _rss(entry_link: str) -> str:
    body = " ".join(["The ferry operator added two evening crossings to the island timetable."] * 12)
    link = f"<link>{entry_link}</link>" if entry_link else ""
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Times</title>'
            f"<item><title>Evening ferries added</title>{link}<description>{body}</description></item>"
            f"</channel></rss>")


def test_feed_entry_without_link_is_cleared_once_fixed(store, tmp_path):
    settings = Settings(database_url=store.url, host_delay=0)
    feed = tmp_path / "feed.xml"
    feed.write_text(_rss(""))
    with offline_fetcher(settings) as fetcher:
        report = ingest_items(store, load_items(feed, settings, fetcher=fetcher), settings)
        assert report.failed == 1 and "no link" in report.failures[0].reason
        assert [f["item"] for f in store.list_failures()] == [f"{feed.resolve().as_uri()}#Evening ferries added"]

        feed.write_text(_rss("https://harbour-times.example/ferries"))
        report = ingest_items(store, load_items(feed, settings, fetcher=fetcher), settings)
    assert (report.added, report.failed) == (1, 0)
    assert store.list_failures() == []


def test_unreadable_sources_are_cleared_once_they_read(store, tmp_path, site):
    """A missing JSONL file, a malformed feed file and a feed URL that 404s: each source's own key."""
    settings = local_settings(database_url=store.url)
    rows, feed, url = tmp_path / "later.jsonl", tmp_path / "feed.xml", site.url("/feed")
    shutil.copy(FIXTURES / "feeds" / "malformed.xml", feed)
    with Fetcher(settings, max_retries=0) as fetcher:
        for source in (rows, feed, url):
            ingest_items(store, load_items(source, settings, fetcher=fetcher), settings)
        assert sorted(f["item"] for f in store.list_failures()) == sorted(
            [str(rows.resolve()), str(feed.resolve()), url])

        rows.write_text(json.dumps(row("https://metro-bulletin.example/night-buses")) + "\n")
        feed.write_text(_rss("https://harbour-times.example/ferries"))
        site.routes["/feed"] = reply(body=_rss("https://harbour-times.example/ferries").encode())
        for source in (rows, feed, url):
            ingest_items(store, load_items(source, settings, fetcher=fetcher), settings)
    assert store.list_failures() == []
    assert store.article_by_url("https://harbour-times.example/ferries") is not None


def test_unreachable_robots_txt_is_a_recorded_failure_retried_on_the_next_run(store, site):
    settings = local_settings(database_url=store.url)
    url = site.url("/bridge")
    site.routes["/robots.txt"] = reply(503)
    site.routes["/bridge"] = reply(body=(FIXTURES / "pages" / "harbour_bridge.html").read_bytes())
    report = ingest_items(store, load_items(url, settings), settings)  # a run with its own fetcher
    assert report.failed == 1
    assert [(f["item"], f["reason"]) for f in store.list_failures()] == [
        (url, "fetch: robots.txt unreachable (HTTP 503): host disallowed for now")]
    assert "/bridge" not in site.paths()
    site.routes["/robots.txt"] = reply(404)
    report = ingest_items(store, load_items(url, settings), settings)  # the next run asks again
    assert report.added == 1 and store.list_failures() == []


# -- paywall status is stored (issue 3) ----------------------------------------------------


def test_paywalled_page_is_stored_as_paywalled(store, site, tmp_path):
    settings = local_settings(database_url=store.url)
    site.routes["/shipyard"] = reply(body=(FIXTURES / "pages" / "paywall_teaser.html").read_bytes())
    site.routes["/bridge"] = reply(body=(FIXTURES / "pages" / "harbour_bridge.html").read_bytes())
    rows = tmp_path / "rows.jsonl"
    rows.write_text("\n".join(json.dumps(r) for r in [
        {"url": "https://baltic-review.example/shipyard-row",
         "html": (FIXTURES / "pages" / "paywall_teaser.html").read_text()},
        row("https://metro-bulletin.example/night-buses"),
    ]))
    with Fetcher(settings, max_retries=0) as fetcher:
        for source in (site.url("/shipyard"), site.url("/bridge"), rows):
            ingest_items(store, load_items(source, settings, fetcher=fetcher), settings)
    assert store.list_failures() == []
    assert store.article_by_url(site.url("/shipyard")).paywalled is True
    assert store.article_by_url("https://baltic-review.example/shipyard-row").paywalled is True
    bridge = store.article_by_url("https://coastal-ledger.example/news/2026/harbour-bridge-reopens")
    assert bridge.paywalled is None  # extraction marks paywalls only
    assert store.article_by_url("https://metro-bulletin.example/night-buses").paywalled is None
    assert store.get_article(store.article_by_url(site.url("/shipyard")).id).paywalled is True


def test_row_paywalled_flag_survives_when_the_page_says_nothing():
    settings = Settings(database_url="sqlite://")
    item = ArticleIn(url="https://metro-bulletin.example/night-buses", text=BODY, paywalled=True)
    assert normalize_item(item, settings, now=NOW).paywalled is True
