"""The proposals bundle's JSON Schema, defined once and shipped in the wheel.

Python builds bundles to it (``bundle.py``), tests validate real bundles against
it, and the labextension's TypeScript types are generated from the same file
(``labextension/scripts/schema-types.mjs``). Bump ``x-protocol-version`` with the protocol.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from ..errors import GenAnalystError

SCHEMA_FILE = "proposals.schema.json"


@cache
def proposals_schema() -> dict[str, Any]:
    """The parsed schema (read once per process)."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_version() -> int:
    """The protocol version the schema describes."""
    return int(proposals_schema()["x-protocol-version"])


def bundle_errors(bundle: Any) -> list[str]:
    """Every way ``bundle`` breaks the schema, one line each (empty when it conforms).

    Uses ``jsonschema`` (installed with nbformat, a core dependency).
    """
    try:
        from jsonschema import Draft202012Validator
    except ImportError as exc:  # pragma: no cover - nbformat brings it
        raise GenAnalystError("validating a bundle needs the jsonschema package") from exc
    validator = Draft202012Validator(proposals_schema())
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(bundle)'}: {error.message}"
        for error in sorted(validator.iter_errors(bundle), key=lambda e: list(e.absolute_path))
    ]
