"""Direct quotes and who said them.

Finds text in quotation marks (“curly” or "straight") inside a sentence and the speaker the
same sentence names, before the quote (``Merz said: “…”``, ``German Chancellor Friedrich Merz
told reporters “…”``) or after it (``“…,” said Jane Doe, a senator from Ohio.``, ``“…,” Doe
said``, ``“…”, according to Jane Doe``). Multi-sentence quotes stay whole because the sentence
splitter never cuts inside an open quotation.

A quote whose speaker cannot be named from the sentence itself (``“…,” he said``, ``“…,” an
official said``) is kept with ``speaker=None``: it may be shown in prose but is never a pull
quote.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from newsdesk.text import split_sentences

logger = logging.getLogger(__name__)

__all__ = ["Quote", "extract_quotes", "split_title", "TITLE_WORDS"]

# Words that make a capitalised phrase a title/role rather than part of a name.
TITLE_WORDS = frozenset(
    """
    president vice prime minister chancellor secretary senator sen. rep. representative governor gov.
    mayor judge justice chief ceo cfo coo cto director chair chairman chairwoman chairperson spokesman
    spokeswoman spokesperson general gen. admiral colonel col. lt. captain commissioner ambassador envoy
    king queen prince princess pope speaker leader minority majority deputy foreign defence defense
    finance interior health home economy trade attorney lawyer professor prof. dr. mr. mrs. ms.
    dr mr mrs ms founder executive officer head coach manager analyst economist adviser advisor
    sheriff superintendent inspector detective officer sergeant premier emir sultan archbishop bishop
    rabbi imam cardinal state special us u.s. uk u.k. eu un house white county city federal national
    """.split()
)
_SAY_VERBS = (
    r"said|says|say|told|tells|added|adds|wrote|writes|stated|states|declared|declares|warned|"
    r"warns|argued|argues|explained|explains|insisted|insists|noted|notes|asked|asks|"
    r"replied|replies|continued|claimed|claims|stressed|stresses|remarked|tweeted|posted|announced"
)
_CAP = r"(?:[A-Z]\.(?:[A-Z]\.)+|(?:Mr|Mrs|Ms|Dr|St|Jr|Sen|Rep|Gov|Gen|Lt|Col|Prof)\.|[A-Z][\w’'\-]*)"
_TITLE_LC = (
    r"(?:envoy|minister|president|secretary|spokesman|spokeswoman|spokesperson|chief|official|"
    r"leader|senator|governor|mayor|chancellor|ambassador|director|adviser|advisor)"
)
_NAME = rf"(?:(?:{_CAP}[ ]+){{1,3}}(?:{_TITLE_LC}[ ]+)+)?{_CAP}(?:[ ]+(?:(?:of|de|van|von|al|bin|da|del|la|le)[ ]+)?{_CAP})*"
_ROLE = r"[^,.;:“”\"]{2,80}?"
_QUOTE_RE = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")

# Patterns on the text AFTER the closing quote mark.
_AFTER_PATTERNS = [
    # , said Jane Doe, a senator from Ohio.   /  , said German Chancellor Friedrich Merz.
    re.compile(rf"^\s*,?\s*(?:{_SAY_VERBS})\s+(?P<name>{_NAME})(?:\s*,\s*(?P<role>{_ROLE})\s*(?:[,.;]|$))?"),
    # , Jane Doe, a senator from Ohio, said.  /  , Doe said.  /  , Doe told reporters.
    re.compile(
        rf"^\s*,?\s*(?P<name>{_NAME})(?:\s*,\s*(?P<role>{_ROLE})\s*,)?\s+(?:{_SAY_VERBS})\b"
    ),
    # , according to Jane Doe, a senator.
    re.compile(rf"^\s*,?\s*according\s+to\s+(?P<name>{_NAME})(?:\s*,\s*(?P<role>{_ROLE})\s*(?:[,.;]|$))?"),
]
# Patterns on the text BEFORE the opening quote mark (anchored at its end).
_BEFORE_PATTERNS = [
    # Jane Doe, a senator from Ohio, said: / Merz told reporters: / Merz said that
    re.compile(
        rf"(?P<name>{_NAME})(?:\s*,\s*(?P<role>{_ROLE})\s*,)?\s+(?:{_SAY_VERBS})"
        rf"(?:\s+[^,:“”\"]{{0,60}}?)?\s*(?:that\s*)?[:,]?\s*$"
    ),
    # According to Jane Doe, a senator,
    re.compile(rf"[Aa]ccording\s+to\s+(?P<name>{_NAME})(?:\s*,\s*(?P<role>{_ROLE}))?\s*,\s*$"),
]
_NOT_SPEAKER = frozenset(
    "he she they it we i you this that there the a an his her their its officials critics "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


@dataclass(frozen=True)
class Quote:
    """A direct quote found in ``sentence``; ``text`` is verbatim between the quote marks."""

    text: str
    speaker: str | None
    role: str | None
    sentence: str

    @property
    def word_count(self) -> int:
        """Number of words in the quoted text."""
        return len(self.text.split())


def split_title(phrase: str) -> tuple[str | None, str]:
    """Split ``"German Chancellor Friedrich Merz"`` into ``("German Chancellor", "Friedrich Merz")``.

    The name is what follows the last title word; the role is what comes before it, verbatim.
    """
    words = phrase.split()
    last_title = -1
    for i, w in enumerate(words[:-1]):
        if w.lower().strip(",") in TITLE_WORDS or w.islower():
            last_title = i
    if last_title < 0:
        return None, phrase
    role = " ".join(words[: last_title + 1])
    name = " ".join(words[last_title + 1 :])
    return role, name


def _clean_role(role: str | None) -> str | None:
    if not role:
        return None
    role = role.strip(" ,")
    if not role or role.lower().split()[0] in {"he", "she", "they", "who", "which", "and", "but"}:
        return None
    if re.match(rf"^(?:{_SAY_VERBS})\b", role):
        return None
    return role


def _speaker(name: str | None, role: str | None) -> tuple[str | None, str | None]:
    """Validate a matched name and separate a leading title from it."""
    if not name:
        return None, None
    name = re.sub(r"(?:’s|'s)$", "", name.strip())
    title_role, person = split_title(name)
    words = person.split()
    while words and words[0].lower() in _NOT_SPEAKER:
        words = words[1:]
    if not words or all(w.lower().strip(".") in TITLE_WORDS for w in words):
        return None, None
    person = " ".join(words)
    role = _clean_role(role)
    if title_role and role:
        role = f"{title_role}, {role}"
    return person, role or title_role


def _find_speaker(before: str, after: str) -> tuple[str | None, str | None]:
    for pattern in _AFTER_PATTERNS:
        m = pattern.match(after)
        if m:
            speaker, role = _speaker(m.group("name"), m.groupdict().get("role"))
            if speaker:
                return speaker, role
    for pattern in _BEFORE_PATTERNS:
        m = pattern.search(before)
        if m:
            speaker, role = _speaker(m.group("name"), m.groupdict().get("role"))
            if speaker:
                return speaker, role
    return None, None


def _quotes_in_sentence(sentence: str) -> list[Quote]:
    quotes = []
    for m in _QUOTE_RE.finditer(sentence):
        inner = (m.group(1) or m.group(2) or "").strip()
        if not inner:
            continue
        before, after = sentence[: m.start()], sentence[m.end() :]
        speaker, role = _find_speaker(before, after)
        quotes.append(Quote(text=inner, speaker=speaker, role=role, sentence=sentence))
    return quotes


def extract_quotes(text: str) -> list[Quote]:
    """All direct quotes in an article's text, with speaker and role when the sentence names them.

    Args:
        text: article text.

    Returns:
        Quotes in reading order; ``speaker`` is None when no speaker is identifiable.
    """
    quotes: list[Quote] = []
    for sentence in split_sentences(text):
        quotes.extend(_quotes_in_sentence(sentence))
    return quotes
