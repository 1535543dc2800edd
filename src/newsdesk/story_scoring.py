"""Pair evidence for the story engine: how likely two articles report the same event.

What the engine knows about an article (:class:`ArticleFeatures`), the pairwise model
over two of them, and the :class:`WindowIndex` of recent articles that candidates and name
rarity come from. For a pair the model reads eight content features:

- ``cosine``   cosine of the embeddings of title + lede (the configured embedder);
- ``cosine_gap`` that cosine less the new article's neighbourhood density, the mean of its
  :data:`DENSITY_K` highest cosines in the window: in a crowded topic (impeachment, the
  border, a jobs report every month) many stories look alike, and what counts is how much a
  candidate stands out from them (hubness correction, as in CSLS);
- ``words``    cosine of hashed word counts of title + lede (exact wording, names, jargon);
- ``people``, ``orgs``, ``places``, ``other_names``  shared names of each kind, weighted by
  rarity in the current window (sharing "Biden" says little, "Ma'Khia Bryant" a lot);
- ``figures``  shared figures ("52%", "1,500", "$2.1 million"), rarity-weighted alike;

and turns them into a log-odds with logistic-regression coefficients trained on the two
AllSides sets by ``bench/train_story_model.py`` (stored in :mod:`newsdesk.story_weights`,
one set per embedder, because cosines of different models live on different scales).

Time and outlet are *not* learned: in both evaluation sets every article of a gold story
shares one timestamp (or none) and comes from a different outlet, so a model would learn
artefacts of how the sets were built. They enter :mod:`newsdesk.stories` as fixed priors.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import numpy as np

from .story_weights import MODELS

__all__ = [
    "DENSITY_K",
    "FEATURES",
    "ArticleFeatures",
    "StoryModel",
    "WindowIndex",
    "model_for",
    "pair_features",
    "pair_logit",
    "sigmoid",
    "word_vectors",
]

FEATURES = ("cosine", "cosine_gap", "words", "people", "orgs", "places", "other_names", "figures")
DENSITY_K = 3  # neighbours whose mean cosine is an article's neighbourhood density
_KINDS = (("people", "person"), ("orgs", "org"), ("places", "place"))


@dataclass(frozen=True)
class ArticleFeatures:
    """What the matcher knows about one article."""

    id: int
    published: datetime
    outlet: str
    vector: np.ndarray
    entities: frozenset[str]  # every name, whatever its kind
    numbers: frozenset[str]
    url: str = ""
    title: str = ""
    kinds: Mapping[str, frozenset[str]] = field(default_factory=dict)  # "person"/"org"/"place" -> names
    words: Mapping[int, float] = field(default_factory=dict)  # hashed term -> weight, unit length
    language: str | None = None  # ISO 639-1 when the text is clearly in one (newsdesk.text.text_language)


@dataclass(frozen=True)
class StoryModel:
    """Logistic-regression coefficients over :data:`FEATURES` and the join threshold."""

    name: str
    coef: Mapping[str, float]
    intercept: float
    threshold: float  # probability a story must reach for an article to join it

    def logit(self, features: Mapping[str, float]) -> float:
        return self.intercept + sum(self.coef[f] * features[f] for f in FEATURES)


def model_for(embedder_name: str) -> StoryModel:
    """The coefficients trained for ``embedder_name``.

    Embedders without their own (an OpenAI-compatible endpoint, another ONNX model) get
    the MiniLM ones: sentence-embedding cosines are on a similar scale, and
    ``NEWSDESK_STORY_THRESHOLD`` adjusts the join threshold.
    """
    key = "hashing" if embedder_name.startswith("hashing-") else embedder_name
    return _model(key if key in MODELS else "all-MiniLM-L6-v2-onnx-int8")


@lru_cache(maxsize=8)
def _model(key: str) -> StoryModel:
    entry = MODELS[key]
    return StoryModel(name=key, coef=dict(entry["coef"]), intercept=float(entry["intercept"]),
                      threshold=float(entry["threshold"]))


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, x))))


# -- features ------------------------------------------------------------------------------
def word_vectors(texts: list[str]) -> list[dict[int, float]]:
    """Hashed, sublinear, L2-normalised word counts (English stop words dropped), one per text.

    Stateless (no vocabulary to fit), so an online stream never needs refitting.
    """
    if not texts:
        return []
    matrix = _hasher().transform(texts).tocsr()
    matrix.data = 1.0 + np.log(matrix.data)
    out = []
    for row in range(matrix.shape[0]):
        lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
        data = matrix.data[lo:hi]
        norm = float(np.sqrt((data**2).sum())) or 1.0
        out.append({int(i): float(v) / norm for i, v in zip(matrix.indices[lo:hi], data, strict=True)})
    return out


@lru_cache(maxsize=1)
def _hasher():
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(n_features=2**18, alternate_sign=False, stop_words="english", norm=None)


def _dot(a: Mapping[int, float], b: Mapping[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def _shared_evidence(shared: set[str] | frozenset[str], rarity: Callable[[str], float] | None) -> float:
    """0..1: two rare shared terms (or one very rare) are full evidence; common ones count little."""
    if not shared:
        return 0.0
    if rarity is None:
        return min(1.0, len(shared) / 2)
    return min(1.0, sum(rarity(term) for term in shared) / 2)


def pair_features(
    a: ArticleFeatures,
    b: ArticleFeatures,
    cosine: float,
    rarity: Callable[[str], float] | None = None,
    density: float | None = None,
) -> dict[str, float]:
    """The model's inputs for one pair (see the module docstring).

    ``rarity`` maps a name or ``"#"``-prefixed figure to 0..1 (1 = in no other recent article);
    ``density`` is ``a``'s neighbourhood density (:meth:`WindowIndex.density`); without it
    the gap is 0 (no evidence either way).
    """
    gap = cosine - density if density is not None else 0.0
    out = {"cosine": cosine, "cosine_gap": gap, "words": _dot(a.words, b.words)}
    kinded: set[str] = set()
    for feature, kind in _KINDS:
        shared = a.kinds.get(kind, frozenset()) & b.kinds.get(kind, frozenset())
        kinded |= shared
        out[feature] = _shared_evidence(shared, rarity)
    out["other_names"] = _shared_evidence((a.entities & b.entities) - kinded, rarity)
    out["figures"] = _shared_evidence(frozenset("#" + n for n in a.numbers & b.numbers), rarity)
    return out


def pair_logit(
    a: ArticleFeatures,
    b: ArticleFeatures,
    cosine: float,
    model: StoryModel,
    rarity: Callable[[str], float] | None = None,
    density: float | None = None,
) -> float:
    """Log-odds that ``a`` and ``b`` report the same event, from their content alone."""
    return model.logit(pair_features(a, b, cosine, rarity, density))


# -- the window index ---------------------------------------------------------------------
def _terms(feat: ArticleFeatures) -> set[str]:
    return set(feat.entities) | {"#" + n for n in feat.numbers}


class WindowIndex:
    """Embeddings of the articles in the current time window, searched by one matrix product.

    Rows are appended as articles are assigned and dropped when they fall out of the
    window, so memory and search time follow the window's size, not the archive's.
    """

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._matrix = np.zeros((256, dim), dtype=np.float32)
        self._times = np.zeros(256, dtype=np.float64)
        self._size = 0
        self.features: list[ArticleFeatures] = []
        self.story_of: list[str] = []
        self._rows_of: dict[str, list[int]] | None = None
        self._df: Counter[str] = Counter()

    def __len__(self) -> int:
        return self._size

    def add(self, feat: ArticleFeatures, story_id: str) -> None:
        if self._size == len(self._matrix):
            self._matrix = np.concatenate([self._matrix, np.zeros_like(self._matrix)])
            self._times = np.concatenate([self._times, np.zeros_like(self._times)])
        self._matrix[self._size] = feat.vector
        self._times[self._size] = feat.published.timestamp()
        self._size += 1
        self.features.append(feat)
        self.story_of.append(story_id)
        self._df.update(_terms(feat))
        if self._rows_of is not None:
            self._rows_of.setdefault(story_id, []).append(self._size - 1)

    def evict_before(self, when: datetime) -> None:
        """Forget articles published before ``when``."""
        if not self._size:
            return
        keep = self._times[: self._size] >= when.timestamp()
        if keep.all():
            return
        for row in np.flatnonzero(~keep):
            self._df.subtract(_terms(self.features[row]))
        self._df = +self._df  # drop zero counts
        idx = np.flatnonzero(keep)
        n = len(idx)
        self._matrix[:n] = self._matrix[idx]
        self._times[:n] = self._times[idx]
        self.features = [self.features[i] for i in idx]
        self.story_of = [self.story_of[i] for i in idx]
        self._size = n
        self._rows_of = None

    def rarity(self, term: str) -> float:
        """1 for a term no article in the window has, falling towards 0 for common ones."""
        n = self._size
        if n < 2:
            return 1.0
        return max(0.0, 1.0 - math.log1p(self._df.get(term, 0)) / math.log1p(n))

    def similarities(self, vector: np.ndarray) -> np.ndarray:
        """Cosine of ``vector`` with every article in the window (row order)."""
        return self._matrix[: self._size] @ vector

    @staticmethod
    def density(similarities: np.ndarray, k: int = DENSITY_K) -> float | None:
        """Mean of the ``k`` highest of ``similarities`` (:meth:`similarities` of an article
        not in the window): how crowded its neighbourhood is. None when the window is empty."""
        if not len(similarities):
            return None
        k = min(k, len(similarities))
        return float(np.partition(similarities, len(similarities) - k)[-k:].mean())

    def rows_of(self, story_id: str) -> list[int]:
        """Rows of the articles of ``story_id`` that are in the window."""
        if self._rows_of is None:
            self._rows_of = {}
            for row, sid in enumerate(self.story_of):
                self._rows_of.setdefault(sid, []).append(row)
        return self._rows_of.get(story_id, [])

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The ``k`` rows most similar to ``vector``, as ``(row, cosine)``."""
        if not self._size:
            return []
        sims = self.similarities(vector)
        k = min(k, self._size)
        top = np.argpartition(-sims, k - 1)[:k]
        return [(int(i), float(sims[i])) for i in top[np.argsort(-sims[top])]]
