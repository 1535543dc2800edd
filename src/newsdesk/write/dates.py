"""Relative dates ("on Tuesday") resolved against an article's publication date.

The writer replaces ``on Tuesday`` by ``on November 17`` when the source's published date fixes
which Tuesday it means; the verifier accepts such a date only when the cited sentence has the
weekday and the same resolution gives the same date (see :func:`resolvable_dates`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

__all__ = ["MONTHS", "WEEKDAYS", "resolve_relative_dates", "resolvable_dates", "format_day"]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_MONTH_DAY = re.compile(r"\b(?:" + "|".join(MONTHS) + r") \d{1,2}\b")
_WEEKDAY_NAMES = "|".join(WEEKDAYS)
# A weekday as news writes it: "on Tuesday", "last Friday", "early Tuesday", "by Friday", and the
# bare "said Tuesday" of agency style. A part of the day goes with it: "on Saturday night" must
# become "on the night of November 21", never "on November 21 night". "Tuesday's vote" is left.
_WEEKDAY_MENTION = re.compile(
    r"\b(?:(?P<word>on|last|this|next|early|late|as\sof|by|until|till|since|from|before|after|through|"
    r"for|during)\s)?\b(?P<weekday>" + _WEEKDAY_NAMES + r")(?:\s(?P<part>morning|afternoon|evening|night))?"
    r"\b(?!['’]s)",
    re.I,
)
_DAY_WORDS = frozenset({"on", "last", "this", "next"})  # written "on <Month Day>"
_EDGE_WORDS = frozenset({"early", "late"})  # written "early on <Month Day>"
# The weekday already comes with its date ("Tuesday, May 4"): nothing to resolve.
_MONTH_WORD = r"(?:" + "|".join(MONTHS) + r"|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\b"
_DATE_FOLLOWS = re.compile(r",?\s\(?(?:" + _MONTH_WORD + r"|\d{1,2}(?:st|nd|rd|th)?\s" + _MONTH_WORD + ")")
# Before a bare weekday these words make it something other than the day an event happened:
# "a Sunday interview", "every Monday", "her Monday interview", "but Sunday is Mother's Day".
_NOT_A_DAY_BEFORE = frozenset(
    "a an the every each per other following previous coming past that same one another any "
    "and or but nor while because as when if than to of his her their its our my your whose "
    "with into about against over like at in".split()
)
_BEFORE_WEEKDAY = re.compile(
    r"\b(?:" + _WEEKDAY_NAMES + r")(?:\s(?:morning|afternoon|evening|night))?,?\s(?:and|or|through|to)\s$"
)
# Days named from the publication date: "unveiled today", "Yesterday, the council voted …".
# Lower case, or capitalised at the start of the sentence ("Today" inside a sentence is a title:
# NBC's "TODAY" show, "Tucker Carlson Tonight").
_DAY_RELATIVE = re.compile(
    r"\b(?P<edge>[Ee]arlier\s|[Ll]ater\s)?(?P<rel>[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight|[Ll]ast\snight|"
    r"[Tt]his\s(?:morning|afternoon|evening))(?:\s(?P<part>morning|afternoon|evening|night))?\b(?!['’]s)"
)
_PRESENT = re.compile(r"\b(?:is|are|am)\b")
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"")
_KEEP_BEFORE = re.compile(r"\b(?:until|till|since|by|from|as\sof|before|after|through|for)\s$", re.I)
_NOT_A_DAY_BEFORE_RELATIVE = re.compile(r"(?:\b(?:of|than|like|as)\s|[“\"‘'(]\s*)$", re.I)
_FUTURE = re.compile(r"(?i)\b(will|would|next|is expected|are expected|plans? to|scheduled|is due|are due|set to)\b")


# Past-tense cues: "said", "was", "opened", "began", "fell" … (irregular verbs common in news).
_PAST = re.compile(
    r"(?i)\b(?:was|were|had|did|said|told|made|began|fell|rose|won|lost|met|took|gave|came|went|left|"
    r"became|held|led|saw|found|broke|struck|hit|ran|set|put|cut|sent|spent|paid|sold|brought|died|shot|"
    r"fled|quit|spoke|wrote|chose|drove|flew|threw|grew|knew|drew|fought|bought|caught|sought|thought|"
    r"felt|kept|stood|sat|\w{3,}ed)\b"
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


# Verbs whose object is the day itself: "spent Friday in a shelter", "took Monday off".
_DAY_AS_OBJECT = frozenset("spent spend spends spending took take takes taking".split())  # not "passed": "The bill passed Friday"


def _lead(text: str, start: int, word: str | None) -> str | None:
    """What to write before the resolved date, or None when this weekday is not a day to resolve."""
    if word:
        lower = word.lower()
        if lower in _DAY_WORDS:
            return "on " if word.islower() else "On "
        if lower in _EDGE_WORDS:
            return f"{word} on "  # "early Tuesday" → "early on November 17"
        return f"{' '.join(word.split())} "  # "by Friday" → "by November 20"
    before = text[:start]
    if not before.strip():
        # "Tuesday, the court ruled …"; a weekday that is the subject ("Tuesday was …") is left.
        return "On " if re.match(r"\w+(?:\s\w+)?,", text[start:]) else None
    if _BEFORE_WEEKDAY.search(before):
        return ""  # the second day of "on Thursday and Friday"
    previous = re.search(r"(\S+)\s$", before)
    if not previous:
        return None
    token = previous.group(1)
    if not re.fullmatch(r"[a-z][a-z-]*|[\d.,]+|[ap]\.m\.", token) or token in _NOT_A_DAY_BEFORE:
        return None  # "Biden Thursday reached", "(Tuesday)", "a Sunday interview"
    if token in _DAY_AS_OBJECT:
        return ""  # "spent Friday in a shelter" → "spent November 20 in a shelter", not "spent on November 20"
    return "on "  # "said Friday" → "said on May 7"


def _same_day_everywhere(published: datetime | date) -> bool:
    """True when the publication's calendar day is the same from California to Moscow.

    Stored times are UTC, the writer's own offset is gone: "today" in a story published at
    9:30 p.m. in New York (01:30 UTC the next day) is the day before the UTC date. A weekday
    name says its own day; "today", "yesterday" and "tonight" are resolved only when every
    offset from UTC-8 to UTC+3 gives the same date (08:00–20:59 UTC), or when the source gave
    a date without a time (midnight exactly).
    """
    if not isinstance(published, datetime):
        return True
    moment = published.astimezone(UTC) if published.tzinfo else published
    return moment.time() == time(0) or 8 <= moment.hour < 21


def resolve_relative_dates(text: str, published: datetime | date | None) -> str:
    """Replace a weekday by its date: ``on/last/next Tuesday`` and ``said Tuesday`` → ``on <Month Day>``.

    ``early/late Tuesday`` → ``early on <Month Day>``; ``by/until/since/as of Tuesday`` keep their
    word. A part of the day stays with it: ``on Saturday night`` → ``on the night of November 21``.
    Weekdays that are not the day something happened are left as written: in quotes, possessive
    (``Tuesday's vote``), modifying a noun (``a Sunday interview``, ``every Monday``), followed by
    their date (``Tuesday, May 4``), or with no tense to say which way to count. ``today``,
    ``yesterday``, ``tonight`` and ``this morning`` resolve when a verb makes them a day ("he
    unveiled today") and the publication's day is the same in every zone (:func:`_same_day_everywhere`).

    Args:
        text: one sentence.
        published: when the article that contains it was published; None leaves text as is.

    Returns:
        The sentence with weekdays resolved (``last Tuesday`` → ``on November 10``).
    """
    if published is None:
        return text
    day = published.date() if isinstance(published, datetime) else published
    unquoted = _QUOTED.sub(lambda q: " " * len(q.group()), text)  # same offsets
    future = bool(_FUTURE.search(unquoted))
    past = bool(_PAST.search(unquoted))
    quoted = [q.span() for q in _QUOTED.finditer(text)]

    def repl(m: re.Match[str]) -> str:
        if any(start < m.start() < end for start, end in quoted):
            return m.group(0)  # never change words inside a quotation
        word, weekday, part = m["word"], m["weekday"], m["part"]
        if weekday not in WEEKDAYS:
            return m.group(0)  # "on saturday" in lower case is not a date we can trust
        if _DATE_FOLLOWS.match(text, m.end()):
            return m.group(0)
        lead = _lead(text, m.start(), word)
        if lead is None:
            return m.group(0)
        directed = word is not None and word.lower() in {"last", "next", "this"}
        if not directed and not future and not past and WEEKDAYS.index(weekday) != day.weekday():
            # "The ceasefire takes effect at midnight on Wednesday": no tense says which way.
            return m.group(0)
        # "The Senate approved a bill Tuesday that would …": a future word after the weekday is in
        # a clause of its own; the day counts forward only when one comes before it, or none is past.
        ahead = bool(_FUTURE.search(unquoted[: m.start()])) or (future and not past)
        resolved = _resolve(weekday, day, future=ahead, word=(word or "on").lower())
        when = f"the {part.lower()} of {format_day(resolved)}" if part else format_day(resolved)
        return f"{lead}{when}"

    text = _WEEKDAY_MENTION.sub(repl, text)
    if not _same_day_everywhere(published):
        return text
    return _resolve_day_words(text, day, future=future, past=past)


def _resolve_day_words(text: str, day: date, *, future: bool, past: bool) -> str:
    """``today``, ``yesterday``, ``tonight`` … in ``text`` as dates counted from ``day``."""
    quoted = [q.span() for q in _QUOTED.finditer(text)]
    unquoted = _QUOTED.sub(lambda q: " " * len(q.group()), text)

    def relative(m: re.Match[str]) -> str:
        if any(start <= m.start() < end for start, end in quoted):
            return m.group(0)
        rel = " ".join(m["rel"].lower().split())
        before = text[: m.start()]
        starts = not before.strip()
        capital_inside = ((m["rel"][0].isupper() and (m["edge"] or not starts))
                          or (m["edge"] and m["edge"][0].isupper() and not starts))
        if capital_inside:
            return m.group(0)  # a title inside the sentence: "Tucker Carlson Tonight"
        if _NOT_A_DAY_BEFORE_RELATIVE.search(before):
            return m.group(0)  # "the politics of today", "more than yesterday"
        if _DATE_FOLLOWS.match(text, m.end()):
            return m.group(0)  # "launched yesterday (Nov. 7)": the date is there already
        if rel in ("today", "tonight") or rel.startswith("this "):
            # "Today, Americans face …", "Midprice cars today are controlled by …": the present in
            # general. Only a past or future verb makes it the day: "he unveiled today", "will vote tonight".
            told = _PAST.search(unquoted[: m.start()].split(",")[-1][-30:]) or _FUTURE.search(unquoted)
            if not told and (not (future or past) or _PRESENT.search(unquoted)):
                return m.group(0)
        offset = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(rel, 0)
        when = format_day(day + timedelta(days=offset))
        part = ("night" if rel in ("tonight", "last night") else rel[5:] if rel.startswith("this ")
                else (m["part"] or "").lower())
        when = f"the {part} of {when}" if part else when
        if m["edge"]:
            return f"{m['edge']}on {when}"  # "earlier today" → "earlier on July 14"
        if _KEEP_BEFORE.search(before) or re.search(r"\bon,?\s$", before):
            return when  # "until today" → "until July 14"
        return f"{'On' if starts else 'on'} {when}"

    return _DAY_RELATIVE.sub(relative, text)


def resolvable_dates(source_sentence: str, published: datetime | date | None) -> set[str]:
    """Dates (``November 17``) that :func:`resolve_relative_dates` may write for this sentence."""
    if published is None:
        return set()
    resolved = resolve_relative_dates(source_sentence, published)
    return set(_MONTH_DAY.findall(resolved))
