"""The case-study template (附件2) as a Word .docx, generated from the campaign's rules.

Title line, then one Heading 1 per section numbered from its index (一、二、… so the two
「六」 of the notice's template come out as 六 and 七), the section's guidance, and the
requirement line. The heading line's wording is a template (``case/template_heading``).
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles.style import ParagraphStyle

from bot.campaign.schema import CaseRules
from bot.documents.docx_table import add_run, add_text
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.rules.case_report import chinese_numeral
from bot.texts.render import Renderer

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
TEMPLATE_LANG = OFFICIAL_LANGUAGE  # the case is written in Chinese whatever the user's language
BODY_FONT, HEADING_FONT = "SimSun", "SimHei"  # 宋体 and 黑体 under their English names


def build_case_template(rules: CaseRules, renderer: Renderer | None = None) -> bytes:
    """The .docx bytes of the case template for ``rules``."""
    renderer = renderer or Renderer(TEMPLATES_DIR)
    document = docx.Document()
    _style(document.styles["Normal"], BODY_FONT, 12)
    _style(document.styles["Heading 1"], HEADING_FONT, 14, bold=True)
    document.core_properties.title = rules.template_title
    document.core_properties.author = ""

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = add_run(title, rules.template_title)
    run.bold = True
    run.font.size = Pt(16)
    for index, section in enumerate(rules.sections, start=1):
        line = renderer.render(
            TEMPLATE_LANG,
            "case/template_heading",
            index=index,
            numeral=chinese_numeral(index),
            title=section.title,
            target=section.target,
        )
        document.add_heading(html.unescape(line), level=1)
        if section.guidance:
            add_text(document, section.guidance)
    if rules.requirement:
        add_text(document, rules.requirement)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _style(style: object, east_asian_font: str, size: int, bold: bool | None = None) -> None:
    """Black text in ``east_asian_font`` for Chinese, at ``size`` points."""
    if not isinstance(style, ParagraphStyle):
        raise TypeError(f"expected a paragraph style, got {style!r}")
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian_font)
    fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
