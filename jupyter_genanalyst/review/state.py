"""The review rules on a proposals bundle, in Python: the same decisions and inserted cells as
the labextension's ``proposals/model.ts``, for the ipywidgets review (docs/review.md).

Pure functions on the bundle dict (``review`` keyed by proposal id, docs/protocol.md); the
widget holds no rules of its own, so the two frontends cannot drift apart silently.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, Literal

from ..bundle import is_from_facts, words_of
from ..errors import GenAnalystError

Status = Literal["pending", "accepted", "rejected"]
AI_TAG = "ai-generated"  # cells a model wrote
FACTS_TAG = "genanalyst-from-facts"  # storyteller, template and plan cells: no model text
STATUSES: tuple[str, ...] = ("pending", "accepted", "rejected")


@dataclass(frozen=True)
class CellSource:
    """One cell to insert: its nbformat type and source (never run by us)."""

    cell_type: Literal["markdown", "code"]
    source: str
    proposal_id: str
    tags: tuple[str, ...] = ()  # the cell tags a frontend that can set metadata gives it

    def as_code_input(self) -> str:
        """The text for a frontend that can only create code cells (``set_next_input``):
        markdown becomes a ``%%markdown`` cell, which renders the text when the human runs it."""
        return self.source if self.cell_type == "code" else "%%markdown\n" + self.source


def label_of(bundle: dict[str, Any]) -> str:
    """The one-line label every inserted cell carries: "AI-generated" when a model wrote any
    card; a bundle no model touched (model ``template``) keeps the kernel's own label."""
    label = " ".join(str(bundle.get("label") or "").split())
    if not label:
        return f"AI-generated · model: {bundle.get('model', '')}"
    if bundle.get("model") == "template":
        return label
    return label if re.search("ai-generated", label, re.I) else f"AI-generated · {label}"


def is_model_text(proposal: dict[str, Any]) -> bool:
    """A model wrote the card: storyteller, template and plan cards did not; any other origin
    (``llm``, or none in an old bundle) is read as model text, as the labextension reads it."""
    return not is_from_facts(proposal)


def cell_label_of(bundle: dict[str, Any], proposal: dict[str, Any]) -> str:
    """The first line of one proposal's inserted cells, in the bundle's language: "AI-generated,
    reviewed by you · model: …" only on model text; a storyteller card's cells say they were
    written from the facts without a model (labextension ``cellLabelOf``)."""
    words = words_of(bundle)
    rest = label_of(bundle).split(" · ")[1:]
    if is_model_text(proposal):
        return " · ".join([words["cell_ai"], *rest])
    return " · ".join([words["cell_from_facts"], *(r for r in rest if not r.startswith("model:"))])


def tags_of(proposal: dict[str, Any]) -> tuple[str, ...]:
    """``ai-generated`` on model text only; ``genanalyst-from-facts`` otherwise."""
    return (AI_TAG,) if is_model_text(proposal) else (FACTS_TAG,)


def code_header(label: str) -> str:
    """The comment lines opening every inserted code cell; the label is split after its first
    part so no line is wider than a narrow notebook (labextension ``codeHeader``)."""
    first, *rest = label.split(" · ")
    head = f"# {first} — not run automatically"
    return f"{head}\n# {' · '.join(rest)}" if rest else head


def proposal_of(bundle: dict[str, Any], pid: str) -> dict[str, Any]:
    for proposal in bundle.get("proposals", []):
        if proposal["id"] == pid:
            return dict(proposal)
    raise GenAnalystError(f"no proposal {pid!r} in this review")


def entry_of(bundle: dict[str, Any], pid: str) -> dict[str, Any]:
    """The human's decision on ``pid`` (pending when none yet)."""
    return dict((bundle.get("review") or {}).get(pid) or {"status": "pending"})


def _with_entry(bundle: dict[str, Any], pid: str, entry: dict[str, Any]) -> dict[str, Any]:
    proposal_of(bundle, pid)  # unknown ids fail loudly
    out = copy.deepcopy(bundle)
    out.setdefault("review", {})[pid] = entry
    return out


def set_status(bundle: dict[str, Any], pid: str, status: str) -> dict[str, Any]:
    """Accept, reject or reset a proposal; an inserted (or queued) one keeps its decision."""
    if status not in STATUSES:
        raise GenAnalystError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    entry = entry_of(bundle, pid)
    if entry.get("inserted") or entry.get("queued"):
        return bundle
    return _with_entry(bundle, pid, {**entry, "status": status})


def set_acknowledged(bundle: dict[str, Any], pid: str, acknowledged: bool) -> dict[str, Any]:
    return _with_entry(bundle, pid, {**entry_of(bundle, pid), "acknowledged": acknowledged})


def set_edit(
    bundle: dict[str, Any], pid: str, *, narrative: str | None = None, code: list[str] | None = None
) -> dict[str, Any]:
    """Store an edit; text equal to the original is not an edit (the key stays absent)."""
    proposal = proposal_of(bundle, pid)
    entry = entry_of(bundle, pid)
    if narrative is not None:
        if narrative in (proposal["narrative"], proposal.get("marked_narrative")):
            entry.pop("narrative", None)
        else:
            entry["narrative"] = narrative
    if code is not None:
        if list(code) == list(proposal["code"]):
            entry.pop("code", None)
        else:
            entry["code"] = list(code)
    return _with_entry(bundle, pid, entry)


def effective_narrative(proposal: dict[str, Any], entry: dict[str, Any]) -> str:
    """Edit wins, then the text with unverified numbers marked, then the original."""
    if "narrative" in entry:
        return str(entry["narrative"])
    return str(proposal.get("marked_narrative") or proposal["narrative"])


def effective_code(proposal: dict[str, Any], entry: dict[str, Any]) -> list[str]:
    return list(entry["code"]) if "code" in entry else list(proposal["code"])


def needs_acknowledgement(proposal: dict[str, Any]) -> bool:
    """Code with safety flags, or that does not parse, needs "I have read the warning"."""
    return any(
        not check.get("parses", True) or check.get("safety")
        for check in proposal.get("code_checks") or []
    )


def insert_blocker(bundle: dict[str, Any], pid: str) -> str | None:
    """Why ``pid`` cannot be inserted now, or None when it can."""
    entry = entry_of(bundle, pid)
    if proposal_of(bundle, pid).get("hidden"):
        return "hidden by the checks"  # never inserted, as in the labextension
    if entry.get("status") != "accepted":
        return "not accepted"
    if entry.get("inserted") or entry.get("queued"):
        return "already inserted"
    if needs_acknowledgement(proposal_of(bundle, pid)) and not entry.get("acknowledged"):
        return "needs the warning acknowledged"
    return None


def build_cells(bundle: dict[str, Any], pid: str) -> list[CellSource]:
    """The cells one proposal becomes: a labelled markdown cell, then its code cells
    (docs/protocol.md, "Insertion")."""
    proposal = proposal_of(bundle, pid)
    entry = entry_of(bundle, pid)
    label = cell_label_of(bundle, proposal)
    tags = tags_of(proposal)
    narrative = effective_narrative(proposal, entry)
    cells = [CellSource("markdown", f"> **{label}**\n\n{narrative}", pid, tags)]
    for code in effective_code(proposal, entry):
        if code.strip():
            cells.append(CellSource("code", f"{code_header(label)}\n{code}", pid, tags))
    return cells


def ready_cells(bundle: dict[str, Any]) -> tuple[list[str], list[CellSource]]:
    """The insertable proposals' ids and their cells, in proposal order."""
    ids = [p["id"] for p in bundle.get("proposals", []) if insert_blocker(bundle, p["id"]) is None]
    return ids, [cell for pid in ids for cell in build_cells(bundle, pid)]


def mark(
    bundle: dict[str, Any], ids: list[str], flag: Literal["queued", "inserted"]
) -> dict[str, Any]:
    """Record that ``ids``' cells were queued for insertion, or inserted."""
    out = bundle
    for pid in ids:
        out = _with_entry(out, pid, {**entry_of(out, pid), flag: True})
    return out


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 candidate`` / ``2 candidates``."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
