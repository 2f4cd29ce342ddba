"""Typed proposals: what the LLM (or the template fallback) offers the human to review."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

# Defined by the safety layer (which imports nothing from narrate); re-exported here.
from ..safety import SafetyFlag

__all__ = [
    "CodeCheck",
    "Grounding",
    "NumberCheck",
    "Origin",
    "Proposal",
    "Provenance",
    "SafetyFlag",
]

Origin = Literal["llm", "template", "story", "plan"]


@dataclass(frozen=True)
class NumberCheck:
    """One number found in a narrative and whether a cited fact backs it."""

    text: str  # exactly as written, e.g. "15.3%"
    start: int  # character offsets into the narrative
    end: int
    value: float  # parsed value, e.g. 15.3
    unit: str | None  # "percent", "currency", "multiple", "date", or None for a bare number
    verified: bool
    fact_id: str | None = None  # the fact whose value matched
    value_name: str | None = None  # the key in that fact's values


@dataclass(frozen=True)
class CodeCheck:
    """Static checks of one proposed code cell. Code is never executed by this layer."""

    source: str
    parses: bool
    problems: tuple[str, ...] = ()  # unknown columns/variables, syntax error message
    safety: tuple[SafetyFlag, ...] = ()

    @property
    def needs_acknowledgement(self) -> bool:
        """Flagged code cannot be inserted with one click."""
        return bool(self.safety) or not self.parses


@dataclass(frozen=True)
class Grounding:
    """Result of checking every number of a narrative against the cited facts."""

    numbers: tuple[NumberCheck, ...]
    causal_claims: tuple[str, ...] = ()  # sentences that claim causation
    dropped_sentences: tuple[str, ...] = ()  # removed in strict mode

    @property
    def faithfulness(self) -> float:
        """Verified numbers / all numbers (1.0 for a narrative with no numbers)."""
        if not self.numbers:
            return 1.0
        return sum(n.verified for n in self.numbers) / len(self.numbers)

    @property
    def unverified(self) -> tuple[NumberCheck, ...]:
        return tuple(n for n in self.numbers if not n.verified)


@dataclass(frozen=True)
class Proposal:
    """One candidate answer: a markdown narrative plus optional code cells."""

    id: str
    title: str
    narrative: str  # markdown as written (by the LLM or the template)
    code: tuple[str, ...] = ()
    fact_ids: tuple[str, ...] = ()
    origin: Origin = "llm"
    grounding: Grounding | None = None
    code_checks: tuple[CodeCheck, ...] = ()
    marked_narrative: str | None = None  # narrative with unverified numbers visibly marked
    note: str | None = None  # e.g. why this is a template fallback
    plan: dict[str, Any] | None = None  # ask: the typed plan our code executed (editable)
    # Why the machine checks hid this candidate (narrate/prune.py); None = shown.
    hidden: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-native (lists, not tuples), as the bundle schema and the wire expect."""
        data: dict[str, Any] = _json_native(asdict(self))
        if self.grounding is not None:
            data["grounding"]["faithfulness"] = self.grounding.faithfulness
        return data


def _json_native(value: Any) -> Any:
    """Tuples become lists, recursively, so a dict validates as it will be serialised."""
    if isinstance(value, dict):
        return {k: _json_native(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_native(v) for v in value]
    return value


@dataclass
class Provenance:
    """Where a proposal came from; goes into inserted cells' metadata. Never holds secrets."""

    model: str
    server_url: str
    server_version: str | None = None
    model_sha256: str | None = None
    temperature: float | None = None
    seed: int | None = None
    max_tokens: int | None = None
    prompt_sha256: str | None = None
    data_fingerprint: str | None = None
    package_version: str = ""
    privacy: str = "mask"
    created: str = ""  # ISO 8601 UTC
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
