"""One exception type for everything a user can get wrong, with a one-line message.

Magics catch :class:`GenAnalystError` and print only its message (no traceback), so the
message must say what is wrong *and* how to fix it.
"""

from __future__ import annotations


class GenAnalystError(ValueError):
    """Bad input or an unavailable service, explained in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))  # keep it on one line


class LLMUnavailableError(GenAnalystError):
    """No OpenAI-compatible server answered (or it answered with garbage)."""


class LLMServerDownError(LLMUnavailableError):
    """The server cannot answer at all (down, too slow, key rejected, HTTP error): unlike a
    bad answer, this will not heal within one request, so callers stop asking."""
