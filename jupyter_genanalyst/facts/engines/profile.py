"""What describe and diagnose need to know about an engine's frame before computing.

Why a sample for types: semantic types (identifier, free text, flag…) are read from at most
10,000 values, exactly as the pandas path does; the engine's schema then overrules what a
sample cannot know (a DATE column is a date even if Spark hands it over as objects).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .._frame import Col, column_refs
from ..semantic import detect_time_column, infer_types, public_type
from .backend import Backend
from .detect import columns_of, shape_of
from .sample import EngineSample, sample_pandas

TYPE_SAMPLE = 10_000


@dataclass(frozen=True)
class Profile:
    rows: int
    sample: EngineSample  # ≤ 10,000 rows, for type inference only
    refs: list[Col]
    types: list[str]  # internal semantic types by position
    time: tuple[Col, str] | None  # the time column and its kind ("datetime" or "year")

    def of_type(self, *wanted: str) -> list[Col]:
        return [c for c, t in zip(self.refs, self.types, strict=True) if public_type(t) in wanted]


def profile(obj: Any, backend: Backend, time: Any = None) -> Profile:
    rows = shape_of(obj)[0]
    sample = sample_pandas(obj, TYPE_SAMPLE, 0, total=rows)
    refs = column_refs(pd.DataFrame(columns=columns_of(obj)))
    frame = sample.frame
    types = _engine_types(infer_types(frame, refs), refs, backend)
    found = detect_time_column(frame, types, refs, time)
    return Profile(rows, sample, refs, types, found)


def _engine_types(types: list[str], refs: list[Col], backend: Backend) -> list[str]:
    kinds = backend.kinds()
    out = []
    for c, t in zip(refs, types, strict=True):
        kind = kinds.get(c.label, "other")
        if t == "empty":
            out.append(t)
        elif kind in ("datetime", "date"):
            out.append("datetime")
        elif kind == "bool":
            out.append("boolean")
        elif t == "datetime_str":
            out.append("categorical")  # date strings are not parsed inside engines (yet)
        else:
            out.append(t)
    return out


def semantic_types_any(obj: Any) -> pd.Series:
    """Semantic type of each column of any engine's frame (as ``ga.semantic_types``)."""
    from ..semantic import semantic_types
    from .registry import backend_for

    if isinstance(obj, pd.DataFrame):
        return semantic_types(obj)
    prof = profile(obj, backend_for(obj), time=False)
    return pd.Series(
        [public_type(t) for t in prof.types],
        index=[c.label for c in prof.refs],
        dtype=object,
        name="semantic_type",
    )
