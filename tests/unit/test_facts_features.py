"""predict/prescribe take an optional features= list (the story's supported drivers)."""

from __future__ import annotations

import pytest

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.errors import GenAnalystError

from .evidence import mismatches
from .planted import drivers


def test_features_restrict_the_model_and_its_levers() -> None:
    df = drivers(600)
    full = ga.predict(df, target="spend").by_id()["pred.model.spend"]
    some = ga.predict(df, target="spend", features=["tenure", "plan"])
    model = some.by_id()["pred.model.spend"]
    assert model.values["features"] == 2 and full.values["features"] > 2
    assert {f.columns[1] for f in some if f.id.startswith("pred.importance.")} <= {"tenure", "plan"}
    assert mismatches(df, [model]) == []  # evidence re-runs with the same features
    levers = ga.prescribe(df, target="spend", features=["tenure"])
    assert {f.columns[1] for f in levers if f.id.startswith("presc.lever.")} == {"tenure"}


def test_unknown_features_are_one_line() -> None:
    with pytest.raises(GenAnalystError, match="unknown feature column"):
        ga.predict(drivers(300), target="spend", features=["氣溫"])
