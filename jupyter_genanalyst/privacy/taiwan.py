"""Taiwanese and Chinese personal data: IDs with checksums, phones, names, addresses.

Why separate rules: the Latin-script recognizers rely on word boundaries, capitalised
names and libphonenumber regions; Chinese text has no spaces (every CJK character is a
regex word character), names are a surname plus one or two characters, and Taiwanese
identifiers carry their own check digits. Checksums keep IDs precise; names need a
surname list plus context (先生/小姐, 姓名：) or a name-like column, because a bare
two-character word is as often an ordinary noun.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .words import (
    ZH_COMPOUND_SURNAMES,
    ZH_NAME_CONTEXT,
    ZH_NAME_TITLES,
    ZH_NOT_NAME_ENDINGS,
    ZH_SURNAMES,
    _words,
)

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
_CJK_RUN = re.compile(f"[{CJK}]+")
_NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])"

# Letter codes shared by the national ID and both resident certificate forms.
_LETTER_CODE = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True))
_WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)


def _checksum_ok(first: int, second: int, digits: str) -> bool:
    numbers = [first // 10, first % 10, second, *(int(d) for d in digits)]
    return sum(w * n for w, n in zip(_WEIGHTS, numbers, strict=True)) % 10 == 0


def is_tw_national_id(value: str) -> bool:
    """國民身分證統一編號 (``A123456789``) or 新式統一證號 (``A800000014``), check digit valid."""
    v = value.strip().upper()
    if not re.fullmatch(r"[A-Z][1289]\d{8}", v):
        return False
    return _checksum_ok(_LETTER_CODE[v[0]], int(v[1]), v[2:])


def is_tw_old_arc(value: str) -> bool:
    """Old resident certificate (舊式居留證 ``AB12345678``): second letter A–D, check digit."""
    v = value.strip().upper()
    if not re.fullmatch(r"[A-Z][A-D]\d{8}", v):
        return False
    return _checksum_ok(_LETTER_CODE[v[0]], _LETTER_CODE[v[1]] % 10, v[2:])


def is_tw_id(value: str) -> bool:
    return is_tw_national_id(value) or is_tw_old_arc(value)


def is_tw_business_number(value: str) -> bool:
    """統一編號: 8 digits, weights 1,2,1,2,1,2,4,1, digit sums divisible by 5 (2023 rule,
    which accepts every number the older divisible-by-10 rule did); a 7th digit of 7
    gives 28 → 10, which counts as either 1 or 0."""
    v = value.strip()
    if not re.fullmatch(r"\d{8}", v):
        return False
    total = 0
    for digit, weight in zip(v, (1, 2, 1, 2, 1, 2, 4, 1), strict=True):
        product = int(digit) * weight
        total += product // 10 + product % 10
    if v[6] == "7":
        return total % 5 == 0 or (total + 1) % 5 == 0  # 10 counted as 1 or as 0
    return total % 5 == 0


# ---------------------------------------------------------------- phones
_MOBILE = re.compile(
    _NOT_ALNUM_BEFORE + r"(?:(?:\+|00)?886[\s-]?|0)9\d{2}[\s-]?\d{3}[\s-]?\d{3}" + _NOT_ALNUM_AFTER
)
_LANDLINE = re.compile(
    _NOT_ALNUM_BEFORE
    + r"(?:\(0[2-8]\d{0,2}\)\s?|0[2-8]\d{0,2}[\s-]|(?:\+|00)886[\s-]?\(?[2-8]\d{0,2}\)?[\s-]?)"
    r"\d{2,4}[\s-]?\d{4}(?:\s?(?:#|分機|ext\.?)\s?\d{1,5})?" + _NOT_ALNUM_AFTER
)
_LANDLINE_BARE = re.compile(r"0[2-8]\d{7,8}")


def is_tw_phone(value: str, *, allow_bare: bool = False) -> bool:
    """A Taiwanese mobile (0912-345-678, +886 912 345 678) or landline ((02) 2345-6789)."""
    v = value.strip()
    if _MOBILE.fullmatch(v) or _LANDLINE.fullmatch(v):
        return True
    return allow_bare and bool(_LANDLINE_BARE.fullmatch(v))


# ---------------------------------------------------------------- addresses
_NUM = r"[0-9０-９一二三四五六七八九十百]+"
# The 22 Taiwanese cities and counties (台/臺 both), so a match does not swallow the
# words before it ("住在新竹縣…" records "新竹縣…").
_CITY_NAMES = _words(
    "台北市 新北市 桃園市 台中市 台南市 高雄市 基隆市 新竹市 嘉義市 新竹縣 苗栗縣 彰化縣 "
    "南投縣 雲林縣 嘉義縣 屏東縣 宜蘭縣 花蓮縣 台東縣 澎湖縣 金門縣 連江縣"
)
_CITIES = "(?:" + "|".join(sorted(_CITY_NAMES | {n.replace("台", "臺") for n in _CITY_NAMES})) + ")"
_ADDRESS = re.compile(
    r"(?:(?:台灣|臺灣)省?)?(?:(?<![0-9A-Za-z])\d{3}(?:\d{2,3})?\s?)?"
    rf"(?:{_CITIES}(?:[{CJK}]{{1,3}}?[區鄉鎮市])?|(?<![{CJK}])[{CJK}]{{1,3}}?[區鄉鎮市])?"
    rf"(?:[{CJK}]{{1,3}}?[村里])?(?:{_NUM}鄰)?"
    rf"[{CJK}0-9]{{1,8}}?(?:路|街|大道)(?:{_NUM}段)?(?:{_NUM}巷)?(?:{_NUM}弄)?"
    rf"{_NUM}(?:之{_NUM})?號(?:{_NUM}樓(?:之{_NUM})?)?"
)


def address_spans(text: str) -> Iterable[tuple[int, int]]:
    """Chinese street addresses: [縣市][區鄉鎮][村里] road/street [段巷弄] number 號 [樓]."""
    for m in _ADDRESS.finditer(text):
        yield m.start(), m.end()


# ---------------------------------------------------------------- names
def _split_name(run: str) -> tuple[str, str] | None:
    """(surname, given) when ``run`` is a whole Chinese personal name, else None."""
    for surname in ZH_COMPOUND_SURNAMES:
        if run.startswith(surname) and 1 <= len(run) - len(surname) <= 2:
            return surname, run[len(surname) :]
    if run[:1] in ZH_SURNAMES and 1 <= len(run) - 1 <= 2:
        return run[:1], run[1:]
    return None


def is_chinese_name(value: str) -> bool:
    """A cell holding exactly a Chinese personal name (surname + one or two characters)."""
    v = value.strip().replace("·", "")
    if not _CJK_RUN.fullmatch(v) or not 2 <= len(v) <= 4:
        return False
    parts = _split_name(v)
    return parts is not None and v[-1] not in ZH_NOT_NAME_ENDINGS


# compound surnames first, then one character class (faster than a 300-way alternation)
_SURNAME_ALT = "|".join(sorted(ZH_COMPOUND_SURNAMES)) + "|[" + "".join(sorted(ZH_SURNAMES)) + "]"
_TITLE_ALT = "|".join(sorted(ZH_NAME_TITLES, key=len, reverse=True))
_CONTEXT_ALT = "|".join(sorted(ZH_NAME_CONTEXT, key=len, reverse=True))
_TITLE = re.compile(f"(?:{_TITLE_ALT})")
# The most common surnames: one of them right before a title is "陳小姐" (no full name).
_TOP_SURNAMES = frozenset(
    "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高潘簡朱鍾彭游詹胡施沈"
)
_LABELLED = re.compile(rf"(?:{_CONTEXT_ALT})\s*[:：是為为]?\s*((?:{_SURNAME_ALT})[{CJK}]{{1,2}})")


def _name_before(text: str, t: int) -> tuple[int, int] | None:
    """The full name ending right before a title at ``t``: 王大明先生 → 王大明."""
    if t < 2 or text[t - 1] in _TOP_SURNAMES:
        return None
    for length in (4, 3, 2):
        start = t - length
        if start >= 0 and _CJK_RUN.fullmatch(text[start:t]):
            parts = _split_name(text[start:t])
            if parts and (length < 4 or parts[0] in ZH_COMPOUND_SURNAMES):
                return start, t
    return None


def name_spans(text: str) -> Iterable[tuple[int, int]]:
    """Names before a title (王大明先生), after a label (聯絡人：陳小明), or standing alone
    as a three- or four-character run that is exactly surname + given name."""
    for m in _TITLE.finditer(text):
        span = _name_before(text, m.start())
        if span:
            yield span
    for m in _LABELLED.finditer(text):
        start, end = m.span(1)
        if text[end - 1] in ZH_NOT_NAME_ENDINGS:
            end -= 1
        if end - start >= 2:
            yield start, end
    for m in _CJK_RUN.finditer(text):
        run = m.group()
        if len(run) in (3, 4) and is_chinese_name(run):
            if len(run) == 4 and run[:2] not in ZH_COMPOUND_SURNAMES:
                continue
            yield m.start(), m.end()


# ---------------------------------------------------------------- ids in text
_ID_TEXT = re.compile(_NOT_ALNUM_BEFORE + r"[A-Za-z][A-Da-d1289]\d{8}" + _NOT_ALNUM_AFTER)
_UBN_TEXT = re.compile(r"(?:統一編號|統編|統一編號為|營利事業統一編號)\s*[:：]?\s*(\d{8})(?!\d)")


def id_spans(text: str) -> Iterable[tuple[int, int]]:
    for m in _ID_TEXT.finditer(text):
        if is_tw_id(m.group()):
            yield m.start(), m.end()


def business_number_spans(text: str) -> Iterable[tuple[int, int]]:
    """統一編號 in free text only next to its label: a bare 8-digit run is too often an amount."""
    for m in _UBN_TEXT.finditer(text):
        if is_tw_business_number(m.group(1)):
            yield m.span(1)


def phone_spans(text: str) -> Iterable[tuple[int, int]]:
    for pattern in (_MOBILE, _LANDLINE):
        for m in pattern.finditer(text):
            yield m.start(), m.end()


def cjk_count(text: str) -> int:
    return sum(len(run) for run in _CJK_RUN.findall(text))


def has_cjk(text: str) -> bool:
    return _CJK_RUN.search(text) is not None
