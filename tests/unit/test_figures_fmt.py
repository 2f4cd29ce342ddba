"""Units and formatting follow the axis: tick formats, prefixes and suffixes."""

from __future__ import annotations

import pytest

from jupyter_genanalyst.facts.figures.fmt import AxisFormat
from jupyter_genanalyst.facts.figures.naming import slugify


@pytest.mark.parametrize(
    ("axis", "value", "text", "unit"),
    [
        (AxisFormat(tickformat=".0%"), 0.153, "15%", "ratio"),
        (AxisFormat(tickformat=".1%"), 0.1534, "15.3%", "ratio"),
        (AxisFormat(prefix="$"), 1234.6, "$1,235", "currency"),
        (AxisFormat(tickformat="$,.2f"), 1234.5, "$1,234.50", "currency"),
        (AxisFormat(suffix="%"), 12.3449, "12.34%", "percent"),
        (AxisFormat(tickformat=",.0f"), 1234567.8, "1,234,568", "number"),
        (AxisFormat(), 0.0012345, "0.0012", "number"),
        (AxisFormat(suffix=" 元"), 98765.4, "98,765 元", "number"),
    ],
)
def test_axis_format(axis: AxisFormat, value: float, text: str, unit: str) -> None:
    assert axis.format(value) == text
    assert axis.unit == unit


def test_slug() -> None:
    assert slugify("Revenue (€) by Région!") == "revenue-by-region"
    assert slugify("???", "chart1") == "chart1"
