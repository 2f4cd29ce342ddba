"""The model roles against the real bundled model: whatever it writes, our checks decide."""

from __future__ import annotations

import pytest

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.config import GenAnalyst
from jupyter_genanalyst.llm.client import LLMClient
from jupyter_genanalyst.narrate.grounding import check_numbers
from jupyter_genanalyst.narrate.prune import prune
from jupyter_genanalyst.narrate.roles import choose_facts, choose_style, constrained_candidates
from jupyter_genanalyst.narrate.story import story_proposals
from tests.unit import planted


@pytest.mark.llm
@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_constrained_candidates_with_the_bundled_model(
    llm_config: GenAnalyst, language: str
) -> None:
    frame = planted.drivers(n=400)
    facts = ga.diagnose(frame, target="spend")
    client = LLMClient(llm_config)
    assert choose_style("auto", client.info()) == "constrained"
    chosen = choose_facts(client, list(facts)[:6], angle="headline", language=language, seed=0)
    assert set(chosen) <= set(facts.ids())  # an enum: never an invented id
    first = story_proposals(facts, kind="diagnose", language=language, n=1)
    model_cards = constrained_candidates(
        facts, client, kind="diagnose", language=language, n=2, seed=0,
        exclude_leads=[first[0].fact_ids[0]],
    )  # fmt: skip
    shown = [
        p
        for p in prune([*first, *model_cards], facts, columns=list(frame.columns))
        if p.hidden is None
    ]
    assert shown[0].id == first[0].id  # the storyteller's card is first, whatever the model does
    for card in shown:
        checks = list(check_numbers(card.title, facts)) + list(check_numbers(card.narrative, facts))
        assert checks and all(c.verified for c in checks), card.narrative
    leads = [p.fact_ids[0] for p in shown]
    assert len(leads) == len(set(leads))
