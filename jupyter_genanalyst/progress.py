"""Live progress while candidates are generated: narratives stream into the cell output.

Uses an IPython display handle so each update replaces the previous text in place;
outside IPython (scripts, the CLI) it writes nothing.
"""

from __future__ import annotations

import time
from typing import Any


class StreamingDisplay:
    """Shows each candidate's narrative as its tokens arrive, throttled to ~8 updates/s."""

    def __init__(self, total: int, min_interval: float = 0.12) -> None:
        self.total = total
        self.min_interval = min_interval
        self._texts: dict[int, str] = {}
        self._last = 0.0
        self._handle: Any = None
        try:
            from IPython import get_ipython
            from IPython.display import display

            if get_ipython() is not None:
                self._handle = display(
                    {"text/markdown": f"_Generating {total} candidate(s)…_", "text/plain": ""},
                    raw=True,
                    display_id=True,
                )
        except ImportError:  # pragma: no cover - IPython is a dependency
            self._handle = None

    def update(self, index: int, partial: str) -> None:
        self._texts[index] = partial
        now = time.monotonic()
        if self._handle is None or now - self._last < self.min_interval:
            return
        self._last = now
        self._handle.update({"text/markdown": self.render(), "text/plain": ""}, raw=True)

    def render(self) -> str:
        parts = []
        for index in sorted(self._texts):
            parts.append(
                f"**Candidate {index + 1}/{self.total}** (streaming, not yet checked)\n\n"
                f"{self._texts[index]}▍"
            )
        return "\n\n".join(parts) or f"_Generating {self.total} candidate(s)…_"

    def close(self) -> None:
        """Remove the live text once the checked result is shown."""
        if self._handle is not None:
            self._handle.update({"text/plain": ""}, raw=True)
