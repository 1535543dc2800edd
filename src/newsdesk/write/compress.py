"""Sentence compression that only ever removes words (plus relative-date resolution).

Unwraps a sentence that is wholly a parenthesised aside; drops datelines (``LONDON (Reuters) —``,
``Washington (CNN)``), parentheticals (not one that qualifies a count: "(including the shooter)"), and trailing attribution-only clauses
(``…, officials said.``) when the sentence holds no direct quote; then resolves relative dates.
Nothing is added except a resolved date, which the verifier knows how to check.
"""

from __future__ import annotations

import re
from datetime import datetime

from newsdesk.write.dates import resolve_relative_dates

__all__ = ["compress_sentence", "strip_dateline", "strip_label", "unwrap_parentheses"]

_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'\-]+(?:[ ,]+[A-Z][A-Za-z.'\-]+){0,3}\s*(?:\([^)]{1,40}\))?|\([A-Z][\w ]{1,30}\))"
    r"\s*[—–-]{1,2}\s+"
)
# "Kaieteur News – Police investigators …": an outlet's name as the dateline, in title case.
_OUTLET_DATELINE = re.compile(
    r"^(?:[A-Z][\w.'\-]+ ){0,3}(?:News|Times|Post|Press|Herald|Tribune|Journal|Gazette|Observer|Chronicle|"
    r"Online|Today|Daily|Wire|Radio|TV|Newsroom)\s*[—–]\s+(?=[A-Z“\"])"
)
# "Washington (CNN)Republicans are …": the outlet's dateline glued to the first word, no dash.
_GLUED_DATELINE = re.compile(r"^(?:[A-Z][\w.'\-]*(?:[ ,]+[A-Z][\w.'\-]*){0,3}\s*)?\([A-Z][\w .]{1,30}\)(?=[A-Z“\"])")
# A list's step number glued to its first word by the page's markup: "1Heat oven to 350°F."
_GLUED_STEP = re.compile(r"^\d{1,2}(?=[A-Z][a-z]{2,}\b)")
_PAREN = re.compile(r"\s*\([^()]{1,100}\)")
# A parenthetical that changes what the words before it count or say: "Four people were killed
# (including the shooter)" is not "Four people were killed" when another outlet reports three
# victims. Party tags, unit conversions and acronyms go; these stay.
_QUALIFYING_PAREN = re.compile(
    r"^\(\s*(?:including|includes|included|excluding|not\b|counting|among them|of (?:whom|which|them)|"
    r"plus|minus|except|only|mostly|mainly|all of|none of|both|neither|either|at least|at most|or more|"
    r"or fewer|up to|down from|up from|compared)\b",
    re.I,
)
_TRAILING_ATTRIBUTION = re.compile(
    r",\s*(?:(?:he|she|they|it|officials|police|authorities|the company|the agency|the ministry|"
    r"a spokes(?:man|woman|person)|the report|reports|sources|analysts|experts|witnesses)\s+"
    r"(?:said|say|says|added|noted|reported|told [A-Z][\w ]{0,30})|(?:said|according to) "
    r"(?:officials|police|authorities|the company|a spokes(?:man|woman|person)|sources|reports))"
    r"\s*\.$"
)


_LABEL = re.compile(
    r"^(?:[A-Z][a-z]+(?: [a-z]+){1,3}|Anchor|Reporter|Correspondent|Host|Narrator|Announcer):\s+(?=[A-Z“\"])"
)


def strip_label(sentence: str) -> str:
    """Remove a short newsletter label (``Why it matters:``, ``The big picture:``) or a broadcast one (``Anchor:``)."""
    return _LABEL.sub("", sentence, count=1)


def strip_dateline(sentence: str) -> str:
    """Remove a leading dateline such as ``LONDON (Reuters) —``, ``WASHINGTON —`` or ``Kaieteur News –``."""
    stripped = _GLUED_DATELINE.sub("", _DATELINE.sub("", sentence, count=1), count=1)
    stripped = _OUTLET_DATELINE.sub("", stripped, count=1)
    if stripped != sentence and stripped:
        stripped = stripped[0].upper() + stripped[1:]
    return stripped


# A sentence that is wholly an aside: "(Early voting begins June 12.)".
_WHOLLY_PARENTHESISED = re.compile(r"^\((?P<inner>[^()]+[.!?][”\"’']?)\)$")


def unwrap_parentheses(sentence: str) -> str:
    """``(Early voting begins June 12.)`` → ``Early voting begins June 12.``; other text unchanged.

    A source's parenthesised aside is still the source's fact; published as prose it loses the
    brackets that only made sense next to the sentence before it.
    """
    m = _WHOLLY_PARENTHESISED.match(sentence.strip())
    return m.group("inner").strip() if m else sentence


def compress_sentence(
    sentence: str, published: datetime | None = None, *, keep_attribution: bool = False
) -> str:
    """Shorten a source sentence without adding facts.

    Args:
        sentence: a verbatim source sentence.
        published: the source article's publication time, used to resolve "on Tuesday".
        keep_attribution: keep trailing "…, officials said." (for contested claims).

    Returns:
        The compressed sentence; it is the input when nothing applies.
    """
    # a hard-wrapped line ("… the standard library\nnow operate …", text.split_paragraphs) reads as one line
    text = re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", sentence.strip())
    text = strip_label(strip_dateline(unwrap_parentheses(text)))
    text = _GLUED_STEP.sub("", text, count=1)
    has_quote = any(q in text for q in "\"“”")
    if not has_quote:
        # A parenthetical between two words leaves one space, not none ("a(b)c" → "a c").
        without = _PAREN.sub(lambda m: m.group() if _QUALIFYING_PAREN.match(m.group().strip())
                             else " " if text[m.end():m.end() + 1].isalnum() else "", text)
        if len(without.split()) >= 5:
            text = without
        if not keep_attribution:
            text = _TRAILING_ATTRIBUTION.sub(".", text)
            text = re.sub(r"(?<=\.)\.$", "", text)  # "… shortly before 4 p.m.." → "… 4 p.m."
    if not has_quote:
        # a space a removed link left before a stop or comma: "… wie der Experte Ross Young berichtet ."
        text = re.sub(r"(?<=\w) +([.,])(?=\s|$)", r"\1", text)
    if not has_quote and text != sentence:
        # Tidy the seams left by removals; quoted text is never touched.
        text = re.sub(r"\s+([,;:])", r"\1", text)
        text = re.sub(r"\s+\.$", ".", text)
        text = re.sub(r"\s{2,}", " ", text).strip()
    text = resolve_relative_dates(text, published)
    return text or sentence
