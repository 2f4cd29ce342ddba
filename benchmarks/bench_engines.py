"""Benchmark facts computed inside Polars, DuckDB and Spark against pandas and the engines'
own summaries. Not a test: the lead times it on a quiet machine.

    .venv/bin/python benchmarks/bench_engines.py            # full sizes (tens of minutes)
    .venv/bin/python benchmarks/bench_engines.py --quick    # small sizes: checks it runs

Sections (each prints a markdown table):
1. pandas 1M × 20 mixed: our describe facts vs pandas ``describe(include='all')`` and
   ydata-profiling minimal (its own venv, via bench_describe.py; ``--no-peer`` skips it).
2. A 50M-row parquet file through DuckDB: our ``describe_any`` (seconds, peak RSS of a fresh
   process) vs DuckDB's own ``SUMMARIZE`` on the same file.
3. PySpark local[2] vs pandas on the same rows, the same facts (``--no-spark`` skips it).
4. Cost against rows (1M, 10M, 50M) × columns (10, 100, 1,000) per engine; pandas only
   where the frame fits (``--max-pandas-cells``).

Every engine run happens in a fresh subprocess so peak RSS (``ru_maxrss``) is its own.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# Runs in a fresh process: describe one file with one engine, report seconds and peak RSS.
CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[4])
path, engine, what = sys.argv[1], sys.argv[2], sys.argv[3]
from jupyter_genanalyst.facts import engines, describe
t = time.perf_counter()
if what == "summarize":
    import duckdb
    duckdb.sql(f"SUMMARIZE SELECT * FROM read_parquet('{path}')").fetchall()
    n = 0
elif engine == "pandas":
    import datetime, pandas as pd
    df = pd.read_parquet(path)
    for c in df.columns:  # parquet DATE arrives as datetime.date objects: make them dates
        if df[c].dtype == object and isinstance(df[c].dropna().iloc[0], datetime.date):
            df[c] = pd.to_datetime(df[c])
    t = time.perf_counter()  # reading the file is not timed (the engines scan it lazily)
    n = len(describe(df))
elif engine == "spark":
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    frame = spark.read.parquet(path)
    frame.count()  # not timed: Spark's start and the file listing
    t = time.perf_counter()
    n = len(engines.describe_any(frame))
    spark.stop()
else:
    n = len(engines.describe_any(engines.scan_file(path, engine=engine)))
print(json.dumps({"seconds": time.perf_counter() - t, "facts": n,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def write_parquet(path: Path, rows: int, cols: int) -> None:
    """A seeded mixed file written by DuckDB (never held in Python): floats, ints, a
    Traditional Chinese category, a flag and a daily date, cycling over ``cols`` columns."""
    import duckdb

    kinds = [
        "random() * 100 AS f{i}",
        "CAST(floor(random() * 1000) AS BIGINT) AS n{i}",
        "['臺北市', '新北市', '臺中市', '高雄市', '花蓮縣'][1 + CAST(floor(random() * 5) AS INT)]"
        " AS c{i}",
        "random() < 0.3 AS b{i}",
        "DATE '2023-01-01' + CAST(i % 700 AS INTEGER) AS d{i}",
    ]
    select = ", ".join(kinds[i % len(kinds)].format(i=i) for i in range(cols))
    con = duckdb.connect()
    con.execute("SELECT setseed(0.42)")
    con.execute(f"COPY (SELECT {select} FROM range({rows}) t(i)) TO '{path}' (FORMAT parquet)")


def child(path: Path, engine: str, what: str = "describe") -> dict[str, float] | None:
    res = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), engine, what, str(ROOT)],
        capture_output=True,
        text=True,
        timeout=6 * 3600,
    )
    if res.returncode != 0:
        print(f"<!-- {engine} {what} failed: {res.stderr.strip().splitlines()[-1:]} -->")
        return None
    return json.loads(res.stdout.strip().splitlines()[-1])


def section_pandas(rows: int, peer: bool) -> None:
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    from bench_describe import mixed_frame, peer_seconds, timed

    from jupyter_genanalyst.facts import describe

    df = mixed_frame(rows)
    ours = timed(lambda: describe(df))
    ref = timed(lambda: df.describe(include="all"))
    print(f"\n## 1. pandas {rows:,} × 20 mixed\n\n| what | seconds | ratio |\n|---|---|---|")
    facts = len(describe(df))
    print(f"| genanalyst describe ({facts} facts) | {ours:.2f} | {ours / ref:.2f}× pandas |")
    print(f"| pandas describe(include='all') | {ref:.2f} | 1 |")
    if peer:
        seconds = peer_seconds(rows)
        if seconds is not None:
            slower = seconds / ours
            print(f"| ydata-profiling minimal | {seconds:.2f} | {slower:.1f}× slower than ours |")


def section_duckdb(tmp: Path, rows: int) -> None:
    path = tmp / f"big_{rows}.parquet"
    write_parquet(path, rows, 10)
    ours, summarize = child(path, "duckdb"), child(path, "duckdb", "summarize")
    print(f"\n## 2. {rows:,}-row parquet (10 columns) through DuckDB\n")
    print("| what | seconds | peak RSS MB |\n|---|---|---|")
    if ours:
        label = f"genanalyst describe_any ({ours['facts']:.0f} facts)"
        print(f"| {label} | {ours['seconds']:.2f} | {ours['peak_mb']:.0f} |")
    if summarize:
        print(f"| DuckDB SUMMARIZE | {summarize['seconds']:.2f} | {summarize['peak_mb']:.0f} |")
    path.unlink()


def section_spark(tmp: Path, rows: int) -> None:
    path = tmp / f"spark_{rows}.parquet"
    write_parquet(path, rows, 20)
    spark, pandas = child(path, "spark"), child(path, "pandas")
    print(f"\n## 3. PySpark local[2] vs pandas, {rows:,} × 20, same facts\n")
    print("| engine | seconds | facts | peak RSS MB (driver) |\n|---|---|---|---|")
    for name, r in (("spark", spark), ("pandas", pandas)):
        if r:
            print(f"| {name} | {r['seconds']:.2f} | {r['facts']:.0f} | {r['peak_mb']:.0f} |")
    path.unlink()


def section_grid(
    tmp: Path, rows: list[int], cols: list[int], engines: list[str], cells: int
) -> None:
    print("\n## 4. cost against rows × columns (seconds / peak RSS MB)\n")
    print("| rows | columns | " + " | ".join(engines) + " |")
    print("|---|---|" + "---|" * len(engines))
    for n in rows:
        for c in cols:
            path = tmp / f"grid_{n}_{c}.parquet"
            write_parquet(path, n, c)
            cells_out = []
            for engine in engines:
                if engine == "pandas" and n * c > cells:
                    cells_out.append("does not fit")
                    continue
                r = child(path, engine)
                cells_out.append(f"{r['seconds']:.2f} s / {r['peak_mb']:.0f}" if r else "failed")
            print(f"| {n:,} | {c:,} | " + " | ".join(cells_out) + " |")
            path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, no ydata peer")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--max-pandas-cells", type=int, default=100_000_000)
    args = parser.parse_args()
    quick = args.quick
    engines = ["pandas", "polars", "duckdb"] + ([] if args.no_spark else ["spark"])
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        started = time.perf_counter()
        section_pandas(20_000 if quick else 1_000_000, peer=not (quick or args.no_peer))
        section_duckdb(tmp, 200_000 if quick else 50_000_000)
        if not args.no_spark:
            section_spark(tmp, 5_000 if quick else 1_000_000)
        section_grid(
            tmp,
            [10_000, 50_000] if quick else [1_000_000, 10_000_000, 50_000_000],
            [10, 20] if quick else [10, 100, 1000],
            engines,
            args.max_pandas_cells,
        )
        print(f"\n<!-- total {time.perf_counter() - started:.0f} s -->")


if __name__ == "__main__":
    main()
