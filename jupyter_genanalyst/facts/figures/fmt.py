"""Number formatting and units taken from the axis a value is drawn against.

The template sentence should read like the chart does: if the axis says ``tickformat='.0%'``
the value 0.153 is shown as "15%" and tagged unit ``"ratio"``; a ``tickprefix='$'`` makes
it ``"currency"``. Otherwise numbers are written as every fact writes them
(:func:`jupyter_genanalyst.facts.format.num`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from jupyter_genanalyst.facts.format import num
from jupyter_genanalyst.facts.types import Unit

_D3 = re.compile(r"^(?P<cur>\$)?(?P<comma>,)?(?:\.(?P<prec>\d+))?(?P<trim>~)?(?P<type>[fd%])?$")
_CURRENCY = ("$", "€", "£", "¥", "₹", "CHF", "USD", "EUR", "GBP")


@dataclass(frozen=True)
class AxisFormat:
    """How one axis displays its numbers (title, tick format, prefix, suffix)."""

    title: str = ""
    tickformat: str = ""
    prefix: str = ""
    suffix: str = ""

    @property
    def unit(self) -> Unit:
        """The :data:`Unit` of values read off this axis."""
        if self.tickformat.endswith("%"):
            return "ratio"  # d3 '%' multiplies by 100: the data are ratios
        if self.suffix.strip() == "%":
            return "percent"
        if self.tickformat.startswith("$") or self.prefix.strip() in _CURRENCY:
            return "currency"
        if self.suffix.strip() in _CURRENCY:
            return "currency"
        return "number"

    def format(self, value: float) -> str:
        """``value`` as the axis would label it (or as :func:`num` writes it)."""
        if value is None or not math.isfinite(value):
            return str(value)
        match = _D3.match(self.tickformat) if self.tickformat else None
        if match and (match["prec"] is not None or match["type"]):
            text = _d3(value, match)
        else:
            text = num(value)
        return f"{self.prefix}{text}{self.suffix}"


def _d3(value: float, m: re.Match[str]) -> str:
    kind = m["type"] or "f"
    prec = int(m["prec"]) if m["prec"] is not None else (0 if kind in "d%" else 6)
    comma = "," if m["comma"] else ""
    if kind == "%":
        text = f"{value * 100:{comma}.{prec}f}%"
    elif kind == "d":
        text = f"{round(value):{comma}d}"
    else:
        text = f"{value:{comma}.{prec}f}"
    if m["trim"] and "." in text:
        body, pct = (text[:-1], "%") if text.endswith("%") else (text, "")
        text = body.rstrip("0").rstrip(".") + pct
    return ("$" + text) if m["cur"] else text


def axis_format(layout: Any, axis_ref: str | None) -> AxisFormat:
    """Read the :class:`AxisFormat` of ``x``/``y2``… from a figure layout (empty if absent)."""
    if not axis_ref:
        return AxisFormat()
    key = axis_ref[0] + "axis" + axis_ref[1:]
    try:
        axis = layout[key]
    except (KeyError, ValueError):
        return AxisFormat()
    title = axis.title.text if axis.title is not None and axis.title.text else ""
    return AxisFormat(
        title=str(title),
        tickformat=str(axis.tickformat or ""),
        prefix=str(axis.tickprefix or ""),
        suffix=str(axis.ticksuffix or ""),
    )
