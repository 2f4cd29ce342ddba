"""Let a model propose further hypotheses — only of kinds our code can test.

Why: a tiny model is weak at analysis but can pick among options. Here it only chooses a
(change, kind, column) triple from enums (JSON schema constrained output); our code then runs
the test. A reply that is not valid JSON, or names a kind, change or column we cannot test,
becomes an "untested" fact (or is dropped when unreadable), never a claim.

What leaves the machine: fact ids, the measure, period labels and column names — no values.
Wrap the model in ``ScrubbedModel(model, guard.scrub)`` as the pipeline does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .facts.hypotheses import KINDS, Change, proposal_schema, run_proposal
from .facts.types import FactSet
from .llm.model import ChatModel

MAX_TOKENS = 80
SYSTEM = (
    "You suggest one explanation to test for a change in a dataset. Answer with JSON: "
    '{"change": <change id>, "kind": <one of the kinds>, "column": <column or null>}. '
    "Kinds: " + ", ".join(KINDS) + "."
)


def propose_hypotheses(
    model: ChatModel,
    df: pd.DataFrame,
    changes: Sequence[Change],
    *,
    time: Any = None,
    n: int = 3,
    seed: int = 0,
) -> FactSet:
    """Ask ``model`` for up to ``n`` proposals (one call each) and test every readable one."""
    if not changes:
        return FactSet()
    columns = [str(c) for c in df.columns]
    schema = proposal_schema(columns, changes)
    listing = "\n".join(f"- {c.id}: {c.describe()}" for c in changes)
    out = []
    seen: set[tuple[Any, ...]] = set()
    for i in range(n):
        messages = [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"Changes:\n{listing}\nColumns: {', '.join(columns)}"},
        ]
        reply = model.chat(
            messages, schema=schema, max_tokens=MAX_TOKENS, temperature=0.7, seed=seed + i
        )
        try:
            proposal = json.loads(reply)
        except json.JSONDecodeError:
            continue  # unreadable: nothing to test, nothing claimed
        if not isinstance(proposal, dict):
            continue
        key = (proposal.get("change"), proposal.get("kind"), proposal.get("column"))
        if key in seen:
            continue
        seen.add(key)
        out.append(run_proposal(df, proposal, changes, time=time))
    return FactSet(out)
