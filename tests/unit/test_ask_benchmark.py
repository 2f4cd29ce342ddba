"""The ask benchmark's report (benchmarks/ask/run.py): a per-category sample, the three
verdicts per question (first card, parser alone, the model's own plan) and p50/p90 latency."""

from __future__ import annotations

import json

from benchmarks.ask.corpus import corpus
from benchmarks.ask.run import run, sample
from tests.fake_model import FakeChatModel


def test_every_n_samples_within_each_category() -> None:
    questions = corpus()
    picked = sample(questions, 6)
    assert {q.category for q in picked} == {q.category for q in questions}
    assert len(picked) < len(questions) // 4
    assert sample(questions, 1) == questions


def test_report_has_parser_first_card_and_model_verdicts_and_p90() -> None:
    questions = sample(corpus(), 12)[:6]
    count_plan = json.dumps({"version": "1", "op": "count"})  # a valid plan, mostly wrong
    report = run(questions, FakeChatModel([count_plan]), mode="diverge")
    assert report["n"] == 6 and report["model_asked"] == 6
    assert report["correct"] == report["parser_correct"] == 6  # the parser's card comes first
    assert report["model_correct"] < 6
    assert report["p50_seconds"] is not None and report["p90_seconds"] >= report["p50_seconds"]
    for cell in report["by"].values():
        assert {"n", "correct", "parser_correct", "model_asked", "model_correct"} <= set(cell)
    fallback = run(questions, FakeChatModel([count_plan]), mode="fallback")
    assert fallback["model_asked"] == 0  # the parser mapped them all: no model latency
