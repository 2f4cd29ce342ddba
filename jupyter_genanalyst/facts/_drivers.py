"""Key drivers of a target and pairwise associations, with BH-corrected significance.

Tests by type pair (all rank- or count-based, so skew and outliers do not fake effects):
numeric ~ numeric: Spearman ρ; numeric ~ categorical: Kruskal–Wallis with ε²;
categorical ~ categorical: χ² with Cramér's V. One Benjamini–Hochberg family per table.
Large frames are analysed on a seeded sample of 100,000 rows (stated on every fact).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import GenAnalystError
from ._context import Context
from ._frame import Col, Sample, resolve_column, sample_rows, series
from ._stats import as_float, bh, cramers_v, kruskal, pooled, spearman
from .factory import make
from .format import P_FLOOR, num, pct, ptext
from .types import Fact

SAMPLE = 100_000
FDR = 0.05
FEATURES = ("numeric", "categorical", "boolean")
MAX_DRIVER_FACTS = 15
CAVEAT = "associational, not causal"


def _role(ctx: Context, c: Col) -> str:
    return "num" if ctx.type_of(c) == "numeric" else "cat"


def target_column(ctx: Context, target: Any) -> Col:
    col = resolve_column(ctx.df, target)
    if ctx.type_of(col) not in FEATURES:
        raise GenAnalystError(
            f"target {col.label!r} is {ctx.type_of(col)}; choose a numeric, boolean or "
            "categorical column"
        )
    return col


def _test(ctx: Context, x: pd.Series, xc: Col, y: pd.Series, yc: Col) -> tuple[str, float, float]:
    rx, ry = _role(ctx, xc), _role(ctx, yc)
    if rx == "num" and ry == "num":
        return ("spearman", *spearman(x, y))
    if ry == "num":
        return ("kruskal", *kruskal(y, x))
    if rx == "num":
        return ("kruskal", *kruskal(x, y))
    return ("cramers_v", *cramers_v(x, y))


def _driver_table(ctx: Context, t: Col, sample: Sample) -> pd.DataFrame:
    y = series(sample.frame, t)
    rows = []
    for c in ctx.refs:
        if c.pos == t.pos or ctx.type_of(c) not in FEATURES:
            continue
        x = series(sample.frame, c)
        n = int((x.notna() & y.notna()).sum())
        if n < 3 or x.nunique() < 2:
            continue
        test, effect, p = _test(ctx, x, c, y, t)
        strength = abs(effect) if test != "kruskal" else float(np.sqrt(max(effect, 0.0)))
        rows.append(
            {
                "key": c.key,
                "pos": c.pos,
                "column": c.label,
                "test": test,
                "effect": effect,
                "strength": strength,
                "p_value": p,
                "n": n,
            }
        )
    table = pd.DataFrame(
        rows, columns=["key", "pos", "column", "test", "effect", "strength", "p_value", "n"]
    ).set_index("key")
    table["q_value"] = bh(table["p_value"].to_numpy(dtype=float))
    return table


def driver_table(df: pd.DataFrame, target: Any) -> pd.DataFrame:
    """Every candidate driver of ``target`` with test, effect, p and BH q (evidence helper)."""
    ctx = Context.build(df, False, "driver_table")
    t = target_column(ctx, target)
    return _driver_table(ctx, t, sample_rows(ctx.df, SAMPLE))


def driver_facts(ctx: Context, target: Any) -> list[Fact]:
    t = target_column(ctx, target)
    sample = sample_rows(ctx.df, SAMPLE)
    table = _driver_table(ctx, t, sample)
    call = f"ga.driver_table(df, target={target!r})"
    sig = table[table["q_value"] < FDR].sort_values("strength", ascending=False)
    names = ", ".join(sig["column"].head(5))
    k = len(sig)
    summary = make(
        f"diag.drivers.{t.key}",
        "diagnostic",
        "drivers",
        [t.label, *sig["column"].head(5)],
        {"tested": len(table), "significant": k, "fdr_pct": FDR * 100},
        {"tested": "count", "significant": "count", "fdr_pct": "percent"},
        0.75 if k else 0.5,
        f"Of {num(len(table))} columns tested against {t.label}, {num(k)} "
        f"{'is' if k == 1 else 'are'} significantly "
        f"associated at {pct(FDR * 100)} false discovery rate (Benjamini–Hochberg)"
        + (f": {names}." if k else "."),
        {
            "tested": f"len({call})",
            "significant": f"int(({call}['q_value'] < {FDR}).sum())",
            "fdr_pct": f"{FDR * 100}",
        },
        caveats=(CAVEAT, *sample.caveat(ctx.n)),
        sample_size=sample.size,
    )
    facts = [summary]
    refs = {c.key: c for c in ctx.refs}
    for key, row in sig.head(MAX_DRIVER_FACTS).iterrows():
        facts.append(_driver_fact(ctx, t, refs[str(key)], row, sample, call))
    return facts


def _driver_fact(ctx: Context, t: Col, c: Col, row: pd.Series, sample: Sample, call: str) -> Fact:
    X, Y = c.expr(sample.expr), t.expr(sample.expr)
    x, y = series(sample.frame, c), series(sample.frame, t)
    test, effect, q = str(row["test"]), float(row["effect"]), float(row["q_value"])
    values: dict[str, object] = {
        "effect": effect,
        "p_value": float(row["p_value"]),
        "q_value": q,
        "n": int(row["n"]),
        "p_floor": P_FLOOR,
    }
    units: dict[str, str] = {
        "effect": "number",
        "p_value": "ratio",
        "q_value": "ratio",
        "n": "count",
        "p_floor": "ratio",
    }
    fn = {"spearman": "spearman", "cramers_v": "cramers_v", "kruskal": "kruskal"}[test]
    if test == "kruskal" and _role(ctx, t) == "num":
        args = f"{Y}, {X}"
    elif test == "kruskal":
        args = f"{X}, {Y}"
    else:
        args = f"{X}, {Y}"
    evidence = {
        "effect": f"ga.stats.{fn}({args})[0]",
        "p_value": f"ga.stats.{fn}({args})[1]",
        "q_value": f"float({call}.loc[{c.key!r}, 'q_value'])",
        "n": f"int(({X}.notna() & {Y}.notna()).sum())",
        "p_floor": repr(P_FLOOR),
    }
    stat = f"{ptext(q, 'q')}, n = {num(int(row['n']))}"
    if test == "spearman":
        text = (
            f"{c.label} is {'positively' if effect > 0 else 'negatively'} associated with "
            f"{t.label} (Spearman ρ = {num(effect)}, {stat})."
        )
    else:
        detail, dv, du, de = _group_detail(ctx, c, t, x, y, X, Y)
        values.update(dv)
        units.update(du)
        evidence.update(de)
        name = "Kruskal–Wallis ε²" if test == "kruskal" else "Cramér's V"
        text = f"{c.label} is associated with {t.label} ({name} = {num(effect)}, {stat}); {detail}."
    return make(
        f"diag.driver.{t.key}.{c.key}",
        "diagnostic",
        "driver",
        [t.label, c.label],
        values,
        units,
        0.5 + 0.5 * float(row["strength"]),
        text,
        evidence,
        caveats=(CAVEAT, *sample.caveat(ctx.n)),
        sample_size=sample.size,
    )


def _levels(s: pd.Series) -> list[str]:
    return [lvl for lvl in pooled(s).dropna().unique().tolist() if lvl != "(other)"]


def _group_detail(
    ctx: Context, c: Col, t: Col, x: pd.Series, y: pd.Series, X: str, Y: str
) -> tuple[str, dict[str, object], dict[str, str], dict[str, str]]:
    """The group that stands out, with a plain mean (or rate) and evidence for it."""
    if _role(ctx, t) == "num" or _role(ctx, c) == "num":
        # mean of the numeric side per level of the categorical side
        num_s, cat_s, NUM, CAT = (y, x, Y, X) if _role(ctx, t) == "num" else (x, y, X, Y)
        num_label = t.label if _role(ctx, t) == "num" else c.label
        cat_label = c.label if _role(ctx, t) == "num" else t.label
        v = as_float(num_s)
        means = {
            lvl: float(v[(cat_s.astype(str) == lvl).to_numpy()].mean()) for lvl in _levels(cat_s)
        }
        means = {k: m for k, m in means.items() if np.isfinite(m)}
        if not means:
            return "", {}, {}, {}
        best = max(means, key=lambda k: means[k])
        overall = float(v[cat_s.notna().to_numpy()].mean())
        vexpr = f"ga.stats.as_float({NUM})"
        return (
            f"mean {num_label} is highest where {cat_label} is `{best}` "
            f"({num(means[best])} vs {num(overall)} overall)",
            {"top_group": best, "top_group_mean": means[best], "overall_mean": overall},
            {"top_group": "text", "top_group_mean": "number", "overall_mean": "number"},
            {
                "top_group": repr(best),
                "top_group_mean": f"float({vexpr}[({CAT}.astype(str) == {best!r})"
                f".to_numpy()].mean())",
                "overall_mean": f"float({vexpr}[{CAT}.notna().to_numpy()].mean())",
            },
        )
    counts = pooled(y).value_counts()
    cls = str(counts.index[-1])  # the rarer target class is usually the one of interest
    ok = (x.notna() & y.notna()).to_numpy()
    hit = (y.astype(str) == cls).to_numpy()
    rates = {
        lvl: float(hit[ok & (x.astype(str) == lvl).to_numpy()].mean() * 100) for lvl in _levels(x)
    }
    rates = {k: r for k, r in rates.items() if np.isfinite(r)}
    if not rates:
        return "", {}, {}, {}
    best = max(rates, key=lambda k: rates[k])
    overall = float(hit[ok].mean() * 100)
    ok_e = f"({X}.notna() & {Y}.notna()).to_numpy()"
    hit_e = f"({Y}.astype(str) == {cls!r}).to_numpy()"
    return (
        f"{t.label} is `{cls}` in {pct(rates[best])} of rows where {c.label} is `{best}` "
        f"vs {pct(overall)} overall",
        {
            "target_class": cls,
            "top_group": best,
            "top_group_rate_pct": rates[best],
            "overall_rate_pct": overall,
        },
        {
            "target_class": "text",
            "top_group": "text",
            "top_group_rate_pct": "percent",
            "overall_rate_pct": "percent",
        },
        {
            "target_class": repr(cls),
            "top_group": repr(best),
            "top_group_rate_pct": f"float({hit_e}[{ok_e} & ({X}.astype(str) == {best!r})"
            ".to_numpy()].mean() * 100)",
            "overall_rate_pct": f"float({hit_e}[{ok_e}].mean() * 100)",
        },
    )


def correlation_table(df: pd.DataFrame) -> pd.DataFrame:
    """Spearman ρ, p and BH q for every pair of numeric columns (≤ 50, sampled rows)."""
    ctx = Context.build(df, False, "correlation_table")
    return _correlation_table(ctx, sample_rows(ctx.df, SAMPLE))


def _correlation_table(ctx: Context, sample: Sample) -> pd.DataFrame:
    cols = [c for c in ctx.of_type("numeric")][:50]
    rows = []
    for i, a in enumerate(cols):
        xa = series(sample.frame, a)
        if xa.nunique() < 2:
            continue
        for b in cols[i + 1 :]:
            xb = series(sample.frame, b)
            if xb.nunique() < 2:
                continue
            rho, p = spearman(xa, xb)
            rows.append(
                {
                    "key": f"{a.key}.{b.key}",
                    "a": a.pos,
                    "b": b.pos,
                    "rho": rho,
                    "p_value": p,
                    "n": int((xa.notna() & xb.notna()).sum()),
                }
            )
    table = pd.DataFrame(rows, columns=["key", "a", "b", "rho", "p_value", "n"]).set_index("key")
    table["q_value"] = bh(table["p_value"].to_numpy(dtype=float))
    return table


def correlation_facts(ctx: Context, limit: int = 10, min_abs: float = 0.3) -> list[Fact]:
    sample = sample_rows(ctx.df, SAMPLE)
    table = _correlation_table(ctx, sample)
    strong = table[(table["q_value"] < FDR) & (table["rho"].abs() >= min_abs)]
    strong = strong.reindex(strong["rho"].abs().sort_values(ascending=False).index).head(limit)
    facts = []
    for key, row in strong.iterrows():
        a, b = ctx.refs[int(row["a"])], ctx.refs[int(row["b"])]
        A, B = a.expr(sample.expr), b.expr(sample.expr)
        rho, q = float(row["rho"]), float(row["q_value"])
        facts.append(
            make(
                f"diag.corr.{key}",
                "diagnostic",
                "correlation",
                [a.label, b.label],
                {"rho": rho, "q_value": q, "n": int(row["n"]), "p_floor": P_FLOOR},
                {"rho": "number", "q_value": "ratio", "n": "count", "p_floor": "ratio"},
                0.35 + 0.5 * abs(rho),
                f"{a.label} and {b.label} move "
                f"{'together' if rho > 0 else 'in opposite directions'}"
                f" (Spearman ρ = {num(rho)}, {ptext(q, 'q')}, n = {num(int(row['n']))}).",
                {
                    "rho": f"ga.stats.spearman({A}, {B})[0]",
                    "q_value": f"float(ga.correlation_table(df).loc[{str(key)!r}, 'q_value'])",
                    "n": f"int(({A}.notna() & {B}.notna()).sum())",
                    "p_floor": repr(P_FLOOR),
                },
                caveats=(CAVEAT, *sample.caveat(ctx.n)),
                sample_size=sample.size,
            )
        )
    return facts
