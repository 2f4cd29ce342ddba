"""Narratives worth keeping: storyteller alone, or with the model's constrained roles.

For each request of frames.REQUESTS, in en and zh-Hant: compute the facts, write the
storyteller cards (and, with --base-url or --serve, up to --candidates model candidates
through narrate.roles), prune them, and score every shown candidate with keep.why_not_kept.
Reports: share of shown candidates worth keeping, first card worth keeping (per request),
nonsense shown (shown and not worth keeping), hidden counts, and per request the seconds to
compute the facts, to the first (storyteller) card after the facts, and for the model's
candidates. The timings mean something only on a quiet machine (one llama server, nothing
else heavy running).

Run: .venv/bin/python benchmarks/narratives/run.py [--small] [--story-cards 2]
     [--base-url http://127.0.0.1:PORT/v1 | --serve] [--candidates 3] [--grammar] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import jupyter_genanalyst.facts as ga
from benchmarks.narratives.frames import REQUESTS, Request, figures, frames
from benchmarks.narratives.keep import why_not_kept
from jupyter_genanalyst.facts.figures import figure_facts
from jupyter_genanalyst.facts.types import FactSet
from jupyter_genanalyst.llm.model import ChatModel
from jupyter_genanalyst.narrate.prune import prune
from jupyter_genanalyst.narrate.roles import constrained_candidates
from jupyter_genanalyst.narrate.story import story_proposals

LANGUAGES = ("en", "zh-Hant")


def facts_for(request: Request, frame: Any) -> FactSet:
    options = dict(request.options)
    if request.kind == "narrate":
        return figure_facts(figures(request.frame, frame))
    if request.kind in ("diagnose", "ask"):
        return ga.diagnose(frame, **options)
    if request.kind == "describe":
        return ga.describe(frame, **options)
    if request.kind == "predict":
        return ga.predict(frame, **options)
    return ga.prescribe(frame, **options)


def evaluate(
    size: str,
    story_cards: int,
    model: ChatModel | None,
    candidates: int,
    grammar: bool,
    max_requests: int | None = None,
) -> dict[str, Any]:
    data = frames(size)
    rows: list[dict[str, Any]] = []
    requests = REQUESTS
    if max_requests is not None and max_requests < len(REQUESTS):
        step = len(REQUESTS) / max_requests  # spread over frames and kinds
        requests = tuple(REQUESTS[int(i * step)] for i in range(max_requests))
    for request in requests:
        frame = data[request.frame]
        started = time.perf_counter()
        facts = facts_for(request, frame)
        facts_seconds = time.perf_counter() - started
        name = "df"
        for language in LANGUAGES:
            started = time.perf_counter()
            cards = story_proposals(
                facts, kind=request.kind, frame_name=name, language=language, n=story_cards
            )
            first_card_seconds = time.perf_counter() - started
            model_seconds = None
            if model is not None:
                started = time.perf_counter()
                leads = [c.fact_ids[0] for c in cards if c.fact_ids]
                cards += constrained_candidates(
                    facts,
                    model,
                    kind=request.kind,
                    language=language,
                    n=candidates,
                    frame_name=name,
                    exclude_leads=leads,
                    use_grammar=grammar,
                    seed=0,
                )
                model_seconds = time.perf_counter() - started
            pruned = prune(
                cards, facts, columns=[str(c) for c in frame.columns], frame_name=name,
                language=language,
            )  # fmt: skip
            shown = [p for p in pruned if p.hidden is None]
            verdicts = [why_not_kept(p, facts, frame, name) for p in shown]
            rows.append(
                {
                    "frame": request.frame,
                    "kind": request.kind,
                    "language": language,
                    "shown": len(shown),
                    "hidden": len(pruned) - len(shown),
                    "facts_seconds": facts_seconds,
                    "first_card_seconds": first_card_seconds,
                    "model_seconds": model_seconds,
                    "hidden_reasons": [p.hidden for p in pruned if p.hidden],
                    "kept": sum(v is None for v in verdicts),
                    "first_kept": bool(verdicts) and verdicts[0] is None,
                    "model_shown": sum(p.origin == "llm" for p in shown),
                    "model_kept": sum(
                        p.origin == "llm" and v is None
                        for p, v in zip(shown, verdicts, strict=True)
                    ),
                    "not_kept": [
                        {"title": p.title, "why": v}
                        for p, v in zip(shown, verdicts, strict=True)
                        if v
                    ],
                }
            )
    return summarize(rows)


def quantiles(values: Sequence[float]) -> dict[str, float] | None:
    """p50 and p90 (``statistics.quantiles``' inclusive method), or None without values."""
    if not values:
        return None
    if len(values) == 1:
        return {"p50": values[0], "p90": values[0]}
    cuts = statistics.quantiles(values, n=10, method="inclusive")
    return {"p50": statistics.median(values), "p90": cuts[8]}


def summarize(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    shown = sum(r["shown"] for r in rows)
    kept = sum(r["kept"] for r in rows)
    model_shown = sum(r["model_shown"] for r in rows)
    return {
        "requests": len(rows),
        "shown": shown,
        "worth_keeping_share": kept / shown if shown else 0.0,
        "first_card_worth_keeping_share": sum(r["first_kept"] for r in rows) / len(rows),
        "nonsense_shown": shown - kept,
        "hidden": sum(r["hidden"] for r in rows),
        "model_shown": model_shown,
        "model_worth_keeping_share": (
            sum(r["model_kept"] for r in rows) / model_shown if model_shown else None
        ),
        "facts_seconds": quantiles([r["facts_seconds"] for r in rows]),
        "first_card_seconds": quantiles([r["first_card_seconds"] for r in rows]),
        "model_seconds": quantiles(
            [r["model_seconds"] for r in rows if r["model_seconds"] is not None]
        ),
        "rows": list(rows),
    }


def _model(args: argparse.Namespace) -> tuple[ChatModel | None, Any]:
    if not (args.base_url or args.serve):
        return None, None
    from jupyter_genanalyst.config import GenAnalyst
    from jupyter_genanalyst.llm.client import LLMClient

    server = None
    base_url = args.base_url
    if args.serve:
        from jupyter_genanalyst.llm.server import running_server

        server = running_server()
        started = server.__enter__()
        os.environ["GENANALYST_API_KEY"] = started.api_key
        base_url = started.base_url
    config = GenAnalyst(base_url=base_url, timeout=300, cache=False)
    return LLMClient(config), server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="small frames (a correctness run)")
    parser.add_argument("--story-cards", type=int, default=2, help="storyteller cards shown")
    parser.add_argument("--base-url", help="an OpenAI-compatible server for the model roles")
    parser.add_argument("--serve", action="store_true", help="start the bundled model for the run")
    parser.add_argument("--candidates", type=int, default=3, help="model candidates per request")
    parser.add_argument("--grammar", action="store_true", help="GBNF-constrained rephrasing")
    parser.add_argument("--json", type=Path, help="write the full result here")
    parser.add_argument("--max-requests", type=int, help="a spread subset of the requests")
    args = parser.parse_args()
    model, server = _model(args)
    try:
        result = evaluate(
            "small" if args.small else "full",
            args.story_cards,
            model,
            args.candidates,
            args.grammar,
            args.max_requests,
        )
    finally:
        if server is not None:
            server.__exit__(None, None, None)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    print(f"requests (frame × kind × language): {result['requests']}")
    print(f"shown candidates: {result['shown']}  hidden: {result['hidden']}")
    print(f"shown candidates worth keeping: {result['worth_keeping_share']:.1%}")
    print(f"first card worth keeping: {result['first_card_worth_keeping_share']:.1%}")
    print(f"nonsense shown: {result['nonsense_shown']}")
    if result["model_shown"] is not None and model is not None:
        share = result["model_worth_keeping_share"]
        print(f"model candidates shown: {result['model_shown']}  worth keeping: "
              f"{'n/a' if share is None else f'{share:.1%}'}")  # fmt: skip
    for key, what in (
        ("facts_seconds", "facts"),
        ("first_card_seconds", "first card after the facts"),
        ("model_seconds", f"model candidates (n={args.candidates})"),
    ):
        if result[key]:
            print(f"{what}: p50 {result[key]['p50']:.2f} s, p90 {result[key]['p90']:.2f} s")
    for row in result["rows"]:
        for item in row["not_kept"]:
            print(f"  not kept: {row['frame']}/{row['kind']}/{row['language']}: {item}")


if __name__ == "__main__":
    main()
