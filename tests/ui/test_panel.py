"""The GenAnalyst sidebar panel in a real JupyterLab with the real local LLM: open it from the
command palette, see the kernel's DataFrame, run describe, watch the narrative stream, accept a
candidate, insert it below the active cell. The saved .ipynb (REST contents API) is the oracle.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ARTIFACTS, LabServer, open_notebook, screenshot, wait_kernel_idle

pytestmark = [pytest.mark.ui, pytest.mark.llm, pytest.mark.timeout(600)]

REPO = Path(__file__).resolve().parents[2]
PANEL = "#jp-genanalyst-panel"
FRAME_SOURCE = (
    "import numpy as np, pandas as pd\n"
    "rng = np.random.default_rng(3)\n"
    "sales = pd.DataFrame({\n"
    "    'date': pd.date_range('2024-01-01', periods=48, freq='W'),\n"
    "    'region': rng.choice(['north', 'south', 'east'], 48),\n"
    "    'revenue': (100 + np.arange(48) * 2.5 + rng.normal(0, 5, 48)).round(2),\n"
    "})\n"
    "sales.head()"
)


def _importable_outside_repo() -> bool:
    probe = [sys.executable, "-c", "import jupyter_genanalyst"]
    return subprocess.run(probe, cwd="/", capture_output=True, timeout=120).returncode == 0


@pytest.fixture(scope="session")
def panel_env(llm_server: object) -> Iterator[None]:
    """Before JupyterLab starts: the LLM server's env vars are set (by ``llm_server``) and the
    kernel can import the package even from a source checkout that is not pip-installed."""
    saved = os.environ.get("PYTHONPATH")
    if not _importable_outside_repo():
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), saved]))
    yield
    if saved is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = saved


def _wait_saved(
    server: LabServer, name: str, predicate: Any, timeout: float = 30
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    nb: dict[str, Any] = {}
    while time.monotonic() < deadline:
        nb = server.read_notebook(name)
        if predicate(nb):
            return nb
        time.sleep(0.3)
    raise AssertionError(f"saved notebook never matched: {json.dumps(nb)[:1500]}")


def _source(cell: dict[str, Any]) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def _palette(page: Any, text: str) -> None:
    page.keyboard.press("Control+Shift+c")
    box = page.locator(".lm-CommandPalette-input")
    box.wait_for()
    box.fill(text)
    page.locator(".lm-CommandPalette-item").first.wait_for()
    page.keyboard.press("Enter")


def test_panel_describe_with_real_llm_and_insert(
    panel_env: None, lab_server: LabServer, page: Any
) -> None:
    name = "panel.ipynb"
    lab_server.create_notebook(name, [FRAME_SOURCE])
    open_notebook(page, lab_server, name)
    first = page.locator(".jp-Cell").first
    first.locator(".jp-InputPrompt").click()
    page.keyboard.press("Shift+Enter")  # runs the frame cell; a new empty cell becomes active
    page.locator(".jp-OutputArea-output").first.wait_for(timeout=60_000)
    wait_kernel_idle(page)

    # Open the panel with its command from the palette.
    _palette(page, "Open the GenAnalyst panel")
    panel = page.locator(PANEL)
    panel.wait_for(state="visible")
    tab = page.locator('.jp-SideBar li.lm-TabBar-tab[data-id="jp-genanalyst-panel"]')
    assert tab.count() == 1

    # The kernel helper is loaded silently and the LLM is reported reachable with its model.
    llm = panel.locator(".jp-GenAnalystPanel-llm")
    try:
        page.wait_for_function(
            "() => (document.querySelector('.jp-GenAnalystPanel-llm')?.textContent || '')"
            ".startsWith('LLM reachable')",
            timeout=90_000,
        )
    except Exception as exc:  # give the reason shown in the panel, not only a timeout
        fix = panel.locator(".jp-GenAnalystPanel-fix").inner_text()
        raise AssertionError(
            f"panel says {llm.inner_text()!r} / {fix!r}"
            " (was JupyterLab started before the llm_server fixture?)"
        ) from exc
    assert ".gguf" in llm.inner_text()
    assert "helper" in panel.locator(".jp-GenAnalystPanel-kernel").inner_text()

    # The DataFrame is listed, and the form is filled from its columns.
    frame_button = panel.locator(".jp-GenAnalystPanel-var", has_text="sales")
    frame_button.wait_for()
    assert "48 rows × 3 columns" in frame_button.inner_text()
    kind = panel.get_by_label("Analysis", exact=True)
    kind.select_option("describe")
    assert panel.get_by_label("DataFrame", exact=True).input_value() == "sales"
    page.wait_for_function(
        "() => document.querySelector('#ga-panel-time')?.value === 'date'", timeout=30_000
    )
    panel.get_by_label("Candidates", exact=True).fill("2")

    # Only --jp-* colours: the panel's own stylesheet defines no literal colours.
    css = (REPO / "labextension" / "style" / "panel.css").read_text()
    assert "#" not in css.split("*/", 1)[1] and "rgb(" not in css

    # Run: the narrative streams into the panel, then the candidates appear for review.
    run = panel.get_by_role("button", name="Run", exact=True)
    assert run.is_enabled()
    run.click()
    panel.locator(".jp-GenAnalystPanel-stream").wait_for(state="visible", timeout=30_000)
    assert panel.get_by_role("button", name="Stop").is_visible()
    panel.locator(".jp-GenAnalystPanel-candidate").first.wait_for(timeout=120_000)
    assert panel.locator(".jp-GenAnalystPanel-stream").get_attribute("aria-live") == "polite"
    review = panel.locator(".jp-GenAnalyst-review")
    review.wait_for(timeout=300_000)
    proposals = review.locator(".jp-GenAnalyst-proposal")
    # 2 candidates asked for; the composer may add a template summary as a safety net.
    n = proposals.count()
    assert n >= 2
    assert f"{n} candidates ready" in panel.locator(".jp-GenAnalystPanel-message").inner_text()
    history = panel.locator(".jp-GenAnalystPanel-historyItem")
    assert history.count() == 1
    assert history.first.inner_text().startswith("describe · sales · ")

    # Keyboard: Tab reaches the form controls, focus is visible (outline set).
    kind.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement?.id")
    assert focused == "ga-panel-frame"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"

    screenshot(page, "panel-1-result-light")
    panel.screenshot(path=str(ARTIFACTS / "panel-light.png"))

    # Accept the first candidate and insert it below the active cell (the frame cell).
    pid = proposals.first.get_attribute("data-proposal-id")
    first.locator(".jp-InputPrompt").click()  # make the frame cell the active one
    card = review.locator(f'.jp-GenAnalyst-proposal[data-proposal-id="{pid}"]')
    card.get_by_role("button", name="Accept", exact=False).first.click()
    assert card.get_attribute("data-status") == "accepted"
    ack = card.locator(".jp-GenAnalyst-ack input")
    if ack.count():
        ack.check()
    review.locator(".jp-GenAnalyst-insert").click()
    page.wait_for_function(
        "() => (document.querySelector('#jp-genanalyst-panel .jp-GenAnalyst-message')"
        "?.textContent || '').startsWith('Inserted')",
        timeout=30_000,
    )
    assert card.get_attribute("data-status") == "inserted"

    # The saved notebook has the new cells right below the frame cell, unexecuted, labelled.
    first.locator(".jp-InputPrompt").click()
    page.keyboard.press("Control+s")
    nb = _wait_saved(
        lab_server, name, lambda nb: any("jupyter_genanalyst" in c["metadata"] for c in nb["cells"])
    )
    cells = nb["cells"]
    assert _source(cells[0]) == FRAME_SOURCE
    inserted = [c for c in cells if "jupyter_genanalyst" in c["metadata"]]
    assert cells[1 : 1 + len(inserted)] == inserted, "inserted cells must follow the active cell"
    assert inserted[0]["cell_type"] == "markdown"
    model_text = inserted[0]["metadata"]["jupyter_genanalyst"]["origin"] == "llm"
    first = "> **AI-generated" if model_text else "> **Written from the facts (no model)"
    assert _source(inserted[0]).startswith(first)
    for cell in inserted:
        meta = cell["metadata"]["jupyter_genanalyst"]
        assert meta["version"] == 1 and meta["proposal_id"] == pid
        assert meta["run_id"].startswith("ga-")
        assert meta["origin"] in ("llm", "template")
        # ai-generated on model text only; storyteller cells are tagged as written from facts
        tag = "ai-generated" if model_text else "genanalyst-from-facts"
        assert cell["metadata"]["tags"] == [tag]
        if cell["cell_type"] == "code":
            assert cell["execution_count"] is None and cell["outputs"] == []
            assert "not run automatically" in _source(cell).splitlines()[0]
    assert os.environ["GENANALYST_API_KEY"] not in json.dumps(nb)

    # Dark theme without reloading: the panel keeps its result and stays readable.
    _palette(page, "Use Theme: JupyterLab Dark")
    page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'", timeout=30_000)
    page.wait_for_timeout(500)
    wait_kernel_idle(page)
    assert review.is_visible()
    panel.evaluate("el => { el.scrollTop = 0; }")
    screenshot(page, "panel-2-result-dark")
    panel.screenshot(path=str(ARTIFACTS / "panel-dark.png"))
    colours = panel.evaluate(
        "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]"
    )
    assert colours[0] != colours[1]

    # Stop: a second run is interrupted while it streams; it is listed as cancelled.
    panel.get_by_label("Analysis", exact=True).select_option("diagnose")
    panel.get_by_label("Candidates", exact=True).fill("3")
    panel.get_by_role("button", name="Run", exact=True).click()
    panel.locator(".jp-GenAnalystPanel-candidate").first.wait_for(timeout=120_000)
    panel.screenshot(path=str(ARTIFACTS / "panel-streaming-dark.png"))
    panel.get_by_role("button", name="Stop").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-GenAnalystPanel-historyItem')]"
        ".some(b => b.textContent.includes('(cancelled)'))",
        timeout=120_000,
    )
    assert "Stopped" in panel.locator(".jp-GenAnalystPanel-message").inner_text()
    assert history.count() == 2
    assert review.is_visible()  # the earlier result is still shown
    wait_kernel_idle(page)
    _palette(page, "Use Theme: JupyterLab Light")
