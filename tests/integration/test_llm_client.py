"""The project's one LLM client against the real local server and scripted failures."""

from __future__ import annotations

import json
import time

import pytest

from jupyter_genanalyst.config import GenAnalyst
from jupyter_genanalyst.errors import LLMUnavailableError
from jupyter_genanalyst.llm.client import LLMClient
from jupyter_genanalyst.llm.endpoint import resolve_endpoint
from jupyter_genanalyst.llm.prompts import proposal_schema
from jupyter_genanalyst.llm.server import free_port
from tests.fake_openai import fake_server


@pytest.mark.llm
def test_chat_completion_with_real_server(llm_config: GenAnalyst) -> None:
    client = LLMClient(llm_config)
    info = client.info()
    assert info.model.endswith(".gguf")
    assert info.flavour == "llama-cpp-python"
    text = client.chat(
        [{"role": "user", "content": "Say hello in one short sentence."}],
        max_tokens=24,
        temperature=0.0,
    )
    assert isinstance(text, str) and text.strip()


@pytest.mark.llm
def test_schema_constrained_completion_parses(llm_config: GenAnalyst) -> None:
    client = LLMClient(llm_config)
    ids = ["desc.shape", "desc.missing.revenue"]
    schema = proposal_schema(ids)
    messages = [
        {"role": "system", "content": "Answer with JSON."},
        {
            "role": "user",
            "content": "<data>[desc.shape] The frame has 120 rows and 4 columns.\n"
            "[desc.missing.revenue] revenue is missing in 5% of rows."
            "</data>\nSummarise.",
        },
    ]
    data = client.chat_json(messages, schema, max_tokens=200, temperature=0.2)
    assert isinstance(data, dict)
    assert isinstance(data["narrative"], str) and len(data["narrative"]) >= 20
    assert data["fact_ids"] and set(data["fact_ids"]) <= set(ids)


@pytest.mark.llm
def test_streaming_delivers_the_same_text(llm_config: GenAnalyst) -> None:
    client = LLMClient(llm_config)
    deltas: list[str] = []
    text = client.chat(
        [{"role": "user", "content": "Count from one to five in words."}],
        max_tokens=24,
        temperature=0.0,
        on_token=deltas.append,
    )
    assert len(deltas) > 1
    assert "".join(deltas) == text


@pytest.mark.llm
def test_token_count_uses_server_tokenizer(llm_config: GenAnalyst) -> None:
    client = LLMClient(llm_config)
    n = client.count_tokens("The frame has 120 rows and 4 columns.")
    assert 5 <= n <= 20


def test_closed_port_gives_one_line_actionable_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    client = LLMClient(GenAnalyst(base_url=url, timeout=3, max_retries=0))
    started = time.monotonic()
    with pytest.raises(LLMUnavailableError) as info:
        client.info()
    assert time.monotonic() - started < 5
    message = str(info.value)
    assert "\n" not in message
    assert url in message and "genanalyst serve" in message


def test_slow_server_times_out_without_hanging() -> None:
    with fake_server(delay=4.0) as server:
        client = LLMClient(GenAnalyst(base_url=server.base_url, timeout=1.0, max_retries=0))
        started = time.monotonic()
        with pytest.raises(LLMUnavailableError, match="did not answer within 1s"):
            client.chat([{"role": "user", "content": "hi"}])
        assert time.monotonic() - started < 3.5


def test_http_error_is_reported_with_status() -> None:
    with fake_server(status=500) as server:
        client = LLMClient(GenAnalyst(base_url=server.base_url, timeout=5, max_retries=0))
        with pytest.raises(LLMUnavailableError, match="HTTP 500"):
            client.chat([{"role": "user", "content": "hi"}])


def test_identical_requests_hit_the_cache() -> None:
    reply = json.dumps({"title": "x", "narrative": "y" * 30, "fact_ids": []})
    with fake_server(replies=[reply]) as server:
        client = LLMClient(GenAnalyst(base_url=server.base_url, timeout=5, max_retries=0))
        messages = [{"role": "user", "content": "cache me"}]
        first = client.chat(messages)
        started = time.monotonic()
        second = client.chat(messages)
        assert second == first
        assert time.monotonic() - started < 0.05
        assert len(server.requests) == 1  # the second answer never reached the server


def test_api_key_comes_from_the_named_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_TEST_KEY", "sk-test-abc123")
    config = GenAnalyst(base_url="http://127.0.0.1:9/v1", api_key_env="MY_TEST_KEY")
    endpoint = resolve_endpoint(config)
    assert endpoint.api_key == "sk-test-abc123"
    assert "sk-test-abc123" not in repr(endpoint)
    assert "sk-test-abc123" not in repr(config.public_settings())
