"""The model's roles, with an in-memory ChatModel: it chooses and phrases, our checks decide."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from jupyter_genanalyst.facts.types import Fact
from jupyter_genanalyst.llm.model import ChatModel, ServerInfo
from jupyter_genanalyst.narrate.prune import hide_reason
from jupyter_genanalyst.narrate.roles import (
    choose_facts,
    choose_style,
    constrained_candidates,
    fact_grammar,
    model_size,
    pick_headline,
    rephrase_fact,
)
from tests.unit.story_cases import cases

Answer = Callable[[list[dict[str, str]], Mapping[str, Any] | None, str | None], str]


class FakeModel:
    """Answers each call with ``answer(messages, schema, grammar)``; records every call."""

    def __init__(self, answer: Answer, model: str = "SmolLM2-135M-Instruct") -> None:
        self.answer = answer
        self.calls: list[dict[str, Any]] = []
        self.model = model

    def info(self) -> ServerInfo:
        return ServerInfo("http://127.0.0.1:1/v1", self.model, "llama-cpp-python", None, None)

    def chat(
        self,
        messages: list[dict[str, str]],
        *,
        schema: Mapping[str, Any] | None = None,
        grammar: str | None = None,
        max_tokens: int | None = None,
        temperature: float | None = None,
        seed: int | None = None,
        on_token: Callable[[str], None] | None = None,
    ) -> str:
        self.calls.append({"messages": messages, "schema": schema, "grammar": grammar})
        return self.answer(messages, schema, grammar)

    def count_tokens(self, text: str) -> int:
        return len(text.split())


FACT = Fact(
    id="diag.driver.tip.total_bill",
    kind="diagnostic",
    topic="driver",
    columns=("tip", "total_bill"),
    values={"effect": 0.68, "n": 244},
    units={"effect": "number", "n": "count"},
    importance=0.9,
    text="total_bill is positively associated with tip (Spearman ρ = 0.68, n = 244).",
    evidence={
        "effect": "float(df['tip'].corr(df['total_bill'], method='spearman'))",
        "n": "int(df[['tip', 'total_bill']].dropna().shape[0])",
    },
)


def _sentence_answer(sentence: str) -> Answer:
    return lambda messages, schema, grammar: json.dumps({"sentence": sentence})


def test_the_fake_is_a_chat_model() -> None:
    assert isinstance(FakeModel(_sentence_answer("x")), ChatModel)


def test_choose_facts_offers_only_real_ids_and_drops_invented_ones() -> None:
    facts = list(cases()[0][1])[:5]
    assert len(facts) == 5
    ids = [f.id for f in facts]
    model = FakeModel(
        lambda m, schema, g: json.dumps({"fact_ids": [ids[2], "made.up", ids[0], ids[2]]})
    )
    assert choose_facts(model, facts, angle="headline", max_items=3) == [ids[2], ids[0]]
    schema = model.calls[0]["schema"]
    assert schema["properties"]["fact_ids"]["items"]["enum"] == ids
    assert schema["properties"]["fact_ids"]["maxItems"] == 3
    broken = FakeModel(lambda m, s, g: "I think the first one")
    assert choose_facts(broken, facts, angle="headline") == []


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Bigger bills come with bigger tips: ρ = 0.68 across 244 bills (`tip`).", True),
        ("tip rises with the bill (ρ = 0.68).", True),
        ("tip rises with the bill (ρ = 0.7 in 2014).", False),  # 2014 is invented
        ("Bills and tips move together strongly.", False),  # no column, no number
        ("tip rises with the bill, two times faster.", False),  # number word matching nothing
        ("tip: {{value}} 0.68", False),  # debris
    ],
)
def test_rephrase_keeps_only_checked_sentences(sentence: str, kept: bool) -> None:
    model = FakeModel(_sentence_answer(sentence))
    result = rephrase_fact(model, FACT, attempts=2)
    assert result == (sentence if kept else None)
    assert len(model.calls) == (1 if kept else 2)  # a rejected answer is retried once


def test_rephrase_in_chinese_is_checked_too() -> None:
    good = FakeModel(_sentence_answer("`tip` 與帳單金額一起上升（相關係數 0.68，共 244 筆）。"))
    assert rephrase_fact(good, FACT, language="zh-Hant") is not None
    assert "繁體中文" in good.calls[0]["messages"][1]["content"]
    bad = FakeModel(_sentence_answer("`tip` 與帳單金額一起上升（相關係數 0.68，共 三百 筆）。"))
    assert rephrase_fact(bad, FACT, language="zh-Hant") is None


def test_grammar_names_the_column_and_only_the_facts_numbers() -> None:
    grammar = fact_grammar(FACT)
    assert 'col ::= "`tip`"' in grammar
    assert re.search(r'num ::= .*"0\.68"', grammar) and '"244"' in grammar
    assert "[^0-9" in grammar  # free words carry no digits
    model = FakeModel(lambda m, s, grammar: "tip grows with the bill: 0.68 over 244 bills.")
    assert rephrase_fact(model, FACT, use_grammar=True) is not None
    assert model.calls[0]["grammar"] == grammar and model.calls[0]["schema"] is None


def test_pick_headline_is_an_enum_choice() -> None:
    model = FakeModel(lambda m, schema, g: json.dumps({"choice": "2"}))
    assert pick_headline(model, ["a", "b", "c"]) == 2
    assert model.calls[0]["schema"]["properties"]["choice"]["enum"] == ["0", "1", "2"]
    assert pick_headline(FakeModel(lambda m, s, g: '{"choice": "9"}'), ["a", "b"]) == 0


def _echo_model() -> FakeModel:
    """Picks the offered ids in order and 'rephrases' by echoing the fact's sentence."""

    def answer(
        messages: list[dict[str, str]], schema: Mapping[str, Any] | None, g: str | None
    ) -> str:
        assert schema is not None
        props = schema["properties"]
        if "fact_ids" in props:
            return json.dumps({"fact_ids": props["fact_ids"]["items"]["enum"][:3]})
        if "choice" in props:
            return json.dumps({"choice": props["choice"]["enum"][-1]})
        sentence = messages[1]["content"].split("Sentence: ", 1)[-1]
        return json.dumps({"sentence": "In plain words: " + sentence})

    return FakeModel(answer)


@pytest.mark.parametrize("index", range(len(cases())))
def test_constrained_candidates_diverge_and_pass_pruning(index: int) -> None:
    kind, facts, frame, name = cases()[index]
    progress: list[tuple[int, int]] = []
    first_lead = facts.ids()[0]
    out = constrained_candidates(
        facts,
        _echo_model(),
        kind=kind,
        n=3,
        frame_name=name,
        exclude_leads=[first_lead],
        on_progress=lambda d, t: progress.append((d, t)),
    )
    assert out, kind
    leads = [p.fact_ids[0] for p in out]
    assert len(set(leads)) == len(leads) and first_lead not in leads
    assert progress == [(i, 3) for i in range(1, len(out) + 1)]
    columns = (
        [str(c) for c in frame.columns]
        if frame is not None
        else sorted({c for f in facts for c in f.columns})
    )
    for p in out:
        assert p.origin == "llm" and p.note == "AI-rephrased from the facts"
        assert "In plain words:" in p.narrative
        assert hide_reason(p, facts, columns=columns, frame_name=name) is None, p.narrative


def _nonsense_model() -> FakeModel:
    """Invented ids, the first headline, and a rewrite that names no column or fact."""
    return FakeModel(
        lambda m, schema, g: json.dumps(
            {
                "fact_ids": ["x"],
                "choice": "0",
                "sentence": "In a year of growth, the 2014 World Cup.",
            }
        )
    )


def test_a_model_that_only_writes_nonsense_adds_no_candidate() -> None:
    facts = cases()[3][1]
    assert constrained_candidates(facts, _nonsense_model(), kind="diagnose", n=3) == []


def test_scrub_is_applied_to_every_text_sent() -> None:
    facts = [FACT]
    model = _echo_model()
    constrained_candidates(
        facts, model, kind="diagnose", n=1, scrub=lambda t: t.replace("total_bill", "COL_1")
    )
    sent = " ".join(m["content"] for call in model.calls for m in call["messages"])
    assert "positively associated" in sent and "total_bill is" not in sent


@pytest.mark.parametrize(
    ("style", "model", "flavour", "expected"),
    [
        ("auto", "SmolLM2-135M-Instruct.Q4_1.gguf", "llama-cpp-python", "constrained"),
        ("auto", "qwen2.5-1.5b-instruct", "openai-compatible", "constrained"),
        ("auto", "llama-3.1-70b-instruct", "openai-compatible", "free"),
        ("auto", "gpt-4o", "openai-compatible", "free"),
        ("auto", "model.gguf", "llama-cpp-python", "constrained"),
        ("free", "SmolLM2-135M", "llama-cpp-python", "free"),
        ("constrained", "llama-3.1-70b", "openai-compatible", "constrained"),
    ],
)
def test_style_choice(style: str, model: str, flavour: str, expected: str) -> None:
    info = ServerInfo("http://h/v1", model, flavour, None, None)
    assert choose_style(style, info) == expected


def test_model_size_from_id() -> None:
    assert model_size("SmolLM2-135M-Instruct") == pytest.approx(1.35e8)
    assert model_size("gemma3-270m-q4-k-m") == pytest.approx(2.7e8)
    assert model_size("Qwen2.5-7B") == pytest.approx(7e9)
    assert model_size("gpt-4o") is None


def test_an_angle_whose_lead_cannot_be_rephrased_costs_no_further_rephrases() -> None:
    """The lead is rewritten first; when both attempts fail, the other facts are not sent."""
    facts = cases()[3][1]
    nonsense = _nonsense_model()
    assert constrained_candidates(facts, nonsense, kind="diagnose", n=1, rephrase_limit=2) == []
    chooses = [c for c in nonsense.calls if "fact_ids" in (c["schema"] or {}).get("properties", {})]
    rephrases = [
        c for c in nonsense.calls if "sentence" in (c["schema"] or {}).get("properties", {})
    ]
    assert chooses  # angles were tried
    assert len(rephrases) == 2 * len(chooses)  # the lead's two attempts per angle, no more


def test_rephrase_limit_bounds_the_model_calls_per_candidate() -> None:
    facts = cases()[0][1]
    model = _echo_model()
    out = constrained_candidates(facts, model, kind="describe", n=1, rephrase_limit=1)
    assert len(out) == 1
    rephrases = [c for c in model.calls if "sentence" in (c["schema"] or {}).get("properties", {})]
    assert len(rephrases) == 1  # the lead only; choose + headline make the other calls
    assert len(model.calls) == 3


@pytest.mark.parametrize(
    "echo",
    [
        "Rewrite in plain words for a manager. Keep the numbers exactly and name `tip`.\n"
        "Sentence: total_bill is positively associated with tip (Spearman ρ = 0.68, n = 244).",
        "請用淺白的繁體中文改寫，數字保持不變，並提到欄位名稱。\n"
        "句子：`tip` 與 `total_bill` 相關 0.68，共 244 筆。",
    ],
)
def test_a_rephrase_that_echoes_the_request_is_rejected(echo: str) -> None:
    """A small model that copies the request back has named the column and kept the numbers,
    but wrote nothing a reader should see."""
    assert rephrase_fact(FakeModel(_sentence_answer(echo)), FACT) is None
