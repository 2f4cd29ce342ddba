"""A bounded, seeded row sample of any engine's frame, collected to pandas.

Why bounded: model-based facts (drivers, predictions, synthetic data) and semantic-type
inference need pandas, but a Spark table or a 50M-row parquet file must never be collected
whole. Each engine draws the sample itself (DuckDB reservoir sampling, Spark Bernoulli
sampling capped with ``limit``, a seeded hash of row numbers for Polars lazy frames) so only
``n`` rows ever cross into Python, and the same call redraws the same rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ...errors import GenAnalystError
from .detect import check_engine, shape_of


@dataclass(frozen=True)
class EngineSample:
    """``frame``: the rows collected; ``size`` None when the whole frame fit in ``n``."""

    frame: pd.DataFrame
    total: int
    size: int | None
    method: str
    expr: str  # evidence: redraws this sample from ``df``

    def caveat(self) -> tuple[str, ...]:
        """The sentence every fact computed on this sample carries."""
        if self.size is None:
            return ()
        return (
            f"computed on a seeded sample of {self.size:,} of {self.total:,} rows "
            f"({self.method}), collected to pandas",
        )

    def __iter__(self) -> Any:  # ``frame, caveat = sample_pandas(...)``
        return iter((self.frame, self.caveat()))


def sample_pandas(obj: Any, n: int, seed: int = 0, *, total: int | None = None) -> EngineSample:
    """At most ``n`` rows of ``obj`` as a pandas DataFrame, drawn by the engine with
    ``seed``; the whole frame (in order) when it has ``n`` rows or fewer."""
    if n < 1:
        raise GenAnalystError(f"sample size must be at least 1, got {n}")
    engine = check_engine(obj, "sample_pandas")
    rows = shape_of(obj)[0] if total is None else total
    expr = f"ga.engines.sample_pandas(df, {n}, seed={seed}).frame"
    whole = rows <= n
    if engine == "pandas":
        frame = obj if whole else obj.sample(n=n, random_state=seed)
        method = f"pandas df.sample(n={n}, random_state={seed})"
    elif engine == "polars":
        frame, method = _polars(obj, n, seed, rows, whole)
    elif engine == "duckdb":
        method = f"DuckDB reservoir sample of {n} rows, REPEATABLE ({seed})"
        frame = (
            obj.df()
            if whole
            else obj.query(
                "df", f"SELECT * FROM df USING SAMPLE reservoir({n} ROWS) REPEATABLE ({seed})"
            ).df()
        )
    else:
        fraction = min(1.0, 1.2 * n / max(rows, 1))
        method = f"Spark sample(fraction={fraction:.6g}, seed={seed}).limit({n})"
        part = obj if whole else obj.sample(withReplacement=False, fraction=fraction, seed=seed)
        frame = part.limit(n).toPandas() if not whole else part.toPandas()
    size = None if whole else len(frame)
    return EngineSample(
        frame.reset_index(drop=True) if engine != "pandas" else frame, rows, size, method, expr
    )


def _polars(obj: Any, n: int, seed: int, rows: int, whole: bool) -> tuple[pd.DataFrame, str]:
    import polars as pl

    lazy = type(obj).__name__ != "DataFrame"
    if whole:
        return (obj.collect() if lazy else obj).to_pandas(), "whole frame"
    if not lazy:
        return obj.sample(n=n, seed=seed).to_pandas(), f"Polars sample(n={n}, seed={seed})"
    # Keep row i when hash(i) falls below a threshold: streams, needs no full collect.
    buckets = 1_000_000
    keep = min(buckets, math.ceil(buckets * 1.2 * n / rows))
    picked = (
        obj.with_row_index("__ga_row")
        .filter(pl.col("__ga_row").hash(seed) % buckets < keep)
        .head(n)
        .drop("__ga_row")
        .collect()
    )
    return picked.to_pandas(), f"hash of row numbers (seed {seed}), first {n} kept"
