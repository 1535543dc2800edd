"""The offline writer: a story's articles in, a verified :class:`StoryDocument` out.

Extractive and compressive — it never adds a fact:

1. ``summarize.build_pool`` splits every article into verbatim sentences, keeps those that can
   stand on a page (``candidates``: no page furniture, captions, reference lists or the author's
   own voice) and scores them (centrality across sources, agreement between outlets, position,
   headline overlap).
2. ``discrepancies.find_discrepancies`` finds numbers, dates, names and claims outlets disagree
   on; sentences carrying them are shown only attributed to their outlet ("According to X, …").
3. MMR selection picks the summary (60–90 words), the quick read (120–250 words) and the body;
   ``compress.compress_sentence`` drops datelines, parentheticals and attribution-only clauses
   and resolves "on Tuesday" to a date.
   ``redundancy.PageFacts`` keeps each fact once per page: a body or quick-read sentence that
   mostly restates the dek or an earlier sentence (content words, figures, names) is left out;
   its citations survive on the sentence that stays. In English stories a sentence that retells
   another outlet's sentence in other words (MiniLM cosine, ``_Writer.restates``) is left out
   too. Quotes whose speaker only the context gives (``“…”`` after a quote, ``he said``) stay
   off the page, and so does a sentence opening
   on a pronoun (``His address …``, ``It happened as …``) unless the sentence before names one
   person (the name replaces the pronoun, that sentence is cited too) or, in a section, it
   follows its own source's sentence before it (``people``: who a pronoun or a family name means).
4. ``sections.group_into_sections`` sorts the body into 2–4 sub-themes with headings;
   ``pull_quote.choose_pull_quote`` picks the pull quote among ``quotes.extract_quotes``' finds
   (verbatim, speaker named in its sentence);
   ``headline``, ``categorize``, ``perspectives`` and ``sections.timeline`` fill the rest.
5. :func:`newsdesk.verify.verify_document` checks every sentence against its citations and
   records what it drops.

Every published sentence cites the source sentence(s) it came from, verbatim.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from newsdesk.errors import WriteError
from newsdesk.models import (
    DISCLAIMER,
    Article,
    Citation,
    CitedSentence,
    Outlet,
    Paragraph,
    QuickRead,
    Section,
    SourceRef,
    StoryDocument,
)
from newsdesk.page import WORDS_PER_MINUTE, reading_minutes
from newsdesk.settings import Settings
from newsdesk.text import (
    STOPWORDS,
    article_language,
    split_sentences,
    stems,
    word_count,
)
from newsdesk.write.candidates import needs_antecedent, points_back, reported_without_speaker
from newsdesk.write.categorize import categorize
from newsdesk.write.compress import compress_sentence
from newsdesk.write.discrepancies import contested_values, find_discrepancies
from newsdesk.write.headline import choose_headline, choose_image, key_entities, story_place
from newsdesk.write.names import FullName, full_names_by_family_name
from newsdesk.write.opinion import is_opinion
from newsdesk.write.people import (
    LEADING_PRONOUN,
    NOT_FAMILY_NAMES,
    introduce_full_names,
    resolve_leading_pronoun,
    unanchored_pronoun,
)
from newsdesk.write.perspectives import perspectives
from newsdesk.write.pull_quote import choose_pull_quote
from newsdesk.write.quotes import Quote, extract_quotes
from newsdesk.write.redundancy import LEAD_PARAPHRASE_COSINE, PARAPHRASE_COSINE, PageFacts, fact_units
from newsdesk.write.sections import group_into_sections, neutral_headings, timeline
from newsdesk.write.summarize import (
    SentencePool,
    SourceSentence,
    build_pool,
    select_by_coverage,
    select_sentences,
)

logger = logging.getLogger(__name__)

__all__ = ["write_story", "summarize_articles", "choose_pull_quote", "reading_minutes", "require_sentences",
           "WORDS_PER_MINUTE"]

_SUPPORT_SIMILARITY = 0.55
_EMBED_AHEAD = 24  # candidates embedded in one batch before a selection's novelty checks


def _attributed(text: str, outlet: str, source_text: str) -> str:
    """``According to <outlet>, <sentence>`` — used for contested claims.

    The sentence's first letter is lowered when its first word is a common word (it occurs in
    lower case in the source text), so names keep their capital.
    """
    first = text.split(" ", 1)[0]
    if first.lower() in STOPWORDS or re.search(rf"\b{re.escape(first.lower())}\b", source_text):
        text = text[0].lower() + text[1:]
    return f"According to {outlet}, {text}"


_QUOTE_MARKS = re.compile(r"[“”\"]")
def _unattributed_quote(sentence: str) -> bool:
    """True when the sentence quotes someone (6+ words) without naming them itself.

    ``“That goal will be on television …”`` continues a quote of the sentence before it; out of
    that context a reader cannot tell who speaks, so such sentences stay off the page.
    """
    quotes = extract_quotes(sentence)
    if any(q.word_count >= 6 and not q.speaker for q in quotes):
        return True
    # A sentence that is all quotation, however short ("“Tomorrow evening, the wolf arrives.”", the end of
    # a consultant's quote), is someone's statement: under another speaker's sentence it reads as theirs.
    return bool(_WHOLE_QUOTE.fullmatch(sentence.strip())) and not any(q.speaker for q in quotes)


_WHOLE_QUOTE = re.compile(r"[“\"«„][^“”\"«»„]+[”\"»“][.!?…]?")


class _Writer:
    """Holds one story's pool and turns picked source sentences into cited sentences."""

    def __init__(self, articles: list[Article], *, resolve_dates: bool = True):
        self.articles = articles
        self.pool: SentencePool = build_pool(articles)
        self.discrepancies = find_discrepancies(articles)
        self.contested = contested_values(self.discrepancies)
        self.index = {s.key: i for i, s in enumerate(self.pool.sentences)}
        # Quotes a reader could not attribute: kept out of every selection, summary included.
        self.speakerless = {s.key for s in self.pool.sentences if _unattributed_quote(s.text)}
        self.compressed: dict[tuple[int, int], str] = {}
        # Sentences left out because they restate the page; they become corroborating citations.
        self.restatements: list[SourceSentence] = []
        self.antecedent: dict[tuple[int, int], list[str]] = {}
        sentences_of = [split_sentences(a.text) for a in articles]
        self.sentences_of = sentences_of
        self._full_names: dict[str, FullName] | None = None
        quotes_of: dict[int, list[Quote]] = {}
        for s in self.pool.sentences:
            article = articles[s.article_index]
            is_contested = s.text in self.contested
            published = article.known_published if resolve_dates else None
            text = compress_sentence(s.text, published, keep_attribution=is_contested)
            if is_contested:
                text = _attributed(text, s.outlet, article.text)
            if s.position > 0 and LEADING_PRONOUN.match(text):
                if s.article_index not in quotes_of:
                    quotes_of[s.article_index] = extract_quotes(article.text)
                resolved = resolve_leading_pronoun(text, sentences_of[s.article_index], s.position,
                                                   quotes_of[s.article_index], article.text)
                if resolved:
                    text, self.antecedent[s.key] = resolved
            self.compressed[s.key] = text
            s.words = word_count(text)
        # Sentences opening on a pronoun nothing on the page names ("His address …" with no
        # antecedent resolved): never in the summary or quick read, whose sentences come from
        # several places; in a section only right after the source sentence before them.
        self.dangling = {s.key for s in self.pool.sentences if needs_antecedent(self.compressed[s.key])}
        # German reported speech without its speaker ("Das Team sei keineswegs überrascht worden."): its claim
        # is the speaker's, whom the sentence before names; like a pronoun, it follows that sentence or stays off.
        languages = [article_language(a.text, a.language) for a in articles]  # each text read once
        german = {i for i, language in enumerate(languages) if language == "de"}
        self.dangling |= {s.key for s in self.pool.sentences
                          if s.article_index in german and reported_without_speaker(self.compressed[s.key])}
        # An opinion piece's sentences argue: only the perspectives (attributed to their outlet)
        # show them, unless the story has nothing but opinion pieces to tell it from.
        opinion_articles = {i for i, a in enumerate(articles) if is_opinion(a)}
        self.opinion = {s.key for s in self.pool.sentences if s.article_index in opinion_articles}
        # "Nothing but": no news sentence a page part could show (an essay filed under /ideas/ in the
        # first person left a page with no summary, sections or quick read at all).
        showable_news = [s for s in self.pool.sentences
                         if s.key not in self.opinion and s.key not in self.speakerless | self.dangling]
        self.opinion_only = bool(opinion_articles) and not showable_news
        if not showable_news:
            self.opinion = set()
            opinion_articles = set()
        self.news_articles = [a for i, a in enumerate(articles) if i not in opinion_articles] or list(articles)
        self.unshowable = self.speakerless | self.dangling | self.opinion
        # Restatements in other words are told by MiniLM, which reads English only.
        from newsdesk.embed import bundled_minilm

        self.language = _majority_language(languages)
        self._meaning = bundled_minilm() if self.language == "en" else None
        self._vectors: dict[str, object] = {}
        #: The dek's sentence once the summary has chosen it: what the story's other sentences are
        #: most often told again of (see :meth:`restates`).
        self.lead_key: tuple[int, int] | None = None

    def restates(self, s: SourceSentence, stated: Sequence[SourceSentence]) -> bool:
        """True when ``s`` tells again, in other words, what a sentence of another article in
        ``stated`` tells: MiniLM cosine of their printed forms at least :data:`PARAPHRASE_COSINE`,
        or :data:`LEAD_PARAPHRASE_COSINE` against the page's lead (:attr:`lead_key`, the dek's sentence).

        What :class:`PageFacts` counts (words, figures, names) misses a fact retold in another
        outlet's words ("YouTube suspended Republican Senator Rand Paul for seven days …" / "Sen.
        Rand Paul has been suspended from YouTube for a week …"). English stories with the bundled
        model only; otherwise False.
        """
        others = [t for t in stated if t.article_index != s.article_index
                  # two outlets' figures for one thing: the page tells both, each attributed
                  and not (s.text in self.contested and t.text in self.contested)]
        if not others or not self.embed_ahead([s, *others]):
            return False
        mine = self._vectors[self.compressed[s.key]]
        return any(float(mine @ self._vectors[self.compressed[t.key]])
                   >= (LEAD_PARAPHRASE_COSINE if t.key == self.lead_key else PARAPHRASE_COSINE) for t in others)

    def embed_ahead(self, sentences: Iterable[SourceSentence]) -> bool:
        """Embed the printed forms of ``sentences`` not embedded yet, in one batch (one model call
        for a selection's candidates instead of one per candidate). False when the check is off."""
        if self._meaning is None:
            return False
        missing = [t for t in dict.fromkeys(self.compressed[s.key] for s in sentences) if t not in self._vectors]
        if missing:
            try:
                self._vectors.update(zip(missing, self._meaning.embed(missing), strict=True))
            except Exception as exc:  # the model failing must not stop the writer
                logger.warning("restatement check off for this story: %s", exc)
                self._meaning = None
                return False
        return True

    def cited(self, s: SourceSentence) -> CitedSentence:
        """The published form of a source sentence, citing it and close sentences of other outlets."""
        citations = [Citation(article_url=s.article_url, sentence=s.text)]
        if s.key in self.antecedent:
            # The name that replaced the leading pronoun comes from this sentence.
            citations += [Citation(article_url=s.article_url, sentence=t) for t in self.antecedent[s.key]]
        i = self.index[s.key]
        seen = {s.article_url}
        if s.text not in self.contested:
            for j, other in enumerate(self.pool.sentences):
                if other.article_url in seen or other.outlet == s.outlet:
                    continue
                if self.pool.similarity(i, j) >= _SUPPORT_SIMILARITY and other.text not in self.contested:
                    citations.append(Citation(article_url=other.article_url, sentence=other.text))
                    seen.add(other.article_url)
        return CitedSentence(text=self.compressed[s.key], sources=citations)

    def novel(
        self,
        ranked: list[SourceSentence],
        *,
        max_words: int,
        min_words: int = 0,
        seed: Sequence[SourceSentence] = (),
        exclude: set[tuple[int, int]] | None = None,
    ) -> list[SourceSentence]:
        """``ranked`` without sentences that restate the page (``seed``, the sentences shown
        above, + earlier picks): by fact units (:class:`PageFacts`) or in other words (:meth:`restates`).

        When that leaves fewer than ``min_words``, the best-scored novel sentences of the pool
        top it up; the result stays within ``max_words``. Sentences in ``exclude`` (by default
        those no page part may show, :attr:`unshowable`) are never kept.
        """
        exclude = self.unshowable if exclude is None else exclude
        page = PageFacts(self.compressed[s.key] for s in seed)
        kept: list[SourceSentence] = []
        total = 0
        # the sentences shown above and the first candidates, in one batch
        self.embed_ahead([*seed, *[s for s in ranked if s.key not in exclude][:_EMBED_AHEAD]])

        def consider(s: SourceSentence) -> None:
            nonlocal total
            text = self.compressed[s.key]
            if s in kept or total + s.words > max_words or s.key in exclude:
                return
            if not page.is_new(text) or self.restates(s, [*seed, *kept]):
                self.restatements.append(s)
                return
            kept.append(s)
            page.add(text)
            total += s.words

        for s in ranked:
            consider(s)
        if total < min_words:
            for s in sorted(self.pool.sentences, key=lambda s: -s.score):
                if total >= min_words:
                    break
                consider(s)
        return kept

    def corroborate(self, page: list[CitedSentence]) -> list[CitedSentence]:
        """Cite each left-out restatement on the page sentence that states most of its facts.

        A restatement from another outlet is the corroboration signal: it becomes one more
        citation of the sentence that stays (when that sentence carries at least 60% of its fact
        units). Sentences with quotes or contested figures are left as they are.
        """
        units = [fact_units(c.text) for c in page]
        extra: dict[int, list[Citation]] = {}
        for s in self.restatements:
            if s.text in self.contested or _QUOTE_MARKS.search(s.text):
                continue
            mine = fact_units(self.compressed[s.key])
            total = sum(mine.values()) or 1.0
            best, best_share = None, 0.0
            for i, (cited, theirs) in enumerate(zip(page, units)):
                if _QUOTE_MARKS.search(cited.text) or cited.text.startswith("According to"):
                    continue
                share = sum(w for u, w in mine.items() if u in theirs) / total
                if share > best_share:
                    best, best_share = i, share
            if best is None or best_share < 0.6:
                continue
            urls = {c.article_url for c in page[best].sources} | {c.article_url for c in extra.get(best, [])}
            if s.article_url not in urls:
                extra.setdefault(best, []).append(Citation(article_url=s.article_url, sentence=s.text))
        return [
            c.model_copy(update={"sources": [*c.sources, *extra[i]]}) if i in extra else c
            for i, c in enumerate(page)
        ]

    def introduce_names(self, part: list[CitedSentence], above: Sequence[str] = ()) -> list[CitedSentence]:
        """A person a page part first names by family name alone gets the full name the sources give.

        "Halvorsen said the government's spending plans …" opened a demo Quick Read whose other
        sentences never named Idris Halvorsen; the summary quoted "Marchetti" before it named Governor
        Elias Marchetti. The first mention, outside quotations, of a family name that stands for one
        person in the sources (:func:`~newsdesk.write.names.full_names_by_family_name`) becomes the
        full name, and the sentence cites the source sentence that gives it (as a resolved pronoun
        does). A mention after another capitalised word ("Finance Minister Halvorsen", "Mr.
        Halvorsen") is left as it is, as is every mention after the first.

        Args:
            part: a page part's sentences in reading order (summary, Quick Read, or body).
            above: the texts the page shows before the part (the dek and "In brief" above the body).
        """
        if self._full_names is None:
            self._full_names = full_names_by_family_name(
                self.sentences_of, [a.text for a in self.articles], NOT_FAMILY_NAMES)
        return introduce_full_names(part, self._full_names, self.articles, above)

    def reading_order(self, picked: list[SourceSentence], lead: SourceSentence | None = None) -> list[SourceSentence]:
        """``lead`` (else the first pick) first, then the others in source order."""
        if not picked and lead is None:
            return []
        head = lead if lead is not None else picked[0]
        rest = [s for s in picked if s.key != head.key]
        rest.sort(key=lambda s: (s.position, self.articles[s.article_index].published, s.article_index))
        return [head, *rest]


def summarize_articles(
    articles: list[Article], max_words: int = 90, min_words: int = 60, *, resolve_dates: bool = True
) -> list[CitedSentence]:
    """The story summary's cited sentences (what ``write_story`` puts in ``summary_sentences``).

    Args:
        articles: the story's articles.
        max_words: word budget.
        min_words: fill up to at least this many words when sources allow.
        resolve_dates: resolve "on Tuesday" from publication dates (off when dates are unknown).
    """
    writer = _Writer(articles, resolve_dates=resolve_dates)
    headline = choose_headline(writer.news_articles)
    return writer.introduce_names([writer.cited(s) for s in _summary_picks(writer, max_words, min_words, headline)])


#: A summary sentence with less than this share of new fact units is a restatement (0.13–0.17 for
#: a third outlet's version of the lead; a breakdown of a total the summary gives, "Mexico will
#: receive 2.5 million doses and Canada 1.5 million", scores 0.33 and stays). Lower than the body's
#: NOVELTY_THRESHOLD: repeating the key facts is what a summary does.
SUMMARY_NOVELTY = 0.25


#: "Meanwhile, …" sets a development beside one told before: fine in a summary, wrong as the dek, which
#: stands alone. (Openers that carry on from the sentence before, "But …", "However, …", never reach
#: the summary: :func:`~newsdesk.write.candidates.needs_antecedent`.)
_BESIDE = re.compile(r"^[“\"‘']?Meanwhile\b")
_QUOTED_SPAN = re.compile(r"[“\"]([^“”\"]*)[”\"]|[“\"]([^“”\"]*)$")


def _quotes_a_statement(sentence: str) -> bool:
    """True when the sentence quotes four words or more: someone's statement, which a dek would
    carry without its context. A quoted term ("their “counteroffer”", "so-called “sanctuary
    cities”") is no statement."""
    return any(len((m.group(1) or m.group(2) or "").split()) >= 4 for m in _QUOTED_SPAN.finditer(sentence))


def _summary_picks(writer: _Writer, max_words: int, min_words: int, headline: str = "") -> list[SourceSentence]:
    """Coverage picks, led by the one that reads best as a dek: plain (no quote, nothing that points
    back), telling what the headline tells (up to three of its content words), then a lead sentence.

    A pick that mostly restates the dek or the summary's better-scored picks (under
    :data:`SUMMARY_NOVELTY` of its fact units new, :class:`PageFacts`, or the same fact in another
    outlet's words, :meth:`_Writer.restates`) is left out and the coverage selection runs again without it, so the
    summary still fills its budget. Three outlets' versions of the same lead ("Senate Democrats
    unveiled a bill on July 14 to decriminalize marijuana …") are one fact.
    """
    told = stems(headline)
    picked: list[SourceSentence] = []

    def dek_fitness(s: SourceSentence) -> tuple:
        plain = (not _quotes_a_statement(s.text) and not s.text.startswith("According to")
                 and not _BESIDE.match(s.text) and not points_back(s.text) and not unanchored_pronoun(s.text))
        # the dek goes on from the headline: "Two Pennsylvania judges served blows to President Trump’s
        # re-election campaign …" under "Pennsylvania judges rule against Trump campaign …", not a
        # better-scored sentence about the lawsuits in five states
        words = stems(s.text)
        agrees = min(len(told & words), 3)
        if len(words - told) < 2:
            agrees = -1  # the headline again ("Perturbazione polare al Centro e al Sud."): tells nothing more
        return (plain, agrees, s.features.get("lead", 0.0) + s.score, -picked.index(s))

    restated: set[tuple[int, int]] = set()
    for _ in range(4):
        picked = select_by_coverage(writer.pool, max_words=max_words, min_words=min_words,
                                    exclude=writer.unshowable | restated)
        if not picked:
            return picked
        page = PageFacts()
        stated: list[SourceSentence] = []
        repeats = set()
        writer.embed_ahead(picked)
        # the dek first: of two versions of one fact, the one that tells what the headline tells stays
        lead = max(picked, key=dek_fitness)
        writer.lead_key = lead.key
        for s in [lead, *sorted((s for s in picked if s is not lead), key=lambda s: -s.score)]:
            text = writer.compressed[s.key]
            if page.seen and (page.novelty(text) < SUMMARY_NOVELTY or writer.restates(s, stated)):
                repeats.add(s.key)
            else:
                page.add(text)
                stated.append(s)
        if not repeats:
            break
        restated |= repeats
    # the lead is never a repeat (it is checked first), so it still leads what is left
    return [lead, *(s for s in picked if s is not lead and s.key not in restated)]


def _paragraphs(sentences: list[CitedSentence], size: int = 3) -> list[Paragraph]:
    return [Paragraph(sentences=sentences[i : i + size]) for i in range(0, len(sentences), size)]


def _fit_summary(doc: StoryDocument, max_words: int) -> StoryDocument:
    """Keep the summary within ``max_words`` after verification replaced sentences; set the dek."""
    kept: list[CitedSentence] = []
    total = 0
    for s in doc.summary_sentences:
        if total + word_count(s.text) > max_words and kept:
            continue
        kept.append(s)
        total += word_count(s.text)
    return doc.model_copy(update={
        "summary_sentences": kept,
        "summary": " ".join(s.text for s in kept),
        "dek": kept[0].text if kept else doc.dek,
    })


def story_language(articles: Sequence[Article]) -> str:
    """The language most of the story's articles are in (ISO 639-1; ``"en"`` when unknown).

    An article's language is the one its text is clearly in, else the one its page declares
    (:func:`newsdesk.text.article_language`): a template's ``lang="en"`` on a German post is common.
    """
    return _majority_language(article_language(a.text, a.language) for a in articles)


def _majority_language(languages: Iterable[str | None]) -> str:
    counts = Counter(language or "en" for language in languages)
    return counts.most_common(1)[0][0] if counts else "en"


def _at_least_two_sections(doc: StoryDocument) -> StoryDocument:
    """Split a lone section (e.g. after verification emptied the others) in two when it can be."""
    if len(doc.sections) != 1:
        return doc
    sentences = [s for p in doc.sections[0].paragraphs for s in p.sentences]
    if len(sentences) < 2:
        return doc
    half = (len(sentences) + 1) // 2
    # The second section may not open on a pronoun that points back into the first.
    while half < len(sentences) and needs_antecedent(sentences[half].text):
        half += 1
    if half == len(sentences):
        return doc
    return doc.model_copy(update={"sections": [
        Section(heading=doc.sections[0].heading, paragraphs=_paragraphs(sentences[:half])),
        Section(heading=next(h for h in neutral_headings(doc.language) if h != doc.sections[0].heading),
                paragraphs=_paragraphs(sentences[half:])),
    ]})


def write_story(
    story_id: str,
    articles: list[Article],
    *,
    related: Sequence[str] | Iterable[str] = (),
    outlets: dict[str, Outlet] | None = None,
    settings: Settings | None = None,
) -> StoryDocument:
    """Write and verify the Analysis and QuickRead of one story.

    Args:
        story_id: the story's id (copied into the document).
        articles: the story's articles; at least one with text.
        related: ids of related stories, copied as given.
        outlets: outlet metadata by name (display names are taken from it when present).
        settings: for ``summary_words``; defaults apply when None.

    Returns:
        A verified :class:`StoryDocument`; same input gives the same output.

    Raises:
        WriteError: no article, no article has usable sentences, or none of them can stand on a page.
    """
    from newsdesk.verify import verify_document  # verify imports write helpers; avoid a cycle

    if not articles:
        raise WriteError(f"story {story_id}: no articles")
    articles = sorted(articles, key=lambda a: (a.published, a.url))
    summary_words = settings.summary_words if settings else 70
    writer = _Writer(articles)
    pool = writer.pool
    if not pool.sentences:
        raise WriteError(f"story {story_id}: no usable sentences in {len(articles)} article(s)")

    headline = choose_headline(writer.news_articles)
    summary_picked = _summary_picks(writer, summary_words + 20, max(summary_words - 10, 1), headline)
    summary_sentences = writer.introduce_names([writer.cited(s) for s in summary_picked])
    dek = summary_sentences[0].text if summary_sentences else ""

    # The Quick Read opens as the page does, on the dek's sentence: the coverage selection's first pick
    # is the one covering most, often a detail that needs the story told first ("Somewhat surprisingly, …").
    lead = summary_picked[0] if summary_picked else None
    quick_picked = select_by_coverage(pool, max_words=250, min_words=180, exclude=writer.unshowable)
    quick_picked = writer.novel(writer.reading_order(quick_picked, lead), max_words=250, min_words=180)
    quick_sentences = writer.introduce_names([writer.cited(s) for s in writer.reading_order(quick_picked, lead)])

    entities = key_entities(articles)
    language = writer.language
    place = story_place(articles, language)
    order = {i: (a.published, i) for i, a in enumerate(articles)}
    people = {e for s in pool.sentences for e in s.entities}
    restated_before = len(writer.restatements)

    def body(shown_above: list[SourceSentence]) -> list[tuple[str, list[CitedSentence]]]:
        """Sections of what the page has not said above them, nor any fact twice (write.redundancy)."""
        del writer.restatements[restated_before:]
        above = [writer.compressed[s.key] for s in shown_above]  # as the page prints them
        ranked = select_sentences(pool, max_words=10_000, redundancy=0.45,
                                  exclude={s.key for s in shown_above} or None)
        # A body sentence that needs its antecedent may follow it within a section (checked there).
        picked = writer.novel(ranked, max_words=420, seed=shown_above, exclude=writer.speakerless | writer.opinion)
        # Picks were checked for novelty in rank order; the reader meets them in section order,
        # where a later-ranked sentence may come first — check again in that order, before each
        # section's heading is chosen from what it still says.
        page = PageFacts(above)

        def keep(items: list[SourceSentence]) -> list[SourceSentence]:
            shown: list[SourceSentence] = []
            for s in items:
                follows_source = bool(shown) and shown[-1].key == (s.article_index, s.position - 1)
                if s.key in writer.dangling and not follows_source:
                    continue  # its pronoun would point at whatever the page said last
                if page.is_new(writer.compressed[s.key]):
                    shown.append(s)
                    page.add(writer.compressed[s.key])
                else:
                    writer.restatements.append(s)
            return shown

        grouped = group_into_sections(picked, order, main_entity=entities[0] if entities else None,
                                      place=place, people=people, language=language, keep=keep)
        return [(heading, [writer.cited(s) for s in items]) for heading, items in grouped]

    # The page shows the dek and the summary ("In brief") above the body, so the body goes on
    # from them. A story with too little for that (under three more sentences) has a body that
    # tells it all after the dek, and the page shows no "In brief" (see web.present).
    above = summary_picked
    sections = body(above)
    if sum(len(items) for _, items in sections) < 3:
        above = summary_picked[:1]
        sections = body(above)
    # What was left out as a restatement still counts: it corroborates the sentence that stays
    # (on the page: the dek and "In brief" when the body goes on from them, else the body's copy).
    n = len(above)
    flat = writer.corroborate([*summary_sentences[:n], *(c for _, items in sections for c in items)])
    summary_sentences[:n], flat = flat[:n], flat[n:]
    flat = writer.introduce_names(flat, above=[c.text for c in summary_sentences[:n]])
    rebuilt = []
    for heading, items in sections:
        rebuilt.append(Section(heading=heading, paragraphs=_paragraphs(flat[: len(items)])))
        flat = flat[len(items):]
    sections = rebuilt

    latest = max(a.published for a in articles)
    outlet_names = []
    for a in articles:
        name = outlets[a.outlet].name if outlets and a.outlet in outlets else a.outlet
        if name not in outlet_names:
            outlet_names.append(name)
    doc = StoryDocument(
        id=story_id,
        category=categorize(articles, language),
        headline=headline,
        dek=dek,
        summary=" ".join(s.text for s in summary_sentences),
        reading_minutes=1,
        published=min(a.published for a in articles),
        updated=latest,
        image=choose_image(articles, headline, language, entities=entities, place=place),
        sections=sections,
        pull_quote=choose_pull_quote(articles),
        quick_read=QuickRead(
            headline=headline,
            date=latest.date().isoformat(),
            text=" ".join(s.text for s in quick_sentences),
            sentences=quick_sentences,
        ),
        sources=[SourceRef(url=a.url, outlet=a.outlet, title=a.title, published=a.known_published, opinion=is_opinion(a))
                 for a in articles],
        article_urls=[a.url for a in articles],
        related=list(related),
        disclaimer=DISCLAIMER,
        summary_sentences=summary_sentences,
        discrepancies=writer.discrepancies,
        perspectives=perspectives(pool),
        timeline=timeline(pool, writer.contested, exclude=writer.opinion),
        outlets=outlet_names,
        single_source=len(outlet_names) < 2,
        opinion_only=writer.opinion_only,
        writer="offline",
        language=language,
    )
    doc = verify_document(doc, articles)
    doc = _fit_summary(doc, summary_words + 20)
    doc = _at_least_two_sections(doc)
    require_sentences(doc, len(articles))
    return doc.model_copy(update={"reading_minutes": reading_minutes(doc)})


def require_sentences(doc: StoryDocument, n_articles: int) -> None:
    """Raise :class:`WriteError` when a written page says nothing: no summary and no section sentence.

    A pool can hold sentences none of which may stand on a page (each needs the sentence before
    it, or verification dropped them): a page of a headline and nothing else is a failure, recorded
    with its reason, not a story.
    """
    if not doc.summary_sentences and not any(p.sentences for sec in doc.sections for p in sec.paragraphs):
        raise WriteError(f"story {doc.id}: no sentence in {n_articles} article(s) can stand on a page "
                         f"(each needs context, or failed verification)")
