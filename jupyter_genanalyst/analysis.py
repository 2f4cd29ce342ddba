"""The result of one request: facts, candidate proposals, and the bundle that renders them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .bundle import MIME_TYPE, bundle_markdown, bundle_text
from .facts.types import FactSet
from .narrate.types import Proposal, Provenance
from .request import AnalysisRequest


@dataclass
class Analysis:
    """Facts plus candidate proposals; displays itself for review."""

    request: AnalysisRequest
    facts: FactSet
    proposals: list[Proposal]
    notice: str | None
    provenance: Provenance
    bundle: dict[str, Any]
    seconds: float

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            MIME_TYPE: self.bundle,
            "text/markdown": bundle_markdown(self.bundle),
            "text/plain": bundle_text(self.bundle),
        }

    def to_markdown(self) -> str:
        return bundle_markdown(self.bundle)

    @property
    def faithfulness(self) -> float:
        """Mean share of verified numbers over the LLM-written proposals (1.0 if none)."""
        scores = [
            p.grounding.faithfulness for p in self.proposals if p.grounding and p.origin == "llm"
        ]
        return sum(scores) / len(scores) if scores else 1.0
