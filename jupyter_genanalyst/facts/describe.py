"""Descriptive facts — what the data is and what happened in it.

Everything here is computed exactly on the full frame (all of it is O(rows) vectorized
work or a single sort per numeric column); only semantic-type inference looks at a seeded
sample. Per-column facts are ranked by importance and capped (``max_facts``) so a
10,000-column frame yields a readable set; frame-level summary facts are always kept.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._columns import (
    boolean_facts,
    category_facts,
    constant_facts,
    date_facts,
    id_facts,
    missing_facts,
    numeric_facts,
    text_facts,
)
from ._context import MAX_COLUMN_FACTS, Context
from ._frame import Col, quiet
from ._trend import time_facts
from .factory import make, recorded
from .format import num, pct, share
from .semantic import SEMANTIC_TYPES, public_type
from .types import Fact, FactSet


@quiet
def describe(df: pd.DataFrame, *, time: Any = None, max_facts: int = MAX_COLUMN_FACTS) -> FactSet:
    """Shape, semantic types, missingness, duplicates, distributions, categories, dates,
    and — when a time column exists (auto-detected, or ``time=``; ``time=False`` to skip) —
    trends and period-over-period changes of the numeric measures."""
    ctx = Context.build(df, time, "describe")
    missing = ctx.df.isna().sum()
    summary = [_shape(ctx), _types(ctx), _missing_summary(ctx, missing)]
    summary += _duplicates(ctx)
    per_column: list[Fact] = missing_facts(ctx, missing)
    constant: list[Col] = []
    for builder, types in (
        (numeric_facts, ("numeric",)),
        (category_facts, ("categorical",)),
        (boolean_facts, ("boolean",)),
        (date_facts, ("datetime",)),
    ):
        facts, const = builder(ctx, ctx.of_type(*types))
        per_column += facts
        constant += const
    per_column += id_facts(ctx, ctx.of_type("id"))
    per_column += text_facts(ctx, ctx.of_type("text"))
    per_column += constant_facts(ctx, constant)
    timed = time_facts(ctx, tuple(c.pos for c in constant))
    summary += [f for f in timed if f.id == "desc.time"]
    per_column += [f for f in timed if f.id != "desc.time"]
    return FactSet(summary + cap(per_column, max_facts))


def cap(facts: list[Fact], limit: int) -> list[Fact]:
    """Keep the ``limit`` most important facts and say how many were left out."""
    if len(facts) <= limit:
        return facts
    kept = sorted(facts, key=lambda f: (-f.importance, f.id))[:limit]
    note = make(
        "desc.truncated",
        "descriptive",
        "summary",
        [],
        {"kept": limit, "total": len(facts)},
        {"kept": "count", "total": "count"},
        0.05,
        f"Only the {num(limit)} most important of {num(len(facts))} per-column facts are listed.",
        {"kept": recorded(limit), "total": recorded(len(facts))},  # counts of our own output
    )
    return [*kept, note]


def _shape(ctx: Context) -> Fact:
    rows, cols = ctx.df.shape
    return shape_fact(rows, cols, {"rows": "len(df)", "columns": "df.shape[1]"})


def shape_fact(rows: int, cols: int, evidence: dict[str, str]) -> Fact:
    return make(
        "desc.shape",
        "descriptive",
        "shape",
        [],
        {"rows": rows, "columns": cols},
        {"rows": "count", "columns": "count"},
        0.9,
        f"The frame has {num(rows)} rows and {num(cols)} columns.",
        evidence,
    )


def _types(ctx: Context) -> Fact:
    return types_fact(ctx.refs, ctx.types, "ga.semantic_types(df)")


def types_fact(refs: list[Col], types: list[str], call: str) -> Fact:
    """How many columns of each semantic type; ``call`` recomputes the types as a Series."""
    public = [public_type(t) for t in types]
    counts = {t: public.count(t) for t in SEMANTIC_TYPES if t in public}
    parts = ", ".join(f"{num(k)} {t}" for t, k in counts.items()) or "none"
    notable = [
        c.label for c, t in zip(refs, public, strict=True) if t in ("id", "text", "empty", "other")
    ][:20]
    return make(
        "desc.types",
        "descriptive",
        "types",
        notable,
        {t: k for t, k in counts.items()},
        {t: "count" for t in counts},
        0.8,
        f"Column types: {parts}.",
        {t: f"int(({call} == {t!r}).sum())" for t in counts},
    )


def _missing_summary(ctx: Context, missing: pd.Series) -> Fact:
    return missing_summary_fact(
        int(missing.sum()),
        ctx.df.shape[0],
        ctx.df.shape[1],
        int((missing > 0).sum()),
        {
            "missing_cells": "int(df.isna().sum().sum())",
            "missing_pct": "float(df.isna().sum().sum() / df.size * 100) if df.size else 0.0",
            "columns_with_missing": "int(df.isna().any().sum())",
        },
    )


def missing_summary_fact(
    total: int, rows: int, ncols: int, cols: int, evidence: dict[str, str]
) -> Fact:
    """``total`` missing cells of ``rows`` × ``ncols``, in ``cols`` columns."""
    cells = rows * ncols
    p = share(total, cells)
    text = (
        "No value is missing."
        if total == 0
        else f"{num(total)} of {num(cells)} cells are missing ({pct(p)}), "
        f"in {num(cols)} of {num(ncols)} columns."
    )
    return make(
        "desc.missing",
        "descriptive",
        "missing",
        [],
        {"missing_cells": total, "missing_pct": p, "columns_with_missing": cols},
        {"missing_cells": "count", "missing_pct": "percent", "columns_with_missing": "count"},
        0.4 + 0.5 * min(p / 20, 1.0) if total else 0.3,
        text,
        evidence,
    )


def duplicate_rows(df: pd.DataFrame) -> int:
    """Exactly ``df.duplicated().sum()``, fast: hash rows column by column, then check only
    hash collisions.

    Rows whose values already differ in some columns cannot be duplicates, so the columns
    likely to have many distinct values (floats, dates, integers) are hashed first and,
    once a hash check leaves at most half of the rows as candidates, the remaining columns
    are hashed for those rows only. On a typical frame one float column settles it."""
    if len(df) < 50_000:
        return int(df.duplicated().sum())
    order = sorted(range(df.shape[1]), key=lambda i: _distinct_rank(df.dtypes.iloc[i]))
    rows: np.ndarray | None = None  # positions still candidates (None: all)
    h = np.zeros(len(df), dtype=np.uint64)
    narrowing = True
    for j, i in enumerate(order):
        s = df.iloc[:, i] if rows is None else df.iloc[rows, i]
        h = np.bitwise_xor(np.multiply(h, np.uint64(1_000_003)), _hash_column(s))
        if narrowing and j < len(order) - 1:
            keep = pd.Series(h).duplicated(keep=False).to_numpy()
            kept = int(keep.sum())
            if kept == 0:
                return 0
            narrowing = kept <= len(h) // 2  # a check that halves the rows pays for itself
            if narrowing:
                rows = np.flatnonzero(keep) if rows is None else rows[keep]
                h = h[keep]
    candidates = pd.Series(h).duplicated(keep=False).to_numpy()
    if not candidates.any():
        return 0
    picked = np.flatnonzero(candidates) if rows is None else rows[candidates]
    return int(df.iloc[picked].duplicated().sum())


def _distinct_rank(dtype: Any) -> int:
    """Hash order: the kinds of column that usually tell rows apart come first."""
    kind = getattr(dtype, "kind", "O")
    return {"f": 0, "M": 1, "m": 1, "i": 2, "u": 2}.get(kind, 3)


def _hash_column(s: pd.Series) -> np.ndarray:
    """Equal values (as ``duplicated`` sees them) hash alike."""
    if s.dtype.kind == "f":  # -0.0 == 0.0 and every NaN alike, as duplicated() sees them
        v = s.to_numpy() + 0.0
        s = pd.Series(np.where(np.isnan(v), np.nan, v), copy=False)
    return pd.util.hash_pandas_object(s, index=False).to_numpy(dtype=np.uint64)


def _duplicates(ctx: Context) -> list[Fact]:
    if ctx.df.shape[1] == 0 or ctx.n == 0:
        return []
    try:
        dup = duplicate_rows(ctx.df)
    except TypeError:  # unhashable cells (lists, dicts): duplicates are undefined
        return []
    return [
        duplicates_fact(
            dup,
            ctx.n,
            {
                "duplicate_rows": "int(df.duplicated().sum())",
                "duplicate_pct": "float(df.duplicated().sum() / len(df) * 100)",
            },
        )
    ]


def duplicates_fact(dup: int, rows: int, evidence: dict[str, str]) -> Fact:
    """``dup`` of ``rows`` rows exactly repeat an earlier row."""
    p = share(dup, rows)
    text = (
        "No row is an exact duplicate of another."
        if dup == 0
        else f"{num(dup)} rows ({pct(p)}) exactly repeat an earlier row."
    )
    return make(
        "desc.duplicates",
        "descriptive",
        "duplicates",
        [],
        {"duplicate_rows": dup, "duplicate_pct": p},
        {"duplicate_rows": "count", "duplicate_pct": "percent"},
        0.5 + 0.4 * min(p / 10, 1.0) if dup else 0.25,
        text,
        evidence,
    )
