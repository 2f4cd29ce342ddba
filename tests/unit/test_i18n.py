"""The message catalogue and the language/style settings."""

from __future__ import annotations

import re

import pytest

from jupyter_genanalyst.config import GenAnalyst, with_overrides
from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.i18n import LANGUAGES, MESSAGES, check_language, message


def test_every_message_has_both_languages_and_no_digits() -> None:
    for key, entry in MESSAGES.items():
        assert set(entry) == set(LANGUAGES), key
        for text in entry.values():
            assert not re.search(r"\d", text), (key, text)  # numbers come from facts only
            # the same placeholders in every language
        assert len({frozenset(re.findall(r"\{(\w+)\}", t)) for t in entry.values()}) == 1, key


def test_message_formats_and_unknown_key_fails() -> None:
    assert message("label.numbers", "zh-Hant", verified=2, total=3) == (
        "3 個數字中有 2 個與事實相符（語意未經檢查）"
    )
    with pytest.raises(KeyError):
        message("no.such.key")


@pytest.mark.parametrize(
    ("given", "code"), [("EN", "en"), ("zh-TW", "zh-Hant"), ("zh_hant", "zh-Hant")]
)
def test_language_aliases(given: str, code: str) -> None:
    assert check_language(given) == code


def test_unknown_language_is_a_one_line_error() -> None:
    with pytest.raises(
        GenAnalystError, match=r"^Unknown language 'klingon'; choose one of: en, zh-Hant\.$"
    ):
        check_language("klingon")


def test_config_has_language_and_style() -> None:
    config = GenAnalyst()
    assert (config.language, config.style) == ("en", "auto")
    changed = with_overrides(config, language="ZH-HANT", style="constrained")
    assert (changed.language, changed.style) == ("zh-Hant", "constrained")
    with pytest.raises(GenAnalystError, match="Invalid setting"):
        with_overrides(config, style="poetic")
    assert "Traditional Chinese" in GenAnalyst.class_traits()["language"].help
