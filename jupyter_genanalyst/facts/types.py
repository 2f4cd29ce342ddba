"""Typed facts: the only thing the LLM is ever allowed to talk about.

A :class:`Fact` is an exact, re-checkable statement about a DataFrame (or a plotly
figure). Its ``evidence`` maps each value name to a Python expression that, evaluated
with ``df`` (the frame), ``pd`` and ``np`` in scope, recomputes that value; this is
what lets the grounding check and the user verify every number independently.

The rules every fact obeys are checked when it is built (:meth:`Fact.__post_init__`), so
no engine, deserializer or ``dataclasses.replace`` can skip them: a well-formed id, a
known kind, a known unit and an evidence expression for every value, values that are
plain scalars with finite numbers (``None`` for a missing one), an importance in [0, 1];
and a :class:`FactSet` never holds two facts with the same id.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from jupyter_genanalyst.errors import GenAnalystError

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

# Dotted ASCII segments (``desc.missing.revenue``, ``fig.sales.trend.total``); ``<…>`` so a
# pseudonym such as ``<person_name_1>`` may stand in for a masked part.
_ID = re.compile(r"[\w<>-]+(?:\.[\w<>-]+)*", re.ASCII)
MAX_ID_LENGTH = 200
_SCALARS = (type(None), bool, int, float, str)
_NUMERIC_UNITS = frozenset(UNITS) - {"date", "text"}


class InvalidFactError(GenAnalystError):
    """A fact that breaks the rules every fact must obey (see the module docstring)."""


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

    def __post_init__(self) -> None:
        problem = _problem(self)
        if problem:
            raise InvalidFactError(f"fact {self.id!r}: {problem}")

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
            "values": dict(self.values),
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


def _problem(fact: Fact) -> str:
    """What is wrong with ``fact`` (empty when nothing is)."""
    if not isinstance(fact.id, str) or not _ID.fullmatch(fact.id) or len(fact.id) > MAX_ID_LENGTH:
        return "the id must be dot-separated ASCII words (letters, digits, _ - < >)"
    if fact.kind not in KINDS:
        return f"unknown kind {fact.kind!r} (one of {', '.join(KINDS)})"
    names = set(fact.values)
    if set(fact.units) != names:
        return _mismatch("units", names, set(fact.units))
    unknown = sorted(str(u) for u in fact.units.values() if u not in UNITS)
    if unknown:
        return f"unknown units {unknown} (one of {', '.join(UNITS)})"
    if set(fact.evidence) != names:
        return _mismatch("evidence", names, set(fact.evidence))
    if not all(isinstance(e, str) and e.strip() for e in fact.evidence.values()):
        return "every evidence expression must be non-empty text"
    for name, value in fact.values.items():
        if type(value) not in _SCALARS:
            return f"value {name!r} is a {type(value).__name__}, not a plain scalar"
        if isinstance(value, float) and not math.isfinite(value):
            return f"value {name!r} is {value}; a number that is not finite must be None"
        if value is not None and not _fits(value, fact.units[name]):
            return f"value {name!r} = {value!r} does not fit its unit {fact.units[name]!r}"
    if not (isinstance(fact.importance, (int, float)) and 0.0 <= fact.importance <= 1.0):
        return f"importance {fact.importance!r} is not in [0, 1]"
    if fact.sample_size is not None and (type(fact.sample_size) is not int or fact.sample_size < 0):
        return f"sample_size {fact.sample_size!r} is not a count"
    return ""


def _fits(value: Value, unit: str) -> bool:
    """Numbers for numeric units, text for dates, text or a flag for text: so the grounding
    check never reads a label as a quantity or a quantity as a label. (Counts need not be
    whole: the mean of a count per bin is read in counts too.)"""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if unit in _NUMERIC_UNITS:
        return number
    if unit == "date":
        return isinstance(value, str)
    return not number


def _mismatch(what: str, names: set[str], given: set[str]) -> str:
    missing, extra = sorted(names - given), sorted(given - names)
    parts = [f"no {what} for {missing}"] if missing else []
    parts += [f"{what} for unknown values {extra}"] if extra else []
    return "; ".join(parts)


class FactSet(tuple[Fact, ...]):
    """An ordered, immutable collection of facts (most important first) that renders itself.

    Ids are unique within a set: they are how narratives cite facts.
    """

    def __new__(cls, facts: Iterable[Fact] = ()) -> FactSet:
        ordered = sorted(facts, key=lambda f: (-f.importance, f.id))
        dup = sorted(i for i, n in Counter(f.id for f in ordered).items() if n > 1)
        if dup:
            raise InvalidFactError(f"two facts share the id(s) {dup}")
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
