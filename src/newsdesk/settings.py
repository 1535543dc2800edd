"""All settings, declared once: name, default, help, environment variable.

Every field reads ``NEWSDESK_<NAME>`` from the environment (or a ``.env`` file).
``docs/settings.md`` documents each one; a test checks that it does.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """newsdesk configuration."""

    model_config = SettingsConfigDict(env_prefix="NEWSDESK_", env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite:///newsdesk.db",
        description="SQLAlchemy URL of the store, e.g. postgresql+psycopg://user@host/db.",
    )
    site_title: str = Field("newsdesk", description="Name of the site shown in the header and feeds.")
    site_url: str = Field(
        "http://127.0.0.1:8000", description="Public base URL, used in feeds and canonical links."
    )
    min_outlets: int = Field(
        2, description="A story is published only with articles from at least this many outlets."
    )
    story_window_hours: int = Field(
        96, description="An article can join a story whose latest article is at most this old."
    )
    story_threshold: float | None = Field(
        None,
        description="Probability (0-1) an article needs to join an existing story; unset = the value tuned with the embedder's story model.",
    )
    embedder: str = Field(
        "auto",
        description="Story embeddings: auto (ONNX MiniLM if installed, else hashing), onnx, hashing, openai, "
        "sentence-transformers, or a plug-in package.module:factory (called with the settings).",
    )
    embeddings_url: str | None = Field(
        None, description="Base URL of an OpenAI-compatible embeddings endpoint (embedder=openai)."
    )
    embeddings_model: str | None = Field(
        None,
        description="Model for embedder=openai (sent to the endpoint; unset = text-embedding-3-small) or "
        "embedder=sentence-transformers (a folder or cached hub name; unset = the bundled all-MiniLM-L6-v2).",
    )
    embeddings_api_key: str | None = Field(None, description="API key for the embeddings endpoint.")
    summary_words: int = Field(70, description="Target length of a story summary in words.")
    user_agent: str = Field(
        "newsdesk/0.1 (+https://github.com/newsdesk; self-hosted news reader)",
        description="User-Agent sent with every HTTP request.",
    )
    allowed_hosts: list[str] = Field(
        default_factory=list,
        description="Hosts that may resolve to private/loopback addresses (e.g. for a local test server).",
    )
    max_response_bytes: int = Field(15_000_000, description="Abort a download past this many bytes.")
    connect_timeout: float = Field(10.0, description="Seconds to wait for a TCP/TLS connection.")
    read_timeout: float = Field(20.0, description="Seconds to wait between bytes of a response.")
    total_timeout: float = Field(60.0, description="Seconds a whole download may take.")
    max_redirects: int = Field(5, description="Redirect hops followed before giving up.")
    host_delay: float = Field(1.0, description="Minimum seconds between two requests to one host.")
    extract_timeout: float = Field(
        30.0, description="Wall-clock seconds allowed to extract one page."
    )
    extract_workers: int = Field(
        0, ge=0,
        description="Processes extracting a directory of saved pages: 0 = one per CPU core (at most 8), 1 = none besides this one.",
    )
    secret_key: SecretStr | None = Field(
        None, description="Key that signs editor session cookies; set it so logins survive restarts."
    )
    auto_publish: bool = Field(
        True, description="Publish written stories at once; if false they wait for an editor."
    )
    llm_backend: str = Field(
        "offline",
        description="Writer: 'offline' (extractive, no model), 'openai' (any OpenAI-compatible chat endpoint) or 'llamacpp' (local GGUF in-process).",
    )
    llm_base_url: str = Field(
        "http://127.0.0.1:8080/v1", description="Base URL of the OpenAI-compatible endpoint (llm_backend=openai)."
    )
    llm_model: str = Field("", description="Model name sent to the endpoint; also shown in the page's writer field.")
    llm_api_key: str = Field("", description="Bearer token for the endpoint; empty sends no Authorization header.")
    llm_model_path: str = Field("", description="Path of the GGUF file loaded in-process (llm_backend=llamacpp).")
    llm_timeout: float = Field(120.0, description="Seconds one LLM request may take before it is retried or abandoned.")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment.

    Raises:
        ConfigError: a ``NEWSDESK_*`` variable (or ``.env`` line) has a value the field refuses;
            the message names each variable, what it expects and what it got.
    """
    try:
        return Settings()
    except ValidationError as exc:
        from .errors import ConfigError

        raise ConfigError(settings_error_message(exc)) from exc


def settings_error_message(exc: ValidationError) -> str:
    """``NEWSDESK_STORY_THRESHOLD='abc': Input should be a valid number`` for each refused value."""
    parts = []
    for error in exc.errors():
        name = "NEWSDESK_" + "_".join(str(part) for part in error.get("loc", ())).upper()
        value = error.get("input")
        shown = f"={value!r}" if isinstance(value, (str, int, float, bool)) else ""
        parts.append(f"{name}{shown}: {error.get('msg', 'invalid value')}")
    return "invalid setting: " + "; ".join(parts)
