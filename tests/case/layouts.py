"""Cases in the layouts Word and WPS write beyond headings and numerals (corpus entries).

No LibreOffice or Word is available where the tests run, so each layout is built the way the
programs save it, from what their files contain (ECMA-376 / ISO/IEC 29500 and files saved by
Word 2016+ and WPS 2019):

- **Strict Open XML** (Word: 另存为 → 「Strict Open XML 文档」): the package of a .docx with every
  markup namespace under ``http://purl.oclc.org/ooxml/…``, relationship types under
  ``http://purl.oclc.org/ooxml/officeDocument/relationships/…`` and ``w:conformance="strict"``
  on ``w:document``; OPC's own namespaces (content types, package relationships) unchanged.
- **A case inside a table**: the whole case in one cell of a one-column table, one section a
  row, or WPS's 申报表 layout (title in the left cell, body in the right).
- **Line breaks** (Shift+Enter, ``w:br``): each title and its first sentence in one paragraph.
- **Content controls** (``w:sdt``): a company template with each title in an inline control and
  each body in a block control, one control still showing its placeholder text (not the
  author's text: not counted).
- **Tracked changes**: inserted text (``w:ins``) counts, deleted text (``w:del``/``w:delText``)
  and text moved away (``w:moveFrom``, whose runs keep ``w:t``) do not; a section title added
  as a tracked insertion is found.
- **Comments, headers and footers**: review comments (a ``comments.xml`` part, python-docx's
  ``add_comment``) and header/footer lines that name sections never count.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Callable
from xml.sax.saxutils import escape

from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from bot.campaign.schema import CaseRules

from .builders import NS, CaseDoc, _xml, body_paragraphs, heading_text, kpi_sentence, make_case, png_bytes

_STRICT = (
    (
        "http://schemas.openxmlformats.org/wordprocessingml/2006/",
        "http://purl.oclc.org/ooxml/wordprocessingml/",
    ),
    ("http://schemas.openxmlformats.org/drawingml/2006/", "http://purl.oclc.org/ooxml/drawingml/"),
    (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
    ),
)
PLACEHOLDER = "单击或点击此处输入文字。"
_CONTROL_IDS = itertools.count(5000)
_BOLD_RUN = "<w:r><w:rPr><w:b/></w:rPr><w:t>{}</w:t></w:r>"
_PLACEHOLDER_STYLE = '<w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>'


class Strict:
    """A case saved by Word as Strict Open XML."""

    def __init__(self, case: CaseDoc) -> None:
        self.case = case

    def to_bytes(self) -> bytes:
        return to_strict(self.case.to_bytes())


def to_strict(transitional: bytes) -> bytes:
    """The package ``transitional`` with Strict's namespaces and relationship types."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(transitional)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith((".xml", ".rels")):
                text = data.decode("utf-8")
                for old, new in _STRICT:
                    text = text.replace(old, new)
                if info.filename == "word/document.xml":
                    text = text.replace("<w:document ", '<w:document w:conformance="strict" ', 1)
                data = text.encode("utf-8")
            z.writestr(info, data)
    return out.getvalue()


# ---- a case written into any container (the body, a table cell) -----------------------------
def _write_section(
    rules: CaseRules,
    index: int,
    new: Callable[[], DocxParagraph],
    *,
    bold: bool = True,
    body_only: bool = False,
) -> None:
    section = rules.sections[index - 1]
    if not body_only:
        new().add_run(heading_text(index, section, "cn")).bold = True if bold else None
    for text in body_paragraphs(round(section.target * 1.15)):
        new().add_run(text)
    if index == rules.kpi_section:
        new().add_run(kpi_sentence())
    if index in (2, 3, 4):
        new().add_run().add_picture(io.BytesIO(png_bytes()))


def _cell_writer(cell: _Cell) -> Callable[[], DocxParagraph]:
    first = [cell.paragraphs[0]]

    def new() -> DocxParagraph:
        return first.pop() if first else cell.add_paragraph()

    return new


def whole_case_in_one_cell(rules: CaseRules) -> CaseDoc:
    """Title line, then every section inside one cell of a one-column table."""
    case = CaseDoc()
    case.paragraph("某某有限公司智能制造标杆企业案例", bold=True)
    new = _cell_writer(case.doc.add_table(rows=1, cols=1).cell(0, 0))
    for index in range(1, len(rules.sections) + 1):
        _write_section(rules, index, new)
    return case


def one_row_a_section(rules: CaseRules) -> CaseDoc:
    """A one-column table, each section in a row of its own; the title line in the table too."""
    case = CaseDoc()
    table = case.doc.add_table(rows=len(rules.sections) + 1, cols=1)
    table.cell(0, 0).paragraphs[0].add_run("某某有限公司智能制造标杆企业案例").bold = True
    for index in range(1, len(rules.sections) + 1):
        _write_section(rules, index, _cell_writer(table.cell(index, 0)), bold=False)
    return case


def wps_form_two_columns(rules: CaseRules) -> CaseDoc:
    """WPS's 申报表 layout: each section a row, its title in the left cell, its body in the right."""
    case = CaseDoc()
    case.paragraph("某某有限公司智能制造标杆企业案例", bold=True)
    table = case.doc.add_table(rows=len(rules.sections), cols=2)
    for index, section in enumerate(rules.sections, start=1):
        table.cell(index - 1, 0).paragraphs[0].add_run(heading_text(index, section, "cn"))
        _write_section(rules, index, _cell_writer(table.cell(index - 1, 1)), body_only=True)
    return case


def title_and_first_sentence_broken(rules: CaseRules, *, bold: bool) -> CaseDoc:
    """Each title, a line break (Shift+Enter), then the first sentence, in one paragraph."""
    case = CaseDoc()
    case.paragraph("某某有限公司智能制造标杆企业案例", bold=True)
    for index, section in enumerate(rules.sections, start=1):
        body = body_paragraphs(round(section.target * 1.15))
        p = case.doc.add_paragraph()
        title = p.add_run(heading_text(index, section, "cn"))
        title.bold = True if bold else None
        title.add_break()
        p.add_run(body[0])
        for text in body[1:]:
            case.paragraph(text)
        if index == rules.kpi_section:
            case.paragraph(kpi_sentence())
        if index in (2, 3, 5):
            case.inline_picture()
    return case


def _text(p: object) -> str:
    return "".join(t.text or "" for t in p.iter(f"{{{NS['w']}}}t"))  # type: ignore[attr-defined]


# ---- content controls -------------------------------------------------------------------------
def _sdt(inner: str, *, alias: str, placeholder: bool = False) -> str:
    shown = "<w:showingPlcHdr/>" if placeholder else ""
    return (
        f'<w:sdt><w:sdtPr><w:alias w:val="{escape(alias)}"/><w:tag w:val="{escape(alias)}"/>'
        f'<w:id w:val="{next(_CONTROL_IDS)}"/>{shown}</w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>'
    )


def _block(xml: str) -> object:
    """One block-level element from ``xml`` (with the namespaces of ``builders.NS``)."""
    return _xml(f"<ROOT>{xml}</ROOT>")[0]


def content_controls(rules: CaseRules) -> CaseDoc:
    """A company template: each title an inline plain-text control, each body a block control;
    under section 1 a further control never filled in, still showing a long placeholder."""
    case = make_case(rules, kind="bold")
    body = case.doc.element.body
    titles = {heading_text(i, s, "cn"): i for i, s in enumerate(rules.sections, start=1)}
    w = f"{{{NS['w']}}}"
    heads = [p for p in body.iterchildren(f"{w}p") if _text(p) in titles]
    for head in heads:
        text = _text(head)
        for run in head.findall(f"{w}r"):
            head.remove(run)
        head.append(_xml(f"<ROOT>{_sdt(_BOLD_RUN.format(escape(text)), alias='标题')}</ROOT>")[0])
        following = []
        for sibling in head.itersiblings():
            if sibling in heads or sibling.tag == f"{w}sectPr":
                break
            following.append(sibling)
        control = _block(_sdt("", alias=f"正文{titles[text]}"))
        content = control[1]
        for element in following:
            content.append(element)
        head.addnext(control)
        if titles[text] == 1:
            long_hint = PLACEHOLDER + "".join(body_paragraphs(400))
            hint = f"<w:p><w:r>{_PLACEHOLDER_STYLE}<w:t>{long_hint}</w:t></w:r></w:p>"
            control.addnext(_block(_sdt(hint, alias="补充说明", placeholder=True)))
    return case


# ---- tracked changes ---------------------------------------------------------------------------
_REV = 'w:author="审阅人" w:date="2022-08-01T09:00:00Z"'


def tracked_changes(rules: CaseRules) -> CaseDoc:
    """Heading 1 titles; a reviewer's tracked changes not yet accepted: a long deletion and a
    deleted old title in section 1, section 5's title inserted, a long passage of section 3
    moved away (its short new place in section 6), an insertion inside a body paragraph."""
    case = make_case(rules, kind="style")
    w = f"{{{NS['w']}}}"
    paragraphs = list(case.doc.element.body.iterchildren(f"{w}p"))
    by_text = {_text(p): p for p in paragraphs}
    long_text = escape("".join(body_paragraphs(900)))
    first = by_text[heading_text(1, rules.sections[0], "cn")]
    first.addnext(
        _block(
            f'<w:p><w:pPr><w:rPr><w:del w:id="1" {_REV}/></w:rPr></w:pPr>'
            f'<w:del w:id="2" {_REV}><w:r><w:delText>{long_text}</w:delText></w:r></w:del></w:p>'
        )
    )
    first.addnext(
        _block(
            f'<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:rPr><w:del w:id="3" {_REV}/></w:rPr></w:pPr>'
            f'<w:del w:id="4" {_REV}><w:r><w:delText>三、智能制造实施步骤（旧稿）</w:delText></w:r>'
            "</w:del></w:p>"
        )
    )
    fifth = by_text[heading_text(5, rules.sections[4], "cn")]
    for run in fifth.findall(f"{w}r"):
        fifth.remove(run)
    title5 = escape(heading_text(5, rules.sections[4], "cn"))
    fifth.append(_xml(f'<ROOT><w:ins w:id="5" {_REV}><w:r><w:t>{title5}</w:t></w:r></w:ins></ROOT>')[0])
    third = by_text[heading_text(3, rules.sections[2], "cn")]
    third.addnext(
        _block(
            f'<w:p><w:moveFromRangeStart w:id="6" {_REV} w:name="move1"/><w:moveFrom w:id="7" {_REV}>'
            f'<w:r><w:t>{long_text}</w:t></w:r></w:moveFrom><w:moveFromRangeEnd w:id="6"/></w:p>'
        )
    )
    sixth = by_text[heading_text(6, rules.sections[5], "cn")]
    sixth.addnext(
        _block(
            f'<w:p><w:moveToRangeStart w:id="8" {_REV} w:name="move1"/><w:moveTo w:id="9" {_REV}>'
            '<w:r><w:t>详见前文。</w:t></w:r></w:moveTo><w:moveToRangeEnd w:id="8"/></w:p>'
        )
    )
    body_of_two = by_text[heading_text(2, rules.sections[1], "cn")].getnext()
    body_of_two.append(
        _xml(f'<ROOT><w:ins w:id="10" {_REV}><w:r><w:t>补充一句。</w:t></w:r></w:ins></ROOT>')[0]
    )
    return case


# ---- comments, headers and footers ------------------------------------------------------------
def comments_headers_footers(rules: CaseRules) -> CaseDoc:
    """Review comments naming other sections (one long), header and footer lines naming sections."""
    case = make_case(rules, kind="bold")
    paragraphs = case.doc.paragraphs
    third = next(p for p in paragraphs if p.text == heading_text(3, rules.sections[2], "cn"))
    body = paragraphs[paragraphs.index(third) + 1]
    long_comment = "四、智能制造实施成效\n" + "".join(body_paragraphs(1200))
    case.doc.add_comment(body.runs, text=long_comment, author="审阅人", initials="SY")
    case.doc.add_comment(third.runs, text="五、智能制造行业影响及示范作用：这一节要补充。", author="审阅人")
    case.header_footer(
        "重庆市智能制造标杆企业案例　三、智能制造实施步骤", "六、下一步工作计划　第1页", picture=False
    )
    return case
