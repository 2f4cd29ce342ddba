"""Honest labels: what a card may claim about itself, and nothing more.

Why: "100% of numbers verified" over a narrative with no numbers, or over number words
that matched nothing, taught users to trust nonsense. The label says how many numbers
(title included) match the facts, says that the meaning is not checked, says "no numbers
to check" when there are none, calls model text "AI-generated" and a storyteller card
"written from the facts without a model", and says "reviewed by you" only after a decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jupyter_genanalyst.facts.types import Fact
from jupyter_genanalyst.i18n import message
from jupyter_genanalyst.narrate.grounding import check_numbers
from jupyter_genanalyst.narrate.types import NumberCheck, Proposal

__all__ = ["CardLabels", "card_labels", "number_label", "origin_label"]


@dataclass(frozen=True)
class CardLabels:
    """The label texts of one card, in the user's language."""

    numbers: str  # e.g. "3 of 4 numbers match the facts (the meaning is not checked)"
    origin: str  # "AI-generated" or "Written from the facts without a model"
    review: str | None  # "reviewed by you" after an accept/edit/reject, else None
    verified: int
    total: int

    def to_dict(self) -> dict[str, object]:
        return {
            "numbers": self.numbers,
            "origin": self.origin,
            "review": self.review,
            "verified": self.verified,
            "total": self.total,
        }


def _numbers(proposal: Proposal, facts: Sequence[Fact]) -> list[NumberCheck]:
    """Title numbers and narrative numbers, each checked against the facts."""
    title = list(check_numbers(proposal.title, facts))
    if proposal.grounding is not None:
        body = list(proposal.grounding.numbers)
    else:
        body = list(check_numbers(proposal.narrative, facts, cited=proposal.fact_ids or None))
    return title + body


def number_label(proposal: Proposal, facts: Sequence[Fact], language: str = "en") -> str:
    """How many numbers (title included) match the facts; never a bare percentage."""
    checks = _numbers(proposal, facts)
    if not checks:
        return message("label.no_numbers", language)
    verified = sum(c.verified for c in checks)
    if len(checks) == 1:
        return message("label.one_number" if verified else "label.one_number_off", language)
    if verified == len(checks):
        return message("label.all_numbers", language, total=len(checks))
    return message("label.numbers", language, verified=verified, total=len(checks))


def origin_label(proposal: Proposal, language: str = "en") -> str:
    """'AI-generated' only on model text; a storyteller card says no model wrote it."""
    if proposal.origin == "llm":
        return message("label.ai_generated", language)
    return message("label.from_facts", language)


def card_labels(
    proposal: Proposal, facts: Sequence[Fact], language: str = "en", *, decided: bool = False
) -> CardLabels:
    """All labels of a card; ``decided`` is true once the human accepted, edited or rejected."""
    checks = _numbers(proposal, facts)
    return CardLabels(
        numbers=number_label(proposal, facts, language),
        origin=origin_label(proposal, language),
        review=message("label.reviewed", language) if decided else None,
        verified=sum(c.verified for c in checks),
        total=len(checks),
    )
