"""Point anomalies in columns (robust z and Tukey fences) and in time series (robust z
of the residual from a rolling median), plus level shifts (change points).

Why robust: the mean and standard deviation are dragged by the very outliers we look for;
the median and MAD are not. A value is flagged when |robust z| > 3.5 (Iglewicz & Hoaglin);
Tukey's 1.5·IQR fences are reported alongside because readers know them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._context import Context
from ._frame import Col, series
from ._stats import change_point, neighbour_median, robust_z, step_beats_line
from ._time import period_label
from ._trend import measures, per_period_means
from .factory import make
from .format import num, pct, ptext, share
from .types import Fact

Z = 3.5
MAX_COLUMNS = 200


def column_outliers(ctx: Context) -> list[Fact]:
    out: list[Fact] = []
    for c in ctx.of_type("numeric")[:MAX_COLUMNS]:
        s = series(ctx.df, c)
        masked = isinstance(s.dtype, pd.api.extensions.ExtensionDtype)
        s = s.astype("float64") if masked else s
        x = s.where(np.isfinite(s.to_numpy(dtype="float64", na_value=np.nan)))
        if x.count() < 8:
            continue
        z = robust_z(x).abs()
        n_z = int((z > Z).sum())
        if n_z == 0:
            continue
        q1, q3 = float(x.quantile(0.25)), float(x.quantile(0.75))
        lo, hi = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
        n_iqr = int(((x < lo) | (x > hi)).sum())
        at = int(np.nanargmax(z.to_numpy()))
        worst, value, top = str(x.index[at]), float(x.iloc[at]), float(z.iloc[at])
        p = share(n_z, int(x.count()))
        base = c.expr() + (".astype('float64')" if masked else "")
        e = (
            "(lambda s: s.where(np.isfinite(s.to_numpy(dtype='float64', na_value=np.nan))))"
            f"({base})"
        )
        ze = f"ga.stats.robust_z({e}).abs()"
        at_e = f"int(np.nanargmax({ze}.to_numpy()))"
        out.append(
            make(
                f"diag.outliers.{c.key}",
                "diagnostic",
                "outliers",
                [c.label],
                {
                    "robust_outliers": n_z,
                    "robust_pct": p,
                    "iqr_outliers": n_iqr,
                    "max_abs_z": top,
                    "worst_row": worst,
                    "worst_value": value,
                    "z_threshold": Z,
                },
                {
                    "robust_outliers": "count",
                    "robust_pct": "percent",
                    "iqr_outliers": "count",
                    "max_abs_z": "number",
                    "worst_row": "text",
                    "worst_value": "number",
                    "z_threshold": "number",
                },
                0.3 + 0.35 * min(top / 20, 1.0) + 0.2 * min(p / 5, 1.0),
                f"{c.label} has {num(n_z)} value{'s' * (n_z != 1)} ({pct(p)}) with robust |z| "
                f"above {num(Z)}; the "
                f"most extreme is {num(value)} (|z| = {num(top)}) in row `{worst}`; "
                f"{num(n_iqr)} values fall outside Tukey's 1.5·IQR fences.",
                {
                    "robust_outliers": f"int(({ze} > {Z}).sum())",
                    "robust_pct": f"float(({ze} > {Z}).sum() / {e}.count() * 100)",
                    "iqr_outliers": f"(lambda s, a, b: int(((s < a - 1.5 * (b - a)) | "
                    f"(s > b + 1.5 * "
                    f"(b - a))).sum()))({e}, {e}.quantile(0.25), {e}.quantile(0.75))",
                    "max_abs_z": f"float({ze}.max())",
                    "worst_row": f"str({e}.index[{at_e}])",
                    "worst_value": f"float({e}.iloc[{at_e}])",
                    "z_threshold": repr(Z),
                },
                caveats=("an outlier is unusual, not necessarily wrong",),
            )
        )
    return out


def time_anomalies(ctx: Context) -> list[Fact]:
    """Anomalous periods and level shifts in the per-period mean of each measure."""
    axis = ctx.time
    if axis is None:
        return []
    cols = measures(ctx)
    if not cols:
        return []
    means = per_period_means(ctx, cols)
    key = axis.key_expr()
    out: list[Fact] = []
    for i, c in enumerate(cols):
        s = means[i].dropna().astype(float)
        if len(s) < 8:
            continue
        expr = f"{c.expr()}.groupby({key}).mean().dropna()"
        out += _period_points(axis.unit, c, s, expr)
        out += _level_shift(axis.unit, c, s, expr)
    return out


def _period_points(unit: str, c: Col, s: pd.Series, expr: str) -> list[Fact]:
    expected = neighbour_median(s)
    z = robust_z(s - expected).abs()
    n = int((z > Z).sum())
    if n == 0:
        return []
    at = int(np.nanargmax(z.to_numpy()))
    ze = f"ga.stats.robust_z({expr} - ga.stats.neighbour_median({expr})).abs()"
    label = period_label(s.index[at])
    return [
        make(
            f"diag.anomaly.{c.key}",
            "diagnostic",
            "anomaly",
            [c.label],
            {
                "anomalous_periods": n,
                "worst_period": label,
                "value": float(s.iloc[at]),
                "expected": float(expected.iloc[at]),
                "abs_z": float(z.iloc[at]),
                "z_threshold": Z,
            },
            {
                "anomalous_periods": "count",
                "worst_period": "date",
                "value": "number",
                "expected": "number",
                "abs_z": "number",
                "z_threshold": "number",
            },
            0.45 + 0.4 * min(float(z.iloc[at]) / 20, 1.0),
            f"Average {c.label} in {label} was {num(float(s.iloc[at]))} against about "
            f"{num(float(expected.iloc[at]))} in neighbouring {unit}s (robust |z| = "
            f"{num(float(z.iloc[at]))}); {num(n)} {unit}{'s' * (n != 1)} "
            f"exceed{'s' * (n == 1)} |z| {num(Z)}.",
            {
                "anomalous_periods": f"int(({ze} > {Z}).sum())",
                "worst_period": f"ga.period_label({expr}.index"
                f"[int(np.nanargmax({ze}.to_numpy()))])",
                "value": f"float({expr}.iloc[int(np.nanargmax({ze}.to_numpy()))])",
                "expected": f"float(ga.stats.neighbour_median({expr})"
                f".iloc[int(np.nanargmax({ze}.to_numpy()))])",
                "abs_z": f"float({ze}.max())",
                "z_threshold": repr(Z),
            },
        )
    ]


def _level_shift(unit: str, c: Col, s: pd.Series, expr: str) -> list[Fact]:
    k, shift, p = change_point(s)
    if p >= 0.05 or not step_beats_line(s, k):
        return []
    before, after = float(s.iloc[:k].mean()), float(s.iloc[k:].mean())
    label = period_label(s.index[k])
    return [
        make(
            f"diag.shift.{c.key}",
            "diagnostic",
            "level shift",
            [c.label],
            {
                "from_period": label,
                "mean_before": before,
                "mean_after": after,
                "shift": shift,
                "p_value": p,
                "p_floor": 0.001,
            },
            {
                "from_period": "date",
                "mean_before": "number",
                "mean_after": "number",
                "shift": "number",
                "p_value": "ratio",
                "p_floor": "ratio",
            },
            0.5 + 0.35 * min(abs(shift) / (abs(before) + 1e-12), 1.0),
            f"Average {c.label} shifted from {num(before)} to {num(after)} per {unit} starting "
            f"{label} (change-point permutation test, {ptext(p)}).",
            {
                "from_period": f"ga.period_label({expr}.index[ga.stats.change_point({expr})[0]])",
                "mean_before": f"float({expr}.iloc[:ga.stats.change_point({expr})[0]].mean())",
                "mean_after": f"float({expr}.iloc[ga.stats.change_point({expr})[0]:].mean())",
                "shift": f"ga.stats.change_point({expr})[1]",
                "p_value": f"ga.stats.change_point({expr})[2]",
                "p_floor": "0.001",
            },
            caveats=("one shift is searched for; a series may have several",),
        )
    ]
