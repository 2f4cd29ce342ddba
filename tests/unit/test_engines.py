"""Facts on Polars (eager, lazy) and DuckDB equal the pandas facts on the same data, and
their evidence re-runs inside the engine."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.facts import FactSet, engines
from tests.engines_data import by_column, engine_mismatches, rank_of, tw_orders, value_diffs

MAKERS = {
    "polars": lambda df: pl.from_pandas(df),
    "polars-lazy": lambda df: pl.from_pandas(df).lazy(),
    "duckdb": lambda df: duckdb.from_df(df),
}


@pytest.fixture(scope="module")
def orders() -> pd.DataFrame:
    return tw_orders()


@pytest.fixture(scope="module", params=sorted(MAKERS))
def frame(request: pytest.FixtureRequest, orders: pd.DataFrame) -> tuple[str, object]:
    return request.param, MAKERS[request.param](orders)


def test_describe_equals_pandas(orders: pd.DataFrame, frame: tuple[str, object]) -> None:
    _, obj = frame
    expected = ga.describe(orders)
    got = engines.describe_any(obj)
    kinds = {f.id.split(".")[1] for f in expected}
    assert {"time", "trend", "change", "dist", "top", "id", "flag", "dates", "constant"} <= kinds
    assert value_diffs(expected, got) == []


def test_evidence_reruns_in_the_engine(frame: tuple[str, object]) -> None:
    name, obj = frame
    facts = engines.describe_any(obj)
    assert engine_mismatches(obj, facts) == []
    dist = next(f for f in facts if f.id.startswith("desc.dist."))
    native = "pl.col(" if name.startswith("polars") else "SELECT "
    assert all(native in e for e in dist.evidence.values())
    assert not any("df[" in e for e in dist.evidence.values())  # not pandas


def test_diagnose_equals_pandas_and_reruns(orders: pd.DataFrame, frame: tuple[str, object]) -> None:
    _, obj = frame
    expected = ga.diagnose(orders, target="金額")
    got = engines.diagnose_any(obj, target="金額")
    assert any(f.id.startswith("diag.shift.") for f in got)  # the planted level shift
    assert value_diffs(expected, got) == []
    assert engine_mismatches(obj, got) == []


def test_sampled_diagnose_says_so(orders: pd.DataFrame) -> None:
    obj = duckdb.from_df(orders)
    facts = engines.diagnose_any(obj, target="金額", sample=300)
    sampled = [f for f in facts if f.id.startswith("diag.driver")]
    assert sampled
    for f in sampled:
        assert f.sample_size == 300
        assert any("seeded sample of 300 of 600 rows" in c for c in f.caveats)
        assert all(
            "ga.engines.sample_pandas(df, 300, seed=0)" in e
            for e in f.evidence.values()
            if "df" in e
        )
    assert engine_mismatches(obj, sampled) == []
    # time anomalies are aggregated in the engine on every row: no sample caveat
    shift = next(f for f in facts if f.id.startswith("diag.shift."))
    assert shift.sample_size is None and "SELECT" in shift.evidence["mean_before"]


def test_approximate_above_the_exact_limit(orders: pd.DataFrame) -> None:
    for obj in (duckdb.from_df(orders), pl.from_pandas(orders).lazy()):
        facts = engines.describe_any(obj, exact_limit=100).by_id()
        assert "desc.duplicates" not in facts  # not counted exactly at scale
        ids = by_column(facts, "desc.id.", "身分證字號")
        assert any("approximate" in c for c in ids.caveats)
        assert ids.values["unique"] == pytest.approx(orders["身分證字號"].nunique(), rel=0.05)
        dist = by_column(facts, "desc.dist.", "金額")
        if engines.engine_of(obj) == "duckdb":
            assert any("approx_quantile" in c for c in dist.caveats)
        for name, q in (("q25", 0.25), ("median", 0.5), ("q75", 0.75)):
            assert abs(rank_of(orders["金額"], float(dist.values[name])) - q) <= 0.01


def test_engine_of_columns_shape_and_frames() -> None:
    df = tw_orders(50)
    lazy, rel = pl.from_pandas(df).lazy(), duckdb.from_df(df)
    assert [engines.engine_of(x) for x in (df, pl.from_pandas(df), lazy, rel, [1])] == [
        "pandas",
        "polars",
        "polars",
        "duckdb",
        None,
    ]
    assert engines.columns_of(lazy) == list(df.columns) == engines.columns_of(rel)
    assert engines.shape_of(lazy) == df.shape == engines.shape_of(rel)
    found = engines.frames_in({"訂單": df, "lazy": lazy, "rel": rel, "_hidden": df, "n": 3})
    assert [(f.name, f.engine) for f in found] == [
        ("lazy", "polars"),
        ("rel", "duckdb"),
        ("訂單", "pandas"),
    ]
    with pytest.raises(GenAnalystError, match="pandas, Polars, DuckDB or PySpark"):
        engines.describe_any([1, 2, 3])
    # pandas frames take the pandas path unchanged, evidence included
    assert engines.describe_any(df).to_json() == ga.describe(df).to_json()


def test_sample_is_bounded_seeded_and_stated() -> None:
    df = tw_orders(5_000, seed=3)
    for obj in (pl.from_pandas(df).lazy(), duckdb.from_df(df), pl.from_pandas(df)):
        a = engines.sample_pandas(obj, 400, seed=7)
        b = engines.sample_pandas(obj, 400, seed=7)
        assert 0 < len(a.frame) <= 400 and a.total == 5_000
        pd.testing.assert_frame_equal(a.frame, b.frame)
        frame, caveat = a
        assert caveat and f"{len(frame):,} of 5,000 rows" in caveat[0]
    whole = engines.sample_pandas(duckdb.from_df(df), 10_000)
    assert whole.size is None and whole.caveat() == () and len(whole.frame) == 5_000


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_scan_file_describes_without_pandas(tmp_path: Path, suffix: str, engine: str) -> None:
    df = tw_orders(300)
    path = tmp_path / f"訂單{suffix}"
    if suffix == ".csv":
        df.to_csv(path, index=False)
    else:
        df.to_parquet(path, index=False)
    rel = engines.scan_file(path, engine=engine)  # type: ignore[arg-type]
    assert engines.engine_of(rel) == engine
    expected = ga.describe(pl.read_parquet(path).to_pandas() if suffix == ".parquet" else df)
    got = engines.describe_any(rel).by_id()
    assert got["desc.shape"].values == {"rows": 300, "columns": df.shape[1]}
    for prefix, column in (
        ("desc.dist.", "金額"),
        ("desc.top.", "縣市"),
        ("desc.missing.", "金額"),
        ("desc.flag.", "會員"),
    ):
        want = by_column(expected.by_id(), prefix, column)
        assert value_diffs(FactSet([want]), FactSet([got[want.id]])) == []


def test_scan_file_rejects_other_files(tmp_path: Path) -> None:
    sheet = tmp_path / "訂單.xlsx"
    sheet.write_bytes(b"PK")
    with pytest.raises(GenAnalystError, match=r"parquet or \.csv"):
        engines.scan_file(sheet)
    with pytest.raises(GenAnalystError, match="no such file"):
        engines.scan_file(tmp_path / "missing.parquet")


def test_spark_sql_keeps_braces_in_column_names() -> None:
    from jupyter_genanalyst.facts.engines.sql import spark_text

    sql = "SELECT count(`金額{稅前}`) FROM {df} WHERE `a}` > 0"
    assert spark_text(sql).format(df="t") == "SELECT count(`金額{稅前}`) FROM t WHERE `a}` > 0"


EDGES = {
    "empty": pd.DataFrame(
        {"金額": pd.Series([], dtype=float), "備註": pd.Series([], dtype=object)}
    ),
    "all-missing": pd.DataFrame({"金額": [float("nan")] * 30, "備註": [None] * 30, "n": range(30)}),
    "infinite": pd.DataFrame(
        {"x": [1.0, float("inf"), -float("inf"), 0.0, 2.0, float("nan")] * 10}
    ),
    "odd names": pd.DataFrame(
        {'we"ird': [float(i % 7) for i in range(40)], "it's `x`": ["甲"] * 25 + ["乙"] * 15}
    ),
}


@pytest.mark.parametrize("case", sorted(EDGES))
@pytest.mark.parametrize("engine", sorted(MAKERS))
def test_edge_frames_match_pandas(case: str, engine: str) -> None:
    df = EDGES[case]
    obj = MAKERS[engine](df)
    facts = engines.describe_any(obj)
    assert value_diffs(ga.describe(df), facts) == []
    assert engine_mismatches(obj, facts) == []


def test_predict_on_a_stated_sample() -> None:
    df = tw_orders(600)
    obj = pl.from_pandas(df).lazy()
    facts = engines.predict_any(obj, target="金額", sample=400)
    assert facts
    for f in facts:
        assert f.sample_size is not None and f.sample_size <= 400
        assert any("seeded sample of 400 of 600 rows" in c for c in f.caveats)
    drawn = engines.sample_pandas(obj, 400)
    expected = ga.predict(drawn.frame, target="金額")
    assert [f.values for f in facts] == [f.values for f in expected]


def test_spark_splits_many_sketches_over_queries_and_duckdb_keeps_one() -> None:
    """Spark holds every quantile/distinct buffer of a query in its heap at once, so past
    SPARK_SKETCHES_PER_QUERY they go to further queries; every statistic is asked once."""
    from jupyter_genanalyst.facts.engines.backend import Stat
    from jupyter_genanalyst.facts.engines.sql import (
        DUCKDB,
        SPARK,
        SPARK_SKETCHES_PER_QUERY,
        SqlBackend,
    )

    stats = [Stat("count", f"c{i}") for i in range(10)]
    stats += [Stat("quantile", f"c{i}", 0.5) for i in range(2 * SPARK_SKETCHES_PER_QUERY + 1)]
    chunks = SqlBackend(object(), SPARK)._chunks(stats)
    assert len(chunks) == 3
    assert [s for c in chunks for s in c] == stats
    assert all(sum(s.op == "quantile" for s in c) <= SPARK_SKETCHES_PER_QUERY for c in chunks)
    assert SqlBackend(object(), DUCKDB)._chunks(stats) == [stats]
    assert SqlBackend(object(), SPARK)._chunks([]) == []
