"""Every %ga magic in a real kernel: outputs carry the proposals bundle and fallbacks;
bad input gives one line and leaves the kernel alive and the data unchanged."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from jupyter_genanalyst.bundle import MIME_TYPE
from tests.fake_openai import fake_server
from tests.kernel_session import Kernel, kernel

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
import pandas as pd, numpy as np
import plotly.express as px
sales = pd.read_csv("examples/retail_sales.csv")
churn = pd.read_csv("examples/churn.csv")
before = sales.copy(deep=True)
fig = px.line(sales.groupby("date", as_index=False).revenue.sum(), x="date", y="revenue")
not_a_frame = [1, 2, 3]
empty = pd.DataFrame()
%load_ext jupyter_genanalyst
"""


@pytest.fixture(scope="module")
def k() -> Iterator[Kernel]:
    with kernel(str(ROOT)) as session:
        result = session.run(SETUP)
        assert result.status == "ok", result.error()
        yield session


def _bundle(result: object) -> dict:
    bundles = result.mime(MIME_TYPE)  # type: ignore[attr-defined]
    assert len(bundles) == 1, result.error()  # type: ignore[attr-defined]
    return bundles[0]


@pytest.mark.kernel
@pytest.mark.parametrize(
    "line",
    [
        "%ga describe sales --no-llm",
        "%ga diagnose sales --target revenue --time date --no-llm",
        "%ga predict churn --target churned --no-llm",
        "%ga prescribe churn --target churned --goal decrease --no-llm",
        "%ga narrate fig --no-llm",
        "%%ga ask sales --no-llm\nWhich region sells the most?",
    ],
)
def test_each_analysis_magic_outputs_a_reviewable_bundle(k: Kernel, line: str) -> None:
    result = k.run(line)
    assert result.status == "ok", result.error()
    bundle = _bundle(result)
    assert bundle["version"] == 1 and bundle["proposals"]
    fact_ids = {f["id"] for f in bundle["facts"]}
    for proposal in bundle["proposals"]:
        assert proposal["origin"] in ("template", "plan")  # no model wrote anything
        assert set(proposal["fact_ids"]) <= fact_ids
        if proposal["origin"] == "template":  # a plan card's numbers are our own results
            assert proposal["grounding"]["faithfulness"] == 1.0
    data = result.data()[-1]
    assert "text/markdown" in data and "text/plain" in data  # fallbacks for other frontends
    assert bundle["proposals"][0]["title"] in data["text/markdown"]


@pytest.mark.kernel
def test_synthesize_stores_a_new_frame(k: Kernel) -> None:
    result = k.run("%ga synthesize churn -n 50 --into fake_churn")
    assert result.status == "ok", result.error()
    check = k.run(
        "print(type(fake_churn).__name__, len(fake_churn),"
        " list(fake_churn.columns) == list(churn.columns))"
    )
    assert check.stream().split() == ["DataFrame", "50", "True"]


@pytest.mark.kernel
@pytest.mark.parametrize("line", ["%ga status", "%ga config", "%ga help"])
def test_status_config_help(k: Kernel, line: str) -> None:
    result = k.run(line)
    assert result.status == "ok", result.error()
    text = result.stream() + "".join(str(d) for d in result.data())
    assert "GENANALYST_API_KEY=" not in text
    assert ("base_url" in text) or ("%ga describe" in text) or ("server" in text)


@pytest.mark.kernel
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("%ga describe nope", "No variable named 'nope'"),
        ("%ga describe not_a_frame", "needs a pandas DataFrame"),
        ("%ga describe empty", "is empty"),
        ("%ga diagnose sales --target revenu --no-llm", "Did you mean 'revenue'"),
        ("%ga predict sales --no-llm", "required: --target"),
        ("%ga frobnicate sales", "invalid choice"),
        ("%ga describe sales --privacy leaky", "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_the_kernel_survives(k: Kernel, line: str, expected: str) -> None:
    result = k.run(line)
    error = result.error()
    assert error is not None and error["ename"] == "UsageError"
    assert expected in error["evalue"]
    assert "\n" not in error["evalue"]
    assert result.stream().strip().count("\n") == 0  # what the user sees: one line, no traceback
    alive = k.run("print(1 + 1)")
    assert alive.stream().strip() == "2"


@pytest.mark.kernel
def test_the_users_frame_is_never_mutated(k: Kernel) -> None:
    k.run("%ga describe sales --no-llm")
    k.run("%ga diagnose sales --target revenue --no-llm")
    result = k.run("print(sales.equals(before) and list(sales.columns) == list(before.columns))")
    assert result.stream().strip() == "True"


@pytest.mark.kernel
@pytest.mark.llm
def test_describe_with_the_real_local_model(llm_server: object) -> None:
    # a fresh kernel started after the server inherits GENANALYST_BASE_URL, as a user's would
    with kernel(str(ROOT)) as session:
        assert session.run(SETUP).status == "ok"
        result = session.run("%ga describe sales -n 2")
        assert result.status == "ok", result.error()
        bundle = _bundle(result)
    origins = [p["origin"] for p in bundle["proposals"]]
    # the storyteller's card leads; the model's candidate follows, or, when the checks hid
    # it, another storyteller card takes its place and the hidden one is listed last
    assert origins[0] == "template", bundle["notice"]
    shown = [p for p in bundle["proposals"] if not p.get("hidden")]
    assert len(shown) == 2 and all(p["origin"] in ("template", "llm") for p in shown)
    assert all(p["origin"] == "llm" for p in bundle["proposals"] if p.get("hidden"))
    # the real server was consulted: its model checksum is in the provenance
    assert bundle["provenance"]["model_sha256"] and len(bundle["provenance"]["model_sha256"]) == 64
    fact_ids = {f["id"] for f in bundle["facts"]}
    for proposal in bundle["proposals"]:
        assert set(proposal["fact_ids"]) <= fact_ids
        marked = proposal["marked_narrative"] or ""
        for number in proposal["grounding"]["numbers"]:
            if not number["verified"]:
                assert re.search(re.escape(number["text"]) + r"\s*\[unverified\]", marked), marked
        for source, check in zip(proposal["code"], proposal["code_checks"], strict=True):
            try:  # model-written code may be broken; the check must say so truthfully
                compile(source, "<proposal>", "exec")
                parses = True
            except SyntaxError:
                parses = False
            assert check["parses"] is parses
            if not parses:
                assert check["problems"]


@pytest.mark.kernel
def test_interrupt_cancels_a_generation_cleanly(k: Kernel) -> None:
    with fake_server(delay=20.0) as server:
        k.run(f"%config GenAnalyst.base_url = {server.base_url!r}")
        try:
            result = k.run_and_interrupt("%ga describe sales -n 2", after=3.0)
        finally:
            k.run("%config GenAnalyst.base_url = ''")
    assert result.status == "ok", result.error()
    assert "cancelled" in result.stream()
    assert not result.mime(MIME_TYPE)  # nothing half-made is shown for review
    assert k.run("print(40 + 2)").stream().strip() == "42"


@pytest.mark.kernel
def test_narratives_stream_into_the_output_while_generating(k: Kernel) -> None:
    narrative = "Revenue is recorded for every day and region in the sales table shown here."
    reply = json.dumps({"title": "Coverage", "narrative": narrative, "fact_ids": []})
    with fake_server(replies=[reply], chunk_delay=0.05) as server:
        k.run(f"%config GenAnalyst.base_url = {server.base_url!r}")
        try:
            result = k.run("%ga describe sales -n 2")
        finally:
            k.run("%config GenAnalyst.base_url = ''")
    assert result.status == "ok", result.error()
    updates = [o["content"]["data"].get("text/markdown", "") for o in result.outputs
               if o["msg_type"] == "update_display_data"]  # fmt: skip
    partial = [u for u in updates if "Revenue is" in u and narrative not in u]
    assert partial, updates  # text appeared before the answer was complete
    bundle = result.mime(MIME_TYPE)[0]
    assert bundle["proposals"][0]["origin"] == "template"  # the storyteller's card leads
    assert any(p["narrative"] == narrative for p in bundle["proposals"])


def _panel_loader_code() -> str:
    """The exact code the sidebar panel runs to register the helper (labextension source)."""
    source = (ROOT / "labextension" / "src" / "panel" / "connection.ts").read_text()
    match = re.search(r"code: \"(.+load_ipython_extension.+)\",", source)
    assert match, "connection.ts no longer registers the helper the way this test expects"
    return match.group(1)


@pytest.mark.kernel
def test_a_users_load_ext_after_the_panel_registered_the_helper_is_silent() -> None:
    with kernel(str(ROOT)) as fresh:
        assert fresh.run(_panel_loader_code()).status == "ok"
        again = fresh.run("%load_ext jupyter_genanalyst")
        assert again.status == "ok" and again.stream() == "" and not again.data()
        assert fresh.run("%ga help").status == "ok"


@pytest.mark.kernel
@pytest.mark.parametrize("name", ["__builtins__", "get_ipython", "not_a_frame", "len"])
def test_synthesize_into_refuses_names_that_would_break_the_session(k: Kernel, name: str) -> None:
    result = k.run(f"%ga synthesize sales -n 5 --into {name}")
    assert result.status == "error" and "--into" in json.dumps(result.error())
    check = k.run("assert len(not_a_frame) == 3 and get_ipython() is not None")
    assert check.status == "ok", check.error()


@pytest.mark.kernel
def test_story_and_whatif_magics(k: Kernel) -> None:
    story = k.run("%ga story churn --target churned --no-llm")
    assert story.status == "ok", story.error()
    shown = json.dumps(story.data())
    for stage in ("describe", "diagnose", "predict", "prescribe"):
        assert stage in shown.lower(), stage
    sliders = k.run("%ga whatif churn --target churned")
    assert sliders.status == "ok", sliders.error()
    assert any("application/vnd.jupyter.widget-view+json" in d for d in sliders.data())
    bad = k.run("%ga story churn --target nope --no-llm")
    assert bad.status == "error" and "nope" in json.dumps(bad.error())
