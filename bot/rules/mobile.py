"""Mainland China mobile numbers: 11 digits, ``1[3-9]`` then 9 digits.

Errors: ``mobile_format`` (text, digits: how many digits were found), ``mobile_prefix``
(prefix: the first two digits), ``mobile_not_mainland`` (number).
``value`` and ``display`` are both the bare 11 digits, e.g. ``"13800138000"``.
"""

from __future__ import annotations

import re

from bot.rules.errors import RuleError
from bot.rules.parsed import Parsed
from bot.rules.text_norm import normalise_compact

_SEPARATORS = re.compile(r"[-()\[\].·/]")
_COUNTRY_PREFIXES = ("+86", "0086")
MOBILE_PREFIXES = tuple(f"1{d}" for d in "3456789")
_DIGITS = "0123456789"  # not str.isdigit(): other scripts' digits are not a mainland number


def _digits_only(number: str) -> int:
    return sum(ch in _DIGITS for ch in number)


def _national(number: str) -> str:
    """Remove a ``+86`` / ``0086`` / ``86`` prefix; a foreign ``+``/``00`` prefix is refused."""
    for prefix in _COUNTRY_PREFIXES:
        if number.startswith(prefix):
            return number[len(prefix) :]
    if number.startswith("86") and len(number) == 13:
        return number[2:]
    if number.startswith("+") or (number.startswith("00") and len(number) > 11):
        raise RuleError("mobile_not_mainland", number=number)
    return number


def _check_national(number: str, text: str) -> Parsed:
    if not all(ch in _DIGITS for ch in number) or len(number) != 11 or not number.startswith("1"):
        raise RuleError("mobile_format", text=text.strip(), digits=_digits_only(number))
    if number[1] not in "3456789":
        raise RuleError("mobile_prefix", prefix=number[:2])
    return Parsed(number, number)


def parse_mobile(text: str) -> Parsed:
    """A typed mobile number: ``"+86 138-0013-8000"``, ``"(86)13800138000"``, ``"１３８…"``."""
    number = _SEPARATORS.sub("", normalise_compact(text))
    return _check_national(_national(number), text)


def parse_contact_phone(phone_number: str) -> Parsed:
    """The number of a contact shared with Telegram's request_contact button.

    Clients send the account's number in international form, with or without ``+``
    (``"8613800138000"``, ``"+8613800138000"``), and some without the country code
    (``"13800138000"``, even ``"+13800138000"``). A mainland mobile number is recognised in each;
    anything else is refused, quoting the number as it was shared.
    """
    digits = _SEPARATORS.sub("", normalise_compact(phone_number)).lstrip("+")
    national = digits[2:] if digits.startswith("86") and len(digits) == 13 else digits
    if len(national) == 11 and national.isascii() and national.isdigit() and national[:2] in MOBILE_PREFIXES:
        return Parsed(national, national)
    raise RuleError("mobile_not_mainland", number=phone_number.strip())
