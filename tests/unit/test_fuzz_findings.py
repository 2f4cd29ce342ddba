"""Each reliability finding of issue 14, pinned: a one-line error or a correct result."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import jupyter_genanalyst as api
import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.facts.figures import check_evidence, figure_facts
from jupyter_genanalyst.facts.predict import MAX_HORIZON
from jupyter_genanalyst.facts.synthetic import MAX_CELLS, MAX_COLUMNS


@pytest.fixture
def monthly() -> pd.DataFrame:
    r = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "month": pd.date_range("2020-01-01", periods=48, freq="MS"),
            "營收": 100 + np.arange(48) + r.normal(0, 3, 48),
            "地區": r.choice(["北部", "南部"], 48),
        }
    )


@pytest.mark.parametrize("horizon", [-5, 0, MAX_HORIZON + 1, 10**6, 2.5, True, "3"])
def test_bad_horizons_are_one_line_errors(monthly: pd.DataFrame, horizon: object) -> None:
    with pytest.raises(GenAnalystError, match="horizon") as info:
        ga.predict(monthly, target="營收", time="month", horizon=horizon)  # type: ignore[arg-type]
    assert "\n" not in str(info.value)


def test_a_valid_horizon_still_forecasts(monthly: pd.DataFrame) -> None:
    facts = ga.predict(monthly, target="營收", time="month", horizon=6)
    forecasts = [f for f in facts if f.id.startswith("pred.forecast.")]
    assert len(forecasts) == 1 and forecasts[0].values["horizon"] == 6


def test_long_double_columns_work_in_predict_and_prescribe() -> None:
    r = np.random.default_rng(1)
    x = r.normal(size=200)
    df = pd.DataFrame(
        {
            "x": x.astype(np.longdouble),
            "z": r.normal(size=200).astype(np.longdouble),
            "y": (3 * x + r.normal(0, 0.1, 200)).astype(np.longdouble),
        }
    )
    before = df.copy()
    assert ga.predict(df, target="y").by_id()
    assert ga.prescribe(df, target="y") is not None
    pd.testing.assert_frame_equal(df, before)


@pytest.mark.parametrize("fill", [np.inf, -np.inf, "mixed"])
def test_infinite_targets_in_diagnose(monthly: pd.DataFrame, fill: object) -> None:
    df = monthly.copy()
    if fill == "mixed":
        df.loc[::5, "營收"] = np.inf
        df.loc[1::7, "營收"] = -np.inf
    else:
        df["營收"] = fill
    facts = ga.diagnose(df, target="營收", time="month")
    assert not any(f.id.startswith("diag.segment") for f in facts)  # no split of ±inf


def test_scattergl_figures_are_narrated() -> None:
    fig = go.Figure(go.Scattergl(x=[1, 2, 3, 4, 5], y=[3.0, 1.0, 2.0, 5.0, 4.0], mode="lines"))
    facts = figure_facts(fig)
    assert facts and check_evidence(facts, fig) == []
    assert api.narrate(fig, llm=False, show_progress=False).proposals


def test_synthesize_refuses_work_beyond_its_budget_before_starting() -> None:
    wide = pd.DataFrame(np.zeros((10, 10_000)))
    with pytest.raises(GenAnalystError, match="columns"):
        ga.synthesize(wide, 10)
    with pytest.raises(GenAnalystError, match="cells"):
        ga.synthesize(pd.DataFrame({"a": [1.0, 2.0]}), MAX_CELLS + 1)
    assert MAX_COLUMNS >= 100  # ordinary wide frames still work


def test_synthesize_at_the_column_limit_still_works() -> None:
    df = pd.DataFrame(np.random.default_rng(0).normal(size=(12, 60)))
    out = ga.synthesize(df, 5)
    assert out.frame.shape == (5, 60)
