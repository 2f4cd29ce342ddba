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
from jupyter_genanalyst.facts.types import Fact, Unit, Value

MAX_RANKED = 5

Row = tuple[str, Value, Unit, str]  # one value of a fact: name, value, unit, evidence


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
        return self.series.axis.unit


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


def _fact(
    ctx: ChartContext,
    ns: NamedSeries,
    topic: str,
    rows: list[Row],
    *,
    importance: float,
    text: str,
    caveats: tuple[str, ...] = (),
    sample_size: int | None = None,
) -> Fact:
    """One fact about one series, from ``(name, value, unit, evidence)`` rows.

    Why rows: each value is written once, next to its unit and evidence, instead of three
    parallel dicts per fact; the id and the column names follow the series.
    """
    return ctx.fact(
        topic,
        [ns.slug],
        values={name: value for name, value, _, _ in rows},
        units={name: unit for name, _, unit, _ in rows},
        evidence={name: expr for name, _, _, expr in rows},
        importance=importance,
        text=text,
        columns=ns.columns,
        caveats=caveats,
        sample_size=sample_size,
    )


def _trend(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s, f = ns.series, ns.fmt
    v, lab = s.values, s.axis.labels
    i, j = _first_last(v)
    if i == j:
        return []
    V, L = s.values_expr, s.axis.labels_expr
    first, last = float(v[i]), float(v[j])
    change = last - first
    rows: list[Row] = [
        ("first", first, ns.unit, f"float((lambda v: v[np.isfinite(v)][0])({V}))"),
        ("last", last, ns.unit, f"float((lambda v: v[np.isfinite(v)][-1])({V}))"),
        (
            "change",
            change,
            ns.unit,
            f"float((lambda v: v[np.isfinite(v)][-1] - v[np.isfinite(v)][0])({V}))",
        ),
        (
            "start",
            label_value(lab[i]),
            ns.label_unit,
            f"(lambda v, l: l[np.isfinite(v)][0])({V}, {L})",
        ),
        (
            "end",
            label_value(lab[j]),
            ns.label_unit,
            f"(lambda v, l: l[np.isfinite(v)][-1])({V}, {L})",
        ),
    ]
    rel = ""
    size = 0.0
    if first != 0:
        change_pct = 100.0 * change / abs(first)
        rows.append(
            (
                "change_pct",
                change_pct,
                "percent",
                f"float((lambda v: 100 * (v[np.isfinite(v)][-1] - v[np.isfinite(v)][0])"
                f" / abs(v[np.isfinite(v)][0]))({V}))",
            )
        )
        rel = f" ({signed(change_pct, pct)})"
        size = min(1.0, abs(change_pct) / 50)
    verb = "rose" if change > 0 else "fell" if change < 0 else "was unchanged"
    text = (
        f"{ns.name} {verb} from {f.format(first)} ({label(lab[i])}) to {f.format(last)} "
        f"({label(lab[j])}): {signed(change, f.format)}{rel}."
    )
    return [
        _fact(
            ctx,
            ns,
            "trend",
            rows,
            importance=0.55 + 0.35 * size,
            text=text,
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
        rows: list[Row] = [
            ("value", value, ns.unit, f"float(np.{fn.replace('arg', '')}({V}))"),
            (
                "at",
                label_value(where),
                ns.label_unit,
                f"(lambda v, l: l[int(np.{fn}(v))])({V}, {L})",
            ),
        ]
        text = f"{ns.name} {word} {f.format(value)} at {ns.label_title or 'x'} = {label(where)}."
        out.append(_fact(ctx, ns, topic, rows, importance=imp, text=text, caveats=s.caveats))
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
    at = "int(np.nanargmax(np.abs(d)))"
    rows: list[Row] = [
        ("change", float(d[k]), ns.unit, f"(lambda d: float(d[{at}]))(np.diff({V}))"),
        ("from", label_value(a), ns.label_unit, f"(lambda d, l: l[{at}])(np.diff({V}), {L})"),
        ("to", label_value(b), ns.label_unit, f"(lambda d, l: l[{at} + 1])(np.diff({V}), {L})"),
    ]
    text = (
        f"The largest single move in {ns.name} was {signed(float(d[k]), f.format)} "
        f"from {label(a)} to {label(b)}."
    )
    return [_fact(ctx, ns, "jump", rows, importance=0.4, text=text)]


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
    rows: list[Row] = [
        ("gap", float(d[k]), unit, f"float(np.max(np.diff({P})))"),
        ("typical", typical, unit, f"float(np.median(np.diff({P})))"),
        ("after", label_value(a), ns.label_unit, f"{L}[int(np.argmax(np.diff({P})))]"),
        ("before", label_value(b), ns.label_unit, f"{L}[int(np.argmax(np.diff({P}))) + 1]"),
    ]
    text = (
        f"{ns.name} has a gap of {num(float(d[k]))}{per} between {label(a)} and {label(b)} "
        f"(points are usually {num(typical)}{per} apart)."
    )
    return [_fact(ctx, ns, "gap", rows, importance=0.45, text=text)]


def _missing(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s = ns.series
    n_missing = int(np.sum(~np.isfinite(s.values)))
    if n_missing == 0 or s.chart in ("histogram", "pie"):
        return []
    V = s.values_expr
    rows: list[Row] = [
        ("missing", n_missing, "count", f"int(np.sum(~np.isfinite({V})))"),
        ("n", int(s.values.size), "count", f"int(np.size({V}))"),
    ]
    text = f"{ns.name} has {n_missing} of {s.values.size} points without a value (drawn as breaks)."
    return [_fact(ctx, ns, "missing", rows, importance=0.4, text=text)]


def _ranks(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s, f = ns.series, ns.fmt
    v, lab = s.values, s.axis.labels
    if v.size < 2:
        return []
    V, L = s.values_expr, s.axis.labels_expr
    order = np.argsort(-np.nan_to_num(v, nan=-np.inf), kind="stable")
    top, second, bottom = int(order[0]), int(order[1]), int(np.nanargmin(v))
    total = float(np.nansum(v))
    by_rank = "np.argsort(-np.nan_to_num(v, nan=-np.inf), kind='stable')"
    lu, vu = ns.label_unit, ns.unit
    rows: list[Row] = [
        ("top", label_value(lab[top]), lu, f"(lambda v, l: l[int(np.nanargmax(v))])({V}, {L})"),
        ("top_value", float(v[top]), vu, f"float(np.nanmax({V}))"),
        ("second", label_value(lab[second]), lu, f"(lambda v, l: l[{by_rank}[1]])({V}, {L})"),
        (
            "second_value",
            float(v[second]),
            vu,
            f"float(np.sort(np.nan_to_num({V}, nan=-np.inf))[::-1][1])",
        ),
        (
            "bottom",
            label_value(lab[bottom]),
            lu,
            f"(lambda v, l: l[int(np.nanargmin(v))])({V}, {L})",
        ),
        ("bottom_value", float(v[bottom]), vu, f"float(np.nanmin({V}))"),
        (
            "order",
            " > ".join(label(label_value(x)) for x in lab[order[:MAX_RANKED]]),
            "text",
            "' > '.join(str(int(x)) if isinstance(x, float) and x.is_integer() else str(x) "
            f"for x in (lambda v, l: l[{by_rank}[:{MAX_RANKED}]])({V}, {L}).tolist())",
        ),
    ]
    share_text = ""
    if np.nanmin(v) >= 0 and total > 0:
        top_share = 100.0 * float(v[top]) / total
        rows.append(("total", total, vu, f"float(np.nansum({V}))"))
        rows.append(
            ("top_share_pct", top_share, "percent", f"float(100 * np.nanmax({V}) / np.nansum({V}))")
        )
        share_text = f" ({pct(top_share)} of the total {f.format(total)})"
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
        _fact(
            ctx,
            ns,
            "ranks",
            rows,
            importance=0.65,
            text=text,
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
    rows: list[Row] = []
    parts = []
    for rank, k in enumerate(order, start=1):
        share = 100.0 * float(v[k]) / total
        rows.append(
            (
                f"label_{rank}",
                label_value(lab[k]),
                ns.label_unit,
                f"(lambda v, l: l[np.argsort(-v, kind='stable')[{rank - 1}]])({V}, {L})",
            )
        )
        rows.append(
            (
                f"share_{rank}_pct",
                share,
                "percent",
                f"float(100 * np.sort({V})[::-1][{rank - 1}] / np.nansum({V}))",
            )
        )
        parts.append(f"{label(lab[k])} {pct(share)}")
    more = f" (+{v.size - len(order)} smaller)" if v.size > len(order) else ""
    return [
        _fact(
            ctx,
            ns,
            "shares",
            rows,
            importance=0.6,
            text=f"Shares of {ns.name}: " + ", ".join(parts) + more + ".",
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
    rows: list[Row] = [
        ("r", r, "number", pair.replace("FN", "float(np.corrcoef(x[m], y[m])[0, 1])")),
        ("slope", slope, "number", pair.replace("FN", "float(np.polyfit(x[m], y[m], 1)[0])")),
        ("n", int(m.sum()), "count", pair.replace("FN", "int(m.sum())")),
    ]
    word = "rises" if r > 0 else "falls"
    strength = "strongly" if abs(r) >= 0.7 else "moderately" if abs(r) >= 0.4 else "weakly"
    text = (
        f"{ns.name}: {ns.fmt.title or 'y'} {strength} {word} with {ns.label_title or 'x'} "
        f"(r = {r:.2f}, slope {num(slope)} per unit, n = {int(m.sum())})."
    )
    return [
        _fact(
            ctx,
            ns,
            "correlation",
            rows,
            importance=0.35 + 0.5 * abs(r),
            text=text,
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
    rows: list[Row] = [
        ("count", count, "count", f"(lambda v, q1, q3: int(np.sum({mask_expr})))({V}, {fences})"),
        (
            "most_extreme",
            float(v[k]),
            ns.unit,
            f"(lambda v, q1, q3: float(v[{pick}]))({V}, {fences})",
        ),
        (
            "at",
            label_value(s.axis.labels[k]),
            ns.label_unit,
            f"(lambda v, q1, q3, l: l[{pick}])({V}, {fences}, {L})",
        ),
    ]
    text = (
        f"{count} point(s) of {ns.name} lie outside 1.5×IQR of its values; the most extreme is "
        f"{ns.fmt.format(float(v[k]))} at {label(s.axis.labels[k])}."
    )
    return [
        _fact(
            ctx,
            ns,
            "outliers",
            rows,
            importance=0.4 + min(0.2, 0.02 * count),
            text=text,
            caveats=("Tukey fences on numpy's linear quartiles",),
        )
    ]


def _spread(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s = ns.series
    if s.chart == "pie" or np.isfinite(s.values).sum() < 3:
        return []
    V = s.values_expr
    mean, std = float(np.nanmean(s.values)), float(np.nanstd(s.values, ddof=1))
    rows: list[Row] = [
        ("mean", mean, ns.unit, f"float(np.nanmean({V}))"),
        ("std", std, ns.unit, f"float(np.nanstd({V}, ddof=1))"),
        ("n", int(np.isfinite(s.values).sum()), "count", f"int(np.isfinite({V}).sum())"),
    ]
    text = (
        f"{ns.name} averages {ns.fmt.format(mean)} with a standard deviation of "
        f"{ns.fmt.format(std)}."
    )
    return [_fact(ctx, ns, "spread", rows, importance=0.3, text=text)]


def _bins(ctx: ChartContext, ns: NamedSeries) -> list[Fact]:
    s = ns.series
    width = float(s.bin_width or 0)
    v, starts = s.values, s.axis.labels
    k = int(np.nanargmax(v))
    V, L = s.values_expr, s.axis.labels_expr
    empty = int(np.sum(v == 0))
    lo, hi = float(starts[k]), float(starts[k]) + width
    rows: list[Row] = [
        ("bins", int(v.size), "count", f"int(np.size({V}))"),
        ("peak_start", lo, "number", f"float({L}[int(np.nanargmax({V}))])"),
        ("peak_end", hi, "number", f"float({L}[int(np.nanargmax({V}))] + {width!r})"),
        ("peak_value", float(v[k]), ns.unit, f"float(np.nanmax({V}))"),
        ("empty_bins", empty, "count", f"int(np.sum({V} == 0))"),
    ]
    text = (
        f"{ns.name}: the tallest of {v.size} bins is [{num(lo)}, {num(hi)}) with "
        f"{ns.fmt.format(float(v[k]))}; {empty} bin(s) are empty."
    )
    caveats = (f"bins are left-closed, width {num(width)}; {s.aggregation}",)
    return [_fact(ctx, ns, "bins", rows, importance=0.55, text=text, caveats=caveats)]
