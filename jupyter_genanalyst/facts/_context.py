"""What every analysis needs to know about a frame before computing anything.

Why: semantic types and the time axis are inferred once per call and shared by all the
fact builders of that call, so they never disagree about what a column is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ._frame import Col, check_frame, column_refs
from ._time import TimeAxis, make_axis
from .semantic import detect_time_column, infer_types, public_type

MAX_COLUMN_FACTS = 200  # per-column facts kept per call (ranked by importance)


@dataclass(frozen=True)
class Context:
    df: pd.DataFrame
    refs: list[Col]
    types: list[str]  # internal types by position ("datetime_str" for date strings)
    time: TimeAxis | None

    @classmethod
    def build(cls, df: Any, time: Any = None, what: str = "analysis") -> Context:
        frame = check_frame(df, what)
        refs = column_refs(frame)
        types = infer_types(frame, refs)
        found = detect_time_column(frame, types, refs, time)
        axis = make_axis(frame, found[0], found[1]) if found else None
        return cls(frame, refs, types, axis)

    def of_type(self, *wanted: str) -> list[Col]:
        """Columns whose public semantic type is one of ``wanted``."""
        return [c for c, t in zip(self.refs, self.types, strict=True) if public_type(t) in wanted]

    def type_of(self, col: Col) -> str:
        return public_type(self.types[col.pos])

    @property
    def n(self) -> int:
        return len(self.df)
