"""The one set of value converters and number formatters for every fact (frame or figure).

Why one module: the grounding check matches numbers written in a fact's text (and in the
narratives built on it) against the fact's values, so every engine must write numbers by
the same rule, and every value must be the same kind of plain, JSON-safe Python scalar.

Rules: integers are exact with thousands separators; other numbers keep 2 decimals from 1
up, 2 significant digits below 1, and no decimals from 1,000 (never an exponent); shares
are percents on a 0–100 scale; a change carries an explicit sign; dates are ISO text;
a missing or non-finite number is ``None``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from .types import Value

P_FLOOR = 0.001  # p-values below this are written "p < 0.001" (a fact then holds p_floor)


def py(value: Any) -> Value:
    """Any scalar a fact may be built from as a plain Python value.

    numpy/pandas scalars become ``bool``/``int``/``float``/``str``; timestamps become ISO
    text; ``None``, NA, NaT, NaN and ±inf become ``None``; anything else becomes its text.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date, np.datetime64)):
        return None if pd.isna(value) else iso(value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return value
    return str(value)


def label_value(value: Any) -> Value:
    """A category or axis position as a fact value: numbers stay numbers, the rest is text."""
    value = py(value)
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    return str(value)


def num(x: Any) -> str:
    """A number as written in fact text: readable, and recoverable by rounding."""
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x)).lower()
    if isinstance(x, (int, np.integer)):
        return f"{int(x):,}"
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "infinity" if x > 0 else "minus infinity"
    ax = abs(x)
    if ax < 1e-6:
        return "0"
    if ax >= 1000:
        return f"{x:,.0f}"
    if ax >= 1:
        return f"{x:.2f}".rstrip("0").rstrip(".")
    decimals = -math.floor(math.log10(ax)) + 1  # two significant digits
    text = f"{x:.{decimals}f}".rstrip("0").rstrip(".")
    return text if text not in ("0", "-0") else "0"


def pct(x: float) -> str:
    """A 0–100 share as text, e.g. ``12.35%``."""
    return f"{num(x)}%"


def signed(x: float, fmt: Callable[[float], str] = num) -> str:
    """A change with an explicit sign, e.g. ``+3.1``, ``-0.42``, ``+$12`` or (with
    ``fmt=pct``) ``+12.5%``; a change that formats as zero gets no sign."""
    magnitude = fmt(abs(x))
    if math.isnan(x) or x == 0 or magnitude == fmt(0.0):
        return magnitude
    return ("+" if x > 0 else "-") + magnitude


def share(part: float, whole: float) -> float:
    """``part`` as a percent (0–100) of ``whole``; 0 when ``whole`` is 0."""
    return float(100.0 * part / whole) if whole else 0.0


def iso(ts: Any) -> str:
    """A timestamp as ISO text: the date alone when there is no time of day."""
    ts = pd.Timestamp(ts)
    if ts.tz is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    if ts == ts.normalize():
        return ts.strftime("%Y-%m-%d")
    return ts.isoformat(sep=" ")


def label(value: Any) -> str:
    """A category or axis position as text (integral floats without ``.0``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def ptext(p: float, name: str = "p") -> str:
    """A p- or q-value as text; tiny ones are bounded (``p_floor`` must be a fact value)."""
    return f"{name} < {num(P_FLOOR)}" if p < P_FLOOR else f"{name} = {num(p)}"


def clamp01(x: float) -> float:
    """An importance in [0, 1]; a non-finite one counts as 0."""
    if not math.isfinite(x):
        return 0.0
    return min(1.0, max(0.0, float(x)))
