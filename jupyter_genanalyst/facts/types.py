"""Typed facts: the only thing the LLM is ever allowed to talk about.

A :class:`Fact` is an exact, re-checkable statement about a DataFrame (or a plotly
figure). Its ``evidence`` maps each value name to a Python expression that, evaluated
with ``df`` (the frame), ``pd`` and ``np`` in scope, recomputes that value; this is
what lets the grounding check and the user verify every number independently.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["descriptive", "diagnostic", "predictive", "prescriptive", "figure"]
KINDS: tuple[str, ...] = ("descriptive", "diagnostic", "predictive", "prescriptive", "figure")

# How a value should be read and formatted; the grounding check uses it for unit
# conversions (a "percent" value 15.3 also matches "0.153", a "ratio" 0.153 matches "15.3%").
Unit = Literal["count", "number", "percent", "ratio", "currency", "date", "duration", "text"]
UNITS: tuple[str, ...] = (
    "count",
    "number",
    "percent",
    "ratio",
    "currency",
    "date",
    "duration",
    "text",
)

Value = int | float | str | bool | None


def _json_safe(value: Value) -> Value:
    """JSON has no NaN/inf: keep them readable instead of producing invalid JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


@dataclass(frozen=True)
class Fact:
    """One exact finding.

    ``values`` holds the numbers (or short strings) the fact asserts; ``units`` says
    how to read each one; ``evidence`` holds, per value name, an expression that
    recomputes it from ``df``. ``text`` is a plain-English sentence built from the
    values by a template, usable without any LLM.
    """

    id: str
    kind: Kind
    topic: str
    columns: tuple[str, ...]
    values: Mapping[str, Value]
    units: Mapping[str, Unit]
    importance: float
    text: str
    evidence: Mapping[str, str] = field(default_factory=dict)
    caveats: tuple[str, ...] = ()
    sample_size: int | None = None

    def numeric_values(self) -> dict[str, float]:
        """The finite numeric values, by name (booleans excluded)."""
        out: dict[str, float] = {}
        for name, value in self.values.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            if math.isfinite(float(value)):
                out[name] = float(value)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "topic": self.topic,
            "columns": list(self.columns),
            "values": {k: _json_safe(v) for k, v in self.values.items()},
            "units": dict(self.units),
            "importance": round(float(self.importance), 6),
            "text": self.text,
            "evidence": dict(self.evidence),
            "caveats": list(self.caveats),
            "sample_size": self.sample_size,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fact:
        return cls(
            id=str(data["id"]),
            kind=data["kind"],
            topic=str(data["topic"]),
            columns=tuple(str(c) for c in data.get("columns", ())),
            values=dict(data.get("values", {})),
            units=dict(data.get("units", {})),
            importance=float(data.get("importance", 0.0)),
            text=str(data.get("text", "")),
            evidence=dict(data.get("evidence", {})),
            caveats=tuple(data.get("caveats", ())),
            sample_size=data.get("sample_size"),
        )

    def _repr_markdown_(self) -> str:
        evidence = "; ".join(f"`{k}`: `{v}`" for k, v in self.evidence.items())
        line = f"**{self.id}** ({self.kind}) — {self.text}"
        if self.caveats:
            line += " _(" + "; ".join(self.caveats) + ")_"
        return line + (f"<br><small>evidence: {evidence}</small>" if evidence else "")


class FactSet(tuple[Fact, ...]):
    """An ordered, immutable collection of facts (most important first) that renders itself."""

    def __new__(cls, facts: Iterable[Fact] = ()) -> FactSet:
        ordered = sorted(facts, key=lambda f: (-f.importance, f.id))
        return super().__new__(cls, ordered)

    def by_id(self) -> dict[str, Fact]:
        return {f.id: f for f in self}

    def of_kind(self, kind: str) -> FactSet:
        return FactSet(f for f in self if f.kind == kind)

    def top(self, n: int) -> FactSet:
        return FactSet(list(self)[:n])

    def ids(self) -> list[str]:
        return [f.id for f in self]

    def to_json(self) -> str:
        return json.dumps([f.to_dict() for f in self], ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> FactSet:
        return cls(Fact.from_dict(d) for d in json.loads(text))

    def __add__(self, other: Iterable[Fact]) -> FactSet:  # type: ignore[override]
        return FactSet([*self, *other])

    def __iter__(self) -> Iterator[Fact]:
        return super().__iter__()

    def _repr_markdown_(self) -> str:
        if not self:
            return "_No facts._"
        rows = ["| id | kind | finding |", "|---|---|---|"]
        for f in self:
            text = f.text.replace("|", "\\|")
            rows.append(f"| `{f.id}` | {f.kind} | {text} |")
        return "\n".join(rows)

    def _repr_html_(self) -> str:
        items = "".join(
            f"<tr><td><code>{html.escape(f.id)}</code></td><td>{f.kind}</td>"
            f"<td>{html.escape(f.text)}</td></tr>"
            for f in self
        )
        return f"<table><tr><th>id</th><th>kind</th><th>finding</th></tr>{items}</table>"
