"""Semantic column types and time-column detection.

Why not dtypes: analyses need to know what a column *means* — an integer ``customer_id``
is an identifier, not a measure; a string column of ISO dates is a time axis; a 0/1
integer is a flag. Types are inferred from dtype, name hints and a seeded sample of at
most 10,000 non-missing values, so inference is fast on any frame size.

Types: ``numeric``, ``categorical``, ``boolean``, ``datetime``, ``id`` (identifier-like),
``text`` (free text), ``empty`` (no non-missing value), ``other`` (unhashable or exotic
values such as lists, complex numbers or durations).
"""

from __future__ import annotations

import functools
import re
import warnings
from typing import Any

import numpy as np
import pandas as pd

from ._frame import (
    Col,
    check_frame,
    column_refs,
    is_bool_dtype,
    is_datetime_dtype,
    is_numeric_dtype,
    resolve_column,
    series,
)

SEMANTIC_TYPES = ("numeric", "categorical", "boolean", "datetime", "id", "text", "empty", "other")

_SAMPLE = 10_000
_ID_NAME = re.compile(r"(^|[_\s.-])(id|uuid|guid|key|code|number|no)$|^id[_\s]|_id$", re.I)
_TIME_NAME = re.compile(r"date|time|timestamp|period|month|day|week|quarter|year|^dt$|_at$", re.I)
_YEAR_NAME = re.compile(r"^(year|yr|fiscal_year|fy)$", re.I)


@functools.lru_cache(maxsize=8)
def _sample_positions(n: int) -> np.ndarray:
    """The seeded row positions drawn from a column of length ``n`` — the same for every
    column of a frame, so they are drawn once per length (each draw permutes all ``n``)."""
    rng = np.random.default_rng(0)
    positions = np.sort(rng.choice(n, size=2 * _SAMPLE, replace=False))
    positions.flags.writeable = False
    return positions


def _nonnull_sample(s: pd.Series) -> pd.Series:
    """Up to 10,000 non-missing values, seeded, so inference cost is bounded."""
    if len(s) > 2 * _SAMPLE:  # draw rows first: cheap on a long column
        part = s.iloc[_sample_positions(len(s))]
        valid = part[part.notna().to_numpy(dtype=bool)]
        if len(valid) >= _SAMPLE // 10:
            return valid.iloc[:_SAMPLE]
    valid = s[s.notna().to_numpy(dtype=bool)]
    if len(valid) > _SAMPLE:
        valid = valid.sample(n=_SAMPLE, random_state=0)
    return valid


def _hashable(values: pd.Series) -> bool:
    try:
        pd.unique(values.to_numpy(dtype=object))
    except TypeError:
        return False
    return True


def parse_dates(s: pd.Series) -> pd.Series:
    """Strings of ISO dates → UTC timestamps (unparseable → NaT); how describe reads them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return pd.to_datetime(s, format="ISO8601", errors="coerce", utc=True)
        except (ValueError, TypeError, OverflowError):
            return pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns, UTC]")


def datetime_expr(col: Col, t: str, frame: str = "df") -> str:
    """Evidence expression for a datetime-typed column (parsing strings the same way)."""
    base = col.expr(frame)
    if t == "datetime_str":
        return f"pd.to_datetime({base}, format='ISO8601', errors='coerce', utc=True)"
    return base


def as_datetime(s: pd.Series) -> pd.Series:
    """The column as datetimes (a no-op for datetime dtypes)."""
    return s if is_datetime_dtype(s) else parse_dates(s)


def _looks_like_dates(values: pd.Series) -> bool:
    head = values.iloc[:200]
    if not all(isinstance(v, str) for v in head):
        return False
    if not all(any(ch.isdigit() for ch in v) and len(v) >= 6 for v in head[:50]):
        return False
    parsed = parse_dates(head.astype(object))
    return bool(parsed.notna().mean() >= 0.95)


def _infer_one(name: str, s: pd.Series) -> str:
    """Internal type; ``datetime_str`` marks date strings that need parsing."""
    if is_bool_dtype(s):
        return "boolean" if s.notna().any() else "empty"
    if is_datetime_dtype(s):
        return "datetime" if s.notna().any() else "empty"
    if isinstance(s.dtype, pd.CategoricalDtype):
        return "categorical" if s.notna().any() else "empty"
    values = _nonnull_sample(s)
    if len(values) == 0:
        return "empty"
    if is_numeric_dtype(s):
        return _infer_numeric(name, s, values)
    if s.dtype.kind in "mcV" or isinstance(s.dtype, (pd.PeriodDtype, pd.IntervalDtype)):
        return "other"
    if not _hashable(values):
        return "other"
    return _infer_object(name, values)


def _infer_numeric(name: str, s: pd.Series, values: pd.Series) -> str:
    uniq = pd.unique(values.to_numpy(dtype="float64", na_value=np.nan))
    if len(uniq) == 2 and set(uniq.tolist()) <= {0.0, 1.0}:
        return "boolean"
    integral = s.dtype.kind in "iu" or bool(np.all(np.mod(uniq[np.isfinite(uniq)], 1) == 0))
    all_unique = len(uniq) == len(values)
    if integral and all_unique and len(values) >= 2:
        if _ID_NAME.search(name):
            return "id"
        if len(values) >= 20 and s.dtype.kind in "iu" and s.is_monotonic_increasing:
            return "id"
    return "numeric"


def _infer_object(name: str, values: pd.Series) -> str:
    strings = values.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
    if strings.all():
        if _looks_like_dates(values):
            return "datetime_str"
        text = values.astype(str)
        lengths = text.str.len()
        words = text.str.count(r"\s+") + 1
        mean_words = float(words.mean())
        ratio = text.nunique() / len(text)
        if len(text) >= 20 and ratio >= 0.9:
            return "text" if mean_words >= 3 or float(lengths.mean()) > 40 else "id"
        if mean_words >= 5 or float(lengths.mean()) > 80:
            return "text"
        if len(text) >= 2 and ratio == 1.0 and _ID_NAME.search(name):
            return "id"
        return "categorical"
    if all(isinstance(v, (bool, np.bool_)) for v in values.iloc[:1000]):
        return "boolean"
    return "categorical"  # mixed hashable values: counted as they are


def infer_types(df: pd.DataFrame, refs: list[Col] | None = None) -> list[str]:
    """Internal types by position (``datetime_str`` kept distinct from ``datetime``)."""
    refs = column_refs(df) if refs is None else refs
    return [_infer_one(c.label, series(df, c)) for c in refs]


def public_type(t: str) -> str:
    return "datetime" if t == "datetime_str" else t


def semantic_types(df: pd.DataFrame) -> pd.Series:
    """Semantic type of each column, indexed like ``df.columns``.

    >>> semantic_types(pd.DataFrame({"id": range(30), "x": [0.5] * 30})).tolist()
    ['id', 'numeric']
    """
    check_frame(df, "semantic_types")
    types = [public_type(t) for t in infer_types(df)]
    return pd.Series(types, index=df.columns, dtype=object, name="semantic_type")


def _year_like(c: Col, s: pd.Series) -> bool:
    if not _YEAR_NAME.match(c.label) or not is_numeric_dtype(s):
        return False
    vals = s.dropna()
    return len(vals) > 0 and bool(vals.between(1800, 2200).all()) and bool((vals % 1 == 0).all())


def detect_time_column(
    df: pd.DataFrame, types: list[str], refs: list[Col], time: Any = None
) -> tuple[Col, str] | None:
    """The time axis: the user's choice, else the best datetime (or ``year``) column.

    Returns the column and its internal type (``datetime``, ``datetime_str`` or ``year``).
    ``time=False`` disables detection.
    """
    if time is False:
        return None
    if time is not None:
        col = resolve_column(df, time, role="time")
        t = types[col.pos]
        s = series(df, col)
        if t in ("datetime", "datetime_str"):
            return col, t
        if is_numeric_dtype(s):
            return col, "year"
        from ..errors import GenAnalystError

        raise GenAnalystError(
            f"time column {col.label!r} is neither datetime nor numeric; "
            "convert it with pd.to_datetime(...) or pass time=None to auto-detect"
        )
    best: tuple[tuple[int, int, int], Col, str] | None = None
    for c, t in zip(refs, types, strict=True):
        s = series(df, c)
        if t in ("datetime", "datetime_str"):
            kind = t
        elif _year_like(c, s):
            kind = "year"
        else:
            continue
        sample = _nonnull_sample(s)
        n_unique = int(sample.nunique())
        if n_unique < 3:
            continue
        score = (1 if _TIME_NAME.search(c.label) else 0, int(kind != "year"), n_unique)
        if best is None or score > best[0]:
            best = (score, c, kind)
    return None if best is None else (best[1], best[2])
