"""Pick the sentences that carry a story's core facts across outlets.

Every article is split into sentences (verbatim, see :func:`newsdesk.text.split_sentences`); the ones
that can stand on a page are candidates (:mod:`newsdesk.write.candidates`).
Each candidate gets a score from:

- *centrality across sources*: mean TF-IDF cosine similarity to the sentences of the **other**
  articles (a fact several outlets report scores high), plus similarity to the story centroid;
- *agreement*: how many other outlets have a sentence close to it;
- *position*: news puts the core facts first (lead bias);
- *title overlap*: shared content words with the sources' headlines.

Two selectors:

- :func:`select_by_coverage` (summary, quick read): concept coverage in the style of Gillick &
  Favre — concepts are stemmed content words and bigrams, weighted by how many *articles*
  contain them (only concepts at least two outlets share count) plus a bonus for headline
  concepts; each pick maximises newly covered weight / length^0.5. On neus_val this beats
  score-then-MMR by about one ROUGE-1 point (bench/bench_writer.py).
- :func:`select_sentences` (body, fill-up): Maximal Marginal Relevance, each pick maximising
  ``λ·score − (1−λ)·max similarity to what is already picked`` until a word budget is met.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from newsdesk.models import Article
from newsdesk.text import (
    article_language,
    content_words,
    extract_entities,
    extract_numbers,
    split_sentences,
    stem,
)
from newsdesk.write.candidates import (
    apparatus_start,
    is_caption,
    speaker_label,
    transcript_speakers,
    usable,
    verbless,
)

logger = logging.getLogger(__name__)

__all__ = [
    "SourceSentence", "SentencePool", "build_pool", "select_sentences", "select_by_coverage", "concepts",
    "concept_weight",
]

_QUOTE_MARK = re.compile(r"[“”\"]")

#: Weights of the sentence features (tuned on neus_val ROUGE, see bench/bench_writer.py).
WEIGHTS: dict[str, float] = {
    "cross": 0.9,
    "central": 0.6,
    "title": 0.35,
    "lead": 0.3,
    "agreement": 0.05,
    "short": -0.15,
    "pronoun": -0.15,
    "question": -0.2,
    "quote": 0.0,
}


def score_features(features: dict[str, float], weights: dict[str, float] | None = None) -> float:
    """Weighted sum of a sentence's features."""
    weights = WEIGHTS if weights is None else weights
    return sum(weights.get(name, 0.0) * value for name, value in features.items())


_PRONOUN_START = re.compile(r"^(?:He|She|They|It|This|That|These|Those|His|Her|Their)\b")


@dataclass
class SourceSentence:
    """One sentence of one article, with features used for scoring."""

    text: str
    article_index: int
    position: int
    article_url: str
    outlet: str
    words: int
    numbers: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    score: float = 0.0
    agreement: int = 0
    features: dict[str, float] = field(default_factory=dict)

    @property
    def key(self) -> tuple[int, int]:
        """Stable identity: (article index, position)."""
        return (self.article_index, self.position)


@dataclass
class SentencePool:
    """All candidate sentences of a story and their TF-IDF vectors (rows L2-normalised)."""

    sentences: list[SourceSentence]
    vectors: np.ndarray
    articles: list[Article]

    def similarity(self, i: int, j: int) -> float:
        """Cosine similarity of candidates ``i`` and ``j``."""
        return float(self.vectors[i] @ self.vectors[j])


def _analyzer(text: str) -> list[str]:
    return [stem(w) for w in content_words(text)]




def build_pool(articles: list[Article]) -> SentencePool:
    """Split, filter and score every sentence of the story's articles.

    Args:
        articles: the story's articles (any order; order is kept as ``article_index``).

    Returns:
        The candidate pool with ``score`` and ``agreement`` filled.
    """
    sentences: list[SourceSentence] = []
    for a_index, article in enumerate(articles):
        split = split_sentences(article.text)
        speakers = transcript_speakers(split)
        end = apparatus_start(split)
        # a text of a sentence or two may be a headline standing in for the article: keep it whole
        language = article_language(article.text, article.language) if end >= 3 else None
        for position, text in enumerate(split[:end]):
            if not usable(text) or (speakers and speaker_label(text) in speakers):
                continue
            if is_caption(text, article.image_alt) or verbless(text, language):
                continue  # describes a picture the page may not show
            sentences.append(
                SourceSentence(
                    text=text,
                    article_index=a_index,
                    position=position,
                    article_url=article.url,
                    outlet=article.outlet,
                    words=len(text.split()),
                    numbers=extract_numbers(text),
                    entities=extract_entities(text),
                )
            )
    if not sentences:
        return SentencePool([], np.zeros((0, 0)), articles)
    titles = " ".join(a.title for a in articles)
    vectorizer = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform([s.text for s in sentences] + [titles]).toarray()
    except ValueError:  # empty vocabulary: nothing but stopwords
        matrix = np.zeros((len(sentences) + 1, 1))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    matrix = matrix / norms
    vectors, title_vec = matrix[:-1], matrix[-1]
    sims = vectors @ vectors.T
    centroid = vectors.sum(axis=0)
    centroid_norm = np.linalg.norm(centroid) or 1.0
    centroid = centroid / centroid_norm
    article_of = np.array([s.article_index for s in sentences])
    outlets = [s.outlet for s in sentences]
    multi_article = len(set(article_of.tolist())) > 1
    for i, s in enumerate(sentences):
        other = article_of != s.article_index
        if multi_article and other.any():
            cross = float(np.sort(sims[i][other])[-3:].mean())
            s.agreement = len(
                {outlets[j] for j in np.nonzero(other & (sims[i] > 0.3))[0] if outlets[j] != s.outlet}
            )
        else:
            cross = 0.0
        s.features = {
            "cross": cross,
            "central": float(vectors[i] @ centroid),
            "title": float(vectors[i] @ title_vec),
            "lead": 1.0 / math.sqrt(1 + s.position),
            "agreement": float(min(s.agreement, 3)),
            "short": float(s.words < 9),
            "pronoun": float(bool(_PRONOUN_START.match(s.text))),
            "question": float(s.text.rstrip("”\"'").endswith("?")),
            "quote": float(bool(_QUOTE_MARK.search(s.text))),
        }
        s.score = score_features(s.features)
    return SentencePool(sentences, vectors, articles)


def select_sentences(
    pool: SentencePool,
    *,
    max_words: int,
    min_words: int = 0,
    lambda_: float = 0.7,
    exclude: set[tuple[int, int]] | None = None,
    allow: Callable[[SourceSentence], bool] | None = None,
    redundancy: float = 0.5,
) -> list[SourceSentence]:
    """Greedy MMR selection under a word budget.

    Args:
        pool: candidates from :func:`build_pool`.
        max_words: stop before the total would exceed this many words.
        min_words: keep trying smaller sentences until at least this many words are picked.
        lambda_: weight of relevance against redundancy.
        exclude: candidate keys not to pick.
        allow: optional predicate a candidate must pass.
        redundancy: candidates more similar than this to a picked one are skipped.

    Returns:
        The picked sentences, in pick order.
    """
    exclude = exclude or set()
    remaining = [
        i
        for i, s in enumerate(pool.sentences)
        if s.key not in exclude and (allow is None or allow(s))
    ]
    picked: list[int] = []
    total = 0
    while remaining:
        best, best_value = None, -1e9
        for i in remaining:
            sim = max((pool.similarity(i, j) for j in picked), default=0.0)
            if sim > redundancy:
                continue
            value = lambda_ * pool.sentences[i].score - (1 - lambda_) * sim
            if total + pool.sentences[i].words > max_words:
                continue
            if value > best_value:
                best, best_value = i, value
        if best is None:
            break
        picked.append(best)
        remaining.remove(best)
        total += pool.sentences[best].words
        if total >= max_words or (min_words and total >= min_words and total >= max_words * 0.85):
            break
    return [pool.sentences[i] for i in picked]


def concepts(text: str) -> set[str]:
    """Stemmed content words and adjacent content-word bigrams of a text."""
    words = [stem(w) for w in content_words(text)]
    return set(words) | {f"{a}_{b}" for a, b in zip(words, words[1:])}


def concept_weight(pool: SentencePool, title_bonus: float = 2.0) -> Callable[[str], float]:
    """The weight :func:`select_by_coverage` gives a concept of ``pool``: the number of articles
    that contain it when at least two do (else 0), plus ``title_bonus`` when a source's headline
    has it."""
    document_frequency: Counter[str] = Counter()
    for article in pool.articles:
        document_frequency.update(concepts(article.text))
    headline = concepts(" ".join(a.title for a in pool.articles))

    def weight(concept: str) -> float:
        df = document_frequency[concept]
        return (float(df) if df >= 2 else 0.0) + (title_bonus if concept in headline else 0.0)

    return weight


def select_by_coverage(
    pool: SentencePool,
    *,
    max_words: int,
    min_words: int = 0,
    title_bonus: float = 2.0,
    length_exponent: float = 0.5,
    exclude: set[tuple[int, int]] | None = None,
) -> list[SourceSentence]:
    """Greedy weighted concept coverage under a word budget, topped up by MMR to ``min_words``.

    Args:
        pool: candidates from :func:`build_pool`.
        max_words: budget in (published) words.
        min_words: when coverage stops short of this, :func:`select_sentences` fills up.
        title_bonus: extra weight of concepts that occur in the sources' headlines.
        length_exponent: gain is divided by ``words ** length_exponent``.
        exclude: candidate keys not to pick.

    Returns:
        Picked sentences in pick order.
    """
    exclude = set(exclude or ())
    weight = concept_weight(pool, title_bonus)
    candidates = [
        (i, concepts(s.text))
        for i, s in enumerate(pool.sentences)
        if s.key not in exclude and not s.features.get("question")
    ]
    covered: set[str] = set()
    picked: list[int] = []
    total = 0
    while True:
        best, best_value = None, 0.0
        for i, sentence_concepts in candidates:
            s = pool.sentences[i]
            if i in picked or total + s.words > max_words:
                continue
            gain = sum(weight(c) for c in sentence_concepts - covered)
            value = gain / (s.words**length_exponent) if s.words else 0.0
            if value > best_value:
                best, best_value = i, value
        if best is None:
            break
        picked.append(best)
        covered |= next(c for i, c in candidates if i == best)
        total += pool.sentences[best].words
    chosen = [pool.sentences[i] for i in picked]
    if total < min_words:
        chosen += select_sentences(
            pool,
            max_words=max_words - total,
            min_words=min_words - total,
            exclude=exclude | {s.key for s in chosen},
        )
    return chosen
