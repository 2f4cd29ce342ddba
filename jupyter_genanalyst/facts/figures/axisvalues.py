"""Turn the values along a category/position axis into labels and numeric positions.

Dates are the awkward case: plotly accepts ``datetime64`` arrays and ISO strings alike.
Labels are normalised to ISO text (so a fact value equals what its evidence expression
returns), and dates/numbers also get float positions (days for dates) so that ranges,
spacing and gaps can be measured.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from jupyter_genanalyst.facts.types import Unit

_ISO = re.compile(r"^\d{4}-\d{2}(-\d{2})?([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")


_SAFE = {f.__name__: f for f in (abs, bool, float, int, len, list, object, range, str, tuple)}


def evaluate(expr: str, fig: Any) -> Any:
    """Evaluate an evidence expression exactly as a checker would (``fig``, ``np``, ``pd``)."""
    return eval(expr, {"__builtins__": _SAFE, "fig": fig, "np": np, "pd": pd})


@dataclass(frozen=True)
class AxisValues:
    """Labels (as evaluated from ``labels_expr``) and, for dates/numbers, float positions."""

    labels_expr: str
    labels: np.ndarray
    positions_expr: str | None
    positions: np.ndarray | None
    is_date: bool

    @property
    def unit(self) -> Unit:
        """The unit of a label as a fact value: a date, a number or a category."""
        if self.is_date:
            return "date"
        return "text" if self.positions is None else "number"


def _midnight(values: np.ndarray) -> bool:
    ns = values.astype("datetime64[ns]")
    valid = ns[~np.isnat(ns)]
    return bool(np.all(valid == valid.astype("datetime64[D]")))


def axis_values(raw_expr: str, fig: Any) -> AxisValues:
    """Normalise the array ``raw_expr`` evaluates to; see the module docstring."""
    if not raw_expr.startswith("np."):
        raw_expr = f"np.asarray({raw_expr})"  # tuples/lists from go traces index like arrays too
    raw = np.asarray(evaluate(raw_expr, fig))
    if raw.dtype.kind == "M":
        unit = "D" if _midnight(raw) else "s"
        arr = f"np.asarray({raw_expr}, dtype='datetime64[ns]')"
        labels_expr = f"np.datetime_as_string({arr}, unit='{unit}')"
        pos_expr = f"{arr}.astype('int64') / 86400e9"
        return AxisValues(
            labels_expr, evaluate(labels_expr, fig), pos_expr, evaluate(pos_expr, fig), True
        )
    if raw.dtype.kind in "iuf" or (raw.dtype.kind == "b"):
        pos_expr = f"np.asarray({raw_expr}, dtype=float)"
        return AxisValues(raw_expr, raw, pos_expr, evaluate(pos_expr, fig), False)
    texts = [v for v in raw.tolist() if v is not None]
    if texts and all(isinstance(v, str) and _ISO.match(v) for v in texts):
        pos_expr = (
            f"np.asarray(pd.to_datetime(np.asarray({raw_expr}), format='ISO8601'), "
            "dtype='datetime64[ns]').astype('int64') / 86400e9"
        )
        return AxisValues(raw_expr, raw, pos_expr, evaluate(pos_expr, fig), True)
    if texts and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in texts):
        pos_expr = f"np.asarray({raw_expr}, dtype=float)"
        return AxisValues(raw_expr, raw, pos_expr, evaluate(pos_expr, fig), False)
    return AxisValues(raw_expr, raw, None, None, False)


def is_missing(value: Any) -> bool:
    """True for None/NaN/NaT labels."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))
