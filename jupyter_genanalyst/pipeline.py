"""The one path every request takes: validate data → facts → privacy guard → model → checks →
bundle.

The Python API, the ``%ga`` magics, the panel's comm and the CLI all build an
:class:`~.request.AnalysisRequest` and call :func:`run`; none of them computes, protects or
composes anything itself. docs/architecture.md draws the path and names each step's owner.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import time
import uuid
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .analysis import Analysis
from .bundle import build_bundle, next_question_entry, request_summary
from .config import GenAnalyst, get_config, with_overrides
from .errors import GenAnalystError
from .facts.engines import columns_of, engine_of, sample_pandas
from .facts.types import FactSet
from .i18n import message
from .kinds import Answer, AnswerContext, KindSpec, spec
from .llm.client import LLMClient, sha256_text
from .llm.endpoint import resolve_endpoint
from .llm.model import ChatModel, ScrubbedModel
from .narrate.compose import Composing, Composition, ProgressCallback, compose, renumbered
from .narrate.types import Provenance
from .next_questions import next_questions
from .privacy.guard import PrivacyGuard
from .progress import StreamingDisplay
from .request import AnalysisRequest
from .version import __version__

GUARD_SAMPLE = 20_000  # rows of an engine's frame the privacy guard reads for PII


def run(
    request: AnalysisRequest,
    data: Any,
    *,
    config: GenAnalyst | None = None,
    variables: Sequence[str] = (),
    model: ChatModel | None = None,
    show_progress: bool = True,
    on_progress: ProgressCallback | None = None,
    facts: FactSet | None = None,
) -> Analysis:
    """Run ``request`` on ``data`` (a DataFrame, or figures for ``narrate``).

    ``variables`` are other names defined in the kernel (generated code may use them);
    ``model`` replaces the configured server (tests use an in-memory one);
    ``on_progress(index, partial_narrative)`` is called as tokens stream;
    ``facts`` replaces the kind's own computation with facts the caller already has (the
    story passes what its earlier stages found, so the card cites them) — everything after
    the facts step (guard, model, checks, bundle) is the same path.
    """
    started = time.monotonic()
    kind = spec(request.kind)
    cfg = with_overrides(
        config or get_config(), candidates=request.candidates, privacy=request.privacy
    )
    subject = validate_data(kind, request, data)
    local = local_frame(subject) if kind.data == "frame" else None
    guard = PrivacyGuard(local, cfg.privacy)
    if model is None and request.llm:
        model = LLMClient(cfg)
    guarded = ScrubbedModel(model, guard.scrub) if (model is not None and request.llm) else None
    answer = _answer(kind, subject, request, cfg, guard, guarded)
    if answer is not None and answer.complete:
        cards = Composition(renumbered(answer.proposals))
        return _finish(request, answer.facts, cards, cfg, local, started)
    if facts is None:
        facts = kind.compute(subject, request)
    display = StreamingDisplay(cfg.candidates) if show_progress else None
    ctx = Composing(
        spec=kind,
        config=cfg,
        frame_name=request.frame_name,
        question=request.question,
        columns=columns_of(subject) if kind.data == "frame" else [],
        variables=[request.frame_name, *variables],
        example_rows=guard.example_rows_csv() if request.llm else None,
        on_progress=_chain(display.update if display else None, on_progress),
        language=request.language or cfg.language,
    )
    try:
        composition = compose(guard.facts(facts), ctx, guarded, template_facts=facts)
    finally:
        if display is not None:
            display.close()
    if answer is not None:  # what our code could answer comes first, then the narratives
        facts = FactSet([*answer.facts, *facts])
        composition.proposals = renumbered([*answer.proposals, *composition.proposals])
    return _finish(request, facts, composition, cfg, local, started)


def _answer(
    kind: KindSpec,
    subject: Any,
    request: AnalysisRequest,
    cfg: GenAnalyst,
    guard: PrivacyGuard,
    model: ChatModel | None,
) -> Answer | None:
    """The kind's own computed answer (ask: the plan), if it has one."""
    if kind.answer is None:
        return None
    context = AnswerContext(
        model=model,
        scrub=guard.scrub,
        safe_values=guard.safe_values(),
        seed=cfg.seed,
    )
    return kind.answer(subject, request, context)


def _finish(
    request: AnalysisRequest,
    facts: FactSet,
    composition: Composition,
    cfg: GenAnalyst,
    local: pd.DataFrame | None,
    started: float,
) -> Analysis:
    """Provenance, label and bundle around the proposals."""
    language = request.language or cfg.language
    provenance = _provenance(cfg, composition, local)
    used_model = (
        composition.server.model
        if composition.server and any(p.origin == "llm" for p in composition.proposals)
        else "template"
    )
    label = (
        f"AI-generated, reviewed by you · model: {used_model} · jupyter_genanalyst {__version__}"
        if used_model != "template"
        else f"{message('label.from_facts', language)} · jupyter_genanalyst {__version__}"
    )
    bundle = build_bundle(
        run_id="ga-" + uuid.uuid4().hex[:12],
        request=request_summary(request),
        model=used_model,
        label=label,
        notice=composition.notice,
        facts=list(facts),
        proposals=composition.proposals,
        provenance=provenance.to_dict(),
        language=language,
        next_questions=[
            next_question_entry(q.text, q.magic, q.request, q.fact_id)
            for q in next_questions(facts, request, language)
        ],
    )
    return Analysis(
        request,
        facts,
        composition.proposals,
        composition.notice,
        provenance,
        bundle,
        time.monotonic() - started,
    )


# --- data validation: the one place that checks data against a request -----------------------
def validate_data(kind: KindSpec, request: AnalysisRequest, data: Any) -> Any:
    """The data the kind will read, or a one-line error naming what is wrong."""
    if kind.data == "figures":
        return data
    frame = require_frame(data, request.kind, request.frame_name, engines=kind.engines)
    for role in ("target", "time"):
        column = getattr(request, role)
        if column is not None:
            require_column(frame, column, role)
    return frame


def require_frame(obj: Any, verb: str, name: str, *, engines: bool = False) -> Any:
    """``obj`` if it is a non-empty frame this kind can read (pandas; with ``engines`` also
    Polars, DuckDB and Spark frames, which are never collected whole)."""
    engine = engine_of(obj)
    if engine is None or (engine != "pandas" and not engines):
        hint = " (a Series? use .to_frame())" if isinstance(obj, pd.Series) else ""
        what = f"a {engine} frame" if engine else f"a {type(obj).__name__}"
        also = ", a Polars, DuckDB or Spark frame" if engines else ""
        advice = "" if engines or engine is None else "; collect a sample to pandas first"
        raise GenAnalystError(
            f"{verb} needs a pandas DataFrame{also}, but `{name}` is {what}{hint}{advice}."
        )
    rows, columns = obj.shape if engine == "pandas" else (None, len(columns_of(obj)))
    if rows == 0 or columns == 0:
        raise GenAnalystError(
            f"`{name}` is empty ({rows} rows × {columns} columns); there is nothing to {verb}."
        )
    return obj


def local_frame(obj: Any) -> pd.DataFrame:
    """The pandas rows the privacy guard reads: the frame itself, or a bounded, seeded sample
    of an engine's frame (PII detection and example rows need rows in memory)."""
    if isinstance(obj, pd.DataFrame):
        return obj
    return sample_pandas(obj, GUARD_SAMPLE, seed=0).frame


def require_column(frame: Any, column: str, role: str) -> None:
    names = columns_of(frame)
    if column in names or (isinstance(frame, pd.DataFrame) and column in frame.columns):
        return
    close = difflib.get_close_matches(str(column), names, n=1, cutoff=0.6)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    shown = ", ".join(names[:12]) + (" …" if len(names) > 12 else "")
    raise GenAnalystError(f"No column {column!r} for {role}.{hint} Columns: {shown}.")


# --- helpers ---------------------------------------------------------------------------------
def _chain(*callbacks: ProgressCallback | None) -> ProgressCallback | None:
    """One callback calling each given one in order (None when none is given)."""
    active = [cb for cb in callbacks if cb is not None]
    if len(active) <= 1:
        return active[0] if active else None

    def call_all(index: int, partial: str) -> None:
        for callback in active:
            callback(index, partial)

    return call_all


def _provenance(cfg: GenAnalyst, comp: Composition, frame: pd.DataFrame | None) -> Provenance:
    server = comp.server
    return Provenance(
        model=server.model if server else "template",
        server_url=server.base_url if server else resolve_endpoint(cfg).base_url,
        server_version=server.server_version if server else None,
        model_sha256=server.model_sha256 if server else None,
        temperature=cfg.temperature,
        seed=cfg.seed,
        max_tokens=cfg.max_tokens,
        prompt_sha256=sha256_text(comp.prompt.text) if comp.prompt else None,
        data_fingerprint=fingerprint(frame) if frame is not None else None,
        package_version=__version__,
        privacy=cfg.privacy,
        created=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        extra={
            "prompt_tokens": comp.prompt.tokens if comp.prompt else None,
            "facts_in_prompt": len(comp.prompt.facts) if comp.prompt else 0,
            "llm_attempts": comp.llm_attempts,
        },
    )


def fingerprint(frame: pd.DataFrame) -> str:
    """A short hash of the frame's shape, columns, dtypes and (sampled) contents."""
    digest = hashlib.sha256()
    shape = (frame.shape, [str(c) for c in frame.columns], [str(t) for t in frame.dtypes])
    digest.update(repr(shape).encode())
    sample = frame if len(frame) <= 200_000 else frame.sample(200_000, random_state=0)
    try:
        digest.update(pd.util.hash_pandas_object(sample, index=False).to_numpy().tobytes())
    except (TypeError, ValueError):  # unhashable cells (lists, dicts); repr: bytes need not decode
        digest.update(sample.map(repr).to_csv(index=False).encode())
    return digest.hexdigest()[:16]


__all__ = ["Analysis", "fingerprint", "require_column", "require_frame", "run", "validate_data"]
