"""The four-stage story on frames with planted effects: each effect at the right stage."""

from __future__ import annotations

import pandas as pd
import pytest

from jupyter_genanalyst.analysis import Analysis
from jupyter_genanalyst.facts import diagnose
from jupyter_genanalyst.narrate.types import Proposal
from jupyter_genanalyst.story import STAGES, Stage, Story, story, supported_features

from ..fake_model import FakeChatModel
from .planted_story import SHIFT_REGION, SPIKE_DAY, daily_sales, rare_class


@pytest.fixture(scope="module")
def sales_story() -> Story:
    return story(daily_sales(), target="sales", time="date", llm=False)


def test_every_stage_runs_through_the_pipeline_in_order(sales_story: Story) -> None:
    assert tuple(s.stage for s in sales_story.stages) == STAGES
    for s in sales_story.stages:
        assert isinstance(s.analysis, Analysis) and s.analysis.request.kind == s.stage
        assert s.analysis.proposals  # a template card to review, even without a model


def test_the_shift_and_its_segment_are_named_at_the_diagnose_stage(sales_story: Story) -> None:
    diag = sales_story.stage("diagnose").facts.by_id()
    assert "diag.shift.sales" in diag
    seg = diag["diag.hypothesis.segment_contribution.sales.region.2024-07-01"]
    assert seg.values["status"] == "supported" and seg.values["segment"] == SHIFT_REGION
    mix = diag["diag.hypothesis.mix_shift.sales.region.2024-07-01"]
    assert mix.values["status"] == "not supported"  # the decoy
    assert diag["diag.dated_anomaly.sales"].values["date"] == SPIKE_DAY
    describe_ids = sales_story.stage("describe").facts.ids()
    assert not any("hypothesis" in i for i in describe_ids)  # hypotheses belong to diagnose


def test_supported_drivers_become_the_models_features(sales_story: Story) -> None:
    assert sales_story.features is not None
    assert {"region", "price"} <= set(sales_story.features)
    pred = sales_story.stage("predict").facts.by_id()
    model = pred["pred.model.sales"]
    assert model.values["features"] == len(sales_story.features)
    assert "features=" in model.evidence["features"]
    assert "pred.augment.sales" not in pred  # plenty of rows, no classes: nothing to offer
    assert any("model features" in c for c in sales_story.stage("predict").carried)


def test_the_model_becomes_levers(sales_story: Story) -> None:
    levers = [f for f in sales_story.stage("prescribe").facts if f.id.startswith("presc.lever.")]
    first = levers[0]
    assert first.columns == ("sales", "region") and first.values["to"] == SHIFT_REGION
    assert {f.columns[1] for f in levers} <= set(sales_story.features or ())


def test_the_summary_tells_the_planted_story(sales_story: Story) -> None:
    text = sales_story.summary
    assert "2024-07-01" in text and SHIFT_REGION in text and SPIKE_DAY in text
    assert text.index("What happened") < text.index("Why") < text.index("What will happen")
    assert "What could we do" in text
    bundle = sales_story._repr_mimebundle_()
    assert "The story of sales" in bundle["text/markdown"]
    assert bundle["text/html"].count("<details") == 4


def test_progress_is_reported_per_stage() -> None:
    events: list[tuple[str, int, int, str]] = []
    df = rare_class()
    story(df, target="fraud", llm=False, on_stage=lambda *e: events.append(e))
    assert events[0] == ("describe", 1, 4, "start") and events[-1] == ("prescribe", 4, 4, "done")
    assert len(events) == 8


def test_a_rare_class_story_models_its_planted_drivers() -> None:
    st = story(rare_class(), target="fraud", llm=False)
    assert st.features is not None and {"amount", "night"} <= set(st.features)
    predicted = st.stage("predict").facts.by_id()
    assert "pred.model.fraud" in predicted
    assert predicted["pred.augment.fraud"].values["reason"] == "rare class"  # the offer
    # no time axis, so no change and no hypothesis was tested: the summary does not claim one
    assert "tested explanations" not in st.summary


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_decoy_column_is_usually_left_out(seed: int) -> None:
    # seed 0 shows the other side of a 5% false discovery rate: city passes by chance there
    df = rare_class(seed=seed)
    features = supported_features(diagnose(df, target="fraud"), "fraud", list(df.columns))
    assert features is not None and set(features) == {"amount", "night"}


def test_supported_features_ignore_unsupported_and_target(sales_story: Story) -> None:
    facts = sales_story.stage("diagnose").facts
    columns = [str(c) for c in daily_sales().columns]
    assert "sales" not in (supported_features(facts, "sales", columns) or ())
    assert supported_features(facts.of_kind("descriptive"), "sales", columns) is None


def test_a_model_is_asked_once_per_stage() -> None:
    fake = FakeChatModel()
    df = rare_class(200)
    story(df, target="fraud", model=fake, llm=True, candidates=2)  # 1 storyteller + 1 model
    assert len(fake.sent) >= 4
    sent = " ".join(m["content"] for call in fake.sent for m in call)
    assert "fraud" in sent


def test_bad_input_is_one_line() -> None:
    from jupyter_genanalyst.errors import GenAnalystError

    with pytest.raises(GenAnalystError, match="No column 'b' for target"):
        story(pd.DataFrame({"a": [1, 2, 3]}), target="b", llm=False)


# --- each stage's review card cites what the stage before it found ------------------------
def _cards(st: Story, stage: Stage) -> list[Proposal]:
    return [p for p in st.stage(stage).analysis.proposals if not p.hidden]


def test_the_diagnose_card_cites_the_shift_its_tests_and_the_unusual_day(
    sales_story: Story,
) -> None:
    first = _cards(sales_story, "diagnose")[0]
    assert first.title == "Why, tested: sales"
    assert first.fact_ids[:3] == (
        "diag.shift.sales",
        "diag.hypothesis.segment_contribution.sales.region.2024-07-01",  # the planted segment
        "diag.hypothesis.mix_shift.sales.region.2024-07-01",  # the decoy, on the same column
    )
    assert "diag.dated_anomaly.sales" in first.fact_ids
    text = first.narrative
    assert "2024-07-01" in text and SHIFT_REGION in text and SPIKE_DAY in text
    assert "supported — region = `高雄` accounts for 112.47% of the change" in text
    assert "not supported — the mix of rows across region explains 0 (0%)" in text
    assert first.grounding is not None and not first.grounding.unverified
    # the card's facts travel in the stage's bundle, so the review can show them
    bundle_ids = {f["id"] for f in sales_story.stage("diagnose").analysis.bundle["facts"]}
    assert set(first.fact_ids) <= bundle_ids


def test_the_tested_cards_evidence_cell_recomputes_its_numbers() -> None:
    """Our own cell (not a model's), run here to prove it re-runs the tests."""
    import numpy as np

    import jupyter_genanalyst.facts as ga

    df = daily_sales()
    st = story(df, target="sales", time="date", llm=False)
    first = _cards(st, "diagnose")[0]
    evidence = first.code[0]
    assert "ga.hypotheses.check(df, 'segment_contribution'" in evidence
    namespace = {"df": df.copy(), "pd": pd, "np": np, "ga": ga}
    body = evidence.replace("pd.Series({", "_out = pd.Series({", 1)
    exec(compile(body, "<cell>", "exec"), namespace)
    out = namespace["_out"]
    key = "diag.hypothesis.segment_contribution.sales.region.2024-07-01: hypothesis"
    assert out[key] == "segment_contribution"


def test_the_predict_card_opens_with_the_supported_drivers_and_prescribe_names_the_levers(
    sales_story: Story,
) -> None:
    features = ", ".join(sales_story.features or ())
    first = _cards(sales_story, "predict")[0]
    assert first.fact_ids[0] == "pred.carried.sales"
    assert f"the drivers the diagnosis supported: {features}" in first.narrative
    presc = _cards(sales_story, "prescribe")[0]
    assert presc.fact_ids[0] == "presc.lever.sales.region" and SHIFT_REGION in presc.narrative
    assert "presc.carried.sales" in presc.fact_ids
    assert "The levers are the predictive model's features" in " ".join(
        f.text for f in sales_story.stage("prescribe").facts
    )


def test_the_rare_class_offer_reaches_the_predict_stages_bundle() -> None:
    st = story(rare_class(), target="fraud", llm=False)
    ids = {f["id"] for f in st.stage("predict").analysis.bundle["facts"]}
    assert {"pred.augment.fraud", "pred.carried.fraud", "pred.model.fraud"} <= ids
