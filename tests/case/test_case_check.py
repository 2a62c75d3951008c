"""The structure check: each error and each warning alone, and what counts where."""

from __future__ import annotations

from bot.campaign.schema import CaseRules
from bot.documents.docx_reader import read_docx
from bot.rules.case_check import CaseReport, check_case, has_figure_near
from bot.rules.wordcount import count_words

from .builders import CaseDoc, make_case


def check(case: CaseDoc, rules: CaseRules) -> CaseReport:
    return check_case(read_docx(case.to_bytes()), rules)


def codes(report: CaseReport) -> list[tuple[str, int | None]]:
    return [(p.code, p.section) for p in report.problems]


def test_complete_case_passes(case_rules: CaseRules) -> None:
    report = check(make_case(case_rules), case_rules)
    assert report.problems == () and report.ok
    assert 5800 <= report.total_chars <= 6600
    assert report.images == 6
    assert [s.images for s in report.sections] == [0, 1, 3, 1, 1, 0, 0]
    assert all(s.found and s.chars >= s.target for s in report.sections)


def test_missing_section_alone(case_rules: CaseRules) -> None:
    report = check(make_case(case_rules, drop={5}), case_rules)
    assert codes(report) == [("missing_section", 5)]
    assert report.problems[0].severity == "error" and not report.ok
    assert report.problems[0].params["title"] == case_rules.sections[4].title
    assert not report.sections[4].found and report.sections[4].heading is None


def test_total_too_short_alone(case_rules: CaseRules) -> None:
    report = check(make_case(case_rules, scale=0.85), case_rules)
    assert codes(report) == [("total_too_short", None)]
    assert report.problems[0].params == {"total": report.total_chars, "min": 5000}
    assert report.total_chars < 5000


def test_no_images_alone(case_rules: CaseRules) -> None:
    report = check(make_case(case_rules, pictures=False), case_rules)
    assert codes(report) == [("no_images", None)]
    relaxed = case_rules.model_copy(update={"require_images": False})
    assert check(make_case(case_rules, pictures=False), relaxed).ok


def test_section_too_short_alone(case_rules: CaseRules) -> None:
    report = check(make_case(case_rules, sizes={6: 200}), case_rules)
    assert codes(report) == [("section_too_short", 6)]
    problem = report.problems[0]
    assert problem.severity == "warning" and report.ok
    assert problem.params["target"] == 500 and problem.params["chars"] < 250 == problem.params["min"]


def test_section_order_alone(case_rules: CaseRules) -> None:
    report = check(make_case(case_rules, order=[1, 2, 3, 4, 6, 5, 7]), case_rules)
    assert codes(report) == [("section_order", None)]
    assert report.problems[0].params["order"] == [1, 2, 3, 4, 6, 5, 7]
    assert report.ok


def test_missing_kpi_alone(case_rules: CaseRules) -> None:
    report = check(make_case(case_rules, kpi_omit={"运营成本"}), case_rules)
    assert codes(report) == [("missing_kpi", 4)]
    assert report.problems[0].params["kpi"] == "运营成本" and report.ok


def test_no_missing_kpi_when_the_kpi_section_is_missing(case_rules: CaseRules) -> None:
    report = check(make_case(case_rules, drop={4}), case_rules)
    assert codes(report) == [("missing_section", 4)]


def test_kpi_by_alternative_keyword_and_in_a_table_row(case_rules: CaseRules) -> None:
    def extra(case: CaseDoc) -> None:
        case.paragraph("改造后产品不良率下降到0.8%。")
        case.table([["指标", "实施前", "实施后"], ["能源利用率", "65%", "78%"]])

    case = make_case(case_rules, kpi_omit={"不良品率", "能源利用率"}, extra={4: extra})
    assert check(case, case_rules).problems == ()


def test_kpi_needs_a_figure_in_the_same_sentence(case_rules: CaseRules) -> None:
    def extra(case: CaseDoc) -> None:
        case.paragraph("能源利用率明显提高。全年节约标准煤1200吨。")

    report = check(make_case(case_rules, kpi_omit={"能源利用率"}, extra={4: extra}), case_rules)
    assert codes(report) == [("missing_kpi", 4)]


def test_kpi_elsewhere_does_not_count(case_rules: CaseRules) -> None:
    def extra(case: CaseDoc) -> None:
        case.paragraph("运营成本降低了18%。")

    report = check(make_case(case_rules, kpi_omit={"运营成本"}, extra={3: extra}), case_rules)
    assert codes(report) == [("missing_kpi", 4)]


def test_has_figure_near() -> None:
    assert has_figure_near("生产效率提高了35%", "生产效率")
    assert has_figure_near("与2020年相比，生产效率大幅提升", "生产效率")
    assert has_figure_near("生产效率提升了３５％", "生产效率")  # full-width digits
    assert not has_figure_near("生产效率大幅提升。产量为100件", "生产效率")
    assert not has_figure_near("生产效率" + "在各方面都有了非常明显的提升和改善" * 3 + "达到99%", "生产效率")


def test_heading_not_in_section_count_title_line_in_total_only(case_rules: CaseRules) -> None:
    case = CaseDoc()
    case.paragraph("某公司案例ABC", bold=True)  # 5 + 1, before any section
    case.heading("一、企业实施智能制造前面临的痛点")  # 16
    case.paragraph("内容十个字内容十个字")  # 10
    case.inline_picture()
    report = check(case, case_rules)
    first = report.sections[0]
    assert (first.found, first.chars, first.images) == (True, 10, 1)
    assert first.heading == "一、企业实施智能制造前面临的痛点"
    assert report.total_chars == 6 + count_words("一、企业实施智能制造前面临的痛点") + 10 == 32


def test_errors_come_before_warnings(case_rules: CaseRules) -> None:
    report = check(make_case(case_rules, drop={5}, sizes={6: 100}, kpi_omit={"研发周期"}), case_rules)
    assert codes(report) == [("missing_section", 5), ("section_too_short", 6), ("missing_kpi", 4)]
    assert [p.severity for p in report.problems] == ["error", "warning", "warning"]
