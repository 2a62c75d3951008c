"""Key-indicator figures: Arabic digits and the Chinese numerals reports use."""

from __future__ import annotations

import pytest

from bot.campaign.schema import CaseRules
from bot.documents.docx_reader import read_docx
from bot.rules.case_check import check_case
from bot.rules.case_kpi import figure_near, find_kpis

from .builders import make_case


@pytest.mark.parametrize(
    ("text", "keyword", "figure"),
    [
        ("生产效率提升百分之三十二", "生产效率", "百分之三十二"),
        ("研发周期缩短三成", "研发周期", "三成"),
        ("运营成本降低两成半", "运营成本", "两成半"),
        ("产品不良品率由千分之八降至千分之三", "不良品率", "千分之八"),
        ("产能翻了一番，生产效率翻一番", "生产效率", "翻一番"),
        ("能源利用率提高了五个百分点", "能源利用率", "五个百分点"),
        ("生产效率提高了两倍", "生产效率", "两倍"),
        ("运营成本降低一半", "运营成本", "一半"),
        ("生产效率提高了35%，研发周期缩短了20%", "研发周期", "20%"),  # its own clause first
        ("产品不良品率由3.2%降至1.1%，运营成本降低了18%", "运营成本", "18%"),
        ("生产效率提升了３５％", "生产效率", "３５％"),
        ("能源利用率 | 65% | 78%", "能源利用率", "65%"),  # a table row
    ],
)
def test_figures_people_write(text: str, keyword: str, figure: str) -> None:
    assert figure_near(text, keyword) == figure


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("生产效率大幅提升。产量为100件", "生产效率"),  # another sentence
        ("运营成本明显下降，成品率和半成品周转都有改善", "运营成本"),  # 成品, 半成品 are no figures
        ("研发周期缩短，形成了完整的研发体系", "研发周期"),
        ("能源利用率" + "在各方面都有了非常明显的提升和改善" * 3 + "达到99%", "能源利用率"),  # too far
    ],
)
def test_no_figure(text: str, keyword: str) -> None:
    assert figure_near(text, keyword) is None


def test_indicators_written_in_words_pass_the_check(case_rules: CaseRules) -> None:
    text = (
        "实施后，生产效率提升百分之三十二，研发周期缩短三成，产品不良品率由千分之八降至千分之三，"
        "运营成本降低两成，能源利用率提高了五个百分点。"
    )
    report = check_case(read_docx(make_case(case_rules, kpi_text=text).to_bytes()), case_rules)
    assert report.problems == ()
    assert [k.figure for k in report.kpis] == ["百分之三十二", "三成", "千分之八", "两成", "五个百分点"]


def test_each_indicator_without_a_figure_is_named(case_rules: CaseRules) -> None:
    found = find_kpis("生产效率明显提升，研发周期缩短三成。", case_rules.kpis)
    assert [(k.name, k.figure) for k in found] == [
        ("生产效率", None),
        ("研发周期", "三成"),
        ("不良品率", None),
        ("运营成本", None),
        ("能源利用率", None),
    ]
