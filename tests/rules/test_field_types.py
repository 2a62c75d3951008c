"""The parser registry: one parser per field type, stored values round-trip, levels."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from bot.campaign.schema import FIELD_TYPES, Campaign, FormField, LocalText
from bot.rules.errors import RuleError
from bot.rules.field_types import PARSERS, FieldContext, context_for, load_value, parse_field

NAMES = {
    1: LocalText(zh_CN="一级（规划级）", en="Level 1 (planning)"),
    2: LocalText(zh_CN="二级（规范级）", en="Level 2 (standardised)"),
    3: LocalText(zh_CN="三级（集成级）", en="Level 3 (integrated)"),
    4: LocalText(zh_CN="四级（优化级）", en="Level 4 (optimised)"),
    5: LocalText(zh_CN="五级（引领级）", en="Level 5 (leading)"),
}
BANDS = (
    (1, Decimal("0.8"), Decimal("1.8")),
    (2, Decimal("1.8"), Decimal("2.8")),
    (3, Decimal("2.8"), Decimal("3.8")),
    (4, Decimal("3.8"), Decimal("4.8")),
    (5, Decimal("4.8"), Decimal("5")),
)
CONTEXT = FieldContext(
    year_range=(2018, 2022),
    score_range=(Decimal(0), Decimal(5)),
    bands=BANDS,
    level_names=NAMES,
    home_place="重庆",
    home_division="50",
)
INDUSTRY = [{"id": "automotive", "text": {"zh_CN": "汽车", "en": "Automotive"}}]


def make(field_type: str, **extra: Any) -> FormField:
    data = {"id": "f", "label": {"zh_CN": "项", "en": "Item"}, "type": field_type, **extra}
    if field_type in FIELD_TYPES:
        return FormField.model_validate(data)
    # "address" and "money_wan_signed" have parsers but are not (yet) in the schema's FIELD_TYPES.
    valid = FormField.model_validate({**data, "type": "text"})
    return valid.model_copy(update={"type": field_type})


def test_every_schema_type_has_a_parser() -> None:
    assert set(FIELD_TYPES) <= set(PARSERS)


@pytest.mark.parametrize(
    ("field_type", "typed", "value", "display", "extra"),
    [
        (
            "text",
            " 重庆ＡＢＣ有限公司 ",
            "重庆ABC有限公司",
            "重庆ABC有限公司",
            {"min_len": 2, "max_len": 100},
        ),
        ("multiline", "A：1万件\n\n\nB：2万台", "A：1万件\n\nB：2万台", "A：1万件\n\nB：2万台", {}),
        ("address", "重庆市渝北区1号", "重庆市渝北区1号", "重庆市渝北区1号", {}),
        ("credit_code", "9144 0300 7152 6726 xg", "9144030071526726XG", "9144030071526726XG", {}),
        ("credit_code", "71526726-x", "71526726X", "71526726-X", {}),
        ("money_wan", "1.2亿", Decimal("12000"), "12000", {}),
        ("money_wan_signed", "负35.5", Decimal("-35.5"), "-35.5", {}),
        ("money_usd_wan", "123万美元", Decimal("123"), "123", {}),
        ("choice", "汽车行业", "automotive", "汽车", {"options": INDUSTRY}),
        (
            "district",
            "渝北",
            "yubei",
            "渝北区",
            {"options": [{"id": "yubei", "text": {"zh_CN": "渝北区", "en": "Yubei District"}}]},
        ),
        ("mobile", "+86 138-0013-8000", "13800138000", "13800138000", {}),
        ("year", "2021年", 2021, "2021", {}),
        ("level", "三级", 3, "3", {}),
        ("score", "3.25分", Decimal("3.25"), "3.25", {}),
    ],
)
def test_each_type_parses_and_round_trips(
    field_type: str, typed: str, value: object, display: str, extra: dict[str, Any]
) -> None:
    parsed = parse_field(make(field_type, **extra), typed, CONTEXT)
    assert parsed.value == value
    assert type(parsed.value) is type(value)
    assert parsed.display == display
    stored = json.loads(json.dumps(parsed.stored))
    assert load_value(field_type, stored) == value
    assert type(load_value(field_type, stored)) is type(value)


def test_money_wan_refuses_negative_and_usd_refuses_yuan() -> None:
    with pytest.raises(RuleError) as info:
        parse_field(make("money_wan"), "-1", CONTEXT)
    assert info.value.code == "money_negative"
    with pytest.raises(RuleError) as info:
        parse_field(make("money_usd_wan"), "100万元", CONTEXT)
    assert info.value.code == "money_unit"


def test_context_warnings() -> None:
    assert parse_field(make("address"), "渝北区1号", CONTEXT).warnings[0].code == "address_not_chongqing"
    assert parse_field(make("credit_code"), "914403001922038216", CONTEXT).warnings[0].code == (
        "credit_code_not_chongqing"
    )
    assert parse_field(make("address"), "渝北区1号").warnings == ()


def test_field_lengths_come_from_the_field() -> None:
    with pytest.raises(RuleError) as info:
        parse_field(make("text", min_len=2, max_len=20), "张")
    assert info.value.params == {"length": 1, "min_len": 2}


def test_year_range_from_context() -> None:
    with pytest.raises(RuleError) as info:
        parse_field(make("year"), "2023", CONTEXT)
    assert info.value.code == "year_range"
    assert parse_field(make("year"), "2023").value == 2023


@pytest.mark.parametrize(
    "typed",
    [
        "3",
        "３",
        "3级",
        "三",
        "三级",
        "level 3",
        "Level3",
        "L3",
        "三级（集成级）",
        "集成级",
        "集成",
        "integrated",
        "Level 3 (integrated)",
    ],
)
def test_level_spellings(typed: str) -> None:
    assert parse_field(make("level"), typed, CONTEXT).value == 3


@pytest.mark.parametrize(
    ("typed", "level"), [("一级", 1), ("规划级", 1), ("五", 5), ("引领级", 5), ("两级", 2)]
)
def test_other_levels(typed: str, level: int) -> None:
    assert parse_field(make("level"), typed, CONTEXT).value == level


def test_level_errors() -> None:
    with pytest.raises(RuleError) as info:
        parse_field(make("level"), "很高", CONTEXT)
    assert info.value.code == "level_format"
    assert info.value.params == {"text": "很高"}
    with pytest.raises(RuleError) as info:
        parse_field(make("level"), "7", CONTEXT)
    assert info.value.code == "level_range"
    assert info.value.params == {"level": 7, "minimum": 1, "maximum": 5}
    with pytest.raises(RuleError) as info:
        parse_field(make("level"), "集成级")  # no level names without a context
    assert info.value.code == "level_format"


def test_score_with_stated_level_warns_on_mismatch() -> None:
    context = FieldContext(score_range=(Decimal(0), Decimal(5)), bands=BANDS, stated_level=4)
    parsed = parse_field(make("score"), "3.25", context)
    assert [w.code for w in parsed.warnings] == ["score_level_mismatch"]
    assert parsed.warnings[0].params["expected_level"] == 3
    assert parse_field(make("score"), "4.1", context).warnings == ()
    with pytest.raises(RuleError) as info:
        parse_field(make("score"), "5.5", context)
    assert info.value.code == "score_range"


CAMPAIGN = {
    "id": "test",
    "name": {"zh_CN": "测试", "en": "Test"},
    "number_prefix": "T",
    "deadline": "2030-08-10T23:59:59+08:00",
    "timezone": "Asia/Shanghai",
    "intro": {"zh_CN": "介绍", "en": "Intro"},
    "levels": [
        {
            "level": 1,
            "name": {"zh_CN": "一级（规划级）", "en": "Level 1 (planning)"},
            "min_score": 0.8,
            "max_score": 1.8,
        },
        {
            "level": 2,
            "name": {"zh_CN": "二级（规范级）", "en": "Level 2"},
            "min_score": 1.8,
            "max_score": 2.8,
        },
        {
            "level": 3,
            "name": {"zh_CN": "三级（集成级）", "en": "Level 3"},
            "min_score": 2.8,
            "max_score": 5.0,
        },
    ],
    "questions": [
        {
            "id": "year",
            "kind": "year",
            "min": 2018,
            "max": 2022,
            "text": {"zh_CN": "年", "en": "Year"},
            "clause": {"ref": "§1", "text": {"zh_CN": "条", "en": "Clause"}},
        },
        {"id": "score", "kind": "score", "min": 0, "max": 5, "text": {"zh_CN": "分", "en": "Score"}},
    ],
    "review": {"fail_at_inconsistencies": 5},
    "ranking": {"top_n": 10},
}


def test_context_from_campaign() -> None:
    campaign = Campaign.model_validate(CAMPAIGN)
    year_ctx = context_for(campaign, make("year", carry_from="year"))
    assert year_ctx.year_range == (2018, 2022)
    assert year_ctx.score_range is None
    score_ctx = context_for(campaign, make("score", carry_from="score"), stated_level=3, home_place="重庆")
    assert score_ctx.score_range == (Decimal(0), Decimal(5))
    assert score_ctx.bands[0] == (1, Decimal("0.8"), Decimal("1.8"))
    assert score_ctx.home_place == "重庆"
    assert parse_field(make("score"), "5", score_ctx).warnings == ()
    assert parse_field(make("level"), "集成级", score_ctx).value == 3
    with pytest.raises(RuleError) as info:
        parse_field(make("level"), "4", score_ctx)
    assert info.value.params == {"level": 4, "minimum": 1, "maximum": 3}
    plain = context_for(campaign, make("text"))
    assert plain.year_range is None and plain.score_range is None
