"""Descriptive facts computed inside Polars, DuckDB or Spark — the same facts as pandas.

Why the same builders: the fact ids, values, units and sentences come from the functions the
pandas path uses (``_columns``, ``describe``, ``_trend``); only the numbers are computed by
the engine and only the evidence is written in the engine's terms. Queries per call: one
``count(*)``, one type sample (≤ 10,000 rows), one aggregate ``SELECT`` for every column
statistic, one for the top values of all categorical columns, one for duplicates, one per
date column for its spacing, and one for the per-period means — independent of row count.

Exact quantiles, distinct counts and duplicate rows hold every value they look at; when that
would exceed ``exact_limit`` values (rows × the columns involved), the engine's approximate
functions are used instead (stated on the fact) and duplicate rows are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .._columns import (
    category_fact,
    constant_fact,
    date_fact,
    flag_fact,
    id_fact,
    missing_fact,
    numeric_fact,
    text_fact,
)
from .._context import MAX_COLUMN_FACTS
from .._frame import Col, quiet
from .._time import TimeAxis, choose_freq, period_label, step_name
from .._trend import MAX_MEASURES, _change_fact, _trend_fact
from ..describe import cap, describe, duplicates_fact, missing_summary_fact, shape_fact, types_fact
from ..factory import make
from ..format import num
from ..types import Fact, FactSet
from .backend import Backend, Stat, Tops, period_series
from .detect import check_engine
from .profile import Profile, profile
from .registry import backend_for

# values (rows × columns) an exact quantile, distinct count or duplicate search may hold:
# 50M doubles ≈ 400 MB; beyond it, approximate sketches
EXACT_LIMIT = 50_000_000
# Spark's exact percentile() and count(DISTINCT) keep every value as an object in the JVM
# heap, once per aggregate (and several count(DISTINCT) in one query multiply the rows): a
# 1M × 20 file already ran a default 1 GB driver out of heap. Past 2M values, Spark uses
# its sketches (percentile_approx, approx_count_distinct), stated with their error bounds.
ENGINE_EXACT_LIMITS = {"spark": 2_000_000}
TOP = 3
QUANTILES = {"q25": 0.25, "median": 0.5, "q75": 0.75}
NUMERIC = ("mean", "std", "min", "max", "skew", "zeros", "infinite")


def approx_caveat(engine: str, what: str) -> str:
    """How approximate an engine's sketch is, in words a reader can check."""
    if engine == "spark" and what == "quantile":
        return (
            "quantiles approximate (Spark percentile_approx, accuracy 10,000: rank error ≤ 0.01%)"
        )
    if engine == "spark":
        return "distinct count approximate (Spark approx_count_distinct, 1% relative std. dev.)"
    if engine == "duckdb" and what == "quantile":
        return "quantiles approximate (DuckDB approx_quantile, a T-Digest sketch; no hard bound)"
    if engine == "duckdb":
        return "distinct count approximate (DuckDB approx_count_distinct, HyperLogLog)"
    return "distinct count approximate (Polars approx_n_unique, HyperLogLog)"


class _Batch:
    """Statistics requested by name, run as one query."""

    def __init__(self, backend: Backend) -> None:
        self.b = backend
        self.stats: list[Stat] = []
        self.keys: dict[tuple[str, str], int] = {}
        self.values: list[Any] = []

    def add(self, key: tuple[str, str], stat: Stat) -> None:
        if key not in self.keys:
            self.keys[key] = len(self.stats)
            self.stats.append(stat)

    def run(self) -> None:
        self.values = self.b.aggregate(self.stats)

    def __getitem__(self, key: tuple[str, str]) -> Any:
        return self.values[self.keys[key]]

    def ev(self, key: tuple[str, str]) -> str:
        return self.b.evidence(self.stats[self.keys[key]])


@quiet
def describe_any(
    obj: Any,
    *,
    time: Any = None,
    max_facts: int = MAX_COLUMN_FACTS,
    exact_limit: int | None = None,
) -> FactSet:
    """:func:`jupyter_genanalyst.facts.describe` for a pandas, Polars (eager or lazy),
    DuckDB or PySpark frame, computed where the data lives. ``exact_limit`` (values held by
    an exact statistic) defaults to the engine's own (ENGINE_EXACT_LIMITS, else EXACT_LIMIT)."""
    if check_engine(obj, "describe") == "pandas":
        return describe(obj, time=time, max_facts=max_facts)
    b = backend_for(obj)
    if exact_limit is None:
        exact_limit = ENGINE_EXACT_LIMITS.get(b.engine, EXACT_LIMIT)
    prof = profile(obj, b, time)
    approx = _Approx(
        quantiles=prof.rows * len(prof.of_type("numeric")) > exact_limit,
        distinct=prof.rows * len(prof.of_type("id")) > exact_limit,
        duplicates=prof.rows * len(prof.refs) > exact_limit,
    )
    batch = _plan(b, prof, approx)
    batch.run()
    cats = [c.label for c in prof.of_type("categorical")]
    tops = b.tops(cats, TOP)
    rows, ncols = prof.rows, len(prof.refs)
    missing = {c.label: rows - int(batch[(c.label, "count")] or 0) for c in prof.refs}
    summary = [
        shape_fact(
            rows,
            ncols,
            {"rows": batch.ev(("", "rows")), "columns": "len(ga.engines.columns_of(df))"},
        ),
        types_fact(prof.refs, prof.types, "ga.engines.semantic_types_any(df)"),
        missing_summary_fact(
            sum(missing.values()),
            rows,
            ncols,
            sum(1 for k in missing.values() if k > 0),
            {
                "missing_cells": "int(ga.engines.missing_counts(df).sum())",
                "missing_pct": "(lambda m, s: float(m.sum() / (s[0] * s[1]) * 100) "
                "if s[0] * s[1] else 0.0)(ga.engines.missing_counts(df), ga.engines.shape_of(df))",
                "columns_with_missing": "int((ga.engines.missing_counts(df) > 0).sum())",
            },
        ),
    ]
    if ncols and rows and not approx.duplicates:
        dup = rows - b.distinct_rows()
        r, d = batch.ev(("", "rows")), b.distinct_rows_evidence()
        summary.append(
            duplicates_fact(
                dup,
                rows,
                {"duplicate_rows": f"{r} - {d}", "duplicate_pct": f"({r} - {d}) / {r} * 100"},
            )
        )
    per_column: list[Fact] = []
    for c in prof.refs:
        if missing[c.label]:
            cnt = batch.ev((c.label, "count"))
            r = batch.ev(("", "rows"))
            per_column.append(
                missing_fact(
                    c,
                    missing[c.label],
                    rows,
                    {"missing": f"{r} - {cnt}", "missing_pct": f"({r} - {cnt}) / {r} * 100"},
                )
            )
    constant: list[Col] = []
    per_column += _numeric(b, prof, batch, approx, constant)
    per_column += _categories(b, prof, batch, tops, constant)
    per_column += _flags(prof, batch, constant)
    per_column += _dates(b, prof, batch, constant)
    per_column += _ids(b, prof, batch, approx)
    per_column += [
        text_fact(
            c,
            float(batch[(c.label, "mean_length")]),
            {"mean_length": batch.ev((c.label, "mean_length"))},
        )
        for c in prof.of_type("text")
        if batch[(c.label, "count")]
    ]
    per_column += _constants(b, batch, tops, prof, constant)
    timed = _time_facts(b, prof, batch, {c.pos for c in constant})
    summary += [f for f in timed if f.id == "desc.time"]
    per_column += [f for f in timed if f.id != "desc.time"]
    return FactSet(summary + cap(per_column, max_facts))


@dataclass(frozen=True)
class _Approx:
    """Which statistics use the engine's sketches (or, for duplicates, are skipped)."""

    quantiles: bool
    distinct: bool
    duplicates: bool


def _plan(b: Backend, prof: Profile, approx: _Approx) -> _Batch:
    batch = _Batch(b)
    batch.add(("", "rows"), Stat("rows"))
    sketch_quantiles = approx.quantiles and b.engine != "polars"
    for c in prof.refs:
        name = c.label
        batch.add((name, "count"), Stat("count", name))
    for c in prof.of_type("numeric"):
        for op in NUMERIC:
            batch.add((c.label, op), Stat(op, c.label))  # type: ignore[arg-type]
        for key, q in QUANTILES.items():
            batch.add((c.label, key), Stat("quantile", c.label, q, approx=sketch_quantiles))
    for c in prof.of_type("boolean"):
        batch.add((c.label, "trues"), Stat("trues", c.label))
        batch.add((c.label, "min"), Stat("min", c.label))
    for c in prof.of_type("datetime"):
        batch.add((c.label, "min"), Stat("min", c.label))
        batch.add((c.label, "max"), Stat("max", c.label))
    for c in prof.of_type("id"):
        batch.add((c.label, "distinct"), Stat("distinct", c.label, approx=approx.distinct))
    for c in prof.of_type("text"):
        batch.add((c.label, "mean_length"), Stat("mean_length", c.label))
    return batch


def _numeric(
    b: Backend, prof: Profile, batch: _Batch, approx: _Approx, constant: list[Col]
) -> list[Fact]:
    out = []
    sketch = approx.quantiles and b.engine != "polars"
    caveats = (approx_caveat(b.engine, "quantile"),) if sketch else ()
    for c in prof.of_type("numeric"):
        name = c.label
        n = int(batch[(name, "count")] or 0)
        if n == 0:
            continue
        if batch[(name, "min")] == batch[(name, "max")]:
            constant.append(c)
            continue
        v: dict[str, float | int] = {"count": n}
        ev = {"count": batch.ev((name, "count"))}
        for key in ("mean", "std", "min", "q25", "median", "q75", "max", "skew"):
            raw = batch[(name, key)]
            v[key] = float("nan") if raw is None else float(raw)
            ev[key] = f"float({batch.ev((name, key))})"
        zeros = int(batch[(name, "zeros")] or 0)
        v.update(
            zeros=zeros, zeros_pct=100.0 * zeros / n, infinite=int(batch[(name, "infinite")] or 0)
        )
        ev["zeros"] = batch.ev((name, "zeros"))
        ev["zeros_pct"] = f"{ev['zeros']} / {ev['count']} * 100"
        ev["infinite"] = batch.ev((name, "infinite"))
        out.append(numeric_fact(c, v, ev, caveats))
    return out


def _categories(
    b: Backend, prof: Profile, batch: _Batch, tops: dict[str, Tops], constant: list[Col]
) -> list[Fact]:
    out = []
    for c in prof.of_type("categorical"):
        t = tops.get(c.label)
        if t is None or not t.values:
            continue
        if t.levels == 1:
            constant.append(c)
        ev = {"n_categories": b.levels_evidence(c.label)}
        for i in range(len(t.values)):
            value, count, share_ = b.top_evidence(c.label, i)
            ev.update({f"top{i + 1}": value, f"top{i + 1}_count": count, f"top{i + 1}_pct": share_})
        valid = int(batch[(c.label, "count")] or 0)
        out.append(category_fact(c, t.levels, list(t.values), valid, ev))
    return out


def _flags(prof: Profile, batch: _Batch, constant: list[Col]) -> list[Fact]:
    out = []
    for c in prof.of_type("boolean"):
        valid = int(batch[(c.label, "count")] or 0)
        if valid == 0:
            continue
        trues = int(batch[(c.label, "trues")] or 0)
        if trues in (0, valid):
            constant.append(c)
        t, n = batch.ev((c.label, "trues")), batch.ev((c.label, "count"))
        out.append(flag_fact(c, trues, valid, {"true": t, "true_pct": f"{t} / {n} * 100"}))
    return out


def granularity_of(step_days: float | None) -> str:
    """The name of a median timestamp gap (None: a single distinct instant)."""
    return "single instant" if step_days is None else step_name(float(step_days))


def _dates(b: Backend, prof: Profile, batch: _Batch, constant: list[Col]) -> list[Fact]:
    out = []
    for c in prof.of_type("datetime"):
        lo, hi = batch[(c.label, "min")], batch[(c.label, "max")]
        if lo is None:
            continue
        if lo == hi:
            constant.append(c)
        first, last = batch.ev((c.label, "min")), batch.ev((c.label, "max"))
        ev = {
            "first": f"ga.iso({first})",
            "last": f"ga.iso({last})",
            "span_days": f"float((pd.Timestamp({last}) - pd.Timestamp({first}))"
            " / pd.Timedelta(days=1))",
            "granularity": f"ga.engines.granularity_of({b.step_evidence(c.label)})",
        }
        out.append(date_fact(c, lo, hi, granularity_of(b.step_days(c.label)), ev))
    return out


def _ids(b: Backend, prof: Profile, batch: _Batch, approx: _Approx) -> list[Fact]:
    caveats = (approx_caveat(b.engine, "distinct"),) if approx.distinct else ()
    out = []
    for c in prof.of_type("id"):
        valid, uniq = int(batch[(c.label, "count")] or 0), int(batch[(c.label, "distinct")] or 0)
        u, n = batch.ev((c.label, "distinct")), batch.ev((c.label, "count"))
        out.append(
            id_fact(c, valid, min(uniq, valid), {"unique": u, "repeated": f"{n} - {u}"}, caveats)
        )
    return out


def _constants(
    b: Backend, batch: _Batch, tops: dict[str, Tops], prof: Profile, cols: list[Col]
) -> list[Fact]:
    out = []
    for c in sorted(cols, key=lambda c: c.pos):
        t = prof.types[c.pos]
        if t == "categorical":
            value = tops[c.label].values[0][0]
            ev = {"n_unique": b.levels_evidence(c.label), "value": b.top_evidence(c.label, 0)[0]}
        else:
            raw = batch[(c.label, "min")]
            stamp = t in ("datetime",)
            value = str(pd.Timestamp(raw)) if stamp else str(raw)
            m = batch.ev((c.label, "min"))
            ev = {
                "n_unique": b.levels_evidence(c.label),
                "value": f"str(pd.Timestamp({m}))" if stamp else f"str({m})",
            }
        out.append(constant_fact(c, value, ev))
    return out


def _axis(b: Backend, prof: Profile, bounds: tuple[Any, Any] | None = None) -> TimeAxis | None:
    """The time axis cut as the pandas path cuts it; ``bounds`` (min, max) when known."""
    if prof.time is None:
        return None
    col, kind = prof.time
    if kind == "year":
        return TimeAxis(col, kind, "year", "year")
    if bounds is None:
        lo, hi = b.aggregate([Stat("min", col.label), Stat("max", col.label)])
    else:
        lo, hi = bounds
    step = b.step_days(col.label)
    if step is None or lo is None:
        return None
    native = step_name(step)
    span = (pd.Timestamp(hi) - pd.Timestamp(lo)) / pd.Timedelta(days=1)
    return TimeAxis(col, kind, choose_freq(native, float(span)), native)


def _time_facts(b: Backend, prof: Profile, batch: _Batch, constant: set[int]) -> list[Fact]:
    if prof.time is None:
        return []
    col, kind = prof.time
    hi = batch[(col.label, "max")] if kind != "year" else None
    bounds = (batch[(col.label, "min")], hi) if kind != "year" else None
    axis = _axis(b, prof, bounds)
    if axis is None:
        return []
    freq = axis.freq
    cols = [c for c in prof.of_type("numeric") if c.pos != col.pos and c.pos not in constant]
    cols = cols[:MAX_MEASURES]
    frame = b.periods(col.label, freq, [c.label for c in cols])
    rows = period_series(frame[["p", "n"]], freq)
    if len(rows) < 2:
        return []
    e = b.period_evidence(col.label, freq, None)
    first, last = period_label(rows.index[0]), period_label(rows.index[-1])
    out = [
        make(
            "desc.time",
            "descriptive",
            "time",
            [col.label],
            {
                "periods": len(rows),
                "first": first,
                "last": last,
                "rows_last": int(rows.iloc[-1]),
                "rows_previous": int(rows.iloc[-2]),
            },
            {
                "periods": "count",
                "first": "date",
                "last": "date",
                "rows_last": "count",
                "rows_previous": "count",
            },
            0.7,
            f"Time axis {col.label}, cut into {num(len(rows))} {axis.unit}s from {first} to "
            f"{last}; the last {axis.unit} has {num(int(rows.iloc[-1]))} rows, the one before "
            f"{num(int(rows.iloc[-2]))}.",
            {
                "periods": f"len({e})",
                "first": f"ga.period_label({e}.index[0])",
                "last": f"ga.period_label({e}.index[-1])",
                "rows_last": f"int({e}.iloc[-1])",
                "rows_previous": f"int({e}.iloc[-2])",
            },
        )
    ]
    partial = _partial(axis, rows.index[-1], hi)
    for i, c in enumerate(cols):
        s = period_series(frame[["p", f"m{i}"]], freq)
        expr = b.period_evidence(col.label, freq, c.label)
        out.extend(_trend_fact(axis, c, s, expr))
        out.extend(_change_fact(axis, c, s, expr, partial))
    return out


def _partial(axis: TimeAxis, last: object, hi: Any) -> tuple[str, ...]:
    """The pandas path's caveat when the data stop early in the last period."""
    if axis.kind == "year" or not isinstance(last, pd.Period) or hi is None:
        return ()
    end = pd.Timestamp(hi)
    if end.tz is not None:
        end = end.tz_convert(None)
    length = last.end_time - last.start_time
    covered = (end - last.start_time) / length if length > pd.Timedelta(0) else 1.0
    if covered < 0.9:
        return (f"the last {axis.unit} ({period_label(last)}) is incomplete: data ends {end}",)
    return ()
