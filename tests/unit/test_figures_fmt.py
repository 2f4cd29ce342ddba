"""Units and formatting follow the axis: tick formats, prefixes and suffixes."""

from __future__ import annotations

import pytest

from jupyter_genanalyst.facts.figures.fmt import AxisFormat, sig3
from jupyter_genanalyst.facts.figures.naming import slugify


@pytest.mark.parametrize(
    ("axis", "value", "text", "unit"),
    [
        (AxisFormat(tickformat=".0%"), 0.153, "15%", "ratio"),
        (AxisFormat(tickformat=".1%"), 0.1534, "15.3%", "ratio"),
        (AxisFormat(prefix="$"), 1234.5, "$1,230", "currency"),
        (AxisFormat(tickformat="$,.2f"), 1234.5, "$1,234.50", "currency"),
        (AxisFormat(suffix="%"), 12.345, "12.3%", "percent"),
        (AxisFormat(tickformat=",.0f"), 1234567.8, "1,234,568", "number"),
        (AxisFormat(), 0.0012345, "0.00123", "number"),
    ],
)
def test_axis_format(axis: AxisFormat, value: float, text: str, unit: str) -> None:
    assert axis.format(value) == text
    assert axis.unit == unit


def test_sig3_and_slug() -> None:
    assert (sig3(98765), sig3(-1.23456), sig3(0)) == ("98,800", "-1.23", "0")
    assert slugify("Revenue (€) by Région!") == "revenue-by-region"
    assert slugify("???", "chart1") == "chart1"
