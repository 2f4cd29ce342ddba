"""The ``jupyter_genanalyst`` comm: the sidebar panel's channel into the kernel.

Protocol version 1, written down in docs/protocol.md, section 3. The frontend sends
requests (``hello``, ``list_variables``, ``columns``, ``run``, ``rerun_plan``), each with a
``request_id`` the replies echo; the kernel also pushes ``variables`` after every
executed cell. Every mistake a request can contain ends in one ``error`` message with a
one-line text — the kernel stays alive. API keys are never sent.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from .. import pipeline
from ..analysis import Analysis
from ..config import GenAnalyst, get_config, with_overrides
from ..errors import GenAnalystError
from ..kinds import SPECS
from ..request import FIELDS, make_request
from ..version import __version__

TARGET_NAME = "jupyter_genanalyst"
PROTOCOL_VERSION = 1
REQUEST_TYPES = ("hello", "list_variables", "columns", "run", "rerun_plan")
# Column hints for the panel's dropdowns: target wants numeric, time wants datetime.
_HINTS = {
    "numeric": "numeric",
    "boolean": "categorical",
    "categorical": "categorical",
    "datetime": "datetime",
}
_PROGRESS_INTERVAL = 0.1  # seconds between progress messages of one candidate

if TYPE_CHECKING:
    from ..status import LLMHealth

Message = dict[str, Any]
STORY = "story"  # four kinds in a row (story.py), not one of SPECS
STORY_OPTIONS = ("target", "time", "goal", "horizon")
_COMMON = ("candidates", "privacy", "llm", "language")
Namespace = Callable[[], Mapping[str, Any]]


class CommLike(Protocol):
    """The part of ``comm.base_comm.BaseComm`` this module uses."""

    comm_id: str

    def send(self, data: Any = None, metadata: Any = None, buffers: Any = None) -> None: ...

    def on_msg(self, callback: Callable[[Message], None]) -> None: ...

    def on_close(self, callback: Callable[[Message], None]) -> None: ...


class RequestError(GenAnalystError):
    """A request the kernel cannot serve (unknown frame, missing field …)."""


class PanelSession:
    """One open comm with the sidebar panel: decodes requests and answers them."""

    def __init__(
        self,
        comm: CommLike,
        namespace: Namespace,
        *,
        config: Callable[[], GenAnalyst] = get_config,
        status: Callable[[GenAnalyst], Any] | None = None,
    ) -> None:
        self.comm = comm
        self.namespace = namespace
        self.config = config
        self.status = status
        self._last_variables: Message | None = None

    # --- entry points ---------------------------------------------------------------------
    def handle(self, msg: Message) -> None:
        """Comm ``on_msg`` callback: answer one request; never raises into the kernel."""
        data = msg.get("content", {}).get("data") if isinstance(msg, dict) else None
        request_id = data.get("request_id") if isinstance(data, dict) else None
        try:
            if not isinstance(data, dict):
                raise RequestError("A request must be a JSON object with a 'type'.")
            kind = data.get("type")
            if kind not in REQUEST_TYPES:
                raise RequestError(
                    f"Unknown request type {kind!r}; known: {', '.join(REQUEST_TYPES)}."
                )
            getattr(self, f"_on_{kind}")(request_id, data)
        except KeyboardInterrupt:
            self.send("cancelled", request_id)
        except GenAnalystError as exc:
            self.send("error", request_id, message=one_line(str(exc)))
        except Exception as exc:  # a panel request must never kill the kernel
            self.send(
                "error",
                request_id,
                message=one_line(f"Internal error ({type(exc).__name__}): {exc}"),
            )

    def push_variables(self) -> None:
        """Send ``variables`` (no request id) when the list changed since the last send."""
        payload = list_variables(self.namespace())
        if payload != self._last_variables:
            self._last_variables = payload
            self.send("variables", None, **payload)

    def send(self, kind: str, request_id: Any, **fields: Any) -> None:
        self.comm.send({"type": kind, "request_id": request_id, **fields})

    # --- requests --------------------------------------------------------------------------
    def _on_hello(self, request_id: Any, data: Message) -> None:
        from ..llm.endpoint import resolve_endpoint
        from ..status import status_report

        cfg = _overridden(self.config(), data.get("settings"))
        report = (self.status or status_report)(cfg)
        self.send(
            "hello_reply",
            request_id,
            protocol_version=PROTOCOL_VERSION,
            package_version=__version__,
            status={
                "title": report.title,
                "rows": [list(r) for r in report.rows],
                "warnings": list(report.warnings),
            },
            llm=llm_state(report.llm),
            kinds=kind_table(),
            settings={
                "base_url": resolve_endpoint(cfg).base_url,
                "model": cfg.model,
                "privacy": cfg.privacy,
                "candidates": cfg.candidates,
            },
        )

    def _on_list_variables(self, request_id: Any, data: Message) -> None:
        payload = list_variables(self.namespace())
        self._last_variables = payload
        self.send("variables", request_id, **payload)

    def _on_columns(self, request_id: Any, data: Message) -> None:
        name = _required_str(data, "frame")
        frame = self._frame(name)
        self.send("columns_reply", request_id, frame=name, columns=column_hints(frame))

    def _on_run(self, request_id: Any, data: Message) -> None:
        kind = data.get("kind")
        if kind == STORY:
            self._run_story(request_id, data)
            return
        if kind not in SPECS:
            known = ", ".join([*SPECS, STORY])
            raise RequestError(f"Unknown analysis kind {kind!r}; one of: {known}.")
        started = time.monotonic()
        analysis = self._run(SPECS[kind].kind, data, _Throttle(self, request_id))
        self.send(
            "result",
            request_id,
            bundle=analysis.bundle,
            seconds=round(time.monotonic() - started, 3),
        )

    def _on_rerun_plan(self, request_id: Any, data: Message) -> None:
        """An ask card's plan, edited in the review, run again on the same frame.

        Request: ``bundle`` (the review's current bundle), ``proposal_id`` (the edited card),
        ``plan`` (a JSON object or its text). The frame is the bundle's ``request.frame`` in
        this kernel. Reply ``rerun_reply``: ``bundle`` with the new card after the edited one
        (review decisions kept) and its ``proposal_id``; any mistake is one ``error`` line.
        Only our executor runs; nothing in the message is executed as code.
        """
        from ..review.rerun import rerun

        bundle = data.get("bundle")
        if not isinstance(bundle, dict) or not isinstance(bundle.get("proposals"), list):
            raise RequestError("rerun_plan needs 'bundle': the review's proposals bundle.")
        request = bundle.get("request")
        name = request.get("frame") if isinstance(request, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise RequestError("The bundle names no frame to re-run the plan on.")
        frame = self._frame(name.strip())
        if not isinstance(frame, pd.DataFrame):
            raise RequestError(f"{name!r} is not a pandas DataFrame; plans run on pandas only.")
        if "plan" not in data:
            raise RequestError("rerun_plan needs 'plan': the edited plan (JSON).")
        started = time.monotonic()
        new_bundle, new_id = rerun(bundle, _required_str(data, "proposal_id"), data["plan"], frame)
        self.send(
            "rerun_reply",
            request_id,
            bundle=new_bundle,
            proposal_id=new_id,
            seconds=round(time.monotonic() - started, 3),
        )

    def _run_story(self, request_id: Any, data: Message) -> None:
        """The full story: four stages through the one pipeline, progress per stage, then one
        ``story_result`` with each stage's bundle and the summary paragraph."""
        from ..story import TITLES, story

        started = time.monotonic()
        name = _required_str(data, "frame")
        frame = self._frame(name)
        target = _required_str(data, "target")
        fields = {k: data[k] for k in (*STORY_OPTIONS, *_COMMON) if data.get(k) is not None}
        fields.pop("target", None)

        def on_stage(stage: str, index: int, total: int, event: str) -> None:
            if event == "start":
                text = f"Stage {index} of {total}: {stage} — {TITLES[stage].lower()}…"
                self.send("progress", request_id, candidate=0, text=text)

        st = story(
            frame,
            target=target,
            frame_name=name,
            config=_overridden(
                self.config(), {"base_url": data.get("base_url"), "model": data.get("model")}
            ),
            on_stage=on_stage,
            **fields,
        )
        self.send(
            "story_result",
            request_id,
            bundles=[s.analysis.bundle for s in st.stages],
            summary=st.summary,
            seconds=round(time.monotonic() - started, 3),
        )

    # --- helpers ---------------------------------------------------------------------------
    def _run(self, kind: str, data: Message, progress: _Throttle) -> Analysis:
        """Decode a ``run`` message into a request (the request validates it) and run it."""
        spec = SPECS[kind]  # type: ignore[index]
        fields = {k: data[k] for k in FIELDS if k in data and k not in ("kind", "frame_name")}
        if spec.data == "figures":
            subject, name = figures_subject(self._figures(data.get("figures")))
        else:
            name = _required_str(data, "frame")
            subject = self._frame(name)
        fields = {k: v for k, v in fields.items() if k in (*spec.options, *_COMMON)}
        request = make_request(kind, frame_name=name, **fields)
        config = _overridden(
            self.config(), {"base_url": data.get("base_url"), "model": data.get("model")}
        )
        return pipeline.run(
            request,
            subject,
            config=config,
            variables=list(user_frames(self.namespace())),
            show_progress=False,
            on_progress=progress,
        )

    def _frame(self, name: str) -> Any:
        from ..facts.engines import engine_of

        value = self.namespace().get(name)
        if engine_of(value) is None:
            frames = ", ".join(f["name"] for f in list_variables(self.namespace())["frames"])
            what = "no variable" if value is None else f"a {type(value).__name__}, not a DataFrame"
            raise RequestError(f"{name!r} is {what} (DataFrames here: {frames or 'none yet'}).")
        return value

    def _figures(self, names: Any) -> dict[str, Any]:
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise RequestError("narrate needs 'figures': a list of figure variable names.")
        ns = self.namespace()
        out: dict[str, Any] = {}
        for name in names:
            if not _is_figure(ns.get(name)):
                raise RequestError(f"{name!r} is not a plotly figure in this kernel.")
            out[name] = ns[name]
        return out


class _Throttle:
    """Streams ``progress`` messages, at most one per candidate every 0.1 s."""

    def __init__(self, session: PanelSession, request_id: Any) -> None:
        self.session = session
        self.request_id = request_id
        self._last: tuple[int, float] = (-1, 0.0)

    def __call__(self, index: int, partial: str) -> None:
        now = time.monotonic()
        last_index, last_time = self._last
        if index == last_index and now - last_time < _PROGRESS_INTERVAL:
            return
        self._last = (index, now)
        self.session.send("progress", self.request_id, candidate=index, text=partial)


class CommTarget:
    """The registered target: one :class:`PanelSession` per open comm."""

    def __init__(self, namespace: Namespace) -> None:
        self.namespace = namespace
        self.sessions: dict[str, PanelSession] = {}

    def open(self, comm: CommLike, open_msg: Message) -> None:
        """``comm_open`` handler (the comm manager's target callback)."""
        session = PanelSession(comm, self.namespace)
        self.sessions[comm.comm_id] = session
        # ipykernel >= 7 may deliver a comm's messages on a subshell thread (JupyterLab opens
        # comms over subshells), where the kernel interrupt never arrives. Runs go to the main
        # shell so Stop works; quick requests stay where the frontend sent them.
        comm._reply_subshell_for = route_request  # type: ignore[attr-defined]
        comm.on_msg(session.handle)

        def closed(_msg: Message) -> None:
            self.sessions.pop(comm.comm_id, None)

        comm.on_close(closed)

    def after_cell(self, result: Any = None) -> None:
        """``post_run_cell`` handler: refresh every open panel's variable list."""
        for session in list(self.sessions.values()):
            try:
                session.push_variables()
            except Exception:  # never break the user's cell for the panel
                continue


def route_request(data: Any, subshell_id: str | None) -> str | None:
    """ipykernel's per-comm routing hook: ``run`` on the main shell (interruptible), and
    ``rerun_plan`` too — it reads the user's frame, so it waits for a running cell instead of
    reading the frame while that cell changes it."""
    if isinstance(data, dict) and data.get("type") in ("run", "rerun_plan"):
        return None
    return subshell_id


_targets: dict[int, CommTarget] = {}


def register_comm_target(ipython: Any) -> CommTarget | None:
    """Register the comm target and the ``post_run_cell`` push; safe to call twice.

    Returns None outside a kernel (plain terminal IPython has no comms).
    """
    existing = _targets.get(id(ipython))
    if existing is not None:
        return existing
    manager = getattr(getattr(ipython, "kernel", None), "comm_manager", None)
    if manager is None:
        return None
    target = CommTarget(lambda: ipython.user_ns)
    manager.register_target(TARGET_NAME, target.open)
    ipython.events.register("post_run_cell", target.after_cell)
    _targets[id(ipython)] = target
    return target


# --- pure helpers (unit-tested directly) -----------------------------------------------------
def list_variables(namespace: Mapping[str, Any]) -> Message:
    """Frames (pandas, Polars, DuckDB, Spark) and plotly figures in the user namespace, by name.

    Engine frames report their columns from the schema and ``rows: null``: counting a lazy
    frame's rows would scan the data after every cell.
    """
    from ..facts.engines import frames_in

    engines = {info.name: info for info in frames_in(namespace)}
    frames: list[Message] = []
    figures = []
    for name, value in sorted(list(namespace.items()), key=lambda item: str(item[0])):
        if name.startswith("_"):
            continue
        if isinstance(value, pd.DataFrame):
            frames.append(
                {"name": name, "rows": int(value.shape[0]), "columns": int(value.shape[1])}
            )
        elif name in engines:
            info = engines[name]
            frames.append(
                {"name": name, "rows": None, "columns": len(info.columns), "engine": info.engine}
            )
        elif _is_figure(value):
            figures.append({"name": name, "type": type(value).__name__, "traces": len(value.data)})
    return {"frames": frames, "figures": figures}


def column_hints(frame: Any) -> list[dict[str, str]]:
    """Each column's name, semantic type and dropdown hint (numeric/datetime/categorical/other)."""
    from ..facts.engines import columns_of, semantic_types_any

    names = columns_of(frame)
    types = semantic_types_any(frame).tolist() if names else []
    return [
        {"name": c, "semantic": str(t), "hint": _HINTS.get(str(t), "other")}
        for c, t in zip(names, types, strict=True)
    ]


def llm_state(health: LLMHealth | None) -> Message:
    """Reachability, model id, the server tried (and where its URL came from), the fix."""
    if health is None:
        return {"reachable": False, "model": None, "server": None, "source": None, "fix": None}
    return {
        "reachable": health.reachable,
        "model": health.model,
        "server": health.server,
        "source": health.source,
        "fix": None if health.reachable else health.fix,
    }


def kind_table() -> list[Message]:
    """The analysis kinds, their labels and options, so the panel's form follows the kernel's
    table (the panel keeps no list of its own); the full story comes last."""
    rows: list[Message] = [
        {
            "kind": s.kind,
            "label": f"{s.kind.capitalize()} — {s.summary.split(':')[0]}",
            "summary": s.summary,
            "data": s.data,
            "options": list(s.options),
            "required": list(s.required),
        }
        for s in SPECS.values()
    ]
    rows.append(
        {
            "kind": STORY,
            "label": "Full story — all four stages",
            "summary": "the four analyses in order, each stage using what the one before found",
            "data": "frame",
            "options": list(STORY_OPTIONS),
            "required": ["target"],
        }
    )
    return rows


def figures_subject(figures: Mapping[str, Any]) -> tuple[Any, str]:
    """What ``narrate`` reads and what it is called: one figure by its own name, several as
    a dashboard (a dict keyed by the variable names, which the summary uses)."""
    if len(figures) == 1:
        ((name, figure),) = figures.items()
        return figure, name
    return dict(figures), "dashboard"


def user_frames(namespace: Mapping[str, Any]) -> dict[str, Any]:
    """The frames a user defined — pandas, Polars, DuckDB, Spark — by name (no private names)."""
    from ..facts.engines import frames_in

    return {info.name: namespace[info.name] for info in frames_in(namespace)}


def one_line(text: str, limit: int = 500) -> str:
    """Collapse whitespace; cap the length so an error stays one readable line."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _overridden(config: GenAnalyst, settings: Any) -> GenAnalyst:
    if not isinstance(settings, dict):
        return config
    overrides = {}
    for key in ("base_url", "model"):
        value = settings.get(key)
        if value is not None and not isinstance(value, str):
            raise RequestError(f"{key} must be a string.")
        if value:
            overrides[key] = value.strip()
    return with_overrides(config, **overrides) if overrides else config


def _is_figure(value: Any) -> bool:
    module = sys.modules.get("plotly.basedatatypes")  # never import plotly just to look
    base = getattr(module, "BaseFigure", None)
    return base is not None and isinstance(value, base)


def _required_str(data: Message, key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RequestError(f"The request needs '{key}' (a non-empty string).")
    return value.strip() if key != "question" else value
