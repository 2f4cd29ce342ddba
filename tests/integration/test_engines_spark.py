"""The same facts on a PySpark DataFrame (local[2]), computed by Spark. Few and small:
every Spark job costs about a second here."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.facts import FactSet, engines
from tests.engines_data import by_column, engine_mismatches, rank_of, tw_orders, value_diffs

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def orders() -> pd.DataFrame:
    return tw_orders(400)


@pytest.fixture(scope="module")
def sdf(spark: Any, orders: pd.DataFrame) -> Any:
    return spark.createDataFrame(orders).cache()


def test_spark_describe_equals_pandas_and_evidence_reruns(orders: pd.DataFrame, sdf: Any) -> None:
    assert engines.engine_of(sdf) == "spark"
    assert engines.shape_of(sdf) == orders.shape
    assert [(f.name, f.engine) for f in engines.frames_in({"sdf": sdf})] == [("sdf", "spark")]
    facts = engines.describe_any(sdf)
    assert value_diffs(ga.describe(orders), facts) == []
    one_each = {f.id.split(".")[1]: f for f in facts}
    assert {"dist", "top", "time", "trend", "id", "flag", "dates"} <= set(one_each)
    assert all("sparkSession.sql(" in e for e in one_each["dist"].evidence.values())
    # a few kinds re-run as Spark SQL (each value is one Spark job: all would cost minutes)
    rerun = FactSet(one_each[k] for k in ("dist", "top", "time", "flag"))
    assert engine_mismatches(sdf, rerun) == []


def test_spark_approximate_quantiles_within_their_bound(orders: pd.DataFrame, sdf: Any) -> None:
    facts = engines.describe_any(sdf, exact_limit=10).by_id()
    dist = by_column(facts, "desc.dist.", "金額")
    assert any("percentile_approx" in c and "0.01%" in c for c in dist.caveats)
    valid = orders["金額"].count()
    for name, q in (("q25", 0.25), ("median", 0.5), ("q75", 0.75)):
        # rank error ≤ 1/accuracy of the rows, plus one row for the discrete rank
        assert abs(rank_of(orders["金額"], float(dist.values[name])) - q) <= 1e-4 + 1 / valid
    ids = by_column(facts, "desc.id.", "身分證字號")
    assert ids.values["unique"] == pytest.approx(orders["身分證字號"].nunique(), rel=0.05)


def test_spark_switches_to_its_sketches_at_its_own_lower_limit(
    sdf: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spark's exact percentile/count(DISTINCT) hold every value in the JVM heap, so Spark
    has its own, lower default limit (a 1M × 20 file ran a 1 GB driver out of heap); DuckDB
    and Polars keep the general one."""
    from jupyter_genanalyst.facts.engines import describe as engine_describe

    assert engine_describe.ENGINE_EXACT_LIMITS["spark"] < engine_describe.EXACT_LIMIT
    monkeypatch.setitem(engine_describe.ENGINE_EXACT_LIMITS, "spark", 10)
    dist = by_column(engines.describe_any(sdf).by_id(), "desc.dist.", "金額")
    assert any("percentile_approx" in c for c in dist.caveats)


def test_spark_diagnose_on_a_seeded_sample(sdf: Any) -> None:
    drawn = engines.sample_pandas(sdf, 150, seed=1)
    assert 0 < len(drawn.frame) <= 150 and drawn.total == 400
    again = engines.sample_pandas(sdf, 150, seed=1)
    pd.testing.assert_frame_equal(drawn.frame, again.frame)
    facts = engines.diagnose_any(sdf, target="金額", sample=150, seed=1)
    driver = next(f for f in facts if f.id.startswith("diag.drivers."))
    assert driver.sample_size == len(drawn.frame)
    assert any("Spark sample(" in c for c in driver.caveats)
    shift = next(f for f in facts if f.id.startswith("diag.shift."))
    assert shift.sample_size is None
    assert engine_mismatches(sdf, FactSet([driver, shift])) == []
