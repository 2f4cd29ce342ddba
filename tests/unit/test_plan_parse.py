"""The deterministic parser: English and Traditional Chinese questions → plans; unmappable
questions say what could not be mapped and offer plans, never a value."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.plan import Filter, parse_question
from tests.unit.plan_frames import shop, trial

SHOP = shop()
TRIAL = trial()

CASES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "trial",
        "What is the average response? Round to 2 decimals.",
        {"op": "aggregate", "agg": "mean", "column": "response", "decimals": 2},
    ),
    (
        "trial",
        "Report the median dose for the treatment arm, rounded to three decimal places.",
        {
            "op": "aggregate",
            "agg": "median",
            "column": "dose",
            "decimals": 3,
            "filters": (Filter("arm", "eq", "treatment"),),
        },
    ),
    (
        "trial",
        "How many visits have a dose of at least 7.5?",
        {"op": "count", "filters": (Filter("dose", "ge", 7.5),)},
    ),
    (
        "trial",
        "Which site has the highest mean response?",
        {
            "op": "group_aggregate",
            "agg": "mean",
            "group_by": "site",
            "column": "response",
            "answer": "top_group",
        },
    ),
    (
        "trial",
        "Use the Spearman coefficient: how correlated are dose and response? 3 decimals.",
        {"op": "correlation", "method": "spearman", "column": "dose", "column2": "response"},
    ),
    (
        "trial",
        "Run a Welch t-test of after between control and "
        "treatment. Report the p-value to 4 decimals.",
        {
            "op": "test",
            "method": "welch",
            "column": "after",
            "group_by": "arm",
            "groups": ("control", "treatment"),
            "answer": "pvalue",
            "decimals": 4,
        },
    ),
    (
        "trial",
        "Is dose normally distributed (Shapiro-Wilk, alpha 0.01)? Report True or False.",
        {
            "op": "test",
            "method": "shapiro",
            "column": "dose",
            "alpha": 0.01,
            "format": "bool",
            "answer": "not_significant",
        },
    ),
    (
        "trial",
        "What is the mean response after removing values more than "
        "2.5 standard deviations from the mean?",
        {
            "op": "aggregate",
            "agg": "mean",
            "column": "response",
            "outliers.rule": "zscore",
            "outliers.threshold": 2.5,
        },
    ),
    (
        "trial",
        "Regress response on dose and before. What is the "
        "coefficient of before? Round to 3 decimals.",
        {
            "op": "regression",
            "target": "response",
            "features": ("dose", "before"),
            "column": "before",
            "answer": "coef",
        },
    ),
    (
        "trial",
        "Train a random forest to predict outcome from dose and before with "
        "30% test data and random_state 7. Report the accuracy.",
        {
            "op": "classify",
            "method": "forest",
            "target": "outcome",
            "features": ("dose", "before"),
            "value": 0.3,
            "seed": 7,
        },
    ),
    (
        "trial",
        "How many days does visit span?",
        {"op": "date_range", "column": "visit", "answer": "days"},
    ),
    (
        "trial",
        "What is the mean of after after filling missing values with the median?",
        {"op": "aggregate", "column": "after", "missing.strategy": "fill_median"},
    ),
    (
        "shop",
        "銷售額的平均數是多少？四捨五入到小數點後兩位。",
        {"op": "aggregate", "agg": "mean", "column": "銷售額", "decimals": 2},
    ),
    (
        "shop",
        "北部的單價中位數是多少？",
        {
            "op": "aggregate",
            "agg": "median",
            "column": "單價",
            "filters": (Filter("地區", "eq", "北部"),),
        },
    ),
    (
        "shop",
        "數量大於 10 的交易有幾筆？",
        {"op": "count", "filters": (Filter("數量", "gt", 10.0),)},
    ),
    (
        "shop",
        "哪個城市的銷售額總和最高？",
        {
            "op": "group_aggregate",
            "agg": "sum",
            "group_by": "城市",
            "column": "銷售額",
            "answer": "top_group",
        },
    ),
    (
        "shop",
        "數量與銷售額的皮爾森相關係數是多少？小數點後三位。",
        {
            "op": "correlation",
            "method": "pearson",
            "column": "數量",
            "column2": "銷售額",
            "decimals": 3,
        },
    ),
    ("shop", "年齡有多少個缺失值？", {"op": "count", "filters": (Filter("年齡", "is_null"),)}),
    (
        "shop",
        "移除超過 3 個標準差的值後，銷售額的平均數是多少？",
        {"op": "aggregate", "column": "銷售額", "outliers.rule": "zscore"},
    ),
    (
        "shop",
        "會員與地區是否獨立？請用卡方檢定並回答 True 或 False。",
        {"op": "test", "method": "chi2", "format": "bool", "answer": "not_significant"},
    ),
    ("shop", "銷售額的偏態是多少？", {"op": "shape", "method": "skew", "column": "銷售額"}),
]


def field(plan: Any, path: str) -> Any:
    for part in path.split("."):
        plan = getattr(plan, part)
    return plan


@pytest.mark.parametrize(("frame", "question", "want"), CASES, ids=[c[1][:40] for c in CASES])
def test_questions_map_to_plans(frame: str, question: str, want: dict[str, Any]) -> None:
    parsed = parse_question(question, SHOP if frame == "shop" else TRIAL)
    assert parsed.plan is not None, parsed.unmapped
    for path, value in want.items():
        assert field(parsed.plan, path) == value, (path, field(parsed.plan, path))
    assert parsed.language == ("zh-Hant" if frame == "shop" else "en")


def test_a_question_naming_a_missing_column_is_unmapped_with_closest_plans() -> None:
    parsed = parse_question("What is the average revenue per customer segment?", TRIAL)
    assert parsed.plan is None
    assert any("revenue" in part for part in parsed.unmapped)
    assert parsed.closest  # offered, not answered


def test_a_question_without_an_analysis_is_unmapped() -> None:
    parsed = parse_question("請告訴我今天天氣如何", SHOP)
    assert parsed.plan is None and parsed.unmapped and parsed.language == "zh-Hant"


def test_empty_question_is_a_one_line_error() -> None:
    with pytest.raises(GenAnalystError, match="Ask a question"):
        parse_question("   ", SHOP)


# --- held-out round 3 generalisations: months, year columns, ordinal ranks -------------------
@pytest.mark.parametrize(
    ("question", "months"),
    [
        ("How many sales happened in March?", (3,)),
        ("What is the total 銷售額 during Sep. or October?", (9, 10)),
        ("How many rows are from Jan, Feb and Mar?", (1, 2, 3)),
        ("3月的銷售額總和是多少？", (3,)),
        ("十一月有幾筆交易？", (11,)),
    ],
)
def test_a_named_month_filters_the_date_columns_month(
    question: str, months: tuple[int, ...]
) -> None:
    from jupyter_genanalyst.plan import execute

    plan = parse_question(question, SHOP).plan
    assert plan is not None
    assert [(d.name, d.kind, d.column) for d in plan.derive] == [("month", "month", "日期")]
    (f,) = plan.filters
    assert (f.column, f.value if len(months) == 1 else f.values) == (
        "month",
        months[0] if len(months) == 1 else months,
    )
    assert plan.group_by is None  # a filter, never a grouping
    want = int(SHOP["日期"].dt.month.isin(months).sum())
    if plan.op == "count":
        assert execute(SHOP, plan).values["count"] == want


def test_may_the_verb_and_a_day_of_the_month_are_not_month_filters() -> None:
    plan = parse_question("How many rows may have a 數量 above 5?", SHOP).plan
    assert plan is not None and not plan.derive
    plan = parse_question("How many sales on March 5?", SHOP).plan
    assert plan is not None and not plan.derive


def test_a_year_filters_the_date_column_not_an_age_column() -> None:
    # '年齡' (age) holds no years; '2024年' and 'March 2024' filter the date column
    for question in ("2024年的銷售額總和是多少？", "What is the total 銷售額 in March 2024?"):
        plan = parse_question(question, SHOP).plan
        assert plan is not None
        assert all(f.column != "年齡" for f in plan.filters)
        assert any(f.column == "日期" and f.op == "between" for f in plan.filters)


@pytest.mark.parametrize(
    ("question", "k", "ascending", "answer"),
    [
        ("What is the third highest response? 2 decimals.", 3, False, "kth"),
        ("What is the 2nd smallest dose?", 2, True, "kth"),
        ("Which site has the second largest response?", 2, False, "kth_label"),
        ("response 第三高的數值是多少？", 3, False, "kth"),
    ],
)
def test_an_ordinal_rank_asks_for_the_kth_value(
    question: str, k: int, ascending: bool, answer: str
) -> None:
    from jupyter_genanalyst.plan import execute

    plan = parse_question(question, TRIAL).plan
    assert plan is not None
    assert (plan.op, plan.k, plan.ascending, plan.answer) == ("top_k", k, ascending, answer)
    if answer == "kth":
        col = str(plan.column)
        want = TRIAL[col].sort_values(ascending=ascending, kind="mergesort").iloc[k - 1]
        assert execute(TRIAL, plan).values["kth"] == pytest.approx(want)


# --- written dates: a day, a range, a comparison; never silently dropped -------------------
def _daily() -> Any:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "date": pd.date_range("2024-01-01", periods=120, freq="D"),
            "sales": rng.normal(200, 10, 120).round(2),
            "region": rng.choice(["臺北", "臺中", "高雄"], 120),
        }
    )


DAY = ("2024-02-20", "2024-02-20 23:59:59.999999")


@pytest.mark.parametrize(
    ("question", "values"),
    [
        ("What was the total sales on 2024-02-20?", DAY),
        (
            "Which region had the highest sales on 2024/2/20?",
            ("2024-2-20", "2024-2-20 23:59:59.999999"),
        ),
        ("2024年2月20日的 sales 總和是多少？", DAY),
        ("mean sales between 2024-02-01 and 2024-02-20", ("2024-02-01", DAY[1])),
        ("mean sales from 2024-02-20 to 2024-02-01", ("2024-02-01", DAY[1])),
        ("2024-02-01 到 2024-02-20 的 sales 平均是多少？", ("2024-02-01", DAY[1])),
        ("How many rows on Feb 20?", DAY),  # the data's only year
        ("What was the total sales on February 20th, 2024?", DAY),
        ("2月20日的 sales 總和是多少？", DAY),
        ("mean sales between Feb 1 and Feb 20", ("2024-02-01", DAY[1])),
    ],
)
def test_a_written_day_or_range_filters_the_date_column(
    question: str, values: tuple[str, str]
) -> None:
    parsed = parse_question(question, _daily())
    assert parsed.plan is not None, parsed.unmapped
    assert parsed.plan.filters == (Filter("date", "between", None, values),)


def test_a_comparison_with_a_date_still_compares() -> None:
    parsed = parse_question("mean sales after 2024-02-20", _daily())
    assert parsed.plan is not None
    assert parsed.plan.filters == (Filter("date", "gt", "2024-02-20"),)


def test_a_written_date_without_a_date_column_is_unmapped_not_ignored() -> None:
    parsed = parse_question(
        "What was the total sales on 2024-02-20?", _daily().drop(columns="date")
    )
    assert parsed.plan is None
    assert "2024-02-20" in parsed.unmapped[0] and "no date column" in parsed.unmapped[0]


def test_the_answer_for_one_day_is_that_days_total() -> None:
    from jupyter_genanalyst.plan import answer

    frame = _daily()
    want = frame.loc[frame["date"] == "2024-02-20", "sales"].sum()
    result = answer(frame, "What was the total sales on 2024-02-20? Round to 2 decimals.")
    assert f"{want:,.2f}" in result.proposals[0].title or f"{want:.2f}" in result.proposals[0].title


def test_a_day_without_its_year_in_data_over_several_years_is_unmapped() -> None:
    frame = _daily()
    frame["date"] = frame["date"] - pd.Timedelta(days=60)  # 2023-11-02 … 2024-02-29
    parsed = parse_question("What was the total sales on Feb 20?", frame)
    assert parsed.plan is None
    assert "Feb 20" in parsed.unmapped[0] and "which year" in parsed.unmapped[0]
