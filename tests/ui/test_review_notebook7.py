"""Notebook 7 (the `notebook` package), with and without our labextension: with it, the same
review as JupyterLab, insertion included; without it, the ipywidgets review. No LLM."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from .bundles import DATAFRAME_SOURCE, fixture_bundle, producer_source
from .conftest import LabServer, run_lab, screenshot
from .test_review_states import WIDGET_CELL, low_contrast

pytest.importorskip("notebook", minversion="7")
pytestmark = [pytest.mark.ui, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def nb7(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    with run_lab(tmp_path_factory, app="notebook") as server:
        yield server


@pytest.fixture(scope="module")
def nb7_bare(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    with run_lab(tmp_path_factory, app="notebook", disabled=("jupyter_genanalyst",)) as server:
        yield server


def _open(page: Any, server: LabServer, name: str) -> None:
    page.goto(f"{server.url}/notebooks/{name}?token={server.token}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)


def _run_cell(page: Any, index: int) -> None:
    """Run cell ``index`` (Ctrl+Enter) until its prompt shows an execution count: Notebook 7
    drops a run requested before its kernel is connected, and shows no status text to wait on."""
    prompt = page.locator(".jp-Cell").nth(index).locator(".jp-InputPrompt")
    for _ in range(8):
        prompt.click()
        page.keyboard.press("Control+Enter")
        try:
            page.wait_for_function(
                "el => /\\[\\d+\\]/.test(el.textContent || '')",
                arg=prompt.element_handle(),
                timeout=15_000,
            )
            return
        except Exception:  # the kernel was not connected yet: ask again
            continue
    raise AssertionError(f"cell {index} never ran")


def test_notebook7_with_the_extension_shows_the_review_and_inserts(
    page: Any, nb7: LabServer
) -> None:
    name = "nb7-review.ipynb"
    nb7.create_notebook(name, [DATAFRAME_SOURCE, producer_source(fixture_bundle("ga-nb7-1"))])
    _open(page, nb7, name)
    _run_cell(page, 0)
    _run_cell(page, 1)
    review = page.locator(".jp-GenAnalyst-review")
    review.wait_for(timeout=90_000)
    assert page.locator(".widget-button").count() == 0
    card = page.locator('.jp-GenAnalyst-proposal[data-proposal-id="p1"]')
    card.get_by_role("button", name=re.compile("^Accept")).click()
    n_cells = page.locator(".jp-Cell").count()
    page.locator(".jp-Cell").nth(1).locator(".jp-InputPrompt").click()  # insert below it
    review.locator(".jp-GenAnalyst-insert").click()
    page.wait_for_function(
        f"() => document.querySelectorAll('.jp-Cell').length === {n_cells + 2}", timeout=30_000
    )
    assert review.locator(".jp-GenAnalyst-runInserted").inner_text() == "Run inserted cells (1)"
    assert low_contrast(review) == []
    screenshot(page, "notebook7-review")


def test_notebook7_without_the_extension_gets_the_widget_review(
    page: Any, nb7_bare: LabServer
) -> None:
    name = "nb7-widget.ipynb"
    nb7_bare.create_notebook(name, [WIDGET_CELL])
    _open(page, nb7_bare, name)
    _run_cell(page, 0)
    accept = page.locator(".widget-button:visible").filter(has_text=re.compile(r"^\s*Accept\s*$"))
    accept.first.wait_for(timeout=90_000)
    assert accept.count() == 4
    assert page.locator(".jp-GenAnalyst-review").count() == 0
    accept.first.click()
    page.locator(".widget-button", has_text="Queue accepted (1)").wait_for()
    screenshot(page, "notebook7-widget-review")
