"""Input validation, column references and seeded sampling shared by every analysis.

Why one module: every fact must name its columns the same way and carry an evidence
expression that re-computes it, so how a column is *addressed* (``df['x']`` when that is
unambiguous, ``df.iloc[:, 3]`` otherwise) and how a sample is *drawn* (``df.sample(n=…,
random_state=…)``, reproducible by anyone) live here and nowhere else.
"""

from __future__ import annotations

import contextlib
import functools
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from ..errors import GenAnalystError


@dataclass(frozen=True)
class Col:
    """How one column is named in facts and addressed in evidence expressions."""

    pos: int  # position in df.columns
    label: str  # stringified name shown to humans (MultiIndex levels joined with "/")
    key: str  # slug used in fact ids, unique within the frame
    accessor: str  # "['x']" or ".iloc[:, 3]", appended to a frame expression

    def expr(self, frame: str = "df") -> str:
        """Evidence expression for this column of ``frame`` (``"df"`` or a sample expression)."""
        return f"{frame}{self.accessor}"


def check_frame(df: Any, what: str = "analysis") -> pd.DataFrame:
    """Reject non-DataFrames with a message that says how to fix the call."""
    if isinstance(df, pd.Series):
        raise GenAnalystError(
            f"{what} needs a pandas DataFrame, got a Series; pass series.to_frame() instead"
        )
    if not isinstance(df, pd.DataFrame):
        raise GenAnalystError(
            f"{what} needs a pandas DataFrame, got {type(df).__name__}; "
            "wrap your data with pandas.DataFrame(...) first"
        )
    return df


def _label(name: Any) -> str:
    if isinstance(name, tuple):
        return "/".join(str(part) for part in name)
    return str(name)


_SLUG = re.compile(r"[^0-9A-Za-z_\-]+")


def _slug(label: str) -> str:
    slug = _SLUG.sub("_", label).strip("_")[:60]
    return slug or "col"


def column_refs(df: pd.DataFrame) -> list[Col]:
    """One :class:`Col` per column, in order; keys are unique even for duplicate names."""
    names = list(df.columns)
    multi = isinstance(df.columns, pd.MultiIndex)
    counts: dict[Any, int] = {}
    for name in names:
        with contextlib.suppress(TypeError):  # unhashable name: never addressed by name
            counts[name] = counts.get(name, 0) + 1
    refs: list[Col] = []
    used: set[str] = set()
    for pos, name in enumerate(names):
        label = _label(name)
        key = _slug(label)
        if key in used:
            key = f"{key}_{pos}"
        used.add(key)
        by_name = (
            not multi
            and isinstance(name, str)
            and counts.get(name) == 1
            and not isinstance(name, bool)
        )
        accessor = f"[{name!r}]" if by_name else f".iloc[:, {pos}]"
        refs.append(Col(pos=pos, label=label, key=key, accessor=accessor))
    return refs


def resolve_column(df: pd.DataFrame, name: Any, role: str = "target") -> Col:
    """Find the column a user named (by name, stringified name or position-free label)."""
    refs = column_refs(df)
    hits = [r for r, n in zip(refs, df.columns, strict=True) if _eq(n, name)]
    if not hits:
        hits = [r for r in refs if r.label == _label(name)]
    if not hits:
        shown = ", ".join(r.label for r in refs[:10]) + (", …" if len(refs) > 10 else "")
        raise GenAnalystError(
            f"unknown {role} column {name!r}; choose one of the frame's columns: {shown}"
        )
    if len(hits) > 1:
        raise GenAnalystError(
            f"{role} column {name!r} appears {len(hits)} times; rename the duplicates first"
        )
    return hits[0]


def _eq(a: Any, b: Any) -> bool:
    try:
        return bool(a == b) and type(a) is not bool
    except (TypeError, ValueError):
        return False


def series(df: pd.DataFrame, col: Col) -> pd.Series:
    """The column as a Series (positional, so duplicate names are harmless)."""
    return df.iloc[:, col.pos]


@dataclass(frozen=True)
class Sample:
    """A reproducible row sample: ``frame`` plus the expression that redraws it."""

    frame: pd.DataFrame
    expr: str  # "df" or "df.sample(n=100000, random_state=0)"
    size: int | None  # None when the full frame is used

    def caveat(self, total: int) -> tuple[str, ...]:
        if self.size is None:
            return ()
        return (f"computed on a random sample of {self.size:,} of {total:,} rows",)


def sample_rows(df: pd.DataFrame, limit: int, random_state: int = 0) -> Sample:
    """The whole frame when small, else a seeded sample anyone can redraw."""
    if len(df) <= limit:
        return Sample(df, "df", None)
    return Sample(
        df.sample(n=limit, random_state=random_state),
        f"df.sample(n={limit}, random_state={random_state})",
        limit,
    )


def is_bool_dtype(s: pd.Series) -> bool:
    return pd.api.types.is_bool_dtype(s.dtype)


def is_numeric_dtype(s: pd.Series) -> bool:
    """Real numbers (not booleans, not complex)."""
    dtype = s.dtype
    return (
        pd.api.types.is_numeric_dtype(dtype)
        and not pd.api.types.is_bool_dtype(dtype)
        and not pd.api.types.is_complex_dtype(dtype)
    )


def is_datetime_dtype(s: pd.Series) -> bool:
    return isinstance(s.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(s.dtype)


def to_float(s: pd.Series) -> np.ndarray:
    """Float64 values with NaN for missing; ±inf are kept (callers decide)."""
    return s.to_numpy(dtype="float64", na_value=np.nan)


F = TypeVar("F", bound=Callable[..., Any])


def quiet(fn: F) -> F:
    """Silence numpy's overflow/invalid-value chatter (inf, NaN and constant columns are
    expected input here and are reported as facts, not as warnings)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
