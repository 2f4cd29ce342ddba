"""Hidden candidates and honest labels in a real JupyterLab, light and dark (issue 12).

The light run reviews an English bundle, the dark run the same bundle in Traditional Chinese.
Hidden candidates sit collapsed under one line, list their title and reason, open to their
text, and offer no Accept/Edit; "Insert accepted" counts and inserts shown cards only. Every
card says who wrote it and how many of its numbers match the facts; "reviewed by you" comes
only after a decision. Screenshots: tests/ui/artifacts/review-hidden-{light,dark}.png.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .bundles import DATAFRAME_SOURCE, hidden_bundle, producer_source
from .conftest import LabServer, open_notebook, screenshot, wait_kernel_idle
from .test_review_states import SWEEP, THEMES, low_contrast

pytestmark = [pytest.mark.ui, pytest.mark.timeout(600)]

LANGUAGE = {"light": "en", "dark": "zh-Hant"}
HIDDEN_TEXT = (
    ", .jp-GenAnalyst-hiddenSummary, .jp-GenAnalyst-hiddenTitle, .jp-GenAnalyst-hiddenReason,"
    " .jp-GenAnalyst-hiddenNote, .jp-GenAnalyst-hiddenLabels, .jp-GenAnalyst-origin,"
    " .jp-GenAnalyst-reviewed"
)


@pytest.mark.parametrize("theme", list(THEMES))
def test_hidden_candidates_and_honest_labels(page: Any, lab: LabServer, theme: str) -> None:
    language = LANGUAGE[theme]
    zh = language == "zh-Hant"
    bundle = hidden_bundle(f"ga-uitest-hidden-{theme}", language)
    lab.set_theme(THEMES[theme])
    name = f"hidden-{theme}.ipynb"
    lab.create_notebook(name, [DATAFRAME_SOURCE, producer_source(bundle)])
    open_notebook(page, lab, name)
    page.locator(".jp-Cell").first.locator(".jp-InputPrompt").click()
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Shift+Enter")
    review = page.locator(".jp-GenAnalyst-review")
    review.wait_for(timeout=60_000)
    wait_kernel_idle(page)

    # Shown cards: who wrote them, how many numbers match, and no "reviewed by you" yet.
    cards = review.locator(".jp-GenAnalyst-proposals > .jp-GenAnalyst-proposal")
    assert [cards.nth(i).get_attribute("data-proposal-id") for i in range(cards.count())] == [
        "s1",
        "m1",
    ]
    story, model = cards.nth(0), cards.nth(1)
    assert story.locator(".jp-GenAnalyst-origin").inner_text() == (
        "由事實直接寫成，未使用語言模型" if zh else "Written from the facts without a model"
    )
    assert model.locator(".jp-GenAnalyst-origin").inner_text() == (
        "AI 生成" if zh else "AI-generated"
    )
    assert story.locator(".jp-GenAnalyst-grounding").inner_text() == (
        "全部 3 個數字與事實相符（語意未經檢查）"
        if zh
        else "all 3 numbers match the facts (the meaning is not checked)"
    )
    assert (
        model.locator(".jp-GenAnalyst-grounding")
        .inner_text()
        .startswith("2 個數字中有 1 個與事實相符" if zh else "1 of 2 numbers match the facts")
    )
    assert "verified against" not in review.inner_text()
    assert review.locator(".jp-GenAnalyst-reviewed").count() == 0
    header = review.locator(".jp-GenAnalyst-header").inner_text()
    assert "reviewed by you" not in header and "model: template" in header
    # a mixed review: the badge names the model's card, in the bundle's language
    assert review.locator(".jp-GenAnalyst-badge").inner_text() == (
        "AI 生成：第 2 張卡片（模型文字）；其餘由事實寫成"
        if zh
        else "AI-generated: card 2 (model text); the others are written from the facts"
    )
    buttons = story.locator(".jp-GenAnalyst-actions button").all_inner_texts()
    assert buttons == (["接受", "編輯", "拒絕"] if zh else ["Accept", "Edit", "Reject"])

    # Hidden candidates: one collapsed line, then title and reason, then the text.
    hidden = review.locator("details.jp-GenAnalyst-hidden")
    summary = hidden.locator(".jp-GenAnalyst-hiddenSummary")
    assert summary.inner_text() == ("已隱藏 2 個候選 — 原因" if zh else "2 candidates hidden — why")
    assert not hidden.evaluate("d => d.open")
    assert not review.locator(".jp-GenAnalyst-hiddenItem").first.is_visible()
    summary.click()
    items = hidden.locator(".jp-GenAnalyst-hiddenItem")
    items.first.wait_for(state="visible")
    titles = [items.nth(i).locator("summary").inner_text() for i in range(items.count())]
    assert titles == [
        "The {{data}} is in one file — "
        + ("殘留的範本文字：{{data}}" if zh else "template debris: {{data}}"),
        "臺北市營收成長 300% — "
        + ("與事實不符的數字：2014, 300%" if zh else "numbers that match no fact: 2014, 300%"),
    ]
    chinese = items.nth(1)
    chinese.locator("summary").click()
    narrative = chinese.locator(".jp-GenAnalyst-narrative")
    narrative.wait_for(state="visible")
    # its text, with the numbers that match no fact marked as on any card
    assert narrative.inner_text() == (
        "臺北市的營收在 2014 [unverified] 年成長了 300% [unverified]，世界盃帶動消費。"
    )
    assert hidden.get_by_role("button").count() == 0  # never accepted, edited or rejected

    # A decision: "reviewed by you" on that card only; the open sections stay open.
    story.get_by_role("button", name=re.compile("^(Accept|接受)")).click()
    reviewed = review.locator(".jp-GenAnalyst-reviewed")
    reviewed.wait_for()
    assert reviewed.count() == 1
    assert reviewed.inner_text() == ("已由您審閱" if zh else "reviewed by you")
    assert story.locator(".jp-GenAnalyst-reviewed").count() == 1
    assert hidden.evaluate("d => d.open")
    assert narrative.is_visible()
    insert = review.locator(".jp-GenAnalyst-insert")
    assert insert.inner_text() == ("插入已接受的候選（1）" if zh else "Insert accepted (1)")
    assert review.locator(".jp-GenAnalyst-summary").inner_text() == (
        "已接受 1 · 已拒絕 0 · 待審閱 1 · 已隱藏 2"
        if zh
        else "1 accepted · 0 rejected · 1 pending · 2 hidden"
    )
    assert low_contrast(review, SWEEP + HIDDEN_TEXT) == [], theme
    review.scroll_into_view_if_needed()
    screenshot(page, f"review-hidden-{theme}", clip=review.bounding_box())

    # Inserting adds the accepted shown card only: no hidden text reaches the notebook.
    cells_before = page.locator(".jp-Cell").count()
    insert.click()
    page.wait_for_function(
        f"() => document.querySelectorAll('.jp-Cell').length === {cells_before + 2}",
        timeout=30_000,
    )
    inserted = [page.locator(".jp-Cell").nth(i).inner_text() for i in (2, 3)]
    assert "Revenue averages 12.5 per region" in inserted[0]
    assert "df['revenue'].describe()" in inserted[1]
    assert not any("{{data}}" in c or "世界盃" in c or "Revenue by region" in c for c in inserted)
