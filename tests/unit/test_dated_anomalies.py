"""Anomalies named by date and segment, found at the data's own granularity."""

from __future__ import annotations

import numpy as np
import pandas as pd

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.facts.hypotheses import changes_from_facts

from .evidence import mismatches
from .planted_story import SPIKE_DAY, daily_sales


def test_an_extreme_day_is_named_by_date_and_segment() -> None:
    df = daily_sales()
    facts = ga.dated_anomalies(df, time="date")
    sales = facts.by_id()["diag.dated_anomaly.sales"]
    assert sales.values["date"] == SPIKE_DAY
    assert "region = 台中" in str(sales.values["segment"])
    assert float(sales.values["value"]) > 1000  # type: ignore[arg-type]  # planted +900
    assert 180 < float(sales.values["expected"]) < 220  # type: ignore[arg-type]
    assert SPIKE_DAY in sales.text and "台中" in sales.text and "row" not in sales.text
    assert mismatches(df, facts) == []


def test_the_planted_level_shift_is_not_an_anomaly() -> None:
    df = daily_sales()
    sales = ga.dated_anomalies(df, time="date").by_id()["diag.dated_anomaly.sales"]
    assert int(sales.values["anomalous_days"]) <= 3  # type: ignore[arg-type]  # the spike, ±noise


def test_a_daily_spike_inside_monthly_periods_is_found() -> None:
    r = np.random.default_rng(1)
    days = pd.date_range("2021-01-01", "2023-12-31")
    df = pd.DataFrame({"day": days, "visits": r.normal(500, 20, len(days))})
    df.loc[400, "visits"] += 400
    assert "diag.anomaly.visits" not in ga.diagnose(df, time="day").by_id()  # months hide it
    fact = ga.dated_anomalies(df).by_id()["diag.dated_anomaly.visits"]
    assert fact.values["date"] == "2022-02-05" and fact.values["period"] == "2022-02"
    assert fact.values["segment"] == "all rows"
    assert mismatches(df, [fact]) == []


def test_a_dated_anomaly_becomes_a_change_to_explain() -> None:
    df = daily_sales()
    changes = changes_from_facts(ga.dated_anomalies(df, time="date"))
    assert changes[0].after == ("2024-03-11", "2024-03-11")  # the week holding 2024-03-14


def test_quiet_or_undated_frames_give_no_facts() -> None:
    r = np.random.default_rng(2)
    undated = pd.DataFrame({"x": r.normal(size=100), "y": r.normal(size=100)})
    assert len(ga.dated_anomalies(undated)) == 0
    quiet = pd.DataFrame(
        {"day": pd.date_range("2024-01-01", periods=60), "v": np.arange(60, dtype=float)}
    )
    assert len(ga.dated_anomalies(quiet)) == 0
