"""The model seam: what the pipeline needs from a language model, and nothing more.

:class:`~.client.LLMClient` (any OpenAI-compatible server) implements it; unit tests of
composition use an in-memory fake. Keeping the seam this small is what lets a 135M model
and a 70B model sit behind the same pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

TokenCallback = Callable[[str], None]


@dataclass(frozen=True)
class ServerInfo:
    """What we know about the server; feeds provenance and `%ga status`."""

    base_url: str
    model: str
    flavour: str  # "llama-cpp-python" or "openai-compatible"
    server_version: str | None
    model_sha256: str | None


@runtime_checkable
class ChatModel(Protocol):
    """A chat model: discovery, (constrained) completion, token counting."""

    def info(self) -> ServerInfo:
        """Which model answers, where; raises LLMUnavailableError when none does."""
        ...

    def chat(
        self,
        messages: list[dict[str, str]],
        *,
        schema: Mapping[str, Any] | None = None,
        grammar: str | None = None,
        max_tokens: int | None = None,
        temperature: float | None = None,
        seed: int | None = None,
        on_token: TokenCallback | None = None,
    ) -> str:
        """The assistant's text; with ``schema`` (JSON Schema) or ``grammar`` (GBNF, where the
        server supports it) the output is constrained to it."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens as the model counts them (an estimate where the server cannot say)."""
        ...


class ScrubbedModel:
    """A :class:`ChatModel` that passes every outgoing text through ``scrub`` first.

    The request's privacy guard wraps the model with this, so chat messages and
    token-counting calls alike leave only as scrubbed text, whichever stage built them.
    """

    def __init__(self, model: ChatModel, scrub: Callable[[str], str]) -> None:
        self.inner = model
        self.scrub = scrub

    def info(self) -> ServerInfo:
        return self.inner.info()

    def chat(
        self,
        messages: list[dict[str, str]],
        *,
        schema: Mapping[str, Any] | None = None,
        grammar: str | None = None,
        max_tokens: int | None = None,
        temperature: float | None = None,
        seed: int | None = None,
        on_token: TokenCallback | None = None,
    ) -> str:
        clean = [{**m, "content": self.scrub(m.get("content", ""))} for m in messages]
        return self.inner.chat(
            clean,
            schema=None if schema is None else self._scrub_values(schema),
            grammar=None if grammar is None else self.scrub(grammar),
            max_tokens=max_tokens,
            temperature=temperature,
            seed=seed,
            on_token=on_token,
        )

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(self.scrub(text))

    def _scrub_values(self, value: Any) -> Any:
        """A schema's strings (enums of column names and values, descriptions) scrubbed; its
        keys are the schema's own structure and stay."""
        if isinstance(value, str):
            return self.scrub(value)
        if isinstance(value, Mapping):
            return {k: self._scrub_values(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._scrub_values(v) for v in value]
        return value
