"""Re-evaluate every fact's evidence on its frame (shared by the facts tests)."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.facts import Fact


def same(a: object, b: object, rel: float = 1e-9, abs_: float = 1e-12) -> bool:
    if a is None and isinstance(b, (float, np.floating)):
        return not math.isfinite(float(b))  # a fact holds a NaN or ±inf result as None
    if isinstance(a, (bool, np.bool_)) or isinstance(b, (bool, np.bool_)):
        return bool(a) == bool(b)
    if isinstance(a, (int, float, np.number)) and isinstance(b, (int, float, np.number)):
        fa, fb = float(a), float(b)
        if math.isnan(fa) or math.isnan(fb):
            return math.isnan(fa) and math.isnan(fb)
        return math.isclose(fa, fb, rel_tol=rel, abs_tol=abs_)
    if a is None or b is None:
        return a is None and b is None
    return str(a) == str(b)


def mismatches(df: pd.DataFrame, facts: Iterable[Fact]) -> list[str]:
    """Every (fact id, value name) whose evidence does not reproduce the value."""
    env = {"df": df, "pd": pd, "np": np, "ga": ga}
    bad = []
    for fact in facts:
        for name, expr in fact.evidence.items():
            try:
                with np.errstate(all="ignore"):
                    got = eval(expr, dict(env))
            except Exception as exc:  # report, don't stop: one test lists all problems
                bad.append(f"{fact.id}.{name}: {expr} raised {type(exc).__name__}: {exc}")
                continue
            if isinstance(got, pd.Period | pd.Timestamp):
                got = str(got)
            if not same(fact.values[name], got):
                bad.append(f"{fact.id}.{name}: value {fact.values[name]!r} != evidence {got!r}")
    return bad
