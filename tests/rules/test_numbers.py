"""Amounts (万元 / 万美元), scores and years: exact Decimals, every accepted spelling, precise errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.rules.errors import RuleError
from bot.rules.numbers import parse_money, parse_score, parse_year


@pytest.mark.parametrize(
    ("typed", "value", "display"),
    [
        ("12000", "12000", "12000"),
        ("12,345.6", "12345.6", "12345.6"),
        ("1,234,567.89", "1234567.89", "1234567.89"),
        ("1.2亿", "12000", "12000"),
        ("1.2亿元", "12000", "12000"),
        ("5亿元", "50000", "50000"),
        ("3000万", "3000", "3000"),
        ("3000万元", "3000", "3000"),
        ("1.5 万元", "1.5", "1.5"),
        ("3千万", "3000", "3000"),
        ("2百万元", "200", "200"),
        ("１２３", "123", "123"),
        ("１２，３４５．６", "12345.6", "12345.6"),
        ("１．２亿", "12000", "12000"),
        ("  123  ", "123", "123"),
        ("1 234.5", "1234.5", "1234.5"),
        ("0", "0", "0"),
        ("0.00", "0", "0"),
        ("12.50", "12.5", "12.5"),
        ("12.3456", "12.3456", "12.3456"),
        ("0.000001亿", "0.01", "0.01"),
        ("3000万。", "3000", "3000"),
        ("12。5", "12.5", "12.5"),
        ("+12", "12", "12"),
        ("5.", "5", "5"),
    ],
)
def test_money_accepted(typed: str, value: str, display: str) -> None:
    parsed = parse_money(typed, allow_negative=False)
    assert parsed.value == Decimal(value)
    assert isinstance(parsed.value, Decimal)
    assert parsed.display == display
    assert parsed.stored == display
    assert parsed.warnings == ()


def test_money_value_has_no_exponent() -> None:
    value = parse_money("1.2亿").value
    assert isinstance(value, Decimal)
    assert str(value) == "12000"
    assert value.as_tuple().exponent == 0


def test_long_amounts_are_not_rounded() -> None:
    digits = "1234567890123456789012345678901234"
    assert parse_money(digits + ".5亿").display == digits + "5000"


def test_money_is_exact_not_float() -> None:
    tenth, fifth = parse_money("0.1").value, parse_money("0.2").value
    assert isinstance(tenth, Decimal) and isinstance(fifth, Decimal)
    assert tenth + fifth == Decimal("0.3")
    assert parse_money("1.0001亿").value == Decimal("10001")


@pytest.mark.parametrize(
    ("typed", "display"),
    [
        ("-35.5", "-35.5"),
        ("负35.5", "-35.5"),
        ("－３５．５", "-35.5"),
        ("−35.5万元", "-35.5"),
        ("-0.5亿", "-5000"),
        ("-0", "0"),
    ],
)
def test_negative_profit(typed: str, display: str) -> None:
    parsed = parse_money(typed, allow_negative=True)
    assert parsed.display == display
    assert parsed.value == Decimal(display)


def test_negative_refused_when_not_allowed() -> None:
    with pytest.raises(RuleError) as info:
        parse_money("-35.5", allow_negative=False)
    assert info.value.code == "money_negative"
    assert info.value.params == {"value": "-35.5", "expected": "wan"}


def test_minus_zero_is_zero_even_when_negative_is_refused() -> None:
    assert parse_money("-0", allow_negative=False).display == "0"


@pytest.mark.parametrize(
    ("typed", "display"),
    [
        ("123", "123"),
        ("123万美元", "123"),
        ("123 万美金", "123"),
        ("123万", "123"),
        ("1.5亿美元", "15000"),
        ("12万USD", "12"),
    ],
)
def test_usd_field(typed: str, display: str) -> None:
    assert parse_money(typed, unit="usd_wan", allow_negative=False).display == display


@pytest.mark.parametrize(
    "typed", ["123元", "123 元", "123人民币", "RMB", "123美元", "123万美元", "12k", "¥123"]
)
def test_money_unit_refused_in_wan_field(typed: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_money(typed)
    assert info.value.code in ("money_unit", "money_format")
    if typed[0].isdigit():
        assert info.value.code == "money_unit"
        assert info.value.params["expected"] == "wan"


@pytest.mark.parametrize("typed", ["123万元", "123元", "123美元", "123亿元"])
def test_money_unit_refused_in_usd_field(typed: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_money(typed, unit="usd_wan")
    assert info.value.code == "money_unit"
    assert info.value.params["expected"] == "usd_wan"


def test_money_unit_param_keeps_what_was_typed() -> None:
    with pytest.raises(RuleError) as info:
        parse_money("123RMB")
    assert info.value.params["unit"] == "RMB"


@pytest.mark.parametrize("typed", ["12.34567", "0.00001", "1.234567万"])
def test_money_precision(typed: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_money(typed)
    assert info.value.code == "money_precision"
    assert info.value.params["places"] == 4


def test_precision_is_judged_after_conversion() -> None:
    assert parse_money("1.23456789亿").display == "12345.6789"
    with pytest.raises(RuleError):
        parse_money("1.234567891亿")


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "abc",
        "十二",
        "1.2.3",
        "12,34",
        "1,2345",
        ",123",
        "约3000万",
        "3000万左右",
        "1e5",
        "--5",
        "12-3",
        "1" * 50,
        ".5",
    ],
)
def test_money_format(typed: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_money(typed)
    assert info.value.code == "money_format"
    assert info.value.params["text"] == typed.strip()


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("3.25", "3.25"),
        ("3.25分", "3.25"),
        ("３．２５", "3.25"),
        (" 4 ", "4"),
        ("5", "5"),
        ("0", "0"),
        ("3.50", "3.5"),
    ],
)
def test_score_accepted(typed: str, value: str) -> None:
    parsed = parse_score(typed, 0, 5)
    assert parsed.value == Decimal(value)
    assert parsed.display == value


def test_score_bounds_from_floats_are_exact() -> None:
    assert parse_score("0.8", 0.8, 5.0).value == Decimal("0.8")


@pytest.mark.parametrize("typed", ["5.01", "6", "100"])
def test_score_range(typed: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_score(typed, 0, 5)
    assert info.value.code == "score_range"
    assert info.value.params == {"score": typed, "minimum": "0", "maximum": "5"}


def test_score_without_bounds() -> None:
    assert parse_score("99", None, None).display == "99"
    with pytest.raises(RuleError) as info:
        parse_score("99", None, 5)
    assert info.value.params["minimum"] is None


@pytest.mark.parametrize("typed", ["", "abc", "-1", "3.2.5", "三分", "3.25 points"])
def test_score_format(typed: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_score(typed, 0, 5)
    assert info.value.code == "score_format"


@pytest.mark.parametrize("typed", ["2021", "2021年", "２０２１", "２０２１年", " 2021 年 ", "2021年度"])
def test_year_accepted(typed: str) -> None:
    parsed = parse_year(typed, 2018, 2022)
    assert parsed.value == 2021
    assert parsed.display == "2021"
    assert parsed.stored == 2021


@pytest.mark.parametrize("typed", ["21", "21年", "二〇二一", "2021-05", "abcd", "", "20211"])
def test_year_format(typed: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_year(typed, 2018, 2022)
    assert info.value.code == "year_format"


@pytest.mark.parametrize("typed", ["2017", "2023"])
def test_year_range(typed: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_year(typed, 2018, 2022)
    assert info.value.code == "year_range"
    assert info.value.params == {"year": int(typed), "minimum": 2018, "maximum": 2022}


def test_year_bounds_inclusive_and_optional() -> None:
    assert parse_year("2018", 2018, 2022).value == 2018
    assert parse_year("2022", 2018, 2022).value == 2022
    assert parse_year("1999").value == 1999


# Issue 16 point 10: digits of other scripts (Arabic-Indic ١٢٣, Extended Arabic-Indic ۱۲۳,
# Devanagari १२३) are not how a figure on a Chinese form is written: refused, not read as 123.
@pytest.mark.parametrize("typed", ["١٢٣", "۱۲۳", "१२३", "١٢٣万", "1٢3"])
def test_money_in_other_scripts_digits_is_refused(typed: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_money(typed)
    assert info.value.code == "money_format"


def test_score_and_year_in_arabic_indic_digits_are_refused() -> None:
    with pytest.raises(RuleError) as score:
        parse_score("٣.٢٥", 0, 5)
    with pytest.raises(RuleError) as year:
        parse_year("٢٠٢١")
    assert (score.value.code, year.value.code) == ("score_format", "year_format")
