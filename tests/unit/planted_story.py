"""Frames with planted effects for the closed loop: a level shift in one segment, a driver,
a rare class, an extreme day (Traditional Chinese segment names, as our users have)."""

from __future__ import annotations

import numpy as np
import pandas as pd

REGIONS = ["台北", "台中", "高雄", "花蓮"]
SHIFT_REGION = "高雄"
SHIFT_FROM = "2024-07"
SPIKE_DAY = "2024-03-14"


def daily_sales(seed: int = 0) -> pd.DataFrame:
    """Daily sales per region for 2024: from July on 高雄 sells 60 more a day (the planted
    level shift); ``price`` drives sales down everywhere but does not move over time;
    ``channel`` is an unrelated decoy dimension; one extreme day in 台中 (SPIKE_DAY)."""
    r = np.random.default_rng(seed)
    days = pd.date_range("2024-01-01", "2024-12-31", freq="D")
    rows = []
    for day in days:
        for region in REGIONS:
            price = r.normal(100, 10)
            sales = 200 - 1.0 * (price - 100) + r.normal(0, 8)
            if region == SHIFT_REGION and day >= pd.Timestamp(f"{SHIFT_FROM}-01"):
                sales += 60
            if region == "台中" and day == pd.Timestamp(SPIKE_DAY):
                sales += 900
            channel = r.choice(["門市", "網路"])
            rows.append((day, region, channel, price, sales))
    return pd.DataFrame(rows, columns=["date", "region", "channel", "price", "sales"])


def rare_class(n: int = 600, seed: int = 0) -> pd.DataFrame:
    """A 5% positive class (``fraud``) that depends on ``amount`` and ``night``."""
    r = np.random.default_rng(seed)
    amount = r.gamma(2.0, 500, n)
    night = r.random(n) < 0.3
    logit = -5.0 + 0.0012 * amount + 1.5 * night
    fraud = r.random(n) < 1 / (1 + np.exp(-logit))
    city = r.choice(["台北市", "新北市", "桃園市"], n)
    return pd.DataFrame({"amount": amount, "night": night, "city": city, "fraud": fraud})
