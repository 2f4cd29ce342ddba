"""Prescriptive facts — what could we do: levers ranked by modelled what-if effect.

For each feature the baseline model (see ``_model``) is asked "what if every row moved by
a realistic amount?" — numeric features by one interquartile step (clipped to the observed
1st–99th percentile range, so the model is not extrapolating), categorical features to
one level — and the average change in the predicted target is reported. Uncertainty comes
from refitting the model on bootstrap resamples (90% interval of the effect). These are
options for a human to weigh: the effects are associational, not causal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import r2_score, roc_auc_score

from ..errors import GenAnalystError
from ._context import Context
from ._drivers import target_column
from ._frame import Col, quiet
from ._model import Design, cached_single_thread, design, model
from .factory import make
from .format import num, pct
from .types import Fact, FactSet

BOOTSTRAP = 8
MAX_LEVERS = 5
MAX_LEVELS = 10
CAVEATS = (
    "modelled what-if on observational data: associational, not causal",
    "assumes the lever can move while every other column stays the same",
)


@cached_single_thread
@quiet
def prescribe(
    df: pd.DataFrame,
    *,
    target: Any,
    goal: str = "increase",
    random_state: int = 0,
    features: Sequence[str] | None = None,
) -> FactSet:
    """Levers that the model says move ``target`` in the ``goal`` direction, ranked;
    ``features`` restricts the model (and so the levers) to those columns."""
    if goal not in ("increase", "decrease"):
        raise GenAnalystError(f"goal must be 'increase' or 'decrease', not {goal!r}")
    ctx = Context.build(df, False, "prescribe")
    t = target_column(ctx, target)
    d = design(ctx, t, random_state, features)
    positive = _positive_class(d, t, goal)
    models, quality = _bootstrap(d, positive, random_state)
    sign = 1.0 if goal == "increase" else -1.0
    levers = [
        lv
        for i, f in enumerate(d.features)
        if (lv := _lever(d, i, f, models, positive, sign)) is not None
    ]
    levers.sort(key=lambda lv: -lv["goal_effect"])
    call = f"ga.prescribe(df, target={target!r}, goal={goal!r}, random_state={random_state}" + (
        f", features={tuple(features)!r})" if features is not None else ")"
    )
    base = float(np.mean(_predict(models[0], d.X, positive)))
    what = f"the probability (%) that {t.label} is `{positive}`" if positive else t.label
    good = [lv for lv in levers if lv["goal_effect"] > 0 and lv["agree_pct"] >= 90]
    facts = [_summary(ctx, t, d, goal, what, levers, good, quality, base, call, positive)]
    for rank, lv in enumerate([lv for lv in levers if lv["goal_effect"] > 0][:MAX_LEVERS], 1):
        facts.append(_lever_fact(ctx, t, d, lv, rank, what, goal, call, positive))
    return FactSet(facts)


POSITIVE_NAMES = ("true", "1", "1.0", "yes", "y")  # a two-level target's positive level


def _positive_class(d: Design, t: Col, goal: str | None = None) -> str | None:
    """The level whose modelled probability a two-level target's goal moves: ``True`` / 1 /
    yes when present, else the rarer level (the event: churned, defaulted…). More levels
    have no single meaning of "increase", so they are refused with what to do instead."""
    if d.task == "regression":
        return None
    if len(d.classes) != 2:
        shown = ", ".join(d.classes[:6]) + (", …" if len(d.classes) > 6 else "")
        example = d.classes[0]
        raise GenAnalystError(
            f"{f'prescribe --goal {goal}' if goal else 'a what-if'} needs a numeric or two-level "
            f"target; {t.label!r} has "
            f"{len(d.classes)} levels ({shown}). Choose a numeric target, or a yes/no column "
            f"such as df['is_{example}'] = df[{t.label!r}] == {example!r}"
        )
    for name in d.classes:
        if name.strip().lower() in POSITIVE_NAMES:
            return name
    counts = pd.Series(d.y).value_counts()
    return str(counts.index[-1])


def _meaning(t: Col, d: Design, positive: str | None) -> tuple[str, ...]:
    """The caveat that says what "increase" means for a two-level target (stated first)."""
    if positive is None:
        return ()
    other = next(c for c in d.classes if c != positive)
    return (
        f"{t.label} takes only the values `{positive}` and `{other}`, so the effects are on the "
        f"modelled probability (in percentage points) that {t.label} is `{positive}`: "
        f"'increase' means more `{positive}` and fewer `{other}`",
    )


def _predict(est: Any, X: pd.DataFrame, positive: str | None) -> np.ndarray:
    if positive is None:
        return np.asarray(est.predict(X), dtype=float)
    col = list(est.classes_).index(positive)
    return np.asarray(est.predict_proba(X)[:, col], dtype=float) * 100


def _bootstrap(d: Design, positive: str | None, random_state: int) -> tuple[list[Any], float]:
    """Models refit on bootstrap resamples, and the out-of-bag quality of the first."""
    rng = np.random.default_rng(random_state)
    n = len(d.y)
    models, quality = [], float("nan")
    for b in range(BOOTSTRAP):
        rows = rng.integers(0, n, n)
        if positive is not None and len(set(d.y[rows])) < 2:
            rows = np.arange(n)
        est = model(d, random_state + b).fit(d.X.iloc[rows], d.y[rows])
        models.append(est)
        if b == 0:
            oob = np.setdiff1d(np.arange(n), rows)
            if len(oob) > 10:
                pred = _predict(est, d.X.iloc[oob], positive)
                if positive is None:
                    quality = float(r2_score(d.y[oob], pred))
                elif len(set(d.y[oob])) == 2:
                    quality = float(roc_auc_score(d.y[oob] == positive, pred))
    return models, quality


def _lever(
    d: Design, i: int, f: Col, models: list[Any], positive: str | None, sign: float
) -> dict[str, Any] | None:
    x = d.X.iloc[:, i]
    if d.categorical[i]:
        levels = d.codes[i][:MAX_LEVELS]
        best: dict[str, Any] | None = None  # the level that helps the goal most
        for code, label in enumerate(levels):
            moved = d.X.copy()
            moved.iloc[:, i] = float(code)
            eff = _effects(models, d.X, moved, positive)
            cand = {"feature": f, "kind": "level", "to": label, "effects": eff}
            if best is None or sign * eff.mean() > sign * float(np.mean(best["effects"])):
                best = cand
        lever = best
    else:
        q1, q3 = float(x.quantile(0.25)), float(x.quantile(0.75))
        step = q3 - q1 if q3 > q1 else float(x.std())
        if not np.isfinite(step) or step == 0:
            return None
        lo, hi = float(x.quantile(0.01)), float(x.quantile(0.99))
        options: list[dict[str, Any]] = []
        for direction in (1.0, -1.0):
            moved = d.X.copy()
            moved.iloc[:, i] = np.clip(x + direction * step, lo, hi)
            eff = _effects(models, d.X, moved, positive)
            options.append({"feature": f, "kind": "step", "step": direction * step, "effects": eff})
        lever = max(options, key=lambda o: sign * float(np.mean(o["effects"])))
    if lever is None:
        return None
    eff = lever["effects"]
    lever.update(
        effect=float(eff.mean()),
        lower=float(np.quantile(eff, 0.05)),
        upper=float(np.quantile(eff, 0.95)),
        goal_effect=float(sign * eff.mean()),
        agree_pct=float((sign * eff > 0).mean() * 100),
    )
    return lever


def _effects(
    models: list[Any], X: pd.DataFrame, moved: pd.DataFrame, positive: str | None
) -> np.ndarray:
    base = _base(models, X, positive)
    return np.array(
        [
            float(np.mean(_predict(m, moved, positive) - b))
            for m, b in zip(models, base, strict=True)
        ]
    )


_BASE: dict[int, tuple[Any, list[np.ndarray]]] = {}


def _base(models: list[Any], X: pd.DataFrame, positive: str | None) -> list[np.ndarray]:
    """Predictions on the unmoved rows, computed once per call (keyed by the model list)."""
    key = id(models)
    hit = _BASE.get(key)
    if hit is None or hit[0] is not models:
        _BASE.clear()
        hit = (models, [_predict(m, X, positive) for m in models])
        _BASE[key] = hit
    return hit[1]


def _ev(call: str, fid: str, names: list[str]) -> dict[str, str]:
    return {n: f"{call}.by_id()[{fid!r}].values[{n!r}]" for n in names}


def _summary(
    ctx: Context,
    t: Col,
    d: Design,
    goal: str,
    what: str,
    levers: list[dict[str, Any]],
    good: list[dict[str, Any]],
    quality: float,
    base: float,
    call: str,
    positive: str | None,
) -> Fact:
    fid = f"presc.options.{t.key}"
    qname = "out-of-bag R²" if d.task == "regression" else "out-of-bag ROC AUC"
    values: dict[str, Any] = {
        "levers_evaluated": len(levers),
        "levers_helping": len(good),
        "model_quality": quality,
        "baseline": base,
        "bootstrap_models": BOOTSTRAP,
    }
    units = {
        "levers_evaluated": "count",
        "levers_helping": "count",
        "model_quality": "number",
        "baseline": "number",
        "bootstrap_models": "count",
    }
    if positive is not None:  # what "increase" means for a two-level target (storyteller)
        values["positive_level"] = positive
        units["positive_level"] = "text"
    weak = (d.task == "regression" and not quality > 0.1) or (
        d.task != "regression" and not quality > 0.6
    )
    text = (
        f"To {goal} {what} (now {num(base)} on average as modelled), {num(len(good))} of "
        f"{num(len(levers))} candidate levers help in at least 90% of {BOOTSTRAP} bootstrap "
        f"refits; model {qname} {num(quality)}. These are options to weigh, not a decision."
    )
    caveats = [*_meaning(t, d, positive), *CAVEATS, *d.sample.caveat(ctx.n), *d.screening()]
    if weak:
        caveats.append("the model predicts the target poorly; treat every lever as unreliable")
    return make(
        fid,
        "prescriptive",
        "options",
        [t.label],
        values,
        units,
        0.8,
        text,
        _ev(call, fid, list(values)),
        caveats=tuple(caveats),
        sample_size=d.sample.size,
    )


def _lever_fact(
    ctx: Context,
    t: Col,
    d: Design,
    lv: dict[str, Any],
    rank: int,
    what: str,
    goal: str,
    call: str,
    positive: str | None,
) -> Fact:
    f: Col = lv["feature"]
    fid = f"presc.lever.{t.key}.{f.key}"
    values: dict[str, Any] = {
        "effect": lv["effect"],
        "lower": lv["lower"],
        "upper": lv["upper"],
        "agree_pct": lv["agree_pct"],
        "rank": rank,
    }
    units: dict[str, str] = {
        "effect": "number",
        "lower": "number",
        "upper": "number",
        "agree_pct": "percent",
        "rank": "count",
    }
    if positive is not None:
        values["positive_level"] = positive
        units["positive_level"] = "text"
    if lv["kind"] == "step":
        values["step"] = lv["step"]
        units["step"] = "number"
        move = (
            f"{'raise' if lv['step'] > 0 else 'lower'} {f.label} by one interquartile "
            f"step ({num(abs(lv['step']))})"
        )
        assumption = f"moves of {f.label} are clipped to its observed 1st–99th percentile range"
    else:
        values["to"] = lv["to"]
        units["to"] = "text"
        move = f"set {f.label} to `{lv['to']}` for every row"
        assumption = f"{f.label} = `{lv['to']}` is attainable for every row"
    text = (
        f"Option {rank}: {move} → {what} changes by {num(lv['effect'])} on average "
        f"(90% bootstrap interval {num(lv['lower'])} to {num(lv['upper'])}; "
        f"{pct(lv['agree_pct'])} of refits agree on the direction)."
    )
    return make(
        fid,
        "prescriptive",
        "lever",
        [t.label, f.label],
        values,
        units,
        0.45 + 0.4 * min(lv["agree_pct"] / 100, 1.0) * (0.8 ** (rank - 1)),
        text,
        _ev(call, fid, list(values)),
        caveats=(
            *_meaning(t, d, positive),
            *CAVEATS,
            assumption,
            *d.sample.caveat(ctx.n),
            *d.screening(),
        ),
        sample_size=d.sample.size,
    )
