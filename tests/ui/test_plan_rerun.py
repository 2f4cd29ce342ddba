"""Edit an ask card's plan and re-run it, in a real JupyterLab with a real kernel (no LLM):
the dropdowns come from the plan schema and the kernel's columns, Re-run adds a card with the
new computed value, a bad plan shows one line in the card, and the result is saved.
Screenshot: tests/ui/artifacts/plan-rerun.png."""

from __future__ import annotations

import time
from typing import Any

import pytest

from .bundles import DATAFRAME_SOURCE, MIME
from .conftest import LabServer, open_notebook, screenshot, wait_kernel_idle

pytestmark = [pytest.mark.ui, pytest.mark.timeout(420)]

ASK = (
    "import jupyter_genanalyst as ga\n"
    "ga.ask(df, 'What is the mean revenue? Round to 2 decimals.', name='df', llm=False)"
)


def _saved_bundle(lab: LabServer, name: str) -> dict[str, Any]:
    for output in lab.read_notebook(name)["cells"][1].get("outputs", []):
        if MIME in output.get("data", {}):
            return dict(output["data"][MIME])
    return {}


def test_edit_plan_and_rerun_in_the_review_card(page: Any, lab: LabServer) -> None:
    name = "plan-rerun.ipynb"
    lab.create_notebook(name, [DATAFRAME_SOURCE, ASK])
    open_notebook(page, lab, name)
    page.locator(".jp-Cell").first.locator(".jp-InputPrompt").click()
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Shift+Enter")
    review = page.locator(".jp-GenAnalyst-review")
    review.wait_for(timeout=120_000)
    wait_kernel_idle(page)

    card = review.locator('.jp-GenAnalyst-proposal[data-proposal-id="p1"]')
    assert card.locator(".jp-GenAnalyst-title").inner_text().startswith("12.50")
    card.get_by_role("button", name="Edit the plan and re-run", exact=False).click()
    editor = card.locator(".jp-GenAnalyst-planEditor")
    editor.wait_for()
    # the column dropdown appears once the kernel sent the frame's columns
    column = editor.locator('select[data-field="column"]')
    column.wait_for(timeout=30_000)
    assert column.locator("option").all_inner_texts() == ["region", "revenue", "price"]
    assert column.input_value() == "revenue"
    editor.locator('select[data-field="agg"]').select_option("max")
    assert '"agg": "max"' in editor.locator("textarea").input_value()
    editor.get_by_role("button", name="Re-run", exact=True).click()

    new = review.locator('.jp-GenAnalyst-proposal[data-proposal-id="p1-r1"]')
    new.wait_for(timeout=30_000)
    assert new.locator(".jp-GenAnalyst-title").inner_text().startswith("14.00")
    ids = review.locator(".jp-GenAnalyst-proposal").evaluate_all(
        "els => els.map(e => e.dataset.proposalId)"
    )
    assert ids[:2] == ["p1", "p1-r1"]
    assert "Re-ran the edited plan" in review.locator(".jp-GenAnalyst-message").inner_text()

    # A plan naming a column the frame lacks: one line in the card, no new card.
    new.get_by_role("button", name="Edit the plan and re-run", exact=False).click()
    area = new.locator(".jp-GenAnalyst-planEditor textarea")
    area.fill('{"version": "1", "op": "aggregate", "agg": "mean", "column": "profit"}')
    new.get_by_role("button", name="Re-run", exact=True).click()
    error = new.locator(".jp-GenAnalyst-planError")
    error.wait_for(timeout=30_000)
    assert "profit" in error.inner_text() and "\n" not in error.inner_text().strip()
    assert review.locator(".jp-GenAnalyst-proposal").count() == len(ids)
    screenshot(page, "plan-rerun")

    # The new card is part of the saved output.
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 30
    bundle: dict[str, Any] = {}
    while time.monotonic() < deadline:
        bundle = _saved_bundle(lab, name)
        if any(p["id"] == "p1-r1" for p in bundle.get("proposals", [])):
            break
        time.sleep(0.5)
    assert any(p["id"] == "p1-r1" for p in bundle.get("proposals", [])), bundle
