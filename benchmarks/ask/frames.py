"""The benchmark's frames: shipped inside packages (scikit-learn, plotly) or generated with a
seed, so the corpus runs offline and the same everywhere."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


def _sk(loader: Callable[..., object], label: str | None) -> pd.DataFrame:
    bunch = loader(as_frame=True)
    df = bunch.frame.copy()  # type: ignore[attr-defined]
    if label is not None:
        names = list(bunch.target_names)  # type: ignore[attr-defined]
        df[label] = [names[int(i)] for i in df.pop("target")]
    return df


def iris() -> pd.DataFrame:
    from sklearn.datasets import load_iris

    return _sk(load_iris, "species")


def wine() -> pd.DataFrame:
    from sklearn.datasets import load_wine

    return _sk(load_wine, "cultivar")


def cancer() -> pd.DataFrame:
    from sklearn.datasets import load_breast_cancer

    return _sk(load_breast_cancer, "diagnosis")


def diabetes() -> pd.DataFrame:
    from sklearn.datasets import load_diabetes

    df = _sk(load_diabetes, None)
    return df.rename(columns={"target": "progression"})


def tips() -> pd.DataFrame:
    import plotly.express as px

    return px.data.tips()


def gapminder() -> pd.DataFrame:
    import plotly.express as px

    return px.data.gapminder()[["country", "continent", "year", "lifeExp", "pop", "gdpPercap"]]


def stocks() -> pd.DataFrame:
    import plotly.express as px

    df = px.data.stocks()
    df["date"] = pd.to_datetime(df["date"])
    return df


def wind() -> pd.DataFrame:
    import plotly.express as px

    return px.data.wind()


def sales() -> pd.DataFrame:
    """A Taiwanese retail frame with Traditional Chinese column names and values."""
    rng = np.random.default_rng(7)
    n = 400
    region = rng.choice(["北部", "中部", "南部", "東部"], n, p=[0.4, 0.25, 0.25, 0.1])
    category = rng.choice(["飲料", "零食", "日用品", "生鮮"], n)
    qty = rng.integers(1, 30, n)
    price = np.round(rng.gamma(4.0, 60.0, n), 0)
    discount = np.round(rng.uniform(0, 0.3, n), 2)
    amount = np.round(qty * price * (1 - discount), 0)
    age = rng.normal(38, 11, n).round().astype(float)
    age[rng.choice(n, 25, replace=False)] = np.nan
    date = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, n), unit="D")
    return pd.DataFrame(
        {
            "日期": date,
            "地區": region,
            "品類": category,
            "數量": qty,
            "單價": price,
            "折扣": discount,
            "銷售額": amount,
            "客戶年齡": age,
        }
    )


def patients() -> pd.DataFrame:
    """A clinic frame with Traditional Chinese names, values and Taiwanese cities."""
    rng = np.random.default_rng(11)
    n = 300
    sex = rng.choice(["男", "女"], n)
    smoke = rng.choice(["是", "否"], n, p=[0.3, 0.7])
    city = rng.choice(["台北市", "新北市", "台中市", "高雄市"], n)
    age = rng.integers(20, 85, n)
    sbp = np.round(100 + 0.6 * age + (smoke == "是") * 8 + rng.normal(0, 12, n), 1)
    chol = np.round(160 + 0.5 * age + rng.normal(0, 25, n), 1)
    days = rng.poisson(3 + (age > 60) * 2, n)
    return pd.DataFrame(
        {
            "性別": sex,
            "吸菸": smoke,
            "城市": city,
            "年齡": age,
            "收縮壓": sbp,
            "膽固醇": chol,
            "住院天數": days,
        }
    )


def experiment() -> pd.DataFrame:
    """An A/B/C experiment with before/after scores, missing values and planted outliers."""
    rng = np.random.default_rng(3)
    n = 240
    group = rng.choice(["A", "B", "C"], n)
    before = np.round(rng.normal(50, 10, n), 2)
    lift = np.where(group == "A", 0.0, np.where(group == "B", 2.5, 4.0))
    after = np.round(before + lift + rng.normal(1, 5, n), 2)
    spend = np.round(rng.lognormal(3, 0.6, n), 2)
    spend[:4] = [900.0, 1200.0, 750.0, 1500.0]
    after[rng.choice(n, 12, replace=False)] = np.nan
    return pd.DataFrame(
        {
            "group": group,
            "before": before,
            "after": after,
            "spend": spend,
            "device": rng.choice(["ios", "android", "web"], n),
        }
    )


FRAMES: dict[str, Callable[[], pd.DataFrame]] = {
    "tips": tips,
    "iris": iris,
    "wine": wine,
    "cancer": cancer,
    "diabetes": diabetes,
    "gapminder": gapminder,
    "stocks": stocks,
    "wind": wind,
    "sales": sales,
    "patients": patients,
    "experiment": experiment,
}
