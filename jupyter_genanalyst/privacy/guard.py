"""One privacy guard per request: the PII report, the one scrubber, and the model gate.

Everything that leaves the machine for any model endpoint passes through
:meth:`PrivacyGuard.scrub`: the pipeline puts the model behind
:class:`~jupyter_genanalyst.llm.model.ScrubbedModel` with it, so chat messages *and*
token-counting calls are scrubbed there, whatever stage built them. Facts, example rows
and the question are pseudonymised with the same :class:`~.mask.Scrubber`, so one person
has one pseudonym across the whole request — two scrubbers once numbered the same label
for different people, and the model answered about the wrong person.
"""

from __future__ import annotations

import pandas as pd

from ..facts.types import FactSet
from .detect import PIIReport, detect_pii
from .labels import scrub_fact_labels, scrub_frame_labels
from .mask import Scrubber
from .modes import PrivacyMode, validate_mode
from .protect import example_rows, protect_facts

EXAMPLE_ROWS = 3
EXAMPLE_COLUMNS = 12
EXAMPLE_CHARS = 1500
SAFE_VALUES = 12  # values per text column a model may choose from (e.g. the ask planner)


class PrivacyGuard:
    """Owns the request's PII report and its single :class:`Scrubber`."""

    def __init__(self, frame: pd.DataFrame | None, mode: PrivacyMode | str) -> None:
        self.mode: PrivacyMode = validate_mode(mode)
        self.frame = frame
        self.report: PIIReport = detect_pii(frame) if frame is not None else PIIReport({})
        self.scrubber = Scrubber(self.report, self.mode)

    def scrub(self, text: str) -> str:
        """Any text bound for a model (the question, a label, a prompt)."""
        return self.scrubber.scrub(text)

    def facts(self, facts: FactSet) -> FactSet:
        """The facts a model may see under this mode (``aggregate`` drops row-level ones);
        PII used as a column or value name is pseudonymised too."""
        return scrub_fact_labels(protect_facts(facts, self.scrubber), self.scrubber)

    def safe_values(self, top: int = SAFE_VALUES) -> dict[str, list[str]]:
        """The most frequent values of each text column that a model may see as choices:
        none from a PII or identifier column, none the scrubber would change."""
        if self.frame is None:
            return {}
        hidden = set(self.report.columns) | set(self.report.id_columns)
        out: dict[str, list[str]] = {}
        for position, label in enumerate(self.frame.columns):
            series = self.frame.iloc[:, position]
            if str(label) in hidden or pd.api.types.is_numeric_dtype(series.dtype):
                continue
            if pd.api.types.is_datetime64_any_dtype(series.dtype):
                continue
            counts = series.dropna().astype(str).value_counts().head(top)
            out[str(label)] = [v for v in counts.index if self.scrub(v) == v]
        return out

    def example_rows_csv(self) -> str | None:
        """A few protected example rows as CSV, or None (aggregate mode, no frame)."""
        if self.frame is None:
            return None
        rows = example_rows(self.frame, self.scrubber, n=EXAMPLE_ROWS)
        if rows is None or rows.empty:
            return None
        rows = scrub_frame_labels(rows, self.scrubber)  # PII as a column, index or level
        return rows.iloc[:, :EXAMPLE_COLUMNS].to_csv(index=False)[:EXAMPLE_CHARS]

    def __repr__(self) -> str:
        return f"PrivacyGuard(mode={self.mode!r}, {self.report!r})"
