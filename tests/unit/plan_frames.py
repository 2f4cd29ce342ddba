"""Small seeded frames for the plan tests: English and Traditional Chinese, with dates,
missing values and planted outliers."""

from __future__ import annotations

import numpy as np
import pandas as pd


def shop(n: int = 200, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    region = rng.choice(["北部", "中部", "南部"], n)
    member = rng.choice(["是", "否"], n)
    qty = rng.integers(1, 20, n)
    price = np.round(rng.gamma(3.0, 50.0, n), 1)
    amount = np.round(qty * price, 1)
    amount[:3] = [90000.0, 85000.0, 99000.0]  # planted outliers
    age = rng.normal(40, 10, n).round()
    age[rng.choice(n, 15, replace=False)] = np.nan
    date = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    city = rng.choice(["台北市", "台中市", "高雄市"], n)
    return pd.DataFrame(
        {
            "日期": date,
            "地區": region,
            "城市": city,
            "會員": member,
            "數量": qty,
            "單價": price,
            "銷售額": amount,
            "年齡": age,
        }
    )


def trial(n: int = 180, seed: int = 9) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    arm = rng.choice(["control", "treatment"], n)
    site = rng.choice(["north", "south", "east"], n)
    before = np.round(rng.normal(60, 8, n), 2)
    after = np.round(before + (arm == "treatment") * 3 + rng.normal(0, 4, n), 2)
    dose = np.round(rng.uniform(1, 10, n), 2)
    response = np.round(2.0 + 0.8 * dose + rng.normal(0, 1.5, n), 3)
    outcome = np.where(response + rng.normal(0, 1, n) > 6, "improved", "same")
    after[rng.choice(n, 10, replace=False)] = np.nan
    return pd.DataFrame(
        {
            "arm": arm,
            "site": site,
            "before": before,
            "after": after,
            "dose": dose,
            "response": response,
            "outcome": outcome,
            "visit": pd.Timestamp("2025-03-01") + pd.to_timedelta(rng.integers(0, 90, n), unit="D"),
        }
    )
