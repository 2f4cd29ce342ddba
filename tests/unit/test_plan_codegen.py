"""Cells generated from plans parse, run on the frame and reproduce the executor's values;
evidence expressions recompute every fact value. (Tests run the code; the product never does.)"""

from __future__ import annotations

import ast
import math
import pickle
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from jupyter_genanalyst.plan import Derive, Filter, Missing, Outliers, Plan, code_cell, execute
from jupyter_genanalyst.plan.card import to_fact
from tests.unit.evidence import mismatches
from tests.unit.plan_frames import shop, trial

SHOP = shop()
TRIAL = trial()

PLANS: list[tuple[pd.DataFrame, Plan]] = [
    (SHOP, Plan(op="count", filters=(Filter("地區", "ne", "北部"), Filter("數量", "gt", 5)))),
    (SHOP, Plan(op="count", answer="removed", outliers=Outliers("zscore", "銷售額", 3.0))),
    (SHOP, Plan(op="aggregate", agg="share", filters=(Filter("城市", "in", None, ("台北市",)),))),
    (SHOP, Plan(op="aggregate", agg="mode", column="城市")),
    (SHOP, Plan(op="aggregate", agg="mean", column="年齡", missing=Missing("fill_mean"))),
    (
        SHOP,
        Plan(op="aggregate", agg="median", column="銷售額", outliers=Outliers("iqr", None, 1.5)),
    ),
    (
        SHOP,
        Plan(
            op="aggregate", agg="std", column="單價", filters=(Filter("日期", "lt", "2024-06-01"),)
        ),
    ),
    (SHOP, Plan(op="aggregate", agg="quantile", quantile=0.25, column="單價")),
    (
        SHOP,
        Plan(op="count", filters=(Filter("日期", "between", None, ("2024-03-01", "2024-03-31")),)),
    ),
    (
        SHOP,
        Plan(op="count", filters=(Filter("年齡", "not_null"), Filter("城市", "contains", "台"))),
    ),
    (SHOP, Plan(op="group_aggregate", agg="count", group_by="地區")),
    (SHOP, Plan(op="group_aggregate", agg="share", group_by="城市")),
    (
        SHOP,
        Plan(
            op="group_aggregate",
            agg="mean",
            column="銷售額",
            group_by="q",
            derive=(Derive("q", "quarter", "日期"),),
        ),
    ),
    (
        SHOP,
        Plan(
            op="group_aggregate",
            agg="sum",
            column="數量",
            group_by="b",
            derive=(Derive("b", "bin", "單價", None, 4),),
        ),
    ),
    (
        SHOP,
        Plan(
            op="aggregate",
            agg="mean",
            column="wd",
            derive=(Derive("wd", "days_between", "日期", "日期"),),
        ),
    ),
    (SHOP, Plan(op="top_k", k=3, column="銷售額", column2="城市")),
    (SHOP, Plan(op="top_k", k=1, column="單價", ascending=True)),
    (SHOP, Plan(op="value_counts", column="地區", answer="top_count")),
    (SHOP, Plan(op="date_range", column="日期")),
    (TRIAL, Plan(op="correlation", method="kendall", column="dose", column2="response")),
    (TRIAL, Plan(op="test", method="ttest_1samp", column="before", value=60.0)),
    (TRIAL, Plan(op="test", method="ttest_ind", column="after", group_by="arm")),
    (
        TRIAL,
        Plan(
            op="test",
            method="mannwhitney",
            column="after",
            group_by="arm",
            groups=("control", "treatment"),
        ),
    ),
    (TRIAL, Plan(op="test", method="anova", column="response", group_by="site")),
    (TRIAL, Plan(op="test", method="levene", column="response", group_by="site")),
    (TRIAL, Plan(op="test", method="ttest_paired", column="before", column2="after")),
    (TRIAL, Plan(op="test", method="chi2", column="site", column2="outcome")),
    (TRIAL, Plan(op="test", method="dagostino", column="response")),
    (TRIAL, Plan(op="test", method="ks", column="dose")),
    (TRIAL, Plan(op="shape", method="skew", column="response")),
    (
        TRIAL,
        Plan(
            op="regression",
            method="ols",
            target="response",
            features=("dose", "before"),
            column="before",
        ),
    ),
    (
        TRIAL,
        Plan(
            op="classify", method="logistic", target="outcome", features=("dose", "before"), seed=1
        ),
    ),
    (TRIAL, Plan(op="classify", method="knn", target="outcome", features=("dose",), value=0.3)),
    (
        TRIAL,
        Plan(op="classify", method="forest", target="arm", features=("dose", "response"), seed=2),
    ),
]


def same(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return str(a) == str(b)


def run_cell(source: str, frame: pd.DataFrame, name: str = "df") -> dict[str, object]:
    namespace: dict[str, object] = {name: frame}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(source, "<generated cell>", "exec"), namespace)
    answer = namespace["answer"]
    assert isinstance(answer, dict)
    return answer


@pytest.mark.parametrize(
    ("frame", "plan"), PLANS, ids=[f"{p.op}-{i}" for i, (_, p) in enumerate(PLANS)]
)
def test_generated_cell_runs_and_reproduces_the_values(frame: pd.DataFrame, plan: Plan) -> None:
    result = execute(frame, plan)
    source = code_cell(plan, frame, "sales_df")
    ast.parse(source)
    assert "exec(" not in source and "eval(" not in source
    got = run_cell(source, frame, "sales_df")
    for name, value in result.values.items():
        if name == "n":
            continue
        assert same(got[name], value), (name, got[name], value)


@pytest.mark.parametrize(
    ("frame", "plan"), PLANS, ids=[f"{p.op}-{i}" for i, (_, p) in enumerate(PLANS)]
)
def test_evidence_recomputes_every_fact_value(frame: pd.DataFrame, plan: Plan) -> None:
    fact = to_fact(execute(frame, plan), frame, 0)
    assert set(fact.evidence) == set(fact.values)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert mismatches(frame, [fact]) == []


def test_cell_runs_in_a_fresh_interpreter(tmp_path: Path) -> None:
    plan = Plan(
        op="aggregate",
        agg="mean",
        column="銷售額",
        filters=(Filter("地區", "eq", "南部"),),
        outliers=Outliers("zscore", None, 3.0),
        decimals=2,
    )
    data = tmp_path / "frame.pkl"
    data.write_bytes(pickle.dumps(SHOP))
    script = f"import pickle\ndf = pickle.load(open({str(data)!r}, 'rb'))\n"
    script += code_cell(plan, SHOP, "df") + "\nprint(repr(float(answer['value'])))\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert same(float(out.stdout.strip()), execute(SHOP, plan).primary)


@pytest.mark.parametrize(
    ("frame", "plan"), PLANS, ids=[f"{p.op}-{i}" for i, (_, p) in enumerate(PLANS)]
)
def test_generated_cells_pass_the_project_code_checks(frame: pd.DataFrame, plan: Plan) -> None:
    from jupyter_genanalyst.narrate.code_checks import check_code_cell

    check = check_code_cell(code_cell(plan, frame, "df"), columns=frame.columns, variables=["df"])
    assert check.parses and not check.problems and not check.safety, check
