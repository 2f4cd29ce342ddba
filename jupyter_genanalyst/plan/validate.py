"""Check a plan against a frame before anything runs: columns, types, required fields.

Why separate: the model's plan and an edited plan from the review card go through the same
gate as the parser's, and a bad plan fails with one line saying what to fix.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..errors import GenAnalystError
from .types import CLASSIFIERS, CORRELATIONS, GROUP_TESTS, TESTS, Plan

NUMERIC_AGGS = ("sum", "mean", "median", "std", "var", "quantile")


def is_numeric(col: pd.Series) -> bool:
    return bool(pd.api.types.is_numeric_dtype(col)) and not pd.api.types.is_bool_dtype(col)


def coerce(col: pd.Series, value: Any) -> Any:
    """A filter value in the column's own type (numbers from text, dates from ISO text)."""
    if value is None:
        return None
    if pd.api.types.is_datetime64_any_dtype(col):
        try:
            return pd.Timestamp(str(value))
        except ValueError as exc:
            raise GenAnalystError(f"Filter value {value!r} is not a date.") from exc
    if pd.api.types.is_bool_dtype(col):
        return str(value).lower() in ("true", "1", "yes")
    if pd.api.types.is_numeric_dtype(col):
        try:
            return float(value)
        except (TypeError, ValueError) as exc:
            raise GenAnalystError(f"Filter value {value!r} is not a number.") from exc
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and not pd.api.types.is_numeric_dtype(col):
        return str(value) if float(value) != int(value) else str(int(value))
    return value


def check(plan: Plan, frame: pd.DataFrame) -> None:
    """Raise GenAnalystError naming the first problem of ``plan`` on ``frame``."""
    known = {str(c) for c in frame.columns}
    for d in plan.derive:
        for c in (d.column, d.other):
            if c is not None and c not in known:
                raise GenAnalystError(f"Derived column {d.name!r} reads unknown column {c!r}.")
        known.add(d.name)
    refs = [f.column for f in plan.filters] + list(plan.used_columns())
    if plan.outliers.column:
        refs.append(plan.outliers.column)
    for c in refs:
        if c not in known:
            raise GenAnalystError(f"Column {c!r} is not in the frame; columns: {_few(known)}.")
    for f in plan.filters:  # values must read in the column's type (a date, a number)
        if f.column in frame.columns:
            for v in (f.value, *f.values):
                coerce(frame[f.column], v)
    need = _required(plan)
    if need:
        raise GenAnalystError(f"The {plan.op} plan needs {need}.")
    numeric = {str(c) for c in frame.columns if is_numeric(frame[c])}
    numeric |= {d.name for d in plan.derive if d.kind not in ("weekday",)}
    must_be_numeric: list[str] = []
    if plan.op in ("aggregate", "group_aggregate") and plan.agg in NUMERIC_AGGS:
        must_be_numeric.append(plan.column or "")
    if plan.op in ("correlation", "shape", "top_k"):
        must_be_numeric.append(plan.column or "")
    if plan.op == "correlation":
        must_be_numeric.append(plan.column2 or "")
    if plan.op == "test" and plan.method != "chi2":
        must_be_numeric.append(plan.column or "")
    if plan.op in ("regression", "classify"):
        must_be_numeric += list(plan.features)
    if plan.op == "regression":
        must_be_numeric.append(plan.target or "")
    for c in must_be_numeric:
        if c and c not in numeric:
            raise GenAnalystError(f"Column {c!r} is not numeric; the {plan.op} plan needs numbers.")


def _required(plan: Plan) -> str:
    """What the plan lacks for its operation ('' when complete)."""
    op, m = plan.op, plan.method
    if op in ("aggregate", "group_aggregate"):
        if plan.agg is None:
            return "an aggregate (agg)"
        if plan.column is None and plan.agg not in ("count", "share"):
            return "a column"
        if plan.agg == "quantile" and plan.quantile is None:
            return "a quantile between 0 and 1"
        if op == "group_aggregate" and plan.group_by is None:
            return "a group_by column"
    if op in ("top_k", "value_counts", "shape", "date_range") and plan.column is None:
        return "a column"
    if op == "shape" and m not in ("skew", "kurtosis"):
        return "method skew or kurtosis"
    if op == "correlation" and (plan.column is None or plan.column2 is None):
        return "two columns"
    if op == "correlation" and m is not None and m not in CORRELATIONS:
        return "method pearson, spearman or kendall"
    if op == "test":
        if m not in TESTS:
            return "a test method"
        if plan.column is None:
            return "a column"
        if m in ("ttest_paired", "chi2") and plan.column2 is None:
            return "a second column (column2)"
        if m in GROUP_TESTS and plan.group_by is None and plan.column2 is None:
            return "a group_by column or a second column"
    if op == "regression" and (plan.target is None or not plan.features):
        return "a target and features"
    if op == "classify":
        if plan.target is None or not plan.features:
            return "a target and features"
        if m not in CLASSIFIERS:
            return "a classifier method (logistic, tree, knn, forest)"
    return ""


def _few(names: set[str]) -> str:
    ordered = sorted(names)
    return ", ".join(ordered[:12]) + (" …" if len(ordered) > 12 else "")
