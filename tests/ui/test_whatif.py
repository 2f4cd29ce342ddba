"""The what-if simulator (whatif.py) in real JupyterLab: the ipywidgets render, moving the
price slider changes the displayed outcome to exactly what the model gives for that scenario,
and the widget is readable in the light and the dark theme (screenshots under artifacts/).
No LLM is involved."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import ARTIFACTS, LabServer, open_notebook, run_lab, screenshot, wait_kernel_idle

pytest.importorskip("jupyterlab_widgets")
pytestmark = [pytest.mark.ui, pytest.mark.timeout(600)]

SETUP = """\
from tests.unit.planted_story import daily_sales
from jupyter_genanalyst.whatif import whatif
df = daily_sales()
w = whatif(df, target="sales", features=["region", "price"])
w"""
# What the model gives for the scenario the test sets through the slider, computed apart from
# the widget (Simulator.outcome on explicit settings), in the widget's own number format.
EXPECTED = """\
o = w.sim.outcome({"price": -5.0})
print(f"EXPECTED {o.value:,.2f} BASELINE {o.baseline:,.2f} NOW {w.outcome.value:,.2f}")"""
PRICE_CUT = -5.0


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    with run_lab(tmp_path_factory) as server:
        yield server


def _result(widget: Any) -> Any:
    """The simulator's result line ("Modelled average sales: **207.87** (range …)")."""
    return widget.locator(".widget-html").filter(has_text=re.compile(r"^\s*Modelled average"))


def _shown(widget: Any) -> str:
    """The bold modelled value in the result line."""
    return _result(widget).locator("b").first.inner_text()


def _simulate(page: Any, server: LabServer, theme: str) -> None:
    name = f"whatif-{theme.split()[-1].lower()}.ipynb"
    server.create_notebook(name, [SETUP, EXPECTED])
    open_notebook(page, server, name)
    page.locator(".jp-Cell").first.locator(".jp-InputPrompt").click()
    page.keyboard.press("Shift+Enter")
    widget = page.locator(".jp-OutputArea-output .widget-vbox").first
    widget.wait_for(timeout=120_000)
    wait_kernel_idle(page, timeout=120_000)
    assert "What if" in widget.inner_text() and "average sales" in widget.inner_text()
    slider = widget.locator(".widget-slider").filter(has_text="price")
    dropdown = widget.locator(".widget-dropdown").filter(has_text="region")
    assert slider.count() == 1 and dropdown.count() == 1  # a lever of each kind
    before = _shown(widget)
    screenshot(page, f"whatif-{theme.split()[-1].lower()}-1-as-is")

    # Move the slider: its readout is the slider's own text entry (exact, unlike a drag).
    readout = slider.locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(PRICE_CUT))
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([el, old]) => el.querySelector('b').textContent !== old",
        arg=[_result(widget).element_handle(), before],
        timeout=60_000,
    )
    assert float(readout.inner_text().replace("\u2212", "-")) == pytest.approx(PRICE_CUT)
    shown = _shown(widget)

    # The model's own value for that scenario, computed in the kernel apart from the widget.
    page.keyboard.press("Escape")
    page.locator(".jp-Cell").nth(1).locator(".jp-InputPrompt").click()
    page.keyboard.press("Shift+Enter")
    out = page.locator(".jp-Cell").nth(1).locator(".jp-OutputArea-output")
    out.filter(has_text="EXPECTED").wait_for(timeout=60_000)
    words = out.inner_text().split()
    expected, baseline, now = words[1], words[3], words[5]
    assert shown == expected == now, (shown, expected, now)
    assert before == baseline and shown != before
    # a price cut raises sales (the planted effect): the change shown is positive
    assert float(shown.replace(",", "")) > float(before.replace(",", ""))
    widget.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    stem = f"whatif-{theme.split()[-1].lower()}"
    widget.screenshot(path=str(ARTIFACTS / f"{stem}-widget.png"))
    screenshot(page, f"{stem}-2-price-cut")


def test_moving_a_slider_shows_the_models_outcome_in_light_theme(page: Any, lab: LabServer) -> None:
    _simulate(page, lab, "JupyterLab Light")


def test_moving_a_slider_shows_the_models_outcome_in_dark_theme(page: Any, lab: LabServer) -> None:
    lab.set_theme("JupyterLab Dark")
    try:
        _simulate(page, lab, "JupyterLab Dark")
        assert page.evaluate("document.body.dataset.jpThemeLight") == "false"
    finally:
        lab.set_theme("JupyterLab Light")
