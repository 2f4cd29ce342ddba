"""The storyteller: deterministic narratives from facts, the first card of every request.

Why: a 135M model cannot write analysis prose, but the facts are strong. Each angle
(headline, data quality, the surprise, comparison, executive summary) becomes a short
story — the lead fact first, supporting facts joined by transitions, a caveat where one
applies, and a suggested next question — in the user's language. Every sentence is
checked with :func:`~jupyter_genanalyst.narrate.grounding.ground` as it is written; a
sentence whose numbers do not all match the facts is replaced by the fact's own text
(English) or left out, so the card is worth keeping whatever the model does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from jupyter_genanalyst.facts.types import Fact, FactSet
from jupyter_genanalyst.i18n import check_language, message
from jupyter_genanalyst.narrate.evidence_code import evidence_cell
from jupyter_genanalyst.narrate.grounding import ground
from jupyter_genanalyst.narrate.plots import default_plot
from jupyter_genanalyst.narrate.prune import names_a_column
from jupyter_genanalyst.narrate.story import phrases
from jupyter_genanalyst.narrate.story.angles import ANGLES, FACT_KIND, distinct_leads
from jupyter_genanalyst.narrate.types import Proposal

__all__ = ["ANGLES", "story_proposals", "tell"]


def _grounded(text: str, facts: Sequence[Fact], kind: str) -> bool:
    grounding, _ = ground(text, facts, kind=kind)
    return all(n.verified for n in grounding.numbers)


def _sentence(fact: Fact, language: str, kind: str) -> str | None:
    """The fact's sentence, or a safe substitute when one of its numbers fails the check."""
    text = phrases.sentence(fact, language)
    if _grounded(text, [fact], kind):
        return text
    if language == "en" and _grounded(fact.text, [fact], kind):
        return fact.text
    return None


def tell(
    facts: Sequence[Fact],
    *,
    angle: str,
    language: str,
    kind: str,
    sentences: Mapping[str, str] | None = None,
) -> str:
    """The narrative for ``facts`` (lead first) told from ``angle``; markdown.

    ``sentences`` maps fact ids to already-checked wordings (the model's rephrasings);
    other facts get the storyteller's own sentence.
    """
    given = dict(sentences or {})
    lead, *rest = facts
    sep = " " if language == "en" else ""
    lead_text = (
        given.get(lead.id) or _sentence(lead, language, kind) or phrases.sentence(lead, language)
    )
    paragraphs = [f"{phrases.LEADS[angle][language]}{sep}**{lead_text}**"]
    support = []
    for i, fact in enumerate(rest):
        text = given.get(fact.id) or _sentence(fact, language, kind)
        if text:
            transition = phrases.TRANSITIONS[language][i % len(phrases.TRANSITIONS[language])]
            if language == "en" and text[:1].isupper() and not text[1:2].isupper():
                text = text[0].lower() + text[1:]  # "Beyond that, the frame has…"
            support.append(f"{transition}{sep}{text}")
    if support:
        paragraphs.append(sep.join(support))
    note = phrases.caveat(lead, language)
    if note and _grounded(note, facts, kind):
        paragraphs.append(f"_{phrases.CAVEAT_LABEL[language]}_{sep}{note}")
    if angle == "executive":
        paragraphs.append(f"**{phrases.next_step(lead, language)}**")
    paragraphs.append(
        f"**{phrases.NEXT_QUESTION_LABEL[language]}**{sep}{phrases.next_question(lead, language)}"
    )
    return "\n\n".join(paragraphs)


def _title(angle: str, lead: Fact, language: str) -> str:
    base = phrases.ANGLE_TITLES[angle][language]
    if lead.columns:
        return f"{base}: {lead.columns[0]}" if language == "en" else f"{base}：{lead.columns[0]}"
    return base


def story_proposals(
    facts: Sequence[Fact],
    *,
    kind: str,
    frame_name: str = "df",
    language: str = "en",
    angles: Sequence[str] | None = None,
    n: int | None = None,
) -> list[Proposal]:
    """One storyteller card per angle (no two with the same lead fact), best angle first.

    ``kind`` is the request verb (describe, diagnose, predict, prescribe, ask, narrate) or
    a fact kind; ``angles`` defaults to all of :data:`ANGLES`; ``n`` caps the cards.
    Proposals have ``origin="template"`` and a note saying no model wrote them.
    """
    lang = check_language(language)
    fact_set = FactSet(facts)
    fact_kind = FACT_KIND.get(kind, kind)
    note = message("label.from_facts", lang)
    if not fact_set:
        text = message("notice.no_findings", lang)
        grounding, marked = ground(text, (), kind=fact_kind)
        empty = Proposal(
            id="s1",
            title=phrases.ANGLE_TITLES["headline"][lang],
            narrative=text,
            origin="template",
            grounding=grounding,
            marked_narrative=marked,
            note=note,
        )
        return [empty][: 1 if n is None else max(n, 0)]
    wanted = tuple(angles) if angles else ANGLES
    unknown = [a for a in wanted if a not in ANGLES]
    if unknown:
        from jupyter_genanalyst.errors import GenAnalystError

        raise GenAnalystError(f"Unknown angle {unknown[0]!r}; choose from: {', '.join(ANGLES)}.")
    out: list[Proposal] = []
    columns = sorted({c for f in fact_set for c in f.columns})
    for angle, chosen in distinct_leads(fact_set, kind, wanted):
        if n is not None and len(out) >= n:
            break
        narrative = tell(chosen, angle=angle, language=lang, kind=fact_kind)
        title = _title(angle, chosen[0], lang)
        if not names_a_column(f"{title}\n{narrative}", columns):
            continue  # e.g. "no value is missing, no duplicates": true, but about nothing
        ids = tuple(f.id for f in chosen)
        grounding, marked = ground(narrative, fact_set, kind=fact_kind)
        if grounding.unverified:
            continue  # never a storyteller card with a number the facts do not back
        cells = [evidence_cell(chosen, frame_name), default_plot(chosen, fact_set, frame_name)]
        out.append(
            Proposal(
                id=f"s{len(out) + 1}",
                title=title,
                narrative=narrative,
                code=tuple(c for c in cells if c),
                fact_ids=ids,
                origin="template",
                grounding=grounding,
                marked_narrative=marked,
                note=note,
            )
        )
    return out
