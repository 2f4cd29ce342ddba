"""GenAnalyst settings: validation, precedence, overrides, and secrets staying secret."""

from __future__ import annotations

from pathlib import Path

import pytest
from traitlets.config import Config

from jupyter_genanalyst.config import DEFAULT_BASE_URL, GenAnalyst, with_overrides
from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.llm.endpoint import resolve_endpoint


def test_defaults_point_at_the_local_server(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("GENANALYST_BASE_URL", raising=False)
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path))  # no `genanalyst serve` record
    config = GenAnalyst()
    endpoint = resolve_endpoint(config)
    assert endpoint.base_url == DEFAULT_BASE_URL
    assert "default" in endpoint.source
    assert config.privacy == "mask"
    assert config.candidates == 3


def test_explicit_setting_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENANALYST_BASE_URL", "http://env-host:1/v1")
    from_env = resolve_endpoint(GenAnalyst())
    assert from_env.base_url == "http://env-host:1/v1"
    assert from_env.describe() == "http://env-host:1/v1 (from $GENANALYST_BASE_URL)"
    explicit = resolve_endpoint(GenAnalyst(base_url="http://explicit:2/v1/"))
    assert explicit.base_url == "http://explicit:2/v1" and explicit.source == "GenAnalyst.base_url"


def test_settable_from_a_traitlets_config_like_ipython_config_py() -> None:
    cfg = Config()
    cfg.GenAnalyst.base_url = "http://localhost:11434/v1"
    cfg.GenAnalyst.candidates = 5
    config = GenAnalyst(config=cfg)
    assert config.base_url == "http://localhost:11434/v1"
    assert config.candidates == 5


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("candidates", 0),
        ("candidates", 11),
        ("timeout", -1.0),
        ("privacy", "leaky"),
        ("max_tokens", 1),
    ],
)
def test_invalid_values_give_one_line_errors(name: str, value: object) -> None:
    with pytest.raises(GenAnalystError) as info:
        with_overrides(GenAnalyst(), **{name: value})
    assert "\n" not in str(info.value)
    assert name in str(info.value) or str(value) in str(info.value)


def test_unknown_override_names_the_known_settings() -> None:
    with pytest.raises(GenAnalystError, match=r"known: .*base_url"):
        with_overrides(GenAnalyst(), colour="blue")


def test_overrides_leave_the_original_untouched() -> None:
    base = GenAnalyst(candidates=3)
    changed = with_overrides(base, candidates=5, privacy="aggregate")
    assert (changed.candidates, changed.privacy) == (5, "aggregate")
    assert (base.candidates, base.privacy) == (3, "mask")


def test_public_settings_never_show_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENANALYST_API_KEY", "sk-secret-value-123")
    shown = repr(GenAnalyst().public_settings())
    assert "sk-secret-value-123" not in shown
    assert "api_key_env" in shown
