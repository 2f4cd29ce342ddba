"""The answer card: the computed value first, at the asked precision, in the user's language,
then how it was computed, then a code cell that recomputes it.

Why values are formatted here and not by a model: the card is the product's answer; every
number in it comes from ``Result.values`` and is written by one formatter.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import pandas as pd

from ..facts.factory import make
from ..facts.types import Fact, Value
from ..narrate.grounding import ground
from ..narrate.types import Grounding, Proposal
from . import words as w
from .codegen import code_cell, evidence
from .execute import Result, threshold
from .types import Plan

KIND = {
    "correlation": "diagnostic",
    "test": "diagnostic",
    "regression": "predictive",
    "classify": "predictive",
}


def fmt(value: Value, unit: str, plan: Plan) -> str:
    """A value as the question asked: rounded to ``decimals``, True/False, or percent."""
    if value is None:
        return "NaN"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value
    x = float(value)
    if plan.format == "percent" and unit == "ratio":
        x, unit = 100.0 * x, "percent"
    suffix = "%" if unit == "percent" else ""
    if not math.isfinite(x):
        return str(x)
    if plan.decimals is not None:
        return f"{x:.{plan.decimals}f}{suffix}"
    if isinstance(value, int) or (x.is_integer() and unit in ("count", "duration")):
        return f"{int(x)}{suffix}"
    if x != 0 and abs(x) < 1e-4:
        return f"{x:.3e}{suffix}"
    return f"{round(x, 4):g}{suffix}" if abs(x) < 1e6 else f"{x:.4f}{suffix}"


def plan_id(plan: Plan) -> str:
    """A short stable id for a plan (its JSON hashed)."""
    text = json.dumps(plan.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def _conds(plan: Plan) -> str:
    parts = []
    for f in plan.filters:
        if f.op in ("in", "not_in", "between"):
            v = "[" + ", ".join(str(x) for x in f.values) + "]"
        elif f.op in ("is_null", "not_null"):
            v = ""
        else:
            v = str(f.value)
        parts.append(f"`{f.column}` {w.FILTER[f.op]} {v}".strip())
    return ", ".join(parts)


def assumptions(result: Result, language: str) -> list[str]:
    """The card's 'how it was computed' bullets."""
    lang = w.lang_key(language)
    t = w.TEXT[lang]
    plan = result.plan
    out = []
    if plan.op in ("test", "correlation", "shape", "regression", "classify"):
        out.append(w.METHOD[lang][plan.method or "pearson"])
    if plan.filters:
        out.append(t["where"].format(conds=_conds(plan)))
    if plan.outliers.rule != "none":
        col = plan.outliers.column or plan.column
        key = f"outliers_{plan.outliers.rule}"
        out.append(t[key].format(t=threshold(plan), col=col, k=result.removed_outliers))
    if plan.used_columns():
        out.append(t[f"missing_{plan.missing.strategy}"].format(k=result.dropped_missing))
    if plan.op in ("test", "correlation"):
        out.append(t["alpha"].format(alpha=plan.alpha))
    if plan.op == "classify":
        from .execute import test_size

        out.append(t["split"].format(size=test_size(plan), seed=plan.seed))
    out.append(t["rows"].format(n=result.rows))
    return out


def headline(result: Result, language: str) -> str:
    """'3.09 — mean of `tip`': the asked value first."""
    plan = result.plan
    lang = w.lang_key(language)
    name = plan.primary
    value = fmt(result.values.get(name), result.units.get(name, "number"), plan)
    what = w.describe(plan, lang)
    label = w.VALUE[lang].get(name, name)
    if name in ("value", "count", "values") or (plan.op == "aggregate"):
        return f"{value} — {what}"
    sep = "：" if lang == "zh-Hant" else ": "
    return f"{value} — {what}{sep}{label}" if lang == "zh-Hant" else f"{value} — {label}, {what}"


def to_fact(result: Result, frame: pd.DataFrame, index: int, language: str = "en") -> Fact:
    """The result as a Fact whose evidence expressions recompute each value from ``df``."""
    plan = result.plan
    ev = evidence(plan, frame)
    values = {k: _fitting(v, result.units[k]) for k, v in result.values.items() if k in ev}
    return make(
        id=f"ask-{index}-{plan_id(plan)}",
        kind=KIND.get(plan.op, "descriptive"),  # type: ignore[arg-type]
        topic=f"ask:{plan.op}",
        columns=[c for c in plan.used_columns() if c in frame.columns],
        values=values,
        units={k: result.units[k] for k in values},
        importance=1.0,
        text=headline(result, "en"),
        evidence={k: ev[k] for k in values},
        caveats=tuple(assumptions(result, "en")[:-1]),
        sample_size=result.rows,
    )


def _fitting(value: Any, unit: str) -> Any:
    """A group key that is a number (region code 3) is still a label when its unit is text."""
    if unit == "text" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def proposal(
    result: Result,
    fact: Fact,
    frame: pd.DataFrame,
    *,
    question: str,
    frame_name: str,
    language: str,
    source: str,
    note: str | None = None,
) -> Proposal:
    """The answer card as a Proposal: value first, assumptions, other values, code cell."""
    lang = w.lang_key(language)
    t = w.TEXT[lang]
    plan = result.plan
    title = headline(result, lang)
    lines = [f"**{title}**", ""]
    colon = "：" if lang == "zh-Hant" else ":"
    lines.append(f"_{t['assumptions']}{colon}_")
    lines += [f"- {a}" for a in assumptions(result, lang)]
    others = [
        f"{w.VALUE[lang].get(k, k)} {fmt(v, result.units.get(k, 'number'), plan)}"
        for k, v in result.values.items()
        if k != plan.primary
    ]
    if others:
        lines += ["", f"_{t['also']}{colon}_ " + "; ".join(others)]
    stop = "。" if lang == "zh-Hant" else "."
    lines += ["", f"<small>{t['plan']} {t['source_' + source]}{stop}</small>"]
    code = code_cell(plan, frame, frame_name, title=f"{t['question']}: {question.strip()}"[:200])
    narrative = "\n".join(lines)
    grounding, marked = ground(narrative, [fact], kind=fact.kind)  # our numbers, checked too
    return Proposal(
        id=f"ask-{plan_id(plan)}",
        title=title,
        narrative=narrative,
        grounding=grounding,
        marked_narrative=marked,
        code=(code,),
        fact_ids=(fact.id,),
        origin="plan",
        note=note,
        plan=plan.to_dict(),
    )


def unmapped_card(unmapped: tuple[str, ...], closest: tuple[Plan, ...], language: str) -> Proposal:
    """The card for a question no plan fits: what was not understood and the closest plans,
    with no computed value (never an invented answer)."""
    lang = w.lang_key(language)
    t = w.TEXT[lang]
    part = "; ".join(unmapped) or "?"
    lines = [t["unmapped"].format(part=part), ""]
    lines += [f"- {w.describe(p, lang)}" for p in closest] or [t["none"]]
    return Proposal(
        id="ask-unmapped",
        title=t["unmapped_title"],
        narrative="\n".join(lines),
        grounding=Grounding(numbers=()),  # it states no number: nothing to verify
        origin="template",
        note="unmapped",
    )
