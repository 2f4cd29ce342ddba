"""protect_facts and example_rows in every mode: zero raw PII in anything that reaches a prompt."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from jupyter_genanalyst.facts.types import Fact, FactSet
from jupyter_genanalyst.privacy import (
    PIIReport,
    PrivacyGuard,
    Scrubber,
    detect_pii,
    example_rows,
    protect_facts,
)
from tests.pii_corpus import Corpus, make_corpus

PROTECTIVE = ["mask", "aggregate", "synthetic"]
LABEL = re.compile(r"^<[a-z_]+_\d+>$")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    c = make_corpus(150)
    c.frame["card_number"] = [int(re.sub(r"\D", "", v)) for v in c.pii["card"]]
    c.pii["card_int"] = [re.sub(r"\D", "", v) for v in c.pii["card"]]
    c.pii_columns["card_number"] = "card"
    return c


def fact(fid: str, topic: str, columns: tuple[str, ...], values: dict, text: str) -> Fact:
    units = {k: ("text" if isinstance(v, str) else "number") for k, v in values.items()}
    return Fact(
        fid,
        "descriptive",
        topic,
        columns,
        values,
        units,
        1.0,
        text,
        evidence={k: f"df[{columns[0]!r}].describe()" for k in values},
    )


@pytest.fixture(scope="module")
def facts(corpus: Corpus) -> FactSet:
    row = corpus.frame.iloc[7]
    name, email, phone, card = (
        row["customer_name"],
        row["contact"],
        row["telefon"],
        int(row["card_number"]),
    )
    return FactSet(
        [
            fact("mean_price", "mean", ("price",), {"mean": 123.45}, "Mean price is 123.45."),
            fact(
                "top_customer",
                "top_category",
                ("customer_name",),
                {"top_value": name, "count": 3},
                f"The most frequent customer_name is {name} (3 rows).",
            ),
            fact(
                "example_row",
                "example",
                ("contact", "telefon"),
                {"email": email, "phone": phone},
                f"For example {email} / {phone}.",
            ),
            fact(
                "price_outlier",
                "outlier",
                ("price",),
                {"value": 4999.0, "row": 17},
                "Row 17 has price 4,999.",
            ),
            fact(
                "max_card",
                "max",
                ("card_number",),
                {"max": card},
                f"The largest card_number is {card:,} ({card}).",
            ),
            fact(
                "top_category",
                "top_category",
                ("category",),
                {"top_value": "Technology", "share": 40.0},
                "Technology is the most frequent category (40%).",
            ),
            fact(
                "note_quote",
                "text",
                ("notes",),
                {"example": row["notes"]},
                f"A note says: {row['notes']}",
            ),
            fact(
                "email_missing",
                "missing",
                ("contact",),
                {"missing": 0, "share": 0.0},
                "contact has no missing values.",
            ),
            fact(
                "outlier_count",
                "outlier",
                ("price",),
                {"count": 4, "share": 2.7},
                "4 price outliers (2.7%).",
            ),
            fact(
                "top_address",
                "categories",
                ("lieferadresse",),
                {"top1": row["lieferadresse"], "top1_count": 2},
                f"most common: `{row['lieferadresse'][:19]}…` (2).",
            ),  # quoted cut short, as facts do
        ]
    )


def rendered(facts: FactSet) -> str:
    return facts.to_json() + facts._repr_markdown_() + facts._repr_html_()


def leak_list(text: str, corpus: Corpus) -> list[str]:
    return [v for v in corpus.all_values if v in text]


def test_facts_carry_pii_before_protection(facts: FactSet, corpus: Corpus) -> None:
    assert leak_list(rendered(facts), corpus)  # the test would prove nothing otherwise


@pytest.mark.parametrize("mode", PROTECTIVE)
def test_protected_facts_hold_no_raw_pii(
    facts: FactSet, report: PIIReport, corpus: Corpus, mode: str
) -> None:
    out = protect_facts(facts, Scrubber(report, mode))
    assert leak_list(rendered(out), corpus) == []
    assert f"{int(corpus.frame['card_number'].iloc[7]):,}" not in rendered(out)


def test_mask_keeps_numbers_exact_and_every_fact(facts: FactSet, report: PIIReport) -> None:
    out = protect_facts(facts, Scrubber(report, "mask")).by_id()
    assert set(out) == set(facts.by_id())
    assert out["mean_price"].values["mean"] == 123.45
    assert out["price_outlier"].values == {"value": 4999.0, "row": 17}
    assert LABEL.match(str(out["top_customer"].values["top_value"]))
    assert out["top_customer"].values["count"] == 3
    assert LABEL.match(str(out["max_card"].values["max"]))  # a number that *is* a card number
    assert out["top_category"].values["top_value"] == "Technology"


def test_aggregate_drops_row_level_facts(facts: FactSet, report: PIIReport) -> None:
    kept = set(protect_facts(facts, Scrubber(report, "aggregate")).ids())
    assert kept == {"mean_price", "top_category", "email_missing", "outlier_count"}


def test_real_facts_engine_output_is_protected(corpus: Corpus) -> None:
    """PII columns with repeated values make the facts engine quote them: top values, segments."""
    facts_api = pytest.importorskip("jupyter_genanalyst.facts")
    if not hasattr(facts_api, "describe"):
        pytest.skip("facts.describe not available yet")
    rng = np.random.default_rng(0)
    n = 300
    names, emails = corpus.pii["person_name"][:6], corpus.pii["email"][:6]
    df = pd.DataFrame(
        {
            "customer_name": rng.choice(names, n),
            "email": rng.choice(emails, n),
            "sales": np.r_[rng.normal(100, 10, n - 2), [900, 1200]],
            "date": pd.date_range("2023-01-01", periods=n, freq="D"),
        }
    )
    facts = FactSet([*facts_api.describe(df), *getattr(facts_api, "diagnose", lambda _: [])(df)])
    raw = [*names, *emails]
    assert [v for v in raw if v in rendered(facts)]  # the engine does quote them
    report = detect_pii(df)
    for mode in PROTECTIVE:
        protected = protect_facts(facts, Scrubber(report, mode))
        assert [v for v in raw if v in rendered(protected)] == [], mode
    aggregate_ids = protect_facts(facts, Scrubber(report, "aggregate")).ids()
    assert not [i for i in aggregate_ids if "customer_name" in i or "email" in i or "outlier" in i]


def test_off_returns_facts_unchanged(facts: FactSet, report: PIIReport) -> None:
    assert protect_facts(facts, Scrubber(report, "off")) is facts


def test_same_person_same_pseudonym_in_facts_and_rows(
    corpus: Corpus, report: PIIReport, facts: FactSet
) -> None:
    guard = PrivacyGuard(corpus.frame, "mask")
    protected = guard.facts(facts).by_id()
    label = protected["top_customer"].values["top_value"]
    name = corpus.frame["customer_name"].iloc[7]
    assert guard.scrubber.pseudonym(name, "person_name") == label


def test_example_rows_per_mode(corpus: Corpus, report: PIIReport) -> None:
    df = corpus.frame
    assert example_rows(df, Scrubber(report, "aggregate")) is None
    off = example_rows(df, Scrubber(report, "off"), n=3)
    assert off is not None and len(off) == 3 and off.equals(df.loc[off.index])
    masked = example_rows(df, Scrubber(report, "mask"), n=5, random_state=1)
    assert masked is not None and len(masked) == 5
    for col in corpus.pii_columns:
        assert masked[col].map(lambda v: bool(LABEL.match(str(v)))).all(), col
    assert masked["price"].tolist() == df.loc[masked.index, "price"].tolist()  # numbers stay exact


@pytest.mark.parametrize("mode", ["mask", "synthetic"])
@pytest.mark.parametrize("n", [1, 3, 10])
def test_example_rows_hold_no_raw_pii(corpus: Corpus, report: PIIReport, mode: str, n: int) -> None:
    rows = example_rows(corpus.frame, Scrubber(report, mode), n=n, random_state=n)
    assert rows is not None and len(rows) <= n
    text = rows.to_csv() + rows.to_json(date_format="iso") + rows.to_string() + repr(rows)
    assert leak_list(text, corpus) == []


def test_synthetic_rows_copy_no_real_row(corpus: Corpus, report: PIIReport) -> None:
    df = corpus.frame
    rows = example_rows(df, Scrubber(report, "synthetic"), n=10)
    assert rows is not None and len(rows) >= 8
    real = {tuple(map(str, r)) for r in df.itertuples(index=False)}
    assert not any(tuple(map(str, r)) in real for r in rows.itertuples(index=False))
    assert list(rows.columns) == list(df.columns)


def test_example_rows_guard_catches_pii_in_undetected_columns(
    report: PIIReport, corpus: Corpus
) -> None:
    df = corpus.frame[["price", "category"]].copy()
    df["misc"] = corpus.frame["contact"].where(df.index % 3 == 0, "ok")  # too few emails to detect
    small = detect_pii(df)
    rows = example_rows(df, Scrubber(small, "mask"), n=len(df))
    assert rows is not None
    assert leak_list(rows.to_csv(), corpus) == []


def test_examples_of_tiny_and_empty_frames(report: PIIReport) -> None:
    empty = pd.DataFrame({"a": pd.Series([], dtype="int64")})
    r = detect_pii(empty)
    for mode in ("mask", "synthetic", "off"):
        out = example_rows(empty, Scrubber(r, mode))
        assert out is not None and len(out) == 0
