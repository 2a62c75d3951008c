"""Mainland mobile numbers, typed or shared as a Telegram contact."""

from __future__ import annotations

import pytest

from bot.rules.errors import RuleError
from bot.rules.mobile import parse_contact_phone, parse_mobile


@pytest.mark.parametrize(
    "typed",
    [
        "13800138000",
        " 13800138000 ",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138-0013-8000",
        "+8613800138000",
        "8613800138000",
        "0086 13800138000",
        "(+86) 138 0013 8000",
        "(86)13800138000",
        "１３８００１３８０００",
        "＋８６　１３８－００１３－８０００",
        "138—0013—8000",
        "138.0013.8000",
    ],
)
def test_accepted(typed: str) -> None:
    parsed = parse_mobile(typed)
    assert parsed.value == "13800138000"
    assert parsed.display == "13800138000"
    assert parsed.warnings == ()


@pytest.mark.parametrize(
    "number",
    ["13012345678", "14512345678", "15912345678", "16612345678", "17712345678", "18812345678", "19912345678"],
)
def test_every_allowed_second_digit(number: str) -> None:
    assert parse_mobile(number).value == number


@pytest.mark.parametrize(
    ("typed", "prefix"), [("12800138000", "12"), ("10800138000", "10"), ("+86 11800138000", "11")]
)
def test_prefix(typed: str, prefix: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_mobile(typed)
    assert info.value.code == "mobile_prefix"
    assert info.value.params == {"prefix": prefix}


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("1380013800", 10),
        ("138001380001", 12),
        ("023-6789 1234", 11),
        ("02367891234", 11),
        ("abc", 0),
        ("", 0),
        ("1380013800a", 10),
        ("23800138000", 11),
    ],
)
def test_format(typed: str, digits: int) -> None:
    with pytest.raises(RuleError) as info:
        parse_mobile(typed)
    assert info.value.code == "mobile_format"
    assert info.value.params == {"text": typed.strip(), "digits": digits}


@pytest.mark.parametrize("typed", ["+852 9123 4567", "+1 415 555 0100", "00852 91234567"])
def test_typed_foreign_number(typed: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_mobile(typed)
    assert info.value.code == "mobile_not_mainland"


# What Telegram clients send for the account's own number: with or without "+", with or without 86.
@pytest.mark.parametrize(
    "shared",
    [
        "+8613800138000",
        "8613800138000",
        " 86 138 0013 8000",
        "13800138000",
        "+13800138000",
        "+86-138-0013-8000",
    ],
)
def test_shared_contact(shared: str) -> None:
    parsed = parse_contact_phone(shared)
    assert parsed.value == "13800138000"


@pytest.mark.parametrize(
    "shared", ["+85291234567", "+447700900123", "+12125550100", "862367891234", "8612800138000", "+8613800"]
)
def test_shared_contact_not_mainland(shared: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_contact_phone(shared)
    assert info.value.code == "mobile_not_mainland"
    assert info.value.params == {"number": shared}  # quoted as shared, nothing claimed about it


def test_arabic_indic_digits_are_not_a_mobile_number() -> None:
    with pytest.raises(RuleError) as info:
        parse_mobile("١٣٨٠٠١٣٨٠٠٠")  # 13800138000 in Arabic-Indic digits
    assert info.value.code == "mobile_format" and info.value.params["digits"] == 0
