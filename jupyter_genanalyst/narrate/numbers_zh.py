"""Numbers as Traditional Chinese text writes them: 三, 十二, 兩百, 1.2萬, 3億, 百分之十五, 2倍,
and proportions: 三成 (30%), 七成五 (75%), 3成, 八折 / 八五折 / 8.5折 (80% / 85% / 85%),
四分之一 (1/4: 0.25 or 25%).

Why a separate reader: many of our users (and the model, asked in zh-Hant) write numbers
in Chinese. A number the extractor misses is a number nobody checks, so the grounding
promise needs these forms too. Full-width digits (１２％) are folded to ASCII first by
:func:`fold_width`, which keeps every offset (one character for one character).

Proportions are read at the precision they are written: 三成 is a tenth-rounded 30% (25–35%
matches, as "30%" rounded to the nearest ten would), 七成五 and 3.5成 are 75% and 35% to the
percent; 折 is the price paid (八折 = 80%). 三成多 claims more than 30%. A fraction X分之Y is
read like the English "a quarter": the ratio Y/X, also as a percent. Idioms 一成不變 and
一波三折, and words such as 成員 and 折舊, are not proportions.

Lone 一 is read as a number only before a measure word ("一筆", "一個"): in 一些, 一致,
一般, 唯一 or 進一步 it claims nothing. Idioms such as 十分 ("very"), 百分比
("percentage") and 萬一 ("in case") are skipped.
"""

from __future__ import annotations

import re

from jupyter_genanalyst.narrate.numbers_types import (
    CURRENCY,
    DATE,
    MULTIPLE,
    PERCENT,
    POINTS,
    ExtractedNumber,
)

__all__ = ["blank_cjk", "chinese_numbers", "fold_width", "parse_chinese_integer"]

_FULL_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "％": "%",
        "．": ".",
        "＋": "+",
        "－": "-",
        "＄": "$",
    }
)


def fold_width(text: str) -> str:
    """Full-width digits and signs as ASCII; same length, so offsets stay valid."""
    return text.translate(_FULL_WIDTH)


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def blank_cjk(text: str) -> str:
    """CJK characters as NUL (same length): "共1500筆" must read 1500 as a number, while
    the ASCII patterns treat every letter, CJK included, as part of a word. Not a space:
    "10至200" is not the space-grouped 10 200."""
    return _CJK.sub("\x00", text)


_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4}
_DIGIT.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_BIG_UNIT = {"萬": 10_000, "億": 100_000_000, "兆": 1_000_000_000_000}
_NUMERAL_CHARS = "".join(_DIGIT) + "".join(_SMALL_UNIT) + "".join(_BIG_UNIT)


def parse_chinese_integer(text: str) -> int | None:
    """十二 → 12, 兩百 → 200, 一萬二千 → 12000, 三億 → 300000000; None when malformed."""
    if not text or any(ch not in _NUMERAL_CHARS for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _SMALL_UNIT:
            section += (1 if digit is None else digit) * _SMALL_UNIT[ch]
            digit = None
        else:
            section += digit or 0
            if section == 0:
                return None
            total += section * _BIG_UNIT[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


# 萬/億 (and combinations like 百萬, 千萬) after written digits.
_SCALE_WORDS = {"百": 1e2, "千": 1e3, "萬": 1e4, "億": 1e8, "兆": 1e12}
_SCALE = r"(?:百萬|千萬|百億|千億|萬|億|兆|千|百)"
_MEASURE = r"(?:個|筆|列|行|項|次|天|日|週|周|月|年|季|倍|位|種|欄|名|人|家|件|元|塊|組|類|份|成)"
_DIGITS_ZH = re.compile(
    r"(?<![\d.])(?P<sign>[-−+])?(?P<cur>[$＄]|NT\$|新台幣|新臺幣)?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?"
    rf"(?P<scale>{_SCALE})(?P<yuan>元)?"
)
_NUMERAL_RUN = re.compile(rf"[{_NUMERAL_CHARS}]+")
_PERCENT_WORD = re.compile(
    r"百分之\s?(?:(?P<digits>\d+(?:\.\d+)?)|(?P<zh>[" + _NUMERAL_CHARS + r"]+))"
)
_POINTS_AFTER = re.compile(r"\s?個?百分點")
_MULTIPLE_AFTER = re.compile(r"\s?倍")
_DATE_ZH = re.compile(
    r"(?<!\d)(?P<y>\d{4})\s?年(?:\s?(?P<m>\d{1,2})\s?月(?:\s?(?P<d>\d{1,2})\s?[日號])?)?"
)
_ZH_DIGIT = "零〇一二兩三四五六七八九"
# 三成 / 七成五 / 3成 / 3.5成 / 十成; 八折 / 八五折 / 8折 / 8.5折 / 75折
_TENTHS = re.compile(
    rf"(?<![\d.])(?P<lead>\d{{1,2}}(?:\.\d+)?|[{_ZH_DIGIT}]{{1,2}}|十)\s?(?P<word>成|折)"
    rf"(?P<tail>[{_ZH_DIGIT}](?![{_NUMERAL_CHARS}]))?"
)
_NOT_A_PROPORTION_AFTER = re.compile(r"不變|員|功|為|立|舊|合|算|返|射|線|扣|疊")
_NUMERAL_OR_DIGITS = rf"\d+(?:\.\d+)?|[{_NUMERAL_CHARS}]+"
_FRACTION = re.compile(rf"(?P<den>{_NUMERAL_OR_DIGITS})\s?分之\s?(?P<num>{_NUMERAL_OR_DIGITS})")
_DIGIT_POINTS = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s?個?百分點")
_DIGIT_MULTIPLE = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s?倍")
# Numeral runs that are words, not numbers.
_IDIOMS = (
    "十分",
    "百分比",
    "萬一",
    "千萬別",
    "千萬不",
    "一些",
    "一致",
    "一般",
    "一定",
    "一直",
    "下一",
    "上一",
    "同一",
    "唯一",
    "統一",
    "另一",
    "每一",
    "進一步",
    "四分位",
    "百分位",
    "十分位",
)
# Four-character idioms with a numeral inside (checked over a wider window).
_LONG_IDIOMS = ("一成不變", "一波三折", "百折不撓")


def _decimals(num: str) -> int:
    return len(num.split(".", 1)[1]) if "." in num else 0


def _sig_figs(digits: str) -> int | None:
    plain = digits.replace(",", "")
    if "." in plain or plain.rstrip("0") == plain:
        return None
    return max(2, len(plain.strip("0")))


def _scaled(m: re.Match[str]) -> ExtractedNumber:
    num = m.group("num")
    scale = 1.0
    for ch in m.group("scale"):
        scale *= _SCALE_WORDS[ch]
    sign = m.group("sign") or ""
    negative = bool(sign) and sign != "+"
    value = float(num.replace(",", "")) * scale * (-1.0 if negative else 1.0)
    currency = bool(m.group("cur") or m.group("yuan"))
    return ExtractedNumber(
        text=m.group(0),
        start=m.start(),
        end=m.end(),
        value=value,
        unit=CURRENCY if currency else None,
        decimals=_decimals(num),
        scale=scale,
        negative=negative,
        positive=sign == "+",
    )


def _amount(text: str) -> float | None:
    """Digits or Chinese numerals as a number (None when malformed)."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    parsed = parse_chinese_integer(text)
    return None if parsed is None else float(parsed)


def _tenths(m: re.Match[str], text: str) -> ExtractedNumber | None:
    """三成 → 30%, 七成五 → 75%, 3.5成 → 35%, 八折 → 80%, 八五折 / 85折 → 85%."""
    lead, word, tail = m.group("lead"), m.group("word"), m.group("tail")
    after = text[m.end() if not tail else m.end("word") :]
    if _NOT_A_PROPORTION_AFTER.match(after) or text[max(0, m.start() - 1) : m.start()] == "波":
        return None  # 一成不變, 成員, 折舊, 一波三折: words, not proportions
    if text[max(0, m.start() - 1) : m.start()] in ("第", "十", "百", "千", "萬", "億", "分"):
        return None  # part of a larger number or a fraction: read elsewhere
    is_word = not lead[0].isdigit()
    if lead.isdigit() and len(lead) == 2 and word == "折" and not tail:
        value, decimals = float(lead), 0  # 75折: the two digits are the percent
    elif is_word and len(lead) == 2 and word == "折" and not tail:
        first, second = _amount(lead[0]), _amount(lead[1])  # 八五折
        if first is None or second is None or lead[0] in "零〇":
            return None
        value, decimals = first * 10 + second, 0
    else:
        base = 10.0 if lead == "十" else _amount(lead)
        if base is None or (len(lead) == 2 and not lead[0].isdigit()):
            return None
        if base > 10:
            return None  # 12成 is not a proportion
        value = base * 10
        written = len(lead.split(".", 1)[1]) if "." in lead else 0
        decimals = written - 1  # 3成: to the nearest 10%; 3.5成: to the percent
        if tail:
            second = _amount(tail)
            if second is None:
                return None
            value, decimals = value + second, 0
    end = m.end()
    qualifier = None
    if text[end : end + 1] == "多":
        qualifier, end = "gt", end + 1  # 三成多: more than 30%
    return ExtractedNumber(
        text[m.start() : end],
        m.start(),
        end,
        value,
        PERCENT,
        decimals=decimals,
        is_word=is_word,
        qualifier=qualifier,
    )


def _fraction(m: re.Match[str]) -> ExtractedNumber | None:
    """四分之一 → 0.25 (also 25%), as the English reader takes "a quarter"."""
    den, num = _amount(m.group("den")), _amount(m.group("num"))
    if den is None or num is None or den == 0:
        return None
    value = num / den
    return ExtractedNumber(
        m.group(0),
        m.start(),
        m.end(),
        value,
        MULTIPLE,
        alternatives=(value * 100,),
        decimals=2 if value >= 0.01 else 4,
        is_word=not m.group("num")[0].isdigit(),
    )


def _is_idiom(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - 1) : end + 2]
    if any(idiom in window for idiom in _IDIOMS):
        return True
    wide = text[max(0, start - 3) : end + 3]
    return any(idiom in wide for idiom in _LONG_IDIOMS)


def chinese_numbers(text: str) -> list[ExtractedNumber]:
    """Every Chinese-written number in ``text`` (already width-folded), without overlaps.

    Dates (2024年3月) come first, then percents (百分之十五), digits with 萬/億, digits
    with 倍 or 百分點, and runs of Chinese numerals.
    """
    found: list[ExtractedNumber] = []

    def free(start: int, end: int) -> bool:
        return all(end <= f.start or start >= f.end for f in found)

    for m in _DATE_ZH.finditer(text):
        iso = m.group("y")
        if m.group("m"):
            if not 1 <= int(m.group("m")) <= 12:
                continue
            iso += f"-{int(m.group('m')):02d}"
            if m.group("d"):
                iso += f"-{int(m.group('d')):02d}"
        found.append(
            ExtractedNumber(m.group(0), m.start(), m.end(), float(m.group("y")), DATE, iso=iso)
        )
    for m in _PERCENT_WORD.finditer(text):
        if not free(m.start(), m.end()):
            continue
        if m.group("digits"):
            value, decimals, is_word = float(m.group("digits")), _decimals(m.group("digits")), False
        else:
            parsed = parse_chinese_integer(m.group("zh"))
            if parsed is None:
                continue
            value, decimals, is_word = float(parsed), 0, True
        found.append(
            ExtractedNumber(
                m.group(0), m.start(), m.end(), value, PERCENT, decimals=decimals, is_word=is_word
            )
        )
    for m in _FRACTION.finditer(text):
        if free(m.start(), m.end()) and (fraction := _fraction(m)) is not None:
            found.append(fraction)
    for m in _TENTHS.finditer(text):
        if free(m.start(), m.end()) and (tenths := _tenths(m, text)) is not None:
            found.append(tenths)
    for m in _DIGIT_POINTS.finditer(text):
        if free(m.start(), m.end()):
            num = m.group("num")
            found.append(
                ExtractedNumber(
                    m.group(0), m.start(), m.end(), float(num), POINTS, decimals=_decimals(num)
                )
            )
    for m in _DIGITS_ZH.finditer(text):
        if free(m.start(), m.end()) and not _is_idiom(text, m.start("scale"), m.end("scale")):
            found.append(_scaled(m))
    for m in _DIGIT_MULTIPLE.finditer(text):
        if free(m.start(), m.end()):
            num = m.group("num")
            found.append(
                ExtractedNumber(
                    m.group(0), m.start(), m.end(), float(num), MULTIPLE, decimals=_decimals(num)
                )
            )
    for m in _NUMERAL_RUN.finditer(text):
        start, end = m.start(), m.end()
        if not free(start, end) or _is_idiom(text, start, end):
            continue
        word = m.group(0)
        if word == "一" and not re.match(_MEASURE, text[end : end + 1]):
            continue  # 一 alone is a word (唯一, 進一步) unless it counts something
        if word in _SMALL_UNIT or word in _BIG_UNIT:
            continue  # a bare 百/千/萬 is a word ("上千", "萬事")
        if start > 0 and text[start - 1] == "第":
            continue  # 第三: an ordinal position, not a claim about the data
        parsed = parse_chinese_integer(word)
        if parsed is None:
            continue
        unit: str | None = None
        stop = end
        after = _MULTIPLE_AFTER.match(text, end)
        points = _POINTS_AFTER.match(text, end)
        if points:
            unit, stop = POINTS, points.end()
        elif after:
            unit, stop = MULTIPLE, after.end()
        found.append(
            ExtractedNumber(text[start:stop], start, stop, float(parsed), unit, is_word=True)
        )
    found.sort(key=lambda n: n.start)
    return found
