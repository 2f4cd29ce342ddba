"""One frozen, typed request: what the human asked for, validated once at the boundary.

Every entry point (Python API, ``%ga`` magics, the sidebar panel's comm, the CLI) is a thin
parser that builds an :class:`AnalysisRequest` with :func:`make_request` and hands it to
:func:`jupyter_genanalyst.pipeline.run`. Checks that need the data (does the column exist?)
happen in the pipeline's one place for them; everything else is checked here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Literal, cast, get_args

from .errors import GenAnalystError
from .privacy.modes import PrivacyMode, validate_mode

Kind = Literal["describe", "diagnose", "predict", "prescribe", "ask", "narrate"]
KINDS: tuple[Kind, ...] = get_args(Kind)
Goal = Literal["increase", "decrease"]
GOALS: tuple[Goal, ...] = get_args(Goal)
Language = Literal["en", "zh-Hant"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
MAX_CANDIDATES = 10
MAX_HORIZON = 1000  # periods ahead; a forecast further out is noise, and slow to compute
_LANGUAGE_ALIASES = {"zh-tw": "zh-Hant", "zh_tw": "zh-Hant", "zh-hant": "zh-Hant", "zh": "zh-Hant"}


@dataclass(frozen=True)
class AnalysisRequest:
    """An analysis request. Construct it with :func:`make_request` from loose values."""

    kind: Kind
    frame_name: str = "df"  # the variable name, used in generated code and provenance
    target: str | None = None
    time: str | None = None
    goal: Goal = "increase"
    horizon: int | None = None
    question: str | None = None
    language: Language | None = None  # None: GenAnalyst.language
    candidates: int | None = None  # None: GenAnalyst.candidates
    privacy: PrivacyMode | None = None  # None: GenAnalyst.privacy
    llm: bool = True

    def __post_init__(self) -> None:
        _validate(self)

    def with_(self, **changes: Any) -> AnalysisRequest:
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The request as it goes into the output bundle (no defaults that say nothing)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


FIELDS = tuple(f.name for f in fields(AnalysisRequest))


def make_request(kind: object, **values: Any) -> AnalysisRequest:
    """Build a request from loosely typed values (strings from a form, argparse, JSON).

    Empty strings mean "not given". Every mistake
    is one :class:`GenAnalystError` line that names the field and the fix.
    """
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise GenAnalystError(f"Unknown request field(s): {', '.join(unknown)}.")
    clean: dict[str, Any] = {k: (None if v == "" else v) for k, v in values.items()}
    for name in ("horizon", "candidates"):
        clean[name] = _whole_number(name, clean.get(name))
    for name in ("frame_name", "target", "time", "question"):
        if clean.get(name) is not None and not isinstance(clean[name], str):
            raise GenAnalystError(f"{name} must be a string, not {type(clean[name]).__name__}.")
    if clean.get("frame_name") is None:
        clean.pop("frame_name", None)
    if clean.get("goal") is None:
        clean.pop("goal", None)
    if clean.get("llm") is None:
        clean.pop("llm", None)
    if isinstance(clean.get("question"), str):
        clean["question"] = clean["question"].strip() or None
    if clean.get("privacy") is not None:
        clean["privacy"] = validate_mode(clean["privacy"])
    if clean.get("language") is not None:
        clean["language"] = normalize_language(clean["language"])
    return AnalysisRequest(kind=cast(Kind, kind), **clean)


def normalize_language(value: object) -> Language:
    """``en`` or ``zh-Hant`` (``zh-TW``, ``zh_tw`` and case are forgiven)."""
    if isinstance(value, str):
        text = value.strip()
        if text in LANGUAGES:
            return cast(Language, text)
        alias = _LANGUAGE_ALIASES.get(text.lower()) or (
            "en" if text.lower() in ("en", "en-us", "en-gb", "english") else None
        )
        if alias:
            return cast(Language, alias)
    raise GenAnalystError(f"language must be one of {', '.join(LANGUAGES)}, not {value!r}.")


def _whole_number(name: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise GenAnalystError(f"{name} must be a whole number, not {value!r}.")
    return int(value)


def _validate(request: AnalysisRequest) -> None:
    """The data-free rules of a request; one line per mistake."""
    if request.kind not in KINDS:
        raise GenAnalystError(
            f"Unknown analysis kind {request.kind!r}; one of: {', '.join(KINDS)}."
        )
    if not isinstance(request.frame_name, str) or not request.frame_name.isidentifier():
        raise GenAnalystError(
            f"frame name must be a Python identifier, not {request.frame_name!r}."
        )
    if request.goal not in GOALS:
        raise GenAnalystError(f"goal must be 'increase' or 'decrease', not {request.goal!r}.")
    if request.candidates is not None and not 1 <= request.candidates <= MAX_CANDIDATES:
        raise GenAnalystError(f"candidates must be between 1 and {MAX_CANDIDATES}.")
    if request.horizon is not None and not 1 <= request.horizon <= MAX_HORIZON:
        raise GenAnalystError(
            f"horizon must be between 1 and {MAX_HORIZON} periods, not {request.horizon}."
        )
    if request.privacy is not None:
        validate_mode(request.privacy)
    if request.language is not None and request.language not in LANGUAGES:
        raise GenAnalystError(
            f"language must be one of {', '.join(LANGUAGES)}, not {request.language!r}."
        )
    if not isinstance(request.llm, bool):
        raise GenAnalystError("llm must be true or false.")
    if request.kind in ("predict", "prescribe") and not request.target:
        raise GenAnalystError(
            f"{request.kind} needs a target column: e.g. target='revenue' (--target revenue)."
        )
    if request.kind == "ask" and not (request.question and request.question.strip()):
        raise GenAnalystError("ask needs a question, e.g. ask(df, 'Which region grew most?').")
