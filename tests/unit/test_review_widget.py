"""The ipywidgets review, driven in-process: the same decisions and cells as the labextension."""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_genanalyst.bundle import MIME_TYPE
from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.review import state as rs
from jupyter_genanalyst.review import widget as rw
from jupyter_genanalyst.review.frontend import detect_frontend, wants_widget
from jupyter_genanalyst.schema import bundle_errors
from tests.ui.bundles import fixture_bundle


class FakeShell:
    """What insert_next needs of IPython: set_next_input, recorded."""

    def __init__(self, comms: dict[str, Any] | None = None) -> None:
        self.inputs: list[str] = []
        self.kernel = type("K", (), {"comm_manager": type("M", (), {"comms": comms or {}})()})()

    def set_next_input(self, text: str, replace: bool = False) -> None:
        assert replace is False
        self.inputs.append(text)


@pytest.fixture(autouse=True)
def _empty_queue() -> Any:
    rw._QUEUE.clear()
    yield
    rw._QUEUE.clear()


def _zh_bundle() -> dict[str, Any]:
    bundle = fixture_bundle("ga-zh-1")
    p1 = bundle["proposals"][0]
    p1["title"] = "臺北市營收平均 12.5"
    return bundle


def test_decisions_follow_the_shared_rules() -> None:
    review = rw.ReviewWidget(_zh_bundle())
    cards = review.cards
    cards["p1"].accept.click()
    cards["p2"].reject.click()
    cards["p3"].accept.click()
    cards["p3"].accept.click()  # pressing again goes back to pending
    assert {k: v["status"] for k, v in review.bundle["review"].items()} == {
        "p1": "accepted", "p2": "rejected", "p3": "pending",
    }  # fmt: skip
    assert "Accepted" in cards["p1"].status.value and "臺北市" in cards["p1"].status.value
    assert review.queue_button.description == "Queue accepted (1)"
    assert bundle_errors(review.bundle) == []


def test_flagged_code_needs_the_warning_acknowledged() -> None:
    review = rw.ReviewWidget(fixture_bundle())
    card = review.cards["p4"]
    assert card.ack.layout.display is None  # shown only for flagged code
    assert review.cards["p1"].ack.layout.display == "none"
    card.accept.click()
    assert rs.insert_blocker(review.bundle, "p4") == "needs the warning acknowledged"
    assert review.queue_button.disabled
    card.ack.value = True
    assert rs.insert_blocker(review.bundle, "p4") is None
    assert "Safety (dangerous-import, line 1): imports os" in card.warnings.value


def test_edit_wins_and_is_inserted_one_cell_at_a_time_in_order() -> None:
    bundle = _zh_bundle()
    bundle["proposals"][1]["origin"] = "llm"  # a mixed review: p1 storyteller, p2 model text
    review = rw.ReviewWidget(bundle)
    card = review.cards["p1"]
    card.edit.click()
    assert card.editor.layout.display is None
    assert card.narrative_edit.value.endswith("*40% [unverified]* last year.")
    card.narrative_edit.value = "臺北市的平均營收為 12.5。"
    card.code_edits[0].value = "df['revenue'].mean()"
    card.save.click()
    assert review.bundle["review"]["p1"] == {
        "status": "accepted",
        "narrative": "臺北市的平均營收為 12.5。",
        "code": ["df['revenue'].mean()"],
    }
    review.cards["p2"].accept.click()
    cells = review.queue_accepted()
    assert [c.cell_type for c in cells] == ["markdown", "code", "markdown", "code"]
    assert review.bundle["review"]["p1"]["queued"] is True
    assert "Queued for insertion" in card.status.value and card.accept.disabled
    # p1 is a storyteller card: its cells say no model wrote them and carry no ai-generated tag
    label = "Written from the facts (no model), reviewed by you · jupyter_genanalyst 0.1.0"
    assert cells[0].source == f"> **{label}**\n\n臺北市的平均營收為 12.5。"
    assert cells[1].source == (
        "# Written from the facts (no model), reviewed by you — not run automatically\n"
        "# jupyter_genanalyst 0.1.0\n"
        "df['revenue'].mean()"
    )
    assert cells[0].tags == cells[1].tags == ("genanalyst-from-facts",)
    # p2 is model text: "AI-generated" and the ai-generated tag
    assert cells[3].source.startswith(
        "# AI-generated, reviewed by you — not run automatically\n"
        "# model: template · jupyter_genanalyst 0.1.0\n"
    )
    assert cells[2].tags == cells[3].tags == ("ai-generated",)
    assert max(len(line) for line in cells[1].source.splitlines()) <= 80
    assert "# %% [markdown]\n# > **Written from the facts" in review.copy_area.value
    assert "# %% [markdown]\n# > **AI-generated" in review.copy_area.value
    assert review.copy_area.layout.display is None

    shell = FakeShell()
    inserted = [rw.insert_next(shell) for _ in range(4)]
    assert rw.insert_next(shell) is None
    # last first: each lands directly below the running cell, so the notebook reads in order
    assert [c.source for c in inserted if c] == [c.source for c in reversed(cells)]
    assert shell.inputs[-1] == "%%markdown\n" + cells[0].source
    assert shell.inputs[0] == cells[3].source
    assert {k: v.get("inserted") for k, v in review.bundle["review"].items()} == {
        "p1": True, "p2": True,
    }  # fmt: skip
    assert "p1 accepted, inserted, edited · p2 accepted, inserted" in rw.review_markdown(
        review.bundle
    )


def test_insert_message_counts_with_plurals() -> None:
    assert rw.insert_message(None).startswith("Nothing queued")
    cell = rs.CellSource("code", "x", "p1")
    rw._QUEUE.append(("r", cell))
    assert rw.insert_message(cell).endswith("1 cell left: run this cell again (Ctrl+Enter).")
    rw._QUEUE.append(("r", cell))
    assert "2 cells left" in rw.insert_message(cell)
    assert (
        rs.plural(1, "candidate") == "1 candidate" and rs.plural(0, "candidate") == "0 candidates"
    )


def test_narrative_html_escapes_and_marks_unverified_numbers() -> None:
    proposal = fixture_bundle()["proposals"][0]
    proposal["narrative"] = proposal["narrative"].replace("Average", "<script>Average</script>")
    for n in proposal["grounding"]["numbers"]:
        n["start"] += len("<script></script>")
        n["end"] += len("<script></script>")
    out = rw.narrative_html(proposal)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<mark>40%</mark> <b>[unverified]</b>" in out
    assert 'title="desc.mean.revenue: mean"' in out


def test_unknown_ids_and_statuses_fail_in_one_line() -> None:
    with pytest.raises(GenAnalystError, match="no proposal 'p9'"):
        rs.set_status(fixture_bundle(), "p9", "accepted")
    with pytest.raises(GenAnalystError, match="status must be one of"):
        rs.set_status(fixture_bundle(), "p1", "maybe")


def test_frontend_detection() -> None:
    shell = FakeShell()
    assert detect_frontend(shell, env={}, modules={}) == "kernel"
    assert detect_frontend(shell, env={"COLAB_RELEASE_TAG": "x"}, modules={}) == "colab"
    assert detect_frontend(shell, env={}, modules={"google.colab": object()}) == "colab"
    assert detect_frontend(shell, env={"VSCODE_PID": "1"}, modules={}) == "vscode"
    # Jupyter started from a VS Code terminal: the server names the session, the browser shows it
    assert detect_frontend(shell, env={"VSCODE_PID": "1", "JPY_SESSION_NAME": "a.ipynb"},
                           modules={}) == "kernel"  # fmt: skip
    panel = type("C", (), {"target_name": "jupyter_genanalyst"})()
    assert detect_frontend(FakeShell({"c1": panel}), env={}, modules={}) == "jupyterlab"
    no_kernel = type("S", (), {"kernel": None})()
    assert detect_frontend(no_kernel, env={}, modules={}) == "terminal"
    assert [f for f in ("jupyterlab", "colab", "vscode", "kernel", "terminal")
            if wants_widget(f)] == ["colab", "vscode", "kernel"]  # type: ignore[arg-type]  # fmt: skip


def test_mimebundle_offers_the_widget_and_keeps_every_fallback() -> None:
    bundle = fixture_bundle()
    data = rw.mimebundle_for(bundle, frontend="vscode")
    assert set(data) == {MIME_TYPE, rw.WIDGET_MIME, "text/markdown", "text/plain"}
    assert data[rw.WIDGET_MIME]["model_id"]
    lab = rw.mimebundle_for(bundle, frontend="jupyterlab")
    assert set(lab) == {MIME_TYPE, "text/markdown", "text/plain"}
    assert "Revenue averages 12.5" in lab["text/markdown"]


def test_hidden_candidates_come_last_and_say_why() -> None:
    bundle = fixture_bundle()
    bundle["proposals"][0]["hidden"] = "a number in the title is not in the facts"
    review = rw.ReviewWidget(bundle)
    assert list(review.cards) == ["p2", "p3", "p4", "p1"]
    assert review.cards["p1"].warnings.value.startswith("<b>Hidden by the checks:</b> a number")
    assert "Hidden" not in review.cards["p2"].warnings.value


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_the_widget_speaks_the_bundles_language_and_its_badge_is_honest(language: str) -> None:
    from jupyter_genanalyst.i18n import review_words

    bundle = fixture_bundle(f"ga-words-{language}")
    bundle["language"] = language
    bundle["words"] = review_words(language)
    review = rw.ReviewWidget(bundle)
    words = review_words(language)
    card = review.cards["p1"]
    assert (card.accept.description, card.reject.description, card.edit.description) == (
        words["accept"],
        words["reject"],
        words["edit"],
    )
    head = review.view.children[0].value
    assert words["badge_facts"] in head and "AI-generated" not in head  # no model text shown
    assert words["reviewed"] not in card.status.value  # only after a decision
    card.accept.click()
    assert card.accept.description == words["accepted_button"]
    assert words["status_accepted"] in card.status.value
    assert words["reviewed"] in card.status.value
    assert review.queue_button.description == words["queue"].format(count=1)
    if language == "zh-Hant":
        assert (card.accept.description, card.edit.description) == ("已接受 ✓", "編輯")
        assert "由事實寫成 — 沒有模型文字" in head


def test_a_mixed_review_names_the_model_cards_in_its_badge() -> None:
    from jupyter_genanalyst.bundle import badge_of

    bundle = fixture_bundle("ga-mixed")
    assert badge_of(bundle) == "Written from the facts — no model text"
    bundle["proposals"][1]["origin"] = "llm"
    assert badge_of(bundle) == (
        "AI-generated: card 2 (model text); the others are written from the facts"
    )
    for p in bundle["proposals"]:
        p["origin"] = "llm"
    assert badge_of(bundle) == "AI-generated"
    head = rw.ReviewWidget(bundle).view.children[0].value
    assert head.startswith("<b>AI-generated</b>")


def test_a_hidden_candidate_can_be_neither_accepted_nor_queued() -> None:
    bundle = fixture_bundle("ga-hidden-widget")
    bundle["proposals"][2]["hidden"] = "template debris: {{id}}"
    review = rw.ReviewWidget(bundle)
    card = review.cards["p3"]
    assert card.accept.disabled and card.reject.disabled and card.edit.disabled
    accepted = rs.set_status(review.bundle, "p3", "accepted")  # even if a decision gets in
    assert rs.insert_blocker(accepted, "p3") == "hidden by the checks"
    assert "p3" not in rs.ready_cells(accepted)[0]
