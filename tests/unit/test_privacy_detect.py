"""Column-level PII detection: recall on a multi-locale corpus, no false positives."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.privacy import PII_KINDS, PIIReport, detect_pii
from tests.pii_corpus import Corpus


def test_every_pii_column_is_detected_with_its_kind(corpus: Corpus, report: PIIReport) -> None:
    found = {col: report.columns[col].kind for col in corpus.pii_columns if col in report.columns}
    recall = len(found) / len(corpus.pii_columns)
    print(f"column recall {recall:.0%}: {found}")
    assert found == corpus.pii_columns
    for col in corpus.pii_columns:
        assert report.columns[col].share >= 0.9


def test_free_text_column_with_embedded_pii_is_detected(report: PIIReport) -> None:
    notes = report.columns["notes"]
    assert notes.free_text
    assert {"email", "phone", "card", "iban", "person_name"} <= set(notes.kinds)


def test_no_clean_column_is_flagged(corpus: Corpus, report: PIIReport) -> None:
    flagged = [c for c in corpus.clean_columns if c in report.columns]
    assert flagged == []


def test_values_hold_every_raw_pii_value_of_the_frame(corpus: Corpus, report: PIIReport) -> None:
    missing = [v for v in corpus.all_values if v.strip() not in report.values]
    assert missing == []
    assert set(report.values) <= set(report.values_by_kind["email"]) | {
        v for kind in PII_KINDS for v in report.values_by_kind.get(kind, ())
    }


def test_values_cover_all_rows_not_just_the_sample(corpus: Corpus) -> None:
    small_sample = detect_pii(corpus.frame, sample=40, random_state=1)
    assert small_sample.sampled_rows == 40
    emails = set(corpus.frame["contact"])
    assert emails <= small_sample.values


def test_report_renders_without_raw_values(corpus: Corpus, report: PIIReport) -> None:
    rendered = report._repr_markdown_() + repr(report) + str(report.columns)
    assert "customer_name" in rendered and "person_name" in rendered
    assert [v for v in corpus.all_values if v in rendered] == []


def test_column_name_hints_and_integers() -> None:
    cards = ["4111111111111111", "5500005555555559", "340000000000009", "6011000990139424"]
    df = pd.DataFrame(
        {
            "card_number": [int(c) for c in cards] * 5,  # card numbers stored as integers
            "phone": [4155552671, 2125551234, 6175550000, 3125559876]
            * 5,  # bare digits: needs the name
            "order_id": [4155552671, 2125551234, 6175550000, 3125559876]
            * 5,  # same digits, no hint
            "ssn": ["536904399", "078051121", "219099999", "123456789"] * 5,
            "Vorname": ["Hans", "Ursula", "Lukas", "Petra"] * 5,
            "surname": ["Okafor", "Mensah", "Nguyen", "Kowalski"] * 5,
            "product_name": ["Widget Pro", "Gadget Max", "Chair Deluxe", "Desk Lamp"] * 5,
            "customer_segment": ["Consumer", "Corporate", "Home Office", "Consumer"] * 5,
        }
    )
    report = detect_pii(df)
    kinds = {c: info.kind for c, info in report.columns.items()}
    assert kinds == {
        "card_number": "card",
        "phone": "phone",
        "ssn": "national_id",
        "Vorname": "person_name",
        "surname": "person_name",
    }
    assert "4111111111111111" in report.values
    assert "order_id" in report.id_columns


def test_integers_that_are_not_cards_are_not_flagged() -> None:
    rng = np.random.default_rng(3)
    df = pd.DataFrame(
        {
            "account_balance_cents": rng.integers(10**15, 10**16, 500),
            "population": rng.integers(10**6, 10**10, 500),
            "year": rng.integers(1990, 2030, 500),
        }
    )
    assert detect_pii(df).columns == {}


def test_unusable_inputs() -> None:
    with pytest.raises(GenAnalystError):
        detect_pii([1, 2, 3])  # type: ignore[arg-type]
    with pytest.raises(GenAnalystError):
        detect_pii(pd.DataFrame({"a": [1]}), sample=0)
    empty = detect_pii(pd.DataFrame())
    assert empty.columns == {} and empty.values == frozenset()
    assert "No personal data" in empty._repr_markdown_()


def test_detect_is_fast_on_a_million_rows(corpus: Corpus) -> None:
    n = 1_000_000
    rng = np.random.default_rng(0)
    columns: dict[str, object] = {f"x{i}": rng.normal(size=n) for i in range(14)}
    columns["qty"] = rng.integers(0, 100, n)
    columns["region"] = rng.choice(np.array(["North", "South", "East", "West"]), n)
    columns["email"] = [f"user{i}@example.com" for i in range(n)]
    idx = rng.integers(0, len(corpus.frame), n)
    columns["name"] = corpus.frame["customer_name"].to_numpy()[idx]
    columns["phone"] = corpus.frame["telefon"].to_numpy()[idx]
    columns["notes"] = corpus.frame["notes"].to_numpy()[idx]
    df = pd.DataFrame(columns)
    start = time.perf_counter()
    report = detect_pii(df)
    elapsed = time.perf_counter() - start
    print(f"detect_pii on {df.shape}: {elapsed:.2f} s")
    assert {"email", "name", "phone", "notes"} <= set(report.columns)
    assert "user999999@example.com" in report.values
    assert elapsed < 6.0  # ~1.7 s on the 2-core reference machine
