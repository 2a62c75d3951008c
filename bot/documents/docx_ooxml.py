"""The OOXML side of the reader: one walk over ``w:body`` (styles are ``docx_styles``).

Only what the case checks need is read: paragraph text (runs, tabs and breaks; the text as
if every tracked change were accepted — ``w:ins`` and ``w:moveTo`` kept, ``w:del`` and
``w:moveFrom`` left out —; field codes and the placeholder of an unfilled content control
left out; comments, headers and footers are other parts, never read), heading style or
outline level, whether every run with text is bold (and how long the leading bold text
is), list numbering, tables, text boxes, pictures, and whether a paragraph belongs to a
table of contents (Word's TOC field, a TOC content control, or a ``toc N`` style). ``mc:AlternateContent``
is read through one branch only (the Choice Word shows, else the Fallback), so a text box or
picture that Word stores twice (DrawingML and a VML fallback) counts once.
"""

from __future__ import annotations

from typing import NamedTuple

from lxml import etree

from bot.documents.docx_styles import Styles, int_val, on, w
from bot.rules.document import Document, Paragraph

# ---- OOXML names -------------------------------------------------------------------------
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_w, _on, _int = w, on, int_val
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
_FLD_CHAR, _INSTR, _FLD_TYPE = _w("fldChar"), _w("instrText"), _w("fldCharType")
_SDT, _SDT_PR, _GALLERY = _w("sdt"), _w("sdtPr"), _w("docPartGallery")
_SKIP_BLOCK = frozenset(
    _w(n) for n in ("sectPr", "tblPr", "tblGrid", "trPr", "tcPr", "sdtPr", "sdtEndPr", "del", "moveFrom")
)
_SKIP_INLINE = frozenset(_w(n) for n in ("pPr", "del", "moveFrom", "sdtPr", "sdtEndPr"))


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


# ---- the walk ----------------------------------------------------------------------------
class _Ctx(NamedTuple):
    in_table: bool
    in_textbox: bool
    row: int | None
    in_toc: bool = False


class _Acc:
    """What one paragraph collects while its runs are read."""

    __slots__ = ("all_bold", "bold_prefix", "boxes", "has_text", "images", "in_field_toc", "length", "parts")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.images = 0
        self.boxes: list[etree._Element] = []
        self.has_text = False
        self.all_bold = True
        self.length = 0  # characters in parts
        self.bold_prefix = 0
        self.in_field_toc = False


class _Walker:
    """One pass over ``w:body`` in reading order; text boxes follow their anchor paragraph."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.paragraphs: list[Paragraph] = []
        self.tables = self.boxes = self.rows = 0
        self.fields: list[str] = []  # instructions of the open fields (a TOC field spans paragraphs)

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
            elif tag == _SDT:
                if not _showing_placeholder(child):
                    self._block(child, ctx._replace(in_toc=ctx.in_toc or _is_toc_control(child)))
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
        acc.in_field_toc = self._in_toc_field()
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
                bold_prefix=acc.length if acc.has_text and acc.all_bold else acc.bold_prefix,
                in_toc=ctx.in_toc or style.toc or acc.in_field_toc or self._in_toc_field(),
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
            elif tag not in _SKIP_INLINE and not (tag == _SDT and _showing_placeholder(child)):
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
        text = "".join(acc.parts[start:])
        acc.length += len(text)
        if text.strip():
            acc.has_text = True
            acc.all_bold = acc.all_bold and (para_bold if bold is None else bold)
            if acc.all_bold:
                acc.bold_prefix = acc.length

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
            elif tag == _FLD_CHAR:
                self._field_char(child.get(_FLD_TYPE, ""), acc)
            elif tag == _INSTR and self.fields:
                self.fields[-1] += child.text or ""
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

    def _field_char(self, kind: str, acc: _Acc) -> None:
        if kind == "begin":
            self.fields.append("")
        elif kind == "separate":
            acc.in_field_toc = acc.in_field_toc or self._in_toc_field()
        elif kind == "end" and self.fields:
            acc.in_field_toc = acc.in_field_toc or self._in_toc_field()
            self.fields.pop()

    def _in_toc_field(self) -> bool:
        return any(f.lstrip().upper().startswith("TOC") for f in self.fields)


def _is_toc_control(sdt: etree._Element) -> bool:
    """A content control that Word made for a table of contents (its document part gallery)."""
    props = sdt.find(_SDT_PR)
    gallery = props.find(f".//{_GALLERY}") if props is not None else None
    return gallery is not None and "table of contents" in gallery.get(_VAL, "").lower()


def _showing_placeholder(sdt: etree._Element) -> bool:
    """A content control never filled in: it shows its prompt (单击或点击此处输入文字), not text."""
    props = sdt.find(_SDT_PR)
    return props is not None and props.find(_w("showingPlcHdr")) is not None


def _symbol(element: etree._Element) -> str:
    try:
        return chr(int(element.get(_w("char"), ""), 16))
    except ValueError:
        return ""


def read_body(root: etree._Element, styles_root: etree._Element | None) -> Document:
    """The ``Document`` of a parsed ``w:document`` with its parsed ``w:styles`` (or None)."""
    return _Walker(Styles(styles_root)).read(root)
