"""What a story page shows of a :class:`~newsdesk.models.StoryDocument`, each sentence once.

The page prints the dek under the headline, then "In brief" (the summary after the dek, without
any sentence the sections show), then the sections. The writer's reading time, the editor's
recount after an edit and the web page all take "In brief" from here. A light module (models and
text only), so the web app and the editor can use it without loading the writer.
"""

from __future__ import annotations

import math

from newsdesk.models import CitedSentence, StoryDocument
from newsdesk.text import word_count

__all__ = ["WORDS_PER_MINUTE", "first_source", "in_brief", "reading_minutes"]

WORDS_PER_MINUTE = 200


def _body(doc: StoryDocument) -> list[str]:
    return [s.text for sec in doc.sections for p in sec.paragraphs for s in p.sentences]


def in_brief(doc: StoryDocument) -> list[CitedSentence]:
    """The summary sentences "In brief" shows: after the dek (when the summary opens on it), none
    that the sections show (a short story's body retells the summary: then there are none)."""
    brief = doc.summary_sentences
    if brief and brief[0].text == doc.dek:
        brief = brief[1:]
    body = set(_body(doc))
    # the same source sentence may read differently in the two places (a person's full name where
    # the page first names them), so a sentence is also the same when it cites the same first source
    sources = {first_source(s) for sec in doc.sections for p in sec.paragraphs for s in p.sentences} - {None}
    return [s for s in brief if s.text not in body and first_source(s) not in sources]


def first_source(s: CitedSentence) -> tuple[str, str] | None:
    """The source sentence a page sentence states (its first citation): one source sentence may read
    differently in two places of a page, with a person's full name where the page first names them."""
    return (s.sources[0].article_url, s.sources[0].sentence) if s.sources else None


def reading_minutes(doc: StoryDocument) -> int:
    """Minutes to read the page's text at :data:`WORDS_PER_MINUTE`, at least 1: the dek, "In brief"
    and the sections, each sentence counted once as the page shows it."""
    words = word_count(doc.dek) + sum(word_count(t) for t in [*(s.text for s in in_brief(doc)), *_body(doc)])
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
