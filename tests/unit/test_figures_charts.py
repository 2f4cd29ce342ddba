"""Per-chart facts checked against values computed independently with pandas/numpy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import pytest

from jupyter_genanalyst.facts.figures import check_evidence, figure_facts


@pytest.fixture(scope="module")
def tips() -> pd.DataFrame:
    return px.data.tips()


@pytest.fixture(scope="module")
def stocks() -> pd.DataFrame:
    return px.data.stocks()


def _facts(fig: go.Figure) -> dict:
    fs = figure_facts(fig)
    assert check_evidence(fs, fig) == []
    return fs.by_id()


def test_px_line_trend_matches_pandas(stocks: pd.DataFrame) -> None:
    facts = _facts(px.line(stocks, x="date", y=["GOOG", "AAPL"], title="Stocks"))
    goog = facts["fig.stocks.trend.goog"]
    assert goog.values["change"] == pytest.approx(stocks.GOOG.iloc[-1] - stocks.GOOG.iloc[0])
    assert (
        goog.values["start"] == stocks.date.iloc[0] and goog.values["end"] == stocks.date.iloc[-1]
    )
    peak = facts["fig.stocks.peak.aapl"]
    assert peak.values["value"] == pytest.approx(stocks.AAPL.max())
    assert peak.values["at"] == stocks.date[stocks.AAPL.idxmax()]
    leader = facts["fig.stocks.leader.line"]
    assert leader.values["series"] == (
        "AAPL" if stocks.AAPL.iloc[-1] > stocks.GOOG.iloc[-1] else "GOOG"
    )
    d = (stocks.AAPL - stocks.GOOG).to_numpy()
    s = np.sign(d[d != 0])
    assert facts["fig.stocks.crossings.aapl-vs-goog"].values["count"] == int(
        np.sum(np.diff(s) != 0)
    )
    assert facts["fig.stocks.divergence.aapl-vs-goog"].values["gap_end"] == pytest.approx(d[-1])


def test_go_line_with_datetimes_and_gap() -> None:
    dates = pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-10"])
    fig = go.Figure(go.Scatter(x=dates, y=[10, 12, None, 9, 15], mode="lines", name="Sales"))
    facts = _facts(fig)
    trend = facts["fig.chart-1.trend.sales"]
    assert (trend.values["first"], trend.values["last"], trend.values["end"]) == (
        10,
        15,
        "2024-01-10",
    )
    assert trend.values["change_pct"] == pytest.approx(50.0)
    assert facts["fig.chart-1.gap.sales"].values["gap"] == pytest.approx(6.0)
    assert facts["fig.chart-1.missing.sales"].values["missing"] == 1


def test_px_bar_top_and_share(tips: pd.DataFrame) -> None:
    agg = tips.groupby("day").total_bill.sum().reset_index()
    facts = _facts(px.bar(agg, x="day", y="total_bill", title="Bill by day"))
    ranks = facts["fig.bill-by-day.ranks.total-bill"]
    assert ranks.values["top"] == agg.loc[agg.total_bill.idxmax(), "day"]
    assert ranks.values["top_value"] == pytest.approx(agg.total_bill.max())
    assert ranks.values["top_share_pct"] == pytest.approx(
        100 * agg.total_bill.max() / agg.total_bill.sum()
    )


def test_px_bar_raw_rows_are_summed_like_plotly_stacks_them(tips: pd.DataFrame) -> None:
    facts = _facts(px.bar(tips, x="day", y="tip", title="Tips"))
    ranks = facts["fig.tips.ranks.tip"]
    by_day = tips.groupby("day").tip.sum()
    assert ranks.values["top"] == by_day.idxmax()
    assert ranks.values["total"] == pytest.approx(tips.tip.sum())
    assert any("sum of 244 rows" in c for c in ranks.caveats)


def test_go_horizontal_bar_with_currency_axis() -> None:
    fig = go.Figure(go.Bar(y=["a", "b", "c"], x=[5.0, 20.0, 1.0], orientation="h"))
    fig.update_xaxes(tickprefix="$", title="Revenue")
    ranks = _facts(fig)["fig.chart-1.ranks.revenue"]
    assert ranks.values["top"] == "b" and ranks.units["top_value"] == "currency"
    assert "$20" in ranks.text


def test_pie_shares_with_and_without_values(tips: pd.DataFrame) -> None:
    counts = tips.day.value_counts()
    shares = _facts(px.pie(tips, names="day", title="Days"))["fig.days.shares.slices"]
    assert shares.values["label_1"] == counts.idxmax()
    assert shares.values["share_1_pct"] == pytest.approx(100 * counts.max() / counts.sum())
    sums = tips.groupby("sex").total_bill.sum()
    go_pie = go.Figure(go.Pie(labels=tips.sex, values=tips.total_bill, name="bill"))
    shares = _facts(go_pie)["fig.chart-1.shares.bill"]
    assert shares.values["share_1_pct"] == pytest.approx(100 * sums.max() / sums.sum())


def test_scatter_correlation(tips: pd.DataFrame) -> None:
    facts = _facts(px.scatter(tips, x="total_bill", y="tip", title="Tip vs bill"))
    assert facts["fig.tip-vs-bill.correlation.tip"].values["r"] == pytest.approx(
        tips.total_bill.corr(tips.tip)
    )


def test_area_is_ordered_series() -> None:
    df = px.data.gapminder().query("country in ['Australia', 'New Zealand']")
    facts = _facts(px.area(df, x="year", y="pop", color="country", title="Oceania"))
    au = df[df.country == "Australia"]
    assert facts["fig.oceania.trend.australia"].values["change"] == pytest.approx(
        au["pop"].iloc[-1] - au["pop"].iloc[0]
    )


def test_histogram_explicit_bins_count_like_plotly(tips: pd.DataFrame) -> None:
    fig = go.Figure(go.Histogram(x=tips.total_bill, xbins=dict(start=0, size=10), name="bill"))
    bins = _facts(fig)["fig.chart-1.bins.bill"]
    counts = pd.cut(tips.total_bill, np.arange(0, 70, 10), right=False).value_counts(sort=False)
    assert bins.values["peak_value"] == counts.max()
    assert bins.values["peak_start"] == counts.idxmax().left


def test_histogram_auto_bins_states_so_and_gives_raw_stats(tips: pd.DataFrame) -> None:
    facts = _facts(px.histogram(tips, x="total_bill", nbins=20, title="Bills"))
    dist = facts["fig.bills.distribution.total-bill"]
    assert dist.values["median"] == pytest.approx(tips.total_bill.median())
    assert dist.values["n"] == len(tips)
    assert any("automatic" in c for c in dist.caveats)


def test_categorical_histogram_with_histfunc(tips: pd.DataFrame) -> None:
    ranks = _facts(px.histogram(tips, x="day", y="tip", histfunc="avg", title="Avg tip"))[
        "fig.avg-tip.ranks.avg-of-tip"
    ]
    means = tips.groupby("day").tip.mean()
    assert ranks.values["top"] == means.idxmax()
    assert ranks.values["top_value"] == pytest.approx(means.max())


@pytest.mark.parametrize("method", ["linear", "exclusive", "inclusive"])
def test_box_quartiles_match_numpy(tips: pd.DataFrame, method: str) -> None:
    fig = px.box(tips, x="day", y="total_bill", title="Box")
    fig.update_traces(quartilemethod=method)
    facts = _facts(fig)
    sun = np.sort(tips.loc[tips.day == "Sun", "total_bill"].to_numpy())
    box = facts["fig.box.box.sun"]
    if method == "linear":  # plotly.js interpolates at p*n - 0.5: numpy's 'hazen'
        assert box.values["q1"] == pytest.approx(np.quantile(sun, 0.25, method="hazen"))
        assert box.values["q3"] == pytest.approx(np.quantile(sun, 0.75, method="hazen"))
    assert box.values["median"] == pytest.approx(np.median(sun))
    medians = tips.groupby("day").total_bill.median()
    assert facts["fig.box.medians"].values["highest"] == medians.idxmax()


def test_go_box_precomputed_quartiles() -> None:
    fig = go.Figure(
        go.Box(q1=[1.0], median=[2.0], q3=[4.0], lowerfence=[0.0], upperfence=[5.0], x=["a"])
    )
    box = _facts(fig)["fig.chart-1.box.a"]
    assert (box.values["q1"], box.values["median"], box.values["iqr"]) == (1.0, 2.0, 3.0)


def test_heatmap_max_cell_px_and_go() -> None:
    wide = px.data.medals_wide(indexed=True)
    facts = _facts(px.imshow(wide, title="Medals"))
    top = facts["fig.medals.max-cell.heatmap"]
    row, col = np.unravel_index(np.argmax(wide.to_numpy()), wide.shape)
    assert (top.values["value"], top.values["y"], top.values["x"]) == (
        wide.to_numpy().max(),
        wide.index[row],
        wide.columns[col],
    )
    z = [[1, 5], [7, 2]]
    low = _facts(go.Figure(go.Heatmap(z=z, x=["p", "q"], y=["r", "s"])))[
        "fig.chart-1.min-cell.heatmap"
    ]
    assert (low.values["value"], low.values["x"], low.values["y"]) == (1, "p", "r")


def test_tickformat_percent_marks_ratio_and_formats_text() -> None:
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[0.10, 0.12, 0.153], name="rate", mode="lines"))
    fig.update_yaxes(tickformat=".0%")
    trend = _facts(fig)["fig.chart-1.trend.rate"]
    assert trend.units["last"] == "ratio" and "15%" in trend.text


def test_reference_line_and_annotation(stocks: pd.DataFrame) -> None:
    fig = px.line(stocks, x="date", y="GOOG", title="G")
    fig.add_hline(y=1.1)
    fig.add_annotation(x="2019-01-07", y=1.0, text="earnings dip")
    facts = _facts(fig)
    assert facts["fig.g.refline.0.goog"].values["above"] == int((stocks.GOOG > 1.1).sum())
    assert facts["fig.g.annotation.0"].values["text"] == "earnings dip"


def test_facet_traces_get_distinct_names(tips: pd.DataFrame) -> None:
    fs = figure_facts(
        px.scatter(tips, x="total_bill", y="tip", color="smoker", facet_col="sex", title="F")
    )
    ids = [i for i in fs.ids() if ".correlation." in i]
    assert len(ids) == 4 and any("sex-female" in i for i in ids)


def test_label_units_say_what_the_axis_holds(tips: pd.DataFrame, stocks: pd.DataFrame) -> None:
    """A position on a numeric axis is a number, on a date axis a date, else a category."""
    scatter = _facts(px.scatter(tips, x="total_bill", y="tip"))
    assert scatter["fig.chart-1.peak.tip"].units["at"] == "number"
    assert isinstance(scatter["fig.chart-1.peak.tip"].values["at"], float)
    line = _facts(px.line(stocks, x="date", y="GOOG"))
    assert line["fig.chart-1.trend.goog"].units["start"] == "date"
    bars = _facts(go.Figure(go.Bar(x=["台北", "新北", "高雄"], y=[3, 5, 4])))
    ranks = bars["fig.chart-1.ranks.trace-1"]
    assert (ranks.values["top"], ranks.units["top"]) == ("新北", "text")
    heat = _facts(go.Figure(go.Heatmap(z=[[1, 9], [3, 4]], x=[2021, 2022], y=["北區", "南區"])))
    cell = next(f for f in heat.values() if f.topic == "max-cell")
    assert (cell.values["x"], cell.units["x"]) == (2022, "number")
    assert (cell.values["y"], cell.units["y"]) == ("北區", "text")
