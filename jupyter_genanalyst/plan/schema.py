"""The plan's JSON Schema: the shipped, versioned base and its per-frame narrowing.

Why narrow it per frame: a 135M model reliably picks among a few enums and fails at free
text, so column and value references become enums of the frame's real names (values bounded
to the most frequent few per categorical column) before the schema constrains the model.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd

from .types import ANSWERS, CLASSIFIERS, TESTS

TOP_VALUES = 12  # values per categorical column offered as enums
MAX_COLUMNS = 60  # wider frames: the first columns only (the prompt budget stays bounded)


@lru_cache(maxsize=1)
def _base() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("plan.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def base_schema() -> dict[str, Any]:
    """The shipped plan schema (a copy; callers may edit it)."""
    return copy.deepcopy(_base())


def categorical_values(frame: pd.DataFrame, top: int = TOP_VALUES) -> dict[str, list[str]]:
    """The most frequent values of each non-numeric column, as text (the value enums)."""
    out: dict[str, list[str]] = {}
    for name in list(frame.columns)[:MAX_COLUMNS]:
        col = frame[name]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            continue
        if pd.api.types.is_datetime64_any_dtype(col):
            continue
        counts = col.dropna().astype(str).value_counts()
        out[str(name)] = [str(v)[:64] for v in counts.index[:top]]
    return out


def frame_schema(
    frame: pd.DataFrame, top: int = TOP_VALUES, values: Mapping[str, list[str]] | None = None
) -> dict[str, Any]:
    """The plan schema with every column reference an enum of ``frame``'s columns and every
    value reference an enum of its frequent categorical values (numbers stay free).
    ``values`` replaces the frame's values (e.g. only those the privacy guard lets out)."""
    schema = base_schema()
    columns = [str(c) for c in list(frame.columns)[:MAX_COLUMNS]]
    by_col = categorical_values(frame, top) if values is None else values
    values_ = sorted({v for vs in by_col.values() for v in vs})
    defs = schema["$defs"]
    defs["column"] = {"enum": columns}
    defs["value"] = (
        {"anyOf": [{"enum": values_}, {"type": "number"}, {"type": "boolean"}]}
        if values_
        else {"type": ["number", "boolean"]}
    )
    return schema


# per operation: the fields a plan of that kind cannot do without, and narrower method enums
REQUIRED: dict[str, tuple[str, ...]] = {
    "count": (),
    "aggregate": ("agg", "column"),
    "group_aggregate": ("agg", "column", "group_by"),
    "top_k": ("column", "k"),
    "value_counts": ("column",),
    "correlation": ("method", "column", "column2"),
    "test": ("method", "column"),
    "shape": ("method", "column"),
    "regression": ("target", "features"),
    "classify": ("method", "target", "features"),
    "date_range": ("column",),
}
# the other fields worth offering per operation (``derive`` is left to the parser)
OPTIONAL: dict[str, tuple[str, ...]] = {
    "aggregate": ("quantile",),
    "group_aggregate": ("quantile",),
    "top_k": ("ascending", "column2"),
    "correlation": ("alpha",),
    "test": ("column2", "group_by", "groups", "value", "alpha"),
    "regression": ("column",),
    "classify": ("value", "seed"),
}
METHODS: dict[str, list[str]] = {
    "correlation": ["pearson", "spearman", "kendall"],
    "test": list(TESTS),
    "shape": ["skew", "kurtosis"],
    "classify": list(CLASSIFIERS),
    "regression": ["ols"],
}


def per_op_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` split into one branch per operation (``anyOf``), each requiring the fields
    that operation needs: a small model then cannot stop at ``{"op": "aggregate"}``."""
    props = schema["properties"]
    branches = []
    for op, required in REQUIRED.items():
        keep = {"version", "filters", "missing", "outliers", "decimals", "format", "answer"}
        keep |= set(required) | set(OPTIONAL.get(op, ()))
        # "op" first: the grammar then fixes the branch after a few tokens
        p: dict[str, Any] = {"version": props["version"], "op": {"const": op}}
        p.update({k: props[k] for k in required if k in props})
        p.update({k: v for k, v in props.items() if k in keep and k not in p})
        if op in METHODS:
            p["method"] = {"enum": METHODS[op]}
        else:
            p.pop("method", None)
        if op not in ("aggregate", "group_aggregate"):
            p.pop("agg", None)
        p["answer"] = {"enum": list(ANSWERS[op])}
        branches.append(
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["version", "op", *required],
                "properties": p,
            }
        )
    out = {k: v for k, v in schema.items() if k not in ("properties", "required", "type")}
    out.pop("additionalProperties", None)
    out["anyOf"] = branches
    return out


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with local ``$ref``s replaced by their definitions: llama.cpp's schema →
    grammar converter handles refs, but inlined schemas are simpler for every server."""
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(copy.deepcopy(defs[ref.split("/")[-1]]))
            return {k: walk(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    out: dict[str, Any] = walk(schema)
    return out
