"""Privacy layer: find personal data, keep it out of LLM prompts.

Usage::

    report = detect_pii(df)                      # which columns, which exact values
    facts = protect_facts(facts, report, "mask")  # pseudonymised facts for the prompt
    rows = example_rows(df, report, "mask")       # example rows, or None for "aggregate"
    text = report.scrubber("mask").scrub(prompt)  # last guard over any prompt text

See docs/privacy.md for what is detected, how, and what is not.
"""

from __future__ import annotations

from .detect import ColumnPII, PIIReport, detect_pii
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
    "PrivacyMode",
    "Scrubber",
    "Span",
    "detect_pii",
    "example_rows",
    "find_pii",
    "protect_facts",
    "validate_mode",
]
