"""Figure facts through the one fact factory, with the figure id scheme and column names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jupyter_genanalyst.facts.factory import make
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
        return make(
            fact_id(self.slug, topic, *parts),
            "figure",
            topic,
            dict.fromkeys(c for c in columns if c),  # series name, axis titles: once each
            values,
            units,
            importance,
            text,
            evidence,
            caveats,
            sample_size,
        )
