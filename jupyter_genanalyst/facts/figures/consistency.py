"""Cross-chart consistency: the same measure telling different stories in two charts.

A measure is identified by its series name or its value-axis title (generic titles such
as "value" or "count" identify nothing). For each pair of charts showing the same measure:
additive series (bars, pies, areas, counts) should have the same total; ordered series
should not move in opposite directions; and their x ranges (periods) should match.
Evidence expressions refer to each chart as ``figs['<chart-slug>']``.
"""

from __future__ import annotations

import re
from itertools import combinations

import numpy as np

from jupyter_genanalyst.facts.factory import recorded
from jupyter_genanalyst.facts.figures.chart import ChartReading
from jupyter_genanalyst.facts.figures.make import ChartContext
from jupyter_genanalyst.facts.figures.naming import slugify
from jupyter_genanalyst.facts.figures.series import NamedSeries
from jupyter_genanalyst.facts.format import label, label_value, num, pct, signed
from jupyter_genanalyst.facts.types import Fact, Unit

GENERIC = {"", "value", "values", "count", "variable", "index", "y", "x", "probability", "percent"}
TOTAL_TOLERANCE = 0.005  # relative difference between totals worth flagging
TREND_TOLERANCE = 1.0  # percent change below which a series counts as flat

DASHBOARD = ChartContext("dashboard", "dashboard")


def _in(slug: str, expr: str) -> str:
    return re.sub(r"\bfig\.", f"figs[{slug!r}].", expr)


def _keys(ns: NamedSeries) -> set[str]:
    return {k for k in (slugify(ns.name, ""), slugify(ns.fmt.title, "")) if k not in GENERIC}


def _additive(ns: NamedSeries) -> bool:
    s = ns.series
    agg = s.aggregation
    return (
        (s.chart in ("bar", "pie", "area") or (s.chart == "histogram" and agg.startswith("count")))
        and "normalised" not in agg
        and not agg.startswith(("max", "mean", "min", "avg"))
        and bool(np.all(np.nan_to_num(s.values) >= 0))
    )


def consistency_facts(charts: list[ChartReading]) -> list[Fact]:
    """Flag totals, trends and periods that disagree between charts of the same measure."""
    out: list[Fact] = []
    seen: set[str] = set()
    for ca, cb in combinations(charts, 2):
        for a in ca.series:
            for b in cb.series:
                shared = sorted(_keys(a) & _keys(b))
                if not shared:
                    continue
                key = shared[0]
                pair = (ca.figure.slug, cb.figure.slug)
                for fact in (
                    _totals(key, pair, a, b),
                    _trends(key, pair, a, b),
                    _periods(key, pair, a, b),
                ):
                    if fact is not None and fact.id not in seen:
                        seen.add(fact.id)
                        out.append(fact)
    return out


def _totals(key: str, pair: tuple[str, str], a: NamedSeries, b: NamedSeries) -> Fact | None:
    if not (_additive(a) and _additive(b)):
        return None
    ta, tb = float(np.nansum(a.series.values)), float(np.nansum(b.series.values))
    if abs(ta - tb) <= TOTAL_TOLERANCE * max(abs(ta), abs(tb)):
        return None
    caveats = [
        "if both charts sum the same rows these totals should agree; a filter, a missing "
        "category or a different aggregation explains a difference"
    ]
    return DASHBOARD.fact(
        "consistency",
        ["total", key, f"{pair[0]}-vs-{pair[1]}"],
        values={
            "total_a": ta,
            "total_b": tb,
            "difference": ta - tb,
            "chart_a": pair[0],
            "chart_b": pair[1],
        },
        units={
            "total_a": a.unit,
            "total_b": b.unit,
            "difference": a.unit,
            "chart_a": "text",
            "chart_b": "text",
        },
        importance=0.85,
        text=(
            f"'{a.name}' totals {a.fmt.format(ta)} in chart {pair[0]} but "
            f"{b.fmt.format(tb)} in chart "
            f"{pair[1]} (difference {num(ta - tb)})."
        ),
        evidence={
            "chart_a": recorded(pair[0]),  # chart slugs: which charts, not what they show
            "chart_b": recorded(pair[1]),
            "total_a": _in(pair[0], f"float(np.nansum({a.series.values_expr}))"),
            "total_b": _in(pair[1], f"float(np.nansum({b.series.values_expr}))"),
            "difference": (
                _in(pair[0], f"float(np.nansum({a.series.values_expr}))")
                + " - "
                + _in(pair[1], f"float(np.nansum({b.series.values_expr}))")
            ),
        },
        columns=(a.name, b.name),
        caveats=caveats,
    )


def _change(ns: NamedSeries) -> tuple[float, float] | None:
    v = ns.series.values[np.isfinite(ns.series.values)]
    if v.size < 2 or v[0] == 0:
        return None
    return float(v[-1] - v[0]), float(100 * (v[-1] - v[0]) / abs(v[0]))


_CHANGE = (
    "float((lambda v: 100 * (v[np.isfinite(v)][-1] - v[np.isfinite(v)][0])"
    " / abs(v[np.isfinite(v)][0]))({V}))"
)


def _trends(key: str, pair: tuple[str, str], a: NamedSeries, b: NamedSeries) -> Fact | None:
    if not (a.series.ordered and b.series.ordered):
        return None
    ca, cb = _change(a), _change(b)
    if ca is None or cb is None or abs(ca[1]) < TREND_TOLERANCE or abs(cb[1]) < TREND_TOLERANCE:
        return None
    if np.sign(ca[0]) == np.sign(cb[0]):
        return None
    return DASHBOARD.fact(
        "consistency",
        ["trend", key, f"{pair[0]}-vs-{pair[1]}"],
        values={
            "change_a_pct": ca[1],
            "change_b_pct": cb[1],
            "chart_a": pair[0],
            "chart_b": pair[1],
        },
        units={
            "change_a_pct": "percent",
            "change_b_pct": "percent",
            "chart_a": "text",
            "chart_b": "text",
        },
        importance=0.85,
        text=(
            f"'{a.name}' moves in opposite directions: {signed(ca[1], pct)} first→last "
            f"in chart {pair[0]}, "
            f"{signed(cb[1], pct)} in chart {pair[1]}."
        ),
        evidence={
            "chart_a": recorded(pair[0]),
            "chart_b": recorded(pair[1]),
            "change_a_pct": _in(pair[0], _CHANGE.format(V=a.series.values_expr)),
            "change_b_pct": _in(pair[1], _CHANGE.format(V=b.series.values_expr)),
        },
        columns=(a.name, b.name),
        caveats=("different periods, filters or aggregations can explain opposite trends",),
    )


def _periods(key: str, pair: tuple[str, str], a: NamedSeries, b: NamedSeries) -> Fact | None:
    xa, xb = a.series.axis, b.series.axis
    if (
        not (a.series.ordered and b.series.ordered)
        or xa.positions is None
        or xb.positions is None
        or xa.is_date != xb.is_date
        or xa.positions.size == 0
        or xb.positions.size == 0
    ):
        return None
    ia, ja = int(np.nanargmin(xa.positions)), int(np.nanargmax(xa.positions))
    ib, jb = int(np.nanargmin(xb.positions)), int(np.nanargmax(xb.positions))
    if xa.positions[ia] == xb.positions[ib] and xa.positions[ja] == xb.positions[jb]:
        return None
    values = {
        "start_a": label_value(xa.labels[ia]),
        "end_a": label_value(xa.labels[ja]),
        "start_b": label_value(xb.labels[ib]),
        "end_b": label_value(xb.labels[jb]),
        "chart_a": pair[0],
        "chart_b": pair[1],
    }
    unit: Unit = "date" if xa.is_date else "number"
    ev = {"chart_a": recorded(pair[0]), "chart_b": recorded(pair[1])}
    for side, ns, slug in (("a", a, pair[0]), ("b", b, pair[1])):
        P, L = ns.series.axis.positions_expr, ns.series.axis.labels_expr
        ev[f"start_{side}"] = _in(slug, f"{L}[int(np.nanargmin({P}))]")
        ev[f"end_{side}"] = _in(slug, f"{L}[int(np.nanargmax({P}))]")
    return DASHBOARD.fact(
        "consistency",
        ["period", key, f"{pair[0]}-vs-{pair[1]}"],
        values=values,
        units={
            "start_a": unit,
            "end_a": unit,
            "start_b": unit,
            "end_b": unit,
            "chart_a": "text",
            "chart_b": "text",
        },
        importance=0.7,
        text=(
            f"'{a.name}' covers {label(values['start_a'])} to {label(values['end_a'])} "
            f"in chart {pair[0]} "
            f"but {label(values['start_b'])} to {label(values['end_b'])} in chart {pair[1]}."
        ),
        evidence=ev,
        columns=(a.name, b.name),
        caveats=("comparisons between these charts are over different periods",),
    )
