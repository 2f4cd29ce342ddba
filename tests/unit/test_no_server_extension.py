"""The package adds no Jupyter server extension, so it exposes no HTTP endpoint at all.

The sidebar panel talks to the kernel over a comm (docs/protocol.md §3); a server
extension would add handlers that need their own authentication.
"""

from __future__ import annotations

import ast
from pathlib import Path

import jupyter_genanalyst

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(jupyter_genanalyst.__file__).resolve().parent
SERVER_HOOKS = (
    "_jupyter_server_extension_points",
    "_jupyter_server_extension_paths",
    "_load_jupyter_server_extension",
    "load_jupyter_server_extension",
)


def test_package_defines_no_server_extension_hooks() -> None:
    for hook in SERVER_HOOKS:
        assert not hasattr(jupyter_genanalyst, hook), hook
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        assert not names & set(SERVER_HOOKS), f"{path} defines {names & set(SERVER_HOOKS)}"


def test_no_server_config_or_handlers_are_shipped() -> None:
    assert not (ROOT / "jupyter-config").exists()
    for config in ROOT.rglob("jupyter_server_config.d"):
        assert ".venv" in config.parts or "node_modules" in config.parts, config
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "APIHandler" not in text and "tornado.web" not in text, path
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "jupyter_server_config.d" not in pyproject
