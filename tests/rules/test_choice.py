"""Choice fields: the 41 districts/zones and 8 industries from the shipped campaign file."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from bot.campaign.schema import LocalText, Option
from bot.rules.choice import match_option, short_form
from bot.rules.errors import RuleError

CAMPAIGN = Path(__file__).resolve().parents[2] / "templates" / "campaigns" / "cq-benchmark-2022.toml"

# DOMAIN.md, 所属区县: 26 districts, 8 counties, 4 autonomous counties, 3 zones.
DISTRICTS = [
    "万州区",
    "涪陵区",
    "渝中区",
    "大渡口区",
    "江北区",
    "沙坪坝区",
    "九龙坡区",
    "南岸区",
    "北碚区",
    "綦江区",
    "大足区",
    "渝北区",
    "巴南区",
    "黔江区",
    "长寿区",
    "江津区",
    "合川区",
    "永川区",
    "南川区",
    "璧山区",
    "铜梁区",
    "潼南区",
    "荣昌区",
    "开州区",
    "梁平区",
    "武隆区",
]
COUNTIES = ["城口县", "丰都县", "垫江县", "忠县", "云阳县", "奉节县", "巫山县", "巫溪县"]
AUTONOMOUS = ["石柱土家族自治县", "秀山土家族苗族自治县", "酉阳土家族苗族自治县", "彭水苗族土家族自治县"]
ZONES = ["两江新区", "西部科学城重庆高新区", "万盛经开区"]
ALL_NAMES = DISTRICTS + COUNTIES + AUTONOMOUS + ZONES
INDUSTRIES = ["汽车", "电子", "装备", "消费品", "化工", "医药", "材料", "智能终端"]


def load(field_id: str) -> list[Option]:
    """The options of one form field of the shipped campaign file."""
    raw = tomllib.loads(CAMPAIGN.read_text(encoding="utf-8"))
    field = next(f for f in raw["form"]["fields"] if f["id"] == field_id)
    return [Option.model_validate(item) for item in field["options"]]


@pytest.fixture(scope="module")
def districts() -> list[Option]:
    return load("district")


@pytest.fixture(scope="module")
def industries() -> list[Option]:
    return load("industry")


def zh(option: Option) -> str:
    return option.text.zh_CN


def test_district_fragment_is_the_domain_list(districts: list[Option]) -> None:
    assert (len(DISTRICTS), len(COUNTIES), len(AUTONOMOUS), len(ZONES)) == (26, 8, 4, 3)
    assert [zh(o) for o in districts] == ALL_NAMES
    assert len({o.id for o in districts}) == 41
    assert len({o.text.en for o in districts}) == 41
    assert all(re.fullmatch(r"[a-z_]{2,24}", o.id) for o in districts)


def test_industry_fragment(industries: list[Option]) -> None:
    assert [zh(o) for o in industries] == INDUSTRIES
    assert len({o.id for o in industries}) == 8
    assert len({o.text.en for o in industries}) == 8


def test_every_district_by_every_own_text(districts: list[Option]) -> None:
    for option in districts:
        for typed in (option.id, option.text.zh_CN, option.text.en, option.text.en.upper(), *option.aliases):
            assert match_option(typed, districts) is option, typed


def test_every_district_by_its_short_form(districts: list[Option]) -> None:
    for option in districts:
        short = short_form(option.text.zh_CN)
        assert short and short != option.text.zh_CN
        assert match_option(short, districts) is option, short


def test_every_industry_by_every_own_text(industries: list[Option]) -> None:
    for option in industries:
        for typed in (option.id, option.text.zh_CN, option.text.en, option.text.en.lower(), *option.aliases):
            assert match_option(typed, industries) is option, typed


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("渝北", "渝北区"),
        (" 渝北 ", "渝北区"),
        ("渝 北 区", "渝北区"),
        ("石柱", "石柱土家族自治县"),
        ("石柱县", "石柱土家族自治县"),
        ("秀山县", "秀山土家族苗族自治县"),
        ("彭水", "彭水苗族土家族自治县"),
        ("酉阳县", "酉阳土家族苗族自治县"),
        ("高新区", "西部科学城重庆高新区"),
        ("重庆高新区", "西部科学城重庆高新区"),
        ("重庆市高新区", "西部科学城重庆高新区"),
        ("西部科学城", "西部科学城重庆高新区"),
        ("两江", "两江新区"),
        ("万盛", "万盛经开区"),
        ("万盛区", "万盛经开区"),
        ("万盛经济技术开发区", "万盛经开区"),
        ("忠县", "忠县"),
        ("忠", "忠县"),
        ("开县", "开州区"),
        ("梁平县", "梁平区"),
        ("重庆市渝北区", "渝北区"),
        ("重庆市江北区", "江北区"),
        ("沙坪坝", "沙坪坝区"),
        ("沙坪", "沙坪坝区"),
        ("大渡口", "大渡口区"),
        ("九龙坡区", "九龙坡区"),
        ("Yubei", "渝北区"),
        ("yubei district", "渝北区"),
        ("Nanan", "南岸区"),
        ("Nan'an District", "南岸区"),
        ("Shizhu", "石柱土家族自治县"),
        ("Shizhu County", "石柱土家族自治县"),
        ("Liangjiang", "两江新区"),
        ("high-tech zone", "西部科学城重庆高新区"),
        ("Wansheng", "万盛经开区"),
        ("YUBEI", "渝北区"),
    ],
)
def test_district_forms_people_type(districts: list[Option], typed: str, expected: str) -> None:
    assert zh(match_option(typed, districts)) == expected


@pytest.mark.parametrize("typed", ["北京", "重庆", "重庆市", "区", "", "   ", "巫", "Chongqing", "xyz", "开"])
def test_unknown_district(districts: list[Option], typed: str) -> None:
    with pytest.raises(RuleError) as info:
        match_option(typed, districts)
    assert info.value.code == "choice_unknown"
    assert info.value.params == {"text": typed.strip()}


@pytest.mark.parametrize(
    ("typed", "candidates"),
    [("南川区和北碚区", {"nanchuan", "beibei"})],
)
def test_ambiguous_district(districts: list[Option], typed: str, candidates: set[str]) -> None:
    with pytest.raises(RuleError) as info:
        match_option(typed, districts)
    assert info.value.code == "choice_ambiguous"
    assert set(info.value.params["candidates"]) == candidates
    assert {label["zh_CN"] for label in info.value.params["labels"]} == {"南川区", "北碚区"}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("汽车", "汽车"),
        ("汽车行业", "汽车"),
        ("汽车制造", "汽车"),
        ("汽摩", "汽车"),
        ("电子信息", "电子"),
        ("装备制造业", "装备"),
        ("生物医药", "医药"),
        ("新材料", "材料"),
        ("消费品工业", "消费品"),
        ("智能终端产品", "智能终端"),
        ("electronics", "电子"),
        ("Consumer Goods", "消费品"),
        ("Chemical", "化工"),
    ],
)
def test_industry_forms(industries: list[Option], typed: str, expected: str) -> None:
    assert zh(match_option(typed, industries)) == expected


def test_ambiguous_industry(industries: list[Option]) -> None:
    with pytest.raises(RuleError) as info:
        match_option("化工材料", industries)
    assert info.value.code == "choice_ambiguous"
    assert info.value.params["candidates"] == ["chemicals", "materials"]


def test_unknown_industry(industries: list[Option]) -> None:
    with pytest.raises(RuleError) as info:
        match_option("农业", industries)
    assert info.value.code == "choice_unknown"


def option(option_id: str, zh_text: str, en: str, aliases: tuple[str, ...] = ()) -> Option:
    return Option(id=option_id, text=LocalText(zh_CN=zh_text, en=en), aliases=list(aliases))


def test_longer_contained_name_wins() -> None:
    options = [option("a", "电子", "Electronics"), option("b", "智能终端电子", "Smart electronics")]
    assert match_option("智能终端电子产品", options).id == "b"


def test_shared_short_form_is_ambiguous() -> None:
    options = [option("a", "江北区", "Jiangbei District"), option("b", "江北县", "Jiangbei County")]
    with pytest.raises(RuleError) as info:
        match_option("江北", options)
    assert info.value.code == "choice_ambiguous"
    assert match_option("江北县", options).id == "b"


def test_exact_match_wins_over_short_forms() -> None:
    options = [option("a", "新区", "A"), option("b", "新", "B")]
    assert match_option("新区", options).id == "a"


def test_short_forms() -> None:
    assert short_form("石柱土家族自治县") == "石柱"
    assert short_form("彭水苗族土家族自治县") == "彭水"
    assert short_form("西部科学城重庆高新区") == "西部科学城重庆"
    assert short_form("万盛经开区") == "万盛"
    assert short_form("Xiushan Tujia and Miao Autonomous County") == "xiushan"
    assert short_form("Chongqing High-tech Zone (Western Science City)") == "chongqinghightech"


def outside_places() -> list[str]:
    raw = tomllib.loads(CAMPAIGN.read_text(encoding="utf-8"))
    return next(f for f in raw["form"]["fields"] if f["id"] == "district")["outside"]


# Issue 16 point 5. Notice §二（一）: 在重庆市辖区内注册. 成都高新区 (Sichuan), 西安高新区
# (Shaanxi) and 宁波市江北区 (Zhejiang) are not Chongqing's 高新区 or 江北区.
@pytest.mark.parametrize(
    ("typed", "place"),
    [
        ("成都高新区", "成都"),
        ("西安高新区", "西安"),
        ("宁波市江北区", "宁波"),
        ("四川省成都市高新区", "四川"),
        ("浙江宁波江北", "浙江"),
        ("Chengdu High-tech Zone", "Chengdu"),
        ("Xi'an High-tech Zone", "Xi'an"),
    ],
)
def test_a_place_outside_chongqing_is_refused(districts: list[Option], typed: str, place: str) -> None:
    with pytest.raises(RuleError) as info:
        match_option(typed, districts, outside_places())
    assert info.value.code == "choice_outside" and info.value.params["place"] == place


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("重庆市江北区", "江北区"),
        ("重庆高新区", "西部科学城重庆高新区"),
        ("高新区", "西部科学城重庆高新区"),
        ("Zhongxian", "忠县"),  # "xian" inside a word is not Xi'an
        ("Zhong County", "忠县"),
    ],
)
def test_chongqing_names_still_match_with_the_outside_list(
    districts: list[Option], typed: str, expected: str
) -> None:
    assert zh(match_option(typed, districts, outside_places())) == expected


def test_no_outside_place_is_a_chongqing_division(districts: list[Option]) -> None:
    for option in districts:
        for typed in (option.text.zh_CN, option.text.en, *option.aliases):
            assert zh(match_option(typed, districts, outside_places())) == zh(option), typed


# 双桥区 and 双桥经开区 were merged into 大足区 (2011); 北部新区 became part of 两江新区 (2010s).
@pytest.mark.parametrize(
    ("typed", "today"),
    [
        ("双桥区", "大足区"),
        ("双桥经开区", "大足区"),
        ("重庆双桥经济技术开发区", "大足区"),
        ("双桥", "大足区"),
        ("北部新区", "两江新区"),
        ("重庆北部新区", "两江新区"),
    ],
)
def test_a_former_name_asks_did_you_mean(districts: list[Option], typed: str, today: str) -> None:
    with pytest.raises(RuleError) as info:
        match_option(typed, districts, outside_places())
    assert info.value.code == "choice_renamed"
    assert [label["zh_CN"] for label in info.value.params["labels"]] == [today]


def test_renamed_message_names_today_division(districts: list[Option], renderer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleError) as info:
        match_option("双桥区", districts, outside_places())
    text = renderer.render("zh_CN", "field/choice_renamed", **info.value.params)
    assert "您是指「大足区」吗" in text
