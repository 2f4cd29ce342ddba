"""What every engine backend answers: batched aggregates, top values, duplicates, time buckets.

Why a request list: describe asks for dozens of statistics per column; a backend turns the
whole list into one query (one ``SELECT`` of aggregates, one Polars ``select``), never one
query per statistic. Each statistic also has *evidence*: a Python expression, with ``df``
bound to the user's frame, that re-runs the same computation in the engine's own terms
(a Polars expression, DuckDB SQL, Spark SQL) — the text evaluated and the text shown are
the same string, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

import pandas as pd

Op = Literal[
    "rows",  # count(*)
    "count",  # non-missing values
    "mean",
    "std",  # sample standard deviation (ddof=1), like pandas
    "min",
    "max",
    "quantile",  # linear interpolation when exact, like pandas
    "skew",  # adjusted Fisher–Pearson (G1), like pandas
    "zeros",
    "infinite",
    "distinct",  # distinct non-missing values
    "trues",  # booleans: True; numbers: == 1
    "mean_length",  # characters (code points) of non-missing strings
    "first",  # one non-missing value (constant columns)
]

# Column kinds a backend distinguishes; read from the engine's schema.
Kind = Literal["float", "int", "bool", "datetime", "date", "string", "other"]

FREQ_UNITS = {"h": "hour", "D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}


@dataclass(frozen=True)
class Stat:
    """One statistic of one column (or of the frame when ``col`` is None)."""

    op: Op
    col: str | None = None
    arg: float | None = None  # the quantile
    approx: bool = False  # use the engine's approximate function


@dataclass(frozen=True)
class Tops:
    """The most common values of a column (ties broken by value) and its distinct count."""

    levels: int
    values: tuple[tuple[str, int], ...]


class Backend(Protocol):
    """One engine; built by :func:`jupyter_genanalyst.facts.engines.backend_for`."""

    engine: str

    def kinds(self) -> dict[str, Kind]:
        """Column name → kind, from the schema."""
        ...

    def aggregate(self, stats: list[Stat]) -> list[Any]:
        """All ``stats`` in one query, as plain Python values in order."""
        ...

    def evidence(self, stat: Stat) -> str:
        """A Python expression (``df`` = the frame) that recomputes ``stat`` in the engine."""
        ...

    def tops(self, cols: list[str], k: int) -> dict[str, Tops]:
        """Top ``k`` values and distinct counts of every column in ``cols`` (one query)."""
        ...

    def top_evidence(self, col: str, i: int) -> tuple[str, str, str]:
        """Evidence for the ``i``-th top value of ``col``: (value, count, percent)."""
        ...

    def levels_evidence(self, col: str) -> str:
        """Evidence for the number of distinct non-missing values of ``col`` (exact)."""
        ...

    def distinct_rows(self) -> int:
        """Rows left after removing exact duplicate rows."""
        ...

    def distinct_rows_evidence(self) -> str: ...

    def step_days(self, col: str) -> float | None:
        """Median gap between distinct timestamps of ``col``, in days (None if < 2)."""
        ...

    def step_evidence(self, col: str) -> str: ...

    def periods(self, col: str, freq: str, measures: list[str]) -> pd.DataFrame:
        """Per period of ``col`` (pandas alias ``freq``, or "year" for a year column):
        columns ``p`` (period start or year), ``n`` (rows), ``m0…`` (mean of each measure)."""
        ...

    def period_evidence(self, col: str, freq: str, measure: str | None) -> str:
        """An expression giving a pandas Series indexed by period: the mean of ``measure``
        per period (rows per period when ``measure`` is None), computed in the engine."""
        ...


def period_series(frame: pd.DataFrame, freq: str) -> pd.Series:
    """A two-column engine result (period start or year, value) as a Series indexed the way
    pandas indexes ``groupby(to_period(freq))`` results, missing values dropped."""
    if frame.empty:
        return pd.Series([], dtype="float64")
    keys, values = frame.iloc[:, 0], frame.iloc[:, 1]
    if freq == "year":
        index: Any = pd.Index(keys.to_numpy())
    else:
        stamps = pd.to_datetime(keys)
        if isinstance(stamps.dtype, pd.DatetimeTZDtype):
            stamps = stamps.dt.tz_convert(None)
        index = pd.PeriodIndex([pd.Period(t, freq) for t in stamps])
    out = pd.Series(pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64"), index=index)
    return out.dropna()
