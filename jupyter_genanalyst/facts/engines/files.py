"""Open a parquet or CSV file lazily in DuckDB (default) or Polars, for ``genanalyst analyze``.

Why not pandas: a file larger than memory must be described where it lies; DuckDB and
Polars scan it in the engine and only the aggregates come back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from ...errors import GenAnalystError

FileEngine = Literal["duckdb", "polars"]
_PARQUET = (".parquet", ".pq")
_CSV = (".csv", ".tsv", ".txt")


def scan_file(path: str | Path, *, engine: FileEngine = "duckdb") -> Any:
    """A lazy frame over ``path``: a DuckDB relation or a Polars LazyFrame (nothing loaded)."""
    p = Path(path)
    if not p.exists():
        raise GenAnalystError(f"no such file: {p}")
    suffix = p.suffix.lower()
    if suffix not in _PARQUET + _CSV:
        raise GenAnalystError(f"cannot scan {p.name}: use a .parquet or .csv file")
    if engine == "duckdb":
        import duckdb

        con = duckdb.connect()  # private in-memory database; the relation keeps it alive
        if suffix in _PARQUET:
            return con.read_parquet(str(p))
        return con.read_csv(str(p), sep="\t" if suffix == ".tsv" else None)
    if engine == "polars":
        import polars as pl

        if suffix in _PARQUET:
            return pl.scan_parquet(p)
        return pl.scan_csv(p, separator="\t" if suffix == ".tsv" else ",", try_parse_dates=True)
    raise GenAnalystError(f"unknown file engine {engine!r}; use 'duckdb' or 'polars'")
