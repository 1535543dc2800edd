"""byline.py: trafilatura's author search in one pass gives trafilatura's answer."""

from __future__ import annotations

import gzip
from copy import deepcopy

import lxml.html
import pytest
import trafilatura
from trafilatura import metadata as trafilatura_metadata

from conftest import SHARED
from newsdesk.byline import byline_candidates, find_author

EVAL_PAGES = SHARED / "data" / "extraction" / "trafilatura_eval" / "html"


def page(body: str) -> str:
    return f"<html><head><title>t</title></head><body><article><h1>Title</h1>{body}" \
           "<p>" + "Some article text that goes on. " * 20 + "</p></article></body></html>"


# one page per rule of trafilatura's expressions, and the pruning cases around them
PAGES = {
    "rel author": page('<a rel="author" href="/x">Jane Doe</a>'),
    "author element": page("<author>Jane Doe</author>"),
    "author-name class": page('<span class="post-author-name">Jane Doe</span>'),
    "AuthorName class": page('<div class="AuthorName">Jane Doe</div>'),
    "data-testid": page('<span data-testid="AuthorCard">Jane Doe</span>'),
    "itemprop author name": page('<span itemprop="author name">Jane Doe</span>'),
    "rel me child": page("<p>Jane Doe<rel>me</rel></p>"),
    "byline class": page('<p class="byline">By Jane Doe</p>'),
    "BBL class": page('<p class="BBL">Jane Doe</p>'),
    "zuozhe id": page('<div id="zuozhe-box">Jane Doe</div>'),
    "submitted-by": page('<span class="submitted-by">Jane Doe</span>'),
    "itemprop author": page('<span itemprop="author"><span itemprop="name">Jane Doe</span></span>'),
    "data-component Byline": page('<section data-component="Byline">Jane Doe</section>'),
    "Author id any tag": page('<section id="mainAuthor">Jane Doe</section>'),
    "writer class any tag": page('<section class="writer">Jane Doe</section>'),
    "h2 byline class (third rule only)": page('<h2 class="Byline">Jane Doe</h2>'),
    "inside sidebar: pruned": page('<div class="sidebar"><span class="author">Sidebar Person</span></div>'
                                   '<p class="byline">Jane Doe</p>'),
    "inside figure: pruned": page('<figure><span class="author">Photo Person</span></figure><p class="byline">Jane Doe</p>'),
    "time inside byline: pruned from the text": page('<p class="byline">By Jane Doe <time>May 3, 2024</time></p>'),
    "comments list: pruned": page('<div id="comments-list"><span class="author">Commenter One</span></div>'),
    "element itself pruned": page('<span class="author quote">Quoted Person</span><p class="byline">Jane Doe</p>'),
    "too long, next wins": page(f'<span class="author">{"x" * 130}</span><p class="byline">Jane Doe</p>'),
    "too short": page('<span class="author">JD</span>'),
    "email only": page('<span class="author">jane@example.org</span>'),
    "none": page("<p>No byline here.</p>"),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_find_author_agrees_with_trafilatura_on_each_rule(name):
    tree = lxml.html.fromstring(PAGES[name])
    assert find_author(tree) == trafilatura_metadata.extract_author(tree)


def test_the_rule_pages_find_what_they_are_about():
    """Not only agreement: the cases find (or refuse) the byline they were written for."""
    found = {name: find_author(lxml.html.fromstring(html)) for name, html in PAGES.items()}
    assert found["rel author"] == "Jane Doe"
    assert found["inside sidebar: pruned"] == "Jane Doe"
    assert found["inside figure: pruned"] == "Jane Doe"
    assert found["element itself pruned"] == "Jane Doe"
    assert found["time inside byline: pruned from the text"] == "Jane Doe"
    assert found["comments list: pruned"] is None
    assert found["too short"] is None and found["none"] is None


def test_find_author_leaves_the_tree_alone():
    tree = lxml.html.fromstring(PAGES["time inside byline: pruned from the text"])
    before = lxml.html.tostring(tree)
    assert find_author(tree) == "Jane Doe"
    assert lxml.html.tostring(tree) == before


def _eval_trees(limit: int):
    if not EVAL_PAGES.exists():
        pytest.skip(f"needs the shared extraction eval pages ({EVAL_PAGES}); CI has them")
    for path in sorted(EVAL_PAGES.glob("*.gz"))[:limit]:
        tree = trafilatura.load_html(gzip.decompress(path.read_bytes()))
        if tree is not None:
            yield path.name, tree


def test_candidates_and_author_match_trafilatura_on_real_pages():
    checked = found = 0
    for name, tree in _eval_trees(150):
        for expression, ours in zip(trafilatura_metadata.AUTHOR_XPATHS, byline_candidates(tree), strict=True):
            assert expression(tree) == ours, name
        theirs = trafilatura_metadata.extract_author(deepcopy(tree))
        assert find_author(tree) == theirs, name
        checked += 1
        found += theirs is not None
    assert checked >= 140 and found >= 20
