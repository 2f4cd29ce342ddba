"""The sidebar comm protocol (docs/protocol.md §3) against a dummy comm: no kernel needed."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from jupyter_genanalyst import __version__, api, pipeline
from jupyter_genanalyst.config import GenAnalyst
from jupyter_genanalyst.llm.endpoint import resolve_endpoint
from jupyter_genanalyst.notebook import comm as C
from jupyter_genanalyst.status import LLMHealth, Report


class DummyComm:
    """Records what the kernel sends; delivers what the 'frontend' sends."""

    def __init__(self, comm_id: str = "c1") -> None:
        self.comm_id = comm_id
        self.sent: list[dict[str, Any]] = []
        self.msg_callback: Callable[[dict[str, Any]], None] | None = None
        self.close_callback: Callable[[dict[str, Any]], None] | None = None

    def send(self, data: Any = None, metadata: Any = None, buffers: Any = None) -> None:
        json.dumps(data)  # must be JSON-serialisable, as on the wire
        self.sent.append(data)

    def on_msg(self, callback: Callable[[dict[str, Any]], None]) -> None:
        self.msg_callback = callback

    def on_close(self, callback: Callable[[dict[str, Any]], None]) -> None:
        self.close_callback = callback

    def deliver(self, data: Any) -> None:
        assert self.msg_callback is not None
        self.msg_callback({"content": {"comm_id": self.comm_id, "data": data}})

    def types(self) -> list[str]:
        return [m["type"] for m in self.sent]


def sales() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 60
    return pd.DataFrame(
        {
            "date": pd.date_range("2024-01-01", periods=n, freq="D"),
            "region": rng.choice(["north", "south", "east"], n),
            "units": rng.integers(1, 50, n),
            "revenue": rng.normal(100, 15, n).round(2),
        }
    )


def unreachable_report(config: GenAnalyst) -> Report:
    endpoint = resolve_endpoint(config)
    fix = "No LLM server answered at http://x/v1. Start the local one with `genanalyst serve`."
    report = Report(
        "GenAnalyst 0.1.0 status",
        rows=[
            ("server", endpoint.base_url),
            ("privacy", "mask"),
            ("candidates", "3"),
            ("LLM", "not reachable"),
        ],
        llm=LLMHealth(False, endpoint.base_url, endpoint.source, fix=fix),
    )
    report.warnings.append(fix)
    return report


@pytest.fixture
def ns() -> dict[str, Any]:
    return {
        "df": sales(),
        "fig": go.Figure([go.Scatter(y=[1, 3, 2]), go.Bar(y=[4, 5, 6])]),
        "s": pd.Series([1, 2]),
        "_hidden": sales(),
        "x": 3,
    }


@pytest.fixture
def link(ns: dict[str, Any]) -> DummyComm:
    """A comm opened through the target, as the comm manager would open it."""
    target = C.CommTarget(lambda: ns)
    comm = DummyComm()
    target.open(comm, {"content": {"data": {}}})
    for session in target.sessions.values():
        session.status = unreachable_report
    return comm


def test_hello_reports_versions_llm_state_and_the_fix_but_no_key(
    link: DummyComm, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GENANALYST_API_KEY", "sk-secret-123")
    link.deliver({"type": "hello", "request_id": "r1", "version": 1})
    (reply,) = link.sent
    assert reply["type"] == "hello_reply" and reply["request_id"] == "r1"
    assert reply["protocol_version"] == C.PROTOCOL_VERSION == 1
    assert reply["package_version"] == __version__
    assert reply["llm"]["reachable"] is False
    assert "genanalyst serve" in reply["llm"]["fix"]
    assert ["LLM", "not reachable"] in reply["status"]["rows"]
    assert "sk-secret-123" not in json.dumps(reply)


def test_hello_settings_override_the_server_shown(link: DummyComm) -> None:
    link.deliver(
        {
            "type": "hello",
            "request_id": 2,
            "settings": {"base_url": "http://panel-host:9/v1", "model": ""},
        }
    )
    reply = link.sent[0]
    assert reply["settings"]["base_url"] == "http://panel-host:9/v1"
    assert reply["llm"]["server"] == "http://panel-host:9/v1"


def test_llm_state_of_a_reachable_server() -> None:
    health = LLMHealth(
        True,
        "http://127.0.0.1:8765/v1",
        "the server started by `genanalyst serve`",
        model="SmolLM2-135M-Instruct.Q4_1.gguf",
        flavour="llama-cpp-python",
    )
    assert C.llm_state(health) == {
        "reachable": True,
        "model": "SmolLM2-135M-Instruct.Q4_1.gguf",
        "server": "http://127.0.0.1:8765/v1",
        "source": "the server started by `genanalyst serve`",
        "fix": None,
    }


def test_llm_state_from_the_real_status_report_when_nothing_listens() -> None:
    from jupyter_genanalyst.status import status_report

    report = status_report(GenAnalyst(base_url="http://127.0.0.1:9/v1"), probe_timeout=1.0)
    state = C.llm_state(report.llm)
    assert state["reachable"] is False and state["model"] is None
    assert state["server"] == "http://127.0.0.1:9/v1"
    assert state["source"] == "GenAnalyst.base_url"
    assert state["fix"] and "genanalyst serve" in state["fix"]
    assert "http://127.0.0.1:9/v1 (from GenAnalyst.base_url)" in state["fix"]


def test_list_variables_lists_frames_and_figures_only(link: DummyComm) -> None:
    link.deliver({"type": "list_variables", "request_id": "v"})
    (reply,) = link.sent
    assert reply["type"] == "variables" and reply["request_id"] == "v"
    assert reply["frames"] == [{"name": "df", "rows": 60, "columns": 4}]
    assert reply["figures"] == [{"name": "fig", "type": "Figure", "traces": 2}]


def test_figure_widget_is_listed_with_its_type() -> None:
    widget_cls = getattr(go, "FigureWidget", None)
    try:
        widget = widget_cls([go.Scatter(y=[1])]) if widget_cls else None
    except ImportError:  # anywidget/ipywidgets missing: FigureWidget unavailable
        pytest.skip("FigureWidget needs anywidget")
    if widget is None:
        pytest.skip("no FigureWidget")
    assert C.list_variables({"w": widget})["figures"] == [
        {"name": "w", "type": "FigureWidget", "traces": 1}
    ]


def test_variables_are_pushed_after_cells_only_when_they_change(ns: dict[str, Any]) -> None:
    target = C.CommTarget(lambda: ns)
    comm = DummyComm()
    target.open(comm, {})
    target.after_cell(None)
    target.after_cell(None)
    assert comm.types() == ["variables"]
    assert comm.sent[0]["request_id"] is None
    ns["df2"] = sales().head(5)
    target.after_cell(None)
    assert comm.types() == ["variables", "variables"]
    assert {"name": "df2", "rows": 5, "columns": 4} in comm.sent[1]["frames"]


def test_closed_comm_gets_no_more_pushes(ns: dict[str, Any]) -> None:
    target = C.CommTarget(lambda: ns)
    comm = DummyComm()
    target.open(comm, {})
    assert comm.close_callback is not None
    comm.close_callback({})
    target.after_cell(None)
    assert comm.sent == [] and target.sessions == {}


def test_columns_give_semantic_hints(link: DummyComm) -> None:
    link.deliver({"type": "columns", "request_id": 7, "frame": "df"})
    (reply,) = link.sent
    assert reply["type"] == "columns_reply" and reply["frame"] == "df"
    hints = {c["name"]: c["hint"] for c in reply["columns"]}
    assert hints == {
        "date": "datetime",
        "region": "categorical",
        "units": "numeric",
        "revenue": "numeric",
    }


def test_run_describe_without_llm_returns_the_bundle(link: DummyComm) -> None:
    link.deliver(
        {
            "type": "run",
            "request_id": "run-1",
            "kind": "describe",
            "frame": "df",
            "time": "date",
            "candidates": 2,
            "privacy": "aggregate",
            "llm": False,
        }
    )
    assert link.types() == ["result"]
    result = link.sent[-1]
    assert result["request_id"] == "run-1"
    bundle = result["bundle"]
    assert bundle["version"] == 1
    assert bundle["request"] == {
        "kind": "describe",
        "frame": "df",
        "target": None,
        "time": "date",
        "goal": None,
        "horizon": None,
        "question": None,
        "language": None,
    }
    assert len(bundle["proposals"]) == 2
    assert bundle["provenance"]["privacy"] == "aggregate"
    assert all(p["origin"] == "template" for p in bundle["proposals"])


@pytest.mark.parametrize(
    ("extra", "kind"),
    [
        ({"target": "revenue"}, "diagnose"),
        ({"target": "revenue", "time": "date", "horizon": 3}, "predict"),
        ({"target": "revenue", "goal": "decrease"}, "prescribe"),
        ({"question": "Which region sells most units?"}, "ask"),
    ],
)
def test_every_frame_kind_runs(link: DummyComm, extra: dict[str, Any], kind: str) -> None:
    from jupyter_genanalyst import facts

    if kind in ("predict", "prescribe") and not hasattr(facts, kind):
        pytest.skip(f"facts.{kind} is not built yet")
    link.deliver(
        {
            "type": "run",
            "request_id": kind,
            "kind": kind,
            "frame": "df",
            "llm": False,
            "candidates": 1,
            **extra,
        }
    )
    reply = link.sent[-1]
    assert reply["type"] == "result", reply
    assert reply["bundle"]["request"]["kind"] == kind


def test_run_narrate_on_figures(link: DummyComm) -> None:
    link.deliver(
        {
            "type": "run",
            "request_id": "n",
            "kind": "narrate",
            "figures": ["fig"],
            "llm": False,
            "candidates": 1,
        }
    )
    reply = link.sent[-1]
    assert reply["type"] == "result", reply
    assert reply["bundle"]["request"]["frame"] == "fig"


def test_progress_messages_stream_then_result(
    link: DummyComm, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_run = pipeline.run

    def streaming_run(*args: Any, **kwargs: Any) -> Any:
        callback = kwargs["on_progress"]
        callback(0, "Revenue")
        callback(0, "Revenue ros")  # throttled: same candidate within 0.1 s
        callback(1, "Units")
        return real_run(*args, **kwargs)

    monkeypatch.setattr(pipeline, "run", streaming_run)
    link.deliver(
        {"type": "run", "request_id": "p", "kind": "describe", "frame": "df", "llm": False}
    )
    assert link.types() == ["progress", "progress", "result"]
    assert link.sent[0] == {
        "type": "progress",
        "request_id": "p",
        "candidate": 0,
        "text": "Revenue",
    }
    assert link.sent[1]["candidate"] == 1


def test_on_progress_reaches_compose_through_the_api(monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_genanalyst.narrate import compose as compose_module

    seen: list[tuple[int, str]] = []
    real = compose_module.compose

    def fake_compose(facts: Any, ctx: Any, *args: Any, **kwargs: Any) -> Any:
        ctx.on_progress(0, "partial")
        return real(facts, ctx, *args, **kwargs)

    monkeypatch.setattr(pipeline, "compose", fake_compose)
    api.describe(
        sales(), llm=False, show_progress=False, on_progress=lambda i, t: seen.append((i, t))
    )
    assert seen == [(0, "partial")]


def test_interrupt_sends_cancelled_and_the_session_keeps_working(
    link: DummyComm, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "run", interrupted)
    link.deliver({"type": "run", "request_id": "stop-me", "kind": "describe", "frame": "df"})
    assert link.sent == [{"type": "cancelled", "request_id": "stop-me"}]
    link.deliver({"type": "list_variables", "request_id": "after"})
    assert link.sent[-1]["type"] == "variables"


@pytest.mark.parametrize(
    ("request_", "fragment"),
    [
        ({"type": "run", "kind": "describe", "frame": "nope"}, "'nope' is no variable"),
        ({"type": "run", "kind": "describe", "frame": "s"}, "a Series, not a DataFrame"),
        (
            {"type": "run", "kind": "describe", "frame": "df", "time": "when"},
            "No column 'when' for time",
        ),
        (
            {"type": "run", "kind": "diagnose", "frame": "df", "target": "Revenue"},
            "No column 'Revenue' for target. Did you mean 'revenue'?",
        ),
        ({"type": "run", "kind": "explode", "frame": "df"}, "Unknown analysis kind 'explode'"),
        ({"type": "run", "kind": "describe"}, "needs 'frame'"),
        ({"type": "run", "kind": "predict", "frame": "df"}, "predict needs a target column"),
        ({"type": "run", "kind": "ask", "frame": "df", "question": "  "}, "ask needs a question"),
        ({"type": "run", "kind": "narrate", "figures": []}, "needs 'figures'"),
        ({"type": "run", "kind": "narrate", "figures": ["df"]}, "'df' is not a plotly figure"),
        ({"type": "run", "kind": "describe", "frame": "df", "candidates": 0}, "between 1 and 10"),
        ({"type": "run", "kind": "describe", "frame": "df", "candidates": "3"}, "whole number"),
        (
            {"type": "run", "kind": "describe", "frame": "df", "privacy": "leaky"},
            "privacy mode 'leaky' is not one of: mask",
        ),
        (
            {"type": "run", "kind": "describe", "frame": "df", "llm": "no"},
            "llm must be true or false",
        ),
        (
            {"type": "run", "kind": "prescribe", "frame": "df", "target": "revenue", "goal": "up"},
            "goal",
        ),
        (
            {"type": "run", "kind": "describe", "frame": "df", "base_url": 5},
            "base_url must be a string",
        ),
        ({"type": "columns", "frame": "missing"}, "'missing' is no variable"),
        ({"type": "columns"}, "needs 'frame'"),
        ({"type": "shutdown"}, "Unknown request type 'shutdown'"),
        ({"no": "type"}, "Unknown request type None"),
        ("not an object", "must be a JSON object"),
    ],
)
def test_bad_requests_answer_one_error_line(link: DummyComm, request_: Any, fragment: str) -> None:
    if isinstance(request_, dict):
        request_ = {**request_, "request_id": "bad"}
    link.deliver(request_)
    (reply,) = link.sent
    assert reply["type"] == "error", reply
    assert reply["request_id"] == ("bad" if isinstance(request_, dict) else None)
    assert fragment in reply["message"]
    assert "\n" not in reply["message"]


def test_unexpected_exceptions_become_one_line_errors(
    link: DummyComm, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(pipeline, "run", broken)
    link.deliver({"type": "run", "request_id": 1, "kind": "describe", "frame": "df"})
    assert link.sent == [
        {
            "type": "error",
            "request_id": 1,
            "message": "Internal error (RuntimeError): boom second line",
        }
    ]


class FakeEvents:
    def __init__(self) -> None:
        self.registered: list[tuple[str, Any]] = []

    def register(self, event: str, callback: Any) -> None:
        self.registered.append((event, callback))


class FakeManager:
    def __init__(self) -> None:
        self.targets: dict[str, Any] = {}

    def register_target(self, name: str, callback: Any) -> None:
        self.targets[name] = callback


class FakeShell:
    def __init__(self) -> None:
        self.user_ns: dict[str, Any] = {"df": sales()}
        self.events = FakeEvents()
        self.kernel = type("K", (), {"comm_manager": FakeManager()})()


def test_register_comm_target_is_idempotent() -> None:
    shell = FakeShell()
    first = C.register_comm_target(shell)
    second = C.register_comm_target(shell)
    assert first is not None and first is second
    assert list(shell.kernel.comm_manager.targets) == ["jupyter_genanalyst"]
    assert [event for event, _ in shell.events.registered] == ["post_run_cell"]
    comm = DummyComm()
    shell.kernel.comm_manager.targets["jupyter_genanalyst"](comm, {})
    comm.deliver({"type": "list_variables", "request_id": 1})
    assert comm.sent[-1]["frames"][0]["name"] == "df"


def test_register_outside_a_kernel_does_nothing() -> None:
    shell = FakeShell()
    shell.kernel = None  # type: ignore[assignment]
    assert C.register_comm_target(shell) is None
    assert shell.events.registered == []


def test_one_line_caps_length() -> None:
    assert C.one_line("a\n b\tc") == "a b c"
    assert len(C.one_line("x" * 2000)) == 500


def test_runs_are_routed_to_the_main_shell_so_the_interrupt_reaches_them(
    ns: dict[str, Any],
) -> None:
    target = C.CommTarget(lambda: ns)
    comm = DummyComm()
    target.open(comm, {})
    route = comm._reply_subshell_for  # type: ignore[attr-defined]
    assert route({"type": "run", "kind": "describe"}, "sub-1") is None
    assert route({"type": "rerun_plan"}, "sub-1") is None  # reads the frame: after a cell
    assert route({"type": "list_variables"}, "sub-1") == "sub-1"
    assert route({"type": "hello"}, None) is None
    assert route("garbage", "sub-1") == "sub-1"


# --- the kinds table is the panel's only list; the full story is one of its choices -------
def test_hello_sends_the_kinds_table_with_labels_and_the_full_story(link: DummyComm) -> None:
    link.deliver({"type": "hello", "request_id": "r1", "version": 1})
    kinds = link.sent[-1]["kinds"]
    assert [k["kind"] for k in kinds] == [*C.SPECS, "story"]
    story = kinds[-1]
    assert story["label"].startswith("Full story") and story["required"] == ["target"]
    assert {"target", "time", "goal", "horizon"} == set(story["options"])
    assert kinds[0]["label"] == "Describe — what happened"


def test_the_jest_fixture_is_the_kernels_kinds_table() -> None:
    """labextension/src/__tests__/kinds.json feeds the panel's state tests: it must be what
    hello_reply sends (regenerate it from kind_table() when a kind changes)."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "labextension/src/__tests__/kinds.json"
    assert json.loads(path.read_text(encoding="utf-8")) == C.kind_table()


def test_run_story_streams_each_stage_then_sends_every_stages_bundle(link: DummyComm) -> None:
    link.deliver(
        {
            "type": "run",
            "request_id": "s1",
            "kind": "story",
            "frame": "df",
            "target": "revenue",
            "time": "date",
            "candidates": 1,
            "llm": False,
        }
    )
    progress = [m["text"] for m in link.sent if m["type"] == "progress"]
    assert progress[0].startswith("Stage 1 of 4: describe") and progress[-1].startswith(
        "Stage 4 of 4: prescribe"
    )
    result = link.sent[-1]
    assert result["type"] == "story_result" and result["request_id"] == "s1"
    kinds = [b["request"]["kind"] for b in result["bundles"]]
    assert kinds == ["describe", "diagnose", "predict", "prescribe"]
    assert all(
        len([p for p in b["proposals"] if not p.get("hidden")]) == 1 for b in result["bundles"]
    )
    assert "revenue" in result["summary"]


def test_a_story_without_a_target_is_one_error_line(link: DummyComm) -> None:
    link.deliver({"type": "run", "request_id": "s2", "kind": "story", "frame": "df"})
    assert link.types() == ["error"] and "target" in link.sent[-1]["message"]
