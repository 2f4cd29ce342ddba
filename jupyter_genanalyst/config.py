"""Configuration: one traitlets ``Configurable`` shared by the magics, the Python API and the panel.

Settable with ``%config GenAnalyst.base_url = "…"`` or in ``ipython_config.py``
(``c.GenAnalyst.base_url = "…"``). Where ``base_url`` is left empty, the URL comes from
``$GENANALYST_BASE_URL``, else from the record ``genanalyst serve`` writes, else the
default local address. Keys are never configured directly: ``api_key_env`` names an
environment variable, so no secret is ever stored in a notebook; that key is sent only
to the URL it is bound to (see :func:`jupyter_genanalyst.llm.endpoint.resolve_endpoint`).
"""

from __future__ import annotations

from typing import Any

from traitlets import Bool, CaselessStrEnum, Float, Int, TraitError, Unicode, validate
from traitlets.config import Configurable

from .errors import GenAnalystError
from .privacy.modes import DEFAULT_MODE, PRIVACY_MODES
from .request import LANGUAGES

DEFAULT_PORT = 8765
DEFAULT_BASE_URL = f"http://127.0.0.1:{DEFAULT_PORT}/v1"
STYLES = ("auto", "constrained", "free")


class GenAnalyst(Configurable):
    """Settings of the jupyter_genanalyst kernel helper."""

    base_url = Unicode(
        "",
        help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8765/v1 (llama-cpp-python), "
        "http://localhost:11434/v1 (Ollama), http://host:8000/v1 (vLLM). Empty: "
        "$GENANALYST_BASE_URL, else the server started by `genanalyst serve`, else "
        f"{DEFAULT_BASE_URL}.",
    ).tag(config=True)

    model = Unicode(
        "",
        help="Model name sent to the server. Empty: the first model the server lists.",
    ).tag(config=True)

    api_key_env = Unicode(
        "GENANALYST_API_KEY",
        help="Name of the environment variable holding the API key (never the key itself). "
        "It is sent only to $<name>_URL when set, else to $GENANALYST_BASE_URL or a "
        "loopback server. For the local server started by `genanalyst serve` the key is "
        "read from its record.",
    ).tag(config=True)

    timeout = Float(60.0, help="Seconds to wait for one LLM request before giving up.").tag(
        config=True
    )
    max_retries = Int(1, help="Retries of a failed or invalid LLM answer before the fallback.").tag(
        config=True
    )
    max_tokens = Int(
        512, help="Cap on generated tokens per candidate (guards against runaway output)."
    ).tag(config=True)
    temperature = Float(0.7, help="Sampling temperature; candidates need some diversity.").tag(
        config=True
    )
    seed = Int(0, help="Sampling seed, for reproducible candidates.").tag(config=True)
    privacy = CaselessStrEnum(
        PRIVACY_MODES,
        default_value=DEFAULT_MODE,
        help="mask: PII replaced by pseudonyms; aggregate: no row-level values; "
        "synthetic: example rows are synthetic; off: raw values may reach the model.",
    ).tag(config=True)
    candidates = Int(3, help="Number of candidate proposals per request (divergence).").tag(
        config=True
    )
    language = CaselessStrEnum(
        LANGUAGES,
        default_value="en",
        help="Language of narratives, labels, notices and prompts: en (English) or zh-Hant "
        "(Traditional Chinese; numbers grouped by 萬/億, dates as 2024年3月1日).",
    ).tag(config=True)
    style = CaselessStrEnum(
        STYLES,
        default_value="auto",
        help="How the model writes. constrained: it only chooses and orders facts, rephrases "
        "one fact sentence at a time under a number check, and picks a headline (for small "
        "models); free: free prose, checked afterwards (for capable servers); auto: "
        "constrained for small or unknown local models (e.g. SmolLM2-135M), free otherwise.",
    ).tag(config=True)
    prompt_token_budget = Int(
        600,
        help="Upper bound on prompt tokens. ~600 keeps the first words within ~3 s on 2 CPU "
        "cores with the bundled model; raise it for bigger servers and wider frames.",
    ).tag(config=True)
    strict = Bool(
        False, help="Drop sentences with unverified numbers instead of marking them."
    ).tag(config=True)
    cache = Bool(
        True, help="Reuse answers for identical (facts, prompt, model, sampling, seed)."
    ).tag(config=True)
    prompt_log = Unicode(
        "",
        help="Path of an opt-in JSON-lines log of every prompt sent (for auditing). Empty: off.",
    ).tag(config=True)

    @validate("candidates")
    def _check_candidates(self, proposal: dict[str, Any]) -> int:
        value = int(proposal["value"])
        if not 1 <= value <= 10:
            raise TraitError("candidates must be between 1 and 10")
        return value

    @validate("timeout")
    def _check_timeout(self, proposal: dict[str, Any]) -> float:
        value = float(proposal["value"])
        if value <= 0:
            raise TraitError("timeout must be a positive number of seconds")
        return value

    @validate("max_tokens", "prompt_token_budget")
    def _check_positive(self, proposal: dict[str, Any]) -> int:
        value = int(proposal["value"])
        if value < 16:
            raise TraitError(f"{proposal['trait'].name} must be at least 16")
        return value

    def public_settings(self) -> dict[str, Any]:
        """Effective settings for display: everything but secrets."""
        names = sorted(self.trait_names(config=True))
        return {name: getattr(self, name) for name in names}


_shared: GenAnalyst | None = None


def get_config() -> GenAnalyst:
    """The kernel's GenAnalyst settings (the IPython-configured instance when in IPython)."""
    global _shared
    if _shared is None:
        parent = None
        try:
            from IPython import get_ipython

            parent = get_ipython()
        except ImportError:  # pragma: no cover - IPython is a dependency
            parent = None
        _shared = GenAnalyst(parent=parent) if parent is not None else GenAnalyst()
        if parent is not None and hasattr(parent, "configurables"):
            parent.configurables.append(_shared)  # makes `%config GenAnalyst` work
    return _shared


def with_overrides(config: GenAnalyst, **overrides: Any) -> GenAnalyst:
    """A copy of ``config`` with per-call overrides, validated with a one-line error."""
    values = {name: getattr(config, name) for name in config.trait_names(config=True)}
    for name, value in overrides.items():
        if value is None:
            continue
        if name not in values:
            raise GenAnalystError(f"Unknown setting {name!r}; known: {', '.join(sorted(values))}.")
        values[name] = value
    try:
        return GenAnalyst(**values)
    except TraitError as exc:
        raise GenAnalystError(f"Invalid setting: {exc}") from None
