"""Optional LLM writers: any OpenAI-compatible endpoint, or llama.cpp in-process.

The model only *proposes* sentences with citations; :mod:`newsdesk.verify` decides what is
published and the offline writer (:mod:`newsdesk.write`) fills whatever the model got wrong.

- :mod:`~newsdesk.llm.backends` — the :class:`ChatBackend` protocol and its two built-ins;
- :mod:`~newsdesk.llm.prompt` — sources fenced, numbered and marked as untrusted data;
- :mod:`~newsdesk.llm.writer` — :func:`write_story_llm` and :func:`writer_from_settings`.
"""

from newsdesk.llm.backends import ChatBackend, LlamaCppBackend, OpenAICompatibleBackend
from newsdesk.llm.prompt import build_messages, build_source_index, looks_like_instruction
from newsdesk.llm.writer import STORY_SCHEMA, backend_from_settings, write_story_llm, writer_from_settings

__all__ = [
    "ChatBackend",
    "OpenAICompatibleBackend",
    "LlamaCppBackend",
    "build_messages",
    "build_source_index",
    "looks_like_instruction",
    "STORY_SCHEMA",
    "backend_from_settings",
    "write_story_llm",
    "writer_from_settings",
]
