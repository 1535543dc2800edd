"""Who a quote in a Spanish, Portuguese, French or Italian sentence is by.

These languages attribute a quote after it with the verb first, like German (``“…”, dijo el
fiscal Jason Richman``, ``“…”, explica Marcelo Leppe, director del Instituto Antártico``,
``« … », a déclaré la ministre Agnès Pannier-Runacher``, ``“…”, disse o ministro Fernando
Haddad``, ``“…”, ha spiegato Giorgia Meloni``), or before it with a colon (``le président Alain
Fuchs déclare : « … »``), or with "according to" (``según``, ``selon``, ``segundo``,
``secondo``).

A role here is lower case (``el fiscal``, ``la ministre de la Santé``), so it ends where a
capitalised word starts. A name starts at a given name (:mod:`newsdesk.write.names`), then
name particles ("de la", "da", "Le") and up to two family names (Spanish names carry two). A
bare family name ("señaló Boric") is completed from the article by :func:`full_names_ending_in`,
else it names no one. An anonymous role ("apuntó la vicepresidenta"), a plural article ("dijeron
los vecinos") or a name after "a" without a role ("dijo a Juan Pérez": said *to* him) names no
speaker, because a wrong speaker is worse than none.
"""

from __future__ import annotations

import re

from newsdesk.write import names

__all__ = ["find_speaker", "full_names_ending_in"]

_SAY_VERBS = "|".join(sorted(set((
    # Spanish
    "dijo dice afirmó afirma señaló señala explicó explica aseguró asegura indicó indica declaró declara agregó "
    "agrega añadió añade comentó comenta sostuvo sostiene expresó expresa advirtió advierte manifestó manifiesta "
    "destacó destaca subrayó subraya apuntó apunta precisó detalló detalla reconoció reconoce insistió insiste "
    "recordó recuerda concluyó concluye aseveró enfatizó puntualizó relató relata contó cuenta "
    # Portuguese
    "disse diz afirmou declarou explicou acrescentou acrescenta destacou ressaltou ressalta contou conta "
    "comentou frisou frisa observou completou avaliou avalia argumentou defendeu lembrou lembra alertou garantiu "
    "garante reforçou informou pontuou "
    # French (the participle of a compound past, after "a"; "a-t-il dit" names no one)
    "déclare affirme explique indique ajoute souligne estime précise assure confie raconte poursuit dit lance "
    "martèle avertit commente rappelle résume reconnaît observe répond réagit regrette juge détaille conclut "
    # Italian (after "ha")
    "spiega dichiara aggiunge sottolinea racconta osserva conclude ricorda ammette assicura"
).split()), key=len, reverse=True))
_PARTICIPLES = "|".join(sorted(set((
    "dicho explicado señalado asegurado afirmado añadido indicado declarado "  # Spanish "ha dicho"
    "déclaré affirmé expliqué indiqué ajouté souligné estimé précisé assuré confié raconté poursuivi dit lancé "
    "martelé averti insisté commenté rappelé résumé reconnu noté observé répondu réagi regretté jugé détaillé "
    "conclu "
    "detto spiegato dichiarato aggiunto sottolineato affermato raccontato commentato osservato concluso "
    "precisato ricordato ammesso assicurato"
).split()), key=len, reverse=True))
_VERB = rf"(?:(?:a|ha)\s+(?:{_PARTICIPLES})|{_SAY_VERBS})"
_ACCORDING = r"(?:según|segundo|selon|secondo|d['’]après|de acuerdo con|de acordo com)"
# After the quote: ", dijo <phrase>" / ", según <phrase>".
_AFTER_VERB = re.compile(rf"^\s*[,.!?]?\s*(?:{_VERB}|{_ACCORDING})\s+(?P<phrase>.+)$", re.S)
# Before the quote, from the sentence start: "<phrase> déclare : « …" / "Según <phrase>, “…".
_BEFORE_VERB = re.compile(rf"^(?:.*,\s+)?(?P<phrase>[^,.;!?]{{1,100}}?)\s+{_VERB}\s*:\s*$", re.S)
_BEFORE_ACCORDING = re.compile(rf"(?:^|[,;]\s+)(?i:{_ACCORDING})\s+(?P<phrase>[^,.;!?]{{1,100}}?)\s*,\s*$", re.S)

_ARTICLES = frozenset("el la lo il le o l'".split())
_PLURAL = frozenset("los las les os as i gli des".split())
# Words that may come between the verb and the speaker: "dijo también el ministro", "a ajouté ensuite".
_ADVERBS = frozenset(
    "también además ayer hoy luego después entonces finalmente ainda também ontem hoje depois então "
    "aussi encore ensuite alors également ainsi hier anche poi ieri oggi inoltre".split()
)
# Lower-case words inside a role: "ministro de Economía", "secretário de Segurança Pública".
_ROLE_LINKS = frozenset("de del della dello dei degli delle da do dos das di du des d' la le y e et ed em en in per por para pour".split())
_PARTICLES = frozenset("de del della da do dos das di du des van von la le".split())
_CAP_PARTICLES = frozenset("De Del Da Di Du Van Von La Le Lo Dos Das".split())
_HONORIFICS = frozenset("Dr. Dra. Dr M. Mme Mme. Sr. Sra. Don Doña Dom Dona Prof. Sig. Sig.ra".split())
# A finite verb makes a comma part a clause ("que es …"), not an apposition.
_FINITE = re.compile(
    r"\b(?:es|fue|era|son|está|ha|han|había|est|était|sont|sera|ont|è|sono|hanno|é|foi|são|tem|têm)\b"
)
_ENDS = re.compile(r"[,.;:!?]$")
_CLAUSE_WORDS = frozenset("que qui che quien quienes quem cuando quand quando con avec com donde où onde".split())
_PREPOSITIONS = frozenset(
    "en dans sur à a con em no na nos nas nel nella in por pour durante pendant tras après ante devant según "
    "selon segundo secondo desde depuis ao al au aux".split()
)


def _after_honorifics(words: list[str], i: int) -> int:
    """Index of the first word at or after ``i`` that is no honorific ("Dr.", "Mme", "Sr.")."""
    return names.after_honorifics(words, i, _HONORIFICS)


def _bare(word: str) -> str:
    return word.strip(",.;:!?()")


def _capitalised(word: str) -> bool:
    w = _bare(word)
    return w[:1].isupper() and not w.isupper()


def _name_at(words: list[str], i: int) -> int:
    """End (exclusive) of a person's name starting at ``words[i]``, or -1 if none starts there:
    given names, particles, then one or two family names (``Gabriel Boric Font``)."""
    j = _after_honorifics(words, i)
    k = j
    while k < len(words) and names.is_given_name(words[k]) and words[k] not in _CAP_PARTICLES and k - j < 2:
        k += 1
        if _ENDS.search(words[k - 1]):
            return k if k - j >= 2 else -1
    if k == j:
        return -1
    family = 0
    while k < len(words) and family < 2:
        p = k
        while p < len(words) and (words[p] in _PARTICLES or words[p] in _CAP_PARTICLES):
            p += 1  # "de la", "da", "Le" (Bruno Le Maire)
        if p < len(words) and _capitalised(words[p]) and (p == k or not _ENDS.search(words[p - 1])):
            k = p + 1
            family += 1
            if _ENDS.search(words[p]):
                break
        else:
            break
    if family == 0:
        return k if k - j >= 2 else -1  # two given names read as a name: "Ana María"
    return k


def _role_words(words: list[str]) -> bool:
    """True when ``words`` (between the article and the name) read as a role: lower-case nouns and
    adjectives, and capitalised words only after a link ("ministro de Economía")."""
    if not words or len(words) > 8 or not words[0].islower():
        return False
    if any(_ENDS.search(w) for w in words) or _CLAUSE_WORDS & set(words):
        return False  # "la vicepresidenta por una charla que tuvo con …": a clause, not a role
    for prev, w in zip([""] + words, words):
        bare = _bare(w)
        if bare[:2] in {"l'", "l’", "d'", "d’"} and bare[2:3].isupper():
            bare, prev = bare[2:], "de"  # "ministre de l’Économie"
        if not bare or bare.islower() and bare not in _ADVERBS and not bare.endswith("ndo"):
            continue
        if _capitalised(bare) and (prev in _ROLE_LINKS or _capitalised(prev) or prev.isupper()):
            continue
        if bare.isupper() and prev in _ROLE_LINKS:
            continue
        return False
    return True


def _clean(words: list[str]) -> str:
    return " ".join(words).strip(" ,.;:")


def _apposition(part: str) -> str | None:
    """A comma part that names a role: "director del Instituto Antártico de Chile"."""
    words = part.split()
    if not words or len(words) > 16 or not words[0].islower() or words[0] in _ROLE_LINKS | _ARTICLES | _PLURAL:
        return None
    if words[0].endswith("ndo") or _FINITE.search(part) or re.search(r"[«»“”\"]", part):
        return None  # "insistiendo en …": what they did, not who they are
    if _CLAUSE_WORDS & set(words) or words[0] in _PREPOSITIONS:
        return None  # "…, dans une note de l’Académie": where they said it, not who they are
    return _clean(words)


def _parse(phrase: str, *, name_ends: bool = False) -> tuple[str | None, str | None, str]:
    """Speaker, role and attribution kind from the words after (or before) a say verb."""
    phrase = re.split(r"[:;]\s|[«»“”\"]", phrase.strip())[0].rstrip(" .!?")
    parts = [p.strip() for p in phrase.split(",") if p.strip()]
    if not parts:
        return None, None, "none"
    words = parts[0].split()
    while words and words[0].lower() in _ADVERBS:
        words = words[1:]
    if not words or words[0].lower() in _PLURAL:
        return None, None, "none"
    first = words[0].lower()
    with_article = first in _ARTICLES or first.startswith(("l'", "l’")) or first == "a" and len(words) > 1 and words[1].islower()
    if first.startswith(("l'", "l’")) and len(first) > 2:
        words = [words[0][2:]] + words[1:]
    elif with_article:
        words = words[1:]
    elif first == "a":
        return None, None, "none"  # "dijo a Juan Pérez": said to him
    # without an article the name comes first ("explica Marcelo Leppe"); with one, after the role
    for i in range(1, len(words)) if with_article else range(1):
        if with_article and _bare(words[i - 1]).lower() in _ROLE_LINKS:
            continue  # "el senador por Florida Rick Scott": a capitalised word after a link is part of the role
        end = _name_at(words, i)
        if end < 0:
            continue
        if with_article and not _role_words(words[:i]):
            return None, None, "none"
        tail = words[end:]
        if tail and tail[0] in {"y", "e", "et", "ed"}:
            return None, None, "none"  # two speakers
        if name_ends and tail:
            return None, None, "none"
        start = _after_honorifics(words, i)
        role = [_clean(words[:i])] if i else []
        if not tail and len(parts) > 1 and (appos := _apposition(parts[1])):
            role.append(appos)
        return _clean(words[start:end]), ", ".join(role) or None, "named"
    if with_article and len(parts) > 1 and _role_words(words):
        # "estime le ministre de l’Économie, Bruno Le Maire"
        second = parts[1].split()
        end = _name_at(second, 0)
        if end == len(second):
            return _clean(second[_after_honorifics(second, 0) : end]), _clean(words), "named"
    if not with_article:
        # "señaló Boric en Coquimbo", "a dit M. Caldwell": a family name alone
        start = _after_honorifics(words, 0)
        if start < len(words) and _capitalised(words[start]) and not names.is_given_name(words[start]):
            end = start + 1
            if end == len(words) or not _capitalised(words[end]) or _ENDS.search(words[start]):
                if not (name_ends and end < len(words)):
                    return _clean(words[start:end]), None, "surname_romance"
    return None, None, "none"


def find_speaker(before: str, after: str) -> tuple[str | None, str | None, str]:
    """Speaker, role and attribution kind of a quote in a Spanish, Portuguese, French or Italian
    sentence: ``"named"``, ``"surname_romance"`` (a bare family name, completed from the article by
    :mod:`newsdesk.write.quotes`) or ``"none"``."""
    after = re.split(r"[„“”\"»«]", after)[0]
    m = _AFTER_VERB.match(after)
    if m:
        found = _parse(m.group("phrase"))
        if found[2] != "none":
            return found
    bare = before.rstrip()
    m = _BEFORE_ACCORDING.search(bare) or _BEFORE_VERB.match(bare)
    if m:
        found = _parse(m.group("phrase"), name_ends=True)
        if found[2] != "none":
            return found
    return None, None, "none"


def full_names_ending_in(surname: str, sentences: list[str]) -> dict[str, str | None]:
    """Full names (given name first) ending in ``surname`` that ``sentences`` mention, with the
    lower-case role after an article right before them: ``el presidente Gabriel Boric`` →
    ``{"Gabriel Boric": "presidente"}``."""
    found: dict[str, str | None] = {}
    last = surname.split()
    for sentence in sentences:
        words = re.sub(r"[«»“”\"]", " ", sentence).split()
        for i in range(len(words)):
            end = _name_at(words, i)
            if end < 0 or [_bare(w) for w in words[end - len(last) : end]] != last or end - i <= len(last):
                continue
            person = _clean(words[_after_honorifics(words, i) : end])
            role = None
            for k in range(i - 1, max(-1, i - 9), -1):
                between = words[k + 1 : i - 1] + [words[i - 1].rstrip(",")]  # "el presidente de Chile, Gabriel Boric"
                if words[k].lower() in _ARTICLES and _role_words(between):
                    role = _clean(between)
                    break
            if role or person not in found:
                found[person] = found.get(person) or role
    return found
