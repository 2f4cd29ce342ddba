"""The deterministic parser: question → plan, in English and Traditional Chinese.

It is the floor when no model answers and the validator of the model's plan. It never
guesses a number: when a part of the question has no place in a plan it says which part,
and offers the closest complete plans instead of an answer.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import GenAnalystError
from . import lexicon as lx
from .mentions import (
    CJK,
    Mention,
    Number,
    blank,
    find_dates,
    find_mentions,
    find_numbers,
    word_number,
)
from .types import GROUP_TESTS, Derive, Filter, Missing, Outliers, Plan
from .validate import check, is_numeric


@dataclass(frozen=True)
class Parse:
    """A plan (None when the question could not be mapped), what could not be mapped, and
    the closest complete plans to offer instead."""

    plan: Plan | None
    unmapped: tuple[str, ...] = ()
    closest: tuple[Plan, ...] = ()
    language: str = "en"


def language_of(question: str) -> str:
    return "zh-Hant" if CJK.search(question) else "en"


def _find(text: str, phrases: tuple[str, ...] | list[str]) -> int:
    """Position of the first phrase found (English at a word start), or -1."""
    best = -1
    for p in phrases:
        if CJK.search(p) or not p[:1].isalnum():
            i = text.find(p)
        else:
            m = re.search(r"(?<![a-z0-9])" + re.escape(p), text)
            i = m.start() if m else -1
        if i >= 0 and (best < 0 or i < best):
            best = i
    return best


def _has(text: str, phrases: tuple[str, ...] | list[str]) -> bool:
    return _find(text, phrases) >= 0


@dataclass
class _Q:
    """The question being parsed, with what has been consumed so far."""

    text: str
    frame: pd.DataFrame
    low: str = ""
    consumed: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    blanked: str = ""
    numbers: list[Number] = field(default_factory=list)
    used_numbers: set[int] = field(default_factory=set)
    unmapped: list[str] = field(default_factory=list)
    # date parts derived only to filter on ("in March"): never a grouping
    filter_derive: list[Derive] = field(default_factory=list)

    def take(self, pattern: str) -> re.Match[str] | None:
        """The first match of ``pattern`` in the unconsumed text, consumed."""
        m = re.search(pattern, blank(self.low, self.consumed))
        if m:
            self.consumed.append((m.start(), m.end()))
        return m

    def columns(self) -> list[Mention]:
        return [m for m in self.mentions if m.value is None]

    def numeric(self, m: Mention) -> bool:
        return m.column in self.frame.columns and is_numeric(self.frame[m.column])


def parse_question(question: str, frame: pd.DataFrame) -> Parse:
    """Map ``question`` to a plan on ``frame``; GenAnalystError only for an empty question."""
    if not question or not question.strip():
        raise GenAnalystError(
            "Ask a question, e.g. 'What is the mean of tip? Round to 2 decimals.'"
        )
    q = _Q(text=question, frame=frame, low=question.lower())
    lang = language_of(question)
    options = _options(q)
    q.mentions = find_mentions(blank(q.low, q.consumed), frame)
    q.blanked = blank(q.low, q.consumed + [(m.start, m.end) for m in q.mentions])
    dates = [(a, b) for a, b, _ in find_dates(q.low)]
    q.numbers = find_numbers(q.low, blank(q.blanked, dates))
    q.blanked = blank(q.blanked, dates)  # a written date is never a month, a year or a word
    derive, renames = _derive(q)
    filters = _filters(q, derive)
    if q.unmapped:  # a constraint we could not apply: never answer without it
        return Parse(None, tuple(q.unmapped), _closest(q, filters), lang)
    op = _op(q, derive, "outliers" in options)
    if op is None:
        q.unmapped.append(_leftover(q) or "what to compute (no analysis word recognized)")
        return Parse(None, tuple(q.unmapped), _closest(q, filters), lang)
    fields_ = _slots(q, op, filters, derive, renames)
    plan_kw: dict[str, Any] = {**options, **fields_, "op": op, "filters": tuple(filters)}
    plan_kw["derive"] = tuple(derive + q.filter_derive)
    try:
        plan = Plan(**plan_kw)
        if plan.outliers.rule != "none" and plan.outliers.column is None and plan.column is None:
            cols = [m.column for m in q.columns() if q.numeric(m)]
            plan = plan.with_(
                outliers=Outliers(
                    plan.outliers.rule, cols[0] if cols else None, plan.outliers.threshold
                )
            )
        check(plan, frame)
    except (GenAnalystError, TypeError) as exc:
        q.unmapped.append(_leftover(q) or str(exc))
        return Parse(None, tuple(q.unmapped), _closest(q, filters), lang)
    return Parse(plan, (), (), lang)


def _options(q: _Q) -> dict[str, Any]:
    """Rounding, output format, alpha, seed, split, outlier and missing-value rules."""
    out: dict[str, Any] = {}
    for pattern, fixed in lx.DECIMALS:
        m = q.take(pattern)
        if m:
            out["decimals"] = fixed if fixed is not None else int(word_number(m.group(1)) or 0)
            break
    asks_number = _has(q.low, lx.PVALUE) or _has(q.low, lx.STATISTIC)
    for pattern in lx.BOOL_FORMAT:
        if (pattern != "是否" or not asks_number) and q.take(pattern):
            out["format"] = "bool"
            break
    if _has(q.low, lx.PERCENT_FORMAT):
        out["format"] = "percent"
    for pattern in lx.ALPHA:
        m = q.take(pattern)
        if m:
            a = float(m.group(1))
            out["alpha"] = a / 100 if a >= 1 else a
            break
    for pattern in lx.SEED:
        m = q.take(pattern)
        if m:
            out["seed"] = int(m.group(1))
    for pattern in lx.TEST_SIZE:
        m = q.take(pattern)
        if m:
            v = float(m.group(1))
            out["value"] = v / 100 if v >= 1 else v
            break
    out.update(_outliers(q))
    for strategy, patterns in lx.FILLS.items():
        if any(q.take(p) for p in patterns):
            out["missing"] = Missing(strategy)  # type: ignore[arg-type]
            break
    return out


def _outliers(q: _Q) -> dict[str, Any]:
    for pattern in lx.OUTLIER_SD:
        m = q.take(pattern)
        if m:
            return {"outliers": Outliers("zscore", None, word_number(m.group(1)) or 3.0)}
    m = q.take(lx.OUTLIER_IQR[0])
    if m:
        return {"outliers": Outliers("iqr", None, float(m.group(1)))}
    if _has(q.low, lx.OUTLIER_WORDS) or q.take(lx.OUTLIER_IQR[1]):
        return {"outliers": Outliers("iqr", None, 1.5)}
    return {}


def _derive(q: _Q) -> tuple[list[Derive], dict[int, str]]:
    """Derived columns (date parts, log, ratio, bins); ``renames`` maps a mention's start to
    the derived column that replaces it."""
    out: list[Derive] = []
    renames: dict[int, str] = {}
    dates = [str(c) for c in q.frame.columns if pd.api.types.is_datetime64_any_dtype(q.frame[c])]
    if dates:
        for part, phrases in lx.DATE_PARTS.items():
            if _has(q.blanked, phrases):
                name = part if part not in q.frame.columns else f"{dates[0]}_{part}"
                out.append(Derive(name, part, dates[0]))  # type: ignore[arg-type]
                break
    cols = q.columns()
    for a, b in itertools.pairwise(cols):
        gap = q.low[a.end : b.start]
        if (
            q.numeric(a)
            and q.numeric(b)
            and re.fullmatch(r"\s*(?:to|divided by|/|over|per|除以|與|和|對)\s*(?:the\s*)?", gap)
            and ("ratio" in q.low[: a.start] or "比" in q.low or re.search(r"divided|/|除以", gap))
        ):
            out.append(Derive("ratio", "ratio", a.column, b.column))
            renames[a.start] = renames[b.start] = "ratio"
            break
    i = _find(q.blanked, lx.LOG)
    if i >= 0:
        after = [m for m in cols if m.start > i and q.numeric(m)] or [
            m for m in cols if q.numeric(m)
        ]
        if after:
            out.append(Derive("log_value", "log", after[0].column))
            renames[after[0].start] = "log_value"
    m = re.search(BINS, q.low)
    if m:
        bins = int(m.group(1) or m.group(2))
        before = [c for c in cols if c.start < m.start() and q.numeric(c)]
        if before:
            out.append(Derive("bin", "bin", before[-1].column, None, bins))
            renames[before[-1].start] = "bin"
    return out, renames


BINS = (
    r"(?:into|in)\s+(\d+)\s+(?:equal[- ]frequency\s+|quantile\s+)?(?:bins|groups|buckets)"
    r"|分成\s*(\d+)\s*組"
)


def _nearest_column(q: _Q, pos: int, end: int) -> Mention | None:
    """The column named just before ``pos`` (same clause), else just after ``end``."""
    before = [m for m in q.columns() if m.end <= pos and pos - m.end <= 60]
    if before:
        return before[-1]
    after = [m for m in q.columns() if m.start >= end and m.start - end <= 20]
    return after[0] if after else None


def _filters(q: _Q, derive: list[Derive]) -> list[Filter]:
    out: list[Filter] = []
    text = q.blanked
    # between X and Y / 介於 X 到 Y
    for m in re.finditer(
        r"between\s+(-?[\d.,]+)\s+and\s+(-?[\d.,]+)|介於\s*(-?[\d.,]+)\s*(?:到|至|和|與|~|-)\s*(-?[\d.,]+)",
        text,
    ):
        lo, hi = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        col = _nearest_column(q, m.start(), m.end())
        if col:
            out.append(
                Filter(
                    col.column,
                    "between",
                    None,
                    (float(lo.replace(",", "")), float(hi.replace(",", ""))),
                )
            )
            q.used_numbers |= {n.start for n in q.numbers if m.start() <= n.start < m.end()}
    # dates: after/before/since 2020-01-01, 2020-01-01 之後
    date_cols = [
        str(c) for c in q.frame.columns if pd.api.types.is_datetime64_any_dtype(q.frame[c])
    ]
    out.extend(_date_filters(q, text, date_cols))
    if date_cols:
        out.extend(_month_filters(q, derive, date_cols[0]))
    # numbers with a comparator: "tip greater than 5", "小費 大於 5", "20 or more"
    for n in q.numbers:
        if n.start in q.used_numbers:
            continue
        op = _comparator(text, n.start, n.end)
        col = None
        if op is None:
            year = _year_filter(q, n, date_cols)
            if year:
                out.append(year)
                q.used_numbers.add(n.start)
                continue
            prev = [m for m in q.columns() if m.end <= n.start]
            if (
                prev
                and re.fullmatch(
                    r"\s*(?:is|of|=|:|==|為|是|等於)?\s*", q.low[prev[-1].end : n.start]
                )
                and q.numeric(prev[-1])
            ):
                col, op = prev[-1], "eq"
        else:
            col = _nearest_column(q, _comparator_start(text, n.start), n.end)
        if op and col:
            out.append(Filter(col.column, op, n.value))  # type: ignore[arg-type]
            q.used_numbers.add(n.start)
    # categorical values: "for Female smokers", "不是 週六"
    by_col: dict[tuple[str, bool], list[str]] = {}
    for v in q.mentions:
        if v.value is None:
            continue
        neg = _has(q.low[max(0, v.start - 14) : v.start], lx.NEGATIONS)
        by_col.setdefault((v.column, neg), []).append(v.value)
    for (col_name, neg), values in by_col.items():
        if len(values) == 1:
            out.append(Filter(col_name, "ne" if neg else "eq", values[0]))
        else:
            out.append(Filter(col_name, "not_in" if neg else "in", None, tuple(values)))
    return out


def _comparator_start(text: str, pos: int) -> int:
    window = text[max(0, pos - 30) : pos]
    for phrase, _ in lx.COMPARATORS:
        i = window.rfind(phrase)
        if i >= 0:
            return max(0, pos - 30) + i
    return pos


def _comparator(text: str, start: int, end: int) -> str | None:
    """The comparison written right before a literal (or right after, e.g. '20 or more')."""
    before = text[max(0, start - 30) : start].rstrip()
    before = re.sub(r"\s*(?:the value|the|\$|nt\$|新台幣)\s*$", "", before)
    for phrase, op in lx.COMPARATORS:
        if before.endswith(phrase):
            if phrase in ("為", "是", "=") and not CJK.search(before[-3:] + "x"):
                pass
            return op
    after = text[end : end + 14].lstrip()
    after = re.sub(r"^(?:元|歲|分|公斤|人|筆|%|\s)+", "", after)
    for phrase, op in lx.POST_COMPARATORS:
        if after.startswith(phrase):
            return op
    return None


_DATE_RANGE_JOIN = re.compile(r"\s*(?:and|to|until|through|thru|-|–|~|到|至|和|與)\s*$")
_DATE_RANGE_START = re.compile(r"(?:between|from|介於|從|自)\s*$")


def _end_of_day(iso: str) -> str:
    return iso if len(iso) > 10 else f"{iso} 23:59:59.999999"


def _date_filters(q: _Q, text: str, date_cols: list[str]) -> list[Filter]:
    """Written dates: 'after/before/since D' compares; 'between D1 and D2' / 'from D1 to D2'
    / 'D1 到 D2' keeps that range (both days whole); a lone 'on D' / 'D 的' keeps that day.
    With no date column a written date cannot be applied, so it is reported as unmapped
    instead of silently answering over every row."""
    dates = find_dates(q.low)
    if dates and not date_cols:
        q.unmapped.append(f"“{q.text[dates[0][0] : dates[0][1]]}” (no date column to filter on)")
        return []
    if any(iso.startswith("--") for _, _, iso in dates):
        years = pd.to_datetime(q.frame[date_cols[0]]).dt.year.dropna().unique()
        if len(years) != 1:  # "March 5" in data over several years: which one?
            a, b, _ = next(d for d in dates if d[2].startswith("--"))
            span = f"{int(years.min())}–{int(years.max())}" if len(years) else "no dates"
            q.unmapped.append(f"“{q.text[a:b]}” (which year? {date_cols[0]} spans {span})")
            return []
        year = int(years[0])
        dates = [(a, b, f"{year}{iso[1:]}" if iso.startswith("--") else iso) for a, b, iso in dates]
    out: list[Filter] = []
    i = 0
    while i < len(dates):
        a, b, iso = dates[i]
        nxt = dates[i + 1] if i + 1 < len(dates) else None
        if (
            nxt is not None
            and _DATE_RANGE_JOIN.match(q.low[b : nxt[0]])
            and _comparator(text, a, b) is None
            and (_DATE_RANGE_START.search(q.low[:a]) or re.match(r"\s*(?:到|至|~|-|–)", q.low[b:]))
        ):
            lo, hi = sorted((iso, nxt[2]))
            out.append(Filter(date_cols[0], "between", None, (lo, _end_of_day(hi))))
            i += 2
            continue
        op = _comparator(text, a, b)
        if op:
            out.append(Filter(date_cols[0], op, iso))  # type: ignore[arg-type]
        else:
            out.append(Filter(date_cols[0], "between", None, (iso, _end_of_day(iso))))
        i += 1
    return out


def _month_filters(q: _Q, derive: list[Derive], date_col: str) -> list[Filter]:
    """'in March' / 'during Sep' / '3月' / '三月' → the date column's month equals it (every
    year; a year named too adds its own filter). A month that is a value of a text column
    was already taken as that value (blanked), so it never gets here."""
    months = []
    for m in re.finditer(lx.MONTH_EN, q.blanked):
        if re.match(r"\s*\d{1,2}(?:st|nd|rd|th)?\b(?!\d)", q.blanked[m.end() :]):
            continue  # "March 5": a day, not a month filter
        for hit in re.finditer(lx.MONTH_NAME, q.blanked[m.start(1) : m.end()]):
            at = m.start(1) + hit.start(1)
            months.append((at, at + len(hit.group(1)), lx.MONTHS[hit.group(1)]))
    for m in re.finditer(lx.MONTH_ZH, q.blanked):
        months.append((m.start(), m.end(), lx.zh_month(m.group(1))))
    if not months:
        return []
    existing = [d.name for d in derive if d.kind == "month" and d.column == date_col]
    if existing:
        name = existing[0]
    else:
        name = "month" if "month" not in q.frame.columns else f"{date_col}_month"
        q.filter_derive.append(Derive(name, "month", date_col))
    for start, end, _ in months:
        q.used_numbers |= {n.start for n in q.numbers if start <= n.start < end}
    values = tuple(dict.fromkeys(v for _, _, v in months))
    if len(values) == 1:
        return [Filter(name, "eq", values[0])]
    return [Filter(name, "in", None, values)]


def _ordinal(q: _Q, t: str) -> int | None:
    """The rank in 'the third highest' / '2nd largest' / '第三高' (None when none is asked)."""
    for p in lx.ORDINAL:
        m = re.search(p, t)
        if m:
            word = m.group(1)
            rank = lx.ORDINAL_WORDS.get(word) or word_number(re.sub(r"(?:st|nd|rd|th)$", "", word))
            q.used_numbers |= {n.start for n in q.numbers if m.start() <= n.start < m.end()}
            return int(rank) if rank else None
    return None


def _is_year_column(frame: pd.DataFrame, c: Any) -> bool:
    """A numeric column named for years whose values are years ('year', '年度', '年份'; not
    '年齡' age or '年收入' annual income, which hold no years)."""
    if not (re.search(r"year|年度|年份|^年$", str(c).lower()) and is_numeric(frame[c])):
        return False
    middle = frame[c].median()
    return bool(pd.notna(middle) and 1800 <= middle <= 2100)


def _year_filter(q: _Q, n: Number, date_cols: list[str]) -> Filter | None:
    """'in 2007' / '2007年' → a filter on a year column or a date column's year."""
    if not (n.value.is_integer() and 1800 <= n.value <= 2100):
        return None
    before, after = q.low[max(0, n.start - 8) : n.start], q.low[n.end : n.end + 1]
    month = re.search(lx.MONTH_NAME + r"\s*,?\s*$", q.low[max(0, n.start - 12) : n.start])
    if not (
        re.search(r"(?:in|during|of|for|year)\s*$", before)
        or after == "年"
        or "年" in before
        or month  # "in March 2024"
    ):
        return None
    year_cols = [str(c) for c in q.frame.columns if _is_year_column(q.frame, c)]
    if year_cols:
        return Filter(year_cols[0], "eq", int(n.value))
    if date_cols:
        y = int(n.value)
        return Filter(date_cols[0], "between", None, (f"{y}-01-01", f"{y}-12-31 23:59:59.999999"))
    return None


def _op(q: _Q, derive: list[Derive], outliers: bool = False) -> str | None:
    t = q.blanked
    if any(_has(t, ph) for ph in lx.CLASSIFY.values()):
        return "classify"
    if _has(t, lx.REGRESSION):
        return "regression"
    if _has(t, lx.CORRELATION) or any(_has(t, ph) for ph in lx.CORR_METHODS.values()):
        return "correlation"
    if any(_has(t, ph) for ph in lx.TESTS.values()) or _has(t, lx.NORMALITY):
        return "test"
    if any(_has(t, ph) for ph in lx.SHAPE.values()):
        return "shape"
    dates = [c for c in q.frame.columns if pd.api.types.is_datetime64_any_dtype(q.frame[c])]
    named_date = any(m.column in map(str, dates) for m in q.columns()) or not q.columns()
    if dates and named_date and any(_has(t, ph) for ph in lx.DATE_RANGE.values()):
        return "date_range"
    if any(re.search(p, t) for p in lx.TOP_K + lx.ORDINAL):
        return "top_k"
    if outliers and _has(
        t, ("how many", "number of", "有多少", "多少個", "多少筆", "幾個", "幾筆")
    ):
        return "count"
    if _has(t, lx.VALUE_COUNTS):
        return "value_counts"
    agg = _agg(q)
    if agg is not None:
        if (_group_by(q, derive) is not None and agg not in ("share",)) or (
            _group_by(q, derive) is not None and agg == "share" and _has(t, lx.WHICH)
        ):
            return "group_aggregate"
        if agg == "count":
            return "count"
        return "aggregate"
    if _has(t, lx.OUTLIER_WORDS) or (
        _has(t, lx.MISSING_WORDS) and _has(t, ("how many", "多少", "幾"))
    ):
        return "count"
    return None


def _agg(q: _Q) -> str | None:
    for agg, phrases in lx.AGGS.items():
        if _has(q.blanked, phrases):
            if agg == "count" and _has(q.blanked, lx.AGGS["share"]):
                return "share"
            return agg
    return None


def _group_by(q: _Q, derive: list[Derive]) -> str | None:
    """The column named after a grouping cue ('by day', 'for each sex', '每個地區', 'which X')."""
    parts = [
        d.name for d in derive if d.kind in ("year", "month", "quarter", "weekday", "hour", "bin")
    ]
    if parts:
        return parts[0]
    for m in q.columns():
        if re.match(r"\s*(?:是|為)?\s*(?:哪|何者)", q.low[m.end :]):
            return m.column  # "平均折扣最高的地區是哪一個"
        before = q.low[max(0, m.start - 14) : m.start].rstrip()
        before = (
            re.sub(r"\s*(?:the|different|each)$", "", before).rstrip()
            if not before.endswith("each")
            else before
        )
        for cue in lx.GROUP_CUES:
            if before.endswith(cue) and (
                CJK.search(cue) or re.search(r"(?<![a-z])" + re.escape(cue) + "$", before)
            ):
                return m.column
    return None


def _first(q: _Q, numeric: bool | None, skip: set[str], renames: dict[int, str]) -> str | None:
    for m in q.columns():
        name = renames.get(m.start, m.column)
        if name in skip:
            continue
        if numeric is None or name in renames.values() or q.numeric(m) == numeric:
            return name
    return None


def _slots(
    q: _Q, op: str, filters: list[Filter], derive: list[Derive], renames: dict[int, str]
) -> dict[str, Any]:
    t = q.blanked
    filter_cols = {f.column for f in filters}
    out: dict[str, Any] = {}
    if op == "count":
        if _has(t, lx.MISSING_WORDS) and not _has(t, lx.OUTLIER_WORDS):
            col = _first(q, None, set(), renames)
            if col:
                filters.append(
                    Filter(col, "not_null" if _has(q.low, lx.NOT_MISSING) else "is_null")
                )
                out["missing"] = Missing("keep")
        if _has(t, lx.OUTLIER_WORDS) or "standard deviation" in q.low or "標準差" in q.low:
            out["answer"] = "count" if _has(q.low, lx.REMAIN) else "removed"
        return out
    if op in ("aggregate", "group_aggregate"):
        agg = _agg(q) or "mean"
        group = _group_by(q, derive) if op == "group_aggregate" else None
        skip = {group} if group else set()
        col = _first(q, True, skip | filter_cols, renames) or _first(q, True, skip, renames)
        if agg in ("nunique", "mode") or (agg == "count" and op == "aggregate"):
            col = _first(q, None, skip | filter_cols, renames) or _first(q, None, skip, renames)
        direction = "bottom" if _has(t, lx.BOTTOM) else "top"
        if op == "group_aggregate":
            if agg in ("max", "min") and col is None:
                agg = "count"
            elif agg in ("max", "min") and _has(t, lx.AGGS["mean"]):
                agg = "mean"
            if agg == "min":
                direction = "bottom"
            out["answer"] = f"{direction}_group" if _has(q.low, lx.WHICH) else f"{direction}_value"
            out["group_by"] = group
        if agg == "quantile":
            out["quantile"] = _quantile(q)
        if agg == "share" or (agg == "count" and col is None):
            col = None
        out.update(agg=agg, column=col)
        return out
    if op == "value_counts":
        out["column"] = _first(q, False, set(), renames) or _first(q, None, set(), renames)
        out["answer"] = "top_count" if _has(q.low, lx.HOW_OFTEN) else "top"
        return out
    if op == "top_k":
        k = None
        for p in lx.TOP_K:
            m = re.search(p, t)
            if m:
                k = int(word_number(m.group(1)) or 1)
                for n in q.numbers:
                    if m.start() <= n.start < m.end():
                        q.used_numbers.add(n.start)
                break
        rank = _ordinal(q, t)
        label = _first(q, False, set(), renames)
        out.update(
            k=rank or k,
            column=_first(q, True, set(), renames),
            column2=label,
            ascending=_has(t, lx.BOTTOM[:-1]),
        )
        if rank:
            out["answer"] = "kth_label" if label else "kth"
        else:
            out["answer"] = "labels" if label else "values"
        return out
    if op == "correlation":
        method = next((m for m, ph in lx.CORR_METHODS.items() if _has(t, ph)), "pearson")
        a = _first(q, True, set(), renames)
        b = _first(q, True, {a} if a else set(), renames)
        out.update(method=method, column=a, column2=b)
        out["answer"] = _test_answer(q, default="r")
        return out
    if op == "shape":
        out["method"] = next(m for m, ph in lx.SHAPE.items() if _has(t, ph))
        out["column"] = _first(q, True, set(), renames)
        return out
    if op == "date_range":
        dates = [
            str(c) for c in q.frame.columns if pd.api.types.is_datetime64_any_dtype(q.frame[c])
        ]
        named = [m.column for m in q.columns() if m.column in dates]
        out["column"] = named[0] if named else dates[0]
        out["answer"] = next((a for a, ph in lx.DATE_RANGE.items() if _has(t, ph)), "days")
        return out
    if op == "regression":
        return _regression(q, renames, filter_cols)
    if op == "classify":
        return _classify(q, renames, filter_cols)
    return _test(q, filters, renames)


def _quantile(q: _Q) -> float | None:
    t = q.low
    if re.search(r"first quartile|lower quartile|\bq1\b|第一四分位|下四分位", t):
        return 0.25
    if re.search(r"third quartile|upper quartile|\bq3\b|第三四分位|上四分位", t):
        return 0.75
    if re.search(r"second quartile|\bq2\b|第二四分位", t):
        return 0.5
    for n in q.numbers:
        tail = q.low[n.end : n.end + 14]
        head = q.low[max(0, n.start - 2) : n.start]
        if re.match(r"\s*(?:st|nd|rd|th)?\s*(?:percentile|百分位|%)", tail) or "第" in head:
            q.used_numbers.add(n.start)
            return n.value / 100 if n.value > 1 else n.value
    return None


def _test_answer(q: _Q, default: str) -> str:
    if _has(q.low, lx.STATISTIC):
        return "statistic"
    if _has(q.low, lx.PVALUE):
        return "pvalue"
    return default


def _test(q: _Q, filters: list[Filter], renames: dict[int, str]) -> dict[str, Any]:
    t = q.blanked
    method = next((m for m, ph in lx.TESTS.items() if _has(t, ph)), None)
    normality = _has(t, lx.NORMALITY)
    if method is None or (normality and method in ("ttest_ind",)):
        method = "shapiro"
    if method == "ttest_ind" and _has(q.low, ("unequal variance", "不等變異", "變異數不相等")):
        method = "welch"
    out: dict[str, Any] = {"method": method}
    asks_number = _has(q.low, lx.PVALUE) or _has(q.low, lx.STATISTIC)
    boolean = _has(q.low, ("true", "false")) or ("是否" in q.text and not asks_number)
    default = "pvalue"
    if boolean or (_fmt_bool(q) and not asks_number):
        if method in ("shapiro", "dagostino", "ks"):
            default = (
                "significant"
                if _has(
                    q.low, ("not normal", "non-normal", "deviate", "不是常態", "非常態", "偏離")
                )
                else "not_significant"
            )
        elif method == "levene":
            default = "not_significant" if _has(q.low, lx.EQUALITY) else "significant"
        elif (
            method == "chi2"
            and _has(q.low, ("independent", "獨立"))
            and not _has(q.low, ("associated", "related", "dependent", "關聯", "相關"))
        ):
            default = "not_significant"
        else:
            default = "significant"
    as_bool = boolean or (_fmt_bool(q) and not asks_number)
    out["answer"] = default if as_bool else _test_answer(q, default)
    if method in ("chi2",):
        cols = [renames.get(m.start, m.column) for m in q.columns()]
        cols += [f.column for f in filters if f.op in ("eq", "in")]
        cols = list(dict.fromkeys(cols))
        out.update(column=cols[0] if cols else None, column2=cols[1] if len(cols) > 1 else None)
        _drop_filters(filters, {out["column"], out["column2"]})
        return out
    if method in ("shapiro", "dagostino", "ks"):
        out["column"] = _first(q, True, set(), renames)
        return out
    if method == "ttest_paired":
        a = _first(q, True, set(), renames)
        out.update(column=a, column2=_first(q, True, {a} if a else set(), renames))
        return out
    if method == "ttest_1samp":
        out["column"] = _first(q, True, set(), renames)
        _popmean(q, filters, out)
        return out
    # group tests: numeric column by a grouping column (or two numeric columns)
    group_values = [f for f in filters if f.op in ("eq", "in")]
    group = None
    if group_values:
        f = group_values[-1]
        group = f.column
        vals = (f.value,) if f.op == "eq" else f.values
        if f.op == "in" or method not in ("ttest_ind", "welch", "mannwhitney"):
            out["groups"] = tuple(v for v in vals if v is not None) if len(vals) > 1 else ()
        filters.remove(f)
    if group is None:
        group = _first(q, False, set(), renames)
    num = _first(q, True, {group} if group else set(), renames)
    out.update(column=num, group_by=group)
    if group is None and num:
        out["column2"] = _first(q, True, {num}, renames)
    if method == "ttest_ind" and group is None and out.get("column2") is None:
        out["method"] = "ttest_1samp"
        _popmean(q, filters, out)
    if method in GROUP_TESTS and "groups" in out and not out["groups"]:
        del out["groups"]
    return out


def _fmt_bool(q: _Q) -> bool:
    return any(re.search(p, q.low) for p in lx.BOOL_FORMAT)


def _popmean(q: _Q, filters: list[Filter], out: dict[str, Any]) -> None:
    """The hypothesized mean of a one-sample t-test: the number the question compares to."""
    for f in list(filters):
        if f.column == out.get("column") and f.op == "eq" and isinstance(f.value, float):
            out["value"] = f.value
            filters.remove(f)
            return
    free = [n for n in q.numbers if n.start not in q.used_numbers]
    if free:
        out["value"] = free[-1].value
        q.used_numbers.add(free[-1].start)


def _drop_filters(filters: list[Filter], cols: set[str | None]) -> None:
    for f in list(filters):
        if f.column in cols and f.op in ("eq", "in"):
            filters.remove(f)


def _targets(q: _Q, renames: dict[int, str], skip: set[str]) -> tuple[str | None, list[str]]:
    cols = [renames.get(m.start, m.column) for m in q.columns()]
    cols = [c for c in dict.fromkeys(cols) if c not in skip]
    i = _find(q.blanked, lx.PREDICT)
    target = None
    if i >= 0:
        after = [renames.get(m.start, m.column) for m in q.columns() if m.start > i]
        target = after[0] if after else None
        if "預測" in q.low and target is None:
            target = cols[-1] if cols else None
    if target is None and cols:
        target = cols[0]
    return target, [c for c in cols if c != target]


def _all_numeric(q: _Q, target: str | None) -> list[str]:
    return [str(c) for c in q.frame.columns if is_numeric(q.frame[c]) and str(c) != target]


ALL_OTHERS = (
    "all other",
    "all the other",
    "all numeric",
    "every other",
    "all features",
    "其他所有",
    "所有其他",
    "其餘",
    "所有數值",
)


def _regression(q: _Q, renames: dict[int, str], skip: set[str]) -> dict[str, Any]:
    target, features = _targets(q, renames, skip)
    if _has(q.low, ALL_OTHERS):
        features = _all_numeric(q, target)
    out: dict[str, Any] = {"method": "ols", "target": target, "features": tuple(features)}
    i = _find(q.blanked, ("coefficient", "slope", "係數", "斜率"))
    if i >= 0 and features:
        after = [renames.get(m.start, m.column) for m in q.columns() if m.start > i]
        after = [c for c in after if c in features]
        out["column"] = after[0] if after else features[0]
    if _has(q.low, ("adjusted", "調整")):
        out["answer"] = "adj_r2"
    elif _has(
        q.low, ("r-squared", "r squared", "r²", "r2", "coefficient of determination", "決定係數")
    ):
        out["answer"] = "r2"
    elif _has(q.low, ("intercept", "截距")):
        out["answer"] = "intercept"
    elif _has(q.low, lx.PVALUE):
        out["answer"] = "pvalue"
    else:
        out["answer"] = "coef"
    return out


def _classify(q: _Q, renames: dict[int, str], skip: set[str]) -> dict[str, Any]:
    target, features = _targets(q, renames, skip)
    i = _find(q.blanked, lx.PREDICT)
    if i < 0:
        cat = _first(q, False, set(), renames)
        if cat:
            target, features = cat, [c for c in features + ([target] if target else []) if c != cat]
    if not features or _has(q.low, ALL_OTHERS):
        features = _all_numeric(q, target)
    method = next((m for m, ph in lx.CLASSIFY.items() if m and _has(q.blanked, ph)), "logistic")
    return {"method": method, "target": target, "features": tuple(features), "answer": "accuracy"}


def _leftover(q: _Q) -> str:
    """Words that look like references the frame does not have (the likely unmapped part)."""
    words = re.findall(r"[a-z][a-z_]{2,}", q.blanked)
    known = set(lx.STOPWORDS)
    for group in (
        lx.AGGS,
        lx.TESTS,
        lx.SHAPE,
        lx.DATE_RANGE,
        lx.CLASSIFY,
        lx.CORR_METHODS,
        lx.DATE_PARTS,
    ):
        for phrases in group.values():
            for p in phrases:
                known.update(p.split())
    for phrases in (
        lx.CORRELATION,
        lx.REGRESSION,
        lx.NORMALITY,
        lx.VALUE_COUNTS,
        lx.OUTLIER_WORDS,
        lx.MISSING_WORDS,
        lx.PVALUE,
        lx.STATISTIC,
        lx.SIGNIFICANT,
        lx.BOTTOM,
        lx.WHICH,
        lx.GROUP_CUES,
        lx.HOW_OFTEN,
        lx.PREDICT,
        lx.EQUALITY,
        lx.REMAIN,
    ):
        for p in phrases:
            known.update(p.split())
    for p, _ in lx.COMPARATORS + lx.POST_COMPARATORS:
        known.update(p.split())
    unknown = [w for w in words if w not in known and w.rstrip("s") not in known]
    if not unknown:
        return ""
    return "“" + " ".join(dict.fromkeys(unknown)) + "” (no such column, value or analysis)"


def _closest(q: _Q, filters: list[Filter]) -> tuple[Plan, ...]:
    """A few complete plans over the columns the question does name (or the first ones)."""
    named = list(dict.fromkeys(m.column for m in q.columns()))
    if not named:
        named = [str(c) for c in q.frame.columns[:3]]
    out: list[Plan] = []
    agg = _agg(q)
    for col in named[:3]:
        if is_numeric(q.frame[col]):
            out.append(
                Plan(
                    op="aggregate",
                    agg=agg if agg and agg not in ("count", "share", "quantile") else "mean",  # type: ignore[arg-type]
                    column=col,
                    filters=tuple(filters),
                )
            )
        else:
            out.append(Plan(op="value_counts", column=col, filters=tuple(filters)))
    good = []
    for p in out:
        try:
            check(p, q.frame)
            good.append(p)
        except GenAnalystError:
            continue
    return tuple(good[:3])
