"""The filled recommendation form as a Word document, laid out like the printed table.

Everything printed comes from the campaign's ``Form`` (title, name line, unit note, labels,
layout, commitment, signature lines, recommendation block) or from the caller (the values and
the label of the commitment row, rendered from a template): this module holds no words of any
notice, only the shape of such a form.

The table has five grid columns — group | label | value | label | value:

- a layout row with two fields fills all five; one field gets its value across the last three;
- consecutive rows whose fields share a ``group`` carry the group label in the first column,
  merged vertically; rows without a group merge the group column into their label;
- the commitment and recommendation rows put their label across the first two columns and
  their text across the last three.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.shared import Cm, Length, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from bot.campaign.schema import Form, FormField
from bot.documents.doc_text import doc_text
from bot.documents.docx_table import (
    add_cell_paragraph,
    add_run,
    set_a4_page,
    set_column_widths,
    set_document_fonts,
    set_row_height,
    set_table_borders,
    write_cell,
)

CENTER = WD_PARAGRAPH_ALIGNMENT.CENTER
TOP = WD_CELL_VERTICAL_ALIGNMENT.TOP
COLUMNS = (Cm(2.0), Cm(3.4), Cm(4.0), Cm(3.0), Cm(4.2))  # sums to the A4 text width below
MARGIN_TOP, MARGIN_SIDE = Cm(2.5), Cm(2.2)
FIELD_ROW_HEIGHT = Cm(0.95)
STAMP_ROW_HEIGHT = Cm(5.5)
SIGN_INDENT = Cm(5.0)  # signature lines start right of the cell's middle, as on the paper form
SIGN_SPACE = Pt(12)  # room above each signature line for a handwritten signature


@dataclass(frozen=True)
class Recommendation:
    """A recorded district opinion, printed in the recommendation box over its department's name."""

    text: str  # the opinion as printed (its verdict words and the department's own words)
    department: str
    year: int
    month: int
    day: int


@dataclass(frozen=True)
class _LayoutRow:
    fields: tuple[FormField, ...]
    group: str | None


def build_form_docx(
    form: Form,
    values: Mapping[str, str],
    enterprise_name_field: str = "enterprise_name",
    *,
    commitment_label: str,
    recommendation: Recommendation | None = None,
    department: str = "",
) -> bytes:
    """The form filled with ``values`` (field id → text as printed; a missing id prints empty).
    ``department`` is the applicant's district department, printed for ``{department}`` in the
    recommendation block before an opinion is recorded.

    Stored text is made XML-safe here, so a stray code point never stops the document.
    """
    values = {key: doc_text(value) for key, value in values.items()}
    document = Document()
    set_document_fonts(document, Pt(10.5))
    set_a4_page(document, MARGIN_TOP, MARGIN_SIDE)
    _add_title(document, form.title)
    _add_name_line(document, form, values.get(enterprise_name_field, ""))
    rows = _layout_rows(form)
    table = document.add_table(rows=len(rows) + 2, cols=len(COLUMNS))
    table.style = document.styles["Table Grid"]
    set_table_borders(table)
    set_column_widths(table, COLUMNS)
    for index, row in enumerate(rows):
        _fill_field_row(table, index, row, values)
    _merge_groups(table, rows)
    _fill_commitment_row(table, len(rows), form, commitment_label)
    _fill_recommendation_row(table, len(rows) + 1, form, recommendation, department)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_title(document: DocxDocument, title: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = CENTER
    paragraph.paragraph_format.space_after = Pt(12)
    run = add_run(paragraph, title)
    run.bold = True
    run.font.size = Pt(18)


def _add_name_line(document: DocxDocument, form: Form, name: str) -> None:
    """The name line on the left (the name written after its colon), the unit note on the right."""
    table = document.add_table(rows=1, cols=2)
    set_table_borders(table, value="nil")
    width = Length(sum(COLUMNS))
    set_column_widths(table, (Cm(11), Length(width - Cm(11))))
    left, right = table.rows[0].cells
    before, after = _split_after_colon(form.name_line)
    paragraph = write_cell(left, before)[0]
    if name:
        add_run(paragraph, name).underline = True
    if after:
        add_run(paragraph, after)
    write_cell(right, form.unit_note, align=WD_PARAGRAPH_ALIGNMENT.RIGHT)
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def _split_after_colon(line: str) -> tuple[str, str]:
    """Split a name line where the name is written: after its first colon, else at its end."""
    positions = [i for i in (line.find("："), line.find(":")) if i >= 0]
    if not positions:
        return (line + " " if line else ""), ""
    cut = min(positions) + 1
    return line[:cut], line[cut:]


def _layout_rows(form: Form) -> list[_LayoutRow]:
    by_id = {field.id: field for field in form.fields}
    rows = []
    for ids in form.layout:
        fields = tuple(by_id[i] for i in ids)
        groups = {field.group for field in fields}
        rows.append(_LayoutRow(fields=fields, group=groups.pop() if len(groups) == 1 else None))
    return rows


def _fill_field_row(table: Table, index: int, row: _LayoutRow, values: Mapping[str, str]) -> None:
    """``label | value`` pairs; the first label takes the group column when there is no group."""
    set_row_height(table.rows[index], FIELD_ROW_HEIGHT)
    cell = table.cell
    label_cells = [cell(index, 1) if row.group else cell(index, 0).merge(cell(index, 1)), cell(index, 3)]
    value_cells = (
        [cell(index, 2), cell(index, 4)] if len(row.fields) == 2 else [cell(index, 2).merge(cell(index, 4))]
    )
    for field, label_cell, value_cell in zip(row.fields, label_cells, value_cells, strict=False):
        write_cell(label_cell, field.label.zh_CN, align=CENTER)
        write_cell(value_cell, values.get(field.id, ""))


def _merge_groups(table: Table, rows: Sequence[_LayoutRow]) -> None:
    """Write each run of consecutive rows with the same group into one vertically merged cell."""
    start = 0
    while start < len(rows):
        end = start
        while end + 1 < len(rows) and rows[start].group and rows[end + 1].group == rows[start].group:
            end += 1
        group = rows[start].group
        if group:
            merged = table.cell(start, 0).merge(table.cell(end, 0)) if end > start else table.cell(start, 0)
            write_cell(merged, group, align=CENTER)
        start = end + 1


def _label_and_body(table: Table, index: int, label: str) -> _Cell:
    """A closing row: the label across the first two columns; returns the merged text cell."""
    cell = table.cell
    write_cell(cell(index, 0).merge(cell(index, 1)), label, align=CENTER)
    return cell(index, 2).merge(cell(index, len(COLUMNS) - 1))


def _fill_commitment_row(table: Table, index: int, form: Form, label: str) -> None:
    body = _label_and_body(table, index, label)
    paragraph = write_cell(body, form.commitment.zh_CN, align=WD_PARAGRAPH_ALIGNMENT.JUSTIFY)[0]
    paragraph.paragraph_format.first_line_indent = Pt(21)  # two characters, as Chinese prose is set
    paragraph.paragraph_format.space_before = Pt(6)
    for line in form.signature_lines:
        add_cell_paragraph(body, line, indent=SIGN_INDENT, before=SIGN_SPACE)
    add_cell_paragraph(body, "")


def _fill_recommendation_row(
    table: Table, index: int, form: Form, recommendation: Recommendation | None, department: str
) -> None:
    """The authority's opinion: empty room to write and stamp (or the recorded opinion), its
    signature block at the bottom."""
    set_row_height(table.rows[index], STAMP_ROW_HEIGHT)
    body = _label_and_body(table, index, form.recommendation_title)
    # before an opinion is recorded: the applicant's district department, or room to write it in
    signature = form.recommendation_text.replace("{department}", department or "\u3000" * 10)
    if recommendation is not None:
        opinion = write_cell(body, recommendation.text, align=WD_PARAGRAPH_ALIGNMENT.JUSTIFY, vertical=TOP)[0]
        opinion.paragraph_format.first_line_indent = Pt(21)
        opinion.paragraph_format.space_before = Pt(6)
        signature = form.recommendation_signed.format(
            department=recommendation.department,
            year=recommendation.year,
            month=recommendation.month,
            day=recommendation.day,
        )
    paragraphs = _write_signature(body, signature, recommendation is not None)
    for paragraph in paragraphs:
        paragraph.paragraph_format.left_indent = SIGN_INDENT
    add_cell_paragraph(body, "")


def _write_signature(body: _Cell, text: str, after_opinion: bool) -> list[Paragraph]:
    """The signature block: the whole cell when nothing is recorded, else lines under the opinion."""
    if not after_opinion:
        return write_cell(body, text, vertical=WD_CELL_VERTICAL_ALIGNMENT.BOTTOM)
    return [add_cell_paragraph(body, line, before=SIGN_SPACE) for line in text.split("\n")]
