"""Statistical tests used by the diagnostic facts, exposed for evidence (``ga.stats``).

Why rank-based tests: real columns are skewed, heavy-tailed and full of ties; Spearman's
ρ, Kruskal–Wallis and Mann–Whitney need no normality, and χ² with Cramér's V covers
categorical pairs. p-values are corrected with Benjamini–Hochberg across every test an
analysis runs (one family per call), so "significant" means "at 5% false discovery rate".
Each function returns ``(effect, p_value)`` and drops missing values pairwise.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats as sps

MAX_LEVELS = 20  # categories beyond the 19 most frequent are pooled into "(other)"
OTHER = "(other)"


def _clean(x: pd.Series, y: pd.Series) -> tuple[pd.Series, pd.Series]:
    mask = (x.notna() & y.notna()).to_numpy(dtype=bool)
    return x[mask], y[mask]


def as_float(s: pd.Series) -> pd.Series:
    """Numbers (and booleans) as float with NaN; ±inf count as missing."""
    out = pd.Series(s.to_numpy(dtype="float64", na_value=np.nan), index=s.index)
    return out.where(np.isfinite(out.to_numpy()))


def as_text(s: pd.Series) -> pd.Series:
    """``s.astype(str)``, also for bytes that are not UTF-8 (their repr is their label)."""
    try:
        return s.astype(str)
    except UnicodeDecodeError:
        return pd.Series([str(v) for v in s.array], index=s.index, dtype=object)


def pooled(s: pd.Series, max_levels: int = MAX_LEVELS) -> pd.Series:
    """Categories as strings, rare ones pooled so tests keep enough rows per cell."""
    valid = s.notna().to_numpy(dtype=bool)
    raw = as_text(s).to_numpy(dtype=object, copy=True)  # never a view of the frame
    raw[~valid] = None
    text = pd.Series(raw, index=s.index, dtype="object")
    counts = text.value_counts()
    if len(counts) > max_levels:
        keep = set(counts.index[: max_levels - 1])
        text = text.where(text.isin(keep) | text.isna(), OTHER)
    return text


def spearman(x: pd.Series, y: pd.Series) -> tuple[float, float]:
    """Spearman's ρ between two numeric columns and its two-sided p-value."""
    a, b = _clean(as_float(x), as_float(y))
    if len(a) < 3 or a.nunique() < 2 or b.nunique() < 2:
        return 0.0, 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sps.spearmanr(a.to_numpy(), b.to_numpy())
    rho, p = float(res.statistic), float(res.pvalue)
    return (rho if np.isfinite(rho) else 0.0), (p if np.isfinite(p) else 1.0)


def kruskal(values: pd.Series, groups: pd.Series) -> tuple[float, float]:
    """Kruskal–Wallis across groups; effect is ε² = H / (n − 1), from 0 to 1."""
    v, g = _clean(as_float(values), pooled(groups))
    samples = [part.to_numpy() for _, part in v.groupby(g.to_numpy(), sort=True)]
    samples = [x for x in samples if len(x) > 0]
    n = sum(len(x) for x in samples)
    if len(samples) < 2 or n < 3 or v.nunique() < 2:
        return 0.0, 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        h, p = sps.kruskal(*samples)
    if not np.isfinite(h):
        return 0.0, 1.0
    return float(min(1.0, max(0.0, h / (n - 1)))), float(p)


def cramers_v(x: pd.Series, y: pd.Series) -> tuple[float, float]:
    """χ² test of independence between two categorical columns; effect is Cramér's V."""
    a, b = _clean(pooled(x), pooled(y))
    if len(a) < 3:
        return 0.0, 1.0
    table = pd.crosstab(a.to_numpy(), b.to_numpy())
    if min(table.shape) < 2:
        return 0.0, 1.0
    chi2, p, _, _ = sps.chi2_contingency(table.to_numpy(), correction=False)
    v = np.sqrt(chi2 / (table.to_numpy().sum() * (min(table.shape) - 1)))
    return float(min(1.0, v)), float(p)


def rank_biserial(values: pd.Series, flag: pd.Series) -> tuple[float, float]:
    """Mann–Whitney U of ``values`` between flag True and False; effect in [−1, 1].

    Positive when values are larger where the flag is True.
    """
    v = as_float(values)
    f = flag.astype(bool).to_numpy()
    ok = v.notna().to_numpy()
    a, b = v.to_numpy()[ok & f], v.to_numpy()[ok & ~f]
    if len(a) < 2 or len(b) < 2 or np.unique(np.concatenate([a, b])).size < 2:
        return 0.0, 1.0
    u, p = sps.mannwhitneyu(a, b, alternative="two-sided")
    return float(2.0 * u / (len(a) * len(b)) - 1.0), float(p)


def bh(pvalues: list[float] | np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg q-values (monotone, capped at 1)."""
    p = np.asarray(pvalues, dtype=float)
    if p.size == 0:
        return p
    p = np.where(np.isfinite(p), p, 1.0)
    return np.asarray(sps.false_discovery_control(p, method="bh"), dtype=float)


def linear_trend(y: pd.Series, x: np.ndarray) -> tuple[float, float]:
    """Least-squares slope of ``y`` on ``x`` and the two-sided p-value of the slope."""
    ok = np.isfinite(y.to_numpy(float)) & np.isfinite(x)
    if ok.sum() < 3 or np.unique(x[ok]).size < 2:
        return 0.0, 1.0
    res = sps.linregress(x[ok], y.to_numpy(float)[ok])
    p = float(res.pvalue) if np.isfinite(res.pvalue) else 1.0
    return float(res.slope), p


def robust_z(s: pd.Series) -> pd.Series:
    """(x − median) / (1.4826 · MAD); NaN where the MAD is 0 (Iglewicz & Hoaglin)."""
    x = as_float(s)
    med = x.median()
    mad = (x - med).abs().median()
    if not np.isfinite(mad) or mad == 0:
        return pd.Series(np.nan, index=s.index)
    return (x - med) / (1.4826 * mad)


def change_point(values: pd.Series, n_perm: int = 999, seed: int = 0) -> tuple[int, float, float]:
    """Best single level shift in a series: (split position, shift, permutation p-value).

    The statistic is the standardized mean difference maximized over splits (each side
    ≥ 3 points); its p-value compares it with the same maximum on seeded shuffles, so the
    search over split points is accounted for.
    """
    x = as_float(values).dropna().to_numpy()
    n = len(x)
    if n < 8 or np.std(x) == 0:
        return 0, 0.0, 1.0

    def best(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        k = np.arange(3, n - 2)
        csum = np.cumsum(arr, axis=-1)
        total = csum[..., -1:]
        left = csum[..., k - 1] / k
        right = (total - csum[..., k - 1]) / (n - k)
        stat = np.abs(left - right) * np.sqrt(k * (n - k) / n)
        return stat, right - left

    stat, diff = best(x)
    i = int(np.argmax(stat))
    rng = np.random.default_rng(seed)
    perms = np.array([rng.permutation(x) for _ in range(n_perm)])
    null = best(perms)[0].max(axis=1)
    p = (1 + int((null >= stat[i] - 1e-12).sum())) / (n_perm + 1)
    return i + 3, float(diff[i]), float(p)


def step_beats_line(values: pd.Series, k: int) -> bool:
    """Does a single step at ``k`` fit better than a straight line (a shift, not a trend)?"""
    y = as_float(values).dropna().to_numpy()
    if k <= 0 or k >= len(y):
        return False
    x = np.arange(len(y), dtype=float)
    line = np.polyval(np.polyfit(x, y, 1), x)
    step = np.where(x < k, y[:k].mean(), y[k:].mean())
    return float(((y - step) ** 2).sum()) < float(((y - line) ** 2).sum())


def neighbour_median(s: pd.Series, k: int = 2) -> pd.Series:
    """Median of the ``k`` values on each side (the point itself excluded): "expected"."""
    x = as_float(s)
    shifted = pd.concat([x.shift(i) for i in range(-k, k + 1) if i != 0], axis=1)
    return shifted.median(axis=1)
