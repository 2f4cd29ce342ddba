"""Requests of every kind over the planted frames (and plotly figures), for story tests.

Each case is (kind, facts, frame or None, frame name); built once per test session
because fitting the predictive and prescriptive models is the slow part.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import plotly.express as px

import jupyter_genanalyst.facts as ga
from jupyter_genanalyst.facts.figures import figure_facts
from jupyter_genanalyst.facts.types import FactSet
from tests.unit import planted

Case = tuple[str, FactSet, pd.DataFrame | None, str]


@cache
def cases() -> tuple[Case, ...]:
    drivers = planted.drivers(n=600)
    sales = planted.sales(months=18)
    shift = planted.level_shift()
    missing = planted.missing_mar(n=600)
    values, _ = planted.anomalies(n=400)
    bills = pd.DataFrame(
        {"day": ["Thu", "Fri", "Sat", "Sun"] * 3, "total_bill": [17.7, 17.2, 20.4, 21.4] * 3}
    )
    figures = {
        "Bills": px.bar(
            bills.groupby("day", as_index=False).total_bill.sum(), x="day", y="total_bill"
        ),
        "Trend": px.line(shift, x="month", y="kpi"),
    }
    return (
        ("describe", ga.describe(drivers), drivers, "customers"),
        ("describe", ga.describe(missing), missing, "df"),
        ("describe", ga.describe(sales), sales, "sales"),
        ("diagnose", ga.diagnose(drivers, target="churn"), drivers, "customers"),
        ("diagnose", ga.diagnose(sales, target="revenue"), sales, "sales"),
        ("diagnose", ga.diagnose(shift, target="kpi"), shift, "df"),
        ("diagnose", ga.diagnose(values), values, "df"),
        ("ask", ga.diagnose(drivers, target="spend"), drivers, "df"),
        ("predict", ga.predict(drivers, target="spend"), drivers, "df"),
        ("predict", ga.predict(sales, target="revenue", time="date"), sales, "sales"),
        ("prescribe", ga.prescribe(drivers, target="spend"), drivers, "df"),
        ("narrate", figure_facts(figures), None, "figs"),
    )
