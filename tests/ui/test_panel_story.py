"""The panel's kinds come from the kernel, "Full story" among them: run it on the planted sales
frame (no LLM), see one history entry per stage and the diagnose card citing the tested
explanations, then click a next question, which fills the form and runs it."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ARTIFACTS, LabServer, open_notebook, wait_kernel_idle
from .test_panel import PANEL, _palette
from .test_review_states import low_contrast

pytestmark = [pytest.mark.ui, pytest.mark.timeout(600)]

FRAME = "from tests.unit.planted_story import daily_sales\nsales = daily_sales()\nsales.shape"


def test_full_story_from_the_kernels_kinds_then_a_next_question(page: Any, lab: LabServer) -> None:
    name = "panel-story.ipynb"
    lab.create_notebook(name, [FRAME])
    open_notebook(page, lab, name)
    page.locator(".jp-Cell").first.locator(".jp-InputPrompt").click()
    page.keyboard.press("Shift+Enter")
    page.locator(".jp-OutputArea-output").first.wait_for(timeout=60_000)
    wait_kernel_idle(page)
    _palette(page, "Open the GenAnalyst panel")
    panel = page.locator(PANEL)
    panel.wait_for(state="visible")
    panel.locator(".jp-GenAnalystPanel-var", has_text="sales").wait_for(timeout=90_000)

    # The Analysis choices are the kernel's table (labels included), the full story last.
    kind = panel.get_by_label("Analysis", exact=True)
    page.wait_for_function(
        "() => document.querySelectorAll('#ga-panel-kind option').length > 1", timeout=60_000
    )
    options = kind.locator("option").evaluate_all("os => os.map(o => [o.value, o.textContent])")
    assert [v for v, _ in options] == [
        "describe", "diagnose", "predict", "prescribe", "ask", "narrate", "story"
    ]  # fmt: skip
    assert dict(options)["story"].startswith("Full story")
    kind.select_option("story")
    page.wait_for_function(
        "() => document.querySelector('#ga-panel-time')?.value === 'date'", timeout=30_000
    )
    panel.get_by_label("Target column", exact=True).select_option("sales")
    assert panel.get_by_label("Goal", exact=True).is_visible()
    assert not panel.get_by_label("Question", exact=True).is_visible()
    panel.get_by_label("Candidates", exact=True).fill("1")
    panel.get_by_label("Template narratives only, no LLM").check()
    panel.get_by_role("button", name="Run", exact=True).click()

    # One history entry per stage, describe shown first; the summary is the message.
    history = panel.locator(".jp-GenAnalystPanel-historyItem")
    page.wait_for_function(
        "() => document.querySelectorAll('.jp-GenAnalystPanel-historyItem').length === 4",
        timeout=240_000,
    )
    labels = [history.nth(i).inner_text() for i in range(4)]
    assert [t.split(" · ")[0] for t in labels] == [
        "story 1/4: describe", "story 2/4: diagnose", "story 3/4: predict", "story 4/4: prescribe"
    ]  # fmt: skip
    message = panel.locator(".jp-GenAnalystPanel-message").inner_text()
    assert message.startswith("Full story in 4 stages") and "高雄" in message
    history.nth(1).click()
    review = panel.locator(".jp-GenAnalyst-review")
    card = review.locator(".jp-GenAnalyst-proposal").first
    card.wait_for()
    assert "Why, tested: sales" in card.inner_text()
    assert "not supported" in card.inner_text()
    nxt = review.locator(".jp-GenAnalyst-next")
    nxt.scroll_into_view_if_needed()
    assert nxt.locator("h4").inner_text() == "Next questions"
    ARTIFACTS.mkdir(exist_ok=True)
    panel.screenshot(path=str(ARTIFACTS / "panel-story-diagnose-light.png"))

    # A next question is a button: it fills the form with its request and runs it.
    ask = nxt.locator(".jp-GenAnalyst-nextAsk").first
    asked = ask.inner_text()
    magic = nxt.locator(".jp-GenAnalyst-nextMagic").first.inner_text()
    assert magic.startswith("%ga ") or magic.startswith("%%ga ")
    ask.click()
    page.wait_for_function(
        "() => document.querySelectorAll('.jp-GenAnalystPanel-historyItem').length === 5",
        timeout=240_000,
    )
    asked_kind = magic.removeprefix("%%ga ").removeprefix("%ga ").split()[0]
    assert kind.input_value() == asked_kind
    assert history.first.inner_text().startswith(f"{asked_kind} · sales · ")
    assert asked  # the question's words were the button
    wait_kernel_idle(page)
    panel.screenshot(path=str(ARTIFACTS / "panel-story-next-question-light.png"))

    # The next questions stay readable in the dark theme (text contrast ≥ 4.5).
    history.nth(2).click()  # the diagnose stage again
    nxt.wait_for()
    _palette(page, "Use Theme: JupyterLab Dark")
    try:
        page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'")
        page.wait_for_timeout(500)
        nxt.scroll_into_view_if_needed()
        sweep = ".jp-GenAnalyst-next h4, .jp-GenAnalyst-nextAsk, .jp-GenAnalyst-nextMagic"
        assert low_contrast(nxt, sweep) == []
        panel.screenshot(path=str(ARTIFACTS / "panel-story-diagnose-dark.png"))
    finally:
        _palette(page, "Use Theme: JupyterLab Light")
