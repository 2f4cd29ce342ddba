"""Time facts: the time axis, trends and period-over-period changes of numeric measures.

Measures are averaged per period (a level that does not depend on how many rows a period
has); the number of rows per period is reported separately. Trend = least-squares slope
over period positions (gaps kept), with its OLS p-value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._context import Context
from ._frame import Col
from ._stats import linear_trend
from ._time import TimeAxis, period_index, period_label, slope_expr
from .factory import make
from .format import P_FLOOR, num, pct, ptext, signed
from .semantic import as_datetime
from .types import Fact

MAX_MEASURES = 30


def measures(ctx: Context, exclude: tuple[int, ...] = ()) -> list[Col]:
    """Numeric columns worth trending (not the time column, not constant ones)."""
    axis = ctx.time
    skip = set(exclude) | ({axis.col.pos} if axis else set())
    cols = [c for c in ctx.of_type("numeric") if c.pos not in skip]
    return cols[:MAX_MEASURES]


def per_period_means(ctx: Context, cols: list[Col], keys: pd.Series | None = None) -> pd.DataFrame:
    """Mean of each measure per period (columns by position in ``cols``); ``keys``: the
    axis's period keys when the caller already has them (cutting time is not free)."""
    assert ctx.time is not None
    keys = ctx.time.keys(ctx.df) if keys is None else keys
    sub = ctx.df.iloc[:, [c.pos for c in cols]].set_axis(range(len(cols)), axis=1)
    return sub.groupby(keys, sort=True).mean()


def _partial_caveat(ctx: Context, axis: TimeAxis, last: object) -> tuple[str, ...]:
    if axis.kind == "year" or not isinstance(last, pd.Period):
        return ()
    dt = as_datetime(ctx.df.iloc[:, axis.col.pos])
    if isinstance(dt.dtype, pd.DatetimeTZDtype):
        dt = dt.dt.tz_convert(None)
    end = dt.max()
    length = last.end_time - last.start_time
    covered = (end - last.start_time) / length if length > pd.Timedelta(0) else 1.0
    if covered < 0.9:
        return (f"the last {axis.unit} ({period_label(last)}) is incomplete: data ends {end}",)
    return ()


def time_facts(ctx: Context, constant: tuple[int, ...] = ()) -> list[Fact]:
    axis = ctx.time
    if axis is None:
        return []
    keys = axis.keys(ctx.df)
    key = axis.key_expr()
    rows = keys.value_counts(sort=False).sort_index()
    if len(rows) < 2:
        return []
    out = [
        make(
            "desc.time",
            "descriptive",
            "time",
            [axis.col.label],
            {
                "periods": len(rows),
                "first": period_label(rows.index[0]),
                "last": period_label(rows.index[-1]),
                "rows_last": int(rows.iloc[-1]),
                "rows_previous": int(rows.iloc[-2]),
            },
            {
                "periods": "count",
                "first": "date",
                "last": "date",
                "rows_last": "count",
                "rows_previous": "count",
            },
            0.7,
            f"Time axis {axis.col.label}, cut into {num(len(rows))} {axis.unit}s from "
            f"{period_label(rows.index[0])} to {period_label(rows.index[-1])}; "
            f"the last {axis.unit} "
            f"has {num(int(rows.iloc[-1]))} rows, the one before {num(int(rows.iloc[-2]))}.",
            {
                "periods": f"int({key}.nunique())",
                "first": f"ga.period_label({key}.dropna().min())",
                "last": f"ga.period_label({key}.dropna().max())",
                "rows_last": f"int({key}.value_counts().sort_index().iloc[-1])",
                "rows_previous": f"int({key}.value_counts().sort_index().iloc[-2])",
            },
        )
    ]
    cols = measures(ctx, constant)
    if not cols:
        return out
    means = per_period_means(ctx, cols, keys)
    partial = _partial_caveat(ctx, axis, rows.index[-1])
    for i, c in enumerate(cols):
        s = means[i].dropna().astype(float)
        expr = f"{c.expr()}.groupby({key}).mean().dropna()"
        out.extend(_trend_fact(axis, c, s, expr))
        out.extend(_change_fact(axis, c, s, expr, partial))
    return out


def _trend_fact(axis: TimeAxis, c: Col, s: pd.Series, expr: str) -> list[Fact]:
    if len(s) < 3:
        return []
    x = period_index(s)
    slope, p = linear_trend(s, x)
    first, last = float(s.iloc[0]), float(s.iloc[-1])
    level = float(np.nanmean(np.abs(s.to_numpy())))
    rel = abs(slope) * (x[-1] - x[0]) / level if level > 0 else 0.0
    sig = p < 0.05
    direction = "upward" if slope > 0 else "downward"
    text = (
        f"Average {c.label} per {axis.unit} went from {num(first)} ({period_label(s.index[0])}) "
        f"to {num(last)} ({period_label(s.index[-1])}); "
        + (
            f"{direction} trend of {signed(slope)} per {axis.unit} ({ptext(p)})."
            if sig
            else f"no significant linear trend ({ptext(p)})."
        )
    )
    return [
        make(
            f"desc.trend.{c.key}",
            "descriptive",
            "trend",
            [c.label, axis.col.label],
            {
                "first": first,
                "last": last,
                "slope": slope,
                "p_value": p,
                "periods": len(s),
                "p_floor": P_FLOOR,
            },
            {
                "first": "number",
                "last": "number",
                "slope": "number",
                "p_value": "ratio",
                "periods": "count",
                "p_floor": "ratio",
            },
            (0.4 + 0.45 * min(rel, 1.0)) if sig else 0.2,
            text,
            {
                "first": f"float({expr}.iloc[0])",
                "last": f"float({expr}.iloc[-1])",
                "slope": slope_expr(expr),
                "p_value": f"(lambda s: ga.stats.linear_trend(s, ga.period_index(s))[1])({expr})",
                "periods": f"len({expr})",
                "p_floor": repr(P_FLOOR),
            },
            caveats=("a straight-line summary; seasonality and level shifts are not modelled",),
        )
    ]


def _change_fact(
    axis: TimeAxis, c: Col, s: pd.Series, expr: str, partial: tuple[str, ...]
) -> list[Fact]:
    if len(s) < 2:
        return []
    last, prev = float(s.iloc[-1]), float(s.iloc[-2])
    change = last - prev
    values: dict[str, object] = {
        "last": last,
        "previous": prev,
        "change": change,
        "last_period": period_label(s.index[-1]),
        "previous_period": period_label(s.index[-2]),
    }
    units = {
        "last": "number",
        "previous": "number",
        "change": "number",
        "last_period": "date",
        "previous_period": "date",
    }
    evidence = {
        "last": f"float({expr}.iloc[-1])",
        "previous": f"float({expr}.iloc[-2])",
        "change": f"float({expr}.iloc[-1] - {expr}.iloc[-2])",
        "last_period": f"ga.period_label({expr}.index[-1])",
        "previous_period": f"ga.period_label({expr}.index[-2])",
    }
    rel = ""
    # Importance: the change in units of the usual period-to-period movement.
    steps = np.diff(s.to_numpy(dtype=float))
    usual = float(np.std(steps[:-1])) if len(steps) > 2 else 0.0
    surprise = abs(change) / usual if usual > 0 else (1.0 if change else 0.0)
    importance = 0.25 + 0.45 * min(surprise / 3, 1.0)
    if prev != 0:
        p = change / abs(prev) * 100
        values["change_pct"] = p
        units["change_pct"] = "percent"
        evidence["change_pct"] = (
            f"float(({expr}.iloc[-1] - {expr}.iloc[-2]) / abs({expr}.iloc[-2]) * 100)"
        )
        rel = f" ({'+' if p > 0 else ''}{pct(p)})"
    word = "rose" if change > 0 else "fell" if change < 0 else "was unchanged"
    text = (
        f"Average {c.label} {word} from {num(prev)} in {values['previous_period']} to "
        f"{num(last)} in {values['last_period']}{rel}."
    )
    return [
        make(
            f"desc.change.{c.key}",
            "descriptive",
            "change",
            [c.label, axis.col.label],
            values,
            units,
            importance,
            text,
            evidence,
            caveats=partial,
        )
    ]
