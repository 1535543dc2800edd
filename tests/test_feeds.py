"""feeds.py: parsing (data-driven over tests/fixtures/feeds), registry, imports, polling."""

from __future__ import annotations

import json
import re
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import shared_path
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from test_fetch import LocalServer, local_settings, reply

from newsdesk.errors import IngestError, ParseError
from newsdesk.feeds import (
    MAX_CONSECUTIVE_ERRORS,
    MIN_INTERVAL,
    adapted_interval,
    add_feed,
    get_feed,
    import_kite,
    import_media_data,
    import_opml,
    list_feeds,
    parse_feed,
    parse_sitemap,
    pause_feed,
    poll_feeds,
    remove_feed,
    resume_feed,
    sniff_kind,
)
from newsdesk.fetch import Fetcher
from newsdesk.ingest import FEED_FULL_TEXT_WORDS
from newsdesk.extract import html_fragment_text

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
PAGES = Path(__file__).parent / "fixtures" / "pages"


def _decoded(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:  # Latin-1 fixtures, declared or not
        return data.decode("iso-8859-1")


def expectation(path: Path) -> dict:
    """Each fixture says what it should parse to: an XML comment or a JSON ``_expect`` key."""
    text = _decoded(path.read_bytes())
    if path.suffix == ".json":
        return json.loads(text)["_expect"]
    match = re.search(r"<!-- expect: (\{.*?\}) -->", text)
    assert match, f"{path.name} has no expect header"
    return json.loads(match.group(1))


FEED_FIXTURES = sorted(p for p in FEEDS.iterdir() if "sitemap" not in p.name and p.suffix in (".xml", ".json"))
SITEMAP_FIXTURES = sorted(FEEDS.glob("*sitemap*.xml"))


@pytest.mark.parametrize("path", FEED_FIXTURES, ids=lambda p: p.name)
def test_feed_fixture_parses_as_its_header_says(path):
    expect = expectation(path)
    data = path.read_bytes()
    base = "https://" + path.stem + ".example/feed"
    if "error" in expect:
        with pytest.raises(ParseError):
            parse_feed(data, base)
        return
    assert sniff_kind(data) == "feed"
    feed = parse_feed(data, base)
    assert feed.format == expect["format"]
    assert feed.title == expect["title"]
    assert len(feed.entries) == expect["entries"]
    first = feed.entries[0]
    assert first.url.split("?")[0] == expect["first_url"]
    assert first.title == expect["first_title"]
    if "first_published" in expect:
        assert first.published == datetime.fromisoformat(expect["first_published"])
    if "full_text_entries" in expect:
        full = [e for e in feed.entries
                if len(html_fragment_text(e.content_html or e.summary_html).split()) >= FEED_FULL_TEXT_WORDS]
        assert len(full) == expect["full_text_entries"]


@pytest.mark.parametrize("path", SITEMAP_FIXTURES, ids=lambda p: p.name)
def test_sitemap_fixture_parses_as_its_header_says(path):
    expect = expectation(path)
    data = path.read_bytes()
    assert sniff_kind(data) == "sitemap"
    sitemap = parse_sitemap(data, "https://example.org/sitemap.xml")
    assert len(sitemap.urls) == expect["urls"]
    assert len(sitemap.sitemaps) == expect["sitemaps"]
    if "first_url" in expect:
        assert sitemap.urls[0].url == expect["first_url"]
    if "first_sitemap" in expect:
        assert sitemap.sitemaps[0] == expect["first_sitemap"]
    if "first_title" in expect:
        assert sitemap.urls[0].title == expect["first_title"]
        assert sitemap.urls[0].published == datetime.fromisoformat(expect["first_published"])


def test_gzipped_sitemap_is_read():
    import gzip

    data = gzip.compress((FEEDS / "sitemap.xml").read_bytes())
    assert len(parse_sitemap(data, "https://example.org/s.xml.gz").urls) == 2


def test_feed_rss_entry_details():
    feed = parse_feed((FEEDS / "rss20.xml").read_bytes(), "https://valley-courier.example/feed")
    first = feed.entries[0]
    assert first.author == "Petra Hollis"
    assert first.image_url == "https://valley-courier.example/img/river.jpg"
    assert "Tomas Reinholt" in html_fragment_text(first.content_html)


def test_atom_relative_links_resolve_against_xml_base():
    feed = parse_feed((FEEDS / "atom.xml").read_bytes(), "https://elsewhere.example/atom")
    assert feed.entries[0].url == "https://harbour-times.example/news/ferry-strike"


def test_feedparser_never_reads_local_files(tmp_path):
    """feedparser opens bare bytes as a file name; we hand it a file object instead."""
    secret = tmp_path / "secret.xml"
    secret.write_text('<rss version="2.0"><channel><title>LEAK</title><item><title>x</title></item></channel></rss>')
    with pytest.raises(ParseError):
        parse_feed(str(secret).encode(), "https://example.org/feed")


def test_xml_entities_are_not_expanded():
    billion_laughs = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/&lol3;</loc></url></urlset>"""
    sitemap = parse_sitemap(billion_laughs, "https://a.example/")
    assert all(len(u.url) < 200 for u in sitemap.urls)


@pytest.mark.parametrize("data,kind", [
    (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
    (b"\xef\xbb\xbf<?xml version='1.0'?><rss version='2.0'/>", "feed"),
    (b'{"version": "https://jsonfeed.org/version/1", "items": []}', "feed"),
    (b"<?xml version='1.0'?><sitemapindex/>", "sitemap"),
    (b"\x89PNG\r\n\x1a\n", "unknown"),
])
def test_sniff_kind(data, kind):
    assert sniff_kind(data) == kind


@given(st.binary(max_size=3000))
@hsettings(max_examples=150, deadline=None)
def test_fuzz_feed_and_sitemap_parsing_fails_only_with_ingest_errors(data):
    for parse in (parse_feed, parse_sitemap):
        try:
            parse(data, "https://fuzz.example/feed")
        except IngestError:
            pass


_xml_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


@given(title=_xml_text, link=_xml_text, body=_xml_text)
@hsettings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fuzz_rss_with_hostile_fields(title, link, body):
    data = (f'<rss version="2.0"><channel><title>{title}</title><item><title>{title}</title>'
            f"<link>{link}</link><description>{body}</description></item></channel></rss>").encode()
    try:
        feed = parse_feed(data, "https://fuzz.example/feed")
    except IngestError:
        return
    for entry in feed.entries:
        assert isinstance(entry.url, str) and isinstance(entry.title, str)


# -- registry --------------------------------------------------------------------------


def test_registry_add_list_pause_resume_remove(store):
    info = add_feed(store, "https://valley-courier.example/feed", title="Valley Courier", category="Local")
    again = add_feed(store, "https://valley-courier.example/feed", outlet="Valley Courier")
    assert again.id == info.id and again.title == "Valley Courier" and again.outlet == "Valley Courier"
    add_feed(store, "https://harbour-times.example/atom")
    assert [f.url for f in list_feeds(store)] == ["https://harbour-times.example/atom",
                                                  "https://valley-courier.example/feed"]
    assert pause_feed(store, "https://harbour-times.example/atom", "too noisy")
    paused = list_feeds(store, paused=True)
    assert [(f.url, f.paused_reason) for f in paused] == [("https://harbour-times.example/atom", "too noisy")]
    assert resume_feed(store, "https://harbour-times.example/atom")
    assert list_feeds(store, paused=True) == []
    assert remove_feed(store, "https://valley-courier.example/feed")
    assert not remove_feed(store, "https://valley-courier.example/feed")
    assert [f.url for f in list_feeds(store)] == ["https://harbour-times.example/atom"]
    with pytest.raises(ParseError):
        add_feed(store, "file:///etc/passwd")


def test_adapted_interval_follows_publishing_rate():
    now = datetime(2026, 3, 1, tzinfo=UTC)
    hourly = [now - timedelta(hours=i) for i in range(10)]
    assert adapted_interval(1800, hourly, 0) == 1800  # half the one-hour gap
    assert adapted_interval(1800, [now - timedelta(minutes=i) for i in range(10)], 0) == MIN_INTERVAL
    assert adapted_interval(1800, [], 0) == 2700 and adapted_interval(1800, [], 3) == 900


def test_import_opml(store, tmp_path):
    opml = tmp_path / "subs.opml"
    opml.write_text("""<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>
<outline text="Local"><outline type="rss" text="Valley Courier" xmlUrl="https://valley-courier.example/feed"/>
<outline type="rss" text="Bad" xmlUrl="javascript:alert(1)"/></outline>
<outline type="rss" text="Harbour Times" xmlUrl="https://harbour-times.example/atom"/></body></opml>""")
    assert import_opml(store, opml) == 2
    feeds = {f.url: f for f in list_feeds(store)}
    assert feeds["https://valley-courier.example/feed"].category == "Local"
    assert feeds["https://valley-courier.example/feed"].title == "Valley Courier"
    assert import_opml(store, opml) == 2 and len(list_feeds(store)) == 2  # idempotent


def test_parse_opml_skips_non_http_and_refuses_garbage():
    from newsdesk.feeds import parse_opml

    feeds = parse_opml(b"""<opml version="1.0"><body><outline text="World">
<outline xmlUrl="https://a.example/rss" text="A"/><outline xmlUrl="file:///etc/passwd" text="F"/>
</outline></body></opml>""")
    assert [(f.url, f.title, f.category) for f in feeds] == [("https://a.example/rss", "A", "World")]
    with pytest.raises(ParseError):
        parse_opml(b"<opml><body><outline")


def test_import_kite_format(store, tmp_path):
    path = tmp_path / "kite.json"
    path.write_text(json.dumps({
        "World": {"category_type": "topic", "feeds": ["https://a.example/rss", "https://b.example/rss"]},
        "Science": {"feeds": ["https://c.example/rss", "ftp://nope.example/"]},
    }))
    assert import_kite(store, path, categories=["Science"]) == 1
    assert import_kite(store, path) == 3
    assert {f.url: f.category for f in list_feeds(store)}["https://a.example/rss"] == "World"


def test_import_media_data_format(store, tmp_path):
    path = tmp_path / "media.json"
    path.write_text(json.dumps([
        {"country": "France", "organization": "Le Courrier Fictif", "domains": ["courrier-fictif.example"],
         "owner": "Its journalists", "typology": "Private Independent Media"},
        {"organization": "", "domains": []},
    ]))
    assert import_media_data(store, path) == 1
    outlet = store.get_outlet("Le Courrier Fictif")
    assert (outlet.domain, outlet.country, outlet.type) == ("courrier-fictif.example", "France",
                                                            "Private Independent Media")


def test_import_shared_kite_and_media_data(sqlite_settings):
    from newsdesk.store import Store

    kite = shared_path("data", "feeds", "kite_feeds.json")
    media = shared_path("data", "feeds", "media_data.json")
    store = Store(sqlite_settings.database_url)
    store.migrate()
    doc = json.loads(kite.read_text())
    first = next(iter(doc))
    expected = len({u for u in doc[first]["feeds"] if u.startswith(("http://", "https://"))})
    import_kite(store, kite, categories=[first])
    assert len(list_feeds(store)) == expected > 0
    assert import_media_data(store, media) > 100
    assert any(o.country for o in store.list_outlets())
    store.dispose()


# -- polling ---------------------------------------------------------------------------


@pytest.fixture
def feed_server():
    srv = LocalServer().start()
    yield srv
    srv.stop()


def _conditional_feed(body: bytes, etag: str):
    def route(handler):
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        reply(body=body, headers={"ETag": etag, "Content-Type": "application/rss+xml"})(handler)

    return route


def test_poll_ingests_new_entries_then_gets_304(store, feed_server):
    settings = local_settings(database_url=store.url)
    page = (PAGES / "harbour_bridge.html").read_bytes()
    feed_xml = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Coastal Ledger</title>
<item><title>Bridge</title><link>{feed_server.url('/news/bridge')}</link>
<pubDate>Sat, 14 Mar 2026 08:30:00 GMT</pubDate><description>Teaser only.</description></item>
</channel></rss>""".encode()
    feed_server.routes["/feed.xml"] = _conditional_feed(feed_xml, '"f1"')
    feed_server.routes["/news/bridge"] = reply(body=page, headers={"Content-Type": "text/html"})
    add_feed(store, feed_server.url("/feed.xml"), outlet="The Coastal Ledger")
    clock = datetime(2026, 3, 14, 12, tzinfo=UTC)
    with Fetcher(settings) as fetcher:
        first = poll_feeds(store, settings, fetcher=fetcher, now=lambda: clock)
        assert first.polled == 1 and first.added == 1 and first.failed == 0
        info = get_feed(store, feed_server.url("/feed.xml"))
        assert info.etag == '"f1"' and info.error_count == 0 and info.next_fetch > clock
        # not due yet: nothing is fetched
        assert poll_feeds(store, settings, fetcher=fetcher, now=lambda: clock).polled == 0
        later = info.next_fetch + timedelta(seconds=1)
        second = poll_feeds(store, settings, fetcher=fetcher, now=lambda: later)
    assert second.polled == 1 and second.not_modified == 1 and second.added == 0
    assert feed_server.paths().count("/news/bridge") == 1
    assert store.count_articles() == 1


def test_known_entries_are_not_fetched_again(store, feed_server):
    settings = local_settings(database_url=store.url)
    feed_server.routes["/news/bridge"] = reply(body=(PAGES / "harbour_bridge.html").read_bytes())
    feed_xml = f"""<rss version="2.0"><channel><title>C</title><item><title>B</title>
<link>{feed_server.url('/news/bridge')}</link></item></channel></rss>""".encode()
    feed_server.routes["/feed.xml"] = reply(body=feed_xml)
    add_feed(store, feed_server.url("/feed.xml"))
    clock = [datetime(2026, 3, 14, tzinfo=UTC)]
    with Fetcher(settings) as fetcher:
        poll_feeds(store, settings, fetcher=fetcher, now=lambda: clock[0])
        clock[0] += timedelta(days=2)
        report = poll_feeds(store, settings, fetcher=fetcher, now=lambda: clock[0])
    assert report.polled == 1
    # the page's canonical URL differs from the feed link, so the link is fetched again,
    # but the article is recognised and left unchanged
    assert store.count_articles() == 1


def test_failing_feed_is_paused_with_reason(store, feed_server):
    settings = local_settings(database_url=store.url)
    feed_server.routes["/bad.xml"] = reply(body=b"<rss><channel><title>oops")
    add_feed(store, feed_server.url("/bad.xml"))
    clock = [datetime(2026, 3, 14, tzinfo=UTC)]
    with Fetcher(settings) as fetcher:
        for _ in range(MAX_CONSECUTIVE_ERRORS):
            report = poll_feeds(store, settings, fetcher=fetcher, now=lambda: clock[0])
            assert report.failed == 1
            clock[0] += timedelta(days=3)
    info = get_feed(store, feed_server.url("/bad.xml"))
    assert info.paused and info.error_count == MAX_CONSECUTIVE_ERRORS
    assert "failures in a row" in info.paused_reason and "malformed" in info.paused_reason
    assert report.paused == [feed_server.url("/bad.xml")]
    assert any(f["item"] == feed_server.url("/bad.xml") for f in store.list_failures("feed"))


def test_watch_stops_when_asked(store, feed_server):
    settings = local_settings(database_url=store.url)
    feed_server.routes["/feed.xml"] = reply(body=b'<rss version="2.0"><channel><title>E</title></channel></rss>')
    add_feed(store, feed_server.url("/feed.xml"))
    stop = threading.Event()
    rounds = []

    def after_round(report):
        rounds.append(report)
        stop.set()

    from newsdesk.feeds import watch_feeds

    watch_feeds(store, settings, stop=stop, after_round=after_round)
    assert len(rounds) == 1 and rounds[0].polled == 1
