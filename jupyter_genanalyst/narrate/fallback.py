"""Template proposals built straight from facts — what the user gets when no LLM answers.

Why: the product must stay useful offline and when the local server is down or returns
garbage. Fact texts are already exact English sentences, so a template narrative is
faithful by construction; the proposals still go through :func:`ground` so they carry
the same grounding record (and would expose a fact whose text states a number its
values do not hold). Each proposal takes a different angle — headline, data quality,
one topic in depth — so the reviewer still has a real choice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from jupyter_genanalyst.facts.types import Fact, FactSet
from jupyter_genanalyst.narrate.evidence_code import evidence_cell
from jupyter_genanalyst.narrate.grounding import ground
from jupyter_genanalyst.narrate.types import Proposal

MAX_FACTS = 6  # per proposal: a narrative a human reads in one go
_QUALITY = re.compile(
    r"(?i)missing|null|nan|duplicat|outlier|constant|quality|dtype|type|"
    r"cardinality|unique|invalid|mixed|empty|zero|negative|range|anomal"
)
_TIME = re.compile(r"(?i)date|time|month|year|day|week|period|quarter|^ts$|_ts$|_at$")


# Request verbs (what the magics and API say) → the fact kind they produce.
FACT_KIND = {
    "describe": "descriptive",
    "diagnose": "diagnostic",
    "predict": "predictive",
    "prescribe": "prescriptive",
    "narrate": "figure",
    "ask": "diagnostic",
}


@dataclass(frozen=True)
class _Angle:
    title: str
    intro: str
    facts: tuple[Fact, ...]


def _angles(facts: FactSet, kind: str) -> list[_Angle]:
    """Candidate angles in order of usefulness; duplicates removed later."""
    own = facts.of_kind(FACT_KIND.get(kind, kind)) or facts
    angles = [_Angle("Headline findings", "The most important findings", tuple(own.top(MAX_FACTS)))]
    if kind in ("narrate", "figure"):
        angles = _dashboard_angles(facts) + angles
    quality = [f for f in facts if _QUALITY.search(f.topic)]
    if quality:
        angles.append(
            _Angle(
                "Data quality",
                "What to check before trusting the analysis",
                tuple(quality[:MAX_FACTS]),
            )
        )
    topics: dict[str, list[Fact]] = {}
    for fact in [*own, *(f for f in facts if f not in own)]:
        topics.setdefault(fact.topic, []).append(fact)
    for topic, group in topics.items():
        angles.append(
            _Angle(f"Deep dive: {topic}", f"A closer look at {topic}", tuple(group[:MAX_FACTS]))
        )
    columns: dict[str, list[Fact]] = {}
    for fact in own:
        for column in fact.columns[:1]:
            columns.setdefault(column, []).append(fact)
    for column, group in columns.items():
        angles.append(
            _Angle(
                f"Column focus: {column}",
                f"What the data says about `{column}`",
                tuple(group[:MAX_FACTS]),
            )
        )
    return angles


def _dashboard_angles(facts: FactSet) -> list[_Angle]:
    """A dashboard summary leads with the story across charts, then one note per chart."""
    from jupyter_genanalyst.facts.figures import chart_notes, main_story

    story = tuple(main_story(facts, n=5))
    notes = tuple(group[0] for slug, group in chart_notes(facts).items() if slug != "dashboard")
    return [
        _Angle("Main story", "The main story across the dashboard's charts", story),
        _Angle("Per-chart notes", "One note per chart", notes[: MAX_FACTS + 2]),
    ]


def _narrative(angle: _Angle, frame_name: str) -> str:
    lines = [f"{angle.intro} in `{frame_name}`:", ""]
    for fact in angle.facts:
        line = f"- {fact.text}"
        if fact.caveats:
            line += " _(" + "; ".join(fact.caveats) + ")_"
        lines.append(line)
    return "\n".join(lines)


def _chart_for(fact: Fact, frame: str) -> str | None:
    """A plotly express call showing the evidence of one fact, when its topic suggests one."""
    topic, cols = fact.topic.lower(), list(fact.columns)
    if not cols or fact.kind == "figure":
        return None
    if re.search(r"trend|time|season|forecast|change|growth", topic) and len(set(cols)) >= 2:
        x = next((c for c in cols if _TIME.search(c)), cols[0])
        y = next(c for c in cols if c != x)  # two distinct names: duplicates make no chart
        return f"px.line({frame}.sort_values({x!r}), x={x!r}, y={y!r}, title={fact.text[:80]!r})"
    if re.search(r"correl|relationship|association|depend", topic) and len(cols) >= 2:
        return f"px.scatter({frame}, x={cols[0]!r}, y={cols[1]!r}, title={fact.text[:80]!r})"
    if re.search(r"group|segment|by_", topic) and len(cols) >= 2:
        return f"px.box({frame}, x={cols[0]!r}, y={cols[1]!r})"
    if re.search(r"missing|null", topic):
        return (
            f"px.bar({frame}[{cols!r}].isna().mean().mul(100), "
            "labels={'index': 'column', 'value': 'missing %'})"
        )
    if re.search(r"categor|frequen|top|cardinal|mode|imbalance", topic):
        return f"px.bar({frame}[{cols[0]!r}].value_counts().head(20))"
    if re.search(r"distribut|skew|outlier|spread|histogram|range|summary|stat", topic):
        return f"px.histogram({frame}, x={cols[0]!r})"
    return None


def chart_cell(facts: Iterable[Fact], frame_name: str) -> str | None:
    """The first sensible chart among the facts (one chart keeps the cell readable)."""
    for fact in facts:
        call = _chart_for(fact, frame_name)
        if call:
            return f"import plotly.express as px\n\n{call}"
    return None


def _proposal(
    index: int, angle: _Angle, facts: FactSet, kind: str, frame_name: str, note: str
) -> Proposal:
    narrative = _narrative(angle, frame_name)
    ids = tuple(f.id for f in angle.facts)
    grounding, marked = ground(narrative, facts, kind=kind, cited=ids)
    cells: list[str | None] = [
        evidence_cell(list(angle.facts), frame_name),
        chart_cell(angle.facts, frame_name),
    ]
    return Proposal(
        id=f"t{index}",
        title=angle.title,
        narrative=narrative,
        code=tuple(c for c in cells if c),
        fact_ids=ids,
        origin="template",
        grounding=grounding,
        marked_narrative=marked,
        note=note,
    )


def template_proposals(
    facts: FactSet,
    *,
    kind: str,
    n: int,
    frame_name: str = "df",
    note: str | None = None,
) -> list[Proposal]:
    """Up to ``n`` distinct template proposals (fewer only when the facts allow no more).

    ``note`` is the reason no LLM narrative is shown (e.g. "connection refused"); it ends
    up in every proposal's ``note``.
    """
    facts = FactSet(facts)
    if note and note.lower().startswith("template"):
        label = note  # already a complete note
    else:
        label = f"Template narrative (no LLM answered: {note})" if note else "Template narrative"
    kind = FACT_KIND.get(kind, kind)
    if not facts:
        empty = "No findings were computed for this request, so there is nothing to narrate."
        grounding, marked = ground(empty, (), kind=kind)
        return [
            Proposal(
                id="t1",
                title="No findings",
                narrative=empty,
                origin="template",
                grounding=grounding,
                marked_narrative=marked,
                note=label,
            )
        ][: max(n, 0)]
    seen: set[frozenset[str]] = set()
    chosen: list[_Angle] = []
    for angle in _angles(facts, kind):
        key = frozenset(f.id for f in angle.facts)
        if angle.facts and key not in seen:
            seen.add(key)
            chosen.append(angle)
        if len(chosen) >= n:
            break
    return [
        _proposal(i, angle, facts, kind, frame_name, label)
        for i, angle in enumerate(chosen, start=1)
    ]
