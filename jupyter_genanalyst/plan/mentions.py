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

from .lexicon import NUMBER_WORDS, STOPWORDS
from .validate import is_numeric

CJK = re.compile(r"[\u3400-\u9fff]")
MAX_VALUES = 60  # categorical values per column matched against the question


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    column: str
    value: str | None = None  # a categorical value of ``column``; None for the column itself


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
            cands += [Mention(m.start(), m.end(), name) for m in _pattern(form).finditer(low)]
    for col in frame.columns:
        s = frame[col]
        if is_numeric(s) or pd.api.types.is_datetime64_any_dtype(s):
            continue
        for v in s.dropna().astype(str).value_counts().index[:MAX_VALUES]:
            form = v.strip().lower()
            if len(form) < 2 or form in STOPWORDS:
                continue
            cands += [
                Mention(m.start(), m.end(), str(col), v) for m in _pattern(form).finditer(low)
            ]
    chosen: list[Mention] = []
    taken = [False] * len(low)
    # longer first; at equal length a column beats a value of the same spelling
    for m in sorted(cands, key=lambda m: (-(m.end - m.start), m.value is not None, m.start)):
        if any(taken[m.start : m.end]):
            continue
        chosen.append(m)
        for i in range(m.start, m.end):
            taken[i] = True
    chosen += _fuzzy(low, frame, taken)
    return sorted(chosen, key=lambda m: m.start)


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
        if any(taken[m.start() : m.end()]) or m.group() in STOPWORDS:
            continue
        word = m.group().rstrip("s") if m.group().endswith("s") else m.group()
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


DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?|\d{4}/\d{1,2}/\d{1,2}")


def find_dates(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().replace("/", "-")) for m in DATE.finditer(text)]


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
