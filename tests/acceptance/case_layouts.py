"""Case studies laid out as Word and WPS save them, built here from the notice's 附件2 outline.

Every document carries the seven sections of 附件2 with a body of a known length; the layouts move
the same text into the places Word and WPS put it (Strict Open XML, a one-column table, content
controls, a line break after the heading, tracked changes, comments, headers, text boxes).
Expected counts come from Word's rule (DOMAIN.md): each CJK ideograph or full-width mark counts
one, each run of other non-space characters counts one.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

# 附件2: the seven titles (the template numbers the last two both 六; people write 七).
TITLES = (
    "一、企业实施智能制造前面临的痛点",
    "二、智能制造案例基本情况及特点",
    "三、智能制造实施步骤",
    "四、智能制造实施成效",
    "五、智能制造行业影响及示范作用",
    "六、下一步工作计划",
    "七、智能制造经验总结",
)
TARGETS = (300, 500, 2500, 500, 500, 500, 500)
SEED = "我们公司围绕冲压焊接涂装总装四大工艺建设数字化车间打通设备数据与生产计划系统质量追溯覆盖全部关键工序"
KPI_SENTENCE = (
    "生产效率提高百分之二十五，研发周期缩短三成，不良品率降低百分之四十，"
    "运营成本降低百分之十八，能源利用率提高百分之十二。"
)
NOTE = "审阅意见请补充设备联网率的数据来源并核对二〇二一年的产值口径谢谢"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def word_count(text: str) -> int:
    """Word's 字数: CJK and full-width marks one each, each other run of non-space characters one."""
    cjk = len(CJK.findall(text))
    rest = CJK.sub(" ", text).split()
    return cjk + len(rest)


def filler(n: int, seed: str = SEED) -> str:
    """``n`` characters of plain Chinese prose ending in 。 (each counts one)."""
    body = (seed * (n // len(seed) + 1))[: n - 1]
    return body + "。"


def bodies(lengths: tuple[int, ...]) -> list[str]:
    out = []
    for i, n in enumerate(lengths):
        if i == 3:  # 四、实施成效 names the KPIs the template lists, each with a figure
            out.append(KPI_SENTENCE + filler(n - word_count(KPI_SENTENCE)))
        else:
            out.append(filler(n))
    return out


def png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


@dataclass(frozen=True)
class Layout:
    name: str
    build: Callable[[], bytes]
    total: int  # the case's 字数 as Word counts the visible, accepted body
    sections: tuple[int, ...]  # each section's body 字数 (heading excluded)
    verdict_ok: bool  # True when the notice's rules pass (≥ 5000 字, 7 sections, a picture)


def _save(doc) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _picture(doc) -> None:  # type: ignore[no-untyped-def]
    from docx.shared import Cm

    doc.add_paragraph().add_run().add_picture(io.BytesIO(png()), width=Cm(4))


def plain(lengths: tuple[int, ...] = TARGETS) -> bytes:
    doc = Document()
    doc.add_paragraph("某某汽车有限公司智能制造标杆案例", style="Title")
    for title, body in zip(TITLES, bodies(lengths), strict=True):
        doc.add_heading(title, level=1)
        doc.add_paragraph(body)
    _picture(doc)
    return _save(doc)


def total_of(lengths: tuple[int, ...]) -> int:
    return sum(lengths)


# --- raw XML helpers -------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _run(text: str, tag: str = "w:t") -> str:
    return f'<w:r><{tag} xml:space="preserve">{text}</{tag}></w:r>'


def _para(inner: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p {nsdecls('w')}>{ppr}{inner}</w:p>"


def _rewrite(data: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    """Every member of the package passed through ``change(name, bytes)``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, change(item.filename, src.read(item.filename)))
    return out.getvalue()


def _headed(lengths: tuple[int, ...] = TARGETS):  # type: ignore[no-untyped-def]
    doc = Document()
    doc.add_paragraph("某某电子有限公司智能制造标杆案例", style="Title")
    return doc, bodies(lengths)


# --- the layouts ------------------------------------------------------------------------------

STRICT = {
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main": b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    b"http://schemas.openxmlformats.org/drawingml/2006/main": b"http://purl.oclc.org/ooxml/drawingml/main",
    b"http://schemas.openxmlformats.org/drawingml/2006/picture": b"http://purl.oclc.org/ooxml/drawingml/picture",
    b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing": b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
}


def strict() -> bytes:
    """Word's "Strict Open XML Document": purl.oclc.org namespaces, conformance="strict"."""

    def change(name: str, data: bytes) -> bytes:
        if not name.endswith((".xml", ".rels")):
            return data
        for old, new in STRICT.items():
            data = data.replace(old, new)
        if name == "word/document.xml":
            data = data.replace(b"<w:document ", b'<w:document w:conformance="strict" ', 1)
        return data

    return _rewrite(plain(), change)


def one_column_table() -> bytes:
    """The whole case typed inside a one-column table (a bordered 'form' look)."""
    doc, texts = _headed()
    cell = doc.add_table(rows=1, cols=1).cell(0, 0)
    first = True
    for title, body in zip(TITLES, texts, strict=True):
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.add_run(title).bold = True
        cell.add_paragraph(body)
    _picture(doc)
    return _save(doc)


def content_controls() -> bytes:
    """Each heading a block-level content control (w:sdt), as template-based documents hold them."""
    doc, texts = _headed()
    for title, text in zip(TITLES, texts, strict=True):
        _append(
            doc,
            f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="标题"/><w:tag w:val="h"/></w:sdtPr>'
            f'<w:sdtContent><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{_run(title)}</w:p>'
            "</w:sdtContent></w:sdt>",
        )
        doc.add_paragraph(text)
    _picture(doc)
    return _save(doc)


def heading_break() -> bytes:
    """Heading and first sentence in one paragraph, parted by a line break (Shift+Enter)."""
    doc, texts = _headed()
    for title, text in zip(TITLES, texts, strict=True):
        p = doc.add_paragraph()
        p.add_run(title).bold = True
        p.add_run().add_break()
        p.add_run(text)
    _picture(doc)
    return _save(doc)


# The accepted text is TARGETS less 1000 in 三 plus an insertion of 1000 there; the deleted text
# (2000) is gone once accepted. Counting both or neither changes section 三 and the total.
INSERTED, DELETED = 1000, 2000


def tracked() -> bytes:
    doc, texts = _headed()
    for i, (title, text) in enumerate(zip(TITLES, texts, strict=True)):
        doc.add_heading(title, level=1)
        if i != 2:
            doc.add_paragraph(text)
            continue
        kept = filler(TARGETS[2] - INSERTED)
        ins = filler(INSERTED, "新增的产线数据采集方案覆盖注塑与装配两个车间并接入能耗监测")
        gone = filler(DELETED, "原稿中关于外部采购系统的描述已经删去不再保留")
        xml = _para(
            _run(kept)
            + f'<w:ins w:id="1" w:author="李" w:date="2022-08-01T00:00:00Z">{_run(ins)}</w:ins>'
            + f'<w:del w:id="2" w:author="李" w:date="2022-08-01T00:00:00Z">{_run(gone, "w:delText")}</w:del>'
        )
        _append(doc, xml)
    _picture(doc)
    return _save(doc)


def _append(doc, xml: str) -> None:  # type: ignore[no-untyped-def]
    """A block element at the end of the body, before its section properties."""
    doc.element.body.find(f"{{{W}}}sectPr").addprevious(parse_xml(xml))


SHORT = (300, 500, 2000, 500, 500, 500, 500)  # 4800 字: below the notice's 5000


def commented() -> bytes:
    """A body of 4800 字 with 1500 字 of reviewers' comments: the comments must not lift it to 5000."""
    doc = Document()
    doc.add_paragraph("某某化工有限公司智能制造标杆案例", style="Title")
    for title, text in zip(TITLES, bodies(SHORT), strict=True):
        doc.add_heading(title, level=1)
        p = doc.add_paragraph(text)
        doc.add_comment(p.runs[0], text=filler(1500 // 7, NOTE), author="审阅人")
    _picture(doc)
    return _save(doc)


HEADER_TEXT = "重庆市智能制造标杆企业申报材料某某装备有限公司内部资料注意保密"
FOOTER_TEXT = "地址重庆市璧山区某某路一号联系电话以及传真号码第一页共二十页"


def with_header_footer() -> bytes:
    """A 4800 字 body; the header and footer repeat a 600 字 boilerplate that must not count."""
    doc = Document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = filler(
        300, "重庆市智能制造标杆企业申报材料某某装备有限公司内部资料注意保密"
    )
    section.footer.paragraphs[0].text = filler(
        300, "地址重庆市璧山区某某路一号联系电话以及传真号码第一页共二十页"
    )
    doc.add_paragraph("某某装备有限公司智能制造标杆案例", style="Title")
    for title, text in zip(TITLES, bodies(SHORT), strict=True):
        doc.add_heading(title, level=1)
        doc.add_paragraph(text)
    _picture(doc)
    return _save(doc)


def _textbox(text: str) -> str:
    """A DrawingML text box (wps:txbx) with its VML fallback, as Word 2010+ writes one."""
    inner = f"<w:p>{_run(text)}</w:p>"
    return (
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:Choice Requires="wps"><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        '<wp:extent cx="5000000" cy="3000000"/><wp:docPr id="77" name="文本框 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/>'
        f"<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>"
        "<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>"
        '<mc:Fallback><w:pict><v:shape id="tb1" style="width:400pt;height:200pt">'
        f"<v:textbox><w:txbxContent>{inner}"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def text_box() -> bytes:
    """Section 五's body typed in a text box: it counts (DOMAIN.md), once (not again from the fallback)."""
    doc, texts = _headed()
    for i, (title, text) in enumerate(zip(TITLES, texts, strict=True)):
        doc.add_heading(title, level=1)
        if i == 4:
            _append(doc, _para(_textbox(text)))
        else:
            doc.add_paragraph(text)
    _picture(doc)
    return _save(doc)


LAYOUTS = (
    Layout("plain headings (control)", plain, sum(TARGETS), TARGETS, True),
    Layout("Strict Open XML", strict, sum(TARGETS), TARGETS, True),
    Layout("one-column table", one_column_table, sum(TARGETS), TARGETS, True),
    Layout("headings in content controls", content_controls, sum(TARGETS), TARGETS, True),
    Layout("heading + line break + text", heading_break, sum(TARGETS), TARGETS, True),
    Layout("tracked insertion and deletion", tracked, sum(TARGETS), TARGETS, True),
    Layout("comments on a short case", commented, sum(SHORT), SHORT, False),
    Layout("header and footer on a short case", with_header_footer, sum(SHORT), SHORT, False),
    Layout("section 五 in a text box", text_box, sum(TARGETS), TARGETS, True),
)


# --- harder variants of the same layouts ------------------------------------------------------


def moved() -> bytes:
    """Section 六's body moved with tracking on: the moveFrom copy is gone, the moveTo copy stays."""
    doc, texts = _headed()
    for i, (title, text) in enumerate(zip(TITLES, texts, strict=True)):
        doc.add_heading(title, level=1)
        if i == 1:  # where 六's text stood before it was moved
            doc.add_paragraph(text)
            _append(
                doc,
                _para(
                    f'<w:moveFrom w:id="3" w:author="李" w:date="2022-08-01T00:00:00Z">'
                    f"{_run(texts[5], 'w:delText')}</w:moveFrom>"
                ),
            )
        elif i == 5:
            _append(
                doc,
                _para(
                    f'<w:moveTo w:id="4" w:author="李" w:date="2022-08-01T00:00:00Z">{_run(text)}</w:moveTo>'
                ),
            )
        else:
            doc.add_paragraph(text)
    _picture(doc)
    return _save(doc)


def deleted_heading() -> bytes:
    """An old 七 heading deleted with tracking on, the seventh section never written: 七 is missing."""
    doc, texts = _headed()
    for i, (title, text) in enumerate(zip(TITLES, texts, strict=True)):
        if i == 6:
            deleted = (
                '<w:del w:id="5" w:author="李" w:date="2022-08-01T00:00:00Z">'
                f"{_run(title, 'w:delText')}</w:del>"
            )
            _append(doc, f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{deleted}</w:p>')
            doc.add_paragraph(filler(300, "以下内容待补充"))  # extra text to keep the total high
            continue
        doc.add_heading(title, level=1)
        doc.add_paragraph(text)
    _picture(doc)
    return _save(doc)


def table_rows() -> bytes:
    """A one-column table, one row per section: the title on the row's first line, the text below."""
    doc, texts = _headed()
    table = doc.add_table(rows=7, cols=1)
    for row, title, text in zip(table.rows, TITLES, texts, strict=True):
        cell = row.cells[0]
        cell.paragraphs[0].add_run(title).bold = True
        cell.add_paragraph(text)
    _picture(doc)
    return _save(doc)


def header_titles() -> bytes:
    """Section 七 never written in the body; the running header names it. Header text is no section."""
    doc, texts = _headed()
    doc.sections[0].header.paragraphs[0].text = TITLES[6]
    for title, text in zip(TITLES[:6], texts[:6], strict=True):
        doc.add_heading(title, level=1)
        doc.add_paragraph(text)
    doc.add_paragraph(filler(500, "以下内容待补充"))  # added to 六, keeps the total high
    _picture(doc)
    return _save(doc)


def comment_titles() -> bytes:
    """Section 七 never written; a reviewer's comment names it. Comment text is no section."""
    doc, texts = _headed()
    for title, text in zip(TITLES[:6], texts[:6], strict=True):
        doc.add_heading(title, level=1)
        p = doc.add_paragraph(text)
    doc.add_comment(p.runs[0], text=TITLES[6] + "：这一部分还没有写，请补充。", author="审阅人")
    doc.add_paragraph(filler(500, "以下内容待补充"))
    _picture(doc)
    return _save(doc)


def break_in_run() -> bytes:
    """Heading, <w:br/> and first sentence inside one run (WPS writes it this way)."""
    doc, texts = _headed()
    for title, text in zip(TITLES, texts, strict=True):
        _append(doc, _para(f"<w:r><w:rPr><w:b/></w:rPr><w:t>{title}</w:t><w:br/><w:t>{text}</w:t></w:r>"))
    _picture(doc)
    return _save(doc)


def inline_controls() -> bytes:
    """Each body text inside an inline (run-level) content control, as form templates hold them."""
    doc, texts = _headed()
    for title, text in zip(TITLES, texts, strict=True):
        doc.add_heading(title, level=1)
        _append(
            doc,
            _para(
                f'<w:sdt><w:sdtPr><w:tag w:val="t"/></w:sdtPr><w:sdtContent>{_run(text)}'
                "</w:sdtContent></w:sdt>"
            ),
        )
    _picture(doc)
    return _save(doc)


def vml_text_box() -> bytes:
    """Section 五's text in a legacy VML text box (Word 2007, WPS): it counts."""
    doc, texts = _headed()
    for i, (title, text) in enumerate(zip(TITLES, texts, strict=True)):
        doc.add_heading(title, level=1)
        if i == 4:
            _append(
                doc,
                _para(
                    '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="tb2" '
                    'style="width:400pt;height:200pt"><v:textbox><w:txbxContent>'
                    f"<w:p>{_run(text)}</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
                ),
            )
        else:
            doc.add_paragraph(text)
    _picture(doc)
    return _save(doc)


SIX = TARGETS[:5] + (1000,)  # 六 holds 七's place-holder text when 七 is missing

LAYOUTS_HARD = (
    Layout("moved text (moveFrom/moveTo)", moved, sum(TARGETS), TARGETS, True),
    Layout(
        "deleted 七 heading, 七 never written",
        deleted_heading,
        sum(TARGETS[:6]) + 300,
        TARGETS[:5] + (800, 0),
        False,
    ),
    Layout("one-column table, a row per section", table_rows, sum(TARGETS), TARGETS, True),
    Layout("header names the missing 七", header_titles, sum(SIX), SIX + (0,), False),
    Layout("comment names the missing 七", comment_titles, sum(SIX), SIX + (0,), False),
    Layout("heading <w:br/> text in one run", break_in_run, sum(TARGETS), TARGETS, True),
    Layout("body text in inline content controls", inline_controls, sum(TARGETS), TARGETS, True),
    Layout("section 五 in a VML text box", vml_text_box, sum(TARGETS), TARGETS, True),
)
