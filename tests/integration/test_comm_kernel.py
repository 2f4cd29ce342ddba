"""The panel's comm in a real ipykernel, driven through jupyter_client like JupyterLab does."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager

pytestmark = pytest.mark.kernel

SETUP = """
%load_ext jupyter_genanalyst
import numpy as np, pandas as pd
rng = np.random.default_rng(1)
sales = pd.DataFrame({
    "date": pd.date_range("2024-01-01", periods=90, freq="D"),
    "region": rng.choice(["north", "south"], 90),
    "revenue": rng.normal(200, 20, 90).round(2),
})
"""


class PanelLink:
    """A frontend's view of the comm: open it, send requests, collect the kernel's messages."""

    def __init__(self, client: BlockingKernelClient) -> None:
        self.client = client
        self.comm_id = uuid.uuid4().hex
        msg = client.session.msg(
            "comm_open",
            {"comm_id": self.comm_id, "target_name": "jupyter_genanalyst", "data": {}},
        )
        client.shell_channel.send(msg)

    def send(self, data: dict[str, Any]) -> None:
        msg = self.client.session.msg("comm_msg", {"comm_id": self.comm_id, "data": data})
        self.client.shell_channel.send(msg)

    def collect(self, request_id: Any, final: set[str], timeout: float) -> list[dict[str, Any]]:
        """Comm messages for ``request_id`` until one whose type is in ``final``."""
        got: list[dict[str, Any]] = []
        while True:
            msg = self.client.get_iopub_msg(timeout=timeout)
            if msg["msg_type"] != "comm_msg" or msg["content"]["comm_id"] != self.comm_id:
                continue
            data = msg["content"]["data"]
            if data.get("request_id") != request_id:
                continue
            got.append(data)
            if data["type"] in final:
                return got

    def request(
        self, data: dict[str, Any], final: set[str], timeout: float = 60
    ) -> list[dict[str, Any]]:
        self.send(data)
        return self.collect(data.get("request_id"), final, timeout)


def execute(client: BlockingKernelClient, code: str) -> dict[str, Any]:
    reply = client.execute_interactive(code, timeout=120, store_history=False)
    assert reply["content"]["status"] == "ok", reply["content"]
    return reply


@pytest.fixture
def kernel() -> Iterator[BlockingKernelClient]:
    """A fresh kernel started now, so it inherits the environment of this moment."""
    manager = KernelManager(kernel_name="python3")
    manager.kernel_spec.argv[0] = sys.executable  # this venv's Python, whatever the spec says
    manager.start_kernel(env=dict(os.environ))
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    try:
        execute(client, SETUP)
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_hello_variables_columns_and_describe_without_llm(kernel: BlockingKernelClient) -> None:
    link = PanelLink(kernel)
    hello = link.request(
        {"type": "hello", "request_id": "h", "version": 1}, {"hello_reply", "error"}
    )
    assert hello[-1]["type"] == "hello_reply", hello
    assert hello[-1]["protocol_version"] == 1
    assert set(hello[-1]["llm"]) == {"reachable", "model", "server", "source", "fix"}

    variables = link.request({"type": "list_variables", "request_id": "v"}, {"variables"})[-1]
    assert variables["frames"] == [{"name": "sales", "rows": 90, "columns": 3}]

    columns = link.request(
        {"type": "columns", "request_id": "c", "frame": "sales"}, {"columns_reply"}
    )
    assert {c["name"]: c["hint"] for c in columns[-1]["columns"]}["date"] == "datetime"

    run = {
        "type": "run",
        "request_id": "r",
        "kind": "describe",
        "frame": "sales",
        "llm": False,
        "candidates": 2,
    }
    result = link.request(run, {"result", "error"})[-1]
    assert result["type"] == "result", result
    assert result["bundle"]["request"]["frame"] == "sales"
    assert len(result["bundle"]["proposals"]) == 2


def test_bad_request_leaves_the_kernel_alive(kernel: BlockingKernelClient) -> None:
    link = PanelLink(kernel)
    bad = {"type": "run", "request_id": 1, "kind": "describe", "frame": "nothing"}
    (error,) = link.request(bad, {"error"})
    assert "'nothing' is no variable" in error["message"]
    reply = execute(kernel, "1 + 1")
    assert reply["content"]["status"] == "ok"


def test_variables_are_pushed_after_a_cell_runs(kernel: BlockingKernelClient) -> None:
    link = PanelLink(kernel)
    link.request({"type": "list_variables", "request_id": "v"}, {"variables"})
    kernel.execute("extra = sales.head(4)")
    pushed = link.collect(None, {"variables"}, timeout=30)[-1]
    assert {"name": "extra", "rows": 4, "columns": 3} in pushed["frames"]


def test_load_ext_twice_keeps_one_target(kernel: BlockingKernelClient) -> None:
    execute(kernel, "%reload_ext jupyter_genanalyst")
    execute(kernel, "%load_ext jupyter_genanalyst")
    link = PanelLink(kernel)
    kernel.execute("more = sales.tail(2)")
    msgs = link.collect(None, {"variables"}, timeout=30)
    assert len(msgs) == 1  # one push per cell: the post_run_cell hook is registered once


@pytest.mark.llm
def test_describe_with_the_real_llm_streams_progress(llm_server: object) -> None:
    manager = KernelManager(kernel_name="python3")
    manager.kernel_spec.argv[0] = sys.executable
    manager.start_kernel(env=dict(os.environ))  # after the fixture: GENANALYST_* are set
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        execute(client, SETUP)
        link = PanelLink(client)
        hello = link.request({"type": "hello", "request_id": "h"}, {"hello_reply"})[-1]
        assert hello["llm"]["reachable"] is True, hello
        assert str(hello["llm"]["model"]).endswith(".gguf")
        assert os.environ["GENANALYST_API_KEY"] not in repr(hello)
        run = {
            "type": "run",
            "request_id": "llm",
            "kind": "describe",
            "frame": "sales",
            "candidates": 2,  # the storyteller's card and one from the model
        }
        msgs = link.request(run, {"result", "error"}, timeout=300)
        assert msgs[-1]["type"] == "result", msgs[-1]
        assert any(m["type"] == "progress" for m in msgs), "no progress was reported"
        bundle = msgs[-1]["bundle"]
        assert 1 <= len(bundle["proposals"]) <= 2
        assert bundle["proposals"][0]["origin"] == "template"
        assert os.environ["GENANALYST_API_KEY"] not in repr(bundle)

        # Stop: interrupt the kernel while tokens stream; the run answers `cancelled`. The
        # response cache is off, so the describe run's answers cannot make this run instant.
        assert execute(client, "%config GenAnalyst.cache = False")["content"]["status"] == "ok"
        stop = {
            "type": "run",
            "request_id": "stop",
            "kind": "diagnose",
            "frame": "sales",
            "target": "revenue",
            "candidates": 3,
            "llm": True,
        }
        link.send(stop)
        first = link.collect("stop", {"progress", "result", "error"}, timeout=120)
        assert first[-1]["type"] == "progress", first[-1]
        manager.interrupt_kernel()
        rest = link.collect("stop", {"cancelled", "result", "error"}, timeout=120)
        assert rest[-1]["type"] == "cancelled", rest[-1]
        assert execute(client, "1 + 1")["content"]["status"] == "ok"  # the kernel is alive
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
