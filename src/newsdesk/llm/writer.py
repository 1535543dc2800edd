"""The LLM writer: a model proposes, the verifier disposes, the offline writer fills the gaps.

:func:`write_story_llm` runs:

1. the offline writer (:func:`newsdesk.write.write_story`) — its document is the base for every
   field the model does not write (category, pull quote, image, sources, discrepancies,
   perspectives, timeline) and the fallback for every part the model gets wrong;
2. :func:`newsdesk.llm.prompt.build_messages` — sources fenced, numbered, marked as data;
3. the backend, asked for JSON constrained by :data:`STORY_SCHEMA`;
4. per sentence: cite ids mapped to verbatim source sentences (unknown ids → dropped), text
   refused when it looks like an instruction or carries markup, then
   :func:`newsdesk.verify.verify_sentence` (quotes, numbers, names, support, contested figures);
5. per part (headline, summary, each section, quick read): what survives is used; an empty or
   invalid part falls back to the offline writer's sentences; every refusal is recorded in
   ``dropped`` with its reason prefixed ``llm:``;
6. :func:`newsdesk.verify.verify_document` over the whole result, then a last sweep that removes
   any instruction-like text from the page wherever it came from.

The model never publishes a sentence the verifier has not passed.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsdesk.errors import ConfigError, LLMError
from newsdesk.llm.backends import ChatBackend, LlamaCppBackend, OpenAICompatibleBackend
from newsdesk.llm.prompt import SourceIndex, build_messages, build_source_index, looks_like_instruction
from newsdesk.verify import scrub_instructions as _scrub
from newsdesk.models import (
    Article,
    Citation,
    CitedSentence,
    DroppedSentence,
    Outlet,
    Paragraph,
    QuickRead,
    Section,
    StoryDocument,
)
from newsdesk.settings import Settings
from newsdesk.text import stems, word_count
from newsdesk.write.opinion import is_opinion

logger = logging.getLogger(__name__)

__all__ = [
    "STORY_SCHEMA",
    "LLMReport",
    "write_story_llm",
    "writer_from_settings",
    "backend_from_settings",
    "parse_reply",
    "StoryWriter",
]

#: A story writer: ``(story_id, articles, *, related, outlets, settings) -> StoryDocument``.
StoryWriter = Callable[..., StoryDocument]

_CITES = {
    "type": "array",
    "items": {"type": "string", "pattern": "^a[0-9]{1,2}s[0-9]{1,3}$"},
    "minItems": 1,
    "maxItems": 3,
}
_SENTENCE = {
    "type": "object",
    "properties": {"text": {"type": "string", "maxLength": 400}, "cites": _CITES},
    "required": ["text", "cites"],
    "additionalProperties": False,
}
#: The JSON the model must produce. Sizes are small on purpose: the page's other parts come
#: from the offline writer, and short output keeps small local models fast.
STORY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "headline": {"type": "string", "maxLength": 140},
        "headline_cites": _CITES,
        "summary": {"type": "array", "items": _SENTENCE, "minItems": 1, "maxItems": 3},
        "sections": {
            "type": "array",
            "minItems": 1,
            "maxItems": 3,
            "items": {
                "type": "object",
                "properties": {
                    "heading": {"type": "string", "maxLength": 60},
                    "sentences": {"type": "array", "items": _SENTENCE, "minItems": 1, "maxItems": 3},
                },
                "required": ["heading", "sentences"],
                "additionalProperties": False,
            },
        },
        "quick_read": {"type": "array", "items": _SENTENCE, "minItems": 1, "maxItems": 4},
    },
    "required": ["headline", "headline_cites", "summary", "sections", "quick_read"],
    "additionalProperties": False,
}

#: Words a section heading may use besides words of its own cited sentences.
_HEADING_WORDS = frozenset(
    """what happened happens next comes come why how who where when it matters matter the a an and of
    to for in on at with reaction reactions response responses background context positions position
    parties party sides side cost costs money impact impacts consequences outlook investigation
    details key facts timeline numbers figures dispute disputes debate critics supporters officials
    government says said view views analysis overview latest developments development stakes
    political politics legal law economy economic market markets is are""".split()
)
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!]|&[a-zA-Z#0-9]+;|\]\(|\bhttps?://", re.IGNORECASE)


@dataclass
class LLMReport:
    """What happened to the model's output for one story (filled by :func:`write_story_llm`)."""

    proposed: int = 0  # sentences and headline the model wrote
    kept: int = 0  # of those, published
    refused: Counter = field(default_factory=Counter)  # reason kind → count
    reply_failed: str = ""  # why no usable reply came, if so

    def add(self, reason: str) -> None:
        self.refused[reason_kind(reason)] += 1


def reason_kind(reason: str) -> str:
    """A short category for a refusal reason (for counting)."""
    r = reason.lower()
    for needle, kind in (
        ("number not in", "invented_number"),
        ("date not in", "invented_date"),
        ("name not in", "invented_name"),
        ("quote attributed", "misattributed_quote"),
        ("speaker", "misattributed_quote"),
        ("quote not verbatim", "invented_quote"),
        ("weak support", "unsupported"),
        ("contested", "contested_figure_as_fact"),
        ("instruction", "instruction_or_markup"),
        ("markup", "instruction_or_markup"),
        ("opinion piece", "opinion_as_fact"),
        ("citation", "bad_citation"),
        ("cites", "bad_citation"),
        ("cited sentence", "bad_citation"),
        ("repeats", "repeat"),
        ("too long", "too_long"),
        ("empty", "empty"),
        ("malformed", "malformed"),
    ):
        if needle in r:
            return kind
    return "other"


def parse_reply(reply: str) -> dict[str, Any]:
    """The JSON object in a model reply (tolerates a code fence or prose around it).

    Raises:
        LLMError: no JSON object can be read.
    """
    text = reply.strip()
    try:
        value = json.loads(text)
    except ValueError:
        start, end = text.find("{"), text.rfind("}")
        if start < 0 or end <= start:
            raise LLMError(f"reply is not JSON: {reply[:80]!r}") from None
        try:
            value = json.loads(text[start : end + 1])
        except ValueError as exc:
            raise LLMError(f"reply is not valid JSON ({exc.msg} at {exc.pos}): {reply[:80]!r}") from None
    if not isinstance(value, dict):
        raise LLMError(f"reply JSON is a {type(value).__name__}, not an object")
    return value


class _Checker:
    """Turns model sentences into verified :class:`CitedSentence` s, recording every refusal."""

    def __init__(self, index: SourceIndex, articles: list[Article], discrepancies):
        from newsdesk.verify import verify_sentence

        self._verify = verify_sentence
        self.index = index
        self.by_url = {a.url: a for a in articles}
        # as in the offline writer, an opinion piece alone supports no sentence of the page
        # (unless the story has nothing else); the perspectives quote it, attributed
        opinion = {a.url for a in articles if is_opinion(a)}
        self.opinion_urls = opinion if len(opinion) < len(self.by_url) else set()
        self.discrepancies = discrepancies
        self.dropped: list[DroppedSentence] = []
        self.report = LLMReport()

    def drop(self, text: str, reason: str) -> None:
        self.dropped.append(DroppedSentence(text=text[:400], reason=f"llm: {reason}"))

    def refuse(self, text: str, reason: str) -> None:
        """Drop a sentence the model proposed (counted in the report)."""
        self.drop(text, reason)
        self.report.add(reason)

    def citations(self, cites: Any) -> tuple[list[Citation], str | None]:
        """Map cite ids to verbatim citations; the error names the first unknown/refused id."""
        if not isinstance(cites, list) or not cites:
            return [], "no citation"
        out: list[Citation] = []
        for cite in cites:
            if not isinstance(cite, str):
                return [], f"citation id is not a string: {cite!r}"
            hit = self.index.lookup(cite)
            if hit is None:
                refused = cite in self.index.excluded
                return [], f"{'cites an instruction-like source sentence' if refused else 'unknown citation id'} {cite!r}"
            article, sentence = hit
            citation = Citation(article_url=article.url, sentence=sentence)
            if citation not in out:
                out.append(citation)
        return out, None

    def sentence(self, item: Any) -> CitedSentence | None:
        """One model sentence, verified, or None (and the reason recorded)."""
        self.report.proposed += 1
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            self.refuse(json.dumps(item)[:200] if item is not None else "", "malformed sentence object")
            return None
        text = " ".join(item["text"].split())
        if not text:
            self.refuse("", "empty sentence")
            return None
        if looks_like_instruction(text):
            self.refuse(text, "looks like an instruction or markup")
            return None
        if _MARKUP.search(text):
            self.refuse(text, "contains markup, an entity or a link")
            return None
        sources, error = self.citations(item.get("cites"))
        if error:
            self.refuse(text, error)
            return None
        if self.opinion_urls and all(c.article_url in self.opinion_urls for c in sources):
            self.refuse(text, "cites only an opinion piece")
            return None
        candidate = CitedSentence(text=text, sources=sources)
        verdict = self._verify(candidate, self.by_url, discrepancies=self.discrepancies)
        if not verdict.ok:
            self.refuse(text, verdict.reason)
            return None
        self.report.kept += 1
        return candidate

    def sentences(self, items: Any, seen: set[str]) -> list[CitedSentence]:
        """Verified sentences of a list, without repeats of ``seen`` texts (updated in place)."""
        if not isinstance(items, list):
            if items is not None:
                self.drop(str(items)[:200], "expected a list of sentences")
            return []
        out = []
        for item in items:
            s = self.sentence(item)
            if s is None:
                continue
            if s.text in seen:
                self.report.kept -= 1
                self.refuse(s.text, "repeats an earlier sentence")
                continue
            seen.add(s.text)
            out.append(s)
        return out

    def heading(self, heading: Any, sentences: list[CitedSentence]) -> str | None:
        """A model heading when every word is generic or in its section's cited sentences."""
        if not isinstance(heading, str):
            return None
        heading = " ".join(heading.split()).strip(" :.#*")
        if not heading or word_count(heading) > 8 or looks_like_instruction(heading) or _MARKUP.search(heading):
            return None
        allowed = {st for s in sentences for c in s.sources for st in stems(c.sentence)}
        allowed |= {st for w in _HEADING_WORDS for st in stems(w)}
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*|\d+", heading)
        if any(w.isdigit() for w in words):
            return None
        if not all((w.lower() in _HEADING_WORDS) or (stems(w) <= allowed) for w in words):
            return None
        return heading

    def headline(self, text: Any, cites: Any, fallback_sources: list[Citation]) -> str | None:
        """A model headline when it verifies against its cites (or the summary's citations)."""
        if not isinstance(text, str):
            return None
        text = " ".join(text.split()).strip()
        self.report.proposed += 1
        if not text or word_count(text) > 16:
            self.refuse(text, "headline empty or too long")
            return None
        if looks_like_instruction(text) or _MARKUP.search(text):
            self.refuse(text, "headline looks like an instruction or markup")
            return None
        sources, error = self.citations(cites)
        if error:
            sources = fallback_sources
        if not sources:
            self.refuse(text, "headline has no citation")
            return None
        verdict = self._verify(CitedSentence(text=text, sources=sources), self.by_url, discrepancies=self.discrepancies)
        if not verdict.ok:
            self.refuse(text, f"headline: {verdict.reason}")
            return None
        self.report.kept += 1
        return text


def _paragraphs(sentences: list[CitedSentence], size: int = 3) -> list[Paragraph]:
    return [Paragraph(sentences=sentences[i : i + size]) for i in range(0, len(sentences), size)]


def write_story_llm(
    story_id: str,
    articles: list[Article],
    backend: ChatBackend,
    *,
    related: Sequence[str] | Iterable[str] = (),
    outlets: dict[str, Outlet] | None = None,
    settings: Settings | None = None,
    max_tokens: int = 900,
    temperature: float = 0.2,
    report: LLMReport | None = None,
    prompt_chars: int = 9000,
) -> StoryDocument:
    """Write a story with an LLM, keeping only what the verifier passes.

    Args:
        story_id: the story's id.
        articles: the story's articles (at least one with text).
        backend: the model (:class:`~newsdesk.llm.backends.ChatBackend`).
        related: ids of related stories.
        outlets: outlet metadata by name.
        settings: passed to the offline writer.
        max_tokens: cap on the model's reply.
        temperature: sampling temperature.
        report: filled with counts of proposed / kept / refused model sentences when given.
        prompt_chars: budget of source-sentence characters in the prompt (small local models
            are slow on long prompts; every outlet keeps its lead sentences).

    Returns:
        A verified :class:`StoryDocument` whose ``writer`` is ``llm:<model>`` when at least one
        model sentence was published, else ``offline``; every refusal is in ``dropped``.

    Raises:
        WriteError: the offline writer cannot write the story either (no usable text).
    """
    from newsdesk.verify import verify_document
    from newsdesk.write import reading_minutes, write_story
    from newsdesk.write.discrepancies import find_discrepancies

    articles = sorted(articles, key=lambda a: (a.published, a.url))
    base = write_story(story_id, articles, related=related, outlets=outlets, settings=settings)
    index = build_source_index(articles, max_chars=prompt_chars)
    checker = _Checker(index, articles, find_discrepancies(articles))
    try:
        reply = backend.complete(
            build_messages(index), json_schema=STORY_SCHEMA, max_tokens=max_tokens, temperature=temperature
        )
        data = parse_reply(reply)
    except LLMError as exc:
        logger.warning("story %s: LLM writer failed (%s); offline sentences used", story_id, exc)
        checker.drop("(whole reply)", f"{exc}; offline writer used")
        if report is not None:
            report.reply_failed = str(exc)
        return _scrub(base.model_copy(update={"dropped": [*base.dropped, *checker.dropped]}))

    seen: set[str] = set()
    update: dict[str, Any] = {}
    summary = checker.sentences(data.get("summary"), seen)
    if summary:
        update["summary_sentences"] = summary
        update["summary"] = " ".join(s.text for s in summary)
        update["dek"] = summary[0].text
    else:
        checker.drop("(summary)", "no verified summary sentence; offline summary used")

    sections: list[Section] = []
    raw_sections = data.get("sections") if isinstance(data.get("sections"), list) else []
    for i, raw in enumerate(raw_sections):
        if not isinstance(raw, dict):
            checker.drop(str(raw)[:200], "malformed section")
            continue
        kept = checker.sentences(raw.get("sentences"), seen)
        if not kept:
            continue
        heading = checker.heading(raw.get("heading"), kept)
        if heading is None:
            offline_heading = base.sections[i].heading if i < len(base.sections) else "Details"
            if raw.get("heading"):
                checker.drop(str(raw.get("heading"))[:200], f"section heading not supported; '{offline_heading}' used")
            heading = offline_heading
        sections.append(Section(heading=heading, paragraphs=_paragraphs(kept)))
    if sections:
        update["sections"] = sections
    else:
        checker.drop("(sections)", "no verified section sentence; offline sections used")

    quick = checker.sentences(data.get("quick_read"), set())
    if quick:
        update["quick_read"] = QuickRead(
            headline=base.quick_read.headline,
            date=base.quick_read.date,
            text=" ".join(s.text for s in quick),
            sentences=quick,
        )
    else:
        checker.drop("(quick read)", "no verified quick-read sentence; offline quick read used")

    summary_sources = [c for s in (summary or base.summary_sentences) for c in s.sources]
    headline = checker.headline(data.get("headline"), data.get("headline_cites"), summary_sources)
    if headline:
        update["headline"] = headline
        quick_read = update.get("quick_read", base.quick_read)
        update["quick_read"] = quick_read.model_copy(update={"headline": headline})

    used_model = checker.report.kept > 0
    update["writer"] = f"llm:{backend.model}" if used_model else "offline"
    update["dropped"] = [*base.dropped, *checker.dropped]
    doc = base.model_copy(update=update)
    doc = _scrub(verify_document(doc, articles))
    if doc.summary_sentences:
        doc = doc.model_copy(update={"dek": doc.summary_sentences[0].text})
    logger.info(
        "story %s: model proposed %d sentences, %d kept, refused %s",
        story_id, checker.report.proposed, checker.report.kept, dict(checker.report.refused),
    )
    if report is not None:
        report.proposed, report.kept, report.refused = checker.report.proposed, checker.report.kept, checker.report.refused
    return doc.model_copy(update={"reading_minutes": reading_minutes(doc)})


def backend_from_settings(settings: Settings) -> ChatBackend | None:
    """The configured chat backend, or None for ``llm_backend=offline``.

    Raises:
        ConfigError: unknown backend name or missing model path/URL.
    """
    kind = settings.llm_backend.strip().lower()
    if kind == "offline":
        return None
    if kind == "openai":
        return OpenAICompatibleBackend(
            settings.llm_base_url,
            settings.llm_model,
            api_key=settings.llm_api_key,
            timeout=settings.llm_timeout,
            user_agent=settings.user_agent,
        )
    if kind == "llamacpp":
        return LlamaCppBackend(settings.llm_model_path)
    raise ConfigError(f"llm_backend must be offline, openai or llamacpp, not {settings.llm_backend!r}")


def writer_from_settings(settings: Settings) -> StoryWriter:
    """The story writer the settings choose: ``write_story`` or ``write_story_llm`` bound to a backend.

    The returned callable has :func:`newsdesk.write.write_story`'s signature. Backends are
    built once per configuration and reused by later calls.
    """
    from newsdesk.write import write_story

    if settings.llm_backend.strip().lower() == "offline":
        return write_story
    key = (settings.llm_backend, settings.llm_base_url, settings.llm_model, settings.llm_api_key,
           settings.llm_model_path, settings.llm_timeout)
    backend = _BACKENDS.get(key)
    if backend is None:  # a GGUF takes seconds to load and memory to hold: one per configuration
        backend = _BACKENDS[key] = backend_from_settings(settings)
    return functools.partial(write_story_llm, backend=backend)


_BACKENDS: dict[tuple, ChatBackend] = {}
