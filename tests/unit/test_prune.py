"""Machine pruning hides what is not worth a look, with the reason; default plots by role."""

from __future__ import annotations

import ast

import pytest

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.facts.types import Fact
from jupyter_genanalyst.narrate.plots import column_roles, default_plot
from jupyter_genanalyst.narrate.prune import debris, hide_reason, prune
from jupyter_genanalyst.narrate.types import Proposal
from tests.unit import planted

FACT = Fact(
    id="desc.missing.income",
    kind="descriptive",
    topic="missing",
    columns=("income",),
    values={"missing": 428, "missing_pct": 28.53},
    units={"missing": "count", "missing_pct": "percent"},
    importance=0.6,
    text="income is missing in 428 of 1,500 rows (28.53%).",
    evidence={
        "missing": "int(df['income'].isna().sum())",
        "missing_pct": "float(df['income'].isna().mean() * 100)",
    },
)
COLUMNS = ["income", "age", "地區"]


def _p(
    narrative: str, title: str = "Income gaps", code: tuple[str, ...] = (), **kw: object
) -> Proposal:
    return Proposal(id="m1", title=title, narrative=narrative, code=code, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("narrative", "title", "code", "reason"),
    [
        ("The data is not only accurate but also unique.", "Data", (), "names no column"),
        ("income is missing in 428 rows.", "The 201 missing days", (), "match no fact: 201"),
        ("income is missing in 2014 rows.", "Income", (), "match no fact: 2014"),
        ("income: {{id}} {{data}} rows.", "Income", (), "debris: {{id}}"),
        ("income is missing for [field_name].", "Income", (), "debris: [field_name]"),
        ("income is <placeholder> here.", "Income", (), "debris: <placeholder>"),
        ('{"title": "income", "narrative": "x"}', "Income", (), "debris"),
        ("income is missing in 428 rows.", "Income", ("df['income'.mean(",), "code that fails"),
        ("income is missing in 428 rows.", "Income", ("df['salary'].mean()",), "unknown column"),
        ("income is missing in 428 rows.", "Income", ("frobnicate(df)",), "not defined"),
        ("   ", "Income", (), "no narrative"),
    ],
)
def test_each_reason_hides_the_candidate(
    narrative: str, title: str, code: tuple[str, ...], reason: str
) -> None:
    found = hide_reason(_p(narrative, title, code), [FACT], columns=COLUMNS)
    assert found is not None and reason in found


def test_a_good_candidate_is_shown_and_markdown_is_not_debris() -> None:
    good = _p(
        "**income** is missing in 428 of 1,500 rows (28.53%) — see [the docs](https://x.y).<br>",
        code=("import plotly.express as px\n\npx.histogram(df, x='income')",),
    )
    assert hide_reason(good, [FACT], columns=COLUMNS) is None
    assert debris("Values in `[income]`? No: a [link](u) and <b>bold</b>.") is None


def test_prune_orders_shown_first_drops_bad_code_and_carries_the_reason_in_the_bundle() -> None:
    bad = _p("The {{data}} is great.", code=("{{id}} {{data}}",))
    good = _p("income is missing in 428 rows.", code=("df['income'].isna().sum()",))
    broken_code = _p(
        "income is missing in 428 rows.", code=("df['income'].isna().sum()", "print((")
    )
    shown, *hidden = prune([bad, broken_code, good], [FACT], columns=COLUMNS, language="zh-Hant")
    assert shown.hidden is None and shown.code == good.code
    assert [h.hidden for h in hidden] == [
        "殘留的範本文字：{{data}}",
        "程式碼未通過檢查：syntax error at line 1: '(' was never closed",
    ]
    assert hidden[0].code == ()  # debris code removed too
    assert hidden[1].code == ("df['income'].isna().sum()",)  # only the broken cell dropped
    assert shown.to_dict()["hidden"] is None
    assert hidden[1].to_dict()["hidden"] == hidden[1].hidden


def test_number_words_that_match_no_fact_hide_the_candidate() -> None:
    reason = hide_reason(
        _p("income: the two most important facts for the next sixty days."), [FACT], columns=COLUMNS
    )
    assert reason is not None and "two" in reason


def test_default_plots_follow_column_roles() -> None:
    sales = planted.sales(months=6)
    facts = ga.describe(sales)
    roles = column_roles(facts)
    assert roles["date"] == "time" and roles["revenue"] == "continuous"
    assert roles["region"] == "categorical"
    trend = [f for f in facts if f.topic in ("trend", "change") and "revenue" in f.columns]
    line = default_plot(trend, facts, "sales")
    assert line is not None and "px.line(" in line and "x='date'" in line
    hist = default_plot([f for f in facts if f.id == "desc.dist.revenue"], facts, "sales")
    assert hist is not None and "px.histogram(sales, x='revenue')" in hist
    bars = default_plot([f for f in facts if f.topic == "categories"], facts, "sales")
    assert bars is not None and "px.bar(" in bars and "'region'" in bars
    for cell in (line, hist, bars):
        ast.parse(cell)
        namespace: dict[str, object] = {"sales": sales}
        exec(compile(cell, "<plot>", "exec"), namespace)
    # a price-like continuous column is never drawn as value_counts bars
    assert (
        default_plot([f for f in facts if f.id == "desc.dist.revenue"], facts, "sales").count(
            "value_counts"
        )
        == 0
    )


def test_code_cells_are_checked_once_per_proposal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Composition checks each code cell once (``check_cells``) and pruning reuses those
    checks: no cell is parsed three times on its way to the reviewer."""
    from jupyter_genanalyst.config import GenAnalyst
    from jupyter_genanalyst.kinds import spec
    from jupyter_genanalyst.narrate import code_checks
    from jupyter_genanalyst.narrate.compose import Composing, compose

    calls: list[str] = []
    real = code_checks.check_code_cell

    def counting(source: str, **kw: object) -> object:
        calls.append(source)
        return real(source, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(code_checks, "check_code_cell", counting)
    good = "df['income'].isna().sum()"
    bad = "df['salary'].mean()"
    fresh = [_p("income is missing in 428 rows.", code=(good, bad))]
    pruned = prune(fresh, [FACT], columns=COLUMNS)
    assert calls == [good, bad]  # once each, not once for the reason and once for removal
    assert pruned[0].code == (good,) and [c.source for c in pruned[0].code_checks] == [good]
    calls.clear()
    assert prune(pruned, [FACT], columns=COLUMNS)[0].code == (good,)
    assert calls == []  # checks already attached: reused

    frame = planted.sales()
    ctx = Composing(spec("describe"), GenAnalyst(candidates=1), "df", columns=list(frame.columns))
    calls.clear()
    result = compose(ga.describe(frame), ctx, None)
    cells = [c for p in result.proposals for c in p.code]
    assert cells and sorted(calls) == sorted(cells)
