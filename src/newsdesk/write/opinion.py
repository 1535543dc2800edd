"""Opinion pieces, known by where their outlet files them or by how it titles them.

A column or an editorial argues; a news report states what happened. The writer keeps an
opinion piece's sentences off the summary, the quick read and the sections (no page may state
a columnist's view as fact) and leaves them to the perspectives, where every line is
attributed to its outlet. Outlets mark opinion in the URL (``/opinion/``, ``/opinions/``,
``/commentary/``, ``/editorials/``, ``/op-ed/``, ``/columnists/``, ``/letters/``, a slug starting ``opinion-`` or
ending ``-opinion``, a section such as the Washington Post's ``/outlook/``, a tracking tag such as the
Wall Street Journal's ``?mod=hp_opin_…``) or in the title ("Opinion: …", "Commentary | …",
"Perspectives: …", readers' "Letters: …"), and a source may be named for its opinion desk
("New York Post (Opinion)", "NYT > Opinion"). These signals are precise: on the 813 articles of
AllSides' ``stories_dev`` all but one of the articles they flag are ones AllSides tags OPINION, and
that one, tagged ANALYSIS, is a National Review "Corner" post arguing a case (``bench/bench_writer.py``);
pieces an outlet files like news are not found, and stay news.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsdesk.models import Article

__all__ = ["is_opinion"]

_OPINION_PATH = re.compile(
    r"/(?:opinions?(?:/|$)|(?:commentary|editorials?|op-?eds?|columns?|columnists?|viewpoints?|letters)(?:/|$))"
    r"|-opinion(?:-\d+)?(?:\.html?)?(?:/|$)"  # the slug's last word ("…-absurdity-opinion-667999")
    r"|/opinion-(?!polls?\b|polling\b|surveys?\b|research\b)[a-z0-9]"  # or its first, not an opinion poll
    r"|/letters?-(?:to-the-editor|\d+(?:/|$))",  # readers' letters: "/2023/01/16/letters-1119", "/letters-to-the-editor-…"
    re.I,
)
# An opinion-desk tracking tag in the query: the Wall Street Journal's "?mod=hp_opin_pos_2".
_OPINION_QUERY = re.compile(r"(?:^|&)mod=[^&]*opin", re.I)
# Opinion desks known by their own section names: the Guardian's "Comment is free", the Atlantic's
# "Ideas", NBC's "Think" (as the first part of the path only: "/world/ideas-for-…" is news).
# The Washington Post's "Outlook" and National Review's blog "The Corner" are opinion sections too.
_OPINION_SECTION = re.compile(r"^/(?:commentisfree|ideas|think|outlook|corner)(?:/|$)", re.I)
# A feed or source named for its opinion desk: "New York Post (Opinion)", "NYT > Opinion", "WSJ Opinion".
_OPINION_OUTLET = re.compile(r"(?:^|[\s(>|:–—-])(?:Opinions?|Editorials?|Commentary|Op-?Eds?)\)?\s*$")
_OPINION_TITLE = re.compile(
    r"^\s*(?:opinion|commentary|editorial|op-?ed|column|viewpoint|perspectives?|letters?(?: to the editor)?)"
    r"\s*[:|–—-]\s*\S", re.I
)


def is_opinion(article: Article) -> bool:
    """True when the outlet files, titles or names the article as opinion (column, editorial, op-ed)."""
    try:
        parts = urlsplit(article.url or "")
        path, query = parts.path, parts.query
    except ValueError:
        path = query = ""
    return bool(_OPINION_PATH.search(path) or _OPINION_SECTION.match(path) or _OPINION_QUERY.search(query)
                or _OPINION_TITLE.match(article.title or "") or _OPINION_OUTLET.search(article.outlet or ""))
