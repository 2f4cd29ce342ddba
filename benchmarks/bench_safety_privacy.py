"""Benchmark the allowlist check and Taiwanese/Chinese PII detection (issue 14).

Not a test: run ``.venv/bin/python benchmarks/bench_safety_privacy.py`` from the repo root
on a quiet machine. ``--rows`` sets the size of the Taiwanese customer frame (default
1,000,000); ``--rows 2000`` is a quick correctness run. Prints seconds per step:

- ``check_code`` over the dangerous + benign corpora (cells per second);
- ``detect_pii`` on a frame of 身分證 / 手機 / 地址 / 姓名 / free-text columns;
- ``Scrubber.scrub`` of a 50-sentence Chinese text with every kind in it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jupyter_genanalyst.privacy import Scrubber, detect_pii
from jupyter_genanalyst.safety import check_code
from tests.injection_corpus import (
    BENIGN_ANALYSIS_CELLS,
    BENIGN_CODE,
    BENIGN_COLUMNS,
    BENIGN_VARIABLES,
    dangerous_code,
    obfuscated_code,
)
from tests.pii_corpus import make_taiwan_corpus


def _timed(label: str, fn: object) -> object:
    start = time.perf_counter()
    result = fn()  # type: ignore[operator]
    print(f"{label:<48} {time.perf_counter() - start:8.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()

    cells = [s for _, s in dangerous_code("x") + obfuscated_code("x")]
    cells += BENIGN_CODE + BENIGN_ANALYSIS_CELLS
    flagged = _timed(
        f"check_code × {len(cells)} cells",
        lambda: [check_code(c, variables=BENIGN_VARIABLES, columns=BENIGN_COLUMNS) for c in cells],
    )
    print(f"  flagged {sum(bool(f) for f in flagged)} of {len(cells)}")  # type: ignore[arg-type]

    tw = make_taiwan_corpus(200, seed=3)
    repeat = max(1, args.rows // len(tw.cells))
    frame = pd.concat([tw.cells] * repeat, ignore_index=True).head(args.rows)
    frame["備註"] = (list(tw.free_text["備註"]) * (len(frame) // len(tw.free_text) + 1))[
        : len(frame)
    ]
    report = _timed(f"detect_pii {len(frame):,} × {frame.shape[1]}", lambda: detect_pii(frame))
    print(f"  {report!r}")
    text = " ".join(tw.free_text["備註"].head(50))
    scrubber = Scrubber(report, "mask")  # type: ignore[arg-type]
    out = _timed("scrub 50 Chinese sentences (first call)", lambda: scrubber.scrub(text))
    _timed("scrub 50 Chinese sentences (again)", lambda: scrubber.scrub(text + " "))
    leaks = [v for v in tw.all_values if v in str(out)]
    print(f"  raw values left after scrubbing: {len(leaks)}")


if __name__ == "__main__":
    main()
