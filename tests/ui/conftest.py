"""Fixtures for UI tests: a real JupyterLab server and headless Debian Chromium via Playwright.

The server runs on 127.0.0.1 with a random token and isolated Jupyter/IPython folders; the
venv's own data path stays on the search path so the installed labextension is found.
No browser is downloaded: Playwright drives `chromium` from PATH.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"
REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LabServer:
    url: str  # http://127.0.0.1:PORT
    token: str
    root: Path  # notebook directory

    def api(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"{self.url}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def create_notebook(self, name: str, sources: list[str]) -> str:
        """Create a notebook through the REST API; kernelspec metadata avoids the kernel dialog."""
        content = {
            "cells": [
                {
                    "cell_type": "code",
                    "source": src,
                    "metadata": {},
                    "outputs": [],
                    "execution_count": None,
                }
                for src in sources
            ],
            "metadata": {
                "kernelspec": {
                    "name": "python3",
                    "display_name": "Python 3 (ipykernel)",
                    "language": "python",
                },
                "language_info": {"name": "python"},
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        self.api(
            "PUT",
            f"/api/contents/{name}",
            {"type": "notebook", "format": "json", "content": content},
        )
        return name

    def read_notebook(self, name: str) -> dict[str, Any]:
        """The saved notebook; a read racing a save gets HTTP 400 (half-written file), so retry."""
        for attempt in range(20):
            try:
                return self.api("GET", f"/api/contents/{name}?content=1&type=notebook")["content"]
            except urllib.error.HTTPError as exc:
                if exc.code != 400 or attempt == 19:
                    raise
                time.sleep(0.25)
        raise AssertionError("unreachable")

    def lab_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?reset&token={self.token}"

    def set_theme(self, theme: str) -> None:
        self.api(
            "PUT",
            "/lab/api/settings/@jupyterlab/apputils-extension:themes",
            {"raw": json.dumps({"theme": theme})},
        )


def labextension_installed() -> bool:
    from jupyter_core.paths import jupyter_path

    return any(
        Path(p, "jupyter_genanalyst", "package.json").exists()
        for p in jupyter_path("labextensions")
    )


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory, llm_server: object) -> Iterator[LabServer]:
    """JupyterLab whose kernels inherit GENANALYST_BASE_URL/API_KEY of the real local LLM
    server, which is therefore started first whatever order the tests run in."""
    with run_lab(tmp_path_factory) as server:
        yield server


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """JupyterLab with our labextension and no LLM: kernels point at a closed port, so these
    tests need no model server (a test module may override ``lab``)."""
    saved = os.environ.get("GENANALYST_BASE_URL")
    os.environ["GENANALYST_BASE_URL"] = f"http://127.0.0.1:{_free_port()}/v1"
    try:
        with run_lab(tmp_path_factory) as server:
            yield server
    finally:
        if saved is None:
            os.environ.pop("GENANALYST_BASE_URL", None)
        else:
            os.environ["GENANALYST_BASE_URL"] = saved


@contextmanager
def run_lab(
    tmp_path_factory: pytest.TempPathFactory,
    *,
    disabled: tuple[str, ...] = (),
    app: str = "jupyterlab",
) -> Iterator[LabServer]:
    """A JupyterLab (or, with ``app="notebook"``, Notebook 7) server in isolated folders;
    ``disabled`` labextensions are switched off in its page config (to see what a frontend
    without our extension shows)."""
    if not labextension_installed():
        pytest.fail(
            "jupyter_genanalyst labextension not found: build it "
            "(cd labextension && jlpm install && jlpm build) and install the package "
            "(pip install -e . or jupyter labextension develop --overwrite .)"
        )
    base = tmp_path_factory.mktemp("lab")
    root = base / "notebooks"
    root.mkdir()
    env = dict(os.environ)
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        path = base / var.lower()
        path.mkdir()
        env[var] = str(path)
    env.pop("JUPYTER_PATH", None)
    # No "Jupyter news" pop-up over the screenshots (user settings live in the isolated config).
    settings = Path(
        env["JUPYTER_CONFIG_DIR"], "lab", "user-settings", "@jupyterlab", "apputils-extension"
    )
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    # Kernels and the page use this checkout (its package and its labextension build), not
    # whatever the environment has installed or linked from another checkout.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    built = REPO / "jupyter_genanalyst" / "labextension"
    if (built / "package.json").exists():
        linked = Path(env["JUPYTER_DATA_DIR"], "labextensions")
        linked.mkdir(parents=True)
        (linked / "jupyter_genanalyst").symlink_to(built, target_is_directory=True)
        env["JUPYTER_PATH"] = env["JUPYTER_DATA_DIR"]  # searched before the environment's
    if disabled:
        labconfig = Path(env["JUPYTER_CONFIG_DIR"], "labconfig")
        labconfig.mkdir()
        (labconfig / "page_config.json").write_text(
            json.dumps({"disabledExtensions": {name: True for name in disabled}})
        )
    port = _free_port()
    token = secrets.token_hex(16)
    log = open(base / "server.log", "w")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            app,
            "--allow-root",
            "--ServerApp.open_browser=False",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
        ],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = LabServer(url=f"http://127.0.0.1:{port}", token=token, root=root)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                server.api("GET", "/api/status")
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("JupyterLab did not start:\n" + (base / "server.log").read_text())
                time.sleep(0.3)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def screenshot(page: Any, name: str, **kwargs: Any) -> Path:
    """Save a screenshot under tests/ui/artifacts/ (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), **kwargs)
    return path


def open_notebook(page: Any, server: LabServer, name: str) -> None:
    """Open a notebook with `&reset` and wait for the shell and a connected, idle kernel."""
    page.goto(server.lab_url(name))
    page.wait_for_selector("#jp-main-dock-panel", state="visible", timeout=60_000)
    page.wait_for_selector("#jupyterlab-splash", state="detached", timeout=60_000)
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    wait_kernel_idle(page)


def wait_kernel_idle(page: Any, timeout: float = 60_000) -> None:
    # The execution indicator says idle before the kernel connects; the status bar does not.
    page.wait_for_function(
        "() => (document.querySelector('#jp-main-statusbar')?.textContent || '')"
        ".includes('| Idle')",
        timeout=timeout,
    )
