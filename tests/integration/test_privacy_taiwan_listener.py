"""End to end: no Taiwanese/Chinese PII in any request body a local listener receives,
in every privacy mode, from cells, free text and labels (column names, index, categories).

Written against the current api; the lead adapts it to the single PrivacyGuard path.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import jupyter_genanalyst as ga
from jupyter_genanalyst.config import GenAnalyst
from tests.fake_openai import fake_server
from tests.pii_corpus import make_taiwan_corpus

TW = make_taiwan_corpus(30, seed=5)
VALUES = sorted(set(TW.all_values), key=len)
REPLY = json.dumps({"title": "消費概況", "narrative": "消費金額分布廣。", "fact_ids": []})
ANALYSES: dict[str, Callable[[pd.DataFrame, GenAnalyst], Any]] = {
    "describe": lambda df, cfg: ga.describe(df, config=cfg, show_progress=False),
    "ask": lambda df, cfg: ga.ask(df, "哪些客戶消費最多？", config=cfg, show_progress=False),
}


def _sent(requests: list[bytes]) -> str:
    parts = []
    for body in requests:
        parts.append(body.decode("utf-8", "replace"))
        parts.append(json.dumps(json.loads(body), ensure_ascii=False))
    return "\n".join(parts)


@pytest.mark.parametrize("mode", ["mask", "aggregate", "synthetic"])
@pytest.mark.parametrize("analysis", sorted(ANALYSES))
@pytest.mark.parametrize("place", ["cells", "free_text", "labels"])
@pytest.mark.parametrize("owner", ["fake", "me"])  # "me": llama-cpp-python, tokenize calls too
def test_no_taiwanese_pii_reaches_a_listener(
    place: str, analysis: str, mode: str, owner: str
) -> None:
    frame: pd.DataFrame = getattr(TW, place)
    before = frame.copy()
    with fake_server(replies=[REPLY], owned_by=owner) as server:
        cfg = GenAnalyst(
            base_url=server.base_url,
            candidates=2,
            style="free",
            cache=False,
            max_retries=0,
            privacy=mode,
            timeout=10,
            prompt_token_budget=20_000,
        )
        ANALYSES[analysis](frame, cfg)
        sent = _sent(server.requests)
    assert server.requests, "nothing was sent: the test would prove nothing"
    if owner == "me":
        assert any(b'"input"' in body for body in server.requests)  # tokenize was exercised
    assert [v for v in VALUES if v in sent] == []
    pd.testing.assert_frame_equal(frame, before)


def test_privacy_off_does_send_them() -> None:
    """Control: the same path with privacy off carries raw values, so the test can fail."""
    with fake_server(replies=[REPLY]) as server:
        cfg = GenAnalyst(
            base_url=server.base_url,
            candidates=2,
            style="free",
            cache=False,
            max_retries=0,
            privacy="off",
            timeout=10,
            prompt_token_budget=20_000,
        )
        ga.describe(TW.cells, config=cfg, show_progress=False)
        sent = _sent(server.requests)
    assert [v for v in VALUES if v in sent]
