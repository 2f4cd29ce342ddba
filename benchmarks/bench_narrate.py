"""Narration benchmark: prompt size, time to first narrative text, total time, cache hits.

Peer, measured side by side in the same run against the same server: the naive approach
many tools take — paste ``df.describe(include="all").to_string()`` into one unconstrained
prompt. We report our numbers and the ratios.

Run:  .venv/bin/python benchmarks/bench_narrate.py            (starts the bundled model)
      .venv/bin/python benchmarks/bench_narrate.py --base-url http://host:8000/v1
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from jupyter_genanalyst import facts as F
from jupyter_genanalyst.config import GenAnalyst, with_overrides
from jupyter_genanalyst.kinds import spec
from jupyter_genanalyst.llm.client import LLMClient
from jupyter_genanalyst.llm.prompts import build_prompt
from jupyter_genanalyst.narrate.compose import Composing, compose

ROOT = Path(__file__).resolve().parents[1]


def wide_frame(columns: int, rows: int = 2000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data: dict[str, Any] = {}
    for i in range(columns):
        kind = i % 4
        if kind == 0:
            data[f"measure_{i}"] = rng.normal(100, 15, rows)
        elif kind == 1:
            data[f"count_{i}"] = rng.poisson(3, rows)
        elif kind == 2:
            data[f"segment_{i}"] = rng.choice(["a", "b", "c", "d"], rows)
        else:
            values = rng.normal(0, 1, rows)
            values[rng.random(rows) < 0.1] = np.nan
            data[f"score_{i}"] = values
    return pd.DataFrame(data)


def prompt_sizes(client: LLMClient, budget: int) -> list[dict[str, Any]]:
    rows = []
    for columns in (20, 500):
        frame = wide_frame(columns)
        facts = F.describe(frame)
        task = spec("describe").task
        prompt = build_prompt(list(facts), task=task, frame_name="df", budget=budget,
                              count_tokens=client.count_tokens)  # fmt: skip
        naive = client.count_tokens(frame.describe(include="all").to_string())
        rows.append({"columns": columns, "facts": len(facts), "facts_in_prompt": len(prompt.facts),
                     "prompt_tokens": prompt.tokens, "budget": budget, "naive_tokens": naive,
                     "naive/ours": round(naive / prompt.tokens, 1)})  # fmt: skip
    return rows


def describe_latency(config: GenAnalyst, frame: pd.DataFrame, repeats: int) -> dict[str, Any]:
    client = LLMClient(config)
    facts = F.describe(frame)
    firsts, totals = [], []
    for i in range(repeats):
        cfg = with_overrides(config, seed=100 + i)  # a new seed each time: no cache hit
        first: list[float] = []

        def on_progress(_index: int, text: str, first: list[float] = first) -> None:
            if text and not first:
                first.append(time.monotonic())

        start = time.monotonic()
        ctx = Composing(spec("describe"), cfg, columns=list(frame.columns), variables=["df"],
                        on_progress=on_progress)  # fmt: skip
        compose(facts, ctx, LLMClient(cfg))
        totals.append(time.monotonic() - start)
        firsts.append((first[0] - start) if first else float("nan"))
    cfg = with_overrides(config, seed=100)  # the first request again: a cache hit
    start = time.monotonic()
    ctx = Composing(spec("describe"), cfg, columns=list(frame.columns), variables=["df"])
    compose(facts, ctx, LLMClient(cfg))
    cached = time.monotonic() - start
    return {"candidates": config.candidates, "first_text_s": round(statistics.median(firsts), 2),
            "total_s": round(statistics.median(totals), 2), "cache_hit_s": round(cached, 4),
            "model": client.info().model}  # fmt: skip


def naive_latency(config: GenAnalyst, frame: pd.DataFrame) -> dict[str, Any]:
    client = LLMClient(config)
    prompt = "Describe this data:\n" + frame.describe(include="all").to_string()
    first: list[float] = []

    def on_token(_text: str) -> None:
        if not first:
            first.append(time.monotonic())

    start = time.monotonic()
    client.chat([{"role": "user", "content": prompt}], max_tokens=config.max_tokens,
                on_token=on_token)  # fmt: skip
    total = time.monotonic() - start
    return {"first_text_s": round(first[0] - start, 2) if first else None,
            "total_s": round(total, 2)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--candidates", type=int, default=3)
    args = parser.parse_args()
    frame = pd.read_csv(ROOT / "examples" / "retail_sales.csv")

    def run(base_url: str) -> dict[str, Any]:
        config = GenAnalyst(base_url=base_url, candidates=args.candidates, timeout=300)
        client = LLMClient(config)
        return {
            "prompt_sizes": prompt_sizes(client, config.prompt_token_budget),
            "describe": describe_latency(config, frame, args.repeats),
            "naive_single_prompt": naive_latency(config, frame),
        }

    if args.base_url:
        result = run(args.base_url)
    else:
        from jupyter_genanalyst.llm.server import running_server

        with running_server() as server:
            os.environ["GENANALYST_API_KEY"] = server.api_key
            result = run(server.base_url)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
