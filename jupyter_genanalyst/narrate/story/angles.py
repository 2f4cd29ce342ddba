"""Which facts tell each angle's story, lead fact first.

Why separate from the wording: the same choice feeds the storyteller (deterministic) and
the model's "choose and order facts" role (:mod:`..roles`), which may only pick among
the ids offered here. An angle that has nothing to say returns no facts and is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jupyter_genanalyst.facts.types import Fact, FactSet

ANGLES: tuple[str, ...] = (
    "tested",  # only when the facts hold tested hypotheses (the story's diagnose stage)
    "headline",
    "quality",
    "surprise",
    "comparison",
    "executive",
)
MAX_FACTS = 4  # lead + supporting facts: a story read in one go
MAX_TESTED = 6  # a change, what the tests supported, what they did not, the unusual day

# Request verbs → the fact kind they produce.
FACT_KIND = {
    "describe": "descriptive",
    "diagnose": "diagnostic",
    "predict": "predictive",
    "prescribe": "prescriptive",
    "narrate": "figure",
    "ask": "diagnostic",
}

_QUALITY = re.compile(
    r"(?i)missing|null|duplicat|outlier|constant|quality|types|invalid|mixed|empty|identifier"
)
_SURPRISE = re.compile(r"(?i)anomal|outlier|level|shift|change|spike|segment|surprise|consisten")
_COMPARE = re.compile(r"(?i)segment|driver|correl|categor|compare|group|lever|option|consisten")


def own_facts(facts: FactSet, kind: str) -> FactSet:
    """The facts of the request's kind, or all facts when it produced none of its own."""
    return facts.of_kind(FACT_KIND.get(kind, kind)) or facts


# Bookkeeping facts (shape, column types, "looks like an id") are true but lead no story.
_META = {"shape", "types", "identifier", "summary", "time", "dates"}
# Roll-ups ("2 of 9 columns are associated") support a story; a single finding leads it.
_SUMMARIES = {"drivers", "options"}


def _named(facts: Sequence[Fact]) -> list[Fact]:
    """Facts about a column come first, bookkeeping last: a story must name what it is about."""

    def rank(fact: Fact) -> int:
        if fact.topic in _META:
            return 2
        return 0 if fact.columns and fact.topic not in _SUMMARIES else 1

    return sorted(facts, key=rank)  # stable: importance order is kept within a rank


def angle_facts(facts: FactSet, kind: str, angle: str) -> list[Fact]:
    """The facts for ``angle``, most telling first; empty when the angle does not apply."""
    own = _named(list(own_facts(facts, kind)))
    everything = _named(list(facts))
    if angle == "tested":
        return tested(list(own))
    if angle == "headline":
        chosen = own
    elif angle == "quality":
        chosen = [f for f in everything if _QUALITY.search(f.topic)]
    elif angle == "surprise":
        chosen = [f for f in own if _SURPRISE.search(f.topic)]
        if not chosen and len(own) > 1:
            chosen = own[1:]  # the runner-up finding, told on its own
    elif angle == "comparison":
        chosen = [f for f in own if _COMPARE.search(f.topic) or len(f.columns) >= 2]
    elif angle == "executive":
        chosen = own[:3]
    else:
        raise ValueError(f"unknown angle {angle!r}")
    return chosen[:MAX_FACTS]


# Notable changes the hypotheses module explains (docs/story.md, "Hypotheses, each with a test").
# The period key each change's hypotheses end with (facts.hypotheses.changes_from_facts).
_PERIOD = {
    "level shift": "from_period",
    "anomaly": "worst_period",
    "segment contribution": "last_period",
}


def _period(change: Fact) -> str:
    return str(change.values.get(_PERIOD.get(change.topic, ""), ""))


def tested(facts: Sequence[Fact]) -> list[Fact]:
    """A notable change first, then its explanations the tests supported, then the ones they
    did not (an alternative on the same column first), then the most unusual day; empty when
    no hypothesis was tested. The change with a supported explanation leads, a level shift
    before a one-period anomaly."""
    hyps = [f for f in facts if f.topic == "hypothesis"]
    changes = [f for f in facts if f.topic in _PERIOD]
    if not hyps or not changes:
        return []

    def about(change: Fact) -> list[Fact]:
        p = _period(change)
        return [
            h for h in hyps if p and h.id.endswith("." + p) and h.columns[:1] == change.columns[:1]
        ]

    def supported(hs: list[Fact]) -> list[Fact]:
        return [h for h in hs if h.values.get("status") == "supported"]

    lead = min(changes, key=lambda c: (not supported(about(c)), c.topic != "level shift"))
    mine = about(lead)
    yes = supported(mine)
    dims = {h.columns[1] for h in yes if len(h.columns) > 1}
    no = [h for h in mine if h.values.get("status") == "not supported"]
    no.sort(key=lambda h: len(h.columns) < 2 or h.columns[1] not in dims)  # stable
    day = [f for f in facts if f.topic == "dated anomaly" and f.columns[:1] == lead.columns[:1]]
    chosen = [lead, *yes[:2], *no[:2], *day[:1]]
    return chosen[:MAX_TESTED]


def distinct_leads(
    facts: FactSet, kind: str, angles: Sequence[str]
) -> list[tuple[str, list[Fact]]]:
    """(angle, facts) per angle with no two sharing a lead fact (divergence).

    When an angle's best lead is taken, its next fact leads instead; an angle left
    without a fresh lead is dropped.
    """
    used: set[str] = set()
    out: list[tuple[str, list[Fact]]] = []
    for angle in angles:
        chosen = angle_facts(facts, kind, angle)
        fresh = [f for f in chosen if f.id not in used]
        if not fresh:
            continue
        lead = fresh[0]
        rest = [f for f in chosen if f.id != lead.id]
        used.add(lead.id)
        out.append((angle, [lead, *rest]))
    return out
