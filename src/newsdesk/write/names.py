"""Given names, for telling a person's name from the words around it.

A run of capitalised words does not say where a role ends and a name starts: every German noun
is capitalised ("Teamchef Jonas Brandt"), and English titles are too ("Volunteer Coordinator
Bonnie Young"). A name here starts at a given name, taken from the name list of the
``nomquamgender`` package (given names from many countries, MIT licensed, installed with the
models, see ``requirements/models.txt``). Without it the list is empty, and the quote finders
that need it name no speaker where they would have needed it.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

logger = logging.getLogger(__name__)

__all__ = ["FullName", "after_honorifics", "female_share", "full_names_by_family_name", "given_names", "is_given_name",
           "is_nationality"]

_MIN_SOURCES, _MIN_COUNT = 12, 300

# One entry of the name list: "torsten": [21, 5416, 0.0, 3] (sources, people, share of them women, then
# what we do not use).
_NAME_ENTRY = re.compile(r'"((?:[^"\\]|\\.)*)": \[(\d+), (\d+), ([\d.]+)')


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Lower-case given names that at least 12 of the list's sources and 300 people carry (see
    :func:`_name_list`)."""
    return frozenset(_name_list())


def female_share(word: str) -> float | None:
    """The share of the people named ``word`` (a given name) who are women, per the name list:
    "Mary" 0.98, "John" 0.001, "Alex" 0.09; None for a word the list does not hold."""
    return _name_list().get(_unaccented(word.strip(",.;:").lower()))


@lru_cache(maxsize=1)
def _name_list() -> dict[str, float]:
    """Lower-case given names that at least 12 of the list's sources and 300 people carry.

    Read from ``nomquamgender``'s data file without importing the package (its code needs
    pandas, which newsdesk does not). The 22 MB file is scanned entry by entry rather than
    parsed whole, which would build a dict of all 720,000 entries first. Empty, with a warning,
    when the package is absent.
    """
    try:
        path = metadata.distribution("nomquamgender").locate_file("nomquamgender/name_data.json")
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (metadata.PackageNotFoundError, OSError, ValueError) as exc:
        logger.warning("no given-name list (nomquamgender: %s): quotes that need it get no named speaker", exc)
        return {}
    found: dict[str, float] = {}
    for m in _NAME_ENTRY.finditer(text):
        if int(m.group(2)) >= _MIN_SOURCES and int(m.group(3)) >= _MIN_COUNT:
            found[json.loads(f'"{m.group(1)}"') if "\\" in m.group(1) else m.group(1)] = float(m.group(4))
    if not found and text.strip():  # another layout than this version's: parse it whole
        data = json.loads(text)
        found = {n: float(share) for n, (sources, count, share, *_rest) in data.items()
                 if sources >= _MIN_SOURCES and count >= _MIN_COUNT}
    return found


def is_given_name(word: str) -> bool:
    """``Torsten``, ``Hans-Peter``, ``Bonnie``: a capitalised word the name list knows as a given name."""
    word = word.strip(",.;:")
    if not word[:1].isupper() or word.isupper():
        return False
    known = given_names()
    return all(part.lower() in known or _unaccented(part.lower()) in known for part in word.split("-") if part)


def _unaccented(word: str) -> str:
    """``agnès`` → ``agnes``, ``andrés`` → ``andres``: the list spells most names without accents.

    German umlauts stay: "Länder", "Löwe" and "Ära" would otherwise read as given names."""
    out: list[str] = []
    for c in unicodedata.normalize("NFD", word):
        if unicodedata.combining(c) and not (c == "\u0308" and out and out[-1] in "aou"):
            continue
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


def after_honorifics(words: list[str], i: int, honorifics: frozenset[str]) -> int:
    """Index of the first word at or after ``i`` that is not in ``honorifics`` ("Dr.", "Mme")."""
    while i < len(words) and words[i] in honorifics:
        i += 1
    return i


# "Tomas Halvorsen", "Elias J. Marchetti", "Hans-Peter Wolff", "Rand Paul’s": a given name, an initial
# maybe, a family name.
# A lookahead, so that "Governor Elias J. Marchetti" is tried from each word on.
_FULL_NAME = re.compile(r"(?=\b(([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:[A-Z]\.\s+)?([A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)\b))")


# Capitalised words the name list also holds that start no person's name here: articles, pronouns,
# particles, months and weekdays ("The Supreme Court", "In June Hodgkins pleaded …").
_NEVER_GIVEN = frozenset(
    "the a an he she it we they his her its this that in on at le la les el los las lo il un una une uno "
    "de du des del da di van von der die das den dem ein eine saint st january february march april may "
    "june july august september october november december monday tuesday wednesday thursday friday "
    "saturday sunday".split()
)


@dataclass(frozen=True)
class FullName:
    """A person's full name as a source writes it, and the source sentence that writes it."""

    text: str
    article_index: int
    sentence: str


def full_names_by_family_name(sentences_of: list[list[str]], texts: list[str], common: frozenset[str] = frozenset()
                              ) -> dict[str, FullName]:
    """The one full name each family name stands for in a story's sources: ``{"Halvorsen": "Tomas Halvorsen"}``.

    A family name counts only when it is unambiguous and its given name reads as one:

    - one given name for it in all the sources ("Joe Biden" and "Hunter Biden": neither);
    - the given name is on the name list and never stands without the family name in any source
      ("Virginia Foxx" in a story that names the state of Virginia, "Justice Department", "The
      Florida": the first word is no given name there);
    - the family name is no word the sources write in lower case and none of ``common`` ("Department",
      "Representative");
    - the full name is written somewhere other than at a sentence's start, where any word is capitalised
      (German "Nasser Schnee …", wet snow, is no Nasser).

    Args:
        sentences_of: each article's sentences, as the writer cites them.
        texts: each article's text.
        common: lower-case words that are never a family name (organisation words).

    Returns:
        The family name → its full name and the first sentence (by article order) that gives it.
    """
    found: dict[str, dict[str, FullName]] = {}
    inside: set[str] = set()  # full names written somewhere other than at a sentence's start
    for i, sentences in enumerate(sentences_of):
        for sentence in sentences:
            for m in _FULL_NAME.finditer(sentence):
                given, family = m.group(2), m.group(3)
                if is_given_name(given) and given.lower() not in _NEVER_GIVEN:
                    found.setdefault(family, {}).setdefault(given, FullName(m.group(1), i, sentence))
                    if sentence[: m.start()].strip(" “\"„«‘'(["):
                        inside.add(f"{given} {family}")
    everything = "\n".join(texts)
    lower = set(re.findall(r"\b[a-z][a-z-]+\b", everything))
    out = {}
    for family, by_given in found.items():
        if len(by_given) != 1 or family.lower() in lower or family.lower() in common:
            continue
        given, name = next(iter(by_given.items()))
        if f"{given} {family}" not in inside:
            continue  # only ever at a sentence's start, where any word is capitalised: "Nasser Schnee …"
        alone = len(re.findall(rf"\b{re.escape(given)}\b", everything))
        with_family = len(re.findall(rf"\b{re.escape(given)}\s+(?:[A-Z]\.\s+)?{re.escape(family)}\b", everything))
        if alone == with_family:
            out[family] = name
    return out


# A people, a nationality or a language: "Chinese", "Americans", "British", "Korean"; and the ones these
# endings miss ("is alone in naming Soviet:" led a stories_dev perspective, session 17).
_DEMONYM_ENDINGS = ("ese", "ian", "ish", "ican", "ean")
_DEMONYMS = frozenset(
    "soviet thai swiss dutch french greek iraqi israeli pakistani saudi kuwaiti qatari yemeni omani emirati "
    "bangladeshi nepali somali afghan czech slovak serb croat arab kurd kurdish welsh scots basque catalan "
    "filipino filipina".split()
)


def is_nationality(word: str) -> bool:
    """True for a people, a nationality or a language ("Chinese", "Americans", "Soviet"): no place, person
    or subject of its own."""
    w = word.lower().rstrip(".,")
    return w.endswith(_DEMONYM_ENDINGS) or w.rstrip("s").endswith(_DEMONYM_ENDINGS) or w.rstrip("s") in _DEMONYMS
