"""The one fact factory: every engine (frame facts, figure facts) builds facts here.

Why: values computed with numpy/pandas arrive as numpy scalars, timestamps or NaN; a fact
holds plain JSON-safe scalars (see :func:`~jupyter_genanalyst.facts.format.py`) and an
importance in [0, 1]. The rules themselves (units, evidence, ids) are checked by
:class:`~jupyter_genanalyst.facts.types.Fact`, so a fact built any other way obeys them too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from .format import clamp01, py
from .types import Fact, Kind, Unit, Value


def recorded(value: Value) -> str:
    """Evidence for a value that is not a statistic of the data but a setting of the analysis
    or the reader's own classification (a cap, a series' display name, a chart kind): the
    literal itself, so the rule "every value has evidence" holds without pretending."""
    return repr(py(value))


def make(
    id: str,
    kind: Kind,
    topic: str,
    columns: Iterable[str],
    values: Mapping[str, Any],
    units: Mapping[str, str],
    importance: float,
    text: str,
    evidence: Mapping[str, str],
    caveats: Iterable[str] = (),
    sample_size: int | None = None,
) -> Fact:
    """A :class:`Fact` with plain-scalar values and a clamped importance.

    Raises :class:`~jupyter_genanalyst.facts.types.InvalidFactError` when a value has no
    known unit or no evidence, or the id is malformed.
    """
    return Fact(
        id=id,
        kind=kind,
        topic=topic,
        columns=tuple(str(c) for c in columns),
        values={k: py(v) for k, v in values.items()},
        units=cast(dict[str, Unit], dict(units)),
        importance=clamp01(importance),
        text=text,
        evidence=dict(evidence),
        caveats=tuple(caveats),
        sample_size=None if sample_size is None else int(sample_size),
    )
