"""Fuzzing the narrative side: whatever text or JSON a model returns, parsing and checking
never raise anything but the documented errors, and marking never loses the text."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from jupyter_genanalyst.config import GenAnalyst
from jupyter_genanalyst.facts.types import Fact
from jupyter_genanalyst.kinds import spec
from jupyter_genanalyst.llm.prompts import build_prompt
from jupyter_genanalyst.narrate.compose import Composing, _to_proposal, partial_field
from jupyter_genanalyst.narrate.grounding import ground
from jupyter_genanalyst.narrate.numbers import extract_numbers

FACT = Fact(
    id="desc.dist.price", kind="descriptive", topic="distribution", columns=("price",),
    values={"mean": 12.5, "share": 15.3, "count": 1200}, units={"mean": "currency",
    "share": "percent", "count": "count"}, importance=1.0,
    text="price: mean 12.5, 15.3% above 20, 1,200 rows.", evidence={"mean": "df['price'].mean()",
    "share": "float((df['price'] > 20).mean() * 100)", "count": "len(df)"},
)  # fmt: skip
PROMPT = build_prompt([FACT], task=spec("describe").task, frame_name="df", budget=800,
                      count_tokens=lambda s: len(s) // 4)  # fmt: skip

numberish = st.text(alphabet="0123456789.,%$€x-−+ kmbKMB", max_size=12)
prose = st.lists(st.one_of(st.text(max_size=20), numberish), max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(prose)
def test_grounding_never_crashes_and_marks_every_unverified_number(text: str) -> None:
    numbers = extract_numbers(text)
    assert all(0 <= n.start <= n.end <= len(text) for n in numbers)
    grounding, marked = ground(text, [FACT], kind="descriptive")
    assert 0.0 <= grounding.faithfulness <= 1.0
    for number in grounding.unverified:
        assert f"{number.text} [unverified]" in marked


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_partial_field_never_crashes(text: str) -> None:
    assert isinstance(partial_field(text, "narrative"), str)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10),
                                                                       children, max_size=4),
    max_leaves=12,
)  # fmt: skip
answers = st.fixed_dictionaries(
    {}, optional={"title": json_values, "narrative": json_values, "fact_ids": json_values,
                  "code": json_values},
) | json_values  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(answers)
def test_any_model_json_becomes_a_proposal_or_a_value_error(data: object) -> None:
    json.dumps(data)  # the shape a server could really send
    try:
        ctx = Composing(spec("describe"), GenAnalyst(), columns=["price"], variables=["df"])
        proposal = _to_proposal(0, data, PROMPT, ctx)
    except (ValueError, TypeError, KeyError):
        return  # compose turns these into a retry, then the template fallback
    assert proposal.narrative and set(proposal.fact_ids) <= {FACT.id}
