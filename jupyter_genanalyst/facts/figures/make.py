"""A small factory so every figure fact is built the same way (kind, id scheme, rounding)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jupyter_genanalyst.facts.figures.naming import fact_id
from jupyter_genanalyst.facts.types import Fact, Unit, Value


@dataclass(frozen=True)
class ChartContext:
    """Which chart the facts are about: its display name and the slug used in fact ids."""

    name: str
    slug: str

    def fact(
        self,
        topic: str,
        parts: Iterable[str],
        *,
        values: Mapping[str, Value],
        units: Mapping[str, Unit],
        importance: float,
        text: str,
        evidence: Mapping[str, str],
        columns: Iterable[str] = (),
        caveats: Iterable[str] = (),
        sample_size: int | None = None,
    ) -> Fact:
        """Build a ``kind="figure"`` fact with id ``fig.<chart>.<topic>.<parts…>``."""
        cols = tuple(dict.fromkeys(c for c in columns if c))
        return Fact(
            id=fact_id(self.slug, topic, *parts),
            kind="figure",
            topic=topic,
            columns=cols,
            values=dict(values),
            units=dict(units),
            importance=max(0.0, min(1.0, importance)),
            text=text,
            evidence=dict(evidence),
            caveats=tuple(caveats),
            sample_size=sample_size,
        )
