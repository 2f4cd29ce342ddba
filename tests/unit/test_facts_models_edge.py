"""Model-based facts on awkward frames: duplicate column names and very wide frames."""

from __future__ import annotations

import numpy as np
import pandas as pd

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.facts._model import MAX_FEATURES


def test_duplicate_feature_names_do_not_break_models() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=200)
    df = pd.DataFrame(np.column_stack([x, rng.normal(size=200), 3 * x + rng.normal(size=200)]),
                      columns=["a", "a", "y"])  # fmt: skip
    assert ga.predict(df, target="y")
    assert ga.prescribe(df, target="y")


def test_wide_frames_are_screened_and_the_signal_survives() -> None:
    rng = np.random.default_rng(2)
    n, width = 120, 1500
    data = rng.normal(size=(n, width))
    df = pd.DataFrame(data, columns=[f"c{i}" for i in range(width)])
    df["y"] = 4 * df["c1234"] + rng.normal(scale=0.5, size=n)
    facts = ga.prescribe(df, target="y")
    text = " ".join(c for f in facts for c in f.caveats)
    assert f"{MAX_FEATURES} of {width} candidate features" in text
    levers = [f for f in facts if f.topic != "summary" and "c1234" in f.columns]
    assert levers, [f.id for f in facts]  # the one real driver is still found
