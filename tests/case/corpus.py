"""Case studies laid out the way enterprises write them in Word and WPS, each with its verdict.

Every entry builds a whole document (title line, sections with body, pictures of every kind:
inline, floating, VML, in a table, in a text box) in one layout or a combination: heading
styles at level 1 or 2 under a document title, WPS's numeric style ids and 「标题 1」 names,
bold or plain title lines, Word's list numbering, typed numerals 一、 1. （一） 第一部分 and the
notice's own duplicated 「六」, run-in titles, a typed 目录 or Word's TOC field, captions,
indicators written in words. ``expected`` is the set of (problem code, section) the notice's
rules call for: empty for a case laid out correctly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from docx.enum.style import WD_STYLE_TYPE
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from bot.campaign.schema import CaseRules

from . import layouts
from .builders import CaseDoc, _w_el, _xml, body_paragraphs, heading_text, kpi_sentence, make_case

# Indicators as reports write them in words (the notice asks for figures; these are figures).
KPI_IN_WORDS = (
    "实施后，生产效率提升百分之三十二，研发周期缩短三成，产品不良品率由千分之八降至千分之三，"
    "运营成本降低两成，能源利用率提高了五个百分点。"
)
TITLE = "重庆某某机械有限公司智能制造标杆示范案例"  # names section 5's key word 示范


def wps_heading_style(case: CaseDoc, style_id: str, name: str, outline: bool) -> str:
    """A heading style the way WPS stores it: a numeric id (``2``) named ``heading 1``, or a
    style named 「标题 1」; ``outline`` adds the outline level to the style."""
    level = '<w:outlineLvl w:val="0"/>' if outline else ""
    ppr = f"<w:pPr><w:keepNext/>{level}</w:pPr>"
    element = _xml(
        f'<ROOT><w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f'<w:qFormat/>{ppr}<w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style></ROOT>'
    )[0]
    case.doc.styles.element.append(element)
    return style_id


def styled(case: CaseDoc, text: str, style_id: str) -> DocxParagraph:
    p = case.paragraph(text)
    p._p.get_or_add_pPr().insert(0, _w_el("pStyle", val=style_id))
    return p


def run_in(case: CaseDoc, title: str, body: str, *, bold_title: bool = False, mark: str = "：") -> None:
    """A title typed at the start of the paragraph of its first body text."""
    p = case.doc.add_paragraph()
    p.add_run(title + mark).bold = True if bold_title else None
    p.add_run(body)


def typed_toc(case: CaseDoc, rules: CaseRules, numbering: str, leader: str | None = "\t") -> None:
    """A 目录 typed by hand: each title, a tab (or dot leaders), its page number; with
    ``leader=None`` the titles alone."""
    case.paragraph("目录", bold=True)
    for index, section in enumerate(rules.sections, start=1):
        page = "" if leader is None else f"{leader}{index + 1}"
        case.paragraph(f"{heading_text(index, section, numbering)}{page}")


def _field_run(kind: str) -> etree._Element:
    return _xml(f'<ROOT><w:fldChar w:fldCharType="{kind}"/></ROOT>')


def word_toc(case: CaseDoc, rules: CaseRules, numbering: str, *, control: bool = False) -> None:
    """Word's 引用 → 目录: a TOC field over ``toc 1`` paragraphs (each title, tab, page),
    optionally inside the content control Word 2013+ wraps it in."""
    style = case.doc.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    case.paragraph("目录")
    first = len(case.doc.paragraphs)
    for index, section in enumerate(rules.sections, start=1):
        case.paragraph(f"{heading_text(index, section, numbering)}\t{index + 1}", style=style.name)
    paragraphs = case.doc.paragraphs[first:]
    begin = paragraphs[0]._p
    instr = _xml('<ROOT><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></ROOT>')
    for position, run in enumerate((_field_run("begin"), instr, _field_run("separate"))):
        begin.insert(1 + position, run)
    paragraphs[-1]._p.append(_field_run("end"))
    if control:
        body = begin.getparent()
        sdt = _xml(
            '<ROOT><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
            "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent/></ROOT>"
        )
        sdt.tag = sdt.tag.replace("}r", "}sdt")
        body.insert(body.index(begin), sdt)
        content = sdt[1]
        for p in paragraphs:
            content.append(p._p)


class Saved(Protocol):
    def to_bytes(self) -> bytes: ...


@dataclass(frozen=True)
class Entry:
    name: str
    build: Callable[[CaseRules], Saved]
    expected: frozenset[tuple[str, int | None]] = field(default_factory=frozenset)
    headings: dict[int, str] = field(default_factory=dict)  # section → the heading to be found


def _runin_case(
    rules: CaseRules, numbering: str, *, bold: bool = False, mark: str = "：", **kw: object
) -> CaseDoc:
    """The whole case with run-in titles: ``一、<title>：<body>…``."""
    case = CaseDoc()
    case.paragraph("某某有限公司智能制造标杆企业案例", bold=True)
    sizes: dict[int, int] = kw.get("sizes", {})  # type: ignore[assignment]
    for index, section in enumerate(rules.sections, start=1):
        if index in kw.get("drop", ()):  # type: ignore[operator]
            continue
        body = body_paragraphs(sizes.get(index, round(section.target * 1.15)))
        run_in(case, heading_text(index, section, numbering), body[0], bold_title=bold, mark=mark)
        for text in body[1:]:
            case.paragraph(text)
        if index == rules.kpi_section:
            case.paragraph(kpi_sentence())
        if index in (2, 3):
            case.inline_picture()
        if index == 4:
            case.anchor_picture()
    return case


def _title_h1_sections_h2(rules: CaseRules, **kw: object) -> CaseDoc:
    case = make_case(rules, title=False, kind="h2", **kw)  # type: ignore[arg-type]
    title = case.doc.add_heading(TITLE, level=1)
    case.doc.element.body.insert(0, title._p)
    return case


def _with_front(rules: CaseRules, front: Callable[[CaseDoc], None], **kw: object) -> CaseDoc:
    """A case whose title line is followed by ``front`` (a table of contents) before section 1."""
    case = make_case(rules, **kw)  # type: ignore[arg-type]
    marker = len(case.doc.paragraphs)
    front(case)
    body = case.doc.element.body
    added = [p._p for p in case.doc.paragraphs[marker:]]
    anchor = case.doc.paragraphs[0]._p
    for element in body.findall("{*}sdt"):  # a content control moves as one block
        body.insert(body.index(anchor) + 1, element)
    for element in reversed(added):
        body.insert(body.index(anchor) + 1, element)
    return case


def _captions(case: CaseDoc) -> None:
    case.paragraph("图3 数字化车间实施成效对比", bold=True)
    case.inline_picture()
    case.paragraph("表1 智能制造实施步骤一览", bold=True)
    case.table([["阶段", "内容"], ["一期", "产线自动化改造"]])


def _wps(rules: CaseRules, name: str, outline: bool, numbering: str) -> CaseDoc:
    case = make_case(rules, numbering=numbering, kind="plain")
    style = wps_heading_style(case, "2", name, outline)
    titles = {heading_text(i, s, numbering) for i, s in enumerate(rules.sections, start=1)}
    for p in case.doc.paragraphs:
        if p.text in titles:
            p._p.get_or_add_pPr().insert(0, _w_el("pStyle", val=style))
    return case


def _seventh_bold_only(rules: CaseRules) -> CaseDoc:
    case = make_case(rules, kind="style")
    last = heading_text(7, rules.sections[6], "cn")
    for p in case.doc.paragraphs:
        if p.text == last:
            p.style = case.doc.styles["Normal"]
            p.runs[0].bold = True
    return case


def _titles_in_tables(rules: CaseRules) -> CaseDoc:
    """Each title in a one-cell shaded table, as some templates do: read as titles once the
    body outside tables names too few sections."""
    case = CaseDoc()
    case.paragraph("某某有限公司智能制造标杆企业案例", bold=True)
    for index, section in enumerate(rules.sections, start=1):
        case.table([[heading_text(index, section, "cn")]])
        for text in body_paragraphs(round(section.target * 1.15)):
            case.paragraph(text)
        if index == rules.kpi_section:
            case.paragraph(kpi_sentence())
        if index in (2, 3, 4):
            case.anchor_picture()
    return case


def _lead_ins(case: CaseDoc) -> None:
    """Bold lead-ins inside a section that name a key word: not the section's title."""
    run_in(case, "痛点一", "设备老旧，故障频发，维修依赖老师傅经验。", bold_title=True)
    run_in(case, "实施成效一", "交付周期明显缩短，客户满意度提高。", bold_title=True)


def _mentions(case: CaseDoc) -> None:
    """Body text that names other sections' key words, as real cases do, and a short line."""
    case.paragraph("在实施步骤上，公司分三期推进，每期都总结经验，为下一步工作计划打下基础。")
    case.paragraph("示范线建设")
    case.paragraph("项目的示范作用明显，行业影响不断扩大，基本情况见前文，痛点已逐一解决。")


def _unknown(rules: CaseRules, **kw: object) -> CaseDoc:
    """Run-in titles with neither numeral, style nor bold: a layout the check cannot read."""
    return _runin_case(rules, "none", **kw)


E = Entry
CORPUS: tuple[Entry, ...] = (
    E("word-heading1-cn", lambda r: make_case(r, kind="style", numbering="cn")),
    E(
        "word-heading1-notice-duplicated-six",
        lambda r: make_case(r, kind="style", numbering="notice"),
        headings={7: "六、智能制造经验总结（500字左右）"},
    ),
    E("bold-arabic-dot", lambda r: make_case(r, kind="bold", numbering="arabic_dot")),
    E("bold-part", lambda r: make_case(r, kind="bold", numbering="part")),
    E("plain-paren", lambda r: make_case(r, kind="plain", numbering="paren")),
    E("plain-lines-no-numeral", lambda r: make_case(r, kind="plain", numbering="none")),
    E("word-list-numbering", lambda r: make_case(r, kind="numpr", numbering="none")),
    E("outline-level-only", lambda r: make_case(r, kind="outline", numbering="none")),
    E("wps-numeric-style-id", lambda r: _wps(r, "heading 1", True, "cn")),
    E("wps-style-named-biaoti", lambda r: _wps(r, "标题 1", False, "none")),
    E("run-in-cn-colon", lambda r: _runin_case(r, "cn"), headings={1: "一、企业实施智能制造前面临的痛点"}),
    E("run-in-arabic-full-stop", lambda r: _runin_case(r, "arabic_dot", mark="。")),
    E("run-in-bold-title-no-numeral", lambda r: _runin_case(r, "none", bold=True)),
    E(
        "title-heading1-sections-heading2",
        _title_h1_sections_h2,
        headings={4: "四、智能制造实施成效", 5: "五、智能制造行业影响及示范作用"},
    ),
    E(
        "typed-toc-tab-page",
        lambda r: _with_front(r, lambda c: typed_toc(c, r, "cn"), kind="plain"),
        headings={1: "一、企业实施智能制造前面临的痛点"},
    ),
    E(
        "typed-toc-dot-leaders-bold",
        lambda r: _with_front(
            r, lambda c: typed_toc(c, r, "arabic_dun", "……………"), kind="bold", numbering="arabic_dun"
        ),
    ),
    E("word-toc-field", lambda r: _with_front(r, lambda c: word_toc(c, r, "cn"), kind="style")),
    E(
        "word-toc-content-control",
        lambda r: _with_front(
            r, lambda c: word_toc(c, r, "none", control=True), kind="plain", numbering="none"
        ),
    ),
    E("bold-captions-in-sections", lambda r: make_case(r, kind="bold", extra={3: _captions})),
    E(
        "plain-titles-with-captions",
        lambda r: make_case(r, kind="plain", numbering="cn", extra={2: _captions}),
    ),
    E("kpis-in-words", lambda r: make_case(r, kpi_text=KPI_IN_WORDS)),
    E(
        "title-h2-toc-captions-kpi-words",
        lambda r: _with_front(
            r, lambda c: word_toc(c, r, "cn"), kind="h2", extra={3: _captions}, kpi_text=KPI_IN_WORDS
        ),
    ),
    E(
        "notice-numbering-plain-typed-toc",
        lambda r: _with_front(r, lambda c: typed_toc(c, r, "notice"), kind="plain", numbering="notice"),
    ),
    E("seventh-title-bold-others-styled", _seventh_bold_only),
    E(
        "typed-toc-without-page-numbers",
        lambda r: _with_front(r, lambda c: typed_toc(c, r, "cn", leader=None), kind="plain"),
        headings={1: "一、企业实施智能制造前面临的痛点"},
    ),
    E(
        "bold-lead-ins-inside-sections",
        lambda r: make_case(r, kind="bold", numbering="none", extra={1: _lead_ins, 3: _lead_ins}),
        headings={1: "企业实施智能制造前面临的痛点", 4: "智能制造实施成效"},
    ),
    E("title-line-names-a-key-word", lambda r: _bold_title(r)),
    E("section-5-missing", lambda r: make_case(r, drop={5}), frozenset({("missing_section", 5)})),
    E(
        "sections-5-6-swapped",
        lambda r: make_case(r, kind="bold", order=[1, 2, 3, 4, 6, 5, 7]),
        frozenset({("section_order", None)}),
    ),
    E(
        "run-in-short-section",
        lambda r: _runin_case(r, "cn", sizes={6: 150}),
        frozenset({("section_too_short", 6)}),
    ),
    E(
        "one-indicator-without-figure",
        lambda r: make_case(r, kpi_omit={"能源利用率"}),
        frozenset({("missing_kpi", 4)}),
    ),
    E("no-pictures", lambda r: make_case(r, pictures=False), frozenset({("no_images", None)})),
    E(
        "plain-titles-keyword-rich-body",
        lambda r: make_case(
            r, kind="plain", numbering="none", extra={2: _mentions, 4: _mentions, 6: _mentions}
        ),
        headings={5: "智能制造行业影响及示范作用"},
    ),
    E(
        "heading1-keyword-rich-body",
        lambda r: make_case(r, kind="style", extra={1: _mentions, 4: _mentions}),
        headings={5: "五、智能制造行业影响及示范作用"},
    ),
    E("unknown-layout-warns", lambda r: _unknown(r), frozenset({("headings_not_found", None)})),
    E("titles-in-table-cells", _titles_in_tables, headings={3: "三、智能制造实施步骤"}),
    E(
        "unknown-layout-section-truly-absent",
        lambda r: _unknown(r, drop={6}),
        frozenset({("headings_not_found", None), ("missing_section", 6)}),
    ),
    # Layouts beyond titles (tests/case/layouts.py says how each is built).
    E("strict-ooxml-heading1", lambda r: layouts.Strict(make_case(r, kind="style"))),
    E("strict-ooxml-run-in-bold", lambda r: layouts.Strict(_runin_case(r, "cn", bold=True))),
    E(
        "whole-case-in-one-table-cell",
        layouts.whole_case_in_one_cell,
        headings={1: "一、企业实施智能制造前面临的痛点"},
    ),
    E("one-column-table-a-row-a-section", layouts.one_row_a_section),
    E("wps-form-title-left-body-right", layouts.wps_form_two_columns, headings={6: "六、下一步工作计划"}),
    E(
        "bold-title-line-break-first-sentence",
        lambda r: layouts.title_and_first_sentence_broken(r, bold=True),
        headings={4: "四、智能制造实施成效"},
    ),
    E(
        "plain-title-line-break-first-sentence",
        lambda r: layouts.title_and_first_sentence_broken(r, bold=False),
    ),
    E("strict-line-breaks", lambda r: layouts.Strict(layouts.title_and_first_sentence_broken(r, bold=True))),
    E("content-controls-with-placeholder", layouts.content_controls),
    E(
        "tracked-changes-not-accepted",
        layouts.tracked_changes,
        headings={5: "五、智能制造行业影响及示范作用"},
    ),
    E("comments-headers-footers", layouts.comments_headers_footers),
)


def _bold_title(rules: CaseRules) -> CaseDoc:
    case = make_case(rules, kind="bold", title=False)
    title = case.paragraph(TITLE, bold=True)
    case.doc.element.body.insert(0, title._p)
    return case
