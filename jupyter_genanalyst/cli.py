"""`genanalyst serve | stop | analyze FILE | doctor` — the terminal side of the product."""

from __future__ import annotations

import argparse
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

FRAME_KINDS = tuple(k for k, spec in SPECS.items() if spec.data == "frame")
READERS = {
    ".csv": "read_csv",
    ".parquet": "read_parquet",
    ".json": "read_json",
    ".xlsx": "read_excel",
}


def main(argv: list[str] | None = None) -> int:
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
    analyze.add_argument("--out", help="notebook to write (default: FILE stem + .genanalyst.ipynb)")

    args = parser.parse_args(argv)
    try:
        return int(globals()[f"_cmd_{args.command}"](args))
    except GenAnalystError as exc:
        print(f"genanalyst: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("genanalyst: interrupted.", file=sys.stderr)
        return 130


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
    from .config import GenAnalyst
    from .pipeline import run

    spec = SPECS[args.kind]
    request = request_from_args(spec, args, frame_name="df", question=args.question)
    frame = read_table(Path(args.file))
    started = time.monotonic()
    analysis = run(request, frame, config=GenAnalyst(), show_progress=False)
    print(analysis.to_markdown())
    print(f"\n({len(analysis.facts)} facts, {len(analysis.proposals)} candidates, "
          f"{time.monotonic() - started:.1f} s)")  # fmt: skip
    out = Path(args.out) if args.out else Path(args.file).with_suffix(".genanalyst.ipynb")
    write_notebook(out, Path(args.file), analysis)
    print(f"Notebook with the proposals for review: {out}")
    return 0


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


def write_notebook(out: Path, data: Path, analysis: Analysis) -> None:
    """A notebook whose analysis cell already holds the proposals, ready for review in Lab."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    reader = READERS[data.suffix.lower()]
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
            new_code_cell(
                "%load_ext jupyter_genanalyst\nimport pandas as pd\n"
                f"df = pd.{reader}({str(data.resolve())!r})"
            ),
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
