"""The model in roles a small model can fill: choose facts, rephrase one fact, pick a headline.

Why: SmolLM2-135M cannot write analysis prose (0 of 12 free candidates were worth keeping),
but with a schema whose strings are enums of real ids it answers validly 10 of 10 times.
So the model (a) chooses and orders fact ids for an angle (enum, ``maxItems``), (b)
rewrites one fact sentence in plainer words — constrained by a per-fact GBNF grammar
where the server takes one, and always checked: every number must match that fact and
the column must be named, else the storyteller's sentence stays — and (c) picks a
headline from a constrained set. Candidates never share a lead fact. Every text sent
passes through ``scrub`` (the request's privacy guard) first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any, Literal

from jupyter_genanalyst.facts.types import Fact, FactSet
from jupyter_genanalyst.i18n import check_language, message
from jupyter_genanalyst.llm.model import ChatModel, ServerInfo
from jupyter_genanalyst.narrate.evidence_code import evidence_cell
from jupyter_genanalyst.narrate.grounding import check_numbers, ground
from jupyter_genanalyst.narrate.plots import default_plot
from jupyter_genanalyst.narrate.prune import debris, names_a_column
from jupyter_genanalyst.narrate.story import phrases, tell
from jupyter_genanalyst.narrate.story.angles import ANGLES, FACT_KIND, angle_facts
from jupyter_genanalyst.narrate.types import Proposal

__all__ = [
    "choose_facts",
    "choose_style",
    "constrained_candidates",
    "fact_grammar",
    "model_size",
    "pick_headline",
    "rephrase_fact",
]

Style = Literal["constrained", "free"]
Scrub = Callable[[str], str]
Progress = Callable[[int, int], None]
SMALL_MODEL = 3e9  # parameters: below this the model only chooses and fills slots

_SIZE = re.compile(r"(?i)(?<![a-z0-9.])(\d+(?:\.\d+)?)\s?([mb])(?![a-z])")


def model_size(name: str) -> float | None:
    """Parameters as the model id says them ("SmolLM2-135M" → 1.35e8, "qwen2.5-7b" → 7e9)."""
    sizes = [float(n) * (1e6 if u.lower() == "m" else 1e9) for n, u in _SIZE.findall(name)]
    return max(sizes) if sizes else None


def choose_style(style: str, info: ServerInfo | None) -> Style:
    """``constrained`` or ``free`` for ``GenAnalyst.style`` (``auto`` decides from the server).

    ``auto``: constrained when the model id names fewer than 3B parameters, or names no
    size and runs on a local llama-cpp-python server (the bundled model); free otherwise.
    """
    if style in ("constrained", "free"):
        return style  # type: ignore[return-value]
    if style != "auto":
        raise ValueError(f"unknown style {style!r}")
    if info is None:
        return "constrained"
    size = model_size(info.model)
    if size is not None:
        return "constrained" if size < SMALL_MODEL else "free"
    return "constrained" if info.flavour == "llama-cpp-python" else "free"


def _identity(text: str) -> str:
    return text


def _system(language: str) -> dict[str, str]:
    if language == "zh-Hant":
        text = "你是資料分析助理。只根據提供的事實回答，使用繁體中文，只輸出 JSON。"
    else:
        text = "You are a data analyst's assistant. Use only the given facts. Answer in JSON."
    return {"role": "system", "content": text}


def _json(answer: str) -> Any:
    try:
        return json.loads(answer)
    except (json.JSONDecodeError, TypeError):
        return None


def choose_facts(
    model: ChatModel,
    facts: Sequence[Fact],
    *,
    angle: str,
    language: str = "en",
    max_items: int = 4,
    scrub: Scrub = _identity,
    seed: int | None = None,
) -> list[str]:
    """Role (a): the fact ids the model picks for ``angle``, in its order; [] when it fails.

    The schema only admits the offered ids (an enum) and at most ``max_items`` of them.
    """
    ids = [f.id for f in facts]
    if not ids:
        return []
    schema = {
        "type": "object",
        "properties": {
            "fact_ids": {
                "type": "array",
                "items": {"type": "string", "enum": ids},
                "minItems": 1,
                "maxItems": min(max_items, len(ids)),
            }
        },
        "required": ["fact_ids"],
    }
    listing = "\n".join(f"{f.id}: {scrub(f.text)}" for f in facts)
    label = phrases.ANGLE_TITLES.get(angle, {}).get(language, angle)
    ask = (
        f"Facts:\n{listing}\n\nPick the facts that best tell the story '{label}' for a "
        "manager, most important first."
        if language == "en"
        else f"事實：\n{listing}\n\n請挑出最適合「{label}」的事實，最重要的放在最前面。"
    )
    answer = model.chat(
        [_system(language), {"role": "user", "content": ask}],
        schema=schema,
        max_tokens=24 * max_items + 16,
        temperature=0.0,
        seed=seed,
    )
    data = _json(answer)
    chosen = data.get("fact_ids") if isinstance(data, dict) else None
    if not isinstance(chosen, list):
        return []
    out: list[str] = []
    for item in chosen:
        if item in ids and item not in out:
            out.append(item)
    return out[:max_items]


def _gbnf_literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fact_grammar(fact: Fact, language: str = "en") -> str:
    """A GBNF grammar for one rephrased sentence of ``fact``: words without digits, the
    fact's own numbers exactly as the storyteller writes them, and its column named.

    llama.cpp servers take it as ``grammar``; the grounding check still runs afterwards
    (number words such as "three" or 三 are not excluded by the grammar).
    """
    numbers = sorted(
        {phrases.value(fact, name, language) for name in fact.numeric_values()},
        key=len,
        reverse=True,
    )
    column = f"`{fact.columns[0]}`" if fact.columns else ""
    stop = "。" if language == "zh-Hant" else "."
    lines = [
        f"root ::= part{{0,24}} col part{{0,24}} {_gbnf_literal(stop)}",
        r"part ::= word | num | " + '" "',
        r"word ::= [^0-9`.。\n\"\\]{1,12}",
        "col ::= " + (_gbnf_literal(column) if column else '""'),
        "num ::= " + (" | ".join(_gbnf_literal(n) for n in numbers) if numbers else '"-"'),
    ]
    return "\n".join(lines) + "\n"


# The rephrase request's own words: a small model that echoes them back has not rephrased.
_PROMPT_ECHO = re.compile(
    r"Sentence:|Rewrite in plain words|Keep the numbers exactly|句子：|請用淺白|數字保持不變"
)


def echoes_request(text: str) -> bool:
    """The text repeats the rephrase request's own words (a copied prompt, not a rephrase)."""
    return bool(_PROMPT_ECHO.search(text))


def _acceptable(text: str, fact: Fact, kind: str) -> bool:
    """Every number matches ``fact``, at least one is written when it has any, the column
    is named, and no debris or echo of the request is left."""
    if not text.strip() or debris(text) or echoes_request(text):
        return False
    if fact.columns and not names_a_column(text, fact.columns):
        return False
    checks = check_numbers(text, [fact], fallback_to_all=False)
    if not all(c.verified for c in checks):
        return False
    return bool(checks) or not fact.numeric_values()


def rephrase_fact(
    model: ChatModel,
    fact: Fact,
    *,
    language: str = "en",
    kind: str = "descriptive",
    use_grammar: bool = False,
    attempts: int = 2,
    scrub: Scrub = _identity,
    seed: int | None = None,
) -> str | None:
    """Role (b): ``fact`` in plainer words, or None when no attempt passes the checks.

    With ``use_grammar`` the output is constrained by :func:`fact_grammar` (llama.cpp);
    otherwise by a JSON schema with a short ``sentence``. Either way the answer is kept
    only when every number in it matches this fact and the column is named.
    """
    original = phrases.sentence(fact, language)
    ask = (
        f"Rewrite in plain words for a manager. Keep the numbers exactly and name "
        f"`{fact.columns[0] if fact.columns else 'the data'}`.\nSentence: {scrub(original)}"
        if language == "en"
        else f"請用淺白的繁體中文改寫，數字保持不變，並提到欄位名稱。\n句子：{scrub(original)}"
    )
    messages = [_system(language), {"role": "user", "content": ask}]
    schema = {
        "type": "object",
        "properties": {"sentence": {"type": "string", "minLength": 10, "maxLength": 240}},
        "required": ["sentence"],
    }
    for attempt in range(max(attempts, 1)):
        run_seed = None if seed is None else seed + attempt
        if use_grammar:
            text = model.chat(
                messages,
                grammar=fact_grammar(fact, language),
                max_tokens=96,
                temperature=0.3,
                seed=run_seed,
            ).strip()
        else:
            data = _json(
                model.chat(messages, schema=schema, max_tokens=96, temperature=0.3, seed=run_seed)
            )
            text = str(data.get("sentence", "")).strip() if isinstance(data, dict) else ""
        if _acceptable(text, fact, kind):
            return text
    return None


def pick_headline(
    model: ChatModel,
    options: Sequence[str],
    *,
    language: str = "en",
    scrub: Scrub = _identity,
    seed: int | None = None,
) -> int:
    """Role (c): the index of the headline the model picks from ``options`` (0 on failure)."""
    if len(options) <= 1:
        return 0
    keys = [str(i) for i in range(len(options))]
    schema = {
        "type": "object",
        "properties": {"choice": {"type": "string", "enum": keys}},
        "required": ["choice"],
    }
    listing = "\n".join(f"{k}: {scrub(o)}" for k, o in zip(keys, options, strict=True))
    ask = (
        f"Which headline would a manager read first?\n{listing}"
        if language == "en"
        else f"主管最想先看哪一個標題？\n{listing}"
    )
    data = _json(
        model.chat(
            [_system(language), {"role": "user", "content": ask}],
            schema=schema,
            max_tokens=16,
            temperature=0.0,
            seed=seed,
        )
    )
    choice = data.get("choice") if isinstance(data, dict) else None
    return keys.index(choice) if choice in keys else 0


def _headlines(angle: str, chosen: Sequence[Fact], language: str) -> list[str]:
    """Headline options: no numbers, so a title never carries an unchecked one."""
    base = phrases.ANGLE_TITLES[angle][language]
    sep = ": " if language == "en" else "："
    options = [f"{base}{sep}{f.columns[0]}" for f in chosen if f.columns]
    topics = phrases.ZH_TOPICS if language == "zh-Hant" else {}
    options += [
        f"{f.columns[0]}{sep}{topics.get(f.topic, f.topic)}" for f in chosen[:1] if f.columns
    ]
    return list(dict.fromkeys(options)) or [base]


def constrained_candidates(
    facts: Sequence[Fact],
    model: ChatModel,
    *,
    kind: str,
    language: str = "en",
    n: int = 3,
    frame_name: str = "df",
    exclude_leads: Sequence[str] = (),
    use_grammar: bool = False,
    rephrase_limit: int = 2,
    on_progress: Progress | None = None,
    scrub: Scrub = _identity,
    seed: int | None = None,
) -> list[Proposal]:
    """Up to ``n`` model candidates built from the three roles, each with a distinct lead fact.

    ``exclude_leads`` are lead fact ids already shown (the storyteller's first card), so a
    model candidate never repeats a lead. A candidate whose every sentence failed the
    check is not offered. ``rephrase_limit`` caps the facts the model rewrites per
    candidate (the lead first; the rest keep the storyteller's sentence), which bounds the
    calls per candidate at ``rephrase_limit + 2`` plus retries. ``on_progress(done, n)`` is
    called after each candidate.
    """
    lang = check_language(language)
    fact_set = FactSet(facts)
    fact_kind = FACT_KIND.get(kind, kind)
    used = set(exclude_leads)
    out: list[Proposal] = []
    tried = 0
    for angle in ANGLES:
        if len(out) >= n or tried >= n + 1:  # bounded: each angle costs several model calls
            break
        pool = angle_facts(fact_set, kind, angle)
        fresh = [f for f in pool if f.id not in used]
        if not fresh:
            continue
        tried += 1
        ids = choose_facts(model, pool, angle=angle, language=lang, scrub=scrub, seed=seed)
        by_id = {f.id: f for f in pool}
        ordered = [by_id[i] for i in ids] or pool
        lead = next((f for f in ordered if f.id not in used), fresh[0])
        chosen = [lead, *[f for f in ordered if f.id != lead.id]][:4]
        rewritten: dict[str, str] = {}
        for fact in chosen[: max(rephrase_limit, 1)]:
            text = rephrase_fact(
                model,
                fact,
                language=lang,
                kind=fact_kind,
                use_grammar=use_grammar,
                scrub=scrub,
                seed=seed,
            )
            if text:
                rewritten[fact.id] = text
            elif fact is lead:
                break  # no candidate without its lead: rewriting the others would be wasted
        if lead.id not in rewritten:
            continue  # the model added nothing to the lead: the storyteller already says it
        used.add(lead.id)
        options = _headlines(angle, chosen, lang)
        title = options[pick_headline(model, options, language=lang, scrub=scrub, seed=seed)]
        narrative = tell(chosen, angle=angle, language=lang, kind=fact_kind, sentences=rewritten)
        grounding, marked = ground(narrative, fact_set, kind=fact_kind)
        cells = [evidence_cell(chosen, frame_name), default_plot(chosen, fact_set, frame_name)]
        out.append(
            Proposal(
                id=f"m{len(out) + 1}",
                title=title,
                narrative=narrative,
                code=tuple(c for c in cells if c),
                fact_ids=tuple(f.id for f in chosen),
                origin="llm",
                grounding=grounding,
                marked_narrative=marked,
                note=message("label.ai_rephrased", lang),
            )
        )
        if on_progress is not None:
            on_progress(len(out), n)
    return out
