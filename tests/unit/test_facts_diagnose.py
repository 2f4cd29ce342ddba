"""Diagnostic facts find planted effects (recall) and stay quiet on noise (precision)."""

from __future__ import annotations

import pytest

import jupyter_genanalyst.facts as ga
from tests.unit import planted
from tests.unit.evidence import mismatches


def test_planted_drivers_numeric_target() -> None:
    df = planted.drivers()
    facts = ga.diagnose(df, target="spend")
    ids = facts.by_id()
    assert "diag.driver.spend.tenure" in ids and "diag.driver.spend.plan" in ids
    assert ids["diag.driver.spend.tenure"].values["effect"] > 0.5
    assert ids["diag.driver.spend.plan"].values["top_group"] == "premium"
    assert "associational, not causal" in ids["diag.driver.spend.tenure"].caveats
    assert mismatches(df, facts) == []


def test_planted_drivers_boolean_target() -> None:
    df = planted.drivers()
    facts = ga.diagnose(df, target="churn")
    ids = facts.by_id()
    assert "diag.driver.churn.support_calls" in ids
    assert ids["diag.driver.churn.support_calls"].values["top_group"] == "True"
    assert mismatches(df, facts) == []


def test_noise_frames_have_few_false_drivers() -> None:
    """Under the global null BH at 5% bounds P(any discovery) by 5% per frame."""
    false_frames = 0
    false_drivers = 0
    for seed in range(20):
        facts = ga.diagnose(planted.noise(seed=seed), target="y", time=False).by_id()
        k = int(facts["diag.drivers.y"].values["significant"])
        false_drivers += k
        false_frames += k > 0
    print(f"noise frames with a false driver: {false_frames}/20 ({false_drivers} drivers)")
    assert false_frames <= 3


def test_planted_anomalies_found() -> None:
    df, rows = planted.anomalies()
    fact = ga.diagnose(df).by_id()["diag.outliers.value"]
    assert fact.values["robust_outliers"] >= 5
    assert int(fact.values["worst_row"]) in rows  # type: ignore[arg-type]
    assert mismatches(df, [fact]) == []


def test_planted_segment_drop_and_spike() -> None:
    df = planted.sales()
    facts = ga.diagnose(df, target="revenue")
    ids = facts.by_id()
    seg = ids["diag.segment.revenue.region"]
    assert seg.values["segment"] == "West" and seg.values["change"] < 0
    assert seg.values["share_of_change_pct"] > 50
    spike = ids["diag.anomaly.revenue"]
    assert spike.values["worst_period"] == "2022-04"
    assert mismatches(df, facts) == []


def test_planted_level_shift() -> None:
    df = planted.level_shift()
    facts = ga.diagnose(df)
    shift = facts.by_id()["diag.shift.kpi"]
    assert shift.values["from_period"] == "2020-03"
    assert shift.values["mean_after"] > shift.values["mean_before"] + 5
    assert mismatches(df, facts) == []


def test_planted_missingness_mechanisms() -> None:
    df = planted.missing_mar()
    facts = ga.diagnose(df).by_id()
    income, score = facts["diag.missing.income"], facts["diag.missing.score"]
    assert income.columns == ("income", "age") and income.values["effect"] > 0.3
    assert score.columns == ("score", "region") and score.values["group"] == "X"
    assert "diag.missing.noise" not in facts  # missing completely at random
    assert mismatches(df, list(facts.values())) == []


def test_correlations_without_target() -> None:
    df = planted.drivers()
    ids = ga.diagnose(df).by_id()
    assert "diag.corr.tenure.spend" in ids


def test_bad_target_is_one_line_error() -> None:
    from jupyter_genanalyst.errors import GenAnalystError

    with pytest.raises(GenAnalystError, match="unknown target column"):
        ga.diagnose(planted.noise(), target="nope")
