"""Privacy modes: how much of the user's data may reach the LLM prompt.

- ``mask`` (default): real structure, PII values replaced by stable pseudonyms.
- ``aggregate``: only aggregates; no fact or example carries a row-level value.
- ``synthetic``: like ``mask``, and example rows are synthetic (no real row copied).
- ``off``: nothing is changed (a local model on a trusted machine).
"""

from __future__ import annotations

from typing import Literal, cast

from ..errors import GenAnalystError

PrivacyMode = Literal["mask", "aggregate", "synthetic", "off"]
PRIVACY_MODES: tuple[PrivacyMode, ...] = ("mask", "aggregate", "synthetic", "off")
DEFAULT_MODE: PrivacyMode = "mask"


def validate_mode(mode: object) -> PrivacyMode:
    """Return ``mode`` as a :data:`PrivacyMode` or raise a one-line error naming the choices.

    Case and surrounding spaces are forgiven (``"Mask "`` is ``"mask"``) because the value
    often comes from ``%config`` or a magic argument typed by hand.
    """
    if isinstance(mode, str):
        cleaned = mode.strip().lower()
        if cleaned in PRIVACY_MODES:
            return cast(PrivacyMode, cleaned)
    allowed = ", ".join(PRIVACY_MODES)
    raise GenAnalystError(
        f"privacy mode {mode!r} is not one of: {allowed} (set e.g. privacy='mask')"
    )
