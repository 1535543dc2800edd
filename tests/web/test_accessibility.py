"""Accessibility basics every page must keep: contrast of the palette, one h1, alt text, labels, lang."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .htmlcheck import scan
from .sample_site import DISCREPANCY_ID, REVIEWED_ID

CSS = Path(__file__).resolve().parents[2] / "src/newsdesk/static/css/site.css"
PAGES = ["/", f"/story/{DISCREPANCY_ID}", f"/quick/{REVIEWED_ID}", "/quick", "/category/politics",
         "/search?q=levy", "/tag/mara-lindqvist", "/editor/login", "/nowhere"]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _palette() -> dict[str, str]:
    root = re.search(r":root\s*{(.*?)}", CSS.read_text(), re.S).group(1)
    return {name: value for name, value in re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", root)}


@pytest.mark.parametrize("fg, bg", [
    ("ink", "paper"), ("ink-2", "paper"), ("muted", "paper"), ("muted", "paper-2"), ("accent", "paper"),
    ("ai", "paper"), ("ai", "ai-bg"), ("ink-2", "paper-2"), ("ok", "paper"), ("accent", "paper-2"),
])
def test_text_colours_meet_wcag_aa(fg, bg):
    colours = _palette()
    assert contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg)


@pytest.mark.parametrize("fg, bg", [("#7a5200", "#fff6e0"), ("#6b4e00", "#fff6e0"), ("#4b2a9a", "#efe9ff"),
                                    ("#8a1c14", "#fdecea"), ("#ffffff", "#121212")])
def test_badge_colours_meet_wcag_aa(fg, bg):
    assert contrast(fg, bg) >= 4.5


@pytest.mark.parametrize("path", PAGES)
def test_page_structure(client, path):
    r = client.get(path)
    page = scan(r.text)
    assert page.find("html", lang="en")
    assert len(page.find("h1")) == 1, path
    assert page.find("main", id="main") and page.find("a", class_="skip-link")
    for tag, attrs in page.tags:
        if tag == "img":
            assert "alt" in attrs, attrs
    ids = {a.get("id") for _t, a in page.tags if a.get("id")}
    labelled = {a.get("for") for t, a in page.tags if t == "label"}
    for tag, attrs in page.tags:
        if tag in ("input", "textarea", "select") and attrs.get("type") not in ("hidden", "checkbox", "submit"):
            assert attrs.get("id") in labelled, (path, attrs)
    assert len(ids) == len([a for _t, a in page.tags if a.get("id")]), "ids are unique"
