"""≥150 closed-form questions with exact answers, written the way analysts write them.

Expected answers are computed here, independently of ``jupyter_genanalyst.plan`` (plain
pandas/scipy/statsmodels/scikit-learn), so the benchmark checks the executor instead of
echoing it. ``decimals`` is the precision the question asks for (None: an integer, a label
or True/False).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats


@dataclass(frozen=True)
class Q:
    frame: str
    category: str
    question: str
    expect: Callable[[pd.DataFrame], Any]
    decimals: int | None = None

    @property
    def language(self) -> str:
        return "zh-Hant" if any("\u4e00" <= ch <= "\u9fff" for ch in self.question) else "en"


def z3(s: pd.Series, t: float = 3.0) -> pd.Series:
    return s[((s - s.mean()) / s.std()).abs() <= t]


def iqr_out(s: pd.Series, k: float = 1.5) -> int:
    q1, q3 = s.quantile(0.25), s.quantile(0.75)
    return int(((s < q1 - k * (q3 - q1)) | (s > q3 + k * (q3 - q1))).sum())


def ols(d: pd.DataFrame, y: str, xs: list[str]) -> Any:
    x = d[[y, *xs]].dropna()
    return sm.OLS(x[y], sm.add_constant(x[xs])).fit()


def accuracy(d: pd.DataFrame, y: str, xs: list[str], model: Any, size: float, seed: int) -> float:
    from sklearn.metrics import accuracy_score
    from sklearn.model_selection import train_test_split

    a, b, c, e = train_test_split(d[xs], d[y], test_size=size, random_state=seed)
    return float(accuracy_score(e, model.fit(a, c).predict(b)))


def two(d: pd.DataFrame, col: str, by: str, a: Any, b: Any) -> tuple[pd.Series, pd.Series]:
    return d.loc[d[by] == a, col].dropna(), d.loc[d[by] == b, col].dropna()


def groups(d: pd.DataFrame, col: str, by: str) -> list[pd.Series]:
    return [g[col].dropna() for _, g in d.groupby(by)]


def _numeric_template(
    frame: str, a: str, b: str, c: str, g: str, wa: str, wb: str, wc: str, wg: str
) -> list[Q]:
    """Fifteen analyst questions over three numeric columns (a, b, c) and a label g;
    ``wa`` etc. are how an analyst writes the names."""

    def num(x: pd.DataFrame) -> list[str]:
        return [col for col in x.columns if col != g and pd.api.types.is_numeric_dtype(x[col])]

    return [
        Q(
            frame,
            "aggregate",
            f"What is the mean {wa}? Round to 2 decimals.",
            lambda d: d[a].mean(),
            2,
        ),
        Q(
            frame,
            "aggregate",
            f"Report the median of {wb}, rounded to 3 decimal places.",
            lambda d: d[b].median(),
            3,
        ),
        Q(
            frame,
            "aggregate",
            f"What is the sample standard deviation of {wc}? Give 3 decimals.",
            lambda d: d[c].std(),
            3,
        ),
        Q(
            frame,
            "aggregate",
            f"What is the 75th percentile of {wb}? Round to 2 decimals.",
            lambda d: d[b].quantile(0.75),
            2,
        ),
        Q(
            frame,
            "correlation",
            f"What is the Pearson correlation between {wa} and {wb}? Round to 3 decimals.",
            lambda d: stats.pearsonr(d[a], d[b])[0],
            3,
        ),
        Q(
            frame,
            "correlation",
            f"Using the Spearman coefficient, how correlated are "
            f"{wa} and {wc}? Round to 3 decimals.",
            lambda d: stats.spearmanr(d[a], d[c])[0],
            3,
        ),
        Q(
            frame,
            "test",
            f"Is {wa} normally distributed according to a Shapiro-Wilk "
            f"test at alpha 0.05? Report True or False.",
            lambda d: bool(stats.shapiro(d[a])[1] >= 0.05),
        ),
        Q(
            frame,
            "group",
            f"Which {wg} has the highest average {wa}?",
            lambda d: d.groupby(g)[a].mean().idxmax(),
        ),
        Q(
            frame,
            "filter",
            f"How many rows have {wb} greater than {{t}}?".format(t="{t}"),
            lambda d: None,
        ),
        Q(
            frame,
            "outliers",
            f"What is the mean {wc} after removing values more than 3 standard "
            f"deviations from the mean? Round to 3 decimals.",
            lambda d: z3(d[c]).mean(),
            3,
        ),
        Q(
            frame,
            "test",
            f"Run a one-way ANOVA of {wb} across {wg}s. What is "
            f"the F statistic? Round to 2 decimals.",
            lambda d: stats.f_oneway(*groups(d, b, g))[0],
            2,
        ),
        Q(
            frame,
            "shape",
            f"What is the skewness of {wc}? Round to 3 decimals.",
            lambda d: d[c].skew(),
            3,
        ),
        Q(
            frame,
            "regression",
            f"Regress {wa} on {wb}. What is the slope coefficient for {wb}? Round to 3 decimals.",
            lambda d: ols(d, a, [b]).params[b],
            3,
        ),
        Q(
            frame,
            "outliers",
            f"How many outliers does {wc} have by the 1.5 IQR rule?",
            lambda d: iqr_out(d[c]),
        ),
        Q(
            frame,
            "classify",
            f"Train a logistic regression to predict {wg} from all numeric features with 25% "
            f"test data and random_state 42. Report the accuracy to 3 decimals.",
            lambda d: accuracy(d, g, num(d), _logreg(), 0.25, 42),
            3,
        ),
    ]


def _logreg() -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(max_iter=1000)


def _tree(seed: int) -> Any:
    from sklearn.tree import DecisionTreeClassifier

    return DecisionTreeClassifier(random_state=seed)


def _threshold_question(qs: list[Q], frame: str, col: str, word: str, t: float) -> list[Q]:
    """Fill the template's filter question with a concrete threshold."""
    out = []
    for q in qs:
        if q.category == "filter" and "{t}" in q.question:
            out.append(
                Q(
                    frame,
                    "filter",
                    f"How many rows have {word} greater than {t}?",
                    lambda d, c=col, t=t: int((d[c] > t).sum()),
                )
            )
        else:
            out.append(q)
    return out


def sklearn_questions() -> list[Q]:
    out: list[Q] = []
    specs = [
        (
            "iris",
            "sepal length (cm)",
            "petal length (cm)",
            "sepal width (cm)",
            "species",
            "sepal length",
            "petal length",
            "sepal width",
            "species",
            4.0,
        ),
        (
            "wine",
            "alcohol",
            "color_intensity",
            "magnesium",
            "cultivar",
            "alcohol",
            "color intensity",
            "magnesium",
            "cultivar",
            5.0,
        ),
        (
            "cancer",
            "mean radius",
            "mean texture",
            "mean smoothness",
            "diagnosis",
            "mean radius",
            "mean texture",
            "mean smoothness",
            "diagnosis",
            20.0,
        ),
    ]
    for frame, a, b, c, g, wa, wb, wc, wg, t in specs:
        out += _threshold_question(
            _numeric_template(frame, a, b, c, g, wa, wb, wc, wg), frame, b, wb, t
        )
    return out


TIPS = [
    Q(
        "tips",
        "aggregate",
        "What is the average tip? Round to 2 decimals.",
        lambda d: d.tip.mean(),
        2,
    ),
    Q(
        "tips",
        "aggregate",
        "What is the total of total_bill across all bills? Round to 2 decimals.",
        lambda d: d.total_bill.sum(),
        2,
    ),
    Q("tips", "aggregate", "What is the maximum tip?", lambda d: d.tip.max()),
    Q(
        "tips",
        "classify",
        "Train a decision tree to predict smoker from total_bill, tip and size with a 30% "
        "test split and random_state 0. Report the accuracy to 3 decimals.",
        lambda d: accuracy(d, "smoker", ["total_bill", "tip", "size"], _tree(0), 0.3, 0),
        3,
    ),
    Q(
        "tips",
        "filter",
        "What share of parties came at Lunch? Round to 1 decimal.",
        lambda d: 100 * (d.time == "Lunch").mean(),
        1,
    ),
    Q(
        "tips",
        "aggregate",
        "What is the variance of tip? Round to 4 decimals.",
        lambda d: d.tip.var(),
        4,
    ),
    Q(
        "tips",
        "filter",
        "What is the median total_bill for Female smokers? Round to 2 decimals.",
        lambda d: d[(d.sex == "Female") & (d.smoker == "Yes")].total_bill.median(),
        2,
    ),
    Q(
        "tips",
        "filter",
        "How many bills have a party size of at least 4?",
        lambda d: int((d["size"] >= 4).sum()),
    ),
    Q(
        "tips",
        "filter",
        "What is the mean tip on Sunday dinners? Round to 3 decimals.",
        lambda d: d[(d.day == "Sun") & (d.time == "Dinner")].tip.mean(),
        3,
    ),
    Q(
        "tips",
        "filter",
        "What percentage of the bills were paid by smokers? Round to 2 decimals.",
        lambda d: 100 * (d.smoker == "Yes").mean(),
        2,
    ),
    Q(
        "tips",
        "group",
        "Which day has the highest average tip?",
        lambda d: d.groupby("day").tip.mean().idxmax(),
    ),
    Q(
        "tips",
        "group",
        "Which day has the lowest total tips?",
        lambda d: d.groupby("day").tip.sum().idxmin(),
    ),
    Q(
        "tips",
        "group",
        "What is the highest mean total_bill by time? Round to 2 decimals.",
        lambda d: d.groupby("time").total_bill.mean().max(),
        2,
    ),
    Q(
        "tips",
        "value_counts",
        "Which day appears most often in the data?",
        lambda d: d.day.value_counts().index[0],
    ),
    Q(
        "tips",
        "correlation",
        "What is the Pearson correlation between total_bill and tip? Round to 3 decimals.",
        lambda d: stats.pearsonr(d.total_bill, d.tip)[0],
        3,
    ),
    Q(
        "tips",
        "correlation",
        "What is the Kendall tau correlation between size and tip? Round to 3 decimals.",
        lambda d: stats.kendalltau(d["size"], d.tip)[0],
        3,
    ),
    Q(
        "tips",
        "test",
        "Run a Welch t-test of tip between Male and Female. Report the p-value to 4 decimals.",
        lambda d: stats.ttest_ind(*two(d, "tip", "sex", "Male", "Female"), equal_var=False)[1],
        4,
    ),
    Q(
        "tips",
        "test",
        "Is smoker independent of sex according to a chi-square test? Report True or False.",
        lambda d: bool(stats.chi2_contingency(pd.crosstab(d.smoker, d.sex))[1] >= 0.05),
    ),
    Q(
        "tips",
        "test",
        "Does tip differ significantly between smokers and non-smokers "
        "(Mann-Whitney U test, alpha 0.05)? Answer True or False.",
        lambda d: bool(
            stats.mannwhitneyu(*two(d, "tip", "smoker", "No", "Yes"), alternative="two-sided")[1]
            < 0.05
        ),
    ),
    Q(
        "tips",
        "regression",
        "Fit an OLS regression of tip on total_bill and size. What "
        "is the R-squared? Round to 3 decimals.",
        lambda d: ols(d, "tip", ["total_bill", "size"]).rsquared,
        3,
    ),
    Q(
        "tips",
        "outliers",
        "What is the mean tip after removing values more than 3 standard "
        "deviations from the mean? Round to 2 decimals.",
        lambda d: z3(d.tip).mean(),
        2,
    ),
    Q(
        "tips",
        "top_k",
        "What are the 3 largest tips?",
        lambda d: ", ".join(str(v) for v in d.tip.nlargest(3).tolist()),
    ),
    Q(
        "tips",
        "aggregate",
        "tip 的平均數是多少？請四捨五入到小數點後兩位。",
        lambda d: d.tip.mean(),
        2,
    ),
    Q(
        "tips",
        "group",
        "哪一個 day 的 tip 平均最高？",
        lambda d: d.groupby("day").tip.mean().idxmax(),
    ),
]

GAPMINDER = [
    Q(
        "gapminder",
        "filter",
        "What was the average lifeExp in 2007? Round to 2 decimals.",
        lambda d: d[d.year == 2007].lifeExp.mean(),
        2,
    ),
    Q(
        "gapminder",
        "group",
        "Which continent had the highest mean lifeExp in 2007?",
        lambda d: d[d.year == 2007].groupby("continent").lifeExp.mean().idxmax(),
    ),
    Q(
        "gapminder",
        "group",
        "Which continent has the lowest median gdpPercap?",
        lambda d: d.groupby("continent").gdpPercap.median().idxmin(),
    ),
    Q(
        "gapminder",
        "aggregate",
        "How many distinct countries are in the data?",
        lambda d: int(d.country.nunique()),
    ),
    Q(
        "gapminder",
        "correlation",
        "What is the Spearman correlation between gdpPercap and lifeExp? Round to 3 decimals.",
        lambda d: stats.spearmanr(d.gdpPercap, d.lifeExp)[0],
        3,
    ),
    Q(
        "gapminder",
        "filter",
        "How many rows from Asia have lifeExp below 50?",
        lambda d: int(((d.continent == "Asia") & (d.lifeExp < 50)).sum()),
    ),
    Q(
        "gapminder",
        "top_k",
        "Which 3 countries had the highest gdpPercap in 2007?",
        lambda d: ", ".join(
            d[d.year == 2007].sort_values("gdpPercap", ascending=False).head(3).country
        ),
    ),
    Q(
        "gapminder",
        "test",
        "Run a Kruskal-Wallis test of lifeExp across continents. "
        "Report the H statistic to 2 decimals.",
        lambda d: stats.kruskal(*groups(d, "lifeExp", "continent"))[0],
        2,
    ),
    Q(
        "gapminder",
        "shape",
        "What is the kurtosis of gdpPercap? Round to 3 decimals.",
        lambda d: d.gdpPercap.kurt(),
        3,
    ),
    Q(
        "gapminder",
        "filter",
        "What is the mean pop for Europe in 2007? Round to the nearest integer.",
        lambda d: d[(d.continent == "Europe") & (d.year == 2007)]["pop"].mean(),
        0,
    ),
    Q(
        "gapminder",
        "regression",
        "Regress lifeExp on year. What is the coefficient of year? Round to 4 decimals.",
        lambda d: ols(d, "lifeExp", ["year"]).params["year"],
        4,
    ),
    Q(
        "gapminder",
        "aggregate",
        "What is the maximum lifeExp? Round to 3 decimals.",
        lambda d: d.lifeExp.max(),
        3,
    ),
]

STOCKS = [
    Q(
        "stocks",
        "date_range",
        "How many days does the date column span?",
        lambda d: int((d.date.max() - d.date.min()).days),
    ),
    Q(
        "stocks",
        "date_range",
        "What is the earliest date in the data?",
        lambda d: d.date.min().strftime("%Y-%m-%d"),
    ),
    Q(
        "stocks",
        "date_range",
        "What is the latest date?",
        lambda d: d.date.max().strftime("%Y-%m-%d"),
    ),
    Q(
        "stocks",
        "correlation",
        "What is the Pearson correlation between GOOG and AAPL? Round to 3 decimals.",
        lambda d: stats.pearsonr(d.GOOG, d.AAPL)[0],
        3,
    ),
    Q(
        "stocks",
        "aggregate",
        "What is the mean of AMZN? Round to 4 decimals.",
        lambda d: d.AMZN.mean(),
        4,
    ),
    Q(
        "stocks",
        "filter",
        "What is the average MSFT after 2019-01-01? Round to 3 decimals.",
        lambda d: d[d.date > "2019-01-01"].MSFT.mean(),
        3,
    ),
    Q(
        "stocks",
        "filter",
        "How many weeks had NFLX above 1.5?",
        lambda d: int((d.NFLX > 1.5).sum()),
    ),
    Q(
        "stocks",
        "test",
        "Is FB normally distributed according to the D'Agostino test? True or False.",
        lambda d: bool(stats.normaltest(d.FB)[1] >= 0.05),
    ),
    Q(
        "stocks",
        "test",
        "Run a paired t-test between GOOG and MSFT. What is the p-value? Round to 4 decimals.",
        lambda d: stats.ttest_rel(d.GOOG, d.MSFT)[1],
        4,
    ),
    Q(
        "stocks",
        "group",
        "What is the highest mean AAPL per year? Round to 3 decimals.",
        lambda d: d.groupby(d.date.dt.year).AAPL.mean().max(),
        3,
    ),
]

WIND = [
    Q(
        "wind",
        "group",
        "Which direction has the highest total frequency?",
        lambda d: d.groupby("direction").frequency.sum().idxmax(),
    ),
    Q(
        "wind",
        "aggregate",
        "What is the mean frequency? Round to 3 decimals.",
        lambda d: d.frequency.mean(),
        3,
    ),
    Q(
        "wind",
        "filter",
        "What is the total frequency for direction N? Round to 2 decimals.",
        lambda d: d[d.direction == "N"].frequency.sum(),
        2,
    ),
    Q(
        "wind",
        "aggregate",
        "How many distinct strength values are there?",
        lambda d: int(d.strength.nunique()),
    ),
    Q(
        "wind",
        "shape",
        "What is the skewness of frequency? Round to 3 decimals.",
        lambda d: d.frequency.skew(),
        3,
    ),
    Q(
        "wind",
        "test",
        "Run a Levene test of frequency across strength groups. Report the p-value to 4 decimals.",
        lambda d: stats.levene(*groups(d, "frequency", "strength"))[1],
        4,
    ),
]

DIABETES = [
    Q(
        "diabetes",
        "aggregate",
        "What is the mean progression? Round to 2 decimals.",
        lambda d: d.progression.mean(),
        2,
    ),
    Q(
        "diabetes",
        "correlation",
        "What is the Pearson correlation between bmi and progression? Round to 3 decimals.",
        lambda d: stats.pearsonr(d.bmi, d.progression)[0],
        3,
    ),
    Q(
        "diabetes",
        "regression",
        "Regress progression on bmi and bp. What is the R-squared? Round to 3 decimals.",
        lambda d: ols(d, "progression", ["bmi", "bp"]).rsquared,
        3,
    ),
    Q(
        "diabetes",
        "regression",
        "Regress progression on bmi and bp. What is the coefficient of bp? Round to 2 decimals.",
        lambda d: ols(d, "progression", ["bmi", "bp"]).params["bp"],
        2,
    ),
    Q(
        "diabetes",
        "regression",
        "In an OLS regression of progression on bmi, what is the intercept? Round to 2 decimals.",
        lambda d: ols(d, "progression", ["bmi"]).params["const"],
        2,
    ),
    Q(
        "diabetes",
        "filter",
        "How many patients have progression above 200?",
        lambda d: int((d.progression > 200).sum()),
    ),
    Q(
        "diabetes",
        "outliers",
        "What is the median bmi after removing outliers by the 1.5 IQR rule? Round to 4 decimals.",
        lambda d: d.bmi[
            (d.bmi >= d.bmi.quantile(0.25) - 1.5 * (d.bmi.quantile(0.75) - d.bmi.quantile(0.25)))
            & (d.bmi <= d.bmi.quantile(0.75) + 1.5 * (d.bmi.quantile(0.75) - d.bmi.quantile(0.25)))
        ].median(),
        4,
    ),
    Q(
        "diabetes",
        "test",
        "Run a one-sample t-test of progression against a mean of "
        "150. Report the p-value to 4 decimals.",
        lambda d: stats.ttest_1samp(d.progression, 150)[1],
        4,
    ),
    Q(
        "diabetes",
        "shape",
        "What is the skewness of progression? Round to 3 decimals.",
        lambda d: d.progression.skew(),
        3,
    ),
]

EXPERIMENT = [
    Q(
        "experiment",
        "missing",
        "How many missing values are there in after?",
        lambda d: int(d["after"].isna().sum()),
    ),
    Q(
        "experiment",
        "missing",
        "What is the mean of after after filling missing values "
        "with the median? Round to 3 decimals.",
        lambda d: d["after"].fillna(d["after"].median()).mean(),
        3,
    ),
    Q(
        "experiment",
        "missing",
        "What is the mean of after, dropping rows with missing values? Round to 3 decimals.",
        lambda d: d["after"].dropna().mean(),
        3,
    ),
    Q(
        "experiment",
        "test",
        "Run a paired t-test between before and after. Report the p-value to 4 decimals.",
        lambda d: stats.ttest_rel(
            *[x for x in (d[["before", "after"]].dropna()[c] for c in ("before", "after"))]
        )[1],
        4,
    ),
    Q(
        "experiment",
        "test",
        "Run a one-way ANOVA of after across group. What is the p-value? Round to 4 decimals.",
        lambda d: stats.f_oneway(*groups(d, "after", "group"))[1],
        4,
    ),
    Q(
        "experiment",
        "test",
        "Is there a significant difference in after between group A and B "
        "(two-sample t-test, alpha 0.05)? True or False.",
        lambda d: bool(stats.ttest_ind(*two(d, "after", "group", "A", "B"))[1] < 0.05),
    ),
    Q(
        "experiment",
        "outliers",
        "How many spend values lie more than 3 standard deviations from the mean?",
        lambda d: int((((d.spend - d.spend.mean()) / d.spend.std()).abs() > 3).sum()),
    ),
    Q(
        "experiment",
        "outliers",
        "What is the mean spend after removing values more than 3 standard "
        "deviations from the mean? Round to 2 decimals.",
        lambda d: z3(d.spend).mean(),
        2,
    ),
    Q(
        "experiment",
        "test",
        "Is spend normally distributed by a Kolmogorov-Smirnov test "
        "against a fitted normal? Report True or False.",
        lambda d: bool(
            stats.kstest(d.spend, "norm", args=(d.spend.mean(), d.spend.std()))[1] >= 0.05
        ),
    ),
    Q(
        "experiment",
        "filter",
        "What is the mean before for group C? Round to 2 decimals.",
        lambda d: d[d.group == "C"].before.mean(),
        2,
    ),
    Q(
        "experiment",
        "value_counts",
        "Which device is most common?",
        lambda d: d.device.value_counts().index[0],
    ),
    Q(
        "experiment",
        "test",
        "Is device independent of group by a chi-square test? Report the p-value to 4 decimals.",
        lambda d: stats.chi2_contingency(pd.crosstab(d.device, d.group))[1],
        4,
    ),
    Q(
        "experiment",
        "correlation",
        "What is the Kendall correlation between before and after? Round to 3 decimals.",
        lambda d: stats.kendalltau(
            *[d[["before", "after"]].dropna()[c] for c in ("before", "after")]
        )[0],
        3,
    ),
]

SALES = [
    Q(
        "sales",
        "aggregate",
        "銷售額的平均數是多少？四捨五入到小數點後兩位。",
        lambda d: d["銷售額"].mean(),
        2,
    ),
    Q("sales", "aggregate", "數量的中位數是多少？", lambda d: d["數量"].median()),
    Q("sales", "aggregate", "銷售額的總和是多少？請取整數。", lambda d: d["銷售額"].sum(), 0),
    Q("sales", "aggregate", "單價的標準差為何？小數點後 3 位。", lambda d: d["單價"].std(), 3),
    Q(
        "sales",
        "group",
        "哪個地區的銷售額總和最高？",
        lambda d: d.groupby("地區")["銷售額"].sum().idxmax(),
    ),
    Q(
        "sales",
        "group",
        "哪一個品類的平均單價最低？",
        lambda d: d.groupby("品類")["單價"].mean().idxmin(),
    ),
    Q(
        "sales",
        "filter",
        "北部的平均銷售額是多少？四捨五入到小數點後兩位。",
        lambda d: d[d["地區"] == "北部"]["銷售額"].mean(),
        2,
    ),
    Q("sales", "filter", "數量大於 20 的交易有幾筆？", lambda d: int((d["數量"] > 20).sum())),
    Q(
        "sales",
        "filter",
        "飲料在南部的銷售額總和是多少？請取整數。",
        lambda d: d[(d["品類"] == "飲料") & (d["地區"] == "南部")]["銷售額"].sum(),
        0,
    ),
    Q(
        "sales",
        "correlation",
        "數量與銷售額的皮爾森相關係數是多少？四捨五入到小數點後三位。",
        lambda d: stats.pearsonr(d["數量"], d["銷售額"])[0],
        3,
    ),
    Q("sales", "missing", "客戶年齡有多少個缺失值？", lambda d: int(d["客戶年齡"].isna().sum())),
    Q(
        "sales",
        "missing",
        "以中位數填補缺失值後，客戶年齡的平均數是多少？小數點後兩位。",
        lambda d: d["客戶年齡"].fillna(d["客戶年齡"].median()).mean(),
        2,
    ),
    Q(
        "sales",
        "outliers",
        "移除超過 3 個標準差的值後，銷售額的平均數是多少？小數點後兩位。",
        lambda d: z3(d["銷售額"]).mean(),
        2,
    ),
    Q(
        "sales",
        "date_range",
        "日期的期間有幾天？",
        lambda d: int((d["日期"].max() - d["日期"].min()).days),
    ),
    Q("sales", "value_counts", "最常見的品類是什麼？", lambda d: d["品類"].value_counts().index[0]),
    Q(
        "sales",
        "group",
        "每月銷售額總和最高的月份是哪一個？",
        lambda d: int(d.groupby(d["日期"].dt.month)["銷售額"].sum().idxmax()),
    ),
    Q("sales", "filter", "中部的交易有幾筆？", lambda d: int((d["地區"] == "中部").sum())),
    Q("sales", "shape", "銷售額的偏態係數是多少？小數點後三位。", lambda d: d["銷售額"].skew(), 3),
]

PATIENTS = [
    Q(
        "patients",
        "aggregate",
        "收縮壓的平均值是多少？四捨五入到小數點後兩位。",
        lambda d: d["收縮壓"].mean(),
        2,
    ),
    Q(
        "patients",
        "filter",
        "吸菸者的平均收縮壓是多少？小數點後兩位。",
        lambda d: d[d["吸菸"] == "是"]["收縮壓"].mean(),
        2,
    ),
    Q("patients", "filter", "年齡 60 歲以上的病人有幾位？", lambda d: int((d["年齡"] >= 60).sum())),
    Q(
        "patients",
        "filter",
        "台北市女性的膽固醇中位數是多少？小數點後一位。",
        lambda d: d[(d["城市"] == "台北市") & (d["性別"] == "女")]["膽固醇"].median(),
        1,
    ),
    Q(
        "patients",
        "group",
        "哪個城市的平均住院天數最高？",
        lambda d: d.groupby("城市")["住院天數"].mean().idxmax(),
    ),
    Q(
        "patients",
        "correlation",
        "年齡與收縮壓的斯皮爾曼相關係數為何？小數點後三位。",
        lambda d: stats.spearmanr(d["年齡"], d["收縮壓"])[0],
        3,
    ),
    Q(
        "patients",
        "test",
        "吸菸與性別是否獨立？請用卡方檢定並回答 True 或 False。",
        lambda d: bool(stats.chi2_contingency(pd.crosstab(d["吸菸"], d["性別"]))[1] >= 0.05),
    ),
    Q(
        "patients",
        "test",
        "以 Welch t 檢定比較吸菸者（是）與非吸菸者（否）的收縮壓，p 值是多少？小數點後四位。",
        lambda d: stats.ttest_ind(*two(d, "收縮壓", "吸菸", "是", "否"), equal_var=False)[1],
        4,
    ),
    Q(
        "patients",
        "test",
        "膽固醇是否為常態分佈（Shapiro-Wilk，α = 0.05）？回答 True 或 False。",
        lambda d: bool(stats.shapiro(d["膽固醇"])[1] >= 0.05),
    ),
    Q(
        "patients",
        "regression",
        "以年齡預測收縮壓的迴歸，年齡的係數是多少？小數點後三位。",
        lambda d: ols(d, "收縮壓", ["年齡"]).params["年齡"],
        3,
    ),
    Q(
        "patients",
        "regression",
        "以年齡和膽固醇預測收縮壓，迴歸的決定係數 R² 是多少？小數點後三位。",
        lambda d: ols(d, "收縮壓", ["年齡", "膽固醇"]).rsquared,
        3,
    ),
    Q(
        "patients",
        "test",
        "各城市的膽固醇以單因子變異數分析檢定，p 值是多少？小數點後四位。",
        lambda d: stats.f_oneway(*groups(d, "膽固醇", "城市"))[1],
        4,
    ),
    Q(
        "patients",
        "aggregate",
        "住院天數的變異數是多少？小數點後三位。",
        lambda d: d["住院天數"].var(),
        3,
    ),
    Q(
        "patients",
        "filter",
        "男性的平均膽固醇是多少？小數點後兩位。",
        lambda d: d[d["性別"] == "男"]["膽固醇"].mean(),
        2,
    ),
    Q(
        "patients",
        "value_counts",
        "最常見的城市是哪一個？",
        lambda d: d["城市"].value_counts().index[0],
    ),
]


def corpus() -> list[Q]:
    return [
        *TIPS,
        *sklearn_questions(),
        *GAPMINDER,
        *STOCKS,
        *WIND,
        *DIABETES,
        *EXPERIMENT,
        *SALES,
        *PATIENTS,
    ]


def expected_text(q: Q, frame: pd.DataFrame) -> str:
    """The expected answer as the card must state it."""
    value = q.expect(frame)
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, str):
        return value
    if q.decimals is not None:
        return f"{float(value):.{q.decimals}f}"
    if float(value).is_integer():
        return str(int(value))
    return f"{float(value):g}"
