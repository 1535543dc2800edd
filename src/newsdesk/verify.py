"""The verifier: every published sentence must be supported by the source sentences it cites.

Independent of how a document was written (offline writer or an LLM), a sentence passes only if:

1. **citations** — it cites at least one sentence, each cited sentence is verbatim one of the
   cited article's sentences (as :func:`newsdesk.text.split_sentences` returns them);
2. **quotes** — text in quotation marks is verbatim in a cited sentence, and a speaker the
   sentence names for it is the speaker the source gives — read over the cited article, so a
   source that names the speaker in the sentence before (``she said``) counts, and a quote the
   source gives no speaker for may not be given one;
3. **numbers** — every number is in a cited sentence (a ``Month Day`` date may also be the
   resolution of "on Tuesday" in a cited sentence, see :mod:`newsdesk.write.dates`);
4. **names** — every capitalised entity (person, organisation, place) is in a cited sentence
   (the cited outlets' names are allowed, for "According to <outlet>, …");
5. **lexical support** — at least :data:`LEXICAL_THRESHOLD` of its content-word stems occur in
   the cited sentences (threshold measured on neus_val, see ``bench/bench_writer.py``);
6. **contested claims** — a number, date or name outlets disagree on, or a sentence built on a
   disputed source sentence (see :mod:`newsdesk.write.discrepancies`), is only stated attributed;
7. **embedding support** (optional, when an :class:`newsdesk.embed.Embedder` is passed) — the
   cosine between the sentence and its cited sentences is at least
   :data:`EMBEDDING_THRESHOLD` (measured on neus_val with all-MiniLM-L6-v2).

:func:`verify_document` removes failing sentences (or replaces them by their cited source
sentence when that is itself safe) and records each in ``dropped`` with the reason.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.models import (
    Article,
    CitedSentence,
    Discrepancy,
    DroppedSentence,
    Paragraph,
    QuickRead,
    Section,
    StoryDocument,
)
from newsdesk.text import extract_entities, extract_numbers, normalize, split_sentences, stems, tokenize
from newsdesk.write.compress import strip_dateline
from newsdesk.write.dates import MONTHS, resolvable_dates
from newsdesk.write.discrepancies import find_claims, find_discrepancies
from newsdesk.write.quotes import Quote, extract_quotes

logger = logging.getLogger(__name__)

__all__ = ["EMBEDDING_THRESHOLD", "LEXICAL_THRESHOLD", "Verdict", "verify_sentence", "verify_document", "verify_pull_quote"]

#: Share of a sentence's content stems that must occur in its cited sentences. Measured on
#: neus_val (bench/bench_writer.py, "lexical_support"): reference-summary sentences cited to the
#: closest sentence of a *different* story score median 0.05, 95th percentile 0.20, and 0.4
#: catches 99.8% of them. Extractive/compressed sentences score 1.0; abstractive editor
#: sentences cited to one best source sentence score median 0.375 (48% pass), so an LLM writer
#: must cite every sentence it fuses.
LEXICAL_THRESHOLD = 0.4

#: Cosine (sentence vs. its cited sentences joined) below which a sentence is unsupported, for
#: the MiniLM embedder. Measured like LEXICAL_THRESHOLD (bench/bench_writer.py,
#: "embedding_support"): at 0.45, 99.1% of wrong-story citations are caught and 83.6% of
#: abstractive editor sentences pass. Other embedders need their own measurement.
EMBEDDING_THRESHOLD = 0.45

_MONTH_DAY = re.compile(r"\b(?:" + "|".join(MONTHS) + r") \d{1,2}\b")
_QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
_ATTRIBUTION = re.compile(r"(?i)\b(according to|reported|reports|said|says|claimed|claims|told)\b")


@dataclass(frozen=True)
class Verdict:
    """Result of checking one sentence: ``ok`` or the ``reason`` it failed."""

    ok: bool
    reason: str = ""


@lru_cache(maxsize=256)
def _sentence_list(text: str) -> tuple[str, ...]:
    return tuple(split_sentences(text))


def _sentence_set(text: str) -> frozenset[str]:
    return frozenset(_sentence_list(text))


def _last_name(name: str) -> str:
    return name.split()[-1].lower().strip(".,") if name and name.split() else ""


def _as_map(articles: list[Article] | dict[str, Article]) -> dict[str, Article]:
    return articles if isinstance(articles, dict) else {a.url: a for a in articles}


@lru_cache(maxsize=64)
def _article_quotes(text: str) -> tuple[Quote, ...]:
    return tuple(extract_quotes(text))


def _source_speakers(inner: str, holders: list[tuple[str, Article]]) -> list[Quote]:
    """The source's quotes holding ``inner`` in the cited sentences, with a speaker.

    The attribution is read over the whole cited article (:func:`extract_quotes`), so a speaker
    the source names in the sentence before (``she said``, a quote-only continuation) or by
    surname only counts, exactly as the source gives it.
    """
    found = []
    for sentence, article in holders:
        for q in _article_quotes(article.text):
            if q.sentence == sentence and q.speaker and inner in normalize(q.text):
                found.append(q)
    return found


def _check_quotes(
    text: str, citations: list[tuple[str, Article]]
) -> tuple[str | None, set[str]]:
    """Quotes verbatim in a cited sentence and given to the speaker the source gives them.

    Returns:
        ``(reason, names)``: the failure reason or None, and the words of the source-verified
        speakers and roles (they may be named only around the cited sentence).
    """
    cited_norm = [normalize(sentence) for sentence, _ in citations]
    ours = {q.text: q for q in extract_quotes(text)}
    verified: set[str] = set()
    for m in _QUOTED.finditer(text):
        inner = normalize((m.group(1) or m.group(2) or "").strip().rstrip(",;:"))
        if not inner:
            continue
        holders = [citations[i] for i, c in enumerate(cited_norm) if inner in c]
        if not holders:
            return f"quote not verbatim in a cited source: “{inner[:60]}”", verified
        q = ours.get((m.group(1) or m.group(2) or "").strip())
        if not (q and q.speaker):
            continue
        theirs = _source_speakers(inner, holders)
        speakers = {_last_name(sq.speaker) for sq in theirs}
        if speakers and _last_name(q.speaker) not in speakers:
            return f"quote attributed to {q.speaker}, source attributes it to {', '.join(sorted(speakers))}", verified
        if not speakers:
            # The source gives the quote no speaker we can read: naming one would add a fact.
            return f"quote attributed to {q.speaker}, the cited source gives no speaker", verified
        for sq in theirs:
            verified.update(tokenize(f"{sq.speaker} {sq.role or ''}"))
    return None, verified


def verify_sentence(
    sentence: CitedSentence,
    articles: list[Article] | dict[str, Article],
    *,
    discrepancies: list[Discrepancy] | None = None,
    lexical_threshold: float = LEXICAL_THRESHOLD,
    embedder=None,
    embedding_threshold: float = EMBEDDING_THRESHOLD,
) -> Verdict:
    """Check one published sentence against the sentences it cites.

    Args:
        sentence: the published sentence with its citations.
        articles: the story's articles (list or ``{url: article}``).
        discrepancies: contested claims of the story; computed when None.
        lexical_threshold: minimum share of content stems found in the cited sentences.
        embedder: optional :class:`newsdesk.embed.Embedder` for the semantic support check.
        embedding_threshold: minimum cosine when ``embedder`` is given.

    Returns:
        ``Verdict(True)`` or ``Verdict(False, reason)``.
    """
    by_url = _as_map(articles)
    text = sentence.text
    if not text.strip():
        return Verdict(False, "empty sentence")
    if not sentence.sources:
        return Verdict(False, "no citation")
    from newsdesk.llm.prompt import looks_like_instruction  # lazy: newsdesk.llm imports this module

    if looks_like_instruction(text):
        # Whoever wrote it (offline writer or model), a sentence that reads as an instruction to
        # a model or carries markup is never published, even when a source contains it verbatim.
        return Verdict(False, "reads as an instruction or markup (possible prompt injection)")
    cited: list[str] = []
    quoted_in: list[tuple[str, Article]] = []
    allowed_dates: set[str] = set()
    cited_outlets: set[str] = set()
    for citation in sentence.sources:
        article = by_url.get(citation.article_url)
        if article is None:
            return Verdict(False, f"cites an article not in the story: {citation.article_url}")
        if citation.sentence not in _sentence_set(article.text):
            return Verdict(False, f"cited sentence is not verbatim in {citation.article_url}")
        cited.append(citation.sentence)
        quoted_in.append((citation.sentence, article))
        allowed_dates |= resolvable_dates(citation.sentence, article.known_published)
        cited_outlets.add(article.outlet)
    cited_text = " ".join(cited)
    cited_lower = normalize(cited_text).lower()

    reason, speaker_words = _check_quotes(text, quoted_in)
    if reason:
        return Verdict(False, reason)

    # Outlet names (for "According to <outlet>, …") are not claims; take them out first.
    rest = text
    for outlet in cited_outlets:
        rest = rest.replace(outlet, " ")
    # Dates written as "November 17" are checked as a unit, then their numbers are removed.
    for date in _MONTH_DAY.findall(rest):
        if date.lower() not in cited_lower and date not in allowed_dates:
            return Verdict(False, f"date not in cited sources: {date}")
        rest = rest.replace(date, " ")
    cited_numbers = set(extract_numbers(cited_text))
    for number in extract_numbers(rest):
        if number not in cited_numbers:
            return Verdict(False, f"number not in cited sources: {number}")

    cited_tokens = set(tokenize(cited_text))
    cited_tokens |= {part for t in cited_tokens for part in re.split(r"[-']", t) if part}
    cited_tokens |= speaker_words  # the source's own attribution of a quote in a cited sentence
    outlet_tokens = {t for o in cited_outlets for t in tokenize(o)}
    first_word = rest.split()[0].strip("“\"'") if rest.split() else ""
    for entity in extract_entities(rest):
        if entity == first_word:
            continue  # capitalised only because it starts the sentence; lexical support covers it
        words = [w for w in tokenize(entity) if len(w) > 1]
        missing = [w for w in words if w not in cited_tokens and w not in outlet_tokens]
        if missing:
            return Verdict(False, f"name not in cited sources: {entity}")

    ours = stems(text) - {s for o in cited_outlets for s in stems(o)}
    if ours:
        support = len(ours & stems(cited_text)) / len(ours)
        if support < lexical_threshold:
            return Verdict(False, f"weak support from cited sentences ({support:.2f} < {lexical_threshold})")

    if discrepancies is None:
        discrepancies = find_discrepancies(list(by_url.values()))
    if embedder is not None:
        vectors = embedder.embed([text, cited_text])
        cosine = float(vectors[0] @ vectors[1])
        if cosine < embedding_threshold:
            return Verdict(False, f"weak semantic support ({cosine:.2f} < {embedding_threshold})")

    if discrepancies and not _ATTRIBUTION.search(text):
        any_article = next(iter(by_url.values()))
        contested_nouns = {
            claim.noun for d in discrepancies for c in d.claims for claim in find_claims(c.value, any_article)
        }
        for claim in find_claims(text, any_article):
            if claim.noun in contested_nouns:
                return Verdict(False, f"states a contested figure as fact: {claim.phrase}")
    # Dates, names and claims: "Police said the suspect, John Smith, …" still picks one outlet's
    # version; only naming the cited outlet ("According to <outlet>, …") attributes it.
    if discrepancies and not any(outlet and outlet in text for outlet in cited_outlets):
        contested_dates = {day for d in discrepancies if d.kind == "date" for c in d.claims
                           for day in _MONTH_DAY.findall(c.value)}
        for date in contested_dates:
            if date in text:
                return Verdict(False, f"states a contested date as fact: {date}")
        contested_names = {c.value for d in discrepancies if d.kind == "name" for c in d.claims}
        for name in contested_names:
            if re.search(rf"\b{re.escape(name)}\b", text):
                return Verdict(False, f"states a contested name as fact: {name}")
        # Opposite statements have no token to look for: a sentence built on one is the claim.
        disputed = {c.sentence for d in discrepancies if d.kind == "claim" for c in d.claims}
        for citation in sentence.sources:
            if citation.sentence in disputed:
                return Verdict(False, "states a contested claim as fact (cites a disputed sentence)")
    return Verdict(True)


def verify_pull_quote(doc: StoryDocument, articles: list[Article] | dict[str, Article]) -> Verdict:
    """The pull quote must be verbatim in its article and given to the same speaker there."""
    pq = doc.pull_quote
    if pq is None:
        return Verdict(True)
    article = _as_map(articles).get(pq.article_url)
    if article is None:
        return Verdict(False, "pull quote cites an article not in the story")
    quoted = normalize(pq.text)
    if not quoted or quoted not in normalize(article.text):
        return Verdict(False, "pull quote not verbatim in its source")
    speakers = {
        _last_name(q.speaker) for q in extract_quotes(article.text) if q.speaker and quoted in normalize(q.text)
    }
    if not speakers:
        return Verdict(False, "pull quote has no identifiable speaker in its source")
    if _last_name(pq.speaker) not in speakers:
        return Verdict(False, f"pull quote attributed to {pq.speaker}, source gives {', '.join(sorted(speakers))}")
    return Verdict(True)


def _replacement(
    sentence: CitedSentence, by_url: dict[str, Article], discrepancies, embedder=None
) -> CitedSentence | None:
    """The first cited source sentence, verbatim, when it passes verification on its own."""
    if not sentence.sources:
        return None
    first = sentence.sources[0]
    candidate = CitedSentence(text=first.sentence, sources=[first])
    if verify_sentence(candidate, by_url, discrepancies=discrepancies, embedder=embedder).ok:
        return candidate
    return None


def verify_document(doc: StoryDocument, articles: list[Article], *, embedder=None) -> StoryDocument:
    """Verify every sentence of a document; drop or replace the failures and record why.

    Args:
        doc: a written story (any writer).
        articles: the story's articles.
        embedder: optional embedder for the semantic support check (see :func:`verify_sentence`).

    Returns:
        A copy with failing sentences removed or replaced, ``summary``/``quick_read.text``
        rebuilt from the surviving sentences, ``pull_quote`` None if it failed, perspectives
        and timeline entries with invalid citations removed, and ``dropped`` extended.
    """
    by_url = _as_map(articles)
    discrepancies = find_discrepancies(list(by_url.values()))
    dropped: list[DroppedSentence] = list(doc.dropped)

    def check(sentences: list[CitedSentence]) -> list[CitedSentence]:
        kept = []
        for s in sentences:
            verdict = verify_sentence(s, by_url, discrepancies=discrepancies, embedder=embedder)
            if verdict.ok:
                kept.append(s)
                continue
            replacement = None
            if not verdict.reason.startswith(("cites", "cited", "no citation")):
                replacement = _replacement(s, by_url, discrepancies, embedder)
            if replacement is not None and replacement.text not in {k.text for k in kept}:
                kept.append(replacement)
                dropped.append(DroppedSentence(text=s.text, reason=f"{verdict.reason}; replaced by source sentence"))
            else:
                dropped.append(DroppedSentence(text=s.text, reason=verdict.reason))
        return kept

    sections = []
    for section in doc.sections:
        paragraphs = []
        for p in section.paragraphs:
            kept = check(p.sentences)
            if kept:
                paragraphs.append(Paragraph(sentences=kept))
        if paragraphs:
            sections.append(Section(heading=section.heading, paragraphs=paragraphs))
    summary_sentences = check(doc.summary_sentences)
    quick_sentences = check(doc.quick_read.sentences)
    pull_quote = doc.pull_quote
    verdict = verify_pull_quote(doc, by_url)
    contested_names = {c.value for d in discrepancies if d.kind == "name" for c in d.claims}
    if verdict.ok and pull_quote is not None and any(
        re.search(rf"\b{re.escape(name)}\b", f"{pull_quote.speaker} {pull_quote.role or ''}") for name in contested_names
    ):
        verdict = Verdict(False, "pull quote speaker or role is a name outlets disagree on")
    if not verdict.ok:
        dropped.append(DroppedSentence(text=f"Pull quote: {pull_quote.text}", reason=verdict.reason))
        pull_quote = None

    def citation_ok(url: str, sentence: str) -> bool:
        article = by_url.get(url)
        return article is not None and sentence in _sentence_set(article.text)

    perspectives = [p for p in doc.perspectives if citation_ok(p.citation.article_url, p.citation.sentence)]
    def timeline_ok(url: str, text: str) -> bool:
        article = by_url.get(url)
        return article is not None and any(
            text in (s, strip_dateline(s)) for s in _sentence_set(article.text)
        )

    timeline = [t for t in doc.timeline if timeline_ok(t.article_url, t.text)]
    quick = QuickRead(
        headline=doc.quick_read.headline,
        date=doc.quick_read.date,
        text=" ".join(s.text for s in quick_sentences) if doc.quick_read.sentences else doc.quick_read.text,
        sentences=quick_sentences,
    )
    verified = doc.model_copy(
        update={
            "sections": sections,
            "summary_sentences": summary_sentences,
            "summary": " ".join(s.text for s in summary_sentences) if doc.summary_sentences else doc.summary,
            "quick_read": quick,
            "pull_quote": pull_quote,
            "perspectives": perspectives,
            "timeline": timeline,
            "dropped": dropped,
        }
    )
    return scrub_instructions(verified)


def scrub_instructions(doc: StoryDocument) -> StoryDocument:
    """Remove any instruction-like text from everything the page shows, whoever wrote it."""
    from newsdesk.llm.prompt import looks_like_instruction  # lazy: newsdesk.llm imports this module

    dropped = list(doc.dropped)

    def keep(s: CitedSentence) -> bool:
        bad = looks_like_instruction(s.text) or any(looks_like_instruction(c.sentence) for c in s.sources)
        if bad:
            dropped.append(DroppedSentence(text=s.text[:400], reason="instruction-like text is never published"))
        return not bad

    sections = []
    for sec in doc.sections:
        paragraphs = [Paragraph(sentences=kept) for p in sec.paragraphs if (kept := [s for s in p.sentences if keep(s)])]
        if paragraphs:
            heading = "Details" if looks_like_instruction(sec.heading) else sec.heading
            sections.append(Section(heading=heading, paragraphs=paragraphs))
    summary = [s for s in doc.summary_sentences if keep(s)]
    quick = [s for s in doc.quick_read.sentences if keep(s)]
    update: dict = {
        "sections": sections,
        "summary_sentences": summary,
        "summary": " ".join(s.text for s in summary),
        "dek": summary[0].text if summary else "",
        "quick_read": doc.quick_read.model_copy(update={"sentences": quick, "text": " ".join(s.text for s in quick)}),
        "perspectives": [
            p for p in doc.perspectives
            if not looks_like_instruction(p.citation.sentence) and not looks_like_instruction(p.emphasis)
        ],
        "timeline": [t for t in doc.timeline if not looks_like_instruction(t.text)],
        "dropped": dropped,
    }
    if doc.pull_quote and looks_like_instruction(doc.pull_quote.text + " " + doc.pull_quote.speaker):
        dropped.append(DroppedSentence(text=f"Pull quote: {doc.pull_quote.text[:300]}", reason="instruction-like text is never published"))
        update["pull_quote"] = None
    if looks_like_instruction(doc.headline):
        fallback = summary[0].text if summary else "Story"
        update["headline"] = fallback
        update["quick_read"] = update["quick_read"].model_copy(update={"headline": fallback})
    if doc.image and looks_like_instruction(doc.image.alt):
        update["image"] = doc.image.model_copy(update={"alt": update.get("headline", doc.headline)})
    discrepancies = []
    for d in doc.discrepancies:
        claims = [c for c in d.claims if not looks_like_instruction(c.sentence)]
        if len(claims) >= 2:
            discrepancies.append(d.model_copy(update={"claims": claims}))
    update["discrepancies"] = discrepancies
    return doc.model_copy(update=update)
