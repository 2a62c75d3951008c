"""Free text: normalisation, length limits, the address's place check."""

from __future__ import annotations

import pytest

from bot.rules.errors import RuleError
from bot.rules.text_field import parse_address, parse_multiline, parse_text
from bot.rules.text_norm import halfwidth_alnum, normalise_compact, normalise_line, normalise_multiline


def test_halfwidth_keeps_chinese_punctuation() -> None:
    assert halfwidth_alnum("ＡＢＣ科技（重庆）有限公司１２３，。") == "ABC科技（重庆）有限公司123，。"


def test_normalise_line() -> None:
    assert normalise_line("  重庆　ＡＢＣ   科技\n有限公司\t ") == "重庆 ABC 科技 有限公司"
    assert normalise_line("a\u200bb\ufeff") == "ab"
    assert normalise_line("x\x00y\x07") == "xy"


def test_normalise_multiline() -> None:
    text = "\n\n  产品A：１２０万件  \r\n\n\n\n产品B：  ３０万台\n\n"
    assert normalise_multiline(text) == "产品A：120万件\n\n产品B： 30万台"


def test_normalise_compact() -> None:
    assert normalise_compact(" ＋８６　１３８－００１３ ") == "+86138-0013"
    assert normalise_compact("12，345．6") == "12,345.6"
    assert normalise_compact("a\u2014b\u2212c") == "a-b-c"


def test_parse_text_normalises_and_counts_characters() -> None:
    parsed = parse_text("  重庆ＡＢＣ智能装备有限公司 ", 2, 100)
    assert parsed.value == "重庆ABC智能装备有限公司"
    assert parsed.display == parsed.value
    assert parsed.warnings == ()


def test_length_bounds_inclusive() -> None:
    assert parse_text("张三", 2, 20).value == "张三"
    assert parse_text("张" * 20, 2, 20).value == "张" * 20


def test_too_short() -> None:
    with pytest.raises(RuleError) as info:
        parse_text("张", 2, 20)
    assert info.value.code == "text_too_short"
    assert info.value.params == {"length": 1, "min_len": 2}


def test_too_long() -> None:
    with pytest.raises(RuleError) as info:
        parse_text("张" * 21, 2, 20)
    assert info.value.code == "text_too_long"
    assert info.value.params == {"length": 21, "max_len": 20}


@pytest.mark.parametrize("typed", ["", "   ", "\u3000\n\t", "\u200b"])
def test_empty(typed: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_text(typed, 2, 20)
    assert info.value.code == "text_empty"
    assert info.value.params == {}


def test_spaces_collapse_before_counting() -> None:
    assert parse_text("a      b", 1, 3).value == "a b"


def test_multiline_keeps_lines() -> None:
    parsed = parse_multiline("产品A：１２０万件\n\n\n\n产品B：30万台  ", 1, 2000)
    assert parsed.value == "产品A：120万件\n\n产品B：30万台"
    with pytest.raises(RuleError) as info:
        parse_multiline("一\n二", 1, 2)
    assert info.value.params == {"length": 3, "max_len": 2}


def test_address_mentioning_the_place() -> None:
    parsed = parse_address("重庆市渝北区金开大道１号", 5, 200, must_mention="重庆")
    assert parsed.value == "重庆市渝北区金开大道1号"
    assert parsed.warnings == ()


def test_address_not_mentioning_the_place_is_accepted_with_a_warning() -> None:
    parsed = parse_address("渝北区金开大道1号", 5, 200, must_mention="重庆")
    assert parsed.value == "渝北区金开大道1号"
    assert [(w.code, w.params) for w in parsed.warnings] == [("address_not_chongqing", {"place": "重庆"})]


def test_address_without_a_place_to_check() -> None:
    assert parse_address("渝北区金开大道1号").warnings == ()


def test_address_length_errors_come_first() -> None:
    with pytest.raises(RuleError) as info:
        parse_address("", must_mention="重庆")
    assert info.value.code == "text_empty"


def test_an_address_in_english_names_the_place_in_english() -> None:
    """Issue 30.4: "99 Jinkai Avenue, Yubei District, Chongqing" was warned for not containing 重庆."""
    english = "99 Jinkai Avenue, Yubei District, Chongqing"
    assert parse_address(english, 5, 200, must_mention="重庆", aliases=("Chongqing",)).warnings == ()
    assert parse_address(english.upper(), 5, 200, must_mention="重庆", aliases=("Chongqing",)).warnings == ()
    elsewhere = parse_address("1 Nanjing Road, Shanghai", 5, 200, must_mention="重庆", aliases=("Chongqing",))
    assert [w.code for w in elsewhere.warnings] == ["address_not_chongqing"]
