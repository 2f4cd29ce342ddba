"""Forecast of a numeric target's per-period mean, with a prediction interval and a
rolling-origin backtest against the seasonal-naive forecast.

Model: statsmodels' ETS (additive errors, damped additive trend, additive seasonality when
at least two full seasons exist). Intervals are the model's 80% prediction intervals.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ._time import SEASON, TimeAxis

LEVEL = 80
DEFAULT_HORIZON = {"h": 24, "D": 7, "W": 4, "M": 3, "Q": 2, "Y": 2, "year": 2}


def regular(s: pd.Series) -> tuple[pd.Series, int]:
    """The series on a gap-free period grid (gaps linearly interpolated) and #gaps filled."""
    grid: pd.Index
    if isinstance(s.index, pd.PeriodIndex):
        grid = pd.period_range(s.index.min(), s.index.max(), freq=s.index.freq)
    else:
        lo, hi = int(s.index.min()), int(s.index.max())
        grid = pd.Index(range(lo, hi + 1))
    full = s.reindex(grid)
    gaps = int(full.isna().sum())
    return full.interpolate(limit_direction="both"), gaps


def _season(axis: TimeAxis, n: int) -> int:
    m = SEASON.get(axis.freq, 1)
    return m if m > 1 and n >= 2 * m + 2 else 1


def _fit_forecast(y: np.ndarray, h: int, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Point forecast and 80% interval; falls back to (seasonal) naive if ETS fails."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = ETSModel(  # a Series: statsmodels 0.15 predictions break on ndarrays
                pd.Series(y.astype(float)),
                error="add",
                trend="add" if len(y) >= 6 else None,
                damped_trend=len(y) >= 6,
                seasonal="add" if m > 1 else None,
                seasonal_periods=m if m > 1 else None,
            ).fit(disp=False, maxiter=200)
            frame = fit.get_prediction(start=len(y), end=len(y) + h - 1).summary_frame(
                alpha=1 - LEVEL / 100
            )
        point = frame["mean"].to_numpy(dtype=float)
        lo, hi = frame["pi_lower"].to_numpy(dtype=float), frame["pi_upper"].to_numpy(dtype=float)
        if np.all(np.isfinite(point)) and np.all(np.isfinite(lo)) and np.all(np.isfinite(hi)):
            return point, lo, hi
    except Exception:  # statsmodels raises many types on degenerate series; fall back
        pass
    point = naive(y, h, m)
    resid = y[m:] - y[:-m] if len(y) > m else np.zeros(1)
    sd = float(np.std(resid)) if len(resid) > 1 else 0.0
    z = 1.2816  # 80% two-sided normal quantile
    spread = z * sd * np.sqrt(np.arange(1, h + 1))
    return point, point - spread, point + spread


def naive(y: np.ndarray, h: int, m: int) -> np.ndarray:
    """Seasonal-naive forecast (last season repeated); plain naive when m = 1."""
    if m > 1 and len(y) >= m:
        return np.array([y[len(y) - m + (i % m)] for i in range(h)], dtype=float)
    return np.full(h, float(y[-1]))


def backtest(y: np.ndarray, h: int, m: int, origins: int = 3) -> tuple[float, float, int]:
    """MAE of the model and of seasonal naive over rolling origins; #origins used."""
    errs, nerrs, used = [], [], 0
    for k in range(origins, 0, -1):
        cut = len(y) - k * h
        if cut < max(2 * m + 2, 6):
            continue
        train, test = y[:cut], y[cut : cut + h]
        point, _, _ = _fit_forecast(train, len(test), _season_for(m, len(train)))
        errs.append(np.abs(point - test))
        nerrs.append(np.abs(naive(train, len(test), m) - test))
        used += 1
    if not used:
        return float("nan"), float("nan"), 0
    return float(np.mean(np.concatenate(errs))), float(np.mean(np.concatenate(nerrs))), used


def _season_for(m: int, n: int) -> int:
    return m if m > 1 and n >= 2 * m + 2 else 1


def forecast(axis: TimeAxis, s: pd.Series, horizon: int | None) -> dict[str, object] | None:
    """Everything the forecast facts state, or None when the series is too short."""
    y_s, gaps = regular(s.dropna().astype(float))
    if len(y_s) < 8:
        return None
    h = int(horizon or DEFAULT_HORIZON.get(axis.freq, 3))
    m = _season(axis, len(y_s))
    y = y_s.to_numpy(dtype=float)
    point, lo, hi = _fit_forecast(y, h, m)
    mae, mae_naive, used = backtest(y, h, SEASON.get(axis.freq, 1) if m > 1 else 1)
    last = y_s.index[-1]
    future = [last + i for i in range(1, h + 1)]
    return {
        "point": point,
        "lower": lo,
        "upper": hi,
        "periods": future,
        "horizon": h,
        "season": m,
        "mae": mae,
        "mae_naive": mae_naive,
        "origins": used,
        "gaps": gaps,
        "n": len(y),
    }
