"""A model's hypothesis proposals are constrained to enums and tested by our code."""

from __future__ import annotations

import json

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.facts.hypotheses import KINDS, changes_from_facts
from jupyter_genanalyst.propose import propose_hypotheses

from ..fake_model import FakeChatModel
from .planted_story import SHIFT_REGION, daily_sales


def test_proposals_are_schema_bound_tested_and_untestable_ones_labelled() -> None:
    df = daily_sales()
    changes = changes_from_facts(ga.diagnose(df, target="sales", time="date"))
    shift = next(c for c in changes if c.source == "diag.shift.sales")
    fake = FakeChatModel(
        [
            json.dumps({"change": shift.id, "kind": "segment_contribution", "column": "region"}),
            json.dumps({"change": shift.id, "kind": "weather", "column": None}),
            "not json at all",
            json.dumps({"change": shift.id, "kind": "segment_contribution", "column": "region"}),
        ]
    )
    facts = propose_hypotheses(fake, df, changes, time="date", n=4)
    by_status = {f.values["hypothesis"]: f.values["status"] for f in facts}
    assert by_status == {"segment_contribution": "supported", "weather": "untested"}
    seg = next(f for f in facts if f.values["hypothesis"] == "segment_contribution")
    assert seg.values["segment"] == SHIFT_REGION
    schema = fake.schemas[0]
    assert schema is not None and schema["properties"]["kind"]["enum"] == list(KINDS)
    sent = " ".join(m["content"] for call in fake.sent for m in call)
    assert "diag.shift.sales" in sent and str(round(float(df["sales"].iloc[0]), 2)) not in sent


def test_no_changes_no_calls() -> None:
    fake = FakeChatModel()
    assert len(propose_hypotheses(fake, daily_sales(), [], time="date")) == 0
    assert fake.sent == []
