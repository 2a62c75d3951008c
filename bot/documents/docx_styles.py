"""Word styles as the reader needs them: heading level, bold, list numbering, TOC lines.

Shared OOXML helpers (``w``, ``on``, ``int_val``) live here too; ``docx_ooxml`` walks the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(local: str) -> str:
    return f"{{{W_NS}}}{local}"


w = _w
_PPR, _RPR, _VAL = _w("pPr"), _w("rPr"), _w("val")
# Word's built-in heading styles are stored as "heading 1" …; WPS names them "标题 1" ….
_HEADING_PREFIXES = ("heading", "标题")
# The styles of table-of-contents lines: Word's "toc 1" …, WPS's "目录 1" ….
_TOC_STYLE = re.compile(r"^(?:toc|目录)\s*\d$", re.IGNORECASE)


def _on(element: etree._Element | None) -> bool | None:
    """A toggle property such as ``w:b``: None when absent."""
    if element is None:
        return None
    return element.get(_VAL, "true").lower() not in ("0", "false", "off")


def _int(element: etree._Element | None) -> int | None:
    try:
        return int(element.get(_VAL, "")) if element is not None else None
    except ValueError:
        return None


on, int_val = _on, _int


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None  # 9 = explicitly body text
    bold: bool | None
    num_level: int | None  # ilvl when the style carries list numbering


@dataclass(frozen=True)
class ParaStyle:
    name: str
    outline: int | None
    bold: bool
    num_level: int | None
    toc: bool = False


class Styles:
    """Paragraph and character styles resolved through ``w:basedOn``.

    Only the styles a document uses are decoded (on first use): a styles part holds
    hundreds of latent and built-in styles that a case never references."""

    def __init__(self, root: etree._Element | None) -> None:
        self._elements: dict[str, etree._Element] = {}
        self._styles: dict[str, _Style] = {}
        self._default_para: str | None = None
        self._default_bold = False
        self._cache: dict[str | None, ParaStyle] = {}
        if root is not None:
            self._index(root)

    def _index(self, root: etree._Element) -> None:
        default_rpr = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_RPR}")
        self._default_bold = bool(_on(default_rpr.find(_w("b")))) if default_rpr is not None else False
        style_id_attr, default_attr = _w("styleId"), _w("default")
        for el in root.iterchildren(_w("style")):
            style_id = el.get(style_id_attr)
            if style_id:
                self._elements[style_id] = el
                if el.get(default_attr) in ("1", "true", "on") and el.get(_w("type")) == "paragraph":
                    self._default_para = style_id

    def _style(self, style_id: str) -> _Style | None:
        if style_id not in self._styles:
            el = self._elements.get(style_id)
            if el is None:
                return None
            name, based = el.find(_w("name")), el.find(_w("basedOn"))
            ppr, rpr = el.find(_PPR), el.find(_RPR)
            num = ppr.find(_w("numPr")) if ppr is not None else None
            self._styles[style_id] = _Style(
                name=name.get(_VAL, "") if name is not None else style_id,
                based_on=based.get(_VAL) if based is not None else None,
                outline=_int(ppr.find(_w("outlineLvl"))) if ppr is not None else None,
                bold=_on(rpr.find(_w("b"))) if rpr is not None else None,
                num_level=(_int(num.find(_w("ilvl"))) or 0) if num is not None else None,
            )
        return self._styles[style_id]

    def _chain(self, style_id: str | None) -> list[_Style]:
        chain: list[_Style] = []
        while style_id is not None and len(chain) < 16:
            style = self._style(style_id)
            if style is None:
                break
            chain.append(style)
            style_id = style.based_on
        return chain

    def paragraph(self, style_id: str | None) -> ParaStyle:
        key = style_id if style_id in self._elements else self._default_para
        if key not in self._cache:
            chain = self._chain(key)
            name = chain[0].name if chain else ""
            outline = next((s.outline for s in chain if s.outline is not None), None)
            if outline is None and name.lower().startswith(_HEADING_PREFIXES):
                digits = "".join(c for c in name if c.isdigit())
                outline = int(digits) - 1 if digits and 0 < int(digits) <= 9 else 0
            bold = next((s.bold for s in chain if s.bold is not None), self._default_bold)
            num = next((s.num_level for s in chain if s.num_level is not None), None)
            self._cache[key] = ParaStyle(name, outline, bold, num, bool(_TOC_STYLE.match(name)))
        return self._cache[key]

    def run_bold(self, style_id: str) -> bool | None:
        return next((s.bold for s in self._chain(style_id) if s.bold is not None), None)
