"""Body sections and the timeline (perspectives: :mod:`newsdesk.write.perspectives`).

Body sentences are sorted into sub-themes by cue words — what happened, what the parties say,
money and the economy, what comes next — and each theme with enough material becomes a section.
Its heading names what the section's own sentences are about: a place only when they name it,
speakers only when they are people the section quotes, "What it costs" only when most of its
sentences speak of a cost (else "The money", "The economy", or a neutral "The details"). No two
sections share a heading. Headings are in the story's language (English, German, Spanish, French,
Italian, Dutch or Portuguese; English for others). Sentences in a section keep source order:
earliest article first, then position in the article.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from newsdesk.models import TimelineEntry
from newsdesk.text import extract_entities, quotation_spans
from newsdesk.write.compress import strip_dateline
from newsdesk.write.quotes import ORG_WORDS, extract_quotes
from newsdesk.write.summarize import SentencePool, SourceSentence

logger = logging.getLogger(__name__)

__all__ = ["THEMES", "HEADINGS", "NEUTRAL_HEADINGS", "heading_text", "neutral_headings", "theme_of",
           "group_into_sections", "timeline"]

THEMES = ("happened", "positions", "costs", "next")
# Someone taking a stand, in a sentence about the story's positions and in a section headed by them.
_ARGUING = (r"argued|argues|warned|criticized|criticised|praised|urged|insisted|opposed|supporters|critics|"
            r"denied|accused|defended")
_STANDS = rf"said|says|{_ARGUING}"
_POSITIONS = re.compile(rf"[“\"]|\b({_STANDS}|called|believes?)\b", re.I)
_COSTS = re.compile(
    r"[$€£]|\b(cost|costs|budget|fund|funding|price|prices|tax|taxes|spending|economy|"
    r"economic|jobs|pay|paid|afford|deficit|debt|revenue|losses|damage|fees?|wages?)\b",
    re.I,
)
# Words of someone taking a stand: what "Where the parties stand" promises. Not a quotation mark alone
# (a title, a term), "called" ("a function called map", "so-called") or "believes".
_STANCE = re.compile(
    rf"\b({_ARGUING}|warns|criticizes|criticises|urges|opposes|oppose|opponents|denies|accuses|defends|"
    r"condemned|condemns|rejected|rejects|welcomed|demanded|demands|objected|protested|disagreed|disagrees|"
    r"urging|arguing|slammed|slams|blasted|blasts|decried|decries|lambasted|"
    # German, the language most other sources come in: "kritisierte", "Kritiker", "Gegner"
    r"kritisierte|kritisiert|forderte|fordert|warnte|warnt|Kritiker|Gegner|Befürworter)\b",
    re.I,
)
# A say verb is a stand only with the speaker's own words quoted: "police said the two girls used a taser",
# "CNN said the IG's office announced the probe", "the committee said on Tuesday" attribute a fact.
_SAYS = re.compile(
    r"\b(said|says|told|added|noted|wrote|tweeted|stated|declared|pointed out|sagte|sagt|erklärte|betonte)\b", re.I
)


def _takes_a_stand(sentence: str) -> bool:
    """True when the sentence has someone take a stand: a word of argument or opposition, or a say verb
    with the speaker's words quoted (three words or more)."""
    if _STANCE.search(sentence):
        return True
    return bool(_SAYS.search(sentence)) and any(
        len(sentence[a:b].split()) >= 3 for a, b in quotation_spans(sentence))


_SAYER = re.compile(
    r"\b([A-Z][a-z]+(?: [A-Z][a-z]+){0,2}) (?:said|says|argued|warned|urged|told|insisted|added)\b"
)
# What is ahead. Not a modal looking back or hedging ("would have been needed", "it would appear",
# "could typically"), nor "than expected" ("hired more workers than expected last month").
_NEXT = re.compile(
    r"\b(will|next|expected to|plans? to|planned|scheduled|upcoming|future|deadline|vote on|on track to|"
    r"set to|poised to|(?:would|could|may)(?! (?:have|typically|usually|normally|appear|seem)\b)|later this|"
    r"in the coming)\b",
    re.I,
)


def theme_of(sentence: str) -> str:
    """The sub-theme a sentence belongs to (one of :data:`THEMES`)."""
    if _POSITIONS.search(sentence):
        return "positions"
    if _COSTS.search(sentence):
        return "costs"
    if _NEXT.search(sentence):
        return "next"
    return "happened"


_ORG_WORDS = ORG_WORDS | {"federation", "group"}  # a speaker that is a body


# Words that make a "speaker" a party, a people or a body, not a person: "a Florida Republican",
# "Democrats", "the FDA".
_NOT_PERSON_WORDS = _ORG_WORDS | frozenset(
    "republican republicans democrat democrats democratic gop independent independents conservative "
    "conservatives liberal liberals progressive progressives administration officials campaign "
    "americans voters lawmakers senators "
    # a company's legal form: "Microsoft Corp said …" headed a section "What Corp and Nadella say"
    "corp corporation inc incorporated ltd llc plc co gmbh ag holdings".split()
)


_INITIAL = re.compile(r"[A-Z]\.")


def _person_like(name: str) -> bool:
    """A name of two or more capitalised words none of which is a party, people or body word; a
    middle initial counts as a word of it ("Susan A. Magill", "John W. Warner")."""
    words = name.split()
    return len(words) >= 2 and all(
        (w[:1].isupper() and not w.isupper() and w.lower().strip(".,") not in _NOT_PERSON_WORDS)
        or (0 < i < len(words) - 1 and _INITIAL.fullmatch(w))
        for i, w in enumerate(words)
    )


def speakers_in(sentences: list[SourceSentence], limit: int = 2, people: Iterable[str] = ()) -> list[str]:
    """Last names of the people quoted or reported as speaking, most frequent first.

    A speaker counts only as a person: "Pelosi" when the sentences or ``people`` (names from the
    whole story) give a "Nancy Pelosi", or the speaker is given in full; never a party
    ("Republican"), an initial ("D") or an agency ("FDA").
    """
    full_names = {e for s in sentences for e in s.entities or extract_entities(s.text)} | set(people)
    known = {surname(n) for n in full_names if _person_like(n)}
    counts: Counter[str] = Counter()
    for s in sentences:
        names = [q.speaker for q in extract_quotes(s.text) if q.speaker]
        if not names:
            names = [m.group(1) for m in _SAYER.finditer(s.text) if len(m.group(1).split()) >= 2]
        for name in names:
            last = surname(name)
            if last not in known:
                # "Blasio" for a "Bill de Blasio" the story names: his surname is "de Blasio".
                last = next((k for k in sorted(known) if k.endswith(" " + last)), last)
            if _person_like(name) or last in known:
                counts[last] += 1
    return [n for n, _ in counts.most_common(limit)]


_PARTICLES = frozenset("de da di del della der den du la le van von al el bin ben ibn dos das ter st".split())


def surname(name: str) -> str:
    """The family name a story uses after first mention: "Bill de Blasio" → "de Blasio"."""
    words = name.split()
    first = len(words) - 1
    while first > 1 and words[first - 1].lower().rstrip(".") in _PARTICLES:
        first -= 1
    return " ".join(words[first:])


# What a "costs" section may be about, from the most to the least specific heading.
_COST_OF = re.compile(
    r"\b(?:cost|costs|costing|price tag|fees?|pay for|paid for|afford\w*|expensive|cheaper)\b", re.I
)  # a dollar figure alone is money ("a $50 billion foundation"), not what something costs
_MONEY = re.compile(
    r"[$€£]|\b(?:budgets?|money|funds?|funding|funded|spending|spend|spent|tax|taxes|deficits?|debts?|"
    r"dollars?|billions?|trillions?|fees?|salar(?:y|ies)|loans?|subsid\w+|stimulus|appropriations?)\b",
    re.I,
)
_ECONOMY = re.compile(
    r"\b(?:econom\w+|jobs?|jobless|unemploy\w+|inflation|GDP|recession|growth|stocks?|markets?|investors?|"
    r"wages?|prices?|tariffs?|trade|exports?|imports?|consumers?|employers?|hiring|layoffs?)\b",
    re.I,
)
_MONEY_HEADINGS = ((_COST_OF, "costs"), (_MONEY, "money"), (_ECONOMY, "economy"))

#: Section headings by the language of the story's sources: a German story gets German headings,
#: not English ones over German sentences. Languages not listed get English.
HEADINGS: dict[str, dict[str, str]] = {
    "en": {"happened": "What happened", "happened_in": "What happened in {place}",
           "two_say": "What {a} and {b} say", "others_say": "What {a} and others say",
           "parties": "Where the parties stand", "costs": "What it costs", "money": "The money",
           "economy": "The economy", "numbers": "The numbers", "next": "What comes next"},
    "de": {"happened": "Was geschah", "happened_in": "Was in {place} geschah",
           "two_say": "Was {a} und {b} sagen", "others_say": "Was {a} und andere sagen",
           "parties": "Die Positionen", "costs": "Was es kostet", "money": "Das Geld",
           "economy": "Die Wirtschaft", "numbers": "Die Zahlen", "next": "Wie es weitergeht"},
    "es": {"happened": "Qué pasó", "happened_in": "Qué pasó en {place}",
           "two_say": "Qué dicen {a} y {b}", "others_say": "Qué dicen {a} y otros",
           "parties": "Las posturas", "costs": "Cuánto cuesta", "money": "El dinero",
           "economy": "La economía", "numbers": "Las cifras", "next": "Qué viene ahora"},
    "fr": {"happened": "Ce qui s’est passé", "happened_in": "{place} : ce qui s’est passé",
           "two_say": "Ce que disent {a} et {b}", "others_say": "Ce que disent {a} et d’autres",
           "parties": "Les positions", "costs": "Ce que cela coûte", "money": "L’argent",
           "economy": "L’économie", "numbers": "Les chiffres", "next": "La suite"},
    "it": {"happened": "Cosa è successo", "happened_in": "{place}: cosa è successo",
           "two_say": "Cosa dicono {a} e {b}", "others_say": "Cosa dicono {a} e altri",
           "parties": "Le posizioni", "costs": "Quanto costa", "money": "Il denaro",
           "economy": "L’economia", "numbers": "I numeri", "next": "Cosa succede ora"},
    "nl": {"happened": "Wat er gebeurde", "happened_in": "Wat er in {place} gebeurde",
           "two_say": "Wat {a} en {b} zeggen", "others_say": "Wat {a} en anderen zeggen",
           "parties": "De standpunten", "costs": "Wat het kost", "money": "Het geld",
           "economy": "De economie", "numbers": "De cijfers", "next": "Wat er nu komt"},
    "pt": {"happened": "O que aconteceu", "happened_in": "O que aconteceu em {place}",
           "two_say": "O que dizem {a} e {b}", "others_say": "O que dizem {a} e outros",
           "parties": "As posições", "costs": "Quanto custa", "money": "O dinheiro",
           "economy": "A economia", "numbers": "Os números", "next": "O que vem a seguir"},
}
#: Headings that are true of any section, for when no specific one fits or is still free.
NEUTRAL_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "en": ("The details", "More details", "Further details", "Other details"),
    "de": ("Die Einzelheiten", "Weitere Einzelheiten", "Mehr Einzelheiten", "Andere Einzelheiten"),
    "es": ("Los detalles", "Más detalles", "Otros detalles", "Detalles adicionales"),
    "fr": ("Les détails", "Plus de détails", "Autres détails", "Détails supplémentaires"),
    "it": ("I dettagli", "Altri dettagli", "Ulteriori dettagli", "Altri particolari"),
    "nl": ("De details", "Meer details", "Verdere details", "Overige details"),
    "pt": ("Os detalhes", "Mais detalhes", "Outros detalhes", "Detalhes adicionais"),
}
NEUTRAL_HEADINGS = NEUTRAL_BY_LANGUAGE["en"]


def neutral_headings(language: str | None) -> tuple[str, ...]:
    """The neutral headings in ``language`` (English when it has none)."""
    return NEUTRAL_BY_LANGUAGE.get(language or "en", NEUTRAL_HEADINGS)


def heading_text(key: str, language: str | None = "en", **names: str) -> str:
    """The heading ``key`` (a key of :data:`HEADINGS`) in ``language``, names filled in."""
    return HEADINGS.get(language or "en", HEADINGS["en"])[key].format(**names)


def _mostly(pattern: re.Pattern, texts: list[str]) -> bool:
    return sum(bool(pattern.search(t)) for t in texts) * 2 >= len(texts) > 0


def _heading(theme: str, place: str | None, speakers: list[str], texts: list[str], language: str = "en") -> str | None:
    """The heading that names what ``texts`` (the section's sentences) are about; None if none fits."""
    key = _heading_key(theme, place, speakers, texts)
    if key is None:
        return None
    return heading_text(key, language, place=place or "", a=speakers[0] if speakers else "",
                        b=speakers[1] if len(speakers) > 1 else "")


# A figure, not a digit inside a name: "Covid-19", "G-7", "F-35", "MiG-29" tell no number.
_FIGURE = re.compile(r"(?<![\w-])\d")


def _heading_key(theme: str, place: str | None, speakers: list[str], texts: list[str]) -> str | None:
    if theme == "happened":
        # The story's place heads the section only when the section is about it: its first
        # sentence or most of its sentences name it ("What happened in American Samoa" over a
        # candidate's withdrawal that mentions two delegates won there is wrong).
        named = [bool(re.search(rf"\b{re.escape(place)}\b", t)) for t in texts] if place else []
        if named and (named[0] or sum(named) * 2 >= len(named)):
            return "happened_in"
        return "happened"
    if theme == "positions":
        if len(speakers) >= 2:
            return "two_say"
        if speakers:
            return "others_say"
        # "Where the parties stand" needs someone taking a stand, not "a function called map" or a quoted term
        return "parties" if any(_takes_a_stand(t) for t in texts) else None
    if theme == "costs":
        return next((key for pattern, key in _MONEY_HEADINGS if _mostly(pattern, texts)), None)
    if theme == "details":
        return "numbers" if sum(bool(_FIGURE.search(t)) for t in texts) * 2 > len(texts) else None
    return "next"


def group_into_sections(
    sentences: list[SourceSentence],
    articles_order: dict[int, tuple],
    *,
    main_entity: str | None = None,
    place: str | None = None,
    people: Iterable[str] = (),
    language: str = "en",
    keep: Callable[[list[SourceSentence]], list[SourceSentence]] | None = None,
) -> list[tuple[str, list[SourceSentence]]]:
    """Group body sentences into 2–4 titled sections.

    Args:
        sentences: the body sentences (already selected).
        articles_order: sort key per article index (e.g. published time).
        main_entity: the story's most-named entity, used in a heading.
        place: the story's place, used in a heading when the section names it.
        people: names the story gives (any capitalised runs), to tell a quoted "Pelosi" for a
            person from a quoted "Republican".
        language: the story's language (ISO 639-1); headings are written in it where
            :data:`HEADINGS` has it, else in English.
        keep: called on each section's sentences in page order before its heading is chosen;
            returns those the page shows (the writer drops restatements there), so a heading
            names only what its section still says ("What Blackburn and others say" over a
            section whose Blackburn sentence was dropped was wrong). An emptied section goes.

    Returns:
        ``[(heading, sentences)]`` with 2–4 entries when there are at least two sentences.
    """
    groups: dict[str, list[SourceSentence]] = defaultdict(list)
    for s in sentences:
        groups[theme_of(s.text)].append(s)
    # Themes with a single sentence fold into the closest big theme.
    for theme in ("costs", "next", "positions"):
        if 0 < len(groups.get(theme, [])) < 2 and sum(len(v) for v in groups.values()) > 3:
            groups["happened"].extend(groups.pop(theme))
    if not groups.get("happened") and len(groups.get("next", [])) >= 2:
        # Stories announced ahead ("Biden will travel…"): the plans are what happened.
        groups["happened"] = groups.pop("next")
    ordered = [t for t in THEMES if groups.get(t)]
    if len(ordered) == 1 and len(sentences) >= 2:
        # One theme only: split it in two halves by source order (main facts, then details).
        only = sorted(groups[ordered[0]], key=lambda s: (articles_order[s.article_index], s.position))
        half = max(1, len(only) // 2)
        groups = {"happened": only[:half], "details": only[half:]}
        ordered = ["happened", "details"]
    sections = []
    used: set[str] = set()
    for theme in ordered[:4]:
        items = sorted(groups[theme], key=lambda s: (s.position, articles_order[s.article_index]))
        if keep is not None:
            items = keep(items)
            if not items:
                continue
        heading = _heading(theme, place, speakers_in(items, people=people) if theme == "positions" else [],
                           [x.text for x in items], language)
        if heading is None or heading in used:
            heading = next(h for h in neutral_headings(language) if h not in used)
        used.add(heading)
        sections.append((heading, items))
    return sections


def timeline(pool: SentencePool, contested: set[str] = frozenset(),
             exclude: set[tuple[int, int]] = frozenset()) -> list[TimelineEntry]:
    """One dated entry per publication day when the story spans more than one day.

    Sentences carrying a contested figure (``contested``) and those in ``exclude`` (by key: an
    opinion piece's) are never timeline entries.
    """
    by_day: dict[str, list[SourceSentence]] = defaultdict(list)
    for s in pool.sentences:
        if s.text in contested or s.key in exclude or '"' in s.text or "“" in s.text:
            continue
        published = pool.articles[s.article_index].known_published
        if published is None:  # the day it was read is not a day of the story
            continue
        by_day[published.date().isoformat()].append(s)
    if len(by_day) < 2:
        return []
    entries = []
    for day in sorted(by_day):
        # The day's lead: high score, early in its article.
        best = max(by_day[day], key=lambda s: (s.score + s.features.get("lead", 0.0), -s.position))
        entries.append(TimelineEntry(date=day, text=strip_dateline(best.text), article_url=best.article_url))
    return entries
