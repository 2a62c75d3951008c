"""The one way text gets into a document: every writer (.docx cells and paragraphs, the .xlsx
workbook, the PDF) passes what it writes through ``doc_text``, so a value stored before the input
boundary cleaned texts (a control character, U+FFFE, a lone surrogate, a bidi override) can
never stop an export or change how it reads."""

from __future__ import annotations

from bot.rules.text_norm import xml_safe


def doc_text(value: object) -> str:
    """``value`` as document text: a string XML can hold, without bidi controls."""
    return xml_safe("" if value is None else str(value))
