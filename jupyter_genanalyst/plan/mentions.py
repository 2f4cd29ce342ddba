"""Find columns, categorical values and numbers named in a question (English and 中文).

Why spans: the parser reasons about what sits next to what ("tip for Female", "大於 20"),
so every match keeps its position, and matched text is blanked before keywords are read
(a column named ``total_bill`` must not read as the aggregate "total").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pandas as pd

from .lexicon import KEYWORDS, MONTH_NAME, MONTHS, NUMBER_WORDS, STOPWORDS
from .validate import is_numeric

CJK = re.compile(r"[\u3400-\u9fff]")
MAX_VALUES = 60  # categorical values per column matched against the question


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    column: str
    value: str | None = None  # a categorical value of ``column``; None for the column itself
    plural: bool = False  # written as a noun for the rows ("smokers", "吸菸者")


PREPOSITIONS = frozenset({"after", "before", "since", "until", "during", "by", "for", "when"})
YES = frozenset({"yes", "true", "y", "1", "是", "有"})
NO = frozenset({"no", "false", "n", "0", "否", "無"})
CJK_SKIP = frozenset({"是", "否", "有", "無", "的", "為", "在", "和", "與"})
# short spellings of values as analysts write them in full
ALIASES = {
    "sun": "sunday",
    "mon": "monday",
    "tue": "tuesday",
    "tues": "tuesday",
    "wed": "wednesday",
    "thu": "thursday",
    "thur": "thursday",
    "thurs": "thursday",
    "fri": "friday",
    "sat": "saturday",
    "jan": "january",
    "feb": "february",
    "mar": "march",
    "apr": "april",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    value: float
    text: str


def forms(name: str) -> list[str]:
    """Ways a question may write a column name: as is, spaced, without a unit in brackets."""
    base = name.strip().lower()
    out = {base, base.replace("_", " "), re.sub(r"\s*[\(（\[].*?[\)）\]]\s*", " ", base).strip()}
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name.strip()).lower()
    out.add(spaced)
    out.add(spaced.replace("_", " "))
    return sorted((f for f in out if f), key=len, reverse=True)


def _pattern(form: str) -> re.Pattern[str]:
    if CJK.search(form):
        return re.compile(re.escape(form))
    return re.compile(r"(?<![a-z0-9_])" + re.escape(form) + r"(?:s|es)?(?![a-z0-9_])")


def find_mentions(text: str, frame: pd.DataFrame) -> list[Mention]:
    """Column and value mentions, longest first, not overlapping; fuzzy for near-misses."""
    low = text.lower()
    cands: list[Mention] = []
    for col in frame.columns:
        name = str(col)
        for form in forms(name):
            if len(form) < 2 and not CJK.search(form):
                continue
            for m in _pattern(form).finditer(low):
                if form in PREPOSITIONS and re.match(r"\s+\w+ing\b", low[m.end() :]):
                    continue  # "after removing …" is a clause, not the column `after`
                plural = m.end() - m.start() > len(form) or low[m.end() : m.end() + 1] == "者"
                cands.append(Mention(m.start(), m.end(), name, None, plural))
    for col in frame.columns:
        s = frame[col]
        if is_numeric(s) or pd.api.types.is_datetime64_any_dtype(s):
            continue
        for v in s.dropna().astype(str).value_counts().index[:MAX_VALUES]:
            form = v.strip().lower()
            short = len(form) < 2 and not (CJK.search(form) and form not in CJK_SKIP)
            if short or form in STOPWORDS:
                continue
            for f in (form, ALIASES.get(form, "")):
                if f:
                    found = _pattern(f).finditer(low)
                    cands += [Mention(x.start(), x.end(), str(col), v) for x in found]
    chosen: list[Mention] = []
    taken = [False] * len(low)
    # longer first; at equal length a column beats a value of the same spelling
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.value is not None, c.start)):
        if any(taken[c.start : c.end]):
            continue
        chosen.append(c)
        for i in range(c.start, c.end):
            taken[i] = True
    chosen += _fuzzy(low, frame, taken)
    chosen = [_rows_noun(m, low, frame) for m in chosen]
    chosen += _after_column(low, frame, chosen)
    return sorted(chosen, key=lambda m: m.start)


def yes_no(col: pd.Series) -> tuple[str, str] | None:
    """The (yes, no) spellings of a two-valued flag column, else None."""
    values = [str(v) for v in col.dropna().unique()[:3]]
    if len(values) != 2:
        return None
    yes = [v for v in values if v.lower() in YES]
    no = [v for v in values if v.lower() in NO]
    return (yes[0], no[0]) if yes and no else None


def _rows_noun(m: Mention, low: str, frame: pd.DataFrame) -> Mention:
    """'smokers' / '吸菸者' name the rows where a yes/no flag is yes ('non-smokers': no)."""
    if m.value is not None or not m.plural:
        return m
    flag = yes_no(frame[m.column])
    if flag is None:
        return m
    head = low[max(0, m.start - 4) : m.start]
    if head.endswith(("non-", "non ", "非")):
        start = m.start - (1 if head.endswith("非") else 4)
        return Mention(start, m.end, m.column, flag[1])
    return Mention(m.start, m.end, m.column, flag[0])


def _after_column(low: str, frame: pd.DataFrame, chosen: list[Mention]) -> list[Mention]:
    """Short values written right after their column: 'direction N', 'group A and B'."""
    out: list[Mention] = []
    for m in chosen:
        if m.value is not None:
            continue
        s = frame[m.column]
        if is_numeric(s) or pd.api.types.is_datetime64_any_dtype(s):
            continue
        values = [str(v) for v in s.dropna().unique()[:MAX_VALUES]]
        pos, first = m.end, True
        while True:
            sep = r"\s*" if first else r"\s*(?:and|or|,|vs\.?|versus|與|和|或)\s*"
            tok = re.compile(sep + r"([a-z0-9]{1,2})(?![a-z0-9])").match(low, pos)
            if tok is None:
                break
            hit = next((v for v in values if v.lower() == tok.group(1)), None)
            if hit is None:
                break
            a = tok.start(1)
            if not any(c.start <= a < c.end for c in chosen):
                out.append(Mention(a, tok.end(1), m.column, hit))
            pos, first = tok.end(), False
    return out


def _fuzzy(low: str, frame: pd.DataFrame, taken: list[bool]) -> list[Mention]:
    """Words close to a column name (typos, singular/plural, 'bill' for 'total_bill')."""
    table: dict[str, str] = {}
    for col in frame.columns:
        for form in forms(str(col)):
            table.setdefault(form, str(col))
            for part in re.split(r"[\s_]+", form):
                if len(part) >= 4 and part not in STOPWORDS:
                    table.setdefault(part, str(col))
    parts_owner: dict[str, set[str]] = {}
    for form, col in table.items():
        parts_owner.setdefault(form, set()).add(col)
    out = []
    for m in re.finditer(r"[a-z][a-z0-9_'-]{3,}", low):
        if any(taken[m.start() : m.end()]) or m.group() in STOPWORDS or m.group() in KEYWORDS:
            continue
        word = m.group()
        word = word[:-3] + "y" if word.endswith("ies") else word.rstrip("s")
        hit = difflib.get_close_matches(word, list(table), n=1, cutoff=0.84)
        if hit and len(parts_owner.get(hit[0], ())) == 1:
            out.append(Mention(m.start(), m.end(), table[hit[0]]))
            for i in range(m.start(), m.end()):
                taken[i] = True
    return out


NUM = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?%?|(?<![\w.])-?\.\d+")


def find_numbers(text: str, blanked: str) -> list[Number]:
    """Numeric literals outside column/value spans (``blanked`` has those spans as spaces)."""
    out = []
    for m in NUM.finditer(blanked):
        raw = m.group()
        if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", text[m.start() : m.start() + 10] or ""):
            continue
        try:
            value = float(raw.replace(",", "").rstrip("%"))
        except ValueError:
            continue
        out.append(Number(m.start(), m.end(), value, raw))
    return out


DATE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?|\d{4}/\d{1,2}/\d{1,2}"
    r"|(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日號号]"
)


# a month and a day, the year optional: "March 5", "Mar. 5th, 2024", "3月5日"
MONTH_DAY_EN = re.compile(MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s*(\d{4})\b)?")
MONTH_DAY_ZH = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日號号]")


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Dates written out in ``text`` (2024-03-14, 2024/3/14, 2024年3月14日, March 5, 2024,
    3月5日) as (start, end, ISO text), in order. The Chinese and month-name forms are
    zero-padded so they compare like the others; a date written without its year comes back
    as ``--MM-DD`` for the caller to place in a year."""
    out = []
    for m in DATE.finditer(text):
        if m.group(1):
            iso = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        else:
            iso = m.group().replace("/", "-")
        out.append((m.start(), m.end(), iso))
    taken = [(a, b) for a, b, _ in out]
    for m in [*MONTH_DAY_EN.finditer(text), *MONTH_DAY_ZH.finditer(text)]:
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue  # part of a full date already read
        if m.re is MONTH_DAY_EN:
            month, day, year = MONTHS[m.group(1).rstrip(".")], int(m.group(2)), m.group(3)
        else:
            month, day, year = int(m.group(1)), int(m.group(2)), None
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        iso = f"{year or '-'}-{month:02d}-{day:02d}"
        out.append((m.start(), m.end(), iso))
        taken.append((m.start(), m.end()))
    return sorted(out)


def word_number(word: str) -> float | None:
    """'two' → 2, '兩' → 2, '3' → 3, else None."""
    w = word.strip().lower()
    if w in NUMBER_WORDS:
        return float(NUMBER_WORDS[w])
    if w == "十":
        return 10.0
    try:
        return float(w)
    except ValueError:
        return None


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the spans replaced by spaces (positions kept)."""
    chars = list(text)
    for a, b in spans:
        for i in range(a, min(b, len(chars))):
            chars[i] = " "
    return "".join(chars)
