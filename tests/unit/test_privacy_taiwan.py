"""Taiwanese and Chinese PII: checksums, formats, and zero leaks from every place (cells,
free text, column names, index, category levels) in every privacy mode."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.privacy import (
    PrivacyGuard,
    Scrubber,
    detect_pii,
    example_rows,
    protect_facts,
)
from jupyter_genanalyst.privacy.labels import scrub_fact_labels, scrub_frame_labels
from jupyter_genanalyst.privacy.taiwan import (
    is_chinese_name,
    is_tw_business_number,
    is_tw_id,
    is_tw_national_id,
    is_tw_old_arc,
    is_tw_phone,
)
from tests.pii_corpus import TaiwanCorpus, make_taiwan_corpus

MODES = ("mask", "aggregate", "synthetic")


@pytest.fixture(scope="module")
def tw() -> TaiwanCorpus:
    return make_taiwan_corpus()


def test_corpus_is_large_and_valid(tw: TaiwanCorpus) -> None:
    assert len(tw.all_values) + len(tw.free_text) >= 300
    assert all(is_tw_national_id(v) for v in tw.values["national_id"])
    assert all(is_tw_old_arc(v) for v in tw.values["resident_arc"])
    assert all(is_tw_business_number(v) for v in tw.values["business_id"])
    assert all(is_tw_phone(v) for v in tw.values["mobile"] + tw.values["landline"])
    assert all(is_chinese_name(v) for v in tw.values["person_name"])


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("A123456789", True),
        ("a123456789", True),
        ("A123456788", False),  # wrong check digit
        ("A323456789", False),  # second digit must be 1/2 (or 8/9)
        ("A800000014", True),  # 2021 resident certificate form
        ("A900000016", True),
        ("A900000017", False),
        ("AB12345678", False),
    ],
)
def test_national_id_checksum(value: str, valid: bool) -> None:
    assert is_tw_national_id(value) is valid


def test_old_resident_certificate_checksum() -> None:
    assert is_tw_old_arc("AC01234567")
    assert not is_tw_old_arc("AC01234568")
    assert is_tw_id("AC01234567") and is_tw_id("A123456789")


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("04595257", True),
        ("10458575", True),  # 7th digit 7: 28 counts as 1 or 0
        ("10458574", True),
        ("10458570", True),
        ("04595258", False),
        ("1234567", False),
        ("1234567a", False),
    ],
)
def test_business_number_checksum(value: str, valid: bool) -> None:
    assert is_tw_business_number(value) is valid


@pytest.mark.parametrize(
    "value",
    [
        "0912-345-678",
        "0912345678",
        "+886 912 345 678",
        "+886-912-345-678",
        "(02) 2345-6789",
        "02-23456789",
        "+886 2 2345 6789",
        "(049) 223-4567",
        "07-123-4567",
    ],
)
def test_taiwanese_phone_forms(value: str) -> None:
    assert is_tw_phone(value)


@pytest.mark.parametrize("value", ["2024-05-06", "12345678", "0912-345", "1.912345678"])
def test_not_phones(value: str) -> None:
    assert not is_tw_phone(value)


def test_names_need_a_surname_and_no_thing_ending() -> None:
    assert is_chinese_name("陳小明") and is_chinese_name("歐陽娜娜") and is_chinese_name("王明")
    assert not is_chinese_name("台北市") and not is_chinese_name("營業額")
    assert not is_chinese_name("一般") and not is_chinese_name("陳")


def test_the_issue_example_is_fully_masked_even_without_the_data() -> None:
    text = "陳小明 A123456789 台北市信義區信義路五段7號"
    empty = detect_pii(pd.DataFrame({"x": [1, 2, 3]}))
    out = Scrubber(empty, "mask").scrub(text)
    assert out == "<person_name_1> <national_id_1> <address_1>"


def test_names_in_context_in_free_text() -> None:
    scrubber = Scrubber(detect_pii(pd.DataFrame({"x": [1]})), "mask")
    out = scrubber.scrub("請聯絡王大明先生，聯絡人：林美玲；謝謝陳小姐。統一編號：04595257")
    assert "王大明" not in out and "林美玲" not in out and "04595257" not in out
    assert "謝謝" in out  # an ordinary word next to a title survives


def test_cell_columns_are_detected_by_kind(tw: TaiwanCorpus) -> None:
    report = detect_pii(tw.cells)
    kinds = {c: info.kind for c, info in report.columns.items()}
    assert kinds == {
        "身分證字號": "national_id",
        "居留證號": "national_id",
        "統一編號": "business_id",
        "手機": "phone",
        "聯絡電話": "phone",
        "客戶姓名": "person_name",
        "通訊地址": "address",
    }


def test_chinese_free_text_column_is_scanned(tw: TaiwanCorpus) -> None:
    report = detect_pii(tw.free_text)
    info = report.columns["備註"]
    assert info.free_text and {"person_name", "phone", "address"} <= set(info.kinds)
    sentences = " ".join(tw.free_text["備註"])
    found = [v for v in tw.all_values if v in sentences and v in report.values]
    assert len(found) >= 0.9 * len([v for v in tw.all_values if v in sentences])


def test_labels_are_reported_without_their_values(tw: TaiwanCorpus) -> None:
    report = detect_pii(tw.labels)
    assert any(p.startswith("column name") for p in report.labels)
    assert any(p.startswith("index level 0: person_name") for p in report.labels)
    assert any(p.startswith("categories of column") for p in report.labels)
    assert not any(v in repr(report) or v in " ".join(report.labels) for v in tw.label_values)
    assert set(tw.label_values) <= report.values


def _leaks(text: str, values: list[str]) -> list[str]:
    return [v for v in values if v in text]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("place", ["cells", "free_text", "labels"])
def test_nothing_survives_scrubbing(tw: TaiwanCorpus, mode: str, place: str) -> None:
    frame: pd.DataFrame = getattr(tw, place)
    report = detect_pii(frame)
    planted = tw.label_values if place == "labels" else tw.all_values
    if place == "free_text":
        planted = [v for v in tw.all_values if any(v in t for t in frame["備註"])]
    text = "\n".join(
        [*map(str, frame.columns), *map(str, frame.index), frame.to_csv(index=True)]
        + [
            str(c)
            for c in frame.select_dtypes("category").iloc[:, :1].squeeze(axis=1).cat.categories
        ]
        if place == "labels"
        else [frame.to_csv(index=False)]
    )
    scrubbed = Scrubber(report, mode).scrub(text)
    assert len(planted) >= 17
    assert _leaks(scrubbed, planted) == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("place", ["cells", "free_text", "labels"])
def test_nothing_survives_in_example_rows(tw: TaiwanCorpus, mode: str, place: str) -> None:
    frame: pd.DataFrame = getattr(tw, place)
    scrubber = Scrubber(detect_pii(frame), mode)
    rows = example_rows(frame, scrubber, n=len(frame))
    if rows is None:
        assert mode == "aggregate"
        return
    rows = scrub_frame_labels(rows, scrubber)
    shown = rows.to_csv(index=True) + " ".join(map(str, rows.columns))
    assert _leaks(shown, tw.all_values) == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("place", ["cells", "free_text", "labels"])
def test_nothing_survives_in_protected_facts(tw: TaiwanCorpus, mode: str, place: str) -> None:
    frame: pd.DataFrame = getattr(tw, place)
    report = detect_pii(frame)
    scrubber = Scrubber(report, mode)
    facts = scrub_fact_labels(protect_facts(ga.describe(frame), scrubber), scrubber)
    assert _leaks(facts.to_json(), tw.all_values) == []


@pytest.mark.parametrize("mode", ["mask", "aggregate", "synthetic"])
def test_the_guard_scrubs_labels_in_facts_and_rows(tw: TaiwanCorpus, mode: str) -> None:
    guard = PrivacyGuard(tw.labels, mode)
    shown = guard.facts(ga.describe(tw.labels)).to_json() + (guard.example_rows_csv() or "")
    assert _leaks(shown, tw.label_values) == []


def test_frame_labels_keep_data_and_shape(tw: TaiwanCorpus) -> None:
    report = detect_pii(tw.labels)
    out = scrub_frame_labels(tw.labels, Scrubber(report, "mask"))
    assert out.shape == tw.labels.shape
    assert out.iloc[:, 0].tolist() == tw.labels.iloc[:, 0].tolist()
    assert all(str(c).startswith("<") for c in out.columns[:3])
    assert scrub_frame_labels(tw.labels, Scrubber(report, "off")) is tw.labels


def test_ordinary_chinese_business_data_is_not_pii() -> None:
    """Precision: regions, products, tiers, cities, amounts, order numbers, shop names and
    a remark stay untouched, in the report and in scrubbed text."""
    r = np.random.default_rng(0)
    n = 200
    df = pd.DataFrame(
        {
            "地區": r.choice(["北部", "中部", "南部", "東部"], n),
            "產品": r.choice(["咖啡", "紅茶", "綠茶", "奶茶", "蛋糕"], n),
            "會員等級": r.choice(["金卡", "銀卡", "一般"], n),
            "城市": r.choice(["台北市", "高雄市", "台中市", "新竹縣"], n),
            "營收": r.normal(1000, 100, n).round(2),
            "訂單編號": [f"{20240000 + i}" for i in range(n)],
            "金額": r.integers(10_000_000, 99_999_999, n).astype(str),
            "門市": r.choice(["信義店", "林口店", "高雄店", "王府井店"], n),
            "說明": ["本月營收成長，主要來自北部門市與新品上市的貢獻"] * n,
        }
    )
    report = detect_pii(df)
    assert dict(report.columns) == {} and report.labels == ()
    text = (
        "北部營收成長 12.5%，林口店表現最好；王經理說明新品上市。"
        "黃金週在台北市舉行，共 20240105 筆訂單。"
    )
    assert Scrubber(report, "mask").scrub(text) == text
