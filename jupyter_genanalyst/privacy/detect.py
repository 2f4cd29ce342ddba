"""Which columns of a DataFrame hold personal data, and which exact values.

Detection looks at a sample (fast on 1M rows) using the column name and the cell
contents; the exact values of every detected column are then collected from *all* rows
with vectorised ``unique`` so the final guard (:class:`~.mask.Scrubber`) can remove them
from any text, even where no pattern would recognise them (names, odd formats).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from ..errors import GenAnalystError
from . import taiwan
from .recognize import (
    EMAIL_RE,
    PII_KINDS,
    address_spans,
    find_pii,
    has_given_name,
    is_card,
    is_iban,
    is_ip,
    is_national_id,
    is_phone,
    looks_like_name,
)
from .words import (
    HINTS,
    ID_HINTS,
    NOT_PERSON,
    NULL_TOKENS,
    PERSON_NAME_STRONG,
    PERSON_ROLES,
    SURNAME_HINTS,
    ZH_HINTS,
)

STRICT_SHARE = 0.5  # content alone decides above this share of sampled values
HINTED_SHARE = 0.2  # with a matching column name, this much content is enough
LOOSE_SHARE = 0.6  # with a matching name, values merely shaped like the kind
FREE_TEXT_SCAN = 500  # sampled values scanned for PII inside longer text
FREE_TEXT_COLLECT = 2_000  # distinct values of a free-text column scanned for the guard
DISTINCT_EXAMINED = 600  # most frequent distinct sampled values classified per column


@dataclass(frozen=True)
class ColumnPII:
    """What was found in one column. Holds no raw values (it is safe to display)."""

    column: str
    kinds: tuple[str, ...]  # most likely first
    share: float  # share (0–1) of sampled non-empty values matching ``kinds[0]``
    shares: Mapping[str, float] = field(default_factory=dict)
    by_name: bool = False  # the column name pointed at this kind
    free_text: bool = False  # PII found inside longer text rather than as whole values
    sampled: int = 0  # non-empty values examined
    complete: bool = True  # every row's PII values are in ``PIIReport.values``

    @property
    def kind(self) -> str:
        return self.kinds[0]


@dataclass(frozen=True, eq=False)
class PIIReport:
    """Per-column PII findings plus the exact raw PII strings seen anywhere in the frame."""

    columns: Mapping[str, ColumnPII]
    values_by_kind: Mapping[str, frozenset[str]] = field(default_factory=dict, repr=False)
    id_columns: frozenset[str] = frozenset()
    n_rows: int = 0
    sampled_rows: int = 0
    # Where PII was found outside cell values, without the values: "column name 3:
    # national_id", "index level 0: person_name", "categories of column 'x': address".
    labels: tuple[str, ...] = ()

    @cached_property
    def values(self) -> frozenset[str]:
        """Every raw PII string recorded (whole cells, or PII found inside free text)."""
        out: set[str] = set()
        for vals in self.values_by_kind.values():
            out |= vals
        return frozenset(out)

    def kind_of(self, value: str) -> str | None:
        for kind, vals in self.values_by_kind.items():
            if value in vals:
                return kind
        return None

    def __repr__(self) -> str:  # never show raw values, only their number
        cols = ", ".join(f"{c}:{p.kind}" for c, p in self.columns.items())
        return f"PIIReport(columns=[{cols}], values={len(self.values)}, rows={self.n_rows})"

    def _repr_markdown_(self) -> str:
        if not self.columns:
            return (
                f"_No personal data detected ({self.sampled_rows} of {self.n_rows} rows sampled)._"
            )
        lines = ["| column | PII | share of values | found by |", "|---|---|---|---|"]
        for col, info in self.columns.items():
            how = (
                "free text" if info.free_text else ("name + content" if info.by_name else "content")
            )
            kinds = ", ".join(info.kinds)
            name = col.replace("|", "\\|")
            lines.append(f"| `{name}` | {kinds} | {info.share:.0%} | {how} |")
        lines.append(
            f"\n{len(self.values)} distinct values will be masked; "
            f"{self.sampled_rows} of {self.n_rows} rows sampled for detection."
        )
        return "\n".join(lines)


# ------------------------------------------------------------------ helpers
def name_tokens(label: str) -> set[str]:
    """Lower-case words of a column name, plus their concatenation ("first_name" → firstname)."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", label)
    tokens = [t for t in re.split(r"[^0-9a-zà-ÿß]+", spaced.lower()) if t]
    return set(tokens) | {"".join(tokens)}


def _hinted_kinds(tokens: set[str], label: str = "") -> list[str]:
    kinds = [kind for kind, words in HINTS.items() if tokens & words]
    return kinds + [k for k in _zh_hinted(label) if k not in kinds]


def _zh_hinted(label: str) -> list[str]:
    """Kinds a Chinese column name points at (substrings: Chinese has no word breaks)."""
    return [kind for kind, words in ZH_HINTS.items() if any(w in label for w in words)]


def _person_hint(tokens: set[str], label: str) -> str:
    """'surname', 'strong', 'weak' or '' — how strongly the name says 'a person's name'."""
    if tokens & NOT_PERSON:
        return ""
    if tokens & SURNAME_HINTS:
        return "surname"
    if tokens & PERSON_NAME_STRONG or label.strip().lower() == "name":
        return "strong"
    if "name" in tokens and tokens & PERSON_ROLES:
        return "strong"
    if "name" in tokens or tokens & PERSON_ROLES:
        return "weak"
    return ""


def _as_strings(series: pd.Series) -> pd.Series | None:
    """Non-empty cell values as stripped strings, or None for dtypes that cannot hold PII."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype):
        return None
    if pd.api.types.is_timedelta64_dtype(dtype) or pd.api.types.is_complex_dtype(dtype):
        return None
    if isinstance(dtype, (pd.PeriodDtype, pd.IntervalDtype)):
        return None
    s = series.dropna()
    if pd.api.types.is_float_dtype(dtype):
        # Integers read as float because of missing values (phone numbers, card numbers).
        if s.empty or not bool((s % 1 == 0).all()) or not bool((s.abs() < 2**63).all()):
            return None
        s = s.astype("int64")
    if s.empty:
        return pd.Series([], dtype=object)
    strings = pd.Series([str(v).strip() for v in s.array], dtype=object)
    return strings[~strings.str.lower().isin(NULL_TOKENS)]


def _unique_strings(series: pd.Series) -> list[str]:
    """Distinct non-empty values of a whole column as strings.

    Vectorised (unique, then strip/len/isin on the distinct values only) because this
    runs over every row of every detected column: 1M rows must stay well under a second.
    """
    s = series.dropna()
    if pd.api.types.is_float_dtype(s.dtype) and not s.empty and bool((s % 1 == 0).all()):
        s = s.astype("int64")
    try:
        uniques = pd.Series(s.unique())
    except TypeError:  # unhashable cells (lists, dicts)
        uniques = pd.Series(s.astype(str).unique())
    if uniques.empty:
        return []
    text = uniques.astype(str).str.strip()
    lengths = text.str.len()
    keep = lengths >= 3
    short = keep & (lengths <= 16)  # only short strings can be "n/a", "unknown", …
    keep[short] = ~text[short].str.lower().isin(NULL_TOKENS)
    return text[keep].tolist()


def _value_kinds(value: str, hints: list[str]) -> set[str]:
    """Kinds a whole cell value is, by pattern and checksum."""
    kinds: set[str] = set()
    if "@" in value and EMAIL_RE.fullmatch(value):
        kinds.add("email")
    if not any(c.isdigit() for c in value):
        if taiwan.has_cjk(value) and _mostly(taiwan.address_spans(value), value):
            kinds.add("address")
        return kinds
    if taiwan.is_tw_id(value):
        kinds.add("national_id")
    if "business_id" in hints and taiwan.is_tw_business_number(value):
        kinds.add("business_id")
    if taiwan.is_tw_phone(value, allow_bare="phone" in hints):
        kinds.add("phone")
    if taiwan.has_cjk(value) and _mostly(taiwan.address_spans(value), value):
        kinds.add("address")
    if is_card(value):
        kinds.add("card")
    if is_iban(value):
        kinds.add("iban")
    if is_ip(value):
        kinds.add("ip")
    if is_national_id(value, allow_bare="national_id" in hints):
        kinds.add("national_id")
    if not kinds & {"card", "national_id", "ip"} and is_phone(value, allow_bare="phone" in hints):
        kinds.add("phone")
    if any(True for _ in address_spans(value)):
        kinds.add("address")
    return kinds


def _mostly(spans: Iterable[tuple[int, int]], value: str) -> bool:
    """Spans covering at least half of ``value`` (an address cell, not a remark)."""
    return sum(end - start for start, end in spans) >= 0.5 * len(value.strip())


def _loose(kind: str, value: str) -> bool:
    """Shaped like ``kind`` (used only when the column name already says so)."""
    digits = sum(c.isdigit() for c in value)
    if kind == "email":
        return "@" in value
    if kind == "phone":
        return 6 <= digits <= 15 and bool(re.fullmatch(r"[\d ()+.\-/]+", value))
    if kind == "card":
        return 12 <= digits <= 19 and bool(re.fullmatch(r"[\d \-]+", value))
    if kind == "iban":
        return bool(re.fullmatch(r"[A-Za-z]{2}\d{2}[A-Za-z0-9 \-]{10,40}", value))
    if kind == "ip":
        return bool(re.fullmatch(r"[0-9A-Fa-f.:]{3,45}", value)) and digits > 0
    if kind == "national_id":
        return digits >= 5 and len(value) <= 24 and bool(re.fullmatch(r"[\w .\-/]+", value))
    if kind == "address":
        if taiwan.has_cjk(value):
            return any(c in value for c in "路街段巷弄號里村") and len(value) >= 5
        return digits > 0 and any(c.isalpha() for c in value) and len(value.split()) >= 2
    if kind == "business_id":
        return bool(re.fullmatch(r"\d{8}", value))
    return False


def _is_free_text(values: list[str]) -> bool:
    if not values:
        return False
    lengths = sorted(len(v) for v in values)
    # Chinese has no spaces: count two characters as a word
    words = sum(max(len(v.split()), taiwan.cjk_count(v) // 2) for v in values) / len(values)
    return lengths[len(lengths) // 2] >= 20 and words >= 3


@dataclass
class _Finding:
    info: ColumnPII
    full_values: bool  # collect whole cell values (else: PII substrings of free text)


def _classify(label: str, strings: pd.Series) -> _Finding | None:
    """Decide whether one column holds PII, from its name and a sample of its values."""
    tokens = name_tokens(label)
    hints = _hinted_kinds(tokens, label)
    person = _person_hint(tokens, label) or ("strong" if "person_name" in hints else "")
    counts = strings.value_counts().head(DISTINCT_EXAMINED)  # ±4% on shares, bounded time
    total = int(counts.sum())
    if total == 0:
        return None
    uniques = [str(v) for v in counts.index]
    weights = [int(c) for c in counts.array]

    share: dict[str, float] = defaultdict(float)
    for value, weight in zip(uniques, weights, strict=True):
        for kind in _value_kinds(value, hints):
            share[kind] += weight / total
    found = [
        k
        for k in PII_KINDS
        if share[k] >= STRICT_SHARE or (k in hints and share[k] >= HINTED_SHARE)
    ]
    by_name = any(k in hints for k in found)

    if not found:
        name_shape = (
            sum(w for v, w in zip(uniques, weights, strict=True) if looks_like_name(v)) / total
        )
        given = sum(w for v, w in zip(uniques, weights, strict=True) if has_given_name(v)) / total
        zh = sum(w for v, w in zip(uniques, weights, strict=True) if taiwan.is_chinese_name(v))
        share["person_name"] = given if given else name_shape
        if zh / total >= (0.5 if person else 0.8):  # 陳小明, 歐陽娜娜
            found, by_name = ["person_name"], bool(person)
            share["person_name"] = zh / total
        elif name_shape >= 0.7 and (
            given >= 0.4
            or person == "surname"
            or (person == "strong" and given >= 0.02)
            or (person == "weak" and given >= 0.15)
        ):
            found, by_name = ["person_name"], bool(person)
            share["person_name"] = max(given, name_shape if person else 0.0)

    if not found:
        for kind in hints:
            loose = sum(w for v, w in zip(uniques, weights, strict=True) if _loose(kind, v)) / total
            if loose >= LOOSE_SHARE:
                found, by_name = [kind], True
                share[kind] = loose
                break

    if found:
        found.sort(key=lambda k: -share[k])
        shares = {k: round(v, 4) for k, v in share.items() if v > 0}
        return _Finding(
            ColumnPII(
                label, tuple(found), round(share[found[0]], 4), shares, by_name, False, total
            ),
            True,
        )

    if _is_free_text(uniques):
        scanned = uniques[:FREE_TEXT_SCAN]
        hits: dict[str, int] = defaultdict(int)
        for value, weight in zip(scanned, weights, strict=False):
            for kind in {s.kind for s in find_pii(value)}:
                hits[kind] += weight
        seen = sum(weights[: len(scanned)])
        needed = max(1 if seen < 40 else 2, math.ceil(0.05 * seen))
        kinds = tuple(sorted((k for k in hits if hits[k] >= needed), key=lambda k: -hits[k]))
        if kinds:
            shares = {k: round(hits[k] / seen, 4) for k in hits}
            info = ColumnPII(label, kinds, shares[kinds[0]], shares, False, True, seen)
            return _Finding(info, False)
    return None


def _is_id_like(label: str, strings: pd.Series, numeric: bool) -> bool:
    """Identifier columns: their individual values must not reach an aggregate-only prompt."""
    if name_tokens(label) & ID_HINTS:
        return True
    if numeric or len(strings) < 20 or strings.nunique() < 0.95 * len(strings):
        return False
    head = strings.head(200)
    shaped = head.str.fullmatch(r"(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-:#/.]{4,}").mean()
    return bool(shaped >= 0.9)


def _collect(series: pd.Series, finding: _Finding) -> tuple[Mapping[str, Iterable[str]], bool]:
    """The raw PII strings of a detected column, over all rows."""
    uniques = _unique_strings(series)
    if finding.full_values:
        return {finding.info.kind: uniques}, True
    found: dict[str, set[str]] = defaultdict(set)
    for value in uniques[:FREE_TEXT_COLLECT]:
        for span in find_pii(value, finding.info.kinds):
            found[span.kind].add(span.text)
    return found, len(uniques) <= FREE_TEXT_COLLECT


def detect_pii(df: pd.DataFrame, *, sample: int = 2000, random_state: int = 0) -> PIIReport:
    """Find the columns of ``df`` holding personal data (``df`` is not modified).

    Detection reads at most ``sample`` rows; the exact values of the detected columns are
    then gathered from every row, so the report can guard any text built from ``df``.
    """
    if not isinstance(df, pd.DataFrame):
        raise GenAnalystError(f"detect_pii needs a pandas DataFrame, got {type(df).__name__}")
    if sample < 1:
        raise GenAnalystError(f"sample must be a positive number of rows, got {sample}")
    n_rows = len(df)
    rows = df if n_rows <= sample else df.sample(n=sample, random_state=random_state)
    columns: dict[str, ColumnPII] = {}
    values: dict[str, set[str]] = defaultdict(set)
    id_columns: set[str] = set()
    for position, label in enumerate(df.columns):
        key = str(label)
        part = rows.iloc[:, position]
        strings = _as_strings(part)
        if strings is None or strings.empty:
            continue
        finding = _classify(key, strings)
        if finding is None:
            numeric = pd.api.types.is_numeric_dtype(part.dtype)
            if _is_id_like(key, strings, numeric):
                id_columns.add(key)
            continue
        collected, complete = _collect(df.iloc[:, position], finding)
        for kind, vals in collected.items():
            values[kind].update(vals)
        info = finding.info
        if not complete:
            info = ColumnPII(
                info.column,
                info.kinds,
                info.share,
                info.shares,
                info.by_name,
                info.free_text,
                info.sampled,
                False,
            )
        if key in columns:  # duplicate column names: merge
            old = columns[key]
            info = ColumnPII(
                key,
                tuple(dict.fromkeys(old.kinds + info.kinds)),
                max(old.share, info.share),
                {**old.shares, **info.shares},
                old.by_name or info.by_name,
                old.free_text and info.free_text,
                old.sampled + info.sampled,
                old.complete and info.complete,
            )
        columns[key] = info
    places = _label_pii(df, rows, values)
    return PIIReport(
        columns=columns,
        values_by_kind={k: frozenset(v) for k, v in values.items()},
        id_columns=frozenset(id_columns - set(columns)),
        n_rows=n_rows,
        sampled_rows=len(rows),
        labels=tuple(places),
    )


# ------------------------------------------------------------------ labels
def _text_kinds(text: str, values: dict[str, set[str]]) -> set[str]:
    """Record PII in one label (whole, or inside it); return the kinds found."""
    kinds = _value_kinds(text, [])
    if taiwan.is_chinese_name(text) or (looks_like_name(text) and has_given_name(text)):
        kinds.add("person_name")
    for kind in kinds:
        values[kind].add(text)
    for span in find_pii(text):
        values[span.kind].add(span.text)
        kinds.add(span.kind)
    return kinds


def _level_pii(
    label: str, full: pd.Series, sample: pd.Series, values: dict[str, set[str]]
) -> set[str]:
    """PII among index values or category levels: classified like a column, else scanned."""
    strings = _as_strings(sample)
    if strings is None or strings.empty:
        return set()
    finding = _classify(label, strings)
    if finding is not None:
        collected, _ = _collect(full, finding)
        for kind, vals in collected.items():
            values[kind].update(vals)
        return set(finding.info.kinds)
    kinds: set[str] = set()
    for value in _unique_strings(full)[:FREE_TEXT_COLLECT]:
        kinds |= _text_kinds(value, values)
    return kinds


def _label_pii(df: pd.DataFrame, rows: pd.DataFrame, values: dict[str, set[str]]) -> list[str]:
    """PII used as column names, index values or category levels (the values are added to
    ``values``; the returned places name where, never what)."""
    places: list[str] = []
    for i, label in enumerate(df.columns):
        parts = label if isinstance(label, tuple) else (label,)
        for kind in sorted(set().union(*(_text_kinds(str(p), values) for p in parts))):
            places.append(f"column name {i}: {kind}")
    if not isinstance(df.index, pd.RangeIndex):
        for level in range(df.index.nlevels):
            name = str(df.index.names[level] or "index")
            full = pd.Series(df.index.get_level_values(level))
            sample = pd.Series(rows.index.get_level_values(level))
            for kind in sorted(_level_pii(name, full, sample, values)):
                places.append(f"index level {level}: {kind}")
    for i in range(df.shape[1]):
        column = df.iloc[:, i]
        if isinstance(column.dtype, pd.CategoricalDtype):
            levels = pd.Series(column.cat.categories)
            for kind in sorted(_level_pii(str(df.columns[i]), levels, levels, values)):
                places.append(f"categories of column {i}: {kind}")
    return places
