"""Command-line style options for a request, built from the kinds table.

The ``%ga`` magics and ``genanalyst analyze`` both add their options with
:func:`add_request_options` and turn the parsed arguments into a request with
:func:`request_from_args`, so the two cannot drift apart.
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any, get_args

from .errors import GenAnalystError
from .kinds import KindSpec, Option
from .privacy.modes import PRIVACY_MODES
from .request import GOALS, LANGUAGES, AnalysisRequest, make_request

COMMON_OPTIONS = ("candidates", "privacy", "llm", "language")
KIND_OPTIONS = get_args(Option)


def add_request_options(parser: argparse.ArgumentParser, spec: KindSpec) -> None:
    """Options for ``spec``'s fields plus the common ones (candidates, privacy, llm, language)."""
    if "target" in spec.options:
        parser.add_argument("--target", required="target" in spec.required, help="target column")
    if "time" in spec.options:
        parser.add_argument("--time", help="date/time column")
    if "horizon" in spec.options:
        parser.add_argument("--horizon", type=int, help="periods to forecast")
    if "goal" in spec.options:
        parser.add_argument("--goal", choices=GOALS, default=None, help="increase or decrease")
    parser.add_argument("-n", "--candidates", type=int, help="number of candidates (1-10)")
    parser.add_argument("--privacy", choices=PRIVACY_MODES)
    parser.add_argument("--language", "--lang", dest="language", metavar="|".join(LANGUAGES))
    parser.add_argument("--no-llm", dest="llm", action="store_false", help="facts only")


def add_all_request_options(parser: argparse.ArgumentParser) -> None:
    """Every kind's options at once, for a command whose kind is itself an option (the CLI);
    :func:`request_from_args` then refuses the ones the chosen kind does not take."""
    parser.add_argument("--target", help="target column (diagnose, predict, prescribe)")
    parser.add_argument("--time", help="date/time column (describe, diagnose, predict)")
    parser.add_argument("--horizon", type=int, help="periods to forecast (predict)")
    parser.add_argument("--goal", choices=GOALS, default=None, help="prescribe: which way")
    parser.add_argument("--question", help="the question (ask)")
    parser.add_argument("-n", "--candidates", type=int, help="number of candidates (1-10)")
    parser.add_argument("--privacy", choices=PRIVACY_MODES)
    parser.add_argument("--language", "--lang", dest="language", metavar="|".join(LANGUAGES))
    parser.add_argument("--no-llm", dest="llm", action="store_false", help="facts only")


def request_from_args(
    spec: KindSpec, args: argparse.Namespace, *, frame_name: str, question: str | None = None
) -> AnalysisRequest:
    """The request the parsed ``args`` describe (validated by :func:`make_request`)."""
    foreign = [
        name
        for name in KIND_OPTIONS
        if name not in spec.options and getattr(args, name, None) is not None
    ]
    if foreign:
        flags = ", ".join(f"--{name}" for name in foreign)
        raise GenAnalystError(f"{spec.kind} does not take {flags}.")
    fields: dict[str, Any] = {name: getattr(args, name) for name in COMMON_OPTIONS}
    for name in spec.options:
        if name != "question":
            fields[name] = getattr(args, name, None)
    if "question" in spec.options:
        fields["question"] = question
    return make_request(spec.kind, frame_name=frame_name, **fields)


def magic_source(request: AnalysisRequest) -> str:
    """The ``%ga`` cell that reproduces ``request`` (the inverse of the magics' parsing)."""
    words = [request.kind, request.frame_name]
    for name in ("target", "time", "horizon", "goal", "language", "privacy", "candidates"):
        value = getattr(request, name)
        if value is not None and not (name == "goal" and request.kind != "prescribe"):
            words += [f"--{name}", str(value)]
    if not request.llm:
        words.append("--no-llm")
    line = " ".join(shlex.quote(w) for w in words)
    if request.question:
        return f"%%ga {line}\n{request.question}"
    return f"%ga {line}"
