"""Generate the example datasets (deterministic; the CSVs are committed, this shows how).

- retail_sales.csv: daily sales by region and category for 2023-2024, with a planted
  drop in the North region from March 2024 and a weekly pattern.
- churn.csv: customers with tenure, charges, contract and support calls; churn is
  driven by short tenure, month-to-month contracts and many support calls.

Run: python examples/make_data.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent


def retail_sales(seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2023-01-01", "2024-06-30", freq="D")
    regions = {"North": 1.3, "South": 1.0, "East": 0.8, "West": 1.1}
    categories = {"Grocery": (40, 6.5), "Electronics": (6, 180.0), "Apparel": (15, 35.0)}
    rows = []
    for date in dates:
        weekly = 1.25 if date.day_of_week >= 5 else 1.0
        growth = 1 + 0.15 * (date - dates[0]).days / 365
        for region, scale in regions.items():
            drop = 0.6 if region == "North" and date >= pd.Timestamp("2024-03-01") else 1.0
            for category, (units_mean, price) in categories.items():
                units = rng.poisson(units_mean * scale * weekly * growth * drop)
                discount = float(np.clip(rng.normal(0.08, 0.04), 0, 0.3))
                revenue = round(units * price * (1 - discount), 2)
                rows.append(
                    (date.date().isoformat(), region, category, units, round(discount, 3), revenue)
                )
    frame = pd.DataFrame(
        rows, columns=["date", "region", "category", "units", "discount", "revenue"]
    )
    missing = rng.random(len(frame)) < 0.01
    frame.loc[missing, "discount"] = np.nan
    return frame


def churn(seed: int = 11, n: int = 3000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    tenure = rng.integers(1, 72, n)
    contract = rng.choice(["month-to-month", "one-year", "two-year"], n, p=[0.5, 0.3, 0.2])
    charges = np.round(rng.normal(70, 20, n).clip(20, 130), 2)
    calls = rng.poisson(1.5, n)
    plan = rng.choice(["basic", "plus", "premium"], n)
    logit = (
        -1.0
        - 0.045 * tenure
        + 0.5 * calls
        + 0.01 * (charges - 70)
        + np.where(contract == "month-to-month", 1.2, np.where(contract == "one-year", 0.0, -1.0))
    )
    churned = rng.random(n) < 1 / (1 + np.exp(-logit))
    return pd.DataFrame(
        {
            "customer_id": [f"C{100000 + i}" for i in range(n)],
            "tenure_months": tenure,
            "contract": contract,
            "plan": plan,
            "monthly_charges": charges,
            "support_calls": calls,
            "churned": churned,
        }
    )


if __name__ == "__main__":
    retail_sales().to_csv(HERE / "retail_sales.csv", index=False)
    churn().to_csv(HERE / "churn.csv", index=False)
    print("wrote", HERE / "retail_sales.csv", HERE / "churn.csv")
