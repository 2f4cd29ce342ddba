"""A code cell, and per-value evidence expressions, generated from a plan (never by a model).

The cell mirrors ``execute`` step by step (derive → filter → missing → outliers → operation)
so it always parses and recomputes the card's numbers; it is inserted, never run by us.
Evidence expressions are the same computations as single expressions over ``df``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .execute import coerce, test_size, threshold
from .types import Derive, Filter, Plan

# name used in expressions → (import line for the cell, expression for evidence)
_IMPORTS: dict[str, tuple[str, str]] = {
    "stats": ("from scipy import stats", "__import__('scipy.stats').stats"),
    "sm": ("import statsmodels.api as sm", "__import__('statsmodels.api').api"),
    "train_test_split": (
        "from sklearn.model_selection import train_test_split",
        "__import__('sklearn.model_selection').model_selection.train_test_split",
    ),
    "accuracy_score": (
        "from sklearn.metrics import accuracy_score",
        "__import__('sklearn.metrics').metrics.accuracy_score",
    ),
    "LogisticRegression": (
        "from sklearn.linear_model import LogisticRegression",
        "__import__('sklearn.linear_model').linear_model.LogisticRegression",
    ),
    "DecisionTreeClassifier": (
        "from sklearn.tree import DecisionTreeClassifier",
        "__import__('sklearn.tree').tree.DecisionTreeClassifier",
    ),
    "KNeighborsClassifier": (
        "from sklearn.neighbors import KNeighborsClassifier",
        "__import__('sklearn.neighbors').neighbors.KNeighborsClassifier",
    ),
    "RandomForestClassifier": (
        "from sklearn.ensemble import RandomForestClassifier",
        "__import__('sklearn.ensemble').ensemble.RandomForestClassifier",
    ),
}


def lit(value: Any) -> str:
    """A Python literal for a coerced filter value."""
    if isinstance(value, pd.Timestamp):
        return f"pd.Timestamp({str(value)!r})"
    if hasattr(value, "item"):
        value = value.item()
    return repr(value)


def col(name: str, frame: str = "d") -> str:
    return f"{frame}[{name!r}]"


def derive_expr(d: Derive) -> str:
    c = col(d.column)
    parts = {"year": "year", "month": "month", "quarter": "quarter", "hour": "hour"}
    if d.kind in parts:
        return f"pd.to_datetime({c}).dt.{parts[d.kind]}"
    if d.kind == "weekday":
        return f"pd.to_datetime({c}).dt.day_name()"
    if d.kind == "bin":
        return f"pd.qcut({c}, {d.bins}, duplicates='drop').astype(str)"
    if d.kind == "ratio":
        return f"{c} / {col(str(d.other))}"
    if d.kind == "log":
        return f"np.log({c})"
    return f"(pd.to_datetime({col(str(d.other))}) - pd.to_datetime({c})).dt.days"


def filter_expr(f: Filter, series: pd.Series) -> str:
    c = col(f.column)
    v = lit(coerce(series, f.value))
    vs = "[" + ", ".join(lit(coerce(series, x)) for x in f.values) + "]"
    ops = {"eq": "==", "ne": "!=", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}
    if f.op in ops:
        return f"{c} {ops[f.op]} {v}"
    if f.op == "in":
        return f"{c}.isin({vs})"
    if f.op == "not_in":
        return f"~{c}.isin({vs})"
    if f.op == "is_null":
        return f"{c}.isna()"
    if f.op == "not_null":
        return f"{c}.notna()"
    if f.op == "between":
        a, b = (lit(coerce(series, x)) for x in f.values[:2])
        return f"{c}.between({a}, {b})"
    return f"{c}.astype(str).str.contains({str(f.value)!r}, regex=False)"


def _fill(strategy: str, c: str) -> str:
    return {
        "fill_mean": f"{col(c)}.mean()",
        "fill_median": f"{col(c)}.median()",
        "fill_mode": f"{col(c)}.mode().iloc[0]",
    }[strategy]


def prep_chain(plan: Plan, frame: pd.DataFrame, frame_name: str) -> list[str]:
    """The method chain producing ``pre`` (rows before outlier removal), one step a line."""
    lines = [frame_name]
    derived = frame.copy()
    from .execute import derive_column  # the values only serve to coerce filter literals

    for step in plan.derive:
        lines.append(f".assign(**{{{step.name!r}: lambda d: {derive_expr(step)}}})")
        derived[step.name] = derive_column(derived, step)
    for f in plan.filters:
        lines.append(f".loc[lambda d: {filter_expr(f, derived[f.column])}]")
    used = list(plan.used_columns())
    if plan.missing.strategy == "drop" and used:
        lines.append(f".dropna(subset={used!r})")
    elif plan.missing.strategy.startswith("fill_") and used:
        fills = ", ".join(f"{c!r}: {_fill(plan.missing.strategy, c)}" for c in used)
        lines.append(f".pipe(lambda d: d.fillna({{{fills}}}))")
    return lines


def outlier_expr(plan: Plan) -> str | None:
    """The ``.loc`` step removing outliers from ``pre`` (None without an outlier rule)."""
    if plan.outliers.rule == "none":
        return None
    c = col(str(plan.outliers.column or plan.column))
    t = threshold(plan)
    if plan.outliers.rule == "zscore":
        return f".loc[lambda d: ~((({c} - {c}.mean()) / {c}.std()).abs() > {t!r})]"
    q1, q3 = f"{c}.quantile(0.25)", f"{c}.quantile(0.75)"
    iqr = f"({q3} - {q1})"
    return f".loc[lambda d: ~(({c} < {q1} - {t!r} * {iqr}) | ({c} > {q3} + {t!r} * {iqr}))]"


def _iso(expr: str) -> str:
    return (
        f"(lambda t: t.strftime('%Y-%m-%d') if t == t.normalize() "
        f"else t.isoformat(sep=' '))({expr})"
    )


def _agg_expr(s: str, agg: str, q: float | None) -> str:
    if agg == "quantile":
        return f"{s}.quantile({q!r})"
    if agg == "mode":
        return f"{s}.mode().iloc[0]"
    return f"{s}.{agg}()"


def value_exprs(
    plan: Plan, frame: pd.DataFrame, frame_name: str
) -> tuple[tuple[str, str] | None, dict[str, str]]:
    """A shared intermediate ``(name, expression)`` (a fitted model, a test result, a grouped
    table; None when there is none) and, per value name, an expression over ``d`` (the
    prepared rows) and that name recomputing the value."""
    c, c2, g = str(plan.column), str(plan.column2), str(plan.group_by)
    op = plan.op
    out: dict[str, str] = {}
    shared: tuple[str, str] | None = None
    if op == "count":
        out["count"] = "len(d)"
    elif op == "aggregate":
        agg = plan.agg or "mean"
        if agg == "share":
            out["value"] = f"100.0 * len(d) / len({frame_name})"
        elif agg == "count" and plan.column is None:
            out["value"] = "len(d)"
        else:
            out["value"] = _agg_expr(col(c), agg, plan.quantile)
    elif op == "group_aggregate":
        grouped = f"d.groupby({g!r}, observed=True, sort=True)"
        agg = plan.agg or "mean"
        if agg == "count" and plan.column is None:
            table = f"{grouped}.size()"
        elif agg == "share":
            table = f"(100.0 * {grouped}.size() / len(d))"
        elif agg == "quantile":
            table = f"{grouped}[{c!r}].quantile({plan.quantile!r})"
        elif agg == "mode":
            table = f"{grouped}[{c!r}].agg(lambda s: s.mode().iloc[0])"
        else:
            table = f"{grouped}[{c!r}].agg({agg!r})"
        shared = ("table", table + ".dropna()")
        for name, fn in (("top", "max"), ("bottom", "min")):
            out[f"{name}_group"] = f"table.idx{fn}()"
            out[f"{name}_value"] = f"table.{fn}()"
    elif op == "top_k":
        k = plan.k or 1
        shared = (
            "top",
            f"d.sort_values({c!r}, ascending={plan.ascending!r}, kind='mergesort').head({k})",
        )
        top = "top"
        out["values"] = (
            f"{top}[{c!r}].iloc[0]"
            if k == 1
            else f"', '.join(str(v) for v in {top}[{c!r}].tolist())"
        )
        if plan.column2:
            out["labels"] = f"', '.join(str(v) for v in {top}[{c2!r}].tolist())"
        if plan.answer in ("kth", "kth_label"):
            out["kth"] = f"{top}[{c!r}].iloc[-1]"
            if plan.column2:
                out["kth_label"] = f"{top}[{c2!r}].iloc[-1]"
    elif op == "value_counts":
        shared = ("counts", f"{col(c)}.value_counts()")
        out["top"] = "counts.index[0]"
        out["top_count"] = "counts.iloc[0]"
        out["n_unique"] = f"{col(c)}.nunique()"
    elif op == "correlation":
        fns = {"pearson": "pearsonr", "spearman": "spearmanr", "kendall": "kendalltau"}
        pair = f"d[[{c!r}, {c2!r}]].dropna()"
        fn = fns[plan.method or "pearson"]
        shared = ("test", f"(lambda p: stats.{fn}(p[{c!r}], p[{c2!r}]))({pair})")
        out.update(r="float(test[0])", pvalue="float(test[1])")
        out["significant"] = f"bool(test[1] < {plan.alpha!r})"
        out["not_significant"] = f"bool(not test[1] < {plan.alpha!r})"
        out["n"] = f"len({pair})"
    elif op == "test":
        shared = ("test", _test_call(plan, frame))
        out["statistic"] = "float(test[0])"
        out["pvalue"] = "float(test[1])"
        out["significant"] = f"bool(test[1] < {plan.alpha!r})"
        out["not_significant"] = f"bool(not test[1] < {plan.alpha!r})"
    elif op == "shape":
        out["value"] = f"{col(c)}.{'skew' if plan.method == 'skew' else 'kurt'}()"
    elif op == "regression":
        feats = list(plan.features)
        t = str(plan.target)
        shared = (
            "fit",
            f"(lambda x: sm.OLS(x[{t!r}], sm.add_constant(x[{feats!r}])).fit())"
            f"(d[{[t, *feats]!r}].dropna().astype(float))",
        )
        fit = "fit"
        f0 = plan.column if plan.column in plan.features else feats[0]
        out.update(
            coef=f"{fit}.params[{f0!r}]",
            pvalue=f"{fit}.pvalues[{f0!r}]",
            r2=f"{fit}.rsquared",
            adj_r2=f"{fit}.rsquared_adj",
            intercept=f"{fit}.params['const']",
        )
    elif op == "classify":
        feats = list(plan.features)
        t = str(plan.target)
        model = {
            "logistic": "LogisticRegression(max_iter=1000)",
            "tree": f"DecisionTreeClassifier(random_state={plan.seed})",
            "knn": "KNeighborsClassifier()",
            "forest": f"RandomForestClassifier(random_state={plan.seed})",
        }[str(plan.method)]
        data = f"d[{[*feats, t]!r}].dropna()"
        split = (
            f"(lambda x: train_test_split(x[{feats!r}], x[{t!r}], "
            f"test_size={test_size(plan)!r}, random_state={plan.seed}))({data})"
        )
        out["accuracy"] = (
            f"(lambda s: accuracy_score(s[3], {model}.fit(s[0], s[2]).predict(s[1])))({split})"
        )
    elif op == "date_range":
        ts = f"pd.to_datetime({col(c)}).dropna()"
        out.update(
            start=_iso(f"{ts}.min()"),
            end=_iso(f"{ts}.max()"),
            days=f"({ts}.max() - {ts}.min()).days",
        )
    if plan.outliers.rule != "none":
        out.setdefault("removed", "len(pre) - len(d)")
    return shared, out


def _test_call(plan: Plan, frame: pd.DataFrame) -> str:
    m, c, c2, g = plan.method, str(plan.column), str(plan.column2), str(plan.group_by)
    x = f"{col(c)}.dropna()"
    if m == "ttest_1samp":
        return f"stats.ttest_1samp({x}, {float(plan.value or 0.0)!r})"
    if m == "ttest_paired":
        pair = f"d[[{c!r}, {c2!r}]].dropna()"
        return f"(lambda p: stats.ttest_rel(p[{c!r}], p[{c2!r}]))({pair})"
    if m == "chi2":
        return f"stats.chi2_contingency(pd.crosstab({col(c)}, {col(c2)}))"
    if m == "shapiro":
        return f"stats.shapiro({x})"
    if m == "dagostino":
        return f"stats.normaltest({x})"
    if m == "ks":
        return f"(lambda x: stats.kstest(x, 'norm', args=(x.mean(), x.std())))({x})"
    if plan.group_by is None:
        groups = f"[{x}, {col(c2)}.dropna()]"
    else:
        levels = (
            "[" + ", ".join(lit(coerce(frame[g], v)) for v in plan.groups) + "]"
            if plan.groups and g in frame.columns
            else f"sorted({col(g)}.dropna().unique().tolist(), key=str)"
        )
        groups = f"[d.loc[{col(g)} == v, {c!r}].dropna() for v in {levels}]"
    fn = {
        "ttest_ind": "stats.ttest_ind(*gs)",
        "welch": "stats.ttest_ind(*gs, equal_var=False)",
        "mannwhitney": "stats.mannwhitneyu(*gs, alternative='two-sided')",
        "anova": "stats.f_oneway(*gs)",
        "kruskal": "stats.kruskal(*gs)",
        "levene": "stats.levene(*gs)",
    }[str(m)]
    return f"(lambda gs: {fn})({groups})"


def _names(exprs: dict[str, str], shared: tuple[str, str] | None) -> list[str]:
    text = " ".join([*exprs.values(), shared[1] if shared else ""])
    return [n for n in _IMPORTS if f"{n}." in text or f"{n}(" in text]


def code_cell(plan: Plan, frame: pd.DataFrame, frame_name: str = "df", title: str = "") -> str:
    """A cell recomputing the plan's values into a dict ``answer`` (last line shows it)."""
    shared, exprs = value_exprs(plan, frame, frame_name)
    lines = [f"# {title}" if title else "# Answer computed from the analysis plan"]
    lines += ["import numpy as np", "import pandas as pd"]
    lines += [_IMPORTS[n][0] for n in _names(exprs, shared)]
    chain = prep_chain(plan, frame, frame_name)
    if len(chain) == 1:
        lines.append(f"pre = {frame_name}")
    else:
        lines += ["pre = (", *(f"    {step}" for step in chain), ")"]
    outl = outlier_expr(plan)
    lines.append(f"d = pre{outl}" if outl else "d = pre")
    if shared:
        lines.append(f"{shared[0]} = {shared[1]}")
    lines.append("answer = {")
    lines += [f"    {name!r}: {expr}," for name, expr in exprs.items()]
    lines += ["}", "answer"]
    return "\n".join(lines)


def evidence(plan: Plan, frame: pd.DataFrame) -> dict[str, str]:
    """Per value name, one expression over ``df`` (with ``pd``/``np`` in scope) recomputing it."""
    shared, exprs = value_exprs(plan, frame, "df")
    binds = ", ".join(f"{n}={_IMPORTS[n][1]}" for n in _names(exprs, shared))
    pre = "".join(prep_chain(plan, frame, "df"))
    outl = outlier_expr(plan) or ""
    out = {}
    for name, expr in exprs.items():
        if shared and shared[0] in expr:
            expr = f"(lambda {shared[0]}: {expr})({shared[1]})"
        body = f"(lambda pre: (lambda d: {expr})(pre{outl}))({pre})"
        out[name] = f"(lambda {binds}: {body})()" if binds else body
    return out
