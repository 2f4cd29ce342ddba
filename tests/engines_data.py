"""Frames shaped like our users' data for the engine tests, and the comparison helpers.

Traditional Chinese column names and categories, Taiwanese national IDs, mobile numbers and
addresses; a daily time axis; missing values and NaN; a flag; free text; a constant.
Category shares are distinct (no ties), so every engine ranks the top values alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.facts import Fact, FactSet
from tests.unit.evidence import same

_CITIES = ["臺北市", "新北市", "臺中市", "高雄市", "花蓮縣"]
_CHANNELS = ["門市", "官網", "蝦皮", "電話訂購"]


def tw_orders(n: int = 600, seed: int = 0) -> pd.DataFrame:
    """Orders of a Taiwanese retailer; ``金額`` has a planted mid-year level shift."""
    r = np.random.default_rng(seed)
    days = np.sort(r.integers(0, 365, n))
    city = r.choice(_CITIES, n, p=[0.38, 0.26, 0.17, 0.12, 0.07])
    amount = r.lognormal(6, 0.8, n) * np.where(days > 200, 1.8, 1.0)
    amount[r.random(n) < 0.05] = np.nan
    letters = "ABCDEFGHJKLMNPQRSTUVXYWZIO"
    ids = [f"{letters[i % 26]}{1 + i % 2}{r.integers(10**7, 10**8)}" for i in range(n)]
    return pd.DataFrame(
        {
            "訂單編號": np.arange(100_001, 100_001 + n),
            "下單日期": pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D"),
            "縣市": city,
            "通路": r.choice(_CHANNELS, n, p=[0.45, 0.3, 0.15, 0.1]),
            "金額": amount,
            "數量": r.integers(1, 12, n),
            "會員": r.random(n) < 0.35,
            "身分證字號": ids,
            "手機": [f"09{r.integers(10**7, 10**8)}" for _ in range(n)],
            "地址": [
                f"{c}信義路{r.integers(1, 400)}號{r.integers(2, 20)}樓 近捷運站" for c in city
            ],
            "幣別": "TWD",
        }
    )


def value_diffs(expected: FactSet, got: FactSet, rel: float = 1e-9) -> list[str]:
    """Every fact or value of ``expected`` that ``got`` lacks or states differently."""
    theirs = got.by_id()
    out = []
    for fact in expected:
        other = theirs.get(fact.id)
        if other is None:
            out.append(f"{fact.id}: missing")
            continue
        for name, value in fact.values.items():
            if name not in other.values or not same(value, other.values[name], rel=rel):
                out.append(f"{fact.id}.{name}: {value!r} != {other.values.get(name)!r}")
        if fact.text != other.text:
            out.append(f"{fact.id}: text {fact.text!r} != {other.text!r}")
    out += [f"{f.id}: extra" for f in got if f.id not in expected.by_id()]
    return out


def engine_mismatches(obj: Any, facts: Iterable[Fact]) -> list[str]:
    """Re-run every evidence expression against the engine's own frame ``obj``."""
    import polars as pl

    env = {"df": obj, "pd": pd, "np": np, "ga": ga, "pl": pl}
    bad = []
    for fact in facts:
        for name, expr in fact.evidence.items():
            try:
                with np.errstate(all="ignore"):
                    got = eval(expr, dict(env))
            except Exception as exc:
                bad.append(f"{fact.id}.{name}: {expr} raised {type(exc).__name__}: {exc}")
                continue
            if isinstance(got, pd.Period | pd.Timestamp):
                got = str(got)
            if not same(fact.values[name], got):
                bad.append(f"{fact.id}.{name}: value {fact.values[name]!r} != evidence {got!r}")
    return bad


def by_column(facts: dict[str, Fact], prefix: str, column: str) -> Fact:
    """The fact whose id starts with ``prefix`` about ``column`` (Chinese names have slug
    keys such as ``col_4``, so tests find facts by column, not by id)."""
    return next(f for k, f in facts.items() if k.startswith(prefix) and f.columns[0] == column)


def rank_of(values: pd.Series, x: float) -> float:
    """The share of ``values`` at or below ``x`` (for checking approximate quantiles)."""
    v = values.dropna().to_numpy(dtype=float)
    return float((v <= x).mean()) if len(v) else math.nan
