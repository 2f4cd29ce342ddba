"""Keys and posture: the local server's key never on a command line, the environment key
only sent to the URL it is bound to, logs and records created 0600."""

from __future__ import annotations

import argparse
import os
import stat
import sys
import time
from pathlib import Path

import pytest

from jupyter_genanalyst.config import GenAnalyst
from jupyter_genanalyst.llm.client import LLMClient
from jupyter_genanalyst.llm.endpoint import key_belongs_to, resolve_endpoint, same_url
from jupyter_genanalyst.llm.server import LocalServer

KEY = "sk-ENV-KEY-4242"


@pytest.fixture
def server(tmp_path: Path) -> LocalServer:
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    return LocalServer(
        model_path=model, port=18765, api_key="ga-SECRET-123", n_threads=1, n_ctx=512
    )


def test_the_key_is_not_on_the_command_line(server: LocalServer) -> None:
    assert not any("ga-SECRET-123" in part for part in server.command())
    assert "--api_key" not in server.command()


def test_the_key_is_in_the_environment_and_overrides_are_dropped(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "80")
    monkeypatch.setenv("CONFIG_FILE", "/tmp/evil.json")
    monkeypatch.setenv("GENANALYST_API_KEY", KEY)
    env = server.environment()
    assert env["API_KEY"] == "ga-SECRET-123"
    assert not {"HOST", "PORT", "CONFIG_FILE", "GENANALYST_API_KEY"} & set(env)
    assert env.get("PATH") == os.environ.get("PATH")


def test_llama_cpp_server_reads_the_key_from_the_environment(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parse our command line exactly as llama_cpp.server's main() does."""
    cli = pytest.importorskip("llama_cpp.server.cli")
    settings = pytest.importorskip("llama_cpp.server.settings")
    parser = argparse.ArgumentParser()
    cli.add_args_from_model(parser, settings.Settings)
    args = parser.parse_args(server.command()[3:])
    monkeypatch.setattr(os, "environ", server.environment())
    parsed = cli.parse_model_from_args(settings.ServerSettings, args)
    assert parsed.api_key == "ga-SECRET-123"
    assert parsed.host == "127.0.0.1" and parsed.port == 18765


def test_started_process_gets_the_key_privately_and_its_log_is_0600(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    probe = "import os, sys; print('key-seen' if os.environ.get('API_KEY') else 'no-key', sys.argv)"
    monkeypatch.setattr(LocalServer, "command", lambda self: [sys.executable, "-c", probe])
    monkeypatch.setattr(LocalServer, "_wait_ready", lambda self, wait: None)
    monkeypatch.setattr("importlib.util.find_spec", lambda name: object())
    log = tmp_path / "server.log"
    server.start(log_path=log)
    assert server.process is not None
    server.process.wait(timeout=30)
    time.sleep(0.1)
    text = log.read_text()
    assert "key-seen" in text and "ga-SECRET-123" not in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("base_url", "bound", "env_url", "sent"),
    [
        ("http://127.0.0.1:9/v1", None, None, True),  # loopback: fine
        ("http://localhost:11434/v1", None, None, True),
        ("https://llm.example.com/v1", None, None, False),  # named by a notebook/request
        ("https://llm.example.com/v1", None, "https://llm.example.com/v1/", True),
        ("https://evil.example/v1", None, "https://llm.example.com/v1", False),
        ("https://llm.example.com/v1", "https://llm.example.com/v1", None, True),
        ("https://LLM.example.com/v1/", "https://llm.example.com/v1", None, True),
        ("https://llm.example.com:8443/v1", "https://llm.example.com/v1", None, False),
        ("http://127.0.0.1:9/v1", "https://llm.example.com/v1", None, False),  # bound elsewhere
        ("https://llm.example.com.evil.example/v1", "https://llm.example.com/v1", None, False),
    ],
)
def test_the_environment_key_goes_only_where_it_is_bound(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    base_url: str,
    bound: str | None,
    env_url: str | None,
    sent: bool,
) -> None:
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path))  # no server record
    monkeypatch.setenv("GENANALYST_API_KEY", KEY)
    for name, value in (("GENANALYST_API_KEY_URL", bound), ("GENANALYST_BASE_URL", env_url)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    key = resolve_endpoint(GenAnalyst(base_url=base_url)).api_key
    assert (key == KEY) is sent
    assert key_belongs_to(base_url, "GENANALYST_API_KEY") is sent


def test_binding_follows_a_renamed_key_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_KEY", KEY)
    monkeypatch.setenv("MY_KEY_URL", "https://llm.example.com/v1")
    config = GenAnalyst(base_url="https://llm.example.com/v1", api_key_env="MY_KEY")
    assert resolve_endpoint(config).api_key == KEY
    assert (
        resolve_endpoint(
            GenAnalyst(base_url="https://other.example/v1", api_key_env="MY_KEY")
        ).api_key
        != KEY
    )


def test_same_url_is_strict_about_host_and_port() -> None:
    assert same_url("http://a:1/v1/", "HTTP://A:1/v1")
    assert not same_url("http://a:1/v1", "http://a:2/v1")
    assert not same_url("", "http://a/v1")


@pytest.mark.parametrize("existing", [False, True])
def test_prompt_log_is_0600(
    tmp_path: Path, existing: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path))
    log = tmp_path / "logs" / "prompts.jsonl"
    if existing:
        log.parent.mkdir()
        log.write_text("")
        log.chmod(0o644)
    client = LLMClient(GenAnalyst(base_url="http://127.0.0.1:9/v1", prompt_log=str(log)))
    client._log({"messages": [{"role": "user", "content": "hi"}], "model": "m"})
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert '"hi"' in log.read_text()
