"""Facts → prompt → N candidate proposals (divergence), each grounded and code-checked.

The only stage that talks to an LLM. Whatever goes wrong with the model (no server,
timeout, invalid JSON after the retries) ends in template proposals built from the
facts, with the reason in one line, so the user always gets a correct answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..config import GenAnalyst
from ..errors import LLMServerDownError, LLMUnavailableError
from ..facts.types import Fact, FactSet
from ..llm.client import LLMClient, ServerInfo
from ..llm.prompts import ANGLES, Prompt, build_prompt, proposal_schema
from .code_checks import check_code_cell
from .evidence_code import evidence_cell
from .fallback import template_proposals
from .grounding import ground
from .types import Proposal

OFF_TOPIC = "Off-topic?"
OFF_TOPIC_NOTICE = "Template summary added: no model candidate named a column of the data."

# (candidate index, partial narrative so far) — drives the streaming display.
ProgressCallback = Callable[[int, str], None]


@dataclass(frozen=True)
class Request:
    """What the human asked for, in the terms of the facts layer."""

    kind: str  # describe | diagnose | predict | prescribe | ask | narrate
    frame_name: str = "df"
    target: str | None = None
    time: str | None = None
    question: str | None = None


@dataclass
class Composition:
    proposals: list[Proposal]
    notice: str | None = None
    prompt: Prompt | None = None
    server: ServerInfo | None = None
    llm_attempts: int = 0
    llm_failures: list[str] = field(default_factory=list)
    server_down: bool = False  # a failure that will not heal within this request


def compose(
    facts: FactSet,
    request: Request,
    config: GenAnalyst,
    *,
    columns: Sequence[str],
    variables: Sequence[str],
    **options: Any,
) -> Composition:
    """Ask for ``config.candidates`` proposals; fall back to templates for any that fail.

    Every proposal leaves with one static check per code cell, whichever path made it.
    """
    result = _compose(facts, request, config, columns=columns, variables=variables, **options)
    result.proposals = [_checked(p, columns, variables) for p in result.proposals]
    return result


def _checked(proposal: Proposal, columns: Sequence[str], variables: Sequence[str]) -> Proposal:
    if len(proposal.code_checks) == len(proposal.code):
        return proposal
    checks = tuple(check_code_cell(src, columns=columns, variables=variables)
                   for src in proposal.code)  # fmt: skip
    return replace(proposal, code_checks=checks)


def _compose(
    facts: FactSet,
    request: Request,
    config: GenAnalyst,
    *,
    columns: Sequence[str],
    variables: Sequence[str],
    client: LLMClient | None,
    scrub: Callable[[str], str] = lambda s: s,
    example_rows: str | None = None,
    on_progress: ProgressCallback | None = None,
    template_facts: FactSet | None = None,
) -> Composition:
    """Ask for ``config.candidates`` proposals; fall back to templates for any that fail.

    ``facts`` are what the model may see (privacy-protected); ``template_facts`` (default:
    the same) feed the local template fallback, which never leaves the machine.
    """
    n = config.candidates
    local_facts = template_facts if template_facts is not None else facts
    if client is None:
        return Composition(
            template_proposals(local_facts, kind=request.kind, n=n,
                               frame_name=request.frame_name,
                               note="Template narrative: --no-llm was given."),
            notice="LLM not used (--no-llm): template narratives built from the facts.",
        )  # fmt: skip
    try:
        server = client.info()
        prompt = build_prompt(
            list(facts),
            kind=request.kind,
            frame_name=request.frame_name,
            budget=config.prompt_token_budget,
            count_tokens=client.count_tokens,
            question=request.question,
            example_rows=example_rows,
            scrub=scrub,
        )
    except LLMUnavailableError as exc:
        return _all_templates(local_facts, request, n, str(exc))

    if not prompt.facts:
        return _all_templates(local_facts, request, n, "There are no facts to narrate.")
    schema = proposal_schema([f.id for f in prompt.facts])
    result = Composition(proposals=[], prompt=prompt, server=server)
    for index in range(n):
        proposal = _one_candidate(
            index, prompt, schema, request, config, client, columns, variables, on_progress, result
        )
        if result.server_down:
            break  # the server is gone: don't make the user wait for every candidate to time out
        if proposal is not None:
            result.proposals.append(proposal)
    result.proposals = [_flag_off_topic(p, prompt.facts, columns) for p in result.proposals]
    missing = n - len(result.proposals)
    if missing:
        reason = result.llm_failures[-1] if result.llm_failures else "the model gave no answer"
        result.notice = (
            f"{missing} of {n} candidates are template narratives: {reason}"
            if result.proposals
            else f"Template narratives shown: {reason}"
        )
        templates = template_proposals(
            local_facts, kind=request.kind, n=missing, frame_name=request.frame_name, note=reason
        )
        result.proposals.extend(_renumber(templates, start=len(result.proposals)))
    elif all((p.note or "").startswith(OFF_TOPIC) for p in result.proposals):
        extra = template_proposals(
            local_facts, kind=request.kind, n=1, frame_name=request.frame_name,
            note=OFF_TOPIC_NOTICE,
        )  # fmt: skip
        result.proposals.extend(_renumber(extra, start=len(result.proposals)))
        result.notice = OFF_TOPIC_NOTICE
    return result


def _one_candidate(
    index: int,
    prompt: Prompt,
    schema: dict[str, Any],
    request: Request,
    config: GenAnalyst,
    client: LLMClient,
    columns: Sequence[str],
    variables: Sequence[str],
    on_progress: ProgressCallback | None,
    result: Composition,
) -> Proposal | None:
    angle = ANGLES[index % len(ANGLES)]
    messages = prompt.messages(angle)
    for attempt in range(config.max_retries + 1):
        result.llm_attempts += 1
        streamed: list[str] = []

        def on_token(delta: str, _streamed: list[str] = streamed) -> None:
            _streamed.append(delta)
            if on_progress is not None:
                so_far = "".join(_streamed)  # the title streams first; show it until words come
                shown = partial_field(so_far, "narrative") or partial_field(so_far, "title")
                on_progress(index, shown)

        try:
            text = client.chat(
                messages, schema=schema, seed=config.seed + index + 1000 * attempt,
                on_token=on_token,
            )  # fmt: skip
            data = json.loads(text)
            return _to_proposal(index, data, prompt, request, config, columns, variables)
        except LLMServerDownError as exc:
            result.llm_failures.append(str(exc))
            result.server_down = True
            return None
        except LLMUnavailableError as exc:
            result.llm_failures.append(str(exc))
        except (ValueError, TypeError, KeyError) as exc:
            result.llm_failures.append(f"the model's answer was not a valid proposal ({exc})")
    return None


def _to_proposal(
    index: int,
    data: Any,
    prompt: Prompt,
    request: Request,
    config: GenAnalyst,
    columns: Sequence[str],
    variables: Sequence[str],
) -> Proposal:
    """Validate the model's JSON into a Proposal; raises ValueError when it is unusable."""
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    title, narrative = data.get("title"), data.get("narrative")
    if not isinstance(title, str) or not isinstance(narrative, str):
        raise ValueError("title and narrative must be strings")
    title, narrative = title.strip(), narrative.strip()
    if len(narrative) < 20 or not title:
        raise ValueError("empty title or narrative")
    known = {f.id: f for f in prompt.facts}
    ids = data.get("fact_ids")
    ids = [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []
    cited = [fid for fid in dict.fromkeys(ids) if fid in known]
    grounding, marked = ground(narrative, prompt.facts, kind=_fact_kind(request.kind),
                               strict=config.strict)  # fmt: skip
    title = checked_title(title, prompt.facts, _fact_kind(request.kind))
    for number in grounding.numbers:  # a number that matched a shown fact counts as citing it
        if number.verified and number.fact_id and number.fact_id not in cited:
            cited.append(number.fact_id)
    code: list[str] = []
    cited_facts = [known[fid] for fid in cited]
    quoted: dict[str, set[str]] = {}
    for number in grounding.numbers:
        if number.verified and number.fact_id and number.value_name:
            quoted.setdefault(number.fact_id, set()).add(number.value_name)
    evidence = evidence_cell(cited_facts, request.frame_name, only=quoted)
    if evidence:
        code.append(evidence)
    raw_code = data.get("code")
    model_code = raw_code.strip() if isinstance(raw_code, str) else ""
    if model_code:
        code.append(model_code)
    checks = tuple(check_code_cell(src, columns=columns, variables=variables) for src in code)
    return Proposal(
        id=f"p{index + 1}",
        title=title[:120],
        narrative=narrative,
        code=tuple(code),
        fact_ids=tuple(cited),
        origin="llm",
        grounding=grounding,
        code_checks=checks,
        marked_narrative=marked,
    )


def _all_templates(facts: FactSet, request: Request, n: int, reason: str) -> Composition:
    return Composition(
        template_proposals(facts, kind=request.kind, n=n, frame_name=request.frame_name,
                           note=reason),
        notice=f"Template narratives shown: {reason}",
        llm_failures=[reason],
    )  # fmt: skip


def _renumber(proposals: list[Proposal], start: int) -> list[Proposal]:
    return [replace(p, id=f"p{start + i + 1}") for i, p in enumerate(proposals)]


def _fact_kind(kind: str) -> str:
    return {
        "describe": "descriptive",
        "diagnose": "diagnostic",
        "predict": "predictive",
        "prescribe": "prescriptive",
        "narrate": "figure",
    }.get(kind, "diagnostic" if kind == "ask" else kind)


_FIELD_START = r'"{name}"\s*:\s*"'


def partial_field(text: str, name: str) -> str:
    """The (possibly unfinished) value of a string field in streamed JSON, unescaped."""
    match = re.search(_FIELD_START.format(name=re.escape(name)), text)
    if not match:
        return ""
    out: list[str] = []
    i = match.end()
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/"}
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            if i + 1 >= len(text):
                break
            out.append(escapes.get(text[i + 1], text[i + 1]))
            i += 2
            continue
        if ch == '"':
            break
        out.append(ch)
        i += 1
    return "".join(out)


def facts_for_prompt(facts: FactSet, limit: int = 200) -> list[Fact]:
    """Most important first; the prompt builder trims further to the token budget."""
    return list(facts)[:limit]


def _flag_off_topic(proposal: Proposal, facts: Sequence[Fact], columns: Sequence[str]) -> Proposal:
    """Small models drift into unrelated prose that has no numbers to catch; a narrative that
    names none of the data's columns (nor the cited facts' columns) is flagged for the human."""
    names = {c for f in facts for c in f.columns} | set(columns)
    text = proposal.narrative.lower() + " " + proposal.title.lower()
    words = set(re.findall(r"[a-z0-9]+", text))
    for name in names:
        lowered = str(name).lower()
        if lowered in text or set(re.findall(r"[a-z0-9]+", lowered)) <= words:
            return proposal
    if not names:
        return proposal
    return replace(proposal, note=f"{OFF_TOPIC} The narrative names none of the data's columns.")


def checked_title(title: str, facts: Sequence[Fact], kind: str) -> str:
    """Titles are shown too, so their numbers are checked like the narrative's; unverified
    ones are marked in plain text (titles are not rendered as markdown)."""
    grounding, _ = ground(title, facts, kind=kind)
    for number in sorted(grounding.unverified, key=lambda n: -n.start):
        title = f"{title[: number.end]} [unverified]{title[number.end :]}"
    return title
