"""Amounts in 万元 / 万美元, scores and years, parsed exactly (``Decimal``, never float).

Errors (every money error also carries ``expected``: the field's unit, "wan" | "usd_wan"):
``money_format`` (text), ``money_unit`` (unit), ``money_negative`` (value),
``money_precision`` (value, places);
``score_format`` (text), ``score_range`` (score, minimum, maximum);
``year_format`` (text), ``year_range`` (year, minimum, maximum).
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext
from typing import Literal

from bot.rules.errors import RuleError
from bot.rules.parsed import Parsed, decimal_text
from bot.rules.text_norm import normalise_compact

MoneyUnit = Literal["wan", "usd_wan"]
MONEY_PLACES = 4  # 0.0001 万 = 1 元 (or 1 US dollar): finer than any form figure
MAX_INPUT = 40  # characters; longer input is not a number anybody types into a form

# ASCII digits only ([0-9], not \d): full-width digits are folded to them first, while other
# scripts' digits (Arabic-Indic ٣, Devanagari ३) are not what a Chinese form figure is written in.
_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_MONEY = re.compile(rf"(?P<sign>[-+负]?)(?P<num>{_NUMBER})(?P<unit>.*)")
_SCORE = re.compile(r"(?P<num>[0-9]+(?:\.[0-9]+)?)(?:分)?")
_YEAR = re.compile(r"(?P<year>[0-9]{4})(?:年度|年)?")

# Unit suffix (lower case) → factor into the field's unit, per field unit. An empty suffix
# means the number is already in the field's unit, as the form's header says.
# fmt: off
_FACTORS: dict[str, dict[str, int]] = {
    "wan": {
        "": 1, "万": 1, "万元": 1, "万人民币": 1, "万元人民币": 1,
        "百万": 100, "百万元": 100, "千万": 1000, "千万元": 1000, "亿": 10000, "亿元": 10000,
    },
    "usd_wan": {
        "": 1, "万": 1, "万美元": 1, "万美金": 1, "万usd": 1, "万$": 1,
        "百万美元": 100, "千万美元": 1000, "亿美元": 10000, "亿美金": 10000,
    },
}
# Units a person may type that we recognise but refuse, so the message can say why.
_WRONG_UNITS = (
    "元", "人民币", "rmb", "cny", "¥", "万元", "亿元", "美元", "美金", "usd", "$", "万美元", "亿美元",
    "千元", "百元", "块", "k", "m",
)
# fmt: on


def _strip_sentence_end(text: str) -> str:
    return text.rstrip("。.!！")


def _money_text(text: str) -> str:
    return _strip_sentence_end(normalise_compact(text)).replace("。", ".")


def parse_money(text: str, unit: MoneyUnit = "wan", allow_negative: bool = True) -> Parsed:
    """``"1.2亿"`` → ``Decimal("12000")`` (万元); ``"12,345.6"``; ``"负35.5"`` (if allowed).

    ``unit="usd_wan"`` is the 出口 field in 万美元. A bare number is in the field's unit.
    """
    raw = _money_text(text)
    match = _MONEY.fullmatch(raw) if len(raw) <= MAX_INPUT else None
    if match is None:
        raise RuleError("money_format", text=text.strip(), expected=unit)
    factor = _unit_factor(match["unit"], unit, text)
    with localcontext() as exact:
        exact.prec = 2 * MAX_INPUT  # enough digits that scaling never rounds
        value = Decimal(match["num"].replace(",", "")) * factor
    if match["sign"] in ("-", "负"):
        value = -value
    if value < 0 and not allow_negative:
        raise RuleError("money_negative", value=decimal_text(value), expected=unit)
    if _places(value) > MONEY_PLACES:
        raise RuleError("money_precision", value=decimal_text(value), places=MONEY_PLACES, expected=unit)
    return _decimal_parsed(value)


def _unit_factor(suffix: str, unit: MoneyUnit, text: str) -> int:
    key = suffix.lower()
    factor = _FACTORS[unit].get(key)
    if factor is not None:
        return factor
    if key in _WRONG_UNITS or key in _FACTORS["wan"] or key in _FACTORS["usd_wan"]:
        raise RuleError("money_unit", unit=suffix, expected=unit)
    raise RuleError("money_format", text=text.strip(), expected=unit)


def _decimal_parsed(value: Decimal) -> Parsed:
    """Canonical form: no exponent, no trailing zeros, no negative zero (``Decimal("12000")``)."""
    display = decimal_text(value)
    return Parsed(Decimal(display), display)


def _places(value: Decimal) -> int:
    """Decimal places that matter: ``12.50`` has 1."""
    _, _, fraction = decimal_text(value).partition(".")
    return len(fraction)


def parse_score(
    text: str, minimum: Decimal | float | int | None, maximum: Decimal | float | int | None
) -> Parsed:
    """A maturity score such as ``"3.25"`` or ``"3.25分"``; ``value`` is a ``Decimal``.

    A bound given as ``None`` is not checked (``score_range`` then carries ``None`` for it).
    """
    raw = _strip_sentence_end(normalise_compact(text)).replace("。", ".")
    match = _SCORE.fullmatch(raw) if len(raw) <= MAX_INPUT else None
    if match is None:
        raise RuleError("score_format", text=text.strip())
    score = Decimal(match["num"])
    low, high = _decimal(minimum), _decimal(maximum)
    if (low is not None and score < low) or (high is not None and score > high):
        raise RuleError(
            "score_range",
            score=decimal_text(score),
            minimum=None if low is None else decimal_text(low),
            maximum=None if high is None else decimal_text(high),
        )
    return _decimal_parsed(score)


def _decimal(number: Decimal | float | int | None) -> Decimal | None:
    """Through ``str`` so that a float bound from TOML (``0.8``) is exactly 0.8."""
    if number is None or isinstance(number, Decimal):
        return number
    return Decimal(str(number))


def parse_year(text: str, minimum: int | None = None, maximum: int | None = None) -> Parsed:
    """A four-digit year: ``"2021"``, ``"2021年"``, ``"２０２１"``; ``value`` is an ``int``."""
    raw = _strip_sentence_end(normalise_compact(text))
    match = _YEAR.fullmatch(raw)
    if match is None:
        raise RuleError("year_format", text=text.strip())
    year = int(match["year"])
    if (minimum is not None and year < minimum) or (maximum is not None and year > maximum):
        raise RuleError("year_range", year=year, minimum=minimum, maximum=maximum)
    return Parsed(year, str(year))
