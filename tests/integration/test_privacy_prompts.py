"""End to end: no raw PII in the bytes any server receives, and no key anywhere it could leak.

The unit tests check the privacy functions; these check every prompt path as a whole —
what actually leaves the process — against a scripted server (exact request bytes) and
the real local server (via the opt-in prompt log, which records exactly what is sent).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

import jupyter_genanalyst as ga
from jupyter_genanalyst.config import GenAnalyst
from tests.fake_openai import fake_server
from tests.pii_corpus import make_corpus

CORPUS = make_corpus(60, seed=11)
PII_VALUES = sorted({str(v) for values in CORPUS.pii.values() for v in values}, key=len)

ANALYSES: dict[str, Callable[[pd.DataFrame, GenAnalyst], Any]] = {
    "describe": lambda df, cfg: ga.describe(df, config=cfg, show_progress=False),
    "diagnose": lambda df, cfg: ga.diagnose(df, target="price", config=cfg, show_progress=False),
    "ask": lambda df, cfg: ga.ask(
        df, "Which customers wrote the longest notes?", config=cfg, show_progress=False
    ),
}

# Large enough that every fact and the example rows go into the prompt: a small budget
# would leave the PII-bearing parts out and make the leak checks pass vacuously.
BIG_BUDGET = 20_000

REPLY = json.dumps(
    {"title": "Prices", "narrative": "The price column varies widely across orders.",
     "fact_ids": []}
)  # fmt: skip


def _leaks(text: str) -> list[str]:
    return [value for value in PII_VALUES if value in text]


def _sent(requests: list[bytes]) -> str:
    """Raw bytes as text plus the decoded JSON (a JSON encoder may escape non-ASCII)."""
    parts = []
    for body in requests:
        parts.append(body.decode("utf-8", "replace"))
        parts.append(json.dumps(json.loads(body), ensure_ascii=False))
    return "\n".join(parts)


@pytest.mark.parametrize("mode", ["mask", "aggregate", "synthetic"])
@pytest.mark.parametrize("analysis", sorted(ANALYSES))
def test_no_raw_pii_reaches_a_scripted_server(mode: str, analysis: str) -> None:
    frame = CORPUS.frame.copy()
    with fake_server(replies=[REPLY]) as server:
        cfg = GenAnalyst(
            base_url=server.base_url,
            candidates=2,
            style="free",
            cache=False,
            max_retries=0,
            privacy=mode,
            timeout=10,
            prompt_token_budget=BIG_BUDGET,
        )
        result = ANALYSES[analysis](frame, cfg)
        sent = _sent(server.requests)
    assert server.requests, "nothing was sent: the test would prove nothing"
    assert result.proposals
    assert _leaks(sent) == []
    assert frame.equals(CORPUS.frame)  # the user's data is untouched


def test_privacy_off_really_sends_raw_values() -> None:
    """The control: with privacy off the same path does carry raw values, so the test bites."""
    with fake_server(replies=[REPLY]) as server:
        cfg = GenAnalyst(
            base_url=server.base_url,
            candidates=2,
            style="free",
            cache=False,
            max_retries=0,
            privacy="off",
            timeout=10,
            prompt_token_budget=BIG_BUDGET,
        )
        ga.describe(CORPUS.frame, config=cfg, show_progress=False)
        assert _leaks(_sent(server.requests))


@pytest.mark.llm
def test_no_raw_pii_reaches_the_real_local_server(llm_config: GenAnalyst, tmp_path: Path) -> None:
    log = tmp_path / "prompts.jsonl"
    # 3,000 tokens: room for the example rows, within the server's 4,096-token context
    cfg = GenAnalyst(base_url=llm_config.base_url, candidates=2, style="free", timeout=300,
                     cache=False, prompt_log=str(log), prompt_token_budget=3000)  # fmt: skip
    for analysis in ("describe", "ask"):
        ANALYSES[analysis](CORPUS.frame, cfg)
    text = log.read_text(encoding="utf-8")
    entries = [json.loads(line) for line in text.splitlines()]
    assert len(entries) >= 2 and all(e["server"] == llm_config.base_url for e in entries)
    assert "Example rows" in text  # the row-level path really was exercised
    assert _leaks(text) == []


SECRET = "sk-GENANALYST-RECOGNISABLE-4242"


def test_the_api_key_appears_in_no_notebook_output_metadata_or_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GENANALYST_API_KEY", SECRET)
    log = tmp_path / "prompts.jsonl"
    frame_csv = tmp_path / "sales.csv"
    CORPUS.frame[["price", "quantity", "category"]].to_csv(frame_csv, index=False)
    with fake_server(replies=[REPLY]) as ok_server, fake_server(status=401) as bad_server:
        cells = [
            f"import pandas as pd\nsales = pd.read_csv({str(frame_csv)!r})",
            "%load_ext jupyter_genanalyst",
            f"%config GenAnalyst.base_url = {ok_server.base_url!r}",
            f"%config GenAnalyst.prompt_log = {str(log)!r}",
            "%ga status",
            "%ga config",
            "%ga describe sales -n 2",
            f"%config GenAnalyst.base_url = {bad_server.base_url!r}",
            "%ga describe sales -n 2",  # the server rejects the key: the message must not echo it
            "import jupyter_genanalyst as ga\nga.config.get_config().public_settings()",
        ]
        nb = new_notebook(cells=[new_code_cell(c) for c in cells],
                          metadata={"kernelspec": {"name": "python3", "language": "python",
                                                   "display_name": "Python 3"}})  # fmt: skip
        NotebookClient(nb, timeout=300, kernel_name="python3").execute()
        headers_seen = any(SECRET.encode() in r for r in ok_server.requests)
    path = tmp_path / "saved.ipynb"
    nbformat.write(nb, path)
    saved = path.read_text(encoding="utf-8")
    assert "rejected the API key" in saved  # the failing path really ran
    assert SECRET not in saved
    assert SECRET not in log.read_text(encoding="utf-8")
    assert not headers_seen  # the key travels only in the Authorization header, never a body
