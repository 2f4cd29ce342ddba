"""Hypothesis fuzzing: odd shapes, dtypes and values never crash detection or masking,
never modify the user's frame, and never let a recorded PII value through."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jupyter_genanalyst.privacy import PII_KINDS, Scrubber, detect_pii, example_rows
from tests.pii_corpus import make_corpus

_CORPUS = make_corpus(12, seed=3)
PII_SAMPLES = _CORPUS.all_values + list(_CORPUS.frame["notes"])
LABEL = re.compile(r"<[a-z_]+_\d+>")

cells_text = st.one_of(st.text(max_size=40), st.sampled_from(PII_SAMPLES), st.none())
cells_any = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    cells_text,
    st.lists(st.integers(), max_size=2),
)


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n_rows = draw(st.integers(min_value=0, max_value=12))
    n_cols = draw(st.integers(min_value=0, max_value=4))
    names = draw(
        st.lists(
            st.one_of(
                st.text(max_size=12),
                st.integers(),
                st.sampled_from(
                    ["email", "phone", "name", "ssn", "iban", "address", "customer_name", "ip"]
                ),
            ),
            min_size=n_cols,
            max_size=n_cols,
        )
    )
    data: dict[int, Any] = {}
    for i in range(n_cols):
        kind = draw(st.sampled_from(["int", "float", "bool", "text", "any", "date", "category"]))
        if kind == "int":
            data[i] = pd.Series(
                draw(st.lists(st.integers(-(2**63), 2**63 - 1), min_size=n_rows, max_size=n_rows)),
                dtype="int64",
            )
        elif kind == "float":
            data[i] = pd.Series(
                draw(st.lists(st.floats(), min_size=n_rows, max_size=n_rows)), dtype="float64"
            )
        elif kind == "bool":
            data[i] = pd.Series(
                draw(st.lists(st.booleans(), min_size=n_rows, max_size=n_rows)), dtype=bool
            )
        elif kind == "date":
            data[i] = pd.Series(pd.date_range("2020-01-01", periods=n_rows, freq="D"))
        elif kind == "category":
            data[i] = pd.Series(
                draw(st.lists(cells_text, min_size=n_rows, max_size=n_rows)), dtype="category"
            )
        elif kind == "text":
            data[i] = pd.Series(
                draw(st.lists(cells_text, min_size=n_rows, max_size=n_rows)), dtype=object
            )
        else:
            data[i] = pd.Series(
                draw(st.lists(cells_any, min_size=n_rows, max_size=n_rows)), dtype=object
            )
    df = pd.DataFrame(data, index=range(n_rows)) if data else pd.DataFrame(index=range(n_rows))
    df.columns = names
    return df


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert a.shape == b.shape and list(map(repr, a.columns)) == list(map(repr, b.columns))
    for i in range(a.shape[1]):
        assert a.iloc[:, i].dtype == b.iloc[:, i].dtype
        assert [repr(v) for v in a.iloc[:, i]] == [repr(v) for v in b.iloc[:, i]]


RUNS = {"examples": 0}


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(df=frames(), sample=st.integers(min_value=1, max_value=20), text=st.text(max_size=200))
def test_detect_and_scrub_never_crash_nor_mutate(df: pd.DataFrame, sample: int, text: str) -> None:
    RUNS["examples"] += 1
    before = df.copy(deep=True)
    report = detect_pii(df, sample=sample)
    _same(df, before)
    assert set(report.values_by_kind) <= set(PII_KINDS)
    scrubber = Scrubber(report, "mask")
    scrubber.scrub(text)
    scrubber.scrub(df.to_string())
    for value in report.values:
        assert LABEL.fullmatch(scrubber.scrub(value)), (
            value
        )  # a whole recorded value becomes one label
    for mode in ("mask", "aggregate", "synthetic", "off"):
        rows = example_rows(df, Scrubber(report, mode), n=3)
        _same(df, before)
        if mode in ("mask", "synthetic") and rows is not None and report.values:
            cells = {str(v).strip() for v in np.ravel(rows.to_numpy(dtype=object))}
            assert not cells & report.values


def test_fuzz_ran() -> None:
    print(f"fuzz examples run: {RUNS['examples']}")
