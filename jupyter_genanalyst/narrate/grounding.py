"""Check every number of a narrative against the facts it cites, and mark what fails.

This is the promise of the product ("never a number the user sees unverified") made
executable: :func:`ground` extracts each number (:mod:`.numbers`), looks for a fact value
that backs it (:mod:`.matching`), and returns a :class:`Grounding` plus a marked copy of
the narrative in which every unverified number reads ``*N [unverified]*`` (protocol.md
§2). In strict mode those sentences are removed instead. Diagnostic narratives also get
their causal wording flagged: the facts layer measures association, never causation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jupyter_genanalyst.facts.types import Fact
from jupyter_genanalyst.narrate.matching import candidates, match
from jupyter_genanalyst.narrate.numbers import ExtractedNumber, extract_numbers
from jupyter_genanalyst.narrate.types import Grounding, NumberCheck

__all__ = ["CAUSAL_PATTERNS", "ground", "mark", "sentence_spans"]

# Wording that claims a cause. Associational wording ("is associated with", "correlates
# with", "is higher when") is what diagnostic narratives should use instead.
CAUSAL_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bcaus(?:e|es|ed|ing)\b",
        r"\bbecause\b",
        r"\bdue\s+to\b",
        r"\bowing\s+to\b",
        r"\bthanks\s+to\b",
        r"\bdriv(?:e|es|en|ing)\b",
        r"\bdrove\b",
        r"\b(?:leads?|led|leading)\s+to\b",
        r"\bresult(?:s|ed|ing)?\s+in\b",
        r"\bas\s+a\s+(?:result|consequence)\s+of\b",
        r"\bresponsible\s+for\b",
        r"\btrigger(?:s|ed)?\b",
        r"\b(?:affects?|affected|impacts|impacted)\b",
        r"\b(?:has|have|had)\s+an?\s+(?:\w+\s+)?(?:effect|impact)\s+on\b",
        r"\bdetermin(?:es|ed)\b",
        r"\binfluenc(?:es|ed)\b",
        r"\bexplains?\s+why\b",
        # Traditional Chinese: 導致/造成 (cause), 因為/由於 (because), 使得, 引起, 影響 (affect)
        r"導致|造成|因為|由於|使得|引起|影響了?|決定了",
    )
)
# A sentence that *denies* causation is the careful wording we want, not a claim.
_CAUSAL_DENIAL = re.compile(
    r"(?i)\b(?:not|never|no|cannot|can't|doesn't|don't|isn't)\b[^.;]{0,40}"
    r"\b(?:caus\w*|imply|implies|prove|proves|establish\w*|conclude)\b"
    r"|不代表|不表示|並非|不能(?:說明|證明|推論)|不一定"
)

_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"')\]*_]*\s+(?=[\"'(\[*_]*[A-Z0-9$€£])|(?<=[。！？])[」』）*_]*\s*|\n+"
)
_LINE_PREFIX = re.compile(r"^[ \t]*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+|#{1,6}[ \t]+|>[ \t]*)*")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; list markers and headings are not part of it."""
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        offset = line_start + len(_LINE_PREFIX.match(line).group(0))  # type: ignore[union-attr]
        body = text[offset : line_start + len(line)]
        cursor = 0
        for m in _SENTENCE_END.finditer(body):
            if body[cursor : m.start()].strip():
                spans.append((offset + cursor, offset + m.start()))
            cursor = m.end()
        if body[cursor:].strip():
            end = len(body.rstrip())
            spans.append((offset + cursor, offset + end))
        line_start += len(line) + 1
    return spans


def _pool(facts: list[Fact], cited: Iterable[str] | None, fallback_to_all: bool) -> list[Fact]:
    if cited is None:
        return facts
    wanted = set(cited)
    chosen = [f for f in facts if f.id in wanted]
    if not chosen and fallback_to_all:
        return facts
    return chosen


def check_numbers(
    narrative: str,
    facts: Iterable[Fact],
    *,
    cited: Iterable[str] | None = None,
    fallback_to_all: bool = True,
) -> tuple[NumberCheck, ...]:
    """A :class:`NumberCheck` for every number in ``narrative``."""
    all_facts = list(facts)
    pool_facts = _pool(all_facts, cited, fallback_to_all)
    names = [f.id for f in all_facts] + [c for f in all_facts for c in f.columns]
    pool = candidates(pool_facts)
    columns = {c: f.id for f in pool_facts for c in f.columns}
    checks = []
    for number in extract_numbers(narrative, names):
        found = match(number, pool, columns)
        checks.append(
            _check(number, found.fact_id if found else None, found.name if found else None)
        )
    return tuple(checks)


def _check(number: ExtractedNumber, fact_id: str | None, name: str | None) -> NumberCheck:
    return NumberCheck(
        text=number.text,
        start=number.start,
        end=number.end,
        value=number.value,
        unit=number.unit,
        verified=fact_id is not None,
        fact_id=fact_id,
        value_name=name,
    )


def causal_claims(narrative: str) -> tuple[str, ...]:
    """Sentences whose wording claims causation (denials of causation excluded)."""
    claims = []
    for start, end in sentence_spans(narrative):
        sentence = narrative[start:end]
        if any(p.search(sentence) for p in CAUSAL_PATTERNS) and not _CAUSAL_DENIAL.search(sentence):
            claims.append(sentence.strip())
    return tuple(claims)


def mark(narrative: str, numbers: Iterable[NumberCheck]) -> str:
    """Wrap each unverified number as ``*N [unverified]*`` (docs/protocol.md §2)."""
    out = narrative
    for n in sorted((n for n in numbers if not n.verified), key=lambda n: n.start, reverse=True):
        out = out[: n.start] + f"*{out[n.start : n.end]} [unverified]*" + out[n.end :]
    return out


def _drop(narrative: str, numbers: tuple[NumberCheck, ...]) -> tuple[str, tuple[str, ...]]:
    """Remove sentences holding an unverified number; a list item or line left empty goes too."""
    bad = [n.start for n in numbers if not n.verified]
    spans = [s for s in sentence_spans(narrative) if any(s[0] <= b < s[1] for b in bad)]
    kept: list[str] = []
    line_start = 0
    for line in narrative.split("\n"):
        line_end = line_start + len(line)
        cut = line
        for start, end in reversed([s for s in spans if line_start <= s[0] < line_end]):
            a, b = start - line_start, end - line_start
            while b < len(cut) and cut[b] in " \t":
                b += 1  # the space after the sentence goes with it
            cut = cut[:a] + cut[b:]
        prefix = _LINE_PREFIX.match(cut)
        emptied = line.strip() and not cut[prefix.end() if prefix else 0 :].strip()
        if not emptied:
            kept.append(cut.rstrip())
        line_start = line_end + 1
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")
    return text, tuple(narrative[s:e].strip() for s, e in spans)


def ground(
    narrative: str,
    facts: Iterable[Fact],
    *,
    kind: str,
    strict: bool = False,
    cited: Iterable[str] | None = None,
    fallback_to_all: bool = True,
) -> tuple[Grounding, str]:
    """Check ``narrative`` against ``facts``; return the grounding and the marked narrative.

    ``cited`` restricts matching to those fact ids (the ones a proposal cites); when it is
    ``None`` every given fact counts, and when none of the cited ids is among ``facts``
    all facts count unless ``fallback_to_all`` is false. Causal wording is flagged when
    ``kind == "diagnostic"`` or a fact in play is diagnostic. With ``strict``, sentences
    with unverified numbers are dropped from the returned narrative and listed in
    ``dropped_sentences``; otherwise their numbers are marked in place.
    """
    all_facts = list(facts)
    numbers = check_numbers(narrative, all_facts, cited=cited, fallback_to_all=fallback_to_all)
    in_play = _pool(all_facts, cited, fallback_to_all)
    diagnostic = kind in ("diagnostic", "diagnose") or any(f.kind == "diagnostic" for f in in_play)
    claims = causal_claims(narrative) if diagnostic else ()
    if strict:
        marked, dropped = _drop(narrative, numbers)
    else:
        marked, dropped = mark(narrative, numbers), ()
    return Grounding(numbers=numbers, causal_claims=claims, dropped_sentences=dropped), marked
