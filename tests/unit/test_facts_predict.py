"""Predictive and prescriptive facts: better than naive when there is signal, honest when not."""

from __future__ import annotations

import numpy as np
import pytest

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.errors import GenAnalystError
from tests.unit import planted
from tests.unit.evidence import mismatches


def test_model_beats_naive_and_ranks_planted_feature() -> None:
    df = planted.drivers(n=800)
    facts = ga.predict(df, target="spend")
    ids = facts.by_id()
    model = ids["pred.model.spend"]
    assert model.values["better_than_naive"] is True and model.values["r2"] > 0.5
    assert ids["pred.importance.spend.tenure"].values["rank"] == 1
    assert mismatches(df, facts) == []


def test_noise_model_is_no_better_than_naive() -> None:
    fact = ga.predict(planted.noise(seed=3), target="y").by_id()["pred.model.y"]
    assert fact.values["better_than_naive"] is False
    assert "no better than the naive baseline" in fact.text


def test_forecast_interval_and_backtest() -> None:
    df = planted.level_shift()
    df["kpi"] = df["kpi"] + np.arange(len(df))  # add a trend to forecast
    facts = ga.predict(df, target="kpi", horizon=3).by_id()
    fc = facts["pred.forecast.kpi"]
    assert fc.values["horizon"] == 3 and fc.values["next_period"] == "2022-01"
    assert fc.values["next_lower"] < fc.values["next"] < fc.values["next_upper"]
    assert "pred.backtest.kpi" in facts
    assert mismatches(df, list(facts.values())) == []


def test_prescribe_ranks_planted_levers() -> None:
    df = planted.drivers(n=800)
    facts = ga.prescribe(df, target="spend", goal="increase")
    ids = facts.by_id()
    top = {f.id for f in facts if f.id.startswith("presc.lever.")}
    assert {"presc.lever.spend.tenure", "presc.lever.spend.plan"} <= top
    tenure = ids["presc.lever.spend.tenure"]
    assert tenure.values["step"] > 0 and tenure.values["lower"] > 0
    assert any("not causal" in c for c in tenure.caveats)
    assert mismatches(df, facts) == []
    down = ga.prescribe(df, target="churn", goal="decrease").by_id()
    assert down["presc.lever.churn.support_calls"].values["effect"] < 0


def test_prescribe_rejects_bad_goal_and_multiclass() -> None:
    df = planted.drivers(n=200)
    with pytest.raises(GenAnalystError, match="goal"):
        ga.prescribe(df, target="spend", goal="maximize")
    with pytest.raises(GenAnalystError, match=r"two-level target; .plan. has"):
        ga.prescribe(df, target="plan")
