"""A proposals bundle built by hand from docs/protocol.md, and the protocol's insertion rules.

Used until the kernel helper's own `%ga describe df` produces bundles, and afterwards as an
independent reading of the protocol to check what the frontend inserted.
"""

from __future__ import annotations

import json
from typing import Any

from jupyter_genanalyst.i18n import review_words

MIME = "application/vnd.jupyter-genanalyst.proposals+json"

DATAFRAME_SOURCE = (
    "import pandas as pd\n"
    "df = pd.DataFrame({'region': ['n', 's', 'e', 'w'], 'revenue': [10.0, 12.0, 14.0, 14.0],"
    " 'price': [3.0, 2.5, 2.0, 2.0]})\n"
    "df"
)


def _number(
    narrative: str,
    text: str,
    verified: bool,
    fact_id: str | None = None,
    value_name: str | None = None,
    value: float = 0.0,
) -> dict[str, Any]:
    start = narrative.index(text)
    return {
        "text": text,
        "start": start,
        "end": start + len(text),
        "value": value,
        "unit": "percent" if text.endswith("%") else None,
        "verified": verified,
        "fact_id": fact_id,
        "value_name": value_name,
    }


def fixture_bundle(run_id: str = "ga-uitest-0001") -> dict[str, Any]:
    n1 = "Average revenue is 12.5 per region, and it grew 40% last year."
    n3 = "Lower prices cause higher revenue."
    facts = [
        {
            "id": "desc.mean.revenue",
            "kind": "descriptive",
            "topic": "mean",
            "columns": ["revenue"],
            "values": {"mean": 12.5},
            "units": {"mean": "number"},
            "importance": 0.9,
            "text": "revenue averages 12.5.",
            "evidence": {"mean": "df['revenue'].mean()"},
            "caveats": [],
            "sample_size": 4,
        },
        {
            "id": "diag.corr.price.revenue",
            "kind": "diagnostic",
            "topic": "correlation",
            "columns": ["price", "revenue"],
            "values": {"r": -0.98},
            "units": {"r": "number"},
            "importance": 0.8,
            "text": "price and revenue are strongly negatively correlated (r = -0.98).",
            "evidence": {"r": "df['price'].corr(df['revenue'])"},
            "caveats": ["n = 4"],
            "sample_size": 4,
        },
    ]

    def proposal(
        pid: str,
        title: str,
        narrative: str,
        code: list[str],
        fact_ids: list[str],
        numbers: list[dict[str, Any]],
        causal: list[str],
        checks: list[dict[str, Any]],
        marked: str | None = None,
    ) -> dict[str, Any]:
        verified = sum(1 for n in numbers if n["verified"])
        return {
            "id": pid,
            "title": title,
            "narrative": narrative,
            "marked_narrative": marked if marked is not None else narrative,
            "code": code,
            "fact_ids": fact_ids,
            "origin": "template",
            "note": None,
            "grounding": {
                "numbers": numbers,
                "causal_claims": causal,
                "dropped_sentences": [],
                "faithfulness": verified / len(numbers) if numbers else 1.0,
            },
            "code_checks": checks,
        }

    def ok(src: str) -> dict[str, Any]:
        return {"source": src, "parses": True, "problems": [], "safety": []}

    flagged = "import os\nos.listdir('.')"
    proposals = [
        proposal(
            "p1",
            "Revenue averages 12.5",
            n1,
            ["df['revenue'].describe()"],
            ["desc.mean.revenue"],
            [
                _number(n1, "12.5", True, "desc.mean.revenue", "mean", 12.5),
                _number(n1, "40%", False, value=40.0),
            ],
            [],
            [ok("df['revenue'].describe()")],
            marked=n1.replace("40%", "*40% [unverified]*"),
        ),
        proposal(
            "p2",
            "Revenue by region",
            "Revenue differs by region.",
            ["df.groupby('region')['revenue'].sum()"],
            ["desc.mean.revenue"],
            [],
            [],
            [ok("df.groupby('region')['revenue'].sum()")],
        ),
        proposal(
            "p3",
            "Price drives revenue",
            n3,
            ["df.plot.scatter(x='price', y='revenue')"],
            ["diag.corr.price.revenue"],
            [],
            [n3],
            [ok("df.plot.scatter(x='price', y='revenue')")],
        ),
        proposal(
            "p4",
            "List the working folder",
            "The data folder can be listed.",
            [flagged],
            [],
            [],
            [],
            [
                {
                    "source": flagged,
                    "parses": True,
                    "problems": [],
                    "safety": [{"rule": "dangerous-import", "message": "imports os", "line": 1}],
                }
            ],
        ),
    ]
    label = "AI-generated, reviewed by you · model: template · jupyter_genanalyst 0.1.0"
    return {
        "version": 1,
        "run_id": run_id,
        "request": {
            "kind": "describe",
            "frame": "df",
            "target": None,
            "time": None,
            "question": None,
        },
        "model": "template",
        "label": label,
        "notice": "No LLM answered at http://127.0.0.1:8765/v1 — template narratives shown.",
        "facts": facts,
        "proposals": proposals,
        "provenance": {
            "model": "template",
            "server_url": "http://127.0.0.1:8765/v1",
            "package_version": "0.1.0",
            "privacy": "mask",
            "created": "2025-01-01T00:00:00Z",
            "extra": {},
        },
        "review": {},
    }


def code_header(label: str) -> str:
    """The protocol's comment lines over inserted code: the label's first part says "not run
    automatically", the rest (model, version) goes on a second line."""
    first, *rest = label.split(" · ")
    head = f"# {first} — not run automatically"
    return f"{head}\n# {' · '.join(rest)}" if rest else head


def producer_source(bundle: dict[str, Any]) -> str:
    """A code cell that displays `bundle` the way the kernel helper does (MIME + fallbacks)."""
    fallback = "\n\n".join(f"**{p['title']}**\n\n{p['narrative']}" for p in bundle["proposals"])
    return (
        "import json\n"
        "from IPython.display import display\n"
        f"bundle = json.loads({json.dumps(json.dumps(bundle))})\n"
        f"display({{{MIME!r}: bundle, 'text/markdown': {fallback!r}, "
        "'text/plain': 'AI proposals (install the jupyter_genanalyst labextension to review)'}, "
        "raw=True)"
    )


def label_of(bundle: dict[str, Any]) -> str:
    label = " ".join((bundle.get("label") or "").split())
    if not label:
        return f"AI-generated · model: {bundle['model']}"
    if bundle.get("model") == "template":
        return label  # no model wrote any card: the kernel's own honest label
    return label if "ai-generated" in label.lower() else f"AI-generated · {label}"


def cell_label(bundle: dict[str, Any], proposal: dict[str, Any]) -> str:
    """The first line of a proposal's inserted cells (docs/protocol.md): "AI-generated, reviewed
    by you · model: …" on model text only; storyteller, template and plan cards say no model
    wrote them (the bundle's ``words`` in its language, English without them)."""
    words = bundle.get("words") or {}
    rest = label_of(bundle).split(" · ")[1:]
    if proposal.get("origin") not in ("template", "story", "plan"):
        return " · ".join([words.get("cell_ai", "AI-generated, reviewed by you"), *rest])
    first = words.get("cell_from_facts", "Written from the facts (no model), reviewed by you")
    return " · ".join([first, *(r for r in rest if not r.startswith("model:"))])


def cell_tags(proposal: dict[str, Any]) -> list[str]:
    """``ai-generated`` on model text only; ``genanalyst-from-facts`` on the others."""
    model = proposal.get("origin") not in ("template", "story", "plan")
    return ["ai-generated"] if model else ["genanalyst-from-facts"]


def expected_cells(bundle: dict[str, Any], pid: str) -> list[dict[str, Any]]:
    """The cells docs/protocol.md says "Insert accepted" produces for one proposal."""
    proposal = next(p for p in bundle["proposals"] if p["id"] == pid)
    entry = bundle.get("review", {}).get(pid, {})
    label = cell_label(bundle, proposal)
    narrative = entry.get("narrative")
    if narrative is None:
        narrative = proposal.get("marked_narrative") or proposal["narrative"]
    cells = [
        {"cell_type": "markdown", "source": f"> **{label}**\n\n{narrative}", "role": "narrative"}
    ]
    for code in entry.get("code", proposal["code"]):
        if code.strip():
            cells.append(
                {
                    "cell_type": "code",
                    "source": f"{code_header(label)}\n{code}",
                    "role": "code",
                }
            )
    return cells


def hidden_bundle(run_id: str = "ga-uitest-hidden", language: str = "en") -> dict[str, Any]:
    """Issue 12's review: a storyteller card and a model card shown, then two model candidates
    the checks hid (one written in Traditional Chinese), with the kernel's honest labels."""
    zh = language == "zh-Hant"
    bundle = fixture_bundle(run_id)
    facts = bundle["facts"]
    n1 = (
        "Revenue averages 12.5 per region. Where the price is higher, revenue is lower"
        " (r = -0.98, over only 4 regions)."
    )
    n2 = "Revenue differs by region: the average is 12.5 and the east earns 14."
    story = {
        "id": "s1",
        "title": "Revenue averages 12.5 per region",
        "narrative": n1,
        "marked_narrative": n1,
        "code": ["df['revenue'].describe()"],
        "fact_ids": ["desc.mean.revenue", "diag.corr.price.revenue"],
        "origin": "story",
        "note": None,
        "hidden": None,
        "labels": {
            "numbers": "全部 3 個數字與事實相符（語意未經檢查）"
            if zh
            else "all 3 numbers match the facts (the meaning is not checked)",
            "origin": "由事實直接寫成，未使用語言模型"
            if zh
            else "Written from the facts without a model",
            "review": None,
            "verified": 3,
            "total": 3,
        },
        "grounding": {
            "numbers": [
                _number(n1, "12.5", True, "desc.mean.revenue", "mean", 12.5),
                _number(n1, "-0.98", True, "diag.corr.price.revenue", "r", -0.98),
                _number(n1, "4", True, "diag.corr.price.revenue", "n", 4.0),
            ],
            "causal_claims": [],
            "dropped_sentences": [],
            "faithfulness": 1.0,
        },
        "code_checks": [
            {"source": "df['revenue'].describe()", "parses": True, "problems": [], "safety": []}
        ],
    }
    model = {
        "id": "m1",
        "title": "Revenue by region",
        "narrative": n2,
        "marked_narrative": n2.replace("14", "*14 [unverified]*"),
        "code": ["df.groupby('region')['revenue'].sum()"],
        "fact_ids": ["desc.mean.revenue"],
        "origin": "llm",
        "note": None,
        "hidden": None,
        "labels": {
            "numbers": "2 個數字中有 1 個與事實相符（語意未經檢查）"
            if zh
            else "1 of 2 numbers match the facts (the meaning is not checked)",
            "origin": "AI 生成" if zh else "AI-generated",
            "review": None,
            "verified": 1,
            "total": 2,
        },
        "grounding": {
            "numbers": [
                _number(n2, "12.5", True, "desc.mean.revenue", "mean", 12.5),
                _number(n2, "14", False, value=14.0),
            ],
            "causal_claims": [],
            "dropped_sentences": [],
            "faithfulness": 0.5,
        },
        "code_checks": [
            {
                "source": "df.groupby('region')['revenue'].sum()",
                "parses": True,
                "problems": [],
                "safety": [],
            }
        ],
    }
    debris = {
        "id": "h1",
        "title": "The {{data}} is in one file",
        "narrative": "The {{data}} is in one JSON file, with {{id}} for each row.",
        "marked_narrative": None,
        "code": [],  # the prune step drops model code that fails the checks
        "fact_ids": [],
        "origin": "llm",
        "note": None,
        "hidden": "殘留的範本文字：{{data}}" if zh else "template debris: {{data}}",
        "labels": {
            "numbers": "沒有需要核對的數字" if zh else "no numbers to check",
            "origin": "AI 生成" if zh else "AI-generated",
            "review": None,
            "verified": 0,
            "total": 0,
        },
        "grounding": {"numbers": [], "causal_claims": [], "dropped_sentences": []},
        "code_checks": [],
    }
    n4 = "臺北市的營收在 2014 年成長了 300%，世界盃帶動消費。"
    chinese = {
        "id": "h2",
        "title": "臺北市營收成長 300%",
        "narrative": n4,
        "marked_narrative": None,
        "code": [],
        "fact_ids": [],
        "origin": "llm",
        "note": None,
        "hidden": "與事實不符的數字：2014, 300%"
        if zh
        else "numbers that match no fact: 2014, 300%",
        "labels": {
            "numbers": "2 個數字中有 0 個與事實相符（語意未經檢查）"
            if zh
            else "0 of 2 numbers match the facts (the meaning is not checked)",
            "origin": "AI 生成" if zh else "AI-generated",
            "review": None,
            "verified": 0,
            "total": 2,
        },
        "grounding": {
            "numbers": [
                _number(n4, "2014", False, value=2014.0),
                _number(n4, "300%", False, value=300.0),
            ],
            "causal_claims": [],
            "dropped_sentences": [],
        },
        "code_checks": [],
    }
    bundle["facts"] = facts
    bundle["proposals"] = [story, model, debris, chinese]
    bundle["language"] = language
    bundle["words"] = review_words(language)  # as bundle.py sends them
    bundle["hidden_summary"] = "已隱藏 2 個候選 — 原因" if zh else "2 candidates hidden — why"
    bundle["notice"] = None
    return bundle
