"""DuckDB relations and PySpark DataFrames: the same SQL, two dialects.

Why SQL for both: each request becomes one ``SELECT`` the engine plans and runs where the
data lives (DuckDB streams a parquet file; Spark runs on its executors), and the evidence
a user re-runs is that SQL. Queries name the frame ``{df}``: DuckDB binds it with
``relation.query('df', …)``, Spark with ``spark.sql(…, df=df)``.

NaN is not NULL in either engine; pandas treats both as missing, so float columns are read
through ``NULLIF(x, NaN)`` (both engines compare NaN equal to itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .backend import FREQ_UNITS, Kind, Stat, Tops

APPROX_ACCURACY = 10_000  # Spark percentile_approx: rank error ≤ 1/accuracy of the rows
APPROX_RSD = 0.01  # Spark approx_count_distinct: relative standard deviation
# Spark keeps every quantile/distinct buffer of one aggregate in the executor's heap at once:
# 120 percentile_approx sketches (1M × 100 mixed) ran local mode's default 1 GB out of heap.
# Past this many per query, the statistics are split over several queries.
SPARK_SKETCHES_PER_QUERY = 24


@dataclass(frozen=True)
class Dialect:
    name: str
    quote: str  # identifier quote
    string_type: str
    length_fn: str
    exact_quantile: str  # format with {x} {q}
    approx_quantile: str
    approx_distinct: str
    epoch_us: str  # format with {x}
    median: str  # format with {x}
    skew: str  # G1 from the engine's skewness and count, format with {x}


DUCKDB = Dialect(
    name="duckdb",
    quote='"',
    string_type="VARCHAR",
    length_fn="length",
    exact_quantile="quantile_cont({x}, {q})",
    approx_quantile="approx_quantile({x}, {q})",
    approx_distinct="approx_count_distinct({x})",
    epoch_us="epoch_us(CAST({x} AS TIMESTAMP))",
    median="median({x})",
    # DuckDB's skewness() already applies the small-sample adjustment pandas uses
    skew="skewness({x})",
)

SPARK = Dialect(
    name="spark",
    quote="`",
    string_type="STRING",
    length_fn="char_length",
    exact_quantile="percentile({x}, {q})",
    approx_quantile=f"percentile_approx({{x}}, {{q}}, {APPROX_ACCURACY})",
    approx_distinct=f"approx_count_distinct({{x}}, {APPROX_RSD})",
    epoch_us="unix_micros(CAST({x} AS TIMESTAMP))",
    median="percentile({x}, 0.5)",
    # Spark's skewness() is the population g1; pandas reports G1 = g1·√(n(n−1))/(n−2)
    skew="skewness({x}) * sqrt(count({x}) * (count({x}) - 1)) / (count({x}) - 2)",
)

NAN = "CAST('NaN' AS DOUBLE)"
INF = "CAST('Infinity' AS DOUBLE)"
NEG_INF = "CAST('-Infinity' AS DOUBLE)"


def _py(value: Any) -> Any:
    """Decimal and numpy scalars from drivers as plain Python numbers."""
    if value is None:
        return None
    if type(value).__name__ == "Decimal":
        return float(value)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


class SqlBackend:
    """A DuckDB relation or a PySpark DataFrame behind one SQL dialect."""

    def __init__(self, obj: Any, dialect: Dialect) -> None:
        self.obj = obj
        self.d = dialect
        self.engine = dialect.name
        self._kinds: dict[str, Kind] | None = None

    # -- plumbing ---------------------------------------------------------------------
    def q(self, name: str) -> str:
        qt = self.d.quote
        return qt + name.replace(qt, qt + qt) + qt

    def _run(self, sql: str) -> pd.DataFrame:
        if self.engine == "duckdb":
            return self.obj.query("df", sql.replace("{df}", "df")).df()
        return self.obj.sparkSession.sql(spark_text(sql), df=self.obj).toPandas()

    def _rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.engine == "duckdb":
            return list(self.obj.query("df", sql.replace("{df}", "df")).fetchall())
        rows = self.obj.sparkSession.sql(spark_text(sql), df=self.obj).collect()
        return [tuple(r) for r in rows]

    def run_expr(self, sql: str) -> str:
        """Evidence: a Python expression running ``sql`` on ``df``, as a pandas frame."""
        if self.engine == "duckdb":
            return f"df.query('df', {sql.replace('{df}', 'df')!r}).df()"
        return f"df.sparkSession.sql({spark_text(sql)!r}, df=df).toPandas()"

    def scalar_expr(self, sql: str) -> str:
        if self.engine == "duckdb":
            return f"df.query('df', {sql.replace('{df}', 'df')!r}).fetchall()[0][0]"
        return f"df.sparkSession.sql({spark_text(sql)!r}, df=df).first()[0]"

    def kinds(self) -> dict[str, Kind]:
        if self._kinds is None:
            import narwhals as nw

            schema = nw.from_native(self.obj).collect_schema()
            self._kinds = {str(k): _kind(v) for k, v in schema.items()}
        return self._kinds

    def value(self, col: str) -> str:
        """The column as SQL, NaN read as NULL for floats."""
        x = self.q(col)
        return f"NULLIF({x}, {NAN})" if self.kinds().get(col) == "float" else x

    # -- aggregates -------------------------------------------------------------------
    def sql_of(self, stat: Stat) -> str:
        if stat.op == "rows":
            return "count(*)"
        assert stat.col is not None
        v, d = self.value(stat.col), self.d
        kind = self.kinds().get(stat.col)
        if stat.op == "count":
            return f"count({v})"
        if stat.op == "mean":
            return f"avg({v})"
        if stat.op == "std":
            return f"stddev_samp({v})"
        if stat.op in ("min", "max", "first"):
            return f"{'max' if stat.op == 'max' else 'min'}({v})"
        if stat.op == "quantile":
            fmt = d.approx_quantile if stat.approx else d.exact_quantile
            return fmt.format(x=v, q=stat.arg)
        if stat.op == "skew":
            if kind == "float" and self.engine == "duckdb":
                # DuckDB raises on infinite input where pandas answers NaN
                finite = f"CASE WHEN isinf({v}) THEN NULL ELSE {v} END"
                return (
                    f"CASE WHEN count_if(isinf({v})) > 0 THEN {NAN} "
                    f"ELSE {d.skew.format(x=finite)} END"
                )
            return d.skew.format(x=v)
        if stat.op == "zeros":
            return f"count_if({v} = 0)"
        if stat.op == "infinite":
            if kind != "float":
                return "0"
            return f"count_if({v} IN ({INF}, {NEG_INF}))"
        if stat.op == "distinct":
            return d.approx_distinct.format(x=v) if stat.approx else f"count(DISTINCT {v})"
        if stat.op == "trues":
            return f"count_if({v})" if kind == "bool" else f"count_if({v} = 1)"
        if stat.op == "mean_length":
            return f"avg({d.length_fn}(CAST({v} AS {d.string_type})))"
        raise AssertionError(f"unknown statistic {stat.op}")

    def aggregate(self, stats: list[Stat]) -> list[Any]:
        """Every statistic in one query, except on Spark past SPARK_SKETCHES_PER_QUERY
        quantiles/distinct counts (see there)."""
        out: list[Any] = []
        for chunk in self._chunks(stats):
            select = ", ".join(f"{self.sql_of(s)} AS s{i}" for i, s in enumerate(chunk))
            out += [_py(v) for v in self._rows(f"SELECT {select} FROM {{df}}")[0]]
        return out

    def _chunks(self, stats: list[Stat]) -> list[list[Stat]]:
        if self.engine != "spark":
            return [stats] if stats else []
        chunks: list[list[Stat]] = []
        current: list[Stat] = []
        heavy = 0
        for s in stats:
            is_heavy = s.op in ("quantile", "distinct")
            if is_heavy and heavy >= SPARK_SKETCHES_PER_QUERY:
                chunks.append(current)
                current, heavy = [], 0
            current.append(s)
            heavy += is_heavy
        return [*chunks, current] if current else chunks

    def evidence(self, stat: Stat) -> str:
        return self.scalar_expr(f"SELECT {self.sql_of(stat)} FROM {{df}}")

    # -- top values -------------------------------------------------------------------
    def _grouped(self, col: str) -> str:
        v, t = self.value(col), self.d.string_type
        return (
            f"SELECT CAST({v} AS {t}) AS v, count(*) AS n FROM {{df}} "
            f"WHERE {v} IS NOT NULL GROUP BY CAST({v} AS {t})"
        )

    def tops(self, cols: list[str], k: int) -> dict[str, Tops]:
        if not cols:
            return {}
        parts = " UNION ALL ".join(
            f"SELECT {i} AS c, g.v, g.n FROM ({self._grouped(c)}) g" for i, c in enumerate(cols)
        )
        sql = (
            "SELECT c, v, n, levels FROM (SELECT c, v, n, "
            "row_number() OVER (PARTITION BY c ORDER BY n DESC, v) AS k, "
            f"count(*) OVER (PARTITION BY c) AS levels FROM ({parts}) u) r "
            f"WHERE k <= {k} ORDER BY c, n DESC, v"
        )
        out: dict[str, list[tuple[str, int]]] = {c: [] for c in cols}
        levels: dict[str, int] = {}
        for c, v, n, lv in self._rows(sql):
            name = cols[int(c)]
            out[name].append((str(v), int(n)))
            levels[name] = int(lv)
        return {c: Tops(levels.get(c, 0), tuple(out[c])) for c in cols}

    def top_evidence(self, col: str, i: int) -> tuple[str, str, str]:
        ranked = f"{self._grouped(col)} ORDER BY n DESC, v LIMIT 1 OFFSET {i}"
        v = self.value(col)
        pct = f"SELECT CAST(n AS DOUBLE) * 100 / (SELECT count({v}) FROM {{df}}) FROM ({ranked}) t"
        return (
            self.scalar_expr(f"SELECT v FROM ({ranked}) t"),
            self.scalar_expr(f"SELECT n FROM ({ranked}) t"),
            self.scalar_expr(pct),
        )

    def levels_evidence(self, col: str) -> str:
        return self.scalar_expr(f"SELECT count(DISTINCT {self.value(col)}) FROM {{df}}")

    # -- duplicates -------------------------------------------------------------------
    def _distinct_sql(self) -> str:
        return "SELECT count(*) FROM (SELECT DISTINCT * FROM {df}) t"

    def distinct_rows(self) -> int:
        return int(self._rows(self._distinct_sql())[0][0])

    def distinct_rows_evidence(self) -> str:
        return self.scalar_expr(self._distinct_sql())

    # -- time -------------------------------------------------------------------------
    def _step_sql(self, col: str) -> str:
        t = self.d.epoch_us.format(x=self.q(col))
        return (
            f"SELECT {self.d.median.format(x='d')} / 86400000000.0 FROM ("
            "SELECT t - lag(t) OVER (ORDER BY t) AS d FROM ("
            f"SELECT DISTINCT {t} AS t FROM {{df}} WHERE {self.q(col)} IS NOT NULL) u) w "
            "WHERE d > 0"
        )

    def step_days(self, col: str) -> float | None:
        value = _py(self._rows(self._step_sql(col))[0][0])
        return None if value is None else float(value)

    def step_evidence(self, col: str) -> str:
        return self.scalar_expr(self._step_sql(col))

    def _bucket(self, col: str, freq: str) -> str:
        if freq == "year":
            return self.q(col)
        return f"date_trunc('{FREQ_UNITS[freq]}', {self.q(col)})"

    def _period_sql(self, col: str, freq: str, aggs: list[str]) -> str:
        b = self._bucket(col, freq)
        select = ", ".join([f"{b} AS p", *aggs])
        return (
            f"SELECT {select} FROM {{df}} WHERE {self.q(col)} IS NOT NULL GROUP BY {b} ORDER BY p"
        )

    def periods(self, col: str, freq: str, measures: list[str]) -> pd.DataFrame:
        aggs = ["count(*) AS n"] + [f"avg({self.value(m)}) AS m{i}" for i, m in enumerate(measures)]
        return self._run(self._period_sql(col, freq, aggs))

    def period_evidence(self, col: str, freq: str, measure: str | None) -> str:
        agg = "count(*) AS v" if measure is None else f"avg({self.value(measure)}) AS v"
        run = self.run_expr(self._period_sql(col, freq, [agg]))
        return f"ga.engines.period_series({run}, {freq!r})"


def spark_text(sql: str) -> str:
    """``spark.sql(text, df=…)`` formats ``text`` like ``str.format``: braces in column names
    are doubled so only ``{df}`` is substituted."""
    return sql.replace("{", "{{").replace("}", "}}").replace("{{df}}", "{df}")


def _kind(dtype: Any) -> Kind:
    """A Narwhals dtype as the kind the backends distinguish."""
    import narwhals as nw

    if dtype.is_float():
        return "float"
    if dtype.is_integer() or dtype.is_decimal():
        return "int"
    if dtype == nw.Boolean:
        return "bool"
    if dtype == nw.Datetime:
        return "datetime"
    if dtype == nw.Date:
        return "date"
    if dtype in (nw.String, nw.Categorical, nw.Enum):
        return "string"
    return "other"
