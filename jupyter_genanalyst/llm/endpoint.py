"""Which server a request goes to, with which key, and where each came from.

One place resolves the documented precedence (``GenAnalyst.base_url`` →
``$GENANALYST_BASE_URL`` → the record ``genanalyst serve`` wrote → the default), so error
messages can name the URL that was actually tried *and* why it was that one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..config import DEFAULT_BASE_URL, GenAnalyst
from .server import read_server_record

NO_KEY = "not-needed"  # llama.cpp, Ollama and vLLM accept any key when run without one


@dataclass(frozen=True)
class Endpoint:
    """A resolved server address; ``api_key`` never appears in a repr or a message."""

    base_url: str
    source: str  # where base_url came from, in words a user can act on
    api_key: str = field(default=NO_KEY, repr=False)

    def describe(self) -> str:
        """``http://…/v1 (from $GENANALYST_BASE_URL)`` — for messages and status."""
        return f"{self.base_url} (from {self.source})"


def resolve_endpoint(config: GenAnalyst) -> Endpoint:
    """The endpoint actually used for ``config``, following the documented precedence."""
    record = read_server_record()
    if config.base_url:
        url, source = config.base_url.rstrip("/"), "GenAnalyst.base_url"
    elif os.environ.get("GENANALYST_BASE_URL", "").strip():
        url = os.environ["GENANALYST_BASE_URL"].strip().rstrip("/")
        source = "$GENANALYST_BASE_URL"
    elif record is not None:
        url, source = str(record["base_url"]), "the server started by `genanalyst serve`"
    else:
        url, source = DEFAULT_BASE_URL, "the default address; no server was recorded"
    return Endpoint(url, source, _api_key(config, url, record))


def _api_key(config: GenAnalyst, url: str, record: dict[str, object] | None) -> str:
    """The key for ``url``; a key goes only to the URL it belongs to.

    The environment key (``api_key_env``) is sent to the URL in ``$<api_key_env>_URL`` when
    that is set; otherwise to ``$GENANALYST_BASE_URL`` (set beside it) or to a loopback
    server; never to any other host a notebook or request names. The local server's key
    goes only to the URL in its record.
    """
    key = os.environ.get(config.api_key_env, "") if config.api_key_env else ""
    if key and key_belongs_to(url, config.api_key_env):
        return key
    if record is not None and same_url(str(record.get("base_url")), url):
        return str(record.get("api_key", ""))
    return NO_KEY


def same_url(a: str, b: str) -> bool:
    """Same scheme, host, port and path (case of scheme/host and a trailing slash ignored)."""

    def norm(url: str) -> tuple[str, str, int | None, str]:
        parts = urlsplit(url.strip())
        try:
            port = parts.port
        except ValueError:
            port = -1
        return parts.scheme.lower(), (parts.hostname or ""), port, parts.path.rstrip("/")

    return bool(a.strip()) and norm(a) == norm(b)


def is_loopback(url: str) -> bool:
    host = urlsplit(url.strip()).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1")


def key_belongs_to(url: str, api_key_env: str) -> bool:
    """May the key in ``$api_key_env`` be sent to ``url``? (See :func:`_api_key`.)"""
    bound = os.environ.get(f"{api_key_env}_URL", "").strip()
    if bound:
        return same_url(bound, url)
    env_url = os.environ.get("GENANALYST_BASE_URL", "").strip()
    return (bool(env_url) and same_url(env_url, url)) or is_loopback(url)
