"""The storyteller: every card of every kind, in both languages, is worth keeping."""

from __future__ import annotations

import ast

import numpy as np
import pandas as pd
import pytest

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.facts.types import Fact
from jupyter_genanalyst.narrate.grounding import ground
from jupyter_genanalyst.narrate.numbers import extract_numbers
from jupyter_genanalyst.narrate.prune import hide_reason
from jupyter_genanalyst.narrate.story import ANGLES, story_proposals
from tests.unit.story_cases import cases

LANGUAGES = ("en", "zh-Hant")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("index", range(len(cases())))
def test_every_card_is_grounded_names_a_column_and_passes_pruning(
    index: int, language: str
) -> None:
    kind, facts, frame, name = cases()[index]
    proposals = story_proposals(facts, kind=kind, frame_name=name, language=language)
    assert proposals, kind
    named = {c for f in facts for c in f.columns}
    columns = [str(c) for c in frame.columns] if frame is not None else sorted(named)
    for p in proposals:
        # every number, title included, matches a fact; there is at least one number
        assert p.grounding is not None and p.grounding.numbers, p.narrative
        assert all(n.verified for n in p.grounding.numbers), (p.narrative, p.grounding.unverified)
        title_check, _ = ground(p.title, facts, kind=kind)
        assert all(n.verified for n in title_check.numbers), p.title
        assert p.origin == "template" and p.note
        for cell in p.code:
            ast.parse(cell)
        reason = hide_reason(p, facts, columns=columns, frame_name=name, language=language)
        assert reason is None, (reason, p.title, p.narrative, p.code)


@pytest.mark.parametrize("index", range(len(cases())))
def test_no_two_cards_share_a_lead_fact_and_each_has_a_next_question(index: int) -> None:
    kind, facts, _, _ = cases()[index]
    for language, label in (("en", "Next question:"), ("zh-Hant", "接著可以問：")):
        proposals = story_proposals(facts, kind=kind, language=language)
        leads = [p.fact_ids[0] for p in proposals]
        assert len(leads) == len(set(leads))
        assert all(label in p.narrative for p in proposals)
        assert len(proposals) <= len(ANGLES)


def test_evidence_and_plot_cells_run_on_the_frame() -> None:
    """Our own cells (not a model's) are run here to prove they recompute the numbers."""
    for kind, facts, frame, name in cases():
        if frame is None:
            continue
        for p in story_proposals(facts, kind=kind, frame_name=name, n=2):
            for cell in p.code:
                namespace = {name: frame.copy(), "pd": pd, "np": np, "ga": ga}
                exec(compile(cell, "<cell>", "exec"), namespace)


def test_lead_is_first_and_bold_with_transitions_and_a_caveat_for_diagnosis() -> None:
    kind, facts, _, _ = cases()[3]  # diagnose churn on the drivers frame
    (card,) = story_proposals(facts, kind=kind, angles=["headline"])
    lead = facts.by_id()[card.fact_ids[0]]
    first = card.narrative.split("\n\n")[0]
    assert first.startswith("The main finding: **") and first.endswith("**")
    assert "churn" in first
    assert any(t in card.narrative for t in ("Beyond that,", "Meanwhile,"))
    assert "_Caveat:_" in card.narrative
    assert lead.kind == "diagnostic"


def test_traditional_chinese_card_is_chinese_and_formats_numbers_for_the_locale() -> None:
    rows = 200_000
    frame = pd.DataFrame(
        {
            "營收": np.r_[np.arange(rows - 150_000, dtype=float), np.full(150_000, np.nan)],
            "地區": ["台北市"] * rows,
        }
    )
    facts = ga.describe(frame)
    (card,) = story_proposals(facts, kind="describe", language="zh-Hant", angles=["quality"])
    assert "最重要" in card.narrative or "請先注意" in card.narrative
    assert "15萬" in card.narrative  # 150,000 missing rows, grouped by 萬
    assert all(n.verified for n in card.grounding.numbers)
    assert any(n.text == "15萬" and n.value == 150_000 for n in extract_numbers(card.narrative))


def test_no_facts_gives_one_honest_card_and_unknown_angle_is_a_clear_error() -> None:
    (card,) = story_proposals([], kind="describe", language="zh-Hant")
    assert "沒有" in card.narrative and card.grounding is not None
    assert not card.grounding.numbers
    with pytest.raises(GenAnalystError, match="Unknown angle"):
        story_proposals([_fact()], kind="describe", angles=["gossip"])
    with pytest.raises(GenAnalystError, match="Unknown language"):
        story_proposals([_fact()], kind="describe", language="fr")


def test_a_sentence_failing_the_number_check_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    """The storyteller checks what it writes: a wrong wording never reaches the card."""
    from jupyter_genanalyst.narrate.story import phrases

    monkeypatch.setattr(phrases, "sentence", lambda fact, language: "`income` is 12,345.")
    (card,) = story_proposals([_fact()], kind="describe", angles=["headline"])
    assert "12,345" not in card.narrative
    assert "428 of 1,500 rows" in card.narrative  # the fact's own exact sentence instead
    assert all(n.verified for n in card.grounding.numbers)


def _fact() -> Fact:
    return Fact(
        id="desc.missing.income",
        kind="descriptive",
        topic="missing",
        columns=("income",),
        values={"missing": 428, "missing_pct": 28.53},
        units={"missing": "count", "missing_pct": "percent"},
        importance=0.6,
        text="income is missing in 428 of 1,500 rows (28.53%).",
        evidence={
            "missing": "int(df['income'].isna().sum())",
            "missing_pct": "float(df['income'].isna().mean() * 100)",
        },
    )
