"""Hypotheses, each with a test: candidate explanations of a notable change, tested by our code.

Why: "sales shifted in March" invites guesses (one region? a changed mix? missing data? a
few extreme days? the calendar? another column moving?). Each guess here is a
:class:`Hypothesis` of a *testable* :class:`HypothesisKind`, and :func:`run_hypothesis`
returns a Fact saying supported / not supported with the number behind it. A model may
propose more hypotheses, but only as JSON matching :func:`proposal_schema` (an enum of
kinds and columns); :func:`run_proposal` validates and runs one, and labels anything it
cannot test "untested" rather than guessing.

The change being explained is ``mean(measure)`` in the ``after`` periods minus the mean in
the ``before`` periods (all other periods when ``before`` is None). Segment contribution and
mix shift are the two halves of an exact, symmetric decomposition of that change:
Δ = Σ w̄ₗ·(m_after,ₗ − m_before,ₗ) + Σ m̄ₗ·(w_after,ₗ − w_before,ₗ).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from ..errors import GenAnalystError
from ._context import Context
from ._frame import Col, quiet, resolve_column, series
from ._stats import as_float, robust_z
from ._time import period_label
from .factory import make, recorded
from .format import P_FLOOR, num, pct, ptext
from .semantic import as_datetime
from .types import Fact, FactSet

ALPHA = 0.05
MIN_SHARE = 50.0  # % of the change a segment or outlier cluster must account for
MIN_PART = 30.0  # % of the change mix, calendar or a driver must account for
MIN_MISSING_PP = 5.0  # percentage points a missing rate must move
MAX_LEVELS = 50
MAX_CHANGES = 5
MAX_PER_KIND = 8
Z = 3.5
CLUSTER = 0.01  # an outlier cluster is at most this share of a window's rows


class HypothesisKind(str, Enum):
    """The kinds of explanation our code can test (the enum a model must choose from)."""

    SEGMENT_CONTRIBUTION = "segment_contribution"  # one level of a dimension moved
    MIX_SHIFT = "mix_shift"  # the share of rows across levels moved
    MISSINGNESS_CHANGE = "missingness_change"  # a column's missing rate moved
    OUTLIER_CLUSTER = "outlier_cluster"  # a few extreme rows carry the change
    CALENDAR_EFFECT = "calendar_effect"  # weekday (daily data) or month mix explains it
    DRIVER_SHIFT = "driver_shift"  # a related numeric column moved


KINDS = tuple(k.value for k in HypothesisKind)
_NEEDS_COLUMN = {
    HypothesisKind.SEGMENT_CONTRIBUTION: "categorical",
    HypothesisKind.MIX_SHIFT: "categorical",
    HypothesisKind.MISSINGNESS_CHANGE: "any",
    HypothesisKind.DRIVER_SHIFT: "numeric",
}


@dataclass(frozen=True)
class Change:
    """A notable change: ``measure`` in periods ``after`` = (first, last label) against
    ``before`` (a label range, or None for every other period); ``source`` is the fact id."""

    measure: str
    after: tuple[str, str]
    before: tuple[str, str] | None
    source: str

    @property
    def id(self) -> str:
        return self.source

    def describe(self) -> str:
        if not self.after[1]:  # open-ended: a level shift
            return f"{self.measure} from {self.after[0]} on against before"
        a = self.after[0] if self.after[0] == self.after[1] else f"{self.after[0]}–{self.after[1]}"
        if self.before is None:
            return f"{self.measure} in {a} against the other periods"
        b = (
            self.before[0]
            if self.before[0] == self.before[1]
            else f"{self.before[0]}–{self.before[1]}"
        )
        return f"{self.measure} in {a} against {b}"


@dataclass(frozen=True)
class Hypothesis:
    kind: HypothesisKind
    change: Change
    column: str | None = None  # the dimension / driver / column the explanation names


def changes_from_facts(facts: Iterable[Fact]) -> list[Change]:
    """The notable changes in diagnose's facts: level shifts, anomalous periods, segment
    contribution periods, and dated anomalies (most important first, at most MAX_CHANGES)."""
    out: list[Change] = []
    seen: set[tuple[Any, ...]] = set()
    for f in sorted(facts, key=lambda f: -f.importance):
        v = f.values
        if not f.columns:
            continue
        if f.topic == "level shift" and "from_period" in v:
            ch = Change(f.columns[0], (str(v["from_period"]), ""), None, f.id)
        elif f.topic == "anomaly" and "worst_period" in v:
            p = str(v["worst_period"])
            ch = Change(f.columns[0], (p, p), None, f.id)
        elif f.topic == "dated anomaly" and "period" in v:
            p = str(v["period"])
            ch = Change(f.columns[0], (p, p), None, f.id)
        elif f.topic == "segment contribution" and "last_period" in v:
            a, b = str(v["last_period"]), str(v["previous_period"])
            ch = Change(f.columns[0], (a, a), (b, b), f.id)
        else:
            continue
        key = (ch.measure, ch.after, ch.before)
        if key not in seen:
            seen.add(key)
            out.append(ch)
    return out[:MAX_CHANGES]


def candidates(df: pd.DataFrame, change: Change, *, time: Any = None) -> list[Hypothesis]:
    """Several candidate explanations of ``change``, each of a testable kind."""
    ctx = Context.build(df, time, "hypotheses")
    m = resolve_column(ctx.df, change.measure, "measure")
    skip = {m.pos} | ({ctx.time.col.pos} if ctx.time else set())
    out = [Hypothesis(HypothesisKind.OUTLIER_CLUSTER, change)]
    if ctx.time is not None and ctx.time.kind != "year":
        out.append(Hypothesis(HypothesisKind.CALENDAR_EFFECT, change))
    dims = [c for c in ctx.of_type("categorical", "boolean") if c.pos not in skip]
    dims = [c for c in dims if 2 <= series(ctx.df, c).nunique() <= MAX_LEVELS][:MAX_PER_KIND]
    for d in dims:
        out.append(Hypothesis(HypothesisKind.SEGMENT_CONTRIBUTION, change, d.label))
        out.append(Hypothesis(HypothesisKind.MIX_SHIFT, change, d.label))
    missing = [
        c for c in ctx.refs if c.pos not in skip - {m.pos} and series(ctx.df, c).isna().any()
    ]
    for c in missing[:MAX_PER_KIND]:
        out.append(Hypothesis(HypothesisKind.MISSINGNESS_CHANGE, change, c.label))
    for x in [c for c in ctx.of_type("numeric") if c.pos not in skip][:MAX_PER_KIND]:
        out.append(Hypothesis(HypothesisKind.DRIVER_SHIFT, change, x.label))
    return out


@quiet
def hypotheses(df: pd.DataFrame, facts: Iterable[Fact], *, time: Any = None) -> FactSet:
    """Generate and test hypotheses for every notable change in ``facts`` (from diagnose)."""
    out: list[Fact] = []
    for change in changes_from_facts(facts):
        for h in candidates(df, change, time=time):
            out.append(run_hypothesis(df, h, time=time))
    return FactSet(out)


# --- the tests --------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Windows:
    ctx: Context
    y: pd.Series  # the measure as float
    a: np.ndarray  # rows in the after window
    b: np.ndarray  # rows in the before window
    delta: float


def _windows(df: pd.DataFrame, change: Change, time: Any) -> _Windows:
    ctx = Context.build(df, time, "hypotheses")
    if ctx.time is None:
        raise GenAnalystError("a hypothesis test needs a time column; pass time='…'")
    keys = ctx.time.keys(ctx.df)
    order = sorted(keys.dropna().unique())
    pos = {period_label(k): i for i, k in enumerate(order)}
    row_pos = keys.map({k: i for i, k in enumerate(order)}).to_numpy(dtype=float, na_value=np.nan)

    def span(lo: str, hi: str) -> np.ndarray:
        if lo not in pos or (hi and hi not in pos):
            raise GenAnalystError(f"no period {lo if lo not in pos else hi!r} on the time axis")
        end = pos[hi] if hi else len(order) - 1
        return (row_pos >= pos[lo]) & (row_pos <= end)

    a = span(*change.after)
    b = span(*change.before) & ~a if change.before else ~a & ~np.isnan(row_pos)
    y = as_float(series(ctx.df, resolve_column(ctx.df, change.measure, "measure")))
    ok = y.notna().to_numpy()
    if not (a & ok).any() or not (b & ok).any():
        raise GenAnalystError(f"no {change.measure} values on one side of the change")
    delta = float(y[a & ok].mean() - y[b & ok].mean())
    return _Windows(ctx, y, a, b, delta)


def _result(supported: bool, text: str, **values: tuple[Any, str]) -> dict[str, Any]:
    """A test's outcome: its numbers with units, the verdict and the sentence saying why."""
    return {
        "values": {name: v for name, (v, _) in values.items()},
        "units": {name: u for name, (_, u) in values.items()},
        "supported": supported,
        "text": text,
    }


def _share(part: float, delta: float) -> float:
    return float(100.0 * part / delta) if delta else 0.0


def _decompose(w: _Windows, d: Col) -> pd.DataFrame:
    """Per level: weight and mean on each side, within (rate) and mix parts of Δ."""
    levels = series(w.ctx.df, d).astype(str).where(series(w.ctx.df, d).notna())
    ok = w.y.notna().to_numpy() & levels.notna().to_numpy()
    rows = []
    for side, mask in (("a", w.a & ok), ("b", w.b & ok)):
        g = w.y[mask].groupby(levels[mask])
        rows.append(pd.DataFrame({f"n_{side}": g.size(), f"m_{side}": g.mean()}))
    t = pd.concat(rows, axis=1).fillna({"n_a": 0, "n_b": 0})
    t["w_a"], t["w_b"] = t.n_a / t.n_a.sum(), t.n_b / t.n_b.sum()
    t["m_a"] = t.m_a.fillna(t.m_b)
    t["m_b"] = t.m_b.fillna(t.m_a)
    t["within"] = (t.w_a + t.w_b) / 2 * (t.m_a - t.m_b)
    t["mix"] = (t.m_a + t.m_b) / 2 * (t.w_a - t.w_b)
    return t


def _segment(w: _Windows, d: Col) -> dict[str, Any]:
    t = _decompose(w, d)
    top = str((t.within * np.sign(w.delta or 1.0)).idxmax())
    share_pct = _share(float(t.within[top]), w.delta)
    levels = series(w.ctx.df, d).astype(str).to_numpy()
    ok = w.y.notna().to_numpy()
    inside = levels == top
    parts = [w.y[m & ok] for m in (w.a & inside, w.b & inside, w.a & ~inside, w.b & ~inside)]
    if any(len(p) < 2 for p in parts):
        return {"untested": f"too few rows in {d.label} = {top} or the other levels"}
    did = float((parts[0].mean() - parts[1].mean()) - (parts[2].mean() - parts[3].mean()))
    se = math.sqrt(sum(float(p.var(ddof=1)) / len(p) for p in parts))
    p = float(2 * sps.norm.sf(abs(did) / se)) if se > 0 else (0.0 if did else 1.0)
    return _result(
        share_pct >= MIN_SHARE and p < ALPHA,
        f"{d.label} = `{top}` accounts for {pct(share_pct)} of the change; it moved "
        f"{num(did)} more than the other levels (difference-in-differences, {ptext(p)})",
        segment=(top, "text"),
        share_of_change_pct=(share_pct, "percent"),
        excess_change=(did, "number"),
        p_value=(p, "ratio"),
    )


def _mix(w: _Windows, d: Col) -> dict[str, Any]:
    t = _decompose(w, d)
    mix = float(t.mix.sum())
    share_pct = _share(mix, w.delta)
    table = t[["n_a", "n_b"]].to_numpy()
    table = table[table.sum(axis=1) > 0]
    p = float(sps.chi2_contingency(table)[1]) if table.shape[0] >= 2 else 1.0
    moved = float((t.w_a - t.w_b).abs().max() * 100)
    return _result(
        share_pct >= MIN_PART and p < ALPHA,
        f"the mix of rows across {d.label} explains {num(mix)} ({pct(share_pct)}) of the "
        f"change; no level's share moved more than {num(moved)} points (chi-square, {ptext(p)})",
        mix_effect=(mix, "number"),
        share_of_change_pct=(share_pct, "percent"),
        largest_share_move_pp=(moved, "number"),
        p_value=(p, "ratio"),
    )


def _missingness(w: _Windows, c: Col) -> dict[str, Any]:
    miss = series(w.ctx.df, c).isna().to_numpy()
    ra, rb = float(miss[w.a].mean() * 100), float(miss[w.b].mean() * 100)
    table = np.array([[miss[w.a].sum(), (~miss[w.a]).sum()], [miss[w.b].sum(), (~miss[w.b]).sum()]])
    p = float(sps.fisher_exact(table)[1]) if table.min(axis=0).min() >= 0 and miss.any() else 1.0
    return _result(
        abs(ra - rb) >= MIN_MISSING_PP and p < ALPHA,
        f"{c.label} is missing in {pct(ra)} of rows after against {pct(rb)} before "
        f"(Fisher's exact test, {ptext(p)})",
        missing_after_pct=(ra, "percent"),
        missing_before_pct=(rb, "percent"),
        p_value=(p, "ratio"),
    )


def _outliers(w: _Windows) -> dict[str, Any]:
    both = w.a | w.b
    z = robust_z(w.y[both]).abs().reindex(w.y.index).fillna(0.0).to_numpy()
    ok = w.y.notna().to_numpy()
    out = np.zeros(len(z), dtype=bool)
    for side in (w.a, w.b):  # a *cluster*: at most the 1% most extreme rows of each side
        rows = np.flatnonzero(side & ok & (z > Z))
        keep = max(1, math.ceil(CLUSTER * int((side & ok).sum())))
        out[rows[np.argsort(-z[rows], kind="stable")][:keep]] = True
    n_out = int((out & w.a).sum())
    ka, kb = w.a & ok & ~out, w.b & ok & ~out
    clean = float(w.y[ka].mean() - w.y[kb].mean()) if ka.any() and kb.any() else 0.0
    share_pct = _share(w.delta - clean, w.delta)
    return _result(
        n_out >= 1 and share_pct >= MIN_SHARE,
        f"{num(n_out)} extreme row{'s' * (n_out != 1)} (robust |z| > {num(Z)}) sit in the "
        f"window; without them the change is {num(clean)}, so they carry {pct(share_pct)} of it",
        outliers_in_window=(n_out, "count"),
        change_without_outliers=(clean, "number"),
        share_of_change_pct=(share_pct, "percent"),
    )


def _calendar(w: _Windows) -> dict[str, Any]:
    axis = w.ctx.time
    assert axis is not None
    dt = as_datetime(series(w.ctx.df, axis.col))
    daily = axis.native in ("second", "minute", "hour", "day")
    cal = (dt.dt.day_of_week if daily else dt.dt.month).astype("float64")
    what = "weekday" if daily else "month of year"
    ok = w.y.notna().to_numpy() & cal.notna().to_numpy()
    if cal[ok & (w.a | w.b)].nunique() < 2:
        return {"untested": f"only one {what} in the data"}
    means = w.y[ok].groupby(cal[ok]).mean()
    wa = cal[ok & w.a].value_counts(normalize=True).reindex(means.index, fill_value=0.0)
    wb = cal[ok & w.b].value_counts(normalize=True).reindex(means.index, fill_value=0.0)
    expected = float(((wa - wb) * means).sum())
    share_pct = _share(expected, w.delta)
    groups = [w.y[ok & (cal == c).to_numpy()] for c in means.index]
    p = float(sps.kruskal(*groups)[1]) if len(groups) >= 2 else 1.0
    return _result(
        share_pct >= MIN_PART and p < ALPHA,
        f"the {what} mix of the two windows explains {num(expected)} ({pct(share_pct)}) "
        f"of the change ({what} differences: Kruskal–Wallis, {ptext(p)})",
        calendar=(what, "text"),
        calendar_effect=(expected, "number"),
        share_of_change_pct=(share_pct, "percent"),
        p_value=(p, "ratio"),
    )


def _driver(w: _Windows, x: Col) -> dict[str, Any]:
    xv = as_float(series(w.ctx.df, x))
    ok = (w.y.notna() & xv.notna()).to_numpy() & (w.a | w.b)
    if ok.sum() < 10 or xv[ok].nunique() < 2:
        return {"untested": f"too few values of {x.label}"}
    xa, xb = xv[ok & w.a], xv[ok & w.b]
    design = np.column_stack([np.ones(ok.sum()), xv[ok], w.a[ok].astype(float)])
    coef, *_ = np.linalg.lstsq(design, w.y[ok].to_numpy(), rcond=None)
    slope = float(coef[1])
    explained = slope * float(xa.mean() - xb.mean())
    share_pct = _share(explained, w.delta)
    p_shift = float(sps.mannwhitneyu(xa, xb).pvalue) if len(xa) and len(xb) else 1.0
    p_rel = float(sps.spearmanr(xv[ok], w.y[ok]).pvalue)
    p = max(p_shift, p_rel)  # both must hold: x moved, and x goes with the measure
    return _result(
        share_pct >= MIN_PART and p < ALPHA,
        f"{x.label} moved by {num(float(xa.mean() - xb.mean()))}; at {num(slope)} per unit "
        f"that explains {num(explained)} ({pct(share_pct)}) of the change (larger of the shift "
        f"and association p-values, {ptext(p)})",
        driver_change=(float(xa.mean() - xb.mean()), "number"),
        slope=(slope, "number"),
        explained_change=(explained, "number"),
        share_of_change_pct=(share_pct, "percent"),
        p_value=(p, "ratio"),
    )


def run_hypothesis(df: pd.DataFrame, h: Hypothesis, *, time: Any = None) -> Fact:
    """Run the test for ``h``: a Fact whose ``status`` is supported / not supported / untested."""
    try:
        w = _windows(df, h.change, time)
        col = resolve_column(w.ctx.df, h.column, "hypothesis") if h.column is not None else None
        need = _NEEDS_COLUMN.get(h.kind)
        if need and col is None:
            return untested(h, f"{h.kind.value} needs a column")
        if (
            need not in (None, "any")
            and col is not None
            and w.ctx.type_of(col)
            not in (("numeric",) if need == "numeric" else ("categorical", "boolean"))
        ):
            return untested(h, f"{h.column} is not a {need} column")
        result = _run(h.kind, w, col)
    except GenAnalystError as exc:
        return untested(h, str(exc))
    if "untested" in result:
        return untested(h, result["untested"])
    return _fact(h, w, result, time)


def _run(kind: HypothesisKind, w: _Windows, col: Col | None) -> dict[str, Any]:
    if kind is HypothesisKind.OUTLIER_CLUSTER:
        return _outliers(w)
    if kind is HypothesisKind.CALENDAR_EFFECT:
        return _calendar(w)
    assert col is not None
    if kind is HypothesisKind.SEGMENT_CONTRIBUTION:
        return _segment(w, col)
    if kind is HypothesisKind.MIX_SHIFT:
        return _mix(w, col)
    if kind is HypothesisKind.MISSINGNESS_CHANGE:
        return _missingness(w, col)
    return _driver(w, col)


def _fid(h: Hypothesis) -> str:
    col = f".{h.column}" if h.column else ""
    return f"diag.hypothesis.{h.kind.value}.{h.change.measure}{col}.{h.change.after[0]}"


def _call(h: Hypothesis, time: Any) -> str:
    return (
        f"ga.hypotheses.check(df, {h.kind.value!r}, measure={h.change.measure!r}, "
        f"after={h.change.after!r}, before={h.change.before!r}, column={h.column!r}, "
        f"time={time!r})"
    )


def _fact(h: Hypothesis, w: _Windows, r: Mapping[str, Any], time: Any) -> Fact:
    status = "supported" if r["supported"] else "not supported"
    values = {
        "hypothesis": h.kind.value,
        "status": status,
        "change_in": h.change.describe(),
        "change": w.delta,
        **r["values"],
    }
    units = {
        "hypothesis": "text",
        "status": "text",
        "change_in": "text",
        "change": "number",
        **r["units"],
    }
    if "p_value" in values:  # "p < 0.001" in the text needs its bound among the values
        values["p_floor"], units["p_floor"] = P_FLOOR, "ratio"
    call = _call(h, time)
    return make(
        _fid(h),
        "diagnostic",
        "hypothesis",
        [h.change.measure, *([h.column] if h.column else [])],
        values,
        units,
        (0.55 + 0.3 * min(abs(float(r["values"].get("share_of_change_pct", 50))) / 100, 1.0))
        if r["supported"]
        else 0.2,
        f"Hypothesis ({h.kind.value.replace('_', ' ')}) for the change in {h.change.describe()} "
        f"({num(w.delta)}): {status} — {r['text']}.",
        {name: f"{call}.values[{name!r}]" for name in values},
        caveats=("a tested association, not proof of cause",),
        sample_size=int((w.a | w.b).sum()),
    )


def untested(h: Hypothesis, reason: str) -> Fact:
    """A hypothesis our code could not test, labelled so (never shown as supported)."""
    what = h.kind.value if isinstance(h.kind, HypothesisKind) else str(h.kind)
    return make(
        f"diag.hypothesis.{what}.{h.change.measure}{'.' + h.column if h.column else ''}"
        f".{h.change.after[0]}",
        "diagnostic",
        "hypothesis",
        [h.change.measure],
        {"hypothesis": what, "status": "untested"},
        {"hypothesis": "text", "status": "text"},
        0.05,
        f"Hypothesis ({what.replace('_', ' ')}) for the change in {h.change.describe()}: "
        f"untested — {reason}.",
        {"hypothesis": recorded(what), "status": recorded("untested")},
    )


def check(
    df: pd.DataFrame,
    kind: str,
    *,
    measure: str,
    after: tuple[str, str],
    before: tuple[str, str] | None = None,
    column: str | None = None,
    time: Any = None,
) -> Fact:
    """The evidence entry point: re-run one test from plain arguments."""
    change = Change(measure, tuple(after), tuple(before) if before else None, "check")  # type: ignore[arg-type]
    return run_hypothesis(df, Hypothesis(HypothesisKind(kind), change, column), time=time)


# --- model proposals ----------------------------------------------------------------------------
def proposal_schema(columns: Iterable[str], changes: Iterable[Change]) -> dict[str, Any]:
    """The JSON schema a model's hypothesis proposal must match: enums only, no free text."""
    return {
        "type": "object",
        "properties": {
            "change": {"type": "string", "enum": [c.id for c in changes]},
            "kind": {"type": "string", "enum": list(KINDS)},
            "column": {"type": ["string", "null"], "enum": [*columns, None]},
        },
        "required": ["change", "kind"],
        "additionalProperties": False,
    }


def run_proposal(
    df: pd.DataFrame, proposal: Mapping[str, Any], changes: Iterable[Change], *, time: Any = None
) -> Fact:
    """Validate a model's proposal against :func:`proposal_schema` and test it; anything that
    is not a testable kind, names an unknown change or column, is returned as untested."""
    by_id = {c.id: c for c in changes}
    change = by_id.get(str(proposal.get("change")))
    kind = str(proposal.get("kind"))
    column = proposal.get("column")
    if change is None:
        return _untested_proposal(
            "?", kind, f"the proposal names no known change ({proposal.get('change')!r})"
        )
    if kind not in KINDS:
        return _untested_proposal(
            change.measure,
            kind,
            f"not one of the kinds our code can test ({', '.join(KINDS)})",
            change,
        )
    if column is not None and column not in [str(c) for c in df.columns]:
        return untested(
            Hypothesis(HypothesisKind(kind), change), f"no column {column!r} in the frame"
        )
    return run_hypothesis(df, Hypothesis(HypothesisKind(kind), change, column), time=time)


def _slug(text: str) -> str:
    """A model-proposed name made safe for a fact id (ids are dotted ASCII words)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", str(text)).strip("_") or "unnamed"


def _untested_proposal(measure: str, kind: str, reason: str, change: Change | None = None) -> Fact:
    where = f" for the change in {change.describe()}" if change else ""
    return make(
        f"diag.hypothesis.untestable.{_slug(measure)}.{change.after[0] if change else 'none'}",
        "diagnostic",
        "hypothesis",
        [measure] if change else [],
        {"hypothesis": kind, "status": "untested"},
        {"hypothesis": "text", "status": "text"},
        0.05,
        f"Proposed hypothesis ({kind}){where}: untested — {reason}.",
        {"hypothesis": recorded(kind), "status": recorded("untested")},
    )
