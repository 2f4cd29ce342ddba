"""The ``%ga`` / ``%%ga`` magics: parse arguments, look up variables, hand off to the API.

Thin on purpose: every analysis is a plain function in :mod:`jupyter_genanalyst.api`.
Errors a user can cause surface as one ``UsageError`` line; the kernel stays alive.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Callable
from typing import Any

import pandas as pd
from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class

from .. import api
from ..config import PRIVACY_MODES, get_config
from ..errors import GenAnalystError
from .comm import register_comm_target

HELP = """\
%ga describe DF [--time COL]
%ga diagnose DF [--target COL] [--time COL]
%ga predict DF --target COL [--time COL] [--horizon N]
%ga prescribe DF --target COL [--goal increase|decrease]
%%ga ask DF            (the question is the cell body)
%ga narrate FIG [FIG ...]
%ga synthesize DF -n N --into NAME
%ga status             (settings and LLM server health)
%ga config             (effective settings)
%ga help
Common options: -n/--candidates N, --privacy mask|aggregate|synthetic|off, --no-llm
Settings: %config GenAnalyst.base_url = "http://127.0.0.1:8765/v1" (see `%ga config`)."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting the kernel."""

    def error(self, message: str) -> Any:
        raise GenAnalystError(f"{message}. Try `%ga help`.")

    def exit(self, status: int = 0, message: str | None = None) -> Any:
        raise GenAnalystError(message or "Try `%ga help`.")


def _parser() -> _Parser:
    parser = _Parser(prog="%ga", add_help=False)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def analysis(name: str) -> _Parser:
        p: _Parser = sub.add_parser(name, add_help=False)
        p.add_argument("frame")
        p.add_argument("-n", "--candidates", type=int)
        p.add_argument("--privacy", choices=PRIVACY_MODES)
        p.add_argument("--no-llm", dest="llm", action="store_false")
        return p

    analysis("describe").add_argument("--time")
    diagnose = analysis("diagnose")
    diagnose.add_argument("--target")
    diagnose.add_argument("--time")
    predict = analysis("predict")
    predict.add_argument("--target", required=True)
    predict.add_argument("--time")
    predict.add_argument("--horizon", type=int)
    prescribe = analysis("prescribe")
    prescribe.add_argument("--target", required=True)
    prescribe.add_argument("--goal", choices=("increase", "decrease"), default="increase")
    analysis("ask").add_argument("question", nargs="*")
    narrate = sub.add_parser("narrate", add_help=False)
    narrate.add_argument("figures", nargs="+")
    narrate.add_argument("-n", "--candidates", type=int)
    narrate.add_argument("--privacy", choices=PRIVACY_MODES)
    narrate.add_argument("--no-llm", dest="llm", action="store_false")
    synth = sub.add_parser("synthesize", add_help=False)
    synth.add_argument("frame")
    synth.add_argument("-n", type=int, required=True)
    synth.add_argument("--into", required=True)
    for name in ("status", "config", "help"):
        sub.add_parser(name, add_help=False)
    return parser


@magics_class
class GenAnalystMagics(Magics):
    """``%ga``: exact facts, LLM-written candidates, human review."""

    @line_cell_magic
    def ga(self, line: str, cell: str | None = None) -> Any:
        try:
            return self._dispatch(line, cell)
        except GenAnalystError as exc:
            raise UsageError(str(exc)) from None
        except KeyboardInterrupt:
            print("GenAnalyst: cancelled; the generation was stopped and nothing was inserted.")
            return None

    def _dispatch(self, line: str, cell: str | None) -> Any:
        try:
            words = shlex.split(line)
        except ValueError as exc:
            raise GenAnalystError(f"Cannot parse the arguments ({exc}).") from None
        if not words or words[0] in ("help", "-h", "--help"):
            print(HELP)
            return None
        args = _parser().parse_args(words)
        if args.command is None:
            raise GenAnalystError(f"Unknown command {words[0]!r}. Try `%ga help`.")
        handler: Callable[[argparse.Namespace, str | None], Any] = getattr(self, f"_{args.command}")
        return handler(args, cell)

    # --- analyses ------------------------------------------------------------------------
    def _options(self, args: argparse.Namespace) -> dict[str, Any]:
        return {"candidates": args.candidates, "privacy": args.privacy, "llm": args.llm,
                "variables": list(self._frames())}  # fmt: skip

    def _describe(self, args: argparse.Namespace, cell: str | None) -> Any:
        return api.describe(self._frame(args.frame), time=args.time, name=args.frame,
                            **self._options(args))  # fmt: skip

    def _diagnose(self, args: argparse.Namespace, cell: str | None) -> Any:
        return api.diagnose(self._frame(args.frame), target=args.target, time=args.time,
                            name=args.frame, **self._options(args))  # fmt: skip

    def _predict(self, args: argparse.Namespace, cell: str | None) -> Any:
        return api.predict(
            self._frame(args.frame), target=args.target, time=args.time, horizon=args.horizon,
            name=args.frame, **self._options(args),
        )  # fmt: skip

    def _prescribe(self, args: argparse.Namespace, cell: str | None) -> Any:
        return api.prescribe(self._frame(args.frame), target=args.target, goal=args.goal,
                             name=args.frame, **self._options(args))  # fmt: skip

    def _ask(self, args: argparse.Namespace, cell: str | None) -> Any:
        question = (cell or "").strip() or " ".join(args.question).strip()
        if not question:
            raise GenAnalystError(
                "Put the question in the cell body: %%ga ask df, then the question."
            )
        return api.ask(self._frame(args.frame), question, name=args.frame, **self._options(args))

    def _narrate(self, args: argparse.Namespace, cell: str | None) -> Any:
        figures = {name: self._variable(name) for name in args.figures}
        target = figures[args.figures[0]] if len(figures) == 1 else figures
        name = args.figures[0] if len(figures) == 1 else "dashboard"
        return api.narrate(
            target, name=name, candidates=args.candidates, privacy=args.privacy, llm=args.llm
        )

    def _synthesize(self, args: argparse.Namespace, cell: str | None) -> Any:
        from .. import synthesize

        if not args.into.isidentifier():
            raise GenAnalystError(f"--into needs a valid variable name, not {args.into!r}.")
        if args.n <= 0:
            raise GenAnalystError("-n must be a positive number of rows.")
        result = synthesize(self._frame(args.frame), args.n)
        self.shell.user_ns[args.into] = result.frame  # type: ignore[union-attr]
        print(f"GenAnalyst: {args.n} synthetic rows stored in `{args.into}`.")
        return result

    # --- status ------------------------------------------------------------------------------
    def _status(self, args: argparse.Namespace, cell: str | None) -> Any:
        from ..status import status_report

        return status_report(get_config())

    def _config(self, args: argparse.Namespace, cell: str | None) -> Any:
        from ..status import settings_table

        return settings_table(get_config())

    # --- variables ---------------------------------------------------------------------------
    def _frames(self) -> dict[str, pd.DataFrame]:
        ns = self.shell.user_ns if self.shell is not None else {}
        return {
            k: v for k, v in ns.items() if isinstance(v, pd.DataFrame) and not k.startswith("_")
        }

    def _variable(self, name: str) -> Any:
        ns = self.shell.user_ns if self.shell is not None else {}
        if name not in ns:
            frames = ", ".join(sorted(self._frames())) or "none yet"
            raise GenAnalystError(
                f"No variable named {name!r} in this notebook (DataFrames here: {frames})."
            )
        return ns[name]

    def _frame(self, name: str) -> Any:
        return self._variable(name)


def register(ipython: Any) -> None:
    get_config()  # registers the configurable so `%config GenAnalyst` works
    ipython.register_magics(GenAnalystMagics)
    register_comm_target(ipython)
