"""The what-if simulator in a real kernel: the widget displays, and changing its controls
(through the widget objects, as a frontend's comm messages would) moves the outcome to
exactly what the model predicts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.kernel_session import Kernel, kernel

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
import numpy as np
from threadpoolctl import threadpool_limits
from tests.unit.planted_story import daily_sales
from jupyter_genanalyst.whatif import whatif
from jupyter_genanalyst.facts.prescribe import _predict
df = daily_sales()
w = whatif(df, target="sales", features=["region", "price"])
"""


@pytest.fixture(scope="module")
def k() -> Iterator[Kernel]:
    with kernel(str(ROOT)) as session:
        result = session.run(SETUP)
        assert result.status == "ok", result.error()
        yield session


@pytest.mark.kernel
def test_the_simulator_displays_as_a_widget(k: Kernel) -> None:
    result = k.run("w")
    views = result.mime("application/vnd.jupyter.widget-view+json")
    assert len(views) == 1 and views[0]["model_id"], result.error()


@pytest.mark.kernel
def test_control_changes_move_the_outcome_to_the_models_prediction(k: Kernel) -> None:
    code = """
import json
lv = next(l for l in w.sim.levers if l.name == "region")
w.controls["region"].value = "高雄"
w.controls["price"].value = -5.0
X = w.sim.scenario({"region": "高雄", "price": -5.0})
with threadpool_limits(1):
    expected = float(np.mean([np.mean(_predict(m, X, None)) for m in w.sim.models]))
print(json.dumps({"shown": w.outcome.value, "expected": expected,
                  "baseline": w.outcome.baseline, "html": w.result.value}))
"""
    result = k.run(code)
    assert result.status == "ok", result.error()
    out = json.loads(result.stream().strip().splitlines()[-1])
    assert out["shown"] == pytest.approx(out["expected"])
    assert out["shown"] > out["baseline"]  # 高雄 sells more, and a price cut helps
    assert f"{out['shown']:,.2f}" in out["html"]
