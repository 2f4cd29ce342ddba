"""Benchmark ``describe`` (speed, peak memory, scaling) against ydata-profiling minimal mode.

Not a test: run ``.venv/bin/python benchmarks/bench_describe.py`` from the repo root.
ydata-profiling pins numpy<2.4 / pandas<3, so it runs in its own venv
(``benchmarks/.venv-ydata``, created on first use) in a subprocess that rebuilds the same
seeded frame. Flags: ``--no-peer`` skips ydata, ``--big`` adds the 10M-row scaling point.
Only numpy and pandas are imported at module level so the peer venv can run this file too.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
PEER_VENV = HERE / ".venv-ydata"


def mixed_frame(n: int, n_cols: int = 20, seed: int = 0) -> pd.DataFrame:
    """A realistic mixed frame: floats, ints, nullable ints, categories, strings, flags,
    dates, with missing values; ``n_cols`` columns cycling through those kinds."""
    r = np.random.default_rng(seed)
    kinds = ["float", "int", "cat", "float_nan", "str", "flag", "float", "date", "nint", "zeros"]
    cols: dict[str, object] = {}
    for i in range(n_cols):
        kind = kinds[i % len(kinds)]
        name = f"{kind}_{i}"
        if kind == "float":
            cols[name] = r.normal(i, 1 + i % 5, n)
        elif kind == "float_nan":
            cols[name] = np.where(r.random(n) < 0.1, np.nan, r.lognormal(0, 1, n))
        elif kind == "int":
            cols[name] = r.integers(0, 100 * (1 + i % 4), n)
        elif kind == "nint":
            vals = r.integers(0, 50, n).astype("float64")
            vals[r.random(n) < 0.05] = np.nan
            cols[name] = pd.array(vals, dtype="Int64")
        elif kind == "cat":
            cols[name] = pd.Categorical(r.choice(list("abcdefgh"), n))
        elif kind == "str":
            cols[name] = pd.Series(r.choice([f"city{j}" for j in range(200)], n)).astype(object)
        elif kind == "flag":
            cols[name] = r.random(n) < 0.3
        elif kind == "date":
            cols[name] = pd.Timestamp("2020-01-01") + pd.to_timedelta(
                r.integers(0, 1000, n), unit="D"
            )
        else:
            cols[name] = np.where(r.random(n) < 0.5, 0.0, r.exponential(1, n))
    return pd.DataFrame(cols)


def timed(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def peak_mb(fn) -> float:  # type: ignore[no-untyped-def]
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def run_peer(n: int) -> None:
    """Inside the peer venv: time ydata-profiling minimal (no HTML) on the same frame."""
    from ydata_profiling import ProfileReport

    df = mixed_frame(n)
    t = time.perf_counter()
    ProfileReport(df, minimal=True, progress_bar=False).get_description()
    print(json.dumps({"seconds": time.perf_counter() - t}))


def peer_seconds(n: int) -> float | None:
    py = PEER_VENV / "bin" / "python"
    if not py.exists():
        print(f"creating {PEER_VENV} (python3 -m venv + pip install ydata-profiling)…")
        try:
            subprocess.run(["python3", "-m", "venv", str(PEER_VENV)], check=True)
            subprocess.run(
                [str(py), "-m", "pip", "install", "-q", "ydata-profiling"], check=True, timeout=1800
            )
        except (subprocess.SubprocessError, OSError) as exc:
            print(f"PEER UNAVAILABLE: could not create the ydata-profiling venv: {exc}")
            return None
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    res = subprocess.run(
        [str(py), __file__, "--run-peer", str(n)],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
    )
    if res.returncode != 0:
        print("PEER FAILED:", res.stderr.strip().splitlines()[-1:] or res.returncode)
        return None
    return float(json.loads(res.stdout.strip().splitlines()[-1])["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--big", action="store_true", help="add the 10M-row point")
    parser.add_argument("--run-peer", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_peer:
        run_peer(args.run_peer)
        return
    sys.path.insert(0, str(HERE.parent))
    from jupyter_genanalyst.facts import describe

    n = 1_000_000
    df = mixed_frame(n)
    size = df.memory_usage(deep=True).sum() / 1e6
    ours = timed(lambda: describe(df))
    pandas_describe = timed(lambda: df.describe(include="all"))
    peak = peak_mb(lambda: describe(df))
    print(f"\n## describe on {n:,} x 20 mixed ({size:.0f} MB in memory)\n")
    print("| what | seconds | note |\n|---|---|---|")
    print(f"| genanalyst describe | {ours:.2f} | {len(describe(df))} facts, target ≤ 2 s |")
    print(f"| pandas describe(include='all') | {pandas_describe:.2f} | reference |")
    if not args.no_peer:
        peer = peer_seconds(n)
        if peer is not None:
            print(
                f"| ydata-profiling minimal (no HTML) | {peer:.2f} | "
                f"{peer / ours:.1f}x slower than genanalyst |"
            )
    print(f"\npeak extra memory (tracemalloc): {peak:.0f} MB = {peak / size:.2f}x the frame\n")
    print("## scaling (rows, 20 columns)\n\n| rows | seconds |\n|---|---|")
    for rows in [10_000, 100_000, 1_000_000] + ([10_000_000] if args.big else []):
        frame = df if rows == n else mixed_frame(rows)
        seconds = timed(lambda f=frame: describe(f), repeat=1 if rows > n else 3)
        print(f"| {rows:,} | {seconds:.2f} |")
        del frame
    print("\n## scaling (columns, 10,000 rows)\n\n| columns | seconds | facts |\n|---|---|---|")
    for cols in (10, 100, 1000):
        frame = mixed_frame(10_000, cols)
        print(
            f"| {cols} | {timed(lambda f=frame: describe(f), repeat=1):.2f} | "
            f"{len(describe(frame))} |"
        )


if __name__ == "__main__":
    main()
