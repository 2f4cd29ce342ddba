"""Synthetic rows that keep each column's distribution and the pairwise dependence.

Method: a Gaussian copula written with numpy/scipy (no extra dependency). Each column is
mapped to normal scores through its empirical distribution (categories through their
cumulative-share intervals), the scores' correlation matrix is estimated, correlated normal
draws are mapped back through each column's empirical quantiles. Numbers are interpolated
between observed values (integers rounded), so marginals match without copying values
wholesale. Identifier columns get fresh identifiers; free-text columns get placeholders (a
copula cannot write text, and copying real text would leak it). Any generated row equal to
a real row (on all non-identifier columns) is redrawn, and dropped if it keeps colliding,
so no real row is ever copied verbatim.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats as sps

from ..errors import GenAnalystError
from ._frame import check_frame, column_refs, is_datetime_dtype, quiet, series
from ._stats import as_text
from .semantic import as_datetime, infer_types, public_type

FIT_ROWS = 50_000
REDRAWS = 20
MAX_COLUMNS = 500  # the correlation step is cubic in columns
MAX_CELLS = 20_000_000  # synthetic rows × columns


@dataclass(frozen=True)
class FidelityReport:
    """How close the synthetic frame is to the real one."""

    columns: pd.DataFrame  # per column: type, method, distance (KS or total variation), missing %
    correlation_max_abs_diff: float  # max |Spearman(real) − Spearman(synthetic)| over pairs
    copied_rows_redrawn: int  # rows that equalled a real row and were redrawn
    copied_rows_dropped: int  # rows that kept colliding and were dropped

    def _repr_markdown_(self) -> str:
        head = (
            f"Max abs Spearman correlation difference: {self.correlation_max_abs_diff:.3f}; "
            f"rows equal to a real row: {self.copied_rows_redrawn} redrawn, "
            f"{self.copied_rows_dropped} dropped.\n\n"
        )
        return head + self.columns.to_markdown() if _has_tabulate() else head + str(self.columns)


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class SyntheticData:
    frame: pd.DataFrame
    report: FidelityReport
    notes: tuple[str, ...] = field(default=())

    def _repr_html_(self) -> str:
        r = self.report
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return (
            f"<p><b>Synthetic data</b>: {len(self.frame):,} rows × {self.frame.shape[1]} "
            f"columns (Gaussian copula). Max correlation difference "
            f"{r.correlation_max_abs_diff:.3f}; rows equal to a real row: "
            f"{r.copied_rows_redrawn} redrawn, {r.copied_rows_dropped} dropped.</p>"
            f"<ul>{notes}</ul>{r.columns.to_html()}<p>First rows:</p>{self.frame.head().to_html()}"
        )


class _Marginal:
    """One column's empirical distribution: real values → normal scores → new values."""

    def __init__(self, s: pd.Series, kind: str) -> None:
        self.kind = kind  # "number", "time", "category"
        self.missing = float(s.isna().mean()) if len(s) else 0.0
        valid = s[s.notna().to_numpy(dtype=bool)]
        if kind == "category":
            counts = valid.value_counts()
            self.levels = counts.index.to_numpy(dtype=object)
            cum = np.cumsum(counts.to_numpy(dtype=float)) / max(counts.sum(), 1)
            self.upper = cum
            self.mid = cum - counts.to_numpy(dtype=float) / max(counts.sum(), 1) / 2
        else:
            v = _as_number(valid, kind)
            v = v[np.isfinite(v)]
            self.sorted = np.sort(v)
            # whole numbers stay whole; timestamps that are all midnights stay dates
            self.step = 86_400e9 if kind == "time" and len(v) and np.all(v % 86_400e9 == 0) else 1.0
            self.integral = bool(len(v)) and bool(np.all(np.mod(v, 1) == 0))

    def scores(self, s: pd.Series) -> np.ndarray:
        """Normal scores of the real values (missing → 0, the neutral score)."""
        z = np.zeros(len(s))
        ok = s.notna().to_numpy(dtype=bool)
        if self.kind == "category":
            if len(self.levels) == 0:
                return z
            pos = pd.Index(self.levels).get_indexer(s[ok].to_numpy(dtype=object))
            z[ok] = sps.norm.ppf(np.clip(self.mid[np.maximum(pos, 0)], 1e-6, 1 - 1e-6))
            return z
        v = _as_number(s[ok], self.kind)
        fin = np.isfinite(v)
        if fin.sum() > 1:
            ranks = sps.rankdata(v[fin]) / (fin.sum() + 1)
            sub = np.zeros(len(v))
            sub[fin] = sps.norm.ppf(ranks)
            z[np.flatnonzero(ok)] = sub
        return z

    def draw(self, z: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        u = sps.norm.cdf(z)
        missing = rng.random(len(z)) < self.missing
        if self.kind == "category":
            out = np.empty(len(z), dtype=object)
            if len(self.levels):
                idx = np.minimum(np.searchsorted(self.upper, u), len(self.levels) - 1)
                out[:] = self.levels[idx]
            out[missing | (len(self.levels) == 0)] = None
            return out
        if len(self.sorted) == 0:
            return np.full(len(z), np.nan)
        vals = np.quantile(self.sorted, u, method="linear")
        if self.integral:
            vals = np.round(vals / self.step) * self.step
        vals[missing] = np.nan
        return vals


def _as_number(s: pd.Series, kind: str) -> np.ndarray:
    if kind == "time":
        dt = as_datetime(s)
        if isinstance(dt.dtype, pd.DatetimeTZDtype):
            dt = dt.dt.tz_convert(None)
        return dt.to_numpy(dtype="datetime64[ns]").astype("int64").astype(float)
    return s.to_numpy(dtype="float64", na_value=np.nan)


def _restore(values: np.ndarray, real: pd.Series, kind: str) -> pd.Series:
    """Synthetic values in the real column's dtype (so equality checks are like for like)."""
    if kind == "time":
        out = pd.Series(pd.to_datetime(pd.Series(values).round(), unit="ns"))
        dt = real.dtype
        if isinstance(dt, pd.DatetimeTZDtype):
            return out.dt.tz_localize("UTC").dt.tz_convert(dt.tz).astype(dt)
        return out.astype(dt) if is_datetime_dtype(real) else out.dt.strftime("%Y-%m-%dT%H:%M:%S")
    s = pd.Series(values)
    try:
        if kind == "number" and real.dtype.kind in "iu" and not s.isna().any():
            return s.astype(real.dtype)
        if kind == "category" and isinstance(real.dtype, pd.CategoricalDtype):
            return s.astype(real.dtype)
        if isinstance(real.dtype, pd.api.extensions.ExtensionDtype) or real.dtype.kind == "b":
            return (
                s.astype(real.dtype)
                if not s.isna().any() or real.dtype.kind != "b"
                else s.astype("boolean")
            )
    except (TypeError, ValueError):
        pass
    return s


def _nearest_correlation(c: np.ndarray) -> np.ndarray:
    """Clip eigenvalues so the matrix is a valid (positive definite) correlation matrix."""
    c = np.nan_to_num((c + c.T) / 2, nan=0.0)
    np.fill_diagonal(c, 1.0)
    w, v = np.linalg.eigh(c)
    c = (v * np.maximum(w, 1e-6)) @ v.T
    d = np.sqrt(np.diag(c))
    return c / np.outer(d, d)


def check_budget(n: int, columns: int) -> None:
    """Refuse work that would not finish in reasonable time, before starting it: the
    correlation step is cubic in columns and runs in C, where Ctrl+C cannot stop it."""
    if columns > MAX_COLUMNS:
        raise GenAnalystError(
            f"synthesize handles at most {MAX_COLUMNS:,} columns, got {columns:,}; "
            "pass only the columns you need"
        )
    if n * columns > MAX_CELLS:
        raise GenAnalystError(
            f"synthesize makes at most {MAX_CELLS:,} cells (rows × columns), asked for "
            f"{n:,} × {columns:,}; ask for fewer rows or columns"
        )


@quiet
def synthesize(df: pd.DataFrame, n: int, *, random_state: int = 0) -> SyntheticData:
    """``n`` synthetic rows with the columns of ``df`` and a fidelity report."""
    check_frame(df, "synthesize")
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 0:
        raise GenAnalystError(f"n must be a non-negative integer number of rows, not {n!r}")
    n = int(n)
    if len(df) == 0 or df.shape[1] == 0:
        raise GenAnalystError("synthesize needs a frame with at least one row and one column")
    check_budget(n, df.shape[1])
    rng = np.random.default_rng(random_state)
    fit = df if len(df) <= FIT_ROWS else df.sample(n=FIT_ROWS, random_state=random_state)
    refs = column_refs(df)
    types = [public_type(t) for t in infer_types(df, refs)]
    kinds, marginals, notes = [], [], []
    for c, t in zip(refs, types, strict=True):
        kind = {
            "numeric": "number",
            "datetime": "time",
            "categorical": "category",
            "boolean": "category",
        }.get(t, "special")
        kinds.append(kind)
        marginals.append(_Marginal(series(fit, c), kind) if kind != "special" else None)
        if t in ("text", "other", "empty"):
            notes.append(f"{c.label}: {t} column, filled with placeholders, not synthesized")
        elif t == "id":
            notes.append(f"{c.label}: identifier column, filled with fresh identifiers")
    active = [i for i, k in enumerate(kinds) if k != "special"]
    scores = (
        np.column_stack(
            [
                marginals[i].scores(series(fit, refs[i]))  # type: ignore[union-attr]
                for i in active
            ]
        )
        if active
        else np.zeros((len(fit), 0))
    )
    with np.errstate(invalid="ignore", divide="ignore"):  # constant columns: NaN → 0
        raw = (
            np.corrcoef(scores, rowvar=False).reshape(len(active), len(active))
            if len(active) > 1
            else np.eye(len(active))
        )
    corr = _nearest_correlation(raw) if len(active) > 1 else np.eye(len(active))
    chol = np.linalg.cholesky(corr) if active else np.zeros((0, 0))

    def draw(m: int) -> pd.DataFrame:
        z = rng.standard_normal((m, len(active))) @ chol.T
        cols = {}
        for j, i in enumerate(active):
            vals = marginals[i].draw(z[:, j], rng)  # type: ignore[union-attr]
            cols[i] = _restore(vals, series(df, refs[i]), kinds[i])
        for i, (c, t) in enumerate(zip(refs, types, strict=True)):
            if kinds[i] == "special":
                cols[i] = _special(series(df, c), t, m, c.label)
        out = pd.DataFrame({i: cols[i].reset_index(drop=True) for i in range(len(refs))})
        out.columns = df.columns
        return out

    frame = draw(n)
    key_cols = [i for i, t in enumerate(types) if t != "id"]
    real_hashes = _row_hashes(df, key_cols)
    redrawn = dropped = 0
    for _ in range(REDRAWS):
        clash = np.isin(_row_hashes(frame, key_cols), real_hashes)
        if not clash.any():
            break
        redrawn += int(clash.sum())
        fresh = draw(int(clash.sum()))
        frame = pd.concat([frame[~clash], fresh], ignore_index=True)
    clash = np.isin(_row_hashes(frame, key_cols), real_hashes)
    if clash.any():
        dropped = int(clash.sum())
        frame = frame[~clash].reset_index(drop=True)
        notes.append(f"{dropped} rows kept equalling real rows and were dropped")
    report = _report(df, frame, refs, types, redrawn, dropped, fit)
    return SyntheticData(frame, report, tuple(notes))


def _special(real: pd.Series, t: str, m: int, label: str) -> pd.Series:
    if t == "id":
        if real.dtype.kind in "iu":
            start = int(real.max()) + 1 if real.notna().any() else 0
            return pd.Series(np.arange(start, start + m), dtype=real.dtype)
        return pd.Series([f"syn-{i:07d}" for i in range(m)], dtype=object)
    if t == "text":
        return pd.Series([f"[synthetic text {i}]" for i in range(m)], dtype=object)
    return pd.Series([None] * m, dtype=object)


def _row_hashes(frame: pd.DataFrame, cols: list[int]) -> np.ndarray:
    if not cols or len(frame) == 0:
        return np.zeros(len(frame), dtype=np.uint64) + np.uint64(len(frame) and 1)
    sub = frame.iloc[:, cols].copy()
    sub.columns = pd.RangeIndex(len(cols))
    for i in range(len(cols)):  # compare by value: ints vs floats, categoricals as values
        s = sub[i]
        if s.dtype.kind in "iufb" or isinstance(s.dtype, pd.api.extensions.ExtensionDtype):
            try:
                sub[i] = s.astype("float64") + 0.0
            except (TypeError, ValueError):
                sub[i] = s.astype(object)
    try:
        return pd.util.hash_pandas_object(sub, index=False).to_numpy()
    except (TypeError, ValueError):  # unhashable cells, or bytes that are not UTF-8
        return pd.util.hash_pandas_object(sub.map(repr), index=False).to_numpy()


def _report(
    real: pd.DataFrame,
    syn: pd.DataFrame,
    refs: list,
    types: list[str],
    redrawn: int,
    dropped: int,
    real_fit: pd.DataFrame,
) -> FidelityReport:
    """KS / total variation on all rows; correlations on the ≤ 50,000-row fit sample (and as
    many synthetic rows), because pairwise Spearman with missing values is slow."""
    rows = []
    for c, t in zip(refs, types, strict=True):
        a, b = series(real, c), series(syn, c)
        method, dist = "", float("nan")
        if t in ("numeric", "datetime") and len(b):
            kind = "time" if t == "datetime" else "number"
            x, y = _as_number(a.dropna(), kind), _as_number(b.dropna(), kind)
            x, y = x[np.isfinite(x)], y[np.isfinite(y)]
            if len(x) and len(y):
                method, dist = "KS", float(sps.ks_2samp(x, y).statistic)
        elif t in ("categorical", "boolean") and len(b):
            pa = as_text(a)[a.notna().to_numpy()].value_counts(normalize=True)
            pb = as_text(b)[b.notna().to_numpy()].value_counts(normalize=True)
            method = "total variation"
            dist = float(pa.sub(pb, fill_value=0).abs().sum() / 2)
        rows.append(
            {
                "column": c.label,
                "type": t,
                "method": method or "not compared",
                "distance": dist,
                "missing_pct_real": float(a.isna().mean() * 100),
                "missing_pct_synthetic": float(b.isna().mean() * 100) if len(b) else 0.0,
            }
        )
    num_cols = [c for c, t in zip(refs, types, strict=True) if t in ("numeric", "boolean")]
    diff = 0.0
    if len(num_cols) > 1 and len(syn) > 2:

        def corr(f: pd.DataFrame) -> np.ndarray:
            m = pd.DataFrame(
                {
                    i: pd.Series(series(f, c).to_numpy(dtype="float64", na_value=np.nan))
                    for i, c in enumerate(num_cols)
                }
            )
            return m.corr(method="spearman").to_numpy()

        syn_part = syn if len(syn) <= FIT_ROWS else syn.sample(n=FIT_ROWS, random_state=0)
        d = np.abs(corr(real_fit) - corr(syn_part))
        diff = float(np.nanmax(d)) if np.isfinite(d).any() else 0.0
    return FidelityReport(pd.DataFrame(rows), diff, redrawn, dropped)
