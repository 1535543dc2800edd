"""Story grouping: quality on the AllSides sets and cost at archive scale.

Quality: B-cubed precision / recall / F1 and the share of gold stories recovered whole,
for the story engine (pair model over embeddings, words, names, figures; time and outlet
priors) side by side with two baselines run in the same process on the same articles:

- ``tfidf``: TF-IDF cosine of title + lede, same online threshold clustering;
- ``title-embedding``: the same embedder on the title only, cosine threshold.

Data (read-only, never copied): ``../shared/data/allsides/stories_dev.jsonl`` (a dated
stream; gold story = row; articles = news.left/center/right) and ``neus_val.jsonl``
(307 stories x 3 outlets, undated: one time window, deterministic shuffled order).

The pair model's cross-dataset figures (trained on one set, run on the other) come from
``bench/train_story_model.py`` and are kept in the same result file under ``training``.

Scale: time per assigned article and peak memory when the store's archive already holds
1k / 10k / 100k articles (synthetic filler arriving at a steady 200 articles a day, so a
bigger archive is a longer one, as in production; vectors pre-cached) and a batch of new
articles arrives at the end of the timeline.

    .venv/bin/python bench/bench_stories.py            # quality + scale
    .venv/bin/python bench/bench_stories.py --quality  # quality only
    .venv/bin/python bench/bench_stories.py --cache /tmp/story-cache  # reuse embeddings

Writes ``bench/results/stories.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.embed import get_embedder  # noqa: E402
from newsdesk.models import Article  # noqa: E402
from newsdesk.settings import Settings  # noqa: E402
from newsdesk.story_scoring import model_for, word_vectors  # noqa: E402
from newsdesk.stories import MatchWeights, cluster_articles, embedding_text, match_threshold  # noqa: E402

DATA = ROOT / "../shared/data/allsides"
RESULTS = ROOT / "bench/results/stories.json"


# -- data ---------------------------------------------------------------------------------
def load_stories_dev(path: Path = DATA / "stories_dev.jsonl") -> tuple[list[Article], dict[int, int]]:
    """Articles of the dated AllSides stream and their gold story (row number)."""
    arts: list[Article] = []
    gold: dict[int, int] = {}
    for row_no, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        when = datetime.fromisoformat(row["date"]).astimezone(UTC)
        for side, item in sorted((row.get("news") or {}).items()):
            body = item.get("newBody") or []
            text = "\n".join(body) if isinstance(body, list) else str(body)
            aid = len(arts) + 1
            arts.append(Article(
                id=aid, url=item.get("newsLink") or f"https://allsides.invalid/{row_no}/{side}",
                title=item.get("newsTitle") or "", text=text, published=when,
                outlet=item.get("newsSource") or side,
            ))
            gold[aid] = row_no
    return arts, gold


def load_neus(path: Path = DATA / "neus_val.jsonl", seed: int = 7) -> tuple[list[Article], dict[int, int]]:
    """NeuS articles (undated: one window) in a deterministic shuffled order."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    items = [(row_no, pos, a) for row_no, row in enumerate(rows) for pos, a in enumerate(row["articles"])]
    random.Random(seed).shuffle(items)
    base = datetime(2020, 1, 1, tzinfo=UTC)
    arts, gold = [], {}
    for n, (row_no, pos, item) in enumerate(items):
        aid = n + 1
        # Positions 0/1/2 are the three outlets (left/right/centre) of each story.
        arts.append(Article(id=aid, url=f"https://neus.invalid/{row_no}/{pos}", title=item.get("title") or "",
                            text=item.get("text") or "", published=base + timedelta(seconds=n),
                            outlet=f"outlet-{pos}"))
        gold[aid] = row_no
    return arts, gold


# -- metrics ------------------------------------------------------------------------------
def bcubed(groups: list[list[int]], gold: dict[int, int]) -> dict[str, float]:
    """B-cubed precision/recall/F1 and the share of gold stories recovered exactly."""
    cluster_of = {aid: n for n, g in enumerate(groups) for aid in g}
    by_cluster: dict[int, list[int]] = {}
    by_gold: dict[int, list[int]] = {}
    for aid in gold:
        by_cluster.setdefault(cluster_of[aid], []).append(aid)
        by_gold.setdefault(gold[aid], []).append(aid)
    p = r = 0.0
    for aid in gold:
        mine = by_cluster[cluster_of[aid]]
        same = sum(1 for o in mine if gold[o] == gold[aid])
        p += same / len(mine)
        r += same / len(by_gold[gold[aid]])
    p /= len(gold)
    r /= len(gold)
    clusters = {frozenset(v) for v in by_cluster.values()}
    whole = sum(1 for members in by_gold.values() if frozenset(members) in clusters)
    return {
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4),
        "stories_whole": round(whole / len(by_gold), 4), "clusters": len(clusters), "gold_stories": len(by_gold),
    }


def threshold_clusters(arts: list[Article], vectors: np.ndarray, threshold: float, window_hours: int) -> list[list[int]]:
    """Baseline: online single-link cosine threshold within the window, no other signal."""
    order = sorted(range(len(arts)), key=lambda i: (arts[i].published, arts[i].id))
    times = np.array([arts[i].published.timestamp() for i in order])
    vecs = vectors[order]
    label = np.zeros(len(order), dtype=int)
    for n in range(len(order)):
        lo = np.searchsorted(times, times[n] - window_hours * 3600)
        sims = vecs[lo:n] @ vecs[n]
        best = int(np.argmax(sims)) if len(sims) else -1
        label[n] = label[lo + best] if best >= 0 and sims[best] >= threshold else n
    groups: dict[int, list[int]] = {}
    for n, i in enumerate(order):
        groups.setdefault(int(label[n]), []).append(arts[i].id)
    return list(groups.values())


def cached_vectors(embedder, dataset: str, arts: list[Article], cache: Path | None, part: str = "lede") -> np.ndarray:
    """Embeddings of title + lede (``part="lede"``) or of titles, kept in ``cache`` when given."""
    texts = [embedding_text(a.title, a.text) if part == "lede" else a.title for a in arts]
    path = cache / f"{dataset}-{part}-{embedder.name}.npy" if cache else None
    if path is not None and path.exists():
        vectors = np.load(path)
        if len(vectors) == len(texts):
            return vectors
    vectors = embedder.embed(texts)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors


def tfidf_vectors(arts: list[Article]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [embedding_text(a.title, a.text) for a in arts]
    m = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    return m.toarray().astype(np.float32)


# -- quality ------------------------------------------------------------------------------
def quality(settings: Settings, cache: Path | None = None) -> dict:
    embedder = get_embedder(settings)
    model = model_for(embedder.name)
    out: dict = {"embedder": embedder.name, "threshold": match_threshold(settings, embedder),
                 "window_hours": settings.story_window_hours, "priors": MatchWeights().__dict__,
                 "model": {"name": model.name, "coef": dict(model.coef), "intercept": model.intercept}}
    for name, loader in (("stories_dev", load_stories_dev), ("neus_val", load_neus)):
        arts, gold = loader()
        t0 = time.perf_counter()
        vectors = cached_vectors(embedder, name, arts, cache)
        embed_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        engine = bcubed(cluster_articles(arts, settings, vectors=vectors), gold)
        engine["seconds_clustering"] = round(time.perf_counter() - t0, 3)
        engine["seconds_embedding"] = round(embed_s, 3) if cache is None else None  # None: from the cache
        tfidf = tfidf_vectors(arts)
        title_vecs = cached_vectors(embedder, name, arts, cache, part="title")
        baselines = {}
        for base, vecs, grid in (("tfidf", tfidf, np.arange(0.10, 0.65, 0.05)),
                                 ("title-embedding", title_vecs, np.arange(0.40, 0.95, 0.05))):
            # Baselines get their best threshold on the set itself (an optimistic baseline).
            runs = [(bcubed(threshold_clusters(arts, vecs, float(t), settings.story_window_hours), gold), float(t))
                    for t in grid]
            best, t = max(runs, key=lambda r: r[0]["f1"])
            baselines[base] = {**best, "threshold": round(t, 2)}
        out[name] = {"articles": len(arts), "engine": engine, "baselines": baselines}
        print(f"{name:12s} engine F1 {engine['f1']:.3f} (P {engine['precision']:.3f} R {engine['recall']:.3f}, "
              f"whole {engine['stories_whole']:.3f}) | tfidf F1 {baselines['tfidf']['f1']:.3f} | "
              f"title-emb F1 {baselines['title-embedding']['f1']:.3f}", flush=True)
    return out


# -- nearest neighbours ----------------------------------------------------------------------
def nearest_neighbours(settings: Settings, cache: Path | None = None) -> dict:
    """How often an article's most similar other article is from its own story, per signal.

    A ceiling check for any grouping over these signals (not a clustering): MiniLM title + lede,
    TF-IDF (sklearn, sublinear, English stop words) of title + lede and of the full text, the
    engine's hashed words (:func:`newsdesk.story_scoring.word_vectors`), and the sums of MiniLM
    with each word signal. Whole set as one window (neus_val is undated).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    embedder = get_embedder(settings)
    out: dict = {"embedder": embedder.name}
    for name, loader in (("stories_dev", load_stories_dev), ("neus_val", load_neus)):
        arts, gold = loader()
        labels = np.array([gold[a.id] for a in arts])
        lede = [embedding_text(a.title, a.text) for a in arts]
        full = [f"{a.title}\n{a.text}" for a in arts]
        vectors = cached_vectors(embedder, name, arts, cache)
        rows = word_vectors(lede)
        keys = sorted({k for row in rows for k in row})
        index = {k: i for i, k in enumerate(keys)}
        hashed = np.zeros((len(arts), len(keys)), dtype=np.float32)
        for i, row in enumerate(rows):
            for k, v in row.items():
                hashed[i, index[k]] = v

        def tfidf(texts: list[str]) -> np.ndarray:
            m = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
            return (m @ m.T).toarray()

        sims = {"minilm": vectors @ vectors.T, "tfidf_lede": tfidf(lede), "tfidf_full": tfidf(full),
                "hashed_words": hashed @ hashed.T}
        sims["minilm+tfidf_lede"] = sims["minilm"] + sims["tfidf_lede"]
        sims["minilm+hashed_words"] = sims["minilm"] + sims["hashed_words"]
        accuracy = {}
        for signal, sim in sims.items():
            np.fill_diagonal(sim, -np.inf)
            accuracy[signal] = round(float((labels[sim.argmax(axis=1)] == labels).mean()), 3)
        out[name] = accuracy
        print(f"{name:12s} nearest neighbour from the same story: "
              + ", ".join(f"{k} {v:.3f}" for k, v in accuracy.items()), flush=True)
    return out


# -- scale --------------------------------------------------------------------------------
def scale(settings: Settings, sizes=(1_000, 10_000, 100_000), batch: int = 200, per_day: int = 200) -> dict:
    """Per-article assignment time and peak Python memory with growing archives."""
    from sqlalchemy import insert

    from newsdesk.store import Store, article_vectors, articles, stories, utcnow
    from newsdesk.stories import assign_stories

    from newsdesk.stories import article_features

    embedder = get_embedder(settings)
    dim = len(embedder.embed(["probe"])[0])
    # Load every model and library the features need (spaCy, the word hasher) before any timing.
    article_features([Article(id=0, url="https://warm.invalid/", title="Warm-up in Port Alder",
                              text="Mayor Lena Ortiz spoke.", published=datetime(2025, 1, 1, tzinfo=UTC), outlet="x")],
                     embedder)
    rng = np.random.default_rng(0)
    words = "council river budget strike vote court storm energy school port bridge election rail".split()
    results = {}
    base_ratio = None
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(f"sqlite:///{tmp}/scale.db")
            store.migrate()
            start = datetime(2025, 1, 1, tzinfo=UTC)
            span = timedelta(days=size / per_day)
            step = span / size
            now = utcnow()
            t0 = time.perf_counter()
            with store.begin() as conn:
                for lo in range(0, size, 5000):
                    hi = min(size, lo + 5000)
                    conn.execute(insert(stories), [
                        {"id": f"filler-{i}", "created": start + step * i, "updated": start + step * i}
                        for i in range(lo, hi)])
                    conn.execute(insert(articles), [
                        {"url": f"https://filler.invalid/{i}", "title": f"Filler {words[i % len(words)]} {i}",
                         "text": f"Filler article {i} about the {words[(i * 7) % len(words)]}.",
                         "published": start + step * i, "outlet": f"outlet-{i % 40}",
                         "content_hash": f"{i:064d}", "story_id": f"filler-{i}", "ingested_at": now}
                        for i in range(lo, hi)])
                    vecs = rng.standard_normal((hi - lo, dim)).astype(np.float32)
                    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
                    conn.execute(insert(article_vectors), [
                        {"article_id": i + 1, "model": embedder.name, "vector": vecs[i - lo].tobytes()}
                        for i in range(lo, hi)])
            fill_s = time.perf_counter() - t0
            # The new batch: real-looking articles at the end of the timeline, 3 outlets per event.
            from newsdesk.store import content_hash
            for j in range(batch):
                when = start + span + timedelta(minutes=10 * j)
                event = j // 3
                store.add_article(Article(
                    id=0, url=f"https://new.invalid/{j}", published=when, outlet=f"outlet-{j % 3}",
                    title=f"Event {event}: {words[event % len(words)]} dispute in town {event}",
                    text=f"Officials in town {event} said the {words[event % len(words)]} dispute involves {event * 17} people.",
                ), content_hash(str(j), "new"))
            tracemalloc.start()
            t0 = time.perf_counter()
            report = assign_stories(store, settings, embedder=embedder)
            elapsed = time.perf_counter() - t0
            _cur, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            store.dispose()
        per = elapsed / max(report.assigned, 1)
        base_ratio = base_ratio or per
        results[str(size)] = {
            "archive": size, "assigned": report.assigned, "new_stories": report.new_stories,
            "ms_per_article": round(per * 1000, 3), "ratio_vs_1k": round(per / base_ratio, 3),
            "peak_mib": round(peak / 2**20, 2), "fill_seconds": round(fill_s, 1),
            "window_articles": min(size, round(per_day * settings.story_window_hours / 24)),
        }
        print(f"archive {size:>7}: {per * 1000:.2f} ms/article (x{per / base_ratio:.2f} vs 1k), "
              f"peak {peak / 2**20:.1f} MiB", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", action="store_true", help="skip the scale runs")
    parser.add_argument("--scale", action="store_true", help="skip the quality runs")
    parser.add_argument("--cache", type=Path, help="folder for embedding vectors (e.g. /tmp/story-cache)")
    parser.add_argument("--neighbours", action="store_true",
                        help="only the nearest-neighbour accuracy per signal (a ceiling check, seconds)")
    args = parser.parse_args()
    settings = Settings(_env_file=None)
    if not DATA.exists():
        print(f"skip: {DATA} is absent (the AllSides data lives in ../shared)")
        return
    results: dict = {"settings": {"window_hours": settings.story_window_hours}}
    if RESULTS.exists():
        results = {**json.loads(RESULTS.read_text()), **results}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if args.neighbours:
        results["nearest_neighbours"] = nearest_neighbours(settings, args.cache)
        RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
        print(f"wrote {RESULTS.relative_to(ROOT)}")
        return
    # Written after each part, so a long scale run never loses the quality figures.
    if not args.scale:
        results["quality"] = quality(settings, args.cache)
        RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    if not args.quality:
        results["scale"] = scale(settings)
        results.pop("scale_note", None)
        RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
