"""The grounding checker: number extraction, matching rules, the labelled corpus, marking."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jupyter_genanalyst.facts.types import Fact
from jupyter_genanalyst.narrate.grounding import CAUSAL_PATTERNS, ground, sentence_spans
from jupyter_genanalyst.narrate.numbers import extract_numbers
from tests.unit.grounding_corpus import CORPUS, FACTS, labelled

# ---------------------------------------------------------------- extraction


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1,234,567", 1234567, None),
        ("1 234 567", 1234567, None),
        ("1_234", 1234, None),
        ("3.14159", 3.14159, None),
        ("-12", -12, None),
        ("−12.5", -12.5, None),
        ("15.3%", 15.3, "percent"),
        ("15.3 percent", 15.3, "percent"),
        ("15.3 pct", 15.3, "percent"),
        ("3.2 pp", 3.2, "percentage_points"),
        ("3.2 percentage points", 3.2, "percentage_points"),
        ("$1.2M", 1.2e6, "currency"),
        ("€3,400", 3400, "currency"),
        ("1.2 million", 1.2e6, None),
        ("3.4bn", 3.4e9, None),
        ("2k", 2000, None),
        ("2.3x", 2.3, "multiple"),
        ("2.3×", 2.3, "multiple"),
        ("twice", 2, "multiple"),
        ("three times", 3, "multiple"),
        ("half", 0.5, "multiple"),
        ("seven", 7, None),
        ("twenty-one", 21, None),
        ("a dozen", 12, None),
        ("two hundred", 200, None),
        ("a thousand", 1000, None),
        ("2024-03-01", 2024, "date"),
        ("March 2024", 2024, "date"),
        ("Q1 2024", 2024, "date"),
        ("2023", 2023, "date"),
        ("3rd", 3, "ordinal"),
    ],
)
def test_extracts_each_format(text: str, value: float, unit: str | None) -> None:
    sentence = f"We saw {text} higher."
    numbers = extract_numbers(sentence)
    assert len(numbers) == 1, numbers
    (n,) = numbers
    assert n.text == text
    assert n.value == pytest.approx(value)
    assert n.unit == unit
    assert sentence[n.start : n.end] == text


def test_times_is_a_multiple_only_before_a_comparison() -> None:
    units = [n.unit for n in extract_numbers("North appears 42 times; it is 3 times larger.")]
    assert units == [None, "multiple"]


def test_dates_carry_iso_precision() -> None:
    isos = [n.iso for n in extract_numbers("On 2024-03-01, in March 2024, Q1 2024 and 2023.")]
    assert isos == ["2024-03-01", "2024-03", "2024-Q1", "2023"]


def test_ranges_yield_both_ends_sharing_the_unit() -> None:
    numbers = extract_numbers("between 10–20% of rows")
    assert [(n.value, n.unit) for n in numbers] == [(10, "percent"), (20, "percent")]
    assert numbers[0].other_end == 20 and numbers[1].other_end == 10


@pytest.mark.parametrize(
    "text",
    [
        "column col_2 and Q4_sales",
        "see `df['x'].quantile(0.95)` for details",
        "fact desc.top.region_2 says so",
        "1. First item\n2. Second item",
        "at 10:30 see https://example.com/v2/3",
        "one of the columns; no one knows; the second half of the year",
    ],
)
def test_ignores_identifiers_code_and_idioms(text: str) -> None:
    assert extract_numbers(text, names=["desc.top.region_2"]) == []


# ---------------------------------------------------------------- matching rules


def _fact(**values: tuple[object, str]) -> Fact:
    return Fact(
        id="f",
        kind="descriptive",
        topic="t",
        columns=("value",),
        values={k: v[0] for k, v in values.items()},  # type: ignore[misc]
        units={k: v[1] for k, v in values.items()},  # type: ignore[misc]
        importance=1.0,
        text="",
        evidence={k: repr(v[0]) for k, v in values.items()},  # type: ignore[misc]
    )


def _verified(text: str, fact: Fact) -> list[bool]:
    grounding, _ = ground(text, [fact], kind="descriptive")
    return [n.verified for n in grounding.numbers]


@pytest.mark.parametrize(
    ("text", "value", "unit", "ok"),
    [
        ("15.3%", 0.153, "ratio", True),  # ratio → percent
        ("0.153", 15.3, "percent", True),  # percent → fraction
        ("15%", 15.347, "percent", True),  # rounded to the written digits
        ("15.4%", 15.347, "percent", False),  # wrongly rounded
        ("1.2 million", 1234567, "count", True),  # scale words, 2 significant figures
        ("1,230,000", 1234567, "count", True),  # 3 significant figures
        ("1 million", 1234567, "count", False),  # over-rounded
        ("fell 12%", -12.0, "percent", True),  # sign carried by the verb
        ("-12%", 12.0, "percent", False),  # written sign contradicts the value
        ("three columns", 3, "count", True),  # words
        ("20 rows", 15, "count", False),  # "20" is not "about 15"
        ("12%", 12, "count", False),  # a count is not a percent
        ("about 1,200 rows", 1234, "count", True),
        ("more than half", 0.62, "ratio", True),
        ("more than half", 0.97, "ratio", False),
        ("less than 1%", 0.3, "percent", True),
        ("nearly 40%", 38.9, "percent", True),
        ("nearly 40%", 41.0, "percent", False),
    ],
)
def test_matching_rules(text: str, value: float, unit: str, ok: bool) -> None:
    assert _verified(text, _fact(v=(value, unit))) == [ok]


def test_derived_quantities_are_not_verified() -> None:
    fact = _fact(a=(120, "count"), b=(30, "count"))
    assert _verified("120 and 30 make 150, a gap of 90.", fact) == [True, True, False, False]


def test_years_match_dates_and_column_names() -> None:
    dated = _fact(peak=("2023-07-04", "date"))
    assert _verified("It peaked in 2023, in July 2023, on 2023-07-04.", dated) == [True] * 3
    assert _verified("It peaked in 2022.", dated) == [False]
    named = Fact(
        id="g",
        kind="descriptive",
        topic="t",
        columns=("sales_2021",),
        values={},
        units={},
        importance=1.0,
        text="",
    )
    assert _verified("Sales in 2021 are in column sales_2021.", named) == [True]


def test_cited_facts_restrict_matching() -> None:
    a = Fact(
        id="a",
        kind="descriptive",
        topic="t",
        columns=(),
        values={"x": 42},
        units={"x": "count"},
        importance=1.0,
        text="",
        evidence={"x": "42"},
    )
    b = Fact(
        id="b",
        kind="descriptive",
        topic="t",
        columns=(),
        values={"y": 7},
        units={"y": "count"},
        importance=1.0,
        text="",
        evidence={"y": "7"},
    )
    grounding, _ = ground("42 and 7", [a, b], kind="descriptive", cited=["a"])
    assert [(n.verified, n.fact_id) for n in grounding.numbers] == [(True, "a"), (False, None)]
    grounding, _ = ground("42 and 7", [a, b], kind="descriptive", cited=[])
    assert all(n.verified for n in grounding.numbers)  # nothing cited: any fact counts
    grounding, _ = ground("42", [a, b], kind="descriptive", cited=[], fallback_to_all=False)
    assert not grounding.numbers[0].verified


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=0.0005, max_value=1e9, allow_nan=False), st.integers(0, 3))
def test_honest_rounding_always_verifies(value: float, decimals: int) -> None:
    fact = _fact(v=(value, "number"))
    assert _verified(f"The value is {value:,.{decimals}f} in total.", fact) == [True]


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=1.0, max_value=1e6, allow_nan=False))
def test_inflated_numbers_never_verify(value: float) -> None:
    fact = _fact(v=(value, "number"))
    assert _verified(f"The value is {value * 1.25 + 1:,.2f} in total.", fact) == [False]


# ---------------------------------------------------------------- the labelled corpus


def score_corpus() -> tuple[int, int, int, int, list[str]]:
    """(true positives, false positives, false negatives, numbers, errors); positive = flagged."""
    tp = fp = fn = total = 0
    errors: list[str] = []
    for marked in CORPUS:
        narrative, spans = labelled(marked)
        grounding, _ = ground(narrative, FACTS, kind="descriptive")
        found = {(n.start, n.end): n for n in grounding.numbers}
        for start, end, honest in spans:
            total += 1
            check = found.pop((start, end), None)
            flagged = check is None or not check.verified
            if honest and flagged:
                fp += 1
                errors.append(f"honest {narrative[start:end]!r} flagged in: {narrative}")
            elif not honest and flagged:
                tp += 1
            elif not honest:
                fn += 1
                errors.append(
                    f"hallucinated {narrative[start:end]!r} verified by "
                    f"{check.fact_id if check else None} in: {narrative}"
                )
        for (start, end), check in found.items():
            errors.append(f"unexpected number {narrative[start:end]!r} in: {narrative}")
            fp += not check.verified
    return tp, fp, fn, total, errors


def test_corpus_precision_and_recall() -> None:
    tp, fp, fn, total, errors = score_corpus()
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(
        f"\ngrounding corpus: {len(CORPUS)} narratives, {total} numbers, "
        f"{tp + fn} hallucinated; precision {precision:.3f}, recall {recall:.3f}"
    )
    assert not errors, "\n".join(errors)
    assert precision == 1.0 and recall == 1.0


# ---------------------------------------------------------------- marking and strict mode

NARRATIVE = (
    "## Income\n\n"
    "- Income is missing in 15.3% of rows. That is 1,907 rows.\n"
    "- About 40% of rows are duplicates. Check them.\n\n"
    "Overall 12,480 rows were read."
)


def test_marked_narrative_wraps_unverified_numbers() -> None:
    grounding, marked = ground(NARRATIVE, FACTS, kind="descriptive")
    assert [n.text for n in grounding.unverified] == ["40%"]
    assert "About *40% [unverified]* of rows" in marked
    assert marked.replace("*40% [unverified]*", "40%") == NARRATIVE
    assert grounding.faithfulness == pytest.approx(3 / 4)
    bad = grounding.unverified[0]
    assert NARRATIVE[bad.start : bad.end] == "40%"  # offsets index the original narrative


def test_strict_mode_drops_sentences_with_unverified_numbers() -> None:
    grounding, text = ground(NARRATIVE, FACTS, kind="descriptive", strict=True)
    assert grounding.dropped_sentences == ("About 40% of rows are duplicates.",)
    assert text == (
        "## Income\n\n"
        "- Income is missing in 15.3% of rows. That is 1,907 rows.\n"
        "- Check them.\n\n"
        "Overall 12,480 rows were read."
    )
    _, text = ground(
        "- Income is missing in 15.3% of rows.\n- There are 99 duplicates.",
        FACTS,
        kind="descriptive",
        strict=True,
    )
    assert text == "- Income is missing in 15.3% of rows."  # the emptied list item goes


def test_sentence_spans_skip_list_markers_and_decimals() -> None:
    text = "- First is 1.5. Second one!\n1. Third"
    assert [text[a:b] for a, b in sentence_spans(text)] == ["First is 1.5.", "Second one!", "Third"]


# ---------------------------------------------------------------- causal wording

CAUSAL = [
    "Higher prices cause lower unit sales.",
    "Units fell because of the price increase.",
    "The drop is due to the new discount policy.",
    "Price drives demand in every region.",
    "Discounts lead to more orders.",
    "The campaign resulted in higher revenue.",
    "Price has a strong effect on units.",
]
ASSOCIATIONAL = [
    "Higher prices are associated with lower unit sales.",
    "Price correlates negatively with units (r = 0.68).",
    "Units tend to be lower where prices are higher.",
    "Correlation does not imply that price causes the drop.",
]


@pytest.mark.parametrize("sentence", CAUSAL)
def test_causal_wording_is_flagged_in_diagnostic_narratives(sentence: str) -> None:
    assert any(p.search(sentence) for p in CAUSAL_PATTERNS)
    grounding, _ = ground(f"Overview first. {sentence}", FACTS, kind="diagnostic")
    assert grounding.causal_claims == (sentence,)


@pytest.mark.parametrize("sentence", ASSOCIATIONAL)
def test_associational_wording_is_not_flagged(sentence: str) -> None:
    grounding, _ = ground(sentence, FACTS, kind="diagnostic")
    assert grounding.causal_claims == ()


def test_causal_wording_only_matters_for_diagnostic_facts() -> None:
    text = "Units fell because of the price increase."
    descriptive = [f for f in FACTS if f.kind == "descriptive"]
    assert ground(text, descriptive, kind="descriptive")[0].causal_claims == ()
    # Citing a diagnostic fact makes a descriptive request's narrative diagnostic.
    assert ground(text, FACTS, kind="descriptive", cited=["diag.corr.price_units"])[
        0
    ].causal_claims == (text,)
