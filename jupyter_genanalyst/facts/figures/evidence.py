"""Re-run a figure fact's evidence: the namespace to evaluate it in, and a checker.

Per-chart facts (``fig.<chart>.…``) evaluate with ``fig`` bound to that chart;
dashboard facts (``fig.dashboard.…``) refer to charts as ``figs['<slug>']``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from jupyter_genanalyst.facts.figures.collect import NamedFigure, collect_figures
from jupyter_genanalyst.facts.types import Fact


def evidence_namespace(fact: Fact, figures: list[NamedFigure]) -> dict[str, Any]:
    """``{"fig", "figs", "np", "pd"}`` for evaluating ``fact.evidence``."""
    by_slug = {nf.slug: nf.figure for nf in figures}
    return {"fig": by_slug.get(fact.id.split(".")[1]), "figs": by_slug, "np": np, "pd": pd}


def _same(got: Any, want: Any) -> bool:
    if isinstance(got, np.generic):
        got = got.item()
    if want is None and isinstance(got, float):
        return not math.isfinite(got)  # a fact holds a NaN or ±inf result as None
    if (
        isinstance(want, (int, float))
        and not isinstance(want, bool)
        and isinstance(got, (int, float))
    ):
        return math.isclose(float(got), float(want), rel_tol=1e-9, abs_tol=1e-12) or (
            math.isnan(float(got)) and math.isnan(float(want))
        )
    return str(got) == str(want)


def check_evidence(facts: Any, obj: Any) -> list[str]:
    """Every mismatch between a fact value and its re-evaluated evidence (empty = all good)."""
    figures = collect_figures(obj)
    problems = []
    for fact in facts:
        ns = evidence_namespace(fact, figures)
        for name, expr in fact.evidence.items():
            try:
                got = eval(expr, ns)
            except Exception as exc:  # report, do not hide, a broken expression
                problems.append(f"{fact.id}.{name}: {type(exc).__name__}: {exc}")
                continue
            if not _same(got, fact.values.get(name)):
                problems.append(
                    f"{fact.id}.{name}: evidence gives {got!r}, fact says {fact.values.get(name)!r}"
                )
    return problems
