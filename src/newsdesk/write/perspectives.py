"""Perspectives: how each outlet's coverage of the story differs from the others'.

For every outlet, the sentence of its own that carries most of what only it gives (distinctive
words, names no other outlet names, figures no other outlet gives) is cited verbatim, with a
lead-in in that sentence's words ("is alone in naming Tina Flournoy:", "leads on the vaccine
mandate:").
"""

from __future__ import annotations

import re
from collections import Counter

from newsdesk.models import Citation, Perspective
from newsdesk.text import STOPWORDS, content_words, extract_entities, extract_numbers, stem, tokenize
from newsdesk.write.names import is_nationality
from newsdesk.write.quotes import TITLE_WORDS, extract_quotes
from newsdesk.write.summarize import SentencePool, SourceSentence

__all__ = ["perspectives"]


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
    if len(words) == 1 and (last in _GROUP_WORDS or last in _TITLES or is_nationality(last)
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
    """True when ``number`` is a time, a day of the month, an ordinal, an age or a year in ``sentence``.

    "6 p.m.", "11:30", "September 6", "the 20th", "an 18-year-old", "the fiscal year 2021": no figure an
    outlet is alone in giving, whatever the other outlets wrote. A count of the same digits stays one
    ("2000 troops").
    """
    n = re.escape(number)
    # a year: four digits from 1900 to 2099 not followed by a plural noun ("2000 troops" is a count)
    if re.fullmatch(r"(?:19|20)\d\d", number) and re.search(rf"(?<![\d,.$€£]){n}(?![\d,.]\d)(?!\s+[a-z]+s\b)", sentence):
        return True
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
