"""One set of formatters and one fact factory; the rules every fact obeys live in Fact."""

from __future__ import annotations

import dataclasses
import json
import math
import operator
from typing import Any

import numpy as np
import pandas as pd
import pytest

from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.facts import describe
from jupyter_genanalyst.facts.factory import make
from jupyter_genanalyst.facts.figures.fmt import AxisFormat
from jupyter_genanalyst.facts.format import label, label_value, num, pct, py, signed
from jupyter_genanalyst.facts.types import Fact, FactSet, InvalidFactError


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234567, "1,234,567"),
        (98765.4, "98,765"),
        (12.3449, "12.34"),
        (-1.23456, "-1.23"),
        (3.0, "3"),
        (0.0012345, "0.0012"),
        (0.5, "0.5"),
        (1e-9, "0"),
        (0, "0"),
        (np.int64(42), "42"),
        (True, "true"),
        (float("nan"), "NaN"),
        (float("-inf"), "minus infinity"),
    ],
)
def test_num_is_the_one_number_rule(value: Any, text: str) -> None:
    assert num(value) == text


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (3.14159, num, "+3.14"),
        (-0.42, num, "-0.42"),
        (1e-9, num, "0"),
        (-1e-9, num, "0"),
        (0.0, num, "0"),
        (12.5, pct, "+12.5%"),
        (-50.0, pct, "-50%"),
        (-12.3, AxisFormat(prefix="$").format, "-$12.3"),
        (0.153, AxisFormat(tickformat=".0%").format, "+15%"),
        (0.001, AxisFormat(tickformat=".0%").format, "0%"),
    ],
)
def test_signed_puts_the_sign_before_any_prefix_and_never_on_zero(
    value: float, fmt: Any, text: str
) -> None:
    assert signed(value, fmt) == text


def test_signed_keeps_nan_unsigned() -> None:
    assert signed(float("nan")) == "NaN"


def test_pct_is_a_share_without_sign() -> None:
    assert (pct(12.3449), pct(100.0), pct(0.25)) == ("12.34%", "100%", "0.25%")


def test_py_makes_plain_json_safe_scalars() -> None:
    assert py(np.int64(7)) == 7 and type(py(np.int64(7))) is int
    assert py(np.float32(0.5)) == 0.5 and type(py(np.float32(0.5))) is float
    assert py(np.bool_(True)) is True
    assert py(np.str_("台北市")) == "台北市" and type(py(np.str_("台北市"))) is str
    assert py(pd.Timestamp("2026-11-30")) == "2026-11-30"
    assert py(np.datetime64("2026-11-30T08:30")) == "2026-11-30 08:30:00"
    for missing in (None, pd.NA, pd.NaT, np.nan, float("inf"), np.float64("-inf")):
        assert py(missing) is None
    assert py(("a", 1)) == "('a', 1)"


def test_label_value_keeps_numbers_and_makes_the_rest_text() -> None:
    assert label_value(np.float64(2.0)) == 2.0
    assert label_value(np.int32(3)) == 3
    assert label_value(np.str_("新北市")) == "新北市"
    assert label_value(np.bool_(False)) == "False"
    assert label_value(float("nan")) is None
    assert (label(2.0), label(2.5), label("桃園")) == ("2", "2.5", "桃園")


def _fact(**overrides: Any) -> Fact:
    args: dict[str, Any] = {
        "id": "desc.missing.phone",
        "kind": "descriptive",
        "topic": "missing",
        "columns": ("電話",),
        "values": {"missing": 3, "missing_pct": 1.5},
        "units": {"missing": "count", "missing_pct": "percent"},
        "importance": 0.4,
        "text": "電話 is missing in 3 of 200 rows (1.5%).",
        "evidence": {
            "missing": "int(df['電話'].isna().sum())",
            "missing_pct": "float(df['電話'].isna().mean() * 100)",
        },
    }
    return Fact(**{**args, **overrides})


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"units": {"missing": "count"}}, "no units for ['missing_pct']"),
        ({"units": {"missing": "count", "missing_pct": "percent", "x": "count"}}, "unknown values"),
        ({"units": {"missing": "count", "missing_pct": "per cent"}}, "unknown units"),
        ({"evidence": {"missing": "int(df['電話'].isna().sum())"}}, "no evidence for"),
        (
            {"evidence": {"missing": "int(df['電話'].isna().sum())", "missing_pct": " "}},
            "non-empty",
        ),
        ({"id": "desc.missing phone"}, "the id must be"),
        ({"id": "desc..phone"}, "the id must be"),
        ({"id": "desc.電話"}, "the id must be"),
        ({"id": ""}, "the id must be"),
        ({"kind": "magic"}, "unknown kind"),
        ({"values": {"missing": 3, "missing_pct": float("nan")}}, "must be None"),
        ({"values": {"missing": 3, "missing_pct": float("inf")}}, "must be None"),
        ({"values": {"missing": np.int64(3), "missing_pct": 1.5}}, "not a plain scalar"),
        ({"values": {"missing": [3], "missing_pct": 1.5}}, "not a plain scalar"),
        ({"units": {"missing": "text", "missing_pct": "percent"}}, "does not fit its unit 'text'"),
        ({"values": {"missing": 3, "missing_pct": "1.5"}}, "does not fit its unit 'percent'"),
        ({"values": {"missing": True, "missing_pct": 1.5}}, "does not fit its unit 'count'"),
        (
            {"units": {"missing": "count", "missing_pct": "date"}},
            "does not fit its unit 'date'",
        ),
        ({"importance": 1.5}, "importance"),
        ({"importance": float("nan")}, "importance"),
        ({"sample_size": -1}, "sample_size"),
    ],
)
def test_fact_rejects_what_breaks_a_rule(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidFactError, match=r"fact .*: .*") as info:
        _fact(**overrides)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, GenAnalystError)


def test_no_path_skips_the_rules() -> None:
    good = _fact()
    with pytest.raises(InvalidFactError, match="no evidence"):
        dataclasses.replace(good, evidence={})
    data = good.to_dict()
    data["units"] = {"missing": "count"}
    with pytest.raises(InvalidFactError, match="no units"):
        Fact.from_dict(data)


def test_valid_facts_pass_including_masked_ids_and_missing_values() -> None:
    fact = _fact(
        id="desc.top.<person_name_1>",
        values={"missing": 3, "missing_pct": None},
    )
    assert fact.values["missing_pct"] is None
    assert Fact.from_dict(fact.to_dict()) == fact


def test_factset_ids_are_unique() -> None:
    a = _fact()
    b = _fact(id="desc.missing.address", importance=0.9)
    assert FactSet([a, b]).ids() == ["desc.missing.address", "desc.missing.phone"]
    with pytest.raises(InvalidFactError, match=r"share the id\(s\) \['desc.missing.phone'\]"):
        FactSet([a, b, a])
    with pytest.raises(InvalidFactError, match="share"):
        operator.add(FactSet([a]), [a])


def test_factory_makes_plain_values_and_clamps_importance() -> None:
    fact = make(
        "desc.dates.col_3",
        "descriptive",
        "dates",
        np.array(["訂單日期"]),
        {"first": pd.Timestamp("2026-01-05"), "span": np.float64(30.0), "skew": np.nan},
        {"first": "date", "span": "duration", "skew": "number"},
        7.0,
        "訂單日期 runs from 2026-01-05 for 30 days.",
        {"first": "ga.iso(df['訂單日期'].min())", "span": "30.0", "skew": "float('nan')"},
        sample_size=np.int64(12),  # type: ignore[arg-type]
    )
    assert fact.values == {"first": "2026-01-05", "span": 30.0, "skew": None}
    assert type(fact.values["span"]) is float and type(fact.sample_size) is int
    assert fact.importance == 1.0 and fact.columns == ("訂單日期",)
    assert math.isclose(make(**{**_kwargs(fact), "importance": -3}).importance, 0.0)
    with pytest.raises(InvalidFactError, match="no units for"):
        make(**{**_kwargs(fact), "units": {"first": "date"}})


def _kwargs(fact: Fact) -> dict[str, Any]:
    return {
        "id": fact.id,
        "kind": fact.kind,
        "topic": fact.topic,
        "columns": fact.columns,
        "values": fact.values,
        "units": fact.units,
        "importance": fact.importance,
        "text": fact.text,
        "evidence": fact.evidence,
    }


def test_undefined_statistics_are_none_and_facts_are_strict_json() -> None:
    """Two values have no skew and a column holding inf has no finite mean: None, not NaN."""
    df = pd.DataFrame(
        {
            "單價": [120.0, np.inf, 95.5, 88.0],
            "折扣": [0.1, np.nan, np.nan, 0.3],
            "門市": ["台北信義", "新北板橋", "台北信義", "高雄左營"],
        }
    )
    facts = describe(df)
    price, discount = facts.by_id()["desc.dist.col"], facts.by_id()["desc.dist.col_1"]
    assert price.values["mean"] is None and "infinity" in price.text
    assert discount.values["skew"] is None and "skew NaN" in discount.text
    strict = json.dumps([f.to_dict() for f in facts], allow_nan=False, ensure_ascii=False)
    assert [f.to_dict() for f in FactSet.from_json(strict)] == json.loads(strict)
