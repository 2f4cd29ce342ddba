"""The same facts on Polars, DuckDB and Spark, computed inside the engine.

``describe_any`` / ``diagnose_any`` accept a pandas DataFrame (the pandas path, unchanged),
a Polars DataFrame or LazyFrame, a DuckDB relation or a PySpark DataFrame. Aggregates run
in the engine; only aggregated results and bounded, seeded samples reach pandas. Evidence
is written in the engine's terms; evaluate it with ``df`` bound to the user's frame and
``ga`` to :mod:`jupyter_genanalyst.facts`. Heavy engines are imported only when used.
"""

from __future__ import annotations

from .backend import Stat, Tops, period_series
from .describe import EXACT_LIMIT, describe_any, granularity_of
from .detect import ENGINES, FrameInfo, columns_of, engine_of, frames_in, is_lazy, shape_of
from .diagnose import DIAGNOSE_SAMPLE, diagnose_any, on_sample, predict_any, prescribe_any
from .files import scan_file
from .profile import semantic_types_any
from .registry import backend_for, missing_counts
from .sample import EngineSample, sample_pandas

__all__ = [
    "DIAGNOSE_SAMPLE",
    "ENGINES",
    "EXACT_LIMIT",
    "EngineSample",
    "FrameInfo",
    "Stat",
    "Tops",
    "backend_for",
    "columns_of",
    "describe_any",
    "diagnose_any",
    "engine_of",
    "frames_in",
    "granularity_of",
    "is_lazy",
    "missing_counts",
    "on_sample",
    "period_series",
    "predict_any",
    "prescribe_any",
    "sample_pandas",
    "scan_file",
    "semantic_types_any",
    "shape_of",
]
