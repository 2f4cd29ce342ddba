"""Words the deterministic parser recognizes, in English and Traditional Chinese.

Why tables: adding a phrase is a one-line change a reviewer can read, and the same tables
tell the parser which words are understood (everything else may be an unmapped reference).
Order matters where phrases overlap: longer, more specific phrases first.
"""

from __future__ import annotations

from typing import Any

NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "零": 0,
    "一": 1,
    "二": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
}

# aggregate → phrases (lower-case English; Traditional Chinese as written)
AGGS: dict[str, tuple[str, ...]] = {
    "median": ("median", "中位數", "中位值", "中數"),
    "std": ("standard deviation", "std dev", "stdev", "std", "標準差"),
    "var": ("variance", "變異數", "方差"),
    "quantile": ("percentile", "quantile", "quartile", "百分位", "分位數", "四分位數"),
    "nunique": ("unique", "distinct", "不同", "相異", "唯一"),
    "share": (
        "percentage of",
        "percent of",
        "proportion",
        "share of",
        "fraction",
        "what percent",
        "% of",
        "比例",
        "佔比",
        "占比",
        "百分比",
        "比率",
    ),
    "mean": ("average", "mean", "avg", "平均數", "平均值", "平均", "均值"),
    "sum": ("sum", "total", "總和", "總計", "合計", "加總", "總額"),
    "min": ("minimum", "lowest", "smallest", "min", "最小", "最低", "最少"),
    "max": ("maximum", "highest", "largest", "biggest", "max", "greatest", "最大", "最高", "最多"),
    "mode": ("mode", "眾數"),
    "count": (
        "how many",
        "number of",
        "count",
        "多少筆",
        "幾筆",
        "筆數",
        "多少個",
        "幾個",
        "多少位",
        "幾位",
        "多少人",
        "幾人",
        "個數",
        "有多少",
    ),
}

TESTS: dict[str, tuple[str, ...]] = {
    "shapiro": ("shapiro", "夏皮羅"),
    "dagostino": ("d'agostino", "d’agostino", "dagostino", "normaltest", "d agostino"),
    "ks": ("kolmogorov", "ks test", "k-s test", "ks-test"),
    "levene": ("levene", "equal variance", "homogeneity of variance", "變異數同質", "變異數相等"),
    "mannwhitney": ("mann-whitney", "mann whitney", "rank-sum", "rank sum", "u test", "u檢定"),
    "kruskal": ("kruskal",),
    "welch": ("welch",),
    "ttest_paired": ("paired", "成對", "配對"),
    "chi2": (
        "chi-square",
        "chi square",
        "chi-squared",
        "chi squared",
        "chi2",
        "χ2",
        "χ²",
        "independence",
        "卡方",
        "獨立性",
    ),
    "anova": ("anova", "analysis of variance", "one-way", "變異數分析"),
    "ttest_1samp": ("one-sample", "one sample", "單一樣本", "單樣本"),
    "ttest_ind": (
        "two-sample",
        "two sample",
        "independent",
        "t-test",
        "t test",
        "ttest",
        "t檢定",
        "t 檢定",
        "獨立樣本",
    ),
}
NORMALITY = (
    "normally distributed",
    "normality",
    "normal distribution",
    "gaussian",
    "常態分佈",
    "常態分配",
    "常態分布",
    "常態",
)

CORRELATION = ("correlation", "correlated", "correlate", "相關係數", "相關性", "相關")
CORR_METHODS = {
    "spearman": ("spearman", "rank correlation", "斯皮爾曼"),
    "kendall": ("kendall", "肯德爾"),
    "pearson": ("pearson", "皮爾森", "皮爾遜"),
}
REGRESSION = (
    "regress",
    "regression",
    "ols",
    "linear model",
    "least squares",
    "r-squared",
    "r squared",
    "r²",
    "r2",
    "coefficient of determination",
    "slope",
    "intercept",
    "迴歸",
    "回歸",
    "決定係數",
    "斜率",
    "截距",
)
CLASSIFY = {
    "forest": ("random forest", "隨機森林"),
    "tree": ("decision tree", "決策樹"),
    "knn": ("nearest neighbo", "knn", "k-nn", "最近鄰", "近鄰"),
    "logistic": ("logistic", "邏輯斯", "邏輯迴歸", "羅吉斯", "羅吉斯迴歸"),
    "": ("classifier", "classification", "accuracy", "分類", "準確率", "正確率", "準確度"),
}
SHAPE = {"skew": ("skewness", "skew", "偏態", "偏度"), "kurtosis": ("kurtosis", "峰態", "峰度")}
DATE_RANGE = {
    "days": (
        "how many days",
        "number of days",
        "days between",
        "span",
        "date range",
        "幾天",
        "多少天",
        "天數",
        "期間",
    ),
    "start": ("earliest", "first date", "start date", "最早", "開始日期", "第一天"),
    "end": (
        "latest",
        "last date",
        "most recent",
        "end date",
        "最晚",
        "最近",
        "最後一天",
        "結束日期",
    ),
}
TOP_K = (
    r"top\s*(\d+|one|two|three|four|five|six|seven|eight|nine|ten)",
    r"(\d+|two|three|four|five|six|seven|eight|nine|te"
    r"n)\s+(?:largest|highest|biggest|smallest|lowest)",
    r"前\s*(\d+|[一二兩三四五六七八九十])\s*(?:名|個|大|高|筆)?",
    r"(?:which|what are the|list the)\s+(\d+|two|three|four|five|ten)\s+[a-z]",
)
# "the third highest", "2nd largest", "第三高": the k-th value of a sort (top_k, answer kth)
ORDINAL = (
    r"\b(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+"
    r"(?:largest|highest|biggest|greatest|smallest|lowest|most|least)\b",
    r"第\s*(\d+|[一二兩三四五六七八九十])\s*(?:名|大|高|多|小|低|少)",
)
ORDINAL_WORDS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
BOTTOM = ("lowest", "smallest", "bottom", "least", "最低", "最小", "最少", "後")
VALUE_COUNTS = (
    "the most rows",
    "the most records",
    "the most entries",
    "the most observations",
    "最多筆",
    "most common",
    "most frequent",
    "most often",
    "appears most",
    "most popular",
    "最常見",
    "最常出現",
    "出現最多",
    "出現次數最多",
    "最普遍",
)
HOW_OFTEN = ("how many times", "how often", "出現幾次", "出現多少次", "次數")

# phrase → filter operator; "post" phrases follow the number ("20 or more", "20以上")
COMPARATORS: tuple[tuple[str, str], ...] = (
    ("greater than or equal to", "ge"),
    ("less than or equal to", "le"),
    ("at least", "ge"),
    ("no less than", "ge"),
    ("at most", "le"),
    ("no more than", "le"),
    ("greater than", "gt"),
    ("more than", "gt"),
    ("larger than", "gt"),
    ("higher than", "gt"),
    ("bigger than", "gt"),
    ("exceeding", "gt"),
    ("exceeds", "gt"),
    ("exceed", "gt"),
    ("above", "gt"),
    ("over", "gt"),
    ("after", "gt"),
    ("since", "ge"),
    ("less than", "lt"),
    ("fewer than", "lt"),
    ("lower than", "lt"),
    ("smaller than", "lt"),
    ("below", "lt"),
    ("under", "lt"),
    ("before", "lt"),
    ("until", "le"),
    ("up to", "le"),
    ("equal to", "eq"),
    ("equals", "eq"),
    ("exactly", "eq"),
    ("not equal to", "ne"),
    (">=", "ge"),
    ("<=", "le"),
    ("!=", "ne"),
    ("==", "eq"),
    (">", "gt"),
    ("<", "lt"),
    ("=", "eq"),
    ("大於或等於", "ge"),
    ("大於等於", "ge"),
    ("小於或等於", "le"),
    ("小於等於", "le"),
    ("至少", "ge"),
    ("不少於", "ge"),
    ("不低於", "ge"),
    ("至多", "le"),
    ("不超過", "le"),
    ("大於", "gt"),
    ("超過", "gt"),
    ("高於", "gt"),
    ("多於", "gt"),
    ("小於", "lt"),
    ("低於", "lt"),
    ("少於", "lt"),
    ("不等於", "ne"),
    ("等於", "eq"),
    ("為", "eq"),
    ("是", "eq"),
)
POST_COMPARATORS: tuple[tuple[str, str], ...] = (
    ("or more", "ge"),
    ("or greater", "ge"),
    ("or higher", "ge"),
    ("or above", "ge"),
    ("or less", "le"),
    ("or fewer", "le"),
    ("or lower", "le"),
    ("or below", "le"),
    ("以上", "ge"),
    ("以下", "le"),
    ("之後", "gt"),
    ("以後", "gt"),
    ("之前", "lt"),
    ("以前", "lt"),
)
NEGATIONS = (
    "not ",
    "excluding",
    "except",
    "other than",
    "non-",
    "without",
    "不是",
    "非",
    "排除",
    "除了",
)
GROUP_CUES = (
    "for each",
    "for every",
    "within each",
    "by",
    "per",
    "each",
    "across",
    "among",
    "which",
    "what",
    "每個",
    "每一個",
    "每一",
    "每",
    "各",
    "依照",
    "依",
    "按照",
    "按",
    "哪一個",
    "哪個",
    "哪一",
    "哪種",
    "哪些",
    "哪",
)
WHICH = ("which", "name the", "哪", "何者")
MISSING_WORDS = ("missing", "null", "nan", "na values", "empty", "缺失", "遺漏", "空值", "缺值")
NOT_MISSING = ("non-missing", "not missing", "non-null", "not null", "非缺失", "非空")
FILLS = {
    "fill_mean": (
        r"(?:fill|impute|replace)\w*[^.]{0,40}?\b(?:mean|average)",
        r"(?:平均數|平均值|平均)[^。]{0,6}(?:填補|補|填入|取代|插補)",
        r"(?:填補|補上|填入|插補)[^。]{0,8}(?:平均數|平均值|平均)",
    ),
    "fill_median": (
        r"(?:fill|impute|replace)\w*[^.]{0,40}?\bmedian",
        r"中位數[^。]{0,6}(?:填補|補|填入|取代|插補)",
        r"(?:填補|補上|填入|插補)[^。]{0,8}中位數",
    ),
    "fill_mode": (
        r"(?:fill|impute|replace)\w*[^.]{0,40}?\bmode\b",
        r"眾數[^。]{0,6}(?:填補|補|填入|取代|插補)",
        r"(?:填補|補上|填入|插補)[^。]{0,8}眾數",
    ),
}
OUTLIER_SD = (
    r"(\d+(?:\.\d+)?|one|two|three|four|five)\s*(?:standard deviations?|sds?\b|std\b|sigma|σ)",
    r"z[- ]?scores?\s*(?:of\s*)?(?:above|greater "
    r"than|over|beyond|exceeding|larger than|>)?\s*(\d+(?:\.\d+)?)",
    r"(\d+(?:\.\d+)?|[一二兩三四五])\s*個?標準差",
)
OUTLIER_IQR = (
    r"(\d+(?:\.\d+)?)\s*(?:×|x|\*|times)?\s*(?:the\s*)?(?:iqr|interquartile|四分位距)",
    r"(?:iqr|interquartile|四分位距)",
)
OUTLIER_WORDS = ("outlier", "離群", "異常值", "極端值")
REMAIN = (
    "remain",
    "left",
    "keep",
    "kept",
    "after removing",
    "after excluding",
    "剩下",
    "剩餘",
    "保留",
    "移除後",
    "排除後",
    "去除後",
)
PVALUE = ("p-value", "p value", "pvalue", "p值", "p 值", "顯著性")
STATISTIC = ("statistic", "f-value", "t-value", "test value", "統計量", "檢定量", "h value")
SIGNIFICANT = (
    "significant",
    "significantly",
    "differ",
    "different",
    "difference",
    "顯著",
    "差異",
    "不同",
)
EQUALITY = ("equal", "same", "homogeneous", "相等", "相同", "同質")
PREDICT = ("predict", "to predict", "預測", "target", "目標")
TEST_SIZE = (
    r"(\d+(?:\.\d+)?)\s*%\s*(?:of the (?:data|rows) )?(?:for |as "
    r")?(?:the )?(?:test|held[- ]out|hold[- ]?out|測試)",
    r"test[_ ]size\s*(?:=|of)?\s*(0?\.\d+)",
    r"測試集\s*(?:佔|占|為)?\s*(\d+(?:\.\d+)?)\s*%",
)
SEED = (r"(?:random[_ ]state|seed|random seed|隨機種子|種子)\s*(?:=|of|為|是)?\s*(\d+)",)
ALPHA = (
    r"(?:alpha|α|significance level|顯著水準|顯著性水準)\s*(?:=|of|is|為)?\s*(0?\.\d+)",
    r"(\d+(?:\.\d+)?)\s*%\s*(?:significance|level|顯著)",
)
DECIMALS = (
    (
        r"(\d+|one|two|three|four|five|six)\s*(?:decimal "
        r"places?|decimals?|dp\b|digits after the decimal)",
        None,
    ),
    (r"nearest (?:integer|whole number|unit)|whole number|to an integer", 0),
    (r"nearest tenth", 1),
    (r"nearest hundredth", 2),
    (r"nearest thousandth", 3),
    (r"小數(?:點)?(?:後)?(?:第)?\s*(\d+|[一二兩三四五六])\s*位", None),
    (r"(?:四捨五入)?(?:到|至|取)整數", 0),
)
BOOL_FORMAT = (
    r"true\s*(?:or|/|或)\s*false",
    r"false\s*(?:or|/|或)\s*true",
    r"yes\s*(?:or|/)\s*no",
    r"是\s*或\s*否",
    r"是否",
)
PERCENT_FORMAT = ("as a percentage", "as a percent", "in percent", "以百分比", "百分比表示")
RATIO = (r"ratio of (\S.*?) to (\S.*?)\b", r"(\S+) divided by (\S+)")
LOG = ("log of", "logarithm", "log-transformed", "log transformed", "natural log", "對數")
DATE_PARTS = {
    "year": ("per year", "by year", "each year", "yearly", "annual", "每年", "各年", "年度"),
    "month": ("per month", "by month", "each month", "monthly", "每月", "各月", "月份"),
    "weekday": ("weekday", "day of the week", "day of week", "星期", "週幾"),
    "quarter": ("per quarter", "by quarter", "quarterly", "每季", "季度"),
    "hour": ("per hour", "by hour", "hourly", "每小時"),
}
# Month names after "in/during/for/of/from" (a month filter on the date column); "may" only
# in full, after the preposition, so the modal verb is never read as a month.
MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}  # fmt: skip
MONTH_NAME = r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
# "in March", "during March or April", "for Jan, Feb and Mar"
MONTH_EN = (
    r"\b(?:in|during|for|of|from)\s+(?:the\s+month\s+of\s+)?"
    + MONTH_NAME
    + r"(?:\s*(?:,\s*(?:or|and)?|or|and)\s*"
    + MONTH_NAME.replace("(", "(?:")
    + r")*"
)
_ZH_DIGITS = "一二三四五六七八九十"
MONTH_ZH = rf"(?<![\d{_ZH_DIGITS}])(1[0-2]|0?[1-9]|十[一二]?|[{_ZH_DIGITS[:-1]}])\s*月(?!底|初)"


def zh_month(text: str) -> int:
    """'3' / '03' / '三' / '十一' → the month number."""
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_ZH_DIGITS.index(text[1]) + 1 if len(text) > 1 else 0)
    return _ZH_DIGITS.index(text) + 1


STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "what",
        "which",
        "who",
        "whom",
        "how",
        "many",
        "much",
        "does",
        "do",
        "did",
        "has",
        "have",
        "had",
        "there",
        "their",
        "its",
        "it",
        "this",
        "that",
        "these",
        "those",
        "from",
        "into",
        "as",
        "than",
        "then",
        "value",
        "values",
        "column",
        "columns",
        "row",
        "rows",
        "record",
        "records",
        "data",
        "dataset",
        "frame",
        "table",
        "df",
        "please",
        "report",
        "give",
        "show",
        "compute",
        "calculate",
        "find",
        "tell",
        "me",
        "us",
        "you",
        "use",
        "using",
        "used",
        "after",
        "before",
        "when",
        "where",
        "whose",
        "all",
        "each",
        "every",
        "per",
        "between",
        "among",
        "across",
        "overall",
        "mean",
        "average",
        "result",
        "answer",
        "round",
        "rounded",
        "decimal",
        "decimals",
        "places",
        "place",
        "true",
        "false",
        "yes",
        "no",
        "if",
        "whether",
        "test",
        "coefficient",
        "observations",
        "entries",
        "customers",
        "people",
    ]
)


def _words() -> frozenset[str]:
    """Every single English word of the tables above (never fuzzily read as a column)."""
    out: set[str] = set()
    tables: list[Any] = [AGGS, TESTS, SHAPE, DATE_RANGE, CLASSIFY, CORR_METHODS, DATE_PARTS]
    tables += [NORMALITY, CORRELATION, REGRESSION, VALUE_COUNTS, HOW_OFTEN, BOTTOM, WHICH]
    tables += [MISSING_WORDS, OUTLIER_WORDS, PVALUE, STATISTIC, SIGNIFICANT, EQUALITY, PREDICT]
    tables += [REMAIN, GROUP_CUES, NEGATIONS, LOG, [p for p, _ in COMPARATORS + POST_COMPARATORS]]
    for table in tables:
        groups = table.values() if isinstance(table, dict) else [table]
        for phrases in groups:
            for phrase in phrases:
                out.update(w for w in phrase.split() if w.isascii() and w.isalpha())
    return frozenset(out)


KEYWORDS = _words()
