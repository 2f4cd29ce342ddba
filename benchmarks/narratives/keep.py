"""What "worth keeping" means for one shown candidate, measured by machine.

A candidate is worth keeping when it names a column, has at least one number that matches a
fact and none that do not (title included), carries no template debris, and its code parses
and runs on the frame. Running code here is the benchmark's job (the product never runs a
cell); cells are run only after the static safety check passes, each in a fresh namespace.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence

import numpy as np
import pandas as pd

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.facts.types import Fact
from jupyter_genanalyst.narrate.code_checks import check_code_cell
from jupyter_genanalyst.narrate.grounding import check_numbers
from jupyter_genanalyst.narrate.prune import debris, names_a_column
from jupyter_genanalyst.narrate.types import Proposal


def why_not_kept(
    proposal: Proposal, facts: Sequence[Fact], frame: pd.DataFrame | None, frame_name: str
) -> str | None:
    """None when the candidate is worth keeping, else the first reason it is not."""
    columns = [str(c) for c in frame.columns] if frame is not None else []
    columns += [c for f in facts for c in f.columns]
    text = f"{proposal.title}\n{proposal.narrative}"
    if not names_a_column(text, columns):
        return "names no column"
    checks = list(check_numbers(proposal.title, facts)) + list(
        check_numbers(proposal.narrative, facts)
    )
    if not any(c.verified for c in checks):
        return "no number that matches a fact"
    wrong = [c.text for c in checks if not c.verified]
    if wrong:
        return f"unmatched numbers {wrong[:3]}"
    found = debris(text)
    if found:
        return f"debris {found!r}"
    for cell in proposal.code:
        check = check_code_cell(
            cell, columns=columns, variables={frame_name, "pd", "np", "ga", "px"}
        )
        if not check.parses or check.safety:
            return f"code: {(check.problems or ('unsafe',))[0]}"
        if frame is None:
            continue
        namespace = {frame_name: frame.copy(), "pd": pd, "np": np, "ga": ga}
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(cell, "<candidate>", "exec"), namespace)
        except Exception as exc:  # a failing cell is exactly what we measure
            return f"code fails: {type(exc).__name__}: {exc}"[:160]
    return None
