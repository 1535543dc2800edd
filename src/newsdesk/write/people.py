"""Who a pronoun or a family name on a page means.

A page puts sentences from several articles side by side, so a sentence that leans on the one
before it in its source loses its referent. Three checks keep a reader from meeting a person the
page never introduced, or the wrong one:

- :func:`resolve_leading_pronoun`: "She said …" after a sentence that names one person it can
  mean becomes "Ada Brenn said …", citing the sentence that names her;
- :func:`introduce_full_names`: the first mention of a family name alone ("Halvorsen said …")
  becomes the full name the sources give;
- :func:`unanchored_pronoun`: a "he/his/she/her" before any person or role the sentence names
  keeps the sentence from leading a page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.entities import extract_entities_by_kind, normalise_entity, spacy_available
from newsdesk.models import Article, Citation, CitedSentence
from newsdesk.text import STOPWORDS, extract_entities, outside_quotations, quotation_spans
from newsdesk.write.names import FullName, female_share, is_given_name
from newsdesk.write.quotes import ORG_WORDS, TITLE_WORDS, Quote, extract_quotes, is_role_noun, split_title

__all__ = [
    "LEADING_PRONOUN", "NOT_FAMILY_NAMES", "introduce_full_names", "person_named_in", "resolve_leading_pronoun",
    "unanchored_pronoun",
]

# "He said …" / "His address …" right after a sentence that names one person.
LEADING_PRONOUN = re.compile(r"^(?:(?P<subject>He|She)|(?P<possessive>His|Her)) (?=[a-z])")


def person_named_in(sentence: str, quotes: Sequence[Quote] | None = None, pronoun: str | None = None) -> str | None:
    """The one person a sentence names (quote speaker, else a lone 2–3 word name), if unambiguous.

    ``quotes`` are the quotes of the sentence's article (their speakers' surnames completed);
    without them the sentence's own quotes are used. ``pronoun`` ("She", "His" …) leaves out a
    person the name list says is rarely of its gender ("Her late husband …" after a sentence naming
    Susan Wright and Donald Trump is Susan Wright's), and the name must read as a person's: a
    title or a given name first ("Glover Park Group", a firm, had become the "Her" of "Her last day
    is April 1" on an eval page).
    """
    quotes = [q for q in (extract_quotes(sentence) if quotes is None else quotes) if q.sentence == sentence]
    speakers = {q.speaker for q in quotes if q.speaker}
    if speakers:
        # After a quote, "She has …" continues with its speaker, not with someone the quote's
        # sentence mentions in passing ("…,” said Ackison, who protested Gov. Mike DeWine’s orders").
        speaker = next(iter(speakers))
        if len(speakers) == 1 and len(speaker.split()) >= 2 and _gender_fits(speaker, pronoun):
            return speaker
        return None
    people: dict[str, bool] = {}
    # A family name alone as the subject ("Meadows outlined the talks between House Speaker Nancy Pelosi
    # and Treasury Secretary Steven Mnuchin.") is whom a "He" after it most likely means: the full names
    # in the sentence are no longer the only ones it can mean.
    subject = re.match(r"[“\"‘']?([A-Z][\w’'-]+)\s+[a-z]", sentence)
    if (subject and subject.group(1).lower() not in STOPWORDS and subject.group(1).lower() not in ORG_WORDS
            and not is_given_name(subject.group(1))):
        people[subject.group(1)] = False
    for entity in extract_entities(sentence):
        if re.search(rf"\b{re.escape(entity)}(?:’s|'s)", sentence):
            continue  # "DeWine’s orders": a possessive is not the sentence's subject
        title, name = split_title(entity)
        words = name.split()
        # "Republican Susan Wright": the name starts at its given name
        first = next((i for i, w in enumerate(words[:-1]) if is_given_name(w)), 0)
        words = words[first:]
        if 2 <= len(words) <= 3 and not any(w.lower() in ORG_WORDS for w in words):
            if not re.search(rf"\b(?:in|at|from|to) {re.escape(entity)}", sentence):
                name = " ".join(words)
                if _gender_fits(name, pronoun):
                    people[name] = bool(title) or is_given_name(words[0])
    if len(people) != 1:
        return None
    name, reads_as_person = next(iter(people.items()))
    return name if reads_as_person else None


def _gender_fits(name: str, pronoun: str | None) -> bool:
    """False when the name list says few people of ``name``'s given name are of ``pronoun``'s gender."""
    share = female_share(name.split()[0]) if pronoun else None
    if share is None:
        return True
    return share >= 0.2 if pronoun.lower() in ("she", "her") else share <= 0.8


def resolve_leading_pronoun(
    text: str, sentences: Sequence[str], position: int, quotes: Sequence[Quote], article_text: str
) -> tuple[str, list[str]] | None:
    """``text`` (the printed form of ``sentences[position]``) with its leading He/She/His/Her replaced
    by the one person the sentence before names, and the source sentences that name them; None when
    the pronoun cannot be resolved.

    Args:
        text: the sentence as the page prints it (compressed).
        sentences: the sentences of its article.
        position: its index in ``sentences`` (at least 1).
        quotes: the quotes of the article (their speakers complete the name).
        article_text: the article's text (its apostrophe is the one the possessive takes).
    """
    leading = LEADING_PRONOUN.match(text)
    if not leading or position < 1:
        return None
    previous = sentences[position - 1]
    if LEADING_PRONOUN.match(outside_quotations(previous).lstrip(" ,")):
        # "She also worked at Glover Park Group. Her last day …": the one the sentence
        # before goes on about is still the subject, not whom it names
        previous = ""
    name = person_named_in(previous, quotes, leading.group(0).strip())
    if not name:
        return None
    possessive = leading.group("possessive")
    apostrophe = "’" if article_text.count("’") >= article_text.count("'") else "'"
    text = LEADING_PRONOUN.sub(f"{name}{apostrophe}s " if possessive else name + " ", text, count=1)
    # The name may be completed from an earlier sentence ("Ackison" → "Melissa
    # Ackison"): cite the one that gives it in full too.
    support = [previous]
    if name not in previous:
        support += [t for t in sentences[: position - 1] if name in t][:1]
    return text, support


# After a family name, what makes it part of another name or a modifier, not a person named:
# "Trump administration", "Obama-era", "Trump Organization", "James E. Boasberg".
_NAME_AS_MODIFIER = re.compile(
    r"-|\s+(?:[A-Z]|(?:administration|era|campaign|presidency|government|camp|team|family|years|doctrine|"
    r"policy|policies|rule|rules|plan|bill|act|law|tax|tariffs?|voters?|supporters?|allies|loyalists)\b)"
)

# Organisation and title words are no family name ("Justice Department", "New York Representative").
NOT_FAMILY_NAMES = frozenset(w.lower() for w in (*ORG_WORDS, *TITLE_WORDS))

# An elided article or preposition glued to the next word: "d’Emmanuel Macron", "l'Italien".
_ELIDED = re.compile(r"^(?:[dlDLjJnNsStTcCmM]|[Qq]u)[’']")

# Before a family name, words that make it a place or a modifier: "in Washington" (with George
# Washington in the sources), "a Trump proclamation".
_NOT_BEFORE_A_PERSON = frozenset(
    "a an the in at from into near across outside inside around throughout via toward towards".split()
)


def introduce_full_names(
    part: list[CitedSentence], full_names: dict[str, FullName], articles: Sequence[Article], above: Sequence[str] = ()
) -> list[CitedSentence]:
    """A person a page part first names by family name alone gets the full name the sources give.

    "Halvorsen said the government's spending plans …" opened a demo Quick Read whose other
    sentences never named Idris Halvorsen; the summary quoted "Marchetti" before it named Governor
    Elias Marchetti. The first mention, outside quotations, of a family name that stands for one
    person in the sources (``full_names``, from :func:`~newsdesk.write.names.full_names_by_family_name`)
    becomes the full name, and the sentence cites the source sentence that gives it (as a resolved
    pronoun does). A mention after another capitalised word ("Finance Minister Halvorsen", "Mr.
    Halvorsen") is left as it is, as is every mention after the first.

    Args:
        part: a page part's sentences in reading order (summary, Quick Read, or body).
        full_names: family name → the full name the sources give for it.
        articles: the story's articles (``FullName.article_index`` indexes them).
        above: the texts the page shows before the part (the dek and "In brief" above the body).
    """
    if not full_names:
        return part
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, full_names)) + r")\b")
    named: set[str] = {m.group(1) for t in above for m in pattern.finditer(t)}
    out = []
    for c in part:
        text, sources = c.text, list(c.sources)
        quoted = quotation_spans(text)
        replace = []
        for m in pattern.finditer(text):
            family = m.group(1)
            if family in named or any(a <= m.start() < b for a, b in quoted):
                continue
            named.add(family)
            before, after = text[: m.start()].split(), text[m.end():]
            if before and _ELIDED.sub("", before[-1].lstrip("([{“\"„«‘'"))[:1].isupper():
                # "Idris Halvorsen", "(Florence Kasumba)", "d’Emmanuel Macron", "Finance Minister Halvorsen", "Mr. Halvorsen"
                continue
            if (_NAME_AS_MODIFIER.match(after) or text[m.start() - 1: m.start()] == "-"
                    or (before and before[-1].lower() in _NOT_BEFORE_A_PERSON)):
                continue  # "the Trump administration", "Obama-era rules", "James E. Boasberg", "pro-Trump"
            replace.append((m, full_names[family]))
        for m, full in reversed(replace):
            text = text[: m.start()] + full.text + text[m.end():]
            source = Citation(article_url=articles[full.article_index].url, sentence=full.sentence)
            if source not in sources:
                sources.append(source)
        out.append(c if not replace else CitedSentence(text=text, sources=sources))
    return out


_ROLE_ARTICLES = frozenset("the a an its their our this that one every each".split())
_THIRD_PERSON = re.compile(r"\b(?:he|him|his|she|her|hers)\b", re.I)


def unanchored_pronoun(sentence: str) -> bool:
    """True when "he/his/she/her" comes before any person or role the sentence names: the pronoun
    points at someone a sentence before it named ("Republicans … are grumbling about his last-minute
    announcement"). Fine in a body after its source's sentence, not in a dek that opens the page.

    A person is a name spaCy tags as a person or organisation (without spaCy: any capitalised word
    after the first); a role is a title or agent noun ("the governor said his plan …").
    """
    own = outside_quotations(sentence)
    m = _THIRD_PERSON.search(own)
    if not m:
        return False
    before = own[: m.start()]
    words = [w.strip(",.;:()“”\"'’") for w in before.split()]
    # a role after its article: "the governor said his plan …" (the agent-noun test alone takes "another",
    # "border" or "statement" for one: "Each day now, rivals unveil another ghost from his past." led a page)
    if any(w.lower() in TITLE_WORDS or (w.islower() and is_role_noun(w) and i and words[i - 1].lower() in _ROLE_ARTICLES)
           for i, w in enumerate(words) if w):
        return False
    if spacy_available():
        kinds = extract_entities_by_kind([own])[0]
        # the small model often tags a lone surname as an organisation ("Trump said he …")
        names = kinds["person"] | kinds["org"]

        def names_one(text: str) -> bool:
            text = normalise_entity(re.sub(r"['’]s\b", "", text))  # "George Floyd's funeral … his death"
            return any(re.search(rf"\b{re.escape(n)}\b", text) for n in names)

        if names_one(before):
            return False
        # "As he prepared to visit Capitol Hill, President Trump …": the opening clause names him after
        comma = own.find(",", m.end())
        return not (comma > 0 and before.count(",") == 0 and names_one(own[comma:]))
    return not any(w[:1].isupper() for w in words[1:])
