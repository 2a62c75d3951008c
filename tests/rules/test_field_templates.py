"""Every code a field parser can raise or warn with has a message in both languages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bot.domain.languages import LANGUAGES
from bot.texts.render import Renderer

ROOT = Path(__file__).resolve().parents[2]
PARSER_MODULES = [
    "choice.py",
    "credit_code.py",
    "field_types.py",
    "maturity.py",
    "mobile.py",
    "numbers.py",
    "text_field.py",
    "plausibility.py",
]
LABELS = [{"zh_CN": "南川区", "en": "Nanchuan District"}, {"zh_CN": "北碚区", "en": "Beibei District"}]

HALF_OPEN = {"band_top": False}  # a band without its maximum (all but the top one)

# Sample parameters; a list gives several variants of the same code (optional params as None).
SAMPLES: dict[str, list[dict[str, Any]]] = {
    "credit_code_length": [{"length": 17}, {"length": 0}],
    "credit_code_old_registration": [{"length": 15}],
    "credit_code_charset": [
        {"char": "O", "position": 5, "suggestion": "0", "length": 18},
        {"char": "#", "position": 8, "suggestion": None, "length": 9},
    ],
    "credit_code_check": [{"expected": "6", "given": "7"}],
    "org_code_check": [{"expected": "X", "given": "5"}],
    "credit_code_not_chongqing": [{"division": "440300", "home": "50"}],
    "credit_code_embedded_check": [{"embedded": "MA5U00000", "expected": "3", "given": "0"}],
    "money_format": [{"text": "约3000万", "expected": "wan"}, {"text": "abc", "expected": "usd_wan"}],
    "money_unit": [{"unit": "元", "expected": "wan"}, {"unit": "万元", "expected": "usd_wan"}],
    "money_negative": [{"value": "-35.5", "expected": "wan"}, {"value": "-1", "expected": "usd_wan"}],
    "money_precision": [
        {"value": "12.34567", "places": 4, "expected": "wan"},
        {"value": "1.00001", "places": 4, "expected": "usd_wan"},
    ],
    "score_format": [{"text": "三分"}],
    "score_range": [
        {"score": "6", "minimum": "0", "maximum": "5"},
        {"score": "6", "minimum": None, "maximum": "5"},
        {"score": "-1", "minimum": "0", "maximum": None},
    ],
    "year_format": [{"text": "21年"}],
    "year_range": [
        {"year": 2017, "minimum": 2018, "maximum": 2022},
        {"year": 2017, "minimum": 2018, "maximum": None},
        {"year": 2030, "minimum": None, "maximum": 2022},
    ],
    "mobile_format": [{"text": "1380013800", "digits": 10}, {"text": "abc", "digits": 0}],
    "mobile_prefix": [{"prefix": "12"}],
    "mobile_not_mainland": [{"number": "+85291234567"}],
    "choice_unknown": [{"text": "北京"}],
    "choice_ambiguous": [{"text": "南川区和北碚区", "candidates": ["nanchuan", "beibei"], "labels": LABELS}],
    "choice_outside": [{"text": "成都高新区", "place": "成都"}],
    "choice_renamed": [
        {"text": "双桥区", "former": "双桥区", "candidates": ["dazu"], "labels": [LABELS[0]]},
    ],
    "amount_beyond_ceiling": [
        {"field": "主营业务收入", "value": "914403001922038216", "ceiling": "10000000", "expected": "wan"},
        {"field": "出口（万美元）", "value": "1600000", "ceiling": "10000000", "expected": "usd_wan"},
    ],
    "above_revenue": [
        {
            "field": "实现利润",
            "value": "800",
            "revenue": "500",
            "revenue_label": "主营业务收入",
            "expected": "wan",
        }
    ],
    "export_above_revenue": [
        {
            "field": "出口（万美元）",
            "value": "2000",
            "rate": "6.4515",
            "converted": "12903",
            "revenue": "12000",
            "revenue_label": "主营业务收入",
            "expected": "usd_wan",
        }
    ],
    "text_empty": [{}],
    "text_too_short": [{"length": 1, "min_len": 2}],
    "text_too_long": [{"length": 21, "max_len": 20}],
    "address_not_chongqing": [{"place": "重庆"}],
    "level_format": [{"text": "很高"}],
    "level_range": [{"level": 7, "minimum": 1, "maximum": 5}],
    "score_level_mismatch": [
        {"level": 4, "score": "3.25", "expected_level": 3, "band_min": "3.8", "band_max": "4.8"} | HALF_OPEN,
        {"level": 1, "score": "0.5", "expected_level": None, "band_min": "0.8", "band_max": "1.8"}
        | HALF_OPEN,
        {"level": 6, "score": "4.9", "expected_level": 5, "band_min": None, "band_max": None} | HALF_OPEN,
        {"level": 5, "score": "4.2", "expected_level": 4, "band_min": "4.8", "band_max": "5"}
        | {"band_top": True},
    ],
}


def codes_in_source() -> set[str]:
    pattern = re.compile(r"Rule(?:Error|Warning)\(\s*\"([a-z_]+)\"")
    found: set[str] = set()
    for name in PARSER_MODULES:
        found |= set(pattern.findall((ROOT / "bot" / "rules" / name).read_text(encoding="utf-8")))
    return found


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(ROOT / "templates")


def test_every_code_in_the_parsers_has_samples() -> None:
    found = codes_in_source()
    assert len(found) >= 25
    assert found == set(SAMPLES)


@pytest.mark.parametrize("code", sorted(SAMPLES))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_renders(renderer: Renderer, lang: str, code: str) -> None:
    for params in SAMPLES[code]:
        text = renderer.render(lang, f"field/{code}", **params)
        assert text and "{{" not in text and "{%" not in text and "None" not in text
        assert bool(re.search(r"[\u4e00-\u9fff]", text)) or lang == "en"
        for value in params.values():
            if isinstance(value, str) and value and lang == "zh_CN" and code != "choice_ambiguous":
                assert value in text or value in ("wan", "usd_wan"), (code, value)


def test_precise_sample_texts(renderer: Renderer) -> None:
    text = renderer.render("zh_CN", "field/credit_code_check", expected="6", given="7")
    assert text == (
        "统一社会信用代码的校验位不对：按前17位计算应为「6」，您填的是「7」。"
        "很可能有一位抄错了，请对照营业执照再核对一遍。"
    )
    assert "南川区、北碚区" not in renderer.render(
        "zh_CN", "field/choice_ambiguous", **SAMPLES["choice_ambiguous"][0]
    )
    assert "「南川区」、「北碚区」" in renderer.render(
        "zh_CN", "field/choice_ambiguous", **SAMPLES["choice_ambiguous"][0]
    )
    assert "Nanchuan District or Beibei District" in renderer.render(
        "en", "field/choice_ambiguous", **SAMPLES["choice_ambiguous"][0]
    )
    assert "万美元" in renderer.render("zh_CN", "field/money_unit", unit="万元", expected="usd_wan")


def test_user_text_is_escaped(renderer: Renderer) -> None:
    text = renderer.render("zh_CN", "field/choice_unknown", text="<b>x</b>")
    assert "<b>" not in text and "&lt;b&gt;" in text
