"""Benchmark facts computed inside Polars, DuckDB and Spark against pandas and the engines'
own summaries. Not a test: the lead times it on a quiet machine.

    .venv/bin/python benchmarks/bench_engines.py --out results.json --plot benchmarks/engines.svg
    .venv/bin/python benchmarks/bench_engines.py --quick    # small sizes: checks it runs

Sections (each prints a markdown table):
1. pandas 1M × 20 mixed: our describe facts vs pandas ``describe(include='all')`` (target
   ≤ 1.5×) and ydata-profiling minimal (target ≥ 20× faster; its own venv, via
   bench_describe.py; ``--no-peer`` skips it).
2. A 50M-row parquet file through DuckDB: our ``describe_any`` (seconds, peak RSS of a fresh
   process) vs DuckDB's own ``SUMMARIZE`` on the same file.
3. PySpark local[2] vs pandas on the same rows, the same facts (``--no-spark`` skips it).
4. Cost per engine along two axes: rows (1M, 10M, 50M) at 10 columns, and columns (10, 100,
   1,000) at 1M rows; pandas only where the frame fits (``--max-pandas-cells``), Spark up
   to ``--max-spark-cells`` (default 10^8: its 50M-row and 1,000-column points would take
   hours here). The full rows × columns cross product is not run (50M × 1,000 is ~10^11
   bytes of parquet).

Every engine run happens in a fresh subprocess; its peak RSS is the kernel's high-water mark
of that process's own memory (``VmHWM`` in /proc/self/status). ``ru_maxrss`` is not used: on
Linux it carries the parent's peak across fork and exec, so every child would report at least
the parent's size.
``--out FILE`` writes every measurement as JSON; ``--plot FILE`` draws seconds against rows
and against columns per engine (log scales) with matplotlib when it is installed (any
format it writes, e.g. .svg), else with plotly as an HTML file next to FILE.
``--replot results.json --plot FILE`` redraws a saved run without measuring again.
On a 2-core machine the full run takes about 30-40 minutes (estimate in benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

PANDAS_TARGET = 1.5  # ours ≤ 1.5× pandas describe(include='all')
YDATA_TARGET = 20.0  # ours ≥ 20× faster than ydata-profiling minimal
ENGINES = ("pandas", "polars", "duckdb", "spark")

# Runs in a fresh process: describe one file with one engine, report seconds and peak RSS.
CHILD = r"""
import json, sys, time
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
seconds = time.perf_counter() - t
with open("/proc/self/status") as status:  # this process's own peak, not its parent's
    hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "facts": n, "peak_mb": hwm / 1024}))
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


@dataclass
class Result:
    """One measurement; ``status`` is "ok", "failed", "does not fit" or "skipped"."""

    section: str
    what: str
    engine: str
    rows: int
    cols: int
    seconds: float | None = None
    peak_mb: float | None = None
    facts: int | None = None
    status: str = "ok"


class Files:
    """Seeded parquet files by (rows, columns), written once and shared by the sections
    (section 2's 50M × 10 file is also the grid's last rows point)."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.paths: dict[tuple[int, int], Path] = {}

    def get(self, rows: int, cols: int) -> Path:
        if (rows, cols) not in self.paths:
            path = self.tmp / f"mixed_{rows}_{cols}.parquet"
            started = time.perf_counter()
            write_parquet(path, rows, cols)
            mb = path.stat().st_size / 1e6
            print(
                f"<!-- wrote {rows:,} × {cols:,} ({mb:,.0f} MB) in "
                f"{time.perf_counter() - started:.0f} s -->"
            )
            self.paths[rows, cols] = path
        return self.paths[rows, cols]

    def drop(self, rows: int, cols: int) -> None:
        path = self.paths.pop((rows, cols), None)
        if path is not None:
            path.unlink(missing_ok=True)


def child(
    path: Path, engine: str, section: str, rows: int, cols: int, what: str = "describe"
) -> Result:
    res = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), engine, what, str(ROOT)],
        capture_output=True,
        text=True,
        timeout=6 * 3600,
    )
    if res.returncode != 0:
        lines = res.stderr.strip().splitlines()
        errors = [ln.strip() for ln in lines if "Error" in ln or "Exception" in ln]
        why = (errors or lines or [f"exit code {res.returncode}"])[-1][:300]
        print(f"<!-- {engine} {what} failed on {rows:,} x {cols:,}: {why} -->")
        return Result(section, what, engine, rows, cols, status="failed")
    out = json.loads(res.stdout.strip().splitlines()[-1])
    return Result(
        section, what, engine, rows, cols, out["seconds"], out["peak_mb"], int(out["facts"])
    )


def verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def section_pandas(rows: int, peer: bool) -> list[Result]:
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    from bench_describe import mixed_frame, peer_seconds, timed

    from jupyter_genanalyst.facts import describe

    df = mixed_frame(rows)
    ours = timed(lambda: describe(df))
    ref = timed(lambda: df.describe(include="all"))
    facts = len(describe(df))
    ratio = ours / ref
    print(f"\n## 1. pandas {rows:,} × 20 mixed\n")
    print("| what | seconds | ratio | target |\n|---|---|---|---|")
    print(
        f"| genanalyst describe ({facts} facts) | {ours:.2f} | {ratio:.2f}× pandas | "
        f"≤ {PANDAS_TARGET}× pandas: {verdict(ratio <= PANDAS_TARGET)} |"
    )
    print(f"| pandas describe(include='all') | {ref:.2f} | 1 | |")
    out = [
        Result("pandas", "genanalyst describe", "pandas", rows, 20, ours, None, facts),
        Result("pandas", "pandas describe(include='all')", "pandas", rows, 20, ref),
    ]
    if peer:
        seconds = peer_seconds(rows)
        if seconds is None:
            out.append(
                Result("pandas", "ydata-profiling minimal", "ydata", rows, 20, status="failed")
            )
        else:
            faster = seconds / ours
            print(
                f"| ydata-profiling minimal | {seconds:.2f} | ours {faster:.1f}× faster | "
                f"≥ {YDATA_TARGET:.0f}× faster: {verdict(faster >= YDATA_TARGET)} |"
            )
            out.append(Result("pandas", "ydata-profiling minimal", "ydata", rows, 20, seconds))
    return out


def section_duckdb(files: Files, rows: int) -> list[Result]:
    path = files.get(rows, 10)
    ours = child(path, "duckdb", "duckdb", rows, 10)
    summarize = child(path, "duckdb", "duckdb", rows, 10, "summarize")
    print(f"\n## 2. {rows:,}-row parquet (10 columns) through DuckDB\n")
    print("| what | seconds / peak RSS MB |\n|---|---|")
    for label, r in (
        (f"genanalyst describe_any ({ours.facts} facts)", ours),
        ("DuckDB SUMMARIZE", summarize),
    ):
        print(f"| {label} | {_cell(r)} |")
    return [ours, summarize]


def section_spark(files: Files, rows: int) -> list[Result]:
    path = files.get(rows, 20)
    results = [child(path, e, "spark", rows, 20) for e in ("spark", "pandas")]
    files.drop(rows, 20)
    print(f"\n## 3. PySpark local[2] vs pandas, {rows:,} × 20, same facts\n")
    print("| engine | seconds | facts | peak RSS MB (driver) |\n|---|---|---|---|")
    for r in results:
        if r.status == "ok":
            print(f"| {r.engine} | {r.seconds:.2f} | {r.facts} | {r.peak_mb:.0f} |")
        else:
            print(f"| {r.engine} | {r.status} | | |")
    return results


def grid_points(rows: list[int], cols: list[int]) -> list[tuple[int, int]]:
    """Rows axis at the fewest columns, then columns axis at the fewest rows (the shared
    point once)."""
    points = [(n, cols[0]) for n in rows]
    return points + [(rows[0], c) for c in cols if (rows[0], c) not in points]


def section_grid(
    files: Files, rows: list[int], cols: list[int], engines: list[str], limits: dict[str, int]
) -> list[Result]:
    """``limits``: the most cells an engine is given (pandas must hold the frame in memory;
    Spark local[2] costs minutes per million rows here), larger points are marked."""
    print(
        f"\n## 4. cost per engine: rows ({', '.join(f'{n:,}' for n in rows)}) at {cols[0]} "
        f"columns; columns ({', '.join(f'{c:,}' for c in cols)}) at {rows[0]:,} rows\n"
    )
    print(
        "Not run: the full rows × columns cross product (1M, 10M, 50M rows × 10, 100, 1,000 "
        "columns). Its largest point alone, 50M × 1,000, is 5·10^10 cells: ~100 GB of "
        "parquet at the ~2 bytes a cell these files take, hours per engine on 2 cores, and "
        "no pandas frame of that size fits in memory. Cost is measured along each axis from "
        "the shared smallest point instead.\n"
    )
    print("(seconds / peak RSS MB)\n")
    print("| rows | columns | " + " | ".join(engines) + " |")
    print("|---|---|" + "---|" * len(engines))
    out: list[Result] = []
    points = grid_points(rows, cols)
    for k, (n, c) in enumerate(points):
        path = files.get(n, c)
        line = []
        for engine in engines:
            if n * c > limits.get(engine, n * c):
                status = "does not fit" if engine == "pandas" else "skipped (cells limit)"
                r = Result("grid", "describe", engine, n, c, status=status)
            else:
                r = child(path, engine, "grid", n, c)
            out.append(r)
            line.append(_cell(r))
        print(f"| {n:,} | {c:,} | " + " | ".join(line) + " |")
        if (n, c) not in points[k + 1 :]:
            files.drop(n, c)
    return out


def _cell(r: Result) -> str:
    if r.status != "ok" or r.seconds is None or r.peak_mb is None:
        return r.status
    return f"{r.seconds:.2f} s / {r.peak_mb:.0f}"


def plot(results: list[dict[str, Any]], target: Path) -> Path:
    """Seconds against rows and against columns per engine, log scales; returns the file."""
    grid = [r for r in results if r["section"] == "grid" and r["status"] == "ok"]
    if not grid:
        raise SystemExit("no grid results to plot")
    base_cols = min(r["cols"] for r in grid)
    base_rows = min(r["rows"] for r in grid)
    axes = (("rows", "cols", base_cols), ("cols", "rows", base_rows))
    series: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for x, fixed, value in axes:
        for r in grid:
            if r[fixed] == value:
                series.setdefault((x, r["engine"]), []).append((r[x], r["seconds"]))
    titles = {
        "rows": f"seconds against rows ({base_cols} columns)",
        "cols": f"seconds against columns ({base_rows:,} rows)",
    }
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return _plot_plotly(series, titles, target)
    fig, subplots = plt.subplots(1, 2, figsize=(10, 4))
    for ax, (x, _, _) in zip(subplots, axes, strict=True):
        for (axis, engine), points in sorted(series.items()):
            if axis == x:
                xs, ys = zip(*sorted(points), strict=True)
                ax.plot(xs, ys, marker="o", label=engine)
        ax.set(xscale="log", yscale="log", title=titles[x], xlabel=x, ylabel="seconds")
        ax.legend()
    fig.tight_layout()
    fig.savefig(target)
    return target


def _plot_plotly(
    series: dict[tuple[str, str], list[tuple[int, float]]], titles: dict[str, str], target: Path
) -> Path:
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, subplot_titles=(titles["rows"], titles["cols"]))
    colors = dict(zip(ENGINES, ("#4c78a8", "#f58518", "#54a24b", "#e45756"), strict=True))
    for (axis, engine), points in sorted(series.items()):
        xs, ys = zip(*sorted(points), strict=True)
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines+markers",
            name=engine,
            legendgroup=engine,
            showlegend=axis == "rows",
            line={"color": colors.get(engine)},
            row=1,
            col=1 if axis == "rows" else 2,
        )
    fig.update_xaxes(type="log")
    fig.update_yaxes(type="log", title_text="seconds")
    fig.update_xaxes(title_text="rows", row=1, col=1)
    fig.update_xaxes(title_text="columns", row=1, col=2)
    html = target.with_suffix(".html")
    fig.write_html(html, include_plotlyjs="cdn")
    return html


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, no ydata peer")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument(
        "--max-pandas-cells", type=int, default=100_000_000, help="larger: 'does not fit'"
    )
    parser.add_argument(
        "--max-spark-cells",
        type=int,
        default=100_000_000,
        help="larger grid points skip Spark (0: no limit; 50M x 10 and 1M x 1,000 add hours)",
    )
    parser.add_argument("--out", type=Path, help="write every measurement as JSON")
    parser.add_argument("--plot", type=Path, help="draw the grid (e.g. benchmarks/engines.svg)")
    parser.add_argument("--replot", type=Path, help="plot a saved --out file; measure nothing")
    args = parser.parse_args()
    if args.replot:
        saved = json.loads(args.replot.read_text(encoding="utf-8"))
        print(f"plot: {plot(saved['results'], args.plot or Path('benchmarks/engines.svg'))}")
        return
    quick = args.quick
    engines = [e for e in ENGINES if not (args.no_spark and e == "spark")]
    rows = [10_000, 100_000, 200_000] if quick else [1_000_000, 10_000_000, 50_000_000]
    cols = [10, 20, 40] if quick else [10, 100, 1000]
    results: list[Result] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        files = Files(Path(d))
        results += section_pandas(20_000 if quick else 1_000_000, not (quick or args.no_peer))
        results += section_duckdb(files, rows[-1])  # its file is also the grid's last row
        if not args.no_spark:
            results += section_spark(files, 5_000 if quick else 1_000_000)
        limits = {"pandas": args.max_pandas_cells}
        if args.max_spark_cells:
            limits["spark"] = args.max_spark_cells
        results += section_grid(files, rows, cols, engines, limits)
    total = time.perf_counter() - started
    print(f"\n<!-- total {total:.0f} s -->")
    if args.out:
        payload = {
            "quick": quick,
            "total_seconds": total,
            "targets": {"pandas_ratio_max": PANDAS_TARGET, "ydata_speedup_min": YDATA_TARGET},
            "results": [asdict(r) for r in results],
        }
        args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        print(f"results: {args.out}")
    if args.plot:
        print(f"plot: {plot([asdict(r) for r in results], args.plot)}")


if __name__ == "__main__":
    main()
