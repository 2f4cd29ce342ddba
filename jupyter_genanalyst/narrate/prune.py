"""Machines prune before the human: hide candidates that fail cheap, certain checks.

Why: a reviewer's attention is the scarcest thing in the loop. A candidate that names no
column, states a number no fact backs (its title included), carries template debris
(``{{id}}``, ``[field_name]``, ``<placeholder>``, leftover JSON) or offers code that does
not parse or uses unknown names is not worth a look. It is kept in the bundle with
``hidden`` set to the reason (the UI collapses it under "n candidates hidden — why"),
its failing code cells removed so nothing broken can be inserted, and it is never first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from jupyter_genanalyst.facts.types import Fact
from jupyter_genanalyst.i18n import message
from jupyter_genanalyst.narrate.code_checks import check_cells
from jupyter_genanalyst.narrate.grounding import check_numbers
from jupyter_genanalyst.narrate.types import CodeCheck, Proposal

__all__ = ["debris", "hide_reason", "names_a_column", "prune"]

_HTML_TAGS = "b|i|em|strong|br|small|sub|sup|code|pre|p|span|div|a|ul|ol|li|table|tr|td|th|hr"
_DEBRIS = (
    re.compile(r"\{\{[^{}]*\}\}|\{%[^{}]*%\}"),  # {{x}}, {% x %}
    re.compile(r"(?<![\]!])\[(?:[a-z]+_[a-z_]+|[A-Z][A-Z_]{2,}|field|column|value|name)\](?!\()"),
    re.compile(rf"<(?!/?(?:{_HTML_TAGS})\b)[a-zA-Z_][\w ]{{0,30}}>"),  # <placeholder>
    re.compile(r"(?m)^\s*[{\[]\s*\"|\"[\w ]{1,40}\"\s*:\s*[\"\[{\d]"),  # leftover JSON
    re.compile(r"(?i)\b(?:lorem ipsum|insert (?:text|number|column) here|TODO)\b"),
)


def debris(text: str) -> str | None:
    """The first piece of template debris in ``text``, or None."""
    for pattern in _DEBRIS:
        m = pattern.search(text)
        if m:
            return m.group(0).strip()
    return None


def names_a_column(text: str, columns: Iterable[str]) -> bool:
    """Whether ``text`` mentions any column by name (case-insensitive, whole word)."""
    lowered = text.lower()
    for column in columns:
        name = str(column).lower()
        if name and re.search(r"(?<![a-z0-9_])" + re.escape(name) + r"(?![a-z0-9_])", lowered):
            return True
    return False


def _unmatched(text: str, facts: Sequence[Fact]) -> list[str]:
    return [n.text for n in check_numbers(text, facts) if not n.verified]


def _checks_of(
    proposal: Proposal, columns: Sequence[str], variables: Iterable[str], frame_name: str
) -> tuple[CodeCheck, ...]:
    """The proposal's own code checks when they cover its code (composition attaches them,
    made by ``check_cells``, the same rules); else the cells are checked here."""
    if tuple(c.source for c in proposal.code_checks) == proposal.code:
        return proposal.code_checks
    return check_cells(proposal.code, columns=columns, variables=variables, frame_name=frame_name)


def _bad_cells(checks: Sequence[CodeCheck]) -> list[tuple[str, str]]:
    """(cell, first problem) for each code cell that fails the static checks."""
    bad = []
    for check in checks:
        problems = list(check.problems) + [flag.message for flag in check.safety]
        if not check.parses or problems:
            bad.append((check.source, problems[0] if problems else "does not parse"))
    return bad


def hide_reason(
    proposal: Proposal,
    facts: Sequence[Fact],
    *,
    columns: Sequence[str],
    variables: Iterable[str] = (),
    frame_name: str = "df",
    language: str = "en",
) -> str | None:
    """Why ``proposal`` should be hidden (one line, in ``language``), or None to show it."""
    checks = _checks_of(proposal, columns, list(variables), frame_name)
    return _reason(proposal, facts, columns, _bad_cells(checks), language)


def _reason(
    proposal: Proposal,
    facts: Sequence[Fact],
    columns: Sequence[str],
    bad: list[tuple[str, str]],
    language: str,
) -> str | None:
    text = f"{proposal.title}\n\n{proposal.narrative}"
    if not proposal.narrative.strip():
        return message("hidden.empty", language)
    found = debris(text)
    if found:
        return message("hidden.debris", language, debris=found)
    if not names_a_column(text, columns):
        return message("hidden.no_column", language)
    wrong = _unmatched(proposal.title, facts) + _unmatched(proposal.narrative, facts)
    if wrong:
        return message("hidden.unmatched_numbers", language, numbers=", ".join(wrong[:5]))
    if bad:
        return message("hidden.code", language, problem=bad[0][1])
    return None


def prune(
    proposals: Sequence[Proposal],
    facts: Sequence[Fact],
    *,
    columns: Sequence[str],
    variables: Iterable[str] = (),
    frame_name: str = "df",
    language: str = "en",
) -> list[Proposal]:
    """Every proposal, shown ones first (order kept), hidden ones after with their reason.

    Code cells failing the checks are removed from every proposal (a model's broken
    code is dropped, not offered behind a tick-box); a proposal that had such a cell is
    hidden for it.
    """
    names = list(variables)
    shown: list[Proposal] = []
    hidden: list[Proposal] = []
    for proposal in proposals:
        checks = _checks_of(proposal, columns, names, frame_name)  # once per cell
        failing = _bad_cells(checks)
        reason = _reason(proposal, facts, columns, failing, language)
        bad = {cell for cell, _ in failing}
        kept = tuple(c for c in proposal.code if c not in bad)
        checks = tuple(c for c in checks if c.source not in bad)
        proposal = replace(proposal, code=kept, code_checks=checks, hidden=reason)
        (hidden if reason else shown).append(proposal)
    return shown + hidden
