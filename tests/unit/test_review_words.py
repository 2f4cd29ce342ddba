"""The review's words have one source, the kernel's catalogue (i18n ``review.*``), sent in
every bundle; the labextension's English fallback is the catalogue's English, word for word."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import jupyter_genanalyst as ga
from jupyter_genanalyst.bundle import badge_of
from jupyter_genanalyst.i18n import review_words
from jupyter_genanalyst.schema import bundle_errors

LABELS_TS = Path(__file__).parents[2] / "labextension" / "src" / "proposals" / "labels.ts"


def _fallback_words() -> dict[str, str]:
    source = LABELS_TS.read_text(encoding="utf-8")
    block = source.split("export const FALLBACK_WORDS", 1)[1].split("};", 1)[0]
    return dict(re.findall(r"(\w+):\s*'((?:[^'\\]|\\.)*)'", block))


def test_the_labextension_fallback_is_the_catalogues_english() -> None:
    assert _fallback_words() == review_words("en")


def test_every_review_word_has_a_traditional_chinese_text() -> None:
    en, zh = review_words("en"), review_words("zh-Hant")
    assert en.keys() == zh.keys()
    untranslated = [k for k in en if en[k] == zh[k] and k != "badge_ai"]
    assert untranslated == []
    for key, text in en.items():  # the same {slots} in both languages
        assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", zh[key])), key


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_a_bundle_carries_its_languages_words_and_an_honest_badge(language: str) -> None:
    df = pd.DataFrame({"region": ["north", "south", "east"] * 20, "sales": range(60)})
    analysis = ga.describe(df, llm=False, language=language)
    bundle = analysis.bundle
    assert bundle["words"] == review_words(language)
    assert bundle_errors(bundle) == []
    assert all(p["origin"] != "llm" for p in bundle["proposals"])
    assert badge_of(bundle) == review_words(language)["badge_facts"]
    markdown = analysis.to_markdown()
    assert "AI-generated" not in markdown and "AI 生成" not in markdown
