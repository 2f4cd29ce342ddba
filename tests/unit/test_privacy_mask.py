"""Scrubber: every raw PII value leaves the text; clean text is untouched."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from jupyter_genanalyst.privacy import PIIReport, Scrubber, detect_pii, find_pii
from tests.pii_corpus import Corpus

LABEL = re.compile(r"<[a-z_]+_\d+>")


def leaks(text: str, values: list[str]) -> list[str]:
    return [v for v in values if v in text]


@pytest.mark.parametrize("mode", ["mask", "aggregate", "synthetic"])
def test_no_raw_value_survives_in_any_rendering_of_the_frame(
    corpus: Corpus, report: PIIReport, mode: str
) -> None:
    scrubber = Scrubber(report, mode)
    frame = corpus.frame
    texts = [
        frame.to_csv(),
        frame.to_json(orient="records", force_ascii=False, date_format="iso"),
        frame.to_string(),
        frame.to_markdown()
        if hasattr(frame, "to_markdown") and _has_tabulate()
        else frame.to_html(),
        "\n".join(" | ".join(map(str, row)) for row in frame.itertuples(index=False)),
    ]
    total = 0
    for text in texts:
        found = leaks(scrubber.scrub(text), corpus.all_values)
        total += len(found)
        assert found == []
    print(f"{mode}: {len(corpus.all_values)} values x {len(texts)} renderings, leaks={total}")


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


def test_mode_off_changes_nothing(corpus: Corpus, report: PIIReport) -> None:
    text = corpus.frame.to_csv()
    assert Scrubber(report, "off").scrub(text) == text


def test_pseudonyms_are_stable_and_distinct(report: PIIReport) -> None:
    scrubber = Scrubber(report, "mask")
    a = scrubber.scrub("write to alice@example.com or bob@example.com")
    b = scrubber.scrub("again: bob@example.com, then ALICE@example.com")
    first = LABEL.findall(a)
    second = LABEL.findall(b)
    assert len(first) == 2 and first[0] != first[1]
    assert second == [first[1], first[0]]  # same person, same label, whatever the case
    assert scrubber.scrub("+44 20 7946 0958") == scrubber.scrub("+442079460958")


def test_pseudonyms_reveal_nothing_about_the_value() -> None:
    empty = detect_pii(pd.DataFrame({"x": [1]}))
    one, two = Scrubber(empty, key=b"k1"), Scrubber(empty, key=b"k2")
    for s in (one, two):
        assert s.scrub("mail a.b@example.com") == "mail <email_1>"
    assert "example" not in repr(one) and "a.b" not in repr(one)


def test_every_pattern_kind_is_found_without_a_report(corpus: Corpus) -> None:
    """The second net: PII never seen in the frame (e.g. typed into a question)."""
    scrubber = Scrubber(detect_pii(pd.DataFrame({"x": [1]})), "mask")
    recall = {}
    for kind, values in corpus.pii.items():
        caught = [v for v in values if not leaks(scrubber.scrub(f"see {v} here"), [v])]
        recall[kind] = len(caught) / len(values)
    print("pattern-only recall:", {k: round(v, 2) for k, v in recall.items()})
    for kind in ("email", "phone", "card", "iban", "ip", "national_id"):
        assert recall[kind] == 1.0, kind
    assert recall["address"] >= 0.95
    assert recall["person_name"] >= 0.6  # names outside the given-name list need the report


CLEAN_TEXT = [
    "Mean price is 2,345.67 (up 12.5%) across 1,234 orders between 2023-01-01 and 2024-06-30.",
    "r = 0.68, p < 0.001, 95% CI [1.2, 3.4]; revenue 1234567.89; median 45.",
    "Sales in Technology rose 15.3% while Office Supplies fell 4.2% in Q3 2024.",
    "Product SKU-12345-AB sold 3,456 units at 12:30:45 on 15/01/2024; version 1.2.3.",
    "The West region has 4 outliers above 3 standard deviations; 0.153 of rows are missing.",
    "Total: 10,000,000 rows, 20 columns, 1.5 GB; forecast 98765.4 for next month.",
    "Customers who bought Furniture spent 1.8 times more than average.",
]


@pytest.mark.parametrize("text", CLEAN_TEXT)
def test_clean_analysis_text_is_unchanged(report: PIIReport, text: str) -> None:
    assert Scrubber(report, "mask").scrub(text) == text
    assert find_pii(text) == []


def test_partial_overlaps_leave_nothing_behind(report: PIIReport) -> None:
    scrubber = Scrubber(report, "mask")
    out = scrubber.scrub(
        "Dr. Jane Doe, 12 rue de la Paix, 75002 Paris; IBAN DE89 3704 0044 0532 0130 00."
    )
    assert (
        "Jane" not in out and "Doe" not in out and "rue de la Paix" not in out and "DE89" not in out
    )


def test_non_string_and_empty_input(report: PIIReport) -> None:
    scrubber = Scrubber(report, "mask")
    assert scrubber.scrub("") == ""
    assert scrubber.scrub(12345) == "12345"  # type: ignore[arg-type]
