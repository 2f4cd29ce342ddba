"""The executor against plain pandas/scipy/statsmodels computations written independently."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.plan import Derive, Filter, Missing, Outliers, Plan, execute
from tests.unit.plan_frames import shop, trial

SHOP = shop()
TRIAL = trial()


def close(a: object, b: object) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)  # type: ignore[arg-type]


def test_aggregates_with_filters_match_pandas() -> None:
    plan = Plan(
        op="aggregate", agg="mean", column="銷售額", filters=(Filter("地區", "eq", "北部"),)
    )
    assert close(execute(SHOP, plan).primary, SHOP.loc[SHOP["地區"] == "北部", "銷售額"].mean())
    plan = Plan(op="aggregate", agg="quantile", quantile=0.9, column="單價")
    assert close(execute(SHOP, plan).primary, SHOP["單價"].quantile(0.9))
    plan = Plan(op="aggregate", agg="nunique", column="城市")
    assert execute(SHOP, plan).primary == 3
    share = Plan(op="aggregate", agg="share", filters=(Filter("會員", "eq", "是"),))
    assert close(execute(SHOP, share).primary, 100 * (SHOP["會員"] == "是").mean())


def test_filters_between_in_nulls_and_dates() -> None:
    f = (Filter("數量", "between", None, (5, 10)), Filter("城市", "in", None, ("台北市", "高雄市")))
    got = execute(SHOP, Plan(op="count", filters=f)).primary
    want = (SHOP["數量"].between(5, 10) & SHOP["城市"].isin(["台北市", "高雄市"])).sum()
    assert got == want
    nulls = execute(SHOP, Plan(op="count", filters=(Filter("年齡", "is_null"),))).primary
    assert nulls == SHOP["年齡"].isna().sum() == 15
    late = execute(SHOP, Plan(op="count", filters=(Filter("日期", "ge", "2024-07-01"),))).primary
    assert late == (SHOP["日期"] >= "2024-07-01").sum()


def test_outliers_are_removed_before_the_aggregate() -> None:
    z = Plan(op="aggregate", agg="mean", column="銷售額", outliers=Outliers("zscore", None, 3.0))
    s = SHOP["銷售額"]
    want = s[((s - s.mean()) / s.std()).abs() <= 3].mean()
    result = execute(SHOP, z)
    assert close(result.primary, want)
    assert result.values["removed"] == 3  # the planted ones
    iqr = Plan(op="count", answer="removed", outliers=Outliers("iqr", "銷售額", 1.5))
    q1, q3 = s.quantile(0.25), s.quantile(0.75)
    assert (
        execute(SHOP, iqr).primary
        == ((s < q1 - 1.5 * (q3 - q1)) | (s > q3 + 1.5 * (q3 - q1))).sum()
    )


def test_missing_value_handling() -> None:
    fill = Plan(op="aggregate", agg="mean", column="年齡", missing=Missing("fill_median"))
    want = SHOP["年齡"].fillna(SHOP["年齡"].median()).mean()
    assert close(execute(SHOP, fill).primary, want)
    drop = execute(SHOP, Plan(op="aggregate", agg="mean", column="年齡"))
    assert drop.dropped_missing == 15 and close(drop.primary, SHOP["年齡"].mean())


def test_group_aggregate_and_value_counts() -> None:
    plan = Plan(op="group_aggregate", agg="sum", column="銷售額", group_by="城市")
    sums = SHOP.groupby("城市")["銷售額"].sum()
    r = execute(SHOP, plan)
    assert r.values["top_group"] == sums.idxmax() and close(r.values["bottom_value"], sums.min())
    vc = execute(SHOP, Plan(op="value_counts", column="地區"))
    assert vc.values["top"] == SHOP["地區"].value_counts().index[0]


def test_correlations_and_tests_match_scipy() -> None:
    r = execute(TRIAL, Plan(op="correlation", method="spearman", column="dose", column2="response"))
    rho, p = stats.spearmanr(TRIAL.dose, TRIAL.response)
    assert close(r.values["r"], rho) and close(r.values["pvalue"], p)
    welch = execute(
        TRIAL,
        Plan(
            op="test",
            method="welch",
            column="before",
            group_by="arm",
            groups=("control", "treatment"),
        ),
    )
    a = TRIAL.loc[TRIAL.arm == "control", "before"]
    b = TRIAL.loc[TRIAL.arm == "treatment", "before"]
    assert close(welch.values["pvalue"], stats.ttest_ind(a, b, equal_var=False).pvalue)
    paired = execute(
        TRIAL, Plan(op="test", method="ttest_paired", column="before", column2="after")
    )
    both = TRIAL[["before", "after"]].dropna()
    assert close(paired.values["statistic"], stats.ttest_rel(both.before, both.after).statistic)
    chi = execute(TRIAL, Plan(op="test", method="chi2", column="arm", column2="outcome"))
    assert close(
        chi.values["pvalue"], stats.chi2_contingency(pd.crosstab(TRIAL.arm, TRIAL.outcome))[1]
    )
    kw = execute(TRIAL, Plan(op="test", method="kruskal", column="response", group_by="site"))
    groups = [g.response for _, g in TRIAL.groupby("site")]
    assert close(kw.values["statistic"], stats.kruskal(*groups).statistic)
    sw = execute(TRIAL, Plan(op="test", method="shapiro", column="dose", answer="not_significant"))
    assert sw.primary is bool(stats.shapiro(TRIAL.dose).pvalue >= 0.05)


def test_regression_classifier_shape_and_dates() -> None:
    reg = execute(TRIAL, Plan(op="regression", method="ols", target="response", features=("dose",)))
    fit = sm.OLS(TRIAL.response, sm.add_constant(TRIAL[["dose"]])).fit()
    assert close(reg.values["coef"], fit.params["dose"]) and close(reg.values["r2"], fit.rsquared)
    clf = Plan(op="classify", method="tree", target="outcome", features=("dose", "before"), seed=3)
    first, again = execute(TRIAL, clf).primary, execute(TRIAL, clf).primary
    assert first == again and 0.0 <= float(first) <= 1.0  # type: ignore[arg-type]
    kurt = execute(TRIAL, Plan(op="shape", method="kurtosis", column="dose")).primary
    assert close(kurt, TRIAL.dose.kurt())
    days = execute(TRIAL, Plan(op="date_range", column="visit")).primary
    assert days == (TRIAL.visit.max() - TRIAL.visit.min()).days


def test_derived_columns() -> None:
    plan = Plan(
        op="group_aggregate",
        agg="sum",
        column="銷售額",
        group_by="month",
        derive=(Derive("month", "month", "日期"),),
    )
    want = SHOP.groupby(SHOP["日期"].dt.month)["銷售額"].sum()
    assert execute(SHOP, plan).values["top_group"] == want.idxmax()
    ratio = Plan(
        op="aggregate", agg="mean", column="r", derive=(Derive("r", "ratio", "銷售額", "數量"),)
    )
    assert close(execute(SHOP, ratio).primary, (SHOP["銷售額"] / SHOP["數量"]).mean())
    logs = Plan(op="aggregate", agg="mean", column="lg", derive=(Derive("lg", "log", "單價"),))
    assert close(execute(SHOP, logs).primary, np.log(SHOP["單價"]).mean())


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        (Plan(op="aggregate", agg="mean", column="revenue"), "not in the frame"),
        (Plan(op="aggregate", agg="mean", column="地區"), "not numeric"),
        (Plan(op="correlation", column="dose"), "two columns"),
        (Plan(op="test", method="welch", column="response", group_by="site"), "two groups"),
    ],
)
def test_bad_plans_fail_with_one_line(plan: Plan, message: str) -> None:
    frame = SHOP if plan.column in ("revenue", "地區") else TRIAL
    with pytest.raises(GenAnalystError, match=message) as info:
        execute(frame, plan)
    assert "\n" not in str(info.value)
