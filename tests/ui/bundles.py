"""A proposals bundle built by hand from docs/protocol.md, and the protocol's insertion rules.

Used until the kernel helper's own `%ga describe df` produces bundles, and afterwards as an
independent reading of the protocol to check what the frontend inserted.
"""

from __future__ import annotations

import json
from typing import Any

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
    return label if "ai-generated" in label.lower() else f"AI-generated · {label}"


def expected_cells(bundle: dict[str, Any], pid: str) -> list[dict[str, Any]]:
    """The cells docs/protocol.md says "Insert accepted" produces for one proposal."""
    proposal = next(p for p in bundle["proposals"] if p["id"] == pid)
    entry = bundle.get("review", {}).get(pid, {})
    label = label_of(bundle)
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
