"""answer(): the card states the computed value first at the asked precision, in the user's
language; parser and model plans converge or diverge; unmapped questions get no number."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import pytest

from jupyter_genanalyst.errors import GenAnalystError, LLMServerDownError
from jupyter_genanalyst.llm.model import ChatModel, ServerInfo
from jupyter_genanalyst.plan import answer, answer_plan, frame_schema, parse_question
from tests.unit.plan_frames import shop, trial

SHOP = shop()
TRIAL = trial()


class FakeModel:
    """An in-memory ChatModel answering with a canned plan, recording what it was sent."""

    def __init__(self, reply: str | Exception) -> None:
        self.reply = reply
        self.calls: list[dict[str, Any]] = []

    def info(self) -> ServerInfo:
        return ServerInfo("http://fake", "fake", "llama-cpp-python", None, None)

    def chat(
        self,
        messages: list[dict[str, str]],
        *,
        schema: Mapping[str, Any] | None = None,
        grammar: str | None = None,
        max_tokens: int | None = None,
        temperature: float | None = None,
        seed: int | None = None,
        on_token: Any = None,
    ) -> str:
        self.calls.append({"messages": messages, "schema": schema, "max_tokens": max_tokens})
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply

    def count_tokens(self, text: str) -> int:
        return len(text) // 4


def test_fake_is_a_chat_model() -> None:
    assert isinstance(FakeModel("{}"), ChatModel)


def test_card_states_the_value_first_at_the_asked_precision() -> None:
    got = answer(TRIAL, "What is the average response? Round to 2 decimals.")
    assert got.mapped and len(got.proposals) == 1
    card = got.proposals[0]
    want = f"{TRIAL.response.mean():.2f}"
    assert card.title.startswith(want + " — ")
    assert card.narrative.startswith(f"**{want} — ")
    assert card.origin == "plan" and card.fact_ids == (got.facts[0].id,)
    assert "response" in card.code[0] and card.code[0].splitlines()[-1] == "answer"
    assert got.plan_json()[card.id]["op"] == "aggregate"


def test_zh_question_gets_a_zh_card_with_assumptions() -> None:
    got = answer(SHOP, "移除超過 3 個標準差的值後，銷售額的平均數是多少？小數點後兩位。")
    s = SHOP["銷售額"]
    want = f"{s[((s - s.mean()) / s.std()).abs() <= 3].mean():.2f}"
    card = got.proposals[0]
    assert card.title.startswith(want)
    assert "平均數" in card.title and "離群值" in card.narrative and "|z| > 3.0" in card.narrative


def test_boolean_answers_say_true_or_false_first() -> None:
    got = answer(TRIAL, "Is dose normally distributed (Shapiro-Wilk)? Report True or False.")
    assert got.proposals[0].title.split(" — ")[0] in ("True", "False")


def test_unmapped_question_offers_plans_and_states_no_number() -> None:
    got = answer(TRIAL, "What is the average revenue per customer segment?")
    assert not got.mapped and not got.facts
    card = got.proposals[0]
    assert "revenue" in card.narrative and card.code == ()
    assert got.plans and not re.search(r"\d", card.title + card.narrative.split("\n")[0])


def plan_reply(**plan: Any) -> str:
    return json.dumps({"version": "1", **plan})


def test_model_plan_equal_to_parser_plan_converges_to_one_card() -> None:
    q = "What is the average response? Round to 2 decimals."
    parsed = parse_question(q, TRIAL).plan
    assert parsed is not None
    model = FakeModel(json.dumps(parsed.to_dict()))
    got = answer(TRIAL, q, model=model)
    assert len(got.proposals) == 1 and got.sources == ["parser"]
    sent = model.calls[0]
    from jupyter_genanalyst.plan.schema import inline_refs

    schema = inline_refs(dict(sent["schema"]))
    branches = {b["properties"]["op"]["const"]: b for b in schema["anyOf"]}
    aggregate = branches["aggregate"]
    assert aggregate["properties"]["column"]["enum"] == list(TRIAL.columns)
    assert {"agg", "column"} <= set(aggregate["required"])
    assert branches["correlation"]["properties"]["method"]["enum"] == [
        "pearson",
        "spearman",
        "kendall",
    ]
    assert sent["max_tokens"] and q in sent["messages"][-1]["content"]


def test_diverging_model_plan_becomes_a_second_candidate() -> None:
    model = FakeModel(plan_reply(op="aggregate", agg="median", column="response", decimals=2))
    got = answer(TRIAL, "What is the average response? Round to 2 decimals.", model=model)
    assert got.sources == ["parser", "model"] and len(got.proposals) == 2
    assert got.proposals[1].title.startswith(f"{TRIAL.response.median():.2f}")
    assert all(p.note for p in got.proposals)  # the human is told to pick


def test_model_rescues_a_question_the_parser_cannot_map() -> None:
    model = FakeModel(plan_reply(op="aggregate", agg="max", column="dose"))
    got = answer(TRIAL, "What's the peak dosage level?", model=model)
    assert got.sources == ["model"]
    assert got.proposals[0].title.startswith(f"{TRIAL.dose.max():g}")


@pytest.mark.parametrize(
    "reply",
    [
        "not json",
        plan_reply(op="aggregate", agg="mean", column="no_such_column"),
        plan_reply(op="teleport"),
        plan_reply(op="count", filters=[{"column": "visit", "op": "eq", "value": "日用品"}]),
        LLMServerDownError("server down"),
    ],
)
def test_bad_or_missing_model_plans_fall_back_to_the_parser(reply: str | Exception) -> None:
    got = answer(TRIAL, "What is the average response?", model=FakeModel(reply))
    assert got.sources == ["parser"]
    assert got.model_plan is not None and got.model_plan.error


def test_scrubbed_question_and_guard_values_are_what_the_model_sees() -> None:
    model = FakeModel("{}")
    q = "北部 會員 A123456789 的銷售額平均是多少？"
    answer(
        SHOP,
        q,
        model=model,
        values={"地區": ["北部"]},
        scrub=lambda t: t.replace("A123456789", "<ID>"),
    )
    sent = json.dumps(model.calls[0], ensure_ascii=False)
    assert "A123456789" not in sent and "<ID>" in sent
    assert "台北市" not in sent  # only the guard's values are offered as enums


def test_frame_schema_bounds_value_enums() -> None:
    schema = frame_schema(SHOP, top=2)
    values = schema["$defs"]["value"]["anyOf"][0]["enum"]
    assert len(values) <= 2 * 4  # four text columns, two values each
    assert schema["properties"]["version"] == {"const": "1"}


def test_an_edited_plan_reruns_into_a_new_card() -> None:
    first = answer(TRIAL, "What is the average response? Round to 2 decimals.")
    edited = {**first.plan_json()[first.proposals[0].id], "column": "dose", "agg": "median"}
    again = answer_plan(TRIAL, edited, question="edited", language="zh-Hant")
    assert again.proposals[0].title.startswith(f"{TRIAL.dose.median():.2f}")
    assert again.sources == ["edited"] and "中位數" in again.proposals[0].title
    with pytest.raises(GenAnalystError, match="not in the frame"):
        answer_plan(TRIAL, {**edited, "column": "nope"})


def test_every_schema_branch_accepts_a_runnable_plan() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from jupyter_genanalyst.plan.schema import inline_refs, per_op_schema

    schema = per_op_schema(frame_schema(TRIAL))
    assert inline_refs(schema)["anyOf"][1]["properties"]["column"]["enum"] == list(TRIAL.columns)
    good = {"version": "1", "op": "test", "method": "welch", "column": "after", "group_by": "arm"}
    jsonschema.validate(good, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": "1", "op": "aggregate"}, schema)  # no agg, no column
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**good, "column": "no_such_column"}, schema)


def test_fallback_mode_asks_the_model_only_when_the_parser_cannot_map() -> None:
    model = FakeModel(plan_reply(op="aggregate", agg="max", column="dose"))
    mapped = answer(TRIAL, "What is the average response?", model=model, model_mode="fallback")
    assert model.calls == [] and mapped.sources == ["parser"]
    rescued = answer(TRIAL, "What's the peak dosage level?", model=model, model_mode="fallback")
    assert len(model.calls) == 1 and rescued.sources == ["model"]


@pytest.mark.parametrize(
    ("frame", "question"),
    [
        (
            "trial",
            "What is the mean response after removing values more than 3 standard deviations?",
        ),
        (
            "trial",
            "Run a Welch t-test of after between control and treatment. p-value to 4 decimals.",
        ),
        ("shop", "哪個城市的銷售額總和最高？"),
    ],
)
def test_cards_pass_the_grounding_check(frame: str, question: str) -> None:
    from jupyter_genanalyst.narrate.grounding import check_numbers

    got = answer(SHOP if frame == "shop" else TRIAL, question)
    card = got.proposals[0]
    numbers = check_numbers(card.title + "\n" + card.narrative, list(got.facts))
    assert numbers and all(n.verified for n in numbers), [n.text for n in numbers if not n.verified]
