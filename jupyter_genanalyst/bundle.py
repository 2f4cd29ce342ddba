"""The proposals output: one MIME bundle that the labextension renders for review, with
readable markdown and plain-text fallbacks for every other frontend (docs/protocol.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .facts.types import Fact
from .i18n import message, review_words
from .narrate.labels import card_labels
from .narrate.types import Proposal
from .request import AnalysisRequest

MIME_TYPE = "application/vnd.jupyter-genanalyst.proposals+json"
PROTOCOL_VERSION = 1
MAX_FACTS_IN_BUNDLE = 40  # the notebook file must stay small


def request_summary(request: AnalysisRequest) -> dict[str, Any]:
    """The request as the review UI shows and the panel re-runs it (no settings, no secrets)."""
    return {
        "kind": request.kind,
        "frame": request.frame_name,
        "target": request.target,
        "time": request.time,
        "goal": request.goal if request.kind == "prescribe" else None,
        "horizon": request.horizon,
        "question": request.question,
        "language": request.language,
    }


def build_bundle(
    *,
    run_id: str,
    request: dict[str, Any],
    model: str,
    label: str,
    notice: str | None,
    facts: Sequence[Fact],
    proposals: Sequence[Proposal],
    provenance: dict[str, Any],
    language: str = "en",
    next_questions: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The JSON payload of :data:`MIME_TYPE` (cited facts first, capped).

    Each proposal carries its honest labels (narrate/labels.py): what its numbers were
    checked against, and who wrote it; hidden candidates are summed up in one line.
    """
    cited = {fid for p in proposals for fid in p.fact_ids}
    ordered = [f for f in facts if f.id in cited] + [f for f in facts if f.id not in cited]
    hidden = sum(1 for p in proposals if p.hidden)
    bundle = {
        "version": PROTOCOL_VERSION,
        "run_id": run_id,
        "request": request,
        "model": model,
        "label": label,
        "notice": notice,
        "language": language,
        "words": review_words(language),
        "facts": [f.to_dict() for f in ordered[:MAX_FACTS_IN_BUNDLE]],
        "proposals": [proposal_entry(p, facts, language) for p in proposals],
        "provenance": provenance,
        "review": {},
    }
    if hidden:
        key = "label.hidden_one" if hidden == 1 else "label.hidden_summary"
        bundle["hidden_summary"] = message(key, language, count=hidden)
    if next_questions:
        bundle["next_questions"] = [dict(q) for q in next_questions]
    return bundle


def words_of(bundle: dict[str, Any]) -> dict[str, str]:
    """The review words the bundle carries, over the catalogue's for its language (a bundle
    saved before ``words`` existed reads the catalogue)."""
    language = str(bundle.get("language") or "en")
    return {**review_words(language), **(bundle.get("words") or {})}


FROM_FACTS = ("template", "story", "plan")  # origins no model wrote


def is_from_facts(proposal: dict[str, Any]) -> bool:
    """Storyteller, template and plan cards; anything else (``llm``, none) is model text."""
    return proposal.get("origin") in FROM_FACTS


def model_cards(bundle: dict[str, Any]) -> tuple[list[int], int]:
    """Positions (1-based) of the shown cards a model wrote, and how many cards are shown."""
    shown = [p for p in bundle.get("proposals", []) if not p.get("hidden")]
    return [i for i, p in enumerate(shown, 1) if not is_from_facts(p)], len(shown)


def badge_of(bundle: dict[str, Any]) -> str:
    """The header badge: "AI-generated" only when every shown card is model text; a bundle
    of storyteller/plan cards says no model wrote it; a mixed one names the model's cards."""
    words = words_of(bundle)
    model, shown = model_cards(bundle)
    if not model:
        return words["badge_facts"]
    if len(model) == shown:
        return words["badge_ai"]
    key = "badge_mixed_one" if len(model) == 1 else "badge_mixed"
    return words[key].format(cards=", ".join(str(i) for i in model))


def provenance_line(bundle: dict[str, Any]) -> str:
    """The bundle label without its first part ("AI-generated, reviewed by you" / "Written from
    the facts…"), which the badge and each card's own label say honestly instead."""
    parts = " ".join(str(bundle.get("label") or "").split()).split(" · ")
    return " · ".join(parts[1:]) or f"model: {bundle.get('model', '')}"


def next_question_entry(
    text: str, magic: str, request: AnalysisRequest, fact_id: str
) -> dict[str, Any]:
    """One follow-up as the bundle carries it: the words, the %ga line, and the request the
    panel fills into its form and runs."""
    return {"text": text, "magic": magic, "request": request_summary(request), "fact_id": fact_id}


def proposal_entry(proposal: Proposal, facts: Sequence[Fact], language: str) -> dict[str, Any]:
    """One proposal as the bundle carries it, with its honest labels."""
    data = proposal.to_dict()
    labels = card_labels(proposal, facts, language).to_dict()
    labels.pop("review")  # "reviewed by you" is said by the review, after a decision
    data["labels"] = labels
    return data


def bundle_markdown(bundle: dict[str, Any]) -> str:
    """Readable fallback: every candidate with its marked narrative and fenced code."""
    parts = [f"### GenAnalyst · {bundle['request'].get('kind', '')} · {bundle['model']}"]
    if bundle.get("notice"):
        parts.append(f"> {bundle['notice']}")
    parts.append(
        f"_{badge_of(bundle)} · {provenance_line(bundle)}. Review before use; nothing was run._"
    )
    shown = [p for p in bundle["proposals"] if not p.get("hidden")]
    hidden = [p for p in bundle["proposals"] if p.get("hidden")]
    for proposal in shown:
        grounding = proposal.get("grounding") or {}
        labels = proposal.get("labels") or {}
        header = f"#### {proposal['id']}. {proposal['title']}"
        if labels:
            header += f" — {labels['origin']}; {labels['numbers']}"
        parts.append(header)
        parts.append(proposal.get("marked_narrative") or proposal["narrative"])
        for claim in grounding.get("causal_claims") or []:
            parts.append(f"> ⚠ Causal wording on associational evidence: “{claim}”")
        for source, check in zip(proposal["code"], proposal.get("code_checks") or [], strict=False):
            parts.append(f"```python\n{source}\n```")
            for flag in check.get("safety") or []:
                if flag.get("rule") == "syntax-error" and not check.get("parses", True):
                    continue  # already said by the "does not parse" problem below
                parts.append(f"> ⚠ {flag['message']}")
            for problem in check.get("problems") or []:
                parts.append(f"> ⚠ {problem}")
        if proposal.get("fact_ids"):
            parts.append("Cites: " + ", ".join(f"`{fid}`" for fid in proposal["fact_ids"]))
    questions = bundle.get("next_questions") or []
    if questions:
        title = message("label.next_questions", bundle.get("language") or "en")
        lines = [f"- {q['text']} `{q['magic'].splitlines()[0]}`" for q in questions]
        parts.append(f"**{title}**\n\n" + "\n".join(lines))
    if hidden:
        summary = bundle.get("hidden_summary") or f"{len(hidden)} hidden"
        reasons = [f"- {p['title']}: {p['hidden']}" for p in hidden]
        parts.append(
            f"<details><summary>{summary}</summary>\n\n" + "\n".join(reasons) + "\n</details>"
        )
    return "\n\n".join(parts)


def bundle_text(bundle: dict[str, Any]) -> str:
    """Plain-text fallback for terminals and logs."""
    lines = [f"GenAnalyst {bundle['request'].get('kind', '')} ({bundle['model']})"]
    if bundle.get("notice"):
        lines.append(bundle["notice"])
    for proposal in bundle["proposals"]:
        if proposal.get("hidden"):
            lines.append(f"\n[{proposal['id']}, hidden: {proposal['hidden']}] {proposal['title']}")
            continue
        lines.append(f"\n[{proposal['id']}] {proposal['title']}")
        lines.append(proposal.get("marked_narrative") or proposal["narrative"])
    return "\n".join(lines)
