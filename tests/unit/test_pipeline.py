"""The one path: every entry point's request runs through pipeline.run, behind one guard."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jupyter_genanalyst import api, pipeline
from jupyter_genanalyst.config import GenAnalyst
from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.kinds import SPECS
from jupyter_genanalyst.llm.model import ChatModel, ScrubbedModel
from jupyter_genanalyst.request import KINDS, AnalysisRequest, make_request
from tests.fake_model import FakeChatModel

NAMES = ["Carol White"] * 30 + ["Dan Brown"] * 8 + ["Eve Stone", "Frank Li", "Grace Hall"] * 4


def customers() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "customer_name": NAMES,
            "email": [f"{n.split()[0].lower()}{i}@example.com" for i, n in enumerate(NAMES)],
            "spend": rng.gamma(2.0, 50.0, len(NAMES)).round(2),
            "region": rng.choice(["north", "south"], len(NAMES)),
        }
    )


def config(**values: object) -> GenAnalyst:
    """Free prose (a capable model's role) so the whole prompt is sent; candidates: the
    storyteller's card plus one model candidate."""
    values = {"candidates": 2, "style": "free", **values}
    return GenAnalyst(max_retries=0, cache=False, **values)


def test_the_fake_is_a_chat_model() -> None:
    assert isinstance(FakeChatModel(), ChatModel)


def test_a_person_has_one_pseudonym_in_the_question_facts_and_rows() -> None:
    """Two scrubbers once gave Carol's label to another customer: the model answered about
    the wrong person. One guard per request owns the one scrubber."""
    model = FakeChatModel()
    frame = customers()
    # Dan is the second customer the facts name but the first the question names: with two
    # scrubbers he was <person_name_1> in the question and Carol was in the facts.
    # (A question the plan parser cannot map, so it reaches the model with the facts.)
    request = make_request("ask", question="Is Dan Brown a loyal customer, would you say?")
    pipeline.run(request, frame, config=config(), model=model, show_progress=False)
    outgoing = model.outgoing()
    assert "Dan Brown" not in outgoing and "Carol White" not in outgoing
    assert "@example.com" not in outgoing
    prompt = next(m[-1]["content"] for m in model.sent if "customer_name has" in m[-1]["content"])
    asked = re.search(r"Is (<person_name_\d+>) a loyal customer", prompt)
    assert asked, prompt
    top = next(line for line in prompt.splitlines() if "customer_name has" in line)
    labels = re.findall(r"`(<person_name_\d+>)` [\d.]+% \((\d+)\)", top)
    by_count = {int(count): label for label, count in labels}
    assert by_count[8] == asked.group(1), top  # Dan (8 rows) has the question's label
    assert by_count[30] != asked.group(1)  # and Carol (30 rows) another one


def test_token_counting_calls_are_scrubbed_too() -> None:
    model = FakeChatModel()
    request = make_request("describe")
    pipeline.run(request, customers(), config=config(), model=model, show_progress=False)
    assert model.counted, "the prompt budget asks the model's tokenizer"
    assert not any("@example.com" in text for text in model.counted)


def test_scrubbed_model_scrubs_every_message_and_count() -> None:
    inner = FakeChatModel()
    model = ScrubbedModel(inner, lambda s: s.replace("secret", "<x>"))
    model.chat([{"role": "system", "content": "a secret"}, {"role": "user", "content": "secret"}])
    model.count_tokens("the secret")
    assert "secret" not in inner.outgoing() and inner.outgoing().count("<x>") == 3


def test_privacy_off_is_the_control_and_does_leak() -> None:
    model = FakeChatModel()
    request = make_request("ask", question="How much did Carol White spend?", privacy="off")
    pipeline.run(request, customers(), config=config(), model=model, show_progress=False)
    assert "Carol White" in model.outgoing()


def test_model_answers_become_checked_llm_proposals() -> None:
    reply = json.dumps(
        {
            "title": "Spend by customer",
            "narrative": "Spend is concentrated: customer_name has 7 distinct values and 99 more.",
            "fact_ids": [],
        }
    )
    model = FakeChatModel([reply])
    analysis = pipeline.run(
        make_request("describe"), customers(), config=config(), model=model, show_progress=False
    )
    shown = [p for p in analysis.proposals if not p.hidden]
    (proposal,) = [p for p in analysis.proposals if p.origin == "llm"]
    assert shown and all(p.origin == "template" for p in shown)  # the hidden one is replaced
    assert analysis.proposals[-1] is proposal  # hidden candidates come last
    assert proposal.origin == "llm" and proposal.grounding is not None
    assert {n.text: n.verified for n in proposal.grounding.numbers}["99"] is False
    assert proposal.hidden and "99" in proposal.hidden


def test_every_kind_is_in_the_table_with_its_options() -> None:
    assert set(SPECS) == set(KINDS)
    for kind, spec in SPECS.items():
        assert spec.kind == kind and set(spec.required) <= set(spec.options)


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"kind": "explode"}, "Unknown analysis kind 'explode'"),
        ({"kind": "predict"}, "predict needs a target column"),
        ({"kind": "ask", "question": "   "}, "ask needs a question"),
        ({"kind": "describe", "candidates": 11}, "between 1 and 10"),
        ({"kind": "describe", "candidates": "3"}, "whole number"),
        ({"kind": "predict", "target": "y", "horizon": -5}, "horizon must be between 1"),
        ({"kind": "predict", "target": "y", "horizon": 10**6}, "horizon must be between 1"),
        ({"kind": "prescribe", "target": "y", "goal": "up"}, "goal must be"),
        ({"kind": "describe", "privacy": "leaky"}, "privacy mode 'leaky' is not one of"),
        ({"kind": "describe", "language": "klingon"}, "language must be one of en, zh-Hant"),
        ({"kind": "describe", "frame_name": "1bad"}, "Python identifier"),
        ({"kind": "describe", "colour": "red"}, "Unknown request field(s): colour"),
    ],
)
def test_bad_requests_are_one_line_errors(values: dict[str, object], fragment: str) -> None:
    kind = values.pop("kind")
    with pytest.raises(GenAnalystError) as caught:
        make_request(kind, **values)
    assert fragment in str(caught.value) and "\n" not in str(caught.value)


def test_requests_are_frozen_and_languages_are_forgiven() -> None:
    request = make_request("describe", language="zh-TW", privacy=" Mask ")
    assert request.language == "zh-Hant" and request.privacy == "mask"
    with pytest.raises(AttributeError):
        request.kind = "predict"  # type: ignore[misc]
    assert isinstance(request.with_(time="date"), AnalysisRequest)


def test_data_is_checked_once_with_a_hint() -> None:
    with pytest.raises(GenAnalystError, match="Did you mean 'spend'"):
        api.diagnose(customers(), target="Spend", llm=False, show_progress=False)
    with pytest.raises(GenAnalystError, match=r"a Series\? use .to_frame"):
        api.describe(customers()["spend"], llm=False, show_progress=False)
    with pytest.raises(GenAnalystError, match="is empty"):
        api.describe(pd.DataFrame(), llm=False, show_progress=False)


def test_engine_frames_run_through_the_same_path() -> None:
    import duckdb
    import polars as pl

    from jupyter_genanalyst.notebook.comm import list_variables

    frame = customers()
    lazy = pl.from_pandas(frame).lazy()
    relation = duckdb.from_df(frame)
    for data in (lazy, relation):
        analysis = pipeline.run(
            make_request("diagnose", target="spend", llm=False), data, show_progress=False
        )
        assert analysis.facts and analysis.bundle["proposals"]
        shown = json.dumps(analysis.bundle, ensure_ascii=False)
        assert "Carol White" not in shown  # the guard reads a sample of engine frames too
    listed = list_variables({"lazy": lazy, "pdf": frame})["frames"]
    assert {"name": "lazy", "rows": None, "columns": 4, "engine": "polars"} in listed
    with pytest.raises(GenAnalystError, match=r"ask needs a pandas DataFrame.*polars frame"):
        pipeline.run(make_request("ask", question="total spend?"), lazy, show_progress=False)


def test_cli_scans_parquet_with_duckdb_without_pandas_reading_it(tmp_path: Path) -> None:
    from jupyter_genanalyst.cli import main

    path = tmp_path / "orders.parquet"
    customers().to_parquet(path)
    out = tmp_path / "orders.ipynb"
    code = main(["analyze", str(path), "--engine", "duckdb", "--no-llm", "--out", str(out)])
    assert code == 0
    assert "duckdb.read_parquet" in out.read_text()


def test_ask_states_the_computed_answer_first_and_carries_the_plan() -> None:
    from jupyter_genanalyst.schema import bundle_errors

    frame = customers()
    expected = round(float(frame.loc[frame["region"] == "north", "spend"].mean()), 2)
    model = FakeChatModel()
    analysis = pipeline.run(
        make_request("ask", question="What is the mean spend in the north region?"),
        frame,
        config=config(),
        model=model,
        show_progress=False,
    )
    first = analysis.proposals[0]
    assert first.origin == "plan" and first.plan is not None
    assert f"{expected:,.2f}" in first.title, first.title
    assert model.sent == []  # the parser mapped it: no model call, no prose candidates
    assert bundle_errors(analysis.bundle) == []
    assert analysis.bundle["proposals"][0]["plan"] == json.loads(json.dumps(first.plan))


def test_an_unmapped_question_says_so_then_narrates_the_facts() -> None:
    model = FakeChatModel()
    analysis = pipeline.run(
        make_request("ask", question="Will the weather be nice for our picnic?"),
        customers(),
        config=config(),
        model=model,
        show_progress=False,
    )
    first = analysis.proposals[0]
    assert first.note == "unmapped" and not re.search(r"\d", first.title)
    assert len(analysis.proposals) > 1 and [p.id for p in analysis.proposals][:2] == ["p1", "p2"]


def test_precomputed_facts_replace_the_kinds_computation_and_take_the_same_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The story hands pipeline.run the facts its earlier stages found (one path, no copy)."""
    df = customers()
    given = api.describe(df, llm=False).facts
    request = make_request("describe", llm=False)

    def boom(*_: object) -> None:
        raise AssertionError("the kind's own facts must not be computed")

    import dataclasses

    monkeypatch.setitem(SPECS, "describe", dataclasses.replace(SPECS["describe"], compute=boom))
    analysis = pipeline.run(request, df, facts=given, show_progress=False)
    assert [f.id for f in analysis.facts] == [f.id for f in given]
    assert analysis.proposals and analysis.bundle["request"]["kind"] == "describe"
