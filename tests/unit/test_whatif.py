"""The what-if simulator: widget values drive the modelled outcome, which matches the model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from threadpoolctl import threadpool_limits

from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.facts.prescribe import _predict
from jupyter_genanalyst.whatif import AS_IS, Simulator, WhatIf, whatif

from .planted_story import SHIFT_REGION, daily_sales, rare_class


@pytest.fixture(scope="module")
def sim() -> WhatIf:
    df = daily_sales()
    return whatif(df[df["date"] >= "2024-07-01"], target="sales", features=["region", "price"])


def _by_hand(s: Simulator, column: int, value: float | None) -> float:
    X = s.design.X.copy()
    if value is not None:
        X.iloc[:, column] = value
    with threadpool_limits(1):
        return float(np.mean([np.mean(_predict(m, X, s.positive)) for m in s.models]))


def test_levers_and_ranges_come_from_the_data(sim: WhatIf) -> None:
    price = next(lv for lv in sim.sim.levers if lv.name == "price")
    x = daily_sales()["price"]
    assert price.kind == "shift" and price.low < 0 < price.high
    assert x.quantile(0.001) < price.clip[0] < price.clip[1] < x.quantile(0.999)
    region = next(lv for lv in sim.sim.levers if lv.name == "region")
    assert set(region.levels) == {"台北", "台中", "高雄", "花蓮"}
    assert sim.controls["region"].options[0] == AS_IS


def test_changing_a_dropdown_updates_the_outcome_to_the_models_prediction(sim: WhatIf) -> None:
    before = sim.outcome
    sim.controls["region"].value = SHIFT_REGION
    after = sim.outcome  # updated by the widget's observer, no call from the test
    code = sim.sim.levers[[lv.name for lv in sim.sim.levers].index("region")]
    expected = _by_hand(sim.sim, code.index, float(code.levels.index(SHIFT_REGION)))
    assert after.value == pytest.approx(expected)
    assert after.change > 30  # the planted +60 region, against the mix of all four
    assert after.lower <= after.value <= after.upper
    assert f"{after.value:,.2f}" in sim.result.value and before.value != after.value
    sim.controls["region"].value = AS_IS
    assert sim.outcome.value == pytest.approx(before.value)


def test_a_price_cut_raises_sales_as_the_model_says(sim: WhatIf) -> None:
    sim.controls["price"].value = -10.0
    o = sim.outcome
    assert o.value > o.baseline  # price drives sales down: a cut raises them
    sim.controls["price"].value = 0.0


def test_insert_shows_a_cell_that_reproduces_the_scenario(sim: WhatIf) -> None:
    sim.controls["region"].value = SHIFT_REGION
    sim.insert.click()
    source = sim.code.value
    assert "Simulator(df, target='sales'" in source and repr(SHIFT_REGION) in source
    assert sim.code.layout.display == "block"
    sim.controls["region"].value = AS_IS  # the shown cell follows the controls
    assert repr(SHIFT_REGION) not in sim.code.value
    df = daily_sales()
    namespace: dict[str, object] = {"df": df[df["date"] >= "2024-07-01"]}
    sim.controls["region"].value = SHIFT_REGION
    cell = sim.code.value.replace("sim.outcome(scenario)", "out = sim.outcome(scenario)")
    exec(cell, namespace)  # our own generated cell, run here only to prove it reproduces
    assert namespace["out"].value == pytest.approx(sim.outcome.value)  # type: ignore[attr-defined]
    sim.controls["region"].value = AS_IS


def test_a_two_class_target_is_a_probability() -> None:
    s = Simulator(rare_class(), target="fraud")
    assert s.positive == "True" and "probability" in s.what
    o = s.outcome({"night": "True"})
    assert 0 <= o.value <= 100 and o.value > s.outcome({"night": "False"}).value


def test_unknown_lever_is_one_line() -> None:
    s = Simulator(rare_class(), target="fraud", features=["amount"])
    with pytest.raises(GenAnalystError, match="no lever named city"):
        s.outcome({"city": "台北市"})


def test_assumptions_are_shown(sim: WhatIf) -> None:
    text = " ".join(sim.sim.assumptions())
    assert "not causal" in text and "bootstrap" in text
    assert isinstance(sim.widget.children[0].value, str)
    assert pd.notna(sim.sim.quality)
