"""Neutral models of what reading a sent file gives: a Word document's main story, as the
case-study checks need it, and an accepted PDF scan's figures.

It lives with the rules that read it: the reader (``bot.documents.docx_reader``) fills it from
a .docx; the checks (``bot.rules.case_check``) read it without knowing anything about OOXML.
Headers and footers are not part of it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the body, of a table cell or of a text box.

    ``text`` is what the reader sees (runs concatenated, tabs and line breaks as white
    space), without Word's automatic list numbering: for a paragraph that Word numbers
    (``w:numPr``) only ``numbered`` and ``num_level`` are known.
    ``outline_level`` is 0-based (Heading 1 → 0) and ``None`` for body text.
    ``row`` identifies the table row a cell paragraph belongs to (unique per document).
    ``images`` counts the pictures anchored in this paragraph (text boxes hosted here are
    separate paragraphs with ``in_textbox``).
    ``bold_prefix`` is the length of the leading bold text (all of ``text`` when ``is_bold``):
    a run-in title typed in bold before the plain body.
    ``in_toc`` marks a line of a table of contents: in Word's TOC field or content control,
    or styled ``toc N`` / ``目录 N``.
    """

    text: str
    style_name: str = ""
    is_heading: bool = False
    outline_level: int | None = None
    is_bold: bool = False
    numbered: bool = False
    num_level: int | None = None
    in_table: bool = False
    in_textbox: bool = False
    images: int = 0
    row: int | None = None
    bold_prefix: int = 0
    in_toc: bool = False


@dataclass(frozen=True)
class Document:
    """The paragraphs in reading order: body, table cells and text boxes (after the
    paragraph that anchors them), each counted once."""

    paragraphs: tuple[Paragraph, ...]
    images_total: int
    tables: int
    textboxes: int

    @property
    def text(self) -> str:
        """All paragraphs, one per line."""
        return "\n".join(p.text for p in self.paragraphs)


def split_at_breaks(paragraphs: Sequence[Paragraph]) -> tuple[Paragraph, ...]:
    """Each line of a paragraph (Word's line break, Shift+Enter, ``w:br``) as a paragraph of its
    own, as it reads on the page: a title and its first sentence typed in one paragraph with a
    break between them are two lines. The first line keeps the paragraph's style, numbering
    and pictures; a later line is body text, bold when the leading bold text covers it."""
    out: list[Paragraph] = []
    for p in paragraphs:
        if "\n" not in p.text:
            out.append(p)
            continue
        offset = 0
        for number, line in enumerate(p.text.split("\n")):
            bold_prefix = max(0, min(len(line), p.bold_prefix - offset))
            if number == 0:
                out.append(replace(p, text=line, bold_prefix=bold_prefix, is_bold=_bold(line, bold_prefix)))
            elif line.strip():
                out.append(
                    Paragraph(
                        line,
                        p.style_name,
                        is_bold=_bold(line, bold_prefix),
                        in_table=p.in_table,
                        in_textbox=p.in_textbox,
                        row=p.row,
                        bold_prefix=bold_prefix,
                        in_toc=p.in_toc,
                    )
                )
            offset += len(line) + 1
    return tuple(out)


def _bold(line: str, bold_prefix: int) -> bool:
    return bool(line.strip()) and bold_prefix >= len(line.rstrip())


@dataclass(frozen=True)
class PdfInfo:
    """An accepted scan: its page count, SHA-256 (hex) and size in bytes."""

    pages: int
    sha256: str
    size: int

    @property
    def size_kb(self) -> int:
        return math.ceil(self.size / 1024)

    def params(self) -> dict[str, Any]:
        """The context of ``upload/pdf_accepted``."""
        return {"pages": self.pages, "sha256": self.sha256, "size": self.size, "size_kb": self.size_kb}
