"""The record of one written number and its unit names, shared by the English and the
Chinese readers (:mod:`.numbers`, :mod:`.numbers_zh`) without an import cycle."""

from __future__ import annotations

from dataclasses import dataclass

MINUS_SIGNS = "-−‒–"  # hyphen-minus, unicode minus, figure dash, en dash (sign only when leading)

# Units an extracted number can carry (``None`` = bare number).
PERCENT = "percent"
POINTS = "percentage_points"
CURRENCY = "currency"
MULTIPLE = "multiple"
DATE = "date"
ORDINAL = "ordinal"


@dataclass(frozen=True)
class ExtractedNumber:
    """One number as written in a narrative.

    ``value`` is in natural units (``"1.2 million"`` → 1_200_000, ``"15.3%"`` → 15.3).
    ``alternatives`` are other honest readings of the same words (``"doubled"`` also
    means a +100% change). ``decimals`` counts written decimals at the written ``scale``
    (``"1.2 million"``: 1 decimal, scale 1e6), ``sig_figs`` the significant digits of a
    written integer (``"1,230,000"``: 3) — together they give the rounding tolerance.
    ``iso`` is set for dates: ``"2024-03-01"``, ``"2024-03"``, ``"2024-Q1"`` or ``"2024"``.
    """

    text: str
    start: int
    end: int
    value: float
    unit: str | None
    alternatives: tuple[float, ...] = ()
    decimals: int = 0
    scale: float = 1.0
    sig_figs: int | None = None
    negative: bool = False
    iso: str | None = None
    is_word: bool = False
    qualifier: str | None = None  # "approx", "gt", "lt", "below" (nearly/almost), "range"
    positive: bool = False  # an explicit "+": a claim about direction
    other_end: float | None = None  # for a range end: the value at the other end
