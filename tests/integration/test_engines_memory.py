"""Describing a frame larger than the memory budget never collects it: peak RSS of a
fresh process stays under the budget while the frame would need 2.5× the budget in pandas."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROWS = 25_000_000
FLOAT_COLUMNS = 5
BUDGET_MB = 600  # the whole process: Python, pandas, scipy, DuckDB and the facts

SCRIPT = """
import json, sys
from jupyter_genanalyst.facts import engines
obj = engines.scan_file(sys.argv[1], engine=sys.argv[2])
facts = engines.describe_any(obj, exact_limit=1_000_000)
diag = engines.diagnose_any(obj, sample=20_000)
# VmHWM: this process's own peak (ru_maxrss would carry the pytest parent's across exec)
with open("/proc/self/status") as status:
    hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({
    "peak_mb": hwm / 1024,
    "rows": facts.by_id()["desc.shape"].values["rows"],
    "ids": facts.ids(),
    "diag_samples": sorted({f.sample_size or 0 for f in diag}),
}))
"""


@pytest.fixture(scope="module")
def big_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import duckdb

    path = tmp_path_factory.mktemp("big") / "orders.parquet"
    floats = ", ".join(f"random() * {i + 1} AS x{i}" for i in range(FLOAT_COLUMNS))
    duckdb.sql(
        f"COPY (SELECT {floats}, DATE '2023-01-01' + CAST(i % 700 AS INTEGER) AS 下單日期, "
        f"'門市' || CAST(i % 17 AS VARCHAR) AS 門市 FROM range({ROWS}) t(i)) "
        f"TO '{path}' (FORMAT parquet)"
    )
    return path


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["duckdb"])
def test_describe_a_frame_larger_than_the_budget(big_parquet: Path, engine: str) -> None:
    # float64 columns, datetime64, and at least an 8-byte offset per string
    in_pandas_mb = ROWS * (FLOAT_COLUMNS * 8 + 8 + 8) / 1e6
    assert in_pandas_mb > 2 * BUDGET_MB
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(big_parquet), engine],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["rows"] == ROWS
    assert "desc.time" in result["ids"] and "desc.dist.x0" in result["ids"]
    assert max(result["diag_samples"]) <= 20_000
    assert result["peak_mb"] < BUDGET_MB, result["peak_mb"]
