"""Anomalies named the way people look for them: by date and segment, not by row number.

Why: in a daily sales frame "the most extreme value is in row 623" tells nobody anything;
"sales on 2024-03-14 in region 台中 were 1,096 against about 200 expected" does. And a
one-day spike disappears inside a monthly mean, so the search runs at the data's own
granularity (days for daily or finer data), per segment, whatever period the time axis uses.

Method: for each segment (the combination of up to two low-cardinality dimensions) the
measure is averaged per day, compared with the median of the three days on each side (so
a level shift is not an anomaly), and the residual is scored by robust z within the
segment. Points with |z| above 3.5 are anomalies; the worst is reported with its date,
segment and the time-axis period it falls in (so hypotheses can be tested about it).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._context import Context
from ._frame import Col, quiet, series
from ._stats import as_float, neighbour_median, robust_z
from ._time import period_label
from ._trend import measures
from .factory import make
from .format import iso, num
from .semantic import as_datetime
from .types import Fact, FactSet

Z = 3.5
MAX_LEVELS = 20  # a dimension with more levels is too fine to name a segment by
MAX_DIMENSIONS = 2
MAX_MEASURES = 10
MIN_POINTS = 8
NEIGHBOURS = 3
FINE = ("second", "minute", "hour", "day")


def _dimensions(ctx: Context, skip: set[int]) -> list[Col]:
    dims = [c for c in ctx.of_type("categorical", "boolean") if c.pos not in skip]
    counts = {c.pos: series(ctx.df, c).nunique() for c in dims}
    dims = [c for c in dims if 2 <= counts[c.pos] <= MAX_LEVELS]
    return sorted(dims, key=lambda c: counts[c.pos])[:MAX_DIMENSIONS]


@quiet
def dated_anomalies(df: pd.DataFrame, *, time: Any = None) -> FactSet:
    """One diagnostic fact per measure with anomalous days: the worst by date and segment."""
    ctx = Context.build(df, time, "dated anomalies")
    axis = ctx.time
    if axis is None or axis.kind == "year":
        return FactSet()
    stamps = as_datetime(series(ctx.df, axis.col))
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        stamps = stamps.dt.tz_convert(None)
    day = stamps.dt.normalize() if axis.native in FINE else stamps
    dims = _dimensions(ctx, {axis.col.pos})
    keys = [series(ctx.df, d).astype(str).where(series(ctx.df, d).notna()) for d in dims]
    call = f"ga.dated_anomalies(df, time={time!r})"
    out: list[Fact] = []
    for m in [c for c in measures(ctx) if c.pos not in {d.pos for d in dims}][:MAX_MEASURES]:
        fact = _measure(ctx, m, dims, keys, day, axis.freq, call)
        if fact is not None:
            out.append(fact)
    return FactSet(out)


def _measure(
    ctx: Context,
    m: Col,
    dims: list[Col],
    keys: list[pd.Series],
    day: pd.Series,
    freq: str,
    call: str,
) -> Fact | None:
    y = as_float(series(ctx.df, m))
    frame = pd.DataFrame({f"k{i}": k for i, k in enumerate(keys)} | {"day": day, "y": y})
    frame = frame.dropna()
    if frame.empty:
        return None
    by: list[Any] = [f"k{i}" for i in range(len(keys))]
    daily = frame.groupby([*by, "day"], sort=True)["y"].mean()
    found: list[tuple[float, Any, tuple[str, ...], float, float]] = []
    flagged = 0
    groups: Any = daily.groupby(level=by, sort=True) if by else [((), daily)]
    for seg, s in groups:
        s = s.droplevel(by) if by else s
        if len(s) < MIN_POINTS:
            continue
        expected = neighbour_median(s, NEIGHBOURS)
        z = robust_z(s - expected).abs()
        hits = z > Z
        flagged += int(hits.sum())
        if hits.any():
            at = int(np.nanargmax(z.to_numpy()))
            names = tuple(str(v) for v in (seg if isinstance(seg, tuple) else (seg,)))
            found.append(
                (float(z.iloc[at]), s.index[at], names, float(s.iloc[at]), float(expected.iloc[at]))
            )
    if not found:
        return None
    z_top, when, names, value, expected_v = max(found, key=lambda f: f[0])
    segment = ", ".join(f"{d.label} = {v}" for d, v in zip(dims, names, strict=True))
    date = iso(when)
    period = period_label(pd.Timestamp(when).to_period(freq)) if freq != "year" else str(when)
    fid = f"diag.dated_anomaly.{m.key}"
    where = f" in {segment}" if segment else ""
    values = {
        "date": date,
        "segment": segment or "all rows",
        "period": period,
        "value": value,
        "expected": expected_v,
        "abs_z": z_top,
        "anomalous_days": flagged,
        "z_threshold": Z,
    }
    units = {
        "date": "date",
        "segment": "text",
        "period": "date",
        "value": "number",
        "expected": "number",
        "abs_z": "number",
        "anomalous_days": "count",
        "z_threshold": "number",
    }
    return make(
        fid,
        "diagnostic",
        "dated anomaly",
        [m.label, *(d.label for d in dims)],
        values,
        units,
        0.5 + 0.4 * min(z_top / 20, 1.0),
        f"{m.label} on {date}{where} was {num(value)} against about {num(expected_v)} on the "
        f"days around it (robust |z| = {num(z_top)}); {num(flagged)} "
        f"day{'s' * (flagged != 1)} across segments exceed{'s' * (flagged == 1)} |z| {num(Z)}.",
        {name: f"{call}.by_id()[{fid!r}].values[{name!r}]" for name in values},
        caveats=("unusual against neighbouring days, not necessarily wrong",),
        sample_size=len(daily),
    )
