"""Data-quality causes: is a column's missingness associated with other columns?

Missing-at-random-given-X (e.g. income missing mostly for older customers) biases naive
averages and models. For each column with missing values, the missing indicator is tested
against every other column — Mann–Whitney (rank-biserial effect) for numeric columns, χ²
(Cramér's V) for categorical ones — with one Benjamini–Hochberg family per call.
"""

from __future__ import annotations

import pandas as pd

from ._context import Context
from ._frame import Col, Sample, sample_rows, series
from ._stats import as_float, as_text, bh, cramers_v, rank_biserial
from .factory import make
from .format import P_FLOOR, num, pct, ptext
from .types import Fact

SAMPLE = 100_000
FDR = 0.05
MAX_MISSING_COLUMNS = 30
OTHERS = ("numeric", "categorical", "boolean")


def _table(ctx: Context, sample: Sample) -> pd.DataFrame:
    frame = sample.frame
    miss = frame.isna().sum()
    holes = [c for c in ctx.refs if 0 < int(miss.iloc[c.pos]) < len(frame)]
    holes = sorted(holes, key=lambda c: -int(miss.iloc[c.pos]))[:MAX_MISSING_COLUMNS]
    rows = []
    for m in holes:
        flag = series(frame, m).isna()
        for o in ctx.refs:
            if o.pos == m.pos or ctx.type_of(o) not in OTHERS:
                continue
            x = series(frame, o)
            if x.nunique() < 2:
                continue
            if ctx.type_of(o) == "numeric":
                test, (effect, p) = "mann_whitney", rank_biserial(x, flag)
            else:
                test, (effect, p) = "cramers_v", cramers_v(flag, x)
            rows.append(
                {
                    "key": f"{m.key}.{o.key}",
                    "missing": m.pos,
                    "other": o.pos,
                    "test": test,
                    "effect": effect,
                    "p_value": p,
                }
            )
    table = pd.DataFrame(
        rows, columns=["key", "missing", "other", "test", "effect", "p_value"]
    ).set_index("key")
    table["q_value"] = bh(table["p_value"].to_numpy(dtype=float))
    return table


def missingness_table(df: pd.DataFrame) -> pd.DataFrame:
    """Every (missing column, other column) test with effect, p and BH q (evidence helper)."""
    ctx = Context.build(df, False, "missingness_table")
    return _table(ctx, sample_rows(ctx.df, SAMPLE))


def missingness_facts(ctx: Context) -> list[Fact]:
    sample = sample_rows(ctx.df, SAMPLE)
    table = _table(ctx, sample)
    sig = table[table["q_value"] < FDR].copy()
    if sig.empty:
        return []
    sig["strength"] = sig["effect"].abs()
    best = sig.sort_values("strength", ascending=False).groupby("missing", sort=False).head(1)
    facts = []
    for key, row in best.iterrows():
        m, o = ctx.refs[int(row["missing"])], ctx.refs[int(row["other"])]
        facts.append(_fact(ctx, sample, str(key), m, o, row))
    return facts


def _fact(ctx: Context, sample: Sample, key: str, m: Col, o: Col, row: pd.Series) -> Fact:
    M, OE = m.expr(sample.expr), o.expr(sample.expr)
    x, miss = series(sample.frame, o), series(sample.frame, m).isna().to_numpy()
    q, effect = float(row["q_value"]), float(row["effect"])
    values: dict[str, object] = {"effect": effect, "q_value": q, "p_floor": P_FLOOR}
    units: dict[str, str] = {"effect": "number", "q_value": "ratio", "p_floor": "ratio"}
    evidence = {
        "q_value": f"float(ga.missingness_table(df).loc[{key!r}, 'q_value'])",
        "p_floor": repr(P_FLOOR),
    }
    if row["test"] == "mann_whitney":
        v = as_float(x)
        a, b = float(v[miss].median()), float(v[~miss].median())
        values.update(median_when_missing=a, median_when_present=b)
        units.update(median_when_missing="number", median_when_present="number")
        evidence.update(
            effect=f"ga.stats.rank_biserial({OE}, {M}.isna())[0]",
            median_when_missing=f"float(ga.stats.as_float({OE})[{M}.isna().to_numpy()].median())",
            median_when_present=f"float(ga.stats.as_float({OE})[{M}.notna().to_numpy()].median())",
        )
        detail = (
            f"rows where {m.label} is missing have {'higher' if effect > 0 else 'lower'} "
            f"{o.label} (median {num(a)} vs {num(b)}; rank-biserial r = {num(effect)}, "
            f"{ptext(q, 'q')})"
        )
    else:
        levels = as_text(x).to_numpy()
        ok = x.notna().to_numpy()
        rates = {
            lvl: float(miss[ok & (levels == lvl)].mean() * 100) for lvl in pd.unique(levels[ok])
        }
        top = str(max(rates, key=lambda k: rates[k]))
        rest = (
            float(miss[ok & (levels != top)].mean() * 100)
            if (ok & (levels != top)).any()
            else float("nan")
        )
        values.update(group=top, missing_pct_in_group=rates[top], missing_pct_elsewhere=rest)
        units.update(group="text", missing_pct_in_group="percent", missing_pct_elsewhere="percent")
        ok_e, lvl_e = f"{OE}.notna().to_numpy()", f"({OE}.astype(str) == {top!r}).to_numpy()"
        evidence.update(
            effect=f"ga.stats.cramers_v({M}.isna(), {OE})[0]",
            group=repr(top),
            missing_pct_in_group=f"float({M}.isna().to_numpy()[{ok_e} & {lvl_e}].mean() * 100)",
            missing_pct_elsewhere=f"float({M}.isna().to_numpy()[{ok_e} & ~{lvl_e}].mean() * 100)",
        )
        detail = (
            f"{m.label} is missing in {pct(rates[top])} of rows where {o.label} is "
            f"`{top}` vs {pct(rest)} elsewhere (Cramér's V = {num(effect)}, "
            f"{ptext(q, 'q')})"
        )
    return make(
        f"diag.missing.{m.key}",
        "diagnostic",
        "missingness",
        [m.label, o.label],
        values,
        units,
        0.45 + 0.45 * min(abs(effect), 1.0),
        f"Missing values are not random: {detail}.",
        evidence,
        caveats=("associational, not causal", *sample.caveat(ctx.n)),
        sample_size=sample.size,
    )
