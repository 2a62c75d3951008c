"""The 公示 list as a PDF (fpdf2), from the same ``PublicityList`` as the Word document.

Chinese needs a CJK font embedded: the one the statistics chart finds (``scripts/install-fonts.sh``
installs one). Without any, ``NoCjkFont`` is raised and the caller says so; the .docx still works.
"""

from __future__ import annotations

from dataclasses import replace

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

from bot.documents.doc_text import doc_text
from bot.documents.publicity_docx import PublicityList

FAMILY = "cjk"
MARGIN_MM = 25
BODY_PT = 12
TITLE_PT = 18
LINE_MM = 8


class NoCjkFont(RuntimeError):
    """No font with Chinese glyphs is installed."""


def cjk_font_path() -> str:
    from matplotlib import font_manager
    from matplotlib.font_manager import FontProperties

    from bot.documents.stats_chart import chart_font

    font = chart_font()
    if not font.cjk:
        raise NoCjkFont("no CJK font installed (run scripts/install-fonts.sh)")
    return str(font_manager.findfont(FontProperties(family=font.family), fallback_to_default=False))


def build_publicity_pdf(data: PublicityList, font_path: str | None = None) -> bytes:
    data = _cleaned(data)
    pdf = FPDF(format="A4")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM)
    pdf.add_font(FAMILY, fname=font_path or cjk_font_path())
    pdf.add_page()
    pdf.set_font(FAMILY, size=TITLE_PT)
    pdf.multi_cell(0, LINE_MM * 1.5, data.title, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(LINE_MM / 2)
    pdf.set_font(FAMILY, size=BODY_PT)
    _paragraph(pdf, data.intro)
    _table(pdf, data.headers, data.rows)
    for text in data.closing:
        _paragraph(pdf, text)
    for text in (data.issuer, data.date):
        if text:
            pdf.cell(0, LINE_MM, text, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _paragraph(pdf: FPDF, text: str) -> None:
    indent = "\u3000\u3000"  # two ideographic spaces: the first-line indent of Chinese prose
    pdf.multi_cell(0, LINE_MM, indent + text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(LINE_MM / 3)


def _table(pdf: FPDF, headers: list[str], rows: list[list[str]]) -> None:
    headings = FontFace(emphasis="")  # one CJK face: no bold variant to switch to
    widths = [1, 4, *([2] * (len(headers) - 2))][: len(headers)]  # number, name, the rest
    with pdf.table(
        text_align="CENTER", line_height=LINE_MM, headings_style=headings, col_widths=widths
    ) as table:
        for values in [headers, *rows]:
            row = table.row()
            for text in values:
                row.cell(text)
    pdf.ln(LINE_MM / 2)


def _cleaned(data: PublicityList) -> PublicityList:
    """Every text of the list through ``doc_text`` (what the .docx writer does cell by cell)."""
    return replace(
        data,
        title=doc_text(data.title),
        intro=doc_text(data.intro),
        headers=[doc_text(h) for h in data.headers],
        rows=[[doc_text(v) for v in row] for row in data.rows],
        closing=[doc_text(c) for c in data.closing],
        issuer=doc_text(data.issuer),
        date=doc_text(data.date),
    )
