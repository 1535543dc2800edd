"""Data-driven injection tests: every file in fixtures/injection/ is a hostile payload.

Each file starts with a ``# what it tries`` line; the rest is the payload. The payload is
put into every text and URL field of a story (headline, dek, sentences, citations, quote,
speaker, sources, image, quick read, discrepancy, timeline). The rendered pages, feeds and
API must carry it as inert text: no element, attribute or URL from it may become live.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient

from newsdesk.models import StoryDocument
from newsdesk.settings import Settings
from newsdesk.store import fingerprint
from newsdesk.web import create_app

from .htmlcheck import scan
from .sample_site import HOSTILE_ID, build_sample_store, sample_documents

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "injection"
PAYLOADS = sorted(FIXTURES.glob("*.txt"))
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def load_payload(path: Path) -> tuple[str, str]:
    header, _, payload = path.read_text(encoding="utf-8").partition("\n")
    assert header.startswith("# "), f"{path.name} needs a '# what it tries' header line"
    return header[2:], payload.rstrip("\n")


def hostile_document(base: StoryDocument, story_id: str, payload: str) -> StoryDocument:
    """``base`` with ``payload`` in every text field and as an extra source URL."""
    data = base.model_dump(mode="json")
    data.update(id=story_id, headline=f"Headline {payload}", dek=f"Dek {payload}", summary=payload)
    data["sections"][0]["heading"] = payload
    data["sections"][0]["paragraphs"][0]["sentences"].append(
        {"text": f"Sentence {payload}", "sources": [{"article_url": payload, "sentence": payload}]})
    data["pull_quote"] = {"text": payload, "speaker": payload, "role": payload, "article_url": payload}
    data["sources"].append({"url": payload, "outlet": payload, "title": payload, "published": None})
    data["article_urls"].append(payload)
    data["image"] = {"url": payload, "alt": payload, "credit": payload}
    data["quick_read"].update(headline=payload, text=f"{payload}\n\n{payload}")
    data["discrepancies"] = [{"subject": payload, "claims": [
        {"outlet": payload, "article_url": payload, "value": payload, "sentence": payload}]}]
    data["timeline"] = [{"date": "2026-03-11", "text": payload, "article_url": payload}]
    data["perspectives"] = [{"outlet": payload, "emphasis": payload,
                             "citation": {"article_url": payload, "sentence": payload}}]
    data["outlets"] = ["Civic Wire", "Metro Signal"]
    return StoryDocument.model_validate(data)


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """A sample site plus one story per payload; yields (client, {payload file: story id})."""
    url = f"sqlite:///{tmp_path_factory.mktemp('inject') / 'site.db'}"
    store = build_sample_store(url)
    base, arts = next((d, a) for d, a in sample_documents() if d.id == HOSTILE_ID)
    ids = {}
    for path in PAYLOADS:
        story_id = f"inj-{path.stem}"
        doc = hostile_document(base, story_id, load_payload(path)[1])
        for art in arts:
            article_id, _ = store.add_article(art)
            store.assign_story(article_id, story_id, art.published)
        store.save_document(doc, fingerprint([story_id]))
        ids[path.name] = story_id
    with TestClient(create_app(store, Settings(database_url=url, site_url="https://desk.example"))) as client:
        yield client, ids
    store.dispose()


def assert_inert(html: str, where: str) -> None:
    page = scan(html)
    live = [t for t, _ in page.tags if t in ("script", "iframe", "object", "embed", "style", "svg", "noscript",
                                             "template", "base")]
    assert not live, (where, live)
    for tag, attrs in page.tags:
        assert not [k for k in attrs if k.startswith("on") or k in ("srcdoc", "style", "autofocus")], (where, tag, attrs)
        if tag == "meta":
            assert "http-equiv" not in attrs, (where, attrs)
        for key in ("href", "src", "action", "formaction"):
            value = _INVISIBLE.sub("", attrs.get(key) or "").lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (where, tag, attrs)


@pytest.mark.parametrize("path", PAYLOADS, ids=lambda p: p.stem)
def test_payload_is_inert_on_every_page(injected, path):
    client, ids = injected
    story_id = ids[path.name]
    for page in (f"/story/{story_id}", f"/quick/{story_id}", "/", "/category/technology", "/quick"):
        r = client.get(page)
        assert r.status_code == 200, page
        assert_inert(r.text, page)
    story = scan(client.get(f"/story/{story_id}").text)
    external = [h for h in story.hrefs() if not h.startswith(("/", "#"))]
    assert external and all(re.match(r"^https://[a-z.]+\.example/", h) for h in external), external


@pytest.mark.parametrize("path", PAYLOADS, ids=lambda p: p.stem)
def test_payload_keeps_feeds_and_api_well_formed(injected, path):
    client, ids = injected
    story_id = ids[path.name]
    for feed in ("/feed.atom", "/feed.rss", f"/story/{story_id}/feed.atom"):
        parsed = feedparser.parse(client.get(feed).content)
        assert parsed.bozo == 0, (feed, parsed.get("bozo_exception"))
    data = client.get(f"/api/v1/stories/{story_id}").json()
    assert data["headline"].startswith("Headline ")  # carried as data; clients must escape it
    json.dumps(data)


@pytest.mark.browser
def test_no_payload_executes_in_chromium(injected, browser):
    from .conftest import PageWatch, ServerThread

    client, ids = injected
    with ServerThread(client.app) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        watch = PageWatch(context.new_page())
        page = watch.page
        try:
            for story_id in ids.values():
                for path in (f"/story/{story_id}", f"/quick/{story_id}"):
                    page.goto(server.url + path)
                    page.mouse.move(400, 300)  # give hover handlers a chance, had any survived
                    page.keyboard.press("Tab")
                    assert page.evaluate("typeof window.__pwned") == "undefined", path
                    assert page.locator("body").is_visible(), path  # CSS tricks did not hide the page
        finally:
            context.close()
    assert watch.dialogs == []
    assert watch.errors == [], watch.errors
