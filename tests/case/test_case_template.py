"""The case template .docx generated from the rules."""

from __future__ import annotations

import io

import docx

from bot.campaign.schema import CaseRules
from bot.documents.case_template import build_case_template
from bot.documents.docx_reader import read_docx
from bot.rules.case_check import check_case
from bot.texts.render import Renderer


def test_template_has_every_section_as_heading_1(case_rules: CaseRules, renderer: Renderer) -> None:
    data = build_case_template(case_rules, renderer)
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p for p in document.paragraphs if p.text]
    assert paragraphs[0].text == case_rules.template_title
    headings = [p.text for p in paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == [
        "一、企业实施智能制造前面临的痛点（300字左右）",
        "二、智能制造案例基本情况及特点（500字左右）",
        "三、智能制造实施步骤（2500字左右）",
        "四、智能制造实施成效（500字左右）",
        "五、智能制造行业影响及示范作用（500字左右）",
        "六、下一步工作计划（500字左右）",
        "七、智能制造经验总结（500字左右）",
    ]
    texts = [p.text for p in paragraphs]
    assert texts[texts.index(headings[2]) + 1] == case_rules.sections[2].guidance
    assert texts[-1] == case_rules.requirement


def test_template_passes_the_structure_but_not_the_length(case_rules: CaseRules) -> None:
    report = check_case(read_docx(build_case_template(case_rules)), case_rules)
    assert all(s.found for s in report.sections)
    assert {p.code for p in report.errors} == {"total_too_short", "no_images"}
    assert not any(p.code == "section_order" for p in report.problems)
