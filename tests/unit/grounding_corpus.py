"""A hand-labelled narrative corpus for the grounding checker.

Each narrative marks honest numbers as ``[[…]]`` and hallucinated ones as ``{{…}}``;
everything unmarked must not be read as a number at all (identifiers, fact ids, code).
``labelled()`` strips the marks and returns the expected spans, so the test can score
both extraction (every marked number found, nothing else) and verification.
"""

from __future__ import annotations

import re

from jupyter_genanalyst.facts.types import Fact


def _fact(fid: str, kind: str, topic: str, columns: tuple[str, ...], **values: tuple) -> Fact:
    return Fact(
        id=fid,
        kind=kind,
        topic=topic,
        columns=columns,  # type: ignore[arg-type]
        values={k: v[0] for k, v in values.items()},
        units={k: v[1] for k, v in values.items()},
        importance=0.5,
        text=f"{fid} (test fact)",
        evidence={k: repr(v[0]) for k, v in values.items()},  # the corpus has no frame
    )


FACTS: tuple[Fact, ...] = (
    _fact(
        "desc.shape", "descriptive", "shape", (), n_rows=(12480, "count"), n_columns=(14, "count")
    ),
    _fact(
        "desc.missing.income",
        "descriptive",
        "missing",
        ("income",),
        missing_count=(1907, "count"),
        missing_pct=(15.28, "percent"),
    ),
    _fact(
        "desc.dist.revenue",
        "descriptive",
        "distribution",
        ("revenue",),
        mean=(1234567.89, "currency"),
        median=(987654.0, "currency"),
        skew=(2.31, "number"),
        std=(456789.1, "currency"),
    ),
    _fact(
        "desc.trend.revenue",
        "descriptive",
        "trend",
        ("date", "revenue"),
        pct_change=(-12.4, "percent"),
        start=("2024-01-01", "date"),
        end=("2024-03-31", "date"),
        peak_date=("2024-02-15", "date"),
    ),
    _fact(
        "diag.corr.price_units",
        "diagnostic",
        "correlation",
        ("price", "units"),
        r=(0.68, "number"),
        p_value=(0.0004, "number"),
        r2=(0.4624, "ratio"),
    ),
    _fact(
        "desc.spread.revenue",
        "descriptive",
        "distribution",
        ("revenue",),
        max_to_median=(2.3, "number"),
    ),
    _fact(
        "desc.top.region",
        "descriptive",
        "categories",
        ("region",),
        share=(0.5012, "ratio"),
        category=("North", "text"),
        n_categories=(5, "count"),
    ),
    _fact(
        "desc.quality.columns",
        "descriptive",
        "quality",
        ("col_2", "Q4_sales"),
        n_constant=(3, "count"),
        n_duplicates=(12, "count"),
    ),
    _fact(
        "desc.sum.sales_2023", "descriptive", "totals", ("sales_2023",), total=(3400.0, "currency")
    ),
    _fact(
        "desc.growth.units",
        "descriptive",
        "trend",
        ("units_2023", "units_2024"),
        pct_change=(100.0, "percent"),
        ratio=(2.0, "number"),
    ),
    _fact(
        "pred.forecast.revenue",
        "predictive",
        "forecast",
        ("revenue",),
        next_value=(1987.6, "number"),
        horizon=(3, "count"),
        mape=(8.7, "percent"),
    ),
    _fact(
        "presc.uplift.discount", "prescriptive", "action", ("discount",), uplift=(3.2, "percent")
    ),
    _fact(
        "desc.min.temp",
        "descriptive",
        "range",
        ("temp",),
        min=(-4.5, "number"),
        max=(31.0, "number"),
    ),
)

CORPUS: tuple[str, ...] = (
    # exact values
    "The table has [[12,480]] rows and [[14]] columns.",
    "Income is missing in [[1,907]] rows ([[15.28%]]).",
    "The correlation between price and units is r = [[0.68]] (p = [[0.0004]]).",
    # honest rounding
    "Income is missing in about [[15%]] of rows, i.e. [[15.3 percent]].",
    "Average revenue is [[$1.23M]], the median [[$988k]], with a skew of [[2.3]].",
    "Mean revenue is [[1,234,568]] and its standard deviation [[456,789]].",
    "Mean revenue is roughly [[1.2 million]] and about [[1,230,000]] in round numbers.",
    "The forecast for next period is [[1,988]] with a MAPE of [[8.7 pct]].",
    # unit conversions
    "Price explains [[46.2%]] of the variance in units (R² = [[0.46]]).",
    "The North region holds [[50.1%]] of rows, just over [[half]].",
    "The missing share is [[0.1528]] as a fraction.",
    # sign dropped, negatives
    "Revenue fell [[12.4%]] between [[January 2024]] and [[March 2024]].",
    "Revenue changed by [[-12.4%]] over the period.",
    "Temperatures range from [[−4.5]] to [[31]] degrees.",
    # multiples, words, ordinals
    "The maximum is [[2.3x]] the median; units [[doubled]] between the [[2023]] and [[2024]] "
    "columns.",
    "Units grew [[twice]] over, a [[100%]] increase.",
    "[[Three]] columns are constant and [[twelve]] rows are duplicated.",
    "There are [[five]] regions; the forecast covers [[three]] periods.",
    "A discount would add [[3.2 pp]] ([[3.2 percentage points]]) of conversion.",
    # dates, quarters, years
    "Revenue peaked on [[2024-02-15]], in [[Q1 2024]], during [[February 2024]].",
    "The series starts on [[2024-01-01]] and ends on [[March 31, 2024]].",
    "Sales in [[2023]] totalled [[€3,400]] (column sales_2023).",
    # identifiers, code and fact ids are not numbers
    "Columns col_2 and Q4_sales hold [[3]] constant columns (`desc.quality.columns`).",
    "See `df['income'].isna().sum()` and fact desc.sum.sales_2023: [[1,907]] gaps.",
    # ranges and bounds
    "The forecast error is below [[10%]], the skew between [[2]] and [[2.5]] (or [[2.2]]–[[2.4]]).",
    "More than [[half]] of rows are in North; nearly [[16%]] of incomes are missing.",
    # typical small-model phrasing
    "**Key finding:** revenue dropped by [[12.4 %]] from [[Jan 2024]] to [[Mar 2024]], "
    "with a peak on [[15 February 2024]].",
    "The dataset has [[12.5k]] rows; roughly [[15 %]] of incomes are missing ([[1.9k]] rows).",
    "Price and units show a moderate positive correlation (r≈[[0.68]], p<[[0.001]]).",
    "Our forecast predicts ~[[1,988]] for the next period (±[[8.7%]]).",
    "North accounts for [[50 %]] of records among [[5]] regions.",
    "Revenue is right-skewed; the maximum is [[2.3 times]] the median.",
    "Temperatures vary from [[-4.5]]°C to [[31]]°C.",
    "Revenue fell [[12.4%]] year-over-year, the {{1st}} decline since {{2020}}.",
    # hallucinations: invented values
    "The table has {{13,500}} rows and {{15}} columns.",
    "Income is missing in {{18%}} of rows.",
    "Revenue grew {{25%}} in the last quarter.",
    "The correlation is {{0.86}}, a strong relationship.",
    "Average revenue is {{$1.5M}}.",
    "Revenue peaked on {{2024-04-15}} in {{Q2 2024}}.",
    "Sales in {{2022}} were weak.",
    "{{Seven}} columns are constant.",
    "Units grew {{three times}} over.",
    "Revenue fell {{-25%}}; the MAPE is {{12.5 pct}}.",
    # hallucinations: derived quantities (sums, differences) are not facts
    "Together rows and columns make {{12,494}} cells of metadata.",
    "Mean minus median is {{246,914}}.",
    "Complete incomes number {{10,573}}, missing ones [[1,907]].",
    # hallucinations: wrong sign, wrong unit, over-rounding
    "Revenue changed by {{+12.4%}} — no wait, it fell by {{−15%}}.",
    "There are {{14%}} columns and {{1,907%}} missing.",
    "Mean revenue is {{1.1 million dollars}} and the median {{$0.9M}}.",
    "Income is missing in {{20%}} of rows.",
    # mixed
    "Of [[12,480]] rows, [[1,907]] lack income ([[15.3%]]), up from {{900}} last year.",
    "- [[Three]] constant columns\n- {{Four}} columns with outliers\n- skew [[2.31]]",
)

_MARK = re.compile(r"\[\[(.+?)\]\]|\{\{(.+?)\}\}")


def labelled(marked: str) -> tuple[str, list[tuple[int, int, bool]]]:
    """(narrative, [(start, end, honest)]) with the marks removed."""
    out: list[str] = []
    spans: list[tuple[int, int, bool]] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        out.append(marked[pos : m.start()])
        length += m.start() - pos
        text = m.group(1) if m.group(1) is not None else m.group(2)
        spans.append((length, length + len(text), m.group(1) is not None))
        out.append(text)
        length += len(text)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans
