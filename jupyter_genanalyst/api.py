"""The public Python API: one function per analysis kind, each returning an :class:`Analysis`
that renders itself as the review UI (or readable markdown where the labextension is absent).

Flow: validate → facts (no LLM) → privacy → prompt → LLM candidates → grounding → bundle.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import __version__
from .config import GenAnalyst, get_config, with_overrides
from .errors import GenAnalystError
from .facts.types import FactSet
from .llm.client import LLMClient, sha256_text
from .narrate.compose import Composition, ProgressCallback, Request, compose
from .narrate.types import Proposal, Provenance
from .notebook.progress import StreamingDisplay
from .notebook.proposals import MIME_TYPE, build_bundle, bundle_markdown, bundle_text


@dataclass
class Analysis:
    """Facts plus candidate proposals; displays itself for review."""

    request: Request
    facts: FactSet
    proposals: list[Proposal]
    notice: str | None
    provenance: Provenance
    bundle: dict[str, Any]
    seconds: float

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            MIME_TYPE: self.bundle,
            "text/markdown": bundle_markdown(self.bundle),
            "text/plain": bundle_text(self.bundle),
        }

    def to_markdown(self) -> str:
        return bundle_markdown(self.bundle)

    @property
    def faithfulness(self) -> float:
        """Mean share of verified numbers over the LLM-written proposals (1.0 if none)."""
        scores = [
            p.grounding.faithfulness for p in self.proposals if p.grounding and p.origin == "llm"
        ]
        return sum(scores) / len(scores) if scores else 1.0


def describe(
    df: Any, *, time: str | None = None, name: str | None = None, **options: Any
) -> Analysis:
    """What happened: shape, types, missingness, distributions, trends."""
    from . import facts as F

    frame = _require_frame(df, "describe", name)
    return _run(Request("describe", _name(name), time=time), frame,
                lambda: F.describe(frame, time=time), **options)  # fmt: skip


def diagnose(
    df: Any, *, target: str | None = None, time: str | None = None, name: str | None = None,
    **options: Any,
) -> Analysis:  # fmt: skip
    """Why did it happen: anomalies, drivers, segment contributions (associational)."""
    from . import facts as F

    frame = _require_frame(df, "diagnose", name)
    _require_columns(frame, target, time)
    return _run(Request("diagnose", _name(name), target=target, time=time), frame,
                lambda: F.diagnose(frame, target=target, time=time), **options)  # fmt: skip


def predict(
    df: Any, *, target: str, time: str | None = None, horizon: int | None = None,
    name: str | None = None, **options: Any,
) -> Analysis:  # fmt: skip
    """What will happen: a baseline model against a naive one; forecasts with intervals."""
    from . import facts as F

    frame = _require_frame(df, "predict", name)
    _require_columns(frame, target, time, need_target=True)
    request = Request("predict", _name(name), target=target, time=time)
    facts = lambda: F.predict(frame, target=target, time=time, horizon=horizon)  # noqa: E731
    return _run(request, frame, facts, **options)


def prescribe(
    df: Any, *, target: str, goal: str = "increase", name: str | None = None, **options: Any
) -> Analysis:
    """What could we do: levers ranked by modeled effect, as options for a human."""
    from . import facts as F

    if goal not in ("increase", "decrease"):
        raise GenAnalystError(f"goal must be 'increase' or 'decrease', not {goal!r}.")
    frame = _require_frame(df, "prescribe", name)
    _require_columns(frame, target, None, need_target=True)
    return _run(Request("prescribe", _name(name), target=target), frame,
                lambda: F.prescribe(frame, target=target, goal=goal), **options)  # fmt: skip


def ask(df: Any, question: str, *, name: str | None = None, **options: Any) -> Analysis:
    """A free question, answered from descriptive and diagnostic facts."""
    from . import facts as F

    if not isinstance(question, str) or not question.strip():
        raise GenAnalystError("ask() needs a question, e.g. ask(df, 'Which region grew most?').")
    frame = _require_frame(df, "ask", name)
    return _run(Request("ask", _name(name), question=question.strip()), frame,
                lambda: F.describe(frame) + F.diagnose(frame), **options)  # fmt: skip


def narrate(figures: Any, *, name: str | None = None, **options: Any) -> Analysis:
    """An executive summary of a plotly figure or dashboard, from the figures' own data."""
    from .facts.figures import figure_facts

    facts = figure_facts(figures)
    single = not isinstance(figures, (list, tuple, dict)) and hasattr(figures, "data")
    return _run(Request("narrate", name or ("fig" if single else "dashboard")), None,
                lambda: facts, **options)  # fmt: skip


def _run(
    request: Request,
    frame: pd.DataFrame | None,
    compute: Callable[[], FactSet],
    *,
    candidates: int | None = None,
    privacy: str | None = None,
    llm: bool = True,
    config: GenAnalyst | None = None,
    variables: Sequence[str] = (),
    show_progress: bool = True,
    on_progress: ProgressCallback | None = None,
) -> Analysis:
    """Facts → privacy → prompt → candidates → bundle.

    ``on_progress(index, partial_narrative)`` is called as tokens stream (after the
    in-notebook display, when ``show_progress`` is on); the sidebar panel uses it.
    """
    from .privacy import Scrubber, detect_pii, example_rows, protect_facts

    started = time.monotonic()
    cfg = with_overrides(config or get_config(), candidates=candidates, privacy=privacy)
    facts = compute()
    mode = cfg.privacy
    if frame is not None:
        report = detect_pii(frame)
        scrubber = Scrubber(report, mode)
        prompt_facts = protect_facts(facts, report, mode)
        rows = example_rows(frame, report, mode)
        rows_csv = None if rows is None else rows.iloc[:, :12].to_csv(index=False)[:1500]
        scrub: Callable[[str], str] = scrubber.scrub
    else:
        prompt_facts, rows_csv, scrub = facts, None, _identity

    client = LLMClient(cfg) if llm else None
    columns = [str(c) for c in frame.columns] if frame is not None else []
    display = StreamingDisplay(cfg.candidates) if show_progress else None
    progress = _chain_progress(display.update if display else None, on_progress)
    try:
        composition = compose(
            prompt_facts, request, cfg,
            columns=columns, variables=[request.frame_name, *variables],
            client=client, scrub=scrub, example_rows=rows_csv,
            on_progress=progress,
            template_facts=facts,
        )  # fmt: skip
    finally:
        if display is not None:
            display.close()
    provenance = _provenance(cfg, composition, frame)
    model = composition.server.model if composition.server and composition.proposals and any(
        p.origin == "llm" for p in composition.proposals) else "template"  # fmt: skip
    label = f"AI-generated, reviewed by you · model: {model} · jupyter_genanalyst {__version__}"
    bundle = build_bundle(
        run_id="ga-" + uuid.uuid4().hex[:12],
        request={"kind": request.kind, "frame": request.frame_name, "target": request.target,
                 "time": request.time, "question": request.question},
        model=model, label=label, notice=composition.notice, facts=list(facts),
        proposals=composition.proposals, provenance=provenance.to_dict(),
    )  # fmt: skip
    return Analysis(request, facts, composition.proposals, composition.notice, provenance, bundle,
                    time.monotonic() - started)  # fmt: skip


def _chain_progress(*callbacks: ProgressCallback | None) -> ProgressCallback | None:
    """One callback calling each given one in order (None when none is given)."""
    active = [cb for cb in callbacks if cb is not None]
    if not active:
        return None
    if len(active) == 1:
        return active[0]

    def call_all(index: int, partial: str) -> None:
        for callback in active:
            callback(index, partial)

    return call_all


def _identity(text: str) -> str:
    return text


def _provenance(cfg: GenAnalyst, comp: Composition, frame: pd.DataFrame | None) -> Provenance:
    server = comp.server
    return Provenance(
        model=server.model if server else "template",
        server_url=server.base_url if server else cfg.resolved_base_url(),
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
    digest.update(repr((frame.shape, [str(c) for c in frame.columns],
                        [str(t) for t in frame.dtypes])).encode())  # fmt: skip
    sample = frame if len(frame) <= 200_000 else frame.sample(200_000, random_state=0)
    try:
        digest.update(pd.util.hash_pandas_object(sample, index=False).to_numpy().tobytes())
    except (TypeError, ValueError):  # unhashable cells (lists, dicts)
        digest.update(sample.astype(str).to_csv(index=False).encode())
    return digest.hexdigest()[:16]


def _name(name: str | None) -> str:
    return name if name and name.isidentifier() else "df"


def _require_frame(obj: Any, verb: str, name: str | None) -> pd.DataFrame:
    label = f"`{name}`" if name else "the argument"
    if not isinstance(obj, pd.DataFrame):
        hint = " (a Series? use .to_frame())" if isinstance(obj, pd.Series) else ""
        raise GenAnalystError(
            f"{verb} needs a pandas DataFrame, but {label} is a {type(obj).__name__}{hint}."
        )
    if obj.shape[0] == 0 or obj.shape[1] == 0:
        raise GenAnalystError(
            f"{label.capitalize() if not name else label} is empty ({obj.shape[0]} rows × "
            f"{obj.shape[1]} columns); there is nothing to {verb}."
        )
    return obj


def _require_columns(
    frame: pd.DataFrame, target: str | None, time: str | None, *, need_target: bool = False
) -> None:
    names = [str(c) for c in frame.columns]
    if need_target and not target:
        raise GenAnalystError("This analysis needs a target column: pass target='column'.")
    for role, column in (("target", target), ("time", time)):
        if column is not None and column not in frame.columns and column not in names:
            close = difflib.get_close_matches(str(column), names, n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            shown = ", ".join(names[:12]) + (" …" if len(names) > 12 else "")
            raise GenAnalystError(f"No column {column!r} for {role}.{hint} Columns: {shown}.")
