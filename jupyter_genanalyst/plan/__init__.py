"""Ask: question → typed analysis plan → computed answer (generated code is never run).

``answer(frame, question)`` is the one entry point; the parts are public so the pipeline,
the review card (edit a plan → ``execute`` it again) and tests can use them separately.
"""

from __future__ import annotations

from .answer import PlanAnswer, answer, answer_plan
from .codegen import code_cell, evidence
from .execute import Result, execute
from .parse import Parse, parse_question
from .planner import ModelPlan, plan_with_model
from .schema import base_schema, frame_schema
from .types import PLAN_VERSION, Derive, Filter, Missing, Outliers, Plan
from .validate import check

__all__ = [
    "PLAN_VERSION",
    "Derive",
    "Filter",
    "Missing",
    "ModelPlan",
    "Outliers",
    "Parse",
    "Plan",
    "PlanAnswer",
    "Result",
    "answer",
    "answer_plan",
    "base_schema",
    "check",
    "code_cell",
    "evidence",
    "execute",
    "frame_schema",
    "parse_question",
    "plan_with_model",
]
