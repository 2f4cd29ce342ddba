"""Facts across a dashboard: every chart's facts, unreadable charts, consistency checks.

A lone figure that cannot be read is an error (there is nothing to narrate); inside a
dashboard with other readable charts it becomes a fact naming the chart and the reason,
so the narrative can say what it did not look at instead of guessing.
"""

from __future__ import annotations

from typing import Any

from plotly.basedatatypes import BaseFigure

from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.facts.factory import recorded
from jupyter_genanalyst.facts.figures.chart import ChartReading, ChartUnreadable, read_chart
from jupyter_genanalyst.facts.figures.collect import NamedFigure, Skipped, walk
from jupyter_genanalyst.facts.figures.consistency import DASHBOARD, consistency_facts
from jupyter_genanalyst.facts.figures.make import ChartContext
from jupyter_genanalyst.facts.types import Fact, FactSet


def figure_facts(obj: Any) -> FactSet:
    """Exact facts about a plotly figure or a dashboard of figures (see the package docs)."""
    items = walk(obj)
    charts: list[ChartReading] = []
    problems: list[tuple[NamedFigure | Skipped, str]] = []
    for item in items:
        if isinstance(item, Skipped):
            problems.append((item, item.reason))
            continue
        try:
            charts.append(read_chart(item))
        except ChartUnreadable as exc:
            problems.append((item, str(exc)))
    if not charts:
        _raise(obj, problems)
    facts: list[Fact] = [f for c in charts for f in c.facts]
    facts += [_unreadable(item, reason) for item, reason in problems]
    facts += consistency_facts(charts)
    if len(items) > 1:
        facts.append(_overview(charts, problems))
    return FactSet(facts)


def _raise(obj: Any, problems: list[tuple[NamedFigure | Skipped, str]]) -> None:
    if not problems:
        raise GenAnalystError(
            f"No plotly figure found in the {type(obj).__name__} given: "
            "pass a go.Figure/FigureWidget, "
            "a list or dict of them, or an ipywidgets container holding FigureWidgets."
        )
    if isinstance(obj, BaseFigure) or len(problems) == 1:
        item, reason = problems[0]
        raise GenAnalystError(
            f"Cannot read chart '{item.name}': {reason}. "
            "Pass a figure with bar, line, scatter, area, "
            "pie, histogram, box or heatmap traces holding numeric data."
        )
    listed = "; ".join(f"'{item.name}': {reason}" for item, reason in problems)
    raise GenAnalystError(
        f"No chart in the dashboard could be read ({listed}). Pass figures with "
        "bar, line, scatter, area, pie, histogram, box or heatmap traces."
    )


def _unreadable(item: NamedFigure | Skipped, reason: str) -> Fact:
    ctx = ChartContext(item.name, item.slug)
    return ctx.fact(
        "unreadable",
        [],
        values={"chart": item.name, "reason": reason},
        units={"chart": "text", "reason": "text"},
        importance=0.7,
        text=f"Chart '{item.name}' could not be read: {reason}; nothing is said about it.",
        evidence={"chart": recorded(item.name), "reason": recorded(reason)},
        caveats=(f"found at {item.path}",),
    )


def _overview(charts: list[ChartReading], problems: list[tuple[Any, str]]) -> Fact:
    names = ", ".join(c.figure.name for c in charts)
    counts = {
        "charts": len(charts) + len(problems),
        "read": len(charts),
        "unreadable": len(problems),
    }
    return DASHBOARD.fact(
        "overview",
        [],
        values=counts,
        units={"charts": "count", "read": "count", "unreadable": "count"},
        importance=0.4,
        text=(
            f"The dashboard has {len(charts) + len(problems)} item(s); "
            f"{len(charts)} chart(s) were read "
            f"({names}){f', {len(problems)} could not be' if problems else ''}."
        ),
        evidence={k: recorded(v) for k, v in counts.items()},  # what the reader managed
    )


def main_story(facts: FactSet, n: int = 5, per_chart: int = 2) -> FactSet:
    """The top ``n`` facts across charts by importance, at most ``per_chart`` from any one chart.

    Consistency problems always come first: a dashboard that contradicts itself is the story.
    """
    picked: list[Fact] = [f for f in facts if f.topic == "consistency"][:n]
    counts: dict[str, int] = {}
    for f in facts:
        if len(picked) >= n:
            break
        chart = f.id.split(".")[1]
        if f in picked or f.topic in ("summary", "overview") or counts.get(chart, 0) >= per_chart:
            continue
        counts[chart] = counts.get(chart, 0) + 1
        picked.append(f)
    return FactSet(picked)


def chart_notes(facts: FactSet) -> dict[str, FactSet]:
    """Facts grouped by chart slug (dashboard-level facts under ``"dashboard"``)."""
    groups: dict[str, list[Fact]] = {}
    for f in facts:
        groups.setdefault(f.id.split(".")[1], []).append(f)
    return {slug: FactSet(fs) for slug, fs in groups.items()}
