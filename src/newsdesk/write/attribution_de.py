"""Who a quote in a German sentence is by.

German news attributes a quote after it, with the verb first (``„…“, sagte HDE-Präsident
Alexander von Preen der „Welt“``, ``„…“, so der Auto-Experte Achmed Leser vom TÜV Thüringen``,
``„…“, erklärt Andre Schmidt, Geschäftsführer der Toyota Deutschland GmbH``,
``„…“, fügte Domracheva hinzu``), or before it with a colon (``Ousman Noor sagt: „…“``).

Every German noun is capitalised, so a run of capitalised words does not tell a role from a
name ("Kabarettist Torsten Sträter", "Teamchef Jonas Brandt"). A name here starts at a given
name: a word the given-name list (:mod:`newsdesk.write.names`) knows as one, followed
by name particles ("von", "van der") and one family name. What comes before it, after the
article, is the role ("HDE-Präsident"); an apposition after a comma ("Geschäftsführer der
Toyota Deutschland GmbH") or an affiliation after the name ("vom TÜV Thüringen") is part of it
too. A bare family name ("sagte Björndalen") is completed from the article by
:func:`full_names_ending_in`; without a given name or a completion there is no named speaker,
because a wrong speaker is worse than none.

Without the name list (the models not installed), German quotes get no named speaker.
"""

from __future__ import annotations

import re

from newsdesk.text import outside_quotations
from newsdesk.write import names

__all__ = ["find_speaker", "full_names_ending_in", "is_given_name", "people_in"]

_SAY_VERBS = (
    # singular only: "sagen die Gastgeber Teresa Unterthiner und Stefan Hinteregger" are two speakers
    "sagte|sagt|erklärte|erklärt|betonte|betont|meinte|meint|ergänzte|ergänzt|fügte|fügt|"
    "berichtete|berichtet|warnte|warnt|kritisierte|kritisiert|schreibt|schrieb|erläuterte|erläutert|"
    "unterstrich|unterstreicht|bekräftigte|bekräftigt|versicherte|versichert|räumte|räumt|forderte|fordert|"
    "erzählte|erzählt|findet|fand|glaubt|glaubte|antwortete|antwortet|resümierte|resümiert|bilanzierte|"
    # not "zitiert": "zitiert T3N den Wissenschaftler John Moody" names the outlet first
    "mahnte|mahnt|kommentierte|kommentiert|bestätigte|bestätigt|schilderte|schildert"
)
# After the quote: ", sagte <phrase>" / ", so <phrase>".
_AFTER_VERB = re.compile(rf"^\s*[,.!?]?\s*(?P<verb>{_SAY_VERBS}|so)\s+(?P<phrase>.+)$", re.S)
# Before the quote, from the sentence start: "<phrase> sagt[ dazu]: „…".
_BEFORE_VERB = re.compile(
    rf"^\s*(?P<phrase>[^.;!?]{{1,120}}?)\s+(?:{_SAY_VERBS})(?:\s+(?:dazu|weiter|auch|jetzt|noch|"
    r"allerdings|außerdem|abschließend))?\s*:\s*$", re.S,
)
# Words between the verb and the speaker: "sagte jetzt allerdings eine Bahn-Sprecherin".
_ADVERBS = frozenset(
    "jetzt allerdings auch weiter weiterhin dann noch zudem außerdem dazu damals gestern heute nun bereits "
    "schon später abschließend zuletzt daraufhin etwa mir uns ihm ihr ihnen dabei hierzu darüber".split()
)
_ARTICLES = frozenset("der die das ein eine des".split())
_POSSESSIVES = frozenset("unser unsere unseren unserem unserer sein seine ihr ihre deren dessen".split())
_PRONOUNS = frozenset({"er", "sie"})
# Family-name particles, only right after the given names: "Alexander von Preen", "Ursula von der Leyen".
# "der"/"den" only after another ("sagte Thomas der Zeitung" names no "Thomas der Zeitung"); no "zu"
# ("sagte Thomas zu Journalisten") and no "vom" (an affiliation).
_FIRST_PARTICLES = frozenset("von van de ten ter da di dos del la le al el bin ibn".split())
_PARTICLES = _FIRST_PARTICLES | {"der", "den"}
# Where an affiliation after the name starts: "Jacqueline Rioba von World Vision", "… vom TÜV Thüringen".
_AFFILIATION = frozenset("von vom aus bei beim".split())
# Lower-case words inside a role: "Vorstand Regionen der Bundesagentur für Arbeit (BA)".
_ROLE_LINKS = frozenset("der des für von vom und im in am bei beim an zur zum".split())
# A finite verb makes a comma part a clause ("der seit 2010 Chef ist"), not an apposition.
_FINITE = re.compile(
    r"\b(?:ist|sind|war|waren|hat|haben|hatte|hatten|wird|werden|wurde|wurden|kann|können|konnte|soll|"
    r"sollen|sollte|muss|müssen|musste|will|wollen|wollte|sagte|sagt|habe|sei|seien)\b"
)
# Capitalised words that the name list knows but that are German nouns or places, not given names.
_NOT_GIVEN = frozenset("kaiser mann berlin mark rose taz von bei will papa mama".split())
_HONORIFICS = frozenset({"Dr.", "Prof.", "Prof", "Dr"})
_ENDS = re.compile(r"[,.;:!?]$")
# Capitalised at a sentence start, never a role: "Laut Thomas Göbel …", "Für Sitz-Experte Dr. Josef Kastner …".
_FUNCTION_WORDS = frozenset(
    "Laut Für Mit Auch Heute Gestern Nach Bei Beim Von Vom Wie Als Doch Aber Und Dann So Da Nun Hier Dort Trotz "
    "Wegen Während Seit Vor Im Am Zum Zur Dem Den Dass Weil Wenn Ob Auf Aus An In Über Unter Gegen Ohne Um "
    "Durch Zwischen Neben Damals Jetzt Inzwischen Zudem Außerdem Dabei Daher Deshalb Auch Sogar Selbst".split()
)
_AND = frozenset("und sowie oder bzw.".split())
def is_given_name(word: str) -> bool:
    """``Torsten``, ``Hans-Peter``: a capitalised word the name list knows as a given name, and
    no German noun or place that is one too ("Kaiser", "Mark")."""
    return names.is_given_name(word) and word.strip(",.;:").lower() not in _NOT_GIVEN


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or (word[:1] in "„“\"»«" and word[1:2].isupper())


def _split_parts(phrase: str) -> list[str]:
    """Comma parts of a phrase, keeping a parenthesis with its part: "Arbeit (BA), Daniel …"."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(phrase):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth <= 0:
            parts.append(phrase[start:i].strip())
            start = i + 1
    parts.append(phrase[start:].strip())
    return [p for p in parts if p]


def _after_honorifics(words: list[str], i: int) -> int:
    """Index of the first word at or after ``i`` that is no honorific ("Dr.", "Prof.")."""
    return names.after_honorifics(words, i, _HONORIFICS)


def _after_particles(words: list[str], i: int) -> int:
    """Index after the name particles starting at ``i`` ("von", "van der"); ``i`` when none starts there."""
    if i < len(words) and words[i] in _FIRST_PARTICLES:
        i += 1
        while i < len(words) and words[i] in _PARTICLES:
            i += 1
    return i


def _name_at(words: list[str], i: int) -> int:
    """End (exclusive) of a person's name starting at ``words[i]``, or -1 if none starts there.

    Given names (one or more, after any honorific), particles, then one family name. Where the
    family name is itself a known given name ("Ole Einar Björndalen" if all three were), the last
    of two or more such words is the family name.
    """
    j = _after_honorifics(words, i)
    k = j
    while k < len(words) and is_given_name(words[k]):
        k += 1
        if _ENDS.search(words[k - 1]):  # "Thomas, Anna …": a comma or stop ends the name
            return k if k - j >= 2 else -1
    if k == j:
        return -1
    p = _after_particles(words, k)
    if p > k:
        if (p < len(words) and _capitalised(words[p]) and not words[p].isupper() and not _ENDS.search(words[p - 1])
                and (p + 1 == len(words) or _ENDS.search(words[p]) or not _capitalised(words[p + 1]))):
            return p + 1  # "Alexander von Preen", "Ursula von der Leyen"; not "Ousman Noor von Stop Killer Robots"
        return k if k - j >= 2 else -1
    if k < len(words) and _capitalised(words[k]) and not words[k].isupper():
        return k + 1
    return k if k - j >= 2 else -1


def _role_words(words: list[str]) -> bool:
    """True when ``words`` (between the article and the name) read as a role: nouns, adjectives
    ("stellvertretende"), a genitive ("der Bundesagentur für Arbeit")."""
    for w in words:
        bare = w.strip("(),")
        if not bare:
            continue
        if _capitalised(bare) or bare in _ROLE_LINKS or bare.isupper():
            continue
        if re.fullmatch(r"[a-zäöüß-]+(?:e|en|er|es)", bare) or re.fullmatch(r"\d+-jährige[nr]?", bare):
            continue  # "langjährige", "ehemaliger", "27-jährige"
        return False
    return True


def _apposition(part: str) -> str | None:
    """A comma part that names a role: "Geschäftsführer der Toyota Deutschland GmbH"."""
    words = part.split()
    if not words or len(words) > 10 or not _capitalised(words[0]) or is_given_name(words[0]):
        return None
    if _FINITE.search(part) or re.search(r"[„“”\"»«]", part) or not _role_words(words):
        return None
    return part.strip(" .;:")


def _clean(words: list[str]) -> str:
    return " ".join(words).strip(" ,.;:")


def _role_text(parts: list[str]) -> str | None:
    """The role parts joined, never ending on a word that wants more ("… im Auftrag von")."""
    words = ", ".join(p for p in parts if p).split()
    while words and words[-1].islower():
        words.pop()
    return _clean(words) or None


def _parse(phrase: str) -> tuple[str | None, str | None, str]:
    """Speaker, role and attribution kind from the words after (or before) a German say verb."""
    phrase = re.split(r"[:;]\s", phrase.strip())[0].rstrip(" .!?")
    parts = _split_parts(phrase)
    if not parts:
        return None, None, "none"
    words = parts[0].split()
    while words and words[0].lower() in _ADVERBS:
        words = words[1:]
    if not words:
        return None, None, "none"
    if words[0] in _PRONOUNS:
        return None, None, "pronoun_de"
    with_article = words[0] in _ARTICLES | _POSSESSIVES
    if with_article:
        words = words[1:]
    # the name, wherever the role before it ends
    for i in range(len(words)):
        end = _name_at(words, i)
        if end < 0:
            continue
        if not _role_words(words[:i]):
            break  # "sagte Yücel im Gespräch mit Moderatorin Cécile Schortmann": the name after is someone else
        tail = words[end:]
        if tail and tail[0] in _AND:
            return None, None, "none"  # "Morten Hundt und Oleg Aseev": several speakers
        person = _clean(words[_after_honorifics(words, i) : end])
        role_words = words[:i]
        if role_words and role_words[0].lower() in _POSSESSIVES:
            role_words = role_words[1:]  # "Unsere Vorsitzende" in a party's own release: the writer's voice
        role = [_clean(role_words)] if role_words else []
        if tail and tail[0] in _AFFILIATION and len(tail) > 1 and _capitalised(tail[1]):
            body = [tail[1]]
            for w in tail[2:]:
                if not (_capitalised(w) or w.isupper()):
                    break
                body.append(w)
            affiliation = _clean(body).strip("„“”\"»«")
            role = [f"{role[0]} {tail[0]} {affiliation}"] if role else [affiliation]
        if len(parts) > 1 and (appos := _apposition(parts[1])):
            role.append(appos)
        return person, _role_text(role), "named"
    if with_article and len(parts) > 1 and _role_words(words) and words:
        # "der Vorstand Regionen der Bundesagentur für Arbeit (BA), Daniel Terzenbach"
        second = parts[1].split()
        end = _name_at(second, 0)
        if end > 0 and (end == len(second) or not _capitalised(second[end])):
            return _clean(second[_after_honorifics(second, 0) : end]), _clean(words), "named"
    if not with_article:
        # "sagte Björndalen", "sagte von Preen", "fügte Dr. Homrighausen hinzu": a family name
        i = _after_honorifics(words, 0)
        j = _after_particles(words, i)
        if j < len(words) and _capitalised(words[j]) and not words[j].isupper():
            if j + 1 == len(words) or not _capitalised(words[j + 1]):
                return _clean(words[i : j + 1]), None, "surname_de"
    return None, None, "none"


def find_speaker(before: str, after: str) -> tuple[str | None, str | None, str]:
    """Speaker, role and attribution kind of a quote in a German sentence.

    ``before`` is the sentence up to the quote, ``after`` the rest after it. The kind is
    ``"named"``, ``"pronoun_de"`` (``sagte sie``), ``"surname_de"`` (a bare family name), both
    resolved from the article by :mod:`newsdesk.write.quotes`, or ``"none"``.
    """
    after = re.split(r"[„“”\"»«]", after)[0]
    m = _AFTER_VERB.match(after)
    if m:
        phrase = m.group("phrase")
        if m.group("verb") == "so" and not _ends_after_speaker(phrase):
            return None, None, "none"
        found = _parse(phrase)
        if found[2] != "none":
            return found
    m = _BEFORE_VERB.match(re.sub(r"[„“”\"»«]", "", before))
    if m:
        found = _parse(m.group("phrase"))
        if found[2] in {"named", "surname_de"}:
            return found
    return None, None, "none"


def _ends_after_speaker(phrase: str) -> bool:
    """``„…“, so X`` only when nothing but the speaker (and an affiliation) follows: English text
    has "so" too ("…," so Tom Jones left)."""
    return all(
        _capitalised(w) or w in _ARTICLES | _AFFILIATION | _PARTICLES | _ROLE_LINKS | _ADVERBS or w.isupper()
        or not w.strip(".,()")
        for w in phrase.split()
    )


def full_names_ending_in(surname: str, sentences: list[str]) -> dict[str, str | None]:
    """Full names (given name first) ending in ``surname`` that ``sentences`` mention, with the
    capitalised role words right before them: ``Landwirt Thomas Göbel`` → ``{"Thomas Göbel": "Landwirt"}``."""
    found: dict[str, str | None] = {}
    last = surname.split()
    for sentence in sentences:
        words = re.sub(r"[„“”\"»«()]", " ", sentence).split()
        for i in range(len(words)):
            end = _name_at(words, i)
            if end < 0 or [w.strip(",.;:") for w in words[end - len(last) : end]] != last or end - i <= len(last):
                continue
            person = _clean(words[_after_honorifics(words, i) : end])
            role: list[str] = []
            k = i - 1
            while (k >= 0 and _capitalised(words[k]) and words[k].lower() not in _ARTICLES
                   and words[k] not in _FUNCTION_WORDS and not _ENDS.search(words[k]) and len(role) < 3):
                role.insert(0, words[k])
                k -= 1
            if (any(is_given_name(w) for w in role)  # "GROOVE-Autorin Charlotte Elsen Tobias Trommer"
                    or k >= 0 and words[k] in _AND  # "Bundesminister für Bildung, Wissenschaft und Forschung Heinz Faßmann"
                    or end < len(words) and words[end] in _AND):  # "den Empa-Forschern Morten Hundt und Oleg Aseev"
                role = []
            if role or person not in found:  # a later mention may give the role the first left out
                found[person] = found.get(person) or _clean(role) or None
    return found


def people_in(sentence: str) -> set[str]:
    """Full names (a given name first) a German sentence mentions outside quotations."""
    words = re.sub(r"[()]", " ", outside_quotations(sentence)).split()
    people = set()
    i = 0
    while i < len(words):
        end = _name_at(words, i)
        if end > 0:
            start = _after_honorifics(words, i)
            if end - start >= 2:
                people.add(_clean(words[start:end]))
            i = end
        else:
            i += 1
    return people
