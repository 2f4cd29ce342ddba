"""Real bundles (built by the API without an LLM) and the hand-written UI-test bundle all
conform to the one proposals schema; the schema rejects what the protocol forbids."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd
import plotly.express as px
import pytest
from jsonschema import Draft202012Validator

import jupyter_genanalyst as ga
from jupyter_genanalyst.bundle import MAX_FACTS_IN_BUNDLE, MIME_TYPE, PROTOCOL_VERSION
from jupyter_genanalyst.schema import bundle_errors, proposals_schema, schema_version
from tests.ui.bundles import fixture_bundle


def _shop() -> pd.DataFrame:
    """A Taiwanese shop's orders: Traditional Chinese text, national IDs and mobile numbers."""
    rng = np.random.default_rng(7)
    n = 120
    cities = ["臺北市", "新北市", "臺中市", "高雄市"]
    ids = ["A123456789", "F131104093", "B223456781", "E123456780"]
    month = pd.date_range("2025-01-01", periods=n, freq="D")
    price = rng.uniform(80, 400, n).round(0)
    return pd.DataFrame({
        "日期": month,
        "城市": rng.choice(cities, n),
        "身分證字號": rng.choice(ids, n),
        "手機": [f"09{rng.integers(10_000_000, 99_999_999)}" for _ in range(n)],
        "地址": rng.choice(["臺北市大安區復興南路一段390號", "高雄市前鎮區中山二路5號"], n),
        "單價": price,
        "營收": (price * rng.integers(1, 6, n) - 0.5 * price).round(1),
    })  # fmt: skip


def test_schema_is_valid_draft_2020_12_and_labelled_with_the_protocol() -> None:
    schema = proposals_schema()
    Draft202012Validator.check_schema(schema)
    assert schema_version() == PROTOCOL_VERSION
    assert schema["x-mime-type"] == MIME_TYPE
    assert schema["properties"]["version"]["const"] == PROTOCOL_VERSION
    assert schema["properties"]["facts"]["maxItems"] == MAX_FACTS_IN_BUNDLE


@pytest.mark.parametrize(
    "run",
    [
        lambda df: ga.describe(df, time="日期", llm=False, show_progress=False),
        lambda df: ga.diagnose(df, target="營收", llm=False, show_progress=False),
        lambda df: ga.predict(df, target="營收", time="日期", llm=False, show_progress=False),
        lambda df: ga.prescribe(df, target="營收", llm=False, show_progress=False),
    ],
    ids=["describe", "diagnose", "predict", "prescribe"],
)
def test_bundles_built_by_the_api_conform(run: Any) -> None:
    analysis = run(_shop())
    bundle = analysis.bundle
    assert bundle["proposals"] and bundle["facts"]  # a real, non-empty bundle
    assert bundle_errors(bundle) == []


def test_figure_bundles_conform() -> None:
    frame = pd.DataFrame({"月份": ["一月", "二月", "三月", "四月"], "營收": [120, 135, 90, 160]})
    fig = px.bar(frame, x="月份", y="營收", title="各月營收")
    analysis = ga.narrate(fig, llm=False, show_progress=False)
    assert bundle_errors(analysis.bundle) == []


def test_ui_test_bundle_conforms() -> None:
    assert bundle_errors(fixture_bundle()) == []


def test_fields_other_work_adds_are_declared_optional() -> None:
    bundle = fixture_bundle()
    bundle["request"].update({"language": "zh-Hant", "goal": "increase", "horizon": 3})
    bundle["proposals"][0].update({"origin": "story", "hidden": None})
    bundle["proposals"][1].update({"origin": "plan", "plan": {"steps": []}})
    bundle["proposals"][2]["hidden"] = "a number in the title is not in the facts"
    bundle["review"] = {"p1": {"status": "accepted", "queued": True, "inserted": True}}
    assert bundle_errors(bundle) == []


def _broken(change: Any) -> list[str]:
    bundle = copy.deepcopy(fixture_bundle())
    change(bundle)
    return bundle_errors(bundle)


def test_schema_rejects_what_the_protocol_forbids() -> None:
    errors = _broken(lambda b: b["proposals"][0].pop("narrative"))
    assert errors == ["proposals/0: 'narrative' is a required property"]
    assert _broken(lambda b: b.update(version=2))[0].startswith("version:")
    assert _broken(lambda b: b["proposals"][0].update(origin="gpt"))[0].startswith(
        "proposals/0/origin:"
    )
    # an undeclared field is drift between Python and TypeScript: declare it in the schema
    assert _broken(lambda b: b["proposals"][1].update(score=3))[0].startswith("proposals/1:")
    assert _broken(lambda b: b["request"].update(language="fr"))[0].startswith("request/language")
    assert _broken(lambda b: b["review"].update(p1={"status": "maybe"}))[0].startswith(
        "review/p1/status"
    )
    assert _broken(lambda b: b["provenance"].update(api_key="sk-x"))[0].startswith("provenance")
    assert _broken(lambda b: b["facts"][0]["units"].update(mean="furlongs"))[0].startswith(
        "facts/0/units/mean"
    )
