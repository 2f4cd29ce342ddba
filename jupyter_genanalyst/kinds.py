"""The analysis kinds: the one place a new kind is added.

Each :class:`KindSpec` says which request fields the kind takes, what data it reads and
how its facts are computed. The magics, the CLI and the panel build their options from this
table; the pipeline runs ``compute``; nothing else lists the kinds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .facts.types import FactSet
from .llm.model import ChatModel
from .narrate.types import Proposal
from .request import AnalysisRequest, Kind

Option = Literal["target", "time", "horizon", "goal", "question"]
FactKind = Literal["descriptive", "diagnostic", "predictive", "prescriptive", "figure"]


@dataclass(frozen=True)
class KindSpec:
    kind: Kind
    summary: str  # one line for help texts and the panel
    fact_kind: FactKind  # which facts its narratives are checked against first
    data: Literal["frame", "figures"]
    engines: bool  # reads Polars / DuckDB / Spark frames where they live (else pandas only)
    options: tuple[Option, ...]  # the request fields this kind uses
    required: tuple[Option, ...]  # of those, the ones it cannot run without
    task: str  # what the model is asked to do with the facts
    compute: Callable[[Any, AnalysisRequest], FactSet]
    # Cards our own code computes before any narrative (ask: the plan's answer); when they
    # answer the request, the model writes no prose candidates.
    answer: Callable[[Any, AnalysisRequest, AnswerContext], Answer] | None = None


@dataclass(frozen=True)
class AnswerContext:
    """What an ``answer`` hook may use: the guarded model and the guard's scrubber."""

    model: ChatModel | None  # already behind the request's privacy guard
    scrub: Callable[[str], str]
    safe_values: Mapping[str, list[str]]  # categorical values a model may see, by column
    seed: int


@dataclass(frozen=True)
class Answer:
    facts: FactSet
    proposals: list[Proposal]
    complete: bool  # True: the request is answered; no prose candidates are needed


# The *_any functions take pandas as it is and compute inside Polars, DuckDB or Spark.
def _describe(frame: Any, r: AnalysisRequest) -> FactSet:
    from .facts.engines import describe_any

    return describe_any(frame, time=r.time)


def _diagnose(frame: Any, r: AnalysisRequest) -> FactSet:
    from .facts.engines import diagnose_any

    return diagnose_any(frame, target=r.target, time=r.time)


def _predict(frame: Any, r: AnalysisRequest) -> FactSet:
    from .facts.engines import predict_any

    assert r.target is not None  # AnalysisRequest guarantees it for predict
    return predict_any(frame, target=r.target, time=r.time, horizon=r.horizon)


def _prescribe(frame: Any, r: AnalysisRequest) -> FactSet:
    from .facts.engines import prescribe_any

    assert r.target is not None  # AnalysisRequest guarantees it for prescribe
    return prescribe_any(frame, target=r.target, goal=r.goal)


def _ask(frame: Any, r: AnalysisRequest) -> FactSet:
    from .facts import describe, diagnose

    return describe(frame) + diagnose(frame)


def _answer_question(frame: Any, r: AnalysisRequest, ctx: AnswerContext) -> Answer:
    from .plan import answer

    assert r.question is not None  # AnalysisRequest guarantees it for ask
    found = answer(
        frame,
        r.question,
        frame_name=r.frame_name,
        language=r.language,
        model=ctx.model,
        seed=ctx.seed,
        values=ctx.safe_values,
        scrub=ctx.scrub,
        model_mode="fallback",  # measured: the 135M model's differing plans were mostly wrong
    )
    return Answer(found.facts, found.proposals, complete=found.mapped)


def _narrate(figures: Any, r: AnalysisRequest) -> FactSet:
    from .facts.figures import figure_facts

    return figure_facts(figures)


SPECS: dict[Kind, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            "describe", "what happened: shape, types, missingness, distributions, trends",
            "descriptive", "frame", True, ("time",), (),
            "Describe what happened in the data.", _describe,
        ),
        KindSpec(
            "diagnose", "why: anomalies, drivers, segment contributions (associational)",
            "diagnostic", "frame", True, ("target", "time"), (),
            "Explain what is associated with the changes and anomalies (not causes).", _diagnose,
        ),
        KindSpec(
            "predict", "what will happen: a model against a naive baseline; forecasts",
            "predictive", "frame", True, ("target", "time", "horizon"), ("target",),
            "Explain what the models say will happen and how reliable they are.", _predict,
        ),
        KindSpec(
            "prescribe", "what could we do: levers ranked by modeled effect, as options",
            "prescriptive", "frame", True, ("target", "goal"), ("target",),
            "Lay out the options (levers) a human could choose between, with caveats.",
            _prescribe,
        ),
        KindSpec(
            "ask", "a free question, answered from computed facts",
            "diagnostic", "frame", False, ("question",), ("question",),
            "Answer the user's question.", _ask, _answer_question,
        ),
        KindSpec(
            "narrate", "an executive summary of a plotly figure or dashboard",
            "figure", "figures", False, (), (),
            "Summarise the dashboard: the main story, then notes per chart.", _narrate,
        ),
    )
}  # fmt: skip


def spec(kind: Kind) -> KindSpec:
    return SPECS[kind]
