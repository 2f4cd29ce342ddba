"""The model planner: a ChatModel fills the plan under the per-frame schema.

Why constrained: a 135M model chooses reliably among a few enums and fails at free text, so
the schema's column and value references are the frame's own names, strings are short, and
the output is parsed, turned into a typed Plan and checked against the frame; anything else
is dropped with the reason (the deterministic parser stays the floor).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..errors import GenAnalystError, LLMServerDownError, LLMUnavailableError
from ..llm.model import ChatModel
from .schema import frame_schema, per_op_schema
from .types import Plan
from .validate import check, is_numeric

MAX_TOKENS = 220  # a plan is ~40-120 tokens; the cap stops whitespace loops in JSON mode

SYSTEM = (
    "You turn a question about a table into one JSON analysis plan. "
    "Use only the given column names. op: count | aggregate (agg of column) | "
    "group_aggregate (agg of column by group_by) | top_k | value_counts | correlation "
    "(method pearson/spearman/kendall) | test (method: shapiro, ttest_ind, welch, chi2, anova, "
    "...) | shape (method skew/kurtosis) | regression (target, features) | classify | "
    "date_range. filters: [{column, op, value}]. decimals: digits the question asks to round to. "
    "Answer with JSON only."
)


@dataclass(frozen=True)
class ModelPlan:
    """The model's plan, or None with the reason it was dropped."""

    plan: Plan | None
    raw: str = ""
    error: str | None = None
    server_down: bool = False  # the pipeline may stop asking the model for this request


def columns_line(frame: pd.DataFrame, limit: int = 60) -> str:
    """'tip (number), day (text), …': the frame as the prompt shows it (names and kinds only)."""
    parts = []
    for c in list(frame.columns)[:limit]:
        s = frame[c]
        kind = (
            "date"
            if pd.api.types.is_datetime64_any_dtype(s)
            else "number"
            if is_numeric(s)
            else "text"
        )
        parts.append(f"{c} ({kind})")
    return ", ".join(parts)


def plan_with_model(
    model: ChatModel,
    frame: pd.DataFrame,
    question: str,
    *,
    seed: int = 0,
    values: Mapping[str, list[str]] | None = None,
    scrub: Callable[[str], str] | None = None,
    max_tokens: int = MAX_TOKENS,
) -> ModelPlan:
    """Ask ``model`` for a plan; ``values`` overrides the categorical value enums (pass the
    privacy guard's safe values) and ``scrub`` masks PII in the question before it leaves."""
    # local $refs stay: llama.cpp turns each into one grammar rule shared by every branch
    schema = per_op_schema(frame_schema(frame, values=values))
    text = scrub(question) if scrub else question
    messages = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"Columns: {columns_line(frame)}\nQuestion: {text}"},
    ]
    try:
        raw = model.chat(messages, schema=schema, max_tokens=max_tokens, temperature=0.0, seed=seed)
    except LLMServerDownError as exc:  # the parser is the floor: answer without the model
        return ModelPlan(None, "", f"server down: {exc}", server_down=True)
    except LLMUnavailableError as exc:
        return ModelPlan(None, "", f"model gave no plan: {exc}")
    try:
        data: Any = json.loads(raw)
        data.setdefault("version", "1")
        data = {k: v for k, v in data.items() if v is not None}
        plan = Plan.from_dict(data)
        check(plan, frame)
    except (ValueError, AttributeError, TypeError) as exc:  # GenAnalystError is a ValueError
        reason = str(exc) if isinstance(exc, GenAnalystError) else f"unreadable plan ({exc})"
        return ModelPlan(None, raw, reason)
    return ModelPlan(plan, raw)
