"""How a plan and its values are said, in English and Traditional Chinese.

Why a table per language: the answer card must state the computed value first in the user's
language; the words are data, so a reviewer checks a translation without reading logic.
"""

from __future__ import annotations

from .types import Plan

AGG = {
    "en": {
        "count": "count",
        "sum": "sum",
        "mean": "mean",
        "median": "median",
        "std": "standard deviation",
        "var": "variance",
        "min": "minimum",
        "max": "maximum",
        "quantile": "quantile",
        "nunique": "number of distinct values",
        "mode": "mode",
        "share": "share of rows",
    },
    "zh-Hant": {
        "count": "筆數",
        "sum": "總和",
        "mean": "平均數",
        "median": "中位數",
        "std": "標準差",
        "var": "變異數",
        "min": "最小值",
        "max": "最大值",
        "quantile": "分位數",
        "nunique": "不同值個數",
        "mode": "眾數",
        "share": "資料比例",
    },
}
METHOD = {
    "en": {
        "pearson": "Pearson correlation",
        "spearman": "Spearman rank correlation",
        "kendall": "Kendall's tau",
        "ttest_1samp": "one-sample t-test",
        "ttest_ind": "two-sample t-test (equal variances)",
        "welch": "Welch's t-test",
        "mannwhitney": "Mann–Whitney U test",
        "ttest_paired": "paired t-test",
        "chi2": "chi-square test of independence",
        "anova": "one-way ANOVA",
        "kruskal": "Kruskal–Wallis test",
        "shapiro": "Shapiro–Wilk test",
        "dagostino": "D'Agostino–Pearson normality test",
        "ks": "Kolmogorov–Smirnov test against a fitted normal",
        "levene": "Levene's test",
        "skew": "skewness",
        "kurtosis": "excess kurtosis",
        "ols": "OLS regression",
        "logistic": "logistic regression",
        "tree": "decision tree",
        "knn": "k-nearest neighbours",
        "forest": "random forest",
    },
    "zh-Hant": {
        "pearson": "皮爾森相關",
        "spearman": "斯皮爾曼等級相關",
        "kendall": "肯德爾 tau",
        "ttest_1samp": "單一樣本 t 檢定",
        "ttest_ind": "獨立樣本 t 檢定（假設變異數相等）",
        "welch": "Welch t 檢定",
        "mannwhitney": "Mann–Whitney U 檢定",
        "ttest_paired": "成對 t 檢定",
        "chi2": "卡方獨立性檢定",
        "anova": "單因子變異數分析",
        "kruskal": "Kruskal–Wallis 檢定",
        "shapiro": "Shapiro–Wilk 常態檢定",
        "dagostino": "D'Agostino–Pearson 常態檢定",
        "ks": "Kolmogorov–Smirnov 檢定（對照配適的常態分配）",
        "levene": "Levene 變異數同質檢定",
        "skew": "偏態",
        "kurtosis": "超額峰態",
        "ols": "最小平方法迴歸",
        "logistic": "邏輯斯迴歸",
        "tree": "決策樹",
        "knn": "k 近鄰",
        "forest": "隨機森林",
    },
}
VALUE = {
    "en": {
        "count": "rows",
        "value": "value",
        "top_group": "group with the highest value",
        "bottom_group": "group with the lowest value",
        "top_value": "highest group value",
        "bottom_value": "lowest group value",
        "values": "values",
        "labels": "labels",
        "kth": "the last of them (rank k)",
        "kth_label": "label of the last of them (rank k)",
        "top": "most frequent value",
        "top_count": "count of the most frequent value",
        "n_unique": "distinct values",
        "r": "coefficient",
        "pvalue": "p-value",
        "statistic": "test statistic",
        "significant": "p < α (significant)",
        "not_significant": "p ≥ α (not significant)",
        "coef": "coefficient",
        "r2": "R²",
        "adj_r2": "adjusted R²",
        "intercept": "intercept",
        "accuracy": "accuracy",
        "days": "days",
        "start": "first date",
        "end": "last date",
        "removed": "outliers removed",
        "n": "rows used",
    },
    "zh-Hant": {
        "count": "筆數",
        "value": "數值",
        "top_group": "數值最高的組別",
        "bottom_group": "數值最低的組別",
        "top_value": "最高的組別數值",
        "bottom_value": "最低的組別數值",
        "values": "數值",
        "labels": "標籤",
        "kth": "其中最後一筆（第 k 名）",
        "kth_label": "第 k 名的標籤",
        "top": "最常見的值",
        "top_count": "最常見值的次數",
        "n_unique": "不同值個數",
        "r": "係數",
        "pvalue": "p 值",
        "statistic": "檢定統計量",
        "significant": "p < α（顯著）",
        "not_significant": "p ≥ α（不顯著）",
        "coef": "係數",
        "r2": "R²",
        "adj_r2": "調整後 R²",
        "intercept": "截距",
        "accuracy": "準確率",
        "days": "天數",
        "start": "最早日期",
        "end": "最晚日期",
        "removed": "移除的離群值",
        "n": "使用筆數",
    },
}
FILTER = {
    "eq": "=",
    "ne": "≠",
    "gt": ">",
    "ge": "≥",
    "lt": "<",
    "le": "≤",
    "in": "∈",
    "not_in": "∉",
    "is_null": "is missing",
    "not_null": "is not missing",
    "between": "between",
    "contains": "contains",
}
TEXT = {
    "en": {
        "rows": "computed on {n} rows",
        "where": "rows where {conds}",
        "alpha": "significance level α = {alpha}; “significant” means p < α",
        "outliers_zscore": "outliers removed first: |z| > {t} on `{col}` ({k} rows)",
        "outliers_iqr": "outliers removed first: outside {t} × IQR of `{col}` ({k} rows)",
        "missing_drop": "rows with a missing value in the used columns dropped ({k} rows)",
        "missing_fill_mean": "missing values filled with the column mean",
        "missing_fill_median": "missing values filled with the column median",
        "missing_fill_mode": "missing values filled with the column mode",
        "missing_keep": "missing values kept as they are",
        "split": "held-out test share {size}, random_state = {seed}",
        "assumptions": "How it was computed",
        "also": "Also computed",
        "plan": "Computed by our own code from a typed plan (no model-written code runs).",
        "source_parser": "Plan from the deterministic parser",
        "source_model": "Plan from the model, checked by the parser",
        "source_edited": "Plan edited by the user",
        "diverge": (
            "The parser and the model read the question differently: pick the plan that matches."
        ),
        "unmapped_title": "Could not map the question to an analysis",
        "unmapped": "I could not map {part}. No answer was computed; closest plans you can pick:",
        "none": "(no close plan)",
        "question": "Question",
    },
    "zh-Hant": {
        "rows": "以 {n} 筆資料計算",
        "where": "篩選條件：{conds}",
        "alpha": "顯著水準 α = {alpha}；「顯著」表示 p < α",
        "outliers_zscore": "先移除離群值：`{col}` 的 |z| > {t}（{k} 筆）",
        "outliers_iqr": "先移除離群值：`{col}` 超出 {t} 倍 IQR（{k} 筆）",
        "missing_drop": "已刪除使用欄位中含缺失值的資料（{k} 筆）",
        "missing_fill_mean": "缺失值以欄位平均數填補",
        "missing_fill_median": "缺失值以欄位中位數填補",
        "missing_fill_mode": "缺失值以欄位眾數填補",
        "missing_keep": "缺失值保留不處理",
        "split": "測試集比例 {size}，random_state = {seed}",
        "assumptions": "計算方式",
        "also": "其他計算結果",
        "plan": "由本套件依型別化分析計畫計算（不執行任何模型撰寫的程式碼）。",
        "source_parser": "計畫來自規則式解析器",
        "source_model": "計畫來自模型，並經解析器檢查",
        "source_edited": "計畫經使用者編輯",
        "diverge": "解析器與模型對問題的理解不同：請選擇符合的計畫。",
        "unmapped_title": "無法將問題對應到分析",
        "unmapped": "無法對應：{part}。未計算任何答案；可選擇以下最接近的計畫：",
        "none": "（沒有接近的計畫）",
        "question": "問題",
    },
}


def lang_key(language: str) -> str:
    return "zh-Hant" if language.lower().startswith("zh") else "en"


def describe(plan: Plan, language: str = "en") -> str:
    """A short phrase naming what the plan computes, e.g. 'mean of `tip`'."""
    lang = lang_key(language)
    zh = lang == "zh-Hant"
    c, c2, g = f"`{plan.column}`", f"`{plan.column2}`", f"`{plan.group_by}`"
    agg = AGG[lang].get(plan.agg or "mean", "")
    method = METHOD[lang].get(plan.method or "pearson", "")
    if plan.op == "count":
        return "符合條件的筆數" if zh else "number of rows"
    if plan.op == "aggregate":
        if plan.agg == "quantile":
            agg = f"{plan.quantile} {agg}"
        if plan.column is None:
            return agg
        return f"{c} 的{agg}" if zh else f"{agg} of {c}"
    if plan.op == "group_aggregate":
        what = (
            f"{c} 的{agg}"
            if zh and plan.column
            else agg
            if zh
            else f"{agg} of {c}"
            if plan.column
            else agg
        )
        return f"依 {g} 分組的{what}" if zh else f"{what} by {g}"
    if plan.op == "top_k":
        k = plan.k or 1
        order = (
            ("最低" if plan.ascending else "最高")
            if zh
            else ("lowest" if plan.ascending else "highest")
        )
        return f"{c} {order}的前 {k} 筆" if zh else f"{order} {k} of {c}"
    if plan.op == "value_counts":
        return f"{c} 的次數分配" if zh else f"value counts of {c}"
    if plan.op == "correlation":
        return f"{c} 與 {c2} 的{method}" if zh else f"{method} between {c} and {c2}"
    if plan.op == "test":
        other = f" {g}" if plan.group_by else f" {c2}" if plan.column2 else ""
        if zh:
            link = " 依" if plan.group_by else " 與" if other else ""
            return f"{c}{link}{other} 的{method}"
        by = f" by{other}" if plan.group_by else f" vs{other}" if other else ""
        return f"{method} on {c}{by}"
    if plan.op == "shape":
        return f"{c} 的{method}" if zh else f"{method} of {c}"
    if plan.op == "regression":
        feats = ", ".join(f"`{f}`" for f in plan.features)
        return (
            f"以 {feats} 預測 `{plan.target}` 的{method}"
            if zh
            else f"{method} of `{plan.target}` on {feats}"
        )
    if plan.op == "classify":
        feats = ", ".join(f"`{f}`" for f in plan.features)
        return (
            f"以 {feats} 預測 `{plan.target}` 的{method}"
            if zh
            else f"{method} predicting `{plan.target}` from {feats}"
        )
    return f"{c} 的日期範圍" if zh else f"date range of {c}"
