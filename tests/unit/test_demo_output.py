"""`make demo` prints a review a manager would keep, in English and in Traditional Chinese.

The demo runs `genanalyst analyze examples/retail_sales.csv --kind describe --language L
--check` against the bundled model; here the same function (`cli.analyze_file`) runs with an
in-memory model that fills the constrained roles, so the printed text is deterministic.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from jupyter_genanalyst import cli
from jupyter_genanalyst.i18n import review_words
from tests.fake_model import FakeChatModel

RETAIL = Path(__file__).parents[2] / "examples" / "retail_sales.csv"


def _roles(messages: list[dict[str, str]], schema: Mapping[str, Any] | None) -> str:
    """A small model that fills every constrained role: picks the offered facts, the last
    headline, and 'rephrases' a fact by echoing its sentence."""
    props = (schema or {}).get("properties", {})
    if "fact_ids" in props:
        return json.dumps({"fact_ids": props["fact_ids"]["items"]["enum"][:3]})
    if "choice" in props:
        return json.dumps({"choice": props["choice"]["enum"][-1]})
    if "sentence" in props:
        asked = messages[-1]["content"]
        return json.dumps({"sentence": re.split(r"Sentence: |句子：", asked)[-1]})
    return json.dumps({"title": "Sales", "narrative": "{{narrative}} about [field_name]"})


def _args(language: str, tmp_path: Path, *extra: str) -> argparse.Namespace:
    """The arguments `make demo` passes (LANGUAGE=…), parsed by the real command line."""
    out = tmp_path / f"demo_{language}.ipynb"
    argv = ["analyze", str(RETAIL), "--kind", "describe", "--language", language, "--check"]
    return cli.build_parser().parse_args([*argv, "--out", str(out), *extra])


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_the_demo_prints_a_sane_review(language: str, tmp_path: Path) -> None:
    model = FakeChatModel([_roles], model="SmolLM2-135M-Instruct.Q4_1.gguf")
    analysis = cli.analyze_file(_args(language, tmp_path), model=model)
    text = cli.report(analysis)
    assert model.sent, "the model was asked"
    assert cli.report_problems(analysis, text) == []
    shown = [p for p in analysis.bundle["proposals"] if not p.get("hidden")]
    assert shown[0]["origin"] == "template"  # the storyteller's card comes first
    assert not re.search(r"\{\{|\[field_name\]|<placeholder>", "\n".join(
        f"{p['title']}\n{p['narrative']}" for p in shown
    ))  # fmt: skip
    words = review_words(language)
    model_cards = [i for i, p in enumerate(shown, 1) if p["origin"] == "llm"]
    if model_cards:  # the badge names exactly the model's cards
        key = "badge_mixed_one" if len(model_cards) == 1 else "badge_mixed"
        assert words[key].format(cards=", ".join(map(str, model_cards))) in text
        assert "instructions" not in " ".join(cli.report_problems(analysis, text))
    else:
        assert words["badge_facts"] in text
    if language == "zh-Hant":
        assert re.search(r"[\u4e00-\u9fff]", shown[0]["narrative"])
        assert "The main finding" not in text


def test_the_check_catches_a_dishonest_or_broken_review(tmp_path: Path) -> None:
    analysis = cli.analyze_file(_args("en", tmp_path, "--no-llm"))
    text = cli.report(analysis)
    assert cli.report_problems(analysis, text) == []
    assert cli.report_problems(analysis, text + "\nAI-generated") == [
        "says AI-generated, but no shown card is model text"
    ]
    bundle = analysis.bundle
    first = bundle["proposals"][0]
    first["narrative"] += " {{id}} 句子：x"
    first["origin"] = "llm"
    problems = cli.report_problems(analysis, text)
    assert "the first card is not the storyteller's (origin llm)" in problems
    assert any("template debris: {{id}}" in p for p in problems)
    assert f"card {first['id']} repeats the model's instructions" in problems


def test_make_demo_runs_the_check() -> None:
    makefile = (Path(__file__).parents[2] / "Makefile").read_text(encoding="utf-8")
    demo = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "genanalyst analyze examples/retail_sales.csv" in demo and "--check" in demo
