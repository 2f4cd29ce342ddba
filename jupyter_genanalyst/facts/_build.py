"""Turning computed numbers into :class:`Fact` records with readable template text.

Why here: every analysis formats numbers the same way (the grounding checker matches
numbers written in text to values, allowing for rounding), and every value must be a
plain Python scalar so facts serialize to JSON identically everywhere.

Conventions: counts are ``int``; shares are ``"percent"`` on a 0–100 scale; floats in
text keep 2 decimals (2 significant digits below 1); dates are ISO strings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, cast

import numpy as np
import pandas as pd

from .types import UNITS, Fact, Kind, Unit, Value


def py(value: Any) -> Value:
    """A numpy/pandas scalar as a plain Python value (NaT/NA → None)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, pd.Timestamp):
        return iso(value)
    if isinstance(value, str):
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
    if ax == 0 or ax < 1e-6:
        return "0"
    if ax >= 1000:
        return f"{x:,.0f}"
    if ax >= 1:
        text = f"{x:.2f}".rstrip("0").rstrip(".")
        return text
    decimals = -math.floor(math.log10(ax)) + 1  # two significant digits
    text = f"{x:.{decimals}f}".rstrip("0").rstrip(".")
    return text if text not in ("0", "-0") else "0"


def pct(x: float) -> str:
    """A 0–100 share as text, e.g. ``12.35%``."""
    return f"{num(x)}%"


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


def clamp01(x: float) -> float:
    if not math.isfinite(x):
        return 0.0
    return min(1.0, max(0.0, float(x)))


def make(
    id: str,
    kind: Kind,
    topic: str,
    columns: tuple[str, ...] | list[str],
    values: Mapping[str, Any],
    units: Mapping[str, str],
    importance: float,
    text: str,
    evidence: Mapping[str, str] | None = None,
    caveats: tuple[str, ...] | list[str] = (),
    sample_size: int | None = None,
) -> Fact:
    """Build a :class:`Fact`, converting values to plain scalars and clamping importance."""
    clean = {k: py(v) for k, v in values.items()}
    missing_units = set(clean) - set(units)
    if missing_units:  # a programming error, not a user error
        raise AssertionError(f"fact {id}: no unit for {sorted(missing_units)}")
    unknown = {u for u in units.values() if u not in UNITS}
    if unknown:
        raise AssertionError(f"fact {id}: unknown units {sorted(unknown)}")
    return Fact(
        id=id,
        kind=kind,
        topic=topic,
        columns=tuple(str(c) for c in columns),
        values=clean,
        units=cast(dict[str, Unit], dict(units)),
        importance=clamp01(importance),
        text=text,
        evidence=dict(evidence or {}),
        caveats=tuple(caveats),
        sample_size=sample_size,
    )


P_FLOOR = 0.001  # p-values below this are written "p < 0.001"


def ptext(p: float, name: str = "p") -> str:
    """A p- or q-value as text; tiny ones are bounded (``p_floor`` must be a fact value)."""
    return f"{name} < {num(P_FLOOR)}" if p < P_FLOOR else f"{name} = {num(p)}"


def signed(x: float) -> str:
    """A change with an explicit sign, e.g. ``+3.1`` or ``-0.42``."""
    text = num(x)
    return text if text.startswith("-") or text == "0" else f"+{text}"
