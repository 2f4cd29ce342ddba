"""The magics and the CLI parse the same options from the kinds table, and round-trip."""

from __future__ import annotations

import shlex

import pandas as pd
import pytest

from jupyter_genanalyst.arguments import magic_source, request_from_args
from jupyter_genanalyst.cli import main
from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.kinds import SPECS
from jupyter_genanalyst.notebook.magics import _parser, check_into_name
from jupyter_genanalyst.request import make_request

REQUESTS = [
    make_request("describe", frame_name="sales", time="date", language="zh-Hant"),
    make_request("diagnose", target="revenue", time="date", privacy="aggregate", candidates=2),
    make_request("predict", target="units", horizon=12, llm=False),
    make_request("prescribe", target="churned", goal="decrease"),
    make_request("ask", frame_name="t", question="Which region grew most, to 2 decimals?"),
]


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: r.kind)
def test_the_magic_line_written_for_a_request_parses_back_to_it(request_: object) -> None:
    source = magic_source(request_)  # type: ignore[arg-type]
    first, _, body = source.partition("\n")
    words = shlex.split(first.lstrip("%").removeprefix("%").removeprefix("ga "))
    args = _parser().parse_args(words)
    spec = SPECS[args.command]
    again = request_from_args(spec, args, frame_name=args.frame, question=body or None)
    assert again == request_


def test_every_kind_option_is_a_magic_and_a_cli_option() -> None:
    for kind, spec in SPECS.items():
        flags = {a.dest for a in _parser()._subparsers._group_actions[0].choices[kind]._actions}  # type: ignore[union-attr]
        assert {o for o in spec.options if o != "question"} <= flags, kind


def test_an_option_the_kind_does_not_take_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "examples/churn.csv", "--target", "churned", "--no-llm"]) == 2
    err = capsys.readouterr().err
    assert "describe does not take --target." in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("__builtins__", "reserved"),
        ("get_ipython", "reserved"),
        ("print", "reserved"),
        ("class", "valid variable name"),
        ("2x", "valid variable name"),
        ("model", "already holds a str"),
    ],
)
def test_into_refuses_names_that_would_break_the_session(name: str, fragment: str) -> None:
    namespace = {"model": "keep me", "old": pd.DataFrame({"a": [1]})}
    with pytest.raises(GenAnalystError, match=fragment):
        check_into_name(name, namespace)


def test_into_may_create_or_replace_a_frame() -> None:
    namespace = {"old": pd.DataFrame({"a": [1]})}
    check_into_name("old", namespace)
    check_into_name("fresh", namespace)
