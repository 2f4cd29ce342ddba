"""Facts that compare series within one chart: who leads, crossings, divergence, boxes.

Only series drawn the same way are compared (lines with lines, bars with bars), and
crossings/divergence only when both series share exactly the same x labels, so that
the comparison is point-for-point and reproducible.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from jupyter_genanalyst.facts.factory import recorded
from jupyter_genanalyst.facts.figures.fmt import AxisFormat
from jupyter_genanalyst.facts.figures.make import ChartContext
from jupyter_genanalyst.facts.figures.samples import quartile_exprs
from jupyter_genanalyst.facts.figures.series import NamedSeries
from jupyter_genanalyst.facts.figures.traces import Sample
from jupyter_genanalyst.facts.format import label, label_value, signed
from jupyter_genanalyst.facts.types import Fact, Unit

_LAST = "float((lambda v: v[np.isfinite(v)][-1])({V}))"
_TOTAL = "float(np.nansum({V}))"


def metric(ns: NamedSeries) -> float:
    """What series are ranked by: the last value on an ordered axis, else the total."""
    v = ns.series.values[np.isfinite(ns.series.values)]
    if v.size == 0:
        return float("-inf")
    return float(v[-1]) if ns.series.ordered else float(v.sum())


def series_comparisons(ctx: ChartContext, named: list[NamedSeries]) -> list[Fact]:
    """Leader, and crossings/divergence for the top three series of each drawing kind."""
    out: list[Fact] = []
    groups: dict[tuple[str, bool], list[NamedSeries]] = {}
    for ns in named:
        if ns.series.chart in ("line", "area", "bar"):
            groups.setdefault((ns.series.chart, ns.series.ordered), []).append(ns)
    for (chart, ordered), members in groups.items():
        if len(members) < 2:
            continue
        ranked = sorted(members, key=metric, reverse=True)
        out.append(_leader(ctx, chart, ordered, ranked))
        if ordered:
            for a, b in combinations(ranked[:3], 2):
                out += _pair(ctx, a, b)
    return out


def _leader(ctx: ChartContext, chart: str, ordered: bool, ranked: list[NamedSeries]) -> Fact:
    first, second = ranked[0], ranked[1]
    tpl = _LAST if ordered else _TOTAL
    fmt = first.fmt
    what = "the last value" if ordered else "the total"
    unit: Unit = first.unit
    return ctx.fact(
        "leader",
        [chart],
        values={
            "series": first.name,
            "value": metric(first),
            "runner_up": second.name,
            "runner_up_value": metric(second),
            "series_count": len(ranked),
        },
        units={
            "series": "text",
            "value": unit,
            "runner_up": "text",
            "runner_up_value": unit,
            "series_count": "count",
        },
        importance=0.6,
        text=(
            f"Of {len(ranked)} {chart} series, {first.name} leads on {what} with "
            f"{fmt.format(metric(first))}, "
            f"ahead of {second.name} at {fmt.format(metric(second))}."
        ),
        evidence={
            "series": recorded(first.name),  # display names and the grouping are the reader's
            "value": tpl.format(V=first.series.values_expr),
            "runner_up": recorded(second.name),
            "runner_up_value": tpl.format(V=second.series.values_expr),
            "series_count": recorded(len(ranked)),
        },
        columns=(first.name, second.name, fmt.title),
    )


def _pair(ctx: ChartContext, a: NamedSeries, b: NamedSeries) -> list[Fact]:
    la, lb = a.series.axis.labels, b.series.axis.labels
    if la.shape != lb.shape or not np.array_equal(la.astype(str), lb.astype(str)):
        return []
    d = a.series.values - b.series.values
    ok = np.flatnonzero(np.isfinite(d))
    if ok.size < 2:
        return []
    D = f"({a.series.values_expr} - {b.series.values_expr})"
    L = a.series.axis.labels_expr
    signs = np.sign(d[ok])
    nz = ok[signs != 0]
    flips = np.flatnonzero(np.diff(np.sign(d[nz])) != 0)
    pair = f"{a.slug}-vs-{b.slug}"
    cols = (a.name, b.name, a.fmt.title)
    fmt: AxisFormat = a.fmt
    sign_expr = f"(lambda d: np.sign(d[np.isfinite(d) & (d != 0)]))({D})"
    count_expr = f"int(np.sum(np.diff({sign_expr}) != 0))"
    out = []
    if flips.size:
        last = la[nz[flips[-1] + 1]]
        last_expr = (
            f"(lambda d, l: (lambda k: l[k][np.flatnonzero(np.diff(np.sign(d[k])) != 0)[-1] + 1])"
            f"(np.isfinite(d) & (d != 0)))({D}, {L})"
        )
        out.append(
            ctx.fact(
                "crossings",
                [pair],
                values={"count": int(flips.size), "last_at": label_value(last)},
                units={"count": "count", "last_at": a.label_unit},
                importance=0.5 + min(0.1, 0.02 * flips.size),
                text=(
                    f"{a.name} and {b.name} cross {flips.size} time(s); "
                    f"the last crossing is at {label(last)}."
                ),
                evidence={"count": count_expr, "last_at": last_expr},
                columns=cols,
            )
        )
    else:
        above = a.name if signs[signs != 0][0] > 0 else b.name if signs.any() else None
        if above is not None:
            out.append(
                ctx.fact(
                    "crossings",
                    [pair],
                    values={"count": 0, "above": above},
                    units={"count": "count", "above": "text"},
                    importance=0.45,
                    text=(
                        f"{above} stays above {b.name if above == a.name else a.name} "
                        "at every shared point."
                    ),
                    evidence={"count": count_expr, "above": recorded(above)},
                    columns=cols,
                )
            )
    start, end = float(d[ok[0]]), float(d[ok[-1]])
    widened = abs(end) > abs(start)
    out.append(
        ctx.fact(
            "divergence",
            [pair],
            values={"gap_start": start, "gap_end": end, "gap_change": abs(end) - abs(start)},
            units={"gap_start": a.unit, "gap_end": a.unit, "gap_change": a.unit},
            importance=0.45
            + min(0.2, 0.2 * abs(abs(end) - abs(start)) / (abs(start) + abs(end) + 1e-12)),
            text=(
                f"The gap {a.name} − {b.name} {'widened' if widened else 'narrowed'} from "
                f"{signed(start, fmt.format)} at {label(la[ok[0]])} to {signed(end, fmt.format)} "
                f"at {label(la[ok[-1]])}."
            ),
            evidence={
                "gap_start": f"float((lambda d: d[np.isfinite(d)][0])({D}))",
                "gap_end": f"float((lambda d: d[np.isfinite(d)][-1])({D}))",
                "gap_change": (
                    "float((lambda d: abs(d[np.isfinite(d)][-1]) - abs(d[np.isfinite(d)][0]))"
                    f"({D}))"
                ),
            },
            columns=cols,
        )
    )
    return out


def sample_comparisons(
    ctx: ChartContext, samples: list[Sample], medians: list[float], fmt: AxisFormat
) -> list[Fact]:
    """Which box has the highest and the lowest median (two or more boxes)."""
    if len(samples) < 2:
        return []
    hi, lo = int(np.argmax(medians)), int(np.argmin(medians))

    def expr(s: Sample) -> str:
        return (s.precomputed or quartile_exprs(s.raw_expr, s.quartile_method))["median"]

    unit: Unit = fmt.unit
    return [
        ctx.fact(
            "medians",
            [],
            values={
                "highest": samples[hi].name,
                "highest_median": medians[hi],
                "lowest": samples[lo].name,
                "lowest_median": medians[lo],
                "boxes": len(samples),
            },
            units={
                "highest": "text",
                "highest_median": unit,
                "lowest": "text",
                "lowest_median": unit,
                "boxes": "count",
            },
            importance=0.6,
            text=(
                f"Of {len(samples)} boxes, {samples[hi].name} has the highest median "
                f"({fmt.format(medians[hi])}) "
                f"and {samples[lo].name} the lowest ({fmt.format(medians[lo])})."
            ),
            evidence={
                "highest": recorded(samples[hi].name),  # display names are the reader's
                "highest_median": expr(samples[hi]),
                "lowest": recorded(samples[lo].name),
                "lowest_median": expr(samples[lo]),
                "boxes": recorded(len(samples)),
            },
            columns=(samples[hi].name, samples[lo].name, fmt.title),
        )
    ]
