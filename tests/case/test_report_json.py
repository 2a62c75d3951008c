"""The ``check --json`` shape of CONTRACTS.md and the human report, in both languages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.campaign.schema import CaseRules, CaseSection
from bot.documents.docx_reader import read_docx
from bot.engine.render import LANGUAGES, Renderer
from bot.rules.case_check import CaseReport, check_case, chinese_numeral

from .builders import make_case

TOP_KEYS = {"file", "ok", "total_chars", "images", "sections", "problems"}
SECTION_KEYS = {"index", "title", "found", "heading", "chars", "target", "images"}
PROBLEM_KEYS = {"code", "severity", "section", "message"}
CODES = {
    "not_docx",
    "unreadable",
    "missing_section",
    "total_too_short",
    "no_images",
    "section_too_short",
    "section_order",
    "missing_kpi",
}
FILE_PROBLEMS = [("not_docx", {"detected": d}) for d in ("doc", "pdf", "wps", "zip", "unknown")] + [
    ("unreadable", {"reason": r})
    for r in ("too_large", "too_many_members", "ratio", "corrupt", "encrypted", "missing", "io")
]


def _everything_wrong(rules: CaseRules) -> CaseReport:
    case = make_case(
        rules,
        drop={5},
        sizes={6: 100},
        order=[1, 3, 2, 4, 5, 6, 7],
        pictures=False,
        kpi_omit={"研发周期", "运营成本"},
        scale=0.5,
    )
    return check_case(read_docx(case.to_bytes()), rules)


def _assert_shape(data: dict[str, Any], rules: CaseRules) -> None:
    assert set(data) == TOP_KEYS
    assert [s["index"] for s in data["sections"]] == list(range(1, len(rules.sections) + 1))
    assert [s["title"] for s in data["sections"]] == [s.title for s in rules.sections]
    for section in data["sections"]:
        assert set(section) == SECTION_KEYS
        assert (section["heading"] is None) == (not section["found"])
    for problem in data["problems"]:
        assert set(problem) == PROBLEM_KEYS
        assert problem["code"] in CODES and problem["severity"] in ("error", "warning")
        assert problem["message"] and "&amp;" not in problem["message"] and "{{" not in problem["message"]
    severities = [p["severity"] for p in data["problems"]]
    assert severities == sorted(severities)  # "error" < "warning": errors first
    assert data["ok"] == ("error" not in severities)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_problem_in_json(case_rules: CaseRules, renderer: Renderer, lang: str) -> None:
    report = _everything_wrong(case_rules)
    assert {p.code for p in report.problems} == CODES - {"not_docx", "unreadable"}
    data = report.to_json("case.docx", renderer, lang)
    _assert_shape(data, case_rules)
    assert data["file"] == "case.docx" and data["ok"] is False
    assert [s["found"] for s in data["sections"]] == [True, True, True, True, False, True, True]


def test_zh_messages(case_rules: CaseRules, renderer: Renderer) -> None:
    report = _everything_wrong(case_rules)
    messages = {p["code"]: p["message"] for p in report.to_json("c.docx", renderer)["problems"]}
    assert messages["total_too_short"] == f"全文约{report.total_chars}字，要求不少于5000字。"
    assert messages["missing_section"].startswith("缺少第五部分「智能制造行业影响及示范作用」")
    assert "“行业影响”或“示范”" in messages["missing_section"]
    assert "智能制造案例基本情况及特点" in messages["section_order"]


def test_passing_case_json(case_rules: CaseRules, renderer: Renderer) -> None:
    report = check_case(read_docx(make_case(case_rules).to_bytes()), case_rules)
    data = report.to_json("ok.docx", renderer)
    _assert_shape(data, case_rules)
    assert data["ok"] is True and data["problems"] == [] and data["images"] == 6


@pytest.mark.parametrize(("code", "params"), FILE_PROBLEMS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_file_problems_keep_the_shape(
    case_rules: CaseRules, renderer: Renderer, lang: str, code: str, params: dict[str, str]
) -> None:
    report = CaseReport.for_file_problem(case_rules, code, **params)
    data = report.to_json("x.docx", renderer, lang)
    _assert_shape(data, case_rules)
    assert data["ok"] is False and [p["code"] for p in data["problems"]] == [code]
    assert not any(s["found"] for s in data["sections"])
    assert report.render(renderer, lang, file_name="x.docx")


@pytest.mark.parametrize("detected", ["doc", "pdf", "wps", "zip", "unknown"])
def test_not_docx_explains_save_as_docx(case_rules: CaseRules, renderer: Renderer, detected: str) -> None:
    text = CaseReport.for_file_problem(case_rules, "not_docx", detected=detected).render(renderer)
    assert "另存为" in text and "Word 文档 (*.docx)" in text and "Microsoft Word 文件 (*.docx)" in text
    hint = {"doc": ".doc", "pdf": "PDF", "wps": ".wps", "zip": "压缩包", "unknown": "扩展名"}
    assert hint[detected] in text


def test_human_report_zh(case_rules: CaseRules, renderer: Renderer) -> None:
    report = _everything_wrong(case_rules)
    text = report.render(renderer, "zh_CN", file_name="case.docx")
    lines = text.splitlines()
    assert any(line.startswith("三、智能制造实施步骤 ▓") and line.endswith("/2500字") for line in lines)
    assert any(line.startswith("五、智能制造行业影响及示范作用") and "未找到" in line for line in lines)
    assert "图片：共0张" in text and "要求不少于5000字" in text and "需要修改" in text
    assert text.index("❌") < text.index("⚠️")
    assert text.rindex("❌") < text.index("⚠️")


def test_human_report_passing_and_en(case_rules: CaseRules, renderer: Renderer) -> None:
    report = check_case(read_docx(make_case(case_rules).to_bytes()), case_rules)
    assert "✅" in report.render(renderer) and "▓▓▓▓▓▓▓▓▓▓" in report.render(renderer)
    assert "structure check has passed" in report.render(renderer, "en")
    assert "not found" in _everything_wrong(case_rules).render(renderer, "en")


def test_bar_and_numerals() -> None:
    from bot.rules.case_report import progress_bar

    assert progress_bar(1780, 2500) == "▓▓▓▓▓▓▓░░░"
    assert progress_bar(0, 300) == "░" * 10 and progress_bar(9000, 300) == "▓" * 10
    numerals = [chinese_numeral(n) for n in (1, 6, 7, 10, 11, 20, 23)]
    assert numerals == ["一", "六", "七", "十", "十一", "二十", "二十三"]


def test_json_messages_are_plain_text_not_html(case_rules: CaseRules, renderer: Renderer) -> None:
    sections = [
        *case_rules.sections[:4],
        CaseSection(title="影响 & <示范>", keywords=["示范"], target=500),
        *case_rules.sections[5:],
    ]
    rules = case_rules.model_copy(update={"sections": sections})
    case = make_case(case_rules, drop={5})
    data = check_case(read_docx(case.to_bytes()), rules).to_json("c.docx", renderer)
    assert "「影响 & <示范>」" in data["problems"][0]["message"]
