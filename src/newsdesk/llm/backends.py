"""Chat backends: the one seam between newsdesk and a language model.

A backend takes chat messages and a JSON schema and returns the model's reply as text (which
the writer parses and verifies; the backend does not trust it either). Two built-ins:

- :class:`OpenAICompatibleBackend` — any ``/chat/completions`` endpoint (OpenAI, Ollama, vLLM,
  llama.cpp's server …) over httpx, with timeouts and retries. It asks for
  ``response_format={"type": "json_schema", …}``; when the server refuses that (HTTP 400/422, or
  any error naming ``json_schema``/``response_format``, as llama_cpp.server's 500 does) it falls back, once and for the rest of its life, to ``{"type": "json_object"}`` with the
  schema given in the prompt (and in ``response_format.schema``, which llama.cpp honours).
- :class:`LlamaCppBackend` — llama-cpp-python in-process on a local GGUF file, loaded with
  ``use_mmap=False``; output is constrained by a grammar compiled from the JSON schema.

Neither offers the model any tools.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import httpx

from newsdesk.errors import ConfigError, LLMError

logger = logging.getLogger(__name__)

__all__ = ["ChatBackend", "Message", "OpenAICompatibleBackend", "LlamaCppBackend"]

Message = dict[str, str]  # {"role": "system"|"user"|"assistant", "content": "..."}

_RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
_SCHEMA_REFUSED_STATUS = frozenset({400, 404, 415, 422})


@runtime_checkable
class ChatBackend(Protocol):
    """Something that answers chat messages with JSON text conforming (ideally) to a schema."""

    #: Name shown in ``StoryDocument.writer`` as ``llm:<model>``.
    model: str

    def complete(
        self,
        messages: Sequence[Message],
        *,
        json_schema: dict[str, Any],
        max_tokens: int = 1024,
        temperature: float = 0.2,
    ) -> str:
        """Return the assistant's reply text. Raises :class:`LLMError` when no reply comes."""
        ...


def schema_instruction(json_schema: dict[str, Any]) -> str:
    """Prompt text that carries the schema, for servers that cannot enforce it."""
    return (
        "Reply with one JSON object only, no prose, no code fence. It must conform to this JSON schema:\n"
        + json.dumps(json_schema, separators=(",", ":"))
    )


def _with_schema_in_prompt(messages: Sequence[Message], json_schema: dict[str, Any]) -> list[Message]:
    out = [dict(m) for m in messages]
    if out and out[0]["role"] == "system":
        out[0]["content"] = out[0]["content"] + "\n\n" + schema_instruction(json_schema)
    else:
        out.insert(0, {"role": "system", "content": schema_instruction(json_schema)})
    return out


class OpenAICompatibleBackend:
    """An OpenAI-compatible ``POST {base_url}/chat/completions`` endpoint.

    Args:
        base_url: e.g. ``http://127.0.0.1:8080/v1`` (the ``/chat/completions`` path is appended).
        model: model name sent in each request.
        api_key: sent as ``Authorization: Bearer …`` when not empty.
        timeout: seconds for the whole request (connect gets at most 10).
        retries: extra attempts after a timeout, a connection error or a 408/429/5xx.
        backoff: seconds before the first retry; doubled each time (``Retry-After`` wins when
            the server sends one, capped at 30 s).
        schema_mode: ``"auto"`` (json_schema, falling back to json_object), ``"json_schema"``
            or ``"json_object"``.
        transport: an httpx transport (tests); the default opens real connections.
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str = "",
        timeout: float = 120.0,
        retries: int = 2,
        backoff: float = 0.5,
        schema_mode: str = "auto",
        user_agent: str = "newsdesk",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if schema_mode not in {"auto", "json_schema", "json_object"}:
            raise ConfigError(f"schema_mode must be auto, json_schema or json_object, not {schema_mode!r}")
        if not base_url.startswith(("http://", "https://")):
            raise ConfigError(f"LLM base URL must be http(s): {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.model = model or "default"
        self.retries = max(0, retries)
        self.backoff = backoff
        self.schema_mode = schema_mode
        headers = {"User-Agent": user_agent, "Accept": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._client = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            follow_redirects=False,
            trust_env=False,  # the endpoint is configured explicitly; no proxy env surprises
        )

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()

    def __enter__(self) -> OpenAICompatibleBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _body(self, messages, json_schema, max_tokens, temperature, mode) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": False,
        }
        if mode == "json_schema":
            body["messages"] = list(messages)
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "story", "strict": True, "schema": json_schema},
            }
        else:
            body["messages"] = _with_schema_in_prompt(messages, json_schema)
            body["response_format"] = {"type": "json_object", "schema": json_schema}
        return body

    @staticmethod
    def _refuses_schema(response: httpx.Response) -> bool:
        """The server rejected ``response_format: json_schema`` (llama_cpp.server says so with a 500)."""
        if response.status_code in _SCHEMA_REFUSED_STATUS:
            return True
        return response.status_code >= 400 and ("json_schema" in response.text or "response_format" in response.text)

    def _post(self, body: dict[str, Any]) -> httpx.Response:
        """POST with retries on transient failures; returns the last response (any status)."""
        url = f"{self.base_url}/chat/completions"
        delay = self.backoff
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._client.post(url, json=body)
            except httpx.TimeoutException as exc:
                if last:
                    raise LLMError(f"LLM request timed out after {self.retries + 1} attempt(s): {exc}") from exc
                logger.warning("LLM request timed out (attempt %d), retrying", attempt + 1)
            except httpx.TransportError as exc:
                if last:
                    raise LLMError(f"LLM endpoint unreachable: {exc}") from exc
                logger.warning("LLM transport error (attempt %d): %s", attempt + 1, exc)
            else:
                if response.status_code not in _RETRY_STATUS or last:
                    return response
                if self.schema_mode == "auto" and "json_schema" in str(body.get("response_format")) and self._refuses_schema(response):
                    return response  # not transient: the caller switches to json_object
                retry_after = response.headers.get("Retry-After", "")
                if retry_after.replace(".", "", 1).isdigit():
                    delay = min(float(retry_after), 30.0)
                logger.warning("LLM endpoint answered %d (attempt %d), retrying", response.status_code, attempt + 1)
            time.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def complete(
        self,
        messages: Sequence[Message],
        *,
        json_schema: dict[str, Any],
        max_tokens: int = 1024,
        temperature: float = 0.2,
    ) -> str:
        """Ask the endpoint; return the first choice's message content.

        Raises:
            LLMError: timeout or connection failure after retries, a non-2xx status, or a
                reply without ``choices[0].message.content``.
        """
        mode = "json_object" if self.schema_mode == "json_object" else "json_schema"
        response = self._post(self._body(messages, json_schema, max_tokens, temperature, mode))
        if (
            self.schema_mode == "auto"
            and mode == "json_schema"
            and self._refuses_schema(response)
        ):
            logger.info("endpoint refused json_schema (%d); using json_object + schema in prompt", response.status_code)
            self.schema_mode = "json_object"
            response = self._post(self._body(messages, json_schema, max_tokens, temperature, "json_object"))
        if response.status_code // 100 != 2:
            raise LLMError(f"LLM endpoint answered HTTP {response.status_code}: {response.text[:200]!r}")
        try:
            payload = response.json()
            content = payload["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise LLMError(f"LLM reply is not a chat completion: {response.text[:200]!r}") from exc
        if not isinstance(content, str):
            raise LLMError("LLM reply has no text content")
        return content


class LlamaCppBackend:
    """A local GGUF model run in-process by llama-cpp-python (optional extra ``newsdesk[llama]``).

    Args:
        model_path: the ``.gguf`` file.
        n_ctx: context window in tokens.
        n_threads: CPU threads (None: llama.cpp decides).
        seed: sampling seed, so the same input gives the same output.
        chat_format: override the chat template read from the GGUF metadata.
    """

    def __init__(
        self,
        model_path: str,
        *,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        seed: int = 0,
        chat_format: str | None = None,
    ) -> None:
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise ConfigError("llm_backend=llamacpp needs the optional extra: pip install 'newsdesk[llama]'") from exc
        if not model_path:
            raise ConfigError("llm_backend=llamacpp needs llm_model_path (a .gguf file)")
        try:
            # use_mmap=False: read the weights into memory once instead of paging them from disk.
            self._llama = Llama(
                model_path=model_path,
                n_ctx=n_ctx,
                n_threads=n_threads,
                seed=seed,
                use_mmap=False,
                chat_format=chat_format,
                verbose=False,
            )
        except (ValueError, OSError, RuntimeError) as exc:
            raise LLMError(f"cannot load GGUF model {model_path}: {exc}") from exc
        self.model_path = model_path
        self.model = model_path.rsplit("/", 1)[-1].removesuffix(".gguf")
        self.n_ctx = n_ctx
        self._lock = threading.Lock()  # a Llama context is not safe to share between threads

    def complete(
        self,
        messages: Sequence[Message],
        *,
        json_schema: dict[str, Any],
        max_tokens: int = 1024,
        temperature: float = 0.2,
    ) -> str:
        """Generate a reply whose tokens are constrained by a grammar built from ``json_schema``."""
        with self._lock:
            try:
                result = self._llama.create_chat_completion(
                    messages=_with_schema_in_prompt(messages, json_schema),
                    response_format={"type": "json_object", "schema": json_schema},
                    max_tokens=max_tokens,
                    temperature=temperature,
                )
            except (ValueError, RuntimeError) as exc:
                raise LLMError(f"llama.cpp generation failed: {exc}") from exc
        try:
            content = result["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError) as exc:
            raise LLMError("llama.cpp returned no message") from exc
        return content or ""
