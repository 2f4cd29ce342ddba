"""The baseline model shared by predict and prescribe: features, task and estimator.

Why gradient boosting (scikit-learn's HistGradientBoosting): it handles missing values and
categorical codes natively, captures non-linear effects without tuning, and trains in
seconds on the ≤ 20,000-row seeded sample used here. It is a *baseline*, always compared
with a naive predictor before anyone believes it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from threadpoolctl import threadpool_limits

from ..errors import GenAnalystError
from ._context import Context
from ._frame import Col, Sample, sample_rows, series
from ._stats import as_float, pooled

SAMPLE = 20_000
FEATURES = ("numeric", "categorical", "boolean")
MAX_FEATURES = 100  # screened by association beyond this (see _screen)


@dataclass(frozen=True)
class Design:
    X: pd.DataFrame  # float columns; categorical ones hold integer codes (NaN = missing)
    y: np.ndarray
    features: list[Col]
    categorical: list[bool]
    codes: dict[int, list[str]]  # feature index → category labels in code order
    task: str  # "regression" or "classification"
    classes: list[str]
    sample: Sample
    rows: np.ndarray  # positions (in the sample) of rows with a known target
    screened_from: int = 0  # candidate features before screening (0: none were dropped)

    def screening(self) -> tuple[str, ...]:
        """The caveat to carry when features were screened before modelling."""
        if not self.screened_from:
            return ()
        return (
            f"modelled on the {len(self.features)} of {self.screened_from} candidate "
            "features most associated with the target (Spearman screening)",
        )


def design(
    ctx: Context, t: Col, random_state: int = 0, features: Sequence[str] | None = None
) -> Design:
    """The model's inputs; ``features`` (column names) restricts them, e.g. to the drivers a
    diagnosis supported (None: every usable column)."""
    ttype = ctx.type_of(t)
    wanted = None if features is None else {str(f) for f in features}
    if wanted is not None:
        unknown = sorted(wanted - {c.label for c in ctx.refs})
        if unknown:
            raise GenAnalystError(f"unknown feature column(s): {', '.join(unknown)}")
    if ttype not in FEATURES:
        raise GenAnalystError(
            f"target {t.label!r} is {ttype}; choose a numeric, boolean or categorical column"
        )
    sample = sample_rows(ctx.df, SAMPLE, random_state)
    frame = sample.frame
    if ttype == "numeric":
        yv = as_float(series(frame, t))
        task, classes = "regression", []
        known = yv.notna().to_numpy()
        y = yv.to_numpy()[known]
    else:
        labels = pooled(series(frame, t))
        known = labels.notna().to_numpy()
        classes = sorted(labels[known].unique().tolist())
        if len(classes) < 2:
            raise GenAnalystError(f"target {t.label!r} has a single class; nothing to predict")
        task = "classification"
        y = labels[known].to_numpy(dtype=object).astype(str)
    feats: list[Col] = []
    cols: list[np.ndarray] = []
    cat: list[bool] = []
    codes: dict[int, list[str]] = {}
    for c in ctx.refs:
        if c.pos == t.pos or ctx.type_of(c) not in FEATURES:
            continue
        if wanted is not None and c.label not in wanted:
            continue
        s = series(frame, c)[known]
        if s.nunique() < 2:
            continue
        if ctx.type_of(c) == "numeric":
            cols.append(as_float(s).to_numpy())
            cat.append(False)
        else:
            p = pooled(s, 50)
            levels = sorted(p.dropna().unique().tolist())
            codes[len(feats)] = levels
            cols.append(pd.Categorical(p, categories=levels).codes.astype(float))
            cols[-1][cols[-1] < 0] = np.nan
            cat.append(True)
        feats.append(c)
    if not feats:
        raise GenAnalystError(
            f"no usable feature columns to predict {t.label!r}; add numeric or categorical columns"
        )
    if len(y) < 20:
        raise GenAnalystError(f"only {len(y)} rows have a known {t.label!r}; need at least 20")
    candidates = len(feats)
    if candidates > MAX_FEATURES:
        keep = _screen(cols, y, task)
        codes = {new: codes[old] for new, old in enumerate(keep) if old in codes}
        feats, cols, cat = [feats[i] for i in keep], [cols[i] for i in keep], [cat[i] for i in keep]
    # positional names: labels may repeat (duplicate columns) and models need unique ones
    X = pd.DataFrame(np.column_stack(cols), columns=[f"x{i}" for i in range(len(feats))])
    return Design(
        X,
        y,
        feats,
        cat,
        codes,
        task,
        classes,
        sample,
        np.flatnonzero(known),
        candidates if candidates > MAX_FEATURES else 0,
    )


def _screen(cols: list[np.ndarray], y: np.ndarray, task: str) -> list[int]:
    """The MAX_FEATURES features most associated with the target (|Spearman ρ|, classes as
    codes), in their original order: a model on thousands of columns of a small frame is
    noise, and every lever costs bootstrap refits."""
    target = y.astype(float) if task == "regression" else pd.Categorical(y).codes.astype(float)
    frame = pd.DataFrame(np.column_stack(cols))
    scores = frame.corrwith(pd.Series(target), method="spearman").abs().fillna(0.0)
    top = np.argsort(-scores.to_numpy(), kind="stable")[:MAX_FEATURES]
    return sorted(int(i) for i in top)


def model(
    d: Design, random_state: int = 0
) -> HistGradientBoostingRegressor | HistGradientBoostingClassifier:
    kwargs: dict[str, Any] = dict(
        categorical_features=np.array(d.categorical, dtype=bool),
        max_iter=100,
        learning_rate=0.1,
        random_state=random_state,
        early_stopping=False,
    )
    if d.task == "regression":
        return HistGradientBoostingRegressor(**kwargs)
    return HistGradientBoostingClassifier(**kwargs)


F = TypeVar("F", bound=Callable[..., Any])
_CACHE: dict[tuple[Any, ...], Any] = {}
_CACHE_SIZE = 8


def _hashable(df: pd.DataFrame) -> pd.DataFrame:
    """pandas cannot hash ``np.longdouble`` columns: hash them as float64 (a copy)."""
    wide = [i for i, dtype in enumerate(df.dtypes) if dtype == np.longdouble]
    if not wide:
        return df
    out = df.copy()
    for i in wide:
        out.isetitem(i, df.iloc[:, i].to_numpy(dtype="float64"))
    return out


def fingerprint(df: pd.DataFrame) -> tuple[Any, ...]:
    """Identity plus content hash: a mutated frame never hits a stale cache entry."""
    try:
        content = int(pd.util.hash_pandas_object(_hashable(df), index=True).sum())
    except (TypeError, ValueError):  # unhashable cells
        content = id(df)
    return (id(df), df.shape, tuple(map(str, df.columns)), content)


def cached_single_thread(fn: F) -> F:
    """Run model code on one thread and memoize by frame content and arguments.

    One thread: OpenMP spin-waiting made a 1,500-row fit 30x slower on a busy 2-core
    machine, and one thread keeps results reproducible. Memoizing: model facts' evidence
    re-runs the analysis once per value, which must not refit every time.
    """

    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(df: Any, *args: Any, **kwargs: Any) -> Any:
        key: tuple[Any, ...] | None = None
        if isinstance(df, pd.DataFrame):
            bound = signature.bind(df, *args, **kwargs)
            bound.apply_defaults()
            params = tuple((k, repr(v)) for k, v in bound.arguments.items() if k != "df")
            key = (fn.__name__, fingerprint(df), params)
            try:
                hash(key)
            except TypeError:
                key = None
        if key is not None and key in _CACHE:
            return _CACHE[key]
        with threadpool_limits(1):
            result = fn(df, *args, **kwargs)
        if key is not None:
            if len(_CACHE) >= _CACHE_SIZE:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = result
        return result

    return wrapper  # type: ignore[return-value]
