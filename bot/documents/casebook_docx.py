"""The 案例集: one Word document with a cover, a table of contents and every selected
enterprise's case study in ranking order, composed with docxcompose (pictures, tables,
headings, numbering and styles of each case carried over by the library).

The table of contents is a Word TOC field over the case headings only (the ``\\t`` switch names
their style), so the sections inside each case do not crowd it; the reader fills it in with
"Update Field" (the hint in its place says so): the document never asks Word to update fields on
opening. Each case goes in as it reads (``docx_visible``): revisions accepted, no hidden text, no
comments, no field that fetches anything.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from docxcompose.composer import Composer

from bot.documents.doc_text import doc_text
from bot.documents.docx_table import add_run, set_a4_page, set_document_fonts
from bot.documents.docx_visible import visible_docx

CASE_STYLE = "Casebook Case"
CENTER = WD_PARAGRAPH_ALIGNMENT.CENTER
MARGIN = Cm(2.5)


@dataclass(frozen=True)
class CasebookCover:
    title: str
    subtitle: str
    issuer: str
    date: str
    contents: str  # the heading of the table of contents
    toc_hint: str  # shown in place of the contents until Word updates the field


@dataclass(frozen=True)
class CaseEntry:
    heading: str  # e.g. 案例1 某某有限公司
    docx: bytes  # the enterprise's case study as uploaded


def volumes(cases: Sequence[CaseEntry], limit: int) -> list[list[CaseEntry]]:
    """The cases in order, split into volumes whose case files add up to at most ``limit`` bytes
    (a case larger than ``limit`` gets a volume of its own). The composed file is about the size
    of its cases together, so each volume stays under what one message can carry."""
    split: list[list[CaseEntry]] = [[]]
    size = 0
    for entry in cases:
        if split[-1] and size + len(entry.docx) > limit:
            split.append([])
            size = 0
        split[-1].append(entry)
        size += len(entry.docx)
    return split


def build_casebook_docx(cover: CasebookCover, cases: Sequence[CaseEntry]) -> bytes:
    master = Document()
    set_document_fonts(master, Pt(12))
    set_a4_page(master, MARGIN, MARGIN)
    _case_style(master)
    _cover(master, cover)
    _contents(master, cover)
    composer = Composer(master)
    for entry in cases:
        heading = master.add_paragraph(doc_text(entry.heading), style=CASE_STYLE)
        heading.paragraph_format.page_break_before = True
        composer.append(Document(io.BytesIO(visible_docx(entry.docx))))
    buffer = io.BytesIO()
    composer.save(buffer)
    return buffer.getvalue()


def _case_style(document: DocxDocument) -> None:
    style = document.styles.add_style(CASE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Heading 1"]
    style.font.size = Pt(18)
    style.paragraph_format.alignment = CENTER
    style.paragraph_format.space_after = Pt(18)


def _cover(document: DocxDocument, cover: CasebookCover) -> None:
    for _ in range(6):
        document.add_paragraph()
    _centered(document, cover.title, Pt(26), bold=True)
    _centered(document, cover.subtitle, Pt(14))
    for _ in range(10):
        document.add_paragraph()
    _centered(document, cover.issuer, Pt(16))
    last = _centered(document, cover.date, Pt(14))
    last.add_run().add_break(WD_BREAK.PAGE)


def _centered(document: DocxDocument, text: str, size: Pt, bold: bool = False) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = CENTER
    run = add_run(paragraph, text)
    run.font.size, run.bold = size, bold
    return paragraph


def _contents(document: DocxDocument, cover: CasebookCover) -> None:
    _centered(document, cover.contents, Pt(18), bold=True)
    paragraph = document.add_paragraph()
    instruction = f'TOC \\h \\z \\t "{CASE_STYLE},1"'
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        paragraph._p.append(_field_run(kind, text))
    add_run(paragraph, cover.toc_hint)
    paragraph._p.append(_field_run("end", None))


def _field_run(kind: str, instruction: str | None) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    if kind == "instr":
        element = OxmlElement("w:instrText")
        element.set(qn("xml:space"), "preserve")
        element.text = f" {instruction} "
    else:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
    run.append(element)
    return run
