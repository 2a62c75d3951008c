"""统一社会信用代码 (GB 32100-2015, 18 characters) and 组织机构代码 (GB 11714-1997, 9 characters).

Errors: ``credit_code_length`` (length), ``credit_code_old_registration`` (length: a
15-digit 工商注册号), ``credit_code_charset`` (char, position, suggestion or None, length:
18 or 9), ``credit_code_check`` (expected, given), ``org_code_check`` (expected, given).
Warnings: ``credit_code_not_chongqing`` (division, home), ``credit_code_embedded_check``
(embedded, expected, given).
"""

from __future__ import annotations

from bot.rules.errors import RuleError, RuleWarning
from bot.rules.parsed import Parsed
from bot.rules.text_norm import normalise_compact, strip_punctuation_ends

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I O Z S V
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_BODY_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # value = index: A=10 … Z=35
ORG_CHECK_ALPHABET = "0123456789X"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# What a person most likely meant when typing a letter the 18-character alphabet excludes.
_LOOKALIKES = {"I": "1", "O": "0", "Z": "2", "S": "5", "V": "U"}


def credit_check_char(body: str) -> str:
    """The 18th character for a 17-character body (characters must be in ``CREDIT_ALPHABET``)."""
    total = sum(CREDIT_ALPHABET.index(ch) * w for ch, w in zip(body, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def org_check_char(body: str) -> str:
    """The 9th character for an 8-character 组织机构代码 body: ``0``–``9`` or ``X``."""
    total = sum(ORG_BODY_ALPHABET.index(ch) * w for ch, w in zip(body, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def normalise_code(text: str) -> str:
    """Upper case, full-width folded, spaces and hyphens removed, punctuation around it dropped."""
    return strip_punctuation_ends(normalise_compact(text)).replace("-", "").upper()


def _require_charset(code: str, alphabets: list[str]) -> None:
    """Raise ``credit_code_charset`` at the first character outside its position's alphabet."""
    for position, (ch, alphabet) in enumerate(zip(code, alphabets, strict=True), start=1):
        if ch not in alphabet:
            suggestion = _LOOKALIKES.get(ch) if _LOOKALIKES.get(ch, "") in alphabet else None
            raise RuleError(
                "credit_code_charset", char=ch, position=position, suggestion=suggestion, length=len(code)
            )


def _parse_credit(code: str, home_division: str | None) -> Parsed:
    _require_charset(code, [CREDIT_ALPHABET] * 18)
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        raise RuleError("credit_code_check", expected=expected, given=code[17])
    warnings: list[RuleWarning] = []
    division = code[2:8]
    if home_division is not None and not division.startswith(home_division):
        params = {"division": division, "home": home_division}
        warnings.append(RuleWarning("credit_code_not_chongqing", params))
    embedded = code[8:17]
    # The 18-character check already catches every single-character typo; a wrong embedded
    # check character only means the code deserves a second look, so this is a warning.
    embedded_check = org_check_char(embedded[:8])
    if embedded[8] != embedded_check:
        embedded_params = {"embedded": embedded, "expected": embedded_check, "given": embedded[8]}
        warnings.append(RuleWarning("credit_code_embedded_check", embedded_params))
    return Parsed(code, code, tuple(warnings))


def _parse_org(code: str) -> Parsed:
    _require_charset(code, [ORG_BODY_ALPHABET] * 8 + [ORG_CHECK_ALPHABET])
    expected = org_check_char(code[:8])
    if code[8] != expected:
        raise RuleError("org_code_check", expected=expected, given=code[8])
    return Parsed(code, f"{code[:8]}-{code[8]}")


def parse_org_code(text: str, home_division: str | None = None) -> Parsed:
    """Parse the form's 组织机构代码 field: an 18- or 9-character code.

    ``value`` is the bare normalised code (``"9144030071526726XG"``, ``"71526726X"``);
    ``display`` is the same, with the customary hyphen for 9-character codes (``"71526726-X"``).
    ``home_division``: the division-code prefix of the expected region (Chongqing: ``"50"``,
    from the campaign); an 18-character code registered elsewhere gets a warning.
    """
    code = normalise_code(text)
    if len(code) == 18:
        return _parse_credit(code, home_division)
    if len(code) == 9:
        return _parse_org(code)
    if len(code) == 15 and code.isdigit():
        raise RuleError("credit_code_old_registration", length=15)
    raise RuleError("credit_code_length", length=len(code))
