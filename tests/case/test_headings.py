"""Section headings: every numbering people use, heading style vs bold vs numbered line."""

from __future__ import annotations

import pytest

from bot.campaign.schema import CaseRules
from bot.documents.docx_reader import read_docx
from bot.rules.case_check import CaseReport, check_case

from .builders import CaseDoc, make_case

NUMBERED = ["cn", "notice", "arabic_dun", "arabic_dot", "paren", "part"]


def check(case: CaseDoc, rules: CaseRules) -> CaseReport:
    return check_case(read_docx(case.to_bytes()), rules)


def _all_found_no_problem(report: CaseReport) -> None:
    assert [s.found for s in report.sections] == [True] * 7
    assert report.problems == ()


@pytest.mark.parametrize("kind", ["style", "bold"])
@pytest.mark.parametrize("numbering", [*NUMBERED, "none"])
def test_styled_or_bold_headings_with_any_numbering(case_rules: CaseRules, numbering: str, kind: str) -> None:
    _all_found_no_problem(check(make_case(case_rules, numbering=numbering, kind=kind), case_rules))


@pytest.mark.parametrize("numbering", NUMBERED)
def test_plain_short_lines_with_typed_numbering(case_rules: CaseRules, numbering: str) -> None:
    _all_found_no_problem(check(make_case(case_rules, numbering=numbering, kind="plain"), case_rules))


@pytest.mark.parametrize("kind", ["numpr", "outline"])
def test_word_numbering_or_outline_level_without_typed_numeral(case_rules: CaseRules, kind: str) -> None:
    _all_found_no_problem(check(make_case(case_rules, numbering="none", kind=kind), case_rules))


def test_the_notice_template_numbers_two_sections_six(case_rules: CaseRules) -> None:
    report = check(make_case(case_rules, numbering="notice", kind="plain"), case_rules)
    _all_found_no_problem(report)
    assert report.sections[5].heading == "六、下一步工作计划（500字左右）"
    assert report.sections[6].heading == "六、智能制造经验总结（500字左右）"


def test_titles_typed_as_plain_lines_are_found(case_rules: CaseRules) -> None:
    """No style, no bold, no numeral: the short lines naming the sections are the outline."""
    _all_found_no_problem(check(make_case(case_rules, numbering="none", kind="plain"), case_rules))


def _without_section_four(case_rules: CaseRules, extra: object) -> CaseReport:
    return check(make_case(case_rules, drop={4}, extra={3: extra}), case_rules)  # type: ignore[dict-item]


def test_a_long_paragraph_mentioning_a_key_word_is_not_a_heading(case_rules: CaseRules) -> None:
    def extra(case: CaseDoc) -> None:
        filler = "各车间的自动化水平和管理水平都有了明显提升，"
        case.paragraph("经过三年建设，项目取得了显著的实施成效，" + filler * 2)
        case.paragraph("四、项目的实施成效体现在多个方面，" + filler * 2)  # numbered but long
        case.paragraph("项目实施成效" + filler * 3, bold=True)  # bold but long
        case.paragraph("实施成效")  # short but neither numbered, bold nor styled

    report = _without_section_four(case_rules, extra)
    assert [(p.code, p.section) for p in report.problems] == [("missing_section", 4)]


def test_table_and_text_box_lines_are_not_headings(case_rules: CaseRules) -> None:
    def extra(case: CaseDoc) -> None:
        case.table([["四、智能制造实施成效", "说明"]])
        case.textbox(["四、智能制造实施成效"])

    report = _without_section_four(case_rules, extra)
    assert [(p.code, p.section) for p in report.problems] == [("missing_section", 4)]


def test_heading_style_beats_an_earlier_bold_subheading(case_rules: CaseRules) -> None:
    def extra(case: CaseDoc) -> None:
        case.paragraph("项目实施成效概览", bold=True)

    report = check(make_case(case_rules, kind="style", extra={2: extra}), case_rules)
    assert report.sections[3].heading == "四、智能制造实施成效"
    assert report.problems == ()


def test_bold_heading_beats_an_earlier_numbered_line(case_rules: CaseRules) -> None:
    def extra(case: CaseDoc) -> None:
        case.paragraph("3. 实施成效显著")

    report = check(make_case(case_rules, kind="bold", extra={2: extra}), case_rules)
    assert report.sections[3].heading == "四、智能制造实施成效"
    assert report.problems == ()


def test_whole_title_and_more_key_words_win_between_equal_lines(case_rules: CaseRules) -> None:
    def extra(case: CaseDoc) -> None:
        case.paragraph("5. 示范线建设")
        case.paragraph("（三）行业示范项目")

    report = check(make_case(case_rules, kind="plain", extra={3: extra}), case_rules)
    assert report.sections[4].heading == "五、智能制造行业影响及示范作用"
    assert report.problems == ()


def test_sub_numbering_lines_inside_sections_do_not_disturb(case_rules: CaseRules) -> None:
    def extra(case: CaseDoc) -> None:
        case.paragraph("（一）痛点分析")  # section 1 is already its own heading's
        case.paragraph("1. 项目特点")

    report = check(make_case(case_rules, kind="style", extra={3: extra}), case_rules)
    assert report.problems == ()
    assert report.sections[1].heading == "二、智能制造案例基本情况及特点"


def test_white_space_inside_a_heading_is_ignored(case_rules: CaseRules) -> None:
    case = CaseDoc()
    case.heading("四、 实施 成效", "bold")
    assert check(case, case_rules).sections[3].found


def test_text_of_an_unrecognised_subheading_counts_in_its_section(case_rules: CaseRules) -> None:
    case = CaseDoc()
    case.heading("一、企业实施智能制造前面临的痛点")
    case.heading("（一）设备老旧", "bold")  # 7: a subheading, part of section 1's body
    case.paragraph("内容十个字内容十个字")
    assert check(case, case_rules).sections[0].chars == 7 + 10
