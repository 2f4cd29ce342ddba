"""Edit a plan card's plan and run it again, on the same frame (docs/ask.md, "Edit and re-run").

The review card (the labextension's renderer through the ``rerun_plan`` comm request, or the
ipywidgets review in the kernel) sends the edited plan as JSON. It is checked in three gates
before anything runs — the shipped plan schema (structure, enums, types), ``Plan.from_dict``,
then ``check`` against the frame (columns exist, types fit) — and then our own executor runs
it with ``answer_plan``. Nothing a model wrote is executed; the frame is only read (the
executor works on a copy). Every mistake is one ``GenAnalystError`` line for the card.

The new card goes right after the edited one (``p1`` → ``p1-r1``, ``p1-r2`` …); when a card
with the same plan is already in the review, that card is recomputed in place instead.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..bundle import MAX_FACTS_IN_BUNDLE, proposal_entry
from ..errors import GenAnalystError
from ..plan import Plan, answer_plan, base_schema, check
from . import state as rs

RERUN_MARK = "-r"
MAX_PLAN_CHARS = 20_000  # a plan is a few hundred characters; refuse pasted data dumps


def parse_plan(plan: Any) -> dict[str, Any]:
    """The edited plan as a dict: JSON text (from a text area) or an already-decoded object."""
    if isinstance(plan, str):
        if len(plan) > MAX_PLAN_CHARS:
            raise GenAnalystError(f"The plan is too long ({len(plan)} characters).")
        try:
            plan = json.loads(plan)
        except json.JSONDecodeError as exc:
            raise GenAnalystError(
                f"The plan is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
            ) from exc
    if not isinstance(plan, Mapping):
        raise GenAnalystError('The plan must be a JSON object like {"version": "1", …}.')
    return compact(plan)


def compact(plan: Mapping[str, Any]) -> dict[str, Any]:
    """The plan without ``null`` fields (a null is an absent field: ``Plan.to_dict`` writes
    every field, the schema and a human editing it want only the ones that say something)."""
    return {
        k: compact(v) if isinstance(v, Mapping) else v for k, v in plan.items() if v is not None
    }


def schema_problems(plan: Mapping[str, Any]) -> list[str]:
    """Every way ``plan`` breaks the shipped plan schema, one short line each."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(base_schema())
    out = []
    for error in sorted(validator.iter_errors(dict(plan)), key=lambda e: list(e.absolute_path)):
        where = ".".join(str(p) for p in error.absolute_path) or "plan"
        out.append(f"{where}: {_short(error.message)}")
    return out


def validated(plan: Any, frame: pd.DataFrame) -> Plan:
    """The edited plan as a typed ``Plan`` that can run on ``frame``, or one error line."""
    data = parse_plan(plan)
    problems = schema_problems(data)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise GenAnalystError(f"Invalid plan: {problems[0]}{more}.")
    typed = Plan.from_dict(data)
    check(typed, frame)
    return typed


def rerun(
    bundle: Mapping[str, Any], proposal_id: str, plan: Any, frame: Any
) -> tuple[dict[str, Any], str]:
    """The bundle with the edited plan's card added after ``proposal_id`` (or an identical
    plan's card recomputed), and that card's id. The review decisions are kept."""
    if not isinstance(frame, pd.DataFrame):
        raise GenAnalystError("Re-running a plan needs the pandas DataFrame it was asked about.")
    edited = rs.proposal_of(dict(bundle), proposal_id)
    if edited.get("origin") != "plan" or not edited.get("plan"):
        raise GenAnalystError(f"{proposal_id} is not a plan card; only plan cards can be re-run.")
    typed = validated(plan, frame)
    request = bundle.get("request") or {}
    language = str(bundle.get("language") or request.get("language") or "en")
    try:
        found = answer_plan(  # no question: the edited plan answers its own description
            frame,
            typed,
            frame_name=str(request.get("frame") or "df"),
            language=language,
        )
    except GenAnalystError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, ArithmeticError) as exc:
        raise GenAnalystError(f"The plan could not run on this frame: {exc}") from exc
    proposals = [dict(p) for p in bundle.get("proposals") or []]
    wire = json.loads(json.dumps(found.plans[0].to_dict(), default=str))  # tuples → lists
    same = next((p["id"] for p in proposals if p.get("plan") == wire), None)
    new_id = same or _next_id(proposal_id, [p["id"] for p in proposals])
    card = proposal_entry(found.proposals[0], list(found.facts), language)
    card["id"] = new_id
    if same is not None:
        proposals = [card if p["id"] == same else p for p in proposals]
    else:
        at = next(i for i, p in enumerate(proposals) if p["id"] == proposal_id)
        proposals.insert(at + 1, card)
    new_facts = [f.to_dict() for f in found.facts]
    fresh = {f["id"] for f in new_facts}
    old = [f for f in bundle.get("facts") or [] if f.get("id") not in fresh]
    out = {**bundle, "proposals": proposals, "facts": (new_facts + old)[:MAX_FACTS_IN_BUNDLE]}
    out["review"] = dict(bundle.get("review") or {})
    if same is not None:  # a recomputed card is a new card: its old decision does not carry
        out["review"].pop(same, None)
    return out, new_id


def _next_id(proposal_id: str, taken: list[str]) -> str:
    base = proposal_id.split(RERUN_MARK)[0]
    n = 1
    while f"{base}{RERUN_MARK}{n}" in taken:
        n += 1
    return f"{base}{RERUN_MARK}{n}"


def _short(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
