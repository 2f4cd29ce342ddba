"""Dashboards: collection from containers, consistency checks, unreadable charts, evidence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import pytest

from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.facts.figures import (
    chart_notes,
    check_evidence,
    collect_figures,
    evidence_namespace,
    figure_facts,
    main_story,
)


def _dashboard() -> dict[str, go.Figure]:
    """One chart of every supported kind, px and go mixed."""
    tips, stocks, iris = px.data.tips(), px.data.stocks(), px.data.iris()
    wind, gap = px.data.wind(), px.data.gapminder()
    return {
        "Stocks": px.line(stocks, x="date", y=["GOOG", "AAPL", "AMZN"]),
        "Bills": px.bar(
            tips.groupby("day", as_index=False).total_bill.sum(), x="day", y="total_bill"
        ),
        "Iris": px.scatter(iris, x="sepal_width", y="sepal_length", color="species"),
        "Europe": px.area(
            gap[gap.continent == "Europe"].groupby("year", as_index=False)["pop"].sum(),
            x="year",
            y="pop",
        ),
        "Sex": go.Figure(go.Pie(labels=tips.sex, values=tips.total_bill)),
        "Tip hist": px.histogram(tips, x="tip"),
        "Wind": px.histogram(wind, x="direction", y="frequency", histfunc="sum"),
        "Box": px.box(tips, x="time", y="tip", color="sex"),
        "Medals": px.imshow(px.data.medals_wide(indexed=True)),
        "Carshare": px.scatter(px.data.carshare(), x="car_hours", y="peak_hour"),
        "Election": px.bar(px.data.election(), x="district", y="total", orientation="v"),
        "Medals long": px.bar(px.data.medals_long(), x="nation", y="count", color="medal"),
        "Lines go": go.Figure(
            [
                go.Scatter(x=[1, 2, 3, 4], y=[1, 3, 2, 5], name="a"),
                go.Scatter(x=[1, 2, 3, 4], y=[2, 1, 4, 3], name="b"),
            ]
        ),
    }


def test_every_evidence_expression_recomputes_its_value() -> None:
    figs = _dashboard()
    facts = figure_facts(figs)
    assert len(facts) > 80
    assert all(f.kind == "figure" for f in facts)
    assert check_evidence(facts, figs) == []
    with_evidence = [f for f in facts if f.evidence]
    assert len(with_evidence) > 0.8 * len(facts)
    assert len({f.id for f in facts}) == len(facts)


def test_evidence_is_plain_eval_with_fig_np_pd() -> None:
    stocks = px.data.stocks()
    fig = px.line(stocks, x="date", y="GOOG")
    for fact in figure_facts(fig):
        for name, expr in fact.evidence.items():
            got = eval(expr, {"fig": fig, "np": np, "pd": pd})
            want = fact.values[name]
            assert (
                (got == pytest.approx(want)) if isinstance(want, float) else str(got) == str(want)
            )


def test_consistency_flags_different_totals_and_trends() -> None:
    tips = px.data.tips()
    by_day = tips.groupby("day", as_index=False).total_bill.sum()
    dinner = tips[tips.time == "Dinner"].groupby("sex", as_index=False).total_bill.sum()
    s = px.data.stocks()
    up = px.line(s, x="date", y="GOOG", title="GOOG up")
    down = px.line(
        s.iloc[::-1].assign(date=s.date.to_numpy()), x="date", y="GOOG", title="GOOG down"
    )
    figs = {
        "by day": px.bar(by_day, x="day", y="total_bill"),
        "by sex": px.pie(dinner, names="sex", values="total_bill"),
        "up": up,
        "down": down,
    }
    figs["by sex"].update_traces(name="total_bill")
    facts = figure_facts(figs)
    consistency = facts.by_id()
    total = consistency["fig.dashboard.consistency.total.total-bill.by-day-vs-by-sex"]
    assert total.values["total_a"] == pytest.approx(tips.total_bill.sum())
    assert total.values["total_b"] == pytest.approx(tips[tips.time == "Dinner"].total_bill.sum())
    trend = consistency["fig.dashboard.consistency.trend.goog.up-vs-down"]
    assert np.sign(trend.values["change_a_pct"]) != np.sign(trend.values["change_b_pct"])
    assert check_evidence(facts, figs) == []
    assert main_story(facts, 3)[0].topic == "consistency"


def test_consistency_flags_mismatched_periods_and_not_matching_totals() -> None:
    s = px.data.stocks()
    figs = [
        px.line(s, x="date", y="GOOG", title="All"),
        px.line(s.iloc[:52], x="date", y="GOOG", title="2018"),
    ]
    facts = figure_facts(figs).by_id()
    period = facts["fig.dashboard.consistency.period.goog.all-vs-2018"]
    assert (period.values["end_a"], period.values["end_b"]) == (s.date.iloc[-1], s.date.iloc[51])
    tips = px.data.tips()
    same = [
        px.bar(tips, x="day", y="tip"),
        px.pie(tips, names="sex", values="tip").update_traces(name="tip"),
    ]
    assert not [i for i in figure_facts(same).ids() if ".consistency.total." in i]


def test_figurewidgets_inside_ipywidgets_containers() -> None:
    pytest.importorskip("anywidget")
    import ipywidgets as widgets

    tips = px.data.tips()
    a = go.FigureWidget(px.bar(tips, x="day", y="tip", title="Tips by day"))
    b = go.FigureWidget(px.histogram(tips, x="size"))
    box = widgets.VBox(
        [
            widgets.Label("Dashboard"),
            widgets.Tab(
                [widgets.HBox([a]), widgets.VBox([b, widgets.IntSlider()])],
                titles=["Tips", "Sizes"],
            ),
        ]
    )
    named = collect_figures(box)
    assert [nf.slug for nf in named] == ["tips", "chart-2"]
    facts = figure_facts(box)
    assert (
        facts.by_id()["fig.tips.ranks.tip"].values["top"] == tips.groupby("day").tip.sum().idxmax()
    )
    assert check_evidence(facts, box) == []


def test_unreadable_charts_become_facts_in_a_dashboard_and_errors_alone() -> None:
    good = px.bar(x=["a", "b"], y=[1, 2])
    geo = go.Figure(go.Scattergeo(lon=[0, 10], lat=[0, 10]))
    images = go.Figure(layout={"images": [{"source": "https://example.com/x.png"}]})
    facts = figure_facts(
        {"good": good, "map": geo, "picture": images, "table": pd.DataFrame({"a": [1]})}
    )
    ids = facts.by_id()
    assert "scattergeo" in str(ids["fig.map.unreadable"].values["reason"])
    assert "layout images" in str(ids["fig.picture.unreadable"].values["reason"])
    assert "DataFrame" in str(ids["fig.table.unreadable"].values["reason"])
    assert ids["fig.dashboard.overview"].values["unreadable"] == 3
    for bad in (geo, images, go.Figure(), "not a figure", [pd.Series([1.0])]):
        with pytest.raises(GenAnalystError):
            figure_facts(bad)


def test_partly_unreadable_chart_notes_the_trace() -> None:
    fig = go.Figure(
        [go.Bar(x=["a", "b"], y=[1, 2], name="bars"), go.Choropleth(locations=["FRA"], z=[1])]
    )
    ids = figure_facts(fig).ids()
    assert "fig.chart-1.unread-trace.1" in ids and "fig.chart-1.ranks.bars" in ids


def test_slugs_come_from_keys_titles_and_index() -> None:
    f1 = px.bar(x=["a"], y=[1], title="Revenue by Region")
    f2 = px.bar(x=["a"], y=[1])
    assert [n.slug for n in collect_figures([f1, f2, f1])] == [
        "revenue-by-region",
        "chart-2",
        "revenue-by-region-2",
    ]
    assert [n.slug for n in collect_figures({"Q1 €": f2})] == ["q1"]


def test_notes_and_story_group_by_chart() -> None:
    figs = _dashboard()
    facts = figure_facts(figs)
    notes = chart_notes(facts)
    assert set(notes) >= {"stocks", "bills", "medals", "dashboard"}
    story = main_story(facts, 6, per_chart=2)
    assert len(story) == 6
    charts = [f.id.split(".")[1] for f in story]
    assert max(charts.count(c) for c in charts) <= 2
    fact = notes["stocks"][0]
    assert evidence_namespace(fact, collect_figures(figs))["fig"] is figs["Stocks"]


def test_plotly_typed_arrays_are_decoded() -> None:
    fig = go.Figure(go.Bar(x=["a", "b", "c"], y=np.array([3, 1, 2], dtype=np.int8)))
    again = go.Figure(fig.to_dict())  # plotly ≥6 keeps {'dtype', 'bdata'} dicts in the traces
    facts = figure_facts(again)
    assert facts.by_id()["fig.chart-1.ranks.trace-1"].values["top_value"] == 3
    assert check_evidence(facts, again) == []
    heat = go.Figure(go.Figure(go.Heatmap(z=np.arange(6, dtype=float).reshape(2, 3))).to_dict())
    assert figure_facts(heat).by_id()["fig.chart-1.max-cell.heatmap"].values["value"] == 5.0
