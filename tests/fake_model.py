"""An in-memory ChatModel for deterministic unit tests of composition and the pipeline.

It records every text that would leave the machine (chat messages and token-counting
calls) so tests can assert what a real server would have received. The real server is
tested in tests/integration; the scripted HTTP server (tests/fake_openai.py) covers the
wire-level error paths.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from jupyter_genanalyst.llm.client import estimate_tokens
from jupyter_genanalyst.llm.model import ServerInfo, TokenCallback

Reply = str | Callable[[list[dict[str, str]], Mapping[str, Any] | None], str]


class FakeChatModel:
    """Answers from a list of replies (the last one repeats); records what it was sent."""

    def __init__(self, replies: list[Reply] | None = None, model: str = "fake-135m") -> None:
        self.replies = replies or [json.dumps({"title": "t", "narrative": "n" * 30})]
        self.model = model
        self.sent: list[list[dict[str, str]]] = []
        self.counted: list[str] = []
        self.schemas: list[Mapping[str, Any] | None] = []

    def info(self) -> ServerInfo:
        return ServerInfo("memory://fake", self.model, "openai-compatible", None, None)

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
        self.sent.append(messages)
        self.schemas.append(schema)
        reply = self.replies[min(len(self.sent) - 1, len(self.replies) - 1)]
        text = reply(messages, schema) if callable(reply) else reply
        if on_token is not None:
            for start in range(0, len(text), 8):
                on_token(text[start : start + 8])
        return text

    def count_tokens(self, text: str) -> int:
        self.counted.append(text)
        return estimate_tokens(text)

    def outgoing(self) -> str:
        """Every text that left through this model, joined."""
        chats = [m["content"] for messages in self.sent for m in messages]
        return "\n".join([*chats, *self.counted])
