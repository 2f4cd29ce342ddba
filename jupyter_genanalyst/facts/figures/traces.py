"""Per-trace-type readers: one plotly trace → labelled numbers plus recomputing expressions.

Every number is obtained by *evaluating* the expression that is later shipped as evidence,
so a fact's value and its evidence cannot drift apart. Readers go through the trace
objects (``fig.data[i].y``), which decode plotly 6+'s base64 typed arrays.

Readings come in four shapes: :class:`Series` (labels → values: line, area, scatter,
bar, pie, categorical or explicitly binned histograms), :class:`Sample` (raw values whose
distribution is drawn: box, violin, auto-binned histograms), :class:`Grid` (heatmap) and
:class:`Unsupported` (with the reason, never a guess).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from jupyter_genanalyst.facts.figures.axisvalues import AxisValues, axis_values, evaluate
from jupyter_genanalyst.facts.format import py

SUPPORTED = ("scatter", "scattergl", "bar", "pie", "histogram", "box", "violin", "heatmap")


@dataclass(frozen=True)
class Series:
    """Labels and values of one drawn series, with the expressions that recompute them."""

    index: int
    chart: str  # line | area | scatter | bar | pie | histogram
    name: str
    axis: AxisValues  # the label/position axis
    values_expr: str
    values: np.ndarray
    label_axis: str | None
    value_axis: str | None
    ordered: bool
    aggregation: str = ""
    caveats: tuple[str, ...] = ()
    bin_width: float | None = None  # numeric histogram bins: label = left edge


@dataclass(frozen=True)
class Sample:
    """Raw values whose distribution a box, violin or auto-binned histogram draws."""

    index: int
    chart: str  # box | violin | histogram
    name: str
    raw_expr: str
    raw: np.ndarray
    value_axis: str | None
    quartile_method: str = "linear"
    precomputed: dict[str, str] = field(default_factory=dict)  # q1/median/q3 → expression
    caveats: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grid:
    """A heatmap's z matrix with its x/y labels."""

    index: int
    name: str
    z_expr: str
    z: np.ndarray
    x: AxisValues
    y: AxisValues
    value_axis: str | None = None
    caveats: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unsupported:
    """A trace that was not read, and why."""

    index: int
    trace_type: str
    name: str
    reason: str


Reading = Series | Sample | Grid | Unsupported


def _name(trace: Any, index: int) -> str:
    return str(trace.name) if trace.name else ""


def _has(value: Any) -> bool:
    return value is not None and len(np.asarray(value, dtype=object).ravel()) > 0


def _index_axis(t: str, n: int, fig: Any, start: str, step: str) -> AxisValues:
    expr = f"float({t}.{start} or 0) + float({t}.{step} or 1) * np.arange({n})"
    return axis_values(expr, fig)


def _grouped(values_raw: str, keys_raw: str, how: str) -> tuple[str, str]:
    g = f"pd.Series({values_raw}).groupby(np.asarray({keys_raw}), sort=False).{how}()"
    return f"{g}.to_numpy(dtype=float)", f"{g}.index.to_numpy()"


def _duplicated(fig: Any, keys_raw: str) -> bool:
    keys = np.asarray(evaluate(keys_raw, fig), dtype=object)
    return len(pd.unique(keys)) < len(keys)


def read_scatter(fig: Any, i: int) -> Reading:
    """Line, area or marker scatter; the chart kind comes from ``mode``/``fill``/``stackgroup``."""
    t = f"fig.data[{i}]"
    trace = fig.data[i]
    if not _has(trace.y):
        return Unsupported(i, trace.type, _name(trace, i), "the trace has no y values")
    values_expr = f"np.asarray({t}.y, dtype=float)"
    values = evaluate(values_expr, fig)
    axis = (
        axis_values(f"{t}.x", fig)
        if _has(trace.x)
        else _index_axis(t, len(values), fig, "x0", "dx")
    )
    mode = trace.mode or ("lines+markers" if len(values) < 20 else "lines")
    fill = getattr(trace, "fill", None) not in (None, "none")
    stacked = bool(getattr(trace, "stackgroup", None))  # go.Scattergl has no stackgroup
    chart = "area" if (fill or stacked) else "line" if "lines" in mode else "scatter"
    caveats = ("stacked area: each band's height is this series' own value",) if stacked else ()
    return Series(
        i,
        chart,
        _name(trace, i),
        axis,
        values_expr,
        values,
        trace.xaxis or "x",
        trace.yaxis or "y",
        chart != "scatter",
        caveats=caveats,
    )


def read_bar(fig: Any, i: int) -> Reading:
    """Bars; repeated categories are summed when bars stack (plotly's px default)."""
    t = f"fig.data[{i}]"
    trace = fig.data[i]
    horizontal = trace.orientation == "h"
    val, lab = ("x", "y") if horizontal else ("y", "x")
    if not _has(trace[val]):
        return Unsupported(i, "bar", _name(trace, i), f"the bar trace has no {val} values")
    values_raw = f"np.asarray({t}.{val}, dtype=float)"
    n = len(evaluate(values_raw, fig))
    aggregation, caveats = "", tuple[str, ...]()
    if not _has(trace[lab]):
        axis = _index_axis(t, n, fig, f"{lab}0", f"d{lab}")
        values_expr = values_raw
    elif _duplicated(fig, f"{t}.{lab}"):
        stacked = fig.layout.barmode in (None, "stack", "relative")
        how = "sum" if stacked else "max"
        values_expr, labels_raw = _grouped(values_raw, f"{t}.{lab}", how)
        axis = axis_values(labels_raw, fig)
        aggregation = f"{how} of {n} rows per bar"
        if not stacked:
            caveats = (
                f"repeated categories overlap in barmode={fig.layout.barmode!r}; "
                "the visible bar is the largest",
            )
    else:
        axis = axis_values(f"{t}.{lab}", fig)
        values_expr = values_raw
    values = evaluate(values_expr, fig)
    ordered = axis.positions is not None and bool(np.all(np.diff(axis.positions) > 0))
    label_axis = (trace.yaxis or "y") if horizontal else (trace.xaxis or "x")
    value_axis = (trace.xaxis or "x") if horizontal else (trace.yaxis or "y")
    return Series(
        i,
        "bar",
        _name(trace, i),
        axis,
        values_expr,
        values,
        label_axis,
        value_axis,
        ordered,
        aggregation,
        caveats,
    )


def read_pie(fig: Any, i: int) -> Reading:
    """Pie/donut: plotly sums values of repeated labels, or counts labels without values."""
    t = f"fig.data[{i}]"
    trace = fig.data[i]
    if _has(trace.labels):
        n = len(trace.labels)
        values_raw = (
            f"np.asarray({t}.values, dtype=float)" if _has(trace.values) else f"np.ones({n})"
        )
        if _duplicated(fig, f"{t}.labels") or not _has(trace.values):
            values_expr, labels_raw = _grouped(values_raw, f"{t}.labels", "sum")
            aggregation = (
                "sum of values per label"
                if _has(trace.values)
                else "count of rows per label (no values given)"
            )
        else:
            values_expr, labels_raw, aggregation = values_raw, f"{t}.labels", ""
        axis = axis_values(labels_raw, fig)
    elif _has(trace.values):
        values_expr, aggregation = f"np.asarray({t}.values, dtype=float)", ""
        axis = _index_axis(t, len(trace.values), fig, "label0", "dlabel")
    else:
        return Unsupported(i, "pie", _name(trace, i), "the pie has neither labels nor values")
    values = evaluate(values_expr, fig)
    return Series(
        i, "pie", _name(trace, i), axis, values_expr, values, None, None, False, aggregation
    )


_HISTFUNC = {"count": "sum", "sum": "sum", "avg": "mean", "min": "min", "max": "max"}


def _normalised(expr: str, histnorm: str, width: float) -> str:
    if histnorm == "percent":
        return f"(lambda v: 100 * v / v.sum())({expr})"
    if histnorm == "probability":
        return f"(lambda v: v / v.sum())({expr})"
    if histnorm == "density":
        return f"({expr}) / {width!r}"
    if histnorm == "probability density":
        return f"(lambda v: v / v.sum() / {width!r})({expr})"
    return expr


def read_histogram(fig: Any, i: int) -> Reading:
    """Categorical or explicitly binned histograms exactly; automatic numeric bins as a sample.

    Bin edges chosen by plotly.js in the browser (no ``xbins.start``/``size``) are not
    reproduced: the raw values' statistics are reported instead, with that caveat.
    """
    t = f"fig.data[{i}]"
    trace = fig.data[i]
    horizontal = trace.orientation == "h" or (not _has(trace.x) and _has(trace.y))
    binned, other = ("y", "x") if horizontal else ("x", "y")
    if not _has(trace[binned]):
        return Unsupported(i, "histogram", _name(trace, i), "the histogram has no data")
    histfunc = trace.histfunc or "count"
    weighted = histfunc != "count" and _has(trace[other])
    n = len(trace[binned])
    weights = f"np.asarray({t}.{other}, dtype=float)" if weighted else f"np.ones({n})"
    how = _HISTFUNC[histfunc] if weighted else "sum"
    histnorm = trace.histnorm or ""
    aggregation = f"{histfunc} of {other} per bin" if weighted else "count of rows per bin"
    if histnorm:
        aggregation += f", normalised as {histnorm}"
    binned_axis, value_axis = (
        ((trace.yaxis or "y"), (trace.xaxis or "x"))
        if horizontal
        else ((trace.xaxis or "x"), (trace.yaxis or "y"))
    )
    probe = axis_values(f"{t}.{binned}", fig)
    if probe.positions is None:  # categories: one bin per category, order of appearance
        grouped_values, labels_raw = _grouped(weights, f"{t}.{binned}", how)
        values_expr = _normalised(grouped_values, histnorm, 1.0)
        axis = axis_values(labels_raw, fig)
        return Series(
            i,
            "histogram",
            _name(trace, i),
            axis,
            values_expr,
            evaluate(values_expr, fig),
            binned_axis,
            value_axis,
            False,
            aggregation,
        )
    bins = trace.ybins if horizontal else trace.xbins
    if (
        not probe.is_date
        and bins is not None
        and bins.start is not None
        and bins.size
        and not isinstance(bins.size, str)
    ):
        return _explicit_bins(
            fig, i, probe, bins, weights, how, histnorm, aggregation, binned_axis, value_axis
        )
    raw_expr = (
        f"np.asarray({t}.{binned}, dtype=float)" if not probe.is_date else str(probe.positions_expr)
    )
    nb = trace.nbinsy if horizontal else trace.nbinsx
    caveat = (
        "binning is plotly's automatic one, computed in the browser"
        + (f" (nbins{binned}={nb} is only an upper bound)" if nb else "")
        + "; figures below describe the raw values, not the bars"
    )
    if weighted or histnorm:
        caveat += f"; bar heights are the {aggregation}"
    if probe.is_date:
        caveat += "; dates are measured in days since 1970-01-01"
    return Sample(
        i,
        "histogram",
        _name(trace, i),
        raw_expr,
        evaluate(raw_expr, fig),
        binned_axis,
        caveats=(caveat,),
    )


def _explicit_bins(
    fig: Any,
    i: int,
    probe: AxisValues,
    bins: Any,
    weights: str,
    how: str,
    histnorm: str,
    aggregation: str,
    binned_axis: str,
    value_axis: str,
) -> Series:
    """Left-closed bins ``[start + k·size, start + (k+1)·size)`` as plotly.js draws them."""
    start, size = float(bins.start), float(bins.size)
    x = np.asarray(probe.positions, dtype=float)
    end = float(bins.end) if bins.end is not None else float(np.nanmax(x))
    count = max(1, int(np.floor((end - start) / size + 1e-9)) + (0 if bins.end is not None else 1))
    if bins.end is not None and start + count * size < end - 1e-9 * size:
        count += 1
    pos = str(probe.positions_expr)
    fill = "0" if how == "sum" else "np.nan"
    grouped = (
        f"(lambda x, w: (lambda m: pd.Series(w[m]).groupby(((x[m] - {start!r}) // {size!r})"
        f".astype(int)).{how}().reindex(range({count}), fill_value={fill})"
        f".to_numpy(dtype=float))((x >= {start!r}) & (x < {start + count * size!r})))"
        f"({pos}, {weights})"
    )
    values_expr = _normalised(grouped, histnorm, size)
    axis = axis_values(f"{start!r} + {size!r} * np.arange({count})", fig)
    trace = fig.data[i]
    return Series(
        i,
        "histogram",
        _name(trace, i),
        axis,
        values_expr,
        evaluate(values_expr, fig),
        binned_axis,
        value_axis,
        True,
        aggregation,
        bin_width=size,
    )


def read_box(fig: Any, i: int) -> list[Reading]:
    """One :class:`Sample` per drawn box (a trace with x categories draws one box per category)."""
    t = f"fig.data[{i}]"
    trace = fig.data[i]
    kind = trace.type
    name = _name(trace, i)
    horizontal = trace.orientation == "h" or (not _has(trace.y) and _has(trace.x))
    val, grp = ("x", "y") if horizontal else ("y", "x")
    value_axis = (trace.xaxis or "x") if horizontal else (trace.yaxis or "y")
    if kind == "box" and _has(trace.q1) and _has(trace.median) and _has(trace.q3):
        grp = "y" if trace.orientation == "h" else "x"
        out: list[Reading] = []
        groups = (
            list(trace[grp])
            if _has(trace[grp])
            else [name or f"box {k + 1}" for k in range(len(trace.q1))]
        )
        for k, group in enumerate(groups):
            pre = {q: f"float({t}.{q}[{k}])" for q in ("q1", "median", "q3")}
            label = str(group) if not name else f"{name} · {group}"
            out.append(
                Sample(i, kind, label, "np.array([])", np.array([]), value_axis, "precomputed", pre)
            )
        return out
    if not _has(trace[val]):
        return [Unsupported(i, kind, name, f"the {kind} has no {val} values")]
    method = (trace.quartilemethod or "linear") if kind == "box" else "linear"
    caveats = (
        ("violin: quartiles computed from the raw values with the linear method",)
        if kind == "violin"
        else ()
    )
    raw = f"np.asarray({t}.{val}, dtype=float)"
    if not _has(trace[grp]):
        return [
            Sample(
                i,
                kind,
                name or str(trace[f"{grp}0"] or f"{kind} {i + 1}"),
                raw,
                evaluate(raw, fig),
                value_axis,
                method,
                caveats=caveats,
            )
        ]
    keys = np.asarray(trace[grp], dtype=object)
    out = []
    for group in pd.unique(keys):
        if group is None:
            continue
        expr = f"{raw}[np.asarray({t}.{grp}, dtype=object) == {py(group)!r}]"
        label = str(group) if not name else f"{name} · {group}"
        out.append(
            Sample(i, kind, label, expr, evaluate(expr, fig), value_axis, method, caveats=caveats)
        )
    return out


def read_heatmap(fig: Any, i: int) -> Reading:
    """Heatmap cells; missing x/y mean cell indices, as plotly draws them."""
    t = f"fig.data[{i}]"
    trace = fig.data[i]
    if not _has(trace.z):
        return Unsupported(i, "heatmap", _name(trace, i), "the heatmap has no z values")
    z_expr = f"np.asarray({t}.z, dtype=float)" + (".T" if trace.transpose else "")
    z = evaluate(z_expr, fig)
    if z.ndim != 2:
        return Unsupported(i, "heatmap", _name(trace, i), "z is not a 2-D matrix")
    x = axis_values(f"{t}.x", fig) if _has(trace.x) else _index_axis(t, z.shape[1], fig, "x0", "dx")
    y = axis_values(f"{t}.y", fig) if _has(trace.y) else _index_axis(t, z.shape[0], fig, "y0", "dy")
    name = _name(trace, i)
    return Grid(i, "" if name.isdigit() else name, z_expr, z, x, y)  # px.imshow names it "0"


def read_trace(fig: Any, i: int) -> list[Reading]:
    """Dispatch on ``fig.data[i].type``; unsupported types say so (maps, 3-D, images…)."""
    trace = fig.data[i]
    kind = trace.type
    try:
        if kind in ("scatter", "scattergl"):
            return [read_scatter(fig, i)]
        if kind == "bar":
            return [read_bar(fig, i)]
        if kind == "pie":
            return [read_pie(fig, i)]
        if kind == "histogram":
            return [read_histogram(fig, i)]
        if kind in ("box", "violin"):
            return read_box(fig, i)
        if kind == "heatmap":
            return [read_heatmap(fig, i)]
    except (TypeError, ValueError) as exc:  # non-numeric values where numbers are needed
        return [Unsupported(i, kind, _name(trace, i), f"its values are not numeric ({exc})")]
    return [
        Unsupported(
            i,
            kind,
            _name(trace, i),
            f"trace type '{kind}' is not read (supported: {', '.join(SUPPORTED)})",
        )
    ]
