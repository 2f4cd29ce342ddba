"""A code cell that recomputes the cited facts from the frame: the numbers come from code.

It is built from the facts' own evidence expressions (never from LLM output), so a
reviewer can run it and see every number of the narrative reproduced.
"""

from __future__ import annotations

import io
import tokenize
from collections.abc import Collection, Mapping, Sequence

from ..facts.types import Fact

MAX_ROWS = 8  # keep inserted cells small and readable


def evidence_cell(
    facts: Sequence[Fact],
    frame_name: str,
    only: Mapping[str, Collection[str]] | None = None,
) -> str | None:
    """A pandas cell re-computing the facts' values, or None when there is nothing to show.

    ``only`` maps fact ids to the value names worth showing (those the narrative quotes);
    a fact without an entry shows its first value, so the cell stays short.
    """
    entries: list[str] = []
    uses_ga = False
    for fact in facts:
        if fact.kind == "figure":
            continue  # figure evidence is bound to one figure each; shown in the facts list
        wanted = set((only or {}).get(fact.id, ())) & set(fact.evidence)
        names = [n for n in fact.evidence if n in wanted] or list(fact.evidence)[:1]
        for name in names:
            expression = fact.evidence[name]
            if len(entries) >= MAX_ROWS:
                break
            uses_ga = uses_ga or "ga." in expression
            entries.append(f"    {f'{fact.id}: {name}'!r}: {rebind(expression, frame_name)},")
    if not entries:
        return None
    lines = ["# Re-compute the numbers cited above from the data (evidence expressions)"]
    lines += ["import numpy as np", "import pandas as pd"]
    if uses_ga:
        lines.append("import jupyter_genanalyst.facts as ga")
    lines += ["pd.Series({", *entries, "}, dtype=object)"]
    return "\n".join(lines)


def rebind(expression: str, frame_name: str, placeholder: str = "df") -> str:
    """Rename the ``df`` placeholder to the user's variable, token-wise (strings untouched),
    so the cell never rebinds a variable of the user's."""
    if frame_name == placeholder or not frame_name.isidentifier():
        return expression
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(expression).readline))
    except (tokenize.TokenError, SyntaxError):
        return expression
    out = [
        tok._replace(string=frame_name)
        if tok.type == tokenize.NAME and tok.string == placeholder
        else tok
        for tok in tokens
    ]
    return tokenize.untokenize(out).strip()
