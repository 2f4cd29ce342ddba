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

    def _ipython_display_(self) -> None:
        """In a kernel: the review widget where our labextension is absent (with a display id,
        so decisions are written back into the output), else the bundle for the extension."""
        from .review.widget import display_review

        display_review(self.bundle)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """Static representations (files, nbconvert, non-IPython callers): no widget."""
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
