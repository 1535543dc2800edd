"""Body sections, perspectives and timeline.

Body sentences are sorted into sub-themes by cue words — what happened, what the parties say,
what it costs, what comes next — and each theme with enough material becomes a section whose
heading names it (with the story's main entity where that reads well). Sentences in a section
keep source order: earliest article first, then position in the article.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict

import numpy as np

from newsdesk.models import Citation, Perspective, TimelineEntry
from newsdesk.text import content_words, stem
from newsdesk.write.summarize import SentencePool, SourceSentence

logger = logging.getLogger(__name__)

__all__ = ["THEMES", "theme_of", "group_into_sections", "perspectives", "timeline"]

THEMES = ("happened", "positions", "costs", "next")
_POSITIONS = re.compile(
    r"[“\"]|\b(said|says|argued|argues|warned|criticized|criticised|praised|called|urged|insisted|"
    r"opposed|supporters|critics|denied|accused|defended|believes?|statement|according to)\b",
    re.I,
)
_COSTS = re.compile(
    r"[$€£]|\b(cost|costs|billion|million|budget|fund|funding|price|prices|tax|taxes|spending|economy|"
    r"economic|jobs|pay|paid|afford|deficit|debt|revenue|losses|damage|fees?|wages?)\b",
    re.I,
)
_NEXT = re.compile(
    r"\b(will|would|next|expected|plans?|planned|scheduled|upcoming|future|deadline|vote on|"
    r"could|may|later this|in the coming)\b",
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


def _heading(theme: str, entity: str | None, topic: str | None) -> str:
    if theme == "happened":
        return f"What happened{f' in {topic}' if topic else ''}"
    if theme == "positions":
        return f"What {entity} and others say" if entity else "Where the parties stand"
    if theme == "costs":
        return "What it costs"
    return "What comes next"


def group_into_sections(
    sentences: list[SourceSentence],
    articles_order: dict[int, tuple],
    *,
    main_entity: str | None = None,
    place: str | None = None,
) -> list[tuple[str, list[SourceSentence]]]:
    """Group body sentences into 2–4 titled sections.

    Args:
        sentences: the body sentences (already selected).
        articles_order: sort key per article index (e.g. published time).
        main_entity: the story's most-named entity, used in a heading.
        place: the story's place, used in a heading.

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
    ordered = [t for t in THEMES if groups.get(t)]
    if len(ordered) == 1 and len(sentences) >= 2:
        # One theme only: split it in two halves by source order (main facts, then details).
        only = sorted(groups[ordered[0]], key=lambda s: (articles_order[s.article_index], s.position))
        half = max(1, len(only) // 2)
        groups = {"happened": only[:half], "details": only[half:]}
        ordered = ["happened", "details"]
    sections = []
    for theme in ordered[:4]:
        items = sorted(groups[theme], key=lambda s: (s.position, articles_order[s.article_index]))
        if theme == "details":
            heading = f"More on {main_entity}" if main_entity else "The details"
        else:
            heading = _heading(theme, main_entity, place)
        sections.append((heading, items))
    return sections


def perspectives(pool: SentencePool, max_per_outlet: int = 1) -> list[Perspective]:
    """What each outlet emphasises: its most distinctive terms and the sentence that shows them.

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
    surface: dict[str, str] = {}
    for s in pool.sentences:
        bag = words_by_outlet.setdefault(s.outlet, Counter())
        for w in content_words(s.text):
            if w.isalpha() and len(w) > 3:
                bag[stem(w)] += 1
                surface.setdefault(stem(w), w)
    result = []
    for outlet in outlets:
        own = words_by_outlet.get(outlet, Counter())
        others: Counter[str] = Counter()
        for o, bag in words_by_outlet.items():
            if o != outlet:
                others.update(bag)
        distinct = {w: n / (1 + others[w]) for w, n in own.items() if n >= 1}
        top = [w for w, _ in sorted(distinct.items(), key=lambda x: (-x[1], x[0]))[:3]]
        if not top:
            continue
        candidates = [
            (i, s) for i, s in enumerate(pool.sentences) if s.outlet == outlet
        ]
        if not candidates:
            continue
        top_set = set(top)

        def weight(item: tuple[int, SourceSentence]) -> tuple:
            _, s = item
            hits = len({stem(w) for w in content_words(s.text)} & top_set)
            return (hits, s.score)

        i, best = max(candidates, key=weight)
        emphasis = "Emphasises " + ", ".join(surface[w] for w in top)
        result.append(
            Perspective(
                outlet=outlet,
                emphasis=emphasis,
                citation=Citation(article_url=best.article_url, sentence=best.text),
            )
        )
    return result


def timeline(pool: SentencePool) -> list[TimelineEntry]:
    """One dated entry per publication day when the story spans more than one day."""
    by_day: dict[str, list[SourceSentence]] = defaultdict(list)
    for s in pool.sentences:
        published = pool.articles[s.article_index].published
        by_day[published.date().isoformat()].append(s)
    if len(by_day) < 2:
        return []
    entries = []
    for day in sorted(by_day):
        best = max(by_day[day], key=lambda s: (s.score, -s.position))
        entries.append(TimelineEntry(date=day, text=best.text, article_url=best.article_url))
    return entries
