"""The ipywidgets review in a real kernel without the labextension, driven as a frontend
would drive it: comm messages to the widget models (clicks, edited values), then the insert
command, whose ``set_next_input`` payloads are the inserted cells (docs/review.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jupyter_genanalyst.bundle import MIME_TYPE
from jupyter_genanalyst.review.widget import WIDGET_MIME
from tests.kernel_session import Execution, Kernel, kernel
from tests.ui.bundles import cell_label, code_header

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
import json
from tests.ui.bundles import fixture_bundle
from jupyter_genanalyst.review import widget as rw
from jupyter_genanalyst.review.frontend import detect_frontend
bundle = fixture_bundle("ga-kernel-1")
bundle["proposals"][1]["title"] = "各區營收"
review = rw.display_review(bundle)
"""

IDS = """
print(json.dumps({
    "frontend": detect_frontend(),
    "cards": {pid: {"accept": c.accept.model_id, "reject": c.reject.model_id,
                    "edit": c.edit.model_id, "save": c.save.model_id, "ack": c.ack.model_id,
                    "narrative": c.narrative_edit.model_id,
                    "code": [a.model_id for a in c.code_edits]}
              for pid, c in review.cards.items()},
    "queue": review.queue_button.model_id,
}))
"""

INSERT = "print(rw.insert_message(rw.insert_next()))"


@pytest.fixture(scope="module")
def k() -> Iterator[Kernel]:
    with kernel(str(ROOT)) as session:
        yield session


def _send(k: Kernel, model_id: str, data: dict[str, Any]) -> None:
    """A comm message as the widget's frontend view sends it."""
    msg = k.client.session.msg("comm_msg", {"comm_id": model_id, "data": data})
    k.client.shell_channel.send(msg)


def _click(k: Kernel, model_id: str) -> None:
    _send(k, model_id, {"method": "custom", "content": {"event": "click"}})


def _set(k: Kernel, model_id: str, value: Any) -> None:
    _send(k, model_id, {"method": "update", "state": {"value": value}, "buffer_paths": []})


def _payload_inputs(result: Execution) -> list[str]:
    return [p["text"] for p in result.reply.get("payload", []) if p["source"] == "set_next_input"]


def _last_update(result: Execution) -> dict[str, Any]:
    updates = [o["content"] for o in result.outputs if o["msg_type"] == "update_display_data"]
    assert updates, result.outputs
    return updates[-1]


def test_widget_review_in_a_kernel_without_the_labextension(k: Kernel) -> None:
    shown = k.run(SETUP)
    assert shown.status == "ok", shown.error()
    [data] = shown.data()
    assert set(data) == {MIME_TYPE, WIDGET_MIME, "text/markdown", "text/plain"}
    assert data[MIME_TYPE]["run_id"] == "ga-kernel-1"
    display_id = shown.outputs[0]["content"]["transient"]["display_id"]

    info = k.run(IDS)
    assert info.status == "ok", info.error()
    ids = json.loads(info.stream())
    assert ids["frontend"] == "kernel"  # no labextension comm, no Colab, not launched by VS Code
    assert data[WIDGET_MIME]["model_id"]

    p1, p2, p4 = ids["cards"]["p1"], ids["cards"]["p2"], ids["cards"]["p4"]
    _click(k, p1["edit"])
    _set(k, p1["narrative"], "臺北市的平均營收為 12.5。")
    _set(k, p1["code"][0], "df['revenue'].mean()")
    _click(k, p1["save"])  # save edit and accept
    _click(k, p2["accept"])
    _click(k, ids["cards"]["p3"]["reject"])
    _click(k, p4["accept"])  # flagged code, warning not acknowledged: stays out of the queue
    _click(k, ids["queue"])

    state = k.run("print(json.dumps(review.bundle['review'], ensure_ascii=False))")
    review = json.loads(state.stream())
    assert review["p1"] == {
        "status": "accepted",
        "narrative": "臺北市的平均營收為 12.5。",
        "code": ["df['revenue'].mean()"],
        "queued": True,
    }
    assert review["p2"] == {"status": "accepted", "queued": True}
    assert review["p3"] == {"status": "rejected"}
    assert review["p4"] == {"status": "accepted"}  # not queued: needs the warning acknowledged

    inserted: list[str] = []
    for expected_left in (3, 2, 1, 0):
        result = k.run(INSERT)
        assert result.status == "ok", result.error()
        assert f"{expected_left} cell" in result.stream() or expected_left == 0
        inserted += _payload_inputs(result)
    assert k.run(INSERT).stream().startswith("Nothing queued")

    # each card's cells carry that card's own honest label (model text or written from facts)
    bundle = data[MIME_TYPE]
    label1, label2 = (cell_label(bundle, bundle["proposals"][i]) for i in (0, 1))
    # each lands directly below the cell that runs the command: last first reads in order
    assert inserted == [
        f"{code_header(label2)}\ndf.groupby('region')['revenue'].sum()",
        f"%%markdown\n> **{label2}**\n\nRevenue differs by region.",
        f"{code_header(label1)}\ndf['revenue'].mean()",
        f"%%markdown\n> **{label1}**\n\n臺北市的平均營收為 12.5。",
    ]

    # the decisions are written back into the displayed output, so they are saved with it
    update = _last_update(result)
    assert update["transient"]["display_id"] == display_id
    saved = update["data"][MIME_TYPE]["review"]
    assert (
        saved["p1"]["inserted"] and saved["p2"]["inserted"] and saved["p3"]["status"] == "rejected"
    )
    assert "**Your review:** p1 accepted, inserted, edited" in update["data"]["text/markdown"]
    assert update["data"][WIDGET_MIME]["model_id"] == data[WIDGET_MIME]["model_id"]
    # nothing ran: the kernel never saw the proposed code
    assert k.run("print('df' in globals())").stream().strip() == "False"
