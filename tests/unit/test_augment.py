"""Augmentation is measured on an untouched holdout and never applied."""

from __future__ import annotations

import pandas as pd

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.facts.augment import MIN_GAIN

from .evidence import mismatches
from .planted_story import daily_sales, rare_class


def test_a_rare_class_gets_a_measured_offer() -> None:
    df = rare_class()
    copy = df.copy()
    fact = ga.augmentation(df, target="fraud").by_id()["pred.augment.fraud"]
    v = fact.values
    assert v["reason"] == "rare class" and v["metric"] == "average precision"
    assert 0 < float(v["before"]) <= 1 and 0 < float(v["after"]) <= 1  # type: ignore[arg-type]
    assert int(v["synthetic_rows"]) > 100  # type: ignore[arg-type]  # rare class lifted to half
    assert v["verdict"] == ("helped" if float(v["gain"]) >= MIN_GAIN else "did not help")  # type: ignore[arg-type]
    assert "Not applied" in fact.text
    pd.testing.assert_frame_equal(df, copy)  # the user's frame is untouched
    assert mismatches(df, [fact]) == []


def test_few_rows_get_an_offer_scored_by_r2() -> None:
    small = daily_sales().iloc[:120].drop(columns="date")
    fact = ga.augmentation(small, target="sales").by_id()["pred.augment.sales"]
    assert fact.values["reason"] == "few rows" and fact.values["metric"] == "R²"
    assert fact.values["splits"] == 3


def test_nothing_is_offered_when_data_is_plentiful_and_balanced() -> None:
    assert len(ga.augmentation(daily_sales(), target="sales")) == 0
    balanced = rare_class().assign(fraud=lambda d: d.index % 2 == 0)
    assert len(ga.augmentation(balanced, target="fraud")) == 0
