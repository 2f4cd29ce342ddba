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
from typing import Any, Protocol

from ..config import GenAnalyst
from ..errors import LLMServerDownError, LLMUnavailableError
from ..facts.types import Fact, FactSet
from ..llm.model import ChatModel, ServerInfo
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


class KindLike(Protocol):
    """What composition needs of an analysis kind (``kinds.KindSpec`` is one)."""

    @property
    def kind(self) -> str: ...

    @property
    def fact_kind(self) -> str: ...

    @property
    def task(self) -> str: ...


@dataclass(frozen=True)
class Composing:
    """Everything composition needs besides the facts, fixed for one request."""

    spec: KindLike
    config: GenAnalyst
    frame_name: str = "df"
    question: str | None = None
    columns: Sequence[str] = ()  # the data's columns (code checks, off-topic check)
    variables: Sequence[str] = ()  # names defined in the kernel (code checks)
    example_rows: str | None = None  # protected CSV for the prompt
    on_progress: ProgressCallback | None = None

    @property
    def fact_kind(self) -> str:
        return self.spec.fact_kind


@dataclass
class Composition:
    proposals: list[Proposal]
    notice: str | None = None
    prompt: Prompt | None = None
    server: ServerInfo | None = None
    llm_attempts: int = 0
    llm_failures: list[str] = field(default_factory=list)


@dataclass
class _Attempts:
    """What asking for one candidate cost and how it ended."""

    proposal: Proposal | None = None
    attempts: int = 0
    failures: list[str] = field(default_factory=list)
    server_down: bool = False  # a failure that will not heal within this request


def compose(
    facts: FactSet,
    ctx: Composing,
    model: ChatModel | None,
    *,
    template_facts: FactSet | None = None,
) -> Composition:
    """Ask for ``config.candidates`` proposals; fall back to templates for any that fail.

    ``facts`` are what the model may see (privacy-protected); ``template_facts`` (default:
    the same) feed the local template fallback, which never leaves the machine. Every
    proposal leaves with one static check per code cell, whichever path made it.
    """
    local = template_facts if template_facts is not None else facts
    result = _compose(facts, local, ctx, model)
    result.proposals = [_checked(p, ctx) for p in result.proposals]
    return result


def _checked(proposal: Proposal, ctx: Composing) -> Proposal:
    if len(proposal.code_checks) == len(proposal.code):
        return proposal
    checks = tuple(
        check_code_cell(src, columns=ctx.columns, variables=ctx.variables) for src in proposal.code
    )
    return replace(proposal, code_checks=checks)


def _templates(facts: FactSet, ctx: Composing, n: int, note: str) -> list[Proposal]:
    return template_proposals(facts, kind=ctx.spec.kind, n=n, frame_name=ctx.frame_name, note=note)


def _compose(
    facts: FactSet, local: FactSet, ctx: Composing, model: ChatModel | None
) -> Composition:
    n = ctx.config.candidates
    if model is None:
        return Composition(
            _templates(local, ctx, n, "Template narrative: --no-llm was given."),
            notice="LLM not used (--no-llm): template narratives built from the facts.",
        )
    try:
        server = model.info()
        prompt = build_prompt(
            list(facts),
            task=ctx.spec.task,
            frame_name=ctx.frame_name,
            budget=ctx.config.prompt_token_budget,
            count_tokens=model.count_tokens,
            question=ctx.question,
            example_rows=ctx.example_rows,
        )
    except LLMUnavailableError as exc:
        return _all_templates(local, ctx, n, str(exc))

    if not prompt.facts:
        return _all_templates(local, ctx, n, "There are no facts to narrate.")
    schema = proposal_schema([f.id for f in prompt.facts])
    result = Composition(proposals=[], prompt=prompt, server=server)
    for index in range(n):
        outcome = _one_candidate(index, prompt, schema, ctx, model)
        result.llm_attempts += outcome.attempts
        result.llm_failures.extend(outcome.failures)
        if outcome.proposal is not None:
            result.proposals.append(outcome.proposal)
        if outcome.server_down:
            break  # the server is gone: don't make the user wait for every candidate to time out
    result.proposals = [_flag_off_topic(p, prompt.facts, ctx.columns) for p in result.proposals]
    missing = n - len(result.proposals)
    if missing:
        reason = result.llm_failures[-1] if result.llm_failures else "the model gave no answer"
        result.notice = (
            f"{missing} of {n} candidates are template narratives: {reason}"
            if result.proposals
            else f"Template narratives shown: {reason}"
        )
        templates = _templates(local, ctx, missing, reason)
        result.proposals.extend(renumbered(templates, start=len(result.proposals)))
    elif all((p.note or "").startswith(OFF_TOPIC) for p in result.proposals):
        extra = _templates(local, ctx, 1, OFF_TOPIC_NOTICE)
        result.proposals.extend(renumbered(extra, start=len(result.proposals)))
        result.notice = OFF_TOPIC_NOTICE
    return result


def _one_candidate(
    index: int, prompt: Prompt, schema: dict[str, Any], ctx: Composing, model: ChatModel
) -> _Attempts:
    angle = ANGLES[index % len(ANGLES)]
    messages = prompt.messages(angle)
    outcome = _Attempts()
    for attempt in range(ctx.config.max_retries + 1):
        outcome.attempts += 1
        streamed: list[str] = []

        def on_token(delta: str, _streamed: list[str] = streamed) -> None:
            _streamed.append(delta)
            if ctx.on_progress is not None:
                so_far = "".join(_streamed)  # the title streams first; show it until words come
                shown = partial_field(so_far, "narrative") or partial_field(so_far, "title")
                ctx.on_progress(index, shown)

        try:
            text = model.chat(
                messages,
                schema=schema,
                seed=ctx.config.seed + index + 1000 * attempt,
                on_token=on_token,
            )
            outcome.proposal = _to_proposal(index, json.loads(text), prompt, ctx)
            return outcome
        except LLMServerDownError as exc:
            outcome.failures.append(str(exc))
            outcome.server_down = True
            return outcome
        except LLMUnavailableError as exc:
            outcome.failures.append(str(exc))
        except (ValueError, TypeError, KeyError) as exc:
            outcome.failures.append(f"the model's answer was not a valid proposal ({exc})")
    return outcome


def _to_proposal(index: int, data: Any, prompt: Prompt, ctx: Composing) -> Proposal:
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
    grounding, marked = ground(
        narrative, prompt.facts, kind=ctx.fact_kind, strict=ctx.config.strict
    )
    title = checked_title(title, prompt.facts, ctx.fact_kind)
    for number in grounding.numbers:  # a number that matched a shown fact counts as citing it
        if number.verified and number.fact_id and number.fact_id not in cited:
            cited.append(number.fact_id)
    code: list[str] = []
    cited_facts = [known[fid] for fid in cited]
    quoted: dict[str, set[str]] = {}
    for number in grounding.numbers:
        if number.verified and number.fact_id and number.value_name:
            quoted.setdefault(number.fact_id, set()).add(number.value_name)
    evidence = evidence_cell(cited_facts, ctx.frame_name, only=quoted)
    if evidence:
        code.append(evidence)
    raw_code = data.get("code")
    model_code = raw_code.strip() if isinstance(raw_code, str) else ""
    if model_code:
        code.append(model_code)
    checks = tuple(
        check_code_cell(src, columns=ctx.columns, variables=ctx.variables) for src in code
    )
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


def _all_templates(facts: FactSet, ctx: Composing, n: int, reason: str) -> Composition:
    return Composition(
        _templates(facts, ctx, n, reason),
        notice=f"Template narratives shown: {reason}",
        llm_failures=[reason],
    )


def renumbered(proposals: list[Proposal], start: int = 0) -> list[Proposal]:
    """``p1``, ``p2``, … in order (ids the review state and the bundle key on)."""
    return [replace(p, id=f"p{start + i + 1}") for i, p in enumerate(proposals)]


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
