"""Eight+ frames with planted effects, shaped like our users' data (Taiwanese, mixed languages).

Each request names the effect a good narrative should surface; the benchmark does not
grade meaning (our checks cannot), only whether a card is worth keeping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import plotly.express as px

CITIES = ["台北市", "新北市", "桃園市", "台中市", "台南市", "高雄市"]


@dataclass(frozen=True)
class Request:
    frame: str
    kind: str  # describe | diagnose | predict | prescribe | ask | narrate
    options: dict[str, Any] = field(default_factory=dict)
    planted: str = ""


def churn(n: int, r: np.random.Generator) -> pd.DataFrame:
    """Month-to-month contracts churn far more (≈43% vs ≈11% on two-year)."""
    contract = r.choice(["月繳", "一年約", "兩年約"], n, p=[0.5, 0.3, 0.2])
    rate = np.select([contract == "月繳", contract == "一年約"], [0.43, 0.2], 0.11)
    return pd.DataFrame(
        {
            "contract": contract,
            "tenure_months": r.integers(1, 72, n),
            "monthly_fee": r.normal(799, 150, n).round(0),
            "city": r.choice(CITIES, n),
            "churned": r.random(n) < rate,
        }
    )


def retail(months: int, r: np.random.Generator) -> pd.DataFrame:
    """營收 grows by month; 高雄市 collapses in the last month."""
    dates = pd.date_range("2022-01-01", periods=months, freq="MS")
    rows = []
    for i, d in enumerate(dates):
        for city in [*CITIES[:4], "高雄市"]:
            base = 1_000_000 + 20_000 * i + r.normal(0, 30_000)
            if city == "高雄市" and i == months - 1:
                base *= 0.4
            rows.append({"月份": d, "門市": city, "營收": base, "來客數": int(r.poisson(3000))})
    return pd.DataFrame(rows)


def tips(n: int, r: np.random.Generator) -> pd.DataFrame:
    """tip rises with total_bill (ρ ≈ 0.7)."""
    bill = r.gamma(4, 5, n).round(2)
    return pd.DataFrame(
        {
            "total_bill": bill,
            "tip": (0.15 * bill + r.normal(0, 1, n)).clip(0.5).round(2),
            "day": r.choice(["Thu", "Fri", "Sat", "Sun"], n),
            "party_size": r.integers(1, 6, n),
        }
    )


def survey(n: int, r: np.random.Generator) -> pd.DataFrame:
    """年收入 is missing mostly for respondents over 60; 滿意度 is noise."""
    age = r.integers(18, 85, n)
    income = r.normal(650_000, 200_000, n)
    income[(age > 60) & (r.random(n) < 0.7)] = np.nan
    return pd.DataFrame(
        {"age": age, "年收入": income, "滿意度": r.integers(1, 6, n), "city": r.choice(CITIES, n)}
    )


def sensors(n: int, r: np.random.Generator) -> pd.DataFrame:
    """temperature ~ N(25, 2) with five planted spikes."""
    temp = r.normal(25, 2, n)
    temp[r.choice(n, 5, replace=False)] = [80, -30, 95, 70, -20]
    return pd.DataFrame({"temperature": temp, "humidity": r.normal(70, 5, n)})


def signups(r: np.random.Generator) -> pd.DataFrame:
    """Weekly-ish monthly sign-ups step from ≈200 to ≈350 in 2023-07."""
    months = pd.date_range("2021-01-01", periods=48, freq="MS")
    level = np.where(months < pd.Timestamp("2023-07-01"), 200.0, 350.0)
    return pd.DataFrame({"month": months, "signups": level + r.normal(0, 12, 48)})


def loans(n: int, r: np.random.Generator) -> pd.DataFrame:
    """default depends on debt_ratio; region does not."""
    debt = r.uniform(0, 1, n)
    return pd.DataFrame(
        {
            "debt_ratio": debt,
            "income_k": r.normal(60, 15, n).round(1),
            "region": r.choice(["北部", "中部", "南部", "東部"], n),
            "defaulted": r.random(n) < 1 / (1 + np.exp(-(6 * debt - 4))),
        }
    )


def clinic(n: int, r: np.random.Generator) -> pd.DataFrame:
    """等候分鐘 is longer in 急診; 8% duplicated rows; phone numbers are PII."""
    dept = r.choice(["內科", "外科", "急診", "小兒科"], n)
    wait = r.gamma(2, 10, n) + np.where(dept == "急診", 35, 0)
    frame = pd.DataFrame(
        {
            "科別": dept,
            "等候分鐘": wait.round(1),
            "phone": [f"09{r.integers(10_000_000, 99_999_999)}" for _ in range(n)],
        }
    )
    return pd.concat([frame, frame.sample(frac=0.08, random_state=0)], ignore_index=True)


def pricing(n: int, r: np.random.Generator) -> pd.DataFrame:
    """units_sold rises with discount_pct; channel 'online' sells more."""
    discount = r.choice([0, 5, 10, 15, 20], n)
    channel = r.choice(["online", "store"], n)
    units = 50 + 2.5 * discount + np.where(channel == "online", 15, 0) + r.normal(0, 6, n)
    return pd.DataFrame({"discount_pct": discount, "channel": channel, "units_sold": units})


def frames(size: str = "full", seed: int = 0) -> dict[str, pd.DataFrame]:
    n = 300 if size == "small" else 1200
    r = np.random.default_rng(seed)
    return {
        "churn": churn(n, r),
        "retail": retail(12 if size == "small" else 24, r),
        "tips": tips(n // 2, r),
        "survey": survey(n, r),
        "sensors": sensors(n, r),
        "signups": signups(r),
        "loans": loans(n, r),
        "clinic": clinic(n // 2, r),
        "pricing": pricing(n, r),
    }


REQUESTS: tuple[Request, ...] = (
    Request("churn", "describe"),
    Request("churn", "diagnose", {"target": "churned"}, "contract ↔ churned"),
    Request("churn", "predict", {"target": "churned"}),
    Request("churn", "prescribe", {"target": "churned", "goal": "decrease"}),
    Request("retail", "describe", {"time": "月份"}),
    Request("retail", "diagnose", {"target": "營收", "time": "月份"}, "高雄市 drop"),
    Request("retail", "predict", {"target": "營收", "time": "月份"}),
    Request("tips", "diagnose", {"target": "tip"}, "total_bill ↔ tip"),
    Request("tips", "ask", {"target": "tip"}),
    Request("survey", "describe", {}, "年收入 missing"),
    Request("survey", "diagnose", {}, "missing not at random"),
    Request("sensors", "diagnose", {}, "temperature outliers"),
    Request("signups", "diagnose", {"target": "signups"}, "level shift 2023-07"),
    Request("loans", "diagnose", {"target": "defaulted"}, "debt_ratio ↔ defaulted"),
    Request("loans", "prescribe", {"target": "defaulted", "goal": "decrease"}),
    Request("clinic", "describe", {}, "duplicates, 急診 wait"),
    Request("pricing", "prescribe", {"target": "units_sold"}, "discount lever"),
    Request("pricing", "ask", {"target": "units_sold"}),
    Request("retail", "narrate", {}, "line of 營收"),
    Request("tips", "narrate", {}, "bar of tips by day"),
)


def figures(name: str, frame: pd.DataFrame) -> dict[str, Any]:
    """The dashboard a `narrate` request reads, built from the frame."""
    if name == "retail":
        monthly = frame.groupby("月份", as_index=False)["營收"].sum()
        return {"營收趨勢": px.line(monthly, x="月份", y="營收")}
    by_day = frame.groupby("day", as_index=False)["tip"].mean()
    return {"Tips by day": px.bar(by_day, x="day", y="tip")}
