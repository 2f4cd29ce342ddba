"""Synthetic data keeps marginals and dependence, and never copies a real row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.errors import GenAnalystError
from tests.unit import planted


def _rows(df: pd.DataFrame, cols: list[str]) -> set[tuple[object, ...]]:
    return set(map(tuple, df[cols].astype(str).itertuples(index=False)))


def test_fidelity_and_no_verbatim_rows() -> None:
    df = planted.drivers(n=2000)
    syn = ga.synthesize(df, 2000, random_state=1)
    assert syn.frame.shape == (2000, df.shape[1])
    assert list(syn.frame.columns) == list(df.columns)
    rep = syn.report.columns.set_index("column")
    assert (rep.loc[["tenure", "spend", "noise_0"], "distance"] < 0.06).all()
    assert rep.loc["plan", "distance"] < 0.05
    assert syn.report.correlation_max_abs_diff < 0.15
    real_r = df[["tenure", "spend"]].corr(method="spearman").iloc[0, 1]
    syn_r = syn.frame[["tenure", "spend"]].corr(method="spearman").iloc[0, 1]
    assert abs(real_r - syn_r) < 0.1
    cols = [c for c in df.columns if c != "customer_id"]
    assert not (_rows(syn.frame, cols) & _rows(df, cols))
    assert not set(syn.frame["customer_id"]) & set(df["customer_id"])
    assert "Synthetic data" in syn._repr_html_()


def test_tiny_domain_drops_rows_it_cannot_make_new() -> None:
    df = pd.DataFrame({"a": ["x", "y"] * 20, "b": [True, True, False, False] * 10})
    syn = ga.synthesize(df, 50)
    assert syn.report.copied_rows_dropped == 50 and len(syn.frame) == 0


def test_dtypes_missing_and_dates_survive() -> None:
    r = np.random.default_rng(0)
    df = pd.DataFrame(
        {
            "n": pd.array(
                np.where(r.random(300) < 0.2, None, r.integers(0, 9, 300)), dtype="Int64"
            ),
            "when": pd.date_range("2024-01-01", periods=300, freq="D", tz="Europe/Paris"),
            "cat": pd.Categorical(r.choice(["a", "b", "c"], 300)),
            "x": r.normal(size=300),
        }
    )
    syn = ga.synthesize(df, 400).frame
    assert str(syn["when"].dtype) == str(df["when"].dtype)
    assert isinstance(syn["cat"].dtype, pd.CategoricalDtype)
    assert 5 < syn["n"].isna().mean() * 100 < 35


def test_bad_arguments() -> None:
    with pytest.raises(GenAnalystError):
        ga.synthesize(pd.DataFrame(), 5)
    with pytest.raises(GenAnalystError):
        ga.synthesize(pd.DataFrame({"a": [1, 2]}), -1)
    with pytest.raises(GenAnalystError):
        ga.synthesize([1, 2], 5)  # type: ignore[arg-type]
