"""Decide whether one written number is backed by a fact value.

Why these rules: an honest narrator rounds ("15.347" → "15.3%"), changes scale
("1,234,567" → "1.2 million"), converts units (ratio 0.153 → "15.3%") and drops signs
("fell 12%" for a change of -12). A hallucinating one invents values or derives new ones
(sums, differences). So a number is verified only when it *is* a fact value up to honest
rounding and unit conversion — never when it could merely be computed from fact values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from jupyter_genanalyst.facts.types import Fact
from jupyter_genanalyst.narrate.numbers import (
    CURRENCY,
    DATE,
    MULTIPLE,
    ORDINAL,
    PERCENT,
    POINTS,
    ExtractedNumber,
    extract_numbers,
)

_ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True)
class Candidate:
    """One value a fact asserts, with the unit the facts layer gave it."""

    fact_id: str
    name: str
    value: float | None  # numeric reading
    unit: str
    date: str | None = None  # ISO-ish text for date values ("2024-03-01", "2024-03")


def candidates(facts: Iterable[Fact]) -> list[Candidate]:
    """Flatten facts into matchable values (numeric values, dates, sample sizes)."""
    out: list[Candidate] = []
    for fact in facts:
        numeric = fact.numeric_values()
        for name, value in fact.values.items():
            unit = str(fact.units.get(name, "number"))
            if name in numeric:
                out.append(Candidate(fact.id, name, numeric[name], unit))
            elif isinstance(value, str) and _ISO_PREFIX.match(value.strip()):
                out.append(Candidate(fact.id, name, None, "date", value.strip()))
        if fact.sample_size is not None:
            out.append(Candidate(fact.id, "sample_size", float(fact.sample_size), "count"))
        out.extend(_text_candidates(fact))
    return out


_TEXT_UNITS = {
    PERCENT: "percent",
    POINTS: "percent",
    CURRENCY: "currency",
    MULTIPLE: "number",
    ORDINAL: "count",
    None: "number",
}


@lru_cache(maxsize=4096)
def _stated(text: str, names: tuple[str, ...]) -> tuple[ExtractedNumber, ...]:
    """Fact sentences are re-read for every narrative checked: parse each once."""
    return tuple(extract_numbers(text, names))


def _text_candidates(fact: Fact) -> list[Candidate]:
    """Numbers the fact's own sentence and caveats state ("72 of 500 rows", "1.5·IQR").

    The sentence is written by the facts layer from computed values, so repeating one of
    its numbers is grounded even when the number is not a named value (a denominator, a
    method constant). Reported with ``value_name="text"``.
    """
    out = []
    for n in _stated(" ".join((fact.text, *fact.caveats)), (fact.id, *fact.columns)):
        if n.unit == DATE:
            out.append(Candidate(fact.id, "text", None, "date", n.iso))
            if n.iso and len(n.iso) == 4:
                out.append(Candidate(fact.id, "text", n.value, "number"))
        else:
            out.append(Candidate(fact.id, "text", n.value, _TEXT_UNITS.get(n.unit, "number")))
    return out


def tolerance(number: ExtractedNumber) -> float:
    """Half a unit of the last written digit, at the written scale.

    An integer written with trailing zeros is read at its significant figures
    ("1,230,000" ± 5,000) — but never below 2 of them, so "20" does not mean "about 15".
    """
    tol = 0.5 * 10.0 ** (-number.decimals) * number.scale
    if number.value:
        digits = math.floor(math.log10(abs(number.value))) + 1
        if number.sig_figs is not None:
            tol = max(tol, 0.5 * 10.0 ** (digits - number.sig_figs))
        if number.scale != 1.0:
            # "1 million" for 1,234,567 is over-rounding: keep two significant figures.
            tol = min(tol, 0.5 * 10.0 ** (digits - 2))
    return tol * (1 + 1e-9) + 1e-12


def _round_sig(value: float, figures: int) -> float:
    if value == 0:
        return 0.0
    return round(value, figures - 1 - math.floor(math.log10(abs(value))))


def _close(written: float, value: float, number: ExtractedNumber) -> bool:
    """Equal up to honest rounding, sign dropped unless a minus sign was written."""
    if number.negative or number.positive:
        if (number.negative and value > 0) or (number.positive and value < 0):
            return False  # the written sign is a claim about direction
    else:
        value, written = abs(value), abs(written)
    tol = tolerance(number)
    if abs(written - value) <= tol:
        return True
    if any(math.isclose(_round_sig(value, k), written, rel_tol=1e-9) for k in (2, 3)):
        return True
    return _bounded(written, value, number)


def _bounded(written: float, value: float, number: ExtractedNumber) -> bool:
    """ "about 1,200", "more than half", "nearly 40%", "less than 1%" — a tight bound."""
    qualifier = number.qualifier
    if qualifier == "range" and number.other_end is not None:
        other = abs(number.other_end) if not number.negative else number.other_end
        return min(written, other) <= value <= max(written, other)
    if qualifier == "approx":
        return abs(written - value) <= 0.05 * abs(written)
    if qualifier == "below":
        return 0.9 * written <= value <= written
    if qualifier == "gt":
        return written < value <= 1.5 * written
    if qualifier == "lt":
        return written / 10 <= value < written
    return False


def _readings(number: ExtractedNumber, cand: Candidate) -> Iterator[float]:
    """The candidate's value expressed the way the number was written (unit conversion)."""
    v = cand.value
    if v is None:
        return
    unit = number.unit
    if unit in (PERCENT, POINTS):
        if cand.unit in ("percent", "number"):
            yield v
        elif cand.unit == "ratio":
            yield v * 100
    elif unit == CURRENCY:
        if cand.unit in ("currency", "number"):
            yield v
    elif unit == MULTIPLE:
        if cand.unit in ("number", "ratio"):
            yield v
    elif unit == DATE:
        if cand.unit not in ("percent", "ratio"):
            yield v
    elif number.is_word or unit == ORDINAL:  # "four columns", "3rd": whole counts, exactly
        if cand.unit not in ("percent", "ratio") and float(v).is_integer():
            yield v
    else:
        # A bare integer is not a percent ("15 columns" ≠ 15.28%); a bare decimal may be,
        # and a percent value also reads as a fraction (15.3 ↔ "0.153").
        if cand.unit not in ("percent", "ratio") or number.decimals > 0:
            yield v
        if cand.unit == "percent":
            yield v / 100


def _date_matches(number: ExtractedNumber, cand: Candidate) -> bool:
    """ "March 2024" backs a date value 2024-03-17; "Q1 2024" any date in Jan–Mar 2024."""
    iso = number.iso or ""
    if cand.date is None:
        return False
    m = _ISO_PREFIX.match(cand.date)
    if m is None:
        return False
    if "Q" in iso:
        year, quarter = iso.split("-Q")
        month = int(m.group(2) or 0)
        return m.group(1) == year and month > 0 and (month - 1) // 3 + 1 == int(quarter)
    return cand.date.startswith(iso)


def match(
    number: ExtractedNumber, pool: list[Candidate], columns: Mapping[str, str] | None = None
) -> Candidate | None:
    """The first candidate that backs ``number``, or ``None``.

    ``columns`` maps column names to the id of a fact about them: a year written in the
    narrative is backed when it is part of a column's name ("sales_2023").
    """
    if number.unit == DATE:
        for cand in pool:
            if _date_matches(number, cand):
                return cand
        if not (number.iso and len(number.iso) == 4):
            return None  # a full date is never a plain number
        for column, fact_id in (columns or {}).items():
            if number.iso in column:
                return Candidate(fact_id, f"column:{column}", None, "date")
    for cand in pool:
        for reading in _readings(number, cand):
            if _close(number.value, reading, number):
                return cand
        if number.unit in (MULTIPLE, None) and cand.value is not None:
            for alt in number.alternatives:
                # The alternative reading ("half" = 50%) inherits the relative precision.
                tol = tolerance(number) * abs(alt / number.value) if number.value else 0.0
                if cand.unit in ("percent", "number") and abs(abs(cand.value) - alt) <= tol:
                    return cand
    return None
