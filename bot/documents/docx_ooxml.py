"""The OOXML side of the reader: styles and one walk over ``w:body``.

Only what the case checks need is read: paragraph text (runs, tabs and breaks; deleted
revisions and field codes are left out), heading style or outline level, whether every
run with text is bold, list numbering, tables, text boxes and pictures. ``mc:AlternateContent``
is read through one branch only (the Choice Word shows, else the Fallback), so a text box or
picture that Word stores twice (DrawingML and a VML fallback) counts once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from lxml import etree

from bot.documents.docx_model import Document, Paragraph

# ---- OOXML names -------------------------------------------------------------------------
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(local: str) -> str:
    return f"{{{_W_NS}}}{local}"


WORD_DOCUMENT = _w("document")


_P, _R, _T, _TBL, _TR, _PPR, _RPR = (_w(n) for n in ("p", "r", "t", "tbl", "tr", "pPr", "rPr"))
_VAL = _w("val")
_ALT, _CHOICE, _FALLBACK = (f"{{{_MC_NS}}}{n}" for n in ("AlternateContent", "Choice", "Fallback"))
_PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"
_TXBX = _w("txbxContent")
_GRAPHIC = frozenset(_w(n) for n in ("drawing", "pict", "object"))
_TABS = frozenset(_w(n) for n in ("tab", "ptab"))
_BREAKS = frozenset(_w(n) for n in ("br", "cr"))
_NO_BREAK_HYPHEN, _SYM = _w("noBreakHyphen"), _w("sym")
_SKIP_BLOCK = frozenset(_w(n) for n in ("sectPr", "tblPr", "tblGrid", "trPr", "tcPr", "sdtPr", "sdtEndPr"))
_SKIP_INLINE = frozenset(_w(n) for n in ("pPr", "del", "moveFrom", "sdtPr", "sdtEndPr"))
# Word's built-in heading styles are stored as "heading 1" …; WPS names them "标题 1" ….
_HEADING_PREFIXES = ("heading", "标题")


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


def _choice(alternate: etree._Element) -> etree._Element | None:
    """The branch of ``mc:AlternateContent`` that Word shows: the first Choice, else the
    Fallback. Only one branch is read, so a text box or picture stored twice counts once."""
    fallback = None
    for child in alternate:
        if child.tag == _CHOICE:
            return child
        if child.tag == _FALLBACK:
            fallback = child
    return fallback


# ---- styles ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None  # 9 = explicitly body text
    bold: bool | None
    num_level: int | None  # ilvl when the style carries list numbering


@dataclass(frozen=True)
class _ParaStyle:
    name: str
    outline: int | None
    bold: bool
    num_level: int | None


class _Styles:
    """Paragraph and character styles resolved through ``w:basedOn``.

    Only the styles a document uses are decoded (on first use): a styles part holds
    hundreds of latent and built-in styles that a case never references."""

    def __init__(self, root: etree._Element | None) -> None:
        self._elements: dict[str, etree._Element] = {}
        self._styles: dict[str, _Style] = {}
        self._default_para: str | None = None
        self._default_bold = False
        self._cache: dict[str | None, _ParaStyle] = {}
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

    def paragraph(self, style_id: str | None) -> _ParaStyle:
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
            self._cache[key] = _ParaStyle(name, outline, bold, num)
        return self._cache[key]

    def run_bold(self, style_id: str) -> bool | None:
        return next((s.bold for s in self._chain(style_id) if s.bold is not None), None)


# ---- the walk ----------------------------------------------------------------------------
class _Ctx(NamedTuple):
    in_table: bool
    in_textbox: bool
    row: int | None


class _Acc:
    """What one paragraph collects while its runs are read."""

    __slots__ = ("all_bold", "boxes", "has_text", "images", "parts")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.images = 0
        self.boxes: list[etree._Element] = []
        self.has_text = False
        self.all_bold = True


class _Walker:
    """One pass over ``w:body`` in reading order; text boxes follow their anchor paragraph."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.paragraphs: list[Paragraph] = []
        self.tables = self.boxes = self.rows = 0

    def read(self, root: etree._Element) -> Document:
        body = root.find(_w("body"))
        if body is not None:
            self._block(body, _Ctx(False, False, None))
        images = sum(p.images for p in self.paragraphs)
        return Document(tuple(self.paragraphs), images, self.tables, self.boxes)

    def _block(self, element: etree._Element, ctx: _Ctx) -> None:
        for child in element:
            tag = child.tag
            if tag == _P:
                self._paragraph(child, ctx)
            elif tag == _TBL:
                self.tables += 1
                self._block(child, ctx._replace(in_table=True))
            elif tag == _TR:
                self.rows += 1
                self._block(child, ctx._replace(row=self.rows))
            elif tag == _ALT:
                branch = _choice(child)
                if branch is not None:
                    self._block(branch, ctx)
            elif tag not in _SKIP_BLOCK:
                self._block(child, ctx)

    def _paragraph(self, p: etree._Element, ctx: _Ctx) -> None:
        ppr = p.find(_PPR)
        style_id = outline = num = None
        if ppr is not None:
            style_el, num = ppr.find(_w("pStyle")), ppr.find(_w("numPr"))
            style_id = style_el.get(_VAL) if style_el is not None else None
            outline = _int(ppr.find(_w("outlineLvl")))
        style = self.styles.paragraph(style_id)
        acc = _Acc()
        self._inline(p, acc, style.bold)
        level = outline if outline is not None else style.outline
        level = level if level is not None and 0 <= level < 9 else None
        num_id = _int(num.find(_w("numId"))) if num is not None else None
        num_level = (_int(num.find(_w("ilvl"))) or 0) if num is not None and num_id else None
        if num is None:
            num_level = style.num_level
        self.paragraphs.append(
            Paragraph(
                text="".join(acc.parts),
                style_name=style.name,
                is_heading=level is not None,
                outline_level=level,
                is_bold=acc.has_text and acc.all_bold,
                numbered=num_level is not None,
                num_level=num_level,
                in_table=ctx.in_table,
                in_textbox=ctx.in_textbox,
                images=acc.images,
                row=ctx.row,
            )
        )
        for box in acc.boxes:
            self.boxes += 1
            self._block(box, ctx._replace(in_textbox=True))

    def _inline(self, element: etree._Element, acc: _Acc, para_bold: bool) -> None:
        for child in element:
            tag = child.tag
            if tag == _R:
                self._run(child, acc, para_bold)
            elif tag == _ALT:
                branch = _choice(child)
                if branch is not None:
                    self._inline(branch, acc, para_bold)
            elif tag not in _SKIP_INLINE:
                self._inline(child, acc, para_bold)

    def _run(self, run: etree._Element, acc: _Acc, para_bold: bool) -> None:
        start = len(acc.parts)
        bold: bool | None = None
        rpr = run.find(_RPR)
        if rpr is not None:
            bold = _on(rpr.find(_w("b")))
            char_style = rpr.find(_w("rStyle"))
            if bold is None and char_style is not None:
                bold = self.styles.run_bold(char_style.get(_VAL, ""))
        self._run_content(run, acc)
        if "".join(acc.parts[start:]).strip():
            acc.has_text = True
            acc.all_bold = acc.all_bold and (para_bold if bold is None else bold)

    def _run_content(self, element: etree._Element, acc: _Acc) -> None:
        for child in element:
            tag = child.tag
            if tag == _T:
                acc.parts.append(child.text or "")
            elif tag in _TABS:
                acc.parts.append("\t")
            elif tag in _BREAKS:
                acc.parts.append("\n")
            elif tag == _NO_BREAK_HYPHEN:
                acc.parts.append("-")
            elif tag == _SYM:
                acc.parts.append(_symbol(child))
            elif tag in _GRAPHIC:
                self._graphic(child, acc)
            elif tag == _ALT:
                branch = _choice(child)
                if branch is not None:
                    self._run_content(branch, acc)

    def _graphic(self, element: etree._Element, acc: _Acc) -> None:
        """Count DrawingML pictures (inline, anchored, in groups and canvases) and VML image
        data; collect text boxes, whose content is read as paragraphs of its own."""
        for child in element:
            tag = child.tag
            if tag in (_PIC, _IMAGEDATA):
                acc.images += 1
            elif tag == _TXBX:
                acc.boxes.append(child)
            elif tag == _ALT:
                branch = _choice(child)
                if branch is not None:
                    self._graphic(branch, acc)
            else:
                self._graphic(child, acc)


def _symbol(element: etree._Element) -> str:
    try:
        return chr(int(element.get(_w("char"), ""), 16))
    except ValueError:
        return ""


def read_body(root: etree._Element, styles_root: etree._Element | None) -> Document:
    """The ``Document`` of a parsed ``w:document`` with its parsed ``w:styles`` (or None)."""
    return _Walker(_Styles(styles_root)).read(root)
