"""Per-column descriptive facts: missingness, distributions, categories, flags, dates, ids.

Why vectorized: numeric statistics are computed with one DataFrame reduction per
statistic over all numeric columns at once, so a 1,000,000-row or a 10,000-column frame
costs a handful of C loops, not one Python call per column per statistic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._context import Context
from ._frame import Col, series
from ._time import granularity
from .factory import make
from .format import iso, num, pct, share
from .semantic import as_datetime, datetime_expr
from .types import Fact


def missing_facts(ctx: Context, missing: pd.Series) -> list[Fact]:
    """One fact per column with missing values (``missing`` is counts by position)."""
    out: list[Fact] = []
    n = ctx.n
    for c in ctx.refs:
        k = int(missing.iloc[c.pos])
        if k == 0:
            continue
        e = c.expr()
        evidence = {
            "missing": f"int({e}.isna().sum())",
            "missing_pct": f"float({e}.isna().sum() / len(df) * 100)",
        }
        out.append(missing_fact(c, k, n, evidence))
    return out


def missing_fact(c: Col, k: int, n: int, evidence: dict[str, str]) -> Fact:
    """``c`` is missing in ``k`` of ``n`` rows (shared by every engine)."""
    p = share(k, n)
    return make(
        f"desc.missing.{c.key}",
        "descriptive",
        "missing",
        [c.label],
        {"missing": k, "missing_pct": p},
        {"missing": "count", "missing_pct": "percent"},
        0.35 + 0.6 * p / 100,
        f"{c.label} is missing in {num(k)} of {num(n)} rows ({pct(p)}).",
        evidence,
    )


def numeric_facts(ctx: Context, cols: list[Col]) -> tuple[list[Fact], list[Col]]:
    """Distribution facts for numeric columns; also returns the constant ones."""
    if not cols:
        return [], []
    sub = ctx.df.iloc[:, [c.pos for c in cols]].set_axis(range(len(cols)), axis=1)
    masked = [isinstance(dt, pd.api.extensions.ExtensionDtype) for dt in sub.dtypes]
    if any(masked):  # nullable dtypes answer pd.NA for undefined statistics: use float64
        sub = sub.astype({i: "float64" for i, m in enumerate(masked) if m})
    count = sub.count()
    mean, std, skew = sub.mean(), sub.std(), sub.skew()
    lo, hi = sub.min(), sub.max()
    quart = _quartiles(sub, count, lo, hi)
    zeros = (sub == 0).sum()
    # only a column whose min or max is infinite holds infinities: count just those
    unbounded = ~(
        np.isfinite(lo.to_numpy(dtype="float64")) & np.isfinite(hi.to_numpy(dtype="float64"))
    )
    infs = np.zeros(sub.shape[1], dtype=np.int64)
    for i in np.flatnonzero(unbounded).tolist():
        col = sub.iloc[:, i]
        infs[i] = np.isinf(col.to_numpy(dtype="float64", na_value=np.nan)).sum()
    facts: list[Fact] = []
    constant: list[Col] = []
    for i, c in enumerate(cols):
        n = int(count.iloc[i])
        if n == 0:
            continue
        if lo.iloc[i] == hi.iloc[i]:
            constant.append(c)  # reported by constant_facts instead
            continue
        e = c.expr() + (".astype('float64')" if masked[i] else "")
        z = int(zeros.iloc[i])
        v = {
            "count": n,
            "mean": float(mean.iloc[i]),
            "std": float(std.iloc[i]),
            "min": float(lo.iloc[i]),
            "q25": float(quart[0, i]),
            "median": float(quart[1, i]),
            "q75": float(quart[2, i]),
            "max": float(hi.iloc[i]),
            "skew": float(skew.iloc[i]),
            "zeros": z,
            "zeros_pct": share(z, n),
            "infinite": int(infs[i]),
        }
        evidence = {
            "count": f"int({e}.count())",
            "mean": f"float({e}.mean())",
            "std": f"float({e}.std())",
            "min": f"float({e}.min())",
            "q25": f"float({e}.quantile(0.25))",
            "median": f"float({e}.quantile(0.5))",
            "q75": f"float({e}.quantile(0.75))",
            "max": f"float({e}.max())",
            "skew": f"float({e}.skew())",
            "zeros": f"int(({e} == 0).sum())",
            "zeros_pct": f"float(({e} == 0).sum() / {e}.count() * 100)",
            "infinite": f"int(np.isinf({e}.to_numpy(dtype='float64', na_value=np.nan)).sum())",
        }
        facts.append(numeric_fact(c, v, evidence))
    return facts, constant


_QUARTILES = (0.25, 0.5, 0.75)


def _quartiles(sub: pd.DataFrame, count: pd.Series, lo: pd.Series, hi: pd.Series) -> np.ndarray:
    """Quartiles of each column (3 × columns), exactly ``Series.quantile([.25, .5, .75])``.

    Integer-valued columns of a small range are counted instead of partially sorted (one
    ``bincount``), when the order statistics around each quartile are equal — then linear
    interpolation returns that value exactly; otherwise pandas computes it. Columns that
    are empty or constant get NaN (they are not described by a distribution fact)."""
    out = np.full((len(_QUARTILES), sub.shape[1]), np.nan)
    for i in range(sub.shape[1]):
        n = int(count.iloc[i])
        if n == 0 or lo.iloc[i] == hi.iloc[i]:
            continue
        s = sub.iloc[:, i]
        counted = _counted_quartiles(s.to_numpy(), n, float(lo.iloc[i]), float(hi.iloc[i]))
        if counted is None:
            counted = s.quantile(list(_QUARTILES)).to_numpy(dtype="float64")
        out[:, i] = counted
    return out


def _counted_quartiles(values: np.ndarray, n: int, lo: float, hi: float) -> np.ndarray | None:
    """Quartiles from value counts, or None when that is not exact or not cheaper."""
    if n < 10_000 or not (abs(lo) < 2.0**52 and abs(hi) < 2.0**52) or hi - lo > 2 * n:
        return None
    if values.dtype.kind in "iu":
        offsets = values.astype(np.int64) - int(lo)
    elif values.dtype.kind == "f":
        head = values[:1_000]
        head = head[~np.isnan(head)]
        if not np.array_equal(head, np.floor(head)):  # not integers: give up cheaply
            return None
        valid = values if len(values) == n else values[~np.isnan(values)]
        if not np.array_equal(valid, np.floor(valid)):
            return None
        offsets = (valid - lo).astype(np.int64)
    else:
        return None
    ranks = np.cumsum(np.bincount(offsets))  # ranks[v]: how many values are <= lo + v
    result = np.empty(len(_QUARTILES))
    for j, q in enumerate(_QUARTILES):
        k = int(np.floor(q * (n - 1)))  # numpy interpolates between order stats k and k+1
        around = np.clip(np.array([k - 1, k, k + 1, k + 2]), 0, n - 1)
        stats = np.searchsorted(ranks, around, side="right")
        if stats.min() != stats.max():
            return None  # neighbours differ: interpolation is pandas' job
        result[j] = float(int(lo) + int(stats[0]))
    if values.dtype.kind == "f" and not result.all():
        return None  # a zero might be -0.0 in the data: let pandas pick the element
    return result


def numeric_fact(
    c: Col, v: dict[str, float | int], evidence: dict[str, str], caveats: tuple[str, ...] = ()
) -> Fact:
    """The distribution fact from its statistics (``v``: count, mean, std, min, q25, median,
    q75, max, skew, zeros, zeros_pct, infinite), whichever engine computed them."""
    units = {k: "number" for k in v}
    units.update(count="count", zeros="count", zeros_pct="percent", infinite="count")
    z, sk = v["zeros"], float(v["skew"])
    text = (
        f"{c.label}: mean {num(v['mean'])}, median {num(v['median'])} "
        f"(IQR {num(v['q25'])} to {num(v['q75'])}), std {num(v['std'])}, "
        f"range {num(v['min'])} to {num(v['max'])}, skew {num(sk)}"
    )
    text += f"; {pct(v['zeros_pct'])} zeros" if z else ""
    text += f"; {num(v['infinite'])} infinite values" if v["infinite"] else ""
    skew_weight = min(abs(sk), 5.0) / 5 if np.isfinite(sk) else 0.5
    return make(
        f"desc.dist.{c.key}",
        "descriptive",
        "distribution",
        [c.label],
        v,
        units,
        0.3 + 0.25 * skew_weight + 0.1 * v["zeros_pct"] / 100 + 0.2 * bool(v["infinite"]),
        text + ".",
        evidence,
        caveats,
    )


def category_facts(ctx: Context, cols: list[Col], top: int = 3) -> tuple[list[Fact], list[Col]]:
    """Top categories with counts and shares (of non-missing values); constant columns."""
    facts: list[Fact] = []
    constant: list[Col] = []
    for c in cols:
        counts = series(ctx.df, c).value_counts()
        counts = counts[counts > 0]
        total = int(counts.sum())
        if total == 0:
            continue
        if len(counts) == 1:
            constant.append(c)
        e = c.expr()
        tops = [(str(counts.index[i]), int(counts.iloc[i])) for i in range(min(top, len(counts)))]
        evidence = {"n_categories": f"int({e}.nunique())"}
        for i in range(len(tops)):
            evidence.update(
                {
                    f"top{i + 1}": f"str({e}.value_counts().index[{i}])",
                    f"top{i + 1}_count": f"int({e}.value_counts().iloc[{i}])",
                    f"top{i + 1}_pct": f"float({e}.value_counts().iloc[{i}] / {e}.count() * 100)",
                }
            )
        facts.append(category_fact(c, len(counts), tops, total, evidence))
    return facts, constant


def category_fact(
    c: Col,
    n_categories: int,
    tops: list[tuple[str, int]],
    total: int,
    evidence: dict[str, str],
    caveats: tuple[str, ...] = (),
) -> Fact:
    """Distinct count and the most common values (label, count) out of ``total`` non-missing."""
    values: dict[str, object] = {"n_categories": n_categories}
    units: dict[str, str] = {"n_categories": "count"}
    parts = []
    for i, (label, k) in enumerate(tops):
        p = share(k, total)
        values.update({f"top{i + 1}": label, f"top{i + 1}_count": k, f"top{i + 1}_pct": p})
        units.update(
            {f"top{i + 1}": "text", f"top{i + 1}_count": "count", f"top{i + 1}_pct": "percent"}
        )
        parts.append(f"`{_short(label)}` {pct(p)} ({num(k)})")
    top_share = float(values["top1_pct"])  # type: ignore[arg-type]
    return make(
        f"desc.top.{c.key}",
        "descriptive",
        "categories",
        [c.label],
        values,
        units,
        0.3 + 0.3 * top_share / 100,
        f"{c.label} has {num(n_categories)} distinct values; most common: "
        + ", ".join(parts)
        + ".",
        evidence,
        caveats,
    )


def boolean_facts(ctx: Context, cols: list[Col]) -> tuple[list[Fact], list[Col]]:
    facts: list[Fact] = []
    constant: list[Col] = []
    for c in cols:
        s = series(ctx.df, c)
        valid = int(s.count())
        if valid == 0:
            continue
        trues = int((s == 1).sum())
        if trues in (0, valid):
            constant.append(c)
        e = c.expr()
        evidence = {
            "true": f"int(({e} == 1).sum())",
            "true_pct": f"float(({e} == 1).sum() / {e}.count() * 100)",
        }
        facts.append(flag_fact(c, trues, valid, evidence))
    return facts, constant


def flag_fact(c: Col, trues: int, valid: int, evidence: dict[str, str]) -> Fact:
    """A flag is true in ``trues`` of ``valid`` non-missing rows."""
    p = share(trues, valid)
    return make(
        f"desc.flag.{c.key}",
        "descriptive",
        "boolean",
        [c.label],
        {"true": trues, "true_pct": p},
        {"true": "count", "true_pct": "percent"},
        0.3 + 0.2 * abs(p - 50) / 50,
        f"{c.label} is true in {num(trues)} of {num(valid)} non-missing rows ({pct(p)}).",
        evidence,
    )


def date_facts(ctx: Context, cols: list[Col]) -> tuple[list[Fact], list[Col]]:
    facts: list[Fact] = []
    constant: list[Col] = []
    for c in cols:
        dt = as_datetime(series(ctx.df, c))
        lo, hi = dt.min(), dt.max()
        if lo is pd.NaT or pd.isna(lo):
            continue
        if lo == hi:
            constant.append(c)
        axis = ctx.time
        # the time axis already measured this column's spacing: do not sort it again
        same = axis is not None and axis.col.pos == c.pos and axis.kind != "year"
        gran = axis.native if same and axis is not None else granularity(series(ctx.df, c))
        d = datetime_expr(c, ctx.types[c.pos])
        evidence = {
            "first": f"ga.iso({d}.min())",
            "last": f"ga.iso({d}.max())",
            "span_days": f"float(({d}.max() - {d}.min()) / pd.Timedelta(days=1))",
            "granularity": f"ga.granularity({c.expr()})",
        }
        facts.append(date_fact(c, lo, hi, gran, evidence))
    return facts, constant


def date_fact(c: Col, lo: object, hi: object, gran: str, evidence: dict[str, str]) -> Fact:
    """First and last timestamps, span and typical spacing of a date column."""
    first, last = pd.Timestamp(lo), pd.Timestamp(hi)  # type: ignore[arg-type]
    span = float((last - first) / pd.Timedelta(days=1))
    return make(
        f"desc.dates.{c.key}",
        "descriptive",
        "dates",
        [c.label],
        {"first": iso(first), "last": iso(last), "span_days": span, "granularity": gran},
        {"first": "date", "last": "date", "span_days": "duration", "granularity": "text"},
        0.5,
        f"{c.label} runs from {iso(first)} to {iso(last)} ({num(span)} days), "
        f"typically one value per {gran}.",
        evidence,
    )


def id_facts(ctx: Context, cols: list[Col]) -> list[Fact]:
    """Identifier columns: are they unique? Duplicated ids are a data-quality problem."""
    facts: list[Fact] = []
    for c in cols:
        s = series(ctx.df, c)
        e = c.expr()
        evidence = {
            "unique": f"int({e}.nunique())",
            "repeated": f"int({e}.count() - {e}.nunique())",
        }
        facts.append(id_fact(c, int(s.count()), int(s.nunique()), evidence))
    return facts


def id_fact(
    c: Col, valid: int, uniq: int, evidence: dict[str, str], caveats: tuple[str, ...] = ()
) -> Fact:
    """An identifier with ``uniq`` distinct of ``valid`` non-missing values."""
    dup = valid - uniq
    text = (
        f"{c.label} looks like an identifier and is unique in all {num(valid)} non-missing rows."
        if dup == 0
        else f"{c.label} looks like an identifier but {num(dup)} of its {num(valid)} "
        "values repeat an earlier one."
    )
    return make(
        f"desc.id.{c.key}",
        "descriptive",
        "identifier",
        [c.label],
        {"unique": uniq, "repeated": dup},
        {"unique": "count", "repeated": "count"},
        0.6 if dup else 0.2,
        text,
        evidence,
        caveats,
    )


def text_facts(ctx: Context, cols: list[Col]) -> list[Fact]:
    facts: list[Fact] = []
    for c in cols:
        s = series(ctx.df, c).dropna()
        if s.empty:
            continue
        mean_len = float(s.astype(str).str.len().mean())
        e = c.expr()
        evidence = {"mean_length": f"float({e}.dropna().astype(str).str.len().mean())"}
        facts.append(text_fact(c, mean_len, evidence))
    return facts


def text_fact(c: Col, mean_len: float, evidence: dict[str, str]) -> Fact:
    return make(
        f"desc.text.{c.key}",
        "descriptive",
        "text",
        [c.label],
        {"mean_length": mean_len},
        {"mean_length": "number"},
        0.2,
        f"{c.label} holds free text, {num(mean_len)} characters long on average.",
        evidence,
    )


def constant_facts(ctx: Context, cols: list[Col]) -> list[Fact]:
    facts: list[Fact] = []
    for c in sorted(cols, key=lambda c: c.pos):
        value = series(ctx.df, c).dropna().iloc[0]
        e = c.expr()
        evidence = {"n_unique": f"int({e}.nunique())", "value": f"str({e}.dropna().iloc[0])"}
        facts.append(constant_fact(c, str(value), evidence))
    return facts


def constant_fact(c: Col, value: str, evidence: dict[str, str]) -> Fact:
    """Every non-missing value of ``c`` is ``value``."""
    return make(
        f"desc.constant.{c.key}",
        "descriptive",
        "constant",
        [c.label],
        {"n_unique": 1, "value": value},
        {"n_unique": "count", "value": "text"},
        0.55,
        f"{c.label} is constant: every non-missing value is `{_short(value)}`.",
        evidence,
    )


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("`", "'").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
