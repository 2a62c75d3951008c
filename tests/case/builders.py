"""Build .docx fixtures for the case checks in the test itself: python-docx, plus raw XML
where python-docx cannot (a floating picture, a VML picture, a text box stored twice as
DrawingML with a VML fallback). No binary fixture is committed.

Also used by ``benchmarks/bench_case_check.py``.
"""

from __future__ import annotations

import io
import itertools
import os
import struct
import zlib
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from bot.campaign.schema import CaseRules, CaseSection, Kpi

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
}
_DECL = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())
_IDS = itertools.count(100)
CN = "一二三四五六七八九十"

# Filler sentences: no section key word, no indicator name. 字数 noted for the sizing.
FILLER = (
    "公司围绕数字化转型持续投入，建设了自动化产线和信息系统，管理水平明显提升。",  # 37
    "通过MES系统与ERP集成，实现了从订单到交付的全流程数据追溯。",  # 28
    "车间部署了AGV小车和智能仓储，物料配送由人工转为自动调度。",  # 28
)
KPI_CLAUSES = {
    "生产效率": "生产效率提高了35%",
    "研发周期": "研发周期缩短了20%",
    "不良品率": "产品不良品率由3.2%降至1.1%",
    "运营成本": "运营成本降低了18%",
    "能源利用率": "能源利用率提高了12%",
}


def notice_case_rules() -> CaseRules:
    """附件2 of the notice as ``CaseRules``. To use the campaign file instead, return
    ``load_campaign(Path("templates/campaigns/cq-benchmark-2022.toml")).case``."""
    sections = [
        ("企业实施智能制造前面临的痛点", ["痛点"], 300, ""),
        (
            "智能制造案例基本情况及特点",
            ["基本情况", "特点"],
            500,
            "企业开展智能制造的情况简介，包括在实施智能制造的亮点、创新点等。",
        ),
        ("智能制造实施步骤", ["实施步骤"], 2500, "具有代表性的生产线、车间、工厂的技术路线和实施情况。"),
        (
            "智能制造实施成效",
            ["实施成效"],
            500,
            "企业提高生产效率、缩短研发周期、降低产品不良品率、降低企业运营成本、提高能源利用率等"
            "关键绩效指标情况，以及个性化指标完成情况。",
        ),
        ("智能制造行业影响及示范作用", ["行业影响", "示范"], 500, "在行业内的影响、示范、带动引领作用。"),
        ("下一步工作计划", ["下一步", "工作计划"], 500, "目前仍待解决的问题；下一步的实施计划。"),
        ("智能制造经验总结", ["经验总结"], 500, "遇到的困难、走过的弯路、形成的经验。"),
    ]
    kpis = [
        ("生产效率", ["生产效率"]),
        ("研发周期", ["研发周期"]),
        ("不良品率", ["不良品率", "不良率"]),
        ("运营成本", ["运营成本"]),
        ("能源利用率", ["能源利用率", "能源利用"]),
    ]
    return CaseRules(
        template_title="重庆市智能制造标杆企业案例模板",
        requirement="（案例要求有做法、有数据、有图片、有照片、有排版，字数不少于5000字）",
        min_total_chars=5000,
        short_section_ratio=0.5,
        require_images=True,
        kpi_section=4,
        kpis=[Kpi(name=n, keywords=k) for n, k in kpis],
        sections=[CaseSection(title=t, keywords=k, target=n, guidance=g) for t, k, n, g in sections],
    )


def png_bytes(width: int = 1, height: int = 1, noise: bool = False) -> bytes:
    """A valid RGB PNG: 1×1 by default; with ``noise``, random pixels (a photo-sized,
    incompressible picture, different at every call)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = (lambda: os.urandom(width * 3)) if noise else (lambda: b"\xff\x80\x00" * width)
    pixels = b"".join(b"\x00" + row() for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


def _xml(fragment: str) -> etree._Element:
    return etree.fromstring(fragment.replace("<ROOT", f"<ROOT {_DECL}", 1).replace("ROOT", "w:r"))


def _graphic_picture(rid: str, pid: int) -> str:
    return (
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{pid}" name="p{pid}.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="381000" cy="381000"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
    )


def _anchor(inner: str, pid: int, cx: int = 381000, cy: int = 381000) -> str:
    return (
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapSquare wrapText="bothSides"/><wp:docPr id="{pid}" name="Shape {pid}"/>'
        f"<wp:cNvGraphicFramePr/>{inner}</wp:anchor>"
    )


def _inline_picture_run(rid: str) -> str:
    pid = next(_IDS)
    return (
        f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="381000" cy="381000"/><wp:docPr id="{pid}" name="Picture {pid}"/>'
        f"<wp:cNvGraphicFramePr/>{_graphic_picture(rid, pid)}</wp:inline></w:drawing></w:r>"
    )


def _vml_picture_run(rid: str) -> str:
    return (
        '<w:r><w:pict><v:shape type="#_x0000_t75" style="width:30pt;height:30pt">'
        f'<v:imagedata r:id="{rid}" o:title=""/></v:shape></w:pict></w:r>'
    )


def _text_paragraphs(lines: Sequence[str]) -> str:
    return "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p>' for t in lines)


class CaseDoc:
    """A python-docx document with helpers for every kind of content the checks meet."""

    def __init__(self, image: Callable[[], bytes] = png_bytes) -> None:
        self.doc = docx.Document()
        self.image = image  # makes the bytes of each picture

    def paragraph(self, text: str = "", *, bold: bool = False, style: str | None = None) -> DocxParagraph:
        p = self.doc.add_paragraph(style=style)
        if text:
            p.add_run(text).bold = True if bold else None
        return p

    def heading(self, text: str, kind: str = "style") -> DocxParagraph:
        """``style`` (Heading 1), ``h2`` (Heading 2), ``bold``, ``plain``, ``outline`` (outline
        level 0 on a plain paragraph) or ``numpr`` (Word's automatic list numbering, the numeral
        not in the text)."""
        if kind in ("style", "h2"):
            return self.doc.add_heading(text, level=1 if kind == "style" else 2)
        p = self.paragraph(text, bold=kind == "bold")
        if kind == "outline":
            p._p.get_or_add_pPr().append(_w_el("outlineLvl", val="0"))
        elif kind == "numpr":
            num = _w_el("numPr")
            num.append(_w_el("ilvl", val="0"))
            num.append(_w_el("numId", val="1"))
            p._p.get_or_add_pPr().append(num)
        return p

    def _image_rid(self, part: object = None) -> str:
        target = part if part is not None else self.doc.part
        rid, _ = target.get_or_add_image(io.BytesIO(self.image()))  # type: ignore[attr-defined]
        return str(rid)

    def inline_picture(self) -> DocxParagraph:
        p = self.doc.add_paragraph()
        p.add_run().add_picture(io.BytesIO(self.image()))
        return p

    def anchor_picture(self) -> DocxParagraph:
        """A floating picture (``wp:anchor``), as Word and WPS store floated photos."""
        pid = next(_IDS)
        p = self.doc.add_paragraph()
        inner = _anchor(_graphic_picture(self._image_rid(), pid), pid)
        p._p.append(_xml(f"<ROOT><w:drawing>{inner}</w:drawing></ROOT>"))
        return p

    def vml_picture(self) -> DocxParagraph:
        """A legacy VML picture (``w:pict``/``v:imagedata``)."""
        p = self.doc.add_paragraph()
        run = _xml(_vml_picture_run(self._image_rid()).replace("<w:r>", "<ROOT>", 1))
        p._p.append(run)
        return p

    def table(self, rows: Sequence[Sequence[str]]) -> None:
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text

    def table_picture(self, caption: str = "") -> None:
        table = self.doc.add_table(rows=1, cols=2)
        table.cell(0, 0).paragraphs[0].add_run().add_picture(io.BytesIO(self.image()))
        table.cell(0, 1).text = caption

    def textbox(self, lines: Sequence[str], *, picture: bool = False, host: str = "") -> DocxParagraph:
        """A text box the way Word writes it: ``mc:AlternateContent`` with the DrawingML text
        box (``wps:txbx``) as the Choice and the same content in VML as the Fallback."""
        pid = next(_IDS)
        rid = self._image_rid() if picture else ""
        choice_pic = f"<w:p>{_inline_picture_run(rid)}</w:p>" if picture else ""
        fallback_pic = f"<w:p>{_vml_picture_run(rid)}</w:p>" if picture else ""
        shape = (
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
            '<a:ext cx="2000000" cy="800000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f"</wps:spPr><wps:txbx><w:txbxContent>{_text_paragraphs(lines)}{choice_pic}</w:txbxContent>"
            "</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>"
        )
        fallback = (
            f'<w:pict><v:shape id="TextBox{pid}" type="#_x0000_t202" style="width:157pt;height:63pt">'
            f"<v:textbox><w:txbxContent>{_text_paragraphs(lines)}{fallback_pic}</w:txbxContent>"
            "</v:textbox></v:shape></w:pict>"
        )
        p = self.paragraph(host)
        p._p.append(
            _xml(
                f'<ROOT><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
                f"{_anchor(shape, pid, 2000000, 800000)}</w:drawing></mc:Choice>"
                f"<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent></ROOT>"
            )
        )
        return p

    def header_footer(self, header: str, footer: str, *, picture: bool = True) -> None:
        section = self.doc.sections[0]
        section.header.paragraphs[0].text = header
        if picture:
            section.header.paragraphs[0].add_run().add_picture(io.BytesIO(self.image()))
        section.footer.paragraphs[0].text = footer

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def save(self, path: Path) -> Path:
        self.doc.save(str(path))
        return path


def _w_el(tag: str, **attrs: str) -> etree._Element:
    el = etree.Element(qn(f"w:{tag}"), nsmap={"w": NS["w"]})
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def heading_text(index: int, section: CaseSection, numbering: str) -> str:
    """The heading line as people type it: 一、 1、 1. （一） 一） 第一部分, none, or the notice's
    own template (numeral, title, suggested length; the seventh numbered 六 like the notice)."""
    cn = CN[index - 1]
    return {
        "cn": f"{cn}、{section.title}",
        "notice": f"{'六' if index == 7 else cn}、{section.title}（{section.target}字左右）",
        "arabic_dun": f"{index}、{section.title}",
        "arabic_dot": f"{index}. {section.title}",
        "paren": f"（{cn}）{section.title}",
        "cn_close": f"{cn}）{section.title}",
        "part": f"第{cn}部分 {section.title}",
        "none": section.title,
    }[numbering]


def body_paragraphs(chars: int) -> list[str]:
    """Paragraphs of filler with at least ``chars`` 字 (5 sentences a paragraph)."""
    sizes = {0: 37, 1: 28, 2: 28}
    out: list[str] = []
    current: list[str] = []
    total = 0
    for i in itertools.cycle(range(3)):
        if total >= chars:
            break
        current.append(FILLER[i])
        total += sizes[i]
        if len(current) == 5:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def kpi_sentence(omit: Collection[str] = ()) -> str:
    clauses = [text for name, text in KPI_CLAUSES.items() if name not in omit]
    return "实施后，" + "，".join(clauses) + "。" if clauses else "实施后整体情况良好。"


def make_case(
    rules: CaseRules,
    *,
    numbering: str = "cn",
    kind: str = "style",
    scale: float = 1.15,
    pictures: bool = True,
    drop: Collection[int] = (),
    order: Sequence[int] | None = None,
    sizes: dict[int, int] | None = None,
    kpi_omit: Collection[str] = (),
    title: bool = True,
    extra: dict[int, Callable[[CaseDoc], object]] | None = None,
    image: Callable[[], bytes] = png_bytes,
    kpi_text: str | None = None,
) -> CaseDoc:
    """A whole case: title line, the sections in ``order`` (1-based, default template order)
    less ``drop``, each with ``target × scale`` 字 of body (or ``sizes[index]``), the key
    indicators in the KPI section and, with ``pictures``, six pictures of every kind:
    inline (2), floating, VML, in a table cell, and in a text box stored twice.
    ``extra[index](case)`` adds content at the end of a section's body; ``kpi_text`` replaces
    the sentence of key indicators."""
    case = CaseDoc(image)
    if title:
        case.paragraph("某某有限公司智能制造标杆企业案例", bold=True)
    for index in order or range(1, len(rules.sections) + 1):
        if index in drop:
            continue
        section = rules.sections[index - 1]
        case.heading(heading_text(index, section, numbering), kind)
        chars = (sizes or {}).get(index, round(section.target * scale))
        for text in body_paragraphs(chars):
            case.paragraph(text)
        if extra and index in extra:
            extra[index](case)
        if index == rules.kpi_section:
            case.paragraph(kpi_text if kpi_text is not None else kpi_sentence(kpi_omit))
        if pictures:
            _pictures_for(case, index)
    return case


def _pictures_for(case: CaseDoc, index: int) -> None:
    if index in (2, 5):
        case.inline_picture()
    elif index == 3:
        case.anchor_picture()
        case.vml_picture()
        case.table_picture("图1 产线全景")
    elif index == 4:
        case.textbox(["图2 数字化车间"], picture=True)
