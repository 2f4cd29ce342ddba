"""Descriptive facts cross-checked against plain pandas on real datasets."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import pytest
from sklearn.datasets import load_diabetes, load_iris, load_wine

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.errors import GenAnalystError
from tests.unit.evidence import mismatches

DATASETS = {
    "tips": px.data.tips,
    "gapminder": px.data.gapminder,
    "stocks": px.data.stocks,
    "diabetes": lambda: load_diabetes(as_frame=True).frame,
    "iris": lambda: load_iris(as_frame=True).frame,
    "wine": lambda: load_wine(as_frame=True).frame,
}


@pytest.fixture(scope="module", params=sorted(DATASETS))
def real(request: pytest.FixtureRequest) -> tuple[str, pd.DataFrame]:
    return request.param, DATASETS[request.param]()


def test_evidence_reproduces_every_value(real: tuple[str, pd.DataFrame]) -> None:
    _, df = real
    facts = ga.describe(df)
    assert facts, "no facts"
    assert mismatches(df, facts) == []


def test_numbers_match_pandas(real: tuple[str, pd.DataFrame]) -> None:
    _, df = real
    facts = ga.describe(df).by_id()
    assert facts["desc.shape"].values == {"rows": len(df), "columns": df.shape[1]}
    for col in df.select_dtypes("number").columns:
        fact = facts.get(f"desc.dist.{col}")
        if fact is None:  # identifiers, flags and constants are described differently
            continue
        s = df[col]
        assert fact.values["mean"] == pytest.approx(s.mean(), rel=1e-12)
        assert fact.values["median"] == pytest.approx(s.median(), rel=1e-12)
        assert fact.values["std"] == pytest.approx(s.std(), rel=1e-12)
        assert fact.values["q25"] == pytest.approx(s.quantile(0.25), rel=1e-12)
        assert fact.values["skew"] == pytest.approx(s.skew(), rel=1e-9, abs=1e-12)
        assert fact.values["zeros"] == int((s == 0).sum())


def test_tips_categories_and_types() -> None:
    df = px.data.tips()
    facts = ga.describe(df).by_id()
    day = facts["desc.top.day"]
    counts = df["day"].value_counts()
    assert day.values["n_categories"] == 4
    assert day.values["top1"] == counts.index[0]
    assert day.values["top1_count"] == counts.iloc[0]
    assert day.values["top1_pct"] == pytest.approx(counts.iloc[0] / len(df) * 100)
    types = ga.semantic_types(df)
    assert types["total_bill"] == "numeric" and types["sex"] == "categorical"
    assert facts["desc.duplicates"].values["duplicate_rows"] == int(df.duplicated().sum())


def test_gapminder_year_is_time_axis_with_trend() -> None:
    df = px.data.gapminder()
    facts = ga.describe(df).by_id()
    assert facts["desc.time"].columns == ("year",)
    trend = facts["desc.trend.lifeExp"]
    by_year = df.groupby("year")["lifeExp"].mean()
    assert trend.values["first"] == pytest.approx(by_year.iloc[0])
    assert trend.values["last"] == pytest.approx(by_year.iloc[-1])
    assert trend.values["slope"] > 0 and trend.values["p_value"] < 0.001
    assert ga.semantic_types(df)["iso_num"] in ("numeric", "categorical", "id")


def test_stocks_string_dates_are_detected() -> None:
    df = px.data.stocks()
    assert ga.semantic_types(df)["date"] == "datetime"
    facts = ga.describe(df).by_id()
    assert facts["desc.dates.date"].values["first"] == "2018-01-01"
    assert facts["desc.dates.date"].values["granularity"] == "week"
    assert "desc.change.GOOG" in facts


def test_time_override_and_disable() -> None:
    df = px.data.gapminder()
    assert "desc.time" not in ga.describe(df, time=False).by_id()
    with pytest.raises(GenAnalystError, match="unknown time column"):
        ga.describe(df, time="nope")


def test_planted_trend_and_drop_are_described() -> None:
    from tests.unit import planted

    df = planted.sales()
    facts = ga.describe(df).by_id()
    change = facts["desc.change.revenue"]
    assert change.values["change"] < 0 and change.values["last_period"] == "2023-12"
    assert facts["desc.time"].values["periods"] == 36


def test_wide_frame_is_capped_with_summary() -> None:
    import numpy as np

    df = pd.DataFrame(np.random.default_rng(0).normal(size=(5, 3000)))
    facts = ga.describe(df, max_facts=50)
    ids = facts.ids()
    assert "desc.truncated" in ids and "desc.shape" in ids and len(facts) <= 60


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fast_duplicate_search_equals_pandas(seed: int) -> None:
    """The column-by-column duplicate search (frames of 50,000+ rows) counts exactly what
    ``df.duplicated().sum()`` counts: low-cardinality columns that never narrow the rows,
    a float column that does, -0.0 / 0.0, NaN, None and planted repeats."""
    import importlib

    import numpy as np

    describe_mod = importlib.import_module("jupyter_genanalyst.facts.describe")
    r = np.random.default_rng(seed)
    n = 60_000
    low = pd.DataFrame(
        {
            "a": r.integers(0, 3, n),
            "b": pd.Series(r.choice(["x", "y", None], n), dtype=object),
            "c": r.normal(size=n).round(1),
            "d": np.where(r.random(n) < 0.5, -0.0, 0.0),
            "e": np.where(r.random(n) < 0.5, np.nan, 1.0),
            "f": pd.array(np.where(r.random(n) < 0.2, None, r.integers(0, 2, n)), dtype="Int64"),
        }
    )
    wide = low.assign(g=r.normal(size=n))
    wide = pd.concat([wide, wide.iloc[r.integers(0, n, 500)]], ignore_index=True)
    for df in (low, wide, wide.iloc[:, ::-1]):
        assert describe_mod.duplicate_rows(df) == int(df.duplicated().sum())


def test_counted_quartiles_equal_pandas_quantile() -> None:
    """Quartiles of integer-valued columns (counted, not partially sorted) are exactly
    ``Series.quantile``: ints, floats holding integers with NaN, negatives, -0.0, a
    column whose quartiles fall between two different values, and non-integers."""
    import numpy as np

    from jupyter_genanalyst.facts._columns import _quartiles

    r = np.random.default_rng(3)
    n = 40_001
    halves = np.r_[np.zeros(n // 2), np.ones(n - n // 2)]
    nan_ints = r.integers(-20, 20, n).astype("float64")
    nan_ints[r.random(n) < 0.1] = np.nan
    sub = pd.DataFrame(
        {
            0: r.integers(0, 400, n),
            1: nan_ints,
            2: np.where(r.random(n) < 0.5, -0.0, r.integers(-3, 3, n).astype("float64")),
            3: halves,
            4: np.arange(n, dtype="int64") * 3,
            5: r.normal(size=n),
            6: np.r_[r.integers(-5, 5, 100), np.full(n - 100, np.nan)],  # few: pandas
        }
    )
    got = _quartiles(sub, sub.count(), sub.min(), sub.max())
    want = sub.quantile([0.25, 0.5, 0.75]).to_numpy()
    assert np.array_equal(got, want, equal_nan=True)
    assert [str(v) for v in got.ravel()] == [str(v) for v in want.ravel()]
