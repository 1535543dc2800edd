"""Say each fact once on a page: novelty of a sentence against what the page already states.

A sentence is reduced to *fact units*: its stemmed content words, its figures (``2–1``, ``88th``,
``1998``, ``41,200``) and its named entities. Figures and names count double — they are what a
repeated fact is recognised by ("88th minute", "Niko Arslan"). A candidate whose weighted share
of units the page has not stated yet is below a threshold restates facts already on the page
and is left out; the citations of the sentence that stays still point at every outlet that
reports the fact (``_Writer.cited`` adds them by similarity), so corroboration is not lost.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from newsdesk.text import extract_entities, extract_numbers, stems
from newsdesk.write.names import is_given_name

logger = logging.getLogger(__name__)

__all__ = ["fact_units", "novelty", "PageFacts", "NOVELTY_THRESHOLD", "PARAPHRASE_COSINE", "LEAD_PARAPHRASE_COSINE",
           "REPEATED_FIGURES_THRESHOLD"]

#: Below this weighted share of new units a sentence repeats the page (set by eye on the demo
#: stories: restatements of score/minute/year score 0.1–0.35, sentences adding a fact ≥ 0.45).
NOVELTY_THRESHOLD = 0.4
#: A sentence restating two or more of the page's figures must be at least this new.
REPEATED_FIGURES_THRESHOLD = 0.5
#: MiniLM cosine at or above which an English sentence restates a page sentence in other words
#: ("YouTube suspended Rand Paul for seven days …" / "Sen. Rand Paul has been suspended from
#: YouTube for a week …"), however many of its words are new. Set on 70 hand-labelled pairs of
#: Quick Read sentences from different articles (``bench/restatement_labels.json``, 14 per cosine
#: band from 0.65; ``bench/bench_writer.py`` reports them): at or above 0.7, 47 of 56 restate;
#: under it, 5 of 14. The share of new fact units does not tell the two apart (restatements and
#: new facts alike have 45–90% new units), so it is no condition here.
PARAPHRASE_COSINE = 0.7
#: The same against the page's lead (the dek's sentence), which tells the story's main fact: another
#: outlet's sentence this close to it tells that fact again ("President Biden on December 29 announced
#: a truce in a long-running trade war with the European Union …" after "President Joe Biden on
#: December 29 moved to end a long-running dispute with the European Union …"). Read off 60
#: hand-labelled Quick Read pairs under 0.7 drawn by cosine band (``bench/restatement_labels_lead.json``,
#: ``bench/bench_writer.py`` reports them): with the lead at or above 0.6, 12 of 14 restate; without
#: the lead, 8 of 29 pairs under 0.7 restate, too few for any threshold. Checked on draws labelled
#: before the rule was built: with the lead in 0.6-0.7, 21 of 24 restate; in 0.55-0.6, 11 of 24 (so
#: not lower).
LEAD_PARAPHRASE_COSINE = 0.6
_FIGURE_WEIGHT = 2.0
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")


# A title's abbreviation is the title: "Gov. Ron DeSantis" and "governor Ron DeSantis" state one fact.
_ABBREVIATIONS = {"gov": "governor", "sen": "senator", "rep": "representative", "reps": "representative",
                  "gen": "general", "lt": "lieutenant", "sgt": "sergeant", "atty": "attorney", "dept": "department",
                  "govt": "government", "pres": "president", "supt": "superintendent"}


def fact_units(text: str) -> dict[str, float]:
    """The weighted fact units of a sentence: ``{"w:stem": 1, "n:88": 2, "e:niko arslan": 2}``."""
    units: dict[str, float] = {f"w:{_ABBREVIATIONS.get(s, s)}": 1.0 for s in stems(text)}
    for number in extract_numbers(_ORDINAL.sub(r"\1", text)):
        units[f"n:{number}"] = _FIGURE_WEIGHT
    for entity in extract_entities(text):
        key = entity.lower()
        units[f"e:{key}"] = _FIGURE_WEIGHT
        # "Arslan" later in the page is the same person as "Niko Arslan".
        for part in key.split():
            units.setdefault(f"w:{part}", 1.0)
    return units


def _stated(unit: str, seen: set[str]) -> bool:
    """A unit the page has stated; a name also when the page has stated each of its words ("Ron
    DeSantis" after "Florida Gov. Ron DeSantis", which the entity finder may read as one name)."""
    if unit in seen:
        return True
    if not unit.startswith("e:"):
        return False
    parts = unit[2:].split()
    # a person's name: it starts at a given name ("Ron DeSantis"), not "Die Flaschenöffnung" or "Dass
    # Bernal", which the entity finder reads as names in German text too
    return len(parts) > 1 and is_given_name(parts[0].title()) and all(f"w:{part}" in seen for part in parts)


def novelty(units: dict[str, float], seen: set[str]) -> float:
    """Weighted share of ``units`` not in ``seen`` (1.0 for an empty sentence)."""
    total = sum(units.values())
    if not total:
        return 1.0
    return sum(w for u, w in units.items() if not _stated(u, seen)) / total


class PageFacts:
    """The fact units a page has stated so far."""

    def __init__(self, texts: Iterable[str] = ()):
        self.seen: set[str] = set()
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        """Record ``text`` as stated."""
        self.seen |= set(fact_units(text))

    def novelty(self, text: str) -> float:
        """Weighted share of ``text``'s units the page has not stated."""
        return novelty(fact_units(text), self.seen)

    def is_new(self, text: str, threshold: float = NOVELTY_THRESHOLD) -> bool:
        """True when ``text`` adds enough to the page to be worth a sentence.

        A sentence that repeats two or more figures the page already gives (the score and the
        date, the minute and the year) is a restatement unless at least half of it is new.
        """
        units = fact_units(text)
        share = novelty(units, self.seen)
        repeated_figures = sum(1 for u in units if u.startswith("n:") and u in self.seen)
        if repeated_figures >= 2:
            return share >= max(threshold, REPEATED_FIGURES_THRESHOLD)
        return share >= threshold
