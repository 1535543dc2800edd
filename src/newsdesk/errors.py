"""Errors newsdesk raises on purpose.

    NewsdeskError
    ├── ConfigError             bad or missing settings
    ├── StoreError              the database is unreachable or not migrated
    ├── IngestError             one item could not be turned into an Article
    │   ├── FetchError          network: timeout, reset, status, too large
    │   │   ├── BlockedURLError refused before connecting (scheme, private address, robots)
    │   │   └── RateLimitedError 429/503 asking to come back later (``retry_after`` seconds)
    │   ├── ParseError          malformed feed / page / JSON row, bad encoding
    │   └── EmptyContentError   nothing article-like in the page
    ├── WriteError              the writer could not produce a page for a story
    │   └── LLMError            the LLM backend failed: HTTP status, timeout, unusable reply
    └── VerificationError       a written page failed verification as a whole

Per-item errors are recorded as failures in the store (``failures`` table) and the
batch goes on; only errors about the whole run (config, store) stop it.
"""

from __future__ import annotations


def internal_error(exc: BaseException, limit: int = 300) -> str:
    """The failure reason recorded for an exception nobody raised on purpose (a bug)."""
    return f"internal error: {type(exc).__name__}: {exc}"[:limit]


class NewsdeskError(Exception):
    """Base class of every error newsdesk raises on purpose."""


class ConfigError(NewsdeskError):
    """Settings are invalid."""


class StoreError(NewsdeskError):
    """The store cannot be used."""


class IngestError(NewsdeskError):
    """One source item could not be ingested; ``reason`` says why in a few words."""

    def __init__(self, reason: str, *, item: str = "") -> None:
        super().__init__(f"{item}: {reason}" if item else reason)
        self.reason = reason
        self.item = item


class FetchError(IngestError):
    """The network part of ingesting an item failed."""


class BlockedURLError(FetchError):
    """The URL was refused before any connection (policy, not the network)."""


class RateLimitedError(FetchError):
    """The server asked us to wait (429/503 with ``Retry-After``) longer than we will."""

    def __init__(self, reason: str, *, item: str = "", retry_after: float | None = None) -> None:
        super().__init__(reason, item=item)
        self.retry_after = retry_after


class ParseError(IngestError):
    """The bytes could not be parsed as what they claim to be."""


class EmptyContentError(IngestError):
    """The item parsed but holds no usable article text."""


class WriteError(NewsdeskError):
    """The writer could not produce a page for a story."""


class VerificationError(NewsdeskError):
    """A written page could not be verified."""


class LLMError(WriteError):
    """The LLM backend failed (status, timeout, unusable reply); the writer falls back to offline."""
