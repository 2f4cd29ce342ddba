"""Edit an ask card's plan → re-run, in a real ipykernel through the comm, as the review card
does: the new card states the new value computed in the kernel, a bad plan gives one error
line, and the kernel and the user's frame stay as they were."""

from __future__ import annotations

import json

import pytest
from jupyter_client.blocking.client import BlockingKernelClient

import jupyter_genanalyst
from tests.integration.test_comm_kernel import PanelLink, execute, kernel  # noqa: F401

pytestmark = pytest.mark.kernel


def _value(client: BlockingKernelClient, expression: str) -> str:
    """The text of ``expression`` evaluated in the kernel."""
    got: list[str] = []

    def hook(msg: dict[str, object]) -> None:
        content = msg["content"]
        if msg["msg_type"] == "stream" and isinstance(content, dict):
            got.append(str(content["text"]))

    reply = client.execute_interactive(
        f"print({expression})", timeout=60, store_history=False, output_hook=hook
    )
    assert reply["content"]["status"] == "ok", reply["content"]
    return "".join(got).strip()


def test_edited_plan_reruns_on_the_same_frame(kernel: BlockingKernelClient) -> None:  # noqa: F811
    # the kernel runs this checkout's package, the one under test
    assert (
        _value(kernel, "__import__('jupyter_genanalyst').__file__") == jupyter_genanalyst.__file__
    )
    before = _value(kernel, "sales.to_json()")
    link = PanelLink(kernel)
    ask = {
        "type": "run",
        "request_id": "a",
        "kind": "ask",
        "frame": "sales",
        "question": "What is the mean revenue? Round to 2 decimals.",
        "llm": False,
    }
    result = link.request(ask, {"result", "error"})[-1]
    assert result["type"] == "result", result
    bundle = result["bundle"]
    card = bundle["proposals"][0]
    assert card["origin"] == "plan"
    assert card["title"].startswith(_value(kernel, "f\"{sales['revenue'].mean():.2f}\""))

    plan = {k: v for k, v in card["plan"].items() if v is not None}
    plan.update(agg="median")
    rerun = {
        "type": "rerun_plan",
        "request_id": "e",
        "bundle": bundle,
        "proposal_id": card["id"],
        "plan": json.dumps(plan),
    }
    reply = link.request(rerun, {"rerun_reply", "error"})[-1]
    assert reply["type"] == "rerun_reply", reply
    new = next(p for p in reply["bundle"]["proposals"] if p["id"] == reply["proposal_id"])
    assert reply["proposal_id"] == f"{card['id']}-r1"
    assert new["title"].startswith(_value(kernel, "f\"{sales['revenue'].median():.2f}\""))
    assert new["plan"]["agg"] == "median"

    bad = {**rerun, "request_id": "b", "plan": {**plan, "column": "profit"}}
    (error,) = link.request(bad, {"rerun_reply", "error"})
    assert error["type"] == "error" and "profit" in error["message"]
    assert "\n" not in error["message"]

    assert _value(kernel, "sales.to_json()") == before  # the user's frame is untouched
    assert execute(kernel, "1 + 1")["content"]["status"] == "ok"  # the kernel is alive
