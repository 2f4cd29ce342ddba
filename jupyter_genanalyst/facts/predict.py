"""Predictive facts — what will happen: a cross-validated baseline model compared with a
naive predictor, permutation importances, and (with a time axis) a forecast with an 80%
prediction interval and a backtest against seasonal naive.

Model facts are re-checkable by re-running this function (deterministic for a given
``random_state``): their evidence reads ``ga.predict(df, target=…).by_id()[id].values[…]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps
from sklearn.inspection import permutation_importance
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split

from ..errors import GenAnalystError
from ._context import Context
from ._drivers import target_column
from ._forecast import LEVEL, forecast
from ._frame import Col, quiet
from ._model import Design, cached_single_thread, design, model
from ._time import period_label
from ._trend import per_period_means
from .factory import make
from .format import num, pct, share
from .types import Fact, FactSet

FOLDS = 5
MAX_IMPORTANCE_FACTS = 8
CAVEAT = "predictive association, not causal"

MAX_HORIZON = 1_000  # periods; a forecast further out is noise and costs time


def check_horizon(horizon: object) -> None:
    """A one-line error for a horizon that is not a whole number of periods in range."""
    if horizon is None:
        return
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)):
        raise GenAnalystError(
            f"horizon must be a whole number of periods, got {type(horizon).__name__}"
        )
    if not 1 <= int(horizon) <= MAX_HORIZON:
        raise GenAnalystError(f"horizon must be between 1 and {MAX_HORIZON} periods, got {horizon}")


@cached_single_thread
@quiet
def predict(
    df: pd.DataFrame,
    *,
    target: Any,
    time: Any = None,
    horizon: int | None = None,
    random_state: int = 0,
    features: Sequence[str] | None = None,
) -> FactSet:
    """Baseline model for ``target`` (regression or classification) and, when a time axis
    exists and the target is numeric, a forecast of its per-period mean. ``features``
    restricts the model's inputs to those columns (None: every usable column)."""
    ctx = Context.build(df, time, "predict")
    check_horizon(horizon)
    t = target_column(ctx, target)
    call = (
        f"ga.predict(df, target={target!r}, time={time!r}, horizon={horizon!r}, "
        f"random_state={random_state}"
        + (f", features={tuple(features)!r})" if features is not None else ")")
    )
    series_only = ctx.time is not None and ctx.type_of(t) == "numeric" and ctx.time.col.pos != t.pos
    facts: list[Fact] = []
    try:
        d = design(ctx, t, random_state, features)
        facts += _model_facts(ctx, t, d, call, random_state)
    except GenAnalystError:
        if not series_only:  # a bare time series still gets its forecast
            raise
    if series_only:
        facts += _forecast_facts(ctx, t, horizon, call)
    return FactSet(facts)


def _ev(call: str, fid: str, names: list[str]) -> dict[str, str]:
    return {n: f"{call}.by_id()[{fid!r}].values[{n!r}]" for n in names}


def _cv(d: Design, random_state: int) -> tuple[np.ndarray, np.ndarray, str]:
    """Per-fold score of the model and of the naive predictor (higher is better)."""
    if d.task == "classification":
        counts = pd.Series(d.y).value_counts()
        splitter: Any = (
            StratifiedKFold(FOLDS, shuffle=True, random_state=random_state)
            if counts.min() >= FOLDS
            else KFold(FOLDS, shuffle=True, random_state=random_state)
        )
    else:
        splitter = KFold(FOLDS, shuffle=True, random_state=random_state)
    scores, naive = [], []
    for train, test in splitter.split(d.X, d.y):
        est = model(d, random_state).fit(d.X.iloc[train], d.y[train])
        pred = est.predict(d.X.iloc[test])
        if d.task == "regression":
            scores.append(r2_score(d.y[test], pred))
            naive.append(r2_score(d.y[test], np.full(len(test), d.y[train].mean())))
        else:
            majority = pd.Series(d.y[train]).value_counts().index[0]
            scores.append(accuracy_score(d.y[test], pred))
            naive.append(accuracy_score(d.y[test], np.full(len(test), majority)))
    return np.array(scores), np.array(naive), "R²" if d.task == "regression" else "accuracy"


def _model_facts(ctx: Context, t: Col, d: Design, call: str, random_state: int) -> list[Fact]:
    scores, naive, metric = _cv(d, random_state)
    diff = scores - naive
    if np.allclose(diff, diff[0]):
        p = 0.0 if diff[0] > 0 else 1.0
    else:
        p = float(sps.ttest_rel(scores, naive, alternative="greater").pvalue)
    better = bool(diff.mean() > 0 and p < 0.05)
    fid = f"pred.model.{t.key}"
    key = "r2" if d.task == "regression" else "accuracy"
    values = {
        key: float(scores.mean()),
        f"naive_{key}": float(naive.mean()),
        "folds": FOLDS,
        "rows": len(d.y),
        "features": len(d.features),
        "better_than_naive": better,
        "p_value": p,
    }
    units = {
        key: "ratio",
        f"naive_{key}": "ratio",
        "folds": "count",
        "rows": "count",
        "features": "count",
        "better_than_naive": "text",
        "p_value": "ratio",
    }
    show = (lambda v: pct(v * 100)) if d.task == "classification" else num
    verdict = "better than the naive baseline" if better else "no better than the naive baseline"
    naive_name = (
        "predicting the training mean"
        if d.task == "regression"
        else "always predicting the most frequent class"
    )
    text = (
        f"A gradient-boosting model predicts {t.label} with {FOLDS}-fold cross-validated "
        f"{metric} {show(values[key])} vs {show(values[f'naive_{key}'])} for {naive_name} "
        f"({num(len(d.y))} rows, {num(len(d.features))} features): {verdict}."
    )
    facts = [
        make(
            fid,
            "predictive",
            "model",
            [t.label],
            values,
            units,
            0.85 if better else 0.7,
            text,
            _ev(call, fid, list(values)),
            caveats=(CAVEAT, *d.sample.caveat(ctx.n), *d.screening()),
            sample_size=d.sample.size,
        )
    ]
    if better:
        facts += _importance_facts(ctx, t, d, call, random_state, metric)
    return facts


def _importance_facts(
    ctx: Context, t: Col, d: Design, call: str, random_state: int, metric: str
) -> list[Fact]:
    strat = d.y if d.task == "classification" and pd.Series(d.y).value_counts().min() >= 2 else None
    Xtr, Xte, ytr, yte = train_test_split(
        d.X, d.y, test_size=0.25, random_state=random_state, stratify=strat
    )
    est = model(d, random_state).fit(Xtr, ytr)
    imp = permutation_importance(est, Xte, yte, n_repeats=5, random_state=random_state)
    order = np.argsort(-imp.importances_mean)
    facts = []
    for rank, i in enumerate(order[:MAX_IMPORTANCE_FACTS], start=1):
        mean, sd = float(imp.importances_mean[i]), float(imp.importances_std[i])
        if mean <= 0:
            break
        f = d.features[i]
        fid = f"pred.importance.{t.key}.{f.key}"
        values = {"importance": mean, "std": sd, "rank": rank}
        facts.append(
            make(
                fid,
                "predictive",
                "importance",
                [t.label, f.label],
                values,
                {"importance": "number", "std": "number", "rank": "count"},
                0.4
                + 0.5 * min(mean / max(float(imp.importances_mean[order[0]]), 1e-12), 1.0) * 0.9,
                f"Shuffling {f.label} lowers the model's holdout {metric} by {num(mean)} "
                f"(± {num(sd)}); rank {rank} of "
                f"{len(d.features)} features.",
                _ev(call, fid, list(values)),
                caveats=(
                    "importance to the model, not a causal effect",
                    "correlated features share importance",
                    *d.sample.caveat(ctx.n),
                    *d.screening(),
                ),
                sample_size=d.sample.size,
            )
        )
    return facts


def _forecast_facts(ctx: Context, t: Col, horizon: int | None, call: str) -> list[Fact]:
    axis = ctx.time
    assert axis is not None
    s = per_period_means(ctx, [t])[0]
    res = forecast(axis, s, horizon)
    if res is None:
        return []
    point, lo, hi = res["point"], res["lower"], res["upper"]
    periods = res["periods"]
    assert isinstance(point, np.ndarray) and isinstance(lo, np.ndarray)
    assert isinstance(hi, np.ndarray) and isinstance(periods, list)
    h = int(res["horizon"])  # type: ignore[call-overload]
    fid = f"pred.forecast.{t.key}"
    values = {
        "horizon": h,
        "next_period": period_label(periods[0]),
        "next": float(point[0]),
        "next_lower": float(lo[0]),
        "next_upper": float(hi[0]),
        "last_period": period_label(periods[-1]),
        "last": float(point[-1]),
        "last_lower": float(lo[-1]),
        "last_upper": float(hi[-1]),
        "level_pct": LEVEL,
    }
    units = {
        "horizon": "count",
        "next_period": "date",
        "next": "number",
        "next_lower": "number",
        "next_upper": "number",
        "last_period": "date",
        "last": "number",
        "last_lower": "number",
        "last_upper": "number",
        "level_pct": "percent",
    }
    caveats = [
        "assumes the recent pattern continues",
        f"forecasts the average {t.label} per {axis.unit}",
    ]
    if res["gaps"]:
        caveats.append(f"{res['gaps']} missing {axis.unit}s were interpolated")
    facts = [
        make(
            fid,
            "predictive",
            "forecast",
            [t.label, axis.col.label],
            values,
            units,
            0.8,
            f"Forecast of average {t.label} per {axis.unit}: {num(values['next'])} in "
            f"{values['next_period']} ({pct(LEVEL)} interval {num(values['next_lower'])} to "
            f"{num(values['next_upper'])}), {num(values['last'])} by {values['last_period']} "
            f"({num(values['last_lower'])} to {num(values['last_upper'])}).",
            _ev(call, fid, list(values)),
            caveats=tuple(caveats),
        )
    ]
    mae, mae_naive = float(res["mae"]), float(res["mae_naive"])  # type: ignore[arg-type]
    if np.isfinite(mae) and np.isfinite(mae_naive):
        ratio = mae / mae_naive if mae_naive > 0 else float("inf")
        better = bool(ratio < 1)
        bid = f"pred.backtest.{t.key}"
        naive_name = "seasonal-naive" if int(res["season"]) > 1 else "naive (last value)"  # type: ignore[call-overload]
        bvalues = {
            "mae": mae,
            "mae_naive": mae_naive,
            "ratio": ratio,
            "origins": res["origins"],
            "better_than_naive": better,
            "improvement_pct": share(mae_naive - mae, mae_naive),
        }
        facts.append(
            make(
                bid,
                "predictive",
                "backtest",
                [t.label, axis.col.label],
                bvalues,
                {
                    "mae": "number",
                    "mae_naive": "number",
                    "ratio": "number",
                    "origins": "count",
                    "better_than_naive": "text",
                    "improvement_pct": "percent",
                },
                0.75,
                f"In a backtest over {num(int(res['origins']))} rolling origins "  # type: ignore[call-overload]
                f"the forecast's mean "
                f"absolute error is {num(mae)} vs {num(mae_naive)} for the {naive_name} forecast: "
                + ("better than naive." if better else "no better than naive."),
                _ev(call, bid, list(bvalues)),
            )
        )
    return facts
