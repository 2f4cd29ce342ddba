"""`genanalyst serve --detach | doctor | stop | analyze` as a user runs them."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from jupyter_genanalyst.bundle import MIME_TYPE

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jupyter_genanalyst.cli", *args],
        capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT,
    )  # fmt: skip


@pytest.mark.llm
def test_serve_doctor_analyze_stop(tmp_path: Path) -> None:
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"), "PYTHONPATH": str(ROOT)}
    env.pop("GENANALYST_BASE_URL", None)
    env.pop("GENANALYST_API_KEY", None)
    started = _cli("serve", "--detach", "--port", "0", env=env)
    assert started.returncode == 0, started.stderr
    record_file = tmp_path / "rt" / "genanalyst-server.json"
    try:
        assert stat.S_IMODE(record_file.stat().st_mode) == 0o600  # the key is private
        record = json.loads(record_file.read_text())
        assert record["base_url"].startswith("http://127.0.0.1:")
        assert record["api_key"] not in started.stdout  # never printed

        doctor = _cli("doctor", env=env)
        assert doctor.returncode == 0, doctor.stderr
        assert "reachable" in doctor.stdout and "tokens/s" in doctor.stdout
        assert record["api_key"] not in doctor.stdout

        out = tmp_path / "demo.ipynb"
        analyzed = _cli(
            "analyze", "examples/retail_sales.csv", "-n", "1", "--out", str(out), env=env
        )
        assert analyzed.returncode == 0, analyzed.stderr
        assert "####" in analyzed.stdout  # the narrative was printed
        nb = nbformat.read(out, as_version=4)
        nbformat.validate(nb)
        bundle = nb.cells[-1].outputs[0]["data"][MIME_TYPE]
        assert (
            bundle["proposals"] and bundle["provenance"]["model_sha256"] == record["model_sha256"]
        )
        assert record["api_key"] not in out.read_text()
    finally:
        stopped = _cli("stop", env=env)
    assert stopped.returncode == 0 and "Stopped" in stopped.stdout
    assert not record_file.exists()


def test_analyze_without_a_server_still_answers(tmp_path: Path) -> None:
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"), "PYTHONPATH": str(ROOT),
           "GENANALYST_BASE_URL": "http://127.0.0.1:9/v1"}  # fmt: skip
    result = _cli("analyze", "examples/churn.csv", "--out", str(tmp_path / "c.ipynb"), env=env)
    assert result.returncode == 0, result.stderr
    assert "No LLM server answered at http://127.0.0.1:9/v1" in result.stdout
    assert "written from the facts" in result.stdout


def test_unreadable_file_is_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    bad = tmp_path / "data.xyz"
    bad.write_text("x")
    result = _cli("analyze", str(bad), env=env)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "Cannot read .xyz" in result.stderr
