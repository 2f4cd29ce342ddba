"""Hypotheses with tests: the planted explanation is supported, decoys are not."""

from __future__ import annotations

import pandas as pd
import pytest

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.facts.hypotheses import (
    KINDS,
    Change,
    Hypothesis,
    HypothesisKind,
    candidates,
    changes_from_facts,
    check,
    hypotheses,
    proposal_schema,
    run_hypothesis,
    run_proposal,
)

from .evidence import mismatches
from .planted_story import SHIFT_FROM, SHIFT_REGION, daily_sales


@pytest.fixture(scope="module")
def sales() -> pd.DataFrame:
    return daily_sales()


@pytest.fixture(scope="module")
def tested(sales: pd.DataFrame) -> ga.FactSet:
    return hypotheses(sales, ga.diagnose(sales, target="sales", time="date"), time="date")


def _shift(facts: ga.FactSet) -> dict[str, ga.Fact]:
    """The hypotheses about the level shift, by (kind, column)."""
    return {
        f"{f.values['hypothesis']}:{f.columns[1] if len(f.columns) > 1 else ''}": f
        for f in facts
        if f.id.endswith(".2024-07-01")
    }


def test_the_level_shift_is_found_and_explained_by_its_segment(tested: ga.FactSet) -> None:
    shift = _shift(tested)
    seg = shift["segment_contribution:region"]
    assert seg.values["status"] == "supported"
    assert seg.values["segment"] == SHIFT_REGION
    assert float(seg.values["share_of_change_pct"]) > 80  # type: ignore[arg-type]
    assert float(seg.values["p_value"]) < 0.001  # type: ignore[arg-type]
    assert 50 < float(seg.values["excess_change"]) < 70  # type: ignore[arg-type]  # planted +60


def test_decoys_are_not_supported(tested: ga.FactSet) -> None:
    shift = _shift(tested)
    for decoy in (
        "mix_shift:region",  # the rows per region never changed
        "segment_contribution:channel",  # channel is unrelated
        "mix_shift:channel",
        "calendar_effect:",  # no weekday effect planted
        "driver_shift:price",  # price drives sales but did not move
        "outlier_cluster:",  # a level shift is not a handful of extreme rows
    ):
        assert shift[decoy].values["status"] == "not supported", shift[decoy].text


def test_an_extreme_day_is_an_outlier_cluster(tested: ga.FactSet) -> None:
    spike = next(f for f in tested if f.id == "diag.hypothesis.outlier_cluster.sales.2024-03-11")
    assert spike.values["status"] == "supported"
    assert spike.values["outliers_in_window"] == 1


def test_every_number_is_recomputed_by_its_evidence(
    sales: pd.DataFrame, tested: ga.FactSet
) -> None:
    assert len(tested) >= 10
    assert mismatches(sales, tested) == []


def test_changes_come_from_shifts_anomalies_and_segments(sales: pd.DataFrame) -> None:
    changes = changes_from_facts(ga.diagnose(sales, target="sales", time="date"))
    sources = {c.source for c in changes}
    assert "diag.shift.sales" in sources and "diag.anomaly.sales" in sources
    shift = next(c for c in changes if c.source == "diag.shift.sales")
    assert shift.after[0] == f"{SHIFT_FROM}-01" and shift.before is None


def test_every_testable_kind_is_generated(sales: pd.DataFrame) -> None:
    change = Change("sales", (f"{SHIFT_FROM}-01", ""), None, "x")
    kinds = {h.kind for h in candidates(sales.assign(note=None), change, time="date")}
    assert kinds == set(HypothesisKind)


def test_missingness_change_is_supported_when_planted(sales: pd.DataFrame) -> None:
    df = sales.copy()
    late = df["date"] >= pd.Timestamp(f"{SHIFT_FROM}-01")
    df.loc[late & (df.index % 3 == 0), "price"] = None
    change = Change("sales", (f"{SHIFT_FROM}-01", ""), None, "x")
    fact = run_hypothesis(
        df, Hypothesis(HypothesisKind.MISSINGNESS_CHANGE, change, "price"), time="date"
    )
    assert fact.values["status"] == "supported"
    assert fact.values["missing_before_pct"] == 0
    assert 30 < float(fact.values["missing_after_pct"]) < 37  # type: ignore[arg-type]


def test_a_driver_that_moved_is_supported() -> None:
    df = daily_sales()
    late = df["date"] >= pd.Timestamp(f"{SHIFT_FROM}-01")
    df.loc[late, "price"] -= 30  # price cut from July: sales rise by about 30 everywhere
    df["sales"] = df["sales"] + (late * 30)  # the cut's effect at -1 per unit
    fact = check(
        df,
        "driver_shift",
        measure="sales",
        after=(f"{SHIFT_FROM}-01", ""),
        column="price",
        time="date",
    )
    assert fact.values["status"] == "supported", fact.text


def test_untestable_things_are_labelled_untested(sales: pd.DataFrame) -> None:
    changes = changes_from_facts(ga.diagnose(sales, target="sales", time="date"))
    shift = next(c for c in changes if c.source == "diag.shift.sales")
    weather = run_proposal(sales, {"change": shift.id, "kind": "weather"}, changes, time="date")
    assert weather.values["status"] == "untested" and "weather" in weather.text
    ghost = run_proposal(
        sales, {"change": shift.id, "kind": "driver_shift", "column": "氣溫"}, changes, time="date"
    )
    assert ghost.values["status"] == "untested"
    no_change = run_proposal(sales, {"change": "nope", "kind": "mix_shift"}, changes, time="date")
    assert no_change.values["status"] == "untested"
    wrong_type = run_proposal(
        sales,
        {"change": shift.id, "kind": "driver_shift", "column": "region"},
        changes,
        time="date",
    )
    assert wrong_type.values["status"] == "untested" and "numeric" in wrong_type.text


def test_a_valid_proposal_is_run(sales: pd.DataFrame) -> None:
    changes = changes_from_facts(ga.diagnose(sales, target="sales", time="date"))
    shift = next(c for c in changes if c.source == "diag.shift.sales")
    proposal = {"change": shift.id, "kind": "segment_contribution", "column": "region"}
    fact = run_proposal(sales, proposal, changes, time="date")
    assert fact.values["status"] == "supported" and fact.values["segment"] == SHIFT_REGION


def test_the_proposal_schema_is_enums_only(sales: pd.DataFrame) -> None:
    changes = [Change("sales", ("2024-07-01", ""), None, "diag.shift.sales")]
    schema = proposal_schema([str(c) for c in sales.columns], changes)
    props = schema["properties"]
    assert props["kind"]["enum"] == list(KINDS)
    assert props["change"]["enum"] == ["diag.shift.sales"]
    assert "region" in props["column"]["enum"] and schema["additionalProperties"] is False


def test_without_a_time_axis_everything_is_untested() -> None:
    df = pd.DataFrame({"x": range(30), "y": range(30)})
    fact = check(df, "outlier_cluster", measure="y", after=("1", "1"), time=False)
    assert fact.values["status"] == "untested"
