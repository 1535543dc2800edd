"""Opinion pieces, known by where their outlet files them or by how it titles them.

A column or an editorial argues; a news report states what happened. The writer keeps an
opinion piece's sentences off the summary, the quick read and the sections (no page may state
a columnist's view as fact) and leaves them to the perspectives, where every line is
attributed to its outlet. Outlets mark opinion in the URL (``/opinion/``, ``/opinions/``,
``/commentary/``, ``/editorials/``, ``/op-ed/``, ``/columnists/``, a slug ending ``-opinion``) or
in the title ("Opinion: …", "Commentary | …"), and a source may be named for its opinion desk
("New York Post (Opinion)", "NYT > Opinion"). These signals are precise: on the 813 articles of
AllSides' ``stories_dev`` every article they flag is one AllSides tags OPINION
(``bench/bench_writer.py``); pieces an outlet files like news are not found, and stay news.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsdesk.models import Article

__all__ = ["is_opinion"]

_OPINION_PATH = re.compile(
    r"/(?:opinions?(?:/|$)|(?:commentary|editorials?|op-?eds?|columns?|columnists?|viewpoints?|letters)(?:/|$))"
    r"|-opinion(?:-\d+)?(?:\.html?)?(?:/|$)",  # the slug's last word ("…-absurdity-opinion-667999")
    re.I,
)
# Opinion desks known by their own section names: the Guardian's "Comment is free", the Atlantic's
# "Ideas", NBC's "Think" (as the first part of the path only: "/world/ideas-for-…" is news).
_OPINION_SECTION = re.compile(r"^/(?:commentisfree|ideas|think)(?:/|$)", re.I)
# A feed or source named for its opinion desk: "New York Post (Opinion)", "NYT > Opinion", "WSJ Opinion".
_OPINION_OUTLET = re.compile(r"(?:^|[\s(>|:–—-])(?:Opinions?|Editorials?|Commentary|Op-?Eds?)\)?\s*$")
_OPINION_TITLE = re.compile(r"^\s*(?:opinion|commentary|editorial|op-?ed|column|viewpoint)\s*[:|–—-]\s*\S", re.I)


def is_opinion(article: Article) -> bool:
    """True when the outlet files, titles or names the article as opinion (column, editorial, op-ed)."""
    try:
        path = urlsplit(article.url or "").path
    except ValueError:
        path = ""
    return bool(_OPINION_PATH.search(path) or _OPINION_SECTION.match(path) or _OPINION_TITLE.match(article.title or "")
                or _OPINION_OUTLET.search(article.outlet or ""))
