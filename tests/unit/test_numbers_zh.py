"""Chinese-written numbers are found and checked like English ones."""

from __future__ import annotations

import pytest

from jupyter_genanalyst.facts.types import Fact
from jupyter_genanalyst.i18n import format_date, format_number
from jupyter_genanalyst.narrate.grounding import causal_claims, ground, sentence_spans
from jupyter_genanalyst.narrate.numbers import extract_numbers
from jupyter_genanalyst.narrate.numbers_zh import parse_chinese_integer


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三", 3),
        ("十二", 12),
        ("兩百", 200),
        ("一萬二千", 12_000),
        ("三億", 300_000_000),
        ("二十五", 25),
        ("一百零五", 105),
        ("十", 10),
    ],
)
def test_parses_chinese_integers(text: str, value: int) -> None:
    assert parse_chinese_integer(text) == value


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1.2萬", 12_000, None),
        ("3億", 300_000_000, None),
        ("2,500萬", 25_000_000, None),
        ("百分之十五", 15, "percent"),
        ("百分之12.5", 12.5, "percent"),
        ("１２％", 12, "percent"),
        ("１，２３４", None, None),  # full-width comma is punctuation: read as 1 and 234
        ("兩倍", 2, "multiple"),
        ("2.5倍", 2.5, "multiple"),
        ("3個百分點", 3, "percentage_points"),
        ("十二", 12, None),
        ("新台幣3萬元", 30_000, "currency"),
    ],
)
def test_extracts_chinese_forms(text: str, value: float | None, unit: str | None) -> None:
    numbers = extract_numbers(f"流失率為{text}，比較高")
    if value is None:
        assert [n.value for n in numbers] == [1, 234]
        return
    assert len(numbers) == 1, numbers
    assert numbers[0].value == pytest.approx(value)
    assert numbers[0].unit == unit


def test_digits_glued_to_chinese_are_numbers_and_dates_are_dates() -> None:
    numbers = extract_numbers("台北市共有1500筆訂單，2024年3月1日的營收最高，介於10至200之間")
    assert [(n.text, n.unit) for n in numbers] == [
        ("1500", None),
        ("2024年3月1日", "date"),
        ("10", None),
        ("200", None),
    ]
    assert numbers[1].iso == "2024-03-01"
    assert numbers[2].qualifier == "range" and numbers[2].other_end == 200


@pytest.mark.parametrize(
    "text",
    ["這十分重要", "唯一的百分比", "一些客戶", "進一步分析", "下一個問題", "萬一失敗", "第三名"],
)
def test_chinese_words_that_are_not_numbers(text: str) -> None:
    assert extract_numbers(text) == []


def test_column_names_with_digits_glued_to_chinese_are_not_claims() -> None:
    assert extract_numbers("欄位sales_2023的資料", names=["sales_2023"]) == []


FACT = Fact(
    id="diag.segment",
    kind="diagnostic",
    topic="segment contribution",
    columns=("營收", "地區"),
    values={"total": 123_456.0, "share_pct": 15.2, "n": 3, "period": "2024-03"},
    units={"total": "number", "share_pct": "percent", "n": "count", "period": "date"},
    importance=0.9,
    text="",
    evidence={
        "total": "float(df['營收'].sum())",
        "share_pct": "float(df.groupby('地區')['營收'].sum().max() / df['營收'].sum() * 100)",
        "n": "int(df['地區'].nunique())",
        "period": "'2024-03'",
    },
)


@pytest.mark.parametrize(
    ("sentence", "verified"),
    [
        ("`營收` 總計約 12.35萬。", True),
        ("`營收` 總計 12.3萬。", True),
        ("`營收` 總計 15萬。", False),
        ("占百分之十五。", True),
        ("占百分之二十。", False),
        ("有三個地區。", True),
        ("有五個地區。", False),
        ("在2024年3月達到高峰。", True),
        ("在2023年3月達到高峰。", False),
        ("占１５．２％。", True),
        ("大約 12萬。", True),
    ],
)
def test_chinese_numbers_are_checked_against_facts(sentence: str, verified: bool) -> None:
    grounding, marked = ground(sentence, [FACT], kind="diagnostic")
    assert grounding.numbers
    assert all(n.verified for n in grounding.numbers) is verified, grounding.numbers
    assert ("[unverified]" in marked) is (not verified)


def test_locale_formatting_round_trips_through_the_check() -> None:
    for value in (123_456.0, 98_765_432.0, 3.2e8, 12.5, 1_234.0):
        for language in ("en", "zh-Hant"):
            fact = Fact(
                "f", "descriptive", "x", ("營收",), {"v": value}, {"v": "number"}, 1.0, "",
                evidence={"v": "float(df['營收'].sum())"},
            )  # fmt: skip
            text = f"`營收` 為 {format_number(value, 'number', language)}"
            grounding, _ = ground(text, [fact], kind="descriptive")
            assert [n.verified for n in grounding.numbers] == [True], (text, grounding.numbers)
    assert format_number(123_456, "number", "zh-Hant") == "12.35萬"
    assert format_number(3.2e8, "number", "zh-Hant") == "3.2億"
    assert format_number(0.153, "ratio", "zh-Hant") == "15.3%"
    assert format_date("2024-03-01", "zh-Hant") == "2024年3月1日"
    assert format_date("2024-03", "en") == "March 2024"


def test_chinese_sentences_split_and_causal_wording_is_flagged() -> None:
    text = "付款方式與流失有關。這不代表付款方式造成流失！月費導致流失。"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "付款方式與流失有關。",
        "這不代表付款方式造成流失！",
        "月費導致流失。",
    ]
    assert causal_claims(text) == ("月費導致流失。",)


# --- proportions: 成, 折, 分之 (a number word is verified only when it matches a fact) ------

SHARE = Fact(
    id="desc.churn.contract",
    kind="descriptive",
    topic="segment share",
    columns=("流失", "合約"),
    values={"churn_pct": 43.2, "two_year_pct": 11.0, "ratio": 0.125, "discount_pct": 80.0},
    units={
        "churn_pct": "percent",
        "two_year_pct": "percent",
        "ratio": "ratio",
        "discount_pct": "percent",
    },
    importance=0.9,
    text="",
    evidence={
        "churn_pct": "43.2",
        "two_year_pct": "11.0",
        "ratio": "0.125",
        "discount_pct": "80.0",
    },
)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("三成", 30.0, "percent"),
        ("七成五", 75.0, "percent"),
        ("3成", 30.0, "percent"),
        ("3.5成", 35.0, "percent"),
        ("十成", 100.0, "percent"),
        ("八折", 80.0, "percent"),
        ("八五折", 85.0, "percent"),
        ("8.5折", 85.0, "percent"),
        ("75折", 75.0, "percent"),
        ("百分之四十三", 43.0, "percent"),
        ("四分之一", 0.25, "multiple"),
        ("4分之1", 0.25, "multiple"),
        ("十分之一", 0.1, "multiple"),
        ("千分之五", 0.005, "multiple"),
    ],
)
def test_reads_chinese_proportions(text: str, value: float, unit: str) -> None:
    (number,) = extract_numbers(f"約有{text}的客戶")
    assert number.text == text
    assert number.value == pytest.approx(value)
    assert number.unit == unit


@pytest.mark.parametrize("text", ["一成不變的流程", "過程一波三折", "百折不撓", "成員很多"])
def test_idioms_with_cheng_and_zhe_are_not_proportions(text: str) -> None:
    assert extract_numbers(text) == []


def test_a_member_count_and_depreciation_are_not_proportions() -> None:
    assert [(n.value, n.unit) for n in extract_numbers("有三成員")] == [(3.0, None)]
    assert [(n.value, n.unit) for n in extract_numbers("折舊三年")] == [(3.0, None)]


@pytest.mark.parametrize(
    ("sentence", "verified"),
    [
        # 成: tenths, rounded to the nearest 成 (43.2% is "四成" but not "三成" or "五成")
        ("`流失` 約四成。", True),
        ("`流失` 有4成。", True),
        ("`流失` 有四成三。", True),
        ("`流失` 超過四成。", True),
        ("`流失` 有四成多。", True),
        ("`流失` 約三成。", False),
        ("`流失` 有五成。", False),
        ("`流失` 有四成五。", False),
        ("`流失` 有九成多。", False),
        # 百分之
        ("`流失` 占百分之四十三。", True),
        ("`流失` 占百分之三十四。", False),
        # 分之: the ratio 0.125
        ("`合約` 八分之一。", True),
        ("`合約` 8分之1。", True),
        ("`合約` 四分之一。", False),
        ("`合約` 三分之一。", False),
        # 折: the price paid
        ("`合約` 打八折。", True),
        ("`合約` 打8折。", True),
        ("`合約` 打七折。", False),
        ("`合約` 打九五折。", False),
        # a long-contract share of 11%: 一成 (10%, rounded) matches, 兩成 does not
        ("長約 `合約` 約一成。", True),
        ("長約 `合約` 約兩成。", False),
    ],
)
def test_chinese_proportions_are_checked_against_facts(sentence: str, verified: bool) -> None:
    grounding, marked = ground(sentence, [SHARE], kind="descriptive")
    assert grounding.numbers, sentence
    assert all(n.verified for n in grounding.numbers) is verified, grounding.numbers
    assert ("[unverified]" in marked) is (not verified)


@pytest.mark.parametrize(
    ("value", "unit"), [(25.0, "percent"), (0.25, "ratio"), (25.4, "percent"), (0.249, "ratio")]
)
def test_a_quarter_matches_25_percent_or_the_ratio(value: float, unit: str) -> None:
    fact = Fact(
        id="desc.share.plan",
        kind="descriptive",
        topic="share",
        columns=("方案",),
        values={"share": value},
        units={"share": unit},
        importance=0.5,
        text="",
        evidence={"share": repr(value)},
    )
    for sentence, verified in (
        ("`方案` 占四分之一。", True),
        ("`方案` 占百分之二十五。", True),
        ("`方案` 占五分之一。", False),
        ("`方案` 占一成。", False),
    ):
        grounding, _ = ground(sentence, [fact], kind="descriptive")
        assert all(n.verified for n in grounding.numbers) is verified, (sentence, value)
