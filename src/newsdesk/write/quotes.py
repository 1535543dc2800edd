"""Direct quotes and who said them.

Finds text in quotation marks (“curly” or "straight") and its speaker, in two passes:

1. **In the sentence.** The speaker phrase next to a speech verb, before the quote (``Merz
   said: “…”``, ``Harbour Authority director Amara Okafor told reporters “…”``) or after it
   (``“…,” said Jane Doe, a senator from Ohio.``, ``“…,” said curator Sofia Lindahl``,
   ``“…,” said the federation's branch secretary, Aino Karlsson``, ``“…,” Doe said``,
   ``“…”, according to Jane Doe``). The phrase is split at commas; the part that ends in a
   capitalised name is the speaker, lowercase/title words before the name and a role-like
   apposition (``a senator from Ohio``, ``the union's chief negotiator``) are the role; clauses
   that are not roles (``appointed only in January``, ``34``, ``whose daughter …``) are not.
   German sentences („…“, sagte Teamchef Jonas Brandt) go to :mod:`~newsdesk.write.attribution_de`,
   Spanish, Portuguese, French and Italian ones (“…”, dijo el fiscal Jason Richman) to
   :mod:`~newsdesk.write.attribution_romance`; both start a name at a given name.
2. **In the article.** A surname (``Reyne said``) becomes the full name the same article gives
   earlier (``chief executive Tobias Reyne``) when exactly one such name exists (a family name that
   is also a title, ``King said``, names no one without it); ``he said`` /
   ``she told reporters`` takes the one person named in the sentence before; a sentence that is
   nothing but a quote continues the quote of the sentence before it, with its speaker.

Quotes whose speaker comes from context (pronoun or continuation) carry ``attribution`` =
``"pronoun"``/``"continuation"``; the pull quote uses only quotes whose speaker the sentence
itself names (``"named"``, ``"surname"``). A quote with no identifiable speaker keeps
``speaker=None``: it may be shown in prose but is never a pull quote.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from newsdesk.text import outside_quotations, split_sentences
from newsdesk.write import attribution_de, attribution_romance, names

logger = logging.getLogger(__name__)

__all__ = ["Quote", "extract_quotes", "split_title", "spelled_out_role", "TITLE_WORDS", "NAMED_ATTRIBUTIONS"]

# Words that make a capitalised phrase a title/role rather than part of a name.
TITLE_WORDS = frozenset(
    """
    president vice prime minister chancellor secretary senator sen. rep. representative governor gov.
    mayor judge justice chief ceo cfo coo cto director chair chairman chairwoman chairperson spokesman
    spokeswoman spokesperson general gen. admiral colonel col. lt. captain commissioner ambassador envoy
    king queen prince princess pope speaker leader minority majority deputy foreign defence defense
    finance interior health home economy trade attorney lawyer professor prof. prof dr. mr. mrs. ms.
    dr mr mrs ms founder executive officer head coach manager analyst economist adviser advisor
    sheriff superintendent inspector detective officer sergeant premier emir sultan archbishop bishop
    rabbi imam cardinal state special us u.s. uk u.k. eu un house white county city federal national
    mp mep councillor councilor curator warden consultant
    """.split()
)
# Titles that are forms of address, not roles: "Dr. Hannah Lisk" has no role "Dr.".
_HONORIFICS = frozenset("dr dr. mr mr. mrs mrs. ms ms. sir dame".split())
_SAY_VERBS = (
    r"said|says|say|told|tells|added|adds|wrote|writes|stated|states|declared|declares|warned|"
    r"warns|argued|argues|explained|explains|insisted|insists|noted|notes|asked|asks|"
    r"replied|replies|continued|claimed|claims|stressed|stresses|remarked|tweeted|posted|announced|"
    r"joked|jokes|admitted|admits|conceded|concedes|recalled|recalls|acknowledged|acknowledges|"
    r"cautioned|cautions|observed|predicted|promised|vowed|urged|pleaded|shouted|laughed|sighed|"
    r"quipped|confirmed|confirms|countered|counters|complained|complains|reflected|reflects"
)
# A middle initial ("Roger T. Benitez") is part of the name, not the end of a run.
_CAP_WORD = (
    r"(?:[A-Z]\.(?:[A-Z]\.)+|(?:Mr|Mrs|Ms|Dr|St|Jr|Sen|Rep|Gov|Gen|Lt|Col|Prof)\.|[A-Z]\.(?=\s+[A-Z])|[A-Z][\w’'\-]*)"
)
#: Lower-case words inside a name: "Ursula von der Leyen", "Bill de Blasio", "Laurence des Cars".
_NAME_PARTICLES = frozenset("von van de des du der da das di dos del della la le al bin".split())
# A run of capitalised words, possibly joined by name particles ("Ursula von der Leyen").
_CAP_RUN_RE = re.compile(
    rf"{_CAP_WORD}(?:\s+(?:(?:{'|'.join(sorted(_NAME_PARTICLES))})\s+)*{_CAP_WORD})*"
)
# English “…” and "…"; German „…“ (or „…”) and guillemets »…« / «…».
_QUOTE_RE = re.compile(r"„([^„“”]+)[“”]|“([^“”]+)”|»([^»«]+)«|«([^«»]+)»|\"([^\"]+)\"")
_VERB_RE = re.compile(rf"\b(?:{_SAY_VERBS})\b")
# After the quote: ", said <phrase>"  /  ", <phrase> said …"  /  ", according to <phrase>".
_AFTER_VERB_FIRST = re.compile(rf"^\s*[,.!?]?\s*(?:{_SAY_VERBS})\s+(?P<phrase>.+)$", re.S)
_AFTER_PHRASE_FIRST = re.compile(rf"^\s*[,.!?]?\s*(?P<phrase>[^“”\"]{{1,160}}?)\s+(?:{_SAY_VERBS})\b", re.S)
_AFTER_ACCORDING = re.compile(r"^\s*[,.!?]?\s*according\s+to\s+(?P<phrase>.+)$", re.S)
# Before the quote: "<phrase> said[ to reporters][ that][:,] “…"  /  "According to <phrase>, “…".
_BEFORE_PHRASE = re.compile(
    rf"(?P<phrase>[^“”\"]{{1,240}}?)\s+(?:{_SAY_VERBS})(?:\s+[^,:“”\"]{{0,60}}?)?\s*(?:that\s*)?[:,]?\s*$", re.S
)
_BEFORE_ACCORDING = re.compile(r"[Aa]ccording\s+to\s+(?P<phrase>[^“”\"]{1,140}?)\s*,\s*$", re.S)
# Where a name stops inside a comma-separated part: "Professor Bram Koenig of the Institute".
_NAME_STOP_RE = re.compile(
    r"\s(?:of|at|from|for|who|whose|which|with|in|on|after|before|outside|during|as|to|and|told|"
    r"speaking|wrapped|standing|when|while)\s"
)
# "a resident who tweeted about the smoke, said": "tweeted" is a say verb, so the clause can be cut to "who".
_RELATIVE_RE = re.compile(r"\s(?:who|whose|which|that)(?:\s.*)?$", re.S)
# "… in an email to me", "in an interview with Le Figaro": how they spoke, not who they are.
_OCCASION_TAIL_RE = re.compile(
    r"\s(?:in|during|on|at|via|through)\s(?:an?|the|his|her|their|its)\s(?:[\w-]+\s)?"
    r"(?:e-?mail|interview|statement|press\s+conference|news\s+conference|briefing|tweet|video|"
    r"speech|letter|op-ed|podcast|call|message|hearing|broadcast)\b.*$", re.S,
)
_NOT_SPEAKER = frozenset(
    "he she they it we i you this that there the a an his her their its officials critics "
    # a group is no one speaker ("Researchers predicted …"), "Both" / "When" no part of a name
    "researchers scientists experts analysts authorities investigators economists lawmakers "
    "residents witnesses protesters activists prosecutors observers forecasters organizers "
    "organisers supporters opponents voters workers employees regulators negotiators diplomats "
    "sources both all each either neither when where what why how if while because since "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december".split()
)
_PREPOSITIONS = frozenset("in on at for with after before during outside inside from by to of as when while".split())
_PRONOUNS = frozenset({"he", "she"})
_ROLE_STARTS = frozenset(
    "a an the one another former acting interim outgoing incoming retired "
    "independent senior junior chief head local".split()
)
_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "wife", "man", "woman", "person")
_FUNCTION_WORDS = frozenset(
    "after under over never other whether either neither rather later per for or ever however "
    "number member percent recent current different than when then".split()
)
# A run ending in one of these is an institution ("The Ministry", "Select Committee"), not a person.
#: Words that make a capitalised run a body, not a person ("the Transport Union", "Senate").
ORG_WORDS = frozenset(
    "union authority ministry council party department government court police company agency "
    "committee commission office service board association house senate bank "
    # a party or movement by its name: "the opposition Civic Alliance said" headed a section "What … Alliance say"
    "alliance coalition league federation movement front bloc caucus institute foundation university "
    # a publication reporting is no speaker: "The New York Times said that …", "the Post and Courier"
    "times post journal news herald tribune gazette telegraph guardian chronicle reuters axios politico".split()
)
# "Ohio Democrat", "New York Republican": a description in apposition, never the speaker's name.
_PARTY_WORDS = frozenset({"democrat", "republican", "independent"})
# "R-Tenn.", "D-Calif.": a party-and-state label after a lawmaker's name.
_PARTY_LABEL = re.compile(r"^[RDI]-[A-Z][A-Za-z.]*$")
# A clause with a finite verb ("the mayor is preparing an order") describes events, not a role.
_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|be|been)\b")
#: Attribution kinds whose speaker the quote's own sentence names (usable as a pull quote).
NAMED_ATTRIBUTIONS = frozenset({"named", "surname"})


@dataclass(frozen=True)
class Quote:
    """A direct quote found in ``sentence``; ``text`` is verbatim between the quote marks.

    ``attribution`` says where the speaker came from: ``"named"`` (the sentence names them in
    full), ``"surname"`` (the sentence gives a surname, completed from the article),
    ``"pronoun"`` (``she said``, resolved to the person named just before), ``"continuation"``
    (a quote-only sentence after a quote by the same speaker) or ``"none"``.
    """

    text: str
    speaker: str | None
    role: str | None
    sentence: str
    attribution: str = "none"

    @property
    def word_count(self) -> int:
        """Number of words in the quoted text."""
        return len(self.text.split())

    @property
    def named(self) -> bool:
        """True when the quote's own sentence names the speaker (fit for a pull quote)."""
        return bool(self.speaker) and self.attribution in NAMED_ATTRIBUTIONS


def split_title(phrase: str) -> tuple[str | None, str]:
    """Split ``"German Chancellor Friedrich Merz"`` into ``("German Chancellor", "Friedrich Merz")``.

    The name is what follows the last title word; the role is what comes before it, verbatim.
    """
    words = phrase.split()
    last_title = -1
    for i, w in enumerate(words[:-1]):
        if w in _NAME_PARTICLES:
            continue  # "Bill de Blasio", "Ursula von der Leyen": part of the name
        if w.lower().strip(",") in TITLE_WORDS or w.islower():
            last_title = i
    if last_title < 0:
        return None, phrase
    role = " ".join(words[: last_title + 1])
    name = " ".join(words[last_title + 1 :])
    return role, name


_TITLE_ABBREVIATIONS = {
    "Sen.": "Senator", "Sens.": "Senators", "Rep.": "Representative", "Reps.": "Representatives",
    "Gov.": "Governor", "Lt.": "Lieutenant", "Gen.": "General", "Col.": "Colonel", "Atty.": "Attorney",
    "Supt.": "Superintendent", "Sgt.": "Sergeant", "Capt.": "Captain", "Cmdr.": "Commander",
    "Maj.": "Major", "Adm.": "Admiral", "Brig.": "Brigadier", "Cpl.": "Corporal", "Pvt.": "Private",
    "Amb.": "Ambassador", "Sec.": "Secretary", "Asst.": "Assistant", "Dep.": "Deputy", "Det.": "Detective",
    "Insp.": "Inspector", "Prof.": "Professor", "Prof": "Professor", "Pres.": "President",
}
_TITLE_ABBREVIATION_RE = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in _TITLE_ABBREVIATIONS) + r")(?!\w)")


def spelled_out_role(role: str | None) -> str | None:
    """A role for a caption: ``"Florida Gov."`` → ``"Florida Governor"``, ``"Lt. Col."`` → ``"Lieutenant Colonel"``.

    Before a name the abbreviations read well ("Gov. Ron DeSantis"); alone after it, as in a
    pull-quote caption ("Ron DeSantis, Florida Gov."), they read as a cut-off title.
    """
    if not role:
        return role
    return _TITLE_ABBREVIATION_RE.sub(lambda m: _TITLE_ABBREVIATIONS[m.group()], role)


def _strip_honorifics(role: str | None) -> str | None:
    """Drop forms of address from a role: ``"Dr."`` → None, ``"Dr. Professor"`` → ``"Professor"``."""
    if not role:
        return None
    words = [w for w in role.split() if w.lower() not in _HONORIFICS]
    return " ".join(words) or None


# A phrase telling when or how someone spoke, not who they are: "Asked what he thought …",
# "Speaking to reporters", "Pressed on the deal".
_CIRCUMSTANCE_STARTS = frozenset(
    "asked speaking responding pressed writing reacting interviewed testifying addressing talking commenting "
    "replying explaining questioned told answering".split()
)
_WH_CLAUSE = re.compile(r"\b(?:what|when|why|how|whether)\b", re.I)


def _role_like(part: str) -> str | None:
    """``part`` as a role if it reads like one (``a senator from Ohio``), else None."""
    part = _OCCASION_TAIL_RE.sub("", _RELATIVE_RE.sub("", part)).strip(" ,.;:")
    if _PARTY_LABEL.match(part):
        return part + "."
    if not part or len(part) > 80 or re.search(r"[“”\"]", part) or _FINITE_VERB.search(part):
        return None
    words = part.split()
    first = words[0].lower()
    if first in {"those", "these"} or re.fullmatch(r"(?:who|which|that|whose|whom|it|he|she|they|there)(?:[’'](?:s|re|ve|d))?", first):
        return None  # "who’s seen as a potential 2024 contender" is a clause, not a role
    # "His lawyer" needs the sentence before it to make sense: not a role to print on its own.
    if first in _NOT_SPEAKER - {"the", "a", "an"} or first[0].isdigit():
        return None
    if first in _PREPOSITIONS:
        return None
    if _VERB_RE.match(part):
        return None
    if first in _CIRCUMSTANCE_STARTS or _WH_CLAUSE.search(part):
        return None  # "Asked what he thought when people view voters …, Walter said": the occasion, not a role
    if first in _ROLE_STARTS or first in TITLE_WORDS or re.search(r"(?:’s|'s)\b", words[0]):
        return part
    if words[0][0].isupper() and any(_is_role_word(w) for w in words):  # "German Chancellor"
        return part
    return None


def _is_role_word(word: str) -> bool:
    """True for a word that names an office or affiliation (``Chancellor``, ``director``, ``Democrat``)."""
    w = word.strip(",.").lower()
    return w in TITLE_WORDS or w in _PARTY_WORDS or w in ORG_WORDS or is_role_noun(word)


# Capitalised words that open a sentence or clause before a name: "As Sanders said", "But Ortiz added".
_RUN_OPENERS = frozenset(
    "as but and so yet still also now later meanwhile then instead indeed here though although after before "
    "since because if once until unlike like even only just today tonight yesterday".split()
)


def _name_in_part(part: str) -> tuple[str | None, str | None]:
    """The person a comma-separated part ends with, and the title words before it."""
    head = _NAME_STOP_RE.split(" " + part.strip() + " ", maxsplit=1)[0].strip(" ,.;:")
    if not head or _PARTY_LABEL.match(head):
        return None, None
    runs = list(_CAP_RUN_RE.finditer(head))
    if not runs or runs[-1].end() != len(head):
        return _titled_name_at_end(part)
    run = runs[-1]
    if re.search(r"(?:’s|'s)$", run.group()):
        return None, None
    title_role, person = split_title(run.group())
    words = person.split()
    owner = next((i for i, w in enumerate(words[:-1]) if re.search(r"(?:’s|'s)$", w)), None)
    if owner is not None:
        # "the ACLU's Jay Stanley": the body the person speaks for, then the person.
        body = " ".join(words[: owner + 1])[:-2]
        title_role = " ".join(x for x in (title_role, body) if x)
        words = words[owner + 1 :]
    while words and words[0].lower().strip(".") in _NOT_SPEAKER | TITLE_WORDS | _RUN_OPENERS:
        words = words[1:]
    if not words and run.group() == part.strip(" ,.;:") and run.group()[1:].islower() and run.group().lower() in TITLE_WORDS:
        # "“…,” King said": a family name that is also a title; named only if the article completes it
        return run.group(), None
    split = _role_before_given_name(words)
    if split:
        title_role = " ".join(x for x in (title_role, " ".join(words[:split])) if x)
        words = words[split:]
    if not words or any(w.lower() in _NOT_SPEAKER for w in words) or len(words) > 4:
        return None, None
    if words[-1].lower() in _PARTY_WORDS:
        return None, None
    if len(words) == 1 and len(words[0]) > 1 and words[0].isupper():
        return None, None  # "the BOE said", "NATO said": an acronym names a body, not a person
    if any(w.lower() in ORG_WORDS for w in words):
        # "House Select Committee on Energy Chairman Paul Okoye": the head names the institution;
        # the person is the titled name the part ends with.
        return _titled_name_at_end(part)
    person = " ".join(words)
    prefix = head[: run.start()].strip()
    if owner is not None and prefix.lower() in {"the", "a", "an"}:
        prefix = ""  # "the ACLU's Jay Stanley" → Jay Stanley, ACLU
    while prefix.split() and prefix.split()[-1] in _NAME_PARTICLES:  # "de Blasio said": the name
        particle = prefix.split()[-1]
        person, prefix = f"{particle} {person}", prefix[: -len(particle)].strip()
    role_words = " ".join(x for x in (prefix, title_role) if x)
    if prefix and not (prefix.split()[-1].lower() in TITLE_WORDS or prefix.split()[-1].islower()
                       or prefix[0].isupper()):
        role_words = title_role or ""
    if role_words and role_words.split()[0].lower() in {"and", "but", "then", "so"}:
        role_words = " ".join(role_words.split()[1:])
    return person, _strip_honorifics(role_words or None)


def _role_before_given_name(words: list[str]) -> int:
    """Where the name starts in a run that opens with a capitalised role: "Volunteer Coordinator
    Bonnie Young" → 2. The name is two or three words from a given name on, right after a role
    noun ("Coordinator", "Scientist") that is no given name itself; 0 when the run has none."""
    for k in range(1, len(words) - 1):
        role = words[k - 1].lower()
        if (len(words) - k in (2, 3) and names.is_given_name(words[k]) and not names.is_given_name(words[k - 1])
                and (role in TITLE_WORDS or role.endswith(_AGENT_SUFFIXES) and role not in _FUNCTION_WORDS)):
            return k
    return 0


def _titled_name_at_end(part: str) -> tuple[str | None, str | None]:
    """A name right after a title word at the end of ``part``; the role is everything before it."""
    part = part.strip(" ,.;:")
    runs = list(_CAP_RUN_RE.finditer(part))
    if not runs or runs[-1].end() != len(part):
        return None, None
    run = runs[-1]
    title_role, person = split_title(run.group())
    words = person.split()
    if not title_role or not 2 <= len(words) <= 4 or any(
        w.lower() in _NOT_SPEAKER | ORG_WORDS | _PARTY_WORDS for w in words
    ):
        return None, None
    role = f"{part[: run.start()]}{title_role}".strip()
    return person, _strip_honorifics(role)


_REFLEXIVE = re.compile(r"\s+(?:himself|herself|themselves)\b")


def _parse_phrase(phrase: str, *, name_last: bool) -> tuple[str | None, str | None, str]:
    """Speaker, role and attribution kind from a speaker phrase such as ``Jane Doe, a senator``.

    ``name_last`` scans comma parts from the end (phrase before the verb), else from the start.
    """
    phrase = re.split(r"[“”\"]", phrase)[0]
    phrase = phrase.strip().rstrip(".;:,!?").strip()
    phrase = _REFLEXIVE.sub("", phrase)  # "As Major himself noted": the name, not "himself"
    if phrase.lower() in _PRONOUNS:
        return None, None, "pronoun"
    parts = [p.strip() for p in phrase.split(",")]
    if name_last and parts[-1].lower() in _PRONOUNS:
        return None, None, "pronoun"  # "The program, she claimed, “…”": she speaks, not the program
    order = range(len(parts) - 1, -1, -1) if name_last else range(len(parts))
    for i in order:
        if len(parts[i].split()) > 12:
            continue
        person, role = _name_in_part(parts[i])
        if not person:
            continue
        appos = _role_like(parts[i + 1]) if i + 1 < len(parts) else None
        before = _role_like(parts[i - 1]) if i > 0 and i == len(parts) - 1 or (i > 0 and name_last is False) else None
        if before and _name_in_part(parts[i - 1])[0]:
            before = None
        if appos and role and not (_is_role_word(role.split()[-1]) or _is_title_word(role.split()[-1])):
            role = None  # "a skeptical Peter Halvorsen, the board’s new chairman": an epithet, then the role
        roles = [r for r in (role, appos) if r] if appos else [r for r in (role or before,) if r]
        return _checked_speaker(phrase, person, ", ".join(roles) or None)
    return None, None, "none"


# "Reps. Donald McEachin and Jennifer Wexton, both Democrats": several speakers, none of them the one.
_SEVERAL_SPEAKERS = re.compile(r"(?:^|,\s*)(?i:both|all|including|among|each)\b|\b[A-Z][A-Z.]+\s+and\s+[A-Z]")
_ROLE_TAIL = frozenset("the a an of for at in on with and or to from by including".split())


def _checked_speaker(phrase: str, person: str, role: str | None) -> tuple[str | None, str | None, str]:
    """The speaker and role of a named attribution, or none when the phrase names no one speaker.

    "said the 18 scientists, including Ravindra …" and "the FDA and CDC said" have several
    speakers; "the National Center for Health Statistics said" is an institution cut at "for",
    not a person "Center" with the role "the National". A role never ends on a function word
    ("chief analyst for" → "chief analyst") and is never a bare "the" ("the BOE said").
    """
    name = re.escape(person)
    if (_SEVERAL_SPEAKERS.search(phrase.replace(person, ""))
            or re.search(rf"\band\s+{name}\b|\b{name}\s+and\s+(?:[A-Z]|the\b)", phrase)):
        return None, None, "none"
    if role:
        words = role.split()
        if words[0].lower() == "the" and len(words) > 1 and all(w[0].isupper() for w in words[1:]):
            return None, None, "none"
        while words and words[-1].lower().strip(",") in _ROLE_TAIL:
            words = words[:-1]
        role = " ".join(words).strip(" ,") or None
    return person, role, "named"


def _find_speaker(before: str, after: str) -> tuple[str | None, str | None, str]:
    """Speaker, role and attribution kind named next to one quote of a sentence."""
    after = re.split(r"[“\"]", after)[0]
    m = _AFTER_ACCORDING.match(after)
    if m:
        return _parse_phrase(m.group("phrase"), name_last=False)
    m = _AFTER_VERB_FIRST.match(after)
    if m:
        found = _parse_phrase(m.group("phrase"), name_last=False)
        if found[2] != "none":
            return found
    m = _AFTER_PHRASE_FIRST.match(after)
    if m:
        found = _parse_phrase(m.group("phrase"), name_last=True)
        if found[2] != "none":
            return found
    before = re.split(r"[”\"]", before)[-1]
    m = _BEFORE_ACCORDING.search(before)
    if m:
        return _parse_phrase(m.group("phrase"), name_last=False)
    m = _BEFORE_PHRASE.search(before)
    if m:
        phrase = m.group("phrase")
        if m.start() > 0 and before[m.start() - 1] not in "“”\"" and "," in phrase:
            # The phrase hit the length limit mid-clause ("… Centre for Policy Impact at Duke
            # University, who …"): its first comma part is a tail, not a name.
            phrase = phrase.split(",", 1)[1]
        clause = re.split(r"[;:]\s", phrase)[-1]
        return _parse_phrase(clause, name_last=True)
    return None, None, "none"


# Words that start a new clause between two quotes: "…," said Ortiz, but Nowak called it "…".
_CLAUSE_WORDS = frozenset("but and while whereas although though aber und doch während sondern obwohl".split())


def _quotes_in_sentence(sentence: str) -> list[Quote]:
    quotes: list[Quote] = []
    previous_end = 0
    for m in _QUOTE_RE.finditer(sentence):
        inner = next((g for g in m.groups() if g), "").strip()
        if not inner:
            continue
        speaker, role, kind = _find_speaker(sentence[: m.start()], sentence[m.end() :])
        if kind == "none":
            speaker, role, kind = attribution_de.find_speaker(sentence[: m.start()], sentence[m.end() :])
        if kind == "none":
            speaker, role, kind = attribution_romance.find_speaker(sentence[: m.start()], sentence[m.end() :])
        if kind == "none" and quotes and quotes[-1].speaker:
            # "„Das Team hat sich toll entwickelt“, meinte Torgersen, „vor allem beim Schießen.“": a quote
            # split by its own attribution goes on with the same speaker
            between = sentence[previous_end : m.start()].strip()
            words = between.split()
            if (between.endswith((",", ":")) and len(words) <= 8 and quotes[-1].speaker.split()[-1] in between
                    and not _CLAUSE_WORDS & {w.lower().strip(",:") for w in words}):
                speaker, role, kind = quotes[-1].speaker, quotes[-1].role, quotes[-1].attribution
        quotes.append(Quote(text=inner, speaker=speaker, role=role, sentence=sentence, attribution=kind))
        previous_end = m.end()
    return quotes


def is_role_noun(word: str) -> bool:
    """True for a lowercase word that names what a person is (``teacher``, ``consultant``)."""
    w = word.strip(",.").lower()
    if w in TITLE_WORDS:
        return True
    return word.islower() and w not in _FUNCTION_WORDS and w.endswith(_AGENT_SUFFIXES)


def _people_in(sentence: str) -> dict[str, str | None]:
    """Full names (two words or more) of people a sentence introduces, with their title role, or
    the role an apposition gives them ("Roxanne Delgado, founder of the civic association …, said")."""
    people: dict[str, str | None] = {}
    pieces = re.split(r"([,;:]\s|\s(?:and|but)\s)", outside_quotations(sentence))
    parts, separators = pieces[::2], pieces[1::2]
    for i, part in enumerate(parts):
        for m in _CAP_RUN_RE.finditer(part):
            title_role, person = split_title(m.group())
            words = person.split()
            while words and words[0].lower() in _RUN_OPENERS:  # "As Sanders said"
                words = words[1:]
            person = " ".join(words)
            preceding = part[: m.start()].split()
            has_title = bool(title_role) or bool(preceding and is_role_noun(preceding[-1]))
            nxt = part[m.end() :].lstrip()
            speaks = bool(_VERB_RE.match(nxt)) or not nxt
            if 2 <= len(words) <= 3 and not any(w.lower() in _NOT_SPEAKER for w in words) and (has_title or speaks):
                if not any(w.lower().strip(".") in TITLE_WORDS for w in words) and not re.search(r"(?:’s|'s)$", person):
                    role = _strip_honorifics(title_role)
                    if not role and not nxt and i + 1 < len(parts) and separators[i].startswith(","):
                        role = _role_like(parts[i + 1])
                    if not role and preceding and is_role_noun(preceding[-1]):
                        # the part starts after "and"/"but": a name before it may go on into this part
                        joined = i > 0 and separators[i - 1].strip() in {"and", "but"}
                        role = _lowercase_role(preceding, joined)
                    people.setdefault(person, role)
    return people


# Words that end a lower-case role read backwards from the name: "… said association executive director Tim Lee".
_ROLE_BOUNDARY = frozenset(
    "the a an and or but of for to in on at by from with as is was are were has have had said says told "
    "that which who according".split()
)


def _lowercase_role(preceding: list[str], joined: bool = False) -> str | None:
    """The lower-case role right before a name, up to four words (``association executive director``),
    with up to three capitalised words that qualify it (``CDC director``, ``New York City mayor``)."""
    role: list[str] = []
    k = len(preceding) - 1
    while k >= 0 and len(role) < 4:
        word = preceding[k]
        if not word.islower() or word in _ROLE_BOUNDARY or _VERB_RE.fullmatch(word):
            break
        role.insert(0, word)
        k -= 1
    qualifiers = 0
    while role and k >= 0 and qualifiers < 3:
        word = preceding[k]
        if (not word[:1].isupper() or word.lower().strip(".") in _ROLE_BOUNDARY | _NOT_SPEAKER | {"but", "so", "then"}
                or re.search(r"[,;:]$", word)):
            break
        role.insert(0, word)
        qualifiers += 1
        k -= 1
    if qualifiers and (k >= 0 and preceding[k].lower() in {"and", "of", "for", "&"} or k < 0 and joined):
        role = role[qualifiers:]  # "… Control and Prevention director": a name cut in two qualifies nothing
    return " ".join(role) or None


def _resolve_in_article(sentences: list[str], per_sentence: list[list[Quote]]) -> list[Quote]:
    """Complete surnames, resolve ``he/she said`` and continuation quotes from the article; a quote
    the article prints twice takes the speaker of its attributed copy."""
    known: dict[str, str | None] = {}
    quoted: dict[str, str | None] = {}  # only speakers the quote finders named in full
    for sentence, quotes in zip(sentences, per_sentence):
        for q in quotes:
            if q.speaker and len(q.speaker.split()) >= 2:
                known.setdefault(q.speaker, q.role)
                quoted.setdefault(q.speaker, q.role)
        for person, role in _people_in(sentence).items():
            known.setdefault(person, role)
    out: list[Quote] = []
    prev_quotes: list[Quote] = []
    for i, (sentence, quotes) in enumerate(zip(sentences, per_sentence)):
        resolved: list[Quote] = []
        for q in quotes:
            if q.attribution == "surname_de":
                q = _family_name(q, attribution_de.full_names_ending_in(q.speaker, sentences[:i]), quoted)
            elif q.attribution == "surname_romance":
                q = _family_name(q, attribution_romance.full_names_ending_in(q.speaker, sentences[:i]), quoted)
            elif q.attribution == "pronoun_de":
                q = _german_pronoun(q, sentences[i - 1] if i else "", prev_quotes)
            elif q.speaker and _is_surname(q.speaker):
                # The people the article introduces, and any earlier mention in full ("Bernie
                # Sanders soared …" before "Sanders said"): exactly one person may carry the surname.
                found = _one_full_name(q.speaker, known, _full_names_before(q.speaker, sentences[:i]))
                if found:
                    q = replace(q, speaker=found[0], role=q.role or found[1], attribution="surname")
                elif q.speaker.lower() in TITLE_WORDS:  # "King said" with no Gayle King before: maybe a king
                    q = replace(q, speaker=None, role=None, attribution="none")
            elif q.attribution == "pronoun":
                q = replace(q, speaker=_pronoun_antecedent(sentences[i - 1] if i else "", prev_quotes, known),
                            attribution="pronoun")
                if not q.speaker:
                    q = replace(q, attribution="none")
            elif not q.speaker and _is_quote_only(sentence) and prev_quotes and prev_quotes[-1].speaker:
                q = replace(q, speaker=prev_quotes[-1].speaker, role=prev_quotes[-1].role,
                            attribution="continuation")
            resolved.append(q)
        out.extend(resolved)
        prev_quotes = resolved
    # A quote the article repeats (a pull-out heading before the paragraph that attributes it) is by
    # the speaker its attributed copy names, not whoever spoke in the sentence before the copy.
    named = {q.text: q for q in out if q.named}
    return [replace(q, speaker=named[q.text].speaker, role=named[q.text].role)
            if not q.named and q.text in named and q.speaker != named[q.text].speaker else q for q in out]


def _family_name(q: Quote, earlier: dict[str, str | None], quoted: dict[str, str | None]) -> Quote:
    """``„…“, sagte Björndalen``, ``“…”, señaló Boric``: the one full name the article gives for the
    family name (a quote's named speaker, or ``earlier``: names with a given name first in the
    sentences before); else the family name stays as the speaker, not fit for a pull quote."""
    found = _one_full_name(q.speaker, quoted, earlier)
    if found:
        return replace(q, speaker=found[0], role=q.role or found[1], attribution="surname")
    return replace(q, attribution="partial")


def _one_full_name(surname: str, people: dict[str, str | None],
                   earlier: dict[str, str | None]) -> tuple[str, str | None] | None:
    """The one full name ending in ``surname`` among ``people`` (names the article gives, with roles)
    and ``earlier`` (full names in the sentences before), a role from either; None unless exactly one."""
    full = {n: r for n, r in people.items() if n.endswith(" " + surname)}
    for person, role in earlier.items():
        full[person] = full.get(person) or role
    return next(iter(full.items())) if len(full) == 1 else None


def _german_pronoun(q: Quote, previous: str, prev_quotes: list[Quote]) -> Quote:
    """``„…“, sagte sie``: the one person the sentence before quotes or names, else no speaker."""
    names = {p.speaker for p in prev_quotes if p.speaker and len(p.speaker.split()) >= 2}
    names |= attribution_de.people_in(previous)
    names = _most_specific(names)
    if len(names) == 1:
        return replace(q, speaker=names.pop(), attribution="pronoun")
    return replace(q, speaker=None, role=None, attribution="none")


def _is_surname(speaker: str) -> bool:
    """One name, possibly with its particles: ``Sanders``, ``de Blasio``."""
    *particles, _ = speaker.split()
    return all(w in _NAME_PARTICLES for w in particles)


_TITLE_OR_PARTY = TITLE_WORDS | _PARTY_WORDS


def _is_title_word(word: str) -> bool:
    """``Col.``, ``Sen``, ``President-elect``, ``Republican``: a title or party word before a name."""
    w = word.lower().strip(",")
    return any(form in _TITLE_OR_PARTY for form in (w, w.strip("."), w.split("-")[0]))


def _full_names_before(surname: str, sentences: list[str]) -> dict[str, str | None]:
    """Full names ending in ``surname`` that ``sentences`` mention (outside quotations), with
    the title words before them as the role: ``Vice President Joe Biden`` → ``Joe Biden``,
    ``Vice President``; ``Mr Pence``, ``President Trump`` or ``On Monday Carlson`` give none."""
    found: dict[str, str | None] = {}
    for sentence in sentences:
        for m in _CAP_RUN_RE.finditer(outside_quotations(sentence)):
            words = m.group().split()
            if not m.group().endswith(" " + surname) or re.search(r"(?:’s|'s)$", m.group()):
                continue
            title: list[str] = []
            while words and (_is_title_word(words[0]) or words[0].lower().strip(".,") in _NOT_SPEAKER | _RUN_OPENERS):
                title.append(words.pop(0))
            if not len(surname.split()) < len(words) <= 4 or any(w.lower().strip(".") in _NOT_SPEAKER | ORG_WORDS for w in words):
                continue
            if any(_is_title_word(w) for w in words[:-1]):
                continue  # a title inside the run: not one person's name
            role = " ".join(w for w in title if w.lower().strip(".,") not in _NOT_SPEAKER) or None
            found.setdefault(" ".join(words), _strip_honorifics(role))
    return found


def _is_quote_only(sentence: str) -> bool:
    """True when the sentence is a quotation and nothing else."""
    return not _QUOTE_RE.sub("", sentence).strip(" .,;:!?")


def _most_specific(names: set[str]) -> set[str]:
    """Names without those another one ends in: {"Sanders", "Bernie Sanders"} → {"Bernie Sanders"}."""
    return {n for n in names if not any(n != m and m.endswith(" " + n) for m in names)}


def _pronoun_antecedent(previous: str, prev_quotes: list[Quote], known: dict[str, str | None]) -> str | None:
    """The one person named in the previous sentence (or speaking in it), else None."""
    names = {q.speaker for q in prev_quotes if q.speaker}
    stripped = outside_quotations(previous)
    for person in known:
        if person in stripped or re.search(rf"\b{re.escape(person.split()[-1])}\b", stripped):
            names.add(person)
    names = _most_specific(names)
    return next(iter(names)) if len(names) == 1 else None


def extract_quotes(text: str) -> list[Quote]:
    """All direct quotes in an article's text, with speaker and role when the article names them.

    Args:
        text: article text (or a single sentence; context-based resolution then has less to go on).

    Returns:
        Quotes in reading order; ``speaker`` is None when no speaker is identifiable.
    """
    sentences = split_sentences(text)
    return _resolve_in_article(sentences, [_quotes_in_sentence(s) for s in sentences])
