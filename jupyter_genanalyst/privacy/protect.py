"""Make facts and example rows safe to put into an LLM prompt, per privacy mode.

Numbers stay exact (the grounding check compares the narrative with them) unless the
number *is* a PII value (a card or phone number stored as an integer). In ``aggregate``
mode any fact that carries a row-level value is dropped rather than masked: a masked
outlier row still says "this one person exists and earns 412,000".
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import pandas as pd

from ..errors import GenAnalystError
from ..facts.synthetic import synthesize
from ..facts.types import Fact, FactSet, Value
from .detect import PIIReport, name_tokens
from .mask import Scrubber

ROW_LEVEL_TOPICS = frozenset(
    [
        "example",
        "examples",
        "sample",
        "samples",
        "row",
        "rows",
        "record",
        "records",
        "outlier",
        "outliers",
        "extreme",
        "extremes",
        "head",
        "tail",
        "duplicate",
        "duplicates",
        "instance",
        "instances",
        "individual",
    ]
)
ROW_LEVEL_VALUES = frozenset(
    [
        "example",
        "row",
        "index",
        "idx",
        "record",
        "sample",
        "first",
        "last",
        "top",
        "mode",
        "argmax",
        "argmin",
        "idxmax",
        "idxmin",
        "value",
        "values",
        "label",
        "who",
        "which",
    ]
)


def _pii_number(value: Value, report: PIIReport) -> str | None:
    """The string form of a numeric fact value that is itself a recorded PII value."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and (not math.isfinite(value) or value % 1):
        return None
    text = str(int(value))
    return text if len(text) >= 6 and text in report.values else None


def _shortened(text: str, raw: str, label: str) -> str:
    """Replace ``raw`` also where fact text quotes it cleaned or cut ("john.smith@exa…")."""
    for variant in dict.fromkeys((raw, raw.replace("`", "'").replace("\n", " "))):
        text = text.replace(variant, label)
        start = text.find("…")
        while start != -1:
            for length in range(min(len(variant), start), 7, -1):
                if text[start - length : start] == variant[:length]:
                    text = text[: start - length] + label + text[start + 1 :]
                    start -= length
                    break
            start = text.find("…", start + 1)
    return text


def _mask_fact(fact: Fact, scrubber: Scrubber) -> Fact:
    report = scrubber.report
    replaced: dict[str, str] = {}  # raw text -> pseudonym, for the text fields
    values: dict[str, Value] = {}
    units = dict(fact.units)
    for name, value in fact.values.items():
        raw = _pii_number(value, report)
        if raw is not None:
            values[name] = replaced[raw] = scrubber.pseudonym(raw, report.kind_of(raw) or "number")
            replaced[f"{int(raw):,}"] = replaced[raw]
            units[name] = "text"
        elif isinstance(value, str):
            values[name] = scrubber.scrub(value)
            if values[name] != value and value.strip() in report.values:
                replaced[value] = str(values[name])
        else:
            values[name] = value

    def clean(text: str) -> str:
        for raw, label in sorted(replaced.items(), key=lambda kv: -len(kv[0])):
            text = _shortened(text, raw, label)
        return scrubber.scrub(text)

    return dataclasses.replace(
        fact,
        id=clean(fact.id),
        topic=clean(fact.topic),
        values=values,
        units=units,
        text=clean(fact.text),
        evidence={k: clean(v) for k, v in fact.evidence.items()},
        caveats=tuple(clean(c) for c in fact.caveats),
    )


def _is_row_level(fact: Fact, report: PIIReport, scrubber: Scrubber) -> bool:
    """Does the fact carry a value of an individual row (an example, an outlier, an id)?"""
    sensitive = set(report.columns) | set(report.id_columns)
    column_names = {str(c) for c in fact.columns}
    strings = [v for v in fact.values.values() if isinstance(v, str) and v not in column_names]
    if column_names & sensitive and strings:
        return True  # top category / example / mode value of a PII or id column
    if any(_pii_number(v, report) for v in fact.values.values()):
        return True
    if any(scrubber.scrub(s) != s for s in strings):
        return True
    if name_tokens(f"{fact.topic} {fact.id}") & ROW_LEVEL_TOPICS:
        names = set().union(*(name_tokens(n) for n in fact.values)) if fact.values else set()
        return bool(strings) or bool(names & ROW_LEVEL_VALUES)
    return False


def protect_facts(facts: FactSet, scrubber: Scrubber) -> FactSet:
    """Facts safe for a prompt under the scrubber's mode (``off`` returns them unchanged).

    The scrubber is the request's one scrubber (see :class:`~.guard.PrivacyGuard`), so a
    person has the same pseudonym here as in the question and the example rows.
    """
    mode, report = scrubber.mode, scrubber.report
    if mode == "off":
        return facts
    kept = [f for f in facts if not (mode == "aggregate" and _is_row_level(f, report, scrubber))]
    return FactSet(_mask_fact(f, scrubber) for f in kept)


# ------------------------------------------------------------------ example rows
def _is_text_column(series: pd.Series) -> bool:
    return bool(
        pd.api.types.is_object_dtype(series.dtype)
        or pd.api.types.is_string_dtype(series.dtype)
        or isinstance(series.dtype, pd.CategoricalDtype)
    )


def _mask_frame(frame: pd.DataFrame, scrubber: Scrubber) -> pd.DataFrame:
    """Pseudonymise PII columns wholesale and scrub every other text cell, then guard."""
    report = scrubber.report
    out = frame.copy()
    out.index = pd.RangeIndex(len(out)) if _is_text_column(out.index.to_series()) else out.index
    for position, label in enumerate(out.columns):
        series = out.iloc[:, position]
        info = report.columns.get(str(label))
        masked: list[Any]
        if info is not None and not info.free_text:
            masked = [
                v if _missing(v) else scrubber.pseudonym(_cell_text(v), info.kind) for v in series
            ]
        elif info is not None or _is_text_column(series):
            masked = [
                v if _missing(v) or not isinstance(v, str) else scrubber.scrub(v) for v in series
            ]
            masked = [
                scrubber.scrub(str(v)) if not (_missing(v) or isinstance(v, str)) else v
                for v in masked
            ]
        else:
            continue
        out.isetitem(position, _object_array(masked))
    return _guard(out, scrubber)


def _object_array(values: list[Any]) -> np.ndarray:
    """A 1-D object array even when cells are lists (np.array would make it 2-D)."""
    out = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        out[i] = value
    return out


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # arrays and other containers
        return False


def _cell_text(value: Any) -> str:
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _guard(frame: pd.DataFrame, scrubber: Scrubber) -> pd.DataFrame:
    """Last line of defence: no cell may equal a recorded raw PII value."""
    values = scrubber.report.values
    if not values or frame.empty:
        return frame
    as_text = frame.astype(str).apply(lambda col: col.str.strip())
    hits = as_text.isin(values)
    if bool(hits.to_numpy().any()):
        frame = frame.astype(object)
        for r, c in zip(*np.nonzero(hits.to_numpy()), strict=True):
            raw = as_text.iat[r, c]
            frame.iat[r, c] = scrubber.pseudonym(raw, scrubber.report.kind_of(raw) or "text")
    return frame


def _synthetic(df: pd.DataFrame, n: int, random_state: int, scrubber: Scrubber) -> pd.DataFrame:
    try:
        frame = synthesize(df, n, random_state=random_state).frame.reset_index(drop=True)
    except GenAnalystError:  # a frame it cannot model: no example rows rather than real ones
        return df.iloc[:0]
    # High-cardinality text copies real strings even when sampled independently.
    for position in range(frame.shape[1]):
        source = df.iloc[:, position] if position < df.shape[1] else None
        if source is not None and _is_text_column(source):
            distinct = source.dropna().astype(str).nunique()  # str: cells may be unhashable
            if distinct > 20 and distinct > 0.5 * source.notna().sum():
                col = frame.iloc[:, position]
                frame.isetitem(
                    position,
                    [v if _missing(v) else scrubber.pseudonym(str(v), "text") for v in col],
                )
    return _drop_real_rows(frame, df)


def _drop_real_rows(frame: pd.DataFrame, df: pd.DataFrame) -> pd.DataFrame:
    """Remove synthetic rows that happen to equal a real row."""
    if frame.shape[1] != df.shape[1] or frame.empty:
        return frame
    keep = []
    for r in range(len(frame)):
        row = frame.iloc[r]
        try:
            equal = (df == row.to_numpy()).all(axis=1)
            keep.append(not bool(equal.any()))
        except (TypeError, ValueError):
            keep.append(True)
    return frame[keep].reset_index(drop=True)


def example_rows(
    df: pd.DataFrame, scrubber: Scrubber, n: int = 3, random_state: int = 0
) -> pd.DataFrame | None:
    """Up to ``n`` rows to show the LLM, or None in ``aggregate`` mode (no row-level values)."""
    mode = scrubber.mode
    if mode == "aggregate":
        return None
    n = max(0, min(int(n), len(df)))
    if mode == "off":
        return df.sample(n=n, random_state=random_state)
    if mode == "synthetic":
        rows = _synthetic(df, n, random_state, scrubber) if n else df.iloc[:0]
    else:
        rows = df.sample(n=n, random_state=random_state)
    return _mask_frame(rows, scrubber)
