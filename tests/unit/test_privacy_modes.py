"""Privacy mode validation: a typo must never silently mean 'off'."""

from __future__ import annotations

import pytest

from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.privacy import PRIVACY_MODES, validate_mode


@pytest.mark.parametrize("mode", PRIVACY_MODES)
def test_every_mode_is_accepted(mode: str) -> None:
    assert validate_mode(mode) == mode


def test_case_and_spaces_are_forgiven() -> None:
    assert validate_mode(" Mask ") == "mask"
    assert validate_mode("AGGREGATE") == "aggregate"


@pytest.mark.parametrize("bad", ["", "none", "masked", "of", None, 0, ["mask"], True])
def test_bad_modes_raise_one_line_error_naming_the_choices(bad: object) -> None:
    with pytest.raises(GenAnalystError) as info:
        validate_mode(bad)
    message = str(info.value)
    assert "\n" not in message
    for mode in PRIVACY_MODES:
        assert mode in message
