"""The review's new states in a real JupyterLab, in the light and the dark theme, without any
LLM: "Run inserted cells" and a failing inserted cell named on its card; the sidebar panel's
"Fix:" box, wrapped code, plural counts and the previous run cleared while a new one runs;
and the ipywidgets review where our labextension is disabled (as in VS Code or Colab).
Screenshots go to tests/ui/artifacts/; colour contrast is measured in the page (WCAG)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from .bundles import DATAFRAME_SOURCE, MIME, fixture_bundle, producer_source
from .conftest import LabServer, open_notebook, run_lab, screenshot, wait_kernel_idle

pytestmark = [pytest.mark.ui, pytest.mark.timeout(600)]

THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}

# WCAG contrast of an element's text over its composited background (ancestors included).
CONTRAST_JS = """
el => {
  const parse = c => {
    let m = c.match(/^rgba?\\(([^)]+)\\)/);
    if (m) {
      const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    }
    m = c.match(/^color\\(srgb ([^)]+)\\)/);
    if (m) {
      const p = m[1].split(/[ \\/]+/).filter(Boolean).map(Number);
      return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1];
    }
    return null;
  };
  const lum = rgb => {
    const f = v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]);
  };
  const layers = [];
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
    const bg = parse(getComputedStyle(n).backgroundColor);
    if (bg && bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) break; }
  }
  let bg = [255, 255, 255];
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i];
    bg = [0, 1, 2].map(k => l[k] * l[3] + bg[k] * (1 - l[3]));
  }
  const fg0 = parse(getComputedStyle(el).color);
  const fg = [0, 1, 2].map(k => fg0[k] * fg0[3] + bg[k] * (1 - fg0[3]));
  const a = lum(fg), b = lum(bg);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


def contrast(locator: Any) -> float:
    return float(locator.evaluate(CONTRAST_JS))


# Every kind of text the review shows; disabled controls are exempt (WCAG 1.4.3).
SWEEP = (
    ".jp-GenAnalyst-title, .jp-GenAnalyst-status, .jp-GenAnalyst-chip, .jp-GenAnalyst-narrative,"
    " .jp-GenAnalyst-num, .jp-GenAnalyst-unverifiedTag, .jp-GenAnalyst-grounding,"
    " .jp-GenAnalyst-warning li, .jp-GenAnalyst-code, .jp-GenAnalyst-flags li, .jp-GenAnalyst-ack,"
    " .jp-GenAnalyst-button:not(:disabled), .jp-GenAnalyst-summary, .jp-GenAnalyst-hint,"
    " .jp-GenAnalyst-message, .jp-GenAnalyst-runError"
)


def low_contrast(scope: Any, selector: str = SWEEP, minimum: float = 4.5) -> list[str]:
    """Visible text under ``scope`` whose contrast is below ``minimum``, described."""
    found = scope.locator(selector)
    low = []
    for i in range(found.count()):
        element = found.nth(i)
        if not element.is_visible() or not element.inner_text().strip():
            continue
        ratio = contrast(element)
        if ratio < minimum:
            cls = element.get_attribute("class")
            low.append(f"{cls} {element.inner_text()[:30]!r}: {ratio:.2f}")
    return low


@pytest.fixture(scope="module")
def lab_without_extension(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """JupyterLab with our labextension disabled: what VS Code, Colab or a bare Notebook 7 get."""
    with run_lab(tmp_path_factory, disabled=("jupyter_genanalyst",)) as server:
        yield server


def _run_first_cells(page: Any, n: int) -> None:
    page.locator(".jp-Cell").first.locator(".jp-InputPrompt").click()
    for _ in range(n):
        page.keyboard.press("Shift+Enter")


def _failing_bundle() -> dict[str, Any]:
    """The UI fixture, with p2's code reading a column the frame does not have."""
    bundle = fixture_bundle("ga-uitest-run")
    bad = "df['營收'].sum()"
    bundle["proposals"][1]["code"] = [bad]
    bundle["proposals"][1]["code_checks"] = [
        {"source": bad, "parses": True, "problems": [], "safety": []}
    ]
    return bundle


@pytest.mark.parametrize("theme", list(THEMES))
def test_run_inserted_cells_names_the_failing_cell(page: Any, lab: LabServer, theme: str) -> None:
    lab.set_theme(THEMES[theme])
    name = f"run-{theme}.ipynb"
    lab.create_notebook(name, [DATAFRAME_SOURCE, producer_source(_failing_bundle())])
    open_notebook(page, lab, name)
    _run_first_cells(page, 2)
    review = page.locator(".jp-GenAnalyst-review")
    review.wait_for(timeout=60_000)
    wait_kernel_idle(page)
    assert review.locator(".jp-GenAnalyst-runInserted").count() == 0  # nothing inserted yet

    for pid in ("p1", "p2"):
        card = page.locator(f'.jp-GenAnalyst-proposal[data-proposal-id="{pid}"]')
        card.get_by_role("button", name=re.compile("^Accept")).click()
    review.locator(".jp-GenAnalyst-insert").click()
    run = review.locator(".jp-GenAnalyst-runInserted")
    run.wait_for()
    assert run.inner_text() == "Run inserted cells (2)"
    cells_before = page.locator(".jp-Cell").count()
    prompts = page.locator(".jp-Cell .jp-InputPrompt").all_inner_texts()
    assert sum(1 for p in prompts if re.search(r"\[\d+\]", p)) == 2  # inserted cells not run

    run.click()
    error = page.locator('.jp-GenAnalyst-proposal[data-proposal-id="p2"] .jp-GenAnalyst-runError')
    error.wait_for(timeout=60_000)
    assert error.inner_text() == "⚠ Inserted cell 2 of 2 raised KeyError: '營收'."
    assert page.locator('[data-proposal-id="p1"] .jp-GenAnalyst-runError').count() == 0
    message = review.locator(".jp-GenAnalyst-message")
    assert message.inner_text() == (
        "Ran 2 of 2 inserted cells; cell 2 raised KeyError (see its card)."
    )
    assert page.locator(".jp-Cell").count() == cells_before
    # the run was the human's click: exactly the two inserted code cells ran, in order
    outputs = page.locator(".jp-Cell .jp-OutputArea-output").all_inner_texts()
    assert any("KeyError" in o for o in outputs)

    # the first line of an inserted code cell fits the notebook (no horizontal overflow)
    code_cells = page.locator(".jp-CodeCell").filter(has_text="not run automatically")
    assert code_cells.count() == 2
    first_line = code_cells.first.locator(".cm-line").first
    # the fixture's cards are storyteller cards: no "AI-generated" on their cells
    assert first_line.inner_text() == (
        "# Written from the facts (no model), reviewed by you — not run automatically"
    )
    scroller = code_cells.first.locator(".cm-scroller")
    assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth + 1")

    assert low_contrast(review) == [], theme
    error.scroll_into_view_if_needed()
    screenshot(page, f"review-run-inserted-{theme}")


PANEL = "#jp-genanalyst-panel"
FRAME = (
    "import pandas as pd\n"
    "sales = pd.DataFrame({'日期': pd.date_range('2025-01-01', periods=30, freq='D'),\n"
    "    '城市': ['臺北市', '高雄市', '臺中市'] * 10,\n"
    "    '營收': [float(100 + i * 3 + (i % 4) * 7) for i in range(30)]})\n"
    "sales.head()"
)


def _open_panel(page: Any) -> Any:
    page.keyboard.press("Control+Shift+c")
    box = page.locator(".lm-CommandPalette-input")
    box.wait_for()
    box.fill("Open the GenAnalyst panel")
    page.locator(".lm-CommandPalette-item").first.wait_for()
    page.keyboard.press("Enter")
    panel = page.locator(PANEL)
    panel.wait_for(state="visible")
    return panel


@pytest.mark.parametrize("theme", list(THEMES))
def test_panel_fix_box_wrapped_code_plurals_and_a_cleared_previous_run(
    page: Any, lab: LabServer, theme: str
) -> None:
    lab.set_theme(THEMES[theme])
    name = f"panel-{theme}.ipynb"
    lab.create_notebook(name, [FRAME])
    open_notebook(page, lab, name)
    _run_first_cells(page, 1)
    page.locator(".jp-OutputArea-output").first.wait_for(timeout=60_000)
    wait_kernel_idle(page)
    panel = _open_panel(page)

    # No LLM answers: the "Fix:" line is readable in this theme.
    fix = panel.locator(".jp-GenAnalystPanel-fix")
    fix.wait_for(state="visible", timeout=90_000)
    assert fix.inner_text().startswith("Fix:")
    assert contrast(fix) >= 4.5, (theme, contrast(fix))

    panel.locator(".jp-GenAnalystPanel-var", has_text="sales").wait_for(timeout=30_000)
    assert "30 rows × 3 columns" in panel.locator(".jp-GenAnalystPanel-var").first.inner_text()
    panel.get_by_label("Analysis", exact=True).select_option("describe")
    panel.get_by_label("Template narratives only, no LLM").check()
    run = panel.get_by_role("button", name="Run")
    run.click()
    message = panel.locator(".jp-GenAnalystPanel-message")
    page.wait_for_function(
        "() => / ready for review(; \\d+ hidden by the checks)?\\.$/.test(document.querySelector("
        "'#jp-genanalyst-panel .jp-GenAnalystPanel-message')?.textContent || '')",
        timeout=120_000,
    )
    n = panel.locator(".jp-GenAnalystPanel-result .jp-GenAnalyst-proposal").count()
    assert n >= 1
    hidden = panel.locator(".jp-GenAnalystPanel-result .jp-GenAnalyst-hiddenItem").count()
    expected = "1 candidate ready for review" if n == 1 else f"{n} candidates ready for review"
    expected += f"; {hidden} hidden by the checks." if hidden else "."
    assert message.inner_text() == expected

    # Code wraps in the narrow sidebar instead of being cut off on the right.
    codes = panel.locator(".jp-GenAnalystPanel-result .jp-GenAnalyst-code")
    assert codes.count() >= 1
    for i in range(codes.count()):
        assert codes.nth(i).evaluate("e => e.scrollWidth <= e.clientWidth + 1"), i
    assert codes.first.evaluate("e => getComputedStyle(e).whiteSpace") == "pre-wrap"
    panel_text = SWEEP + ", .jp-GenAnalystPanel-llm, .jp-GenAnalystPanel-message, label"
    assert low_contrast(panel, panel_text) == [], theme
    screenshot(page, f"panel-result-{theme}")
    codes.first.scroll_into_view_if_needed()
    screenshot(page, f"panel-code-{theme}", clip=panel.bounding_box())

    # A second run: while it runs, the previous result is out of view (not under the stream).
    page.evaluate(
        """() => {
        window.__gaCleared = false;
        const result = document.querySelector('#jp-genanalyst-panel .jp-GenAnalystPanel-result');
        new MutationObserver(() => {
          if (!result.querySelector('.jp-GenAnalyst-proposal')) { window.__gaCleared = true; }
        }).observe(result, { childList: true, subtree: true });
    }"""
    )
    run.click()
    page.wait_for_function("() => window.__gaCleared === true", timeout=60_000)
    page.locator(".jp-GenAnalystPanel-historyItem").nth(1).wait_for(timeout=120_000)
    page.wait_for_function(
        "() => document.querySelectorAll("
        "'#jp-genanalyst-panel .jp-GenAnalystPanel-result .jp-GenAnalyst-proposal').length > 0",
        timeout=60_000,
    )
    screenshot(page, f"panel-fix-{theme}", clip=panel.bounding_box())


WIDGET_CELL = (
    "from tests.ui.bundles import fixture_bundle\n"
    "from jupyter_genanalyst.review import widget as rw\n"
    "bundle = fixture_bundle('ga-uitest-widget')\n"
    "bundle['proposals'][1]['title'] = '各區營收'\n"
    "review = rw.display_review(bundle)"
)
INSERT_CELL = "print(rw.insert_message(rw.insert_next()))"


@pytest.mark.parametrize("theme", list(THEMES))
def test_widget_review_where_the_labextension_is_absent(
    page: Any, lab_without_extension: LabServer, theme: str
) -> None:
    lab = lab_without_extension
    lab.set_theme(THEMES[theme])
    name = f"widget-{theme}.ipynb"
    lab.create_notebook(name, [WIDGET_CELL, INSERT_CELL])
    open_notebook(page, lab, name)
    assert page.locator(".jp-GenAnalyst-review").count() == 0
    _run_first_cells(page, 1)
    accept = page.locator(".widget-button:visible").filter(has_text=re.compile(r"^\s*Accept\s*$"))
    accept.first.wait_for(timeout=60_000)
    wait_kernel_idle(page)
    assert page.locator(".jp-GenAnalyst-review").count() == 0  # our renderer is off
    assert accept.count() == 4  # one card per proposal
    output = page.locator(".jp-OutputArea-output").first
    assert output.get_by_text("各區營收").count() == 1
    assert output.locator("mark", has_text="40%").count() == 1  # unverified number marked

    accept.nth(1).click()  # p2
    queue = page.locator(".widget-button", has_text="Queue accepted (1)")
    queue.wait_for()
    queue.click()
    copy = page.locator(".widget-textarea textarea")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.widget-textarea textarea')]"
        ".some(t => t.value.startsWith('# %% [markdown]'))",
        timeout=30_000,
    )
    texts = copy.evaluate_all("els => els.map(e => e.value)")
    script = next(t for t in texts if t.startswith("# %% [markdown]"))
    assert "df.groupby('region')['revenue'].sum()" in script
    assert output.get_by_text("Queued for insertion").count() == 1
    screenshot(page, f"widget-review-{theme}")

    # %ga insert (here its function) puts the next queued cell below the cell that ran it.
    n_cells = page.locator(".jp-Cell").count()
    page.locator(".jp-Cell").nth(1).locator(".jp-InputPrompt").click()
    page.keyboard.press("Control+Enter")
    page.wait_for_function(
        f"() => document.querySelectorAll('.jp-Cell').length === {n_cells + 1}", timeout=30_000
    )
    wait_kernel_idle(page)
    inserted = page.locator(".jp-Cell").nth(2)
    assert "df.groupby('region')['revenue'].sum()" in inserted.inner_text()
    assert "1 cell left" in page.locator(".jp-Cell").nth(1).inner_text()
    assert inserted.locator(".jp-InputPrompt").inner_text().strip() in ("[ ]:", "[ ]")

    # What the saved notebook keeps of the decisions (the widget writes them into its output).
    with page.expect_response(lambda r: r.request.method == "PUT" and "/api/contents/" in r.url):
        page.keyboard.press("Control+s")
    saved = lab.read_notebook(name)["cells"][0]["outputs"][0]["data"]
    assert saved[MIME]["review"] == {"p2": {"status": "accepted", "queued": True}}
    markdown = saved["text/markdown"]
    markdown = markdown if isinstance(markdown, str) else "".join(markdown)
    assert "**Your review:** p1 pending · p2 accepted, queued · p3 pending" in markdown
