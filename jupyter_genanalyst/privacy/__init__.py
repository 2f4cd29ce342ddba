"""Privacy layer: find personal data, keep it out of LLM prompts.

Usage (one guard per request; it owns the report and the one scrubber)::

    guard = PrivacyGuard(df, "mask")
    facts = guard.facts(facts)            # pseudonymised facts for the prompt
    rows = guard.example_rows_csv()       # example rows, or None for "aggregate"
    text = guard.scrub(question)          # any other text bound for a model

See docs/privacy.md for what is detected, how, and what is not.
"""

from __future__ import annotations

from .detect import ColumnPII, PIIReport, detect_pii
from .guard import PrivacyGuard
from .mask import Scrubber
from .modes import DEFAULT_MODE, PRIVACY_MODES, PrivacyMode, validate_mode
from .protect import example_rows, protect_facts
from .recognize import PII_KINDS, Span, find_pii

__all__ = [
    "DEFAULT_MODE",
    "PII_KINDS",
    "PRIVACY_MODES",
    "ColumnPII",
    "PIIReport",
    "PrivacyGuard",
    "PrivacyMode",
    "Scrubber",
    "Span",
    "detect_pii",
    "example_rows",
    "find_pii",
    "protect_facts",
    "validate_mode",
]
