"""One entry point: question → plan(s) → computed answer cards.

Divergence, then convergence: the parser's plan and the model's plan are both candidates
when they differ (the human picks); when they agree there is one card. With no plan at all
the card says what could not be mapped and offers the closest plans, never a number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from ..errors import GenAnalystError
from ..facts.types import Fact, FactSet
from ..llm.model import ChatModel
from ..narrate.types import Proposal
from . import words as w
from .card import proposal, to_fact, unmapped_card
from .execute import Result, execute
from .parse import parse_question
from .planner import ModelPlan, plan_with_model
from .types import Plan


@dataclass(frozen=True)
class PlanAnswer:
    """Everything ``answer`` produced; ``plans[i]`` belongs to ``proposals[i]`` when mapped."""

    question: str
    language: str
    facts: FactSet
    proposals: list[Proposal]
    plans: list[Plan]  # the candidate plans (or, when unmapped, the closest plans offered)
    unmapped: tuple[str, ...] = ()
    results: list[Result] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # "parser" | "model" per candidate
    model_plan: ModelPlan | None = None

    @property
    def mapped(self) -> bool:
        return not self.unmapped

    def plan_json(self) -> dict[str, dict[str, Any]]:
        """Proposal id → plan JSON: what the bundle carries so the review card can edit and
        re-run a plan."""
        if not self.mapped:
            return {}
        return {p.id: plan.to_dict() for p, plan in zip(self.proposals, self.plans, strict=True)}

    def _repr_markdown_(self) -> str:
        if not self.proposals:
            return "_No answer._"
        first = self.proposals[0]
        return f"### {first.title}\n\n{first.narrative}"


def answer(
    frame: pd.DataFrame,
    question: str,
    *,
    frame_name: str = "df",
    language: str | None = None,
    model: ChatModel | None = None,
    seed: int = 0,
    values: Mapping[str, list[str]] | None = None,
    scrub: Callable[[str], str] | None = None,
    model_mode: Literal["diverge", "fallback"] = "diverge",
) -> PlanAnswer:
    """Answer ``question`` about ``frame`` with computed values.

    ``language`` ("en" or "zh-Hant") defaults to the question's script. ``model`` (optional)
    proposes a plan under the per-frame schema; ``values``/``scrub`` are the privacy guard's
    allowed categorical values and text scrubber for what is sent to it. ``model_mode``
    "diverge" asks the model every time and offers its differing plan as a second card;
    "fallback" asks it only when the parser cannot map the question (no model latency then).
    """
    if not isinstance(frame, pd.DataFrame):
        raise GenAnalystError("ask needs a pandas DataFrame.")
    parsed = parse_question(question, frame)
    lang = w.lang_key(language or parsed.language)
    candidates: list[tuple[Plan, str]] = []
    if parsed.plan is not None:
        candidates.append((_seeded(parsed.plan, seed), "parser"))
    model_plan = None
    if model is not None and (model_mode == "diverge" or parsed.plan is None):
        model_plan = plan_with_model(model, frame, question, seed=seed, values=values, scrub=scrub)
        mp = model_plan.plan
        if mp is not None and all(_seeded(mp, seed) != p for p, _ in candidates):
            candidates.append((_seeded(mp, seed), "model"))
    note = w.TEXT[lang]["diverge"] if len(candidates) > 1 else None
    results: list[Result] = []
    facts: list[Fact] = []
    proposals: list[Proposal] = []
    plans: list[Plan] = []
    sources: list[str] = []
    for plan, source in candidates:
        try:
            result = execute(frame, plan)
        except GenAnalystError:
            continue  # a model plan that cannot run on this frame is dropped
        except (ValueError, TypeError, KeyError, IndexError, ArithmeticError):
            if source == "parser":
                raise
            continue  # the model's plan is untrusted input: any failure drops it
        fact = to_fact(result, frame, len(results), lang)
        card = proposal(
            result,
            fact,
            frame,
            question=question,
            frame_name=frame_name,
            language=lang,
            source=source,
            note=note,
        )
        results.append(result)
        facts.append(fact)
        proposals.append(card)
        plans.append(plan)
        sources.append(source)
    if not proposals:
        unmapped = parsed.unmapped or ("the question (no plan could run on this frame)",)
        return PlanAnswer(
            question,
            lang,
            FactSet(),
            [unmapped_card(unmapped, parsed.closest, lang)],
            list(parsed.closest),
            unmapped,
            model_plan=model_plan,
        )
    return PlanAnswer(
        question, lang, FactSet(facts), proposals, plans, (), results, sources, model_plan
    )


def answer_plan(
    frame: pd.DataFrame,
    plan: Plan | Mapping[str, Any],
    *,
    question: str = "",
    frame_name: str = "df",
    language: str = "en",
) -> PlanAnswer:
    """Run one given plan (e.g. edited in the review card: another column, another rule) and
    build its card; a plan that cannot run raises GenAnalystError with the reason."""
    typed = plan if isinstance(plan, Plan) else Plan.from_dict(plan)
    lang = w.lang_key(language)
    result = execute(frame, typed)
    fact = to_fact(result, frame, 0, lang)
    card = proposal(
        result,
        fact,
        frame,
        question=question or w.describe(typed, lang),
        frame_name=frame_name,
        language=lang,
        source="edited",
    )
    return PlanAnswer(question, lang, FactSet([fact]), [card], [typed], (), [result], ["edited"])


def _seeded(plan: Plan, seed: int) -> Plan:
    """The request's seed for classifier splits unless the question named one."""
    return plan.with_(seed=seed) if plan.op == "classify" and plan.seed == 0 else plan
