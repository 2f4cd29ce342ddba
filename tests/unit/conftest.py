"""Fixtures shared by the privacy tests: the generated PII corpus and its detection report.

A module may override ``corpus`` (test_privacy_protect adds an integer card column);
``report`` then detects on that module's corpus.
"""

from __future__ import annotations

import pytest

from jupyter_genanalyst.privacy import PIIReport, detect_pii
from tests.pii_corpus import Corpus, make_corpus


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return make_corpus(150)


@pytest.fixture(scope="module")
def report(corpus: Corpus) -> PIIReport:
    return detect_pii(corpus.frame)
