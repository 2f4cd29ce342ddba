"""Awkward frames never crash any analysis and are never mutated."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.errors import GenAnalystError
from tests.unit.evidence import mismatches


def _frames() -> dict[str, pd.DataFrame]:
    r = np.random.default_rng(0)
    n = 60
    base = pd.DataFrame(
        {"x": r.normal(size=n), "y": r.normal(size=n), "g": r.choice(list("ab"), n)}
    )
    multi_cols = base.copy()
    multi_cols.columns = pd.MultiIndex.from_tuples([("m", "x"), ("m", "y"), ("k", "g")])
    multi_index = base.set_index(pd.MultiIndex.from_arrays([np.arange(n) % 3, np.arange(n)]))
    dup = pd.concat([base[["x"]], base[["x"]].rename(columns={"x": "x"}) * 2], axis=1)
    return {
        "empty": pd.DataFrame(),
        "empty_rows": pd.DataFrame(
            {"a": pd.Series([], dtype=float), "b": pd.Series([], dtype=str)}
        ),
        "one_row": pd.DataFrame({"a": [1.0], "b": ["x"], "t": [pd.Timestamp("2024-01-01")]}),
        "all_nan": pd.DataFrame({"a": [np.nan] * 10, "b": [None] * 10, "c": range(10)}),
        "inf": pd.DataFrame({"a": [1.0, np.inf, -np.inf, 2.0, 3.0, np.nan] * 5, "b": range(30)}),
        "mixed_object": pd.DataFrame({"m": [1, "a", 2.5, None, (1, 2), True] * 10}),
        "unhashable": pd.DataFrame({"l": [[1], [2, 3], None] * 10, "x": range(30)}),
        "nullable": pd.DataFrame(
            {
                "i": pd.array([1, None, 3, 4] * 10, dtype="Int64"),
                "b": pd.array([True, None, False, True] * 10, dtype="boolean"),
                "s": pd.array(["u", None, "v", "w"] * 10, dtype="string"),
                "f": pd.array([1.5, None, 2.5, 0.0] * 10, dtype="Float64"),
            }
        ),
        "categorical": pd.DataFrame(
            {"c": pd.Categorical(list("abca") * 10, categories=list("abcz"))}
        ),
        "tz": pd.DataFrame(
            {
                "t": pd.date_range("2024-01-01", periods=40, freq="D", tz="America/New_York"),
                "v": np.arange(40.0),
            }
        ),
        "dup_names": dup,
        "int_names": pd.DataFrame(r.normal(size=(n, 3))),
        "multi_cols": multi_cols,
        "multi_index": multi_index,
        "long_strings": pd.DataFrame({"t": ["word " * 20_000 + str(i) for i in range(20)]}),
        "constant": pd.DataFrame({"c": [7] * 30, "d": ["k"] * 30, "x": range(30)}),
        "complex_td": pd.DataFrame({"z": np.arange(10) * 1j, "d": pd.to_timedelta(range(10), "s")}),
    }


FRAMES = _frames()


@pytest.mark.parametrize("name", sorted(FRAMES))
def test_describe_and_diagnose_never_crash_or_mutate(name: str) -> None:
    df = FRAMES[name]
    before = copy.deepcopy(df)
    facts = ga.describe(df) + ga.diagnose(df)
    ga.semantic_types(df)
    pd.testing.assert_frame_equal(df, before)
    assert mismatches(df, facts) == []
    for fact in facts:
        assert fact.text and 0.0 <= fact.importance <= 1.0
        assert all(isinstance(c, str) for c in fact.columns)
    assert len({f.id for f in facts}) == len(facts)


def test_duplicate_and_int_names_use_positional_evidence() -> None:
    facts = ga.describe(FRAMES["dup_names"])
    evidence = " ".join(e for f in facts for e in f.evidence.values())
    assert ".iloc[:, 0]" in evidence and ".iloc[:, 1]" in evidence
    ids = facts.ids()
    assert "desc.dist.x" in ids and "desc.dist.x_1" in ids


@pytest.mark.parametrize("name", ["nullable", "tz", "multi_index", "int_names", "constant"])
def test_model_and_synthetic_never_mutate(name: str) -> None:
    df = FRAMES[name]
    before = copy.deepcopy(df)
    target = df.columns[-1]
    try:
        ga.predict(df, target=target)
        ga.prescribe(df, target=target)
    except GenAnalystError:
        pass  # e.g. too few rows or no usable feature: a one-line error is fine
    ga.synthesize(df, 20)
    pd.testing.assert_frame_equal(df, before)


def test_ten_thousand_columns() -> None:
    df = pd.DataFrame(np.random.default_rng(0).normal(size=(20, 10_000)))
    facts = ga.describe(df)
    assert len(facts) <= 210 and "desc.truncated" in facts.by_id()


def test_non_frames_are_rejected_in_one_line() -> None:
    for fn in (ga.describe, ga.diagnose, ga.semantic_types):
        with pytest.raises(GenAnalystError, match="DataFrame"):
            fn([1, 2, 3])  # type: ignore[operator]
        with pytest.raises(GenAnalystError, match="to_frame"):
            fn(pd.Series([1, 2]))  # type: ignore[operator]
