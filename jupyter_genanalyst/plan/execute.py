"""Run a plan with pandas/scipy/statsmodels/scikit-learn: our code, never model-written text.

The row steps run in a fixed order (derive → filter → missing → outliers) so that the code
cell generated from the same plan (``codegen``) reproduces every value; tests hold the two
to each other.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import GenAnalystError
from ..facts.format import py
from ..facts.types import Unit, Value
from .types import Derive, Filter, Plan
from .validate import check, coerce

DEFAULT_THRESHOLD = {"zscore": 3.0, "iqr": 1.5}


@dataclass(frozen=True)
class Result:
    """The computed values of one plan, the one the question asks for, and how they were got."""

    plan: Plan
    values: dict[str, Value]
    units: dict[str, Unit]
    rows: int  # rows left after the row steps
    removed_outliers: int = 0
    dropped_missing: int = 0
    assumptions: tuple[str, ...] = field(default=())  # codes localized by the card

    @property
    def primary(self) -> Value:
        return self.values.get(self.plan.primary)


def threshold(plan: Plan) -> float:
    """The outlier threshold, defaulting per rule (3 sd for z-scores, 1.5 IQR)."""
    t = plan.outliers.threshold
    if plan.outliers.rule == "iqr" and t == 3.0:
        return DEFAULT_THRESHOLD["iqr"]
    return float(t)


def derive_column(frame: pd.DataFrame, d: Derive) -> Any:
    """One derived column (a Series)."""
    col = frame[d.column]
    if d.kind in ("year", "month", "quarter", "weekday", "hour"):
        ts = pd.to_datetime(col)
        return {
            "year": ts.dt.year,
            "month": ts.dt.month,
            "quarter": ts.dt.quarter,
            "weekday": ts.dt.day_name(),
            "hour": ts.dt.hour,
        }[d.kind]
    if d.kind == "bin":
        return pd.qcut(col, d.bins, duplicates="drop").astype(str)
    if d.kind == "ratio":
        return col / frame[d.other]
    if d.kind == "log":
        return np.log(col)
    return (pd.to_datetime(frame[d.other]) - pd.to_datetime(col)).dt.days  # days_between


def mask(frame: pd.DataFrame, f: Filter) -> pd.Series:
    """The rows a filter keeps."""
    col = frame[f.column]
    v = coerce(col, f.value)
    vs = [coerce(col, x) for x in f.values]
    ops: dict[str, Callable[[], pd.Series]] = {
        "eq": lambda: col == v,
        "ne": lambda: col != v,
        "gt": lambda: col > v,
        "ge": lambda: col >= v,
        "lt": lambda: col < v,
        "le": lambda: col <= v,
        "in": lambda: col.isin(vs),
        "not_in": lambda: ~col.isin(vs),
        "is_null": lambda: col.isna(),
        "not_null": lambda: col.notna(),
        "between": lambda: col.between(vs[0], vs[1]),
        "contains": lambda: col.astype(str).str.contains(str(f.value), regex=False),
    }
    if f.op == "between" and len(vs) != 2:
        raise GenAnalystError("A between filter needs two values.")
    return ops[f.op]().fillna(False).astype(bool)


def prepare(frame: pd.DataFrame, plan: Plan) -> tuple[pd.DataFrame, int, int, int]:
    """The rows the operation sees, with the row count before filters and the numbers of rows
    dropped for missing values and removed as outliers."""
    d = frame.copy()
    for step in plan.derive:
        d[step.name] = derive_column(d, step)
    base_rows = len(d)
    for f in plan.filters:
        d = d[mask(d, f)]
    used = [c for c in plan.used_columns() if c in d.columns]
    dropped = 0
    strategy = plan.missing.strategy
    if strategy == "drop" and used:
        before = len(d)
        d = d.dropna(subset=used)
        dropped = before - len(d)
    elif strategy.startswith("fill_") and used:
        d = d.fillna({c: _fill_value(d[c], strategy) for c in used})
    removed = 0
    if plan.outliers.rule != "none":
        c = plan.outliers.column or plan.column
        if c is None:
            raise GenAnalystError("Outlier removal needs a column.")
        keep = outlier_keep(d[c], plan.outliers.rule, threshold(plan))
        removed = int((~keep).sum())
        d = d[keep]
    return d, base_rows, dropped, removed


def _fill_value(col: pd.Series, strategy: str) -> Any:
    if strategy == "fill_mean":
        return col.mean()
    if strategy == "fill_median":
        return col.median()
    return col.mode().iloc[0]


def outlier_keep(col: pd.Series, rule: str, t: float) -> pd.Series:
    """Rows that are not outliers (missing values are kept; the missing step handles them)."""
    if rule == "zscore":
        z = (col - col.mean()) / col.std()
        return ~(z.abs() > t)
    q1, q3 = col.quantile(0.25), col.quantile(0.75)
    iqr = q3 - q1
    return ~((col < q1 - t * iqr) | (col > q3 + t * iqr))


def execute(frame: pd.DataFrame, plan: Plan) -> Result:
    """Validate and run ``plan`` on ``frame``; GenAnalystError for a plan that cannot run."""
    check(plan, frame)
    d, base_rows, dropped, removed = prepare(frame, plan)
    if d.empty and plan.op not in ("count", "aggregate"):
        raise GenAnalystError("No rows are left after the plan's filters.")
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        values, units = _RUN[plan.op](d, plan, base_rows)
    if plan.outliers.rule != "none":
        values.setdefault("removed", removed)
        units.setdefault("removed", "count")
    return Result(
        plan=plan,
        values={k: py(v) for k, v in values.items()},
        units=units,
        rows=len(d),
        removed_outliers=removed,
        dropped_missing=dropped,
        assumptions=_assumptions(plan, dropped),
    )


Out = tuple[dict[str, Any], dict[str, Unit]]


def _count(d: pd.DataFrame, plan: Plan, base: int) -> Out:
    return {"count": len(d)}, {"count": "count"}


def aggregate(s: pd.Series, agg: str, q: float | None) -> Any:
    """One aggregate of a column (mode: the smallest of the most frequent values)."""
    if agg == "quantile":
        return s.quantile(float(q if q is not None else 0.5))
    if agg == "mode":
        return s.mode().iloc[0]
    return getattr(s, agg)()


def _aggregate(d: pd.DataFrame, plan: Plan, base: int) -> Out:
    agg = plan.agg or "mean"
    if agg == "share":
        return {"value": 100.0 * len(d) / base if base else 0.0}, {"value": "percent"}
    if agg == "count" and plan.column is None:
        return {"value": len(d)}, {"value": "count"}
    value = aggregate(d[plan.column], agg, plan.quantile)
    unit: Unit = "count" if agg in ("count", "nunique") else "number"
    if agg == "mode" and not isinstance(py(value), (int, float)):
        unit = "text"
    return {"value": value}, {"value": unit}


def _group(d: pd.DataFrame, plan: Plan, base: int) -> Out:
    g = d.groupby(str(plan.group_by), observed=True, sort=True)
    agg = plan.agg or "mean"
    col = str(plan.column)
    table: Any
    if agg == "count" and plan.column is None:
        table = g.size()
    elif agg == "share":
        table = 100.0 * g.size() / len(d)
    elif agg == "quantile":
        table = g[col].quantile(float(plan.quantile or 0.5))
    elif agg == "mode":
        table = g[col].agg(lambda s: s.mode().iloc[0])
    else:
        table = g[col].agg(agg)
    table = table.dropna()
    if table.empty:
        raise GenAnalystError("Every group is empty after the plan's steps.")
    unit: Unit = (
        "count" if agg in ("count", "nunique") else "percent" if agg == "share" else "number"
    )
    values = {
        "top_group": table.idxmax(),
        "top_value": table.max(),
        "bottom_group": table.idxmin(),
        "bottom_value": table.min(),
    }
    return values, {
        "top_group": "text",
        "top_value": unit,
        "bottom_group": "text",
        "bottom_value": unit,
    }


def _top_k(d: pd.DataFrame, plan: Plan, base: int) -> Out:
    k = plan.k or 1
    top = d.sort_values(str(plan.column), ascending=plan.ascending, kind="mergesort").head(k)
    values: dict[str, Any] = {"values": ", ".join(_fmt(v) for v in top[plan.column])}
    units: dict[str, Unit] = {"values": "text"}
    if k == 1:
        values["values"] = top[plan.column].iloc[0]
        units["values"] = "number"
    if plan.column2:
        values["labels"] = ", ".join(str(v) for v in top[plan.column2])
        units["labels"] = "text"
    if plan.answer in ("kth", "kth_label") and len(top):  # "the third highest": the k-th one
        values["kth"], units["kth"] = top[plan.column].iloc[-1], "number"
        if plan.column2:
            values["kth_label"], units["kth_label"] = top[plan.column2].iloc[-1], "text"
    return values, units


def _fmt(v: Any) -> str:
    return str(py(v))


def _value_counts(d: pd.DataFrame, plan: Plan, base: int) -> Out:
    vc = d[plan.column].value_counts()
    values = {"top": vc.index[0], "top_count": vc.iloc[0], "n_unique": d[plan.column].nunique()}
    return values, {"top": "text", "top_count": "count", "n_unique": "count"}


def _correlation(d: pd.DataFrame, plan: Plan, base: int) -> Out:
    pair = d[[plan.column, plan.column2]].dropna()
    x, y = pair[plan.column], pair[plan.column2]
    fn = {"pearson": stats.pearsonr, "spearman": stats.spearmanr, "kendall": stats.kendalltau}
    r, p = fn[plan.method or "pearson"](x, y)
    values = {
        "r": r,
        "pvalue": p,
        "significant": p < plan.alpha,
        "not_significant": not p < plan.alpha,
    }
    units: dict[str, Unit] = {"r": "number", "pvalue": "number"}
    units.update(significant="text", not_significant="text")
    return {**values, "n": len(pair)}, {**units, "n": "count"}


def samples(d: pd.DataFrame, plan: Plan) -> list[pd.Series]:
    """The samples a group test compares: by group_by (``groups`` or all levels, sorted), or
    ``column`` against ``column2``."""
    col = str(plan.column)
    if plan.group_by is None:
        return [d[col].dropna(), d[str(plan.column2)].dropna()]
    levels = list(plan.groups) or sorted(d[plan.group_by].dropna().unique().tolist(), key=str)
    gcol = d[plan.group_by]
    return [d.loc[gcol == coerce(gcol, g), col].dropna() for g in levels]


def _test(d: pd.DataFrame, plan: Plan, base: int) -> Out:
    m = plan.method
    col = str(plan.column)
    x = d[col].dropna() if m != "chi2" else d[col]
    if m == "ttest_1samp":
        res = stats.ttest_1samp(x, plan.value or 0.0)
    elif m == "ttest_paired":
        pair = d[[col, str(plan.column2)]].dropna()
        res = stats.ttest_rel(pair[col], pair[str(plan.column2)])
    elif m == "chi2":
        table = pd.crosstab(d[col], d[str(plan.column2)])
        chi2, p, _, _ = stats.chi2_contingency(table)
        res = (chi2, p)
    elif m == "shapiro":
        res = stats.shapiro(x)
    elif m == "dagostino":
        res = stats.normaltest(x)
    elif m == "ks":
        res = stats.kstest(x, "norm", args=(x.mean(), x.std()))
    else:
        groups = samples(d, plan)
        if m in ("ttest_ind", "welch", "mannwhitney") and len(groups) != 2:
            raise GenAnalystError(
                f"The {m} test compares two groups; name them (found {len(groups)})."
            )
        res = {
            "ttest_ind": lambda: stats.ttest_ind(*groups),
            "welch": lambda: stats.ttest_ind(*groups, equal_var=False),
            "mannwhitney": lambda: stats.mannwhitneyu(*groups, alternative="two-sided"),
            "anova": lambda: stats.f_oneway(*groups),
            "kruskal": lambda: stats.kruskal(*groups),
            "levene": lambda: stats.levene(*groups),
        }[str(m)]()
    statistic, p = float(res[0]), float(res[1])
    values = {
        "statistic": statistic,
        "pvalue": p,
        "significant": p < plan.alpha,
        "not_significant": not p < plan.alpha,
    }
    units: dict[str, Unit] = {
        "statistic": "number",
        "pvalue": "number",
        "significant": "text",
        "not_significant": "text",
    }
    return values, units


def _shape(d: pd.DataFrame, plan: Plan, base: int) -> Out:
    s = d[plan.column]
    return {"value": s.skew() if plan.method == "skew" else s.kurt()}, {"value": "number"}


def _regression(d: pd.DataFrame, plan: Plan, base: int) -> Out:
    import statsmodels.api as sm

    cols = [str(plan.target), *plan.features]
    data = d[cols].dropna().astype(float)
    fit = sm.OLS(data[plan.target], sm.add_constant(data[list(plan.features)])).fit()
    feature = plan.column if plan.column in plan.features else plan.features[0]
    values = {
        "coef": fit.params[feature],
        "pvalue": fit.pvalues[feature],
        "r2": fit.rsquared,
        "adj_r2": fit.rsquared_adj,
        "intercept": fit.params["const"],
    }
    return values, {k: "number" for k in values}


def test_size(plan: Plan) -> float:
    """The held-out share of a classifier split (``value`` when in (0, 1), else 0.2)."""
    v = plan.value
    return float(v) if v is not None and 0 < v < 1 else 0.2


def _classify(d: pd.DataFrame, plan: Plan, base: int) -> Out:
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score
    from sklearn.model_selection import train_test_split
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.tree import DecisionTreeClassifier

    data = d[[*plan.features, str(plan.target)]].dropna()
    x_tr, x_te, y_tr, y_te = train_test_split(
        data[list(plan.features)],
        data[plan.target],
        test_size=test_size(plan),
        random_state=plan.seed,
    )
    model = {
        "logistic": lambda: LogisticRegression(max_iter=1000),
        "tree": lambda: DecisionTreeClassifier(random_state=plan.seed),
        "knn": lambda: KNeighborsClassifier(),
        "forest": lambda: RandomForestClassifier(random_state=plan.seed),
    }[str(plan.method)]()
    accuracy = accuracy_score(y_te, model.fit(x_tr, y_tr).predict(x_te))
    return {"accuracy": accuracy}, {"accuracy": "ratio"}


def _date_range(d: pd.DataFrame, plan: Plan, base: int) -> Out:
    ts = pd.to_datetime(d[plan.column]).dropna()
    start, end = ts.min(), ts.max()
    values = {"start": start, "end": end, "days": (end - start).days}
    return values, {"start": "date", "end": "date", "days": "duration"}


_RUN: dict[str, Callable[[pd.DataFrame, Plan, int], Out]] = {
    "count": _count,
    "aggregate": _aggregate,
    "group_aggregate": _group,
    "top_k": _top_k,
    "value_counts": _value_counts,
    "correlation": _correlation,
    "test": _test,
    "shape": _shape,
    "regression": _regression,
    "classify": _classify,
    "date_range": _date_range,
}


def _assumptions(plan: Plan, dropped: int) -> tuple[str, ...]:
    """Language-neutral codes for what the computation assumed (the card words them)."""
    out: list[str] = []
    if plan.op in ("test", "correlation", "shape", "regression", "classify"):
        out.append(f"method:{plan.method or 'pearson'}")
    if plan.op == "test":
        out.append(f"alpha:{plan.alpha}")
    if plan.outliers.rule != "none":
        out.append(f"outliers:{plan.outliers.rule}:{threshold(plan)}")
    if plan.missing.strategy != "keep" and plan.used_columns():
        out.append(f"missing:{plan.missing.strategy}:{dropped}")
    if plan.op == "classify":
        out.append(f"split:{test_size(plan)}:{plan.seed}")
    return tuple(out)
