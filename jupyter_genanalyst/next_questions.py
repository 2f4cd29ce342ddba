"""Next questions: after an analysis, a short ranked list of follow-ups built from its facts.

Why: people steer an analysis by asking the next good question; a shift invites "why?",
a driver invites "what could we change?", a model invites "what will happen?". Each
question here comes from one fact (ranked by that fact's importance), is written in the
user's language, and carries the ``%ga`` line that asks it, so the panel can offer it as a
click and a notebook user can copy it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .arguments import magic_source
from .facts.types import Fact
from .request import AnalysisRequest, Language, make_request, normalize_language

MAX_QUESTIONS = 5


@dataclass(frozen=True)
class NextQuestion:
    text: str  # in the requested language
    magic: str  # the %ga line (or %%ga cell) that asks it
    request: AnalysisRequest
    fact_id: str  # the fact it grew from
    score: float  # that fact's importance (higher first)


# (English, Traditional Chinese) templates; {m} measure, {c} column, {p} period, {s} segment
_TEXT = {
    "shift": ("Why did {m} shift starting {p}?", "為什麼 {m} 從 {p} 起出現轉變？"),
    # the day questions are ones the ask planner answers (a date filter, a group maximum)
    "day": ("What was the total {m} on {p}?", "{p} 的 {m} 總和是多少？"),
    "day_by": ("Which {d} had the highest {m} on {p}?", "{p} 哪個 {d} 的 {m} 最高？"),
    "segment": (
        "Will {m} keep its new level in {s}?",
        "{s} 的 {m} 會維持新的水準嗎？",
    ),
    "driver": ("What could we change to {g} {m}?", "可以調整什麼來{g_zh} {m}？"),
    "model": ("Which levers move {m} most?", "哪些因素最能影響 {m}？"),
    "trend": ("What drives {m}?", "是什麼在驅動 {m}？"),
    "missing": ("Why is {c} missing?", "為什麼 {c} 有缺值？"),
}


def next_questions(
    facts: Iterable[Fact], request: AnalysisRequest, language: str | None = None
) -> list[NextQuestion]:
    """Up to MAX_QUESTIONS follow-ups to ``request``'s facts, best first, none repeated."""
    lang = normalize_language(language or request.language or "en")
    out: dict[str, NextQuestion] = {}
    for fact in sorted(facts, key=lambda f: -f.importance):
        q = _question(fact, request, lang)
        if q is not None and q.magic not in out and not _same_as(q.request, request):
            out[q.magic] = q
    return list(out.values())[:MAX_QUESTIONS]


def _same_as(a: AnalysisRequest, b: AnalysisRequest) -> bool:
    return (a.kind, a.target, a.question) == (b.kind, b.target, b.question)


def _question(f: Fact, r: AnalysisRequest, lang: Language) -> NextQuestion | None:
    v = f.values
    m = f.columns[0] if f.columns else ""
    base: dict[str, Any] = {"frame_name": r.frame_name, "time": r.time, "llm": r.llm}
    if lang != "en":
        base["language"] = lang

    def ask(key: str, kind: str, **fields: Any) -> NextQuestion:
        words = {"m": m, "c": m, "p": "", "s": "", "g": r.goal, "g_zh": _GOAL_ZH[r.goal]}
        words.update({k: str(x) for k, x in fields.pop("words", {}).items()})
        text = _TEXT[key][0 if lang == "en" else 1].format(**words)
        if kind == "ask":
            fields["question"] = text
        fields = {k: x for k, x in {**base, **fields}.items() if k in _takes(kind)}
        req = make_request(kind, **fields)
        return NextQuestion(text, magic_source(req), req, f.id, f.importance)

    rules: dict[str, Callable[[], NextQuestion | None]] = {
        "level shift": lambda: ask("shift", "diagnose", target=m, words={"p": v["from_period"]}),
        "dated anomaly": lambda: (
            ask("day_by", "ask", words={"p": v["date"], "d": _dimension(v["segment"])})
            if _dimension(v["segment"])
            else ask("day", "ask", words={"p": v["date"]})
        ),
        "hypothesis": lambda: (
            ask("segment", "predict", target=m, words={"s": v["segment"]})
            if v.get("status") == "supported" and "segment" in v
            else None
        ),
        "driver": lambda: ask("driver", "prescribe", target=m, goal=r.goal),
        "drivers": lambda: (
            ask("driver", "prescribe", target=m, goal=r.goal) if v.get("significant") else None
        ),
        "model": lambda: ask("model", "prescribe", target=m, goal=r.goal),
        "trend": lambda: (
            ask("trend", "diagnose", target=m)
            if float(v.get("p_value", 1.0) or 1.0) < 0.05
            else None
        ),
        "missing": lambda: ask("missing", "diagnose"),  # diagnose tests why values go missing
    }
    if f.topic == "model" or f.id.startswith("pred.model."):
        rule = rules["model"]
    elif f.id.startswith("diag.driver."):
        rule = rules["driver"]
    else:
        rule = rules.get(f.topic, lambda: None)
    try:
        return rule()
    except (KeyError, ValueError):  # a fact without the values its rule reads
        return None


_GOAL_ZH = {"increase": "提高", "decrease": "降低"}


def _dimension(segment: object) -> str:
    """The first column of a segment written 'region = 台中, channel = 網路' ('' for none)."""
    if not isinstance(segment, str) or " = " not in segment:
        return ""
    return segment.split(" = ", 1)[0].strip()


def _takes(kind: str) -> set[str]:
    from .kinds import SPECS

    spec = SPECS[kind]  # type: ignore[index]
    return {"frame_name", "llm", "language", *spec.options}
