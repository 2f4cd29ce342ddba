"""Default plots chosen by column roles: a line over time, a histogram, bars for categories.

Why from the facts and not the model: the facts layer already knows each column's role
(a ``distribution`` fact means a continuous column, ``categories`` a categorical one,
``dates``/``time``/``trend`` a time axis). A bar chart of ``value_counts()`` of a stock
price is what a guess produces; a role is not a guess. The cell is code for the human to
run, never run by us.
"""

from __future__ import annotations

from collections.abc import Iterable

from jupyter_genanalyst.facts.types import Fact

_CONTINUOUS = {"distribution", "outliers", "anomaly"}
_CATEGORICAL = {"categories", "boolean"}
_TIME = {"dates", "time", "trend", "change", "level", "forecast", "backtest"}


def column_roles(facts: Iterable[Fact]) -> dict[str, str]:
    """Column → ``"time"``, ``"continuous"`` or ``"categorical"``, as the facts show them."""
    roles: dict[str, str] = {}
    for fact in facts:
        if fact.kind == "figure" or not fact.columns:
            continue
        first = fact.columns[0]
        if fact.topic in ("dates", "time"):
            roles[first] = "time"
        elif fact.topic in _CONTINUOUS:
            roles.setdefault(first, "continuous")
        elif fact.topic in _CATEGORICAL:
            roles.setdefault(first, "categorical")
    return roles


def _time_axis(facts: list[Fact], roles: dict[str, str]) -> str | None:
    for fact in facts:
        if fact.topic in _TIME:
            for column in fact.columns:
                if roles.get(column) == "time":
                    return column
    return next((c for c, r in roles.items() if r == "time"), None)


def default_plot(focus: Iterable[Fact], all_facts: Iterable[Fact], frame_name: str) -> str | None:
    """A plotly express cell for the first focus column with a known role, or None.

    ``focus`` are the facts the story tells (lead first); ``all_facts`` supply the roles.
    A column measured over time is drawn as a line against the time axis.
    """
    focus = [f for f in focus if f.kind != "figure" and f.columns]
    facts = list(all_facts)
    roles = column_roles(facts)
    time_axis = _time_axis(facts, roles)
    for fact in focus:
        for column in fact.columns:
            role = roles.get(column)
            if fact.topic in _TIME and time_axis and column != time_axis and role != "categorical":
                return _cell(
                    f"px.line({frame_name}.groupby({time_axis!r}, as_index=False)[{column!r}]"
                    f".sum(), x={time_axis!r}, y={column!r})"
                )
            if role == "continuous":
                return _cell(f"px.histogram({frame_name}, x={column!r})")
            if role == "categorical":
                return _cell(
                    f"px.bar({frame_name}[{column!r}].astype(str).value_counts().head(20))"
                )
    return None


def _cell(call: str) -> str:
    return f"import plotly.express as px\n\n{call}"
