"""The package installs as a prebuilt JupyterLab extension: no Node needed by users."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_labextension_is_listed_enabled_and_ok() -> None:
    out = subprocess.run(
        [str(BIN / "jupyter"), "labextension", "list"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    text = out.stdout + out.stderr
    line = next((ln for ln in text.splitlines() if "jupyter_genanalyst" in ln), "")
    assert "enabled" in line and "OK" in line, text


@pytest.mark.slow
def test_wheel_carries_the_prebuilt_extension(tmp_path: Path) -> None:
    env = {**os.environ, "PIP_NO_INPUT": "1"}
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, timeout=900, env=env, cwd=ROOT,
    )  # fmt: skip
    wheel = next(tmp_path.glob("jupyter_genanalyst-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    prefix = "jupyter_genanalyst-"
    share = [n for n in names if "/data/share/jupyter/labextensions/jupyter_genanalyst/" in n]
    assert any(n.endswith("/package.json") for n in share), names[:20]
    assert any(n.endswith("/install.json") for n in share)
    assert any("/static/remoteEntry." in n for n in share)
    assert any(n.startswith(prefix) and n.endswith("entry_points.txt") for n in names)
    # the proposals schema ships with the package (the labextension's types come from it)
    assert "jupyter_genanalyst/schema/proposals.schema.json" in names
