"""The time axis: granularity, period keys and per-period aggregates.

Why a module: describe (trend, period-over-period), diagnose (segment contributions,
change points) and predict (forecast) must cut time into the *same* periods, and their
evidence must spell the cut the same way, e.g. ``df['date'].dt.to_period('M')``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._frame import Col, series
from .semantic import as_datetime, datetime_expr

# (pandas period alias, human name, approximate length in days)
_FREQS: tuple[tuple[str, str, float], ...] = (
    ("h", "hour", 1 / 24),
    ("D", "day", 1.0),
    ("W", "week", 7.0),
    ("M", "month", 30.44),
    ("Q", "quarter", 91.31),
    ("Y", "year", 365.25),
)
SEASON = {"h": 24, "D": 7, "W": 52, "M": 12, "Q": 4, "Y": 1, "year": 1}
MAX_PERIODS = 60


def granularity(s: pd.Series) -> str:
    """The typical spacing of distinct timestamps: second, minute, hour, day, week, month…"""
    return _granularity_of(distinct_instants(as_datetime(s)))


def distinct_instants(dt: pd.Series) -> np.ndarray:
    """The distinct non-missing timestamps of a datetime Series as sorted int64 nanoseconds.

    Hashing out repeats first and sorting only the distinct values is much cheaper than
    sorting every row when timestamps repeat (a daily date over a million rows)."""
    values = dt.to_numpy(dtype="datetime64[ns]")
    values = values[~np.isnat(values)].astype("int64")
    return np.sort(pd.unique(values))


def _granularity_of(distinct: np.ndarray) -> str:
    if len(distinct) == 0:
        return "unknown"
    steps = np.diff(distinct)  # the gaps between distinct timestamps, all > 0
    if len(steps) == 0:
        return "single instant"
    return step_name(float(np.median(steps)) / 86_400e9)


def step_name(step_days: float) -> str:
    """The name of a typical spacing (the median gap between distinct timestamps, in days)."""
    for limit, name in (
        (55 / 86_400, "second"),
        (55 / 1_440, "minute"),
        (23 / 24, "hour"),
        (6.0, "day"),
        (27.0, "week"),
        (85.0, "month"),
        (360.0, "quarter"),
    ):
        if step_days < limit:
            return name
    return "year"


@dataclass(frozen=True)
class TimeAxis:
    """A time column cut into periods of one frequency."""

    col: Col
    kind: str  # "datetime", "datetime_str" or "year"
    freq: str  # pandas period alias, or "year" for an integer year column
    native: str  # granularity of the raw timestamps

    @property
    def unit(self) -> str:
        """Human name of one period, e.g. "month"."""
        if self.freq == "year":
            return "year"
        return next(name for alias, name, _ in _FREQS if alias == self.freq)

    def key_expr(self, frame: str = "df") -> str:
        """Evidence expression for the period of each row."""
        if self.kind == "year":
            return self.col.expr(frame)
        base = datetime_expr(self.col, self.kind, frame)
        if self.kind == "datetime_str" or self._tz_aware:
            base = f"{base}.dt.tz_convert(None)"
        return f"{base}.dt.to_period({self.freq!r})"

    _tz_aware: bool = False

    def keys(self, df: pd.DataFrame) -> pd.Series:
        """The period of each row (what :meth:`key_expr` evaluates to)."""
        s = series(df, self.col)
        if self.kind == "year":
            return s
        dt = as_datetime(s)
        if isinstance(dt.dtype, pd.DatetimeTZDtype):
            dt = dt.dt.tz_convert(None)
        return dt.dt.to_period(self.freq)


def make_axis(df: pd.DataFrame, col: Col, kind: str) -> TimeAxis | None:
    """Choose the period length: the native granularity, coarsened to ≤ 60 periods."""
    s = series(df, col)
    if kind == "year":
        return TimeAxis(col, kind, "year", "year")
    dt = as_datetime(s)
    distinct = distinct_instants(dt)  # one hash and a sort of the distinct values only
    if len(distinct) < 2:
        return None
    native = _granularity_of(distinct)
    span = int(distinct[-1] - distinct[0]) / 86_400_000_000_000  # as Timedelta / 1 day
    freq = choose_freq(native, float(span))
    tz = isinstance(dt.dtype, pd.DatetimeTZDtype)
    return TimeAxis(col, kind, freq, native, _tz_aware=tz)


def choose_freq(native: str, span_days: float) -> str:
    """The finest period alias no finer than ``native`` that cuts ``span_days`` into ≤ 60
    periods (shared by pandas and the engines, so both cut time the same way)."""
    native_days = {
        "hour": 1 / 24,
        "day": 1,
        "week": 7,
        "month": 30.44,
        "quarter": 91.31,
        "year": 365.25,
    }.get(native, 0.0)
    for alias, _name, days in _FREQS:
        if days + 1e-9 >= native_days and span_days / days <= MAX_PERIODS:
            return alias
    return "Y"


def period_label(p: object) -> str:
    """A period as text the grounding checker reads as a date: 2024-03, 2024-Q1, 2024."""
    if isinstance(p, pd.Period):
        code = p.freqstr[:1].upper()
        if code == "Q":
            return f"{p.year}-Q{p.quarter}"
        if code == "W":
            return p.start_time.strftime("%Y-%m-%d")
        if code == "H":
            return p.start_time.strftime("%Y-%m-%d %H:00")
        return str(p)
    if isinstance(p, (float, np.floating)) and float(p).is_integer():
        return str(int(p))
    return str(p)


def period_literal(p: object) -> str:
    """An expression that evaluates to period ``p`` (for evidence comparisons)."""
    if isinstance(p, pd.Period):
        return f"pd.Period({str(p)!r}, {p.freqstr!r})"
    if isinstance(p, (np.integer, int)):
        return str(int(p))
    if isinstance(p, (np.floating, float)):
        return repr(float(p))
    return repr(p)


def slope_expr(series_expr: str) -> str:
    """Evidence for the least-squares slope per period of an aggregated series."""
    return f"(lambda s: ga.stats.linear_trend(s, ga.period_index(s))[0])({series_expr})"


def period_index(s: pd.Series) -> np.ndarray:
    """Period positions as numbers (gaps preserved): ordinals for periods, else the values."""
    idx = s.index
    if isinstance(idx, pd.PeriodIndex):
        return idx.asi8.astype(float)
    return np.asarray(idx, dtype=float)
