"""Which frontend shows our outputs, as far as the kernel can know (docs/review.md).

The kernel never sees the frontend directly. It knows: whether our labextension spoke to it
(the sidebar panel's ``jupyter_genanalyst`` comm is open), whether it runs in Colab
(``google.colab`` imported, ``COLAB_RELEASE_TAG`` set), whether VS Code launched it
(``VSCODE_PID``, also set when Jupyter is started from a VS Code terminal, so only a hint), and
whether it is a kernel at all (terminal IPython has no comms, hence no widgets).

The answer only decides whether the ipywidgets review is *added* to the output: the
labextension's renderer outranks the widget view, so a wrong guess costs an unused widget,
never a missing review.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any, Literal

Frontend = Literal["jupyterlab", "colab", "vscode", "kernel", "terminal"]

COMM_TARGET = "jupyter_genanalyst"  # the sidebar panel's comm (notebook/comm.py)


def labextension_connected(shell: Any) -> bool:
    """True when our labextension has an open comm with this kernel (the sidebar panel)."""
    manager = getattr(getattr(shell, "kernel", None), "comm_manager", None)
    comms = getattr(manager, "comms", None) or {}
    return any(getattr(c, "target_name", None) == COMM_TARGET for c in list(comms.values()))


def detect_frontend(
    shell: Any = None,
    env: Mapping[str, str] | None = None,
    modules: Mapping[str, Any] | None = None,
) -> Frontend:
    """Best knowledge of the frontend; ``shell`` defaults to the running IPython."""
    env = os.environ if env is None else env
    modules = sys.modules if modules is None else modules
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython is a dependency
            return "terminal"
        shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return "terminal"  # plain Python or terminal IPython: no comms, no widgets
    if "google.colab" in modules or "COLAB_RELEASE_TAG" in env:
        return "colab"
    if labextension_connected(shell):
        return "jupyterlab"
    if "VSCODE_PID" in env and "JPY_SESSION_NAME" not in env:
        return "vscode"
    return "kernel"  # JupyterLab/Notebook 7 with or without our extension, nbclassic, …


def wants_widget(frontend: Frontend) -> bool:
    """Add the ipywidgets review unless our labextension is known to render the bundle."""
    return frontend in ("colab", "vscode", "kernel")
