"""Polars frames (eager and lazy): statistics as Polars expressions, one ``select``.

Why source text: each statistic is written once as the source of a Polars expression; the
backend evaluates that text to build the query and shows the same text as evidence, so
what a user re-runs is exactly what was computed. Lazy frames are collected only after
aggregation (the streaming engine where Polars offers it), never whole.

NaN is not null in Polars; pandas treats both as missing, so float columns are read
through ``fill_nan(None)``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .backend import Kind, Stat, Tops
from .sql import _kind, _py

_TRUNC = {"h": "1h", "D": "1d", "W": "1w", "M": "1mo", "Q": "1q", "Y": "1y"}


class PolarsBackend:
    engine = "polars"

    def __init__(self, obj: Any) -> None:
        self.obj = obj
        self.lazy = type(obj).__name__ != "DataFrame"
        self._kinds: dict[str, Kind] | None = None

    def kinds(self) -> dict[str, Kind]:
        if self._kinds is None:
            import narwhals as nw

            schema = nw.from_native(self.obj).collect_schema()
            self._kinds = {str(k): _kind(v) for k, v in schema.items()}
        return self._kinds

    # -- plumbing ---------------------------------------------------------------------
    def _eval(self, source: str) -> Any:
        import polars as pl

        return eval(source, {"pl": pl})

    def _collect(self, frame: Any) -> Any:
        # the streaming engine processes a lazy scan in batches instead of loading it whole
        return frame.collect(engine="streaming") if self.lazy else frame

    def _done(self, source: str) -> str:
        """Evidence suffix: lazy frames are collected after the query."""
        return f"{source}.collect()" if self.lazy else source

    def value(self, col: str) -> str:
        x = f"pl.col({col!r})"
        return f"{x}.fill_nan(None)" if self.kinds().get(col) == "float" else x

    # -- aggregates -------------------------------------------------------------------
    def source_of(self, stat: Stat) -> str:
        if stat.op == "rows":
            return "pl.len()"
        assert stat.col is not None
        v = self.value(stat.col)
        kind = self.kinds().get(stat.col)
        simple = {"count": "count", "mean": "mean", "std": "std", "min": "min", "max": "max"}
        if stat.op in simple:
            return f"{v}.{simple[stat.op]}()"
        if stat.op == "quantile":
            return f"{v}.quantile({stat.arg}, interpolation='linear')"
        if stat.op == "skew":
            return f"{v}.skew(bias=False)"
        if stat.op == "zeros":
            return f"({v} == 0).sum()"
        if stat.op == "infinite":
            return f"{v}.is_infinite().sum()" if kind == "float" else "pl.lit(0)"
        if stat.op == "distinct":
            return f"{v}.drop_nulls().{'approx_n_unique' if stat.approx else 'n_unique'}()"
        if stat.op == "trues":
            return f"{v}.sum()" if kind == "bool" else f"({v} == 1).sum()"
        if stat.op == "mean_length":
            return f"{v}.cast(pl.String).str.len_chars().mean()"
        if stat.op == "first":
            return f"{v}.drop_nulls().first()"
        raise AssertionError(f"unknown statistic {stat.op}")

    def aggregate(self, stats: list[Stat]) -> list[Any]:
        if not stats:
            return []
        exprs = [self._eval(self.source_of(s)).alias(f"s{i}") for i, s in enumerate(stats)]
        row = self._collect(self.obj.select(exprs)).row(0)
        return [_py(v) for v in row]

    def evidence(self, stat: Stat) -> str:
        return f"{self._done(f'df.select({self.source_of(stat)})')}.item()"

    # -- top values -------------------------------------------------------------------
    def _grouped(self, col: str) -> str:
        return (
            f"df.select({self.value(col)}.drop_nulls().cast(pl.String).alias('v'))"
            ".group_by('v').agg(pl.len().alias('n'))"
            ".sort(['n', 'v'], descending=[True, False])"
        )

    def tops(self, cols: list[str], k: int) -> dict[str, Tops]:
        import polars as pl

        queries = [self._eval_frame(self._grouped(c)) for c in cols]
        if not queries:
            return {}
        if self.lazy:
            results = pl.collect_all(
                [q.with_columns(pl.len().alias("levels")).head(k) for q in queries],
                engine="streaming",
            )
        else:
            results = [q.with_columns(pl.len().alias("levels")).head(k) for q in queries]
        out = {}
        for c, res in zip(cols, results, strict=True):
            rows = res.rows()
            levels = int(rows[0][2]) if rows else 0
            out[c] = Tops(levels, tuple((str(v), int(n)) for v, n, _ in rows))
        return out

    def _eval_frame(self, source: str) -> Any:
        import polars as pl

        return eval(source, {"pl": pl, "df": self.obj})

    def top_evidence(self, col: str, i: int) -> tuple[str, str, str]:
        g = self._done(self._grouped(col))
        count = self._done(f"df.select({self.value(col)}.count())") + ".item()"
        return (
            f"{g}.row({i})[0]",
            f"{g}.row({i})[1]",
            f"{g}.row({i})[1] / {count} * 100",
        )

    def levels_evidence(self, col: str) -> str:
        return self.evidence(Stat("distinct", col))

    # -- duplicates -------------------------------------------------------------------
    def distinct_rows(self) -> int:
        import polars as pl

        return int(self._collect(self.obj.unique().select(pl.len())).item())

    def distinct_rows_evidence(self) -> str:
        return f"{self._done('df.unique().select(pl.len())')}.item()"

    # -- time -------------------------------------------------------------------------
    def _step_source(self, col: str) -> str:
        d = f"pl.col({col!r}).drop_nulls().unique().sort().dt.epoch('us').diff()"
        return f"({d}).filter({d} > 0).median() / 86400000000.0"

    def step_days(self, col: str) -> float | None:
        expr = self._eval(self._step_source(col))
        value = _py(self._collect(self.obj.select(expr)).item())
        return None if value is None else float(value)

    def step_evidence(self, col: str) -> str:
        return f"{self._done(f'df.select({self._step_source(col)})')}.item()"

    def _bucket(self, col: str, freq: str) -> str:
        c = f"pl.col({col!r})"
        return c if freq == "year" else f"{c}.dt.truncate({_TRUNC[freq]!r})"

    def _period_source(self, col: str, freq: str, aggs: list[str]) -> str:
        return (
            f"df.filter(pl.col({col!r}).is_not_null())"
            f".group_by({self._bucket(col, freq)}.alias('p'))"
            f".agg({', '.join(aggs)}).sort('p')"
        )

    def periods(self, col: str, freq: str, measures: list[str]) -> pd.DataFrame:
        aggs = ["pl.len().alias('n')"] + [
            f"{self.value(m)}.mean().alias('m{i}')" for i, m in enumerate(measures)
        ]
        frame = self._collect(self._eval_frame(self._period_source(col, freq, aggs)))
        return frame.to_pandas()

    def period_evidence(self, col: str, freq: str, measure: str | None) -> str:
        agg = (
            "pl.len().alias('v')" if measure is None else f"{self.value(measure)}.mean().alias('v')"
        )
        src = self._done(self._period_source(col, freq, [agg]))
        return f"ga.engines.period_series({src}.to_pandas(), {freq!r})"
