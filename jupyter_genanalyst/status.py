"""Health and settings reports for `%ga status`, `%ga config` and `genanalyst doctor`.

Never shows a secret: the API key is reported only as "set" or "not set".
"""

from __future__ import annotations

import os
import platform
import time
from dataclasses import dataclass, field
from typing import Any

from .config import GenAnalyst, with_overrides
from .errors import LLMUnavailableError
from .llm.client import LLMClient
from .llm.endpoint import resolve_endpoint
from .version import __version__


@dataclass(frozen=True)
class LLMHealth:
    """Whether the model answers, as data (the panel reads this, never the display text)."""

    reachable: bool
    server: str  # the URL that was tried
    source: str  # where that URL came from
    model: str | None = None
    flavour: str | None = None
    server_version: str | None = None
    fix: str | None = None  # one line, when not reachable


@dataclass
class Report:
    """Rows of (name, value) that render as a table in notebooks and as text in terminals."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    llm: LLMHealth | None = None

    def _repr_markdown_(self) -> str:
        lines = [f"**{self.title}**", "", "| | |", "|---|---|"]
        lines += [f"| {k} | {_cell(v)} |" for k, v in self.rows]
        lines += [f"\n> ⚠ {w}" for w in self.warnings]
        return "\n".join(lines)

    def __str__(self) -> str:
        width = max((len(k) for k, _ in self.rows), default=0)
        out = [self.title] + [f"  {k.ljust(width)}  {v}" for k, v in self.rows]
        return "\n".join(out + [f"  ! {w}" for w in self.warnings])

    __repr__ = __str__


def settings_table(config: GenAnalyst) -> Report:
    report = Report("GenAnalyst settings (%config GenAnalyst.<name> = …)")
    for name, value in config.public_settings().items():
        report.rows.append((name, repr(value)))
    report.rows.append(("base_url (effective)", resolve_endpoint(config).describe()))
    key_set = bool(config.api_key_env and os.environ.get(config.api_key_env))
    report.rows.append(("api key", f"${config.api_key_env} is {'set' if key_set else 'not set'}"))
    return report


def status_report(config: GenAnalyst, *, probe_timeout: float = 3.0) -> Report:
    """Settings that matter plus whether the LLM server answers, with the fix when not."""
    report = Report(f"GenAnalyst {__version__} status")
    report.llm = llm_health(config, probe_timeout=probe_timeout)
    report.rows.append(("server", report.llm.server))
    report.rows.append(("server from", report.llm.source))
    report.rows.append(("privacy", config.privacy))
    report.rows.append(("candidates", str(config.candidates)))
    if config.privacy == "off":
        report.warnings.append(
            "privacy is OFF: raw values, including PII, may be sent to the model."
        )
    health = report.llm
    if not health.reachable:
        report.rows.append(("LLM", "not reachable"))
        report.warnings.append(health.fix or "The LLM server did not answer.")
        return report
    report.rows.append(("LLM", f"reachable · model {health.model} · {health.flavour}"))
    if health.server_version:
        report.rows.append(("server version", health.server_version))
    return report


def llm_health(config: GenAnalyst, *, probe_timeout: float = 3.0) -> LLMHealth:
    """Ask the configured server which model it serves, quickly (no retries)."""
    quick = with_overrides(config, timeout=probe_timeout, max_retries=0)
    endpoint = resolve_endpoint(quick)
    try:
        info = LLMClient(quick, endpoint).info()
    except LLMUnavailableError as exc:
        return LLMHealth(False, endpoint.base_url, endpoint.source, fix=str(exc))
    return LLMHealth(
        True, endpoint.base_url, endpoint.source, info.model, info.flavour, info.server_version
    )


def doctor(config: GenAnalyst) -> Report:
    """Server health plus measured prompt and generation speed, and versions."""
    import numpy
    import openai
    import pandas

    report = status_report(config)
    report.title = "genanalyst doctor"
    report.rows += [
        ("python", platform.python_version()),
        ("jupyter_genanalyst", __version__),
        ("pandas / numpy", f"{pandas.__version__} / {numpy.__version__}"),
        ("openai client", openai.__version__),
    ]
    try:
        import llama_cpp

        report.rows.append(("llama-cpp-python", str(getattr(llama_cpp, "__version__", "?"))))
    except ImportError:
        report.rows.append(("llama-cpp-python", "not installed (only needed for the local server)"))
    if report.llm is None or not report.llm.reachable:
        return report
    prompt_rate, gen_rate, first_token = measure_speed(LLMClient(config))
    report.rows.append(("prompt processing", f"{prompt_rate:.0f} tokens/s"))
    report.rows.append(("generation", f"{gen_rate:.0f} tokens/s"))
    report.rows.append(("first token (~200-token prompt)", f"{first_token:.2f} s"))
    return report


def measure_speed(client: Any) -> tuple[float, float, float]:
    """(prompt tokens/s, generated tokens/s, seconds to first token) on a fresh prompt.

    A random nonce starts the prompt so the server cannot reuse a cached prefix.
    """
    nonce = os.urandom(4).hex()
    filler = " ".join(f"item {i} costs {i * 3} units;" for i in range(30))
    messages = [{"role": "user", "content": f"[{nonce}] Here is a list: {filler} Summarise it."}]
    prompt_tokens = client.count_tokens(messages[0]["content"])
    stamps: list[float] = []
    start = time.monotonic()
    no_cache = replace_cache(client)
    no_cache.chat(messages, max_tokens=64, temperature=0.0,
                  on_token=lambda _t: stamps.append(time.monotonic()))  # fmt: skip
    if not stamps:
        return 0.0, 0.0, float("nan")
    first = stamps[0] - start
    gen_rate = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0
    return prompt_tokens / first if first > 0 else 0.0, gen_rate, first


def replace_cache(client: Any) -> Any:
    """The same client with the answer cache off (a cached answer measures nothing)."""
    return type(client)(with_overrides(client.config, cache=False))


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|")
