"""The descriptive fact set of a fixed mixed frame is pinned: speed work on ``describe``
must not add, drop or change a fact (ids, values, text, evidence, importance, caveats).

The frame has more than 50,000 rows so the fast duplicate search runs, planted duplicate
rows, -0.0 and NaN, nullable integers, a tz-aware and a naive date column, strings with
missing values, a categorical, flags, a constant, an identifier and free text.
Regenerate the pinned file only for an intended change:
``python -m tests.unit.test_describe_golden`` (and say why in the commit).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

import jupyter_genanalyst.facts as ga

GOLDEN = Path(__file__).parent / "data" / "describe_mixed_golden.json"


def golden_frame(n: int = 60_000) -> pd.DataFrame:
    r = np.random.default_rng(7)
    ints = r.integers(0, 50, n).astype("float64")
    ints[r.random(n) < 0.05] = np.nan
    floats = r.normal(3, 2, n)
    floats[r.random(n) < 0.1] = np.nan
    floats[:5] = [-0.0, 0.0, np.inf, -np.inf, np.nan]
    city = pd.Series(r.choice(["臺北市", "新北市", "高雄市", "花蓮縣"], n), dtype=object)
    city[r.random(n) < 0.02] = None
    df = pd.DataFrame(
        {
            "order_id": np.arange(n),
            "amount": floats,
            "qty": r.integers(0, 7, n),
            "units": pd.array(ints, dtype="Int64"),
            "zeros": np.where(r.random(n) < 0.5, 0.0, r.exponential(1, n)),
            "city": city,
            "segment": pd.Categorical(r.choice(list("abc"), n)),
            "flag": r.random(n) < 0.3,
            "paid": (r.random(n) < 0.6).astype(int),
            "date": pd.Timestamp("2022-01-01") + pd.to_timedelta(r.integers(0, 700, n), "D"),
            "updated_at": pd.Timestamp("2023-01-01", tz="UTC")
            + pd.to_timedelta(r.integers(0, 3_000_000, n), "s"),
            "const": 1.5,
            "note": [f"customer said item {i % 997} arrived late again" for i in range(n)],
        }
    )
    dup = df.iloc[100:400].copy()
    dup["order_id"] = df["order_id"].iloc[100:400].to_numpy()
    df = pd.concat([df, dup.iloc[::3], df.iloc[:20]], ignore_index=True)
    df["order_id"] = df["order_id"].astype("int64")
    return df


def fact_records(df: pd.DataFrame) -> list[dict[str, object]]:
    return json.loads(ga.describe(df).to_json())


def test_describe_fact_set_is_unchanged() -> None:
    got = fact_records(golden_frame())
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert [f["id"] for f in got] == [f["id"] for f in want]
    for g, w in zip(got, want, strict=True):
        assert g == w, g["id"]


if __name__ == "__main__":
    GOLDEN.write_text(
        json.dumps(fact_records(golden_frame()), ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
