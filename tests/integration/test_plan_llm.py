"""The model planner against the real bundled model: whatever it fills, the schema keeps it a
plan, the parser checks it, and the first card still states the computed answer."""

from __future__ import annotations

import plotly.express as px
import pytest

from jupyter_genanalyst.config import GenAnalyst
from jupyter_genanalyst.llm.client import LLMClient
from jupyter_genanalyst.plan import Plan, answer, check, plan_with_model


@pytest.mark.llm
def test_bundled_model_fills_a_plan_under_the_frame_schema(llm_config: GenAnalyst) -> None:
    tips = px.data.tips()
    got = plan_with_model(LLMClient(llm_config), tips, "What is the average tip?")
    assert got.raw  # the server answered
    if got.plan is not None:  # a 135M model may pick wrongly, but only among valid choices
        assert isinstance(got.plan, Plan)
        check(got.plan, tips)
    else:
        assert got.error


@pytest.mark.llm
def test_first_card_states_the_parsers_answer_with_the_model(llm_config: GenAnalyst) -> None:
    tips = px.data.tips()
    got = answer(tips, "What is the mean tip? Round to 2 decimals.", model=LLMClient(llm_config))
    assert got.sources[0] == "parser"
    assert got.proposals[0].title.startswith(f"{tips.tip.mean():.2f} — ")
