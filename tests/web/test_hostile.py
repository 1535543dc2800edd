"""Hostile text from sources/models: everything escaped, no javascript: links, strict headers."""

from __future__ import annotations

import pytest

from .htmlcheck import scan
from .sample_site import HOSTILE_ID

HOSTILE_PAGES = [f"/story/{HOSTILE_ID}", f"/quick/{HOSTILE_ID}", "/", "/category/technology", "/quick",
                 "/search?q=hostile"]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_no_markup_from_documents_reaches_the_page(client, path):
    r = client.get(path)
    assert r.status_code == 200
    page = scan(r.text)
    assert not [t for t, _ in page.tags if t in ("script", "iframe", "object", "embed", "style")]
    for tag, attrs in page.tags:
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
        for key in ("href", "src", "action", "formaction"):
            value = (attrs.get(key) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
    assert "window.__pwned" not in " ".join(a.get("src") or "" for t, a in page.tags if t == "img")


def test_hostile_text_is_shown_as_text(client):
    r = client.get(f"/story/{HOSTILE_ID}")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in r.text
    assert "onerror=&#34;window.__pwned=2&#34;" in r.text or "onerror=&quot;" in r.text
    page = scan(r.text)
    assert "<script>window.__pwned=1</script>" in page.text  # visible as literal text


def test_javascript_urls_never_become_links(client):
    page = scan(client.get(f"/story/{HOSTILE_ID}").text)
    external = [h for h in page.hrefs() if not h.startswith(("/", "#"))]
    assert external, "the hostile story still links its real sources"
    assert all(h.startswith("https://") for h in external)
    # the bad source is listed as text, the bad image is dropped
    assert "click me" in page.text
    assert not page.find("figure", class_="hero")
    for tag, attrs in page.tags:
        if tag == "a" and attrs.get("href", "").startswith("http"):
            assert attrs.get("rel") == "noopener noreferrer"


@pytest.mark.parametrize("path", ["/", f"/story/{HOSTILE_ID}", "/feed.atom", "/api/v1/stories", "/nowhere"])
def test_security_headers_everywhere(client, path):
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "script-src 'none'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_no_inline_style_attributes_so_csp_needs_no_unsafe_inline(client):
    for path in ("/", f"/story/{HOSTILE_ID}", "/quick"):
        page = scan(client.get(path).text)
        assert not [a for _t, a in page.tags if "style" in a], path
