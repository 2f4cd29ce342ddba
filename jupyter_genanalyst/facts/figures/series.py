"""Facts about one labelled series: trend, peaks/troughs, jumps, gaps, ranks, shares, outliers.

Which facts apply depends on what the labels are: positions along an ordered axis
(line, area, time bars, binned histograms) have a first→last trend and gaps; categories
(bars, pies, categorical histograms) have ranks and shares; markers have a correlation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jupyter_genanalyst.facts.figures.fmt import AxisFormat
from jupyter_genanalyst.facts.figures.make import ChartContext
from jupyter_genanalyst.facts.figures.traces import Series
from jupyter_genanalyst.facts.format import label, label_value, num, pct, signed
from jupyter_genanalyst.facts.types import Fact, Unit

MAX_RANKED = 5


@dataclass(frozen=True)
class NamedSeries:
    """A :class:`Series` with its resolved display name, slug and axis formats."""

    series: Series
    name: str
    slug: str
    fmt: AxisFormat
    label_title: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.name, self.fmt.title, self.label_title)

    @property
    def unit(self) -> Unit:
        unit = self.fmt.unit
        if (
            unit == "number"
            and self.series.aggregation.startswith("count")
            and "normalised" not in self.series.aggregation
        ):
            return "count"
        return unit

    @property
    def label_unit(self) -> Unit:
        return "date" if self.series.axis.is_date else "text"


def series_facts(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    """All the facts that apply to one series (see the module docstring)."""
    s = ns.series
    finite = s.values[np.isfinite(s.values)]
    if finite.size == 0:
        return []
    out: list[Fact] = []
    if s.chart == "histogram" and s.bin_width is not None:
        out += _bins(ctx, ns)
    elif s.ordered:
        out += _trend(ctx, ns) + _extremes(ctx, ns) + _jump(ctx, ns) + _gaps(ctx, ns)
    elif s.chart == "scatter":
        out += _correlation(ctx, ns) + _extremes(ctx, ns)
    else:
        out += _shares(ctx, ns) if s.chart == "pie" else _ranks(ctx, ns)
    out += _missing(ctx, ns) + _outliers(ctx, ns) + _spread(ctx, ns)
    return out


def _first_last(v: np.ndarray) -> tuple[int, int]:
    idx = np.flatnonzero(np.isfinite(v))
    return int(idx[0]), int(idx[-1])


def _trend(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s, f = ns.series, ns.fmt
    v, lab = s.values, s.axis.labels
    i, j = _first_last(v)
    if i == j:
        return []
    V, L = s.values_expr, s.axis.labels_expr
    first, last = float(v[i]), float(v[j])
    change = last - first
    values: dict[str, float | int | str | None] = {
        "first": first,
        "last": last,
        "change": change,
        "start": label_value(lab[i]),
        "end": label_value(lab[j]),
    }
    ev = {
        "first": f"float((lambda v: v[np.isfinite(v)][0])({V}))",
        "last": f"float((lambda v: v[np.isfinite(v)][-1])({V}))",
        "change": f"float((lambda v: v[np.isfinite(v)][-1] - v[np.isfinite(v)][0])({V}))",
        "start": f"(lambda v, l: l[np.isfinite(v)][0])({V}, {L})",
        "end": f"(lambda v, l: l[np.isfinite(v)][-1])({V}, {L})",
    }
    units: dict[str, Unit] = {
        "first": ns.unit,
        "last": ns.unit,
        "change": ns.unit,
        "start": ns.label_unit,
        "end": ns.label_unit,
    }
    rel = ""
    size = 0.0
    if first != 0:
        change_pct = 100.0 * change / abs(first)
        values["change_pct"] = change_pct
        units["change_pct"] = "percent"
        ev["change_pct"] = (
            f"float((lambda v: 100 * (v[np.isfinite(v)][-1] - v[np.isfinite(v)][0])"
            f" / abs(v[np.isfinite(v)][0]))({V}))"
        )
        rel = f" ({signed(change_pct, pct)})"
        size = min(1.0, abs(change_pct) / 50)
    verb = "rose" if change > 0 else "fell" if change < 0 else "was unchanged"
    text = (
        f"{ns.name} {verb} from {f.format(first)} ({label(lab[i])}) to {f.format(last)} "
        f"({label(lab[j])}): {signed(change, f.format)}{rel}."
    )
    return [
        ctx.fact(
            "trend",
            [ns.slug],
            values=values,
            units=units,
            importance=0.55 + 0.35 * size,
            text=text,
            evidence=ev,
            columns=ns.columns,
            caveats=s.caveats,
            sample_size=int(np.isfinite(v).sum()),
        )
    ]


def _extremes(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s, f = ns.series, ns.fmt
    V, L = s.values_expr, s.axis.labels_expr
    out = []
    for topic, fn, word, imp in (
        ("peak", "nanargmax", "peaked at", 0.5),
        ("trough", "nanargmin", "was lowest at", 0.45),
    ):
        k = int(getattr(np, fn)(s.values))
        value, where = float(s.values[k]), s.axis.labels[k]
        out.append(
            ctx.fact(
                topic,
                [ns.slug],
                values={"value": value, "at": label_value(where)},
                units={"value": ns.unit, "at": ns.label_unit},
                importance=imp,
                text=(
                    f"{ns.name} {word} {f.format(value)} at "
                    f"{ns.label_title or 'x'} = {label(where)}."
                ),
                evidence={
                    "value": f"float(np.{fn.replace('arg', '')}({V}))",
                    "at": f"(lambda v, l: l[int(np.{fn}(v))])({V}, {L})",
                },
                columns=ns.columns,
                caveats=s.caveats,
            )
        )
    return out


def _jump(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s, f = ns.series, ns.fmt
    if s.values.size < 3:
        return []
    d = np.diff(s.values)
    if not np.isfinite(d).any():
        return []
    k = int(np.nanargmax(np.abs(d)))
    V, L = s.values_expr, s.axis.labels_expr
    a, b = s.axis.labels[k], s.axis.labels[k + 1]
    return [
        ctx.fact(
            "jump",
            [ns.slug],
            values={"change": float(d[k]), "from": label_value(a), "to": label_value(b)},
            units={"change": ns.unit, "from": ns.label_unit, "to": ns.label_unit},
            importance=0.4,
            text=(
                f"The largest single move in {ns.name} was {signed(float(d[k]), f.format)} "
                f"from {label(a)} to {label(b)}."
            ),
            evidence={
                "change": f"(lambda d: float(d[int(np.nanargmax(np.abs(d)))]))(np.diff({V}))",
                "from": f"(lambda d, l: l[int(np.nanargmax(np.abs(d)))])(np.diff({V}), {L})",
                "to": f"(lambda d, l: l[int(np.nanargmax(np.abs(d))) + 1])(np.diff({V}), {L})",
            },
            columns=ns.columns,
        )
    ]


def _gaps(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s = ns.series
    pos = s.axis.positions
    if pos is None or pos.size < 4:
        return []
    d = np.diff(pos)
    if not np.all(np.isfinite(d)) or np.any(d <= 0):
        return []
    typical, k = float(np.median(d)), int(np.argmax(d))
    if d[k] <= 2 * typical:
        return []
    P, L = s.axis.positions_expr, s.axis.labels_expr
    unit: Unit = "duration" if s.axis.is_date else "number"
    per = " days" if s.axis.is_date else ""
    a, b = s.axis.labels[k], s.axis.labels[k + 1]
    return [
        ctx.fact(
            "gap",
            [ns.slug],
            values={
                "gap": float(d[k]),
                "typical": typical,
                "after": label_value(a),
                "before": label_value(b),
            },
            units={"gap": unit, "typical": unit, "after": ns.label_unit, "before": ns.label_unit},
            importance=0.45,
            text=(
                f"{ns.name} has a gap of {num(float(d[k]))}{per} "
                f"between {label(a)} and {label(b)} "
                f"(points are usually {num(typical)}{per} apart)."
            ),
            evidence={
                "gap": f"float(np.max(np.diff({P})))",
                "typical": f"float(np.median(np.diff({P})))",
                "after": f"{L}[int(np.argmax(np.diff({P})))]",
                "before": f"{L}[int(np.argmax(np.diff({P}))) + 1]",
            },
            columns=ns.columns,
        )
    ]


def _missing(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s = ns.series
    n_missing = int(np.sum(~np.isfinite(s.values)))
    if n_missing == 0 or s.chart in ("histogram", "pie"):
        return []
    return [
        ctx.fact(
            "missing",
            [ns.slug],
            values={"missing": n_missing, "n": int(s.values.size)},
            units={"missing": "count", "n": "count"},
            importance=0.4,
            text=(
                f"{ns.name} has {n_missing} of {s.values.size} points without a value "
                "(drawn as breaks)."
            ),
            evidence={
                "missing": f"int(np.sum(~np.isfinite({s.values_expr})))",
                "n": f"int(np.size({s.values_expr}))",
            },
            columns=ns.columns,
        )
    ]


def _ranks(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s, f = ns.series, ns.fmt
    v, lab = s.values, s.axis.labels
    if v.size < 2:
        return []
    V, L = s.values_expr, s.axis.labels_expr
    order = np.argsort(-np.nan_to_num(v, nan=-np.inf), kind="stable")
    top, second, bottom = int(order[0]), int(order[1]), int(np.nanargmin(v))
    total = float(np.nansum(v))
    values: dict[str, float | int | str | None] = {
        "top": label_value(lab[top]),
        "top_value": float(v[top]),
        "second": label_value(lab[second]),
        "second_value": float(v[second]),
        "bottom": label_value(lab[bottom]),
        "bottom_value": float(v[bottom]),
        "order": " > ".join(label(label_value(x)) for x in lab[order[:MAX_RANKED]]),
    }
    ev = {
        "top": f"(lambda v, l: l[int(np.nanargmax(v))])({V}, {L})",
        "top_value": f"float(np.nanmax({V}))",
        "second": (
            "(lambda v, l: l[np.argsort(-np.nan_to_num(v, nan=-np.inf), kind='stable')[1]])"
            f"({V}, {L})"
        ),
        "second_value": f"float(np.sort(np.nan_to_num({V}, nan=-np.inf))[::-1][1])",
        "bottom": f"(lambda v, l: l[int(np.nanargmin(v))])({V}, {L})",
        "bottom_value": f"float(np.nanmin({V}))",
        "order": (
            "' > '.join(str(int(x)) if isinstance(x, float) and x.is_integer() else str(x) "
            "for x in (lambda v, l: l[np.argsort(-np.nan_to_num(v, nan=-np.inf), "
            f"kind='stable')[:{MAX_RANKED}]])({V}, {L}).tolist())"
        ),
    }
    units: dict[str, Unit] = {
        "top": ns.label_unit,
        "top_value": ns.unit,
        "second": ns.label_unit,
        "second_value": ns.unit,
        "bottom": ns.label_unit,
        "bottom_value": ns.unit,
        "order": "text",
    }
    share_text = ""
    if np.nanmin(v) >= 0 and total > 0:
        values["total"] = total
        values["top_share_pct"] = 100.0 * float(v[top]) / total
        units["total"], units["top_share_pct"] = ns.unit, "percent"
        ev["total"] = f"float(np.nansum({V}))"
        ev["top_share_pct"] = f"float(100 * np.nanmax({V}) / np.nansum({V}))"
        share_text = f" ({pct(values['top_share_pct'])} of the total {f.format(total)})"  # type: ignore[arg-type]
    what = ns.fmt.title or ns.name
    text = (
        f"In {ns.name}, {label(lab[top])} has the highest {what}: "
        f"{f.format(float(v[top]))}{share_text}; "
        f"next {label(lab[second])} at {f.format(float(v[second]))}"
    )
    if bottom != second:
        text += f"; lowest {label(lab[bottom])} at {f.format(float(v[bottom]))}"
    text += "."
    caveats = s.caveats + ((f"bars aggregate the data: {s.aggregation}",) if s.aggregation else ())
    return [
        ctx.fact(
            "ranks",
            [ns.slug],
            values=values,
            units=units,
            importance=0.65,
            text=text,
            evidence=ev,
            columns=ns.columns,
            caveats=caveats,
            sample_size=int(v.size),
        )
    ]


def _shares(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s = ns.series
    v, lab = s.values, s.axis.labels
    total = float(np.nansum(v))
    if total <= 0 or np.nanmin(v) < 0:
        return []
    V, L = s.values_expr, s.axis.labels_expr
    order = np.argsort(-v, kind="stable")[:6]
    values: dict[str, float | int | str | None] = {}
    ev: dict[str, str] = {}
    units: dict[str, Unit] = {}
    parts = []
    for rank, k in enumerate(order, start=1):
        share = 100.0 * float(v[k]) / total
        values[f"label_{rank}"], values[f"share_{rank}_pct"] = label_value(lab[k]), share
        units[f"label_{rank}"], units[f"share_{rank}_pct"] = "text", "percent"
        ev[f"label_{rank}"] = (
            f"(lambda v, l: l[np.argsort(-v, kind='stable')[{rank - 1}]])({V}, {L})"
        )
        ev[f"share_{rank}_pct"] = f"float(100 * np.sort({V})[::-1][{rank - 1}] / np.nansum({V}))"
        parts.append(f"{label(lab[k])} {pct(share)}")
    more = f" (+{v.size - len(order)} smaller)" if v.size > len(order) else ""
    return [
        ctx.fact(
            "shares",
            [ns.slug],
            values=values,
            units=units,
            importance=0.6,
            text=f"Shares of {ns.name}: " + ", ".join(parts) + more + ".",
            evidence=ev,
            columns=ns.columns,
            caveats=(f"slices aggregate the data: {s.aggregation}",) if s.aggregation else (),
        )
    ]


def _correlation(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s = ns.series
    if s.axis.positions is None:
        return []
    x, y = s.axis.positions, s.values
    m = np.isfinite(x) & np.isfinite(y)
    if m.sum() < 3 or np.std(x[m]) == 0 or np.std(y[m]) == 0:
        return []
    r = float(np.corrcoef(x[m], y[m])[0, 1])
    slope = float(np.polyfit(x[m], y[m], 1)[0])
    P, V = s.axis.positions_expr, s.values_expr
    pair = f"(lambda x, y: (lambda m: FN)(np.isfinite(x) & np.isfinite(y)))({P}, {V})"
    word = "rises" if r > 0 else "falls"
    strength = "strongly" if abs(r) >= 0.7 else "moderately" if abs(r) >= 0.4 else "weakly"
    return [
        ctx.fact(
            "correlation",
            [ns.slug],
            values={"r": r, "slope": slope, "n": int(m.sum())},
            units={"r": "number", "slope": "number", "n": "count"},
            importance=0.35 + 0.5 * abs(r),
            text=(
                f"{ns.name}: {ns.fmt.title or 'y'} {strength} {word} with {ns.label_title or 'x'} "
                f"(r = {r:.2f}, slope {num(slope)} per unit, n = {int(m.sum())})."
            ),
            evidence={
                "r": pair.replace("FN", "float(np.corrcoef(x[m], y[m])[0, 1])"),
                "slope": pair.replace("FN", "float(np.polyfit(x[m], y[m], 1)[0])"),
                "n": pair.replace("FN", "int(m.sum())"),
            },
            columns=ns.columns,
            sample_size=int(m.sum()),
            caveats=("Pearson correlation of the plotted points; not evidence of causation",),
        )
    ]


def _outliers(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s = ns.series
    v = s.values
    if np.isfinite(v).sum() < 8 or s.chart == "pie":
        return []
    q1, q3 = np.nanpercentile(v, [25, 75])
    lo, hi = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
    mask = (v < lo) | (v > hi)
    count = int(mask.sum())
    if count == 0:
        return []
    dist = np.where(mask, np.abs(v - np.nanmedian(v)), -1.0)
    k = int(np.argmax(dist))
    V, L = s.values_expr, s.axis.labels_expr
    fences = f"np.nanpercentile({V}, 25), np.nanpercentile({V}, 75)"
    mask_expr = "((v < q1 - 1.5 * (q3 - q1)) | (v > q3 + 1.5 * (q3 - q1)))"
    pick = f"int(np.argmax(np.where({mask_expr}, np.abs(v - np.nanmedian(v)), -1.0)))"
    return [
        ctx.fact(
            "outliers",
            [ns.slug],
            values={
                "count": count,
                "most_extreme": float(v[k]),
                "at": label_value(s.axis.labels[k]),
            },
            units={"count": "count", "most_extreme": ns.unit, "at": ns.label_unit},
            importance=0.4 + min(0.2, 0.02 * count),
            text=(
                f"{count} point(s) of {ns.name} lie outside 1.5×IQR of its values; "
                "the most extreme is "
                f"{ns.fmt.format(float(v[k]))} at {label(s.axis.labels[k])}."
            ),
            evidence={
                "count": f"(lambda v, q1, q3: int(np.sum({mask_expr})))({V}, {fences})",
                "most_extreme": f"(lambda v, q1, q3: float(v[{pick}]))({V}, {fences})",
                "at": f"(lambda v, q1, q3, l: l[{pick}])({V}, {fences}, {L})",
            },
            columns=ns.columns,
            caveats=("Tukey fences on numpy's linear quartiles",),
        )
    ]


def _spread(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s = ns.series
    if s.chart == "pie" or np.isfinite(s.values).sum() < 3:
        return []
    V = s.values_expr
    mean, std = float(np.nanmean(s.values)), float(np.nanstd(s.values, ddof=1))
    return [
        ctx.fact(
            "spread",
            [ns.slug],
            values={"mean": mean, "std": std, "n": int(np.isfinite(s.values).sum())},
            units={"mean": ns.unit, "std": ns.unit, "n": "count"},
            importance=0.3,
            text=(
                f"{ns.name} averages {ns.fmt.format(mean)} with a standard deviation of "
                f"{ns.fmt.format(std)}."
            ),
            evidence={
                "mean": f"float(np.nanmean({V}))",
                "std": f"float(np.nanstd({V}, ddof=1))",
                "n": f"int(np.isfinite({V}).sum())",
            },
            columns=ns.columns,
        )
    ]


def _bins(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s = ns.series
    width = float(s.bin_width or 0)
    v, starts = s.values, s.axis.labels
    k = int(np.nanargmax(v))
    V, L = s.values_expr, s.axis.labels_expr
    empty = int(np.sum(v == 0))
    lo, hi = float(starts[k]), float(starts[k]) + width
    return [
        ctx.fact(
            "bins",
            [ns.slug],
            values={
                "bins": int(v.size),
                "peak_start": lo,
                "peak_end": hi,
                "peak_value": float(v[k]),
                "empty_bins": empty,
            },
            units={
                "bins": "count",
                "peak_start": "number",
                "peak_end": "number",
                "peak_value": ns.unit,
                "empty_bins": "count",
            },
            importance=0.55,
            text=(
                f"{ns.name}: the tallest of {v.size} bins is [{num(lo)}, {num(hi)}) with "
                f"{ns.fmt.format(float(v[k]))}; {empty} bin(s) are empty."
            ),
            evidence={
                "bins": f"int(np.size({V}))",
                "peak_start": f"float({L}[int(np.nanargmax({V}))])",
                "peak_end": f"float({L}[int(np.nanargmax({V}))] + {width!r})",
                "peak_value": f"float(np.nanmax({V}))",
                "empty_bins": f"int(np.sum({V} == 0))",
            },
            columns=ns.columns,
            caveats=(f"bins are left-closed, width {num(width)}; {s.aggregation}",),
        )
    ]
