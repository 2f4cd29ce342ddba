"""Facts → N candidate proposals (divergence), each checked, pruned by machine, then shown.

The first card is always the storyteller's (narrate/story: written from the facts, no
model). The model adds candidates in the roles it can fill: a small model chooses facts,
rephrases one fact at a time under a check and picks a headline (``constrained``,
narrate/roles.py); a capable server may write free prose (``free``), checked the same way.
Whatever goes wrong with the model ends in more storyteller cards with the reason in one
line. Every candidate then passes narrate/prune.py: one that names no column, has a
number that matches no fact, carries template debris or broken code is hidden, with why.
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
from ..i18n import message
from ..llm.model import ChatModel, ServerInfo
from ..llm.prompts import ANGLES, Prompt, build_prompt, proposal_schema
from .code_checks import check_cells
from .evidence_code import evidence_cell
from .fallback import template_proposals
from .grounding import ground
from .prune import prune
from .roles import choose_style, constrained_candidates
from .story import story_proposals
from .types import CodeCheck, Proposal

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
    language: str = "en"

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
    """``config.candidates`` proposals: the storyteller's first, then the model's, pruned.

    ``facts`` are what the model may see (privacy-protected); ``template_facts`` (default:
    the same) feed the storyteller and the checks, which never leave the machine. Every
    proposal leaves with one static check per code cell, whichever path made it.
    """
    local = template_facts if template_facts is not None else facts
    n = ctx.config.candidates
    story = story_proposals(
        local, kind=ctx.spec.kind, frame_name=ctx.frame_name, language=ctx.language, n=n
    )
    if not story:  # nothing the storyteller can say: the plain template says why
        reason = message("notice.no_findings", ctx.language)
        result = Composition(_templates(local, ctx, 1, reason), notice=reason)
    elif model is None:
        result = Composition(story, notice=message("notice.no_llm", ctx.language))
    else:
        result = _with_model(facts, ctx, model, story, n)
    pruned = _pruned(result.proposals, local, ctx)
    shown = [p for p in pruned if not p.hidden]
    if len(shown) < n:  # what the checks hid is replaced by storyteller cards with new leads
        leads = {p.fact_ids[0] for p in pruned if p.fact_ids}
        spare = [p for p in story if not (p.fact_ids and p.fact_ids[0] in leads)]
        shown += [p for p in _pruned(spare, local, ctx) if not p.hidden][: n - len(shown)]
    result.proposals = renumbered(shown + [p for p in pruned if p.hidden])
    return result


def _pruned(proposals: list[Proposal], facts: FactSet, ctx: Composing) -> list[Proposal]:
    """Checked code, then pruned: shown ones first, hidden ones after with their reason."""
    checked = [_checked(p, ctx) for p in proposals]
    return prune(
        checked,
        facts,
        columns=ctx.columns,
        variables=ctx.variables,
        frame_name=ctx.frame_name,
        language=ctx.language,
    )


def _with_model(
    facts: FactSet, ctx: Composing, model: ChatModel, story: list[Proposal], n: int
) -> Composition:
    """The storyteller's first card, the model's candidates, then more storyteller cards
    for whatever the model could not give."""
    first = story[:1]
    try:
        server = model.info()
    except LLMUnavailableError as exc:
        return _model_down(story, ctx, str(exc))
    style = choose_style(ctx.config.style, server)
    want = n - len(first)
    if style == "constrained":
        result = Composition(list(first), server=server)
        progress = _written(ctx)
        if progress is not None and want > 0:
            progress(0, want)  # say at once that the model is at work
        try:
            result.proposals += constrained_candidates(
                facts,
                model,
                kind=ctx.spec.kind,
                language=ctx.language,
                n=want,
                frame_name=ctx.frame_name,
                exclude_leads=[p.fact_ids[0] for p in first if p.fact_ids],
                # Measured: a per-fact GBNF grammar made llama-cpp-python take >40 s per call
                # on 2 cores (1.1 s without); the check-and-reject loop keeps numbers honest.
                use_grammar=False,
                on_progress=progress,
                seed=ctx.config.seed,
            )
        except LLMUnavailableError as exc:
            result.llm_failures.append(str(exc))
    else:
        result = _free_candidates(facts, ctx, model, server, want)
        result.proposals = [*first, *result.proposals]
    missing = n - len(result.proposals)
    if missing > 0:
        leads = {p.fact_ids[0] for p in result.proposals if p.fact_ids}
        more = [p for p in story[1:] if not (p.fact_ids and p.fact_ids[0] in leads)]
        result.proposals += more[:missing]
        if result.llm_failures:
            result.notice = message(
                "notice.model_down", ctx.language, reason=result.llm_failures[-1]
            )
    return result


def _model_down(story: list[Proposal], ctx: Composing, reason: str) -> Composition:
    return Composition(
        story,
        notice=message("notice.model_down", ctx.language, reason=reason),
        llm_failures=[reason],
    )


def _written(ctx: Composing) -> Callable[[int, int], None] | None:
    """Constrained candidates are short and checked whole: say how many are written."""
    if ctx.on_progress is None:
        return None
    progress = ctx.on_progress

    def report(done: int, total: int) -> None:
        progress(done, message("progress.written", ctx.language, done=done, total=total))

    return report


def _checked(proposal: Proposal, ctx: Composing) -> Proposal:
    """The proposal with one check per code cell (kept when they already match its code)."""
    if tuple(c.source for c in proposal.code_checks) == proposal.code:
        return proposal
    return replace(proposal, code_checks=_checks(proposal.code, ctx))


def _checks(code: Sequence[str], ctx: Composing) -> tuple[CodeCheck, ...]:
    return check_cells(
        code, columns=ctx.columns, variables=ctx.variables, frame_name=ctx.frame_name
    )


def _templates(facts: FactSet, ctx: Composing, n: int, note: str) -> list[Proposal]:
    return template_proposals(facts, kind=ctx.spec.kind, n=n, frame_name=ctx.frame_name, note=note)


def _free_candidates(
    facts: FactSet, ctx: Composing, model: ChatModel, server: ServerInfo, n: int
) -> Composition:
    """Free prose from a capable server: up to ``n`` candidates, checked like any other."""
    result = Composition(proposals=[], server=server)
    if n <= 0:
        return result
    try:
        prompt = build_prompt(
            list(facts),
            task=ctx.spec.task,
            frame_name=ctx.frame_name,
            budget=ctx.config.prompt_token_budget,
            count_tokens=model.count_tokens,
            question=ctx.question,
            example_rows=ctx.example_rows,
            language=ctx.language,
        )
    except LLMUnavailableError as exc:
        result.llm_failures.append(str(exc))
        return result
    result.prompt = prompt
    if not prompt.facts:
        return result
    schema = proposal_schema([f.id for f in prompt.facts])
    for index in range(n):
        outcome = _one_candidate(index, prompt, schema, ctx, model)
        result.llm_attempts += outcome.attempts
        result.llm_failures.extend(outcome.failures)
        if outcome.proposal is not None:
            result.proposals.append(outcome.proposal)
        if outcome.server_down:
            break  # the server is gone: don't make the user wait for every candidate to time out
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
    checks = _checks(code, ctx)
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


def checked_title(title: str, facts: Sequence[Fact], kind: str) -> str:
    """Titles are shown too, so their numbers are checked like the narrative's; unverified
    ones are marked in plain text (titles are not rendered as markdown)."""
    grounding, _ = ground(title, facts, kind=kind)
    for number in sorted(grounding.unverified, key=lambda n: -n.start):
        title = f"{title[: number.end]} [unverified]{title[number.end :]}"
    return title
