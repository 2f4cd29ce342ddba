"""`prescribe` with a categorical target, through the one pipeline (Python API and `%ga`).

A two-level target has one meaning of "increase": the modelled probability of its positive
level (True / 1 / yes, else the rarer level), stated first among the caveats and on the card.
More levels have none, so the request fails with one line that says what to do instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

import jupyter_genanalyst as ga
from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.notebook.magics import GenAnalystMagics


def _tips(n: int = 240) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    bill = rng.gamma(4, 5, n).round(2)
    smoker = np.where(bill + rng.normal(0, 6, n) > 20, "Yes", "No")
    return pd.DataFrame(
        {
            "total_bill": bill,
            "day": rng.choice(["Thur", "Fri", "Sat", "Sun"], n),
            "smoker": smoker,
            "size": rng.integers(1, 6, n),
        }
    )


def _magics() -> tuple[GenAnalystMagics, dict[str, object]]:
    shell = InteractiveShell.instance()
    return GenAnalystMagics(shell=shell), shell.user_ns


def test_a_multi_level_target_is_one_line_that_says_what_to_do() -> None:
    with pytest.raises(GenAnalystError) as info:
        ga.prescribe(_tips(), target="day", goal="increase", llm=False)
    text = str(info.value)
    assert "\n" not in text
    assert "two-level target; 'day' has 4 levels (Fri, Sat, Sun, Thur)" in text
    assert "Choose a numeric target, or a yes/no column" in text
    assert "df['day'] == 'Fri'" in text


def test_the_magic_gives_the_same_line() -> None:
    magics, ns = _magics()
    ns["tips"] = _tips()
    with pytest.raises(UsageError, match="needs a numeric or two-level target; 'day' has 4"):
        magics.ga("prescribe tips --target day --goal increase --no-llm")


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_a_yes_no_target_means_the_probability_of_yes(language: str) -> None:
    analysis = ga.prescribe(_tips(), target="smoker", goal="decrease", llm=False, language=language)
    options = analysis.facts.by_id()["presc.options.smoker"]
    assert options.values["positive_level"] == "Yes"
    assert options.caveats[0].startswith("smoker takes only the values `Yes` and `No`")
    assert "probability (in percentage points) that smoker is `Yes`" in options.caveats[0]
    for fact in analysis.facts:
        assert "`Yes`" in fact.caveats[0]  # every lever carries the meaning first
    first = analysis.bundle["proposals"][0]
    assert first["origin"] == "template"
    said = "smoker 為 `Yes` 的模型機率" if language == "zh-Hant" else "that smoker is `Yes`"
    assert said in first["narrative"]


def test_the_magic_runs_a_true_false_target_with_true_as_the_positive_level() -> None:
    df = _tips()
    df["churned"] = df["smoker"] == "Yes"
    magics, ns = _magics()
    ns["churn"] = df.drop(columns=["smoker"])
    analysis = magics.ga("prescribe churn --target churned --goal increase --no-llm")
    options = analysis.facts.by_id()["presc.options.churned"]
    assert options.values["positive_level"] == "True"
    assert "'increase' means more `True` and fewer `False`" in options.caveats[0]


def test_without_a_yes_level_the_rarer_level_is_the_positive_one() -> None:
    df = _tips()
    df["plan"] = np.where(df["smoker"] == "Yes", "premium", "basic")
    rare = str(df["plan"].value_counts().index[-1])
    facts = ga.facts.prescribe(df.drop(columns=["smoker"]), target="plan")
    assert facts.by_id()["presc.options.plan"].values["positive_level"] == rare
