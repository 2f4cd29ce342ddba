"""Honest labels: a card claims what was checked, and only that."""

from __future__ import annotations

from jupyter_genanalyst.facts.types import Fact
from jupyter_genanalyst.narrate.grounding import ground
from jupyter_genanalyst.narrate.labels import card_labels, number_label, origin_label
from jupyter_genanalyst.narrate.types import Proposal

FACT = Fact(
    id="f",
    kind="descriptive",
    topic="missing",
    columns=("income",),
    values={"missing": 428, "missing_pct": 28.53, "columns": 4},
    units={"missing": "count", "missing_pct": "percent", "columns": "count"},
    importance=0.6,
    text="",
    evidence={
        "missing": "int(df['income'].isna().sum())",
        "missing_pct": "float(df['income'].isna().mean() * 100)",
        "columns": "df.shape[1]",
    },
)


def _card(narrative: str, title: str = "Income", origin: str = "llm") -> Proposal:
    grounding, marked = ground(narrative, [FACT], kind="descriptive")
    return Proposal(
        id="p",
        title=title,
        narrative=narrative,
        origin=origin,  # type: ignore[arg-type]
        grounding=grounding,
        marked_narrative=marked,
    )


def test_no_numbers_is_never_called_verified() -> None:
    card = _card("The data about income is interesting.")
    assert number_label(card, [FACT]) == "no numbers to check"
    assert number_label(card, [FACT], "zh-Hant") == "沒有需要核對的數字"
    assert "100%" not in number_label(card, [FACT])


def test_title_numbers_count() -> None:
    card = _card("income is missing in 428 rows.", title="The 201 missing days")
    labels = card_labels(card, [FACT])
    assert (labels.verified, labels.total) == (1, 2)
    assert labels.numbers == "1 of 2 numbers match the facts (the meaning is not checked)"


def test_number_words_count_only_when_they_match_a_fact() -> None:
    card = _card("income: the two most important facts for the next sixty days; four columns.")
    labels = card_labels(card, [FACT])
    assert (labels.verified, labels.total) == (1, 3)  # only "four" (columns = 4) matches


def test_all_matching_says_meaning_is_not_checked() -> None:
    card = _card("income is missing in 428 rows (28.53%).", origin="template")
    assert (
        number_label(card, [FACT]) == "all 2 numbers match the facts (the meaning is not checked)"
    )


def test_origin_and_review_labels() -> None:
    model = _card("income is missing in 428 rows.")
    story = _card("income is missing in 428 rows.", origin="template")
    assert origin_label(model) == "AI-generated"
    assert origin_label(story) == "Written from the facts without a model"
    assert origin_label(story, "zh-Hant") == "由事實直接寫成，未使用語言模型"
    assert card_labels(model, [FACT]).review is None
    assert card_labels(model, [FACT], decided=True).review == "reviewed by you"
    assert card_labels(model, [FACT], "zh-Hant").to_dict()["origin"] == "AI 生成"


def test_one_number_is_said_in_the_singular() -> None:
    shown = number_label(_card("Income is missing in 428 rows.", title="Income"), [FACT])
    assert shown == "its one number matches the facts (the meaning is not checked)"
    off = number_label(_card("Income is missing in 999 rows.", title="Income"), [FACT])
    assert off == "its one number matches no fact"
