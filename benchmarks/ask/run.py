"""Ask benchmark: accuracy of the first card (the answer stated to the asked precision) by
category and language, with the parser alone and with the bundled model, and the p50/p90
latency of the first card.

    python -m benchmarks.ask.run                         # parser alone
    python -m benchmarks.ask.run --model --every 6       # plus the bundled model, a sample
    python -m benchmarks.ask.run --model --mode diverge  # ask the model on every question
    python -m benchmarks.ask.run --limit 20 --out /tmp/ask.json

``--model`` uses the configured server when one answers (``genanalyst serve``, or
``--base-url``), else starts the bundled model for the run. ``--mode fallback`` (the
default, what ``%%ga ask`` does) asks the model only when the parser cannot map the question;
``diverge`` asks it every time and offers its differing plan as a second card. Each row
records three verdicts: the first card (what the user sees first), the parser's plan alone,
and the model's own plan (executed by our code) when the model was asked. ``--every N`` takes
every Nth question *within each category*, so a sample keeps every category.

Latency is wall-clock from the call to the first card being available (``answer`` returns all
cards at once, so that is the call). Time it only on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import warnings
from collections import defaultdict
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.plan import answer, answer_plan

from .corpus import Q, corpus, expected_text
from .frames import FRAMES


def stated(title: str) -> str:
    """The value a card states first (its title up to the dash)."""
    return title.split(" — ")[0].strip()


def states(title: str | None, want: str) -> bool:
    return title is not None and stated(title).removesuffix("%") == want


def sample(questions: list[Q], every: int) -> list[Q]:
    """Every Nth question within each category (the first of each kept), in corpus order."""
    if every <= 1:
        return list(questions)
    seen: dict[str, int] = defaultdict(int)
    out = []
    for q in questions:
        if seen[q.category] % every == 0:
            out.append(q)
        seen[q.category] += 1
    return out


def _model_verdict(got: Any, frame: Any, want: str, parser_ok: bool | None) -> bool | None:
    """Whether the model's own plan states the answer (None: the model was not asked)."""
    mp = got.model_plan
    if mp is None:
        return None
    if mp.plan is None:
        return False
    if "model" in got.sources:
        return states(got.proposals[got.sources.index("model")].title, want)
    parser = got.sources.index("parser") if "parser" in got.sources else None
    if parser is not None and got.plans[parser] == mp.plan:  # dropped as equal to the parser's
        return bool(parser_ok)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return states(answer_plan(frame, mp.plan).proposals[0].title, want)
    except (GenAnalystError, ValueError, TypeError, KeyError, IndexError, ArithmeticError):
        return False


def run(
    questions: list[Q], model: Any = None, log: str = "", mode: str = "fallback"
) -> dict[str, Any]:
    frames = {name: make() for name, make in FRAMES.items()}
    rows = []
    for q in questions:
        frame = frames[q.frame]
        want = expected_text(q, frame)
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = answer(frame, q.question, model=model, model_mode=mode)  # type: ignore[arg-type]
        seconds = time.perf_counter() - t0
        first = got.proposals[0]
        ok = got.mapped and states(first.title, want)
        parser_ok = (
            states(got.proposals[got.sources.index("parser")].title, want)
            if "parser" in got.sources
            else False
        )
        rows.append(
            {
                "frame": q.frame,
                "category": q.category,
                "language": q.language,
                "question": q.question,
                "expected": want,
                "stated": stated(first.title) if got.mapped else None,
                "ok": ok,
                "parser_ok": parser_ok,
                "model_ok": _model_verdict(got, frame, want, parser_ok),
                "unmapped": list(got.unmapped),
                "sources": got.sources,
                "model_asked": got.model_plan is not None,
                "model_error": got.model_plan.error if got.model_plan else None,
                "model_valid": bool(got.model_plan and got.model_plan.plan),
                "model_agrees": bool(
                    got.model_plan and got.model_plan.plan and got.sources == ["parser"]
                ),
                "seconds": seconds,
            }
        )
        if log:  # one line per question, so a slow run that is stopped still reports
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(rows[-1], ensure_ascii=False) + "\n")
    return summarize(rows)


def _quantile(values: list[float], q: float) -> float | None:
    """The q-quantile (inclusive method; the median for 0.5), None for no values."""
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 4)
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1], 4)


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    by: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by[r["category"]].append(r)
        by["lang:" + r["language"]].append(r)

    def cell(group: list[dict[str, Any]]) -> dict[str, Any]:
        asked = [r["model_ok"] for r in group if r["model_ok"] is not None]
        n = len(group)
        return {
            "n": n,
            "correct": sum(r["ok"] for r in group),
            "accuracy": round(sum(r["ok"] for r in group) / n, 3),
            "parser_correct": sum(r["parser_ok"] for r in group),
            "model_asked": len(asked),
            "model_correct": sum(asked),
        }

    seconds = sorted(r["seconds"] for r in rows)
    asked_seconds = sorted(r["seconds"] for r in rows if r["model_asked"])
    ok = sum(r["ok"] for r in rows)
    return {
        "n": len(rows),
        "correct": ok,
        "accuracy": round(ok / len(rows), 3) if rows else 0.0,
        "parser_correct": sum(r["parser_ok"] for r in rows),
        "model_asked": sum(r["model_asked"] for r in rows),
        "model_correct": sum(bool(r["model_ok"]) for r in rows),
        "p50_seconds": _quantile(seconds, 0.5),
        "p90_seconds": _quantile(seconds, 0.9),
        "p50_seconds_model_asked": _quantile(asked_seconds, 0.5),
        "p90_seconds_model_asked": _quantile(asked_seconds, 0.9),
        "model_valid_plans": sum(r["model_valid"] for r in rows),
        "model_agrees_with_parser": sum(r["model_agrees"] for r in rows),
        "by": {k: cell(v) for k, v in sorted(by.items())},
        "failures": [r for r in rows if not r["ok"]],
    }


def _model(base_url: str) -> tuple[Any, AbstractContextManager[Any]]:
    """A client for the configured (or given) server; the bundled model started for the run
    when none answers."""
    from jupyter_genanalyst.config import GenAnalyst
    from jupyter_genanalyst.llm.client import LLMClient

    config = GenAnalyst(base_url=base_url, timeout=120) if base_url else GenAnalyst(timeout=120)
    client = LLMClient(config)
    try:
        client.info()  # fail now, not per question
        return client, nullcontext()
    except GenAnalystError:
        if base_url:
            raise
    from jupyter_genanalyst.llm.server import running_server

    context = running_server()
    started = context.__enter__()
    os.environ["GENANALYST_API_KEY"] = started.api_key
    client = LLMClient(GenAnalyst(base_url=started.base_url, timeout=120))
    client.info()
    return client, context


def _print(report: dict[str, Any], with_model: bool) -> None:
    head = f"{'category':<16}{'n':>5}{'first card':>12}{'parser':>8}"
    print(head + (f"{'model plan':>12}" if with_model else ""))
    rows = [*report["by"].items(), ("all", report)]
    for k, v in rows:
        line = f"{k:<16}{v['n']:>5}{v['correct']:>6} {v['correct'] / v['n']:>5.0%}"
        line += f"{v['parser_correct']:>8}"
        if with_model:
            line += f"{v['model_correct']:>6}/{v['model_asked']:<5}"
        print(line)
    print(
        f"first card latency: p50 {report['p50_seconds']} s, p90 {report['p90_seconds']} s"
        " (meaningful only on a quiet machine)"
    )
    if with_model:
        print(
            f"  questions the model was asked: {report['model_asked']}; their p50 "
            f"{report['p50_seconds_model_asked']} s, p90 {report['p90_seconds_model_asked']} s"
        )
        print(
            f"model plans valid: {report['model_valid_plans']}/{report['model_asked']}, "
            f"equal to the parser's: {report['model_agrees_with_parser']}, "
            f"stating the answer: {report['model_correct']}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--model", action="store_true", help="also ask the model planner")
    ap.add_argument("--base-url", default="", help="the model server (default: configured)")
    ap.add_argument("--mode", default="fallback", choices=("fallback", "diverge"),
                    help="when the model is asked (default: as %%ga ask does)")  # fmt: skip
    ap.add_argument("--limit", type=int, default=0, help="first N questions only")
    ap.add_argument("--skip", type=int, default=0, help="skip the first N (resume a run)")
    ap.add_argument("--every", type=int, default=1, help="every Nth question of each category")
    ap.add_argument("--heldout", type=int, default=0, choices=(0, 1, 2, 3), help="held-out round")
    ap.add_argument("--out", default="", help="write the full report (with failures) as JSON")
    ap.add_argument("--log", default="", help="append each question's row (JSON lines)")
    args = ap.parse_args(argv)
    from .heldout import HELDOUT, HELDOUT_2, HELDOUT_3

    pool = {1: HELDOUT, 2: HELDOUT_2, 3: HELDOUT_3}.get(args.heldout) or corpus()
    questions = sample(pool, args.every)[args.skip :][: args.limit or None]
    model, context = _model(args.base_url) if args.model else (None, nullcontext())
    try:
        report = run(questions, model, args.log, args.mode)
    finally:
        context.__exit__(None, None, None)
    report["mode"] = args.mode if args.model else "parser"
    _print(report, args.model)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(report, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
