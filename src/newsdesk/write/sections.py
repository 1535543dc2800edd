"""Body sections, perspectives and timeline.

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


from newsdesk.models import Citation, Perspective, TimelineEntry
from newsdesk.text import STOPWORDS, content_words, extract_entities, extract_numbers, stem, tokenize
from newsdesk.write.compress import strip_dateline
from newsdesk.write.quotes import ORG_WORDS, TITLE_WORDS, extract_quotes
from newsdesk.write.summarize import SentencePool, SourceSentence

logger = logging.getLogger(__name__)

__all__ = ["THEMES", "HEADINGS", "NEUTRAL_HEADINGS", "heading_text", "neutral_headings", "theme_of",
           "group_into_sections", "perspectives", "timeline"]

THEMES = ("happened", "positions", "costs", "next")
# Someone taking a stand, in a sentence about the story's positions and in a section headed by them.
_STANDS = (r"said|says|argued|argues|warned|criticized|criticised|praised|urged|insisted|opposed|supporters|critics|"
           r"denied|accused|defended")
_POSITIONS = re.compile(rf"[“\"]|\b({_STANDS}|called|believes?)\b", re.I)
_COSTS = re.compile(
    r"[$€£]|\b(cost|costs|budget|fund|funding|price|prices|tax|taxes|spending|economy|"
    r"economic|jobs|pay|paid|afford|deficit|debt|revenue|losses|damage|fees?|wages?)\b",
    re.I,
)
# Words of someone taking a stand: what "Where the parties stand" promises. Not a quotation mark alone
# (a title, a term), "called" ("a function called map", "so-called") or "believes".
_STANCE = re.compile(
    rf"\b({_STANDS}|told|warns|criticizes|criticises|urges|opposes|oppose|opponents|denies|accuses|defends|"
    r"condemned|condemns|rejected|rejects|welcomed|demanded|demands|objected|protested|"
    # German, the language most other sources come in: "sagte", "kritisierte", "Kritiker", "Gegner"
    r"sagte|sagt|erklärte|kritisierte|kritisiert|forderte|fordert|warnte|warnt|betonte|Kritiker|Gegner|"
    r"Befürworter)\b",
    re.I,
)
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
        return "parties" if any(_STANCE.search(t) for t in texts) else None
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
            groups["happened" if theme != "positions" else "happened"].extend(groups.pop(theme))
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


_REPORTING = frozenset(
    "learned confirmed reported reports reporting added stated noted told according sources "
    "announced statement spokesperson spokesman spokeswoman reporters journalists".split()
)


def _fit_for_perspective(sentence: str) -> bool:
    """A sentence that stands alone: no dateline-only text, any quote has its speaker named."""
    if len(sentence.split()) < 7 or sentence.rstrip().endswith("?"):
        return False
    return not any(q.word_count >= 6 and not q.speaker for q in extract_quotes(sentence))


def _speaker_of(sentence: str, article_text: str) -> str | None:
    """The named speaker of the sentence's quote, resolved against the whole article."""
    inner = [q.text for q in extract_quotes(sentence) if q.word_count >= 6]
    if not inner:
        return None
    for q in extract_quotes(article_text):
        if q.text == inner[0] and q.speaker:
            if q.role and len(q.role.split()) == 1 and q.role[0].isupper():
                return f"{q.role} {q.speaker}"  # "Colonel Ruth Adeyemi", not "Ruth Adeyemi, Colonel"
            return f"{q.speaker}, {q.role}" if q.role and len(q.role) <= 40 else q.speaker
    return None


_DETERMINERS = frozenset("the a an its their his her this that these those".split())
_DEMONSTRATIVES = frozenset("this that these those".split())
_NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays "
    "fridays saturdays sundays january february march april may june july august september october "
    "november december".split()
)


# Groups and nationalities: "Democrats", "GOP", "Latino", "Americans" name no one in particular.
_GROUP_WORDS = frozenset(
    "democrat democrats democratic republican republicans gop conservative conservatives liberal liberals "
    "progressive progressives black white asian latino latina latinos hispanic hispanics christian christians "
    "muslim muslims jewish jews catholic catholics evangelical evangelicals congress house senate "
    "legislature administration government ceo cfo".split()
)
# "New York", "North Carolina", "San Jose": the first word is part of the place.
_PLACE_PREFIXES = frozenset(
    "new north south east west northern southern eastern western central upper lower great united saint st "
    "san santa los las el la le fort mount port lake grand".split()
)
_DEMONYM_ENDINGS = ("ese", "ian", "ish", "ican", "ean")
_TRAILING_TITLES = frozenset("gov sen rep dr mr mrs ms lt gen col sgt capt prof rev atty supt".split())
# A title alone is no name: spaCy tags "President" in "former President Donald Trump" on its own.
_TITLES = frozenset(TITLE_WORDS) | frozenset("presidents sens reps senators".split())
_MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# One country, however an outlet writes it.
_SAME_PLACE = ({"u.s.", "us", "united states", "america", "u.s.a."}, {"u.k.", "uk", "britain", "united kingdom"})


def _lower_words(text: str) -> set[str]:
    """The words of lower-cased ``text``; a hyphen splits them ("u.s.-mexico": "u.s.", "mexico")."""
    return set(re.findall(r"[a-z][a-z.’']*", text))


_NAME_JOINERS = frozenset({"for", "of", "and", "the", "on", "&"})


def _initials(words: list[str]) -> str:
    """``Centers for Disease Control and Prevention`` → ``cdcp`` (joining words skipped)."""
    return "".join(w[0] for w in words if w.lower() not in _NAME_JOINERS and w[:1].isupper()).lower()


def _acronyms(text: str) -> set[str]:
    """``acr:`` keys for the initials (and their leading parts of 3 or more) of ``text``'s names,
    ``up:`` keys for the acronyms it writes ("CDC", "U.N.")."""
    keys = set()
    for run in re.finditer(r"[A-Z][\w’'-]*(?:\s+(?:(?:for|of|and|the|on|&)\s+)*[A-Z][\w’'-]*)+", text):
        initials = _initials(run.group().split())
        keys.update(f"acr:{initials[:n]}" for n in range(3, len(initials) + 1))
        if len(initials) == 2:
            keys.add(f"acr:{initials}")
    keys.update(f"up:{m.group().replace('.', '').lower()}" for m in re.finditer(r"\b[A-Z](?:\.?[A-Z]){1,5}\b\.?", text))
    return keys


def _alone_name(entity: str, sentence: str, lowercase_words: set[str], other_words: set[str],
                outlet: str) -> str | None:
    """``entity`` as a name only this outlet gives, or None when it is no name or others give it too.

    The others give it when they write its last word (the surname, the head of "Federal
    Reserve"), or its stem ("Democrats" / "Democratic"), or the same country under another name
    ("U.S." / "United States"). A sentence's capitalised first word that the sources also write in
    lower case ("Former", "Vaccinated") is no part of a name; months, party tags ("R-Ky"), groups
    and nationalities ("Democrats", "Latino", "Americans") and hyphenated adjectives
    ("Republican-backed") are no names.
    """
    words = entity.rstrip("'’").split()
    while words and words[0].islower():
        words = words[1:]  # "for U.S.": a preposition the entity tagger took in
    at_start = bool(words) and sentence.lstrip("“\"").startswith(words[0])
    if (at_start and len(words) >= 2 and words[0].lower() in lowercase_words
            and words[0].lower() not in _PLACE_PREFIXES):
        words = words[1:]  # "Former Minneapolis police officer …" names Minneapolis
    elif at_start and len(words) == 1:
        return None  # "Every", "Amid", "Implemented": a capital only because it opens the sentence
    while words and words[-1].rstrip(".").lower() in _TRAILING_TITLES:
        words = words[:-1]  # "South Dakota Gov. Kristi Noem" cut before the name: "South Dakota"
    if not words:
        return None
    name = " ".join(words)
    last = words[-1].lower().rstrip(".,")
    if (last in _NOT_NAMES or last in _MONTH_ABBREVIATIONS or re.fullmatch(r"[RDI]-[A-Za-z.]+", name)
            or any(re.search(r"-[a-z]", w) for w in words)):
        return None
    if len(words) == 1 and (last in _GROUP_WORDS or last in _TITLES or last.endswith(_DEMONYM_ENDINGS)
                            or last.rstrip("s").endswith(_DEMONYM_ENDINGS)
                            or (len(last) <= 3 and not words[0].isupper())):  # "Sen", "Ga"
        return None
    lowered = name.lower()
    if lowered in outlet.lower() or any(lowered in same and same & other_words for same in _SAME_PLACE):
        return None
    if any(lowered in same for same in _SAME_PLACE) and any(
            m.group(1) is None or m.group(1) not in STOPWORDS
            for m in re.finditer(rf"(?<![\w.]){re.escape(name)}(?:\s+([a-z]+)|-)", sentence)):
        return None  # "the U.S. special envoy", "U.S. adults", "the U.S.-Mexico border": a country as a modifier
    # "CDC" against "Centers for Disease Control", and the other way round.
    if re.fullmatch(r"[A-Z](?:\.?[A-Z]){1,5}\.?", name) and f"acr:{name.replace('.', '').lower()}" in other_words:
        return None
    initials = _initials(words)
    if len(initials) >= 3 and any(f"up:{initials[:n]}" in other_words for n in range(3, len(initials) + 1)):
        return None
    head = last.replace("’s", "").replace("'s", "")
    root = head[: max(5, len(head) - 3)]
    if head in other_words or any(w.startswith(root) for w in other_words if len(root) >= 5):
        return None
    return name


# Words after a determiner that head no topic: adverbs and quantifiers ("get through this together",
# "22 and a half years": "leads on the together:", "leads on the half:") and nouns too vague to name one.
_NOT_A_TOPIC = frozenset(
    "half together more most less least much many few lot lots way ways other others same whole rest part "
    "all both each several various own here there now then too also again away back ago else instead "
    "anyway thing things one ones time times moment kind sort "
    # units of time and outcomes name no topic ("leads on the decade:", "leads on the result:"), and an
    # adjective after its noun is no head ("kept the bridge open": "leads on the bridge open:")
    "day days week weeks month months year years decade decades century result results "
    "open closed shut alive dead free clear safe ready available able unable possible likely aware".split()
)
# Nouns ending in -ly, which is otherwise an adverb's ending: "The global tally of confirmed cases …"
# gave "leads on the global:".
_LY_NOUNS = frozenset(
    "tally rally family supply assembly ally anomaly monopoly reply jelly belly bully lily folly melee "
    "homily oligopoly italy july".split()
)
# Past tenses without -ed: "The president spent the weekend …" gave "leads on the president spent:".
_IRREGULAR_PAST = frozenset(
    "said spent took made won lost left led met paid sent told went came gave got held kept brought bought "
    "thought found sat stood ran began broke chose drove fell fought knew meant rose saw sold spoke struck "
    "swore threw wore wrote became built dealt drew felt fled flew forgot grew heard hid laid lent sought "
    "stole stuck swept taught tore understood woke shot shut hit cut set put let quit spread".split()
)


def _chunk_around(sentence: str, term: str) -> str | None:
    """The noun phrase ``term`` heads in ``sentence`` without its determiner (``formal investigation``).

    Only a phrase that starts after a determiner or possessive (``a formal investigation``,
    ``Aldermark's chief medical officer``) counts, so verbs and adverbs never become the topic.
    """
    tokens = re.findall(r"[\w’'\-]+|[^\w\s]", sentence)
    lower = [t.lower() for t in tokens]
    if term.lower() not in lower:
        return None
    i = lower.index(term.lower())

    def content(t: str) -> bool:
        return ((t.isalpha() or "-" in t) and t.islower() and t not in STOPWORDS
                and (not t.endswith(("ly", "ed", "ing")) or t in _LY_NOUNS) and t not in _IRREGULAR_PAST)

    if (not content(tokens[i]) and not tokens[i].endswith("ing")) or lower[i] in _NOT_A_TOPIC:
        return None
    start = i
    while start > 0 and i - start < 3 and content(tokens[start - 1]):
        start -= 1
    if start == 0:
        return None
    det = tokens[start - 1]
    if det.lower() not in _DETERMINERS and not det.endswith(("'s", "’s")):
        return None
    if det.lower() in _DEMONSTRATIVES:
        return None  # "In this cycle, …" points back to a sentence the reader has not seen: "leads on the cycle:"
    if i + 1 < len(tokens) and content(tokens[i + 1]):
        return None  # "chief medical officer": the term is not the head of its phrase
    if (i + 2 < len(tokens) and (tokens[i + 1][:1].isupper() or any(c.isdigit() for c in tokens[i + 1]))
            and content(tokens[i + 2])):
        return None  # "experimental COVID-19 vaccine": a name inside the phrase, whose head comes after it
    return " ".join(tokens[start : i + 1])


def _credits_another_outlet(sentence: str, outlet: str) -> bool:
    """True for wire copy: ``WRENHAVEN (Meridian Wire) — …`` in another outlet's article."""
    m = re.search(r"\(([^)]{2,40})\)\s*[—–-]", sentence)
    return bool(m) and m.group(1).strip().lower() != outlet.lower()


_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"


def _clock_date_or_rank(sentence: str, number: str) -> bool:
    """True when ``number`` is a time, a day of the month, an ordinal or an age in ``sentence``.

    "6 p.m.", "11:30", "September 6", "the 20th", "an 18-year-old": no figure an outlet is alone
    in giving, whatever the other outlets wrote.
    """
    n = re.escape(number)
    return bool(re.search(
        rf"(?<![\d,.:]){n}(?::\d\d\s*|\s*)(?:a\.?m\b|p\.?m\b)|(?<![\d,.]){n}:\d\d|\d:{n}\b|"
        rf"\b{_MONTHS}\s+{n}\b|(?<![\d,.]){n}(?:st|nd|rd|th)\b|(?<![\d,.]){n}-(?:year|month|week|day)-old",
        sentence,
    ))


# A figure as the sentence writes it, a ratio whole ("1 in 5", "three out of 10" is no digit run):
# "is alone in giving the figure 1:" had cut "Some 1 in 5 renters …". Never a digit inside a name.
_RATIO_OR_FIGURE = re.compile(r"(?<![\w-])(\d[\d,.]*)(?:\s+(?:in|out of)\s+\d[\d,]*\b)?")


_FIGURE_IN_NAME = re.compile(r"(?<=[A-Za-z])-\d[\d.]*\b")


def _figures(sentence: str) -> list[str]:
    """The sentence's figures (:func:`extract_numbers`) without the digits of a name: "COVID-19",
    "G-7" or "F-35" gave "is alone in giving the figure 19:" (session 15)."""
    return extract_numbers(_FIGURE_IN_NAME.sub("", sentence))


def _emphasis_phrase(sentence: str, article_text: str, names: list[str], numbers: list[str],
                     terms: list[str]) -> str:
    """A readable lead-in for the outlet's distinctive sentence, from that sentence's own words.

    ``quotes Greta Solheim, Mariners manager:`` when the sentence is a named quote; ``is alone in
    naming Oskar Lind:`` when it names someone or something no other outlet does; ``is alone in
    giving the figure 41,200:`` for a figure; else ``leads on the <words around its most
    distinctive term>:``.
    """
    speaker = _speaker_of(sentence, article_text)
    if speaker:
        return f"quotes {speaker}:"
    if names:
        return f"is alone in naming {names[0]}:"
    if numbers:
        raw = next((m.group(0).rstrip(".,") for m in _RATIO_OR_FIGURE.finditer(sentence)
                    if m.group(1).replace(",", "").rstrip(".,") == numbers[0]), None)
        if raw:
            return f"is alone in giving the figure {raw}:"
    for term in terms:
        chunk = _chunk_around(sentence, term)
        if chunk:
            return f"leads on the {chunk}:"
    return "leads with:"


def perspectives(pool: SentencePool, max_per_outlet: int = 1) -> list[Perspective]:
    """What each outlet emphasises: its most distinctive sentence and a lead-in built from it.

    The sentence is the outlet's own (cited verbatim) that carries most of its distinctive
    terms and of the names and figures no other outlet gives; the ``emphasis`` phrase says
    why it is distinctive in that sentence's words (see :func:`_emphasis_phrase`).

    Args:
        pool: the story's candidate sentences.
        max_per_outlet: perspectives per outlet.

    Returns:
        One :class:`Perspective` per outlet when the story has at least two outlets.
    """
    outlets = sorted({s.outlet for s in pool.sentences})
    if len(outlets) < 2:
        return []
    words_by_outlet: dict[str, Counter[str]] = {}
    first_seen: dict[str, dict[str, int]] = {}
    title_words: dict[str, set[str]] = {}
    surface: dict[str, str] = {}

    def keep(word: str, outlet_tokens: set[str]) -> bool:
        return (word.isalpha() and len(word) > 3 and word not in outlet_tokens and word not in _REPORTING
                and not word.endswith(("ed", "ing", "ly")))

    for article in pool.articles:
        outlet_tokens = set(tokenize(article.outlet))
        title_words.setdefault(article.outlet, set()).update(
            stem(w) for w in content_words(article.title) if keep(w, outlet_tokens)
        )
    for order, s in enumerate(pool.sentences):
        bag = words_by_outlet.setdefault(s.outlet, Counter())
        seen = first_seen.setdefault(s.outlet, {})
        outlet_tokens = set(tokenize(s.outlet))
        for w in content_words(s.text):
            if keep(w, outlet_tokens):
                bag[stem(w)] += 1
                seen.setdefault(stem(w), order)
                surface.setdefault(stem(w), w)
    # Words the sources also write in lower case: "Former" or "Vaccinated" opening a sentence is no name.
    lowercase_words = set(re.findall(r"(?<![.!?]\s)\b[a-z][a-z-]+", " ".join(a.text for a in pool.articles)))
    result = []
    for outlet in outlets:
        own = words_by_outlet.get(outlet, Counter())
        others: Counter[str] = Counter()
        for o, bag in words_by_outlet.items():
            if o != outlet:
                others.update(bag)
        # Distinctive: frequent here, in this outlet's headline, early in its text, rare elsewhere.
        headline = title_words.get(outlet, set())
        distinct = {
            w: (n + 3 * (w in headline) + 1 / (1 + first_seen[outlet][w])) / (1 + others[w])
            for w, n in own.items()
        }
        top = [w for w, _ in sorted(distinct.items(), key=lambda x: (-x[1], first_seen[outlet][x[0]]))[:3]]
        if not top:
            continue
        candidates = [
            s for s in pool.sentences
            if s.outlet == outlet and _fit_for_perspective(s.text) and not _credits_another_outlet(s.text, outlet)
        ]
        if not candidates:
            continue
        top_set = set(top)
        other_text = " ".join(a.text for a in pool.articles if a.outlet != outlet).lower()
        other_numbers = set(extract_numbers(other_text))

        other_words = _lower_words(other_text) | _acronyms(" ".join(a.text for a in pool.articles if a.outlet != outlet))

        def unique_facts(s: SourceSentence) -> tuple[list[str], list[str]]:
            names = []
            for entity in extract_entities(s.text):
                name = _alone_name(entity, s.text, lowercase_words, other_words, outlet)
                if name:
                    names.append(name)
            numbers = [n for n in _figures(s.text) if n not in other_numbers and not _clock_date_or_rank(s.text, n)]
            return names, numbers

        def weight(s: SourceSentence) -> tuple:
            hits = len({stem(w) for w in content_words(s.text)} & top_set)
            names, numbers = unique_facts(s)
            return (hits + 2 * len(names) + len(numbers), s.score)

        best = max(candidates, key=weight)
        names, numbers = unique_facts(best)
        article_text = pool.articles[best.article_index].text
        emphasis = _emphasis_phrase(best.text, article_text, names, numbers, [surface[w] for w in top])
        result.append(
            Perspective(
                outlet=outlet,
                emphasis=emphasis,
                citation=Citation(article_url=best.article_url, sentence=best.text),
            )
        )
    return result


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
