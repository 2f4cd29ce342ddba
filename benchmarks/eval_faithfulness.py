"""Faithfulness of the bundled model's narratives, before and after the grounding check.

Before: the share of numbers the model wrote that a fact backs (what a reader would get
without the check). After: the share of numbers shown to the user that are either
verified or visibly marked "[unverified]" — the check's promise is that this is 100%.
Also counts off-topic candidates and how often the model fell back to templates.

Run: .venv/bin/python benchmarks/eval_faithfulness.py [--candidates 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.express as px

import jupyter_genanalyst as ga
from jupyter_genanalyst.config import GenAnalyst

ROOT = Path(__file__).resolve().parents[1]


def cases() -> list[tuple[str, str, Any, dict[str, Any]]]:
    sales = pd.read_csv(ROOT / "examples" / "retail_sales.csv")
    churn = pd.read_csv(ROOT / "examples" / "churn.csv")
    tips = px.data.tips()
    stocks = px.data.stocks()
    return [
        ("retail", "describe", sales, {"time": "date"}),
        ("retail", "diagnose", sales, {"target": "revenue", "time": "date"}),
        ("churn", "predict", churn, {"target": "churned"}),
        ("churn", "prescribe", churn, {"target": "churned", "goal": "decrease"}),
        ("tips", "describe", tips, {}),
        ("tips", "diagnose", tips, {"target": "tip"}),
        ("stocks", "narrate", px.line(stocks, x="date", y=["GOOG", "AAPL", "MSFT"]), {}),
    ]


def evaluate(config: GenAnalyst) -> dict[str, Any]:
    rows = []
    totals = {"numbers": 0, "verified": 0, "shown_unmarked_unverified": 0, "candidates": 0,
              "llm": 0, "off_topic": 0}  # fmt: skip
    for dataset, kind, obj, kwargs in cases():
        analysis = getattr(ga, kind)(obj, config=config, show_progress=False, **kwargs)
        for proposal in analysis.proposals:
            totals["candidates"] += 1
            if proposal.origin != "llm" or proposal.grounding is None:
                continue
            totals["llm"] += 1
            totals["off_topic"] += bool(proposal.note and proposal.note.startswith("Off-topic"))
            numbers = proposal.grounding.numbers
            totals["numbers"] += len(numbers)
            totals["verified"] += sum(n.verified for n in numbers)
            marked = proposal.marked_narrative or ""
            for number in numbers:
                if not number.verified and not re.search(
                    re.escape(number.text) + r"\s*\[unverified\]", marked
                ):
                    totals["shown_unmarked_unverified"] += 1
        rows.append({"dataset": dataset, "kind": kind, "notice": analysis.notice,
                     "faithfulness": round(analysis.faithfulness, 3),
                     "seconds": round(analysis.seconds, 1)})  # fmt: skip
    numbers = totals["numbers"] or 1
    return {
        "per_case": rows,
        "totals": totals,
        "faithfulness_before_check": round(totals["verified"] / numbers, 3),
        "unverified_shown_unmarked_after_check": totals["shown_unmarked_unverified"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url")
    parser.add_argument("--candidates", type=int, default=3)
    args = parser.parse_args()
    if args.base_url:
        result = evaluate(GenAnalyst(base_url=args.base_url, candidates=args.candidates))
    else:
        from jupyter_genanalyst.llm.server import running_server

        with running_server() as server:
            os.environ["GENANALYST_API_KEY"] = server.api_key
            config = GenAnalyst(base_url=server.base_url, candidates=args.candidates, timeout=300)
            result = evaluate(config)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
