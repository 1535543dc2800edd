"""The byline search of ``trafilatura.metadata.extract_author``, in one pass over the page.

trafilatura looks for an author, when a page's meta tags and JSON-LD name none, by copying the
whole tree, pruning comments/sidebars/dates/figures from the copy and then running three XPath
expressions over it, first match wins. On news pages that was a fifth of our extraction time:
each expression walks every element and calls Python's ``re`` for each class attribute.

:func:`find_author` gives the same answer without the copy: one walk over the page collects the
elements each of the three expressions selects (the conditions below are trafilatura's,
condition for condition, in its order); a candidate is skipped when the pruning would have
removed it or an ancestor, and only a candidate that has prunable parts inside is copied and
pruned before its text is read. The pruning expressions are trafilatura's own, turned towards
the candidate's ancestors and descendants. ``tests/test_byline.py`` checks, on the extraction
eval pages, that the selected elements and the author agree with trafilatura's for every page,
so an upgrade of trafilatura that changes its expressions fails there.
"""

from __future__ import annotations

import re
from copy import deepcopy

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura import metadata as trafilatura_metadata
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.utils import trim

__all__ = ["find_author", "byline_candidates"]

_EXSLT = {"re": "http://exslt.org/regular-expressions"}
_MAX_LENGTH = 120  # extract_author's len_limit


def _pruning_checks() -> tuple[XPath, XPath]:
    """trafilatura's AUTHOR_DISCARD_XPATHS as 'would this element be removed?' and 'does it hold removable parts?'."""
    first, second = (expression.path.strip() for expression in trafilatura_metadata.AUTHOR_DISCARD_XPATHS)
    if not first.startswith(".//*[") or not re.fullmatch(r"//\w+(?:\|//\w+)*", second):
        raise RuntimeError("trafilatura's AUTHOR_DISCARD_XPATHS changed shape; update newsdesk.byline")
    condition = first[len(".//*"):]
    tags = re.findall(r"//(\w+)", second)
    # ``.//*`` from the root never selects the root itself, hence ``[parent::*]``
    removed = XPath("ancestor-or-self::*[parent::*]" + condition
                    + "".join(f"|ancestor-or-self::{tag}" for tag in tags), namespaces=_EXSLT)
    inside = XPath(".//*" + condition + "".join(f"|.//{tag}" for tag in tags), namespaces=_EXSLT)
    return removed, inside


_REMOVED, _HAS_REMOVABLE = _pruning_checks()

# trafilatura.metadata.AUTHOR_XPATHS, one expression per group
_TAGS_1 = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_CLASS_1 = re.compile("author-?name|AuthorName|authorName")
_TAGS_2 = frozenset({"a", "div", "h3", "h4", "p", "span"})
_ID_2 = re.compile("author|zuozhe|bianji|xiaobian")
_CLASS_2 = re.compile("author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
_ID_3 = re.compile("[Aa]uthor")
_CLASS_3 = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")
# a word every one of those attribute tests needs ("uthor" in author/Author/AuthorCard, "yline" in Byline)
_ANY_WORD = re.compile("uthor|yline|byl|BBL|username|zuozhe|bianji|xiaobian|channel-name|submitted-by"
                       "|posted-by|journalist-name|screenname|writer")


def _has_rel_me_child(element: HtmlElement) -> bool:
    # the first expression's ``rel='me'`` (no @): a child <rel> element whose text is "me"
    return any(child.tag == "rel" and "".join(child.itertext()) == "me" for child in element)


def byline_candidates(tree: HtmlElement) -> tuple[list[HtmlElement], list[HtmlElement], list[HtmlElement]]:
    """The elements each of trafilatura's three author expressions selects, in document order."""
    first: list[HtmlElement] = []
    second: list[HtmlElement] = []
    third: list[HtmlElement] = []
    has_rel = next(tree.iter("rel"), None) is not None  # <rel> elements are rare; skip the child test without
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        values = element.values()
        # every attribute condition below needs one of these words in some attribute value
        if not values or not _ANY_WORD.search(" ".join(values)):
            if tag == "author" or (has_rel and tag in _TAGS_1 and _has_rel_me_child(element)):
                first.append(element)
            continue
        get = element.get
        css = get("class") or ""
        ident = get("id") or ""
        itemprop = get("itemprop") or ""
        if tag == "author" or (tag in _TAGS_1 and (
                get("rel") == "author" or ident == "author" or css == "author" or itemprop == "author name"
                or get("data-testid") in ("AuthorCard", "AuthorURL") or (css and _CLASS_1.search(css))
                or (has_rel and _has_rel_me_child(element)))):
            first.append(element)
        if tag in _TAGS_2 and (css in ("byline", "username", "byl", "BBL") or "author" in itemprop
                               or (ident and _ID_2.search(ident)) or (css and _CLASS_2.search(css))):
            second.append(element)
        if ("Byline" in (get("data-component") or "") or "author" in itemprop
                or (ident and _ID_3.search(ident)) or (css and _CLASS_3.search(css))):
            third.append(element)
    return first, second, third


def find_author(tree: HtmlElement) -> str | None:
    """The author trafilatura's ``extract_author(tree)`` finds; ``tree`` is not modified."""
    for selected in byline_candidates(tree):
        for element in selected:
            if _REMOVED(element):
                continue
            if _HAS_REMOVABLE(element):
                element = prune_unwanted_nodes(deepcopy(element), trafilatura_metadata.AUTHOR_DISCARD_XPATHS)
            content = trim(" ".join(element.itertext()))
            if content and 2 < len(content) < _MAX_LENGTH:
                return trafilatura_metadata.normalize_authors(None, content)
    return None
