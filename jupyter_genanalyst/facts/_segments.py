"""Segment contributions: which slice of a dimension explains a change between periods.

The change in a measure's *total* between two periods is split exactly into the changes of
each level of a categorical dimension (Δ = Σ δ_level), so "region = West accounts for 80%
of March's drop" is arithmetic, not a model. Periods compared: the last two, and also the
largest change in the series when that is a different pair.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._context import Context
from ._frame import Col, series
from ._time import period_label, period_literal
from ._trend import measures
from .factory import make
from .format import num, pct, share
from .types import Fact

MAX_LEVELS = 50
MAX_MEASURES = 3


def _dimensions(ctx: Context, skip: set[int]) -> list[Col]:
    dims = []
    for c in ctx.of_type("categorical", "boolean"):
        if c.pos in skip:
            continue
        n = series(ctx.df, c).nunique()
        if 2 <= n <= MAX_LEVELS:
            dims.append(c)
    return dims


def segment_facts(ctx: Context, target_col: Col | None = None) -> list[Fact]:
    axis = ctx.time
    if axis is None:
        return []
    if target_col is not None and ctx.type_of(target_col) == "numeric":
        cols = [target_col]
    else:
        cols = measures(ctx)[:MAX_MEASURES]
    dims = _dimensions(ctx, {axis.col.pos} | {c.pos for c in cols})
    if not cols or not dims:
        return []
    keys = axis.keys(ctx.df)
    key_e = axis.key_expr()
    out: list[Fact] = []
    for m in cols:
        values = series(ctx.df, m).astype("float64")
        if np.isinf(values.to_numpy()).any():
            continue  # ±inf totals split into nothing meaningful (and idxmax of all-NaN fails)
        totals = values.groupby(keys, sort=True).sum()
        if len(totals) < 2:
            continue
        pairs = [(totals.index[-2], totals.index[-1], "")]
        diffs = totals.diff().iloc[1:]
        big = int(np.argmax(np.abs(diffs.to_numpy()))) + 1
        if big != len(totals) - 1:
            pairs.append((totals.index[big - 1], totals.index[big], ".largest"))
        for prev, last, suffix in pairs:
            for d in dims:
                levels = series(ctx.df, d).astype(str)
                fact = _contribution(
                    m, d, values, levels, keys, key_e, prev, last, suffix, axis.unit
                )
                if fact is not None:
                    out.append(fact)
    return out


def _contribution(
    m: Col,
    d: Col,
    values: pd.Series,
    levels: pd.Series,
    keys: pd.Series,
    key_e: str,
    prev: Any,
    last: Any,
    suffix: str,
    unit: str,
) -> Fact | None:
    in_prev, in_last = (keys == prev).to_numpy(), (keys == last).to_numpy()
    total_prev, total_last = float(values[in_prev].sum()), float(values[in_last].sum())
    change = total_last - total_prev
    scale = max(abs(total_prev), abs(total_last))
    if change == 0 or abs(change) <= 1e-9 * scale or abs(change) < 1e-300:
        return None  # no change worth splitting (or one that is floating-point noise)
    by_prev = values[in_prev].groupby(levels[in_prev]).sum()
    by_last = values[in_last].groupby(levels[in_last]).sum()
    delta = by_last.reindex(by_last.index.union(by_prev.index), fill_value=0.0).sub(
        by_prev, fill_value=0.0
    )
    if delta.empty or not np.isfinite(delta.to_numpy()).any():
        return None
    top = str((delta * np.sign(change)).idxmax())
    seg = float(delta.loc[top])
    part = share(seg, change)
    if not np.isfinite(part):
        return None
    V = f"{m.expr()}.astype('float64')"
    P, L = period_literal(prev), period_literal(last)
    in_p, in_l = f"({key_e} == {P}).to_numpy()", f"({key_e} == {L}).to_numpy()"
    lvl = f"({d.expr()}.astype(str) == {top!r}).to_numpy()"
    pl, ll = period_label(prev), period_label(last)
    word = "drop" if change < 0 else "rise"
    return make(
        f"diag.segment.{m.key}.{d.key}{suffix}",
        "diagnostic",
        "segment contribution",
        [m.label, d.label],
        {
            "previous_period": pl,
            "last_period": ll,
            "total_previous": total_prev,
            "total_last": total_last,
            "change": change,
            "segment": top,
            "segment_change": seg,
            "share_of_change_pct": part,
        },
        {
            "previous_period": "date",
            "last_period": "date",
            "total_previous": "number",
            "total_last": "number",
            "change": "number",
            "segment": "text",
            "segment_change": "number",
            "share_of_change_pct": "percent",
        },
        0.45 + 0.45 * min(abs(part) / 100, 1.0) * (1.0 if not suffix else 0.9),
        f"Total {m.label} went from {num(total_prev)} in {pl} to {num(total_last)} in {ll} "
        f"(a {word} of {num(abs(change))}); {d.label} = `{top}` accounts for "
        f"{num(seg)} of it ({pct(part)} of the change).",
        {
            "previous_period": repr(pl),
            "last_period": repr(ll),
            "total_previous": f"float({V}[{in_p}].sum())",
            "total_last": f"float({V}[{in_l}].sum())",
            "change": f"float({V}[{in_l}].sum() - {V}[{in_p}].sum())",
            "segment": repr(top),
            "segment_change": f"float({V}[{in_l} & {lvl}].sum() - {V}[{in_p} & {lvl}].sum())",
            "share_of_change_pct": f"float(({V}[{in_l} & {lvl}].sum() - {V}[{in_p} & {lvl}].sum())"
            f" / ({V}[{in_l}].sum() - {V}[{in_p}].sum()) * 100)",
        },
        caveats=(
            f"compares {unit} totals; a segment's share can exceed 100% when others "
            "moved the other way",
        ),
    )
