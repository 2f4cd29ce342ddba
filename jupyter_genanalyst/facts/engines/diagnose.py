"""Diagnostic and model-based facts for any engine: tests on a bounded sample, time in-engine.

Why a sample: drivers, correlations, missingness tests and models (Spearman, Kruskal–Wallis,
χ², gradient boosting) are rank- or model-based; the pandas path already runs them on a
seeded 100,000-row sample. Here the engine draws that sample and collects only it; every
fact states the sample's size and method, and its evidence redraws the same sample.
Per-period means (anomalies and level shifts over time) are aggregated in the engine on
all rows instead, with evidence in the engine's terms.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .._context import MAX_COLUMN_FACTS
from .._frame import quiet
from .._outliers import _level_shift, _period_points
from .._trend import MAX_MEASURES
from ..describe import cap
from ..diagnose import _rename, diagnose
from ..predict import predict
from ..prescribe import prescribe
from ..types import Fact, FactSet
from .backend import Backend, period_series
from .detect import check_engine
from .profile import profile
from .registry import backend_for
from .sample import EngineSample, sample_pandas

DIAGNOSE_SAMPLE = 100_000
_DF = re.compile(r"\bdf\b")
_TIME = ("diag.anomaly.", "diag.shift.")


def on_sample(fact: Fact, sample: EngineSample) -> Fact:
    """A fact computed on ``sample.frame``, restated for the engine's frame: its evidence
    redraws the sample from ``df``, and its caveats say how the sample was drawn."""
    evidence = {k: _DF.sub(sample.expr, v) for k, v in fact.evidence.items()}
    extra = tuple(c for c in sample.caveat() if c not in fact.caveats)
    size = (
        fact.sample_size
        if sample.size is None
        else min(sample.size, fact.sample_size or sample.size)
    )
    return replace(fact, evidence=evidence, caveats=fact.caveats + extra, sample_size=size)


@quiet
def diagnose_any(
    obj: Any,
    *,
    target: Any = None,
    time: Any = None,
    max_facts: int = MAX_COLUMN_FACTS,
    sample: int = DIAGNOSE_SAMPLE,
    seed: int = 0,
) -> FactSet:
    """:func:`jupyter_genanalyst.facts.diagnose` for any engine's frame (see module doc)."""
    if check_engine(obj, "diagnose") == "pandas":
        return diagnose(obj, target=target, time=time, max_facts=max_facts)
    b = backend_for(obj)
    drawn = sample_pandas(obj, sample, seed)
    facts = diagnose(drawn.frame, target=target, time=time, max_facts=10**9)
    kept = [f for f in facts if not f.id.startswith(_TIME) and f.id != "diag.truncated"]
    moved = [on_sample(f, drawn) for f in kept]
    moved += _time_anomalies(b, obj, time)
    summary = [f for f in moved if f.id.startswith("diag.drivers.")]
    rest = [f for f in moved if not f.id.startswith("diag.drivers.")]
    return FactSet(summary + [_rename(f) for f in cap(rest, max_facts)])


def _time_anomalies(b: Backend, obj: Any, time: Any) -> list[Fact]:
    from .describe import _axis

    prof = profile(obj, b, time)
    if prof.time is None:
        return []
    axis = _axis(b, prof)
    if axis is None:
        return []
    col = axis.col
    cols = [c for c in prof.of_type("numeric") if c.pos != col.pos][:MAX_MEASURES]
    if not cols:
        return []
    frame = b.periods(col.label, axis.freq, [c.label for c in cols])
    out: list[Fact] = []
    for i, c in enumerate(cols):
        s = period_series(frame[["p", f"m{i}"]], axis.freq).astype(float)
        if len(s) < 8:
            continue
        expr = b.period_evidence(col.label, axis.freq, c.label)
        out += _period_points(axis.unit, c, s, expr)
        out += _level_shift(axis.unit, c, s, expr)
    return out


def _model_on_sample(fn: Callable[..., FactSet], obj: Any, n: int, seed: int, **kw: Any) -> FactSet:
    if check_engine(obj, fn.__name__) == "pandas":
        return fn(obj, **kw)
    drawn = sample_pandas(obj, n, seed)
    return FactSet(on_sample(f, drawn) for f in fn(drawn.frame, **kw))


def predict_any(
    obj: Any, *, target: Any, sample: int = DIAGNOSE_SAMPLE, seed: int = 0, **kw: Any
) -> FactSet:
    """:func:`jupyter_genanalyst.facts.predict` on a bounded, seeded sample of any engine."""
    return _model_on_sample(predict, obj, sample, seed, target=target, **kw)


def prescribe_any(
    obj: Any, *, target: Any, sample: int = DIAGNOSE_SAMPLE, seed: int = 0, **kw: Any
) -> FactSet:
    """:func:`jupyter_genanalyst.facts.prescribe` on a bounded, seeded sample of any engine."""
    return _model_on_sample(prescribe, obj, sample, seed, target=target, **kw)
