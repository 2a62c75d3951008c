"""Small python-docx helpers for printed Chinese forms: fonts, page, borders, widths, cell text.

python-docx has no API for some things a printed form needs (table borders, grid widths, the
East Asian font, row heights by rule), so they are set on the OOXML here, one job a function.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Length, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from bot.documents.doc_text import doc_text

CJK_FONT = "宋体"  # SimSun: present wherever Word or WPS is installed in China
LATIN_FONT = "Times New Roman"
BORDER_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")
_FONT_ATTRS = ("ascii", "hAnsi", "eastAsia", "cs")
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def _child(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """The first ``tag`` child of ``parent``, created (appended) when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def set_document_fonts(document: DocxDocument, size: Length) -> None:
    """Make every run default to the CJK font (theme fonts would win over it, so drop them)."""
    styles = document.styles.element
    defaults = _child(_child(_child(styles, "w:docDefaults"), "w:rPrDefault"), "w:rPr")
    fonts = _child(defaults, "w:rFonts")
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in _FONT_ATTRS:
        fonts.set(qn(f"w:{attr}"), CJK_FONT if attr == "eastAsia" else LATIN_FONT)
    _child(defaults, "w:lang").set(qn("w:eastAsia"), "zh-CN")
    normal = document.styles["Normal"]
    normal.font.size = size
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15


def set_a4_page(document: DocxDocument, margin_top: Length, margin_side: Length) -> Length:
    """A4 portrait with the given margins; returns the text width left for tables."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = margin_top
    section.left_margin = section.right_margin = margin_side
    return Length(Cm(21) - 2 * margin_side)


def set_table_borders(table: Table, value: str = "single", size: int = 4) -> None:
    """Explicit borders on the table itself, so they print even if a style is lost or replaced.

    ``value="nil"`` removes every border (a layout table); ``size`` is in eighths of a point.
    """
    borders = _child(table._tbl.tblPr, "w:tblBorders")
    for edge in BORDER_EDGES:
        element = _child(borders, f"w:{edge}")
        element.set(qn("w:val"), value)
        element.set(qn("w:sz"), str(size if value != "nil" else 0))
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "auto")


def set_column_widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed column widths: the grid and every cell (Word reads one, WPS the other)."""
    table.autofit = False
    _child(table._tbl.tblPr, "w:tblLayout").set(qn("w:type"), "fixed")
    table_width = _child(table._tbl.tblPr, "w:tblW")
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(width.twips for width in widths)))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def set_row_height(row: _Row, height: Length, exact: bool = False) -> None:
    row.height = height
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST


def add_text(document: DocxDocument, text: str) -> Paragraph:
    """Append a paragraph of ``text`` to the document body (the body's one paragraph writer)."""
    return document.add_paragraph(doc_text(text))


def add_run(paragraph: Paragraph, text: str) -> Run:
    """Append a run of ``text`` to ``paragraph``."""
    return paragraph.add_run(doc_text(text))


def write_cell(
    cell: _Cell,
    text: str,
    *,
    align: WD_PARAGRAPH_ALIGNMENT = WD_PARAGRAPH_ALIGNMENT.LEFT,
    vertical: WD_CELL_VERTICAL_ALIGNMENT = WD_CELL_VERTICAL_ALIGNMENT.CENTER,
) -> list[Paragraph]:
    """Replace the cell's text with ``text``, one paragraph per line; returns the paragraphs."""
    cell.vertical_alignment = vertical
    text = doc_text(text)
    lines = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for run in first.runs:
        run._r.getparent().remove(run._r)
    paragraphs = [first] + [cell.add_paragraph() for _ in lines[1:]]
    for paragraph, line in zip(paragraphs, lines, strict=True):
        paragraph.alignment = align
        if line:
            paragraph.add_run(line)
    return paragraphs


def add_cell_paragraph(
    cell: _Cell, text: str, *, indent: Length | None = None, before: Length | None = None
) -> Paragraph:
    """Append one paragraph to ``cell`` (e.g. a signature line), optionally indented and spaced."""
    paragraph = cell.add_paragraph(doc_text(text))
    if indent is not None:
        paragraph.paragraph_format.left_indent = indent
    if before is not None:
        paragraph.paragraph_format.space_before = before
    return paragraph
