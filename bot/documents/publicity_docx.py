"""The 公示 list as a Word document, and the neutral model it is written from.

The words (title, paragraphs, headers) come in the ``PublicityList``, already rendered from the
templates and the campaign file; this module only lays them out. ``publicity_pdf.py`` lays out
the same model as a PDF.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.shared import Cm, Pt

from bot.documents.docx_table import (
    add_run,
    add_text,
    set_a4_page,
    set_document_fonts,
    set_table_borders,
    write_cell,
)

CENTER = WD_PARAGRAPH_ALIGNMENT.CENTER
RIGHT = WD_PARAGRAPH_ALIGNMENT.RIGHT
MARGIN = Cm(2.5)


@dataclass(frozen=True)
class PublicityList:
    title: str
    intro: str
    headers: list[str]
    rows: list[list[str]]  # one per selected enterprise, in ranking order
    closing: list[str]  # paragraphs after the table: how to object, the contacts
    issuer: str
    date: str


def build_publicity_docx(data: PublicityList) -> bytes:
    document = Document()
    set_document_fonts(document, Pt(14))
    set_a4_page(document, MARGIN, MARGIN)
    _title(document, data.title)
    _paragraph(document, data.intro)
    _table(document, data.headers, data.rows)
    for text in data.closing:
        _paragraph(document, text)
    for text in (data.issuer, data.date):
        if text:
            add_text(document, text).alignment = RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _title(document: DocxDocument, title: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = CENTER
    paragraph.paragraph_format.space_after = Pt(18)
    run = add_run(paragraph, title)
    run.bold = True
    run.font.size = Pt(20)


def _paragraph(document: DocxDocument, text: str) -> None:
    paragraph = add_text(document, text)
    paragraph.paragraph_format.first_line_indent = Pt(28)
    paragraph.paragraph_format.space_after = Pt(8)


def _table(document: DocxDocument, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows) + 1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    set_table_borders(table)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        for paragraph in write_cell(cell, text, align=CENTER):
            for run in paragraph.runs:
                run.bold = True
    for row, values in zip(table.rows[1:], rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            write_cell(cell, text, align=CENTER)
    document.add_paragraph()
