"""Reading a .docx into the model: pictures of every kind, tables, text boxes, styles."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx.enum.style import WD_STYLE_TYPE
from lxml import etree

from bot.campaign.schema import CaseRules
from bot.documents.docx_reader import read_docx
from bot.rules.case_check import check_case
from bot.rules.document import Document
from bot.rules.wordcount import count_words

from .builders import NS, CaseDoc, _xml, notice_case_rules


def _texts(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text]


def test_every_kind_of_picture_is_counted_once() -> None:
    case = CaseDoc()
    case.paragraph("正文")
    inline = case.inline_picture()
    case.anchor_picture()
    case.vml_picture()
    case.table_picture("表中图片")
    case.textbox(["文本框里的图片"], picture=True)
    case.header_footer("页眉", "页脚", picture=True)  # the header's picture does not count
    doc = read_docx(case.to_bytes())
    assert doc.images_total == 5
    assert [p.images for p in doc.paragraphs if p.images] == [1, 1, 1, 1, 1]
    assert inline.text == ""
    table_pic = next(p for p in doc.paragraphs if p.in_table and p.images)
    assert table_pic.row is not None
    box_pic = next(p for p in doc.paragraphs if p.in_textbox and p.images)
    assert box_pic.images == 1


def test_floating_picture_is_a_wp_anchor_and_vml_is_imagedata() -> None:
    case = CaseDoc()
    anchor = case.anchor_picture()
    vml = case.vml_picture()
    assert anchor._p.find(f".//{{{NS['wp']}}}anchor") is not None
    assert vml._p.find(f".//{{{NS['v']}}}imagedata") is not None
    assert read_docx(case.to_bytes()).images_total == 2


def test_text_box_stored_twice_is_read_once_after_its_anchor() -> None:
    case = CaseDoc()
    case.paragraph("第一段")
    host = case.textbox(["文本框第一行", "文本框第二行"], host="锚定段落")
    case.paragraph("第二段")
    assert len(host._p.findall(f".//{{{NS['w']}}}txbxContent")) == 2  # DrawingML + VML fallback
    doc = read_docx(case.to_bytes())
    assert _texts(doc) == ["第一段", "锚定段落", "文本框第一行", "文本框第二行", "第二段"]
    assert [p.in_textbox for p in doc.paragraphs] == [False, False, True, True, False]
    assert doc.textboxes == 1


def test_tables_and_text_boxes_count_headers_and_footers_do_not() -> None:
    case = CaseDoc()
    case.paragraph("智能制造2.0版本")  # 7
    case.table([["我们使用ERP和MES系统。", "生产效率提高了12.5%，不良品率下降30%"]])  # 10 + 16
    case.textbox(["文本框内容ABC"])  # 5 + 1
    case.header_footer("页眉里的很多很多文字不计入字数", "页脚 Page 1 of 9")
    doc = read_docx(case.to_bytes())
    assert sum(count_words(p.text) for p in doc.paragraphs) == 7 + 10 + 16 + 6
    assert doc.tables == 1 and doc.images_total == 0
    assert all("页眉" not in t and "页脚" not in t for t in _texts(doc))


def test_table_cells_of_one_row_share_a_row_id() -> None:
    case = CaseDoc()
    case.table([["指标", "实施前", "实施后"], ["良率", "95%", "99%"]])
    rows = [p.row for p in read_docx(case.to_bytes()).paragraphs]
    assert rows[0] == rows[1] == rows[2] != rows[3] == rows[4] == rows[5]


def test_deleted_revisions_and_field_codes_are_not_text() -> None:
    case = CaseDoc()
    p = case.paragraph("保留")
    p._p.append(_xml("<ROOT><w:t>插入</w:t></ROOT>"))
    p._p.append(
        etree.fromstring(
            f'<w:del xmlns:w="{NS["w"]}" w:id="1" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        )
    )
    p._p.append(_xml('<ROOT><w:instrText xml:space="preserve"> PAGE </w:instrText></ROOT>'))
    p._p.append(_xml("<ROOT><w:t>末尾</w:t><w:tab/><w:t>X</w:t><w:br/><w:t>Y</w:t></ROOT>"))
    doc = read_docx(case.to_bytes())
    assert doc.paragraphs[0].text == "保留插入末尾\tX\nY"


def test_heading_styles_outline_levels_and_wps_names(tmp_path: Path) -> None:
    case = CaseDoc()
    case.heading("标题一", "style")
    sub = case.doc.add_heading("标题二", level=2)
    assert sub.style is not None
    case.heading("大纲级别", "outline")
    custom = case.doc.styles.add_style("CaseHeading", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = case.doc.styles["Heading 1"]
    case.paragraph("派生标题样式", style="CaseHeading")
    case.doc.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)  # as WPS names its headings
    case.paragraph("WPS 标题", style="标题 3")
    case.paragraph("正文")
    doc = read_docx(case.save(tmp_path / "h.docx"))
    got = [(p.is_heading, p.outline_level) for p in doc.paragraphs]
    assert got == [(True, 0), (True, 1), (True, 0), (True, 0), (True, 2), (False, None)]
    assert doc.paragraphs[0].style_name.lower() == "heading 1"


def test_heading_recognised_by_style_name_whatever_its_id() -> None:
    """Chinese Word stores Heading 1 as styleId "1" named "heading 1"; the name decides."""
    case = CaseDoc()
    case.heading("标题", "style")
    styles = case.doc.styles.element
    heading = styles.find(f"{{{NS['w']}}}style[@{{{NS['w']}}}styleId='Heading1']")
    heading.set(f"{{{NS['w']}}}styleId", "1")
    for outline in heading.iter(f"{{{NS['w']}}}outlineLvl"):
        outline.getparent().remove(outline)
    p_style = case.doc.paragraphs[0]._p.get_or_add_pPr().find(f"{{{NS['w']}}}pStyle")
    p_style.set(f"{{{NS['w']}}}val", "1")
    first = read_docx(case.to_bytes()).paragraphs[0]
    assert (first.is_heading, first.outline_level, first.style_name) == (True, 0, "heading 1")


def test_bold_means_every_run_with_text_is_bold() -> None:
    case = CaseDoc()
    case.paragraph("全部加粗", bold=True)
    mixed = case.paragraph("一半", bold=True)
    mixed.add_run("不加粗")
    spaced = case.paragraph("加粗", bold=True)
    spaced.add_run("   ")  # a run of spaces does not matter
    styled = case.doc.styles.add_style("BoldPara", WD_STYLE_TYPE.PARAGRAPH)
    styled.font.bold = True
    case.paragraph("样式加粗", style="BoldPara")
    off = case.paragraph("", style="BoldPara")
    off.add_run("显式取消").bold = False
    case.paragraph("")
    doc = read_docx(case.to_bytes())
    assert [p.is_bold for p in doc.paragraphs] == [True, False, True, True, False, False]


def test_word_numbering_is_recorded() -> None:
    case = CaseDoc()
    case.heading("自动编号的标题", "numpr")
    case.paragraph("普通段落")
    doc = read_docx(case.to_bytes())
    assert (doc.paragraphs[0].numbered, doc.paragraphs[0].num_level) == (True, 0)
    assert not doc.paragraphs[1].numbered


def test_path_and_bytes_give_the_same_document(tmp_path: Path, case_rules: CaseRules) -> None:
    case = CaseDoc()
    case.heading("一、企业实施智能制造前面临的痛点")
    case.paragraph("内容")
    path = case.save(tmp_path / "c.docx")
    assert read_docx(path) == read_docx(path.read_bytes())
    assert check_case(read_docx(path), case_rules).sections[0].found


def _toc_case(control: bool) -> tuple[CaseDoc, int]:
    from .corpus import word_toc

    case = CaseDoc()
    case.paragraph("某公司案例")
    rules = notice_case_rules()
    word_toc(case, rules, "cn", control=control)
    case.doc.add_heading("一、企业实施智能制造前面临的痛点", level=1)
    return case, len(rules.sections)


def test_lines_of_word_toc_field_are_marked() -> None:
    case, entries = _toc_case(control=False)
    doc = read_docx(case.to_bytes())
    toc = [p for p in doc.paragraphs if p.in_toc]
    assert len(toc) == entries and all(p.text.endswith(f"\t{i + 2}") for i, p in enumerate(toc))
    assert not doc.paragraphs[-1].in_toc and not doc.paragraphs[0].in_toc


def test_toc_in_a_content_control_without_its_field() -> None:
    case, entries = _toc_case(control=True)
    for p in case.doc.element.body.iter(f"{{{NS['w']}}}fldChar", f"{{{NS['w']}}}instrText"):
        p.getparent().remove(p)  # no field left: the content control and the style still say so
    doc = read_docx(case.to_bytes())
    assert sum(p.in_toc for p in doc.paragraphs) == entries
    assert not doc.paragraphs[-1].in_toc


def test_a_typed_toc_line_is_not_marked_but_not_a_title_either() -> None:
    from bot.rules.case_outline import title_of

    case = CaseDoc()
    case.paragraph("一、企业实施智能制造前面临的痛点\t1")
    case.paragraph("二、智能制造案例基本情况及特点……………3")
    case.paragraph("三、智能制造实施步骤")
    doc = read_docx(case.to_bytes())
    assert not any(p.in_toc for p in doc.paragraphs)
    assert [title_of(p, i) is not None for i, p in enumerate(doc.paragraphs)] == [False, False, True]


def test_leading_bold_text_of_a_run_in_title() -> None:
    case = CaseDoc()
    p = case.doc.add_paragraph()
    p.add_run("一、企业实施智能制造前面临的痛点：").bold = True
    p.add_run("过去排产主要依赖人工经验。")
    case.paragraph("整段加粗", bold=True)
    first, second = read_docx(case.to_bytes()).paragraphs
    assert first.bold_prefix == len("一、企业实施智能制造前面临的痛点：") and not first.is_bold
    assert second.is_bold and second.bold_prefix == len("整段加粗")


def test_strict_open_xml_reads_as_the_transitional_file() -> None:
    from .layouts import to_strict

    case = CaseDoc()
    case.doc.add_heading("一、企业实施智能制造前面临的痛点", level=1)
    case.paragraph("加粗", bold=True)
    case.inline_picture()
    strict = to_strict(case.to_bytes())
    main = zipfile.ZipFile(io.BytesIO(strict)).read("word/document.xml")
    assert b"http://purl.oclc.org/ooxml/wordprocessingml/main" in main and b'w:conformance="strict"' in main
    assert b"http://schemas.openxmlformats.org/wordprocessingml" not in main
    assert read_docx(strict) == read_docx(case.to_bytes())


def test_an_unfilled_content_control_shows_a_prompt_not_text() -> None:
    case = CaseDoc()
    p = case.paragraph("企业名称：")
    p._p.append(
        _xml(
            "<ROOT><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
            "<w:r><w:t>单击或点击此处输入文字。</w:t></w:r></w:sdtContent></w:sdt></ROOT>"
        )[0]
    )
    q = case.paragraph("已填写：")
    q._p.append(
        _xml(
            "<ROOT><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>某某公司</w:t></w:r></w:sdtContent></w:sdt></ROOT>"
        )[0]
    )
    assert _texts(read_docx(case.to_bytes())) == ["企业名称：", "已填写：某某公司"]


def test_a_line_break_makes_lines_of_their_own() -> None:
    from bot.rules.document import Paragraph, split_at_breaks

    bold_title = Paragraph(
        "一、痛点\n过去排产靠人工。", is_bold=False, bold_prefix=5, numbered=True, num_level=0, images=1
    )
    first, second = split_at_breaks([bold_title])
    assert (first.text, first.is_bold, first.numbered, first.images) == ("一、痛点", True, True, 1)
    assert (second.text, second.is_bold, second.numbered, second.images) == (
        "过去排产靠人工。",
        False,
        False,
        0,
    )
    all_bold = Paragraph("标题\n\n第二行", is_bold=True, bold_prefix=7, in_table=True, row=3)
    assert [(p.text, p.is_bold, p.in_table, p.row) for p in split_at_breaks([all_bold])] == [
        ("标题", True, True, 3),
        ("第二行", True, True, 3),
    ]
