"""统一社会信用代码 / 组织机构代码: real vectors, every single-character typo, normalisation."""

from __future__ import annotations

import pytest

from bot.rules.credit_code import CREDIT_ALPHABET, parse_org_code
from bot.rules.errors import RuleError

VECTORS = ("914403001922038216", "9144030071526726XG")  # DOMAIN.md, both Shenzhen (440300)


# An independent implementation of both check characters, written from DOMAIN.md.
def credit_check(body17: str) -> str:
    values = {ch: i for i, ch in enumerate("0123456789ABCDEFGHJKLMNPQRTUWXY")}
    weights = [3**i % 31 for i in range(17)]  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
    remainder = sum(values[c] * w for c, w in zip(body17, weights, strict=True)) % 31
    return "0123456789ABCDEFGHJKLMNPQRTUWXY"[(31 - remainder) % 31]


def org_check(body8: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(body8, [3, 7, 9, 10, 5, 8, 4, 2], strict=True))
    return {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11))


def test_independent_implementation_agrees_with_the_vectors() -> None:
    assert [3**i % 31 for i in range(17)] == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    for code in VECTORS:
        assert credit_check(code[:17]) == code[17]
        assert org_check(code[8:16]) == code[16]


@pytest.mark.parametrize("code", VECTORS)
def test_valid_vectors(code: str) -> None:
    parsed = parse_org_code(code)
    assert parsed.value == code
    assert parsed.display == code
    assert parsed.warnings == ()
    assert parsed.stored == code


@pytest.mark.parametrize("code", VECTORS)
def test_shenzhen_codes_warn_when_chongqing_is_expected(code: str) -> None:
    parsed = parse_org_code(code, home_division="50")
    assert [(w.code, w.params) for w in parsed.warnings] == [
        ("credit_code_not_chongqing", {"division": "440300", "home": "50"})
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "9144 0300 1922 0382 16",
        " 914403001922038216 ",
        "９１４４０３００１９２２０３８２１６",
        "91440300-192203821-6",
        "9144\u30000300\t1922038216",
    ],
)
def test_normalisation_of_the_first_vector(typed: str) -> None:
    assert parse_org_code(typed).value == "914403001922038216"


@pytest.mark.parametrize(
    "typed", ["9144030071526726xg", "9144 0300 7152 6726 xg", "９１４４０３００７１５２６７２６ｘｇ"]
)
def test_lower_case_and_full_width_letters(typed: str) -> None:
    assert parse_org_code(typed).value == "9144030071526726XG"


@pytest.mark.parametrize("code", VECTORS)
def test_every_single_character_substitution_fails(code: str) -> None:
    tried = 0
    for position in range(18):
        for ch in CREDIT_ALPHABET:
            if ch == code[position]:
                continue
            typo = code[:position] + ch + code[position + 1 :]
            with pytest.raises(RuleError) as info:
                parse_org_code(typo)
            assert info.value.code == "credit_code_check"
            tried += 1
    assert tried == 18 * 30


@pytest.mark.parametrize("code", VECTORS)
@pytest.mark.parametrize("ch", list("IOZSV*#"))
def test_excluded_letters_are_a_charset_error(code: str, ch: str) -> None:
    for position in range(18):
        with pytest.raises(RuleError) as info:
            parse_org_code(code[:position] + ch + code[position + 1 :])
        assert info.value.code == "credit_code_charset"
        assert info.value.params["position"] == position + 1
        assert info.value.params["char"] == ch
        assert info.value.params["length"] == 18


def test_charset_error_suggests_the_lookalike() -> None:
    with pytest.raises(RuleError) as info:
        parse_org_code("9144O3001922038216")
    assert info.value.params == {"char": "O", "position": 5, "suggestion": "0", "length": 18}
    with pytest.raises(RuleError) as info:
        parse_org_code("9144030019220382I6")
    assert info.value.params["suggestion"] == "1"
    with pytest.raises(RuleError) as info:
        parse_org_code("9144030019220382#6")
    assert info.value.params["suggestion"] is None


def test_check_error_names_expected_and_given() -> None:
    with pytest.raises(RuleError) as info:
        parse_org_code("914403001922038217")
    assert info.value.code == "credit_code_check"
    assert info.value.params == {"expected": "6", "given": "7"}


def test_a_computed_chongqing_code_has_no_warning() -> None:
    body = "91500000MA5U0000"
    body17 = body + org_check(body[8:])
    code = body17 + credit_check(body17)
    parsed = parse_org_code(code.lower(), home_division="50")
    assert parsed.value == code
    assert parsed.warnings == ()


def test_embedded_organisation_code_with_a_wrong_check_is_only_a_warning() -> None:
    body17 = "91500000MA5U00000"  # embedded MA5U0000 + "0", whose own check would be "3"
    assert org_check("MA5U0000") == "3"
    code = body17 + credit_check(body17)
    parsed = parse_org_code(code, home_division="50")
    assert parsed.value == code
    assert [(w.code, w.params) for w in parsed.warnings] == [
        ("credit_code_embedded_check", {"embedded": "MA5U00000", "expected": "3", "given": "0"})
    ]


@pytest.mark.parametrize(
    "typed", ["71526726-X", "71526726X", "71526726x", " 7152 6726-x ", "７１５２６７２６－Ｘ"]
)
def test_nine_character_organisation_code(typed: str) -> None:
    parsed = parse_org_code(typed)
    assert parsed.value == "71526726X"
    assert parsed.display == "71526726-X"
    assert parsed.warnings == ()


def test_nine_character_vectors_from_the_credit_codes() -> None:
    assert parse_org_code("19220382-1").value == "192203821"
    assert org_check("MA5U0000") == "3"
    assert parse_org_code("MA5U0000-3").display == "MA5U0000-3"


@pytest.mark.parametrize("code", ["71526726X", "192203821"])
def test_nine_character_digit_typos_and_check_typos_fail(code: str) -> None:
    # Weights mod 11 catch every digit substitution; a letter whose value differs by 11
    # (0 ↔ B) is not detectable by GB 11714's check, so only digits are flipped in the body.
    for position in range(9):
        alphabet = "0123456789X" if position == 8 else "0123456789"
        for ch in alphabet:
            if ch == code[position]:
                continue
            with pytest.raises(RuleError) as info:
                parse_org_code(code[:position] + ch + code[position + 1 :])
            assert info.value.code == "org_code_check"


def test_org_code_check_params() -> None:
    with pytest.raises(RuleError) as info:
        parse_org_code("71526726-5")
    assert info.value.code == "org_code_check"
    assert info.value.params == {"expected": "X", "given": "5"}


def test_org_code_charset() -> None:
    with pytest.raises(RuleError) as info:
        parse_org_code("7152672#X")
    assert info.value.code == "credit_code_charset"
    assert info.value.params["position"] == 8
    assert info.value.params["length"] == 9
    with pytest.raises(RuleError) as info:
        parse_org_code("71526726Y")
    assert info.value.params["position"] == 9


@pytest.mark.parametrize(
    ("typed", "length"),
    [("", 0), ("   ", 0), ("91440300192203821", 17), ("9144030019220382161", 19), ("7152672X", 8)],
)
def test_length_errors(typed: str, length: int) -> None:
    with pytest.raises(RuleError) as info:
        parse_org_code(typed)
    assert info.value.code == "credit_code_length"
    assert info.value.params == {"length": length}


def test_fifteen_digit_registration_number_is_named() -> None:
    with pytest.raises(RuleError) as info:
        parse_org_code("500000000012345")
    assert info.value.code == "credit_code_old_registration"


# Issue 16 point 6: a code pasted at the end of a sentence, or in quotes/brackets, as people
# copy it out of a document (the DOMAIN.md vectors).
@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("914403001922038216。", "914403001922038216"),
        ("914403001922038216，", "914403001922038216"),
        ("9144030071526726XG.", "9144030071526726XG"),
        ("“9144030071526726XG”", "9144030071526726XG"),
        ("（914403001922038216）", "914403001922038216"),
        ("「9144 0300 7152 6726 XG」；", "9144030071526726XG"),
        ("71526726-X。", "71526726X"),
    ],
)
def test_punctuation_around_the_code_is_dropped(typed: str, code: str) -> None:
    assert parse_org_code(typed).value == code


def test_punctuation_inside_the_code_is_still_refused() -> None:
    with pytest.raises(RuleError) as info:
        parse_org_code("9144030019。22038216")
    assert info.value.code == "credit_code_length" and info.value.params["length"] == 19


@pytest.mark.parametrize("typed", ["٩١٤٤٠٣٠٠١٩٢٢٠٣٨٢١٦", "۹۱۴۴۰۳۰۰۱۹۲۲۰۳۸۲۱۶"])
def test_arabic_indic_digits_are_not_a_code(typed: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_org_code(typed)
    assert info.value.code == "credit_code_charset"
