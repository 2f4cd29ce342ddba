"""Synthetic augmentation where prediction suffers from scarcity or skew — tested, never applied.

Why: a rare class (fraud at 5%) or a small frame starves a model; synthetic rows can help or
can teach it noise. So this only *measures*: on repeated stratified splits the model is
trained with and without Gaussian-copula rows (:func:`synthesize`, fitted on the training
part's rare class, or on all of it when rows are few) and scored on the untouched holdout.
The user's frame is never changed; the fact says whether augmentation helped, by how much.

SMOTE (imbalanced-learn) was considered but not added: the copula already ships here and
handles mixed column types, so a new dependency has not yet earned its place.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, r2_score
from sklearn.model_selection import ShuffleSplit, StratifiedShuffleSplit

from ..errors import GenAnalystError
from ._context import Context
from ._drivers import target_column
from ._frame import quiet
from ._model import Design, cached_single_thread, design, model
from .factory import make
from .format import num, pct
from .synthetic import synthesize
from .types import FactSet

RARE_PCT = 10.0  # a class below this share of rows is rare
FEW_ROWS = 200  # fewer rows than this is scarce
SPLITS = 3
HOLDOUT = 0.3
MIN_GAIN = 0.01  # the mean metric gain that counts as "helped"


@cached_single_thread
@quiet
def augmentation(
    df: pd.DataFrame, *, target: Any, random_state: int = 0, splits: int = SPLITS
) -> FactSet:
    """One predictive fact: would synthetic rows help a model of ``target``? Empty when the
    target is neither rare-classed nor scarce (nothing to offer)."""
    ctx = Context.build(df, False, "augmentation")
    t = target_column(ctx, target)
    d = design(ctx, t, random_state)
    y = d.y
    rare: str | None = None
    if d.task == "classification":
        labels, counts = np.unique(y, return_counts=True)
        minority = int(np.argmin(counts))
        if 100 * counts[minority] / len(y) < RARE_PCT:
            rare = str(labels[minority])
    if rare is None and len(y) >= FEW_ROWS:
        return FactSet()
    before, after, added = _trials(d, rare, random_state, splits)
    gain = [a - b for a, b in zip(after, before, strict=True)]
    mean_b, mean_a = float(np.mean(before)), float(np.mean(after))
    helped = mean_a - mean_b >= MIN_GAIN
    wins = sum(g > 0 for g in gain)
    metric = "average precision" if rare is not None else "R²"
    why = (
        f"`{rare}` is {pct(100 * float(np.mean(y == rare)))} of {t.label}"
        if rare is not None
        else f"only {num(len(y))} rows have a known {t.label}"
    )
    call = f"ga.augmentation(df, target={target!r}, random_state={random_state}, splits={splits})"
    fid = f"pred.augment.{t.key}"
    values = {
        "reason": "rare class" if rare is not None else "few rows",
        "metric": metric,
        "before": mean_b,
        "after": mean_a,
        "gain": mean_a - mean_b,
        "splits": splits,
        "splits_improved": wins,
        "synthetic_rows": added,
        "verdict": "helped" if helped else "did not help",
    }
    units = {
        "reason": "text",
        "metric": "text",
        "before": "number",
        "after": "number",
        "gain": "number",
        "splits": "count",
        "splits_improved": "count",
        "synthetic_rows": "count",
        "verdict": "text",
    }
    return FactSet(
        [
            make(
                fid,
                "predictive",
                "augmentation",
                [t.label],
                values,
                units,
                0.6 if helped else 0.35,
                f"Because {why}, adding {num(added)} synthetic rows (Gaussian copula) to each "
                f"training split was tried: holdout {metric} went from {num(mean_b)} to "
                f"{num(mean_a)} on average over {num(splits)} splits (better in {num(wins)}); "
                f"augmentation {values['verdict']}. Not applied: your data is unchanged.",
                {name: f"{call}.by_id()[{fid!r}].values[{name!r}]" for name in values},
                caveats=(
                    "synthetic rows never touch the holdout; a gain on one dataset is not a "
                    "guarantee on new data",
                ),
                sample_size=len(y),
            )
        ]
    )


def _trials(
    d: Design, rare: str | None, random_state: int, splits: int
) -> tuple[list[float], list[float], int]:
    X = d.X.reset_index(drop=True)
    y = d.y
    cls = StratifiedShuffleSplit if rare is not None else ShuffleSplit
    splitter = cls(n_splits=splits, test_size=HOLDOUT, random_state=random_state)
    before: list[float] = []
    after: list[float] = []
    added = 0
    for i, (tr, te) in enumerate(splitter.split(X, y)):
        Xtr, ytr, Xte, yte = X.iloc[tr], y[tr], X.iloc[te], y[te]
        before.append(_score(d, Xtr, ytr, Xte, yte, rare, random_state))
        extra_X, extra_y = _synthetic(d, Xtr, ytr, rare, random_state + i)
        added = len(extra_y)
        Xa = pd.concat([Xtr, extra_X], ignore_index=True)
        ya = np.concatenate([ytr, extra_y])
        after.append(_score(d, Xa, ya, Xte, yte, rare, random_state))
    return before, after, added


def _synthetic(
    d: Design, X: pd.DataFrame, y: np.ndarray, rare: str | None, seed: int
) -> tuple[pd.DataFrame, np.ndarray]:
    """Copula rows fitted on the training part only (the rare class's rows when there is
    one): enough to lift the rare class to half the majority, or to double a small frame."""
    if rare is not None:
        base = X[y == rare]
        majority = int(pd.Series(y).value_counts().max())
        n = max(0, majority // 2 - len(base))
        if len(base) < 5:
            raise GenAnalystError(f"only {len(base)} training rows of `{rare}`; need at least 5")
        frame = synthesize(base, n, random_state=seed).frame
        labels = np.full(len(frame), rare, dtype=object)
    else:
        both = X.assign(__y=y)
        frame = synthesize(both, len(both), random_state=seed).frame
        labels = frame.pop("__y").to_numpy(dtype=float)
    for j, is_cat in enumerate(d.categorical):  # codes stay valid codes
        if is_cat:
            top = len(d.codes.get(j, [])) - 1
            frame.iloc[:, j] = frame.iloc[:, j].round().clip(0, max(top, 0))
    return frame[X.columns].astype(float), labels.astype(y.dtype)


def _score(
    d: Design,
    Xtr: pd.DataFrame,
    ytr: np.ndarray,
    Xte: pd.DataFrame,
    yte: np.ndarray,
    rare: str | None,
    seed: int,
) -> float:
    est = model(d, seed).fit(Xtr, ytr)
    if rare is None:
        return float(r2_score(yte, est.predict(Xte)))
    col = list(est.classes_).index(rare)
    return float(average_precision_score(yte == rare, est.predict_proba(Xte)[:, col]))
