"""`genanalyst serve | stop | analyze FILE | doctor` — the terminal side of the product."""

from __future__ import annotations

import argparse
import re
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .arguments import add_all_request_options, magic_source, request_from_args
from .errors import GenAnalystError
from .kinds import SPECS

if TYPE_CHECKING:
    from .analysis import Analysis
    from .llm.model import ChatModel

ENGINE_READERS = ("pandas", "duckdb", "polars")
SCANNABLE = (".csv", ".tsv", ".parquet", ".pq")
AUTO_PANDAS_MB = 200
FRAME_KINDS = tuple(k for k, spec in SPECS.items() if spec.data == "frame")
READERS = {
    ".csv": "read_csv",
    ".parquet": "read_parquet",
    ".json": "read_json",
    ".xlsx": "read_excel",
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(globals()[f"_cmd_{args.command}"](args))
    except GenAnalystError as exc:
        print(f"genanalyst: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("genanalyst: interrupted.", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``genanalyst`` (its subcommands and their options)."""
    parser = argparse.ArgumentParser(prog="genanalyst", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="start the local llama-cpp-python server (127.0.0.1)")
    serve.add_argument("--model", help="GGUF file (default: the bundled SmolLM2-135M-Instruct)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8765; 0 = any free)")
    serve.add_argument("--ctx", type=int, default=4096, help="context window in tokens")
    serve.add_argument("--detach", action="store_true", help="return once the server answers")

    sub.add_parser("stop", help="stop the server started with `serve --detach`")
    sub.add_parser("doctor", help="server health, measured tokens/s, versions")

    analyze = sub.add_parser("analyze", help="analyse a CSV/Parquet file and write a notebook")
    analyze.add_argument("file")
    analyze.add_argument("--kind", default="describe", choices=FRAME_KINDS)
    add_all_request_options(analyze)
    analyze.add_argument(
        "--engine",
        choices=("auto", *ENGINE_READERS),
        default="auto",
        help="where the facts are computed: pandas loads the file; duckdb and polars scan "
        f"CSV/Parquet in place (auto: pandas up to {AUTO_PANDAS_MB} MB, else duckdb)",
    )
    analyze.add_argument("--out", help="notebook to write (default: FILE stem + .genanalyst.ipynb)")
    analyze.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when the printed review is not sane (template debris, a first card not "
        "from the storyteller, dishonest labels, the wrong language); `make demo` uses it",
    )

    return parser


def _cmd_serve(args: argparse.Namespace) -> int:
    from .config import DEFAULT_PORT
    from .llm.server import make_server, read_server_record

    existing = read_server_record()
    if existing is not None:
        print(f"A GenAnalyst server is already running at {existing['base_url']} "
              f"(model {existing['model']}); `genanalyst stop` stops it.")  # fmt: skip
        return 0
    port = DEFAULT_PORT if args.port is None else args.port
    server = make_server(args.model, port or None, n_ctx=args.ctx)
    print(f"Starting {server.model_alias} on {server.base_url} ({server.n_threads} threads)…",
          flush=True)  # fmt: skip
    server.start()
    path = server.write_record()
    print(f"Ready: {server.base_url} — recorded in {path} (the kernel helper finds it there).")
    if args.detach:
        return 0
    print("Press Ctrl+C to stop.", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        while server.process is not None and server.process.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        path.unlink(missing_ok=True)
    return 0


def _cmd_stop(args: argparse.Namespace) -> int:
    from .llm.server import stop_recorded_server

    print("Stopped." if stop_recorded_server() else "No GenAnalyst server was running.")
    return 0


def _cmd_doctor(args: argparse.Namespace) -> int:
    from .config import GenAnalyst
    from .status import doctor

    print(doctor(GenAnalyst()))
    return 0


def _cmd_analyze(args: argparse.Namespace) -> int:
    started = time.monotonic()
    analysis = analyze_file(args)
    text = report(analysis)
    print(text)
    print(f"\n({len(analysis.facts)} facts, {len(analysis.proposals)} candidates, "
          f"{time.monotonic() - started:.1f} s)")  # fmt: skip
    out = Path(args.out) if args.out else Path(args.file).with_suffix(".genanalyst.ipynb")
    write_notebook(out, Path(args.file), analysis, choose_engine(Path(args.file), args.engine))
    print(f"Notebook with the proposals for review: {out}")
    if getattr(args, "check", False):
        problems = report_problems(analysis, text)
        for problem in problems:
            print(f"genanalyst: check failed: {problem}", file=sys.stderr)
        if problems:
            return 1
        print("Check: the first card is the storyteller's, labels are honest, no template debris.")
    return 0


def analyze_file(args: argparse.Namespace, *, model: ChatModel | None = None) -> Analysis:
    """What ``genanalyst analyze`` (and so ``make demo``) computes: the file's request run
    through the one pipeline; ``model`` replaces the configured server (tests use a fake)."""
    from .config import GenAnalyst
    from .pipeline import run

    spec = SPECS[args.kind]
    request = request_from_args(spec, args, frame_name="df", question=args.question)
    engine = choose_engine(Path(args.file), args.engine)
    frame = read_table(Path(args.file)) if engine == "pandas" else scan(Path(args.file), engine)
    return run(request, frame, config=GenAnalyst(), model=model, show_progress=False)


def report(analysis: Analysis) -> str:
    """The review as ``genanalyst analyze`` prints it (the bundle's markdown fallback)."""
    return analysis.to_markdown()


def report_problems(analysis: Analysis, text: str) -> list[str]:
    """Why the printed review would not be worth showing a manager; [] when it is.

    The first card must be the storyteller's (written from the facts, never a model's), no
    shown card may carry template debris or the model's instructions, "AI-generated" may
    appear only when a model wrote a shown card (and "100% verified" never), and a zh-Hant
    request must read as Chinese.
    """
    from .bundle import badge_of, words_of
    from .narrate.prune import debris
    from .narrate.roles import echoes_request

    bundle = analysis.bundle
    shown = [p for p in bundle["proposals"] if not p.get("hidden")]
    problems: list[str] = []
    if not shown:
        return ["no card is shown"]
    if shown[0].get("origin") not in ("template", "story", "plan"):
        problems.append(
            f"the first card is not the storyteller's (origin {shown[0].get('origin')})"
        )
    for p in shown:
        found = debris(f"{p['title']}\n{p['narrative']}")
        if found:
            problems.append(f"card {p['id']} carries template debris: {found}")
        if echoes_request(p["narrative"]):
            problems.append(f"card {p['id']} repeats the model's instructions")
    words = words_of(bundle)
    model_text = any(p.get("origin") not in ("template", "story", "plan") for p in shown)
    if not model_text and re.search(r"AI-generated|AI 生成", text):
        problems.append("says AI-generated, but no shown card is model text")
    if badge_of(bundle) not in text:
        problems.append("the header does not say who wrote the cards")
    if not model_text and badge_of(bundle) != words["badge_facts"]:
        problems.append("the badge claims model text over storyteller cards")
    if re.search(r"100\s*% (?:of numbers )?verified", text):
        problems.append('claims "100% verified"')
    if bundle.get("language") == "zh-Hant":
        first = shown[0]["narrative"]
        if not re.search(r"[\u4e00-\u9fff]", first):
            problems.append("the first card of a zh-Hant request has no Chinese")
        english = re.findall(r"\b(?:The main finding|Beyond that|Caveat|Next question)\b", first)
        if english:
            problems.append(f"the first card of a zh-Hant request has English phrases: {english}")
    return problems


def choose_engine(path: Path, wanted: str) -> str:
    """pandas for files that fit comfortably in memory, DuckDB for large CSV/Parquet."""
    scannable = path.suffix.lower() in SCANNABLE
    if wanted == "auto":
        large = path.is_file() and path.stat().st_size > AUTO_PANDAS_MB * 1024 * 1024
        return "duckdb" if large and scannable else "pandas"
    if wanted != "pandas" and not scannable:
        raise GenAnalystError(f"--engine {wanted} reads .csv and .parquet files, not {path.name}.")
    return wanted


def scan(path: Path, engine: str) -> Any:
    """A lazy DuckDB relation or Polars LazyFrame over ``path`` (nothing is loaded)."""
    from .facts.engines import scan_file

    if not path.is_file():
        raise GenAnalystError(f"No file {path}.")
    return scan_file(path, engine="polars" if engine == "polars" else "duckdb")


def read_table(path: Path) -> Any:
    import pandas as pd

    if not path.is_file():
        raise GenAnalystError(f"No file {path}.")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise GenAnalystError(f"Cannot read {path.suffix or 'extension-less'} files; use one of "
                              f"{', '.join(READERS)}.")  # fmt: skip
    try:
        return getattr(pd, reader)(path)
    except (ValueError, ImportError, OSError) as exc:
        raise GenAnalystError(f"Cannot read {path}: {str(exc).splitlines()[0]}") from None


def write_notebook(out: Path, data: Path, analysis: Analysis, engine: str = "pandas") -> None:
    """A notebook whose analysis cell already holds the proposals, ready for review in Lab."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    parquet = data.suffix.lower() in (".parquet", ".pq")
    path = repr(str(data.resolve()))
    load = {
        "pandas": f"import pandas as pd\ndf = pd.{READERS.get(data.suffix.lower())}({path})",
        "duckdb": f"import duckdb\ndf = duckdb.read_{'parquet' if parquet else 'csv'}({path})",
        "polars": f"import polars as pl\ndf = pl.scan_{'parquet' if parquet else 'csv'}({path})",
    }[engine]
    kind = analysis.request.kind
    analysis_cell = new_code_cell(magic_source(analysis.request))  # a %%ga line must come first
    analysis_cell.outputs = [
        new_output("execute_result", data=analysis._repr_mimebundle_(), execution_count=2)
    ]
    analysis_cell.execution_count = 2
    nb = new_notebook(
        cells=[
            new_markdown_cell(f"# GenAnalyst: {kind} of `{data.name}`\n\nReview each "
                              "candidate below: Accept, Edit or Reject, then Insert accepted."),
            new_code_cell(f"%load_ext jupyter_genanalyst\n{load}"),
            analysis_cell,
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}},
    )  # fmt: skip
    nbformat.validate(nb)
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
