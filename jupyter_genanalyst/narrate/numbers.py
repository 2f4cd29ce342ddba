"""Find every number a narrative asserts, with how precisely it was written.

Why a hand-written extractor: the grounding check is only as strong as its recall of
numbers. A small LLM writes "1.2 million", "€3,400", "three columns", "twice", "Q1 2024"
or "15.3 pct"; missing any of these would let a hallucination through unmarked. Each
:class:`ExtractedNumber` keeps its exact character span (the frontend highlights it) and
the written precision (``decimals``/``sig_figs``/``scale``), which the matcher needs to
tell honest rounding from a wrong number.

Numbers that are *names* rather than claims are skipped: inline code spans, fact ids,
identifiers such as ``col_2`` or ``Q4_sales``, the column names of the facts, URLs,
markdown list numbering and clock times.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from jupyter_genanalyst.narrate.numbers_types import (
    CURRENCY,
    DATE,
    MINUS_SIGNS,
    MULTIPLE,
    ORDINAL,
    PERCENT,
    POINTS,
    ExtractedNumber,
)
from jupyter_genanalyst.narrate.numbers_zh import blank_cjk, chinese_numbers, fold_width

__all__ = [
    "CURRENCY",
    "DATE",
    "MINUS_SIGNS",
    "MULTIPLE",
    "ORDINAL",
    "PERCENT",
    "POINTS",
    "ExtractedNumber",
    "extract_numbers",
    "mask_non_claims",
]


# ---------------------------------------------------------------- masking of non-claims

_CODE_SPAN = re.compile(r"`[^`\n]*`")
_URL = re.compile(r"\b(?:https?://|www\.)\S+")
_LIST_MARKER = re.compile(r"(?m)^[ \t]*(?:#{1,6}[ \t]+)?\d{1,3}[.)](?=[ \t])")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
# Letters/underscores glued to digits make an identifier ("col_2", "Q4_sales", "x2", "v1.2"),
# except the unit suffixes handled below and quarter labels ("Q1").
_IDENTIFIER = re.compile(
    r"\b(?=[A-Za-z0-9_]*\d)(?=[A-Za-z0-9_]*[A-Za-z_])[A-Za-z0-9_]+(?:\.\d+)*\b"
)
_ALLOWED_GLUE = re.compile(
    r"^(?:\d+(?:\.\d+)?(?:k|K|M|B|bn|mn|x|pp|pct|st|nd|rd|th|s)|\d{1,3}(?:_\d{3})+|Q[1-4]"
    r"|FY\d{2,4}|H[12])$"
)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def mask_non_claims(text: str, names: Iterable[str] = ()) -> str:
    """Return ``text`` with identifiers, code, URLs and ``names`` blanked (same length).

    Blanking instead of deleting keeps every offset valid for the original narrative.
    ``names`` are fact ids and column names: "Q4_sales" or "desc.trend.revenue" are not claims.
    """
    chars = list(text)
    for pattern in (_CODE_SPAN, _URL, _LIST_MARKER, _CLOCK):
        for m in pattern.finditer(text):
            _blank(chars, m.start(), m.end())
    for name in sorted(
        {n for n in names if n and any(c.isdigit() for c in n)}, key=len, reverse=True
    ):
        for m in re.finditer(r"(?<![A-Za-z0-9_.])" + re.escape(name) + r"(?![A-Za-z0-9_])", text):
            _blank(chars, m.start(), m.end())
    masked = "".join(chars)
    for m in _IDENTIFIER.finditer(masked):
        if not _ALLOWED_GLUE.match(m.group(0)):
            _blank(chars, m.start(), m.end())
    return "".join(chars)


# ---------------------------------------------------------------- digits

_CURRENCY_SYMBOLS = "$€£¥₹"
_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_NUMBER = re.compile(
    r"""
    (?<![\w.,])
    (?P<sign>[-−‒–+](?=[$€£¥₹]?\d))?
    (?P<cur>[$€£¥₹]|(?:USD|EUR|GBP)\s?)?
    (?P<num>
        \d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)
      | \d{1,3}(?:[\u0020\u00a0\u202f]\d{3})+(?![\d,.]\d)
      | \d{1,3}(?:_\d{3})+(?!\d)
      | \d+(?:\.\d+)?
      | \.\d+
    )
    (?P<scale>\s?(?:k|K|M|B|bn|mn|tn)(?![\w])|\s(?:thousand|millions?|billions?|trillion)\b)?
    (?P<suffix>
        \s?%
      | \s?(?:percent|per\ cent|pct)\b
      | \s?(?:pp|p\.p\.)(?![\w])
      | \s(?:percentage[\s-]points?|points?)\b
      | \s?[x×](?![\w])
      | \s(?:times|fold)\b
      | -fold\b
      | (?:st|nd|rd|th)\b
    )?
    (?P<curword>\s(?:dollars?|euros?|pounds?|USD|EUR|GBP)\b)?
    """,
    re.VERBOSE,
)


def _written_precision(num: str) -> tuple[int, int | None]:
    """(decimals, significant figures of an integer with trailing zeros)."""
    digits = re.sub(r"[,_\s\u00a0\u202f]", "", num)
    if "." in digits:
        return len(digits.split(".", 1)[1]), None
    stripped = digits.lstrip("0").rstrip("0")
    if digits.rstrip("0") == digits or not stripped:
        return 0, None
    # "1,230,000" → 3 significant figures; never fewer than 2 ("20" is not "about 15").
    return 0, max(2, len(stripped))


def _from_digits(m: re.Match[str]) -> ExtractedNumber:
    num = m.group("num")
    raw = float(re.sub(r"[,_\s\u00a0\u202f]", "", num))
    decimals, sig = _written_precision(num)
    scale_word = (m.group("scale") or "").strip()
    scale = _SCALES.get(scale_word.lower(), 1.0) if scale_word else 1.0
    suffix = (m.group("suffix") or "").strip().lower()
    unit: str | None = None
    alternatives: tuple[float, ...] = ()
    if suffix in ("%", "percent", "per cent", "pct"):
        unit = PERCENT
    elif suffix in ("pp", "p.p.") or "point" in suffix:
        unit = POINTS
    elif suffix in ("x", "×", "times", "fold", "-fold"):
        unit = MULTIPLE
    elif suffix in ("st", "nd", "rd", "th"):
        unit = ORDINAL
    if m.group("cur") or m.group("curword"):
        unit = CURRENCY
    if scale != 1.0:
        sig = None  # "1.2 million": precision is the written decimals at that scale
    sign = m.group("sign") or ""
    negative = bool(sign) and sign != "+"
    value = raw * scale * (-1.0 if negative else 1.0)
    return ExtractedNumber(
        text=m.group(0),
        start=m.start(),
        end=m.end(),
        value=value,
        unit=unit,
        alternatives=alternatives,
        decimals=decimals,
        scale=scale,
        sig_figs=sig,
        negative=negative,
        positive=sign == "+",
    )


# ---------------------------------------------------------------- dates

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO_DATE = re.compile(
    r"(?<![\w.])(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ]\d{2}:\d{2}(?::\d{2})?)?(?![\w-])"
)
_SLASH_DATE = re.compile(r"(?<![\w./])(\d{4})/(\d{1,2})/(\d{1,2})(?![\w/])")
_MONTH_DATE = re.compile(
    rf"(?i)\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<mon>{_MONTH_RE})\.?"
    rf"(?:\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?,?\s+(?P<year>\d{{4}})\b"
)
_QUARTER = re.compile(
    r"\b(?:Q(?P<q1>[1-4])\s*(?:of\s+)?(?P<y1>\d{4})|(?P<y2>\d{4})[\s-]?Q(?P<q2>[1-4]))\b"
)
_YEAR = re.compile(
    r"(?<![\w.,$€£¥₹])(?:1[89]\d\d|20\d\d|2100)(?![\w%]|[.,]\d|\s?(?:percent|pct|k\b|x\b))"
)


def _dates(text: str) -> list[ExtractedNumber]:
    found: list[ExtractedNumber] = []
    for m in _ISO_DATE.finditer(text):
        year, month, day = m.group(1), m.group(2), m.group(3)
        if not 1 <= int(month) <= 12:
            continue
        iso = f"{year}-{month}" + (f"-{day}" if day else "")
        found.append(ExtractedNumber(m.group(0), m.start(), m.end(), float(year), DATE, iso=iso))
    for m in _SLASH_DATE.finditer(text):
        iso = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        found.append(
            ExtractedNumber(m.group(0), m.start(), m.end(), float(m.group(1)), DATE, iso=iso)
        )
    for m in _MONTH_DATE.finditer(text):
        month = _MONTHS[m.group("mon").lower()]
        day = m.group("d1") or m.group("d2")
        iso = f"{m.group('year')}-{month:02d}" + (f"-{int(day):02d}" if day else "")
        found.append(
            ExtractedNumber(m.group(0), m.start(), m.end(), float(m.group("year")), DATE, iso=iso)
        )
    for m in _QUARTER.finditer(text):
        year, q = (
            (m.group("y1"), m.group("q1")) if m.group("y1") else (m.group("y2"), m.group("q2"))
        )
        found.append(
            ExtractedNumber(m.group(0), m.start(), m.end(), float(year), DATE, iso=f"{year}-Q{q}")
        )
    taken = [(d.start, d.end) for d in found]
    for m in _YEAR.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        found.append(
            ExtractedNumber(
                m.group(0),
                m.start(),
                m.end(),
                float(m.group(0)),
                DATE,
                iso=m.group(0),
                sig_figs=_written_precision(m.group(0))[1],
            )
        )
    return found


# ---------------------------------------------------------------- number words

_UNITS_WORDS = {
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
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_BIG_WORDS = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_CARDINAL = "|".join(sorted(_UNITS_WORDS, key=len, reverse=True))
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_DIGIT_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_WORD_NUMBER = re.compile(
    rf"\b(?P<base>(?:{_TENS})[\s-](?:{_DIGIT_WORDS})|{_CARDINAL}|dozen)"
    rf"(?P<big>(?:\s+(?:hundred|thousand|million|billion))*)"
    rf"(?P<mult>\s+times|[\s-]fold)?\b"
    rf"|\b(?P<lead2>a\s+|one\s+)(?P<big2>hundred|thousand|million|billion|dozen)\b",
    re.IGNORECASE,
)
# Idioms where a number word claims nothing: "one of the", "one another", "no one".
_IDIOM_AFTER = re.compile(
    r"(?i)\s*(?:of\b|another\b|or\s+(?:more|two|another)\b|by\s+one\b|"
    r"-?(?:sided|off|way|hot|liner|dimensional)\b|"
    r"(?:\w+\s+)?(?:per|each|every)\b)"
)  # "one row per day": a rate
_IDIOM_BEFORE = re.compile(
    r"(?i)(?:\bno|\bany|\bsome|\bevery|\bthe|\bthis|\bthat|"
    r"\beach|\bwhich)\s*$"
)  # "the one before": a pronoun
_MULTIPLIER_WORDS = {
    # word: (value, alternatives: the same claim as a percent change)
    "twice": (2.0, (100.0,)),
    "doubled": (2.0, (100.0,)),
    "double": (2.0, (100.0,)),
    "tripled": (3.0, (200.0,)),
    "triple": (3.0, (200.0,)),
    "thrice": (3.0, (200.0,)),
    "quadrupled": (4.0, (300.0,)),
    "half": (0.5, (50.0,)),
    "halved": (0.5, (-50.0, 50.0)),
    "a third": (1 / 3, (100 / 3,)),
    "one third": (1 / 3, (100 / 3,)),
    "a quarter": (0.25, (25.0,)),
    "one quarter": (0.25, (25.0,)),
}
_HALF_IDIOM = re.compile(r"(?i)\b(?:first|second|last|other|latter|former|back|front)\s+$")
_MULTIPLIER = re.compile(
    r"(?i)\b(?:"
    + "|".join(re.escape(w) for w in sorted(_MULTIPLIER_WORDS, key=len, reverse=True))
    + r")\b"
)


def _word_value(m: re.Match[str]) -> float:
    if m.group("big2"):
        word = m.group("big2").lower()
        return 12.0 if word == "dozen" else _BIG_WORDS[word]
    base = m.group("base").lower()
    if base == "dozen":
        value = 12.0
    else:
        value = float(sum(_UNITS_WORDS[w] for w in re.split(r"[\s-]", base) if w))
    for word in (m.group("big") or "").split():
        value *= _BIG_WORDS[word.lower()]
    return value


def _words(text: str) -> list[ExtractedNumber]:
    found: list[ExtractedNumber] = []
    for m in _MULTIPLIER.finditer(text):
        if _HALF_IDIOM.search(text[: m.start()]):
            continue  # "the second half of 2024" is a period, not a proportion
        value, alts = _MULTIPLIER_WORDS[m.group(0).lower()]
        found.append(
            ExtractedNumber(
                m.group(0),
                m.start(),
                m.end(),
                value,
                MULTIPLE,
                alternatives=alts,
                decimals=2,
                is_word=True,
            )
        )
    for m in _WORD_NUMBER.finditer(text):
        start = m.start()
        word = text[start : m.end()]
        if word.lower() == "one" and (
            _IDIOM_AFTER.match(text, m.end()) or _IDIOM_BEFORE.search(text[:start])
        ):
            continue
        if any(f.start <= start < f.end for f in found):
            continue
        unit = MULTIPLE if m.group("mult") else None
        found.append(
            ExtractedNumber(word, start, m.end(), _word_value(m), unit, decimals=0, is_word=True)
        )
    return found


# ---------------------------------------------------------------- public entry point

_RANGE_DASH = re.compile(r"^\s?[-–‒—~～至到]\s?$")


def extract_numbers(text: str, names: Iterable[str] = ()) -> list[ExtractedNumber]:
    """Every number asserted in ``text``, in order of appearance, without overlaps.

    ``names`` (fact ids, column names) are blanked first so "Q4_sales" or "col_2"
    never count as claims. Ranges ("10–20", "10-20%") yield both ends, the unit of
    the second end applying to the first when only it is written.
    """
    folded = fold_width(text)
    masked = mask_non_claims(folded, names)
    found = chinese_numbers(masked)
    taken = [(d.start, d.end) for d in found]

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    # The ASCII patterns treat CJK characters as word characters: read them as spaces.
    with_cjk, masked = masked, blank_cjk(masked)
    found.extend(d for d in _dates(masked) if free(d.start, d.end))
    taken = [(d.start, d.end) for d in found]
    digits: list[ExtractedNumber] = []
    for m in _NUMBER.finditer(masked):
        if not free(m.start(), m.end()):
            continue
        number = _from_digits(m)
        if (
            digits
            and number.negative
            and m.start() - digits[-1].end <= 1
            and not masked[digits[-1].end : m.start()].strip()
        ):
            # "10 – 20": the dash is a range, not a minus sign.
            number = _unsign(number, text)
        digits.append(number)
    digits = _share_range_units(digits, with_cjk)
    found.extend(digits)
    taken = [(d.start, d.end) for d in found]
    found.extend(w for w in _words(masked) if free(w.start, w.end))
    found = [_frequency_or_multiple(n, masked) for n in found]
    found.sort(key=lambda n: n.start)
    # Report the original text (masking only blanks, offsets are unchanged).
    return [_qualify(_retext(n, text), folded) for n in found]


_COMPARATIVE = re.compile(
    r"(?i)\s+(?:as|more|less|higher|lower|larger|smaller|bigger|greater|the|that|than|over|"
    r"faster|slower|longer|shorter|\w+er\b)"
)


def _frequency_or_multiple(number: ExtractedNumber, text: str) -> ExtractedNumber:
    """ "3 times higher" is a multiple; "appears 42 times." is a count of occurrences."""
    if (
        number.unit == MULTIPLE
        and number.text.lower().endswith("times")
        and not _COMPARATIVE.match(text, number.end)
    ):
        return replace(number, unit=None, is_word=number.is_word)
    return number


_QUALIFIERS = (
    (
        "approx",
        re.compile(
            r"(?i)(?:\babout|\baround|\broughly|\bapproximately|\bapprox\.?|"
            r"\bsome|\bclose\s+to|\bon\s+the\s+order\s+of|~|≈|大約|大概|約)\s*$"
        ),
    ),
    (
        "below",
        re.compile(
            r"(?i)(?:\bnearly|\balmost|\bjust\s+(?:under|below)|\bclose\s+to|將近|接近)\s*$"
        ),
    ),
    (
        "gt",
        re.compile(
            r"(?i)(?:\bmore\s+than|\bover|\babove|\bat\s+least|\bexceeds?|"
            r"\bexceeding|\bgreater\s+than|\bupwards\s+of|>=?|≥|超過|逾|多於|高於|大於)\s*$"
        ),
    ),
    (
        "lt",
        re.compile(
            r"(?i)(?:\bless\s+than|\bfewer\s+than|\bunder|\bbelow|\bat\s+most|"
            r"\bup\s+to|\bno\s+more\s+than|<=?|≤|少於|不到|低於|小於|未滿)\s*$"
        ),
    ),
)


def _qualify(number: ExtractedNumber, text: str) -> ExtractedNumber:
    """Note "about 1,200" / "more than half": the claim is a bound, not an equality."""
    if number.qualifier is not None:
        return number
    before = text[max(0, number.start - 24) : number.start]
    for name, pattern in _QUALIFIERS:
        if pattern.search(before):
            return replace(number, qualifier=name)
    return number


def _unsign(number: ExtractedNumber, text: str) -> ExtractedNumber:
    return replace(
        number,
        text=text[number.start + 1 : number.end],
        start=number.start + 1,
        value=abs(number.value),
        negative=False,
    )


_BETWEEN = re.compile(r"(?i)\bbetween\s+$")


def _share_range_units(numbers: list[ExtractedNumber], text: str) -> list[ExtractedNumber]:
    """Link the two ends of a range ("10–20%", "between 2 and 2.5").

    The unit written after the second end applies to the first ("10–20%" → both percent,
    "$2–3M" → both millions), and each end remembers the other: a range is honest when
    it brackets a fact value even if neither end is one.
    """
    out = list(numbers)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        gap = text[a.end : b.start]
        dashed = _RANGE_DASH.match(gap) is not None
        between = gap.strip().lower() == "and" and _BETWEEN.search(text[: a.start]) is not None
        if not (dashed or between or re.fullmatch(r"\s(?:to|and)\s", gap)):
            continue
        if a.unit is None and b.unit in (PERCENT, POINTS, MULTIPLE, CURRENCY):
            a = replace(
                a,
                value=a.value * b.scale,
                unit=b.unit,
                scale=b.scale,
                sig_figs=None if b.scale != 1.0 else a.sig_figs,
            )
        if dashed or between:
            a = replace(a, qualifier="range", other_end=b.value)
            b = replace(b, qualifier="range", other_end=a.value)
        out[i], out[i + 1] = a, b
    return out


def _retext(number: ExtractedNumber, text: str) -> ExtractedNumber:
    span = text[number.start : number.end]
    # Keep the span tight: a leading space comes from optional groups in the pattern.
    stripped = span.strip()
    offset = span.index(stripped) if stripped else 0
    start = number.start + offset
    return replace(number, text=stripped, start=start, end=start + len(stripped))
