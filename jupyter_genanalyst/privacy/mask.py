"""Replace PII in any text by stable, meaningless pseudonyms such as ``<email_1>``.

Two nets, because each misses what the other catches: the exact raw values recorded in
a :class:`~.detect.PIIReport` (names, odd formats no pattern knows), and the pattern +
checksum recognizers (PII that is not in the frame, e.g. typed into a question).

Pseudonyms are numbered per kind in order of first appearance and keyed by an HMAC of
the normalised value with a random per-session key: the same person gets the same label
in every call, and neither the label nor the Scrubber's memory holds the raw value.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .modes import PrivacyMode, validate_mode
from .recognize import Span, find_pii

if TYPE_CHECKING:  # detect imports this module; the report is only read here
    from .detect import PIIReport

_SESSION_KEY = secrets.token_bytes(32)
_CASELESS = re.compile(r"[@\d\s]")  # values worth matching case-insensitively
_MIN_EXACT = 3  # shorter values would scrub ordinary words ("Li", "Al")
_MAX_EXACT = 200


def _normalise(value: str, kind: str) -> str:
    """One identity per person: formatting and case do not make a new pseudonym."""
    value = value.strip()
    if kind in ("phone", "card"):
        return re.sub(r"\D", "", value) or value
    if kind in ("iban", "national_id"):
        return re.sub(r"[\s.\-]", "", value).upper()
    return " ".join(value.split()).casefold()


class Scrubber:
    """Pseudonymises PII in text for one :class:`PIIReport` and privacy mode."""

    def __init__(
        self, report: PIIReport, mode: PrivacyMode | str = "mask", *, key: bytes | None = None
    ) -> None:
        self.report = report
        self.mode: PrivacyMode = validate_mode(mode)
        self._key = key if key is not None else _SESSION_KEY
        self._labels: dict[bytes, str] = {}
        self._counts: dict[str, int] = {}
        self._exact: dict[str, str] | None = None
        self._caseless: dict[str, str] = {}
        self._prefixes: dict[str, tuple[int, ...]] = {}

    # -------------------------------------------------------------- pseudonyms
    def pseudonym(self, value: str, kind: str) -> str:
        """The stable label for ``value`` (e.g. ``<person_name_3>``)."""
        digest = hmac.new(
            self._key, f"{kind}\0{_normalise(value, kind)}".encode(), hashlib.sha256
        ).digest()
        label = self._labels.get(digest)
        if label is None:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            label = f"<{kind}_{self._counts[kind]}>"
            self._labels[digest] = label
        return label

    # -------------------------------------------------------------- exact values
    def _build_exact(self) -> dict[str, str]:
        """Index the report's values by their first characters for a fast scan of text."""
        exact: dict[str, str] = {}
        for kind, values in self.report.values_by_kind.items():
            for value in values:
                if _MIN_EXACT <= len(value) <= _MAX_EXACT:
                    exact.setdefault(value, kind)
                    if _CASELESS.search(value) and len(value) >= 5:
                        self._caseless.setdefault(value.lower(), kind)
        prefixes: dict[str, set[int]] = {}
        for value in exact:
            prefixes.setdefault(value[:_MIN_EXACT], set()).add(len(value))
        for value in self._caseless:
            prefixes.setdefault(value[:_MIN_EXACT], set()).add(len(value))
        self._prefixes = {p: tuple(sorted(ls, reverse=True)) for p, ls in prefixes.items()}
        return exact

    def _exact_spans(self, text: str) -> list[Span]:
        if self._exact is None:
            self._exact = self._build_exact()
        exact, caseless, prefixes = self._exact, self._caseless, self._prefixes
        if not exact:
            return []
        lowered = text.lower()
        if len(lowered) != len(text):  # rare characters whose lower case is longer
            lowered = text
        n = len(text)
        # Values start and end where a word does, or at punctuation ("(415) 555-…").
        # Chinese has no spaces: every CJK character is a boundary (陳小明先生).
        alnum = [c.isalnum() and not _is_cjk(c) for c in text]
        ends = {j for j in range(1, n + 1) if j == n or not (alnum[j] and alnum[j - 1])}
        spans: list[Span] = []
        covered = 0
        for i in range(n):
            if i < covered or (i and alnum[i] and alnum[i - 1]):
                continue
            lengths = prefixes.get(text[i : i + _MIN_EXACT], ())
            lower_lengths = prefixes.get(lowered[i : i + _MIN_EXACT], ()) if caseless else ()
            if not lengths and not lower_lengths:
                continue
            for length in sorted({*lengths, *lower_lengths}, reverse=True):  # longest first
                j = i + length
                if j not in ends:
                    continue
                piece = text[i:j]
                kind = exact.get(piece) or caseless.get(lowered[i:j])
                if kind:
                    spans.append(Span(kind, i, j, piece))
                    covered = j
                    break
        return spans

    # -------------------------------------------------------------- scrubbing
    def spans(self, text: str) -> list[Span]:
        """PII spans of ``text`` (exact report values and recognised patterns), merged."""
        return _merge([*self._exact_spans(text), *find_pii(text)], text)

    def scrub(self, text: str) -> str:
        """``text`` with every PII occurrence replaced by its pseudonym (unchanged in mode off)."""
        if self.mode == "off" or not text:
            return text
        if not isinstance(text, str):
            text = str(text)
        out: list[str] = []
        last = 0
        for span in self.spans(text):
            out.append(text[last : span.start])
            out.append(self.pseudonym(span.text, span.kind))
            last = span.end
        out.append(text[last:])
        return "".join(out)

    def __repr__(self) -> str:
        values, labels = len(self.report.values), len(self._labels)
        return f"Scrubber(mode={self.mode!r}, values={values}, labels={labels})"


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or "\uf900" <= c <= "\ufaff"


def _merge(spans: Iterable[Span], text: str) -> list[Span]:
    """Union overlapping spans (a partial overlap must not leave half a value behind).

    The merged span takes the kind of its longest member, so "Dr. Jane Doe" stays a name.
    """
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    longest: list[int] = []
    for span in ordered:
        if merged and span.start < merged[-1].end:
            top = merged[-1]
            kind = span.kind if span.end - span.start > longest[-1] else top.kind
            longest[-1] = max(longest[-1], span.end - span.start)
            end = max(top.end, span.end)
            merged[-1] = Span(kind, top.start, end, text[top.start : end])
        else:
            merged.append(span)
            longest.append(span.end - span.start)
    return merged


__all__ = ["Scrubber"]
