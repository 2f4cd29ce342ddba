"""The backend for a frame (pandas frames never get one: they take the pandas path)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...errors import GenAnalystError
from .backend import Backend, Stat
from .detect import check_engine, columns_of


def backend_for(obj: Any) -> Backend:
    """A :class:`Backend` computing inside the engine that holds ``obj``."""
    engine = check_engine(obj)
    if engine == "polars":
        from .polars import PolarsBackend

        return PolarsBackend(obj)
    if engine in ("duckdb", "spark"):
        from .sql import DUCKDB, SPARK, SqlBackend

        return SqlBackend(obj, DUCKDB if engine == "duckdb" else SPARK)
    raise GenAnalystError("pandas frames are described by jupyter_genanalyst.facts.describe")


def missing_counts(obj: Any) -> pd.Series:
    """Missing values per column (NULL, and NaN in float columns), counted in the engine."""
    if check_engine(obj, "missing_counts") == "pandas":
        return obj.isna().sum()
    names = columns_of(obj)
    values = backend_for(obj).aggregate([Stat("rows"), *(Stat("count", n) for n in names)])
    rows = int(values[0])
    return pd.Series([rows - int(v or 0) for v in values[1:]], index=names, dtype="int64")
