"""Relative dates ("on Tuesday") resolved against an article's publication date.

The writer replaces ``on Tuesday`` by ``on November 17`` when the source's published date fixes
which Tuesday it means; the verifier accepts such a date only when the cited sentence has the
weekday and the same resolution gives the same date (see :func:`resolvable_dates`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

__all__ = ["MONTHS", "WEEKDAYS", "resolve_relative_dates", "resolvable_dates", "format_day"]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_MONTH_DAY = re.compile(r"\b(?:" + "|".join(MONTHS) + r") \d{1,2}\b")
# "on Saturday night" must become "on the night of November 21", never "on November 21 night".
_ON_WEEKDAY = re.compile(
    r"\b(on|last|this|next) (" + "|".join(WEEKDAYS) + r")(?: (morning|afternoon|evening|night))?\b", re.I
)
_FUTURE = re.compile(r"(?i)\b(will|would|next|is expected|are expected|plans? to|scheduled|is due|are due|set to)\b")


# Past-tense cues: "said", "was", "opened", "began", "fell" … (irregular verbs common in news).
_PAST = re.compile(
    r"(?i)\b(?:was|were|had|did|said|told|made|began|fell|rose|won|lost|met|took|gave|came|went|left|"
    r"became|held|led|saw|found|broke|struck|hit|ran|set|put|cut|sent|spent|paid|sold|brought|\w{3,}ed)\b"
)


def format_day(day: date) -> str:
    """``November 17`` (no leading zero, no year)."""
    return f"{day:%B} {day.day}"


def _resolve(weekday: str, published: date, *, future: bool, word: str) -> date:
    target = WEEKDAYS.index(weekday)
    delta = (target - published.weekday()) % 7
    if word == "next" or (future and word != "last"):
        return published + timedelta(days=delta)
    back = (published.weekday() - target) % 7
    if word == "last" and back == 0:
        back = 7
    return published - timedelta(days=back)


def resolve_relative_dates(text: str, published: datetime | date | None) -> str:
    """Replace ``on/last/this/next <Weekday>`` by ``on <Month Day>``.

    A part of the day stays with it: ``on Saturday night`` → ``on the night of November 21``.

    Args:
        text: one sentence.
        published: when the article that contains it was published; None leaves text as is.

    Returns:
        The sentence with weekdays resolved (``last Tuesday`` → ``on November 10``).
    """
    if published is None:
        return text
    day = published.date() if isinstance(published, datetime) else published
    unquoted = re.sub(r"“[^“”]*”|\"[^\"]*\"", " ", text)
    future = bool(_FUTURE.search(unquoted))
    past = bool(_PAST.search(unquoted))

    quoted = [q.span() for q in re.finditer(r"“[^“”]*”|\"[^\"]*\"", text)]

    def repl(m: re.Match[str]) -> str:
        if any(start < m.start() < end for start, end in quoted):
            return m.group(0)  # never change words inside a quotation
        word, weekday, part = m.group(1), m.group(2), m.group(3)
        if weekday not in WEEKDAYS:
            return m.group(0)  # "on saturday" in lower case is not a date we can trust
        if (word.lower() == "on" and not future and not past and WEEKDAYS.index(weekday) != day.weekday()):
            # "The ceasefire takes effect at midnight on Wednesday": no tense says which way.
            return m.group(0)
        resolved = _resolve(weekday, day, future=future, word=word.lower())
        on = "on" if word.islower() else "On"
        if part:
            return f"{on} the {part.lower()} of {format_day(resolved)}"
        return f"{on} {format_day(resolved)}"

    return _ON_WEEKDAY.sub(repl, text)


def resolvable_dates(source_sentence: str, published: datetime | date | None) -> set[str]:
    """Dates (``November 17``) that :func:`resolve_relative_dates` may write for this sentence."""
    if published is None:
        return set()
    resolved = resolve_relative_dates(source_sentence, published)
    return set(_MONTH_DAY.findall(resolved))
