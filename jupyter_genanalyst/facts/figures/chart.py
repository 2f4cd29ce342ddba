"""All facts about one chart: read every trace, name the series, then ask each fact module.

A chart none of whose traces can be read raises :class:`ChartUnreadable` with the reason;
the dashboard turns that into a fact about the chart (or an error when it is alone).
Charts with many series (e.g. one line per country) get per-series facts for the
``MAX_SERIES`` largest only, and say so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from jupyter_genanalyst.facts.factory import recorded
from jupyter_genanalyst.facts.figures.collect import NamedFigure
from jupyter_genanalyst.facts.figures.compare import metric, sample_comparisons, series_comparisons
from jupyter_genanalyst.facts.figures.fmt import axis_format
from jupyter_genanalyst.facts.figures.layout import annotation_facts, reference_facts, summary_fact
from jupyter_genanalyst.facts.figures.make import ChartContext
from jupyter_genanalyst.facts.figures.naming import slugify, unique
from jupyter_genanalyst.facts.figures.samples import grid_facts, sample_facts
from jupyter_genanalyst.facts.figures.series import NamedSeries, series_facts
from jupyter_genanalyst.facts.figures.traces import (
    Grid,
    Reading,
    Sample,
    Series,
    Unsupported,
    read_trace,
)
from jupyter_genanalyst.facts.types import Fact

MAX_SERIES = 6
_FACET = re.compile(r"^[^=<>]+=[^=]*$")


class ChartUnreadable(Exception):
    """No trace of the chart could be read; the message says why."""


@dataclass
class ChartReading:
    """What was read from one chart, kept for the cross-chart consistency checks."""

    figure: NamedFigure
    series: list[NamedSeries] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


def _facet_label(fig: Any, trace: Any) -> str:
    """The px facet label(s) ("sex=Female") whose position matches the trace's axes."""
    labels = []
    for ann in fig.layout.annotations or ():
        text = str(ann.text or "")
        if not _FACET.match(text) or ann.x is None or ann.y is None:
            continue
        for ref, coord, pos in (("x", "xaxis", ann.x), ("y", "yaxis", ann.y)):
            axis = fig.layout[coord + str(trace[ref + "axis"] or ref)[1:]]
            dom = axis.domain if axis is not None and axis.domain is not None else None
            if dom and abs((dom[0] + dom[1]) / 2 - pos) < 1e-6:
                labels.append(text)
    return ", ".join(labels)


def _base_name(fig: Any, r: Reading) -> str:
    if r.name:
        return r.name
    if isinstance(r, Series) and r.value_axis:
        title = axis_format(fig.layout, r.value_axis).title
        if title:
            return title
    if isinstance(r, Sample) and r.value_axis:
        return axis_format(fig.layout, r.value_axis).title or f"trace {r.index + 1}"
    if isinstance(r, Grid):
        return "heatmap"
    return "slices" if isinstance(r, Series) and r.chart == "pie" else f"trace {r.index + 1}"


def _names(fig: Any, readings: Sequence[Reading]) -> list[str]:
    names = [_base_name(fig, r) for r in readings]
    for k, r in enumerate(readings):
        if names.count(names[k]) > 1 and not isinstance(r, Sample):
            facet = _facet_label(fig, fig.data[r.index])
            names[k] = f"{names[k]} ({facet or f'trace {r.index + 1}'})"
    return names


def read_chart(nf: NamedFigure) -> ChartReading:
    """Read ``nf`` and compute its facts; raise :class:`ChartUnreadable` if nothing is readable."""
    fig = nf.figure
    ctx = ChartContext(nf.name, nf.slug)
    if not fig.data:
        images = " (it only has layout images)" if fig.layout.images else ""
        raise ChartUnreadable(f"it has no traces{images}, so there are no data to read")
    readings: list[Reading] = [r for i in range(len(fig.data)) for r in read_trace(fig, i)]
    unsupported = [r for r in readings if isinstance(r, Unsupported)]
    readable = [r for r in readings if not isinstance(r, Unsupported)]
    if not readable:
        raise ChartUnreadable(
            "; ".join(f"trace {u.index + 1} ({u.trace_type}): {u.reason}" for u in unsupported)
        )
    names = dict(zip([id(r) for r in readable], _names(fig, readable), strict=True))
    taken: set[str] = set()
    out = ChartReading(nf)
    samples: list[tuple[Sample, str]] = []
    for r in readable:
        name = names[id(r)]
        if isinstance(r, Series):
            fmt = axis_format(fig.layout, r.value_axis)
            label_title = axis_format(fig.layout, r.label_axis).title
            out.series.append(NamedSeries(r, name, unique(slugify(name), taken), fmt, label_title))
        elif isinstance(r, Sample):
            samples.append((r, name))
        elif isinstance(r, Grid):
            out.facts += grid_facts(
                ctx,
                r,
                unique(slugify(name), taken),
                axis_format(fig.layout, "z"),
                axis_format(fig.layout, "x").title,
                axis_format(fig.layout, "y").title,
            )
    out.facts += _series_facts(ctx, out.series)
    out.facts += _sample_facts(ctx, fig, samples, taken)
    out.facts += reference_facts(ctx, fig, out.series) + annotation_facts(ctx, fig)
    kinds = [r.chart if not isinstance(r, Grid) else "heatmap" for r in readable]
    out.facts.append(summary_fact(ctx, fig, kinds, len(readable)))
    out.facts += [_unread_trace(ctx, u) for u in unsupported]
    return out


def _series_facts(ctx: ChartContext, named: list[NamedSeries]) -> list[Fact]:
    facts = series_comparisons(ctx, named)
    chosen = named
    if len(named) > MAX_SERIES:
        chosen = sorted(
            named, key=lambda ns: abs(metric(ns)) if np.isfinite(metric(ns)) else -1, reverse=True
        )[:MAX_SERIES]
        facts.append(
            ctx.fact(
                "series-cap",
                [],
                values={"series": len(named), "detailed": MAX_SERIES},
                units={"series": "count", "detailed": "count"},
                importance=0.3,
                text=(
                    f"The chart has {len(named)} series; per-series facts cover the "
                    f"{MAX_SERIES} largest "
                    f"({', '.join(ns.name for ns in chosen)})."
                ),
                evidence={"series": recorded(len(named)), "detailed": recorded(MAX_SERIES)},
            )
        )
    for ns in chosen:
        facts += series_facts(ctx, ns)
    return facts


def _sample_facts(
    ctx: ChartContext, fig: Any, samples: list[tuple[Sample, str]], taken: set[str]
) -> list[Fact]:
    facts: list[Fact] = []
    boxes, medians = [], []
    fmt = (
        axis_format(fig.layout, samples[0][0].value_axis)
        if samples
        else axis_format(fig.layout, None)
    )
    for s, name in samples:
        s = Sample(
            s.index,
            s.chart,
            name,
            s.raw_expr,
            s.raw,
            s.value_axis,
            s.quartile_method,
            s.precomputed,
            s.caveats,
        )
        new = sample_facts(
            ctx, s, unique(slugify(name), taken), axis_format(fig.layout, s.value_axis), fig
        )
        facts += new
        if s.chart != "histogram" and new:
            boxes.append(s)
            medians.append(float(new[0].values["median"]))  # type: ignore[arg-type]
    return facts + sample_comparisons(ctx, boxes, medians, fmt)


def _unread_trace(ctx: ChartContext, u: Unsupported) -> Fact:
    return ctx.fact(
        "unread-trace",
        [str(u.index)],
        values={"trace": u.index, "type": u.trace_type, "reason": u.reason},
        units={"trace": "count", "type": "text", "reason": "text"},
        importance=0.55,
        text=(
            f"Trace {u.index + 1}{' (' + u.name + ')' if u.name else ''} of '{ctx.name}' "
            f"was not read: {u.reason}."
        ),
        evidence={
            "trace": recorded(u.index),
            "type": f"fig.data[{u.index}].type",
            "reason": recorded(u.reason),
        },
    )
