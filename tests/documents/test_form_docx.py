"""The filled recommendation form (附件1) as .docx: every value beside its label, laid out like the paper."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table, _Cell

from bot.campaign.schema import Campaign, Form, FormField, LocalText
from bot.documents.form_docx import build_form_docx
from bot.usecases.districts import department_for

COMMITMENT_LABEL = "企业承诺"
SAMPLE = {
    "enterprise_name": "重庆示例智能装备有限公司",
    "address": "重庆市渝北区示例大道88号",
    "district": "渝北区",
    "industry": "装备",
    "org_code": "91500112MA5UXXXX0X",
    "recognised_name": "重庆市数字化车间（示例总装车间）",
    "recognised_year": "2021",
    "national_level": "三级（集成级）",
    "national_score": "3.12",
    "chongqing_level": "三级（集成级）",
    "chongqing_score": "78.5",
    "revenue": "12000",
    "profit": "-35.5",
    "tax": "860.25",
    "export": "120",
    "products": "智能减速机 12万台\n伺服电机 3.5万台",
    "contact_name": "张伟",
    "mobile": "13812345678",
}


@pytest.fixture
def form(shipped_campaign: Campaign) -> Form:
    assert shipped_campaign.form is not None
    return shipped_campaign.form


def build(form: Form, values: dict[str, str] | None = None, department: str = "") -> DocxDocument:
    data = build_form_docx(
        form, SAMPLE if values is None else values, commitment_label=COMMITMENT_LABEL, department=department
    )
    return Document(io.BytesIO(data))


def main_table(document: DocxDocument) -> Table:
    return document.tables[-1]


def distinct(cells: tuple[_Cell, ...]) -> list[_Cell]:
    """The row's cells once each (python-docx repeats a cell for every grid column it spans)."""
    seen: list[_Cell] = []
    for cell in cells:
        if not seen or seen[-1]._tc is not cell._tc:
            seen.append(cell)
    return seen


def value_right_of(table: Table, label: str) -> tuple[int, str]:
    """(row index, text of the cell right of the cell whose text is ``label``)."""
    for index, row in enumerate(table.rows):
        cells = distinct(row.cells)
        for position, cell in enumerate(cells[:-1]):
            if cell.text == label:
                return index, cells[position + 1].text
    raise AssertionError(f"label {label!r} not found")


def label_row(table: Table, label: str) -> int:
    return value_right_of(table, label)[0]


def test_every_value_is_right_of_its_label_in_the_layout_row(form: Form) -> None:
    table = main_table(build(form))
    labels = {field.id: field.label.zh_CN for field in form.fields}
    for expected_row, ids in enumerate(form.layout):
        for field_id in ids:
            row, text = value_right_of(table, labels[field_id])
            assert (row, text) == (expected_row, SAMPLE[field_id]), field_id


def test_title_name_line_and_unit_note(form: Form) -> None:
    document = build(form)
    title = document.paragraphs[0]
    assert title.text == form.title
    assert title.alignment is not None and int(title.alignment) == 1  # centred
    assert all(run.bold for run in title.runs)
    header = document.tables[0]
    left, right = distinct(header.rows[0].cells)
    assert SAMPLE["enterprise_name"] in left.text
    # the name is written where the form leaves room for it: after the colon, before （盖章）
    assert left.text == "企业名称：" + SAMPLE["enterprise_name"] + "（盖章）"
    assert right.text == form.unit_note
    assert header._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"


def test_the_table_is_rectangular_with_five_grid_columns(form: Form) -> None:
    table = main_table(build(form))
    assert len(table.rows) == len(form.layout) + 2
    for row in table.rows:
        assert len(row.cells) == 5
        spans = [
            int(tc.tcPr.find(qn("w:gridSpan")).get(qn("w:val")))
            if tc.tcPr.find(qn("w:gridSpan")) is not None
            else 1
            for tc in row._tr.tc_lst
        ]
        assert sum(spans) == 5


def test_group_label_spans_its_rows(form: Form) -> None:
    table = main_table(build(form))
    first, second = label_row(table, "主营业务收入"), label_row(table, "上缴税金")
    assert second == first + 1
    group_cell = table.cell(first, 0)
    assert group_cell.text == "企业上年经营状况"
    assert table.cell(second, 0)._tc is group_cell._tc
    merge = [table.rows[i]._tr.tc_lst[0].xpath("./w:tcPr/w:vMerge")[0] for i in (first, second)]
    assert merge[0].get(qn("w:val")) == "restart"
    assert merge[1].get(qn("w:val")) in (None, "continue")
    # the row above has no group: its label takes the group column too
    above = table.rows[first - 1].cells
    assert above[0]._tc is above[1]._tc


def test_a_single_field_row_spans_the_value_columns(form: Form) -> None:
    table = main_table(build(form))
    row = table.rows[label_row(table, "企业主要产品及产量")]
    cells = row.cells
    assert cells[2]._tc is cells[3]._tc is cells[4]._tc
    assert [p.text for p in cells[2].paragraphs] == SAMPLE["products"].split("\n")


def test_commitment_row_with_signature_lines(form: Form) -> None:
    table = main_table(build(form))
    row = table.rows[len(form.layout)]
    label, body = distinct(row.cells)
    assert label.text == COMMITMENT_LABEL
    paragraphs = [p.text for p in body.paragraphs]
    assert paragraphs[0] == form.commitment.zh_CN
    for line in form.signature_lines:
        assert line in paragraphs  # each on its own line
    signature = body.paragraphs[paragraphs.index(form.signature_lines[0])]
    assert signature.paragraph_format.space_before and signature.paragraph_format.space_before > 0


def test_recommendation_row_has_room_for_the_stamp(form: Form) -> None:
    table = main_table(build(form, department="渝北区经济和信息化委员会"))
    row = table.rows[len(form.layout) + 1]
    label, body = distinct(row.cells)
    assert label.text == form.recommendation_title
    assert body.text.startswith("渝北区经济和信息化委员会（盖章）")
    assert row.height is not None and row.height >= Cm(4)
    assert body.vertical_alignment == WD_CELL_VERTICAL_ALIGNMENT.BOTTOM


def recommendation_text(campaign: Campaign, district: str) -> str:
    """The block as the bot prints it for an applicant of ``district`` (no department configured)."""
    assert campaign.form is not None
    department = department_for((), campaign, district or None) or ""
    table = main_table(build(campaign.form, {**SAMPLE, "district": district}, department))
    return distinct(table.rows[len(campaign.form.layout) + 1].cells)[1].text


@pytest.mark.parametrize(
    ("district", "department"),
    [
        ("石柱土家族自治县", "石柱土家族自治县经济和信息化委员会（盖章）"),
        ("两江新区", "两江新区经信部门（盖章）"),  # the notice's own name for the zones' departments
        ("万盛经开区", "万盛经开区经信部门（盖章）"),
    ],
)
def test_recommendation_names_the_applicants_district_department(
    shipped_campaign: Campaign, district: str, department: str
) -> None:
    text = recommendation_text(shipped_campaign, district)
    assert text.startswith(department) and "XX" not in text


def test_recommendation_without_a_district_leaves_room_to_write_it(shipped_campaign: Campaign) -> None:
    text = recommendation_text(shipped_campaign, "")
    assert "XX" not in text and "{department}" not in text and "（盖章）" in text
    assert text.startswith("\u3000")


def test_table_has_borders_and_the_page_is_a4_with_a_cjk_font(form: Form) -> None:
    document = build(form)
    table = main_table(document)
    assert table.style is not None and table.style.name == "Table Grid"
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        assert borders.find(qn(f"w:{edge}")).get(qn("w:val")) == "single"
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    fonts = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = fonts.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "宋体"
    assert rfonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would override it


def test_missing_values_print_empty_cells(form: Form) -> None:
    document = build(form, {})
    table = main_table(document)
    for ids in form.layout:
        for field_id in ids:
            label = next(f.label.zh_CN for f in form.fields if f.id == field_id)
            assert value_right_of(table, label)[1] == ""
    assert distinct(document.tables[0].rows[0].cells)[0].text == form.name_line


def test_a_removed_field_disappears_and_its_row_partner_spans(form: Form) -> None:
    fields = [f for f in form.fields if f.id != "export"]
    layout = [[i for i in row if i != "export"] for row in form.layout]
    smaller = form.model_copy(update={"fields": fields, "layout": layout})
    table = main_table(build(smaller))
    assert "出口（万美元）" not in [c.text for row in table.rows for c in row.cells]
    row = label_row(table, "上缴税金")
    cells = table.rows[row].cells
    assert cells[2]._tc is cells[4]._tc and cells[2].text == SAMPLE["tax"]
    assert table.cell(row, 0)._tc is table.cell(row - 1, 0)._tc  # still in the group


def test_nothing_is_hard_wired() -> None:
    def field(id_: str, label: str, group: str | None = None) -> FormField:
        return FormField(id=id_, type="text", label=LocalText(zh_CN=label, en=label), group=group)

    other = Form(
        title="另一张表",
        name_line="单位名称：",
        unit_note="单位：元",
        commitment=LocalText(zh_CN="承诺内容", en="Promise"),
        signature_lines=["签字："],
        recommendation_title="审核意见",
        recommendation_text="（盖章）",
        fields=[
            field("org", "单位"),
            field("a", "甲", "第一组"),
            field("b", "乙", "第一组"),
            field("c", "丙", "第二组"),
            field("d", "丁"),
        ],
        layout=[["a", "b"], ["c"], ["d", "c"]],
    )
    values = {"org": "某单位", "a": "1", "b": "2", "c": "3", "d": "4"}
    document = Document(io.BytesIO(build_form_docx(other, values, "org", commitment_label="承诺")))
    table = main_table(document)
    assert document.paragraphs[0].text == "另一张表"
    assert distinct(document.tables[0].rows[0].cells)[0].text == "单位名称：某单位"
    assert table.cell(0, 0).text == "第一组" and table.cell(1, 0).text == "第二组"
    assert table.cell(0, 0)._tc is not table.cell(1, 0)._tc  # different groups do not merge
    assert value_right_of(table, "甲")[1] == "1" and value_right_of(table, "丁") == (2, "4")
    assert table.cell(2, 0)._tc is table.cell(2, 1)._tc  # mixed groups: no group cell
    assert distinct(table.rows[3].cells)[0].text == "承诺"
    assert distinct(table.rows[4].cells)[0].text == "审核意见"


def test_a_department_for_an_unknown_district_is_a_config_error(form: Form) -> None:
    from pydantic import ValidationError

    data = form.model_dump()
    data["departments"] = {"两江区": "两江区经信部门"}  # no such district: a typo in the campaign file
    with pytest.raises(ValidationError, match="两江区"):
        Form.model_validate(data)
