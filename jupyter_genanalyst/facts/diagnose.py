"""Diagnostic facts — why it happened: outliers and anomalies, level shifts, key drivers of
a target, segment contributions to a change, and missingness mechanisms.

Every association is labelled associational, not causal; every significance claim is
Benjamini–Hochberg corrected within its family (drivers, correlations, missingness).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._context import MAX_COLUMN_FACTS, Context
from ._drivers import correlation_facts, driver_facts, target_column
from ._frame import quiet
from ._missingness import missingness_facts
from ._outliers import column_outliers, time_anomalies
from ._segments import segment_facts
from .describe import cap
from .types import Fact, FactSet


@quiet
def diagnose(
    df: pd.DataFrame, *, target: Any = None, time: Any = None, max_facts: int = MAX_COLUMN_FACTS
) -> FactSet:
    """Outliers, time anomalies and shifts, drivers of ``target`` (or, without a target,
    the strongest pairwise correlations), segment contributions and missingness causes."""
    ctx = Context.build(df, time, "diagnose")
    t = target_column(ctx, target) if target is not None else None
    facts: list[Fact] = []
    facts += column_outliers(ctx)
    facts += time_anomalies(ctx)
    facts += driver_facts(ctx, target) if t is not None else correlation_facts(ctx)
    facts += segment_facts(ctx, t)
    facts += missingness_facts(ctx)
    summary = [f for f in facts if f.id.startswith("diag.drivers.")]
    rest = [f for f in facts if not f.id.startswith("diag.drivers.")]
    return FactSet(summary + [_rename(f) for f in cap(rest, max_facts)])


def _rename(fact: Fact) -> Fact:
    """The cap note is shared with describe; give it a diagnostic id and kind here."""
    if fact.id != "desc.truncated":
        return fact
    return Fact(**{**fact.__dict__, "id": "diag.truncated", "kind": "diagnostic"})
