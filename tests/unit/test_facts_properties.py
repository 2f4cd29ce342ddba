"""Property: on any generated frame, every fact's evidence re-computes its value."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jupyter_genanalyst.facts as ga
from tests.unit.evidence import mismatches

_floats = st.floats(allow_nan=True, allow_infinity=True, width=64, min_value=None, max_value=None)


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 40))
    cols: dict[str, object] = {}
    kinds = draw(
        st.lists(
            st.sampled_from(
                ["float", "int", "nint", "cat", "str", "bool", "date", "tzdate", "dup"]
            ),
            min_size=1,
            max_size=6,
        )
    )
    for i, kind in enumerate(kinds):
        name = f"c{i}"
        if kind == "float":
            cols[name] = draw(st.lists(st.one_of(_floats, st.just(0.0)), min_size=n, max_size=n))
        elif kind == "int":
            cols[name] = np.array(
                draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n)), dtype="int64"
            )
        elif kind == "nint":
            cols[name] = pd.array(
                draw(st.lists(st.one_of(st.none(), st.integers(-3, 3)), min_size=n, max_size=n)),
                dtype="Int64",
            )
        elif kind in ("cat", "str"):
            values = draw(
                st.lists(
                    st.one_of(st.none(), st.sampled_from(["a", "b", "c d"])), min_size=n, max_size=n
                )
            )
            cols[name] = pd.Categorical(values) if kind == "cat" else values
        elif kind == "bool":
            cols[name] = draw(st.lists(st.booleans(), min_size=n, max_size=n))
        elif kind in ("date", "tzdate"):
            days = draw(st.lists(st.integers(0, 400), min_size=n, max_size=n))
            ts = pd.to_datetime("2023-01-01") + pd.to_timedelta(days, unit="D")
            cols[name] = ts.tz_localize("UTC") if kind == "tzdate" else ts
        else:
            cols[name] = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    df = pd.DataFrame(cols)
    if "dup" in kinds and df.shape[1] > 1:
        df.columns = ["same"] * df.shape[1]
    return df


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(frames())
def test_describe_evidence_reproduces(df: pd.DataFrame) -> None:
    before = copy.deepcopy(df)
    facts = ga.describe(df)
    assert mismatches(df, facts) == []
    pd.testing.assert_frame_equal(df, before)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(frames(), st.data())
def test_diagnose_evidence_reproduces(df: pd.DataFrame, data: st.DataObject) -> None:
    targets = [
        c
        for c, t in zip(df.columns, ga.semantic_types(df), strict=True)
        if t in ("numeric", "categorical", "boolean")
    ]
    target = None
    if targets and df.columns.is_unique and data.draw(st.booleans()):
        target = data.draw(st.sampled_from(targets))
    facts = ga.diagnose(df, target=target)
    assert mismatches(df, facts) == []
