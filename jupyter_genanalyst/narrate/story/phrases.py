"""One fact as one plain sentence in the reader's language, plus the words between facts.

Why per topic: the facts layer's own sentences are exact but terse ("spend: mean 52,
median 50 (IQR 40 to 61)…"); a manager reads "A typical spend is 50". Every number is
written from a fact value with :func:`~jupyter_genanalyst.i18n.format_value`, so the
grounding check reads it back; the storyteller still checks each sentence and falls back
to the fact's own text (English) or a value listing (Chinese) if one ever fails.
No connective text holds a number or a number word.
"""

from __future__ import annotations

from jupyter_genanalyst.facts.types import Fact
from jupyter_genanalyst.i18n import format_value

# Value names → Traditional Chinese labels, for the generic value listing.
ZH_LABELS: dict[str, str] = {
    "mean": "平均",
    "median": "中位數",
    "std": "標準差",
    "min": "最小值",
    "max": "最大值",
    "q25": "下四分位數",
    "q75": "上四分位數",
    "count": "筆數",
    "missing": "缺失筆數",
    "missing_pct": "缺失比例",
    "rows": "列數",
    "columns": "欄位數",
    "duplicates": "重複列數",
    "duplicates_pct": "重複比例",
    "rho": "相關係數",
    "r": "相關係數",
    "corr": "相關係數",
    "slope": "斜率",
    "change": "變化",
    "change_pct": "變化幅度",
    "pct": "占比",
    "share": "占比",
    "share_pct": "占比",
    "top_share": "最常見值占比",
    "unique": "不同值個數",
    "outliers": "離群值筆數",
    "outliers_pct": "離群值比例",
    "skew": "偏態",
    "mae": "平均絕對誤差",
    "r2": "判定係數",
    "accuracy": "準確率",
    "auc": "曲線下面積",
    "importance": "重要性",
    "effect": "效果",
    "lift": "提升",
    "value": "數值",
    "total": "總和",
    "last": "最新值",
    "first": "最初值",
}
ZH_TOPICS: dict[str, str] = {
    "missing": "缺失值",
    "missingness": "缺失模式",
    "distribution": "分布",
    "categories": "類別",
    "correlation": "相關性",
    "driver": "影響因素",
    "drivers": "影響因素",
    "segment": "區隔",
    "trend": "趨勢",
    "change": "變化",
    "anomaly": "異常",
    "outliers": "離群值",
    "forecast": "預測",
    "model": "模型",
    "backtest": "回測",
    "importance": "重要性",
    "lever": "可調整因素",
    "options": "選項",
    "duplicates": "重複資料",
    "constant": "常數欄位",
    "shape": "資料規模",
    "summary": "摘要",
    "dates": "日期",
    "time": "時間",
    "types": "資料型別",
    "identifier": "識別碼",
    "boolean": "是非欄位",
    "text": "文字",
}


def value(fact: Fact, name: str, language: str) -> str:
    """One value of ``fact`` as the reader reads it."""
    return format_value(fact.values[name], str(fact.units.get(name, "number")), language)


def _has(fact: Fact, *names: str) -> bool:
    return all(fact.values.get(n) is not None for n in names)


def _col(fact: Fact) -> str:
    return f"`{fact.columns[0]}`" if fact.columns else ""


def sentence(fact: Fact, language: str) -> str:
    """The plainest faithful sentence for ``fact`` (no trailing space, ends with a stop)."""
    if language == "zh-Hant":
        return _zh(fact)
    return _en(fact)


def _en(fact: Fact) -> str:
    col = _col(fact)
    if fact.topic == "distribution" and _has(fact, "median", "q25", "q75") and col:
        return (
            f"A typical {col} is {value(fact, 'median', 'en')} (the median), and its "
            f"interquartile range runs from {value(fact, 'q25', 'en')} to "
            f"{value(fact, 'q75', 'en')}."
        )
    if fact.topic == "missing" and _has(fact, "missing", "missing_pct") and col:
        return (
            f"{col} is empty in {value(fact, 'missing', 'en')} rows, "
            f"{value(fact, 'missing_pct', 'en')} of the data."
        )
    text = fact.text.strip()
    if col and fact.columns[0] in text and f"`{fact.columns[0]}`" not in text:
        text = text.replace(fact.columns[0], col, 1)
    return text if text.endswith((".", "!", "?")) else text + "."


# Per-topic Traditional Chinese sentences; {col}/{col2} are the fact's columns in code
# spans, other fields its values formatted for zh-Hant. A missing field falls back to
# the generic value listing.
ZH_TEMPLATES: dict[str, str] = {
    "shape": "資料共有 {rows} 列、{columns} 個欄位。",
    "types": "欄位型別：數值 {numeric} 個、類別 {categorical} 個。",
    "categories": "{col} 有 {n_categories} 種不同的值，最常見的是 `{top1}`（{top1_pct}，共 {top1_count} 筆）。",  # noqa: E501
    "boolean": "{col} 為真的有 {true} 筆，占 {true_pct}。",
    "missing": "資料共有 {missing_cells} 個缺失值，分布在 {columns_with_missing} 個欄位。",
    "missing/none": "資料中沒有缺失值。",
    "duplicates": "有 {duplicate_rows} 列與其他列完全重複（{duplicate_pct}）。",
    "duplicates/none": "沒有完全重複的列。",
    "identifier": "{col} 看起來是識別碼，{unique} 個值各不相同。",
    "drivers": "在與 {col} 比較的 {tested} 個欄位中，有 {significant} 個與它有顯著關聯。",
    "driver/rate": (
        "{col2} 與 {col} 有關聯（效果量 {effect}，樣本數 {n}）：{col2} 為 `{top_group}` 的列中，"
        "{col} 為 `{target_class}` 的比例是 {top_group_rate_pct}，整體為 {overall_rate_pct}。"
    ),
    "driver/mean": (
        "{col2} 與 {col} 有關聯（效果量 {effect}，樣本數 {n}）：{col} 為 `{top_group}` 時，"
        "{col2} 的平均值是 {top_group_mean}，整體為 {overall_mean}。"
    ),
    "driver": "{col2} 與 {col} 有關聯（效果量 {effect}，樣本數 {n}）。",
    "outliers": "{col} 有 {robust_outliers} 個極端值（{robust_pct}），最極端的是 {worst_value}。",
    "importance": "{col2} 是預測 {col} 的重要因素，重要性排名第 {rank}。",
    "model": "預測 {col} 的模型交叉驗證 R² 為 {r2}，只用平均值預測則為 {naive_r2}。",
    "lever": "把 {col2} 設為 `{to}` 時，{col} 平均改變 {effect}（區間 {lower} 至 {upper}）。",
    "options": "在 {levers_evaluated} 個可調整因素中，有 {levers_helping} 個能改善 {col}（目前平均 {baseline}）。",  # noqa: E501
    "time": "時間軸 {col} 從 {first} 到 {last}，共 {periods} 個期間。",
    "change": "{col} 的平均值從 {previous_period} 的 {previous} 變為 {last_period} 的 {last}（{change_pct}）。",  # noqa: E501
    "dates": "{col} 從 {first} 到 {last}，跨越 {span_days} 天。",
    "trend": "{col} 的月平均從 {first} 變為 {last}。",
    "segment contribution": (
        "{col} 總和從 {previous_period} 的 {total_previous} 變為 {last_period} 的 {total_last}；"
        "其中 {col2} 為 `{segment}` 的部分變化了 {segment_change}"
        "（占總變化的 {share_of_change_pct}）。"
    ),
    "anomaly": (
        "{col} 在 {worst_period} 的平均值為 {value}，"
        "鄰近月份約為 {expected}；共有 {anomalous_periods} 個月異常。"
    ),
    "forecast": "{col} 的預測：{next_period} 為 {next}（區間 {next_lower} 至 {next_upper}）。",
    "backtest": "回測中預測的平均絕對誤差為 {mae}，簡單基準為 {mae_naive}。",
    "level shift": "{col} 從 {from_period} 起，平均值由 {mean_before} 變為 {mean_after}。",
    "missingness": (
        "{col} 的缺失並非隨機：缺失的列中 {col2} 的中位數為 {median_when_missing}，"
        "其他列為 {median_when_present}。"
    ),
}
# Values that read as plain numbers even when stored as ratios (R² is not a percent).
_PLAIN_NUMBERS = {"r2", "naive_r2"}


def _zh_template(fact: Fact) -> str | None:
    key = fact.topic
    zero = {"missing": "missing_cells", "duplicates": "duplicate_rows"}.get(key)
    if zero and fact.values.get(zero) == 0:
        key = f"{key}/none"
    if key == "driver":
        if "top_group_rate_pct" in fact.values:
            key = "driver/rate"
        elif "top_group_mean" in fact.values:
            key = "driver/mean"
    template = ZH_TEMPLATES.get(key)
    if template is None:
        return None
    fields: dict[str, str] = {}
    for name, raw in fact.values.items():
        if raw is None:
            continue
        unit = "number" if name in _PLAIN_NUMBERS else str(fact.units.get(name, "number"))
        fields[name] = format_value(raw, unit, "zh-Hant")
    fields["col"] = f"`{fact.columns[0]}`" if fact.columns else "資料"
    if len(fact.columns) > 1:
        fields["col2"] = f"`{fact.columns[1]}`"
    try:
        return template.format(**fields)
    except KeyError:
        return None


def _zh(fact: Fact) -> str:
    templated = _zh_template(fact)
    if templated:
        return templated
    col = _col(fact) or "資料"
    if fact.topic == "distribution" and _has(fact, "median", "q25", "q75"):
        return (
            f"{col} 的典型值（中位數）為 {value(fact, 'median', 'zh-Hant')}，四分位距介於 "
            f"{value(fact, 'q25', 'zh-Hant')} 與 {value(fact, 'q75', 'zh-Hant')} 之間。"
        )
    if fact.topic == "missing" and _has(fact, "missing", "missing_pct"):
        return (
            f"{col} 有 {value(fact, 'missing', 'zh-Hant')} 筆空白，占資料的 "
            f"{value(fact, 'missing_pct', 'zh-Hant')}。"
        )
    if len(fact.columns) >= 2 and any(n in fact.values for n in ("rho", "r", "corr")):
        name = next(n for n in ("rho", "r", "corr") if n in fact.values)
        if fact.values[name] is not None:
            direction = "正" if float(fact.values[name] or 0) > 0 else "負"
            return (
                f"`{fact.columns[0]}` 與 `{fact.columns[1]}` 呈{direction}相關"
                f"（相關係數 {value(fact, name, 'zh-Hant')}）。"
            )
    topic = ZH_TOPICS.get(fact.topic, fact.topic)
    parts = [
        f"{ZH_LABELS[n]} {value(fact, n, 'zh-Hant')}"
        for n in fact.values
        if n in ZH_LABELS and fact.values[n] is not None and not isinstance(fact.values[n], bool)
    ][:3]
    if not parts:
        parts = [
            f"`{n}` {value(fact, n, 'zh-Hant')}" for n, v in fact.values.items() if v is not None
        ][:2]
    body = "、".join(parts) if parts else "詳見下方程式碼"
    return f"{col} 的{topic}：{body}。"


# Transitions between supporting facts (no numbers, no number words).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "en": ("Beyond that,", "Meanwhile,", "On a related note,", "Also worth knowing:"),
    "zh-Hant": ("此外，", "同時，", "另外，", "值得注意的是，"),
}

ANGLE_TITLES: dict[str, dict[str, str]] = {
    "tested": {"en": "Why, tested", "zh-Hant": "原因與檢驗"},
    "headline": {"en": "Headline for a manager", "zh-Hant": "給主管的重點"},
    "quality": {"en": "Data quality first", "zh-Hant": "先看資料品質"},
    "surprise": {"en": "The surprise", "zh-Hant": "意外的發現"},
    "comparison": {"en": "How the groups compare", "zh-Hant": "各組比較"},
    "executive": {"en": "Executive summary", "zh-Hant": "主管摘要"},
}

LEADS: dict[str, dict[str, str]] = {
    "tested": {
        "en": "What changed, and what the tests say about why:",
        "zh-Hant": "發生的變化，以及檢驗對原因的結論：",
    },
    "headline": {"en": "The main finding:", "zh-Hant": "最重要的發現："},
    "quality": {
        "en": "Before trusting the numbers, note this:",
        "zh-Hant": "在相信這些數字之前，請先注意：",
    },
    "surprise": {"en": "What stands out:", "zh-Hant": "最突出的是："},
    "comparison": {"en": "Side by side:", "zh-Hant": "並列比較："},
    "executive": {"en": "In short:", "zh-Hant": "簡而言之："},
}

_CAVEATS: dict[str, dict[str, str]] = {
    "diagnostic": {
        "en": "These are associations in this data, not proof of cause and effect.",
        "zh-Hant": "這些是資料中的關聯，並不能證明因果關係。",
    },
    "predictive": {
        "en": "Forecasts assume the past pattern continues; check them against new data.",
        "zh-Hant": "預測假設過去的模式會延續，請用新資料驗證。",
    },
    "prescriptive": {
        "en": (
            "Suggested levers come from associations; try them on a small group before a rollout."
        ),
        "zh-Hant": "建議的調整來自資料中的關聯，全面推行前請先小規模試行。",
    },
    "figure": {
        "en": "These facts describe what the charts show, not the data behind them.",
        "zh-Hant": "這些事實描述的是圖表呈現的內容，而非背後的完整資料。",
    },
}


def caveat(fact: Fact, language: str) -> str | None:
    """The caveat that applies to the lead fact, if any (its own, else its kind's)."""
    if fact.caveats and language == "en":
        text = fact.caveats[0].strip()
        return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")
    entry = _CAVEATS.get(fact.kind)
    general = entry[language] if entry else None
    positive = fact.values.get("positive_level")
    if language == "zh-Hant" and positive is not None and fact.columns:
        # a two-level prescribe target: say what "increase" means, as the English caveat does
        col = fact.columns[0]
        meaning = f"{col} 只有兩種值，效果指的是 {col} 為 `{positive}` 的模型機率（百分點）變化。"
        return meaning + (general or "")
    return general


_QUESTIONS: dict[str, dict[str, str]] = {
    "missing": {
        "en": "Are the rows where {col} is empty different from the others?",
        "zh-Hant": "{col} 空白的那些列，和其他列有什麼不同？",
    },
    "missingness": {
        "en": "Are the rows where {col} is empty different from the others?",
        "zh-Hant": "{col} 空白的那些列，和其他列有什麼不同？",
    },
    "trend": {
        "en": "What changed in {col}, and when did it start?",
        "zh-Hant": "{col} 發生了什麼變化？從什麼時候開始？",
    },
    "change": {
        "en": "What changed in {col}, and when did it start?",
        "zh-Hant": "{col} 發生了什麼變化？從什麼時候開始？",
    },
    "anomaly": {
        "en": "What happened in the rows where {col} is unusual?",
        "zh-Hant": "{col} 出現異常的那些列發生了什麼事？",
    },
    "outliers": {
        "en": "Are the extreme values of {col} errors or real events?",
        "zh-Hant": "{col} 的極端值是錯誤，還是真實事件？",
    },
    "forecast": {
        "en": "How far ahead can the {col} forecast be trusted?",
        "zh-Hant": "{col} 的預測可以信任到多遠的未來？",
    },
    "lever": {
        "en": "What would it take to move {col} in practice?",
        "zh-Hant": "實際上要怎麼做才能改變 {col}？",
    },
}
_DEFAULT_QUESTION = {
    "en": "Which groups differ most on {col}?",
    "zh-Hant": "哪些群組在 {col} 上差異最大？",
}


def next_question(fact: Fact, language: str) -> str:
    """A question worth asking next, about the lead fact's column."""
    col = _col(fact) or ("the data" if language == "en" else "資料")
    entry = _QUESTIONS.get(fact.topic, _DEFAULT_QUESTION)
    return entry.get(language, entry["en"]).format(col=col)


_NEXT_STEPS = {
    "descriptive": {
        "en": "Next step: fix or explain the data issues above, then look at what moves {col}.",
        "zh-Hant": "下一步：先處理或說明上述資料問題，再看看哪些因素會影響 {col}。",
    },
    "diagnostic": {
        "en": "Next step: check whether the link with {col} holds within each segment.",
        "zh-Hant": "下一步：確認與 {col} 的關聯在各個區隔內是否依然成立。",
    },
    "predictive": {
        "en": "Next step: validate the {col} forecast on the most recent data before using it.",
        "zh-Hant": "下一步：使用前，先用最新資料驗證 {col} 的預測。",
    },
    "prescriptive": {
        "en": "Next step: try the strongest lever on {col} with a small group and measure.",
        "zh-Hant": "下一步：先對小群組試行影響 {col} 最大的調整，並衡量成效。",
    },
    "figure": {
        "en": "Next step: open the chart behind {col} and confirm the pattern in the data.",
        "zh-Hant": "下一步：打開 {col} 背後的圖表，並在資料中確認這個模式。",
    },
}


def next_step(fact: Fact, language: str) -> str:
    col = _col(fact) or ("the data" if language == "en" else "資料")
    entry = _NEXT_STEPS.get(fact.kind, _NEXT_STEPS["descriptive"])
    return entry.get(language, entry["en"]).format(col=col)


NEXT_QUESTION_LABEL = {"en": "Next question:", "zh-Hant": "接著可以問："}
CAVEAT_LABEL = {"en": "Caveat:", "zh-Hant": "注意："}
