"""Next questions: ranked follow-ups from facts, in English and Traditional Chinese, as magics."""

from __future__ import annotations

import argparse
import shlex

import pandas as pd
import pytest

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.arguments import add_request_options, request_from_args
from jupyter_genanalyst.kinds import spec
from jupyter_genanalyst.next_questions import MAX_QUESTIONS, next_questions
from jupyter_genanalyst.request import make_request
from jupyter_genanalyst.story import _diagnosis

from .planted_story import SPIKE_DAY, daily_sales


@pytest.fixture(scope="module")
def diagnosis() -> ga.FactSet:
    return _diagnosis(daily_sales(), "sales", "date")


def test_questions_follow_the_findings_best_first(diagnosis: ga.FactSet) -> None:
    request = make_request("diagnose", target="sales", time="date", llm=False)
    qs = next_questions(diagnosis, request, "en")
    assert 1 <= len(qs) <= MAX_QUESTIONS
    assert [q.score for q in qs] == sorted((q.score for q in qs), reverse=True)
    assert SPIKE_DAY in qs[0].text and qs[0].request.kind == "ask"
    kinds = {q.request.kind for q in qs}
    assert {"ask", "predict", "prescribe"} <= kinds
    assert all(q.request.kind != "diagnose" or q.request.target != "sales" for q in qs)
    assert len({q.magic for q in qs}) == len(qs)


def test_traditional_chinese_questions_ask_in_chinese(diagnosis: ga.FactSet) -> None:
    request = make_request("diagnose", target="sales", time="date")
    qs = next_questions(diagnosis, request, "zh-Hant")
    assert all(q.request.language == "zh-Hant" for q in qs)
    assert any(SPIKE_DAY in q.text and "最高" in q.text for q in qs)
    assert any("提高" in q.text for q in qs)
    assert all("--language zh-Hant" in q.magic for q in qs)


def test_each_magic_parses_back_to_its_request(diagnosis: ga.FactSet) -> None:
    request = make_request("diagnose", target="sales", time="date", llm=False)
    for q in next_questions(diagnosis, request, "en"):
        line, _, body = q.magic.partition("\n")
        kind, frame, *flags = shlex.split(line.lstrip("%").removeprefix("ga "))
        parser = argparse.ArgumentParser()
        add_request_options(parser, spec(q.request.kind))
        args = parser.parse_args(flags)
        again = request_from_args(
            spec(q.request.kind), args, frame_name=frame, question=body or None
        )
        assert kind == q.request.kind and again == q.request, q.magic


def test_describe_facts_lead_to_diagnosis_and_missingness() -> None:
    df = daily_sales().assign(note=lambda d: [None, "缺貨"] * (len(d) // 2))
    request = make_request("describe", time="date")
    qs = next_questions(ga.describe(df, time="date"), request)
    texts = [q.text for q in qs]
    assert "Why is note missing?" in texts
    why = next(q for q in qs if q.text == "Why is note missing?")
    assert why.request.kind == "diagnose"  # diagnose tests what goes with the missing values
    assert any(q.request.kind == "diagnose" and q.request.target == "sales" for q in qs)


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_every_ask_question_offered_is_one_the_planner_answers(
    diagnosis: ga.FactSet, language: str
) -> None:
    """A next question is useful only when asking it computes an answer: each ask question
    maps to a plan on the frame, and a date in it filters to that day."""
    from jupyter_genanalyst.plan.parse import parse_question

    frame = daily_sales()
    request = make_request("diagnose", target="sales", time="date", llm=False)
    asks = [q for q in next_questions(diagnosis, request, language) if q.request.kind == "ask"]
    assert asks
    for q in asks:
        parsed = parse_question(str(q.request.question), frame)
        assert parsed.plan is not None, (q.text, parsed.unmapped)
        if SPIKE_DAY in q.text:
            assert any(f.column == "date" and f.op == "between" for f in parsed.plan.filters)


def test_no_facts_no_questions() -> None:
    assert next_questions([], make_request("describe")) == []
    quiet = pd.DataFrame({"a": [1.0, 2.0, 3.0]})
    qs = next_questions(ga.describe(quiet), make_request("describe"))
    assert all(q.request.kind in ("ask", "diagnose") for q in qs)


# --- after every analysis: in the bundle, the review and the static fallback ---------------
def test_every_analysis_bundle_carries_its_next_questions_in_the_users_language() -> None:
    from jupyter_genanalyst import api
    from jupyter_genanalyst.bundle import bundle_markdown
    from jupyter_genanalyst.review.widget import next_questions_html
    from jupyter_genanalyst.schema import bundle_errors

    df = daily_sales()
    for language, words in (("en", "What could we change"), ("zh-Hant", "可以調整什麼")):
        bundle = api.diagnose(df, target="sales", time="date", llm=False, language=language).bundle
        assert bundle_errors(bundle) == []
        questions = bundle["next_questions"]
        assert 1 <= len(questions) <= MAX_QUESTIONS
        first = questions[0]
        assert first["text"].startswith(words)
        assert first["magic"].startswith("%ga prescribe df --target sales")
        assert first["request"]["kind"] == "prescribe" and first["request"]["target"] == "sales"
        heading = "Next questions" if language == "en" else "接下來可以問"
        assert heading in bundle_markdown(bundle) and first["magic"] in bundle_markdown(bundle)
        assert heading in next_questions_html(bundle)
        assert first["magic"] in next_questions_html(bundle)


def test_each_story_stage_offers_the_next_questions_its_findings_raise() -> None:
    from jupyter_genanalyst.story import story

    st = story(daily_sales(), target="sales", time="date", llm=False)
    diag = st.stage("diagnose").analysis.bundle["next_questions"]
    texts = [q["text"] for q in diag]
    assert any(SPIKE_DAY in t for t in texts)  # "what happened on that day"
    day = next(q for q in diag if SPIKE_DAY in q["text"])
    assert day["magic"].startswith("%%ga ask df") and day["request"]["kind"] == "ask"
