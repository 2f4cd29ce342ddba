"""Ask benchmark: accuracy of the first card (the answer stated to the asked precision) by
category and language, with the parser alone and with the bundled model, and p50 latency.

    python -m benchmarks.ask.run                 # parser alone
    python -m benchmarks.ask.run --model         # plus the model planner (needs `genanalyst serve`)
    python -m benchmarks.ask.run --limit 20 --out /tmp/ask.json

Time it only on a quiet machine: latency is wall-clock per question, model call included.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import warnings
from collections import defaultdict
from typing import Any

from jupyter_genanalyst.plan import answer

from .corpus import Q, corpus, expected_text
from .frames import FRAMES


def stated(title: str) -> str:
    """The value a card states first (its title up to the dash)."""
    return title.split(" — ")[0].strip()


def run(questions: list[Q], model: Any = None, log: str = "") -> dict[str, Any]:
    frames = {name: make() for name, make in FRAMES.items()}
    rows = []
    for q in questions:
        frame = frames[q.frame]
        want = expected_text(q, frame)
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = answer(frame, q.question, model=model)
        seconds = time.perf_counter() - t0
        first = got.proposals[0]
        rows.append(
            {
                "frame": q.frame,
                "category": q.category,
                "language": q.language,
                "question": q.question,
                "expected": want,
                "stated": stated(first.title) if got.mapped else None,
                "ok": got.mapped and stated(first.title).removesuffix("%") == want,
                "unmapped": list(got.unmapped),
                "sources": got.sources,
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


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    by: dict[str, list[bool]] = defaultdict(list)
    for r in rows:
        by[r["category"]].append(r["ok"])
        by["lang:" + r["language"]].append(r["ok"])
    table = {
        k: {"n": len(v), "correct": sum(v), "accuracy": round(sum(v) / len(v), 3)}
        for k, v in sorted(by.items())
    }
    ok = sum(r["ok"] for r in rows)
    return {
        "n": len(rows),
        "correct": ok,
        "accuracy": round(ok / len(rows), 3) if rows else 0.0,
        "p50_seconds": round(statistics.median(r["seconds"] for r in rows), 4) if rows else None,
        "model_valid_plans": sum(r["model_valid"] for r in rows),
        "model_agrees_with_parser": sum(r["model_agrees"] for r in rows),
        "by": table,
        "failures": [r for r in rows if not r["ok"]],
    }


def _model() -> Any:
    from jupyter_genanalyst.config import GenAnalyst
    from jupyter_genanalyst.llm.client import LLMClient

    client = LLMClient(GenAnalyst())
    client.info()  # fail now, not per question
    return client


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", action="store_true", help="also ask the running model server")
    ap.add_argument("--limit", type=int, default=0, help="first N questions only")
    ap.add_argument("--skip", type=int, default=0, help="skip the first N (resume a run)")
    ap.add_argument("--every", type=int, default=1, help="every Nth question (a quick sample)")
    ap.add_argument("--heldout", type=int, default=0, choices=(0, 1, 2), help="held-out round")
    ap.add_argument("--out", default="", help="write the full report (with failures) as JSON")
    ap.add_argument("--log", default="", help="append each question's row (JSON lines)")
    args = ap.parse_args(argv)
    from .heldout import HELDOUT, HELDOUT_2

    questions = ({1: HELDOUT, 2: HELDOUT_2}.get(args.heldout) or corpus())[:: args.every][
        args.skip :
    ][: args.limit or None]
    report = run(questions, _model() if args.model else None, args.log)
    print(f"{'category':<16}{'n':>5}{'correct':>9}{'accuracy':>10}")
    for k, v in report["by"].items():
        print(f"{k:<16}{v['n']:>5}{v['correct']:>9}{v['accuracy']:>10.3f}")
    print(f"{'all':<16}{report['n']:>5}{report['correct']:>9}{report['accuracy']:>10.3f}")
    print(f"p50 latency: {report['p50_seconds']} s (meaningful only on a quiet machine)")
    if args.model:
        print(
            f"model plans valid: {report['model_valid_plans']}/{report['n']}, "
            f"equal to the parser's: {report['model_agrees_with_parser']}"
        )
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(report, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
