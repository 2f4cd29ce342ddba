"""The typed analysis plan: what a question asks for, as data our own code executes.

Why typed data and not code: a plan can be validated against the frame (columns, values,
operations) before anything runs, compared between the parser and the model, edited in the
review card, and turned into a code cell that always parses. Nothing here is executed text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Literal, cast, get_args

from ..errors import GenAnalystError

PLAN_VERSION = "1"

Scalar = str | int | float | bool
FilterOp = Literal[
    "eq", "ne", "gt", "ge", "lt", "le", "in", "not_in", "is_null", "not_null", "between", "contains"
]
DeriveKind = Literal[
    "year", "month", "quarter", "weekday", "hour", "bin", "ratio", "log", "days_between"
]
MissingStrategy = Literal["keep", "drop", "fill_mean", "fill_median", "fill_mode"]
OutlierRule = Literal["none", "zscore", "iqr"]
Op = Literal[
    "count",
    "aggregate",
    "group_aggregate",
    "top_k",
    "value_counts",
    "correlation",
    "test",
    "shape",
    "regression",
    "classify",
    "date_range",
]
Agg = Literal[
    "count",
    "sum",
    "mean",
    "median",
    "std",
    "var",
    "min",
    "max",
    "quantile",
    "nunique",
    "mode",
    "share",
]
Method = Literal[
    "pearson",
    "spearman",
    "kendall",
    "ttest_1samp",
    "ttest_ind",
    "welch",
    "mannwhitney",
    "ttest_paired",
    "chi2",
    "anova",
    "kruskal",
    "shapiro",
    "dagostino",
    "ks",
    "levene",
    "skew",
    "kurtosis",
    "ols",
    "logistic",
    "tree",
    "knn",
    "forest",
]
Format = Literal["number", "bool", "percent"]

FILTER_OPS: tuple[str, ...] = get_args(FilterOp)
DERIVE_KINDS: tuple[str, ...] = get_args(DeriveKind)
MISSING: tuple[str, ...] = get_args(MissingStrategy)
OUTLIER_RULES: tuple[str, ...] = get_args(OutlierRule)
OPS: tuple[str, ...] = get_args(Op)
AGGS: tuple[str, ...] = get_args(Agg)
METHODS: tuple[str, ...] = get_args(Method)
FORMATS: tuple[str, ...] = get_args(Format)
CORRELATIONS = ("pearson", "spearman", "kendall")
TESTS = (
    "ttest_1samp",
    "ttest_ind",
    "welch",
    "mannwhitney",
    "ttest_paired",
    "chi2",
    "anova",
    "kruskal",
    "shapiro",
    "dagostino",
    "ks",
    "levene",
)
GROUP_TESTS = ("ttest_ind", "welch", "mannwhitney", "anova", "kruskal", "levene")
CLASSIFIERS = ("logistic", "tree", "knn", "forest")

# The values each operation yields; ``answer`` picks the one the question asks for.
ANSWERS: dict[str, tuple[str, ...]] = {
    "count": ("count", "removed"),
    "aggregate": ("value",),
    "group_aggregate": ("top_group", "top_value", "bottom_group", "bottom_value"),
    "top_k": ("values", "labels", "kth", "kth_label"),
    "value_counts": ("top", "top_count", "n_unique"),
    "correlation": ("r", "pvalue", "significant", "not_significant"),
    "test": ("pvalue", "statistic", "significant", "not_significant"),
    "shape": ("value",),
    "regression": ("coef", "r2", "adj_r2", "pvalue", "intercept"),
    "classify": ("accuracy",),
    "date_range": ("days", "start", "end"),
}
ALL_ANSWERS: tuple[str, ...] = tuple(dict.fromkeys(a for v in ANSWERS.values() for a in v))


@dataclass(frozen=True)
class Filter:
    """Keep rows where ``column op value`` holds (``values`` for in/not_in/between)."""

    column: str
    op: FilterOp
    value: Scalar | None = None
    values: tuple[Scalar, ...] = ()


@dataclass(frozen=True)
class Derive:
    """A new column ``name`` computed from ``column`` (and ``other`` for ratio/days_between)."""

    name: str
    kind: DeriveKind
    column: str
    other: str | None = None
    bins: int = 4


@dataclass(frozen=True)
class Missing:
    """How rows with missing values in the used columns are treated."""

    strategy: MissingStrategy = "drop"


@dataclass(frozen=True)
class Outliers:
    """Remove rows whose ``column`` is an outlier by ``rule`` before computing."""

    rule: OutlierRule = "none"
    column: str | None = None
    threshold: float = 3.0


@dataclass(frozen=True)
class Plan:
    """One closed-form analysis: row steps (derive → filter → missing → outliers), then ``op``."""

    op: Op
    column: str | None = None
    column2: str | None = None
    group_by: str | None = None
    agg: Agg | None = None
    method: Method | None = None
    quantile: float | None = None
    k: int | None = None
    ascending: bool = False
    features: tuple[str, ...] = ()
    target: str | None = None
    value: float | None = None
    groups: tuple[Scalar, ...] = ()
    alpha: float = 0.05
    filters: tuple[Filter, ...] = ()
    derive: tuple[Derive, ...] = ()
    missing: Missing = field(default_factory=Missing)
    outliers: Outliers = field(default_factory=Outliers)
    answer: str | None = None
    decimals: int | None = None
    format: Format = "number"
    seed: int = 0
    version: str = PLAN_VERSION

    @property
    def primary(self) -> str:
        """The value name the question asks for."""
        return self.answer or ANSWERS[self.op][0]

    def used_columns(self) -> tuple[str, ...]:
        """Every column the final operation reads (derived names included)."""
        cols = [self.column, self.column2, self.group_by, self.target, *self.features]
        return tuple(dict.fromkeys(c for c in cols if c))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in data.items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        """A plan from JSON-like data; unknown keys and bad enums raise GenAnalystError."""
        if not isinstance(data, Mapping):
            raise GenAnalystError("A plan must be a JSON object.")
        known = {f.name for f in fields(cls)}
        extra = set(data) - known
        if extra:
            raise GenAnalystError(f"Unknown plan field(s): {', '.join(sorted(extra))}.")
        version = str(data.get("version", PLAN_VERSION))
        if version != PLAN_VERSION:
            raise GenAnalystError(
                f"Plan version {version!r} is not supported (use {PLAN_VERSION})."
            )
        kw: dict[str, Any] = {k: v for k, v in data.items() if k in known}
        _enum(kw.get("op"), OPS, "op")
        for name, allowed in (("agg", AGGS), ("method", METHODS)):
            if kw.get(name) is not None:
                _enum(kw[name], allowed, name)
        if kw.get("format") is not None:
            _enum(kw["format"], FORMATS, "format")
        if kw.get("answer") is not None:
            _enum(kw["answer"], ANSWERS[kw["op"]], "answer")
        kw["filters"] = tuple(_filter(f) for f in kw.get("filters") or ())
        kw["derive"] = tuple(_derive(d) for d in kw.get("derive") or ())
        kw["missing"] = Missing(**_enum_in(kw.get("missing") or {}, "strategy", MISSING))
        kw["outliers"] = Outliers(**_enum_in(kw.get("outliers") or {}, "rule", OUTLIER_RULES))
        kw["features"] = tuple(kw.get("features") or ())
        kw["groups"] = tuple(kw.get("groups") or ())
        try:
            return cls(**kw)
        except TypeError as exc:
            raise GenAnalystError(f"Malformed plan: {exc}.") from exc

    def with_(self, **changes: Any) -> Plan:
        return replace(self, **changes)


def _enum(value: Any, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise GenAnalystError(f"Plan {name} {value!r} is not one of: {', '.join(allowed)}.")
    return cast(str, value)


def _enum_in(data: Any, key: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise GenAnalystError(f"Plan step {key!r} must be an object.")
    if key in data:
        _enum(data[key], allowed, key)
    return dict(data)


def _filter(data: Any) -> Filter:
    d = _enum_in(data, "op", FILTER_OPS)
    d["values"] = tuple(d.get("values") or ())
    try:
        return Filter(**d)
    except TypeError as exc:
        raise GenAnalystError(f"Malformed filter: {exc}.") from exc


def _derive(data: Any) -> Derive:
    d = _enum_in(data, "kind", DERIVE_KINDS)
    try:
        return Derive(**d)
    except TypeError as exc:
        raise GenAnalystError(f"Malformed derived column: {exc}.") from exc
