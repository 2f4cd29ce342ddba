"""Pseudonymise PII used as labels: column names, index values, category levels, and the
column names and value names carried by facts.

Why separate: masking cells leaves the frame's labels alone, and a column called
``陳小明`` or ``A223456781`` reaches the prompt through example rows and fact metadata.
:func:`~.detect.detect_pii` records such labels in the report; these helpers replace
them with the same pseudonyms the cells get.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable

import pandas as pd

from ..facts.types import Fact, FactSet
from .mask import Scrubber


def _label(value: Hashable, scrubber: Scrubber) -> Hashable:
    if isinstance(value, tuple):
        return tuple(_label(v, scrubber) for v in value)
    if isinstance(value, str):
        return scrubber.scrub(value)
    text = str(value)
    scrubbed = scrubber.scrub(text)
    return value if scrubbed == text else scrubbed


def scrub_frame_labels(frame: pd.DataFrame, scrubber: Scrubber) -> pd.DataFrame:
    """A copy of ``frame`` whose column names, index values and category levels are scrubbed
    (unchanged in mode ``off``). Distinct labels that scrub to the same text stay distinct
    columns (pandas allows duplicates), so no data is merged."""
    if scrubber.mode == "off":
        return frame
    out = frame.copy()
    out.columns = pd.Index([_label(c, scrubber) for c in out.columns], tupleize_cols=False)
    if not isinstance(out.index, pd.RangeIndex):
        if isinstance(out.index, pd.MultiIndex):
            tuples = [tuple(_label(v, scrubber) for v in t) for t in out.index]
            out.index = pd.MultiIndex.from_tuples(tuples, names=out.index.names)
        else:
            out.index = pd.Index([_label(v, scrubber) for v in out.index], name=out.index.name)
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if isinstance(column.dtype, pd.CategoricalDtype):
            levels = [_label(c, scrubber) for c in column.cat.categories]
            if len(set(levels)) == len(levels):
                out.isetitem(i, column.cat.rename_categories(levels).array)
            else:
                relabelled = column.astype(object).map(lambda v: _label(v, scrubber))
                out.isetitem(i, relabelled.to_numpy())
    names = [_label(n, scrubber) if n is not None else None for n in out.index.names]
    out.index = out.index.set_names(names)
    return out


def scrub_fact_labels(facts: FactSet, scrubber: Scrubber) -> FactSet:
    """Facts whose ``columns`` and value/unit names are scrubbed too (the text fields are
    :func:`~.protect.protect_facts`' job)."""
    if scrubber.mode == "off":
        return facts
    out = []
    for fact in facts:
        out.append(
            dataclasses.replace(
                fact,
                columns=tuple(scrubber.scrub(c) for c in fact.columns),
                values={scrubber.scrub(k): v for k, v in fact.values.items()},
                units={scrubber.scrub(k): u for k, u in fact.units.items()},
                evidence={scrubber.scrub(k): e for k, e in fact.evidence.items()},
            )
        )
    return FactSet(out)


__all__ = ["Fact", "scrub_fact_labels", "scrub_frame_labels"]
