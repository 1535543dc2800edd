"""The story engine: group articles from different outlets into stories, as they stream in.

Online, in publication order, each new article either joins an existing story or starts a
new one. Candidate stories come from a :class:`WindowIndex`, an in-memory matrix of the
embeddings of articles published within ``settings.story_window_hours`` of the new one,
so the cost per article depends on how many articles a window holds, not on the archive.

An article's evidence against each earlier article of a candidate story is a log-odds
(:func:`pair_score`): a logistic model over content (embedding cosine, how far that cosine
stands above the new article's neighbourhood in the window, word overlap,
rarity-weighted shared people / organisations / places / other names / figures; see
:mod:`newsdesk.story_scoring`), less fixed priors for the same outlet, for each day between the
two, and for texts in two languages or in a language the embedder cannot read with no shared name
or wording. The story's score is the mean probability over its members in the window,
less a prior when the story already has this outlet or has been quiet for a day or more.

The article joins the best story when that probability reaches ``settings.story_threshold``
(unset: the value tuned with the model). Precision comes first: a false merge would claim
that outlets corroborate each other. A story that was quiet for ``FOLLOW_UP_AFTER`` and
would have matched but for that is a new development: the article starts a *follow-up*
story linked to it by ``parent_id``. A story that keeps gaining articles on later days
grows a dated timeline (:func:`story_timeline`).

Embeddings come from :mod:`newsdesk.embed` and are cached per model in the store's
``article_vectors`` table. :func:`cluster_articles` runs the same algorithm in memory
(benches, tests, ``newsdesk brief``).
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import and_, delete, insert, select

from .embed import Embedder, get_embedder
from .entities import extract_entities_by_kind, extract_numbers
from .models import Article, TimelineEntry
from .settings import Settings
from .story_scoring import ArticleFeatures, StoryModel, WindowIndex, model_for, pair_features, sigmoid, word_vectors
from .store import Store, article_vectors, articles, as_utc, stories
from .text import article_language

log = logging.getLogger(__name__)

__all__ = [
    "ArticleFeatures",
    "AssignReport",
    "MatchWeights",
    "StoryMatcher",
    "WindowIndex",
    "assign_stories",
    "article_features",
    "cluster_articles",
    "cluster_features",
    "embedding_text",
    "match_threshold",
    "pair_score",
    "related_stories",
    "story_id_for",
    "story_timeline",
]

LEDE_CHARS = 400
FOLLOW_UP_AFTER = timedelta(hours=20)
RELATED_DAYS = 30


# -- identities and texts -----------------------------------------------------------------
def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "story"


def story_id_for(article: Article) -> str:
    """Deterministic id of the story an article starts: ``date-slug-urlhash``."""
    published = as_utc(article.published)
    digest = hashlib.sha1(article.url.encode()).hexdigest()[:6]
    slug = _slug(article.title)[:60].strip("-") or "story"
    return f"{published:%Y-%m-%d}-{slug}-{digest}"


def embedding_text(title: str, text: str) -> str:
    """Title plus lede (the first few sentences): what an article is about."""
    lede = (text or "").strip()
    if len(lede) > LEDE_CHARS:
        cut = lede.rfind(" ", 0, LEDE_CHARS)
        lede = lede[: cut if cut > 0 else LEDE_CHARS]
    title = (title or "").strip()
    return f"{title}. {lede}" if title else lede


# -- features and scoring -----------------------------------------------------------------
@dataclass(frozen=True)
class MatchWeights:
    """Fixed priors of the decision, in log-odds units (not learned: see :mod:`newsdesk.story_scoring`).

    ``per_day`` and ``stale`` trade two readings of a long-running story: AllSides files each
    day's development as its own story (higher values: stories_dev F1 0.889 at 0/0, 0.909 at
    0.5/0.5, 0.924 at 1/1), the demo corpus keeps a multi-day event as one (MiniLM recall
    0.94, 0.87, 0.74; both sweeps with the pair model before the cosine gap). A split
    development still links to its parent as a follow-up.
    """

    same_outlet: float = 1.0  # one outlet writing twice is weak evidence of one event
    outlet_repeat: float = 1.0  # the story already has an article from this outlet
    per_day: float = 0.5  # coverage of one event clusters within a day or so
    stale: float = 0.5  # the story's latest article is FOLLOW_UP_AFTER old: a new development
    follow_up_margin: float = 1.5  # how far under the threshold a stale story still gets a follow-up
    other_language: float = 10.0  # texts in two languages: nothing here reads across them
    unread_language: float = 4.0  # a language the embedder cannot read, and no shared name or wording


def pair_score(
    a: ArticleFeatures,
    b: ArticleFeatures,
    cosine: float,
    model: StoryModel,
    weights: MatchWeights,
    rarity: Callable[[str], float] | None = None,
    density: float | None = None,
) -> float:
    """Log-odds that ``a`` and ``b`` report the same event: the content model's log-odds
    (as :func:`~newsdesk.story_scoring.pair_logit`) minus the language, outlet and time priors.

    ``rarity`` maps a name or figure to 0..1 (1 = seen in no other recent article);
    ``density`` is ``a``'s neighbourhood density in the window (:meth:`WindowIndex.density`).
    """
    features = pair_features(a, b, cosine, rarity, density)
    score = model.logit(features)
    if a.language and b.language and a.language != b.language:
        score -= weights.other_language
    elif (a.language or "en") != "en" or (b.language or "en") != "en":
        # MiniLM reads English only: two texts in another language look alike by their language
        # ("Sanna Marin tapasi Angela Merkelin …" and a Finnish piece on winter tiredness were joined).
        # Without a shared name or much shared wording, their cosine is no evidence.
        named = max(features["people"], features["orgs"], features["places"], features["other_names"])
        if named < 0.25 and features["words"] < 0.3:
            score -= weights.unread_language
    if a.outlet == b.outlet:
        score -= weights.same_outlet
    gap_days = abs((a.published - b.published).total_seconds()) / 86400
    return score - weights.per_day * gap_days


# A function word the entity finder took for a name in a text that is not English ("Al igual que …", "La
# jornada …"): two unrelated Spanish pages, a football round-up and a singer's trademark, shared "al" and
# were one story on the real-web eval pages, where a shared name is what two such texts need.
_FUNCTION_WORDS = frozenset(
    "al la el lo los las le les un una uno unos unas su sus del de di da do du des der die das den dem ein eine "
    "il gli o os as em no na nos nas que se y e et und og och en het van ai au aux con por para".split()
)


def article_features(articles_: Sequence[Article], embedder: Embedder, vectors: np.ndarray | None = None) -> list[ArticleFeatures]:
    """Features of many articles; embeds them in one batch unless ``vectors`` are given."""
    texts = [embedding_text(a.title, a.text) for a in articles_]
    if vectors is None:
        vectors = embedder.embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)
    kinds = [{kind: {n for n in found if n not in _FUNCTION_WORDS} for kind, found in names.items()}
             for names in extract_entities_by_kind(texts)]
    words = word_vectors(texts)
    out = []
    for art, text, vec, names, bag in zip(articles_, texts, vectors, kinds, words, strict=True):
        out.append(
            ArticleFeatures(
                id=art.id,
                published=as_utc(art.published),
                outlet=art.outlet,
                vector=np.asarray(vec, dtype=np.float32),
                entities=frozenset().union(*names.values()),
                numbers=frozenset(extract_numbers(text)),
                url=art.url,
                title=art.title,
                kinds={k: frozenset(v) for k, v in names.items() if k != "other" and v},
                words=bag,
                language=article_language(art.text or "", art.language),
            )
        )
    return out


@dataclass
class Decision:
    """Where one article goes."""

    story_id: str | None  # None: start a new story
    score: float
    parent_id: str | None = None


@dataclass
class StoryMatcher:
    """The online decision: join the best candidate story, start a follow-up, or start anew.

    A candidate story's score is the mean pair probability over its members in the window,
    less the outlet-repeat and stale-story priors (log-odds); ``threshold`` is a probability.
    """

    window: timedelta
    threshold: float
    model: StoryModel = field(default_factory=lambda: model_for(""))
    weights: MatchWeights = field(default_factory=MatchWeights)
    k: int = 30
    index: WindowIndex | None = None
    last_seen: dict[str, datetime] = field(default_factory=dict)

    def decide(self, feat: ArticleFeatures) -> Decision:
        """Score the candidate stories of ``feat`` (nothing is changed)."""
        if self.index is None or not len(self.index):
            return Decision(None, 0.0)
        index = self.index
        sims = index.similarities(feat.vector)
        density = index.density(sims)
        k = min(self.k, len(sims))
        top = np.argpartition(-sims, k - 1)[:k]
        best: dict[str, tuple[float, bool]] = {}
        for story in {index.story_of[int(r)] for r in top}:
            probs = []
            outlets = set()
            for row in index.rows_of(story):
                other = index.features[row]
                if abs(other.published - feat.published) > self.window:
                    continue
                outlets.add(other.outlet)
                logit = pair_score(feat, other, float(sims[row]), self.model, self.weights, index.rarity, density)
                probs.append(sigmoid(logit))
            if not probs:
                continue
            score = _logit(sum(probs) / len(probs))
            if feat.outlet in outlets:
                score -= self.weights.outlet_repeat
            last = self.last_seen.get(story)
            stale = last is not None and feat.published - last >= FOLLOW_UP_AFTER
            if stale:
                score -= self.weights.stale
            best[story] = (score, stale)
        if not best:
            return Decision(None, 0.0)
        story, (score, stale) = max(best.items(), key=lambda item: (item[1][0], item[0]))
        if sigmoid(score) >= self.threshold:
            return Decision(story, sigmoid(score))
        if stale and score >= _logit(self.threshold) - self.weights.follow_up_margin:
            return Decision(None, sigmoid(score), parent_id=story)
        return Decision(None, sigmoid(score))

    def add(self, feat: ArticleFeatures, story_id: str) -> None:
        """Record that ``feat`` now belongs to ``story_id``."""
        if self.index is None:
            self.index = WindowIndex(len(feat.vector))
        self.index.add(feat, story_id)
        if story_id not in self.last_seen or self.last_seen[story_id] < feat.published:
            self.last_seen[story_id] = feat.published

    def slide_to(self, when: datetime) -> None:
        """Drop what is too old to match an article published at ``when``."""
        if self.index is not None:
            self.index.evict_before(when - self.window)
        cutoff = when - self.window * 2
        if len(self.last_seen) > 4 * max(len(self.index or ()), 64):
            self.last_seen = {s: t for s, t in self.last_seen.items() if t >= cutoff}


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def match_threshold(settings: Settings, embedder: Embedder) -> float:
    """The join probability: ``settings.story_threshold`` when set explicitly, else the one
    tuned with the embedder's model (see ``bench/train_story_model.py``)."""
    if settings.story_threshold is not None:
        return settings.story_threshold
    return model_for(embedder.name).threshold


def _matcher(settings: Settings, embedder: Embedder, weights: MatchWeights | None = None) -> StoryMatcher:
    return StoryMatcher(
        window=timedelta(hours=settings.story_window_hours),
        threshold=match_threshold(settings, embedder),
        model=model_for(embedder.name),
        weights=weights or MatchWeights(),
    )


# -- in memory ----------------------------------------------------------------------------
def cluster_articles(
    articles_: list[Article],
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    vectors: np.ndarray | None = None,
    weights: MatchWeights | None = None,
) -> list[list[int]]:
    """Group articles into stories in memory with the same online algorithm as the store.

    Args:
        articles_: the articles, any order (they are processed in publication order).
        settings: ``story_window_hours`` and ``story_threshold`` are used.
        embedder: defaults to :func:`newsdesk.embed.get_embedder`.
        vectors: precomputed embeddings, one row per article in ``articles_`` order.
        weights: the decision's priors (benches vary them).
    Returns:
        Groups of article ids, in order of their first article.
    """
    if not articles_:
        return []
    embedder = embedder or get_embedder(settings)
    feats = article_features(articles_, embedder, vectors)
    return cluster_features(feats, _matcher(settings, embedder, weights))


def cluster_features(feats: list[ArticleFeatures], matcher: StoryMatcher) -> list[list[int]]:
    """:func:`cluster_articles` over ready features with a fresh ``matcher``."""
    groups: dict[str, list[int]] = {}
    for n, feat in enumerate(sorted(feats, key=lambda f: (f.published, f.id))):
        matcher.slide_to(feat.published)
        story = matcher.decide(feat).story_id or f"s{n}"
        groups.setdefault(story, []).append(feat.id)
        matcher.add(feat, story)
    return list(groups.values())


# -- with the store -----------------------------------------------------------------------
@dataclass
class AssignReport:
    """What :func:`assign_stories` did."""

    assigned: int = 0
    new_stories: int = 0
    follow_ups: int = 0


def load_vectors(store: Store, ids: Iterable[int], model: str) -> dict[int, np.ndarray]:
    """Cached embeddings of ``ids`` made by ``model`` (others are ignored)."""
    ids = list(ids)
    out: dict[int, np.ndarray] = {}
    with store.begin() as conn:
        for start in range(0, len(ids), 500):
            rows = conn.execute(
                select(article_vectors.c.article_id, article_vectors.c.vector).where(
                    article_vectors.c.article_id.in_(ids[start : start + 500]),
                    article_vectors.c.model == model,
                )
            )
            for row in rows:
                out[row.article_id] = np.frombuffer(row.vector, dtype=np.float32)
    return out


def save_vectors(store: Store, vectors: dict[int, np.ndarray], model: str) -> None:
    """Cache embeddings (replacing any of another model)."""
    if not vectors:
        return
    ids = list(vectors)
    with store.begin() as conn:
        conn.execute(delete(article_vectors).where(article_vectors.c.article_id.in_(ids)))
        conn.execute(
            insert(article_vectors),
            [
                {"article_id": i, "model": model, "vector": np.asarray(v, dtype=np.float32).tobytes()}
                for i, v in vectors.items()
            ],
        )


def _vectors_for(store: Store, arts: list[Article], embedder: Embedder) -> dict[int, np.ndarray]:
    """Embeddings from the cache, computing and caching the missing ones."""
    cached = load_vectors(store, [a.id for a in arts], embedder.name)
    missing = [a for a in arts if a.id not in cached]
    if missing:
        fresh = embedder.embed([embedding_text(a.title, a.text) for a in missing])
        new = {a.id: vec for a, vec in zip(missing, fresh, strict=True)}
        save_vectors(store, new, embedder.name)
        cached.update(new)
    return cached


def _features_for(store: Store, arts: list[Article], embedder: Embedder) -> list[ArticleFeatures]:
    """Features of stored articles, with cached embeddings."""
    if not arts:
        return []
    vectors = _vectors_for(store, arts, embedder)
    return article_features(arts, embedder, np.stack([vectors[a.id] for a in arts]))


def _assigned_since(store: Store, since: datetime, until: datetime) -> list[tuple[int, datetime, str]]:
    """(id, published, story_id) of assigned articles in ``[since, until]``, oldest first."""
    with store.begin() as conn:
        rows = conn.execute(
            select(articles.c.id, articles.c.published, articles.c.story_id)
            .where(
                articles.c.story_id.is_not(None),
                articles.c.duplicate_of.is_(None),
                and_(articles.c.published >= since, articles.c.published <= until),
            )
            .order_by(articles.c.published, articles.c.id)
        )
        return [(r.id, as_utc(r.published), r.story_id) for r in rows]


def _story_ends(store: Store, story_ids: Iterable[str]) -> dict[str, datetime]:
    ids = list(set(story_ids))
    out: dict[str, datetime] = {}
    with store.begin() as conn:
        for start in range(0, len(ids), 500):
            for r in conn.execute(
                select(stories.c.id, stories.c.updated).where(stories.c.id.in_(ids[start : start + 500]))
            ):
                out[r.id] = as_utc(r.updated)
    return out


def assign_stories(
    store: Store,
    settings: Settings,
    progress: Callable[[int], None] | None = None,
    *,
    embedder: Embedder | None = None,
    batch_size: int = 256,
) -> AssignReport:
    """Put every unassigned article into a story, in publication order.

    Each article is committed in its own transaction, so a killed run resumes where it
    stopped and a rerun with nothing new is a no-op.

    Args:
        store: the migrated store.
        settings: window, threshold.
        progress: called with the number of articles done after each one.
        embedder: defaults to :func:`newsdesk.embed.get_embedder` of ``settings``.
        batch_size: articles loaded and embedded at a time.
    Returns:
        Counts of assigned articles, new stories and follow-ups.
    """
    report = AssignReport()
    pending = store.unassigned_article_ids()
    if not pending:
        return report
    embedder = embedder or get_embedder(settings)
    matcher = _matcher(settings, embedder)
    window = matcher.window
    loaded_until: datetime | None = None
    known: set[int] = set()
    for start in range(0, len(pending), batch_size):
        batch = store.get_articles(pending[start : start + batch_size])
        if not batch:
            continue
        # Bring already-assigned neighbours of this batch (both sides of the window)
        # into the index; earlier batches loaded everything up to ``loaded_until``.
        lo = as_utc(batch[0].published) - window
        hi = as_utc(batch[-1].published) + window
        if loaded_until is not None:
            lo = max(lo, loaded_until)
        neighbours = [n for n in _assigned_since(store, lo, hi) if n[0] not in known]
        if neighbours:
            arts = store.get_articles([n[0] for n in neighbours])
            story_of = {n[0]: n[2] for n in neighbours}
            for feat in _features_for(store, arts, embedder):
                matcher.add(feat, story_of[feat.id])
                known.add(feat.id)
            matcher.last_seen.update(
                {s: t for s, t in _story_ends(store, story_of.values()).items()
                 if t > matcher.last_seen.get(s, datetime.min.replace(tzinfo=UTC))}
            )
        loaded_until = hi
        for feat, art in zip(_features_for(store, batch, embedder), batch, strict=True):
            matcher.slide_to(feat.published)
            decision = matcher.decide(feat)
            story_id = decision.story_id or story_id_for(art)
            store.assign_story(art.id, story_id, when=feat.published, parent_id=decision.parent_id)
            matcher.add(feat, story_id)
            known.add(feat.id)
            report.assigned += 1
            if decision.story_id is None:
                report.new_stories += 1
                if decision.parent_id:
                    report.follow_ups += 1
                    log.info("story %s follows up %s (score %.2f)", story_id, decision.parent_id, decision.score)
            if progress is not None:
                progress(report.assigned)
    log.info("assigned %d articles, %d new stories", report.assigned, report.new_stories)
    return report


# -- reading stories back -----------------------------------------------------------------
def _story_vector(store: Store, story_id: str, embedder: Embedder) -> tuple[np.ndarray, datetime] | None:
    story = store.get_story(story_id)
    if story is None or not story.article_ids:
        return None
    vectors = _vectors_for(store, store.get_articles(story.article_ids), embedder)
    centroid = np.mean(list(vectors.values()), axis=0)
    norm = np.linalg.norm(centroid)
    return (centroid / norm if norm else centroid), story.updated


def _language_of(arts: Iterable[Article]) -> str:
    """The language most of ``arts`` are in as stored (declared by the page, else detected at ingest; ``"en"``
    when unknown). Not detected again from the text: related stories compare every story of a month."""
    counts = Counter((a.language or "en").split("-")[0].lower() for a in arts)
    return counts.most_common(1)[0][0] if counts else "en"


def related_stories(store: Store, story_id: str, k: int = 4, *, embedder: Embedder | None = None, min_similarity: float = 0.3) -> list[str]:
    """Stories most similar to ``story_id`` (centroid cosine), excluding itself and stories in
    another language.

    Only stories updated within ``RELATED_DAYS`` days of it are compared, so the cost
    does not grow with the archive. A reader of an English story gets no German one as related: the
    bundled embedder reads English only, and a German text's vector is close to an English one's by
    chance (an English story on the real-web eval pages listed three unrelated German stories).
    """
    embedder = embedder or get_embedder(None)
    own = _story_vector(store, story_id, embedder)
    if own is None:
        return []
    centroid, updated = own
    story = store.get_story(story_id)
    language = _language_of(store.get_articles(story.article_ids)) if story else "en"
    span = timedelta(days=RELATED_DAYS)
    neighbours = _assigned_since(store, updated - span, updated + span)
    members: dict[str, list[int]] = {}
    for aid, _published, sid in neighbours:
        if sid != story_id:
            members.setdefault(sid, []).append(aid)
    if not members:
        return []
    all_ids = [i for ids in members.values() for i in ids]
    arts = {a.id: a for a in store.get_articles(all_ids)}
    vectors = _vectors_for(store, list(arts.values()), embedder)
    scored = []
    for sid, ids in members.items():
        vecs = [vectors[i] for i in ids if i in vectors]
        if not vecs or _language_of(arts[i] for i in ids if i in arts) != language:
            continue
        c = np.mean(vecs, axis=0)
        norm = np.linalg.norm(c)
        sim = float(c @ centroid / norm) if norm else 0.0
        if sim >= min_similarity:
            scored.append((sim, sid))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [sid for _sim, sid in scored[:k]]


def story_timeline(store: Store, story_id: str, *, include_parents: bool = True) -> list[TimelineEntry]:
    """Dated developments of a story: the first article of each day, oldest first.

    With ``include_parents`` the entries of the stories it follows up come first.
    """
    entries: list[TimelineEntry] = []
    seen: set[str] = set()
    chain: list[str] = []
    current: str | None = story_id
    while current and current not in seen:
        seen.add(current)
        chain.append(current)
        if not include_parents:
            break
        with store.begin() as conn:
            row = conn.execute(select(stories.c.parent_id).where(stories.c.id == current)).first()
        current = row.parent_id if row else None
    for sid in reversed(chain):
        story = store.get_story(sid)
        if story is None:
            continue
        days: dict[str, Article] = {}
        for art in store.get_articles(story.article_ids):
            day = f"{as_utc(art.published):%Y-%m-%d}"
            days.setdefault(day, art)
        entries.extend(TimelineEntry(date=day, text=art.title, article_url=art.url) for day, art in days.items())
    return entries
