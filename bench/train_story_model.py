"""Train the story engine's pair model on the AllSides sets and write ``newsdesk/story_weights.py``.

For each embedder (MiniLM ONNX when installed, and the hashing fallback) and each set
(``stories_dev``, ``neus_val``; loaders shared with ``bench_stories.py``):

1. article features through the engine's own code (:func:`newsdesk.stories.article_features`);
2. the pairs the engine would weigh: articles in publication order, each against the
   ``K`` most similar earlier articles in its window (:class:`WindowIndex`, whose name
   rarities the features use); label = same gold story;
3. logistic regression (scikit-learn, default L2, C=1) on the eight content features of
   :data:`newsdesk.story_scoring.FEATURES` (time and outlet are fixed priors, not learned).

Cross-dataset check: a model trained on one set runs the full engine on the other over a
grid of join thresholds. The shipped coefficients are trained on BOTH sets; the shipped
threshold is the grid value with the best mean cross-dataset F1; a threshold within 0.005
of it wins if higher (precision first: a false merge claims outlets corroborate each other).
F0.5 is reported too; it favours 0.3-0.4, which costs NeuS about 0.02-0.03 F1.

    .venv/bin/python bench/train_story_model.py [--cache /tmp/story-cache]

Writes ``src/newsdesk/story_weights.py`` and the ``training`` part of ``bench/results/stories.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_stories import DATA, RESULTS, bcubed, cached_vectors, load_neus, load_stories_dev  # noqa: E402

from newsdesk.embed import HashingEmbedder, default_embedder, onnx_available  # noqa: E402
from newsdesk.settings import Settings  # noqa: E402
from newsdesk.story_scoring import FEATURES, StoryModel, WindowIndex, pair_features  # noqa: E402
from newsdesk.stories import StoryMatcher, article_features, cluster_features  # noqa: E402

WEIGHTS = ROOT / "src/newsdesk/story_weights.py"
K = 10
GRID = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
SETS = {"stories_dev": load_stories_dev, "neus_val": load_neus}


def candidate_pairs(feats, window: timedelta) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Feature rows and (id, id) of each article against its K nearest earlier window articles."""
    index = None
    rows, pairs = [], []
    for feat in sorted(feats, key=lambda f: (f.published, f.id)):
        if index is None:
            index = WindowIndex(len(feat.vector))
        index.evict_before(feat.published - window)
        density = index.density(index.similarities(feat.vector))
        for row, cosine in index.search(feat.vector, K):
            other = index.features[row]
            x = pair_features(feat, other, cosine, index.rarity, density)
            rows.append([x[f] for f in FEATURES])
            pairs.append((feat.id, other.id))
        index.add(feat, str(feat.id))
    return np.array(rows, dtype=np.float64), pairs


def fit(x: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, max_iter=5000).fit(x, y)


def as_model(name: str, lr, threshold: float) -> StoryModel:
    coef = {f: round(float(c), 4) for f, c in zip(FEATURES, lr.coef_[0], strict=True)}
    return StoryModel(name=name, coef=coef, intercept=round(float(lr.intercept_[0]), 4), threshold=threshold)


def f_beta(run: dict, beta: float) -> float:
    p, r = run["precision"], run["recall"]
    return (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0


def run_engine(feats, gold, model: StoryModel, threshold: float, window: timedelta) -> dict:
    matcher = StoryMatcher(window=window, threshold=threshold, model=model)
    return bcubed(cluster_features(feats, matcher), gold)


def train_embedder(embedder, settings: Settings, cache: Path | None) -> tuple[dict, dict]:
    window = timedelta(hours=settings.story_window_hours)
    data = {}
    for name, loader in SETS.items():
        arts, gold = loader()
        vectors = cached_vectors(embedder, name, arts, cache)
        feats = article_features(arts, embedder, vectors)
        x, pairs = candidate_pairs(feats, window)
        y = np.array([gold[a] == gold[b] for a, b in pairs])
        data[name] = (feats, gold, x, y)
        print(f"{embedder.name} {name}: {len(y)} candidate pairs, {int(y.sum())} same-story", flush=True)
    cross = {}
    for train, test in (("stories_dev", "neus_val"), ("neus_val", "stories_dev")):
        lr = fit(data[train][2], data[train][3])
        model = as_model(train, lr, 0.5)
        feats, gold = data[test][:2]
        runs = {str(t): run_engine(feats, gold, model, t, window) for t in GRID}
        cross[f"{train}->{test}"] = {"coef": model.coef, "intercept": model.intercept, "runs": runs}
        print(f"  trained on {train:11s} -> {test:11s} " + " ".join(
            f"t{t}: F1 {r['f1']:.3f} (P {r['precision']:.3f})" for t, r in runs.items()), flush=True)
    mean_f1 = {t: float(np.mean([c["runs"][str(t)]["f1"] for c in cross.values()])) for t in GRID}
    mean_f05 = {t: float(np.mean([f_beta(c["runs"][str(t)], 0.5) for c in cross.values()])) for t in GRID}
    top = max(mean_f1.values())
    threshold = max(t for t in GRID if mean_f1[t] >= top - 0.005)
    both = fit(np.concatenate([d[2] for d in data.values()]), np.concatenate([d[3] for d in data.values()]))
    model = as_model(embedder.name, both, threshold)
    in_sample = {name: run_engine(d[0], d[1], model, threshold, window) for name, d in data.items()}
    print(f"  shipped: threshold {threshold}, trained on both: " + " ".join(
        f"{n} F1 {r['f1']:.3f} (P {r['precision']:.3f})" for n, r in in_sample.items()), flush=True)
    report = {"cross_dataset": cross, "mean_cross_f1": {str(t): round(v, 4) for t, v in mean_f1.items()},
              "mean_cross_f05": {str(t): round(v, 4) for t, v in mean_f05.items()},
              "threshold": threshold, "coef": model.coef, "intercept": model.intercept,
              "trained_on_both": in_sample}
    entry = {"coef": model.coef, "intercept": model.intercept, "threshold": threshold}
    return entry, report


def write_weights(models: dict) -> None:
    lines = ['"""Story-model coefficients, one set per embedder.', "",
             "Generated by bench/train_story_model.py (logistic regression over",
             "newsdesk.story_scoring.FEATURES, trained on both AllSides sets); do not edit by hand.", '"""', "",
             "MODELS = {"]
    for key, entry in models.items():
        lines.append(f"    {key!r}: {{")
        lines.append(f"        \"coef\": {json.dumps(entry['coef'])},")
        lines.append(f"        \"intercept\": {entry['intercept']},")
        lines.append(f"        \"threshold\": {entry['threshold']},")
        lines.append("    },")
    lines.append("}")
    WEIGHTS.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="folder for embedding vectors (e.g. /tmp/story-cache)")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skip: {DATA} is absent (the AllSides data lives in ../shared)")
        return
    settings = Settings(_env_file=None)
    embedders = [("hashing", HashingEmbedder())]
    if onnx_available():
        embedders.insert(0, ("all-MiniLM-L6-v2-onnx-int8", default_embedder()))
    else:
        print("the ONNX MiniLM model is not installed: only the hashing model is retrained")
    from newsdesk.story_weights import MODELS

    models = dict(MODELS)
    reports = {}
    for key, embedder in embedders:
        models[key], reports[key] = train_embedder(embedder, settings, args.cache)
    write_weights(models)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["training"] = {"k": K, "features": list(FEATURES), "grid": list(GRID), **reports}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {WEIGHTS.relative_to(ROOT)} and {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
