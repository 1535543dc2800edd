"""A reader in headless Chromium: home → analysis → quick read, phone layout, hostile story.

Runs against a real uvicorn server on 127.0.0.1 (``live_server``). Skips with a reason
only when Debian's chromium is not installed.
"""

from __future__ import annotations

import re

import pytest

from newsdesk.models import DISCLAIMER

from .sample_site import DISCREPANCY_ID, HOSTILE_ID, REVIEWED_ID

pytestmark = pytest.mark.browser


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_reader_goes_from_home_to_analysis_to_quick_read(live_server, desktop):
    page = desktop.page
    page.goto(live_server + "/")
    assert page.title().startswith("The Desk")
    lead = page.locator(".lead-title a")
    headline = lead.inner_text()
    assert headline == "Harbour City Approves Transit Levy in Narrow Late-Night Vote"

    lead.click()
    page.wait_for_url(f"**/story/{DISCREPANCY_ID}")
    assert page.locator("h1").inner_text() == headline
    assert page.locator(".reading-time").inner_text() == "4 min read"
    assert page.locator(".badge-ai").first.inner_text().lower() == "ai analysis"
    quote = page.locator(".pull-quote")
    assert "ride the tram every day" in quote.locator("blockquote").inner_text()
    assert quote.locator(".speaker").inner_text() == "Mara Lindqvist"
    assert "Mayor of Harbour City" in quote.inner_text()
    sources = page.locator("#sources li[id^=source-]")
    assert sources.count() == 4
    assert "Harbour Gazette" in sources.first.inner_text()
    assert page.locator(".disagree").is_visible()
    assert page.locator(".disclaimer").inner_text() == DISCLAIMER
    # a citation shows its source sentence on hover (title) and links to the source article
    cite = page.locator("sup.cite a").first
    assert cite.get_attribute("title")
    assert cite.get_attribute("href").startswith("https://")
    # the footnote list opens without JavaScript (native <details>)
    page.locator("details.footnotes summary").click()
    assert page.locator("details.footnotes ol").is_visible()

    page.locator(".story-meta a", has_text="Quick Read").click()
    page.wait_for_url(f"**/quick/{DISCREPANCY_ID}")
    assert page.locator("h1").inner_text() == headline
    assert re.search(r"\w{3} \d+(st|nd|rd|th) \w{3}, 2026", page.locator(".qr-date").inner_text())
    more = page.locator(".quick-list a")
    assert more.count() >= 3
    target = more.first.inner_text()
    more.first.click()
    assert page.locator("h1").inner_text() == target
    assert desktop.errors == [], desktop.errors


def test_search_category_and_quick_paging_journeys(live_server, desktop):
    page = desktop.page
    page.goto(live_server + "/")
    page.fill("#site-search", "reservoir")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/search?q=reservoir")
    page.locator(".card-title a").first.click()
    page.wait_for_url(f"**/story/{REVIEWED_ID}")
    assert page.locator(".review-yes").inner_text().lower() == "reviewed by an editor"

    page.locator("nav.sections a", has_text="Crime & Justice").click()
    page.wait_for_url("**/category/crime-justice")
    assert page.locator("h1").inner_text() == "Crime & Justice"
    assert page.locator(".card").count() >= 1

    page.goto(live_server + "/quick")
    assert page.locator(".quick-index li").count() >= 5
    assert desktop.errors == [], desktop.errors


def test_keyboard_reader_reaches_skip_link_first(live_server, desktop):
    page = desktop.page
    page.goto(live_server + f"/story/{DISCREPANCY_ID}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize("path", ["/", f"/story/{DISCREPANCY_ID}", f"/quick/{REVIEWED_ID}", "/quick",
                                  "/category/politics", f"/story/{HOSTILE_ID}"])
def test_phone_has_no_horizontal_scroll(live_server, phone, path):
    phone.page.goto(live_server + path)
    assert no_horizontal_scroll(phone.page), path
    assert phone.errors == [], phone.errors


@pytest.mark.parametrize("path", [f"/story/{HOSTILE_ID}", f"/quick/{HOSTILE_ID}", "/",
                                  "/category/technology", "/search?q=hostile"])
def test_hostile_story_executes_nothing(live_server, desktop, path):
    page = desktop.page
    page.goto(live_server + path)
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert desktop.dialogs == []
    assert page.locator("script").count() == 0
    assert desktop.errors == [], desktop.errors
    if path.startswith("/story/"):
        assert "<script>window.__pwned=1</script>" in page.locator("h1").inner_text()
        assert page.locator("a[href^='javascript:']").count() == 0
        # the page is still readable: it has visible body text
        assert page.locator("body").is_visible()


@pytest.fixture
def editor_server(tmp_path):
    from newsdesk.editorial import Editorial
    from newsdesk.settings import Settings
    from newsdesk.web import create_app

    from .conftest import ServerThread
    from .sample_site import build_sample_store

    url = f"sqlite:///{tmp_path / 'editor.db'}"
    store = build_sample_store(url)
    Editorial(store).create_user("ada", "correct horse battery")
    with ServerThread(create_app(store, Settings(database_url=url))) as server:
        yield server.url
    store.dispose()


def test_editor_logs_in_approves_and_corrects(editor_server, desktop):
    from .sample_site import HELD_ID

    page = desktop.page
    page.goto(editor_server + "/editor")
    page.wait_for_url("**/editor/login")
    page.fill("#username", "ada")
    page.fill("#password", "correct horse battery")
    page.click(".editor-form button[type=submit]")
    page.wait_for_url("**/editor")
    assert page.locator("h1").inner_text() == "Review queue"

    page.locator(".queue-tabs a", has_text="Held").click()
    page.locator("table.queue a", has_text="Held Story Editors Have Not Released").click()
    page.wait_for_url(f"**/editor/story/{HELD_ID}")
    page.click("button[value=approve]")
    assert "Done: published" in page.locator(".form-ok").inner_text()

    page.fill("#headline", "Held Story, Now Released")
    page.fill("#note", "The headline was updated after release.")
    page.click(".edit-form button[type=submit]")
    assert "Done: edited" in page.locator(".form-ok").inner_text()

    page.goto(editor_server + f"/story/{HELD_ID}")
    assert page.locator("h1").inner_text() == "Held Story, Now Released"
    assert page.locator(".review-yes").is_visible()
    assert "The headline was updated after release." in page.locator("#corrections").inner_text()
    assert desktop.errors == [], desktop.errors


@pytest.fixture
def source_site(tmp_path):
    """A stand-in outlet on 127.0.0.1 serving one article page."""
    import functools
    import http.server
    import threading

    from .conftest import free_port

    root = tmp_path / "outlet"
    (root / "news").mkdir(parents=True)
    (root / "news" / "levy.html").write_text(
        "<!doctype html><title>Outlet article</title><h1>Council backs transit levy</h1>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    thread.join(timeout=5)


def test_reader_follows_a_source_link_to_the_outlet(tmp_path, source_site, desktop):
    from newsdesk.settings import Settings
    from newsdesk.store import fingerprint
    from newsdesk.web import create_app

    from .conftest import ServerThread
    from .sample_site import build_sample_store

    url = f"sqlite:///{tmp_path / 'source.db'}"
    store = build_sample_store(url)
    doc = store.get_document(DISCREPANCY_ID)
    old = doc.sources[0].url
    live = f"{source_site}/news/levy.html"
    data = doc.model_dump_json().replace(old, live)
    store.save_document(type(doc).model_validate_json(data), fingerprint([0], "live-source"))
    page = desktop.page
    try:
        with ServerThread(create_app(store, Settings(database_url=url))) as server:
            page.goto(server.url + "/")
            page.locator(".lead-title a").click()
            page.wait_for_url(f"**/story/{DISCREPANCY_ID}")
            link = page.locator("#source-1 a")
            assert link.get_attribute("rel") == "noopener noreferrer"
            with page.context.expect_page() as opened:
                link.click()
            outlet = opened.value
            outlet.wait_for_load_state()
            assert outlet.url == live
            assert outlet.locator("h1").inner_text() == "Council backs transit levy"
            # noopener: the outlet's page cannot reach back into ours
            assert outlet.evaluate("window.opener") is None
    finally:
        store.dispose()
    assert desktop.errors == [], desktop.errors
