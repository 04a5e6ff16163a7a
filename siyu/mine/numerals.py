"""Numbers in customer speech: Chinese and Arabic numerals, percentages and durations.

The parsers work on normalised text (see ``text.normalise``) and return values with the span they
came from, so evidence always points at the characters that carried the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "幺": 1,
    "二": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}

CN_INT = "[零〇一二两俩三四五六七八九十百千]+"
CN_NUM = f"{CN_INT}(?:点[零〇一二三四五六七八九]+)?"
AR_NUM = r"\d+(?:\.\d+)?"
NUM = f"(?:{AR_NUM}|{CN_NUM})"


def cn_int(text: str) -> int | None:
    """Value of a Chinese integer such as 三, 十二, 二十, 九十, 一百二十; None when malformed."""
    if not text:
        return None
    total, digit, seen_unit = 0, None, False
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and not seen_unit:
                return None  # "三四" is a range, not a number
            digit = _DIGITS[ch]
            seen_unit = False
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit, seen_unit = None, True
        else:
            return None
    return total + (digit or 0)


def parse_number(text: str) -> float | None:
    """Arabic ("4.5") or Chinese ("三点五", "十二") numeral to a float."""
    if not text:
        return None
    if text[0].isdigit():
        try:
            return float(text)
        except ValueError:
            return None
    whole, _, frac = text.partition("点")
    value = cn_int(whole)
    if value is None:
        return None
    if frac:
        digits = [_DIGITS.get(c) for c in frac]
        if any(d is None for d in digits):
            return None
        return float(f"{value}.{''.join(str(d) for d in digits)}")
    return float(value)


@dataclass(frozen=True)
class Found:
    value: float
    start: int
    end: int
    unit: str  # percent forms: "pct" (explicit) or "bare"; durations: months as the unit "m"


_PERCENT = re.compile(
    rf"百分之(?P<a>{NUM})"
    # 两个半点 = 2.5; 收益三个半左右 too, but never 三个半月 / 三个半小时
    rf"|(?P<h>{NUM})个半(?:点|(?=左右|以上|上下|的样子|就行|就可以|吧|$|\s))"
    rf"|(?P<b>{NUM})\s?(?:%|个百分点|(?:个点|厘)(?P<b2>\d|[零一二三四五六七八九])?|个多点)"  # 四厘五 = 4.5 %
    rf"|(?P<d>{CN_INT})点(?=左右|以上|上下|的样子)"  # 三点左右 = 3 % (never 三点半 or a clock time alone)
    rf"|(?P<c>{AR_NUM}|{CN_INT}点[零〇一二三四五六七八九]+|{CN_INT})"
)


def find_percents(text: str) -> list[Found]:
    """Percent-like numbers: 百分之四, 4.5%, 三个点, 3个点5, and bare numbers (unit "bare")."""
    out = []
    for m in _PERCENT.finditer(text):
        if m.group("a"):
            value, unit = parse_number(m.group("a")), "pct"
        elif m.group("h"):
            whole = parse_number(m.group("h"))
            value, unit = (whole + 0.5 if whole is not None else None), "pct"
        elif m.group("d"):
            value, unit = parse_number(m.group("d")), "bare"
        elif m.group("b"):
            value, unit = parse_number(m.group("b")), "pct"
            if value is not None and m.group("b2"):
                frac = m.group("b2")
                value = float(f"{int(value)}.{frac if frac.isdigit() else _DIGITS[frac]}")
        else:
            value, unit = parse_number(m.group("c")), "bare"
        if value is not None and 0 < value <= 30:
            out.append(Found(value, m.start(), m.end(), unit))
    return out


_DURATION = re.compile(
    rf"(?P<n>{NUM}|十几)(?:来|多)?(?P<ge>个半|个)?(?P<unit>月|年|天|日|周|星期|礼拜)(?P<half>半)?(?P<more>以上|多)?"
    r"|(?P<h>半个?)(?P<hunit>月|年)(?P<hmore>以上|多)?"
)
# a range of neighbouring digits (两三年, 八九个月, 一两个礼拜, 三五年): the customer's upper bound counts
_RANGE = re.compile("^([一两二三四五六七八九])([两二三四五六七八九十])$")
_MORE = 0.01  # 一年以上 is longer than a year: it falls in the next bucket
# a month is 365/12 days: 91天 and 九十天 are three months, 182天 half a year, 365天 a year
_DAY = 12 / 365
_MONTHS = {"月": 1.0, "年": 12.0, "天": _DAY, "日": _DAY, "周": 7 * _DAY, "星期": 7 * _DAY, "礼拜": 7 * _DAY}
# 三个月后要用 / 一个月内就要用: the time until the money is needed is the term it can be put away for,
# so the span takes in 后/内 and the words after it read 要用
_NEED = re.compile(
    r"(?:以后|之后|后|以内|之内|内)(?=(?:就|可能|正好|都|也)?(?:要用|要交|要付|要还|得用|用钱|用到))"
)


def find_durations(text: str) -> list[Found]:
    """Durations in months: 半年 6, 三个月 3, 两年 24, 90天 3, 一年半 18, 一个半月 1.5."""
    out = []
    for m in _DURATION.finditer(text):
        # the span ends at the unit: 以上/多 raise the value but stay words the rules can read after it
        if m.group("h"):
            end = m.end("hunit")
            if not m.group("hmore"):
                need = _NEED.match(text, end)
                end = need.end() if need else end
            months = _MONTHS[m.group("hunit")] / 2
            out.append(Found(months + (_MORE if m.group("hmore") else 0), m.start(), end, "m"))
            continue
        unit, ge, raw = m.group("unit"), m.group("ge") or "", m.group("n")
        if unit == "月" and not ge:
            continue  # 三月 is March, not three months
        n = _range_top(raw)
        if n is None or n <= 0 or (unit == "年" and n > 30):
            continue  # 2026年 is a calendar year
        if ge == "个半" or m.group("half"):
            n += 0.5
        end = m.end("half") if m.group("half") else m.end("unit")
        if not m.group("more"):
            need = _NEED.match(text, end)
            end = need.end() if need else end
        out.append(Found(n * _MONTHS[unit] + (_MORE if m.group("more") else 0), m.start(), end, "m"))
    return out


def _range_top(raw: str) -> float | None:
    """A number, or the top of a range of neighbouring digits (两三 → 3, 三五 → 5); 十几 → 15."""
    if raw == "十几":
        return 15.0
    value = parse_number(raw)
    if value is not None:
        return value
    m = _RANGE.match(raw)
    if m is None:
        return None
    low, high = cn_int(m.group(1)), cn_int(m.group(2))
    if low is None or high is None or not 0 < high - low <= 2:
        return None
    return float(high)


def term_bucket(months: float) -> str:
    """Bucket of TAXONOMY pref.term: ≤1 month, ≤3, (3,6], (6,12], >12."""
    if months <= 1:
        return "le_1m"
    if months <= 3:
        return "le_3m"
    if months <= 6:
        return "3m_6m"
    if months <= 12:
        return "6m_12m"
    return "gt_1y"
