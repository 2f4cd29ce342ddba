"""The ``%ga`` / ``%%ga`` magics: parse arguments, look up variables, run the request.

Thin on purpose: the options come from the kinds table (:mod:`jupyter_genanalyst.kinds`)
and every analysis is one :func:`jupyter_genanalyst.pipeline.run`. Errors a user can
cause surface as one ``UsageError`` line; the kernel stays alive.
"""

from __future__ import annotations

import argparse
import builtins
import keyword
import shlex
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class

from .. import pipeline
from ..arguments import add_request_options, request_from_args
from ..config import get_config
from ..errors import GenAnalystError
from ..kinds import SPECS
from ..privacy.modes import PRIVACY_MODES
from ..request import GOALS
from .comm import figures_subject, register_comm_target, user_frames

HELP = """\
%ga describe DF [--time COL]
%ga diagnose DF [--target COL] [--time COL]
%ga predict DF --target COL [--time COL] [--horizon N]
%ga prescribe DF --target COL [--goal increase|decrease]
%%ga ask DF            (the question is the cell body)
%ga narrate FIG [FIG ...]
%ga story DF --target COL [--time COL] [--goal increase|decrease] [--horizon N]
%ga whatif DF --target COL   (sliders for the levers; "insert this scenario" makes a cell)
%ga synthesize DF -n N --into NAME
%ga insert             (insert the next cell a widget review queued, below this one)
%ga status             (settings and LLM server health)
%ga config             (effective settings)
%ga help
Common options: -n/--candidates N, --privacy mask|aggregate|synthetic|off, --language en|zh-Hant,
--no-llm
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
    for spec in SPECS.values():
        p: _Parser = sub.add_parser(spec.kind, add_help=False)
        if spec.data == "figures":
            p.add_argument("figures", nargs="+")
        else:
            p.add_argument("frame")
        if "question" in spec.options:
            p.add_argument("question", nargs="*")
        add_request_options(p, spec)
    story = sub.add_parser("story", add_help=False)  # four kinds in a row: its own command
    story.add_argument("frame")
    story.add_argument("--target", required=True)
    story.add_argument("--time")
    story.add_argument("--goal", choices=GOALS, default="increase")
    story.add_argument("--horizon", type=int)
    story.add_argument("-n", "--candidates", type=int)
    story.add_argument("--privacy", choices=PRIVACY_MODES)
    story.add_argument("--language", "--lang", dest="language")
    story.add_argument("--no-llm", dest="llm", action="store_false")
    whatif = sub.add_parser("whatif", add_help=False)
    whatif.add_argument("frame")
    whatif.add_argument("--target", required=True)
    synth = sub.add_parser("synthesize", add_help=False)
    synth.add_argument("frame")
    synth.add_argument("-n", type=int, required=True)
    synth.add_argument("--into", required=True)
    for name in ("status", "config", "help", "insert"):
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
        if args.command in SPECS:
            return self._analyse(args, cell)
        handler: Callable[[argparse.Namespace, str | None], Any] = getattr(self, f"_{args.command}")
        return handler(args, cell)

    # --- analyses ------------------------------------------------------------------------
    def _analyse(self, args: argparse.Namespace, cell: str | None) -> Any:
        spec = SPECS[args.command]
        question = None
        if "question" in spec.options:
            question = (cell or "").strip() or " ".join(args.question).strip()
            if not question:
                raise GenAnalystError(
                    f"Put the question in the cell body: %%ga {spec.kind} df, then the question."
                )
        if spec.data == "figures":
            data, name = figures_subject({n: self._variable(n) for n in args.figures})
        else:
            data, name = self._variable(args.frame), args.frame
        request = request_from_args(spec, args, frame_name=name, question=question)
        return pipeline.run(request, data, variables=list(self._frames()))

    def _story(self, args: argparse.Namespace, cell: str | None) -> Any:
        """describe → diagnose → predict → prescribe, each stage fed by the one before."""
        from ..request import normalize_language
        from ..story import story

        language = normalize_language(args.language) if args.language else None
        return story(
            self._variable(args.frame),
            target=args.target,
            time=args.time,
            goal=args.goal,
            horizon=args.horizon,
            frame_name=args.frame,
            llm=args.llm,
            language=language,
            privacy=args.privacy,
            candidates=args.candidates,
        )

    def _whatif(self, args: argparse.Namespace, cell: str | None) -> Any:
        """Sliders for the prescribe levers driving the modeled outcome (nothing is run)."""
        from ..whatif import whatif

        return whatif(self._variable(args.frame), target=args.target, frame_name=args.frame)

    def _synthesize(self, args: argparse.Namespace, cell: str | None) -> Any:
        from ..facts import synthesize

        namespace = self.shell.user_ns if self.shell is not None else {}
        check_into_name(args.into, namespace)
        if args.n <= 0:
            raise GenAnalystError("-n must be a positive number of rows.")
        result = synthesize(self._variable(args.frame), args.n)
        namespace[args.into] = result.frame
        print(f"GenAnalyst: {args.n} synthetic rows stored in `{args.into}`.")
        return result

    def _insert(self, args: argparse.Namespace, cell: str | None) -> Any:
        """Insert the next cell queued by a widget review below this one (not run)."""
        from ..review.widget import insert_message, insert_next

        print(insert_message(insert_next(self.shell)))
        return None

    # --- status ------------------------------------------------------------------------------
    def _status(self, args: argparse.Namespace, cell: str | None) -> Any:
        from ..status import status_report

        return status_report(get_config())

    def _config(self, args: argparse.Namespace, cell: str | None) -> Any:
        from ..status import settings_table

        return settings_table(get_config())

    # --- variables ---------------------------------------------------------------------------
    def _frames(self) -> dict[str, Any]:
        return user_frames(self.shell.user_ns if self.shell is not None else {})

    def _variable(self, name: str) -> Any:
        ns = self.shell.user_ns if self.shell is not None else {}
        if name not in ns:
            frames = ", ".join(sorted(self._frames())) or "none yet"
            raise GenAnalystError(
                f"No variable named {name!r} in this notebook (DataFrames here: {frames})."
            )
        return ns[name]


def check_into_name(name: str, namespace: Mapping[str, Any]) -> None:
    """``--into`` may create a variable or replace a DataFrame, nothing else.

    Overwriting ``__builtins__`` or ``get_ipython`` broke the kernel session; overwriting
    any other existing object loses the user's work.
    """
    if not name.isidentifier() or keyword.iskeyword(name):
        raise GenAnalystError(f"--into needs a valid variable name, not {name!r}.")
    if name.startswith("_") or hasattr(builtins, name) or name in ("get_ipython", "exit", "quit"):
        raise GenAnalystError(
            f"--into {name}: that name is reserved (a builtin or IPython's); choose another."
        )
    existing = namespace.get(name)
    if name in namespace and not isinstance(existing, pd.DataFrame):
        raise GenAnalystError(
            f"--into {name}: `{name}` already holds a {type(existing).__name__}; "
            "choose a new name (only a DataFrame may be replaced)."
        )


def register(ipython: Any) -> None:
    """Register the magics and the panel's comm target; calling it again changes nothing."""
    get_config()  # registers the configurable so `%config GenAnalyst` works
    ipython.register_magics(GenAnalystMagics)
    register_comm_target(ipython)
