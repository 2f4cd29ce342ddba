"""Every cell the product itself generates passes the allowlist without acknowledgement:
evidence cells for every fact kind (tabular and figure facts) and template cells."""

from __future__ import annotations

import numpy as np
import plotly.express as px
import plotly.graph_objects as go
import pytest

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.facts.figures import figure_facts
from jupyter_genanalyst.facts.types import Fact, FactSet
from jupyter_genanalyst.narrate.evidence_code import evidence_cell
from jupyter_genanalyst.narrate.fallback import template_proposals
from jupyter_genanalyst.safety import check_code
from tests.unit import planted


@pytest.fixture(scope="module")
def fact_sets() -> dict[str, FactSet]:
    drivers = planted.drivers(n=400)
    sales = planted.sales(months=18)
    mar = planted.missing_mar(n=400)
    anomalies, _ = planted.anomalies(n=300)
    shift = planted.level_shift()
    return {
        "describe-drivers": ga.describe(drivers),
        "describe-sales": ga.describe(sales, time="date"),
        "describe-anomalies": ga.describe(anomalies),
        "diagnose-drivers": ga.diagnose(drivers, target="spend"),
        "diagnose-sales": ga.diagnose(sales, target="revenue", time="date"),
        "diagnose-mar": ga.diagnose(mar, target="income"),
        "diagnose-shift": ga.diagnose(shift, target="kpi", time="month"),
        "predict-drivers": ga.predict(drivers, target="churn"),
        "predict-sales": ga.predict(sales, target="revenue", time="date"),
        "prescribe-drivers": ga.prescribe(drivers, target="spend"),
    }


def _all_facts(sets: dict[str, FactSet]) -> list[Fact]:
    return [fact for facts in sets.values() for fact in facts]


@pytest.mark.parametrize("frame_name", ["df", "sales_df", "sales_2024"])
def test_every_evidence_expression_passes_in_an_evidence_cell(
    fact_sets: dict[str, FactSet], frame_name: str
) -> None:
    facts = _all_facts(fact_sets)
    kinds = {f.kind for f in facts}
    checked, flagged = 0, []
    for fact in facts:
        for name in fact.evidence:
            cell = evidence_cell([fact], frame_name, only={fact.id: {name}})
            if cell is None:
                continue
            checked += 1
            flags = check_code(cell, variables=[frame_name])
            if flags:
                flagged.append((fact.id, name, fact.evidence[name], flags))
    print(f"evidence cells checked: {checked} over fact kinds {sorted(kinds)}")
    assert checked > 50
    assert kinds == {"descriptive", "diagnostic", "predictive", "prescriptive"}
    assert flagged == []


def test_every_template_cell_passes(fact_sets: dict[str, FactSet]) -> None:
    cells = []
    for key, facts in fact_sets.items():
        kind = key.split("-")[0]
        for proposal in template_proposals(facts, kind=kind, n=6, frame_name="sales_df"):
            cells.extend(proposal.code)
    assert len(cells) >= 10
    flagged = {c: check_code(c, variables=["sales_df"]) for c in cells}
    assert {c: f for c, f in flagged.items() if f} == {}


def _figures() -> list[go.Figure]:
    r = np.random.default_rng(0)
    months = [f"2024-{m:02d}-01" for m in range(1, 13)]
    return [
        go.Figure(go.Scatter(x=months, y=r.normal(100, 10, 12).cumsum(), name="營收")),
        px.bar(x=["北部", "中部", "南部", "東部"], y=[40, 25, 30, 5], title="各區營收"),
        px.pie(names=["a", "b", "c"], values=[5, 3, 2], title="shares"),
        px.histogram(x=r.normal(size=200), title="分布"),
        px.box(y=r.normal(size=100), title="box"),
        px.scatter(x=r.normal(size=80), y=r.normal(size=80), title="scatter"),
        px.imshow(r.normal(size=(4, 5)), title="heat"),
        go.Figure(
            [
                go.Scatter(x=months, y=r.normal(10, 1, 12), name="A"),
                go.Scatter(x=months, y=r.normal(10, 1, 12), name="B"),
            ]
        ).add_hline(y=10),
    ]


def test_every_figure_evidence_expression_passes() -> None:
    checked, flagged = 0, []
    for fig in _figures():
        for fact in figure_facts(fig):
            for name, expression in fact.evidence.items():
                checked += 1
                cell = f"import numpy as np\nimport pandas as pd\n{expression}"
                flags = check_code(cell, variables=["fig"])
                if flags:
                    flagged.append((fact.id, name, expression, flags))
    print(f"figure evidence expressions checked: {checked}")
    assert checked > 30
    assert flagged == []
