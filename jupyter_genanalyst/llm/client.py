"""The one client for every OpenAI-compatible server (llama-cpp-python, llama.cpp, vLLM, Ollama).

Built on the maintained ``openai`` package with explicit timeouts and retries (its
defaults, 600 s and 2 retries, would hang a notebook for half an hour). Every failure
becomes an :class:`LLMUnavailableError` with one actionable line.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import openai

from ..config import GenAnalyst
from ..errors import GenAnalystError, LLMServerDownError, LLMUnavailableError
from .endpoint import Endpoint, resolve_endpoint
from .model import ServerInfo, TokenCallback
from .server import read_server_record

__all__ = ["LLMClient", "ServerInfo", "TokenCallback", "estimate_tokens", "sha256_text"]

_HOW_TO_START = (
    "Start the local one with `genanalyst serve` (or `make demo`), or point "
    "%config GenAnalyst.base_url at any OpenAI-compatible server."
)


class _ResponseCache:
    """A small in-memory LRU of completed answers, keyed by everything that shapes them."""

    def __init__(self, size: int = 256) -> None:
        self._items: OrderedDict[str, str] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key: str, value: str) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


_CACHE = _ResponseCache()


class LLMClient:
    """Chat completions (plain or JSON-schema constrained), streaming, token counting."""

    def __init__(self, config: GenAnalyst, endpoint: Endpoint | None = None) -> None:
        self.config = config
        self.endpoint = endpoint or resolve_endpoint(config)
        self.base_url = self.endpoint.base_url
        self._client = openai.OpenAI(
            base_url=self.base_url,
            api_key=self.endpoint.api_key,
            timeout=config.timeout,
            max_retries=config.max_retries,
        )
        self._info: ServerInfo | None = None

    # --- discovery -------------------------------------------------------------------------
    def info(self) -> ServerInfo:
        """Model id and server flavour, asked once per client."""
        if self._info is None:
            models = self._call(lambda: self._client.models.list())
            listed = [m for m in getattr(models, "data", [])]
            if not listed and not self.config.model:
                raise LLMUnavailableError(f"The server at {self.base_url} lists no models.")
            ids = [str(m.id) for m in listed]
            model = self.config.model or ids[0]
            if self.config.model and ids and self.config.model not in ids:
                raise LLMUnavailableError(
                    f"Model {self.config.model!r} is not served at {self.base_url}; "
                    f"available: {', '.join(ids[:10])}."
                )
            owned_by = str(getattr(listed[0], "owned_by", "")) if listed else ""
            record = read_server_record()
            local = record is not None and record.get("base_url") == self.base_url
            flavour = "llama-cpp-python" if (local or owned_by == "me") else "openai-compatible"
            self._info = ServerInfo(
                base_url=self.base_url,
                model=model,
                flavour=flavour,
                server_version=str(record.get("server")) if local and record else None,
                model_sha256=str(record.get("model_sha256")) if local and record else None,
            )
        return self._info

    # --- completions -------------------------------------------------------------------------
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
        """The assistant's text. With ``schema``, output is constrained to that JSON schema.

        Streams when ``on_token`` is given; a KeyboardInterrupt (kernel interrupt) closes
        the stream, which makes the server stop generating.
        """
        info = self.info()
        params: dict[str, Any] = {
            "model": info.model,
            "messages": messages,
            "max_tokens": max_tokens or self.config.max_tokens,
            "temperature": self.config.temperature if temperature is None else temperature,
            "seed": self.config.seed if seed is None else seed,
        }
        if schema is not None:
            params["response_format"] = self._response_format(schema, info)
        if grammar is not None:  # GBNF: llama.cpp and llama-cpp-python servers take it as is
            params["extra_body"] = {"grammar": grammar}
        key = _cache_key(self.base_url, params)
        if self.config.cache:
            cached = _CACHE.get(key)
            if cached is not None:
                if on_token is not None:
                    on_token(cached)
                return cached
        self._log(params)
        if on_token is None:
            response = self._call(lambda: self._client.chat.completions.create(**params))
            text = response.choices[0].message.content or ""
        else:
            text = self._stream(params, on_token)
        if self.config.cache:
            _CACHE.put(key, text)
        return text

    def chat_json(
        self, messages: list[dict[str, str]], schema: Mapping[str, Any], **kw: Any
    ) -> Any:
        """Constrained completion parsed as JSON; invalid JSON raises LLMUnavailableError."""
        text = self.chat(messages, schema=schema, **kw)
        try:
            return json.loads(text)
        except ValueError:
            raise LLMUnavailableError(
                f"The model at {self.base_url} returned text that is not valid JSON "
                f"({len(text)} characters)."
            ) from None

    def _stream(self, params: dict[str, Any], on_token: TokenCallback) -> str:
        parts: list[str] = []

        def run() -> None:
            stream = self._client.chat.completions.create(stream=True, **params)
            try:
                for chunk in stream:
                    if not chunk.choices:
                        continue
                    delta = chunk.choices[0].delta.content or ""
                    if delta:
                        parts.append(delta)
                        on_token(delta)
            finally:
                stream.close()

        self._call(run)
        return "".join(parts)

    @staticmethod
    def _response_format(schema: Mapping[str, Any], info: ServerInfo) -> dict[str, Any]:
        # llama-cpp-python honours only this form; OpenAI/vLLM/Ollama/llama-server take json_schema.
        if info.flavour == "llama-cpp-python":
            return {"type": "json_object", "schema": dict(schema)}
        return {
            "type": "json_schema",
            "json_schema": {"name": "proposals", "schema": dict(schema), "strict": False},
        }

    # --- tokens ------------------------------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        """Tokens as the server's own tokenizer counts them; a cautious estimate elsewhere."""
        if self.info().flavour == "llama-cpp-python":
            root = self.base_url.removesuffix("/v1")
            body = json.dumps({"input": text}).encode()
            request = urllib.request.Request(
                f"{root}/extras/tokenize/count",
                data=body,
                headers={
                    "Content-Type": "application/json",
                    "Authorization": f"Bearer {self.endpoint.api_key}",
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=self.config.timeout) as response:
                    return int(json.loads(response.read())["count"])
            except (OSError, ValueError, KeyError, urllib.error.URLError):
                pass
        return estimate_tokens(text)

    # --- plumbing ----------------------------------------------------------------------------
    def _call(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except openai.APITimeoutError:
            raise LLMServerDownError(
                f"The LLM server at {self.base_url} did not answer within "
                f"{self.config.timeout:g}s; raise %config GenAnalyst.timeout or use a smaller "
                "model."
            ) from None
        except openai.APIConnectionError:
            raise LLMServerDownError(
                f"No LLM server answered at {self.endpoint.describe()}. {_HOW_TO_START}"
            ) from None
        except openai.AuthenticationError:
            raise LLMServerDownError(
                f"The server at {self.base_url} rejected the API key; put the right key in the "
                f"environment variable ${self.config.api_key_env} (GenAnalyst.api_key_env) and, "
                f"for a server that is not on this machine, its URL in "
                f"${self.config.api_key_env}_URL (a key is only sent where it is bound)."
            ) from None
        except openai.NotFoundError:
            raise LLMUnavailableError(
                f"{self.base_url} has no OpenAI-compatible chat endpoint (HTTP 404); the URL "
                "usually ends in /v1."
            ) from None
        except openai.APIStatusError as exc:
            raise LLMServerDownError(
                f"The LLM server at {self.base_url} answered HTTP {exc.status_code}."
            ) from None

    def _log(self, params: Mapping[str, Any]) -> None:
        """Opt-in audit log: exactly what is sent, to which server (never the key)."""
        if not self.config.prompt_log:
            return
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "server": self.base_url,
            **{k: v for k, v in params.items() if k != "response_format"},
            "response_format": params.get("response_format", {}).get("type"),
        }
        path = Path(self.config.prompt_log).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # 0600: the log holds prompts (scrubbed, but still about the user's data)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise GenAnalystError(f"Cannot write the prompt log {path}: {exc.strerror}.") from None


def estimate_tokens(text: str) -> int:
    """Upper-ish estimate for servers without a tokenizer endpoint (~3.2 chars per token)."""
    return max(1, int(len(text) / 3.2) + 1)


def _cache_key(base_url: str, params: Mapping[str, Any]) -> str:
    blob = json.dumps([base_url, params], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
