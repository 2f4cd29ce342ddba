"""Edit a plan card's plan → re-run it on the same frame (review/rerun.py and the comm's
``rerun_plan`` request): a valid plan gives a new card with the new value; an invalid one
gives one error line and changes nothing."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest

from jupyter_genanalyst import api
from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.notebook import comm as C
from jupyter_genanalyst.review.rerun import rerun
from jupyter_genanalyst.schema import bundle_errors
from tests.unit.test_comm import DummyComm


def shop() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 80
    return pd.DataFrame(
        {
            "region": rng.choice(["north", "south", "east"], n),
            "units": rng.integers(1, 50, n),
            "revenue": rng.normal(100, 15, n).round(2),
        }
    )


def ask_bundle(df: pd.DataFrame) -> dict[str, Any]:
    analysis = api.ask(df, "What is the mean revenue? Round to 2 decimals.", name="df", llm=False)
    bundle = analysis.bundle
    assert bundle["proposals"][0]["origin"] == "plan"
    return json.loads(json.dumps(bundle))  # as it comes back over the wire


def test_valid_edit_adds_a_card_with_the_new_value_and_keeps_decisions() -> None:
    df = shop()
    before = df.copy()
    bundle = ask_bundle(df)
    first = bundle["proposals"][0]
    bundle["review"] = {first["id"]: {"status": "accepted"}}
    plan = {**first["plan"], "agg": "median", "column": "units"}
    out, new_id = rerun(bundle, first["id"], json.dumps(plan), df)
    assert new_id == f"{first['id']}-r1"
    ids = [p["id"] for p in out["proposals"]]
    assert ids[ids.index(first["id"]) + 1] == new_id
    card = next(p for p in out["proposals"] if p["id"] == new_id)
    assert card["origin"] == "plan" and card["plan"]["agg"] == "median"
    assert card["title"].startswith(f"{df['units'].median():.2f}")
    assert card["fact_ids"][0] in {f["id"] for f in out["facts"]}
    assert out["review"] == {first["id"]: {"status": "accepted"}}
    assert bundle_errors(out) == []
    pd.testing.assert_frame_equal(df, before)  # the user's data is untouched
    # editing the re-run card again numbers on from the original card
    again, third = rerun(out, new_id, {**plan, "agg": "max"}, df)
    assert third == f"{first['id']}-r2"
    assert len(again["proposals"]) == len(out["proposals"]) + 1


@pytest.mark.parametrize(
    "question",
    ["What is the mean revenue? Round to 2 decimals.", "What is the mean revenue in north?"],
)
def test_the_same_plan_again_recomputes_that_card_in_place(question: str) -> None:
    df = shop()
    bundle = json.loads(json.dumps(api.ask(df, question, name="df", llm=False).bundle))
    first = bundle["proposals"][0]
    bundle["review"] = {first["id"]: {"status": "rejected"}}
    out, new_id = rerun(bundle, first["id"], first["plan"], df)
    assert new_id == first["id"]
    assert [p["id"] for p in out["proposals"]] == [p["id"] for p in bundle["proposals"]]
    assert first["id"] not in out["review"]  # a recomputed card is reviewed afresh


@pytest.mark.parametrize(
    ("plan", "fragment"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ({"version": "1", "op": "aggregate", "agg": "avg", "column": "units"}, "agg: 'avg'"),
        ({"version": "1", "op": "explode"}, "op: 'explode'"),
        ({"version": "1", "op": "aggregate", "agg": "mean", "column": "profit"}, "profit"),
        ({"version": "1", "op": "aggregate", "agg": "mean", "colum": "units"}, "colum"),
        ({"version": "1", "op": "aggregate", "agg": "mean", "column": "region"}, "region"),
        ({"version": "2", "op": "count"}, "version"),
        ({"version": "1", "op": "aggregate", "decimals": 99, "agg": "mean"}, "decimals"),
    ],
)
def test_invalid_plans_fail_in_one_line(plan: Any, fragment: str) -> None:
    df = shop()
    bundle = ask_bundle(df)
    with pytest.raises(GenAnalystError) as info:
        rerun(bundle, bundle["proposals"][0]["id"], plan, df)
    message = str(info.value)
    assert fragment in message and "\n" not in message


def test_only_plan_cards_and_pandas_frames_can_be_re_run() -> None:
    df = shop()
    bundle = ask_bundle(df)
    bundle["proposals"][0]["origin"] = "llm"
    with pytest.raises(GenAnalystError, match="not a plan card"):
        rerun(bundle, bundle["proposals"][0]["id"], {"version": "1", "op": "count"}, df)
    with pytest.raises(GenAnalystError, match="no proposal 'p9'"):
        rerun(bundle, "p9", {"version": "1", "op": "count"}, df)
    with pytest.raises(GenAnalystError, match="pandas DataFrame"):
        rerun(bundle, "p1", {"version": "1", "op": "count"}, df.to_dict())


@pytest.fixture
def link() -> tuple[DummyComm, dict[str, Any]]:
    ns: dict[str, Any] = {"df": shop(), "x": 3}
    target = C.CommTarget(lambda: ns)
    comm = DummyComm()
    target.open(comm, {"content": {"data": {}}})
    return comm, ns


def test_comm_rerun_plan_replies_with_the_new_bundle(
    link: tuple[DummyComm, dict[str, Any]],
) -> None:
    comm, ns = link
    bundle = ask_bundle(ns["df"])
    pid = bundle["proposals"][0]["id"]
    plan = {**bundle["proposals"][0]["plan"], "agg": "max"}
    comm.deliver(
        {
            "type": "rerun_plan",
            "request_id": "e1",
            "bundle": bundle,
            "proposal_id": pid,
            "plan": json.dumps(plan),
        }
    )
    (reply,) = comm.sent
    assert reply["type"] == "rerun_reply" and reply["request_id"] == "e1", reply
    assert reply["proposal_id"] == f"{pid}-r1"
    card = next(p for p in reply["bundle"]["proposals"] if p["id"] == reply["proposal_id"])
    assert card["title"].startswith(f"{ns['df']['revenue'].max():.2f}")
    assert bundle_errors(reply["bundle"]) == []


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"plan": "{"}, "not valid JSON"),
        ({"plan": {"version": "1", "op": "aggregate", "agg": "mean", "column": "nope"}}, "nope"),
        ({"proposal_id": ""}, "needs 'proposal_id'"),
        ({"bundle": None}, "needs 'bundle'"),
        ({"frame": "x"}, "'x' is a int, not a DataFrame"),
        ({"frame": "gone"}, "'gone' is no variable"),
    ],
)
def test_comm_rerun_plan_errors_are_one_line(
    link: tuple[DummyComm, dict[str, Any]], change: dict[str, Any], fragment: str
) -> None:
    comm, ns = link
    bundle = ask_bundle(ns["df"])
    if "frame" in change:
        bundle["request"]["frame"] = change.pop("frame")
    message = {"type": "rerun_plan", "request_id": "e2", "bundle": bundle,
               "proposal_id": bundle["proposals"][0]["id"],
               "plan": bundle["proposals"][0]["plan"], **change}  # fmt: skip
    comm.deliver(message)
    (reply,) = comm.sent
    assert reply["type"] == "error", reply
    assert fragment in reply["message"] and "\n" not in reply["message"]


# --- the ipywidgets review (where the labextension is absent) ----------------------------------
def test_widget_edit_plan_dropdown_then_rerun_adds_a_card() -> None:
    from jupyter_genanalyst.review import widget as rw

    df = shop()
    bundle = ask_bundle(df)
    pid = bundle["proposals"][0]["id"]
    review = rw.ReviewWidget(bundle, frames={"df": df}.get)
    card = review.cards[pid]
    assert card.plan_editor is not None
    editor = card.plan_editor
    editor.open_button.click()
    assert editor.box.layout.display is None
    assert set(editor.dropdowns) == set(rw.PLAN_CHOICES)
    assert list(editor.dropdowns["column"].options) == ["", "region", "units", "revenue"]
    editor.dropdowns["agg"].value = "max"  # the dropdown writes into the JSON text
    assert json.loads(editor.text.value)["agg"] == "max"
    editor.run.click()
    new_id = f"{pid}-r1"
    assert list(review.cards) == [pid, new_id]
    assert review.cards[new_id].proposal["title"].startswith(f"{df['revenue'].max():.2f}")
    assert review.bundle["proposals"][1]["id"] == new_id
    assert "Re-ran the edited plan" in review.message.value
    assert review.cards[new_id].box in review.view.children


def test_widget_invalid_plan_shows_one_line_and_changes_nothing() -> None:
    from jupyter_genanalyst.review import widget as rw

    df = shop()
    bundle = ask_bundle(df)
    pid = bundle["proposals"][0]["id"]
    review = rw.ReviewWidget(bundle, frames={"df": df}.get)
    editor = review.cards[pid].plan_editor
    assert editor is not None
    editor.open_button.click()
    editor.text.value = '{"version": "1", "op": "aggregate", "agg": "mean", "column": "profit"}'
    assert editor.submit() is None
    assert "profit" in editor.error.value and "<br>" not in editor.error.value
    assert list(review.cards) == [pid]
    # without the frame in the kernel: no column dropdowns, and Re-run says why
    lost = rw.ReviewWidget(bundle, frames=lambda name: None)
    editor = lost.cards[pid].plan_editor
    assert editor is not None
    editor.open()
    assert "column" not in editor.dropdowns
    editor.submit()
    assert "No pandas DataFrame &#x27;df&#x27;" in editor.error.value


def test_set_plan_field_mirrors_the_labextension() -> None:
    from jupyter_genanalyst.review.widget import set_plan_field

    text = '{"version": "1", "op": "correlation", "method": "spearman", "column": "a"}'
    assert json.loads(set_plan_field(text, "method", "kendall"))["method"] == "kendall"
    changed = json.loads(set_plan_field(text, "op", "test"))
    assert "method" not in changed and changed["op"] == "test"
    assert "column" not in json.loads(set_plan_field(text, "column", ""))
    assert set_plan_field('{"op": ', "agg", "sum") == '{"op": '


def test_the_widget_plan_editor_speaks_the_bundles_language() -> None:
    from jupyter_genanalyst.review import widget as rw

    df = shop()
    analysis = api.ask(df, "revenue 的平均是多少？", name="df", llm=False, language="zh-Hant")
    bundle = json.loads(json.dumps(analysis.bundle))
    card = rw.ReviewWidget(bundle, frames={"df": df}.get).cards[bundle["proposals"][0]["id"]]
    editor = card.plan_editor
    assert editor is not None
    editor.open_button.click()
    assert (editor.open_button.description, editor.run.description) == ("編輯計畫", "重新執行")
    assert editor.dropdowns["column"].description == "欄位"
    assert editor.cancel.description == "取消"
