"""Readable, stable names: chart slugs, series slugs and fact ids.

Fact ids are cited by the LLM and matched by the grounding check, so they must be
short, deterministic and free of characters a JSON-schema enum or a regex would choke on.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: object, fallback: str = "x") -> str:
    """Lower-case ASCII words joined by dashes, at most 40 characters."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = _NON_WORD.sub("-", ascii_text.lower()).strip("-")[:40].strip("-")
    return slug or fallback


def unique(slug: str, taken: set[str]) -> str:
    """``slug`` or ``slug-2``, ``slug-3``…: two charts must never share fact ids."""
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate


def fact_id(chart: str, topic: str, *parts: str) -> str:
    """``fig.<chart>.<topic>[.<part>…]``, the id scheme shared by every figure fact."""
    return ".".join(("fig", chart, topic, *[p for p in parts if p]))
