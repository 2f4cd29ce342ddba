"""Frames with planted, known effects (and pure-noise frames) for recall/precision tests."""

from __future__ import annotations

import numpy as np
import pandas as pd


def drivers(n: int = 1500, seed: int = 0) -> pd.DataFrame:
    """``spend`` depends on ``tenure`` (+) and ``plan`` (premium higher); ``churn`` on
    ``support_calls`` (+); the ``noise_*`` columns are independent of everything."""
    r = np.random.default_rng(seed)
    tenure = r.integers(1, 72, n)
    plan = r.choice(["basic", "plus", "premium"], n, p=[0.5, 0.3, 0.2])
    calls = r.poisson(2, n)
    spend = 20 + 0.8 * tenure + np.where(plan == "premium", 25, 0) + r.normal(0, 8, n)
    churn = r.random(n) < 1 / (1 + np.exp(-(calls - 3)))
    out = pd.DataFrame(
        {
            "customer_id": np.arange(10_000, 10_000 + n),
            "tenure": tenure,
            "plan": plan,
            "support_calls": calls,
            "spend": spend,
            "churn": churn,
        }
    )
    for i in range(4):
        out[f"noise_{i}"] = r.normal(size=n)
    out["noise_cat"] = r.choice(list("abcd"), n)
    return out


def noise(n: int = 400, seed: int = 0) -> pd.DataFrame:
    """A target and 8 features, all independent."""
    r = np.random.default_rng(seed)
    out = pd.DataFrame({f"x{i}": r.normal(size=n) for i in range(5)})
    out["c0"] = r.choice(list("abc"), n)
    out["c1"] = r.choice(list("pqrs"), n)
    out["flag"] = r.random(n) < 0.4
    out["y"] = r.normal(size=n)
    return out


def anomalies(n: int = 1000, seed: int = 0) -> tuple[pd.DataFrame, list[int]]:
    """``value`` ~ N(50, 5) with five planted extreme rows (returned)."""
    r = np.random.default_rng(seed)
    value = r.normal(50, 5, n)
    rows = sorted(r.choice(n, 5, replace=False).tolist())
    value[rows] = [150, -60, 200, 140, -40]
    return pd.DataFrame({"value": value, "other": r.normal(size=n)}), rows


def sales(seed: int = 0, months: int = 36) -> pd.DataFrame:
    """Daily sales by region with an upward trend; in the last month West collapses (−60%),
    which drives the month's drop; one planted spike month (index 15)."""
    r = np.random.default_rng(seed)
    days = pd.date_range("2021-01-01", periods=months, freq="MS").to_series()
    days = pd.DatetimeIndex(pd.date_range(days.iloc[0], days.iloc[-1] + pd.offsets.MonthEnd(0)))
    rows = []
    for region, base in (("North", 100.0), ("South", 80.0), ("East", 90.0), ("West", 120.0)):
        level = base + np.arange(len(days)) * 0.05
        revenue = level + r.normal(0, 5, len(days))
        rows.append(
            pd.DataFrame(
                {
                    "date": days,
                    "region": region,
                    "revenue": revenue,
                    "units": r.poisson(10, len(days)),
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)
    last_month = out["date"].dt.to_period("M") == out["date"].dt.to_period("M").max()
    out.loc[last_month & (out["region"] == "West"), "revenue"] *= 0.4
    spike = out["date"].dt.to_period("M") == pd.Period("2022-04", "M")
    out.loc[spike, "revenue"] *= 3
    return out


def level_shift(seed: int = 0) -> pd.DataFrame:
    """A monthly series that steps from ~10 to ~20 at 2020-03 (index 26), no trend."""
    r = np.random.default_rng(seed)
    months = pd.period_range("2018-01", periods=48, freq="M").to_timestamp()
    y = np.where(np.arange(48) < 26, 10.0, 20.0) + r.normal(0, 1, 48)
    return pd.DataFrame({"month": months, "kpi": y})


def missing_mar(n: int = 1500, seed: int = 0) -> pd.DataFrame:
    """``income`` is missing mostly for age > 60; ``score`` is missing mostly in region X;
    ``noise`` is missing completely at random."""
    r = np.random.default_rng(seed)
    age = r.integers(18, 90, n)
    region = r.choice(["X", "Y", "Z"], n)
    income = r.normal(50_000, 10_000, n)
    income[(age > 60) & (r.random(n) < 0.7)] = np.nan
    score = r.normal(0, 1, n)
    score[(region == "X") & (r.random(n) < 0.5)] = np.nan
    nz = r.normal(size=n)
    nz[r.random(n) < 0.1] = np.nan
    return pd.DataFrame(
        {"age": age, "region": region, "income": income, "score": score, "noise": nz}
    )
