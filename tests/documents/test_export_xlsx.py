"""The staff's Excel export, reopened with openpyxl as Excel would read it."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.campaign.schema import Campaign
from bot.config import PROJECT_ROOT
from bot.documents.export_model import FIXED_COLUMNS, REVIEW_COLUMNS, ExportLabels, ExportRow
from bot.documents.export_xlsx import build_export, display_width
from bot.domain.languages import LANGUAGES
from bot.texts.render import Renderer

SAMPLE: dict[str, object] = {
    "enterprise_name": "重庆示例智能装备有限公司",
    "address": "重庆市渝北区示例大道88号",
    "district": "渝北区",
    "industry": "装备",
    "org_code": "91500112MA5UXXXX0X",
    "recognised_name": "示例总装车间",
    "recognised_year": 2021,
    "national_level": 3,
    "national_score": Decimal("3.12"),
    "chongqing_level": 3,
    "chongqing_score": Decimal("3.50"),
    "revenue": Decimal("12345.67"),
    "profit": Decimal("-35.5"),
    "tax": Decimal("860.25"),
    "export": Decimal("120"),
    "products": "智能减速机 12万台\n伺服电机 3.5万台",
    "contact_name": "张伟",
    "mobile": "13812345678",
}
CREATED = datetime(2022, 7, 31, 18, 30, tzinfo=UTC)  # 2022-08-01 02:30 in Chongqing
SUBMITTED = datetime(2022, 8, 2, 9, 15, tzinfo=timezone(timedelta(hours=8)))


def rows() -> list[ExportRow]:
    full = ExportRow(
        number="CQ-0001",
        status="已受理",
        created_at=CREATED,
        submitted_at=SUBMITTED,
        form=SAMPLE,
        eligibility={"registered": "是", "manufacturing": "是"},
        pdf_pages=3,
        pdf_sha256="ab" * 32,
        case_total_chars=6120,
        case_images=8,
        case_ok=True,
        case_errors=0,
        case_warnings=2,
        verified_level=3,
        verified_score=Decimal("3.40"),
        inconsistencies=1,
        case_score=Decimal("86.5"),
        result="通过",
    )
    partial = ExportRow(
        number="CQ-0002",
        status="已提交，待审核",
        created_at=datetime(2022, 8, 3, 1, 0),  # naive: taken as UTC
        form={**{k: v for k, v in SAMPLE.items() if k != "export"}, "enterprise_name": '=HYPERLINK("x")'},
    )
    draft = ExportRow(number="CQ-0003", status="已受理")
    return [full, partial, draft]


@pytest.fixture(scope="module")
def workbook_bytes(shipped_campaign: Campaign, renderer: Renderer) -> bytes:
    return build_export(shipped_campaign, rows(), renderer)


@pytest.fixture(scope="module")
def sheet(workbook_bytes: bytes) -> Worksheet:
    ws = load_workbook(io.BytesIO(workbook_bytes)).worksheets[0]
    assert isinstance(ws, Worksheet)
    return ws


def headers(ws: Worksheet) -> list[object]:
    return [cell.value for cell in ws[1]]


def column_of(ws: Worksheet, header: str) -> int:
    return headers(ws).index(header) + 1


def field_label(campaign: Campaign, field_id: str, lang: str = "zh_CN") -> str:
    assert campaign.form
    return next(f.label.get(lang) for f in campaign.form.fields if f.id == field_id)


def test_sheet_name_and_headers(sheet: Worksheet, shipped_campaign: Campaign, renderer: Renderer) -> None:
    labels = ExportLabels(renderer, "zh_CN")
    assert shipped_campaign.form
    assert sheet.title == labels.get("sheet_applications")
    expected = [
        *(labels.get(f"col_{name}") for name, _ in FIXED_COLUMNS),
        *(f.label.zh_CN for f in shipped_campaign.form.fields),
        *(labels.get(f"col_{name}") for name, _ in REVIEW_COLUMNS),
    ]
    assert headers(sheet) == expected
    assert headers(sheet)[:4] == ["申报编号", "状态", "创建时间", "提交时间"]
    assert sheet.max_column == len(FIXED_COLUMNS) + len(shipped_campaign.form.fields) + len(REVIEW_COLUMNS)
    assert sheet.max_row == 4


def test_header_row_is_styled_frozen_and_filtered(sheet: Worksheet) -> None:
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=sheet.max_column).column_letter}4"
    for cell in sheet[1]:
        assert cell.font.bold and cell.fill.fill_type == "solid"


def test_money_is_a_number_with_a_money_format(sheet: Worksheet, shipped_campaign: Campaign) -> None:
    revenue = sheet.cell(row=2, column=column_of(sheet, field_label(shipped_campaign, "revenue")))
    assert revenue.data_type == "n" and revenue.number_format == "#,##0.00"
    assert Decimal(str(revenue.value)) == Decimal("12345.67")
    profit = sheet.cell(row=2, column=column_of(sheet, field_label(shipped_campaign, "profit")))
    assert profit.value == pytest.approx(-35.5)


def test_scores_and_years_are_numbers(sheet: Worksheet, shipped_campaign: Campaign) -> None:
    score = sheet.cell(row=2, column=column_of(sheet, field_label(shipped_campaign, "national_score")))
    assert score.data_type == "n" and score.number_format == "0.00" and score.value == pytest.approx(3.12)
    year = sheet.cell(row=2, column=column_of(sheet, field_label(shipped_campaign, "recognised_year")))
    assert year.value == 2021 and year.number_format == "0"
    verified = sheet.cell(row=2, column=column_of(sheet, "专家核定得分"))
    assert verified.data_type == "n" and verified.number_format == "0.00"


def test_times_are_local_and_naive(sheet: Worksheet) -> None:
    created = sheet.cell(row=2, column=3)
    assert created.is_date and created.value == datetime(2022, 8, 1, 2, 30)
    assert created.number_format == "yyyy-mm-dd hh:mm"
    assert sheet.cell(row=2, column=4).value == datetime(2022, 8, 2, 9, 15)
    assert sheet.cell(row=3, column=3).value == datetime(2022, 8, 3, 9, 0)


def test_missing_values_are_empty(sheet: Worksheet, shipped_campaign: Campaign) -> None:
    export_column = column_of(sheet, field_label(shipped_campaign, "export"))
    assert sheet.cell(row=3, column=export_column).value is None
    assert sheet.cell(row=3, column=4).value is None  # not submitted
    assert all(cell.value is None for cell in sheet[4][2:])  # the draft has only number and status


def test_text_is_never_a_formula(sheet: Worksheet, shipped_campaign: Campaign) -> None:
    name = sheet.cell(row=3, column=column_of(sheet, field_label(shipped_campaign, "enterprise_name")))
    assert name.data_type == "s" and name.value == '=HYPERLINK("x")'
    code = sheet.cell(row=2, column=column_of(sheet, field_label(shipped_campaign, "org_code")))
    assert code.data_type == "s"


def test_long_text_wraps_and_the_row_is_taller(sheet: Worksheet, shipped_campaign: Campaign) -> None:
    products = sheet.cell(row=2, column=column_of(sheet, field_label(shipped_campaign, "products")))
    assert products.alignment.wrap_text and "\n" in str(products.value)
    assert (sheet.row_dimensions[2].height or 0) >= 30


def test_review_columns(sheet: Worksheet) -> None:
    assert sheet.cell(row=2, column=column_of(sheet, "案例检查通过")).value == "是"
    assert sheet.cell(row=2, column=column_of(sheet, "案例字数")).value == 6120
    assert sheet.cell(row=2, column=column_of(sheet, "评审结果")).value == "通过"


def test_column_widths_measure_cjk_as_double(sheet: Worksheet, shipped_campaign: Campaign) -> None:
    assert display_width("申报ab") == 6 and display_width("１２") == 4
    name_column = sheet.cell(row=1, column=column_of(sheet, field_label(shipped_campaign, "enterprise_name")))
    width = sheet.column_dimensions[name_column.column_letter].width
    assert width >= display_width(str(SAMPLE["enterprise_name"]))
    assert all((sheet.column_dimensions[c.column_letter].width or 0) <= 50 for c in sheet[1])


def test_eligibility_and_summary_sheets(workbook_bytes: bytes, shipped_campaign: Campaign) -> None:
    book = load_workbook(io.BytesIO(workbook_bytes))
    assert book.sheetnames == ["申报", "申报条件", "汇总", "推荐汇总表", "核查记录"]
    eligibility = book["申报条件"]
    questions = [q.text.zh_CN for q in shipped_campaign.questions]
    assert [c.value for c in eligibility[1]] == ["申报编号", *questions]
    assert eligibility.cell(row=2, column=2).value == "是"
    summary = [[c.value for c in row] for row in book["汇总"].iter_rows()]
    assert summary == [["状态", "数量"], ["已受理", 2], ["已提交，待审核", 1], ["合计", 3]]


def test_one_form_field_fewer_gives_one_column_fewer(
    sheet: Worksheet, shipped_campaign: Campaign, renderer: Renderer
) -> None:
    assert shipped_campaign.form
    form = shipped_campaign.form
    dropped = form.fields[-1]
    smaller_form = form.model_copy(
        update={
            "fields": form.fields[:-1],
            "layout": [[i for i in row if i != dropped.id] for row in form.layout],
        }
    )
    smaller = shipped_campaign.model_copy(update={"form": smaller_form})
    ws = load_workbook(io.BytesIO(build_export(smaller, rows(), renderer))).worksheets[0]
    assert ws.max_column == sheet.max_column - 1
    assert dropped.label.zh_CN not in [c.value for c in ws[1]]


def test_english_headers(shipped_campaign: Campaign, renderer: Renderer) -> None:
    ws = load_workbook(io.BytesIO(build_export(shipped_campaign, rows(), renderer, "en"))).worksheets[0]
    assert ws.title == "Applications"
    assert field_label(shipped_campaign, "revenue", "en") in [c.value for c in ws[1]]
    assert ws.cell(row=1, column=1).value == "Application no."


def test_no_rows_gives_headers_only(shipped_campaign: Campaign, renderer: Renderer) -> None:
    ws = load_workbook(io.BytesIO(build_export(shipped_campaign, [], renderer))).worksheets[0]
    assert ws.max_row == 1 and ws.auto_filter.ref is not None


def test_export_labels_exist_in_both_languages(renderer: Renderer) -> None:
    macro = re.compile(r"{% macro (\w+)\(")
    found = {
        lang: macro.findall((renderer.messages_dir / lang / "export/labels.j2").read_text(encoding="utf-8"))
        for lang in LANGUAGES
    }
    assert found["zh_CN"] == found["en"]


def test_no_chinese_in_the_python_of_these_modules() -> None:
    cjk = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
    for name in (
        "documents/export_model.py",
        "documents/export_xlsx.py",
        "documents/stats_chart.py",
        "rules/ranking.py",
        "rules/review.py",
    ):
        text = (PROJECT_ROOT / "bot" / name).read_text(encoding="utf-8")
        assert not cjk.search(text), name
