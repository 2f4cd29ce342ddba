"""jupyter_genanalyst: exact facts first, a local LLM to narrate them, a human to approve.

Public API: :func:`describe`, :func:`diagnose`, :func:`predict`, :func:`prescribe`,
:func:`ask`, :func:`narrate`, :func:`synthesize`; ``%load_ext jupyter_genanalyst`` for the
``%ga`` magics.
"""

from __future__ import annotations

from typing import Any

from .analysis import Analysis
from .api import ask, describe, diagnose, narrate, predict, prescribe
from .errors import GenAnalystError
from .request import AnalysisRequest, make_request
from .story import story  # rebinds the name: `ga.story` is the function, not the module
from .version import __version__
from .whatif import whatif  # likewise

__all__ = [
    "Analysis",
    "AnalysisRequest",
    "GenAnalystError",
    "__version__",
    "ask",
    "describe",
    "diagnose",
    "make_request",
    "narrate",
    "predict",
    "prescribe",
    "story",
    "synthesize",
    "whatif",
]


def synthesize(df: Any, n: int, *, random_state: int = 0) -> Any:
    """Synthetic rows preserving marginals and pairwise dependence, with a fidelity report."""
    from .facts import synthesize as _synthesize

    return _synthesize(df, n, random_state=random_state)


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext jupyter_genanalyst``: register the ``%ga`` magics and the panel's comm."""
    from .notebook.magics import register

    register(ipython)


def unload_ipython_extension(ipython: Any) -> None:  # pragma: no cover - nothing to undo
    return None


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "jupyter_genanalyst"}]
