"""Which engine holds a frame, and what can be asked of it without computing anything.

Why by module name: importing polars, duckdb or pyspark just to answer "is this a Spark
DataFrame?" would cost seconds (and fail where the optional engines are not installed), so
the type's module decides; schemas are then read through Narwhals, which names dtypes the
same way for every engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ...errors import GenAnalystError

Engine = Literal["pandas", "polars", "duckdb", "spark"]
ENGINES: tuple[str, ...] = ("pandas", "polars", "duckdb", "spark")


def engine_of(obj: Any) -> Engine | None:
    """``"pandas"``, ``"polars"`` (eager or lazy), ``"duckdb"`` (a relation), ``"spark"``
    (a PySpark DataFrame, classic or Spark Connect), or None for anything else."""
    cls = type(obj)
    module, name = cls.__module__ or "", cls.__name__
    if module.startswith("pandas") and name == "DataFrame":
        return "pandas"
    if module.startswith("polars") and name in ("DataFrame", "LazyFrame"):
        return "polars"
    if module.startswith("duckdb") and name == "DuckDBPyRelation":
        return "duckdb"
    if module.startswith("pyspark") and name == "DataFrame":
        return "spark"
    return None


def check_engine(obj: Any, what: str = "analysis") -> Engine:
    """The engine of ``obj``, or a one-line error saying what is accepted."""
    engine = engine_of(obj)
    if engine is None:
        raise GenAnalystError(
            f"{what} needs a pandas, Polars, DuckDB or PySpark DataFrame, got "
            f"{type(obj).__name__}; wrap your data with pandas.DataFrame(...) first"
        )
    return engine


def is_lazy(obj: Any) -> bool:
    """True when counting rows would run a query (Polars LazyFrame, DuckDB, Spark)."""
    engine = engine_of(obj)
    return engine in ("duckdb", "spark") or (
        engine == "polars" and type(obj).__name__ != "DataFrame"
    )


def columns_of(obj: Any) -> list[str]:
    """Column names, read from the schema (no data is scanned)."""
    engine = check_engine(obj, "columns_of")
    if engine == "pandas":
        return [str(c) for c in obj.columns]
    if engine == "polars":
        return list(obj.collect_schema().names())
    return [str(c) for c in obj.columns]


def shape_of(obj: Any) -> tuple[int, int]:
    """(rows, columns); for lazy engines this runs one ``count(*)`` in the engine."""
    engine = check_engine(obj, "shape_of")
    ncols = len(columns_of(obj))
    if engine == "pandas":
        return int(obj.shape[0]), ncols
    if engine == "polars":
        if type(obj).__name__ == "DataFrame":
            return int(obj.height), ncols
        import polars as pl

        return int(obj.select(pl.len()).collect().item()), ncols
    if engine == "duckdb":
        row = obj.aggregate("count(*)").fetchall()[0]
        return int(row[0]) if row else 0, ncols
    return int(obj.count()), ncols


@dataclass(frozen=True)
class FrameInfo:
    """A frame found in a namespace: its variable name, engine and columns."""

    name: str
    engine: Engine
    columns: tuple[str, ...]


def frames_in(namespace: Mapping[str, Any]) -> list[FrameInfo]:
    """Every frame any supported engine holds in ``namespace`` (e.g. the user's IPython
    namespace), sorted by name; private names (``_x``) are skipped. Reads schemas only."""
    found = []
    for name, obj in namespace.items():
        if name.startswith("_"):
            continue
        engine = engine_of(obj)
        if engine is None:
            continue
        try:
            cols = tuple(columns_of(obj))
        except Exception:  # a closed connection or a stopped Spark session: not listable
            continue
        found.append(FrameInfo(name, engine, cols))
    return sorted(found, key=lambda f: f.name)
