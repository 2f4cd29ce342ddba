"""Deterministic facts about a DataFrame: describe, diagnose, predict, prescribe, synthesize.

Every :class:`Fact` carries evidence expressions; evaluate one with
``eval(expr, {"df": df, "pd": pd, "np": np, "ga": jupyter_genanalyst.facts})`` to re-check it.
"""

from __future__ import annotations

from . import _stats as stats
from . import engines, hypotheses
from ._drivers import correlation_table, driver_table
from ._missingness import missingness_table
from ._time import granularity, period_index, period_label
from .augment import augmentation
from .dated_anomalies import dated_anomalies
from .describe import describe
from .diagnose import diagnose
from .format import iso
from .predict import predict
from .prescribe import prescribe
from .semantic import SEMANTIC_TYPES, semantic_types
from .synthetic import FidelityReport, SyntheticData, synthesize
from .types import Fact, FactSet, InvalidFactError

__all__ = [
    "SEMANTIC_TYPES",
    "Fact",
    "FactSet",
    "FidelityReport",
    "InvalidFactError",
    "SyntheticData",
    "augmentation",
    "correlation_table",
    "dated_anomalies",
    "describe",
    "diagnose",
    "driver_table",
    "engines",
    "granularity",
    "hypotheses",
    "iso",
    "missingness_table",
    "period_index",
    "period_label",
    "predict",
    "prescribe",
    "semantic_types",
    "stats",
    "synthesize",
]
