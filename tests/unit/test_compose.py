"""Composition against a scripted server: valid answers, garbage, outages, retries.

The first card is always the storyteller's (written from the facts, no model); the
scripted server speaks for a capable model, so its candidates are free prose, checked and
pruned like any other.
"""

from __future__ import annotations

import json

import pytest

from jupyter_genanalyst.config import GenAnalyst
from jupyter_genanalyst.facts.types import Fact, FactSet
from jupyter_genanalyst.kinds import spec
from jupyter_genanalyst.llm.client import LLMClient
from jupyter_genanalyst.llm.server import free_port
from jupyter_genanalyst.narrate.compose import Composing, compose, partial_field
from tests.fake_openai import fake_server

FACTS = FactSet([
    Fact(id="desc.shape", kind="descriptive", topic="shape", columns=(),
         values={"rows": 120, "columns": 4}, units={"rows": "count", "columns": "count"},
         importance=0.9, text="The frame has 120 rows and 4 columns.",
         evidence={"rows": "len(df)", "columns": "df.shape[1]"}),
    Fact(id="desc.missing.revenue", kind="descriptive", topic="missingness", columns=("revenue",),
         values={"share": 5.0, "count": 6}, units={"share": "percent", "count": "count"},
         importance=0.8, text="revenue is missing in 6 rows (5.0%).",
         evidence={"share": "df['revenue'].isna().mean() * 100",
                   "count": "int(df['revenue'].isna().sum())"}),
])  # fmt: skip


def _run(server_url: str, **cfg: object) -> object:
    config = GenAnalyst(base_url=server_url, timeout=5, max_retries=1, cache=False, **cfg)
    ctx = Composing(
        spec("describe"),
        config,
        frame_name="sales",
        columns=["revenue", "date"],
        variables=["sales"],
    )
    return compose(FACTS, ctx, LLMClient(config))


def _answer(narrative: str, ids: list[str], code: str = "", title: str = "Revenue gaps") -> str:
    return json.dumps({"title": title, "narrative": narrative, "fact_ids": ids, "code": code})


def test_valid_answers_become_grounded_llm_proposals() -> None:
    reply = _answer(
        "The data has 120 rows; revenue is missing in 5.0% of them, and 37 are odd.",
        ["desc.shape", "desc.missing.revenue"],
    )
    with fake_server(replies=[reply]) as server:
        result = _run(server.base_url, candidates=3)
    assert [p.origin for p in result.proposals] == ["template", "llm", "llm"]
    story, proposal = result.proposals[0], result.proposals[1]
    assert story.hidden is None and "without a model" in (story.note or "")
    assert proposal.grounding is not None
    verified = {n.text: n.verified for n in proposal.grounding.numbers}
    assert verified["120"] and verified["5.0%"] and not verified["37"]
    assert "37 [unverified]" in (proposal.marked_narrative or "")
    assert proposal.hidden and "37" in proposal.hidden  # a number no fact backs: hidden
    assert result.notice is None


def test_evidence_code_uses_the_users_variable_name() -> None:
    reply = _answer("revenue is missing in 5.0% of rows overall.", ["desc.missing.revenue"])
    with fake_server(replies=[reply]) as server:
        result = _run(server.base_url, candidates=2)
    code = next(p for p in result.proposals if p.origin == "llm").code[0]
    assert "sales['revenue']" in code and "df[" not in code
    compile(code, "<evidence>", "exec")


def test_garbage_json_is_retried_then_falls_back_with_a_reason() -> None:
    with fake_server(replies=["this is not json {"]) as server:
        result = _run(server.base_url, candidates=3)
        assert len(server.requests) == 4  # 2 model candidates x (1 try + 1 retry)
    assert result.proposals and all(p.origin == "template" for p in result.proposals)
    assert result.notice is not None and "\n" not in result.notice
    assert "not a valid proposal" in result.notice


def test_retry_recovers_from_one_bad_answer() -> None:
    good = _answer("The frame has 120 rows and 4 columns in total.", ["desc.shape"])
    with fake_server(replies=["{broken", good]) as server:
        result = _run(server.base_url, candidates=2)
    assert [p.origin for p in result.proposals] == ["template", "llm"]


def test_server_down_gives_templates_and_a_one_line_notice() -> None:
    result = _run(f"http://127.0.0.1:{free_port()}/v1", candidates=3)
    assert result.proposals  # as many storyteller cards as there are distinct lead facts
    assert all(p.origin == "template" for p in result.proposals)
    assert result.notice and "No LLM server answered" in result.notice and "\n" not in result.notice
    for proposal in result.proposals:
        assert proposal.grounding is not None and proposal.grounding.faithfulness == 1.0


def test_timeout_falls_back_quickly() -> None:
    with fake_server(delay=3.0) as server:
        config = GenAnalyst(base_url=server.base_url, timeout=0.5, max_retries=0, cache=False)
        result = compose(FACTS, Composing(spec("describe"), config), LLMClient(config))
    assert all(p.origin == "template" for p in result.proposals)
    assert "did not answer within" in (result.notice or "")


def test_no_llm_never_contacts_a_server() -> None:
    config = GenAnalyst(base_url="http://127.0.0.1:9/v1")
    result = compose(FACTS, Composing(spec("describe"), config), None)
    assert all(p.origin == "template" for p in result.proposals)
    assert "--no-llm" in (result.notice or "")


@pytest.mark.parametrize(
    ("streamed", "expected"),
    [
        ('{"title": "x", "narrative": "Rev', "Rev"),
        ('{"narrative": "a \\"quoted\\" word", "x', 'a "quoted" word'),
        ('{"title": "x"', ""),
        ('{"narrative": "line\\nbreak\\', "line\nbreak"),
    ],
)
def test_partial_field_reads_unfinished_json(streamed: str, expected: str) -> None:
    assert partial_field(streamed, "narrative") == expected


def test_off_topic_candidates_are_hidden_and_the_story_card_leads() -> None:
    reply = _answer("A team of experts developed a new strategy for the nation.", [], title="News")
    with fake_server(replies=[reply]) as server:
        result = _run(server.base_url, candidates=3)
    llm = [p for p in result.proposals if p.origin == "llm"]
    assert len(llm) == 2 and all(p.hidden == "names no column of the data" for p in llm)
    assert result.proposals[0].origin == "template" and result.proposals[0].hidden is None


def test_on_topic_candidates_are_not_flagged() -> None:
    reply = _answer("The revenue column has gaps in some rows of the table.", [])
    with fake_server(replies=[reply]) as server:
        result = _run(server.base_url, candidates=2)
    assert [p.origin for p in result.proposals] == ["template", "llm"]
    assert result.proposals[1].hidden is None


def test_numbers_in_titles_are_checked_too() -> None:
    reply = _answer(
        "The revenue column has gaps in 5.0% of rows.",
        ["desc.missing.revenue"],
        title="120 rows, 187.39 revenue",
    )
    with fake_server(replies=[reply]) as server:
        result = _run(server.base_url, candidates=2)
    (llm,) = [p for p in result.proposals if p.origin == "llm"]
    assert llm.title == "120 rows, 187.39 [unverified] revenue"
    assert llm.hidden and "187.39" in llm.hidden


def test_every_code_cell_has_its_check_whatever_path_made_it() -> None:
    config = GenAnalyst(base_url="http://127.0.0.1:9/v1")
    for client in (None, LLMClient(GenAnalyst(base_url=f"http://127.0.0.1:{free_port()}/v1",
                                              timeout=2, max_retries=0))):  # fmt: skip
        ctx = Composing(spec("describe"), config, "sales", columns=["revenue"], variables=["sales"])
        result = compose(FACTS, ctx, client)
        for proposal in result.proposals:
            assert proposal.code, proposal.id
            assert len(proposal.code_checks) == len(proposal.code)
            assert all(check.parses for check in proposal.code_checks)
