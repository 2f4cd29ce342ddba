"""Session fixtures shared by all test layers: the real local LLM server and isolation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from jupyter_genanalyst.config import GenAnalyst

# CI must be reproducible: the same examples on every run (a developer's run stays random
# and keeps exploring). print_blob makes any failure replayable with @reproduce_failure.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session", autouse=True)
def _isolated_jupyter_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the user's Jupyter/IPython state (and any running `genanalyst serve`) out of tests."""
    root = tmp_path_factory.mktemp("jupyter")
    saved = {
        k: os.environ.get(k) for k in ("JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "GENANALYST_BASE_URL")
    }
    os.environ["JUPYTER_RUNTIME_DIR"] = str(root / "runtime")
    os.environ["IPYTHONDIR"] = str(root / "ipython")
    os.environ.pop("GENANALYST_BASE_URL", None)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def llm_server() -> Iterator[object]:
    """The real llama-cpp-python server with the bundled SmolLM2 model on a free loopback port.

    Its URL and key are exported as GENANALYST_BASE_URL / GENANALYST_API_KEY so kernels
    started by the tests find it the way a user's kernel would.
    """
    from jupyter_genanalyst.llm.server import make_server

    server = make_server(port=None)
    log = Path(os.environ["JUPYTER_RUNTIME_DIR"]) / "llm-server.log"
    server.start(wait=180, log_path=log)
    server.write_record()  # as `genanalyst serve` does: kernels find the model checksum there
    os.environ["GENANALYST_BASE_URL"] = server.base_url
    os.environ["GENANALYST_API_KEY"] = server.api_key
    try:
        yield server
    finally:
        os.environ.pop("GENANALYST_BASE_URL", None)
        os.environ.pop("GENANALYST_API_KEY", None)
        server.stop()


@pytest.fixture
def llm_config(llm_server: object) -> GenAnalyst:
    """Settings pointing at the real local server, as a user would configure them."""
    return GenAnalyst(base_url=llm_server.base_url, timeout=120.0, cache=False)  # type: ignore[attr-defined]
