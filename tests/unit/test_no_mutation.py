"""No analysis may write into the caller's frame — not even into a shared buffer.

pandas 3 without pyarrow stores strings in a numpy object array that ``to_numpy()`` can
hand back without a copy; writing into such an array once corrupted the user's column
(None inside a StringArray, after which ``isna()`` raised). Deep-equality checks miss
that, so this test also checks the raw buffers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.privacy import Scrubber, detect_pii, example_rows


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 60
    text = pd.Series(rng.choice(["north", "south", "east"], n), dtype="string[python]")
    text[::7] = pd.NA
    inferred = pd.Series(list(rng.choice(["a", "b"], n)), dtype=object)
    inferred[::5] = np.nan
    return pd.DataFrame({
        "target": rng.normal(size=n),
        "region": text,
        "inferred_str": inferred.astype("str"),
        "count": pd.array(rng.integers(0, 5, n), dtype="Int64"),
        "flag": rng.random(n) > 0.5,
        "when": pd.date_range("2024-01-01", periods=n, freq="D"),
        "email": [f"user{i}@example.com" for i in range(n)],
    })  # fmt: skip


def _buffers(df: pd.DataFrame) -> list[object]:
    out = []
    for i in range(df.shape[1]):
        array = df.iloc[:, i].array
        raw = getattr(array, "_ndarray", None)
        out.append(list(raw) if raw is not None else list(array))
    return out


@pytest.mark.parametrize(
    "analysis",
    [
        lambda df: ga.describe(df),
        lambda df: ga.diagnose(df),
        lambda df: ga.diagnose(df, target="target"),
        lambda df: ga.predict(df, target="target"),
        lambda df: ga.prescribe(df, target="target"),
        lambda df: ga.synthesize(df, 20),
        lambda df: example_rows(df, Scrubber(detect_pii(df), "mask")),
        lambda df: example_rows(df, Scrubber(detect_pii(df), "synthetic")),
    ],
    ids=[
        "describe",
        "diagnose",
        "diagnose-target",
        "predict",
        "prescribe",
        "synthesize",
        "rows-mask",
        "rows-synthetic",
    ],
)
def test_analyses_leave_every_buffer_untouched(analysis: object) -> None:
    df = _frame()
    before_frame, before_buffers = df.copy(deep=True), _buffers(df)
    analysis(df)  # type: ignore[operator]
    df.isna()  # raised on the corrupted column
    pd.testing.assert_frame_equal(df, before_frame)
    after = _buffers(df)
    for column, old, new in zip(df.columns, before_buffers, after, strict=True):
        assert [type(v) for v in old] == [type(v) for v in new], column
