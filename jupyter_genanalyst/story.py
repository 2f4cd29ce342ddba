"""The closed loop: describe → diagnose → predict → prescribe, each stage using what the one
before it found.

Why: run one at a time, the four analyses forget each other. Here the notable changes and
anomalies of the diagnosis become tested hypotheses; the drivers it supports become the
predictive model's features; that model's levers become the prescription. Every stage still
goes through :func:`jupyter_genanalyst.pipeline.run` (facts → privacy guard → model → checks
→ bundle), so each has its own review card; the story adds the facts the loop computed and a
one-paragraph summary built deterministically from them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from .analysis import Analysis
from .config import GenAnalyst
from .errors import GenAnalystError
from .facts import augmentation, dated_anomalies, describe, diagnose, predict, prescribe
from .facts.factory import make, recorded
from .facts.format import num, pct
from .facts.hypotheses import hypotheses
from .facts.types import Fact, FactSet, Kind
from .kinds import spec
from .llm.model import ChatModel
from .pipeline import run as pipeline_run
from .pipeline import validate_data
from .request import AnalysisRequest, make_request

Stage = Literal["describe", "diagnose", "predict", "prescribe"]
STAGES: tuple[Stage, ...] = ("describe", "diagnose", "predict", "prescribe")
TITLES = {
    "describe": "What happened",
    "diagnose": "Why",
    "predict": "What will happen",
    "prescribe": "What could we do",
}
StageCallback = Callable[[Stage, int, int, str], None]  # (stage, 1-based index, total, event)
Runner = Callable[[AnalysisRequest, pd.DataFrame, FactSet], Analysis]
MAX_FEATURES = 20


@dataclass(frozen=True)
class StageResult:
    """One stage: the pipeline's reviewed analysis, the loop's facts and what it carried over."""

    stage: Stage
    analysis: Analysis
    facts: FactSet  # the facts this stage found, including what the loop added
    carried: tuple[str, ...] = ()  # what it took from the stage before, in words


@dataclass(frozen=True)
class Story:
    target: str
    stages: tuple[StageResult, ...]
    features: tuple[str, ...] | None  # the predictive model's inputs (None: all columns)
    summary: str

    def stage(self, name: Stage) -> StageResult:
        return next(s for s in self.stages if s.stage == name)

    @property
    def facts(self) -> FactSet:
        return FactSet(f for s in self.stages for f in s.facts)

    def show(self) -> None:
        """Display the summary, then each stage's review card (accept/edit/reject)."""
        from IPython.display import Markdown, display

        display(Markdown(self.summary_markdown()))
        for s in self.stages:
            display(s.analysis)

    def summary_markdown(self) -> str:
        return f"### The story of {self.target}\n\n{self.summary}"

    def to_markdown(self) -> str:
        parts = [self.summary_markdown()]
        for i, s in enumerate(self.stages, 1):
            parts.append(f"#### {i}. {TITLES[s.stage]} ({s.stage})")
            if s.carried:
                parts.append("_Carried over: " + "; ".join(s.carried) + "._")
            parts.append("\n".join(f"- {f.text}" for f in s.facts.top(6)))
        return "\n\n".join(parts)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        md = self.to_markdown()
        return {
            "text/markdown": md,
            "text/html": _html(self),
            "text/plain": md,
        }


def _html(story: Story) -> str:
    items = "".join(
        f"<details{' open' if i == 1 else ''}><summary><b>{i}. {TITLES[s.stage]}</b> "
        f"({s.stage}, {len(s.facts)} facts)</summary>"
        + (f"<p><i>Carried over: {html.escape('; '.join(s.carried))}.</i></p>" if s.carried else "")
        + "<ul>"
        + "".join(f"<li>{html.escape(f.text)}</li>" for f in s.facts.top(6))
        + "</ul></details>"
        for i, s in enumerate(story.stages, 1)
    )
    return (
        f"<div class='ga-story'><h4>The story of {html.escape(story.target)}</h4>"
        f"<p>{html.escape(story.summary)}</p>{items}</div>"
    )


def story(
    df: pd.DataFrame,
    *,
    target: str,
    time: str | None = None,
    goal: str = "increase",
    horizon: int | None = None,
    frame_name: str = "df",
    llm: bool = True,
    language: str | None = None,
    privacy: str | None = None,
    candidates: int | None = None,
    config: GenAnalyst | None = None,
    model: ChatModel | None = None,
    on_stage: StageCallback | None = None,
    runner: Runner | None = None,
) -> Story:
    """Run the four stages on ``df`` for ``target``; ``on_stage(stage, i, 4, "start"|"done")``
    reports progress. ``runner(request, df, facts)`` runs one stage through the pipeline
    (default: :func:`pipeline.run`); tests and the lead's wiring may replace it."""
    common: dict[str, Any] = {
        "frame_name": frame_name,
        "llm": llm,
        "language": language,
        "privacy": privacy,
        "candidates": candidates,
    }
    first = make_request("diagnose", target=target, time=time, frame_name=frame_name)
    validate_data(spec("diagnose"), first, df)  # one-line errors before any stage runs
    run_stage = runner or _pipeline_runner(config, model)
    results: list[StageResult] = []

    def step(
        stage: Stage, facts_fn: Callable[[], FactSet], carried: tuple[str, ...], **fields: Any
    ) -> FactSet:
        index = len(results) + 1
        if on_stage:
            on_stage(stage, index, len(STAGES), "start")
        request = make_request(stage, **common, **fields)
        facts = facts_fn()
        analysis = run_stage(request, df, facts)
        results.append(StageResult(stage, analysis, facts, carried))
        if on_stage:
            on_stage(stage, index, len(STAGES), "done")
        return facts

    step("describe", lambda: describe(df, time=time), (), time=time)
    diag_facts = step(
        "diagnose", lambda: _diagnosis(df, target, time), ("changes found in the description",),
        target=target, time=time,
    )  # fmt: skip
    features = supported_features(diag_facts, target, [str(c) for c in df.columns])
    carried = (
        ("model features = the supported drivers: " + ", ".join(features),)
        if features
        else ("no driver was supported; the model uses every column",)
    )
    step(
        "predict",
        lambda: _with_carried(_prediction(df, target, time, horizon, features), "pred", features),
        carried, target=target, time=time, horizon=horizon,
    )  # fmt: skip
    step(
        "prescribe",
        lambda: _with_carried(
            prescribe(df, target=target, goal=goal, features=features), "presc", features
        ),
        ("levers = the predictive model's features",), target=target, goal=goal,
    )  # fmt: skip
    done = tuple(results)
    return Story(target, done, features, summarize(done, target))


def _diagnosis(df: pd.DataFrame, target: str, time: str | None) -> FactSet:
    """diagnose's facts, the anomalies by date and segment, and every change's hypotheses."""
    base = diagnose(df, target=target, time=time)
    dated = dated_anomalies(df, time=time)
    return base + dated + hypotheses(df, base + dated, time=time)


def _prediction(
    df: pd.DataFrame,
    target: str,
    time: str | None,
    horizon: int | None,
    features: tuple[str, ...] | None,
) -> FactSet:
    """The model on the supported features, plus an augmentation offer when the target is a
    rare class or rows are few (measured on a holdout, never applied)."""
    facts = predict(df, target=target, time=time, horizon=horizon, features=features)
    try:
        return facts + augmentation(df, target=target)
    except GenAnalystError:  # too few rare rows to synthesize from: no offer
        return facts


_CARRIED: dict[str, tuple[Kind, str, str, float]] = {
    # prefix: (fact kind, the fact its key comes from, sentence, importance)
    "pred": (
        "predictive",
        "pred.model.",
        "The model's features are the drivers the diagnosis supported: {names} ({n}).",
        0.95,  # the predict card opens with what it took from the diagnosis
    ),
    "presc": (
        "prescriptive",
        "presc.options.",
        "The levers are the predictive model's features: {names} ({n}).",
        0.6,  # supports the first option rather than hiding it
    ),
}


def _with_carried(facts: FactSet, prefix: str, features: tuple[str, ...] | None) -> FactSet:
    """``facts`` plus one fact naming the columns this stage took from the one before, so its
    review card says so (nothing is added when the diagnosis supported no driver)."""
    kind, source, sentence, importance = _CARRIED[prefix]
    anchor = _first(facts, lambda f: f.id.startswith(source))
    if not features or anchor is None:
        return facts
    key = anchor.id[len(source) :]
    names = ", ".join(features)
    carried = make(
        f"{prefix}.carried.{key}",
        kind,
        "features",
        (anchor.columns[0], *features),
        {"features": len(features)},
        {"features": "count"},
        importance,
        sentence.format(names=names, n=num(len(features))),
        {"features": recorded(len(features))},  # the story's choice, not a statistic
    )
    return FactSet([carried, *facts])


def supported_features(
    facts: FactSet, target: str, columns: Sequence[str]
) -> tuple[str, ...] | None:
    """The columns the diagnosis supports as drivers (significant associations, supported
    segment and driver hypotheses), in fact order; None when there are none."""
    out: list[str] = []
    for f in facts:
        if f.id.startswith("diag.driver.") and len(f.columns) > 1:
            name = f.columns[1]
        elif (
            f.topic == "hypothesis" and f.values.get("status") == "supported" and len(f.columns) > 1
        ):
            if f.values.get("hypothesis") not in ("segment_contribution", "driver_shift"):
                continue
            name = f.columns[1]
        else:
            continue
        if name != target and name in columns and name not in out:
            out.append(name)
    return tuple(out[:MAX_FEATURES]) or None


def _pipeline_runner(config: GenAnalyst | None, model: ChatModel | None) -> Runner:
    def run_stage(request: AnalysisRequest, df: pd.DataFrame, facts: FactSet) -> Analysis:
        # The loop's facts (hypotheses, dated anomalies, the feature-restricted model, the
        # augmentation offer) replace the kind's own computation, so the card cites them.
        return pipeline_run(
            request, df, config=config, model=model, show_progress=False, facts=facts
        )

    return run_stage


# --- the summary -------------------------------------------------------------------------------
def _first(facts: FactSet, test: Callable[[Fact], bool]) -> Fact | None:
    return next((f for f in facts if test(f)), None)


def summarize(stages: Sequence[StageResult], target: str) -> str:
    """One paragraph, plain English, every number taken from a fact."""
    by = {s.stage: s.facts for s in stages}
    sentences: list[str] = []
    desc = by.get("describe", FactSet())
    diag = by.get("diagnose", FactSet())
    shift = _first(diag, lambda f: f.topic == "level shift" and target in f.columns[:1])
    trend = _first(desc, lambda f: f.topic == "trend" and f.columns[:1] == (target,))
    if shift is not None:
        v = shift.values
        sentences.append(
            f"What happened: average {target} shifted from {num(v['mean_before'])} to "
            f"{num(v['mean_after'])} per period starting {v['from_period']}."
        )
    elif trend is not None:
        sentences.append(f"What happened: {trend.text}")
    why = [f for f in diag if f.topic == "hypothesis" and f.values.get("status") == "supported"]
    why.sort(key=lambda f: f.values.get("hypothesis") == "outlier_cluster")  # structure first
    if why:
        parts = [_why(f) for f in why[:3]]
        sentences.append("Why: " + "; ".join(parts) + ".")
    elif any(f.topic == "hypothesis" for f in diag):  # only when something was tested
        sentences.append("Why: none of the tested explanations was supported.")
    dated = _first(diag, lambda f: f.topic == "dated anomaly" and f.columns[:1] == (target,))
    if dated is not None:
        v = dated.values
        where = f" in {v['segment']}" if v["segment"] != "all rows" else ""
        sentences.append(
            f"The most unusual day was {v['date']}{where}: {num(v['value'])} against about "
            f"{num(v['expected'])}."
        )
    model = _first(by.get("predict", FactSet()), lambda f: f.id.startswith("pred.model."))
    if model is not None:
        sentences.append(f"What will happen: {model.text}")
    lever = _first(by.get("prescribe", FactSet()), lambda f: f.id.startswith("presc.lever."))
    if lever is not None:
        sentences.append(f"What could we do: {lever.text}")
    return " ".join(sentences) or f"No notable finding about {target}."


def _why(f: Fact) -> str:
    v = f.values
    kind = str(v["hypothesis"]).replace("_", " ")
    share = v.get("share_of_change_pct")
    where = f" ({v['segment']})" if "segment" in v else ""
    column = f" of {f.columns[1]}{where}" if len(f.columns) > 1 else ""
    amount = f", {pct(float(share))} of the change" if isinstance(share, (int, float)) else ""
    return f"{kind}{column} for {v.get('change_in', 'the change')}{amount}"
