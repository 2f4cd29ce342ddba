"""The public Python API: one function per analysis kind, each a thin parser over the pipeline.

Each builds an :class:`~.request.AnalysisRequest` and calls :func:`~.pipeline.run`; the
returned :class:`~.analysis.Analysis` renders itself as the review UI (or readable markdown
where the labextension is absent).
"""

from __future__ import annotations

from typing import Any

from .analysis import Analysis
from .config import GenAnalyst
from .narrate.compose import ProgressCallback
from .pipeline import run
from .request import make_request

# Keyword options every function takes besides its own fields (see pipeline.run).
RUN_OPTIONS = ("config", "variables", "model", "show_progress", "on_progress")


def describe(
    df: Any, *, time: str | None = None, name: str | None = None, **options: Any
) -> Analysis:
    """What happened: shape, types, missingness, distributions, trends."""
    return _run("describe", df, name, options, time=time)


def diagnose(
    df: Any,
    *,
    target: str | None = None,
    time: str | None = None,
    name: str | None = None,
    **options: Any,
) -> Analysis:
    """Why did it happen: anomalies, drivers, segment contributions (associational)."""
    return _run("diagnose", df, name, options, target=target, time=time)


def predict(
    df: Any,
    *,
    target: str,
    time: str | None = None,
    horizon: int | None = None,
    name: str | None = None,
    **options: Any,
) -> Analysis:
    """What will happen: a baseline model against a naive one; forecasts with intervals."""
    return _run("predict", df, name, options, target=target, time=time, horizon=horizon)


def prescribe(
    df: Any, *, target: str, goal: str = "increase", name: str | None = None, **options: Any
) -> Analysis:
    """What could we do: levers ranked by modeled effect, as options for a human."""
    return _run("prescribe", df, name, options, target=target, goal=goal)


def ask(df: Any, question: str, *, name: str | None = None, **options: Any) -> Analysis:
    """A free question, answered from computed facts."""
    return _run("ask", df, name, options, question=question)


def narrate(figures: Any, *, name: str | None = None, **options: Any) -> Analysis:
    """An executive summary of a plotly figure or dashboard, from the figures' own data."""
    single = not isinstance(figures, (list, tuple, dict)) and hasattr(figures, "data")
    return _run("narrate", figures, name or ("fig" if single else "dashboard"), options)


def _run(
    kind: str, data: Any, name: str | None, options: dict[str, Any], **fields: Any
) -> Analysis:
    """Split ``options`` into request fields and run options; build the request; run it."""
    run_options = {k: options.pop(k) for k in RUN_OPTIONS if k in options}
    config: GenAnalyst | None = run_options.pop("config", None)
    progress: ProgressCallback | None = run_options.pop("on_progress", None)
    request = make_request(kind, frame_name=_identifier(name), **fields, **options)
    return run(request, data, config=config, on_progress=progress, **run_options)


def _identifier(name: str | None) -> str:
    return name if name and name.isidentifier() else "df"
